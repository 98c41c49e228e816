/// The sidebar every page has on wide screens (issue 12, item 4): the sections with their counts,
/// and a window of the decisions timeline (the newest, or those around the decision shown).
extension ViewModels {
    static let sidebarSections = ["decisions", "landmines", "contracts", "files", "metrics"]
    static let sidebarTimelineLength = 11
    static let decisionsIndexPath = "decisions/index.html"

    func sidebarSections(section: String, root: String) -> [Model] {
        Self.navigation.filter { Self.sidebarSections.contains($0.section) }.map { item in
            ["title": item.title, "url": root + item.path, "current": item.section == section,
             "count": sectionCounts[item.section].map(String.init) ?? ""] as Model
        }
    }

    /// A sidebar timeline row's keys (`RowKeys`, ADR-0062).
    static let timelineKeys = RowKeys(["id", "title", "status", "url", "current", "hasDate", "date"])

    /// `sections`: `sidebarSections(section:root:)`, shared by the pages at one depth in one section.
    func sidebar(outputPath: String, section: String, root: String, sections: [Model]? = nil) -> Model {
        let sections = sections ?? sidebarSections(section: section, root: root)
        // Every item carries every key (`current`, `hasDate`): a missing one would be read from
        // an enclosing model (see the landmine on Mustache names).
        let here = chronologicalByPage[outputPath]
        let count = chronological.count, length = min(Self.sidebarTimelineLength, count)
        let start = here.map { max(0, min(count - length, $0 - length / 2)) } ?? count - length
        var years: [(year: String, items: [Model])] = []
        // The rows this run of pages made already, for pages in this page's folder (ADR-0043), by
        // decision: the folder's table found once a page, not a key of the folder's text hashed
        // for each row (ADR-0072). A page's own row (`current`) is no other page's: made, not kept.
        let kept = timelineRows.flatMap { rows in TimelineRows.folder(outputPath).map { rows.table($0) } }
        years.reserveCapacity(2)
        for position in (start..<(start + length)).reversed() {
            let index = chronological[position]
            let current = position == here
            let entry: TimelineRows.Entry
            if !current, let found = kept?.rows[index] {
                entry = found
            } else {
                guard let made = timelineEntry(index, current: current, from: outputPath) else { continue }
                entry = made
                if !current { kept?.rows[index] = entry }
            }
            if years.last?.year != entry.year { years.append((entry.year, [])) }
            years[years.count - 1].items.append(entry.row)
        }
        // The decisions index shows the whole timeline itself: a second one beside it would repeat
        // its newest entries.
        let showsTimeline = !years.isEmpty && outputPath != Self.decisionsIndexPath
        return Self.sidebarKeys.row(sections, showsTimeline, years.map { Self.sidebarYearKeys.row($0.year, $0.items) },
                                    root + Self.decisionsIndexPath + "#timeline-heading",
                                    here == nil ? "The newest decisions" : "The decisions around this one")
    }

    /// A sidebar timeline row, its decision's fields read in place (a copy of its record retained
    /// and released every field, ADR-0072); nil for what is not a decision.
    func timelineEntry(_ index: Int, current: Bool, from outputPath: String) -> TimelineRows.Entry? {
        handbook.documents.withUnsafeBufferPointer { documents in
            guard documents[index].decision != nil else { return nil }
            let date = documents[index].decision!.date
            return TimelineRows.Entry(year: date.map { String($0.prefix(4)) } ?? "Undated", row: Self.timelineKeys.row(
                documents[index].decision!.id, documents[index].title, documents[index].decision!.statusLabel,
                Path.relativeURL(from: outputPath, to: outputPaths[index]), current, date != nil, date ?? ""))
        }
    }

    /// The sidebar's keys and its timeline years' (`RowKeys`, ADR-0062).
    static let sidebarKeys = RowKeys(["sections", "hasTimeline", "timeline", "timelineURL", "timelineNote"])
    static let sidebarYearKeys = RowKeys(["year", "decisions"])
}

/// The sidebar timeline's rows made for one run of pages (`RenderStage.PageList.forEach`), shared
/// by its pages (ADR-0043). A row is made from its decision, whether it is the page's own
/// (`current`), and its link, which depends only on the page's folder (`Path.relativeURL`): pages
/// next to each other show mostly the same rows, and with one dictionary for each the template
/// check's fold skips them (`ShapeAccumulator`). Kept for one run only: kept for the whole render
/// they would be tens of megabytes at 100,000 decisions (ADR-0042). Used by one thread at a time.
final class TimelineRows {
    struct Entry {
        var year: String
        var row: ViewModels.Model
    }

    /// The rows of the pages of one folder, by decision (not a page's own row: `current`).
    final class Table {
        var rows: [Int: Entry] = [:]
    }

    private var tables: [String: Table] = [:]
    /// The last folder asked for and its table: pages of one folder come in a row.
    private var last: (folder: String, table: Table)?

    init() {}

    /// The table of the pages in `folder` (`folder(_:)`), made when first asked for.
    func table(_ folder: String) -> Table {
        if let last, last.folder == folder { return last.table }
        let table = tables[folder] ?? Table()
        tables[folder] = table
        last = (folder, table)
        return table
    }

    /// A page's folder, up to and with its last `/`, for an ASCII path of two bytes or more: two
    /// such paths with one folder have the same links to every page (`Path.relativeURL` reads
    /// only the folder of an ASCII path; `/` alone is a folder of its own). Nil otherwise: no row
    /// is shared.
    static func folder(_ path: String) -> String? {
        var last = -1, count = 0
        for byte in path.utf8 {
            if byte >= 0x80 { return nil }
            if byte == UInt8(ascii: "/") { last = count }
            count += 1
        }
        guard count > 1 else { return nil }
        return String(decoding: path.utf8.prefix(last + 1), as: UTF8.self)
    }
}
