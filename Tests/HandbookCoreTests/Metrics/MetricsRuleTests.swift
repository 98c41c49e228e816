@testable import HandbookCore
import Testing

@Suite struct MetricsRuleTests {
    static let definition = MetricDefinition(key: "m", title: "M", unit: .count, worse: .higher)

    static func series(_ figures: [(String, Double)], worse: MetricDefinition.Worse = .higher) throws -> MetricSeries {
        var definition = Self.definition
        definition.worse = worse
        return MetricSeries(definition: definition, points: try figures.map {
            MetricPoint(week: try ISOWeek.parse($0.0), value: $0.1, location: SourceLocation(file: "f", line: 1))
        })
    }

    @Test func worseTwoWeeksInARowBlocks() throws {
        #expect(try Self.series([("2026-W40", 1), ("2026-W41", 2), ("2026-W42", 3)]).isReleaseBlocker)
        #expect(try Self.series([("2026-W40", 3), ("2026-W41", 2), ("2026-W42", 1)], worse: .lower).isReleaseBlocker)
        #expect(try !Self.series([("2026-W40", 1), ("2026-W41", 2)]).isReleaseBlocker, "one worse week is not enough")
        #expect(try !Self.series([("2026-W40", 1), ("2026-W41", 2), ("2026-W42", 2)]).isReleaseBlocker, "the same is not worse")
        #expect(try !Self.series([("2026-W40", 1), ("2026-W41", 2), ("2026-W42", 3), ("2026-W43", 2)]).isReleaseBlocker,
                "the rule reads the latest weeks")
        #expect(try !Self.series([("2026-W40", 3), ("2026-W41", 2), ("2026-W42", 1)]).isReleaseBlocker, "better is not worse")
    }

    /// The table's "blocked" column: the rule held at a week only after two worse weeks in a row
    /// (a mutation that let one worse week block survived every other test).
    @Test func theRuleHeldOnlyAtTheSecondWorseWeekOfARun() throws {
        let series = try Self.series([("2026-W40", 1), ("2026-W41", 2), ("2026-W42", 1), ("2026-W43", 2), ("2026-W44", 3)])
        #expect(series.points.indices.map(series.blocksAt) == [false, false, false, false, true])
        #expect(series.points.indices.map(series.isInBlockingRun) == [false, false, false, true, true])
    }

    @Test func neverComparesAcrossAGap() throws {
        let gapped = try Self.series([("2026-W40", 1), ("2026-W41", 2), ("2026-W43", 3)])
        #expect(!gapped.isReleaseBlocker)
        #expect(gapped.step(at: 2) == .none)
        #expect(gapped.latestChange == nil)
        #expect(gapped.missingWeeks.map(\.description) == ["2026-W42"])
        let gapFirst = try Self.series([("2026-W38", 0), ("2026-W40", 1), ("2026-W41", 2), ("2026-W42", 3)])
        #expect(gapFirst.isReleaseBlocker, "two steps after the gap are enough")
        #expect(gapFirst.worseningStreak(endingAt: 3) == 2)
    }

    @Test func consecutiveAcrossTheYearBoundary() throws {
        let series = try Self.series([("2026-W52", 1), ("2026-W53", 2), ("2027-W01", 3)])
        #expect(series.isReleaseBlocker)
        #expect(try !Self.series([("2025-W51", 1), ("2025-W52", 2), ("2026-W02", 3)]).isReleaseBlocker)
    }

    static let degrading: [String: String] = [
        "content/handbook.yml": "title: T\n",
        "content/metrics/history.csv": "week,change_failure_rate,revert_rate\n2026-W43,5,1\n2026-W44,10,1\n2026-W45,12,1\n2026-W46,15,0.5\n",
    ]

    @Test func degradingMetricIsAWarningAtItsLatestFigure() {
        let build = TestBuild.run(Self.degrading, write: false)
        #expect(build.messages == [
            "content/metrics/history.csv:5:10: warning: Change failure rate (change_failure_rate) got worse 3 weeks in a row (5% in 2026-W43, 10% in 2026-W44, 12% in 2026-W45, 15% in 2026-W46): release blocker [metric-degrading]",
        ])
        #expect(build.result.succeeded)
        let strict = TestBuild.run(Self.degrading, strict: true, write: false)
        #expect(!strict.result.succeeded, "--strict makes the warning fail the check")
    }

    @Test func degradingLocationIsTheYAMLValue() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/metrics/history.csv": "week,revert_rate\n2026-W44,1\n2026-W45,2\n",
            "content/metrics/2026-W46.yml": "# the latest week\nweek: 2026-W46\nrevert_rate: 3\n",
        ], write: false)
        #expect(build.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.id)" } == ["content/metrics/2026-W46.yml:3:14 metric-degrading"])
    }

    @Test func blockersShowOnTheMetricsAndHomePages() {
        let build = TestBuild.run(Self.degrading)
        let home = build.page("index.html")
        #expect(home.contains("<h3>Release-blocking metrics</h3>"))
        #expect(home.contains("<a href=\"metrics/index.html#metric-change_failure_rate\">Change failure rate</a> <span class=\"badge-blocker\">release blocker</span> 15% in 2026-W46."))
        #expect(!home.contains("Nothing needs attention"))
        #expect(!home.contains("metric-revert_rate"), "revert rate got better")
        let page = build.page("metrics/index.html")
        #expect(page.contains("<h2 id=\"metric-change_failure_rate-heading\">Change failure rate <span class=\"badge-blocker\">release blocker</span></h2>"))
        #expect(page.contains("<h2 id=\"metric-revert_rate-heading\">Revert rate</h2>"))
        #expect(page.contains("<span class=\"step step-worse\">+3 pp (worse)</span>"))
        #expect(page.contains("<span class=\"step step-better\">\u{2212}0.5 pp (better)</span>"))
        #expect(page.contains("No figures yet for: <span class=\"tag\">Time to recovery</span> <span class=\"tag\">Cross-team blocking time</span>"))
        #expect(page.contains("<a href=\"../metrics/index.html\" aria-current=\"page\">Metrics</a>"))
    }

    @Test func calmHomeWithoutBlockers() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n",
                                   "content/metrics/history.csv": "week,revert_rate\n2026-W44,3\n2026-W45,2\n"])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.page("index.html").contains("Nothing needs attention: no release-blocking metrics, critical landmines, hotspots, proposed decisions or stale governance."))
        #expect(build.page("index.html").contains("<a href=\"metrics/index.html\">Metrics</a>"))
    }

    @Test func everyWeekIsATableRowGapsIncluded() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n",
                                   "content/metrics/history.csv": "week,revert_rate\n2027-W02,4\n2026-W52,3\n2026-W53,2\n"],
                                  today: "2027-01-15")
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        let rows = build.page("metrics/index.html").split(separator: "\n").filter { $0.hasPrefix("<tr><th scope=\"row\">") }
        #expect(rows == [
            "<tr><th scope=\"row\"><time datetime=\"2027-W02\">2027-W02</time></th><td class=\"step-none\">4%</td></tr>",
            "<tr><th scope=\"row\"><time datetime=\"2027-W01\">2027-W01</time></th><td class=\"step-none gap\">no figure</td></tr>",
            "<tr><th scope=\"row\"><time datetime=\"2026-W53\">2026-W53</time></th><td class=\"step-better\">2% <span class=\"step step-better\">better</span></td></tr>",
            "<tr><th scope=\"row\"><time datetime=\"2026-W52\">2026-W52</time></th><td class=\"step-none\">3%</td></tr>",
        ])
    }

    @Test func withoutFiguresThePageSaysHowToAddThem() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n"])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.page("metrics/index.html").contains("No figures yet. Add <code>content/metrics/*.csv</code>"))
    }

    @Test func theTemplateSampleHasEveryMetricsName() {
        // The sample handbook tells the template check the metrics names; it must build cleanly but for its blocker.
        let files = Dictionary(uniqueKeysWithValues: SampleHandbook.files.map { (String($0.key.dropFirst("/sample/".count)), $0.value) })
        let build = TestBuild.run(files, today: "2025-01-01", git: SampleGit())
        // The sample also holds a stale glob (`gone/`), so the home page's stale-governance list has a name.
        #expect(build.ids == ["stale-governance", "metric-degrading"], "\(build.messages)")
        #expect(build.page("metrics/index.html").contains("target-missed"))
        #expect(build.page("index.html").contains("Release-blocking metrics"))
    }

    @Test func metricsPagesAreByteIdenticalAndLinkable() {
        var files = Self.degrading
        files["content/metrics/2026-W42.yml"] = "week: 2026-W42\nchange_failure_rate: 4\ntime_to_recovery_hours: 2.5\n"
        files["content/guide.md"] = "# Guide\n\nSee [the metrics](metrics/).\n"
        let first = TestBuild.run(files)
        #expect(first.page("guide.html").contains("<a href=\"metrics/index.html\">the metrics</a>"))
        for _ in 0..<3 {
            #expect(TestBuild.run(files).output.files == first.output.files)
        }
        files["content/metrics/index.md"] = "# Mine\n"
        #expect(TestBuild.run(files, write: false).ids.contains("output-collision"))
    }
}
