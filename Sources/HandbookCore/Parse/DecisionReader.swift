import Foundation
import HandbookMarkdown

/// Reads a decision record's fields from its front matter, or from the body of an
/// adr-tools record (`# 1. Title`, `Date: ...`, `## Status`), or a MADR record.
struct DecisionReader {
    let config: SiteConfig
    let diagnostics: DiagnosticEngine
    /// The parse stage's answers for status texts met before (nil: every text read anew).
    var statusMemo: StatusMemo? = nil
    /// Look up only the keys a record's front matter may have (`KeySketch`); false looks up every
    /// field, as before ADR-0059 (the reference of `SpeedEquivalenceTests`).
    var sketchKeys = true

    static let fields: Set<String> = ["id", "title", "status", "date", "deciders", "decision-makers", "consulted",
                                      "informed", "tags", "governs", "supersedes", "amends", "relates", "prs",
                                      "review_by", "superseded_by", "superseded-by", "amended_by", "amended-by",
                                      "creation-date", "replaces", "see-also"]
    /// Front-matter keys of site generators (MADR's Jekyll theme, Docusaurus, gardenlinux's docs sync), kept out of the field table.
    static func isNavigationField(_ key: String) -> Bool {
        ["parent", "nav_order", "grand_parent", "layout", "permalink", "slug", "sidebar_position", "sidebar_label",
         "sidebar_class_name", "sidebar_custom_props", "pagination_next", "pagination_prev", "hide_title",
         "hide_table_of_contents", "displayed_sidebar", "nav_exclude", "has_children", "order",
         // gardenlinux's docs aggregation: where the file is copied from and to.
         "github_org", "github_repo", "github_source_path", "github_target_path"].contains(key)
            || key.hasPrefix("sidebar_") || key.hasPrefix("eleventy")
    }

    /// Reads the record; `header` is what `RecordHeader.scan` found in its raw body, `idPrefix` a log4brains package's name.
    func read(_ document: inout Document, front: YAMLNode?, header: RecordHeader? = nil, idPrefix: String? = nil) {
        let source = document.source
        let reader = FieldReader(file: source, diagnostics: diagnostics)
        let fileName = Path.fileName(source.path)
        let fileNumber = IDKey.number(inFileName: fileName)
        let fileLocation = source.location(line: 1)

        var record = DecisionRecord(id: "", idLocation: fileLocation, number: fileNumber?.number,
                                    status: config.defaultStatus ?? "", statusLocation: fileLocation, format: "handbook")
        // Identity: the file's number (`0007-x.md`, `adr007-x.md`, `ADR-0007-x.md`), else its name
        // (log4brains' `20200925-slug.md`, with the package's name). A front-matter id that is an ADR
        // id is the id; any other (Docusaurus' `adrs-adr013`) is an alias when the file has a number.
        if let fileNumber {
            record.id = "ADR-" + String(fileNumber.number).leftPadded(to: max(4, fileNumber.digits))
            record.idFromFileName = true
        } else {
            record.id = (idPrefix.map { $0 + "/" } ?? "") + Path.stem(source.path)
        }
        if let front, let id = reader.string(front, "id") {
            if let number = IDKey.number(in: id.value) {
                record.id = id.value
                record.idFromFileName = false
                record.idLocation = id.location
                record.number = number
            } else if fileNumber != nil {
                record.aliases.append(id.value)
            } else {
                if record.id != id.value { record.aliases.append(record.id) }
                record.id = id.value
                record.idFromFileName = false
                record.idLocation = id.location
            }
        }

        // Title: front matter, else the leading `# heading`, without a number or id before it
        // (`# 1. Title`, `ADR013: Title`, `ADR 0: Title`).
        var title = front.flatMap { reader.string($0, "title")?.value }
        if title == nil { title = document.markdown.leadingTitle }
        // A log's own prefix before the number (tektoncd's `# TEP-0107: Propagating Parameters`): the
        // record is also `TEP-0107`, as its log's other records name it (`superseded-by: [TEP-0107]`).
        // A note may stand before that heading (TEP-0044's "This TEP is marked as withdrawn").
        let heading = document.markdown.leadingTitle ?? document.markdown.headings.first { $0.level == 1 }?.text
        let prefixed = heading.flatMap { Self.prefixedID($0, number: record.number) }
        if let prefixed, IDKey.normalize(prefixed.id) != IDKey.normalize(record.id) { record.aliases.append(prefixed.id) }
        document.title = title.map {
            if let prefixed, $0.hasPrefix(prefixed.id) { return Self.strippingNumber(String($0.dropFirst(prefixed.letters + 1)), number: record.number) }
            return Self.strippingNumber($0, number: record.number)
        } ?? Self.humanize(Path.stem(source.path))

        if let front {
            let sketch = sketchKeys ? KeySketch(front) : nil
            readFrontMatter(front, into: &record, reader: reader, sketch: sketch)
            record.frontMatterDateLocation = (front["date"] ?? front["creation-date"]).map(source.location(of:))
            document.extraFields = (front.entries ?? []).filter {
                let key = $0.key.string ?? ""
                return !Self.fields.contains(key) && !Self.isNavigationField(key) && RecordHeader.frenchNames[key] == nil
            }
            if ["decision-makers", "parent", "statut", "décideurs"].contains(where: { sketch?.lacks($0) != true && front[$0] != nil }) {
                record.format = "madr"
            }
        }
        if let header { readHeader(header, document: &document, into: &record, front: front) }
        document.decision = record
    }

    /// The key a field is written under: its name, else its French name (MADR's French template).
    static func key(_ front: YAMLNode?, _ name: String, sketch: KeySketch? = nil) -> String {
        let nameBit = KeySketch.bit(name)
        guard let front, sketch?.lacks(bit: nameBit) == true || front[name] == nil else { return name }
        // The French names with their sketch bits, found along a short list by the English name's
        // bit, then compared (ADR-0074: the hashed look-up of `frenchKeys` and a bit made of each
        // French name, at every field a record lacks, were 900 instructions a call; a String
        // comparison with each English name, 130 each). A name beyond ASCII has no bit: the table.
        guard nameBit != nil else { return keyByTable(front, name, sketch: sketch) }
        guard let french = sketchedFrenchKeys.first(where: { $0.bit == nameBit && $0.english == name })?.french else { return name }
        return french.first { sketch?.lacks(bit: $0.bit) != true && front[$0.name] != nil }?.name ?? name
    }

    /// `key` through the hashed `frenchKeys` and each French name's bit made anew (the reference of
    /// `ParseAroundCmarkTests`).
    static func keyByTable(_ front: YAMLNode?, _ name: String, sketch: KeySketch? = nil) -> String {
        guard let front, sketch?.lacks(name) == true || front[name] == nil, let french = frenchKeys[name] else { return name }
        return french.first { sketch?.lacks($0) != true && front[$0] != nil } ?? name
    }

    /// `frenchKeys` as a list, each French name with its `KeySketch.bit` (in `frenchKeys`' order).
    static let sketchedFrenchKeys: [(english: String, bit: UInt64?, french: [(name: String, bit: UInt64?)])] =
        frenchKeys.map { english, french in (english, KeySketch.bit(english), french.map { ($0, KeySketch.bit($0)) }) }

    /// The French names of each English one, in the order `RecordHeader.frenchNames` lists them
    /// (its first present key wins, as a search of the whole table for the name found it; the table
    /// walked for every absent field was 2,500 instructions a field, ADR-0046).
    static let frenchKeys: [String: [String]] = {
        var keys: [String: [String]] = [:]
        for (french, english) in RecordHeader.frenchNames { keys[english, default: []].append(french) }
        return keys
    }()

    private func readFrontMatter(_ front: YAMLNode, into record: inout DecisionRecord, reader: FieldReader, sketch: KeySketch?) {
        // A field the front matter certainly lacks is not looked up (ADR-0059: most of a record's
        // dozen look-ups are of absent keys, each a walk of every key).
        func has(_ key: String) -> Bool { sketch?.lacks(key) != true }
        func strings(_ key: String) -> [Located<String>]? { has(key) ? reader.strings(front, key) : nil }
        func key(_ name: String) -> String { Self.key(front, name, sketch: sketch) }
        if let status = reader.string(front, key("status")) {
            setStatus(status.value, at: status.location, into: &record)
            // MADR: `status: superseded by [ADR-0005](0005-example.md)` or `superseded by ADR-0005`.
            var header = RecordHeader(body: "")
            if statusMemo?.hasNoStatusLinks(status.value) != true {
                header.addStatusLinks(line: status.value, at: status.location.line)
            }
            for relation in header.relations {
                let reference = RecordReference(text: relation.target, location: status.location, external: relation.external)
                if relation.reverse { record.incoming.append((relation.relation, reference)) } else { record.outgoing.append((relation.relation, reference)) }
            }
        }
        // Kubernetes' and tektoncd's `creation-date` when there is no `date`.
        let dateKey = has("creation-date") && front["date"] == nil && front["creation-date"] != nil ? "creation-date" : "date"
        if has(dateKey), let date = reader.string(front, dateKey) {
            switch date.value.lowercased().trimmingCharacters(in: " \t") {
            case "git created", "created": record.dateFromHistory = (false, date.location)
            case "git last modified", "last modified": record.dateFromHistory = (true, date.location)
            default: record.date = readDate(date.value, at: date.location)
            }
        }
        record.deciders = (strings(key("deciders")) ?? []).map(\.value)
            + (strings("decision-makers") ?? []).map(\.value)
        record.consulted = (strings(key("consulted")) ?? []).map(\.value)
        record.informed = (strings(key("informed")) ?? []).map(\.value)
        record.tags = (strings("tags") ?? []).map(\.value)
        record.governs = strings("governs") ?? []
        record.pullRequests = has("prs") ? reader.pullRequests(front, "prs") : []
        record.reviewBy = has("review_by") ? reader.date(front, "review_by") : nil
        for relation in DecisionRecord.Relation.allCases {
            for target in strings(relation.rawValue) ?? [] {
                record.outgoing.append((relation, RecordReference(text: target.value, location: target.location)))
            }
        }
        // tektoncd's TEP front matter (after Kubernetes' KEPs): `replaces: [TEP-0023]`, `see-also: [TEP-0044]`.
        for (key, relation) in [("replaces", DecisionRecord.Relation.supersedes), ("see-also", .relates)] {
            for target in strings(key) ?? [] {
                record.outgoing.append((relation, RecordReference(text: target.value, location: target.location)))
            }
        }
        for (key, relation) in [("superseded_by", DecisionRecord.Relation.supersedes), ("superseded-by", .supersedes),
                                ("amended_by", .amends), ("amended-by", .amends)] {
            for source in strings(key) ?? [] {
                record.incoming.append((relation, RecordReference(text: source.value, location: source.location)))
            }
        }
    }

    /// The status, date, MADR 2 bullets and relation lines found in the body.
    private func readHeader(_ header: RecordHeader, document: inout Document, into record: inout DecisionRecord, front: YAMLNode?) {
        if front?[Self.key(front, "status")] == nil, let status = header.status {
            let location = document.bodyLocation(line: status.line, column: status.column)
            setStatus(status.text, at: location, into: &record)
            if header.statusProse, !record.statusKnown, !StatusText.retired.contains(record.status) {
                diagnostics.warning("status-sentence",
                                    "the Status section is a sentence, not a status, so the record has none; begin the section with its status (e.g. 'Accepted.'); the sentence stays on the page",
                                    at: location)
                record.status = ""
                record.statusKnown = true
            }
            if record.format == "handbook" { record.format = header.statusSection ? "adr-tools" : "madr" }
        }
        if front?["date"] == nil, front?["creation-date"] == nil, let date = header.date ?? header.changelogDate {
            record.date = readDate(date.text, at: document.bodyLocation(line: date.line, column: date.column))
        }
        for (name, value) in header.fields where !value.text.isEmpty {
            // `Tags: [api, storage]` is a list too.
            let list = value.text.hasPrefix("[") && value.text.hasSuffix("]") ? String(value.text.dropFirst().dropLast()) : value.text
            let items = list.split(separator: ",").map { RecordHeader.clean(String($0)) }.filter { !$0.isEmpty }
            switch name {
            case "deciders", "decision-makers", "decision makers", "decided by":
                if record.deciders.isEmpty { record.deciders = items }
            case "consulted": if record.consulted.isEmpty { record.consulted = items }
            case "informed": if record.informed.isEmpty { record.informed = items }
            case "tags": if record.tags.isEmpty { record.tags = items }
            default:
                let key = YAMLNode(value: .scalar(name.prefix(1).uppercased() + name.dropFirst(), plain: false), line: value.line, column: value.column)
                let text = YAMLNode(value: .scalar(value.text, plain: false), line: value.line, column: value.column)
                document.extraFields.append(YAMLNode.Entry(key: key, value: text))
            }
        }
        for relation in header.relations {
            let reference = RecordReference(text: relation.target, location: document.bodyLocation(line: relation.line, column: relation.column),
                                            external: relation.external)
            if relation.reverse {
                record.incoming.append((relation.relation, reference))
            } else {
                record.outgoing.append((relation.relation, reference))
            }
        }
    }

    private func setStatus(_ text: String, at location: SourceLocation, into record: inout DecisionRecord) {
        let (status, known) = statusMemo?.read(text) ?? StatusText.read(text, known: config.statuses)
        record.status = status
        record.statusKnown = known || status.isEmpty
        record.statusLocation = location
    }

    /// A date as teams write it; one that cannot be read is a warning at its line, never dropped silently.
    private func readDate(_ text: String, at location: SourceLocation) -> String? {
        if text.trimmingCharacters(in: " \t").isEmpty { return nil }
        if let date = DateText.read(text, monthFirst: config.monthFirst) { return date }
        // `2024-14-02`: no month 14, so the only reading is year, day, month (cisagov's ADR 23 and 25).
        let trimmed = text.trimmingCharacters(in: " \t")
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), parts[1].count == 2, parts[2].count == 2,
           let day = Int(parts[1]), day > 12, let swapped = DateText.normalize("\(parts[0])-\(parts[2])-\(parts[1])") {
            diagnostics.warning("invalid-date",
                                "read the date '\(text)' as \(swapped) (year, day, month: there is no month \(day)); write \(swapped)",
                                at: location)
            return swapped
        }
        if let first = DateText.readMonth(trimmed) {
            diagnostics.warning("invalid-date",
                                "read the date '\(text)' as \(first) (a month without its day: its first); write the day the decision was taken",
                                at: location)
            return first
        }
        diagnostics.warning("invalid-date",
                            "cannot read the date '\(text)' (write 2016-02-12, 12/02/2016, or February 12, 2016; set date_format: mdy for month-first dates)",
                            at: location)
        return nil
    }

    /// `1. Record architecture decisions`, `ADR013: Proper use`, `ADR 0: Use ADRs`, `ADR-0007 - Split`
    /// give the title without its number; so do `23 Logging` and `ADR-0001 Record decisions` when
    /// 23 or 1 is the record's own number (`# 3 ways to cache` in another record keeps its number).
    /// `TEP-0107` of `TEP-0107: Propagating Parameters` in record 107: two to eight ASCII letters
    /// (not `ADR`, read everywhere), a dash and the record's own number, then `:`, a space or nothing.
    static func prefixedID(_ heading: String, number: Int?) -> (id: String, letters: Int)? {
        guard let number else { return nil }
        let letters = heading.prefix { $0.isASCII && $0.isLetter }
        guard (2...8).contains(letters.count), letters.lowercased() != "adr" else { return nil }
        let rest = heading.dropFirst(letters.count)
        guard rest.first == "-" else { return nil }
        let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, Int(digits) == number else { return nil }
        let after = rest.dropFirst(1 + digits.count).first
        guard after == nil || after == ":" || after == " " else { return nil }
        return (String(heading.prefix(letters.count + 1 + digits.count)), letters.count)
    }

    static func strippingNumber(_ heading: String, number: Int? = nil) -> String {
        var heading = heading
        for prefix in ["architecture decision record: ", "architectural decision record: ", "adr: "]
        where heading.lowercased().hasPrefix(prefix) && heading.count > prefix.count {
            heading = String(heading.dropFirst(prefix.count))
        }
        var rest = Substring(heading)
        let lowered = heading.lowercased()
        if lowered.hasPrefix("adr") {
            rest = rest.dropFirst(3)
            if let first = rest.first, first == "-" || first == "_" || first == " " { rest = rest.dropFirst() }
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return heading }
        rest = rest.dropFirst(digits.count)
        for separator in [". ", ": ", " - ", " – ", " — "] where rest.hasPrefix(separator) {
            let title = String(rest.dropFirst(separator.count)).trimmingCharacters(in: " \t")
            return title.isEmpty ? heading : title
        }
        if let number, Int(digits) == number, rest.hasPrefix(" "), rest.dropFirst().first?.isLetter == true {
            return String(rest.dropFirst()).trimmingCharacters(in: " \t")
        }
        return heading
    }

    /// `0007-split-billing` gives `Split billing`.
    static func humanize(_ stem: String) -> String {
        var words = stem.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        if let first = words.first, first.allSatisfy({ $0.isNumber }) { words.removeFirst() }
        if words.first?.lowercased() == "adr", words.count > 1 { words.removeFirst() }
        let sentence = words.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}

/// What `StatusText.read` and `RecordHeader.addStatusLinks` make of a status text, kept for the
/// texts met again (ADR-0059): a log has a handful of statuses, and reading one (cleaned, its links
/// and images taken out, compared with every known status and synonym by Characters) was 18,000
/// instructions a record, its relation links 9,000 more. Both are functions of the text alone
/// (the statuses known are the parse stage's configuration's, fixed for the memo's life).
///
/// Only ASCII texts are kept: a String key matches a canonically equivalent spelling (`é` and `e`
/// with a combining accent), whose answer keeps its own bytes; for ASCII, equal is byte for byte.
/// At most `limit` texts are kept (a log of free-text statuses does not grow it without bound);
/// a lock guards it, as every core parses at once.
final class StatusMemo: @unchecked Sendable {
    static let limit = 4_096
    let known: [String]
    private let lock = NSLock()
    private var statuses: [String: (status: String, known: Bool)] = [:]
    private var linkless: [String: Bool] = [:]

    init(known: [String]) { self.known = known }

    /// `StatusText.read(text, known:)`.
    func read(_ text: String) -> (status: String, known: Bool) {
        guard Self.isASCII(text) else { return StatusText.read(text, known: known) }
        lock.lock()
        let found = statuses[text]
        lock.unlock()
        if let found { return found }
        let answer = StatusText.read(text, known: known)
        lock.lock()
        if statuses.count < Self.limit { statuses[text] = answer }
        lock.unlock()
        return answer
    }

    /// Whether `addStatusLinks` finds no relation in the status text `text`.
    func hasNoStatusLinks(_ text: String) -> Bool {
        guard Self.isASCII(text) else { return Self.findsNoLinks(text) }
        lock.lock()
        let found = linkless[text]
        lock.unlock()
        if let found { return found }
        let answer = Self.findsNoLinks(text)
        lock.lock()
        if linkless.count < Self.limit { linkless[text] = answer }
        lock.unlock()
        return answer
    }

    private static func findsNoLinks(_ text: String) -> Bool {
        var header = RecordHeader(body: "")
        header.addStatusLinks(line: text, at: 1)
        return header.relations.isEmpty
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }
}

/// Which names a front-matter mapping certainly lacks, from one pass over its keys (ADR-0059): a
/// bit of a 64-bit set for each key's bytes (FNV-1a). A name whose bit is clear is no key of the
/// mapping, so `mapping[name]` (a walk comparing every key as Strings) need not be asked.
///
/// Only ASCII names are answered, and only when every key is an ASCII scalar: a String compares by
/// canonical equivalence (the Kelvin sign `\u{212A}` is `K`), and for ASCII only equal bytes are
/// equal. Otherwise `lacks` says false and the mapping is asked, as before.
struct KeySketch {
    private var bits: UInt64 = 0
    private var exact = true

    init(_ mapping: YAMLNode) {
        guard let entries = mapping.entries else {
            exact = false
            return
        }
        for entry in entries {
            guard case .scalar(let text, _) = entry.key.value, let bit = Self.bit(text) else {
                exact = false
                return
            }
            bits |= bit
        }
    }

    /// The bit of an ASCII text; nil for any other.
    static func bit(_ text: String) -> UInt64? {
        // Over the String's own bytes (its UTF-8 view's iterator was 345 instructions a name).
        var text = text
        return text.withUTF8 { bytes -> UInt64? in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return 1 << (hash >> 58)
        }
    }

    /// True only when `name` is certainly no key of the mapping.
    func lacks(_ name: String) -> Bool {
        lacks(bit: Self.bit(name))
    }

    /// `lacks` of the name whose `bit` this is.
    func lacks(bit: UInt64?) -> Bool {
        guard exact, let bit else { return false }
        return bits & bit == 0
    }
}
