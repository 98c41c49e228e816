import Foundation
@testable import HandbookCore
import Testing

/// The relation graph (ADR-0120): layers from old to new, every node a link, no two boxes on
/// top of each other, and a readable size with 200 decisions.
@Suite struct RelationGraphTests {
    static func decision(_ number: Int, date: String, extra: String = "") -> (String, String) {
        (String(format: "content/decisions/%04d-d%d.md", number, number),
         "---\nstatus: accepted\ndate: \(date)\n\(extra)---\n# Decision \(number)\n")
    }

    struct Box: Hashable { var x: Double; var y: Double; var href: String }

    static func boxes(_ svg: String) throws -> [Box] {
        let pattern = try Regex(#"<a href="([^"]+)" class="node[^"]*"[^>]*><title>[^<]*</title><rect x="([0-9.]+)" y="([0-9.]+)""#)
        return svg.matches(of: pattern).map {
            Box(x: Double(String($0.output[2].substring!))!, y: Double(String($0.output[3].substring!))!,
                href: String($0.output[1].substring!))
        }
    }

    static func graph(in page: String) throws -> String {
        let start = try #require(page.range(of: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relation-graph\""))
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex))
        return String(page[start.lowerBound..<end.upperBound])
    }

    @Test func aChainIsLaidOutOldToNewAndEveryNodeLinks() throws {
        let files = Dictionary(uniqueKeysWithValues: [
            Self.decision(1, date: "2024-01-01"),
            Self.decision(2, date: "2024-02-01", extra: "supersedes: ADR-0001\n"),
            Self.decision(3, date: "2024-03-01", extra: "amends: ADR-0002\n"),
            Self.decision(4, date: "2024-04-01"),
        ] + [("content/handbook.yml", "title: T\n")])
        let build = TestBuild.run(files)
        let svg = try Self.graph(in: build.page("decisions/index.html"))
        let boxes = try Self.boxes(svg)
        #expect(boxes.map(\.href) == ["ADR-0001.html", "ADR-0002.html", "ADR-0003.html"], "ADR-0004 relates to nothing: left out")
        #expect(boxes[0].x < boxes[1].x && boxes[1].x < boxes[2].x, "each newer record a layer to the right")
        #expect(svg.contains("class=\"edge edge-supersedes\"") && svg.contains("class=\"edge edge-amends\""))
        #expect(build.page("decisions/index.html").contains("the table above also lists 1 decision without any."))
        // The decision page's graph is centred on it.
        let local = try Self.graph(in: build.page("decisions/ADR-0002.html"))
        #expect(local.contains("class=\"node node-decision status-node-accepted node-current\" aria-current=\"page\""))
        #expect(!build.page("decisions/ADR-0004.html").contains("relation-graph"), "no graph for a record without relations")
    }

    /// Shuffled dates, and dates in order (then the relates chain is a path 200 records long, which
    /// only the layer cap keeps from being a strip 200 boxes wide).
    @Test(arguments: [false, true]) func twoHundredDecisionsStayReadable(inOrder: Bool) throws {
        var files = ["content/handbook.yml": "title: T\n"]
        for number in 1...200 {
            var extra = ""
            if number > 1 { extra += "relates: ADR-\(String(format: "%04d", number - 1))\n" }
            if number > 10, number % 7 == 0 { extra += "supersedes: ADR-\(String(format: "%04d", number - 10))\n" }
            let date = inOrder ? String(format: "2020-%02d-%02d", 1 + number / 28, 1 + number % 28)
                : String(format: "2024-%02d-%02d", 1 + number % 12, 1 + number % 28)
            let (path, text) = Self.decision(number, date: date, extra: extra)
            files[path] = text
        }
        let build = TestBuild.run(files)
        let svg = try Self.graph(in: build.page("decisions/index.html"))
        let boxes = try Self.boxes(svg)
        #expect(boxes.count == 200)
        #expect(Set(boxes.map { "\($0.x),\($0.y)" }).count == 200, "no two boxes in one place")
        let width = try #require(Double(String(svg.firstMatch(of: try Regex(#"width="([0-9.]+)""#))!.output[1].substring!)))
        let height = try #require(Double(String(svg.firstMatch(of: try Regex(#"height="([0-9.]+)""#))!.output[1].substring!)))
        // At most ceil(sqrt(200)) = 15 layers, so neither a strip 200 boxes long nor one 200 boxes tall.
        #expect(width <= 15 * 240 + 16, "\(width)")
        #expect(height <= 40 * 56 + 16, "\(height)")
        // Same-layer boxes never overlap: at least a box and a gap apart.
        let byColumn = Dictionary(grouping: boxes, by: \.x)
        for column in byColumn.values {
            let ys = column.map(\.y).sorted()
            for (a, b) in zip(ys, ys.dropFirst()) { #expect(b - a >= RelationGraph.nodeHeight) }
        }
    }

    /// Issue 12, item 3: contracts cite decisions (`decisions:` in the manifest) and are nodes too,
    /// after the decisions, each a link to its page; a name that is no decision is reported.
    @Test func contractsAreNodesCitingTheirDecisions() throws {
        let spec = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\n"
        let files = Dictionary(uniqueKeysWithValues: [
            Self.decision(1, date: "2024-01-01"),
            Self.decision(2, date: "2024-02-01"),
            Self.decision(3, date: "2024-03-01"),
        ] + [("content/handbook.yml", "title: T\n"), ("api/pets.yml", spec),
             ("content/contracts/pets.yml", "title: Pets API\nspec: api/pets.yml\nprovider: p\ndecisions: [ADR-0001, ../decisions/0002-d2.md]\n")])
        let build = TestBuild.run(files)
        #expect(!build.result.diagnostics.contains { $0.severity != .note }, "\(build.result.diagnostics.map(\.formatted))")
        var broken = files
        broken["content/contracts/pets.yml"] = "title: Pets API\nspec: api/pets.yml\nprovider: p\ndecisions: [ADR-0001, ADR-0099]\n"
        let unknown = TestBuild.run(broken).result.diagnostics.filter { $0.id == "unknown-reference" }
        #expect(unknown.map { "\($0.file):\($0.line)" } == ["content/contracts/pets.yml:4"])
        let svg = try Self.graph(in: build.page("decisions/index.html"))
        let boxes = try Self.boxes(svg)
        #expect(boxes.map(\.href) == ["ADR-0001.html", "ADR-0002.html", "../contracts/pets.html"], "ADR-0003 is cited by nothing")
        #expect(boxes[2].x > boxes[0].x && boxes[2].x > boxes[1].x, "the contract after the decisions it cites")
        #expect(svg.components(separatedBy: "class=\"edge edge-cites\"").count - 1 == 2)
        #expect(svg.contains(#"class="node node-contract"><title>Contract: Pets API</title>"#))
        // Each cited decision's own graph holds the contract; the uncited one has none.
        let local = try Self.graph(in: build.page("decisions/ADR-0002.html"))
        #expect(try Self.boxes(local).map(\.href) == ["ADR-0001.html", "ADR-0002.html", "../contracts/pets.html"])
        #expect(!build.page("decisions/ADR-0003.html").contains("relation-graph"))
    }

    /// The barycentre sweeps: two lineages whose records interleave in time are drawn as two
    /// rows, each record beside the one it supersedes, rather than as crossing edges (the
    /// chronological order alone puts ADR-0003 above ADR-0004 in the second layer).
    @Test func twoLineagesDoNotCrossWhenTheyNeedNot() throws {
        let files = Dictionary(uniqueKeysWithValues: [
            Self.decision(1, date: "2024-01-01"),
            Self.decision(2, date: "2024-02-01"),
            Self.decision(3, date: "2024-03-01", extra: "supersedes: ADR-0002\n"),
            Self.decision(4, date: "2024-04-01", extra: "supersedes: ADR-0001\n"),
        ] + [("content/handbook.yml", "title: T\n")])
        let boxes = try Self.boxes(Self.graph(in: TestBuild.run(files).page("decisions/index.html")))
        let at = Dictionary(uniqueKeysWithValues: boxes.map { ($0.href, $0) })
        let (a1, b1, b2, a2) = try (#require(at["ADR-0001.html"]), #require(at["ADR-0002.html"]), #require(at["ADR-0003.html"]), #require(at["ADR-0004.html"]))
        #expect(a1.x == b1.x && a2.x == b2.x && a1.x < a2.x, "two layers")
        #expect(a1.y < b1.y, "the first layer in chronological order")
        #expect(a2.y == a1.y && b2.y == b1.y, "each successor on its predecessor's row: no crossing")
    }
}
