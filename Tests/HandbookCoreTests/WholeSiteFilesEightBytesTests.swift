import Foundation
@testable import HandbookCore
import Testing

/// ADR-0076: `handbook.json`'s strings looked at eight bytes at a time, its links' targets looked
/// up by bytes, and a short word of the search index found by its key (its bytes and length as
/// one number).
@Suite struct WholeSiteFilesEightBytesTests {
    /// `JSONWriter.string(utf8:)` as it was: a byte at a time, runs copied at once.
    static func referenceString(_ utf8: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    static func written(_ utf8: [UInt8]) -> [UInt8] {
        var json = JSONWriter(capacity: 16)
        utf8.withUnsafeBufferPointer { json.string(utf8: $0) }
        return json.bytes
    }

    /// Every byte value in every lane of the eight, among bytes that need no escape and among
    /// bytes that do: the lanes marked are the bytes `needsEscape` marks.
    @Test func escapesEveryByteInEveryLane() {
        for value in 0..<256 {
            for lane in 0..<8 {
                for background: UInt8 in [0x20, 0x61, 0x22, 0x5C, 0x00, 0x1F, 0x7F, 0x80, 0xE2, 0xFF] {
                    var bytes = [UInt8](repeating: background, count: 8)
                    bytes[lane] = UInt8(value)
                    let chunk = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                    let found = JSONWriter.escapes(chunk)
                    for i in 0..<8 {
                        let bit = UInt64(0x80) << UInt64(8 * i)
                        #expect((found & bit != 0) == JSONWriter.needsEscape(bytes[i]), "\(value) in lane \(lane) of \(bytes)")
                    }
                    #expect(found & ~0x8080_8080_8080_8080 == 0)
                }
            }
        }
    }

    /// Strings of 0 to 40 bytes with every byte value at every position (the escape in the eight
    /// read, at their end, in the bytes left after the last eight), two escapes side by side,
    /// escapes at both ends, non-ASCII: the bytes written a byte at a time.
    @Test func stringsEightBytesAtATimeAsByteByByte() {
        var texts: [[UInt8]] = [[], Array("\"".utf8), Array("\\\\".utf8), Array("é\u{2028}\"\n".utf8)]
        for length in 0...40 {
            let plain = (0..<length).map { UInt8(0x61 + $0 % 26) }
            texts.append(plain)
            for position in 0..<length {
                for value in 0..<256 where value < 0x23 || value == 0x5C || value == 0x7F || value >= 0xC0 || value == position {
                    var text = plain
                    text[position] = UInt8(value)
                    texts.append(text)
                    if position + 1 < length {
                        text[position + 1] = 0x22
                        texts.append(text)
                    }
                }
            }
            texts.append([0x0A] + plain + [0x5C])
            texts.append(Array(String(repeating: "é\"", count: length).utf8))
        }
        for text in texts {
            #expect(Self.written(text) == Self.referenceString(text), "\(text)")
        }
    }

    /// A term's key: its bytes and length for one to seven bytes, 0 for none or eight and more; two
    /// words of the same bytes but a trailing NUL (not a word's byte, but a term given to
    /// `Postings.add` may hold one) have different keys, and the word read from a text finds its own
    /// term, not the other.
    @Test func shortWordsFoundByTheirKey() {
        typealias Table = SearchIndex.Postings.Table
        for length in 0...12 {
            let word = (0..<length).map { UInt8(0x61 + $0) }
            let key = word.withUnsafeBufferPointer { Table.key($0.baseAddress!, length) }
            if length == 0 || length >= 8 {
                #expect(key == 0)
            } else {
                var bytes: UInt64 = 0
                for (i, byte) in word.enumerated() { bytes |= UInt64(byte) << UInt64(8 * i) }
                #expect(key == Table.key(bytes, length: length))
                #expect(key >> 56 == UInt64(length))
            }
        }
        for word in ["a", "abc", "abcdef"] {
            var postings = SearchIndex.Postings()
            let withNUL = Array(word.utf8) + [0]
            // The same hash as the word's: the word's bytes padded with 0 are the same eight bytes.
            withNUL.withUnsafeBufferPointer { postings.add($0, hash: SearchIndex.Postings.hash($0), entry: 0) }
            SearchIndex.post(word + " " + word.uppercased(), entry: 1, into: &postings)
            #expect(SearchPostingsLoopTests.terms(postings) == [withNUL, Array(word.utf8)], "\(word)")
            #expect(postings.pairs == [0, 1 << 32 | 1], "\(word)")
        }
    }

    typealias Context = HandbookJSON.Context

    /// A relative ASCII path normalized in place as `Path.normalize` makes it: `.`, `..` (after
    /// nothing, after `..`, after a part, several), empty parts, leading and trailing slashes.
    @Test func relativePathsNormalizedInPlaceAsPathNormalize() {
        let parts = ["a", "bc", ".", "..", "", "...", ".x", "x.", "ADR-01221.html"]
        var paths: [String] = []
        for first in parts { for second in parts { for third in parts {
            paths.append([first, second, third].joined(separator: "/"))
            paths.append([first, second].joined(separator: "//") + "/")
        } } }
        paths += ["", ".", "..", "../..", "a/../..", "a/b/../../../c", "../a/../b", "a/./../.././b/"]
        for path in paths where !path.hasPrefix("/") {
            var bytes = Array(path.utf8)
            let length = bytes.withUnsafeMutableBufferPointer { Context.normalizeRelative($0) }
            #expect(String(decoding: bytes[..<length], as: UTF8.self) == Path.normalize(path), "\(path.debugDescription)")
        }
    }

    /// A link's target by bytes, against `pageToID[targetPath(folder, href)]` (after the scheme, empty
    /// and `#` checks): folders and hrefs ASCII and not, schemes and near-schemes, fragments, escapes,
    /// `..` out of the folder and past the root, absolute hrefs; pages at the paths they name (two
    /// documents at one path: the first's id) and not. Every pair the bytes decide is decided as
    /// the Strings decide it, and most are decided by the bytes.
    @Test func linkTargetsByBytesAsByStrings() {
        let folders = ["", "decisions", "a/b", "/", "/abs", "é", "a/../b", "x/", "a//b", "../up", "decisions/sub", ".", "e\u{301}"]
        let hrefs = ["ADR-01221.html", "../x.html", "./a/./b.html", "a%20b.html", "%C3%A9.html", "a#b", "#top", "#", "", "/abs.html",
                     "..", ".", "a/", "../../a.html", "../decisions/ADR-1.html", "a/b/../../c.html", "../..", "x/../../y.html",
                     "mailto:someone", "https://example.com/a.html", "c++:x", "a.b-c+d:e", "1a:b", ":x", "a_b:c", "a:b/c.html",
                     "é.html", "a\u{301}.html", "\u{212A}.html", "K.html", "sub/page.html", "../sub/page.html"]
        var pages: [(String, String)] = []
        for folder in folders {
            for href in hrefs {
                let path = Context.targetPath(folder, href)
                pages.append((path, "first " + path))
                pages.append((path, "second " + path))
            }
        }
        pages = pages.filter { $0.0.utf8.allSatisfy { $0 < 0x80 } }
        pages += [("decisions/ADR-01221.html", "ADR-01221"), ("K.html", "K")]
        let pageToID = Dictionary(pages) { first, _ in first }
        guard let table = Context.Pages(pages) else {
            Issue.record("ASCII pages")
            return
        }
        #expect(Context.Pages(pages + [("é.html", "x")]) == nil)
        var decided = 0, total = 0
        for folder in folders {
            for href in hrefs {
                let expected = LinkResolver.scheme(of: href) == nil && !href.isEmpty && !href.hasPrefix("#")
                    ? pageToID[Context.targetPath(folder, href)] : nil
                total += 1
                guard let found = Context.byBytes(folder: folder, href: href, pages: table) else { continue }
                decided += 1
                #expect(found == expected, "\(folder.debugDescription) \(href.debugDescription)")
            }
        }
        #expect(decided * 2 > total, "\(decided) of \(total)")
    }

    /// The index's pairs kept in blocks of 1, 2, 3, 5, 64 pairs and one block: every term's list as
    /// the runs' own lists joined in run order, whether listed (`lists`) or taken (`takeLists`,
    /// which lets the blocks go and leaves no pairs).
    @Test func pairsInBlocksListedAsTheRunsListThem() {
        let texts = ["alpha beta gamma", "beta Delta deltaEpsilon", "gamma gamma alpha zeta", "one two three four five six",
                     "", "alpha", "CamelCaseWords and more words", "zeta eta theta iota kappa lambda mu nu xi"]
        var runs: [SearchIndex.Postings] = []
        var entry: Int32 = 0
        for r in 0..<12 {
            var postings = SearchIndex.Postings()
            for t in 0..<(r % 4 + 1) {
                SearchIndex.post(texts[(r * 3 + t) % texts.count] + " " + texts[(r + t) % texts.count], entry: entry, into: &postings)
                entry += 1
            }
            runs.append(postings)
        }
        var expected: [[UInt8]: [Int32]] = [:]
        for run in runs {
            let lists = run.lists()
            var number = 0
            run.forEachTerm { word, _ in
                expected[Array(word), default: []] += lists[number]
                number += 1
            }
        }
        for block in [1, 2, 3, 5, 64, 1 << 20] {
            var all = SearchIndex.AllPostings(block: block)
            for run in runs { all.join(run) }
            let (starts, entries) = all.lists()
            #expect(all.terms.count == expected.count)
            for (n, term) in all.terms.list.enumerated() {
                let bytes = Array(all.terms.bytes[Int(term.start)..<(Int(term.start) + Int(term.length))])
                #expect(Array(entries[starts[n]..<starts[n + 1]]) == expected[bytes], "block \(block), term \(n)")
            }
            let taken = all.takeLists()
            #expect(taken.starts == starts && taken.entries == entries, "block \(block)")
            #expect(all.lists().entries.isEmpty)
        }
    }
}

/// ADR-0076 writes a document's element of `handbook.json` from the document in place
/// (`documentPart`), beside `Context.document`, which `HandbookJSON.init` (the Codable form) still
/// uses: the two must give the same entry, member by member (a review of the session found no
/// test pinning one to the other).
@Suite struct HandbookJSONDocumentPartTests {
    @Test func documentPartDecodesAsContextDocument() throws {
        var files = SearchIndexTests.files
        files["content/decisions/0002-second.md"] = "---\nstatus: superseded\nsuperseded-by: ADR-0001\ndate: 2024-02-03\ntags: [\"a\\u2028b\", café]\ndeciders: [Ann]\ngoverns: [\"src/**\", docs/, \"Sources/*.swift\"]\nextra: {a: 1, b: [x, \"y\\\"\"]}\n---\n# Second \"one\"\n\nSee [first](0001-first.md), [guide](../guide.md#top), [out](https://example.com/x), [gone](nope.md) and [[ADR-0001]].\n"
        files["content/decisions/0003-third.md"] = "---\nstatus: \"\"\n---\n# Third\n\nNo keys.\n"
        files["content/landmines/hot-path.md"] = "---\nseverity: high\nowner: \"@team\"\npaths: [src/engine/]\n---\n# Hot path\n\nCareful, see [the second](../decisions/0002-second.md).\n"
        files["content/pages/ünïcode page.md"] = "# Ünïcode\n\n[Up](../guide.md) and [here](#%C3%BC).\n"
        files["src/engine/core.swift"] = "// x\n"
        let build = TestBuild.run(files)
        let handbook = try #require(build.result.handbook)
        #expect(handbook.documents.count >= 6)
        let context = HandbookJSON.Context(handbook)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for index in handbook.documents.indices {
            let part = HandbookJSON.documentPart(index, context: context)
            let object = try #require(part.firstIndex(of: UInt8(ascii: "{")), "no object in the part")
            let decoded = try JSONDecoder().decode(HandbookJSON.Document.self, from: Data(part[object...]))
            let path = handbook.documents[index].source.path
            let actual = String(decoding: try encoder.encode(decoded), as: UTF8.self)
            let expected = String(decoding: try encoder.encode(context.document(index)), as: UTF8.self)
            #expect(actual == expected, "\(path)\n\(lineDiff(expected: expected, actual: actual))")
        }
    }
}
