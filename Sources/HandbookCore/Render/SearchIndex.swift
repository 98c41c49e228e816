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
        text.withUTF8 { postings.add(text: $0, entry: entry) }
    }

    static func forEachToken(_ text: String, _ body: (String) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { lowered in
                forEachToken(bytes, lowered: lowered) { body(String(decoding: $0, as: UTF8.self)) }
            }
        }
    }

    /// Each word's bytes, lower-cased (in `lowered`, valid until the next word). A word is found by
    /// two tight loops (the bytes between words, the word's bytes) rather than a test of the state
    /// at every byte (ADR-0048); each byte is classed and lower-cased by one look-up (`folded`).
    /// The postings' loop (`Postings.Table.addWords`) finds the same words and hashes them as it
    /// reads them (ADR-0051, ADR-0061).
    private static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, lowered: UnsafeMutableBufferPointer<UInt8>,
                                     _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let folded = Self.folded
        let count = bytes.count
        var i = 0
        while i < count {
            while i < count, folded[Int(base[i])] == 0 { i += 1 }
            guard i < count else { return }
            let start = i
            // Non-zero when a byte was a capital (its folded form differs from it).
            var changed: UInt8 = 0
            while i < count {
                let byte = base[i]
                let fold = folded[Int(byte)]
                if fold == 0 { break }
                changed |= fold ^ byte
                i += 1
            }
            let end = i
            guard end - start <= maxTokenLength else { continue }
            // A word without a capital is its own lower-cased form and has no camel-case parts:
            // its bytes are given in place (ADR-0045: most words of a text are such).
            guard changed != 0 else {
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

    /// Each byte's lower-cased form when it is a word byte (`isWordByte`), 0 when it is not: one
    /// look-up classes a byte and lower-cases it (no word byte is 0).
    static let folded: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 { table[value] = isWordByte(UInt8(value)) ? lower(UInt8(value)) : 0 }
        return UnsafePointer(table)
    }()

    /// A letter or digit, or any byte of a non-ASCII character.
    private static func isWordByte(_ b: UInt8) -> Bool {
        b >= 0x80 || b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26
    }
    static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    static func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 32 : b }

    /// One entry's part of the index, made on any thread: its row of `search-index.js`'s `docs`,
    /// its text escaped for a shard; its words go to a postings table (`post`).
    struct EntryPart {
        var row: [UInt8]
        var text: [UInt8]
    }

    /// `entry`'s part, and `entry`'s words added (as entry `number`) to `postings`.
    static func part(of entry: Entry, number: Int, in handbook: Handbook, postings: inout Postings) -> EntryPart {
        // The parts one by one: a word never spans two (they were joined with spaces).
        for part in [entry.label, entry.title, entry.keys] { post(part, entry: Int32(number), into: &postings) }
        var escaped: [UInt8] = []
        if case .document(let index) = entry.textSource {
            escaped = documentText(index, in: handbook, postings: &postings)
        } else {
            let text = text(of: entry, in: handbook)
            post(text, entry: Int32(number), into: &postings)
            escaped.reserveCapacity(text.utf8.count + 16)
            ViewModels.appendJSONString(text, to: &escaped)
        }
        var row: [UInt8] = [0x5B]
        for (field, value) in [entry.kind, entry.label, entry.title, entry.url, entry.keys].enumerated() {
            if field > 0 { row.append(0x2C) }
            ViewModels.appendJSONString(value, to: &row)
        }
        row.append(0x5D)
        return EntryPart(row: row, text: escaped)
    }

    /// Document `index`'s part as `part(of: documentEntry(index, in: handbook), ...)` makes it, without
    /// its entry (ADR-0071): the row written from the document's fields, its keys written and
    /// posted one by one rather than joined with spaces (a word never spans two; escaping is byte by
    /// byte but for U+2028 and U+2029, whole inside a key), no copy of the document made.
    static func documentPart(_ index: Int, in handbook: Handbook, postings: inout Postings) -> EntryPart {
        let number = Int32(index)
        let decision = handbook.documents[index].decision, landmine = handbook.documents[index].landmine
        let label = decision?.id ?? landmine?.severity.rawValue ?? ""
        let title = handbook.documents[index].title
        post(label, entry: number, into: &postings)
        post(title, entry: number, into: &postings)
        var row: [UInt8] = []
        row.reserveCapacity(128 + title.utf8.count)
        row.append(0x5B)
        ViewModels.appendJSONString(decision != nil ? "decision" : landmine != nil ? "landmine" : "page", to: &row)
        row.append(0x2C)
        ViewModels.appendJSONString(label, to: &row)
        row.append(0x2C)
        ViewModels.appendJSONString(title, to: &row)
        row.append(0x2C)
        ViewModels.appendJSONString(URLEncoding.path(handbook.documents[index].outputPath), to: &row)
        row.append(0x2C)
        // The keys in `documentEntry`'s order: tags, status, globs, owner, deciders.
        row.append(0x22)
        var first = true
        func key(_ key: String) {
            if !first { row.append(0x20) }
            first = false
            ViewModels.appendJSONString(key, to: &row, quoted: false)
            post(key, entry: number, into: &postings)
        }
        if let decision {
            for tag in decision.tags { key(tag) }
            key(decision.status)
        }
        // `GovernanceLinker.patterns(of:)`, without a copy of the document.
        for pattern in decision?.governs ?? landmine?.paths ?? [] { key(pattern.value) }
        if let owner = landmine?.owner { key(owner) }
        for decider in decision?.deciders ?? [] { key(decider) }
        row.append(0x22)
        row.append(0x5D)
        return EntryPart(row: row, text: documentText(index, in: handbook, postings: &postings))
    }

    /// A document's text escaped for a shard, its words posted: its blocks one by one, never joined
    /// (`text(of:)` joins them with spaces): a word never spans two, and the text's escaped form is
    /// theirs with a space between (escaping is byte by byte but for U+2028 and U+2029, whole
    /// inside a block) (ADR-0051).
    private static func documentText(_ index: Int, in handbook: Handbook, postings: inout Postings) -> [UInt8] {
        let blocks = handbook.documents[index].bodyBlocks
        var escaped: [UInt8] = []
        escaped.reserveCapacity(blocks.reduce(16) { $0 + $1.text.utf8.count + 1 })
        escaped.append(0x22)
        for (position, block) in blocks.enumerated() {
            if position > 0 { escaped.append(0x20) }
            post(block.text, entry: Int32(index), into: &postings)
            ViewModels.appendJSONString(block.text, to: &escaped, quoted: false)
        }
        escaped.append(0x22)
        return escaped
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
        private var postings = AllPostings()
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
            postings.join(more)
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
            let terms = postings.takeSorted()
            out += Array("],\n\"terms\":".utf8)
            // The terms' JSON string and the postings, blocks of terms, are made on every core and
            // written in order: the same bytes as one pass, which ran on one core after every page
            // (ADR-0057). Eight blocks at a time, so that at most eight blocks' bytes wait in memory.
            let blockCount = (terms.count + Self.termBlock - 1) / Self.termBlock
            var first = 0
            repeat {
                let blocks = first..<min(blockCount, first + 8)
                let parts = Self.encode(terms, blocks: blocks, withTerms: first == 0)
                if first == 0 {
                    out += parts[0]
                    out += Array(",\n\"postings\":[".utf8)
                }
                for part in parts.dropFirst() {
                    out += part
                    flushIfFull()
                }
                first = blocks.upperBound
            } while first < blockCount
            out += Array("]};\n".utf8)
            flushIfFull(true)
        }

        static let termBlock = 4096

        /// The terms' JSON string (first, empty without `withTerms`), then the postings of each block
        /// of `block` terms in `blocks`, made on every core: a term's list as `"` and its gaps in
        /// base 36 separated by `,` and `"`, every term but the first preceded by `,`.
        static func encode(_ terms: [(term: String, list: ArraySlice<Int32>)], blocks: Range<Int>, withTerms: Bool,
                           block: Int = termBlock) -> [[UInt8]] {
            var parts = [[UInt8]](repeating: [], count: blocks.count + 1)
            parts.withUnsafeMutableBufferPointer { buffer in
                let slots = buffer
                DispatchQueue.concurrentPerform(iterations: blocks.count + 1) { part in
                    var out: [UInt8] = []
                    if part == 0 {
                        if withTerms { ViewModels.appendJSONString(terms.map(\.term).joined(separator: "\n"), to: &out) }
                    } else {
                        let first = (blocks.lowerBound + part - 1) * block
                        for number in first..<min(terms.count, first + block) {
                            out += number == 0 ? [0x22] : [0x2C, 0x22]
                            var previous: Int32 = 0
                            for (i, doc) in terms[number].list.enumerated() {
                                if i > 0 { out.append(0x2C) }
                                SearchIndex.appendBase36(Int(doc - previous), to: &out)
                                previous = doc
                            }
                            out.append(0x22)
                        }
                    }
                    slots[part] = out
                }
            }
            return parts
        }
    }

    /// `String(number, radix: 36)`'s digits, without the String.
    static func appendBase36(_ number: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        // One digit (most gaps between a word's entries).
        guard number >= 36 else {
            let digit = UInt8(truncatingIfNeeded: number)
            out.append(digit < 10 ? 0x30 + digit : 0x61 + digit - 10)
            return
        }
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
    /// Words by their bytes: an open-addressing hash table over the words' bytes (`Postings.hash`, made as
    /// the tokenizer reads them; `memcmp`), each word numbered in order of first use. A run's
    /// postings and the whole index's terms are such tables (ADR-0041, ADR-0051).
    struct Terms {
        struct Term {
            var hash: UInt64
            var start: Int32
            var length: Int32
        }
        private var slots: [Int32] = []            // number + 1 of a term, 0 for an empty slot
        private(set) var list: [Term] = []
        private(set) var bytes: [UInt8] = []

        var count: Int { list.count }

        /// The number of `word` (whose hash is `hash`), and whether it was added now.
        @inline(__always)
        mutating func number(of word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (number: Int, new: Bool) {
            if slots.isEmpty { slots = [Int32](repeating: 0, count: 1024) }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while true {
                let found = Int(slots[slot])
                if found == 0 { break }
                let term = list[found - 1]
                if term.hash == hash, Int(term.length) == word.count, equal(term, word) { return (found - 1, false) }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(list.count + 1)
            list.append(Term(hash: hash, start: Int32(bytes.count), length: Int32(word.count)))
            bytes.append(contentsOf: word)
            if list.count * 2 > slots.count { grow() }
            return (list.count - 1, true)
        }

        /// The number of `word` (whose hash is `hash`), nil when it is not a term.
        func find(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while true {
                let found = Int(slots[slot])
                if found == 0 { return nil }
                let term = list[found - 1]
                if term.hash == hash, Int(term.length) == word.count, equal(term, word) { return found - 1 }
                slot = (slot + 1) & mask
            }
        }

        @inline(__always)
        private func equal(_ term: Term, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = word.baseAddress, word.count > 0 else { return true }
            return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + Int(term.start), base, word.count) == 0 }
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for (number, term) in list.enumerated() {
                var slot = Int(truncatingIfNeeded: term.hash ^ (term.hash >> 29)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(number + 1)
            }
        }

        /// Term `number` as a String.
        func string(_ number: Int) -> String {
            let term = list[number]
            return bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[Int(term.start)..<(Int(term.start) + Int(term.length))]), as: UTF8.self)
            }
        }
    }

    /// A run of entries' words and, for each, the entries that have it (in increasing order, no
    /// repeats): a table keyed by the word's bytes, so a word of the text costs a hash of its bytes
    /// and a comparison, not a String and a String hash (a String and a `[String: [Int32]]` lookup a
    /// word were 9% of a clean build, ADR-0041). Each word seen in a new entry adds a (word, entry)
    /// pair to one array, not to a list of its own (ADR-0051). `byTerm` gives the table the words'
    /// Strings would have made.
    ///
    /// A text's words are found and looked up in one loop (`add(text:entry:)`), in memory of the
    /// table's own (`Table`): no closure called a word, no array's uniqueness or bounds checked a
    /// word, a term's last entry beside its hash, short words compared in place of `memcmp`
    /// (ADR-0061). `add(_:hash:entry:)` adds one word.
    struct Postings {
        static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

        /// A word's hash: its bytes eight at a time (little-endian, the last ones padded with 0),
        /// each mixed in (`mix`), as `Table.addWords` makes it while reading them (ADR-0071; FNV-1a
        /// a byte before).
        static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash = seed
            guard let base = word.baseAddress else { return hash }
            let count = word.count
            // Eight bytes by one load while eight are left (ADR-0076), the rest a byte at a time.
            var at = 0
            while at &+ 8 <= count {
                hash = mix(hash, UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)))
                at &+= 8
            }
            if at < count {
                var chunk: UInt64 = 0
                for i in 0..<(count &- at) { chunk |= UInt64(base[at &+ i]) &<< UInt64(8 * i) }
                hash = mix(hash, chunk)
            }
            return hash
        }

        /// The hash so far with eight more bytes: the halves of their product by an odd constant
        /// folded together (wyhash's mix), so every bit of the bytes reaches the low bits the
        /// tables' slots are taken from.
        @inline(__always)
        static func mix(_ hash: UInt64, _ chunk: UInt64) -> UInt64 {
            let product = (hash ^ chunk).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
            return product.high ^ product.low
        }

        private var table = Table()

        init() {}

        /// The number of distinct words.
        var count: Int { table.termCount }

        /// (term << 32 | entry) for each term in each entry that has it, in the order added: a
        /// term's entries come in increasing order.
        var pairs: [UInt64] { Array(UnsafeBufferPointer(start: table.pairs, count: table.pairCount)) }

        /// Each term's hash and bytes, by term number (words numbered in order of first use).
        func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
            for number in 0..<table.termCount {
                let term = table.terms[number]
                body(UnsafeBufferPointer(start: table.bytes + Int(term.start), count: Int(term.length)), term.hash)
            }
        }

        /// Every pair (`pairs`), in order, without copying them.
        func withPairs<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
            body(UnsafeBufferPointer(start: table.pairs, count: table.pairCount))
        }

        /// Term `number` as a String.
        func string(_ number: Int) -> String {
            let term = table.terms[number]
            return String(decoding: UnsafeBufferPointer(start: table.bytes + Int(term.start), count: Int(term.length)), as: UTF8.self)
        }

        /// `entry` added to `word`'s list, unless it is the list's last already. `hash`: `hash(word)`.
        mutating func add(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, entry: Int32) {
            unique()
            guard let base = word.baseAddress else {
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { table.add($0.baseAddress!, 0, hash: hash, entry: entry) }
                return
            }
            table.add(base, word.count, hash: hash, entry: entry)
        }

        /// `entry` added to the list of every word of `text` (`forEachToken`'s words, in its order).
        mutating func add(text: UnsafeBufferPointer<UInt8>, entry: Int32) {
            unique()
            table.addWords(text, entry: entry)
        }

        /// The table this `Postings`' own before it changes (a copy of it when another shares it).
        private mutating func unique() {
            if !isKnownUniquelyReferenced(&table) { table = table.copy() }
        }

        /// Each term's entries (sorted, no repeats), by term number.
        func lists() -> [[Int32]] {
            var lists = [[Int32]](repeating: [], count: count)
            withPairs { for pair in $0 { lists[Int(pair >> 32)].append(Int32(truncatingIfNeeded: pair)) } }
            return lists
        }

        /// The table `[String: [Int32]]` that adding each word as a String would have made. Strings
        /// that differ in bytes but are canonically equivalent (`é` and `e` with a combining accent)
        /// are one key there, first spelling kept: their lists are merged (sorted, no repeats).
        func byTerm() -> [String: [Int32]] {
            var table = [String: [Int32]](minimumCapacity: count)
            for (term, list) in lists().enumerated() {
                let key = string(term)
                if let earlier = table[key] {
                    table[key] = Array(Set(earlier).union(list)).sorted()
                } else {
                    table[key] = list
                }
            }
            return table
        }

        /// The run's table in memory of its own: open addressing over the words' bytes (`Postings.hash` made
        /// as the words are read), the terms in order of first use, their bytes, the pairs. Grown
        /// by doubling when full; a copy when a `Postings` shared with another is changed.
        final class Table {
            struct Term {
                var hash: UInt64
                /// `Table.key` of the term's bytes: for a term of one to seven bytes its bytes and
                /// its length in one number, 0 for a longer one (ADR-0076).
                var key: UInt64
                var start: Int32
                var length: Int32
                /// The last entry added to the term's list (a word seen again in the same entry, as
                /// most words of a text are, is done at once).
                var last: Int32
            }

            /// A word of one to seven bytes as one number: its bytes little-endian (the first
            /// lowest), its length in the top byte, which its bytes leave 0. Two such words have
            /// the same key only when they have the same bytes; a longer word's is 0, which no word
            /// of one to seven bytes has. So a short word read as a number (`addWords`) is found by
            /// comparing it with each candidate's key, without its hash, length or bytes (ADR-0076).
            @inline(__always)
            static func key(_ bytes: UInt64, length: Int) -> UInt64 { bytes | UInt64(truncatingIfNeeded: length) &<< 56 }

            /// `key` of the `count` bytes at `word`.
            static func key(_ word: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
                guard count > 0, count < 8 else { return 0 }
                var bytes: UInt64 = 0
                for i in 0..<count { bytes |= UInt64(word[i]) &<< UInt64(8 * i) }
                return key(bytes, length: count)
            }

            /// number + 1 of a term, 0 for an empty slot.
            private(set) var slots: UnsafeMutablePointer<Int32>
            private(set) var slotCount: Int
            private(set) var terms: UnsafeMutablePointer<Term>
            private(set) var termCount = 0
            private var termCapacity: Int
            private(set) var bytes: UnsafeMutablePointer<UInt8>
            private var byteCount = 0
            private var byteCapacity: Int
            private(set) var pairs: UnsafeMutablePointer<UInt64>
            private(set) var pairCount = 0
            private var pairCapacity: Int
            /// A word's bytes lower-cased, written eight at a time (up to `maxTokenLength` + 7 bytes).
            private let lowered: UnsafeMutablePointer<UInt8>

            init(slots slotCount: Int = 1024, terms termCapacity: Int = 256, bytes byteCapacity: Int = 2048, pairs pairCapacity: Int = 1024) {
                self.slotCount = slotCount
                slots = .allocate(capacity: slotCount)
                slots.initialize(repeating: 0, count: slotCount)
                self.termCapacity = termCapacity
                terms = .allocate(capacity: termCapacity)
                self.byteCapacity = byteCapacity
                bytes = .allocate(capacity: byteCapacity)
                self.pairCapacity = pairCapacity
                pairs = .allocate(capacity: pairCapacity)
                lowered = .allocate(capacity: SearchIndex.maxTokenLength + 8)
            }

            deinit {
                slots.deallocate()
                terms.deallocate()
                bytes.deallocate()
                pairs.deallocate()
                lowered.deallocate()
            }

            func copy() -> Table {
                let copy = Table(slots: slotCount, terms: termCapacity, bytes: byteCapacity, pairs: pairCapacity)
                copy.slots.update(from: slots, count: slotCount)
                copy.terms.initialize(from: terms, count: termCount)
                copy.termCount = termCount
                copy.bytes.initialize(from: bytes, count: byteCount)
                copy.byteCount = byteCount
                copy.pairs.initialize(from: pairs, count: pairCount)
                copy.pairCount = pairCount
                return copy
            }

            /// `entry` added to the list of the word of `count` bytes at `word` (whose hash is `hash`).
            @inline(__always)
            func add(_ word: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, entry: Int32) {
                let mask = slotCount - 1
                var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
                while true {
                    let found = Int(slots[slot])
                    if found == 0 { break }
                    let term = terms + (found - 1)
                    if term.pointee.hash == hash, Int(term.pointee.length) == count,
                       Table.same(bytes + Int(term.pointee.start), word, count) {
                        guard term.pointee.last != entry else { return }
                        term.pointee.last = entry
                        appendPair(UInt64(found - 1) << 32 | UInt64(UInt32(bitPattern: entry)))
                        return
                    }
                    slot = (slot + 1) & mask
                }
                addTerm(word, count, hash: hash, entry: entry, slot: slot)
            }

            /// `add` of a word of one to seven bytes whose `key` is `key`: a candidate is compared by
            /// its key alone (ADR-0076).
            @inline(__always)
            func addShort(_ word: UnsafePointer<UInt8>, _ count: Int, key: UInt64, hash: UInt64, entry: Int32) {
                let mask = slotCount &- 1
                var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
                while true {
                    let found = Int(slots[slot])
                    if found == 0 { break }
                    let term = terms + (found &- 1)
                    if term.pointee.key == key {
                        guard term.pointee.last != entry else { return }
                        term.pointee.last = entry
                        appendPair(UInt64(found &- 1) << 32 | UInt64(UInt32(bitPattern: entry)))
                        return
                    }
                    slot = (slot &+ 1) & mask
                }
                addTerm(word, count, hash: hash, entry: entry, slot: slot)
            }

            /// A new term, in `slot` (empty).
            @inline(never)
            private func addTerm(_ word: UnsafePointer<UInt8>, _ count: Int, hash: UInt64, entry: Int32, slot: Int) {
                if termCount == termCapacity {
                    termCapacity *= 2
                    let grown = UnsafeMutablePointer<Term>.allocate(capacity: termCapacity)
                    grown.moveInitialize(from: terms, count: termCount)
                    terms.deallocate()
                    terms = grown
                }
                if byteCount + count > byteCapacity {
                    while byteCount + count > byteCapacity { byteCapacity *= 2 }
                    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: byteCapacity)
                    grown.moveInitialize(from: bytes, count: byteCount)
                    bytes.deallocate()
                    bytes = grown
                }
                let number = termCount
                slots[slot] = Int32(number + 1)
                (terms + number).initialize(to: Term(hash: hash, key: Table.key(word, count), start: Int32(byteCount), length: Int32(count), last: entry))
                termCount += 1
                (bytes + byteCount).update(from: word, count: count)
                byteCount += count
                appendPair(UInt64(number) << 32 | UInt64(UInt32(bitPattern: entry)))
                if termCount * 2 > slotCount { grow() }
            }

            @inline(__always)
            private func appendPair(_ pair: UInt64) {
                if pairCount == pairCapacity { growPairs() }
                pairs[pairCount] = pair
                pairCount += 1
            }

            @inline(never)
            private func growPairs() {
                pairCapacity *= 2
                let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: pairCapacity)
                grown.moveInitialize(from: pairs, count: pairCount)
                pairs.deallocate()
                pairs = grown
            }

            private func grow() {
                slots.deallocate()
                slotCount *= 2
                slots = .allocate(capacity: slotCount)
                slots.initialize(repeating: 0, count: slotCount)
                let mask = slotCount - 1
                for number in 0..<termCount {
                    let hash = terms[number].hash
                    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
                    while slots[slot] != 0 { slot = (slot + 1) & mask }
                    slots[slot] = Int32(number + 1)
                }
            }

            /// Whether the `count` bytes at `a` and at `b` are the same, reading none after them:
            /// up to 16 bytes by two loads of 8 (or of 4, or bytes) that may overlap, more by `memcmp`.
            @inline(__always)
            static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
                let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
                if count >= 8 {
                    guard count <= 16 else { return memcmp(a, b, count) == 0 }
                    return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                        && x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                }
                if count >= 4 {
                    return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                        && x.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                }
                for i in 0..<count where a[i] != b[i] { return false }
                return true
            }

            /// Every word of `text` added for `entry`: `forEachToken`'s words, found, hashed and looked
            /// up in one loop (the words' rule is `forEachToken`'s, written out again here, the table's
            /// look-up inlined into it). The bytes are read eight at a time (ADR-0071): one load
            /// classes eight bytes (`Chunk.classes`), and a word that ends within the eight read from
            /// the end of the word before (most words: five to six letters and a space) is taken out
            /// of them, lower-cased and hashed whole, without a step a byte.
            func addWords(_ text: UnsafeBufferPointer<UInt8>, entry: Int32) {
                guard let base = text.baseAddress else { return }
                let end = text.count
                var at = 0
                while at < end {
                    let chunk = Chunk.load(base, at, end)
                    let (words, capitals) = Chunk.classes(chunk)
                    guard words != 0 else {
                        at += 8
                        continue
                    }
                    // Bit offsets (multiples of 8) of the word's first byte and of the byte after it.
                    let skip = words.trailingZeroBitCount & ~7
                    let after = ~words & Chunk.high & (~0 &<< UInt64(skip))
                    guard after != 0 else {
                        // The word runs to the chunk's end: read again from its start, or, when it
                        // starts the chunk, a word of eight bytes or more.
                        if skip > 0 {
                            at += skip >> 3
                        } else {
                            at = addLongWord(base, from: at, end: end, entry: entry)
                        }
                        continue
                    }
                    let stop = after.trailingZeroBitCount & ~7
                    let mask = (1 &<< UInt64(stop - skip)) &- 1
                    let word = (chunk &>> UInt64(skip)) & mask
                    let first = at + skip >> 3, length = (stop - skip) >> 3
                    let upper = (capitals &>> UInt64(skip)) & mask
                    if upper == 0 {
                        addShort(base + first, length, key: Table.key(word, length: length), hash: Postings.mix(Postings.seed, word), entry: entry)
                    } else {
                        let lower = word | upper &>> 2
                        UnsafeMutableRawPointer(lowered).storeBytes(of: lower.littleEndian, as: UInt64.self)
                        addShort(lowered, length, key: Table.key(lower, length: length), hash: Postings.mix(Postings.seed, lower), entry: entry)
                        addCamelParts(base + first, length, entry: entry)
                    }
                    // The byte after the word is not a word's: the next read starts after it.
                    at += stop >> 3 + 1
                }
            }

            /// A word from `first` that does not end within the eight bytes read before it: read,
            /// lower-cased (into `lowered`) and hashed eight bytes at a time. The index after it.
            @inline(never)
            private func addLongWord(_ base: UnsafePointer<UInt8>, from first: Int, end: Int, entry: Int32) -> Int {
                var at = first
                var hash = Postings.seed
                var capitals: UInt64 = 0
                while true {
                    var chunk = Chunk.load(base, at, end)
                    var (words, upper) = Chunk.classes(chunk)
                    let after = ~words & Chunk.high
                    let stop = after == 0 ? 64 : after.trailingZeroBitCount & ~7
                    guard stop > 0 else { break }
                    if stop < 64 {
                        words = (1 &<< UInt64(stop)) &- 1
                        chunk &= words
                        upper &= words
                    }
                    capitals |= upper
                    let lower = chunk | upper &>> 2
                    if at - first < SearchIndex.maxTokenLength {
                        UnsafeMutableRawPointer(lowered + (at - first)).storeBytes(of: lower.littleEndian, as: UInt64.self)
                    }
                    hash = Postings.mix(hash, lower)
                    at += stop >> 3
                    guard stop == 64 else { break }
                }
                let length = at - first
                guard length <= SearchIndex.maxTokenLength else { return at }
                if capitals == 0 {
                    add(base + first, length, hash: hash, entry: entry)
                } else {
                    addCapitalized(base + first, length, hash: hash, entry: entry)
                }
                return at
            }

            /// A word with a capital, lower-cased in `lowered` already: it, then its camel-case parts
            /// (`forEachToken`'s).
            @inline(never)
            private func addCapitalized(_ word: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, entry: Int32) {
                add(lowered, length, hash: hash, entry: entry)
                addCamelParts(word, length, entry: entry)
            }

            /// The camel-case parts of a word with a capital (`forEachToken`'s), lower-cased in `lowered` already.
            @inline(never)
            private func addCamelParts(_ word: UnsafePointer<UInt8>, _ length: Int, entry: Int32) {
                // camelCase parts: a capital after a lower-case letter starts a part.
                var partStart = 0
                var parts = 0
                for i in 1..<max(1, length) where SearchIndex.isUpper(word[i]) && SearchIndex.isLowerOrDigit(word[i - 1]) {
                    let part = UnsafeBufferPointer(start: lowered + partStart, count: i - partStart)
                    add(lowered + partStart, i - partStart, hash: Postings.hash(part), entry: entry)
                    partStart = i
                    parts += 1
                }
                if parts > 0 {
                    let part = UnsafeBufferPointer(start: lowered + partStart, count: length - partStart)
                    add(lowered + partStart, length - partStart, hash: Postings.hash(part), entry: entry)
                }
            }
        }

        /// Eight bytes of a text at a time, as a little-endian UInt64 (the first byte lowest): each
        /// byte classed by arithmetic on all eight at once, the high bit of a byte of the answer
        /// set for each byte in the class. On seven-bit values (the high bit cleared) adding
        /// `0x80 - low` sets a byte's high bit when it is at least `low`, adding `0x7F - high` when it
        /// is above `high`, and neither carries into the next byte.
        enum Chunk {
            static let high: UInt64 = 0x8080_8080_8080_8080
            static let seven: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            @inline(__always) static func each(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

            /// The bytes from `at`, those at and after `end` read as 0 (not a word byte).
            @inline(__always)
            static func load(_ base: UnsafePointer<UInt8>, _ at: Int, _ end: Int) -> UInt64 {
                if at + 8 <= end { return UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)) }
                var chunk: UInt64 = 0
                for i in 0..<(end - at) { chunk |= UInt64(base[at + i]) &<< UInt64(8 * i) }
                return chunk
            }

            /// Word bytes (`SearchIndex.folded` not 0: a letter or digit, or any byte of 0x80 and
            /// above), and capitals (`A` to `Z`: a letter whose 0x20 bit is clear; `chunk | capitals >> 2`
            /// is the chunk lower-cased).
            @inline(__always)
            static func classes(_ chunk: UInt64) -> (words: UInt64, capitals: UInt64) {
                let low = chunk & seven
                let digits = (low &+ each(0x80 - 0x30)) & ~(low &+ each(0x7F - 0x39))
                let folded = low | each(0x20)
                let letters = (folded &+ each(0x80 - 0x61)) & ~(folded &+ each(0x7F - 0x7A)) & ~chunk
                return ((digits | letters | chunk) & high, letters & ~(chunk &<< 2) & high)
            }
        }
    }

    /// The whole index's words, runs' postings joined in entry order: terms numbered by bytes
    /// (`Terms`, a run's hashes reused), each with its list. No String is made for a word until the
    /// end (`sorted`), once per distinct word (ADR-0051; before, once per distinct word a run, with a
    /// `[String: [Int32]]` look-up for each).
    ///
    /// A run's pairs are kept as they come, their terms renumbered, in one array (`pairTerms`, with
    /// where each entry's pairs start), and made into every term's list at the end by counting
    /// (`lists`), rather than appended to a list a term (ADR-0071): the join is the work of the
    /// whole-site files done in page order, under their lock. The array is in blocks of `block`
    /// pairs, never copied to grow, each let go at the end as soon as its pairs are placed
    /// (`takeLists`), so that the pairs and the lists made of them are not held whole at once
    /// (ADR-0076: that moment was the peak of a build of 100,000 records).
    struct AllPostings {
        private(set) var terms = Terms()
        /// Each pair's term, in the order joined (entry by entry, entries increasing), `block` a block.
        private var pairTerms: [[Int32]] = []
        private var pairCount = 0
        /// Each entry with a pair and where its pairs start (counting every pair before), in order.
        private var entryStarts: [(entry: Int32, start: Int)] = []
        let block: Int

        init(block: Int = 1 << 20) { self.block = max(1, block) }

        /// A run's postings, its entries after every entry joined before.
        mutating func join(_ run: Postings) {
            var numbers: [Int32] = []
            numbers.reserveCapacity(run.count)
            run.forEachTerm { word, hash in numbers.append(Int32(terms.number(of: word, hash: hash).number)) }
            run.withPairs { pairs in
                numbers.withUnsafeBufferPointer { numbers in
                    var last = entryStarts.last?.entry ?? -1
                    var offset = 0
                    while offset < pairs.count {
                        if pairTerms.last.map({ $0.count == block }) ?? true {
                            pairTerms.append([])
                            pairTerms[pairTerms.count - 1].reserveCapacity(block)
                        }
                        let current = pairTerms.count - 1
                        let filled = pairTerms[current].count
                        let take = min(block - filled, pairs.count - offset)
                        pairTerms[current].append(contentsOf: repeatElement(0, count: take))
                        pairTerms[current].withUnsafeMutableBufferPointer { out in
                            for k in 0..<take {
                                let pair = pairs[offset + k]
                                let entry = Int32(truncatingIfNeeded: pair)
                                if entry != last {
                                    entryStarts.append((entry, pairCount + k))
                                    last = entry
                                }
                                out[filled + k] = numbers[Int(pair >> 32)]
                            }
                        }
                        pairCount += take
                        offset += take
                    }
                }
            }
        }

        /// Every term's list (sorted, no repeats): term `n`'s is `entries[starts[n]..<starts[n + 1]]`,
        /// made by counting each term's pairs, then placing each pair's entry, pairs in order.
        func lists() -> (starts: [Int], entries: [Int32]) {
            var copy = self
            return copy.takeLists()
        }

        /// `lists()`, each block of pairs let go once its pairs are placed; the postings hold no
        /// pairs afterwards. The lists are written into memory not cleared first, so that a page of
        /// them is taken only when a pair is placed in it.
        mutating func takeLists() -> (starts: [Int], entries: [Int32]) {
            var starts = [Int](repeating: 0, count: terms.count + 1)
            starts.withUnsafeMutableBufferPointer { starts in
                for pairs in pairTerms {
                    pairs.withUnsafeBufferPointer { for term in $0 { starts[Int(term) + 1] += 1 } }
                }
                for n in 0..<terms.count { starts[n + 1] += starts[n] }
            }
            var next = Array(starts.dropLast())
            let count = pairCount
            let entries = [Int32](unsafeUninitializedCapacity: count) { entries, initialized in
                next.withUnsafeMutableBufferPointer { next in
                    // The entry of the pairs from `index` up to `nextStart`, the next entry's first pair.
                    var k = -1, entry: Int32 = 0, nextStart = 0, index = 0
                    for b in pairTerms.indices {
                        let pairs = pairTerms[b]
                        pairTerms[b] = []
                        pairs.withUnsafeBufferPointer { pairs in
                            for term in pairs {
                                while index == nextStart {
                                    k += 1
                                    entry = entryStarts[k].entry
                                    nextStart = k + 1 < entryStarts.count ? entryStarts[k + 1].start : count
                                }
                                (entries.baseAddress! + next[Int(term)]).initialize(to: entry)
                                next[Int(term)] += 1
                                index += 1
                            }
                        }
                    }
                }
                initialized = count
            }
            pairTerms = []
            pairCount = 0
            entryStarts = []
            return (starts, entries)
        }

        /// The terms and their lists as a `[String: [Int32]]` of every word's String would hold them
        /// (canonically equivalent spellings one term, the first spelling kept, lists merged), in the
        /// order of `keys.sorted()`.
        ///
        /// A term of ASCII bytes is equal, as a String, to no other term (ADR-0071): terms are
        /// distinct by bytes, an ASCII String is equal only to the Strings whose normalized (NFC)
        /// form it is, and a String with any other character than ASCII and the three whose
        /// normalized forms are ASCII (U+212A KELVIN SIGN, U+037E GREEK QUESTION MARK, U+1FEF GREEK
        /// VARIA) has a character other than ASCII in its normalized form. So the ASCII terms are
        /// sorted by their bytes (Swift orders ASCII Strings so), without a String table; the others
        /// are merged by a `[String: Int]` and sorted as Strings, and the two sequences merged as
        /// Strings. A term with one of the three characters and ASCII only takes every term the old
        /// way (`sortedAsStrings`).
        func sorted() -> [(term: String, list: ArraySlice<Int32>)] {
            let (starts, entries) = lists()
            return sorted(starts: starts, entries: entries)
        }

        /// `sorted()`, the pairs let go as soon as the lists are made of them, before the terms are
        /// sorted and written (the index's end: ADR-0076). The postings hold no pairs afterwards.
        mutating func takeSorted() -> [(term: String, list: ArraySlice<Int32>)] {
            let (starts, entries) = takeLists()
            return sorted(starts: starts, entries: entries)
        }

        private func sorted(starts: [Int], entries: [Int32]) -> [(term: String, list: ArraySlice<Int32>)] {
            let list = { (number: Int) in entries[starts[number]..<starts[number + 1]] }
            return terms.bytes.withUnsafeBufferPointer { all in
                let base = all.baseAddress
                var ascii: [(prefix: UInt64, number: Int32)] = []
                var others: [Int] = []
                ascii.reserveCapacity(terms.count)
                for number in 0..<terms.count {
                    let term = terms.list[number]
                    let bytes = UnsafeBufferPointer(start: base.map { $0 + Int(term.start) }, count: Int(term.length))
                    if !bytes.contains(where: { $0 >= 0x80 }) {
                        var prefix: UInt64 = 0
                        for i in 0..<min(8, bytes.count) { prefix |= UInt64(bytes[i]) &<< UInt64(56 - 8 * i) }
                        ascii.append((prefix, Int32(number)))
                    } else {
                        guard !Self.normalizesToASCII(bytes) else { return sortedAsStrings(list) }
                        others.append(number)
                    }
                }
                // The ASCII terms by their bytes: the first eight as a number, then the rest, then the length.
                ascii.sort { a, b in
                    guard a.prefix == b.prefix else { return a.prefix < b.prefix }
                    let x = terms.list[Int(a.number)], y = terms.list[Int(b.number)]
                    let shorter = Int(min(x.length, y.length))
                    if shorter > 8, let base {
                        let order = memcmp(base + Int(x.start) + 8, base + Int(y.start) + 8, shorter - 8)
                        if order != 0 { return order < 0 }
                    }
                    return x.length < y.length
                }
                // The others: canonically equivalent spellings one term, the first kept; sorted as Strings.
                let (keys, merged) = mergedAsStrings(others, list)
                let order = keys.indices.sorted { keys[$0] < keys[$1] }
                // The two sequences merged, as Strings.
                var result: [(term: String, list: ArraySlice<Int32>)] = []
                result.reserveCapacity(ascii.count + keys.count)
                var other = 0
                for (_, number) in ascii {
                    let key = terms.string(Int(number))
                    while other < order.count, keys[order[other]] < key {
                        result.append((keys[order[other]], merged[order[other]]))
                        other += 1
                    }
                    result.append((key, list(Int(number))))
                }
                for position in order[other...] { result.append((keys[position], merged[position])) }
                return result
            }
        }

        /// Every term as a String, canonically equivalent spellings merged (the first kept), sorted
        /// as Strings: the way a term normalized to ASCII is taken (`sorted`).
        private func sortedAsStrings(_ list: (Int) -> ArraySlice<Int32>) -> [(term: String, list: ArraySlice<Int32>)] {
            let (keys, merged) = mergedAsStrings(0..<terms.count, list)
            return keys.indices.sorted { keys[$0] < keys[$1] }.map { (keys[$0], merged[$0]) }
        }

        /// The terms `numbers` as Strings, in their order, canonically equivalent spellings one
        /// term (the first kept, the lists joined), with each key's list.
        private func mergedAsStrings(_ numbers: some Sequence<Int>, _ list: (Int) -> ArraySlice<Int32>)
            -> (keys: [String], lists: [ArraySlice<Int32>]) {
            var keys: [String] = []
            var merged: [ArraySlice<Int32>] = []
            var index: [String: Int] = [:]
            for number in numbers {
                let key = terms.string(number)
                if let earlier = index[key] {
                    merged[earlier] = ArraySlice(Array(Set(merged[earlier]).union(list(number))).sorted())
                } else {
                    index[key] = keys.count
                    keys.append(key)
                    merged.append(list(number))
                }
            }
            return (keys, merged)
        }

        /// Whether the bytes (valid UTF-8 with a byte of 0x80 or above) are ASCII and the three
        /// characters whose normalized forms are ASCII only: U+212A (E2 84 AA), U+037E (CD BE),
        /// U+1FEF (E1 BF AF).
        static func normalizesToASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 { i += 1; continue }
                let rest = bytes.count - i
                if rest >= 3, byte == 0xE2, bytes[i + 1] == 0x84, bytes[i + 2] == 0xAA { i += 3; continue }
                if rest >= 3, byte == 0xE1, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xAF { i += 3; continue }
                if rest >= 2, byte == 0xCD, bytes[i + 1] == 0xBE { i += 2; continue }
                return false
            }
            return true
        }
    }
}
