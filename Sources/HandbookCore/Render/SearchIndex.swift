import Foundation

/// The offline search index (ADR-0120): `search-index.js`, loaded as a script so search works
/// from `file://`, holds every entry's kind, label, title, link and keys (tags, paths), and an
/// inverted index of every word of every entry's full text (sorted terms; postings as
/// delta-encoded base-36 numbers). The full texts, needed only for the snippets of the results
/// shown, go to `search/text-N.js` shards of `shardSize` entries, loaded on demand.
///
/// Entries: every document (records, landmines, pages), every contract (operations, parameters,
/// schemas and their properties and descriptions) and every governed file's page (its path).
struct SearchIndex {
    static let path = "search-index.js"
    static let shardFolder = "search/"
    static let shardSize = 500
    /// Longer tokens (hashes, base64) are left out: nobody types them.
    static let maxTokenLength = 48

    struct Entry {
        var kind: String
        var label: String
        var title: String
        /// An href (the page's path %-encoded: a page named `javascript:alert(1).md` stays a relative link).
        var url: String
        /// Tags, globs, paths, owners: ranked below the title and above the body.
        var keys: String
        var text: String
        /// What `get_record` calls it (`ADR-0007`, `landmines/x`, `contracts/x`), a page's content
        /// path or a file's path; not written to the site's index.
        var name: String = ""
    }

    let entries: [Entry]

    init(handbook: Handbook) {
        var entries: [Entry] = []
        for document in handbook.documents {
            let kind = document.decision != nil ? "decision" : document.landmine != nil ? "landmine" : "page"
            let label = document.decision?.id ?? document.landmine?.severity.rawValue ?? ""
            var keys = (document.decision?.tags ?? []) + [document.decision?.status].compactMap { $0 }
            keys += GovernanceLinker.patterns(of: document).map(\.value)
            if let owner = document.landmine?.owner { keys.append(owner) }
            keys += document.decision?.deciders ?? []
            let text = document.markdown.blocks.map(\.text).joined(separator: " ")
            let name = document.decision?.id ?? document.landmine.map { "landmines/" + $0.slug } ?? document.source.path
            entries.append(Entry(kind: kind, label: label, title: document.title, url: URLEncoding.path(document.outputPath),
                                 keys: keys.joined(separator: " "), text: text, name: name))
        }
        for contract in handbook.contracts {
            let keys = ([contract.provider, contract.owner].compactMap { $0 } + contract.consumers + contract.governedPaths)
            entries.append(Entry(kind: "contract", label: contract.newestChange?.version ?? "", title: contract.title,
                                 url: URLEncoding.path(contract.outputPath), keys: keys.joined(separator: " "),
                                 text: contract.model.map(Self.text(of:)) ?? "", name: "contracts/" + contract.slug))
        }
        let graph = handbook.governance
        for file in graph.governedFiles {
            let path = graph.repository.paths[file]
            entries.append(Entry(kind: "file", label: "", title: path, url: URLEncoding.path(ViewModels.filePage(path)), keys: path, text: "", name: path))
        }
        self.entries = entries
    }

    /// An API's searchable text: each operation (method, path, id, summary, tags, parameters,
    /// bodies and responses with their descriptions), then each named schema with its property
    /// names and descriptions.
    static func text(of model: APIModel) -> String {
        var parts: [String] = []
        for operation in model.operations {
            parts.append(operation.title)
            parts += [operation.operationID, operation.summary, operation.node["description"]?.string].compactMap { $0 }
            parts += operation.tags
            for parameter in operation.parameters {
                parts.append(parameter.name)
                if let description = parameter.description { parts.append(description) }
            }
            if let description = operation.requestBody?.description { parts.append(description) }
            for response in operation.responses {
                parts.append(response.status)
                if let description = response.description { parts.append(description) }
            }
        }
        for schema in model.namedSchemas {
            parts.append(schema.name)
            collect(schema.schema.node, into: &parts, depth: 0)
        }
        if let root = model.rootSchema { collect(root.node, into: &parts, depth: 0) }
        return parts.joined(separator: " ")
    }

    /// Property names, titles, descriptions and enum values of a schema, a few levels deep.
    private static func collect(_ node: YAMLNode, into parts: inout [String], depth: Int) {
        guard depth < 6 else { return }
        if let entries = node.entries {
            for entry in entries {
                guard let key = entry.key.string else { continue }
                switch key {
                case "title", "description":
                    if let text = entry.value.string { parts.append(text) }
                case "properties":
                    for property in entry.value.entries ?? [] {
                        if let name = property.key.string { parts.append(name) }
                        collect(property.value, into: &parts, depth: depth + 1)
                    }
                case "enum":
                    parts += (entry.value.items ?? []).compactMap(\.string)
                case "items", "anyOf", "oneOf", "allOf", "additionalProperties", "not":
                    collect(entry.value, into: &parts, depth: depth + 1)
                default: continue
                }
            }
        } else if let items = node.items {
            for item in items { collect(item, into: &parts, depth: depth + 1) }
        }
    }

    /// The words of a text as the browser's search splits a query: lower-cased, runs of letters
    /// and digits (any byte of a non-ASCII character counts as a letter); a camel-cased word also
    /// gives its parts (`UnsafeOutputTests`: `unsafeoutputtests`, `unsafe`, `output`, `tests`).
    static func tokens(_ text: String, into set: inout Set<String>) {
        let bytes = Array(text.utf8)
        var start = -1
        func emit(_ end: Int) {
            guard start >= 0, end - start <= maxTokenLength else { return }
            let word = bytes[start..<end]
            set.insert(String(decoding: word.map(lower), as: UTF8.self))
            // camelCase parts: a capital after a lower-case letter starts a part.
            var partStart = start
            var parts = 0
            for i in (start + 1)..<end where isUpper(bytes[i]) && isLowerOrDigit(bytes[i - 1]) {
                set.insert(String(decoding: bytes[partStart..<i].map(lower), as: UTF8.self))
                partStart = i
                parts += 1
            }
            if parts > 0 { set.insert(String(decoding: bytes[partStart..<end].map(lower), as: UTF8.self)) }
        }
        for (i, byte) in bytes.enumerated() {
            if isWordByte(byte) {
                if start < 0 { start = i }
            } else if start >= 0 {
                emit(i)
                start = -1
            }
        }
        if start >= 0 { emit(bytes.count) }
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80
    }
    private static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    private static func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    private static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 32 : b }

    /// Every file of the index: `search-index.js` and the text shards, by site path.
    func files() -> [(path: String, text: String)] {
        // The words of each entry, in parallel; then the postings, in entry order.
        var tokenSets = [Set<String>](repeating: [], count: entries.count)
        tokenSets.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: entries.count) { index in
                let entry = entries[index]
                var set = Set<String>()
                Self.tokens(entry.label + " " + entry.title + " " + entry.keys + " " + entry.text, into: &set)
                slots[index] = set
            }
        }
        var postings: [String: [Int]] = [:]
        for (index, set) in tokenSets.enumerated() {
            for token in set { postings[token, default: []].append(index) }
        }
        let terms = postings.keys.sorted()
        var out = "window.HANDBOOK_SEARCH = {\"shardSize\":\(Self.shardSize),\n\"docs\":[\n"
        out += entries.map { entry in
            "[" + [entry.kind, entry.label, entry.title, entry.url, entry.keys].map(JSONText.string).joined(separator: ",") + "]"
        }.joined(separator: ",\n")
        out += "],\n\"terms\":" + JSONText.string(terms.joined(separator: "\n")) + ",\n\"postings\":["
        var first = true
        for term in terms {
            var previous = 0
            var encoded = ""
            for (i, doc) in postings[term]!.enumerated() {
                if i > 0 { encoded += "," }
                encoded += String(doc - previous, radix: 36)
                previous = doc
            }
            out += (first ? "\"" : ",\"") + encoded + "\""
            first = false
        }
        out += "]};\n"
        var files = [(path: Self.path, text: out)]
        var shard = 0
        while shard * Self.shardSize < entries.count || shard == 0 {
            let slice = entries[min(entries.count, shard * Self.shardSize)..<min(entries.count, (shard + 1) * Self.shardSize)]
            let texts = slice.map { JSONText.string($0.text) }.joined(separator: ",\n")
            files.append((Self.shardFolder + "text-\(shard).js", "HANDBOOK_SEARCH_TEXT(\(shard), [\n\(texts)\n]);\n"))
            shard += 1
        }
        return files
    }
}

/// JSON text that is also safe inside a script file or a `<script>` element.
enum JSONText {
    static func string(_ text: String) -> String { ViewModels.jsonString(text) }
}
