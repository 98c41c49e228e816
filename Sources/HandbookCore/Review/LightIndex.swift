import Foundation

/// What `review` and `context` remember of a handbook between runs (ADR-0150): every decision as
/// the reports show it (`Decision`: globs, id, title, status, date, pages, the records superseding
/// it), the landmines' files, and the diagnostics of reading, parsing and linking every file. Valid
/// while nothing it was made from changed: the key hashes the options, the executable and the stamp
/// (device, inode, size, modification and change times) of every file the load stage listed. With a
/// valid index the light pipeline reads no decision record (only the landmines, and the bodies of
/// the decisions whose sentence fits the budget) and repeats the stored diagnostics; the reports are
/// built from the same `Decision` rows either way, so they are those of a run over every record.
struct LightIndex {
    static let header = "handbook-light-index 6"

    /// A decision record as `review` and `context` report it.
    struct Decision: Equatable, Sendable {
        /// The Markdown file's absolute path, as the load stage lists it.
        var path: String
        var patterns: [String]
        var id: String
        var title: String
        var status: String
        var statusLabel: String
        var date: String?
        /// The file from the repository root (else as diagnostics name it).
        var source: String
        var page: String
        /// The ids of the records superseding this one directly, sorted (`review`).
        var supersededBy: [String]
        /// The decisions in force (indices) that replace this one through chains of supersessions (`context`).
        var successors: [Int]
        /// Whether the body says the decision in a sentence or two (`DecisionSummary.hasSummary`);
        /// nil: not known yet. Kept in the index so that `context` reads no body only to name a
        /// sentence the budget leaves out (ADR-0161).
        var summarized: Bool? = nil
    }

    var key: String
    /// The files whose stamps were taken in the clock tick they were written in, with the hash of
    /// their contents then (`Key.recent`): a run that finds the same key compares them first.
    var recent: [(path: String, hash: String)] = []
    var diagnostics: [Diagnostic]
    var decisions: [Decision]
    /// What the load stage listed that a run with the index reads: the landmine notes (read on
    /// every run: their sections are in their bodies), assets, contract manifests, metrics files.
    var listing: LoadStage.Listing

    /// The landmine notes' absolute paths.
    var landmines: [String] { listing.markdown.map(\.file.absolutePath) }

    init(key: String, diagnostics: [Diagnostic], decisions: [Decision], listing: LoadStage.Listing) {
        self.key = key
        self.diagnostics = diagnostics
        self.decisions = decisions
        self.listing = listing
    }

    /// The key of the handbook in these folders, taken before they are listed (ADR-0160): the
    /// options, the executable, the configuration's stamp, the folders, and the digest of every
    /// entry below them (`FileSystem.treeDigest`: path and stamp, so an added, removed, renamed
    /// or edited file changes it). Everything the listing and the records give follows from these.
    /// Nil when something cannot be stamped (nothing is cached then).
    static func key(options: BuildOptions, root: String, config: String, folders: [ContentFolder], fileSystem: FileSystem) -> Key? {
        let since = FileClock.now()
        guard let executable = fileSystem.stamp("/proc/self/exe") ?? Bundle.main.executablePath.flatMap(fileSystem.stamp),
              let digest = fileSystem.treeDigest(folders.map(\.directory), skipping: LoadStage.skippedFolders, linksWithin: root,
                                                 excluding: [options.outputDirectory]) else {
            return nil
        }
        var hash = StableHash()
        hash.add(header)
        hash.add(executable)
        for text in [options.workingDirectory, options.contentDirectory, options.outputDirectory, options.rootDirectory ?? "",
                     options.today, root, config] {
            hash.add(text)
        }
        let configStamp = fileSystem.stamp(config)
        hash.add(configStamp ?? [0])
        for folder in folders {
            for text in [folder.directory, folder.prefix, folder.kind ?? "\u{0}", folder.idPrefix ?? "\u{0}", folder.recursive ? "r" : "-"] {
                hash.add(text)
            }
        }
        hash.add(digest.value)
        var recent = digest.recent
        if let configStamp, FileClock.isRecent(configStamp, since: since) { recent.append(config) }
        return Key(value: hash.hex, recent: recent)
    }

    /// An index's key, and the files whose stamps cannot yet tell a second write of the same size
    /// (`FolderDigest.recent`): the index keeps a hash of their contents, compared by the next run.
    struct Key {
        var value: String
        var recent: [String]
    }

    /// The hash of each file's contents (nil: unreadable), for `Key.recent`.
    static func contentHashes(_ paths: [String], fileSystem: FileSystem) -> [(path: String, hash: String)] {
        paths.sorted().map { path in
            guard let data = try? fileSystem.read(path) else { return (path, "-") }
            var hash = StableHash()
            hash.add(bytes: data)
            return (path, hash.hex)
        }
    }

    /// The decisions of a linked handbook, in its order.
    static func decisions(of handbook: Handbook) -> [Decision] {
        var rowOf: [Int: Int] = [:]
        for (index, document) in handbook.documents.enumerated() where document.decision != nil { rowOf[index] = rowOf.count }
        return handbook.documents.indices.compactMap { index -> Decision? in
            let document = handbook.documents[index]
            guard let record = document.decision else { return nil }
            return Decision(path: document.source.absolutePath, patterns: GovernanceLinker.patterns(of: document).map(\.value),
                            id: record.id, title: document.title, status: record.status, statusLabel: record.statusLabel,
                            date: record.date, source: document.source.repositoryPath ?? document.source.displayPath,
                            page: document.outputPath,
                            supersededBy: handbook.relations[index].supersededBy.compactMap { handbook.documents[$0].decision?.id }.sorted(),
                            successors: successors(of: index, in: handbook).compactMap { rowOf[$0] })
        }
    }

    /// No longer in force (`StatusText.notInForce`).
    static func inactive(_ status: String) -> Bool { StatusText.notInForce(status) }

    /// The records in force that (through a chain of supersessions) replace a record.
    static func successors(of index: Int, in handbook: Handbook) -> [Int] {
        var found: [Int] = []
        var seen: Set<Int> = [index]
        var queue = handbook.relations[index].supersededBy
        while let next = queue.first {
            queue.removeFirst()
            guard seen.insert(next).inserted, let record = handbook.documents[next].decision else { continue }
            if inactive(record.status) {
                queue += handbook.relations[next].supersededBy
            } else {
                found.append(next)
            }
        }
        return found
    }

    // MARK: The file

    /// Where the index of the handbook at `root` (content folder `content`) is kept.
    static func file(in directory: String, root: String, content: String) -> String {
        var hash = StableHash()
        hash.add(root)
        hash.add(content)
        return Path.join(directory, "light-" + hash.hex + ".idx")
    }

    /// The stored index, when it is readable and has this key.
    static func read(_ path: String, key: String) -> Stored? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Stored(data, key: key)
    }

    var text: String {
        var text = Self.header + "\nkey " + key + "\n"
        for (path, hash) in recent { text += "r\t" + Self.escape(path) + "\t" + hash + "\n" }
        // Each pattern with the rows that use it: a run matches the patterns, then reads those rows only.
        var patternIDs: [String: Int] = [:]
        var patternRows: [[Int]] = []
        for (row, decision) in decisions.enumerated() {
            for pattern in decision.patterns {
                let number = patternIDs[pattern] ?? patternRows.count
                if number == patternRows.count {
                    patternIDs[pattern] = number
                    patternRows.append([])
                }
                if patternRows[number].last != row { patternRows[number].append(row) }
            }
        }
        for (pattern, number) in patternIDs.sorted(by: { $0.value < $1.value }) {
            text += "p\t" + Self.escape(pattern) + "\t" + patternRows[number].map(String.init).joined(separator: ",") + "\n"
        }
        for diagnostic in diagnostics {
            let fields = ["d", diagnostic.file, String(diagnostic.line), String(diagnostic.column), diagnostic.severity.rawValue,
                          diagnostic.id, diagnostic.message]
            text += fields.map(Self.escape).joined(separator: "\t") + "\n"
        }
        // The decisions' rows come last, after the offset of each (from the first): a run reads
        // nothing of the rows no path asked about, not even where they end.
        var rows = ""
        var offsets: [Int] = []
        for decision in decisions {
            offsets.append(rows.utf8.count)
            let fields = ["D", Self.escape(decision.path), decision.patterns.compactMap { patternIDs[$0].map(String.init) }.joined(separator: ","),
                          Self.escape(decision.id), Self.escape(decision.title), Self.escape(decision.status), Self.escape(decision.statusLabel),
                          Self.escape(decision.date.map { "=" + $0 } ?? "-"), Self.escape(decision.source), Self.escape(decision.page),
                          Self.list(decision.supersededBy), decision.successors.map(String.init).joined(separator: ","),
                          decision.summarized.map { $0 ? "s" : "-" } ?? "?"]
            rows += fields.joined(separator: "\t") + "\n"
        }
        for (file, folder) in listing.markdown { text += "m\t" + String(folder) + "\t" + Self.fields(file) + "\n" }
        for file in listing.assets { text += "a\t" + Self.fields(file) + "\n" }
        for file in listing.contractManifests { text += "c\t" + Self.fields(file) + "\n" }
        for file in listing.metricsFiles { text += "t\t" + Self.fields(file) + "\n" }
        return text + "o\t" + offsets.map(String.init).joined(separator: ",") + "\n" + rows
    }

    /// A source file's four paths, escaped, tab-separated (no repository path: `-`, else `=` and it).
    static func fields(_ file: SourceFile) -> String {
        [file.path, file.displayPath, file.repositoryPath.map { "=" + $0 } ?? "-", file.absolutePath].map(escape).joined(separator: "\t")
    }

    static func sourceFile(_ fields: ArraySlice<String>) -> SourceFile? {
        guard fields.count == 4 else { return nil }
        let values = Array(fields)
        let repository = values[2]
        guard repository == "-" || repository.hasPrefix("=") else { return nil }
        return SourceFile(path: values[0], displayPath: values[1], repositoryPath: repository == "-" ? nil : String(repository.dropFirst()),
                          absolutePath: values[3])
    }

    /// A list: empty, or `+` and its escaped items joined by U+001F (a separator in an item is `\u`).
    static func list(_ items: [String]) -> String { items.isEmpty ? "" : "+" + items.map(escape).joined(separator: "\u{1F}") }

    static func list(_ bytes: UnsafeRawBufferPointer.SubSequence) -> [String] {
        bytes.isEmpty ? [] : bytes.dropFirst().split(separator: 0x1F, omittingEmptySubsequences: false).map { unescape($0) }
    }

    /// An index as read from its file: the patterns, diagnostics and listing decoded, each
    /// decision kept as its line until a report needs it (most decisions match none of the paths).
    /// The decisions' lines come last, after their offsets (`o`), and each pattern line names the
    /// rows using it: reading the index touches no decision's line (ADR-0160), only the rows the
    /// matching patterns name are read, with memchr(3), and a field without a backslash is decoded
    /// as it is.
    struct Stored {
        var diagnostics: [Diagnostic] = []
        var listing = LoadStage.Listing()
        var landmines: [String] { listing.markdown.map(\.file.absolutePath) }
        var patterns: [String] = []
        /// `LightIndex.recent` as written.
        var recent: [(path: String, hash: String)] = []
        private var data: Data
        /// Where each decision's line starts (the line ends at the next newline).
        private var starts: [Int] = []
        /// The rows using each pattern, ascending.
        private var patternRows: [[Int]] = []

        init?(_ data: Data, key: String) {
            self.data = data
            var valid = true
            var patterns: [String] = []
            var patternRows: [[Int]] = []
            var listing = LoadStage.Listing()
            var diagnostics: [Diagnostic] = []
            var recent: [(path: String, hash: String)] = []
            var starts: [Int] = []
            let expected = [LightIndex.header, "key " + key]
            data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                guard let base = bytes.baseAddress else {
                    valid = false
                    return
                }
                var start = 0
                var number = 0
                var offsets = false
                while start < bytes.count, valid, !offsets {
                    let end = Stored.find(0x0A, base, start..<bytes.count) ?? bytes.count
                    let line = bytes[start..<end]
                    defer { start = end + 1; number += 1 }
                    if number < 2 {
                        valid = String(decoding: UnsafeRawBufferPointer(rebasing: line), as: UTF8.self) == expected[number]
                        continue
                    }
                    guard let kind = line.first else { continue }
                    if kind == UInt8(ascii: "o") {
                        // The decisions' rows follow, each where its offset says.
                        guard end < bytes.count, line.count >= 2, base.load(fromByteOffset: start + 1, as: UInt8.self) == 0x09,
                              Stored.numbers(base, (start + 2)..<end, into: &starts) else { valid = false; return }
                        let first = end + 1
                        var previous = -1
                        for index in starts.indices {
                            let at = starts[index] + first
                            // Ascending, inside the file, each a `D` line's start.
                            guard starts[index] > previous, at < bytes.count, base.load(fromByteOffset: at, as: UInt8.self) == UInt8(ascii: "D"),
                                  at == first || base.load(fromByteOffset: at - 1, as: UInt8.self) == 0x0A else { valid = false; return }
                            previous = starts[index]
                            starts[index] = at
                        }
                        // The last row ends the file.
                        let last = starts.last ?? first
                        let lastEnd = Stored.find(0x0A, base, last..<bytes.count)
                        valid = starts.isEmpty ? first == bytes.count : lastEnd == bytes.count - 1
                        offsets = true
                        continue
                    }
                    let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
                    switch kind {
                    case UInt8(ascii: "p"):
                        guard fields.count == 3, let rows = Stored.numbers(fields[2]) else { valid = false; return }
                        patterns.append(LightIndex.unescape(fields[1]))
                        patternRows.append(rows)
                    case UInt8(ascii: "r"):
                        guard fields.count == 3 else { valid = false; return }
                        recent.append((LightIndex.unescape(fields[1]), LightIndex.unescape(fields[2])))
                    case UInt8(ascii: "m"):
                        let text = fields.dropFirst().map { LightIndex.unescape($0) }
                        guard text.count == 5, let folder = Int(text[0]), let file = LightIndex.sourceFile(text[1...]) else {
                            valid = false
                            return
                        }
                        listing.markdown.append((file, folder))
                    case UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "t"):
                        guard let file = LightIndex.sourceFile(fields.dropFirst().map { LightIndex.unescape($0) }[...]) else {
                            valid = false
                            return
                        }
                        if kind == UInt8(ascii: "a") {
                            listing.assets.append(file)
                        } else if kind == UInt8(ascii: "c") {
                            listing.contractManifests.append(file)
                        } else {
                            listing.metricsFiles.append(file)
                        }
                    case UInt8(ascii: "d"):
                        let text = fields.map { LightIndex.unescape($0) }
                        guard text.count == 7, let line = Int(text[2]), let column = Int(text[3]),
                              let severity = Diagnostic.Severity(rawValue: text[4]) else { valid = false; return }
                        diagnostics.append(Diagnostic(file: text[1], line: line, column: column, severity: severity, id: text[5], message: text[6]))
                    default:
                        valid = false
                    }
                }
                if number < 2 || !offsets { valid = false }
            }
            // Every row a pattern names exists, in order.
            guard valid, patternRows.allSatisfy({ rows in rows.allSatisfy { $0 < starts.count } && zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 } })
            else { return nil }
            self.patterns = patterns
            self.patternRows = patternRows
            self.recent = recent
            self.listing = listing
            self.diagnostics = diagnostics
            self.starts = starts
        }

        /// The first `byte` in `range` of the bytes at `base`.
        static func find(_ byte: UInt8, _ base: UnsafeRawPointer, _ range: Range<Int>) -> Int? {
            guard !range.isEmpty, let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }

        /// The positions of the tabs in `line` (13 at most: a row has 12).
        static func tabs(_ base: UnsafeRawPointer, _ line: Range<Int>, into tabs: inout [Int]) {
            tabs.removeAll(keepingCapacity: true)
            var from = line.lowerBound
            while tabs.count < 13, let tab = find(0x09, base, from..<line.upperBound) {
                tabs.append(tab)
                from = tab + 1
            }
        }

        /// Comma-separated decimal numbers (empty items skipped) appended to `result`; false for anything else.
        static func numbers(_ base: UnsafeRawPointer, _ range: Range<Int>, into result: inout [Int]) -> Bool {
            var value = 0, digits = 0
            for index in range {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if byte == UInt8(ascii: ",") {
                    if digits > 0 { result.append(value) }
                    value = 0
                    digits = 0
                } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 {
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    return false
                }
            }
            if digits > 0 { result.append(value) }
            return true
        }

        /// Comma-separated decimal numbers (empty items skipped); nil for anything else.
        static func numbers(_ bytes: UnsafeRawBufferPointer.SubSequence) -> [Int]? {
            var result: [Int] = []
            let buffer = UnsafeRawBufferPointer(rebasing: bytes)
            guard let base = buffer.baseAddress else { return [] }
            return numbers(base, 0..<buffer.count, into: &result) ? result : nil
        }

        /// Every decision, in the handbook's order.
        var decisions: [Decision]? { decisions(rows: Array(starts.indices)) }

        /// The decisions a report about `paths` can show: those whose globs match one of them and
        /// the records in force that replace them, in the handbook's order (the reports see the
        /// same decisions, in the same order, as from a run over every record); nil when the
        /// index turns out damaged.
        func decisions(for paths: [String]) -> [Decision]? {
            var matcher = PathMatcher(Array(Set(paths)).sorted())
            var wanted = Set<Int>()
            for (number, pattern) in patterns.enumerated() where !matcher.matches([pattern]).isEmpty {
                wanted.formUnion(patternRows[number])
            }
            return decisions(rows: wanted.sorted(), following: true)
        }

        /// A row's last field when it is one byte: `s`, `-` (else, like `?`, not known).
        private func summarized(_ byte: UInt8) -> Bool? {
            byte == UInt8(ascii: "s") ? true : byte == UInt8(ascii: "-") ? false : nil
        }

        /// The decisions on these rows (sorted), their successors renumbered among them; `following`:
        /// and the rows of the records in force replacing them (as written), in order.
        private func decisions(rows chosen: [Int], following: Bool = false) -> [Decision]? {
            let count = starts.count
            return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [Decision]? in
                guard let base = bytes.baseAddress else { return chosen.isEmpty ? [] : nil }
                var tabs: [Int] = []
                tabs.reserveCapacity(14)
                var successors: [Int] = []
                // A row's line, its tabs in `tabs` and its successors in `successors`; false when damaged.
                func scan(_ row: Int) -> Range<Int>? {
                    guard row < count else { return nil }
                    let line = starts[row]..<(row + 1 < count ? starts[row + 1] - 1 : bytes.count - 1)
                    Stored.tabs(base, line, into: &tabs)
                    successors.removeAll(keepingCapacity: true)
                    guard tabs.count == 12, Stored.numbers(base, (tabs[10] + 1)..<tabs[11], into: &successors) else { return nil }
                    return line
                }
                var rows = chosen
                if following {
                    var extra = Set<Int>()
                    for row in chosen {
                        guard scan(row) != nil else { return nil }
                        extra.formUnion(successors)
                    }
                    extra.subtract(chosen)
                    if !extra.isEmpty { rows = (chosen + extra).sorted() }
                }
                // Where a row is among `rows` (sorted): successors outside them are not followed by anyone reading these.
                func position(_ row: Int) -> Int? {
                    var low = 0, high = rows.count
                    while low < high {
                        let middle = (low + high) / 2
                        if rows[middle] < row { low = middle + 1 } else { high = middle }
                    }
                    return low < rows.count && rows[low] == row ? low : nil
                }
                var result: [Decision] = []
                result.reserveCapacity(rows.count)
                var numbers: [Int] = []
                for row in rows {
                    guard let line = scan(row), successors.allSatisfy({ $0 < count }) else { return nil }
                    func field(_ number: Int) -> String {
                        let from = number == 0 ? line.lowerBound : tabs[number - 1] + 1
                        let to = number == 12 ? line.upperBound : tabs[number]
                        return LightIndex.unescape(UnsafeRawBufferPointer(start: base + from, count: to - from))
                    }
                    numbers.removeAll(keepingCapacity: true)
                    guard Stored.numbers(base, (tabs[1] + 1)..<tabs[2], into: &numbers), numbers.allSatisfy({ $0 < patterns.count }) else {
                        return nil
                    }
                    let date = field(7)
                    result.append(Decision(
                        path: field(1), patterns: numbers.map { patterns[$0] }, id: field(3),
                        title: field(4), status: field(5), statusLabel: field(6),
                        date: date.hasPrefix("=") ? String(date.dropFirst()) : nil, source: field(8),
                        page: field(9), supersededBy: LightIndex.list(bytes[(tabs[9] + 1)..<tabs[10]]),
                        successors: successors.compactMap(position),
                        summarized: line.upperBound - tabs[11] == 2 ? summarized(base.load(fromByteOffset: tabs[11] + 1, as: UInt8.self)) : nil))
                }
                return result
            }
        }
    }

    /// Writes the index beside any other, atomically (a rename); a failure only means no index.
    func write(to path: String) {
        CacheFile.writeAtomically(text, to: path)
    }

    /// Tabs, line ends, the list separator and backslashes written as `\t`, `\n`, `\r`, `\u`, `\\`.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 || $0 == 0x1F || $0 == 0x5C }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{1F}": result += "\\u"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A field as written: without a backslash, its bytes as they are.
    static func unescape(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
        if memchr(base, 0x5C, bytes.count) == nil { return String(decoding: bytes, as: UTF8.self) }
        return unescape(bytes[...])
    }

    static func unescape(_ bytes: UnsafeRawBufferPointer.SubSequence) -> String {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes), as: UTF8.self)
        guard bytes.contains(0x5C) else { return text }
        var result = ""
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                switch scalar {
                case "t": result += "\t"
                case "n": result += "\n"
                case "r": result += "\r"
                case "u": result += "\u{1F}"
                default: result.unicodeScalars.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A 128-bit hash that is the same in every process (Swift's `Hasher` is seeded per process):
/// two FNV-1a-style lanes with different offsets and multipliers, each field followed by its length.
struct StableHash {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ text: String) {
        // The lanes in locals over the string's bytes: the key hashes every listed file's paths,
        // and byte by byte through `self` this was a tenth of `context`'s instructions.
        var text = text
        var a = self.a, b = self.b
        let count = text.withUTF8 { bytes -> Int in
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* Self.primeA
                b = (b ^ UInt64(byte)) &* Self.primeB
                b ^= b >> 29
            }
            return bytes.count
        }
        self.a = a
        self.b = b
        add(word: UInt64(count))
    }

    mutating func add(bytes data: Data) {
        var a = self.a, b = self.b
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                a = (a ^ UInt64(byte)) &* Self.primeA
                b = (b ^ UInt64(byte)) &* Self.primeB
                b ^= b >> 29
            }
        }
        self.a = a
        self.b = b
        add(word: UInt64(data.count))
    }

    mutating func add(_ words: [UInt64]) {
        for word in words { mixWord(word) }
        mix(0xFF)
    }

    /// `add([word])` without the array.
    private mutating func add(word: UInt64) {
        mixWord(word)
        mix(0xFF)
    }

    private mutating func mixWord(_ word: UInt64) {
        var value = word
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    private static let primeA: UInt64 = 0x0000_0100_0000_01b3
    private static let primeB: UInt64 = 0x9e37_79b9_7f4a_7c15

    private mutating func mix(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* Self.primeA
        b = (b ^ UInt64(byte)) &* Self.primeB
        b ^= b >> 29
    }

    var hex: String {
        String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
