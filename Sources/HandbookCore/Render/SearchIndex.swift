import Foundation

/// The offline search index (ADR-0120): `search-index.js`, loaded as a script so search works
/// from `file://`, holds every entry's kind, label, title, link and keys (tags, paths), and an
/// inverted index of every word of every entry's full text (sorted terms; postings as
/// delta-encoded base-36 numbers). The full texts, needed only for the snippets of the results
/// shown, go to `search/text-N.js` shards of `shardSize` entries, loaded on demand.
///
/// Written a shard at a time (ADR-0014): an entry's full text is made when its shard is, its
/// words join the postings and both are dropped before the next shard; nothing holds every
/// entry's text or words at once.
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
        /// The full text; empty when `textSource` says where to make it (the site's build makes
        /// each when its shard is written, so every text is never held at once).
        var text: String
        /// What `get_record` calls it (`ADR-0007`, `landmines/x`, `contracts/x`), a page's content
        /// path or a file's path; not written to the site's index.
        var name: String = ""
        var textSource: TextSource = .none
    }

    enum TextSource { case document(Int), contract(Int), none }

    let handbook: Handbook
    let entries: [Entry]

    /// `textsLater`: entries' texts are left empty, made by `text(of:)` when needed (the site's build).
    init(handbook: Handbook, textsLater: Bool = false) {
        self.handbook = handbook
        var entries = handbook.documents.indices.map { Self.documentEntry($0, in: handbook) } + Self.otherEntries(handbook)
        if !textsLater { for index in entries.indices { entries[index].text = Self.text(of: entries[index], in: handbook) } }
        self.entries = entries
    }

    /// A document's entry, its text left to make (`text(of:)`): the first entries of the index are
    /// the documents, in the handbook's order, so a document's entry number is its index.
    static func documentEntry(_ index: Int, in handbook: Handbook) -> Entry {
        let document = handbook.documents[index]
        let kind = document.decision != nil ? "decision" : document.landmine != nil ? "landmine" : "page"
        let label = document.decision?.id ?? document.landmine?.severity.rawValue ?? ""
        var keys = (document.decision?.tags ?? []) + [document.decision?.status].compactMap { $0 }
        keys += GovernanceLinker.patterns(of: document).map(\.value)
        if let owner = document.landmine?.owner { keys.append(owner) }
        keys += document.decision?.deciders ?? []
        let name = document.decision?.id ?? document.landmine.map { "landmines/" + $0.slug } ?? document.source.path
        return Entry(kind: kind, label: label, title: document.title, url: URLEncoding.path(document.outputPath),
                     keys: keys.joined(separator: " "), text: "", name: name, textSource: .document(index))
    }

    /// The entries after the documents': every contract's, then every governed file's (texts left to make).
    static func otherEntries(_ handbook: Handbook) -> [Entry] {
        var entries: [Entry] = []
        for (index, contract) in handbook.contracts.enumerated() {
            let keys = ([contract.provider, contract.owner].compactMap { $0 } + contract.consumers + contract.governedPaths)
            entries.append(Entry(kind: "contract", label: contract.newestChange?.version ?? "", title: contract.title,
                                 url: URLEncoding.path(contract.outputPath), keys: keys.joined(separator: " "),
                                 text: "", name: "contracts/" + contract.slug, textSource: .contract(index)))
        }
        let graph = handbook.governance
        for file in graph.governedFiles {
            let path = graph.repository.paths[file]
            entries.append(Entry(kind: "file", label: "", title: path, url: URLEncoding.path(ViewModels.filePage(path)), keys: path, text: "", name: path))
        }
        return entries
    }

    /// An entry's full text: a document's blocks, a contract's API, nothing for a file page.
    func text(of entry: Entry) -> String { Self.text(of: entry, in: handbook) }

    static func text(of entry: Entry, in handbook: Handbook) -> String {
        switch entry.textSource {
        case .document(let index): return handbook.documents[index].bodyBlocks.map(\.text).joined(separator: " ")
        case .contract(let index): return handbook.contracts[index].model.map(Self.text(of:)) ?? ""
        case .none: return entry.text
        }
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
    ///
    /// Read in place and lower-cased into a buffer on the stack: a word of up to 15 bytes becomes a
    /// String without an allocation (an array and a String a word were 8% of a build, ADR-0014).
    static func tokens(_ text: String, into set: inout Set<String>) {
        forEachToken(text) { set.insert($0) }
    }

    /// Adds `entry` to the postings of every word of `text` (`tokens`' words), once: the entries
    /// of one postings table come in increasing order, so a word's list is sorted and has no repeats.
    static func post(_ text: String, entry: Int32, into postings: inout Postings) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { lowered in
                forEachToken(bytes, lowered: lowered) { postings.add($0, entry: entry) }
            }
        }
    }

    static func forEachToken(_ text: String, _ body: (String) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { lowered in
                forEachToken(bytes, lowered: lowered) { body(String(decoding: $0, as: UTF8.self)) }
            }
        }
    }

    /// Each word's bytes, lower-cased (in `lowered`, valid until the next word). A word is found
    /// by two tight loops (the bytes between words, the word's bytes) rather than a test of the
    /// state at every byte (ADR-0048).
    private static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, lowered: UnsafeMutableBufferPointer<UInt8>,
                                     _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var i = 0
        while i < count {
            while i < count, !isWordByte(base[i]) { i += 1 }
            guard i < count else { return }
            let start = i
            var hasUpper = false
            while i < count {
                let byte = base[i]
                guard isWordByte(byte) else { break }
                if isUpper(byte) { hasUpper = true }
                i += 1
            }
            let end = i
            guard end - start <= maxTokenLength else { continue }
            // A word without a capital is its own lower-cased form and has no camel-case parts:
            // its bytes are given in place (ADR-0045: most words of a text are such).
            guard hasUpper else {
                body(UnsafeBufferPointer(start: base + start, count: end - start))
                continue
            }
            for offset in 0..<(end - start) { lowered[offset] = lower(base[start + offset]) }
            body(UnsafeBufferPointer(rebasing: lowered[0..<(end - start)]))
            // camelCase parts: a capital after a lower-case letter starts a part (the same bytes of
            // `lowered`, lower-cased already).
            var partStart = start
            var parts = 0
            for i in (start + 1)..<end where isUpper(base[i]) && isLowerOrDigit(base[i - 1]) {
                body(UnsafeBufferPointer(rebasing: lowered[(partStart - start)..<(i - start)]))
                partStart = i
                parts += 1
            }
            if parts > 0 { body(UnsafeBufferPointer(rebasing: lowered[(partStart - start)..<(end - start)])) }
        }
    }

    /// A letter or digit, or any byte of a non-ASCII character.
    private static func isWordByte(_ b: UInt8) -> Bool {
        b >= 0x80 || b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26
    }
    private static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    private static func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    private static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 32 : b }

    /// One entry's part of the index, made on any thread: its row of `search-index.js`'s `docs`,
    /// its text escaped for a shard; its words go to a postings table (`post`).
    struct EntryPart {
        var row: [UInt8]
        var text: [UInt8]
    }

    /// `entry`'s part, and `entry`'s words added (as entry `number`) to `postings`.
    static func part(of entry: Entry, number: Int, in handbook: Handbook, postings: inout Postings) -> EntryPart {
        let text = text(of: entry, in: handbook)
        // The parts one by one: a word never spans two (they were joined with spaces).
        for part in [entry.label, entry.title, entry.keys, text] { post(part, entry: Int32(number), into: &postings) }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        ViewModels.appendJSONString(text, to: &escaped)
        var row: [UInt8] = [0x5B]
        for (field, value) in [entry.kind, entry.label, entry.title, entry.url, entry.keys].enumerated() {
            if field > 0 { row.append(0x2C) }
            ViewModels.appendJSONString(value, to: &row)
        }
        row.append(0x5D)
        return EntryPart(row: row, text: escaped)
    }

    /// Writes every file of the index: each text shard as soon as its entries' words are taken
    /// (`write(path, bytes)`), then `search-index.js` in parts of about a megabyte (`append`).
    func write(_ write: @escaping (String, [UInt8]) -> Void, append: @escaping (String, [UInt8]) -> Void) {
        var writer = Writer(write: write, append: append)
        // A shard's entries in parallel, a run of entries a thread; then in entry order into the writer.
        let run = 32
        var shard = 0
        while shard * Self.shardSize < entries.count {
            let start = shard * Self.shardSize
            let end = min(entries.count, start + Self.shardSize)
            let runs = (end - start + run - 1) / run
            var parts = [([EntryPart], Postings)](repeating: ([], Postings()), count: runs)
            parts.withUnsafeMutableBufferPointer { slots in
                let slots = slots
                DispatchQueue.concurrentPerform(iterations: runs) { r in
                    var postings = Postings()
                    let lower = start + r * run, upper = min(end, lower + run)
                    let made = (lower..<upper).map { Self.part(of: entries[$0], number: $0, in: handbook, postings: &postings) }
                    slots[r] = (made, postings)
                }
            }
            for (made, postings) in parts { writer.add(made, postings: postings) }
            shard += 1
        }
        writer.finish()
    }

    /// Writes the index from its entries' parts, taken in entry order: each text shard as it
    /// fills, `search-index.js`'s rows as they come (in parts of about a megabyte), its terms and
    /// postings at the end. The postings of a run of entries join the index's by appending each
    /// term's list (runs come in order, so every list stays sorted).
    struct Writer {
        let write: (String, [UInt8]) -> Void
        let append: (String, [UInt8]) -> Void
        private var postings: [String: [Int32]] = [:]
        private var shard = 0
        private var shardFile: [UInt8] = []
        private var inShard = 0
        private var entryCount = 0
        private var out: [UInt8] = []
        private var started = false

        init(write: @escaping (String, [UInt8]) -> Void, append: @escaping (String, [UInt8]) -> Void) {
            self.write = write
            self.append = append
            out.reserveCapacity(1 << 21)
            out += Array("window.HANDBOOK_SEARCH = {\"shardSize\":\(SearchIndex.shardSize),\n\"docs\":[\n".utf8)
        }

        /// The next entries' parts, and their words (entry numbers from the start of the index).
        mutating func add(_ parts: [EntryPart], postings more: Postings) {
            for part in parts {
                if inShard == 0 { shardFile = Array("HANDBOOK_SEARCH_TEXT(\(shard), [\n".utf8) } else { shardFile += [0x2C, 0x0A] }
                shardFile += part.text
                inShard += 1
                if inShard == SearchIndex.shardSize { writeShard() }
                if entryCount > 0 { out += [0x2C, 0x0A] }
                out += part.row
                entryCount += 1
                flushIfFull()
            }
            for (term, list) in more.byTerm() { postings[term, default: []].append(contentsOf: list) }
        }

        private mutating func writeShard() {
            if inShard == 0 { shardFile = Array("HANDBOOK_SEARCH_TEXT(\(shard), [\n".utf8) }
            shardFile += Array("\n]);\n".utf8)
            write(SearchIndex.shardFolder + "text-\(shard).js", shardFile)
            shardFile = []
            inShard = 0
            shard += 1
        }

        private mutating func flushIfFull(_ force: Bool = false) {
            guard force || out.count >= 1 << 20 else { return }
            if started { append(SearchIndex.path, out) } else { write(SearchIndex.path, out) }
            started = true
            out.removeAll(keepingCapacity: true)
        }

        /// The last shard (an empty one when the index has no entry), the terms and the postings.
        mutating func finish() {
            if inShard > 0 || shard == 0 { writeShard() }
            let terms = postings.keys.sorted()
            out += Array("],\n\"terms\":".utf8)
            ViewModels.appendJSONString(terms.joined(separator: "\n"), to: &out)
            out += Array(",\n\"postings\":[".utf8)
            for (number, term) in terms.enumerated() {
                out += number == 0 ? [0x22] : [0x2C, 0x22]
                var previous: Int32 = 0
                for (i, doc) in postings[term]!.enumerated() {
                    if i > 0 { out.append(0x2C) }
                    SearchIndex.appendBase36(Int(doc - previous), to: &out)
                    previous = doc
                }
                out.append(0x22)
                flushIfFull()
            }
            out += Array("]};\n".utf8)
            flushIfFull(true)
        }
    }

    /// `String(number, radix: 36)`'s digits, without the String.
    static func appendBase36(_ number: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var value = number
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                let digit = UInt8(value % 36)
                buffer[count] = digit < 10 ? 0x30 + digit : 0x61 + digit - 10
                count += 1
                value /= 36
            } while value > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Every file of the index, whole, by site path (for tests).
    func files() -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        write({ path, bytes in files.append((path, String(decoding: bytes, as: UTF8.self))) },
              append: { path, bytes in
                  if let index = files.lastIndex(where: { $0.path == path }) { files[index].text += String(decoding: bytes, as: UTF8.self) }
              })
        return files
    }
}

/// JSON text that is also safe inside a script file or a `<script>` element.
enum JSONText {
    static func string(_ text: String) -> String { ViewModels.jsonString(text) }
}

extension SearchIndex {
    /// A run of entries' words and, for each, the entries that have it (in increasing order, no
    /// repeats): a hash table keyed by the word's bytes, so a word of the text costs a hash of its
    /// bytes and a comparison, not a String and a String hash (a String and a `[String: [Int32]]`
    /// lookup a word were 9% of a clean build, ADR-0041). `byTerm` gives the table the words' Strings
    /// would have made.
    struct Postings {
        private var slots: [Int32] = []            // index + 1 of a term, 0 for an empty slot
        private var hashes: [UInt64] = []
        private var starts: [Int32] = []           // each term's bytes in `bytes`, in order of first use
        private var lengths: [Int32] = []
        private var bytes: [UInt8] = []
        private var lists: [[Int32]] = []
        /// Each list's last entry: a word seen again in the same entry (most words of a text are)
        /// is done without reaching into its list.
        private var lastEntries: [Int32] = []

        init() {}

        var count: Int { lists.count }

        /// `entry` added to `word`'s list, unless it is the list's last already.
        mutating func add(_ word: UnsafeBufferPointer<UInt8>, entry: Int32) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            if slots.isEmpty { slots = [Int32](repeating: 0, count: 1024) }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while true {
                let found = Int(slots[slot])
                if found == 0 { break }
                let term = found - 1
                if hashes[term] == hash, Int(lengths[term]) == word.count, equal(term, word) {
                    if lastEntries[term] != entry {
                        lastEntries[term] = entry
                        lists[term].append(entry)
                    }
                    return
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(lists.count + 1)
            hashes.append(hash)
            starts.append(Int32(bytes.count))
            lengths.append(Int32(word.count))
            bytes.append(contentsOf: word)
            lists.append([entry])
            lastEntries.append(entry)
            if lists.count * 2 > slots.count { grow() }
        }

        private func equal(_ term: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = word.baseAddress, word.count > 0 else { return true }
            return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(starts[term]), base, word.count) == 0 }
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for term in hashes.indices {
                var slot = Int(truncatingIfNeeded: hashes[term] ^ (hashes[term] >> 29)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(term + 1)
            }
        }

        /// The table `[String: [Int32]]` that adding each word as a String would have made. Strings
        /// that differ in bytes but are canonically equivalent (`é` and `e` with a combining accent)
        /// are one key there, first spelling kept: their lists are merged (sorted, no repeats).
        func byTerm() -> [String: [Int32]] {
            var table = [String: [Int32]](minimumCapacity: lists.count)
            bytes.withUnsafeBufferPointer { all in
                for term in lists.indices {
                    let start = Int(starts[term])
                    let key = String(decoding: UnsafeBufferPointer(rebasing: all[start..<(start + Int(lengths[term]))]), as: UTF8.self)
                    if let earlier = table[key] {
                        table[key] = Array(Set(earlier).union(lists[term])).sorted()
                    } else {
                        table[key] = lists[term]
                    }
                }
            }
            return table
        }
    }
}
