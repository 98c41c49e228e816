import Foundation
import HandbookMarkdown

/// Stage 2: parse every Markdown body with cmark-gfm (in parallel) and read each kind's fields.
struct ParseStage {
    let config: SiteConfig
    var diagnostics: DiagnosticEngine
    /// `handbook serve`'s documents from the last build, and the configuration's key they were parsed
    /// with: a file of the same stamp parsed with the same configuration is not parsed again.
    var cache: (sources: SourceCache, configKey: String)?
    /// Parse a body only where its fields need it (a landmine's sections, a record without a title
    /// or status in its front matter): for `review`, which renders nothing.
    var fieldsOnly = false
    /// The GFM extensions this system's cmark-gfm lacks (a seam for the test of the error).
    var missingExtensions = MarkdownParser.missingExtensions
    /// Where each parsed body goes until it is rendered (a build that writes a site); nil keeps
    /// bodies in memory.
    var spill: BodySpill?
    /// The status texts read so far, shared by every document of the stage (ADR-0059).
    let statusMemo: StatusMemo

    init(config: SiteConfig, diagnostics: DiagnosticEngine) {
        self.config = config
        self.diagnostics = diagnostics
        statusMemo = StatusMemo(known: config.statuses)
    }

    /// Files in `decisions/` or `landmines/` with these names are plain pages, not records.
    static let nonRecordNames: Set<String> = ["readme.md", "index.md", "template.md", "readme.markdown", "index.markdown",
                                              "_index.md", "toc.md", "summary.md", "contributing.md"]

    /// The home page's intro (Markdown from handbook.yml) as a document of its own, so its
    /// links and references resolve and are checked like any page's.
    func intro(_ loaded: LoadedHandbook) -> Document? {
        guard !config.intro.isEmpty else { return nil }
        let options = MarkdownOptions(unsafeHTML: config.unsafeHTML, pullRequestReferences: config.repository != nil,
                                      references: true, extractLeadingTitle: false, plainText: false)
        return Document(kind: .page, source: loaded.configFile,
                        markdown: MarkdownParser.parse(config.intro, options: options),
                        bodyLineOffset: max(0, config.introLine - 1), title: config.title, outputPath: "index.html")
    }

    func run(_ files: [LoadedMarkdown]) -> [Document] {
        if !missingExtensions.isEmpty {
            diagnostics.error("markdown-extensions",
                              "this system's cmark-gfm lacks the extensions \(missingExtensions.joined(separator: ", "))",
                              file: "cmark-gfm")
        }
        // Each document made in its own slot of an array of exactly their number: held to the end of
        // the build, the array of a compaction (`compactMap` of optionals) had grown by doubling, a
        // third of it unused at 100,000 documents (ADR-0055), and the optionals were a second array.
        var parsed = [Document](unsafeUninitializedCapacity: files.count) { buffer, initialized in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                var document = cachedParse(files[index])
                spill?.take(&document)
                // Moved into its slot, not copied and the copy's original destroyed (ADR-0073).
                (slots.baseAddress! + index).initialize(to: consume document)
            }
            initialized = files.count
        }
        renumberDuplicates(&parsed)
        return parsed
    }

    /// Two files with one number (a merge race: alphagov/forms has two ADR041s) both build. The
    /// first in path order keeps the number; each other takes its file name as id, with a warning.
    /// An id written in front matter is never changed: a clash with it stays a `duplicate-id` error.
    func renumberDuplicates(_ documents: inout [Document]) {
        var owner: [String: Int] = [:]
        // Each flag read where the array keeps it (`Array.reading`): a closure over the `inout`
        // array, and its subscript in a loop, copied every `Document` (ADR-0073).
        var order: [Int] = []
        for index in documents.indices where documents.reading(index, { $0.pointee.decision?.idFromFileName == true }) {
            order.append(index)
        }
        if order.isEmpty { return }
        order.sort { documents[$0].source.path < documents[$1].source.path }
        for index in order {
            guard let id = documents[index].decision?.id else { continue }
            let key = IDKey.normalize(id)
            guard let first = owner[key] else {
                owner[key] = index
                continue
            }
            guard var record = documents[index].decision else { continue }
            let stem = Path.stem(documents[index].source.path)
            diagnostics.warning("duplicate-number",
                                "\(record.id) is also the number of \(documents[first].source.displayPath); this record's id is its file name, \(stem) (renumber one of them)",
                                at: documents[index].source.location(line: 1))
            record.id = stem
            record.number = nil
            record.idFromFileName = false
            documents[index].decision = record
            documents[index].outputPath = OutputName.fit("decisions/" + Self.fileSafe(stem) + ".html")
        }
    }

    /// A record's kind comes from its folder (`decisions/`, `landmines/`), never from words in its
    /// name; only the files around a log (README, index, templates) are pages (ADR-0011).
    static func kind(of path: String) -> Document.Kind {
        if let kind = asciiKind(of: path) { return kind }
        return characterKind(of: path)
    }

    /// `characterKind` by bytes, for ASCII paths (nil for others, where a combining mark may make
    /// one Character of a `/` and what follows): the first and last parts found in place, without
    /// the array of Substrings (a split by Characters was 25,000 instructions a file, ADR-0046).
    static func asciiKind(of path: String) -> Document.Kind? {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Document.Kind? in
            let slash = UInt8(ascii: "/")
            var first: Range<Int>?, last: Range<Int>?, count = 0, start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == slash || bytes[end] >= 0x80 {
                guard end == bytes.count || bytes[end] == slash else { return nil }
                if end > start {
                    count += 1
                    if first == nil { first = start..<end }
                    last = start..<end
                }
                start = end + 1
            }
            guard let first, let last, count >= 2 else { return .page }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[last]), as: UTF8.self).lowercased()
            guard !nonRecordNames.contains(name) else { return .page }
            let top = UnsafeBufferPointer(rebasing: bytes[first])
            // The name is lower-case ASCII here, so its stem is too: without the bytes of
            // `template` in it, it is no template (ADR-0073: `isTemplate` cut and lower-cased it first).
            if top.elementsEqual("decisions".utf8) { return containsTemplate(name) && isTemplate(name) ? .page : .decision }
            if top.elementsEqual("landmines".utf8) { return .landmine }
            return .page
        } ?? nil
    }

    /// The reference version of `kind(of:)`, on Characters.
    static func characterKind(of path: String) -> Document.Kind {
        let parts = path.split(separator: "/")
        let name = parts.last.map { $0.lowercased() } ?? ""
        guard parts.count >= 2, !nonRecordNames.contains(name) else { return .page }
        if parts[0] == "decisions" { return isTemplate(name) ? .page : .decision }
        if parts[0] == "landmines" { return .landmine }
        return .page
    }

    /// A file of a log that is not a record but a document kept beside them (gardenlinux's
    /// `docs/reference/adr/install.md`, how to install adr-tools): no number or date in its name,
    /// and nothing a record has (no status, date, deciders or relation, in front matter or in the
    /// lines under its title). It is read as a page; a record named without a number keeps being
    /// one as soon as it has a status.
    static func isDocumentBesideTheRecords(_ file: LoadedMarkdown, header: RecordHeader) -> Bool {
        guard !Self.hasNumber(Path.stem(file.source.path)),
              header.status == nil, header.date == nil, header.fields.isEmpty, header.relations.isEmpty else { return false }
        let keys = (file.frontMatter?.entries ?? []).compactMap { $0.key.string }
        return !keys.contains { ($0 != "title" && DecisionReader.fields.contains($0)) || RecordHeader.frenchNames[$0] != nil }
    }

    /// Whether a Character of `text` is a number: an ASCII text's are its digits (no other ASCII
    /// scalar has a numeric type, and no ASCII byte joins its neighbour into one Character but CR
    /// LF), found by bytes (ADR-0067: Character by Character, 2,500 instructions a record); other
    /// text Character by Character.
    static func hasNumber(_ text: String) -> Bool {
        var text = text
        if let fast = text.withUTF8({ bytes -> Bool? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            return bytes.contains { $0 &- UInt8(ascii: "0") < 10 }
        }) { return fast }
        return text.contains(where: \.isNumber)
    }

    /// A decision template: `adr-template.md`, `0000-template.md`, `adr000-template.md`,
    /// `ADRXXX-architecture-decision-record-template.md`, `0000-ladr-template.md` (number 0); not `0005-mustache-templates.md` nor
    /// `0012-choose-a-template-engine.md` (a numbered name with words of its own is a record).
    static func isTemplate(_ name: String) -> Bool {
        let stem = Path.stem(name).lowercased()
        // The word `template` is its bytes in the stem: without them, no split (ADR-0042).
        guard containsTemplate(stem) else { return false }
        let words = stem.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." })
        guard words.contains("template") else { return false }
        guard let number = IDKey.number(inFileName: name)?.number, number != 0 else { return true }
        let generic: Set<Substring> = ["adr", "template", "architecture", "decision", "decisions", "record", "records", "madr", "nygard"]
        return words.allSatisfy { generic.contains($0) || $0.allSatisfy(\.isNumber) || ($0.hasPrefix("adr") && $0.dropFirst(3).allSatisfy(\.isNumber)) }
    }

    /// Whether the bytes of `template` are in the text: a plain scan (the standard library's generic
    /// `firstRange(of:)` was 84,000 instructions a file name, ADR-0046).
    static func containsTemplate(_ text: String) -> Bool {
        let word: StaticString = "template"
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let length = word.utf8CodeUnitCount
            guard bytes.count >= length else { return false }
            let letters = UnsafeBufferPointer(start: word.utf8Start, count: length)
            for start in 0...(bytes.count - length) where bytes[start] == letters[0] {
                var matched = 1
                while matched < length, bytes[start + matched] == letters[matched] { matched += 1 }
                if matched == length { return true }
            }
            return false
        } ?? (text.utf8.firstRange(of: "template".utf8) != nil)
    }

    /// `parse`, or the document the same file gave with the same configuration, with its diagnostics.
    private func cachedParse(_ file: LoadedMarkdown) -> Document {
        guard let (sources, configKey) = cache, let stamp = file.stamp else { return parse(file) }
        let path = file.source.absolutePath
        if let (document, found) = sources.document(path, stamp: stamp, configKey: configKey) {
            found.forEach(diagnostics.emit)
            return document
        }
        var own = self
        own.diagnostics = DiagnosticEngine()
        let document = own.parse(file)
        let found = own.diagnostics.diagnostics
        found.forEach(diagnostics.emit)
        sources.storeDocument(path, stamp: stamp, configKey: configKey, document, found)
        return document
    }

    func parse(_ file: LoadedMarkdown) -> Document {
        var kind = Self.kind(of: file.source.path)
        let options = MarkdownOptions(unsafeHTML: config.unsafeHTML, pullRequestReferences: config.repository != nil,
                                      references: true, extractLeadingTitle: true, plainText: false)
        // A record's status and date lines are read from its raw body and left out of the rendered one.
        let body = file.spilledBody.map { spill?.text($0) ?? "" } ?? file.body
        var header = kind == .decision ? RecordHeader.scan(body) : nil
        if let found = header, Self.isDocumentBesideTheRecords(file, header: found) {
            kind = .page
            header = nil
        }
        let markdown = needsBody(kind, file) ? MarkdownParser.parse(header?.body ?? body, options: options) : .unparsed
        // The front matter's nodes are read here and not kept: later stages read `fields` (ADR-0055).
        var document = Document(kind: kind, source: file.source, fields: FrontMatterFields(file.frontMatter), markdown: markdown,
                                bodyLineOffset: file.bodyLineOffset, title: "", outputPath: "")
        switch kind {
        case .decision:
            DecisionReader(config: config, diagnostics: diagnostics, statusMemo: statusMemo)
                .read(&document, front: file.frontMatter, header: header, idPrefix: file.idPrefix)
            document.outputPath = OutputName.fit("decisions/" + Self.fileSafe(document.decision?.id ?? Path.stem(file.source.path)) + ".html")
        case .landmine:
            LandmineReader(diagnostics: diagnostics).read(&document, front: file.frontMatter)
            document.outputPath = OutputName.fit("landmines/" + (document.landmine?.slug ?? Path.stem(file.source.path)) + ".html")
        case .page:
            let reader = FieldReader(file: file.source, diagnostics: diagnostics)
            let title = file.frontMatter.flatMap { reader.string($0, "title")?.value }
            document.title = title ?? markdown.leadingTitle ?? DecisionReader.humanize(Path.stem(file.source.path))
            document.extraFields = (file.frontMatter?.entries ?? []).filter {
                let key = $0.key.string ?? ""
                return key != "title" && key != "id" && !DecisionReader.isNavigationField(key)
            }
            let stem = String(file.source.path.dropLast(Path.extension(file.source.path).count + 1))
            document.outputPath = OutputName.fit(stem + ".html")
        }
        return document
    }

    private func needsBody(_ kind: Document.Kind, _ file: LoadedMarkdown) -> Bool {
        guard fieldsOnly else { return true }
        switch kind {
        case .landmine: return true
        case .page: return false
        case .decision: return file.frontMatter?["title"] == nil
        }
    }

    /// An id as a file name: letters, digits, `-`, `_` and `.` kept, anything else `-`.
    static func fileSafe(_ id: String) -> String {
        // An ASCII id byte by byte (ADR-0067: the scalars mapped to an array of Characters were
        // 7,500 instructions a record): each byte is a scalar and a Character of its own (CR and
        // LF, the one pair that joins, both map to `-`), and an ASCII scalar is alphabetic when it
        // is a letter A-Z or a-z.
        var id = id
        if let fast = id.withUTF8({ bytes -> String? in
            guard ByteSearch.isASCII(UnsafeRawBufferPointer(bytes)) else { return nil }
            let text = String(unsafeUninitializedCapacity: bytes.count) { out in
                for (index, byte) in bytes.enumerated() {
                    let ok = (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                    out[index] = ok ? byte : UInt8(ascii: "-")
                }
                return bytes.count
            }
            return bytes.isEmpty || bytes[0] == UInt8(ascii: ".") ? "record-" + text : text
        }) { return fast }
        return scalarFileSafe(id)
    }

    /// `fileSafe` scalar by scalar (any id; the reference of `ParseAroundCmarkTests`).
    static func scalarFileSafe(_ id: String) -> String {
        let mapped = id.unicodeScalars.map { scalar -> Character in
            let ok = (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == "."
            return ok ? Character(scalar) : "-"
        }
        let text = String(mapped)
        return text.isEmpty || text.hasPrefix(".") ? "record-" + text : text
    }
}
