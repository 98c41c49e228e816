@testable import HandbookCore
import Foundation
import Testing

@Suite struct MetricsParsingTests {
    @Test func csvHandlesQuotesCRLFAndPositions() {
        let text = "week,\"a \"\"quoted\"\" name\"\r\n2026-W45, 12.5\r\n\r\n\"2026-W46\",\"line\nbreak\"\r\n2026-W47,\n"
        let (records, problems) = CSVReader.read(text)
        #expect(problems.isEmpty)
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[0].fields.map(\.text) == ["week", "a \"quoted\" name"])
        #expect(records[1].fields[1] == CSVReader.Field(text: "12.5", line: 2, column: 11))
        #expect(records[2].fields.map(\.text) == ["2026-W46", "line\nbreak"])
        #expect(records[3].fields.map(\.text) == ["2026-W47", ""])
        #expect(records[3].fields[0].line == 6)
    }

    @Test func csvReportsAnUnclosedQuoteAndTextAfterAQuote() {
        let (_, problems) = CSVReader.read("week,a\n2026-W45,\"1\"x\n2026-W46,\"2\n")
        #expect(problems == [
            CSVReader.Problem(message: "text after a closing quote; put the whole field in quotes", line: 2, column: 13),
            CSVReader.Problem(message: "the quote opened here is never closed", line: 3, column: 10),
        ])
    }

    @Test func csvIgnoresAByteOrderMarkAndAMissingLastNewline() {
        let (records, _) = CSVReader.read("\u{FEFF}week,a\n2026-W45,1")
        #expect(records.map { $0.fields.map(\.text) } == [["week", "a"], ["2026-W45", "1"]])
    }

    @Test func csvAndYAMLFilesMixIntoOneSeries() throws {
        let build = TestBuild.run([
            "content/metrics/history.csv": "week,change_failure_rate,revert_rate\n2026-W44,10,\n2026-W45,8.5,1\n,,\n",
            "content/metrics/2026-W46.yml": "week: 2026-W46\nchange_failure_rate: 7\nrevert_rate: ~\n",
            "content/metrics/2026-W47.yaml": "change_failure_rate: 7\n",
        ])
        #expect(build.diagnostics.filter { $0.id != "missing-config" }.isEmpty, "\(build.messages)")
        let metrics = try #require(build.result.handbook?.metrics)
        let failure = try #require(metrics.series.first { $0.definition.key == "change_failure_rate" })
        #expect(failure.points.map(\.week.description) == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"])
        #expect(failure.points.map(\.value) == [10, 8.5, 7, 7])
        #expect(failure.points[1].location == SourceLocation(file: "content/metrics/history.csv", line: 3, column: 10))
        #expect(failure.points[2].location == SourceLocation(file: "content/metrics/2026-W46.yml", line: 2, column: 22))
        let reverts = try #require(metrics.series.first { $0.definition.key == "revert_rate" })
        #expect(reverts.points.map(\.week.description) == ["2026-W45"], "empty cells and nulls are missing values")
        #expect(metrics.sources.map(\.path) == ["metrics/2026-W46.yml", "metrics/2026-W47.yaml", "metrics/history.csv"])
    }

    @Test func metricsFilesAreNotCopiedAsAssets() {
        let build = TestBuild.run([
            "content/metrics/history.csv": "week,revert_rate\n2026-W45,1\n",
            "content/metrics/2026-W46.yml": "week: 2026-W46\nrevert_rate: 2\n",
            "content/metrics/notes/raw.csv": "anything,at,all\n",
            "content/data.csv": "a,b\n",
        ])
        let written = build.output.files.keys
        #expect(!written.contains("metrics/history.csv"))
        #expect(!written.contains("metrics/2026-W46.yml"))
        #expect(written.contains("metrics/notes/raw.csv"), "only content/metrics/*.csv|yml are figures")
        #expect(written.contains("data.csv"))
    }

    @Test func definitionsComeFromDefaultsAndConfig() throws {
        let build = TestBuild.run([
            "content/handbook.yml": """
                title: T
                metrics:
                  change_failure_rate:
                    target: 15
                  lead_time_days:
                    title: Lead time (days)
                    unit: count
                    worse: higher
                  coverage:
                    unit: percent
                    worse: lower
                    target: 80
                """,
        ])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let definitions = try #require(build.result.handbook?.config.metrics)
        #expect(definitions.map(\.key) == ["change_failure_rate", "time_to_recovery_hours", "revert_rate", "blocking_hours",
                                           "lead_time_days", "coverage"])
        #expect(definitions[0] == MetricDefinition(key: "change_failure_rate", title: "Change failure rate", unit: .percent,
                                                   worse: .higher, target: 15))
        #expect(definitions[3].title == "Cross-team blocking time")
        #expect(definitions[5] == MetricDefinition(key: "coverage", title: "Coverage", unit: .percent, worse: .lower, target: 80))
        #expect(definitions[5].meetsTarget(80) == true)
        #expect(definitions[5].meetsTarget(79.9) == false)
    }

    @Test func definitionsAlsoReadAsAList() throws {
        let build = TestBuild.run([
            "content/handbook.yml": "metrics:\n  - key: deploys\n    unit: count\n    worse: lower\n",
        ])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.result.handbook?.config.metrics.last == MetricDefinition(key: "deploys", title: "Deploys", unit: .count, worse: .lower))
    }

    @Test func numbersAreStrictAndFormattedWithoutLocale() {
        #expect(MetricNumber.parse("12") == 12)
        #expect(MetricNumber.parse("-0.5") == -0.5)
        #expect(MetricNumber.parse("1e3") == 1000)
        #expect(MetricNumber.parse(".5") == 0.5)
        for bad in ["nan", "inf", "0x10", "1,5", "12%", "", "-", "1e", "1.2.3", "1e400", "1 000"] {
            #expect(MetricNumber.parse(bad) == nil, "\(bad)")
        }
        #expect(MetricNumber.format(12.0) == "12")
        #expect(MetricNumber.format(12.345) == "12.35")
        #expect(MetricNumber.format(0.1 + 0.2) == "0.3")
        #expect(MetricNumber.format(-0.004) == "0")
        #expect(MetricNumber.format(-2.5) == "-2.5")
        let hours = MetricDefinition(key: "x", title: "X", unit: .hours, worse: .higher)
        #expect(hours.format(1.5) == "1.5 h")
        #expect(hours.formatChange(-2) == "\u{2212}2 h")
        let percent = MetricDefinition(key: "y", title: "Y", unit: .percent, worse: .higher, target: 10)
        #expect(percent.formatChange(2.5) == "+2.5 pp")
        #expect(percent.targetText == "at most 10%")
    }
}

@Suite struct MetricsDogfoodTests {
    /// This repository's own figures (from scripts/metrics-from-git.py) build with no error.
    @Test func theProjectsOwnMetricsBuild() throws {
        let content = TestFiles.packageRoot.appendingPathComponent("content")
        let files = try TestFiles.tree(content)
        #expect(files.keys.contains("metrics/history.csv"))
        let schemas = try TestFiles.tree(TestFiles.packageRoot.appendingPathComponent("schemas"))
        let build = TestBuild.run(Dictionary(uniqueKeysWithValues: files.map { ("content/" + $0.key, $0.value) }
                                                + schemas.map { ("schemas/" + $0.key, $0.value) }),
                                  today: "9999-12-31", write: false)
        #expect(build.errors.isEmpty, "\(build.messages)")
        let figures = build.result.handbook?.metrics.series.flatMap(\.points) ?? []
        #expect(!figures.isEmpty)
    }
}
