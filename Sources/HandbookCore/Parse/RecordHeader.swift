import Foundation
import HandbookMarkdown

/// The fields a record keeps in its body rather than its front matter, read from the raw lines
/// (outside fenced code): adr-tools' `Date: ...` line and `## Status` section (anywhere in the
/// file), MADR 2's bullets under the title (`- Status: ...`, `* Deciders: ...`, `Technical Story: ...`),
/// log4brains' `## Links` section (`- Supersedes [..](..)`). The status and date lines are blanked
/// out of the body that is rendered, so the page shows them once, in its header; line numbers stay.
struct RecordHeader {
    struct Line {
        var text: String
        /// 1-based line within the body.
        var line: Int
        var column: Int
    }

    struct Relation {
        var relation: DecisionRecord.Relation
        /// True for `Superseded by X` (X supersedes this record).
        var reverse: Bool
        var target: String
        var line: Int
        var column: Int
        /// The target came from a web address (see `RecordReference.external`).
        var external = false
    }

    var status: Line?
    var date: Line?
    /// The date of a `## Changelog` section's earliest entry (`- April 1, 2021: Initial Draft`,
    /// `* 22-10-2019: Initial draft`: cometbft's and the Cosmos SDK's logs), for a record with no date.
    var changelogDate: Line?
    /// Other `Name: value` lines of MADR 2's header: `Deciders`, `Tags`, `Technical Story`, ...
    var fields: [(name: String, value: Line)] = []
    var relations: [Relation] = []
    /// True when the status came from a `## Status` section (adr-tools / Nygard).
    var statusSection = false
    /// True when that section's status line is a sentence of eight words or more (cometbft's ADR
    /// 035: `The two points above have been implemented; ...`): prose, left in the body; the
    /// status is read from its first words only when they are one.
    var statusProse = false
    /// The body with the status section and header field lines blanked (same number of lines).
    var body: String

    /// Header field names read from `Name: value` lines before the first section (lowercased).
    static let headerNames: Set<String> = ["status", "date", "deciders", "decision-makers", "decision makers", "decided by",
                                           "tags", "technical story", "consulted", "informed", "proposed by", "author",
                                           "authors", "last updated", "updated", "reviewers", "approvers", "owner", "owners",
                                           "introduced", "decision date", "date decided", "start date"]

    /// MADR's French wording (`* Statut : accepté`, `statut:` in front matter, `## Statut`), as the
    /// French government's logs write it: each name as its English one.
    static let frenchNames: [String: String] = ["statut": "status", "décideurs": "deciders", "decideurs": "deciders",
                                                "décideuses et décideurs": "deciders", "consultés": "consulted",
                                                "consultes": "consulted", "informés": "informed", "informes": "informed",
                                                "date de décision": "decision date", "liens": "links", "étiquettes": "tags"]

    /// The same names in the other languages logs were found in (Spanish MADR bullets `* Estado:`,
    /// `* Fecha:`; Portuguese and German adr-tools `Data:`, `Datum:`; Japanese `## ステータス`, `## 日付`).
    static let otherNames: [String: String] = ["estado": "status", "fecha": "date", "decisores": "deciders", "data": "date",
                                               "datum": "date", "entscheider": "deciders", "ステータス": "status", "状態": "status",
                                               "日付": "date", "決定日": "date"]

    /// A lowercased field or section name as its English one.
    ///
    /// An ASCII name is compared by its bytes with the tables' ASCII names only (ADR-0067: two
    /// hashed look-ups a heading and a header line, 1,400 instructions each). Strings are equal when
    /// their normal forms are: an ASCII name is its own normal form, so it equals an ASCII name only
    /// byte for byte, and no non-ASCII name of the tables (their normal forms all keep a letter
    /// above U+007F: `ParseAroundCmarkTests` checks it). A non-ASCII name (which could equal an
    /// ASCII one: the Kelvin sign is `K`) is looked up as before.
    static func englishName(_ name: String) -> String {
        var name = name
        if let english = name.withUTF8({ bytes -> String?? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            for entry in asciiNames where entry.name.count == bytes.count {
                if entry.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    return .some(entry.english)
                }
            }
            return .some(nil)
        }) {
            return english ?? name
        }
        return hashedEnglishName(name)
    }

    /// `englishName` by the tables' look-ups (non-ASCII names; the reference of `ParseAroundCmarkTests`).
    static func hashedEnglishName(_ name: String) -> String { frenchNames[name] ?? otherNames[name] ?? name }

    /// The tables' ASCII names as bytes, the French ones first (as `hashedEnglishName` asks them).
    static let asciiNames: [(name: [UInt8], english: String)] = {
        var names: [(name: [UInt8], english: String)] = []
        for table in [frenchNames, otherNames] {
            for (name, english) in table.sorted(by: { $0.key < $1.key }) where name.utf8.allSatisfy({ $0 < 0x80 }) {
                if !names.contains(where: { $0.name == Array(name.utf8) }) { names.append((Array(name.utf8), english)) }
            }
        }
        return names
    }()

    /// The sections whose lines the scan reads (besides Status), made once (the array literal in
    /// the loop was made and freed at every heading).
    static let readSections = ["links", "related", "related decisions", "relations", "changelog", "change log", "date"]

    static func scan(_ body: String) -> RecordHeader {
        // The lines as byte ranges: most lines are prose the scan skips, and splitting and
        // trimming every line as Characters was 10% of a 10,000-record build (ADR-0014). A line
        // ends at a "\n" byte, except after "\r" ("\r\n" is one Character, which a split on the
        // Character "\n" does not split either).
        let bytes = Array(body.utf8)
        let lines = lineRanges(bytes)
        var header = RecordHeader(body: body)
        var fence = CodeFence()
        var section: (name: String, level: Int)?
        var seenSection = false
        var blank = Set<Int>()
        var statusHeading: Int?
        var changelogDay: String?
        // Inside a quote of the Status section that is a note (cometbft's template), to its end.
        var quotedNote = false
        var statusSectionLines: [Int] = []
        var statusSectionRelations = 0
        for (index, range) in lines.enumerated() {
            if fence.isOpen || (section == nil && seenSection) {
                // Inside a fence, or prose after the first section: only a line that opens with a
                // fence or a heading can matter. Its first byte after spaces and tabs decides: a
                // line whose trimmed Characters start with '`', '~' or '#' starts so in bytes too.
                var first = range.lowerBound
                while first < range.upperBound, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
                let byte = first < range.upperBound ? bytes[first] : 0
                if byte != UInt8(ascii: "`"), byte != UInt8(ascii: "~"), byte != UInt8(ascii: "#") { continue }
            }
            let raw = String(decoding: bytes[range], as: UTF8.self)
            let trimmed = raw.trimmingCharacters(in: " \t")
            if fence.skips(trimmed) { continue }
            if let (level, title) = heading(trimmed) {
                let name = englishName(clean(title).lowercased())
                if level >= 2 { seenSection = true }
                // A status section ends at the next heading of any level (manage.get.gov writes `# Status`
                // and then `## Context`); a links section may hold sub-headings.
                if let current = section, level <= current.level || current.name == "status" { section = nil }
                if name == "status" || (level >= 2 && Self.readSections.contains(name)) {
                    section = (name, level)
                    if name == "status", statusHeading == nil, header.status == nil { statusHeading = index }
                }
                continue
            }
            // Prose after the first section, outside a status or links section, holds no header
            // field: skip it before any cleaning (most lines of a long record are here).
            if section == nil, seenSection { continue }
            var line = clean(trimmed)
            // A header kept as a table (opendatahub-io's `| Status | Accepted |`): each row of a
            // name and a value as `Name: value`, the table left in the body as written.
            var tableRow = false
            if section == nil, trimmed.hasPrefix("|"), let field = Self.tableField(trimmed) {
                let (name, value) = field
                if let verb = relationVerb(name) {
                    header.addTableRelations(verb, value: value, line: index + 1)
                    continue
                }
                line = name + ": " + value
                tableRow = true
            }
            if trimmed.isEmpty { quotedNote = false }
            guard !line.isEmpty else { continue }
            let column = raw.count - raw.drop(while: { $0 == " " || $0 == "\t" }).count + 1
            if let current = section, current.name == "changelog" || current.name == "change log" {
                // The earliest entry's: logs list them oldest first or newest first.
                if let colon = line.firstIndex(of: ":"), case let text = String(line[..<colon]).trimmingCharacters(in: " \t"),
                   let date = DateText.read(text), date < (changelogDay ?? "9999") {
                    header.changelogDate = Line(text: text, line: index + 1, column: column)
                    changelogDay = date
                }
                continue
            }
            // A Date section (`## 日付` then `2026-03-29`), or a date line in the Status section
            // (`Angenommen` then `Datum: 2023-05-11`): the date, left in the body.
            if let current = section, header.date == nil {
                if current.name == "date", DateText.read(line) != nil {
                    header.date = Line(text: line, line: index + 1, column: column)
                    continue
                }
                if current.name == "status", let colon = line.firstIndex(of: ":"),
                   englishName(String(line[..<colon]).trimmingCharacters(in: " \t").lowercased()) == "date" {
                    header.date = Line(text: String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t"), line: index + 1, column: column)
                    continue
                }
            }
            if let current = section, current.name == "date" { continue }
            if let current = section {
                let inFirstStatus = current.name == "status" && statusHeading != nil && (header.status == nil || header.statusSection)
                if inFirstStatus { statusSectionLines.append(index) }
                if current.name == "status", !inFirstStatus { continue }
                // A quoted note (its first line of eight words or more, or the statuses explained) is
                // the template's, to the quote's end: cometbft's shows `Accepted` and `Superseded by
                // [ADR 123](./adr-123.md)` in it as examples. `> Accepted` alone is a status.
                if current.name == "status", trimmed.hasPrefix(">") {
                    if quotedNote { continue }
                    if line.split(separator: " ").count >= 8 || Self.isGuidance(line) {
                        quotedNote = true
                        continue
                    }
                } else {
                    quotedNote = false
                }
                if let verb = relationVerb(line) {
                    if inFirstStatus { statusSectionRelations += 1 }
                    header.addRelations(verb, in: raw, line: index + 1)
                    if current.name == "status", header.status == nil, verb.relation == .supersedes, verb.reverse {
                        header.status = Line(text: "superseded", line: index + 1, column: column)
                        header.statusSection = true
                    }
                } else if current.name == "status", header.status == nil || !header.statusSection {
                    // A template's words left in (cometbft's ADR-036: its guidance, then
                    // `{Deprecated|Proposed|Accepted|Declined}`): no status, rather than those words.
                    if Self.isGuidance(line) || Self.isPlaceholder(line) || Self.isPlaceholder(trimmed) { continue }
                    header.status = Line(text: line, line: index + 1, column: column)
                    header.statusSection = true
                    header.statusProse = line.split(separator: " ").count >= 8
                    header.addStatusLinks(line: raw, at: index + 1)
                }
                continue
            }
            guard !seenSection else { continue }
            // `Date 09/04/2018` (no colon), or a bare `27 July 2022` line under the title.
            if header.date == nil, Self.looseDate(line) {
                let text = line.lowercased().hasPrefix("date ") ? String(line.dropFirst(5)) : line
                header.date = Line(text: text.trimmingCharacters(in: " \t"), line: index + 1, column: column)
                blank.insert(index)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = englishName(String(line[..<colon]).trimmingCharacters(in: " \t").lowercased())
            guard headerNames.contains(name) else { continue }
            let value = Self.withoutComments(String(line[line.index(after: colon)...])).trimmingCharacters(in: " \t")
            // MADR's template left unfilled (`[ accepted | deprecated | ... ] <!-- optional -->`,
            // `[list everyone involved in the decision]`): no value, never an invented one.
            if Self.isPlaceholder(value) {
                if !tableRow { blank.insert(index) }
                continue
            }
            let located = Line(text: value, line: index + 1, column: column)
            switch name {
            case "status":
                if header.status == nil {
                    header.status = located
                    header.addStatusLinks(line: tableRow ? value : raw, at: index + 1)
                    if !tableRow { blank.insert(index) }
                }
            case "date", "introduced", "decision date", "date decided", "start date":
                if header.date == nil {
                    header.date = located
                    if !tableRow { blank.insert(index) }
                }
            default:
                header.fields.append((name, located))
            }
        }
        // The status section is left out of the body when it holds nothing but the status and
        // relation lines (shown in the header and the relations); prose in it stays.
        if header.statusSection, !header.statusProse, let statusHeading, statusSectionLines.count <= 1 + statusSectionRelations {
            blank.insert(statusHeading)
            blank.formUnion(statusSectionLines)
        }
        guard !blank.isEmpty else { return header }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for (index, range) in lines.enumerated() {
            if index > 0 { kept.append(UInt8(ascii: "\n")) }
            if !blank.contains(index) { kept.append(contentsOf: bytes[range]) }
        }
        header.body = String(decoding: kept, as: UTF8.self)
        return header
    }

    /// The lines of `bytes` as byte ranges, without their line ends: a line ends at a "\n" byte
    /// not after "\r". Each "\n" is found with memchr, not byte by byte (ADR-0045).
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        // Room for a line of every 48 bytes (ADR-0074: grown from one, seven times a record).
        lines.reserveCapacity(bytes.count / 48 + 2)
        var lineStart = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var from = 0
            while from < buffer.count, let found = memchr(base + from, Int32(UInt8(ascii: "\n")), buffer.count - from) {
                let offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                if offset == 0 || buffer[offset - 1] != UInt8(ascii: "\r") {
                    lines.append(lineStart..<offset)
                    lineStart = offset + 1
                }
                from = offset + 1
            }
        }
        lines.append(lineStart..<bytes.count)
        return lines
    }

    /// A line that is a date and nothing else (`27 July 2022`), or `Date` and a date without a colon.
    static func looseDate(_ line: String) -> Bool {
        guard let first = line.first, first.isNumber || first.isLetter, line.count <= 40, !line.contains(":") else { return false }
        let text = line.lowercased().hasPrefix("date ") ? String(line.dropFirst(5)) : line
        guard DateText.read(text) != nil else { return false }
        // The whole line is the date: its words are the date's (a sentence that mentions one is prose).
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." })
        return words.count <= 4 && words.allSatisfy { word in
            word.allSatisfy { $0.isNumber || $0 == "/" || $0 == "-" || $0 == "." }
                || DateText.monthNames.contains { $0.hasPrefix(word.lowercased()) && word.count >= 3 }
                || ["st", "nd", "rd", "th"].contains { word.lowercased().hasSuffix($0) && word.dropLast(2).allSatisfy(\.isNumber) }
        }
    }

    /// The text without its HTML comments (`<!-- optional -->`).
    static func withoutComments(_ text: String) -> String {
        guard text.contains("<!--") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<!--") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else { return result }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// A template's placeholder: a bracketed choice (`[ accepted | deprecated | superseded by
    /// [x](y.md)]`), or a bracketed phrase that is neither a link nor a list (`[list everyone
    /// involved in the decision]`; `[api, storage]` is a list of tags).
    static func isPlaceholder(_ value: String) -> Bool {
        if value.hasPrefix("{"), value.hasSuffix("}"), value.contains("|") { return true }
        guard value.hasPrefix("["), value.hasSuffix("]") else { return false }
        if value.contains("|") { return true }
        return !value.contains("](") && !value.contains(",") && value.split(separator: " ").count >= 3
    }

    /// `| Status | Accepted |` gives ("Status", "Accepted"): a table row of two cells whose first is
    /// a name (no trailing colon), nil for a separator row, an empty name or any other row.
    static func tableField(_ row: String) -> (String, String)? {
        var cells = row.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " \t") }
        if cells.first == "" { cells.removeFirst() }
        if cells.last == "" { cells.removeLast() }
        guard cells.count == 2 else { return nil }
        var name = clean(cells[0])
        while name.hasSuffix(":") { name.removeLast() }
        guard !name.isEmpty, !name.allSatisfy({ $0 == "-" || $0 == ":" || $0 == " " }), name.count <= 30 else { return nil }
        return (name, cells[1])
    }

    /// A table row's relation (`| Supersedes | [ODH-ADR-0003](...) |`, `| Superseded by: | N/A |`):
    /// its links, else the ids written in it; `N/A` or an empty cell names nothing.
    mutating func addTableRelations(_ verb: (relation: DecisionRecord.Relation, reverse: Bool), value: String, line: Int) {
        if !Self.links(in: value).isEmpty {
            addRelations(verb, in: value, line: line)
            return
        }
        addWrittenIDs(verb, in: value.split(whereSeparator: Self.isWordBreak), line: line)
    }

    /// The words after a relation's verb (`Supersedes ADR-0002 and ADR-0003.`, `Status: superseded by ADR-5`):
    /// a verb of one word keeps the word after it, which dropping two words lost. The verb is looked for
    /// among the first three words; without one, the first two words are dropped as before.
    static func afterVerb(_ words: [Substring]) -> ArraySlice<Substring> {
        let lowered = words.prefix(6).map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":*_")) }
        for start in lowered.indices.prefix(3) {
            var length = ["superseded", "superceded", "replaced", "remplacé", "deprecated"].contains(lowered[start]) ? 1 : 0
            for (phrase, _, _) in verbs {
                let parts = phrase.split(separator: " ")
                if start + parts.count <= lowered.count, zip(parts, lowered[start...]).allSatisfy({ $0 == $1 }) {
                    length = max(length, parts.count)
                }
            }
            if length > 0 { return words[(start + length)...] }
        }
        return words.dropFirst(2)
    }

    static func isWordBreak(_ character: Character) -> Bool { character == " " || character == "," || character == ";" }

    /// The ids (`ADR-0003`) and record files (`0003-x.md`) among the words of a relation written without links.
    mutating func addWrittenIDs(_ verb: (relation: DecisionRecord.Relation, reverse: Bool), in words: some Sequence<Substring>, line: Int) {
        for word in words {
            let candidate = String(word).trimmingCharacters(in: ".()")
            if IDKey.number(in: candidate) != nil || candidate.lowercased().hasSuffix(".md") {
                relations.append(Relation(relation: verb.relation, reverse: verb.reverse, target: candidate, line: line, column: 1))
            }
        }
    }

    /// A template's explanation of the statuses (`A decision may be "proposed" if it hasn't been
    /// agreed upon yet, or "accepted" once it is agreed upon. ...`): a sentence of ten words or
    /// more that names two or more of the default statuses and says what they mean ("may be",
    /// "if", quotes). A status written as a sentence is one status, said.
    static func isGuidance(_ line: String) -> Bool {
        guard line.utf8.count >= 40, line.split(separator: " ").count >= 10 else { return false }
        let lowered = line.lowercased()
        guard ["proposed", "accepted", "deprecated", "superseded", "rejected"].filter({ lowered.contains($0) }).count >= 2 else { return false }
        return ["may be", "can be", "should be", " if ", "\"", "“", "e.g."].contains { lowered.contains($0) }
    }

    /// `## Status` gives (2, "Status").
    static func heading(_ line: String) -> (Int, String)? {
        if let fast = asciiHeading(line) { return fast }
        return characterHeading(line)
    }

    /// Whether every byte is printable ASCII or a tab: then every byte is a Character of its own
    /// (only CR LF joins two ASCII bytes into one), and a letter or digit is `A-Z`, `a-z`, `0-9`.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 < 0x7F) }
    }

    /// `characterHeading` by bytes, for plain ASCII lines (`.some(nil)` for no heading, nil for other text).
    static func asciiHeading(_ line: String) -> (Int, String)?? {
        line.utf8.withContiguousStorageIfAvailable { bytes -> (Int, String)?? in
            guard isPlainASCII(bytes) else { return nil }
            var hashes = 0
            while hashes < bytes.count, bytes[hashes] == UInt8(ascii: "#") { hashes += 1 }
            guard (1...6).contains(hashes) else { return .some(nil) }
            guard hashes == bytes.count || bytes[hashes] == UInt8(ascii: " ") || bytes[hashes] == UInt8(ascii: "\t") else { return .some(nil) }
            var start = hashes, end = bytes.count
            func trim() {
                while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
                while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            }
            trim()
            while end > start, bytes[end - 1] == UInt8(ascii: "#") {
                end -= 1
                trim()
            }
            return .some((hashes, String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)))
        } ?? nil
    }

    /// The reference version of `heading`, on Characters.
    static func characterHeading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = String(rest).trimmingCharacters(in: " \t")
        while title.hasSuffix("#") { title = String(title.dropLast()).trimmingCharacters(in: " \t") }
        return (hashes, title)
    }

    /// A line without its list marker, emphasis, and leading emoji or punctuation:
    /// `* **Status:** ✅ Accepted` gives `Status: ✅ Accepted`; `✅ Accepted` gives `Accepted`.
    static func clean(_ line: String) -> String {
        if let fast = asciiClean(line) { return fast }
        return characterClean(line)
    }

    /// `characterClean` by bytes, for plain ASCII lines (nil for other text): the same steps on
    /// offsets, one String made at the end (by Characters, 4,600 instructions a heading, ADR-0046).
    static func asciiClean(_ line: String) -> String? {
        line.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard isPlainASCII(bytes) else { return nil }
            func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var start = 0, end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            for marker in [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+")]
            where end - start >= 2 && bytes[start] == marker && bytes[start + 1] == UInt8(ascii: " ") { start += 2 }
            func finish(_ text: UnsafeBufferPointer<UInt8>) -> String {
                var from = 0, to = text.count
                for marker in [UInt8(ascii: "_"), UInt8(ascii: "*")]
                where to - from > 2 && text[from] == marker && text[to - 1] == marker {
                    from += 1
                    to -= 1
                }
                while from < to, !(isLetterOrDigit(text[from]) || text[from] == UInt8(ascii: "[")) { from += 1 }
                while from < to, isSpace(text[from]) { from += 1 }
                while to > from, isSpace(text[to - 1]) { to -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: text[from..<to]), as: UTF8.self)
            }
            let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
            // The line's own bytes unless a pair is removed (ADR-0067: copied into an array for
            // every heading and header line).
            if text.contains(UInt8(ascii: "*")) || text.contains(UInt8(ascii: "_")) {
                return removingPairs(Array(text)).withUnsafeBufferPointer { finish($0) }
            }
            return finish(text)
        } ?? nil
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The reference version of `clean`, on Characters.
    static func characterClean(_ line: String) -> String {
        var text = Substring(line.trimmingCharacters(in: " \t"))
        for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) { text = text.dropFirst(2) }
        var result = String(text)
        // Without Foundation's replacingOccurrences (it bridges through NSString: most of a
        // 10,000-record parse went there).
        if result.utf8.contains(UInt8(ascii: "*")) || result.utf8.contains(UInt8(ascii: "_")) {
            result = removingPairs(result)
        }
        if result.hasPrefix("_"), result.hasSuffix("_"), result.count > 2 { result = String(result.dropFirst().dropLast()) }
        if result.hasPrefix("*"), result.hasSuffix("*"), result.count > 2 { result = String(result.dropFirst().dropLast()) }
        // Emoji, variation selectors and punctuation before the first letter or digit.
        let start = result.firstIndex { $0.isLetter || $0.isNumber || $0 == "[" } ?? result.endIndex
        return String(result[start...]).trimmingCharacters(in: " \t")
    }

    /// The text without its `**` pairs, then without its `__` pairs (as two replacingOccurrences did).
    static func removingPairs(_ text: String) -> String {
        String(decoding: removingPairs(Array(text.utf8)), as: UTF8.self)
    }

    static func removingPairs(_ text: [UInt8]) -> [UInt8] {
        var bytes = text
        for marker in [UInt8(ascii: "*"), UInt8(ascii: "_")] {
            var kept: [UInt8] = []
            kept.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == marker, index + 1 < bytes.count, bytes[index + 1] == marker {
                    index += 2
                    continue
                }
                kept.append(bytes[index])
                index += 1
            }
            bytes = kept
        }
        return bytes
    }

    /// The relation a line opens with: `Superseded by ...` gives (.supersedes, reverse: true).
    static func relationVerb(_ line: String) -> (relation: DecisionRecord.Relation, reverse: Bool)? {
        let lowered = line.lowercased()
        for (verb, relation, reverse) in verbs where lowered.hasPrefix(verb) {
            let after = lowered.dropFirst(verb.count).first
            if after == nil || !(after!.isLetter) { return (relation, reverse) }
        }
        return nil
    }

    static let verbs: [(String, DecisionRecord.Relation, Bool)] = [
        ("superseded by", .supersedes, true), ("supersedes", .supersedes, false), ("supercedes", .supersedes, false),
        ("superceded by", .supersedes, true), ("replaced by", .supersedes, true), ("replaces", .supersedes, false),
        ("deprecated by", .supersedes, true), ("remplacé par", .supersedes, true), ("remplace", .supersedes, false),
        ("substituído por", .supersedes, true), ("substituido por", .supersedes, true), ("substitui", .supersedes, false),
        ("reemplazado por", .supersedes, true), ("reemplaza", .supersedes, false), ("ersetzt durch", .supersedes, true),
        ("amended by", .amends, true), ("amends", .amends, false),
        ("refined by", .amends, true), ("refines", .amends, false),
        // nats-io's `| Updates | ADR-8 |` (a refinement of ADR-8), as RFCs write `Updates: 2616`.
        ("updated by", .amends, true), ("updates", .amends, false),
        ("clarified by", .relates, true), ("clarifies", .relates, false),
        ("related to", .relates, false), ("relates to", .relates, false), ("see also", .relates, false),
    ]

    /// The targets of a relation line: each `[text](target)`, else an id written after the verb.
    mutating func addRelations(_ verb: (relation: DecisionRecord.Relation, reverse: Bool), in raw: String, line: Int) {
        let links = Self.links(in: raw)
        if links.isEmpty {
            addWrittenIDs(verb, in: Self.afterVerb(Self.clean(raw).split(whereSeparator: Self.isWordBreak)), line: line)
            return
        }
        for link in links {
            // A web address is a relation only when it names a Markdown file (a record on the forge),
            // tried by its file name; an RFC on a wiki is a link, not a record.
            if let scheme = LinkResolver.scheme(of: link.target) {
                let path = String(link.target.prefix { $0 != "#" && $0 != "?" })
                guard scheme == "http" || scheme == "https", path.lowercased().hasSuffix(".md"),
                      let name = path.split(separator: "/").last else { continue }
                relations.append(Relation(relation: verb.relation, reverse: verb.reverse, target: String(name), line: line,
                                          column: link.column, external: true))
                continue
            }
            relations.append(Relation(relation: verb.relation, reverse: verb.reverse, target: link.target, line: line, column: link.column))
        }
    }

    /// `⌛️ Superseded [0019](0019-x.md)` or `superseded by [ADR-0005](0005-x.md)`: links in a
    /// superseded status name the successor.
    mutating func addStatusLinks(line raw: String, at line: Int) {
        let text = Self.clean(raw).lowercased()
        let value = text.hasPrefix("status:") ? Self.clean(String(text.dropFirst(7))) : text
        let verb = Self.relationVerb(value)
        guard value.hasPrefix("superseded") || value.hasPrefix("superceded") || value.hasPrefix("replaced") || value.hasPrefix("remplacé")
                || value.hasPrefix("deprecated") || verb != nil else { return }
        let (relation, reverse) = verb ?? (.supersedes, true)
        addRelations((relation, reverse), in: raw, line: line)
    }

    /// `[text](target)` links of a raw line, with the column of each. The target is read as
    /// CommonMark reads a link destination: `<...>` or up to a space or the `)` that balances its
    /// parentheses, a backslash before punctuation being that punctuation
    /// (`0004-\[Superseded\]use-java-17.md`, as digitalservicebund/ris-backend-service writes it);
    /// a title after it (`"..."`) is left out.
    static func links(in line: String) -> [(text: String, target: String, column: Int)] {
        var result: [(String, String, Int)] = []
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            guard characters[index] == "[", index == 0 || characters[index - 1] != "!" else { index += 1; continue }
            guard let close = characters[index...].firstIndex(of: "]"), close + 1 < characters.count, characters[close + 1] == "(",
                  let found = destination(characters, from: close + 2) else { index += 1; continue }
            let (target, end) = found
            let text = String(characters[(index + 1)..<close])
            if !target.isEmpty { result.append((text, target, index + 1)) }
            index = end + 1
        }
        return result
    }

    /// The destination starting at `start` (after `](`) and the index of the link's closing `)`.
    static func destination(_ characters: [Character], from start: Int) -> (String, Int)? {
        var index = start
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        var target = ""
        if index < characters.count, characters[index] == "<" {
            index += 1
            while index < characters.count, characters[index] != ">" {
                if characters[index] == "\\", index + 1 < characters.count, isEscapable(characters[index + 1]) { index += 1 }
                target.append(characters[index])
                index += 1
            }
            guard index < characters.count else { return nil }
            index += 1
        } else {
            var depth = 0
            while index < characters.count, characters[index] != " ", characters[index] != "\t" {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count, isEscapable(characters[index + 1]) {
                    target.append(characters[index + 1])
                    index += 2
                    continue
                }
                if character == "(" { depth += 1 }
                if character == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                target.append(character)
                index += 1
            }
        }
        // An optional title, then the closing parenthesis.
        guard let end = characters[index...].firstIndex(of: ")") else { return nil }
        return (target, end)
    }

    /// ASCII punctuation: what a backslash escapes in CommonMark.
    static func isEscapable(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (0x21...0x2F).contains(ascii) || (0x3A...0x40).contains(ascii) || (0x5B...0x60).contains(ascii) || (0x7B...0x7E).contains(ascii)
    }
}
