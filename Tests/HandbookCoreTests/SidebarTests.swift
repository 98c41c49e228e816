import Foundation
@testable import HandbookCore
import Testing

/// Issue 12, item 4: every page has a sidebar (shown on wide screens) with the sections and a
/// window of the decisions timeline: the newest, or those around the decision shown.
@Suite struct SidebarTests {
    static func build() -> TestBuild {
        var files = ["content/handbook.yml": "title: T\n", "content/landmines/l.md": "---\ntitle: L\nseverity: low\n---\nText\n"]
        for number in 1...15 {
            files[String(format: "content/decisions/%04d-d.md", number)] =
                "---\nstatus: accepted\ndate: \(number < 10 ? "2024" : "2025")-01-\(String(format: "%02d", number))\n---\n# Decision \(number)\n"
        }
        return TestBuild.run(files)
    }

    static func sidebar(_ page: String) throws -> String {
        let start = try #require(page.range(of: #"<aside class="site-sidebar""#))
        let end = try #require(page.range(of: "</aside>", range: start.upperBound..<page.endIndex))
        return String(page[start.lowerBound..<end.upperBound])
    }

    static func ids(_ sidebar: String) throws -> [String] {
        sidebar.matches(of: try Regex(#"<span class="sidebar-id">(ADR-[0-9]+)</span>"#)).map { String($0.output[1].substring!) }
    }

    @Test func aDecisionPageShowsTheDecisionsAroundIt() throws {
        let build = Self.build()
        let sidebar = try Self.sidebar(build.page("decisions/ADR-0008.html"))
        #expect(try Self.ids(sidebar) == (3...13).reversed().map { String(format: "ADR-%04d", $0) }, "newest first, five either side")
        #expect(sidebar.contains(#"<a href="ADR-0008.html" aria-current="page"><span class="sidebar-id">ADR-0008</span>"#))
        #expect(sidebar.components(separatedBy: "aria-current").count == 2, "only the page itself is current")
        #expect(sidebar.contains(#"<span class="sidebar-year">2025</span>"#) && sidebar.contains(#"<span class="sidebar-year">2024</span>"#))
        #expect(sidebar.contains(#"<time datetime="2024-01-08">2024-01-08</time>"#))
        // At the ends, the window is still eleven long.
        #expect(try Self.ids(Self.sidebar(build.page("decisions/ADR-0001.html"))).count == 11)
        #expect(try Self.ids(Self.sidebar(build.page("decisions/ADR-0001.html"))).last == "ADR-0001")
    }

    /// ADR-0072: a run's timeline rows are kept by the page's folder and the decision, a page's own
    /// row never: every sidebar made with them is the one made without, and the pages of one folder
    /// share each other row, the very dictionary.
    @Test func keptTimelineRowsAreTheRowsMadeFresh() throws {
        let (handbook, options, _) = try SummaryCacheTests.sample()
        let fresh = ViewModels(handbook: handbook, options: options)
        var kept = fresh
        kept.timelineRows = TimelineRows()
        let decisions = fresh.chronological.map { fresh.outputPaths[$0] }
        let pages = decisions + ["index.html", "landmines/index.html", "decisions/index.html", "tags/t1.html", "landmines/l.html"]
            + decisions.reversed()
        var addresses: [String: UInt] = [:]
        var shared = 0
        for path in pages {
            let root = Path.rootPrefix(for: path)
            let made = kept.sidebar(outputPath: path, section: "decisions", root: root)
            #expect(ModelFingerprint.of(made, template: "t") == ModelFingerprint.of(fresh.sidebar(outputPath: path, section: "decisions", root: root),
                                                                                  template: "t"), "\(path)")
            for year in try #require(made["timeline"] as? [[String: Any]]) {
                for row in try #require(year["decisions"] as? [[String: Any]]) where row["current"] as? Bool == false {
                    let key = "\(TimelineRows.folder(path) ?? "") \(row["id"] as? String ?? "")"
                    let address = withUnsafeBytes(of: row) { $0.load(as: UInt.self) }
                    if let known = addresses[key] {
                        #expect(known == address, "\(key) on \(path)")
                        shared += 1
                    }
                    addresses[key] = address
                }
            }
        }
        #expect(shared > 100, "\(shared) rows shared")
    }

    @Test func otherPagesShowTheNewestAndTheSections() throws {
        let build = Self.build()
        let sidebar = try Self.sidebar(build.page("landmines/l.html"))
        #expect(try Self.ids(sidebar) == (5...15).reversed().map { String(format: "ADR-%04d", $0) })
        #expect(!sidebar.contains("aria-current"))
        #expect(sidebar.contains(#"<a href="../decisions/index.html">Decisions <span class="count">15</span></a>"#), "\(sidebar)")
        #expect(sidebar.contains(#"<a href="../landmines/index.html" class="current">Landmines <span class="count">1</span></a>"#))
        #expect(sidebar.contains(#"<a href="../decisions/index.html#timeline-heading">Every decision by date</a>"#))
        #expect(try Self.ids(Self.sidebar(build.page("index.html"))).first == "ADR-0015")
    }
}
