import Foundation
import HandbookMarkdown

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
        let context = Context(handbook)
        title = handbook.config.title
        repository = handbook.config.repository?.address
        documents = handbook.documents.indices.map { context.document($0) }
        contracts = handbook.contracts.indices.map { context.contract($0) }
        relations = context.relations()
        files = context.governedFiles.map { context.file($0) }
    }

    /// What building an entry needs, computed once; entries are built one at a time.
    struct Context {
        let handbook: Handbook
        let pageToID: [String: String]
        let governedFiles: [Int]
        /// `pageToID` by the pages' bytes, when every page's path is ASCII (nil otherwise): a link's
        /// target looked up without a String (`target`, ADR-0076).
        let pages: Pages?

        init(_ handbook: Handbook) {
            self.handbook = handbook
            pageToID = Dictionary(handbook.documents.map { ($0.outputPath, HandbookJSON.id(of: $0)) }) { first, _ in first }
            governedFiles = handbook.governance.governedFiles
            pages = Pages(handbook.documents.lazy.map { ($0.outputPath, HandbookJSON.id(of: $0)) })
        }

        /// Page paths numbered by their bytes (`SearchIndex.Terms`), each with the id of the first
        /// document of that path: `pageToID` by its keys' bytes. Made only when every path is ASCII:
        /// then the keys are equal as Strings exactly when their bytes are, and an ASCII path looked
        /// up is equal, as a String, to no key but the one of its bytes.
        struct Pages {
            private let paths: SearchIndex.Terms
            private let ids: [String]

            init?(_ pages: some Sequence<(String, String)>) {
                var paths = SearchIndex.Terms(), ids: [String] = []
                for (path, id) in pages {
                    var path = path
                    let ascii = path.withUTF8 { bytes -> Bool in
                        guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return false }
                        if paths.number(of: bytes, hash: SearchIndex.Postings.hash(bytes)).new { ids.append(id) }
                        return true
                    }
                    guard ascii else { return nil }
                }
                self.paths = paths
                self.ids = ids
            }

            /// The id of the page at the path of these ASCII bytes, nil for none.
            func id(_ path: UnsafeBufferPointer<UInt8>) -> String? {
                paths.find(path, hash: SearchIndex.Postings.hash(path)).map { ids[$0] }
            }
        }

        /// The id of the page a link's href names from the folder of the page it is on, nil when it
        /// names none: what `pageToID[targetPath(folder, href)]` gives for an href with no scheme,
        /// not empty and not starting with `#`. An ASCII href without a `#` or `%` byte from an
        /// ASCII folder (nearly every link) is joined to the folder and normalized by bytes, in a
        /// buffer, and looked up by them (`Pages`): no String is made, none hashed (ADR-0076).
        func target(folder: String, href: String) -> String? {
            if let pages, let found = Self.byBytes(folder: folder, href: href, pages: pages) { return found }
            guard LinkResolver.scheme(of: href) == nil, !href.isEmpty, !href.hasPrefix("#") else { return nil }
            return pageToID[Self.targetPath(folder, href)]
        }

        /// `target` by bytes: `.some(id or nil)` when the href and folder are such, nil otherwise.
        static func byBytes(folder: String, href: String, pages: Pages) -> String?? {
            href.utf8.withContiguousStorageIfAvailable { href -> String?? in
                folder.utf8.withContiguousStorageIfAvailable { folder -> String?? in
                    guard let first = href.first, ByteSearch.isASCII(UnsafeRawBufferPointer(href)),
                          ByteSearch.isASCII(UnsafeRawBufferPointer(folder)) else { return nil }
                    // `hasPrefix("#")`, and a scheme (`LinkResolver.scheme`: a letter, then letters, digits,
                    // `+`, `-` or `.` up to a `:`), as they are for ASCII.
                    if first == UInt8(ascii: "#") { return .some(nil) }
                    if let colon = href.firstIndex(of: UInt8(ascii: ":")), colon > 0, Self.isLetter(first),
                       href[..<colon].allSatisfy({ Self.isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
                        return .some(nil)
                    }
                    // Left to `targetPath`: a fragment or an escape to cut or decode, an absolute href, no folder.
                    guard !href.contains(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%") }), first != UInt8(ascii: "/"),
                          let head = folder.first, head != UInt8(ascii: "/") else { return nil }
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: folder.count + 1 + href.count) { buffer -> String?? in
                        let joined = UnsafeMutableBufferPointer(rebasing: buffer[0..<(folder.count + 1 + href.count)])
                        _ = UnsafeMutableBufferPointer(rebasing: joined[0..<folder.count]).initialize(from: folder)
                        joined[folder.count] = UInt8(ascii: "/")
                        _ = UnsafeMutableBufferPointer(rebasing: joined[(folder.count + 1)...]).initialize(from: href)
                        let length = Self.normalizeRelative(joined)
                        return .some(pages.id(UnsafeBufferPointer(rebasing: joined[0..<length])))
                    }
                } ?? nil
            } ?? nil
        }

        private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

        /// `Path.normalize` of a relative ASCII path, in place: its parts but empty ones and `.`, a
        /// `..` taking away the part before it (kept when there is none, or it is a `..` too),
        /// joined by `/`. The length of the result.
        static func normalizeRelative(_ path: UnsafeMutableBufferPointer<UInt8>) -> Int {
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            // The parts kept are written over the path, joined (never ahead of where it is read).
            var length = 0, i = 0
            while i < path.count {
                if path[i] == slash { i += 1; continue }
                var end = i
                while end < path.count, path[end] != slash { end += 1 }
                let count = end - i
                if count == 1, path[i] == dot {
                    i = end
                    continue
                }
                if count == 2, path[i] == dot, path[i + 1] == dot, length > 0 {
                    // The last part kept starts after the last `/` written.
                    var last = length
                    while last > 0, path[last - 1] != slash { last -= 1 }
                    if !(length - last == 2 && path[last] == dot && path[last + 1] == dot) {
                        length = max(0, last - 1)
                        i = end
                        continue
                    }
                }
                if length > 0 {
                    path[length] = slash
                    length += 1
                }
                for j in i..<end {
                    path[length] = path[j]
                    length += 1
                }
                i = end
            }
            return length
        }

        /// A document's entry; `fields` left empty unless `withFields` (`documentPart` writes them
        /// from the front matter itself).
        func document(_ index: Int, withFields: Bool = true) -> Document {
            let graph = handbook.governance
            let document = handbook.documents[index]
            let folder = Path.directory(document.outputPath)
            let links = document.markdown.links.enumerated().map { linkIndex, link -> Link in
                let href = handbook.hrefs[index].indices.contains(linkIndex) ? handbook.hrefs[index][linkIndex] : ""
                return Link(kind: Self.name(link.kind), href: href, target: target(folder: folder, href: href), line: link.line + document.bodyLineOffset)
            }
            var fields: [String: Value] = [:]
            if withFields { fields = document.fields.values }
            return Document(id: HandbookJSON.id(of: document), kind: document.kind.rawValue, title: document.title, page: document.outputPath,
                            source: document.source.repositoryPath ?? document.source.path, status: document.decision.flatMap { $0.status.isEmpty ? nil : $0.status },
                            severity: document.landmine?.severity.rawValue, date: document.decision?.date, fields: fields,
                            governs: GovernanceLinker.patterns(of: document).map(\.value),
                            files: (graph.filesByDocument[index] ?? []).map { graph.repository.paths[$0] }, links: links)
        }

        /// The case's name, as `"\(kind)"` writes it (without the reflection that costs).
        static func name(_ kind: MarkdownLink.Kind) -> String {
            switch kind {
            case .link: return "link"
            case .image: return "image"
            case .reference: return "reference"
            case .pullRequest: return "pullRequest"
            }
        }

        /// The page path a relative href names from `folder`: the href up to its fragment, decoded,
        /// joined to the folder. An href with neither a `#` nor a `%` byte (nearly every one) is joined
        /// as it is (ADR-0064): without a `#` byte there is no `#` Character to cut at, without a `%`
        /// nothing to decode; the two Strings `beforeFragment` and `decode` made are not made.
        static func targetPath(_ folder: String, _ href: String) -> String {
            let plain = href.utf8.withContiguousStorageIfAvailable { bytes in
                !bytes.contains { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%") }
            } ?? false
            if plain { return Path.join(folder, href) }
            let path = beforeFragment(href)
            return Path.join(folder, URLEncoding.decode(path) ?? path)
        }

        /// The href up to its first `#` Character (by bytes when it is ASCII: the same cut).
        static func beforeFragment(_ href: String) -> String {
            if href.utf8.allSatisfy({ $0 < 0x80 }) {
                return href.utf8.firstIndex(of: UInt8(ascii: "#")).map { String(href[..<$0]) } ?? href
            }
            return String(href.prefix { $0 != "#" })
        }

        func contract(_ index: Int) -> Contract {
            let graph = handbook.governance
            let contract = handbook.contracts[index]
            return Contract(id: contract.slug, title: contract.title, page: contract.outputPath, spec: contract.specPath,
                            provider: contract.provider, consumers: contract.consumers, owner: contract.owner,
                            version: contract.newestChange?.version, governs: contract.governedPaths,
                            files: (graph.filesByContract[index] ?? []).map { graph.repository.paths[$0] })
        }

        func relations() -> [Relation] {
            var relations: [Relation] = []
            let id = { (index: Int) in HandbookJSON.id(of: handbook.documents[index]) }
            for (index, related) in handbook.relations.enumerated() {
                let from = id(index)
                for target in related.supersedes { relations.append(Relation(from: from, to: id(target), kind: "supersedes")) }
                for target in related.amends { relations.append(Relation(from: from, to: id(target), kind: "amends")) }
                for target in related.related where target > index { relations.append(Relation(from: from, to: id(target), kind: "relates")) }
                if handbook.documents[index].landmine != nil {
                    for target in related.decisions { relations.append(Relation(from: from, to: id(target), kind: "names")) }
                }
            }
            return relations.sorted { ($0.from, $0.kind, $0.to) < ($1.from, $1.kind, $1.to) }
        }

        func file(_ file: Int) -> File {
            let graph = handbook.governance
            let path = graph.repository.paths[file]
            let governing = graph.documentsByFile[file] ?? []
            return File(path: path,
                        decisions: governing.compactMap { handbook.documents[$0].decision?.id }.sorted(),
                        landmines: governing.filter { handbook.documents[$0].landmine != nil }
                            .map { HandbookJSON.id(of: handbook.documents[$0]) }.sorted(),
                        contracts: (graph.contractsByFile[file] ?? []).map { handbook.contracts[$0].slug }.sorted(),
                        owners: graph.owners(of: path))
        }
    }

    /// The graph as JSON, written directly (see `JSONWriter`); the `Codable` conformance remains for
    /// readers (tests decode it).
    /// Writes the graph in parts of about a megabyte to `flush`, so it is never held whole
    /// (it is tens of megabytes for 10,000 records).
    static func encode(_ handbook: Handbook, flush: @escaping ([UInt8]) -> Void) {
        let context = Context(handbook)
        var writer = Writer(context: context, flush: flush)
        for index in handbook.documents.indices { writer.add(documentPart(index, context: context)) }
        writer.finish()
    }

    /// Writes the graph from its documents' parts (`documentPart`), taken in document order, in parts
    /// of about a megabyte to `flush`: the head, the documents, then the contracts, relations and files.
    struct Writer {
        let context: Context
        let flush: ([UInt8]) -> Void
        private var json = JSONWriter(capacity: 1 << 21)

        init(context: Context, flush: @escaping ([UInt8]) -> Void) {
            self.context = context
            self.flush = flush
            let handbook = context.handbook
            json.beginObject()
            json.member("version", 1)
            json.member("title", handbook.config.title)
            json.member("repository", handbook.config.repository?.address)
            json.key("documents")
            json.beginArray()
        }

        private mutating func flushIfFull() { if json.bytes.count >= 1 << 20 { flush(json.take()) } }

        /// The next document's part.
        mutating func add(_ part: [UInt8]) {
            flushIfFull()
            json.appendElement(part)
        }

        mutating func finish() {
            HandbookJSON.finish(context, json: &json, flush: flush)
        }
    }

    private static func finish(_ context: Context, json: inout JSONWriter, flush: ([UInt8]) -> Void) {
        let handbook = context.handbook
        json.endArray()
        json.key("contracts")
        json.beginArray()
        for contract in handbook.contracts.indices.lazy.map(context.contract) {
            json.element()
            json.beginObject()
            json.member("id", contract.id)
            json.member("title", contract.title)
            json.member("page", contract.page)
            json.member("spec", contract.spec)
            json.member("provider", contract.provider)
            json.member("consumers", strings: contract.consumers)
            json.member("owner", contract.owner)
            json.member("version", contract.version)
            json.member("governs", strings: contract.governs)
            json.member("files", strings: contract.files)
            json.endObject()
        }
        json.endArray()
        json.key("relations")
        json.beginArray()
        for relation in context.relations() {
            json.element()
            json.beginObject(inline: true)
            json.member("from", relation.from)
            json.member("to", relation.to)
            json.member("kind", relation.kind)
            json.endObject()
        }
        json.endArray()
        json.key("files")
        json.beginArray()
        writeFiles(context, to: &json, flush: flush)
        json.endArray()
        json.endObject()
        var last = json.take()
        last.append(0x0A)
        flush(last)
    }

    /// The elements of `files`, each made on every core (this runs after the pages, when nothing
    /// else does: ADR-0048), `block` files at a time so that they are never all held at once.
    static func writeFiles(_ context: Context, to json: inout JSONWriter, block: Int = 512, flush: ([UInt8]) -> Void) {
        let files = context.governedFiles
        var start = 0
        while start < files.count {
            let end = min(files.count, start + block)
            var parts = [[UInt8]](repeating: [], count: end - start)
            parts.withUnsafeMutableBufferPointer { slots in
                let slots = slots
                DispatchQueue.concurrentPerform(iterations: (end - start + 31) / 32) { run in
                    for position in (start + run * 32)..<min(end, start + run * 32 + 32) {
                        slots[position - start] = filePart(files[position], context: context, first: position == 0)
                    }
                }
            }
            for part in parts {
                if json.bytes.count >= 1 << 20 { flush(json.take()) }
                json.appendElement(part)
            }
            start = end
        }
    }

    /// One governed file's element of `files`, made on any thread: the bytes the writer puts in its
    /// place, as `documentPart` is a document's.
    static func filePart(_ index: Int, context: Context, first: Bool) -> [UInt8] {
        let file = context.file(index)
        var json = JSONWriter(elementOfArrayAt: 2, first: first, capacity: 256)
        json.element()
        json.beginObject()
        json.member("path", file.path)
        json.member("decisions", strings: file.decisions)
        json.member("landmines", strings: file.landmines)
        json.member("contracts", strings: file.contracts)
        json.member("owners", strings: file.owners)
        json.endObject()
        return json.bytes
    }

    /// One document's element of `documents`, made on any thread (`context` is shared): the bytes
    /// `encode` puts in its place, so the file is the concatenation of its documents' parts between
    /// the whole graph's head and tail, and a body edit (issue 11) changes only its document's part.
    ///
    /// Written from the document in place, its members as `Context.document` gives them: no
    /// `Document`, no copy of its links, globs or files (ADR-0076).
    static func documentPart(_ index: Int, context: Context) -> [UInt8] {
        let handbook = context.handbook
        let graph = handbook.governance
        var json = JSONWriter(elementOfArrayAt: 2, first: index == 0)
        json.element()
        json.beginObject()
        json.member("id", HandbookJSON.id(of: handbook.documents[index]))
        json.member("kind", handbook.documents[index].kind.rawValue)
        json.member("title", handbook.documents[index].title)
        json.member("page", handbook.documents[index].outputPath)
        json.member("source", handbook.documents[index].source.repositoryPath ?? handbook.documents[index].source.path)
        json.member("status", handbook.documents[index].decision.flatMap { $0.status.isEmpty ? nil : $0.status })
        json.member("severity", handbook.documents[index].landmine?.severity.rawValue)
        json.member("date", handbook.documents[index].decision?.date)
        json.key("fields")
        handbook.documents[index].fields.write(to: &json)
        let patterns = handbook.documents[index].decision?.governs ?? handbook.documents[index].landmine?.paths ?? []
        json.member("governs", strings: patterns) { $0.value }
        json.member("files", strings: graph.filesByDocument[index] ?? []) { graph.repository.paths[$0] }
        json.key("links")
        json.beginArray()
        let folder = Path.directory(handbook.documents[index].outputPath)
        let hrefs = handbook.hrefs[index], offset = handbook.documents[index].bodyLineOffset
        for (linkIndex, link) in handbook.documents[index].markdown.links.enumerated() {
            let href = linkIndex < hrefs.count ? hrefs[linkIndex] : ""
            json.element()
            json.beginObject(inline: true)
            json.member("kind", Context.name(link.kind))
            json.member("href", href)
            json.member("target", context.target(folder: folder, href: href))
            json.member("line", link.line + offset)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    /// A front-matter value as its `Value` writes it (`write(_:to:)`), without making the `Value`
    /// (ADR-0051): a scalar a boolean or a string, a sequence a list, a mapping an object.
    static func write(_ node: YAMLNode, to json: inout JSONWriter) {
        switch node.value {
        case .scalar:
            if let flag = node.bool { json.value(flag) } else { json.string(node.string ?? "") }
        case .sequence(let items):
            json.beginArray()
            for item in items {
                json.element()
                write(item, to: &json)
            }
            json.endArray()
        case .mapping(let entries): writeMapping(entries, to: &json)
        }
    }

    /// A mapping as its `[String: Value]` holds it: a key met again (as a String, so a canonically
    /// equivalent spelling too) takes the later value and keeps the first spelling; keys sorted.
    /// Documents keep no nodes now (`FrontMatterFields`, ADR-0055): the reference its bytes are held to.
    static func writeMapping(_ entries: [YAMLNode.Entry], to json: inout JSONWriter) {
        var keys: [String] = []
        var values: [YAMLNode] = []
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        // Found by a look along the keys when there are few (front matter), by a table otherwise.
        var table: [String: Int]? = entries.count > 16 ? [:] : nil
        for entry in entries {
            let key = entry.key.string ?? ""
            if let earlier = table != nil ? table![key] : keys.firstIndex(of: key) {
                values[earlier] = entry.value
            } else {
                table?[key] = keys.count
                keys.append(key)
                values.append(entry.value)
            }
        }
        json.beginObject()
        for position in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            json.key(keys[position])
            write(values[position], to: &json)
        }
        json.endObject()
    }

    /// A front-matter value: mappings keep their keys sorted, for stable output.
    static func write(_ value: Value, to json: inout JSONWriter) {
        switch value {
        case .string(let text): json.string(text)
        case .bool(let flag): json.value(flag)
        case .list(let items):
            json.beginArray()
            for item in items {
                json.element()
                write(item, to: &json)
            }
            json.endArray()
        case .object(let object):
            json.beginObject()
            for key in object.keys.sorted() {
                json.key(key)
                write(object[key]!, to: &json)
            }
            json.endObject()
        }
    }
}
