HANDBOOK_SEARCH_TEXT(0, [
"Use PostgreSQL Context We need a relational store for the ledger. Decision Use PostgreSQL 15.",
"Use CockroachDB Context Writes from two regions, see #38 and the code. OptionLatencyPostgreSQL180 msCockroachDB30 ms Benchmark\nMigrate Decision We will use CockroachDB. Spanner was too costly. ",
"3. Keep ledger invariants in the database Context See [[ADR-0002#decision]].",
"Everything about money. Invariants Debits equal credits. Governed by [[ADR-0003|the invariants decision]].",
"What broke Nothing yet. Who needs it Platform.",
"The ledger writes each entry to two tables in one transaction. What broke A refactor split the transaction; balances drifted for two hours (#44). Who needs it Finance\u0027s nightly reconciliation. What fails if it disappears Balances stop matching the entries, silently.",
"GET /entries/{id} Read one entry entries id 200 The entry 404 No such entry Entry id amount In cents currency EUR USD",
"",
"",
""
]);
