window.HANDBOOK_SEARCH = [
{"k":"decision","l":"ADR-0001","t":"Use PostgreSQL","u":"decisions/ADR-0001.html","x":"storage superseded src/db/ Use PostgreSQL Context We need a relational store for the ledger. Decision Use PostgreSQL 15."},
{"k":"decision","l":"ADR-0002","t":"Use CockroachDB","u":"decisions/ADR-0002.html","x":"storage multi-region accepted src/db/**/*.sql /deploy/cockroach.yml Use CockroachDB Context Writes from two regions, see #38 and the code. OptionLatencyPostgreSQL180 msCockroachDB30 ms Benchmark\nMigrate Decision We will use CockroachDB. Spanner was too costly. "},
{"k":"decision","l":"ADR-0003","t":"Keep ledger invariants in the database","u":"decisions/ADR-0003.html","x":"proposed 3. Keep ledger invariants in the database Context See [[ADR-0002#decision]]."},
{"k":"page","l":"","t":"The ledger","u":"guides/ledger.html","x":"Everything about money. Invariants Debits equal credits. Governed by [[ADR-0003|the invariants decision]]."},
{"k":"landmine","l":"medium","t":"Cockroach region settings","u":"landmines/cockroach-config.html","x":"/deploy/cockroach.yml What broke Nothing yet. Who needs it Platform."},
{"k":"landmine","l":"critical","t":"The ledger's double write","u":"landmines/ledger-double-write.html","x":"src/db/ *.sql The ledger writes each entry to two tables in one transaction. What broke A refactor split the transaction; balances drifted for two hours (#44). Who needs it Finance's nightly reconciliation. What fails if it disappears Balances stop matching the entries, silently."},
{"k":"contract","l":"1.1.0","t":"Ledger API","u":"contracts/ledger-api.html","x":"ledger-service billing reporting src/db/ api/ledger.yml"}
];
