import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import HandbookCore
import Testing

@Suite struct MetricChartTests {
    static let files: [String: String] = [
        "content/handbook.yml": """
            title: T
            metrics:
              lead_time:
                title: "R&D <lead> \\"time\\" 'x'"
                unit: hours
                worse: higher
                target: 20
            """,
        "content/metrics/history.csv": "week,lead_time\n2026-W40,10\n2026-W41,12\n2026-W43,30\n2026-W44,25\n2026-W45,26\n2026-W46,28\n",
    ]

    /// The SVG of a metric's section on the metrics page.
    static func chart(in page: String, key: String) throws -> String {
        let section = try #require(page.range(of: "id=\"metric-\(key)\""))
        let start = try #require(page.range(of: "<svg", range: section.upperBound..<page.endIndex))
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
        return String(page[start.lowerBound..<end.upperBound])
    }

    @Test func chartIsWellFormedXMLWithEscapedLabels() throws {
        let build = TestBuild.run(Self.files)
        #expect(build.ids == ["metric-degrading"], "\(build.messages)")
        let svg = try Self.chart(in: build.page("metrics/index.html"), key: "lead_time")
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(root.attributeValue("role") == "img")
        #expect(root.attributeValue("aria-labelledby") == "metric-lead_time-chart-title metric-lead_time-chart-desc")
        let title = try #require(root.elements(forName: "title").first)
        #expect(title.attributeValue("id") == "metric-lead_time-chart-title")
        #expect(title.stringValue == "R&D <lead> \"time\" 'x', weekly, 2026-W40 to 2026-W46", "escaped in the file, intact once parsed")
        let description = try #require(root.elements(forName: "desc").first?.stringValue)
        #expect(description == "From 10 h in 2026-W40 to 28 h in 2026-W46 (higher is worse). Lowest 10 h in 2026-W40, highest 30 h in 2026-W43. Worse than the week before for 2 weeks in a row, up to 2026-W46: release blocker. Target at most 20 h: the latest figure is off target. No figure for 2026-W42 (drawn as a gap).")
        #expect(!svg.contains("<lead>"))
        #expect(svg.contains("R&amp;D &lt;lead&gt; &quot;time&quot; &#39;x&#39;"))
    }

    @Test func gapsBreakTheLineAndTheTargetIsDrawn() throws {
        let build = TestBuild.run(Self.files)
        let svg = try Self.chart(in: build.page("metrics/index.html"), key: "lead_time")
        let root = try #require(try XMLDocument(xmlString: svg, options: []).rootElement())
        let groups = root.elements(forName: "g")
        let line = try #require(groups.first { $0.attributeValue("class") == "metric-line" })
        let polylines = line.elements(forName: "polyline").compactMap { $0.attributeValue("points") }
        #expect(polylines.map { $0.split(separator: " ").count } == [2, 4], "W40-W41, then W43-W46: no segment across W42")
        let points = try #require(groups.first { $0.attributeValue("class") == "metric-points" })
        #expect(points.elements(forName: "circle").count == 6)
        // W45 (26 after 25) and W46 (28 after 26): both worsening weeks of the blocking run are marked.
        #expect(points.elements(forName: "circle").filter { $0.attributeValue("class") == "metric-point degrading" }
            .compactMap { $0.elements(forName: "title").first?.stringValue?.prefix(8) } == ["2026-W45", "2026-W46"])
        #expect(root.elements(forName: "rect").filter { $0.attributeValue("class") == "degrading-band" }.count == 1)
        let target = try #require(groups.first { $0.attributeValue("class") == "metric-target" })
        #expect(target.elements(forName: "line").first?.attributeValue("stroke-dasharray") == "6 4")
        // Axis labels are HTML over the chart (12 px at any width), not SVG text that scales down.
        #expect(root.elements(forName: "text").isEmpty)
        let page = build.page("metrics/index.html")
        let box = try #require(page.range(of: "<div class=\"chart-labels metric-axis-labels\" aria-hidden=\"true\">"))
        let labelsHTML = String(page[box.upperBound...].prefix { $0 != "\n" })
        let texts = labelsHTML.matches(of: try Regex(#"<span class="[^"]*" style="[^"]*">([^<]*)</span>"#))
        #expect(texts.map { String($0.output[1].substring ?? "") }
                == ["10 h", "15 h", "20 h", "25 h", "30 h", "2026-W40", "2026-W42", "2026-W44", "2026-W46", "target 20 h"])
        #expect(!svg.contains("=\"#"), "no fixed colors: currentColor and the theme's CSS")
        #expect(svg.contains("stroke=\"currentColor\""))
    }

    @Test func scaleIsRoundAndCoversTheData() {
        let scale = MetricScale(values: [0.12, 0.31], nonNegative: true)
        #expect(scale.step == 0.05)
        #expect(scale.ticks.map { MetricNumber.format($0) } == ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35"])
        let flat = MetricScale(values: [0, 0], nonNegative: true)
        #expect(flat.lower == 0)
        #expect(flat.upper > 0)
        let negative = MetricScale(values: [-3, 4], nonNegative: false)
        #expect(negative.lower <= -3 && negative.upper >= 4)
    }

    @Test func aRateStartsAtZero() throws {
        let definition = MetricDefinition(key: "m", title: "M", unit: .percent, worse: .higher)
        let points = try [("2026-W44", 40.0), ("2026-W45", 42.0)].map {
            MetricPoint(week: try ISOWeek.parse($0.0), value: $0.1, location: SourceLocation(file: "f", line: 2))
        }
        let page = MetricChart(series: MetricSeries(definition: definition, points: points)).html(id: "c")
        #expect(page.contains(">0%</span>"), "the value axis of a rate starts at zero")
        let hours = MetricDefinition(key: "h", title: "H", unit: .hours, worse: .higher)
        let other = MetricChart(series: MetricSeries(definition: hours, points: points)).html(id: "c")
        #expect(!other.contains(">0 h</span>"), "hours are scaled to the data")
    }

    @Test func aSingleWeekIsAPointWithoutALine() throws {
        let definition = MetricDefinition(key: "m", title: "M <1>", unit: .ratio, worse: .lower)
        let series = MetricSeries(definition: definition, points: [
            MetricPoint(week: try ISOWeek.parse("2026-W45"), value: 0.5, location: SourceLocation(file: "f", line: 2)),
        ])
        let svg = MetricChart(series: series).svg(id: "c")
        let root = try #require(try XMLDocument(xmlString: svg, options: []).rootElement())
        #expect(!svg.contains("<polyline"))
        #expect(svg.contains("<circle"))
        #expect(root.elements(forName: "title").first?.stringValue == "M <1>, 2026-W45")
        #expect(root.elements(forName: "desc").first?.stringValue == "0.5 in 2026-W45 (lower is worse). No earlier week to compare with.")
    }
}

extension XMLElement {
    /// An attribute's value (swift-corelibs' `attribute(forName:)` misses attributes of elements in a namespace).
    func attributeValue(_ name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}
