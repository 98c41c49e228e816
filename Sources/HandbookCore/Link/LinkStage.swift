import Foundation
import HandbookMarkdown

/// Stage 3: give every id and path its document, resolve every link and reference, derive the
/// reverse relations (superseded-by, amended-by, related), and report what points at nothing.
struct LinkStage {
    let options: BuildOptions
    let fileSystem: FileSystem
    let diagnostics: DiagnosticEngine

    /// Pages the site generates, by the content folder they stand for.
    static let generatedIndexes = ["": "index.html", "decisions": "decisions/index.html",
                                   "contracts": "contracts/index.html"] // contracts: issue 5
    static let reservedOutputs: Set<String> = ["index.html", "decisions/index.html", "404.html",
                                               "contracts/index.html"] // contracts: issue 5

    func run(_ loaded: LoadedHandbook, documents: [Document]) -> Handbook {
        var byPath: [String: Int] = [:]
        var byID: [String: Int] = [:]
        var outputs: [String: Int] = [:]
        for (index, document) in documents.enumerated() {
            byPath[document.source.path] = index
            if let previous = outputs[document.outputPath] {
                diagnostics.error("output-collision",
                                  "this file and \(documents[previous].source.displayPath) would both be written to \(document.outputPath)",
                                  at: document.source.location(line: 1))
            } else if Self.reservedOutputs.contains(document.outputPath) {
                diagnostics.error("output-collision", "\(document.outputPath) is a page the handbook generates; rename this file",
                                  at: document.source.location(line: 1))
            }
            outputs[document.outputPath] = index
            guard let record = document.decision else { continue }
            var keys = [IDKey.normalize(record.id)]
            if let number = record.number { keys.append("#\(number)") }
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
        let assets = Set(loaded.assets.map(\.path))
        let resolver = LinkResolver(options: options, fileSystem: fileSystem, diagnostics: diagnostics,
                                    config: loaded.config, rootDirectory: loaded.rootDirectory,
                                    documents: documents, byPath: byPath, byID: byID, assets: assets)
        var hrefs = [[String]](repeating: [], count: documents.count)
        hrefs.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: documents.count) { index in
                slots[index] = documents[index].markdown.links.map { resolver.resolve($0, in: documents[index]) }
            }
        }
        let relations = deriveRelations(documents, resolver: resolver)
        return Handbook(config: loaded.config, rootDirectory: loaded.rootDirectory, documents: documents,
                        assets: loaded.assets, hrefs: hrefs, relations: relations, idIndex: byID)
    }

    /// Turns each record's written relations into edges, then each edge into both ends' lists.
    private func deriveRelations(_ documents: [Document], resolver: LinkResolver) -> [Handbook.Relations] {
        var relations = [Handbook.Relations](repeating: .init(), count: documents.count)
        var edges = Set<Edge>()
        for (index, document) in documents.enumerated() {
            guard let record = document.decision else { continue }
            for (relation, target) in record.outgoing {
                guard let other = resolver.record(target, from: document) else { continue }
                if other != index {
                    edges.insert(Edge(from: index, to: other, relation: relation))
                } else {
                    diagnostics.error("self-reference", "\(record.id) cannot \(relation.rawValue == "relates" ? "relate to" : relation.rawValue) itself",
                                      at: target.location)
                }
            }
            for (relation, source) in record.incoming {
                if let other = resolver.record(source, from: document), other != index {
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
