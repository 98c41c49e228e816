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

    /// `sections`: `sidebarSections(section:root:)`, shared by the pages at one depth in one section.
    func sidebar(outputPath: String, section: String, root: String, sections: [Model]? = nil) -> Model {
        let sections = sections ?? sidebarSections(section: section, root: root)
        // Every item carries every key (`current`, `hasDate`): a missing one would be read from
        // an enclosing model (see the landmine on Mustache names).
        let here = chronologicalByPage[outputPath]
        let count = chronological.count, length = min(Self.sidebarTimelineLength, count)
        let start = here.map { max(0, min(count - length, $0 - length / 2)) } ?? count - length
        var years: [(year: String, items: [Model])] = []
        for position in (start..<(start + length)).reversed() {
            let index = chronological[position]
            guard let record = handbook.documents[index].decision else { continue }
            let year = record.date.map { String($0.prefix(4)) } ?? "Undated"
            if years.last?.year != year { years.append((year, [])) }
            years[years.count - 1].items.append([
                "id": record.id, "title": handbook.documents[index].title, "status": record.statusLabel,
                "url": Path.relativeURL(from: outputPath, to: outputPaths[index]), "current": position == here,
                "hasDate": record.date != nil, "date": record.date ?? "",
            ] as Model)
        }
        // The decisions index shows the whole timeline itself: a second one beside it would repeat
        // its newest entries.
        let showsTimeline = !years.isEmpty && outputPath != Self.decisionsIndexPath
        return ["sections": sections, "hasTimeline": showsTimeline,
                "timeline": years.map { ["year": $0.year, "decisions": $0.items] as Model },
                "timelineURL": root + Self.decisionsIndexPath + "#timeline-heading",
                "timelineNote": here == nil ? "The newest decisions" : "The decisions around this one"]
    }
}
