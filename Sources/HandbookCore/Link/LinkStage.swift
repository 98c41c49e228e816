import Foundation
import HandbookMarkdown

/// Stage 3: give every id and path its document, resolve every link and reference, derive the
/// reverse relations (superseded-by, amended-by, related), and report what points at nothing.
struct LinkStage {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine
    /// Match globs against the repository, read CODEOWNERS and history, resolve the links of
    /// bodies: all off for `review`, which reads fields only.
    var governance = true
    /// The governance linker on a thread of its own beside the rest of the stage (ADR-0057); false
    /// runs it in place, as before (tests compare the two).
    var governanceBeside = true

    /// Pages the site generates, by the content folder they stand for.
    static let generatedIndexes = ["": "index.html", "decisions": "decisions/index.html", "landmines": "landmines/index.html",
                                   "files": "files/index.html", "tags": "tags/index.html", "metrics": "metrics/index.html", "contracts": "contracts/index.html"]
    static let reservedOutputs: Set<String> = ["index.html", "decisions/index.html", "404.html", "metrics/index.html",
                                                "landmines/index.html", "files/index.html", "contracts/index.html",
                                                "review.html", "handbook.json", "decisions/feed.xml",
                                                "tags/index.html", "search.html", "search-index.js"]

    func run(_ loaded: LoadedHandbook, documents: [Document], intro: Document? = nil, contracts: [Contract] = []) -> Handbook {
        // The governance linker (listing and indexing the repository, matching every record's
        // globs, CODEOWNERS, history) needs only the documents as parsed: it runs on a thread of
        // its own beside the rest of this stage, which ran on one core before it (ADR-0057). Its
        // graph is the one it made alone; its diagnostics are sorted with all the others.
        let linkGovernance = { [options, fileSystem, git, diagnostics] () -> GovernanceGraph in
            var linker = GovernanceLinker(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
            return linker.run(documents: documents, contracts: contracts, config: loaded.config, root: loaded.rootDirectory)
        }
        let governanceWork = self.governance && governanceBeside ? BackgroundWork(linkGovernance) : nil
        var byPath: [String: Int] = [:]
        var byID: [String: Int] = [:]
        var outputs: [String: Int] = [:]
        var aliasKeys: [String: Int] = [:]
        var byRealPath: [String: Int] = [:]
        // Each document read in place, by index: `for (index, document) in documents.enumerated()`
        // copied every `Document` (728 bytes and its references retained and released, ADR-0073).
        for index in documents.indices {
            let source = documents[index].source, outputPath = documents[index].outputPath
            byPath[source.path] = index
            if !source.absolutePath.isEmpty { byRealPath[source.absolutePath] = index }
            // Two records with one id collide too; that is reported once, as a duplicate id, below.
            if let previous = outputs[outputPath], documents[index].decision == nil || documents[previous].decision == nil {
                diagnostics.error("output-collision",
                                  "this file and \(documents[previous].source.displayPath) would both be written to \(outputPath)",
                                  at: source.location(line: 1))
            } else if Self.reservedOutputs.contains(outputPath), !documents[index].isDecisionsIntro {
                diagnostics.error("output-collision", "\(outputPath) is a page the handbook generates; rename this file",
                                  at: source.location(line: 1))
            }
            outputs[outputPath] = index
            guard let record = documents[index].decision else { continue }
            var keys = [IDKey.normalize(record.id)]
            if let number = record.number { keys.append("#\(number)") }
            // Aliases (a Docusaurus id) resolve links but never collide: the first record keeps one.
            for alias in record.aliases where byID[IDKey.normalize(alias)] == nil { aliasKeys[IDKey.normalize(alias)] = index }
            for key in Set(keys) {
                if let previous = byID[key], previous != index {
                    diagnostics.error("duplicate-id",
                                      "\(record.id) is also the id of \(documents[previous].source.displayPath)",
                                      at: record.idLocation)
                } else {
                    byID[key] = index
                }
            }
        }
        for (key, index) in aliasKeys where byID[key] == nil { byID[key] = index }
        let assets = Set(loaded.assets.map(\.path))
        var assetsByRealPath: [String: String] = [:]
        for asset in loaded.assets where !asset.absolutePath.isEmpty { assetsByRealPath[asset.absolutePath] = asset.path }
        let resolver = LinkResolver(options: options, fileSystem: fileSystem, diagnostics: diagnostics,
                                    config: loaded.config, rootDirectory: loaded.rootDirectory,
                                    documents: documents, byPath: byPath, byID: byID, assets: assets,
                                    byRealPath: byRealPath, assetsByRealPath: assetsByRealPath)
        var hrefs = [[String]](repeating: [], count: documents.count)
        hrefs.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: self.governance ? documents.count : 0) { index in
                // The document once, not a copy of the whole `Document` for every link, and its real
                // folder once for all its links (ADR-0056).
                let document = documents[index]
                let folder = LinkResolver.RealFolder(document.source.absolutePath)
                slots[index] = document.markdown.links.map { resolver.resolve($0, in: document, folder: folder) }
            }
        }
        var relations = deriveRelations(documents, resolver: resolver)
        linkLandmines(documents, resolver: resolver, into: &relations)
        let governance = governanceWork?.wait() ?? (self.governance ? linkGovernance() : GovernanceGraph())
        let documents = datesFromHistory(documents, governance)
        let introHrefs = intro.map { page in page.markdown.links.map { resolver.resolve($0, in: page) } } ?? []
        // The repository's images that pages show, copied into the site beside the content's own.
        var assetList = loaded.assets
        if self.governance {
            var copied = Set(assetList.map(\.path))
            func add(_ images: [SourceFile]) {
                for image in images where copied.insert(image.path).inserted { assetList.append(image) }
            }
            // The documents, then the intro (not a copy of the whole array with the intro after it).
            for index in documents.indices {
                add(resolver.repositoryImages(links: documents[index].markdown.links, absolutePath: documents[index].source.absolutePath))
            }
            if let intro { add(resolver.repositoryImages(in: intro)) }
        }
        var handbook = Handbook(config: loaded.config, rootDirectory: loaded.rootDirectory, documents: documents,
                                assets: assetList, hrefs: hrefs, relations: relations, intro: intro,
                                introHrefs: introHrefs, governance: governance, metrics: loaded.metrics, idIndex: byID)
        handbook.contracts = contracts
        // A contract's `decisions:` name decision records (edges of the relation graph).
        for index in handbook.contracts.indices {
            var cited: [Int] = []
            for reference in handbook.contracts[index].decisions {
                if let decision = resolver.record(reference, fromFile: handbook.contracts[index].source), !cited.contains(decision) {
                    cited.append(decision)
                }
            }
            handbook.contracts[index].citedDecisions = cited
        }
        return handbook
    }

    /// Eleventy's `date: git Created` / `git Last Modified`: the file's first or last commit in the
    /// history read for file pages; without history (not git, a shallow clone) a warning at the line.
    private func datesFromHistory(_ documents: [Document], _ graph: GovernanceGraph) -> [Document] {
        guard self.governance, documents.indices.contains(where: { documents[$0].decision?.dateFromHistory != nil }) else { return documents }
        var documents = documents
        for index in documents.indices {
            guard var record = documents[index].decision, let wanted = record.dateFromHistory else { continue }
            let path = documents[index].source.repositoryPath
            var dates: [String] = []
            if graph.hasHistory, let path, let file = graph.repository.index(of: path) {
                dates = (graph.commitsByFile[file] ?? []).map { graph.commits[$0].date }.sorted()
            }
            if let date = wanted.lastModified ? dates.last : dates.first {
                record.date = date
                documents[index].decision = record
            } else {
                diagnostics.warning("invalid-date",
                                    "the date '\(wanted.lastModified ? "git Last Modified" : "git Created")' comes from the file's git history, which is not available (\(graph.historyNote ?? "no commit touches this file"))",
                                    at: wanted.location)
            }
        }
        return documents
    }

    /// A landmine's `decisions:` name decision records; each decision lists the landmines naming it.
    private func linkLandmines(_ documents: [Document], resolver: LinkResolver, into relations: inout [Handbook.Relations]) {
        for index in documents.indices {
            for reference in documents[index].landmine?.decisions ?? [] {
                guard let decision = resolver.record(reference, fromFile: documents[index].source) else { continue }
                if !relations[index].decisions.contains(decision) { relations[index].decisions.append(decision) }
                if !relations[decision].landmines.contains(index) { relations[decision].landmines.append(index) }
            }
        }
    }

    /// Turns each record's written relations into edges, then each edge into both ends' lists.
    private func deriveRelations(_ documents: [Document], resolver: LinkResolver) -> [Handbook.Relations] {
        var relations = [Handbook.Relations](repeating: .init(), count: documents.count)
        var edges = Set<Edge>()
        for index in documents.indices {
            guard let record = documents[index].decision else { continue }
            let source = documents[index].source
            for (relation, target) in record.outgoing {
                guard let other = resolver.record(target, fromFile: source) else { continue }
                if other != index {
                    edges.insert(Edge(from: index, to: other, relation: relation))
                } else {
                    diagnostics.error("self-reference", "\(record.id) cannot \(["supersedes": "supersede", "amends": "amend", "relates": "relate to"][relation.rawValue] ?? relation.rawValue) itself",
                                      at: target.location)
                }
            }
            for (relation, sourceReference) in record.incoming {
                if let other = resolver.record(sourceReference, fromFile: source), other != index {
                    edges.insert(Edge(from: other, to: index, relation: relation))
                }
            }
        }
        for edge in edges.sorted() {
            switch edge.relation {
            case .supersedes:
                relations[edge.from].supersedes.append(edge.to)
                relations[edge.to].supersededBy.append(edge.from)
            case .amends:
                relations[edge.from].amends.append(edge.to)
                relations[edge.to].amendedBy.append(edge.from)
            case .relates:
                if !relations[edge.from].related.contains(edge.to) { relations[edge.from].related.append(edge.to) }
                if !relations[edge.to].related.contains(edge.from) { relations[edge.to].related.append(edge.from) }
            }
        }
        return relations
    }

    struct Edge: Hashable, Comparable {
        var from: Int
        var to: Int
        var relation: DecisionRecord.Relation

        static func < (a: Edge, b: Edge) -> Bool {
            (a.from, a.to, a.relation.rawValue) < (b.from, b.to, b.relation.rawValue)
        }
    }
}
