import Foundation
@testable import HandbookCore
import Testing

/// ADR-0062: rows made from a prototype (`RowKeys`) are the rows made key by key.
@Suite struct RowKeysTests {
    /// Keys and values as the renderer reads them, in key order.
    static func entries(_ row: [String: Any]) -> [String] {
        row.keys.sorted().map { key in "\(key)=\(String(describing: row[key]!))" }
    }

    static func sameRow(_ made: [String: Any], _ literal: [String: Any], _ comment: Comment) {
        #expect(made.count == literal.count, comment)
        #expect(entries(made) == entries(literal), comment)
        #expect(ModelFingerprint.of(made, template: "t") == ModelFingerprint.of(literal, template: "t"), comment)
        for (key, value) in literal {
            #expect(type(of: made[key]!) == type(of: value), "\(key): \(comment)")
        }
    }

    @Test func eachValueGoesToItsKey() {
        let keys = ["id", "title", "status", "url", "current", "hasDate", "date"]
        let values: [Any] = ["ADR-0001", "A title", "accepted", "../x.html", true, false, ""]
        var literal: [String: Any] = [:]
        for (key, value) in zip(keys, values) { literal[key] = value }
        Self.sameRow(RowKeys(keys).row(values[0], values[1], values[2], values[3], values[4], values[5], values[6]), literal, "seven")
        for count in 2...6 {
            let keys = Array(keys.prefix(count)), values = Array(values.prefix(count))
            let rowKeys = RowKeys(keys, minimumCapacity: 8)
            let made: [String: Any]
            switch count {
            case 2: made = rowKeys.row(values[0], values[1])
            case 3: made = rowKeys.row(values[0], values[1], values[2])
            case 4: made = rowKeys.row(values[0], values[1], values[2], values[3])
            case 5: made = rowKeys.row(values[0], values[1], values[2], values[3], values[4])
            default: made = rowKeys.row(values[0], values[1], values[2], values[3], values[4], values[5])
            }
            var literal: [String: Any] = [:]
            for (key, value) in zip(keys, values) { literal[key] = value }
            Self.sameRow(made, literal, "\(count) keys")
        }
        // Lists and non-ASCII keys and values.
        let tags: [String] = ["a", "é"]
        Self.sameRow(RowKeys(["tags", "naïve", "n"]).row(tags, "cafe\u{301}", 3), ["tags": tags, "naïve": "cafe\u{301}", "n": 3], "lists")
    }

    @Test func rowsAreTheirOwnAndThePrototypeStaysUnset() {
        let rowKeys = RowKeys(["id", "url"], minimumCapacity: 8)
        var first = rowKeys.row("1", "a.html")
        let second = rowKeys.row("2", "b.html")
        first["inactive"] = true
        first["id"] = "changed"
        Self.sameRow(first, ["id": "changed", "url": "a.html", "inactive": true], "a row changed")
        Self.sameRow(second, ["id": "2", "url": "b.html"], "another row")
        #expect(rowKeys.prototype.count == 2)
        #expect(rowKeys.prototype.values.allSatisfy { $0 is () }, "the prototype keeps its placeholders")
        // Many rows, each with its own values (a row's storage is its own once a value is set).
        let rows = (0..<200).map { rowKeys.row(String($0), "\($0).html") }
        for (number, row) in rows.enumerated() {
            #expect(row["id"] as? String == String(number) && row["url"] as? String == "\(number).html")
        }
    }

    /// The view models' rows from prototypes: a decision summary dated and undated, a sidebar
    /// timeline row, a table of contents row and a tag link, against the same rows made key by key.
    @Test func theViewModelsRowsAreTheRowsMadeKeyByKey() throws {
        let (handbook, options, _) = try SummaryCacheTests.sample()
        let models = ViewModels(handbook: handbook, options: options)
        let index = try #require(handbook.documents.firstIndex { $0.decision?.date != nil && !($0.decision?.tags.isEmpty ?? true) })
        let record = try #require(handbook.documents[index].decision)
        var literal: [String: Any] = ["id": record.id, "title": handbook.documents[index].title,
                                      "status": record.statusLabel, "tags": record.tags, "url": "u.html"]
        literal["date"] = try #require(record.date)
        Self.sameRow(models.decisionSummary(index, url: "u.html"), literal, "a dated summary")
        var undated = handbook
        undated.documents[index].decision?.date = nil
        literal["date"] = nil
        Self.sameRow(ViewModels(handbook: undated, options: options).decisionSummary(index, url: "u.html"), literal, "undated")
        Self.sameRow(ViewModels.tagLinkKeys.row("t", "../tags/t.html"), ["name": "t", "url": "../tags/t.html"], "a tag link")
        Self.sameRow(ViewModels.tocKeys.row("Heading", "heading", true), ["text": "Heading", "anchor": "heading", "sub": true], "toc")
    }

    /// A run's tag links take each ASCII tag's page from the run's `TagPages`, made once (ADR-0062):
    /// the page `tagPage` makes, byte for byte, also for tags canonically equal to an ASCII tag kept
    /// (the Greek question mark and `;`, the Kelvin sign and `K`), and for non-ASCII tags (never kept).
    @Test func tagLinksFromKeptPagesAreTagPages() throws {
        let (handbook, options, _) = try SummaryCacheTests.sample()
        var models = ViewModels(handbook: handbook, options: options)
        let memo = TagPages()
        models.tagPages = memo
        let kept = [";", "K", "api", "API", "a b", "x~y"]
        _ = models.tagLinks(kept, from: "decisions/ADR-0001.html")
        for tag in kept { #expect(memo.pages[tag] == ViewModels.tagPage(tag), "\(tag.debugDescription)") }
        #expect(memo.pages["\u{37E}"] != nil, "a String key equals its canonical equivalent")
        let asked = kept + ["\u{37E}", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "new", "N\u{301}", ""]
        var made: [String: [[String: Any]]] = [:]
        for path in ["decisions/ADR-0001.html", "index.html", "tags/x.html", "decisions/ADR-0002.html", "tags/y.html", "a.html"] {
            let links = models.tagLinks(asked, from: path)
            made[path] = links
            for (tag, link) in zip(asked, links) {
                let expected = Path.relativeURL(from: path, to: ViewModels.tagPage(tag))
                #expect(Array((link["url"] as? String ?? "").utf8) == Array(expected.utf8), "\(tag.debugDescription) from \(path)")
                #expect(link["name"] as? String == tag)
            }
        }
        // ADR-0072: the pages of one folder share an ASCII tag's link, the very dictionary.
        func address(_ row: [String: Any]) -> UInt { withUnsafeBytes(of: row) { $0.load(as: UInt.self) } }
        for (first, second) in [("decisions/ADR-0001.html", "decisions/ADR-0002.html"), ("tags/x.html", "tags/y.html")] {
            for (index, tag) in asked.enumerated() where ViewModels.isASCII(tag) {
                #expect(address(made[first]![index]) == address(made[second]![index]), "\(tag.debugDescription) in \(first)")
            }
        }
    }
}
