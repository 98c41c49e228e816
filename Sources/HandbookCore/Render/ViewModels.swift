import Foundation

/// Builds the plain dictionaries templates read (dictionaries render about three times faster
/// than structs through Mirror). An absent optional value is an absent key, so `{{#date}}` works.
struct ViewModels {
    /// `var`: `handbook serve` puts an edited document's body in (ADR-0018), nothing else.
    var handbook: Handbook
    let options: BuildOptions
    /// `handbook.landminesBySeverity`, sorted once rather than for each of thousands of file pages.
    let landminesBySeverity: [Int]

    /// Each document's output path, and for decisions the order of file pages' decision lists
    /// (accepted, proposed, the rest; then by id), without copying a `Document` per comparison.
    let outputPaths: [String]
    /// `var`: a field edit (ADR-0021) recomputes the edited decisions' entries.
    var decisionOrder: [(rank: Int, id: String)?]
    /// The percent-encoded site path of each governed file's page, by repository file.
    let filePages: [Int: String]
    /// Each document's `Path.upLinkHead` (ADR-0065).
    let outputHeads: [String?]
    /// Decision and landmine pages' rows of the files they govern, made once for the build (ADR-0065).
    let governedFileRows: GovernedFileRows
    /// The decisions oldest first (by date, then number), and each one's place in that order:
    /// previous and next on decision pages, the timeline.
    let chronological: [Int]
    /// `chronological` reversed: `handbook.decisionsNewestFirst`, sorted once.
    let newestFirst: [Int]
    let chronologicalPosition: [Int: Int]
    /// `var`: a field edit (ADR-0021) gives it the new handbook (its titles); its edges stay.
    var relationGraph: RelationGraph
    /// The decision summaries of the last build's list pages, reused when their inputs are the
    /// same (`handbook serve`, ADR-0021); nil in a build that writes the site once.
    var summaries: SummaryCache?
    /// Each document's status as shown (`statusLabel`), nil for what is not a decision: the home
    /// page and the decisions index count them. `var`: a field edit (ADR-0021) sets the edited ones.
    var statusLabels: [String?]
    /// The sidebar's section counts, and each decision's place in `chronological` by its page.
    let sectionCounts: [String: Int]
    let chronologicalByPage: [String: Int]

    /// The parts of `common` that are the same on every page at one depth in one section (the site,
    /// the navigation, the breadcrumbs, the sidebar's sections), made once and shared by the pages:
    /// neither made nor folded into the template check's shapes again for each page (ADR-0042).
    /// They depend on the configuration and the section counts, which a field edit does not change.
    let shared = SharedRows()
    /// The sidebar timeline's rows of the run of pages being made (`TimelineRows`); nil: each page
    /// makes its own.
    var timelineRows: TimelineRows?
    /// The governance rows of the run of pages being made (`GovernanceRows`); nil: each page makes its own.
    var governanceRows: GovernanceRows?

    /// The configuration's file links with `{ref}` put in (`sourceURL`, ADR-0062).
    let fileLinks: RepositoryLinks.FileLinks?
    /// The pages of the ASCII tags the run of pages being made links to (`TagPages`, ADR-0062);
    /// nil: each tag link makes its page.
    var tagPages: TagPages?

    init(handbook: Handbook, options: BuildOptions) {
        self.handbook = handbook
        fileLinks = handbook.config.repository?.fileLinks
        self.options = options
        landminesBySeverity = handbook.landminesBySeverity
        newestFirst = handbook.decisionsNewestFirst
        chronological = newestFirst.reversed()
        chronologicalPosition = Dictionary(uniqueKeysWithValues: chronological.enumerated().map { ($1, $0) })
        relationGraph = RelationGraph(handbook: handbook, chronological: chronological)
        sectionCounts = ["decisions": chronological.count, "landmines": landminesBySeverity.count,
                         "contracts": handbook.contracts.count, "files": handbook.governance.governedFiles.count]
        chronologicalByPage = Dictionary(chronological.enumerated().map { (handbook.documents[$1].outputPath, $0) }) { first, _ in first }
        var outputPaths: [String] = []
        var decisionOrder: [(rank: Int, id: String)?] = []
        var statusLabels: [String?] = []
        var outputHeads: [String?] = []
        for index in handbook.documents.indices {
            // Read in place, not copied (ADR-0069).
            handbook.documents.reading(index) { document in
                outputPaths.append(document.pointee.outputPath)
                outputHeads.append(Path.upLinkHead(document.pointee.outputPath))
                decisionOrder.append(Self.decisionOrder(document.pointee))
                statusLabels.append(document.pointee.decision?.statusLabel)
            }
        }
        self.statusLabels = statusLabels
        self.outputPaths = outputPaths
        self.decisionOrder = decisionOrder
        let graph = handbook.governance
        filePages = Dictionary(uniqueKeysWithValues: graph.governedFiles.map { ($0, Self.filePage(graph.repository.paths[$0])) })
        self.outputHeads = outputHeads
        governedFileRows = GovernedFileRows(paths: graph.repository.paths, pages: filePages)
    }

    /// The order of file pages' decision lists: accepted, proposed, the rest; then by id.
    static func decisionOrder(_ document: Document) -> (rank: Int, id: String)? {
        guard let record = document.decision else { return nil }
        return (record.status == "accepted" ? 0 : record.status == "proposed" ? 1 : 2, record.id)
    }

    /// These view models for `handbook`, which differs from theirs only in the title, status and
    /// tags of the decisions `edited` (a field edit, ADR-0021): what those cannot change is kept
    /// (the orders by date and number, the paths, the relation graph's edges), what they can is
    /// recomputed. `PageListTests` (IncrementalBuildTests) compares every page's model with fresh ones.
    func replacing(_ handbook: Handbook, edited: [Int]) -> ViewModels {
        var copy = self
        copy.handbook = handbook
        for index in edited {
            copy.decisionOrder[index] = Self.decisionOrder(handbook.documents[index])
            copy.statusLabels[index] = handbook.documents[index].decision?.statusLabel
        }
        copy.relationGraph.handbook = handbook
        return copy
    }

    typealias Model = [String: Any]

    struct NavItem { var title: String; var path: String; var section: String }
    static let navigation = [
        NavItem(title: "Home", path: "index.html", section: "home"),
        NavItem(title: "Decisions", path: "decisions/index.html", section: "decisions"),
        NavItem(title: "Landmines", path: "landmines/index.html", section: "landmines"),
        NavItem(title: "Contracts", path: "contracts/index.html", section: "contracts"),
        NavItem(title: "Files", path: "files/index.html", section: "files"),
        NavItem(title: "Metrics", path: "metrics/index.html", section: "metrics"),
        NavItem(title: "Search", path: "search.html", section: "search"),
    ]

    /// What every page has: the site, the way back to the root, the navigation.
    func common(outputPath: String, title: String, section: String) -> Model {
        let root = Path.rootPrefix(for: outputPath)
        // Breadcrumbs: home, then the section's index, then (in the template) the page itself.
        // Every page has the list (so templates can be checked against its shape); the home page hides it.
        let item = section == "home" ? nil : Self.navigation.first(where: { $0.section == section })
        // Looked up first, made only when missing: a closure that makes them captured a copy of
        // these view models on every page (ADR-0050).
        let key = SharedRows.key(root: root, section: section, sectionIndexShown: item.map { $0.path != outputPath } ?? false)
        let rows: SharedRows.Rows
        if let found = shared.rows(key) {
            rows = found
        } else {
            let nav: [Model] = Self.navigation.map {
                ["title": $0.title, "url": root + $0.path, "current": $0.section == section] as Model
            }
            var breadcrumbs: [Model] = [["title": "Home", "url": root + "index.html"]]
            if let item, item.path != outputPath {
                breadcrumbs.append(["title": item.title, "url": root + item.path])
            }
            rows = shared.keep(SharedRows.Rows(site: siteModel(), nav: nav, breadcrumbs: breadcrumbs,
                                               sidebarSections: sidebarSections(section: section, root: root)), for: key)
        }
        // The browser tab: the page, then the site; the home page is the site's title alone.
        let documentTitle = title == handbook.config.title ? title : title + " · " + handbook.config.title
        return Self.commonKeys.row(rows.site, root, rows.nav, section, rows.breadcrumbs, outputPath != "index.html",
                                   sidebar(outputPath: outputPath, section: section, root: root, sections: rows.sidebarSections),
                                   Self.pageKeys.row(title, outputPath, documentTitle), "Handbook")
    }

    /// What `common` gives every page, and its `page` (`RowKeys`, ADR-0062).
    static let commonKeys = RowKeys(["site", "root", "nav", "section", "breadcrumbs", "showBreadcrumbs", "sidebar", "page", "generator"])
    static let pageKeys = RowKeys(["title", "path", "documentTitle"])

    func siteModel() -> Model {
        var site: Model = ["title": handbook.config.title, "language": handbook.config.language,
                           "params": handbook.config.params?.templateValue ?? [String: Any]()]
        if let repository = handbook.config.repository { site["repository"] = repository.address }
        return site
    }

    func decisionSummary(_ index: Int, from outputPath: String) -> Model {
        decisionSummary(index, url: Path.relativeURL(from: outputPath, to: outputPaths[index]))
    }

    /// A decision's summary with its link made already.
    func decisionSummary(_ index: Int, url: String) -> Model {
        // Made when asked, not kept for every decision (at 100,000 decisions they were 84 MB for the whole render).
        // The fields read in place: a copy of the whole `Document` and `DecisionRecord` to read five
        // was a fifth of a file page's row (ADR-0044). Made from a prototype with room for what pages
        // add (inactive), no key hashed (`RowKeys`, ADR-0062).
        handbook.documents.withUnsafeBufferPointer { documents in
            if let date = documents[index].decision!.date {
                return Self.datedSummaryKeys.row(documents[index].decision!.id, documents[index].title,
                                                 documents[index].decision!.statusLabel, documents[index].decision!.tags, url, date)
            }
            return Self.summaryKeys.row(documents[index].decision!.id, documents[index].title,
                                        documents[index].decision!.statusLabel, documents[index].decision!.tags, url)
        }
    }

    /// One place in `decisions` for each shape their summaries (`decisionSummary`) have, in order
    /// (`Mustache.MadeRows.shapes`, ADR-0072): a summary's keys are its date's presence, and its
    /// values' kinds all Strings but its tags, a list of Strings, empty or not. Read in place.
    func summaryShapes(_ decisions: ArraySlice<Int>) -> [Int] {
        var places: [Int] = []
        var seen = 0
        handbook.documents.withUnsafeBufferPointer { documents in
            for (place, index) in decisions.enumerated() {
                let shape = (documents[index].decision!.date == nil ? 0 : 1) | (documents[index].decision!.tags.isEmpty ? 0 : 2)
                guard seen & (1 << shape) == 0 else { continue }
                seen |= 1 << shape
                places.append(place)
                if seen == 15 { break }
            }
        }
        return places
    }

    /// A decision summary's keys, without and with its date (`decisionSummary`).
    static let summaryKeys = RowKeys(["id", "title", "status", "tags", "url"], minimumCapacity: 8)
    static let datedSummaryKeys = RowKeys(["id", "title", "status", "tags", "url", "date"], minimumCapacity: 8)

    func statusCounts(from outputPath: String) -> [Model] {
        var counts: [String: Int] = [:]
        for case let status? in statusLabels { counts[status, default: 0] += 1 }
        let ordered = handbook.config.statuses + counts.keys.filter { !handbook.config.statuses.contains($0) }.sorted()
        return ordered.compactMap { status in
            guard let count = counts[status] else { return nil }
            return ["status": status, "count": count,
                    "url": Path.relativeURL(from: outputPath, to: "decisions/index.html") + "#status-" + status] as Model
        }
    }

    func home(intro: String) -> Model {
        let path = "index.html"
        var model = common(outputPath: path, title: handbook.config.title, section: "home")
        let decisions = newestFirst
        let recent = decisions.prefix(handbook.config.recentDecisions)
        let proposed = decisions.filter { statusLabels[$0] == "proposed" }
        // One call, so that the summary cache keeps both lists' rows (ADR-0021).
        let rows = decisionSummaries(Array(recent) + proposed, from: path)
        model["recent"] = Array(rows[..<recent.count])
        model["statusCounts"] = statusCounts(from: path)
        model["decisionCount"] = decisions.count
        model["proposed"] = Array(rows[recent.count...])
        model["pages"] = handbook.documents.indices.filter { handbook.documents[$0].kind == .page }
            .sorted { handbook.documents[$0].outputPath < handbook.documents[$1].outputPath }
            .map { ["title": handbook.documents[$0].title,
                    "url": Path.relativeURL(from: path, to: handbook.documents[$0].outputPath)] as Model }
        if !intro.isEmpty { model["intro"] = intro }
        model["releaseBlockers"] = metricBlockers(from: path)
        addAttention(to: &model, from: path)
        if let review = reviewLink(from: path) { model["review"] = review }
        model["calm"] = ["releaseBlockers", "criticalLandmines", "hotspots", "proposed", "stale"]
            .allSatisfy { (model[$0] as? [Any])?.isEmpty ?? true }
        return model
    }

    func decisionsIndex(intro: String = "") -> Model {
        let path = "decisions/index.html"
        var model = common(outputPath: path, title: "Decisions", section: "decisions")
        if !intro.isEmpty { model["intro"] = intro }
        model["statusCounts"] = statusCounts(from: path)
        func addGraph(_ nodeCount: Int, _ isolated: Int) {
            model["hasGraph"] = nodeCount > 0
            model["graphNote"] = nodeCount == 0 ? "No decision relates to another yet."
                : "\(Self.count(nodeCount, "document")) with relations; the table above also lists \(Self.count(isolated, "decision")) without any."
        }
        guard summaries == nil else {
            // `handbook serve` records this page's rows and keeps their summaries (ADR-0021): made
            // once, shared by the table and the timeline; the graph keeps its nodes' text for a field edit.
            let drawn = relationGraph.svg(from: path)
            model["graph"] = drawn.svg
            addGraph(drawn.nodeCount, drawn.isolated)
            let decisions = decisionSummaries(newestFirst, from: path)
            model["decisions"] = decisions
            model["timeline"] = timeline(from: path, rows: decisions)
            return model
        }
        // A build that writes the site once: the graph drawn as it is written, each row made as it
        // is rendered, for the table and for the timeline (ADR-0054; held, the 100,000 summaries
        // were 98 MB while this page rendered, the graph 42 MB).
        let drawn = relationGraph.madeSVG(from: path)
        model["graph"] = drawn.svg
        addGraph(drawn.nodeCount, drawn.isolated)
        let order = newestFirst, models = self
        model["decisions"] = Mustache.MadeRows(count: order.count, shapes: summaryShapes(order[...])) {
            models.decisionSummary(order[$0], from: path)
        }
        model["timeline"] = timelineYears().map { year -> Model in
            let start = year.positions.lowerBound
            let rows = Mustache.MadeRows(count: year.positions.count, shapes: summaryShapes(order[year.positions])) {
                models.decisionSummary(order[start + $0], from: path)
            }
            return ["year": year.year, "anchor": "year-" + year.year, "decisions": rows]
        }
        return model
    }

    /// The timeline's years, newest first, each with its decisions' places in `newestFirst` (`timeline`).
    func timelineYears() -> [(year: String, positions: Range<Int>)] {
        var years: [(year: String, positions: Range<Int>)] = []
        for (position, index) in newestFirst.enumerated() {
            let year = handbook.documents[index].decision?.date.map { String($0.prefix(4)) } ?? "Undated"
            if years.last?.year == year {
                years[years.count - 1].positions = years[years.count - 1].positions.lowerBound..<(position + 1)
            } else {
                years.append((year, position..<(position + 1)))
            }
        }
        return years
    }

    /// The decisions by year, newest first: log4brains' timeline.
    /// `rows`: the decisions' summaries from `path` newest first, when made already (the order of the timeline).
    func timeline(from path: String, rows: [Model]? = nil) -> [Model] {
        var years: [(year: String, decisions: [Model])] = []
        for (position, index) in chronological.reversed().enumerated() {
            let year = handbook.documents[index].decision?.date.map { String($0.prefix(4)) } ?? "Undated"
            if years.last?.year != year { years.append((year, [])) }
            years[years.count - 1].decisions.append(rows?[position] ?? decisionSummary(index, from: path))
        }
        return years.map { ["year": $0.year, "anchor": "year-" + $0.year, "decisions": $0.decisions] as Model }
    }

    func decision(_ index: Int, body: String) -> Model {
        let document = handbook.documents[index]
        let record = document.decision!
        let path = document.outputPath
        var model = common(outputPath: path, title: "\(record.id): \(document.title)", section: "decisions")
        // The fields every decision page has are set in a copy of `decisionFieldKeys.prototype`
        // by index, before any other key is added (`RowKeys`, ADR-0062); the others are added after.
        var fields = Self.decisionFieldKeys.prototype
        let keys = Self.decisionFieldKeys
        keys.set(&fields, 0, record.id)
        keys.set(&fields, 1, document.title)
        keys.set(&fields, 2, record.statusLabel)
        keys.set(&fields, 3, body)
        keys.set(&fields, 4, record.format)
        keys.set(&fields, 5, document.source.repositoryPath ?? document.source.path)
        keys.set(&fields, 6, record.deciders)
        keys.set(&fields, 7, record.consulted)
        keys.set(&fields, 8, record.informed)
        keys.set(&fields, 9, record.tags)
        keys.set(&fields, 10, tagLinks(record.tags, from: path))
        keys.set(&fields, 11, record.governs.map(\.value))
        keys.set(&fields, 12, record.pullRequests.map { number -> Model in
            var pr: Model = ["number": number]
            if let url = handbook.config.repository?.pullRequest(number) { pr["url"] = url }
            return pr
        })
        let relations = handbook.relations[index]
        for (key, targets) in [relations.supersedes, relations.supersededBy, relations.amends, relations.amendedBy,
                               relations.related].enumerated() {
            keys.set(&fields, 13 + key, targets.map { decisionSummary($0, from: path) })
        }
        // No longer in force: a banner that names the successor.
        keys.set(&fields, 18, StatusText.notInForce(record.status))
        if let date = record.date { fields["date"] = date }
        if let reviewBy = record.reviewBy?.value { fields["reviewBy"] = reviewBy }
        let sourceURL = self.sourceURL(document)
        if let sourceURL { fields["sourceURL"] = sourceURL }
        addExtraFields(document, to: &fields)
        addGovernance(index, to: &fields, from: path)
        addPageMeta(index, to: &fields, sourceURL: sourceURL)
        if let local = relationGraph.svg(around: index, from: path) { fields["graph"] = local }
        if let position = chronologicalPosition[index] {
            if position > 0 { fields["previous"] = decisionSummary(chronological[position - 1], from: path) }
            if position + 1 < chronological.count { fields["next"] = decisionSummary(chronological[position + 1], from: path) }
        }
        model["decision"] = fields
        return model
    }

    /// The fields every decision page has, in the order `decision` sets them, with room for all
    /// of a page's fields (about 36; ADR-0058: grown from fewer, the table was made again three
    /// times a page, every key hashed again each time).
    static let decisionFieldKeys = RowKeys(["id", "title", "status", "body", "format", "source", "deciders", "consulted",
                                            "informed", "tags", "tagLinks", "governs", "prs", "supersedes", "supersededBy",
                                            "amends", "amendedBy", "related", "notInForce"], minimumCapacity: 40)

    func page(_ index: Int, body: String) -> Model {
        let document = handbook.documents[index]
        var model = common(outputPath: document.outputPath, title: document.title, section: "pages")
        var fields: Model = ["title": document.title, "body": body,
                             "source": document.source.repositoryPath ?? document.source.path]
        let sourceURL = self.sourceURL(document)
        if let sourceURL { fields["sourceURL"] = sourceURL }
        addExtraFields(document, to: &fields)
        addPageMeta(index, to: &fields, sourceURL: sourceURL)
        model["document"] = fields
        return model
    }

    /// `style` is the theme's stylesheet, inlined: a host serves this page at any depth.
    func notFound(style: String) -> Model {
        var model = common(outputPath: "404.html", title: "Page not found", section: "none")
        model["inlineStyle"] = style.replacingOccurrences(of: "</", with: "<\\/")
        return model
    }

    /// Unknown front-matter keys: as `meta.KEY` for templates that know them, and as a list to show.
    func addExtraFields(_ document: Document, to fields: inout Model) {
        var meta: Model = [:]
        var list: [Model] = []
        for entry in document.extraFields {
            guard let key = entry.key.string else { continue }
            meta[key] = entry.value.templateValue
            list.append(["name": key, "value": Self.displayText(entry.value)])
        }
        fields["meta"] = meta
        fields["extra"] = list
    }

    static func displayText(_ node: YAMLNode) -> String {
        switch node.value {
        case .scalar: return node.string ?? ""
        case .sequence(let items): return items.map(displayText).joined(separator: ", ")
        case .mapping(let entries):
            return entries.map { "\($0.key.string ?? ""): \(displayText($0.value))" }.joined(separator: "; ")
        }
    }
}

/// `ViewModels.common`'s rows shared by every page at one depth in one section, from any thread.
final class SharedRows: @unchecked Sendable {
    struct Rows {
        var site: [String: Any]
        var nav: [[String: Any]]
        var breadcrumbs: [[String: Any]]
        var sidebarSections: [[String: Any]]
    }

    private let lock = NSLock()
    private var rows: [String: Rows] = [:]

    static func key(root: String, section: String, sectionIndexShown: Bool) -> String {
        root + "\u{0}" + section + (sectionIndexShown ? "\u{0}1" : "\u{0}0")
    }

    /// The rows made for `key` (`key(root:section:sectionIndexShown:)`), if any.
    func rows(_ key: String) -> Rows? {
        lock.lock()
        defer { lock.unlock() }
        return rows[key]
    }

    /// Keeps `made` for `key` unless another thread kept rows for it first; returns the rows kept.
    func keep(_ made: Rows, for key: String) -> Rows {
        lock.lock()
        defer { lock.unlock() }
        if let found = rows[key] { return found }
        rows[key] = made
        return made
    }
}
