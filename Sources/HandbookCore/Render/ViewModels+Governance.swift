import Foundation

/// View models of the governance graph: landmine pages, file pages, and what decision and
/// home pages show of it.
extension ViewModels {
    /// `1 file`, `3 files`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    func fileURL(_ path: String, from outputPath: String) -> String {
        Path.relativeURL(from: outputPath, to: Self.filePage(path))
    }

    static func filePage(_ path: String) -> String { OutputName.fit("files/" + path + ".html") }

    func commitModel(_ commit: Commit) -> Model {
        var model: Model = ["hash": commit.hash, "shortHash": commit.shortHash, "date": commit.date,
                            "author": commit.author, "subject": commit.subject]
        if let repository = handbook.config.repository { model["url"] = repository.commit(commit.hash) }
        if let number = commit.pullRequest { model["pr"] = pullRequestModel(number) }
        return model
    }

    func pullRequestModel(_ number: Int) -> Model {
        var model: Model = ["number": number]
        if let url = handbook.config.repository?.pullRequest(number) { model["url"] = url }
        return model
    }

    func landmineSummary(_ index: Int, from outputPath: String) -> Model {
        let document = handbook.documents[index]
        let record = document.landmine!
        var model: Model = ["title": document.title, "severity": record.severity.rawValue,
                            "needsContext": record.severity.needsContext,
                            "url": Path.relativeURL(from: outputPath, to: document.outputPath),
                            "paths": record.paths.map(\.value),
                            "fileCount": handbook.governance.filesByDocument[index]?.count ?? 0,
                            "filesLabel": Self.count(handbook.governance.filesByDocument[index]?.count ?? 0, "file")]
        if let owner = record.owner { model["owner"] = owner }
        if let text = record.sections["what fails if it disappears"], !text.isEmpty { model["failure"] = text }
        return model
    }

    /// The files a record governs, with links to their pages, and the changes since a decision.
    func addGovernance(_ index: Int, to fields: inout Model, from path: String) {
        let graph = handbook.governance
        let files = graph.filesByDocument[index] ?? []
        // A run's page links to a file as every page with its `UpLink` does (ADR-0065): the row is
        // the build's, made once (`GovernedFileRows`); else made here and shared by the run.
        let link = governanceRows != nil ? Path.UpLink(page: path) : nil
        let table = link.map { governedFileRows.rows(ups: $0.ups) }
        fields["files"] = files.map { file -> Model in
            if let link, let table, file < table.count, let row = table[file], link.reaches(governedFileRows.heads[file]) {
                return row
            }
            let page = filePages[file] ?? Self.filePage(graph.repository.paths[file])
            let url = Path.relativeURL(from: path, to: page)
            let key = GovernanceRows.Key(index: file, url: url)
            if let row = governanceRows?.files[key] { return row }
            let row: Model = ["path": graph.repository.paths[file], "url": url]
            governanceRows?.files[key] = row
            return row
        }
        fields["fileCount"] = files.count
        fields["landmines"] = handbook.relations[index].landmines.map { landmineSummary($0, from: path) }
        fields["hasHistory"] = graph.hasHistory
        fields["historyNote"] = graph.historyNote ?? ""
        if let date = handbook.documents[index].decision?.date, graph.hasHistory {
            let changes = graph.commits(touching: files, after: date)
            fields["changesSince"] = changes.prefix(handbook.config.governance.historyCommits).map(commitModel)
            fields["changesSinceCount"] = changes.count
        } else {
            fields["changesSince"] = [Model]()
            fields["changesSinceCount"] = 0
        }
    }

    /// The home page's "needs attention": critical landmines, hotspots, stale globs.
    func addAttention(to model: inout Model, from path: String) {
        let graph = handbook.governance
        model["criticalLandmines"] = landminesBySeverity.filter { handbook.documents[$0].landmine?.severity == .critical }
            .map { landmineSummary($0, from: path) }
        model["hotspots"] = graph.hotspots.map { hotspot -> Model in
            var item: Model = ["path": hotspot.path, "count": hotspot.fixes.count, "from": hotspot.from, "to": hotspot.to]
            if let file = graph.repository.index(of: hotspot.path), graph.governorCount(file) > 0 {
                item["url"] = fileURL(hotspot.path, from: path)
            }
            return item
        }
        model["stale"] = staleRows(from: path)
    }

    func landmine(_ index: Int, body: String) -> Model {
        let document = handbook.documents[index]
        let record = document.landmine!
        let path = document.outputPath
        var model = common(outputPath: path, title: document.title, section: "landmines")
        var fields = landmineSummary(index, from: path)
        fields["body"] = body
        fields["source"] = document.source.repositoryPath ?? document.source.path
        let sourceURL = self.sourceURL(document)
        if let sourceURL { fields["sourceURL"] = sourceURL }
        if let since = record.since { fields["since"] = since }
        fields["decisions"] = handbook.relations[index].decisions.map { decisionSummary($0, from: path) }
        fields["prs"] = record.pullRequests.map(pullRequestModel)
        fields["incidents"] = record.incidents.map { text -> Model in
            var item: Model = ["text": text]
            if LinkResolver.scheme(of: text) == "https" || LinkResolver.scheme(of: text) == "http" { item["url"] = text }
            return item
        }
        addExtraFields(document, to: &fields)
        addGovernance(index, to: &fields, from: path)
        addPageMeta(index, to: &fields, sourceURL: sourceURL)
        model["landmine"] = fields
        return model
    }

    func landminesIndex() -> Model {
        let path = "landmines/index.html"
        var model = common(outputPath: path, title: "Landmines", section: "landmines")
        let all = landminesBySeverity
        model["groups"] = LandmineRecord.Severity.allCases.compactMap { severity -> Model? in
            let members = all.filter { handbook.documents[$0].landmine?.severity == severity }
            guard !members.isEmpty else { return nil }
            return ["severity": severity.rawValue, "count": members.count, "needsContext": severity.needsContext,
                    "landmines": members.map { landmineSummary($0, from: path) }]
        }
        model["landmineCount"] = all.count
        return model
    }

    func file(_ fileIndex: Int) -> Model {
        let graph = handbook.governance
        let repositoryPath = graph.repository.paths[fileIndex]
        let path = Self.filePage(repositoryPath)
        var model = common(outputPath: path, title: repositoryPath, section: "files")
        let governing = graph.documentsByFile[fileIndex] ?? []
        var fields: Model = ["path": repositoryPath]
        if let repository = handbook.config.repository { fields["repositoryURL"] = repository.file(repositoryPath) }
        fields["landmines"] = governingLandmines(governing).map { landmineSummary($0, from: path) }
        fields["decisions"] = decisionRows(governing, from: path)
        fields["owners"] = graph.owners(of: repositoryPath)
        fields["hasHistory"] = graph.hasHistory
        fields["historyNote"] = graph.historyNote ?? ""
        fields["history"] = (graph.commitsByFile[fileIndex] ?? []).prefix(handbook.config.governance.historyCommits)
            .map { commitModel(graph.commits[$0]) }
        fields["contracts"] = (graph.contractsByFile[fileIndex] ?? []).map { index -> Model in
            let contract = handbook.contracts[index]
            return ["title": contract.title, "url": Path.relativeURL(from: path, to: contract.outputPath),
                    "isSpec": contract.specPath == repositoryPath]
        }
        if let hotspot = graph.hotspot(for: repositoryPath) {
            fields["hotspot"] = ["count": hotspot.fixes.count, "from": hotspot.from, "to": hotspot.to,
                                 "fixes": hotspot.fixes.map(commitModel)] as Model
        }
        model["file"] = fields
        return model
    }

    /// A file page's rows of the decisions governing it (`governing`, from
    /// `documentsByFile`): accepted, proposed, the rest; then by id. In a run of pages
    /// (`governanceRows`), a page whose links to them all are its `UpLink`'s (ADR-0065) takes the
    /// list a page of the same `governing` and `UpLink` made (the same array: the template check's
    /// fold and the engine's memo know it), and each row of such a list is shared by the run's
    /// pages of the same `ups`; other rows by their link (ADR-0048).
    func decisionRows(_ governing: [Int], from path: String) -> [Model] {
        let link = governanceRows != nil ? Path.UpLink(page: path) : nil
        let listKey = link.map { GovernanceRows.ListKey(governing: governing, link: $0) }
        if let listKey, let list = governanceRows?.decisionLists[listKey] { return list }
        let decisions = governing.filter { decisionOrder[$0] != nil }.sorted { a, b in
            let x = decisionOrder[a]!, y = decisionOrder[b]!
            if x.rank != y.rank { return x.rank < y.rank }
            return x.id < y.id
        }
        var shared = true
        let list = decisions.map { index -> Model in
            if let link, link.reaches(outputHeads[index]) {
                let key = GovernanceRows.UpKey(index: index, ups: link.ups)
                if let row = governanceRows?.decisionsByUps[key] { return row }
                let row = decisionRow(index, url: link.prefix + outputPaths[index])
                governanceRows?.decisionsByUps[key] = row
                return row
            }
            shared = false
            let url = Path.relativeURL(from: path, to: outputPaths[index])
            let key = GovernanceRows.Key(index: index, url: url)
            if let row = governanceRows?.decisions[key] { return row }
            let row = decisionRow(index, url: url)
            governanceRows?.decisions[key] = row
            return row
        }
        if shared, let listKey { governanceRows?.decisionLists[listKey] = list }
        return list
    }

    /// The landmines among `governing`, most severe first (`landminesBySeverity`'s order); in a
    /// run of pages, found once per `governing` (ADR-0065: a `Set` of the hundreds governing each
    /// file was made for every file page).
    func governingLandmines(_ governing: [Int]) -> [Int] {
        if let found = governanceRows?.landmines[governing] { return found }
        let governingSet = Set(governing)
        let found = landminesBySeverity.filter { governingSet.contains($0) }
        governanceRows?.landmines[governing] = found
        return found
    }

    /// A file page's row of a decision: its summary, and whether it is no longer in force.
    func decisionRow(_ index: Int, url: String) -> Model {
        var summary = decisionSummary(index, url: url)
        let status = summary["status"] as! String
        summary["inactive"] = StatusText.notInForce(status)
        return summary
    }

    func filesIndex() -> Model {
        let path = "files/index.html"
        var model = common(outputPath: path, title: "Files", section: "files")
        let graph = handbook.governance
        let governed = graph.governedFiles
        model["fileCount"] = governed.count
        model["hasFiles"] = !governed.isEmpty
        let entries = governed.map { file -> FileTree.Entry in
            let severity = (graph.documentsByFile[file] ?? []).compactMap { handbook.documents[$0].landmine?.severity }.min()
            return FileTree.Entry(path: graph.repository.paths[file], count: graph.governorCount(file), severity: severity)
        }
        // `fileURL` without `self`: a closure calling a method of `self` copied the view models for each file (ADR-0044).
        model["tree"] = ["children": FileTree.build(entries) {
            Path.relativeURL(from: path, to: Self.filePage($0))
        }] as Model
        return model
    }
}

/// The governance rows of one run of pages (`RenderStage.PageList.forEach`), shared by its pages
/// (ADR-0048): a file page's row of a decision governing it, and a decision or landmine page's row of
/// a file it governs. A row is made from its decision or file and its link alone, so pages that
/// link to it alike share one dictionary: it is made once, and the template check's fold and the
/// engine's row memo (`Mustache.RowMemo`) know it by its storage. File pages next to each other
/// (sorted by path) are governed by mostly the same decisions. Kept for one run only, as
/// `TimelineRows` are. Used by one thread at a time.
final class GovernanceRows {
    struct Key: Hashable {
        /// The decision's document index, or the file's repository index.
        var index: Int
        var url: String
    }

    /// File pages' rows of decisions, by decision and link.
    var decisions: [Key: ViewModels.Model] = [:]
    /// Decision and landmine pages' rows of files, by file and link.
    var files: [Key: ViewModels.Model] = [:]

    /// A row linked to as `Path.UpLink.prefix` and the page's path (ADR-0065): the same for every
    /// page with that many `ups`.
    struct UpKey: Hashable {
        var index: Int
        var ups: Int
    }

    /// File pages' rows of decisions linked to by `UpLink` (ADR-0065), by decision and `ups`.
    var decisionsByUps: [UpKey: ViewModels.Model] = [:]

    /// A file page's list of decisions, when every row is linked to by `UpLink`: the same for
    /// every page governed by the same documents with the same `UpLink`.
    struct ListKey: Hashable {
        var governing: [Int]
        var link: Path.UpLink
    }

    /// File pages' lists of decisions (ADR-0065), by what governs the file and the page's `UpLink`.
    var decisionLists: [ListKey: [ViewModels.Model]] = [:]
    /// File pages' landmines (their indices), by what governs the file (ADR-0065).
    var landmines: [[Int]: [Int]] = [:]

    init() {}
}

/// Decision and landmine pages' rows of the files they govern when linked to by `Path.UpLink`
/// (ADR-0065): a row is a file's path and its page's link, `"../"` `ups` times and the page's
/// path, the same for every such page with that many `ups`, so it is made once for the build (not
/// once a run of 32 pages: at 10,000 records by 2,000 files most of a million rows were made
/// again), and the template check's fold and the engine's row memo know it by its storage in
/// every run. At most one row per governed file and `ups` (the pages showing files are at one or
/// two depths): kept for the build. Made when a depth is first asked for, under a lock (runs of
/// pages are made on every core).
final class GovernedFileRows: @unchecked Sendable {
    private let lock = NSLock()
    private let paths: [String]
    private let pages: [Int: String]
    /// Each governed file's page's `Path.upLinkHead`, by repository index (nil: not governed, or
    /// its page's link is not `prefix` and its path).
    let heads: [String?]
    private var byUps: [Int: [ViewModels.Model?]] = [:]

    init(paths: [String], pages: [Int: String]) {
        self.paths = paths
        self.pages = pages
        var heads = [String?](repeating: nil, count: paths.count)
        for (file, page) in pages where file < paths.count { heads[file] = Path.upLinkHead(page) }
        self.heads = heads
    }

    /// The rows for pages with `ups`, by repository index (nil where `heads` is).
    func rows(ups: Int) -> [ViewModels.Model?] {
        lock.lock()
        defer { lock.unlock() }
        if let rows = byUps[ups] { return rows }
        let prefix = String(repeating: "../", count: ups)
        var rows = [ViewModels.Model?](repeating: nil, count: paths.count)
        for (file, page) in pages where file < paths.count && heads[file] != nil {
            rows[file] = ["path": paths[file], "url": prefix + page]
        }
        byUps[ups] = rows
        return rows
    }
}

/// What every document page shows around its body: a table of contents when it is long, when
/// and by whom its file last changed (from git), and a link to edit it on the forge.
extension ViewModels {
    /// Pages with at least this many section headings get a table of contents.
    static let tocMinimum = 3

    /// The file page's URL with its first `/blob/` made `/edit/`; nil without one. An ASCII URL is
    /// searched by bytes (the same match as Foundation's `range(of:)`, which compares Characters).
    static func editURL(_ view: String) -> String? {
        // An ASCII address in place (copied into arrays it was an eighth of a page's meta, ADR-0050):
        // the first `/blob/`, its four letters written over with `edit`. Else Foundation's search.
        var text = view
        let ascii: String?? = text.withUTF8 { bytes -> String?? in
            for byte in bytes where byte >= 0x80 { return .none }
            guard bytes.count >= 6 else { return .some(nil) }
            for start in 0...(bytes.count - 6) where bytes[start] == UInt8(ascii: "/") && bytes[start + 1] == UInt8(ascii: "b")
                && bytes[start + 2] == UInt8(ascii: "l") && bytes[start + 3] == UInt8(ascii: "o")
                && bytes[start + 4] == UInt8(ascii: "b") && bytes[start + 5] == UInt8(ascii: "/") {
                return .some(String(unsafeUninitializedCapacity: bytes.count) { buffer in
                    _ = buffer.initialize(from: bytes)
                    for (offset, letter) in "edit".utf8.enumerated() { buffer[start + 1 + offset] = letter }
                    return bytes.count
                })
            }
            return .some(nil)
        }
        if let ascii { return ascii }
        return view.range(of: "/blob/").map { view.replacingCharacters(in: $0, with: "/edit/") }
    }

    /// A document's file in the repository's web view, when the handbook names a repository.
    func sourceURL(_ document: Document) -> String? {
        guard let repository = handbook.config.repository, let path = document.source.repositoryPath else { return nil }
        // `{ref}` put in once for the build (ADR-0062), for the links it was made from.
        if let fileLinks, fileLinks.links == repository { return fileLinks.file(path) }
        return repository.file(path)
    }

    /// A table of contents row's keys (`RowKeys`, ADR-0062).
    static let tocKeys = RowKeys(["text", "anchor", "sub"])

    /// `sourceURL`: `sourceURL(document)`, made already for the page (the edit link is made from it:
    /// made twice it was 4% of a decision page's model, ADR-0050).
    func addPageMeta(_ index: Int, to fields: inout Model, sourceURL: String?) {
        // Two fields of the document read in place, not the document copied (ADR-0069).
        let (headings, repositoryPath) = handbook.documents.reading(index) { document in
            (document.pointee.markdown.headings.filter { $0.level == 2 || $0.level == 3 }, document.pointee.source.repositoryPath)
        }
        fields["toc"] = headings.count >= Self.tocMinimum
            ? headings.map { Self.tocKeys.row($0.text, $0.anchor, $0.level == 3) } : [Model]()
        let graph = handbook.governance
        if let path = repositoryPath, let file = graph.repository.index(of: path),
           let newest = graph.commitsByFile[file]?.first {
            let commit = graph.commits[newest]
            var changed: Model = ["date": commit.date, "author": commit.author]
            if let repository = handbook.config.repository { changed["commitURL"] = repository.commit(commit.hash) }
            fields["lastChanged"] = changed
        }
        // GitHub and GitLab: the edit page is the file page with /edit/ for /blob/.
        if let sourceURL, let url = Self.editURL(sourceURL) { fields["editURL"] = url }
    }
}
