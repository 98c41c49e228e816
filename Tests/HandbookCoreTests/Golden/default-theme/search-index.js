window.HANDBOOK_SEARCH = {"shardSize":500,
"docs":[
["decision","ADR-0001","Use PostgreSQL","decisions/ADR-0001.html","storage superseded src/db/ ana bo"],
["decision","ADR-0002","Use CockroachDB","decisions/ADR-0002.html","storage multi-region accepted src/db/**/*.sql /deploy/cockroach.yml ana"],
["decision","ADR-0003","Keep ledger invariants in the database","decisions/ADR-0003.html","proposed"],
["page","","The ledger","guides/ledger.html",""],
["landmine","medium","Cockroach region settings","landmines/cockroach-config.html","/deploy/cockroach.yml @platform"],
["landmine","critical","The ledger\u0027s double write","landmines/ledger-double-write.html","src/db/ *.sql @payments"],
["contract","1.1.0","Ledger API","contracts/ledger-api.html","ledger-service @payments billing reporting src/db/ api/ledger.yml"],
["file","","api/ledger.yml","files/api/ledger.yml.html","api/ledger.yml"],
["file","","deploy/cockroach.yml","files/deploy/cockroach.yml.html","deploy/cockroach.yml"],
["file","","src/db/schema.sql","files/src/db/schema.sql.html","src/db/schema.sql"]],
"terms":"0\n0001\n0002\n0003\n1\n15\n200\n3\n38\n404\n44\na\nabout\naccepted\nadr\namount\nana\nand\napi\nbalances\nbenchmark\nbilling\nbo\nbroke\nby\ncents\ncockroach\ncockroachdb\ncode\ncontext\ncostly\ncredits\ncritical\ncurrency\ndatabase\ndb\ndb30\ndebits\ndecision\ndeploy\ndisappears\ndouble\ndrifted\neach\nentries\nentry\nequal\neur\neverything\nfails\nfinance\nfor\nfrom\nget\ngoverned\nhours\nid\nif\nin\ninvariants\nit\nkeep\nlatency\nledger\nmatching\nmedium\nmigrate\nmoney\nms\nmscockroachdb30\nmulti\nneed\nneeds\nnightly\nno\nnothing\none\noption\noptionlatencypostgresql180\npayments\nplatform\npostgre\npostgresql\nproposed\nread\nreconciliation\nrefactor\nregion\nregions\nrelational\nreporting\ns\nschema\nsee\nservice\nsettings\nsilently\nspanner\nsplit\nsql\nsql180\nsrc\nstop\nstorage\nstore\nsuch\nsuperseded\ntables\nthe\nto\ntoo\ntransaction\ntwo\nusd\nuse\nwas\nwe\nwhat\nwho\nwill\nwrite\nwrites\nyet\nyml",
"postings":["6","0","1,1","2,1","6","0","6","2","1","6","5","0,5","3","1","0,1,1,1","6","0,1","1","6,1","5","1","6","0","4,1","3","6","1,3,4","1","1","0,1,1","1","3","5","6","2","0,1,4,1,3","1","3","0,1,1,1","1,3,4","5","5","5","5","5,1","5,1","3","6","3","5","5","0,5","1","6","3","5","6","5","2,3,1","2,1","4,1","2","1","0,2,1,2,1,1","5","4","1","3","1","1","1","0","4,1","5","6","4","5,1","1","1","5,1","4","0,1","0","2","6","5","5","1,3","1","0","6","5","9","1,1","6","4","5","1","5","0,1,4,4","1","0,1,4,1,3","5","0,1","0","6","0","5","0,1,1,1,2,1","5","1","5","1,4","6","0,1","1","0,1","4,1","4,1","1","5","1,4","4","1,3,2,1,1"]};
