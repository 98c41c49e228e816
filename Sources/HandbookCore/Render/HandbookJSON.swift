import Foundation

/// `handbook.json`: the whole graph for other tools (and AI assistants), in the shape of
/// `schemas/handbook.schema.json`: every document with its fields and page, every link,
/// every relation, every contract, every governed file with what governs it.
struct HandbookJSON: Codable {
    indirect enum Value: Codable, Equatable {
        case string(String), bool(Bool), list([Value]), object([String: Value])

        init(_ node: YAMLNode) {
            switch node.value {
            case .scalar:
                if let flag = node.bool { self = .bool(flag) } else { self = .string(node.string ?? "") }
            case .sequence(let items): self = .list(items.map(Value.init))
            case .mapping(let entries):
                var object: [String: Value] = [:]
                for entry in entries { object[entry.key.string ?? ""] = Value(entry.value) }
                self = .object(object)
            }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .bool(let flag): try container.encode(flag)
            case .list(let items): try container.encode(items)
            case .object(let object): try container.encode(object)
            }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let items = try? container.decode([Value].self) { self = .list(items) }
            else { self = .object(try container.decode([String: Value].self)) }
        }
    }

    struct Link: Codable { var kind: String; var href: String; var target: String?; var line: Int }
    struct Document: Codable {
        var id: String
        var kind: String
        var title: String
        var page: String
        var source: String
        var status: String?
        var severity: String?
        var date: String?
        var fields: [String: Value]
        var governs: [String]
        var files: [String]
        var links: [Link]
    }
    struct Contract: Codable {
        var id: String
        var title: String
        var page: String
        var spec: String
        var provider: String?
        var consumers: [String]
        var owner: String?
        var version: String?
        var governs: [String]
        var files: [String]
    }
    struct Relation: Codable { var from: String; var to: String; var kind: String }
    struct File: Codable {
        var path: String
        var decisions: [String]
        var landmines: [String]
        var contracts: [String]
        var owners: [String]
    }

    var version = 1
    var title: String
    var repository: String?
    var documents: [Document]
    var contracts: [Contract]
    var relations: [Relation]
    var files: [File]

    /// The id other entries use for a document: a decision's id, a landmine's slug, a page's source path.
    static func id(of document: HandbookCore.Document) -> String {
        document.decision?.id ?? document.landmine.map { "landmines/" + $0.slug } ?? document.source.path
    }

    init(_ handbook: Handbook) {
        let graph = handbook.governance
        let pageToID = Dictionary(handbook.documents.map { ($0.outputPath, Self.id(of: $0)) }) { first, _ in first }
        title = handbook.config.title
        repository = handbook.config.repository?.address
        documents = handbook.documents.enumerated().map { index, document in
            let links = document.markdown.links.enumerated().map { linkIndex, link -> Link in
                let href = handbook.hrefs[index].indices.contains(linkIndex) ? handbook.hrefs[index][linkIndex] : ""
                var target: String?
                if LinkResolver.scheme(of: href) == nil, !href.isEmpty, !href.hasPrefix("#") {
                    let page = Path.join(Path.directory(document.outputPath), String(href.prefix { $0 != "#" }))
                    target = pageToID[page]
                }
                return Link(kind: "\(link.kind)", href: href, target: target, line: link.line + document.bodyLineOffset)
            }
            var fields: [String: Value] = [:]
            for entry in document.frontMatter?.entries ?? [] { fields[entry.key.string ?? ""] = Value(entry.value) }
            return Document(id: Self.id(of: document), kind: document.kind.rawValue, title: document.title, page: document.outputPath,
                            source: document.source.repositoryPath ?? document.source.path, status: document.decision?.status,
                            severity: document.landmine?.severity.rawValue, date: document.decision?.date, fields: fields,
                            governs: GovernanceLinker.patterns(of: document).map(\.value),
                            files: (graph.filesByDocument[index] ?? []).map { graph.repository.paths[$0] }, links: links)
        }
        contracts = handbook.contracts.enumerated().map { index, contract in
            Contract(id: contract.slug, title: contract.title, page: contract.outputPath, spec: contract.specPath,
                     provider: contract.provider, consumers: contract.consumers, owner: contract.owner,
                     version: contract.newestChange?.version, governs: contract.governedPaths,
                     files: (graph.filesByContract[index] ?? []).map { graph.repository.paths[$0] })
        }
        var relations: [Relation] = []
        for (index, related) in handbook.relations.enumerated() {
            let from = Self.id(of: handbook.documents[index])
            for target in related.supersedes { relations.append(Relation(from: from, to: Self.id(of: handbook.documents[target]), kind: "supersedes")) }
            for target in related.amends { relations.append(Relation(from: from, to: Self.id(of: handbook.documents[target]), kind: "amends")) }
            for target in related.related where target > index {
                relations.append(Relation(from: from, to: Self.id(of: handbook.documents[target]), kind: "relates"))
            }
            if handbook.documents[index].landmine != nil {
                for target in related.decisions { relations.append(Relation(from: from, to: Self.id(of: handbook.documents[target]), kind: "names")) }
            }
        }
        self.relations = relations.sorted { ($0.from, $0.kind, $0.to) < ($1.from, $1.kind, $1.to) }
        files = graph.governedFiles.map { file in
            let path = graph.repository.paths[file]
            let governing = graph.documentsByFile[file] ?? []
            return File(path: path,
                        decisions: governing.compactMap { handbook.documents[$0].decision?.id }.sorted(),
                        landmines: governing.filter { handbook.documents[$0].landmine != nil }.map { Self.id(of: handbook.documents[$0]) }.sorted(),
                        contracts: (graph.contractsByFile[file] ?? []).map { handbook.contracts[$0].slug }.sorted(),
                        owners: graph.owners(of: path))
        }
    }

    static func encode(_ handbook: Handbook) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(HandbookJSON(handbook))) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
