import HandbookCore
import Testing

/// Every problem a metrics file or definition can have, each with its file, line and column.
@Suite struct MetricsDiagnosticTests {
    static func messages(_ files: [String: String], today: String = "2026-11-21") -> [String] {
        var all = files
        if all["content/handbook.yml"] == nil { all["content/handbook.yml"] = "title: T\n" }
        return TestBuild.run(all, today: today, write: false).messages
    }

    @Test func badCSVInput() {
        let csv = """
            week,change_failure_rate,revert_rat,,revert_rate\r
            2026-W40,12%,1,,2\r
            2026-W41,n/a,,,"3"\r
            2026-w42,5,,,1\r
            2027-W53,5,,,1\r
            2026-W40,6,,,1\r
            2026-W48,6,,,1\r
            2026-W43,1,,,1,9\r
            ,1,,,1\r
            2026-W44,"1"x,,,1\r

            """
        #expect(Self.messages(["content/metrics/history.csv": csv]) == [
            "content/metrics/history.csv:1:26: error: unknown metric column 'revert_rat'; did you mean 'revert_rate'? known metrics: change_failure_rate, time_to_recovery_hours, revert_rate, blocking_hours (define others under metrics: in handbook.yml) [metric-unknown]",
            "content/metrics/history.csv:1:37: error: this column has no name; name it after a metric [metric-csv]",
            "content/metrics/history.csv:2:10: error: change_failure_rate for 2026-W40 must be a number, not '12%' (write 12 for 12%) [metric-value]",
            "content/metrics/history.csv:3:10: error: change_failure_rate for 2026-W41 must be a number, not 'n/a' [metric-value]",
            "content/metrics/history.csv:4:1: error: '2026-w42' is not an ISO week; write it as 2026-W45 (year, -W, two-digit week) [metric-week]",
            "content/metrics/history.csv:5:1: error: 2027-W53 does not exist: 2027 has 52 ISO weeks [metric-week]",
            "content/metrics/history.csv:6:1: error: week 2026-W40 is also the row on line 2 [metric-duplicate-week]",
            "content/metrics/history.csv:7:1: error: week 2026-W48 is in the future (this is 2026-W47) [metric-future-week]",
            "content/metrics/history.csv:8:16: error: this row has more cells (6) than the header (5) [metric-csv]",
            "content/metrics/history.csv:9:1: error: the week is missing; write it as 2026-W45 [metric-week]",
            "content/metrics/history.csv:10:13: error: text after a closing quote; put the whole field in quotes [metric-csv]",
        ])
    }

    @Test func badYAMLInput() {
        #expect(Self.messages([
            "content/metrics/2026-W45.yml": "week: 2026-W45\nrevert_rate: many\nreverts: 3\nchange_failure_rate: [1, 2]\n",
            "content/metrics/2026-W46.yml": "week: 2026-W44\nrevert_rate: 1\n",
            "content/metrics/2026-W53.yml": "revert_rate: 1\n",
            "content/metrics/latest.yml": "revert_rate: 1\n",
            "content/metrics/list.yml": "- 1\n- 2\n",
            "content/metrics/broken.yml": "week: [2026-W40\n",
            "content/metrics/empty.yml": "",
        ]) == [
            "content/metrics/2026-W45.yml:2:14: error: revert_rate for 2026-W45 must be a number, not 'many' [metric-value]",
            "content/metrics/2026-W45.yml:3:1: error: unknown metric key 'reverts'; known metrics: change_failure_rate, time_to_recovery_hours, revert_rate, blocking_hours (define others under metrics: in handbook.yml) [metric-unknown]",
            "content/metrics/2026-W45.yml:4:22: error: change_failure_rate must be a number, not a list [metric-value]",
            "content/metrics/2026-W46.yml:1:7: error: week: says 2026-W44 but the file is named 2026-W46.yml [metric-week]",
            "content/metrics/2026-W53.yml:1:1: error: week 2026-W53 is in the future (this is 2026-W47) [metric-future-week]",
            "content/metrics/broken.yml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1 [yaml-syntax]",
            "content/metrics/empty.yml: warning: the file holds no figures; write week: 2026-W45 and a line per metric [metric-file]",
            "content/metrics/latest.yml:1:1: error: the file says not which week it holds; add week: 2026-W45 (or name it 2026-W45.yml) [metric-week]",
            "content/metrics/list.yml:1:1: error: a week's figures must be a mapping (week: 2026-W45, then metric: value), not a list [metric-file]",
        ])
    }

    @Test func sameMetricTwiceForOneWeekAcrossFiles() {
        #expect(Self.messages([
            "content/metrics/a.csv": "week,revert_rate,change_failure_rate\n2026-W45,1,\n",
            "content/metrics/2026-W45.yml": "week: 2026-W45\nrevert_rate: 2\nchange_failure_rate: 3\n",
        ]) == [
            "content/metrics/a.csv:2:10: error: revert_rate for 2026-W45 is given twice; the other is at content/metrics/2026-W45.yml:2 [metric-duplicate]",
        ])
    }

    @Test func badHeaders() {
        #expect(Self.messages([
            "content/metrics/a.csv": "date,revert_rate\n2026-W45,1\n",
            "content/metrics/b.csv": "week,revert_rate,revert_rate\n",
            "content/metrics/c.csv": "\n\n",
            "content/metrics/d.csv": "week,revert_rate\n2026-W45,\"1\n",
        ]) == [
            "content/metrics/a.csv:1:1: error: the first column must be 'week' (weeks written 2026-W45), not 'date' [metric-csv]",
            "content/metrics/b.csv:1:18: error: column 'revert_rate' is also column 6 of this header [metric-csv]",
            "content/metrics/c.csv: warning: the file holds no figures; write a header row: week,change_failure_rate [metric-csv]",
            "content/metrics/d.csv:2:10: error: the quote opened here is never closed [metric-csv]",
        ])
    }

    @Test func badDefinitions() {
        #expect(Self.messages(["content/handbook.yml": """
            title: T
            metrics:
              change_failure_rate:
                target: high
              deploys:
                unit: count
              Bad-Key:
                unit: count
                worse: lower
              uptime:
                unit: nines
                worse: lower
                colour: red
              week:
                unit: count
                worse: lower
            """]) == [
            "content/handbook.yml:4:13: error: target of metric 'change_failure_rate' must be a number, not 'high' [metric-definition]",
            "content/handbook.yml:6:5: error: metric 'deploys' needs worse: (higher or lower) [metric-definition]",
            "content/handbook.yml:7:3: error: metric key 'Bad-Key' must be lowercase letters, digits and '_', starting with a letter, and not 'week' [metric-definition]",
            "content/handbook.yml:11:11: error: unit of metric 'uptime' must be one of percent, hours, ratio, count, not 'nines' [metric-definition]",
            "content/handbook.yml:13:5: warning: unknown field 'colour' in metric 'uptime' [unknown-config-key]",
            "content/handbook.yml:14:3: error: metric key 'week' must be lowercase letters, digits and '_', starting with a letter, and not 'week' [metric-definition]",
        ])
        #expect(Self.messages(["content/handbook.yml": "metrics: 3\n"]) == [
            "content/handbook.yml:1:10: error: metrics: '3' is not a folder (metric definitions are a mapping of metric keys) [config-value]",
        ])
    }

    @Test func aDefinedMetricIsAKnownColumn() {
        #expect(Self.messages([
            "content/handbook.yml": "metrics:\n  deploys: { unit: count, worse: lower }\n",
            "content/metrics/a.csv": "week,deploys\n2026-W45,4\n",
        ]) == [])
    }
}
