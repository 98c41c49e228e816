/// Tag pages (`tags/index.html`, `tags/TAG.html`) and the search page with its index.
extension ViewModels {
    static let tagsIndexPath = "tags/index.html"
    static let searchPath = "search.html"
    static let searchIndexPath = SearchIndex.path

    /// One page per tag, whatever its case (`API` and `api` are one tag); the file name keeps
    /// letters, digits, `-` and `_` and writes any other byte as `~XX`, so two tags never share a page.
    static func tagPage(_ tag: String) -> String {
        // Written as bytes (a String appended a byte at a time was most of a decision page's tag
        // links, ADR-0050); `stringTagPage` is the reference.
        var path = Array("tags/".utf8)
        for byte in tag.lowercased().utf8 {
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F {
                path.append(byte)
            } else {
                path.append(UInt8(ascii: "~"))
                path.append(lowerHexDigits[Int(byte >> 4)])
                path.append(lowerHexDigits[Int(byte & 15)])
            }
        }
        if path.count == 5 || path.elementsEqual("tags/index".utf8) { path.append(UInt8(ascii: "~")) }
        path.append(contentsOf: ".html".utf8)
        return OutputName.fit(String(decoding: path, as: UTF8.self))
    }

    private static let lowerHexDigits = Array("0123456789abcdef".utf8)

    /// `tagPage` as it was written with Strings: the reference `SpeedEquivalenceTests` holds it to.
    static func stringTagPage(_ tag: String) -> String {
        var slug = ""
        for byte in tag.lowercased().utf8 {
            let keep = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            slug += keep ? String(UnicodeScalar(byte)) : "~" + String(byte, radix: 16).leftPadded(to: 2)
        }
        if slug == "index" || slug.isEmpty { slug += "~" }
        return OutputName.fit("tags/" + slug + ".html")
    }

    /// Every tag of every decision, with the decisions (indices, newest first) carrying it.
    func tags() -> [(tag: String, decisions: [Int])] {
        var byPage: [String: (names: Set<String>, decisions: [Int])] = [:]
        // Each entry changed in place: taken out of the dictionary and put back, its list was copied
        // for every decision added (quadratic: 257 million instructions at 10,000 records, on one
        // core, ADR-0057). An ASCII tag's page is made once, not once per decision carrying it; any
        // other tag's each time (a String key is equal to its canonical equivalents, `é` written
        // as one scalar or two, whose pages differ: the page is made from the bytes).
        var pages: [String: String] = [:]
        for index in newestFirst {
            for tag in Set(handbook.documents[index].decision?.tags ?? []) {
                // Only an ASCII tag is looked up: a non-ASCII one can equal an ASCII key (U+037E, the
                // Greek question mark, is `;`) whose page is not its own.
                let ascii = Self.isASCII(tag)
                let page: String
                if ascii, let known = pages[tag] {
                    page = known
                } else {
                    page = Self.tagPage(tag)
                    if ascii { pages[tag] = page }
                }
                Self.add(tag, index, to: &byPage[page, default: ([], [])])
            }
        }
        // The name shown: the lower-cased spelling when there is one, else the first in order.
        return Self.ordered(byPage.values.map { entry in
            (entry.names.first { $0 == $0.lowercased() } ?? entry.names.sorted().first ?? "", entry.decisions)
        })
    }

    /// Tags in the order the tags index shows them: by their lower-cased name, then their name,
    /// then their bytes. Two canonically equivalent spellings (`é` as one scalar or two) have
    /// pages of their own but compare equal as Strings; without the bytes their order was the
    /// dictionary's, which changes from one process to the next.
    static func ordered(_ tags: [(tag: String, decisions: [Int])]) -> [(tag: String, decisions: [Int])] {
        tags.sorted { a, b in
            let (x, y) = (a.tag.lowercased(), b.tag.lowercased())
            if x != y { return x < y }
            if a.tag != b.tag { return a.tag < b.tag }
            return a.tag.utf8.lexicographicallyPrecedes(b.tag.utf8)
        }
    }

    private static func add(_ tag: String, _ index: Int, to entry: inout (names: Set<String>, decisions: [Int])) {
        entry.names.insert(tag)
        if entry.decisions.last != index { entry.decisions.append(index) }
    }

    /// A tag link's keys (`RowKeys`, ADR-0062).
    static let tagLinkKeys = RowKeys(["name", "url"])

    func tagLinks(_ tags: [String], from path: String) -> [Model] {
        // An ASCII tag's link is the same from every page of one folder (`TimelineRows.folder`):
        // made once a run for the folder, and shared by its pages (ADR-0072), as the timeline's
        // rows are; the template check's fold and the renderer's memo know a shared row again.
        guard let tagPages, !tags.isEmpty, let folder = TimelineRows.folder(path) else {
            return tags.map { Self.tagLinkKeys.row($0, Path.relativeURL(from: path, to: cachedTagPage($0))) }
        }
        let links = tagPages.links(folder)
        return tags.map { tag in
            guard Self.isASCII(tag) else { return Self.tagLinkKeys.row(tag, Path.relativeURL(from: path, to: cachedTagPage(tag))) }
            if let row = links.rows[tag] { return row }
            let row = Self.tagLinkKeys.row(tag, Path.relativeURL(from: path, to: cachedTagPage(tag)))
            links.rows[tag] = row
            return row
        }
    }

    /// `tagPage(tag)`, kept in the run's `tagPages` for an ASCII tag. Only an ASCII tag is looked
    /// up: a String key equals its canonical equivalents (`;` and the Greek question mark U+037E,
    /// `K` and the Kelvin sign), whose pages differ or may; two ASCII texts are equivalent only
    /// when their bytes are the same.
    func cachedTagPage(_ tag: String) -> String {
        guard let tagPages, Self.isASCII(tag) else { return Self.tagPage(tag) }
        if let page = tagPages.pages[tag] { return page }
        let page = Self.tagPage(tag)
        tagPages.pages[tag] = page
        return page
    }

    static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 { return false }
            return true
        }
    }

    /// `tags`: `tags()`, made once for the page list.
    func tagsIndex(tags: [(tag: String, decisions: [Int])]) -> Model {
        let path = Self.tagsIndexPath
        var model = common(outputPath: path, title: "Tags", section: "tags")
        model["tags"] = tags.map { entry -> Model in
            ["name": entry.tag, "count": entry.decisions.count, "url": Path.relativeURL(from: path, to: Self.tagPage(entry.tag))]
        }
        return model
    }

    func tag(_ tag: String, decisions: [Int]) -> Model {
        let path = Self.tagPage(tag)
        var model = common(outputPath: path, title: "Tag: \(tag)", section: "tags")
        // A build that writes the site once makes each row as it is rendered (ADR-0054: a tag of
        // tens of thousands of decisions held their summaries while its page rendered);
        // `handbook serve` records the rows and keeps their summaries (ADR-0021).
        let rows: Any
        if summaries == nil {
            let models = self
            rows = Mustache.MadeRows(count: decisions.count, shapes: summaryShapes(decisions[...])) {
                models.decisionSummary(decisions[$0], from: path)
            }
        } else {
            rows = decisionSummaries(decisions, from: path)
        }
        model["tag"] = ["name": tag, "count": Self.count(decisions.count, "decision"), "decisions": rows] as Model
        return model
    }

    func search() -> Model {
        common(outputPath: Self.searchPath, title: "Search", section: "search")
    }

    /// A JSON string literal that is also safe inside a `<script>`-loaded file or element (`<`, `>`,
    /// `&` and `'` as `\u` escapes, as Go's `json.HTMLEscape` does plus the quote; U+2028 and U+2029
    /// escaped), written byte by byte: the search shards carry every body's full text.
    static func jsonString(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        appendJSONString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `jsonString`, added to the end of `out` (the search shards are written as bytes); without
    /// its quotes when not `quoted` (a text written in parts).
    static func appendJSONString(_ text: String, to out: inout [UInt8], quoted: Bool = true) {
        if quoted { out.append(0x22) }
        let hex: StaticString = "0123456789abcdef"
        let escapes = Self.jsonEscapes
        var text = text
        text.withUTF8 { utf8 in
            let count = utf8.count
            var i = 0
            while i < count {
                // A run of bytes written as they are goes out at once (byte by byte, escaping the
                // search index's texts was 2% of a build, ADR-0014); each byte classed by a look-up
                // (ADR-0051).
                var end = i
                while end < count, escapes[Int(utf8[end])] == 0 { end += 1 }
                if end > i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<end]))
                    i = end
                    continue
                }
                let byte = utf8[i]
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x3C: out += [0x5C, 0x75, 0x30, 0x30, 0x33, 0x63]
                case 0x3E: out += [0x5C, 0x75, 0x30, 0x30, 0x33, 0x65]
                case 0x26: out += [0x5C, 0x75, 0x30, 0x30, 0x32, 0x36]
                case 0x27: out += [0x5C, 0x75, 0x30, 0x30, 0x32, 0x37]
                case 0xE2 where i + 2 < count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    out += [0x5C, 0x75, 0x32, 0x30, 0x32, utf8[i + 2] == 0xA8 ? 0x38 : 0x39]
                    i += 2
                default:
                    if byte < 0x20 {
                        hex.withUTF8Buffer { digits in
                            out += [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 15)]]
                        }
                    } else {
                        out.append(byte)
                    }
                }
                i += 1
            }
        }
        if quoted { out.append(0x22) }
    }

    /// The bytes `appendJSONString` may write otherwise than as they are (0xE2 starts U+2028 and U+2029).
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x27 || byte == 0xE2
    }

    /// `needsEscape` of every byte, 1 or 0, looked up.
    static let jsonEscapes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for value in 0..<256 { table[value] = needsEscape(UInt8(value)) ? 1 : 0 }
        return UnsafePointer(table)
    }()
}

/// The pages of the ASCII tags one run of pages (`RenderStage.PageList.forEach`) links to, each
/// made once for the run rather than for every tag link of every decision page (ADR-0062): a
/// handbook has few tags. `tagPage` is a pure function of the tag's bytes. Used by one thread at a time.
final class TagPages {
    var pages: [String: String] = [:]

    /// The tag links of the pages of one folder, by ASCII tag (`ViewModels.tagLinks`, ADR-0072).
    final class Links {
        var rows: [String: [String: Any]] = [:]
    }

    private var links: [String: Links] = [:]
    private var last: (folder: String, links: Links)?

    init() {}

    /// The links of the pages in `folder` (`TimelineRows.folder`), made when first asked for.
    func links(_ folder: String) -> Links {
        if let last, last.folder == folder { return last.links }
        let links = self.links[folder] ?? Links()
        self.links[folder] = links
        last = (folder, links)
        return links
    }
}
