import Foundation
@testable import HandbookCore
import Testing

/// ADR-0071: the whole index's postings kept as their pairs and made into lists by counting at the
/// end, and its ASCII terms sorted by their bytes without a String table, against the
/// `[String: [Int32]]` of every word's String (`keys.sorted()`).
@Suite struct SearchTermsSortedTests {
    /// Runs of words (each run a table, entries numbered on across runs) joined, against a
    /// String-keyed table: canonically equivalent spellings merged, first spelling kept.
    static func check(_ runs: [[[String]]], _ comment: Comment) {
        var all = SearchIndex.AllPostings()
        var expected: [String: [Int32]] = [:]
        var first: [String: [UInt8]] = [:]
        var entry: Int32 = 0
        for run in runs {
            var postings = SearchIndex.Postings()
            for words in run {
                for word in words {
                    let bytes = Array(word.utf8)
                    bytes.withUnsafeBufferPointer { postings.add($0, hash: SearchIndex.Postings.hash($0), entry: entry) }
                    if expected[word, default: []].last != entry { expected[word, default: []].append(entry) }
                    if first[word] == nil { first[word] = bytes }
                }
                entry += 1
            }
            all.join(postings)
        }
        let sorted = all.sorted()
        let keys = expected.keys.sorted()
        #expect(sorted.map { Array($0.term.utf8) } == keys.map { first[$0]! }, comment)
        #expect(sorted.map { Array($0.list) } == keys.map { expected[$0]! }, comment)
    }

    @Test func asciiTermsByBytesOthersAsStrings() {
        let ascii = ["a", "ab", "abcdefgh", "abcdefghi", "abcdefgha", "abcdefgg", "b", "z9", "0", "09", "abcdefghijklmnopq", "abcdefghijklmnopr"]
        let others = ["é", "e\u{301}", "caf\u{e9}", "cafe\u{301}", "日本", "👍", "ü", "u\u{308}", "\u{212B}", "\u{c5}", "a\u{300}", "z\u{e9}", "abcdefgh\u{e9}"]
        Self.check([[ascii, others], [others.reversed(), ascii.reversed()], [ascii.shuffled()]], "ASCII and others")
        Self.check([[ascii], [ascii]], "ASCII only")
        Self.check([[others], [others.reversed()]], "others only")
        Self.check([[[]]], "nothing")
        // Many terms sharing their first eight bytes and not, in many runs and entries.
        var words: [[String]] = []
        for n in 0..<2000 { words.append(["prefixed\(n % 97)", "w\(n)", "w\(n % 13)é", "sharedword", "x\(n * 7919 % 1000)y"]) }
        Self.check(stride(from: 0, to: words.count, by: 64).map { Array(words[$0..<min(words.count, $0 + 64)]) }, "many")
    }

    /// A term of ASCII and a character normalized to ASCII (KELVIN SIGN is K, GREEK QUESTION MARK a
    /// semicolon): taken the old way, merged with the ASCII term it equals as a String.
    @Test func termsNormalizedToASCIIMergedAsStrings() {
        Self.check([[["K", "\u{212A}", "k", "a;", "a\u{37E}", "\u{1FEF}x", "`x"]], [["\u{212A}", "K", "é"]]], "kelvin")
        Self.check([[["\u{212A}elvin", "Kelvin", "kelvin"]], [["Kelvin"]]], "kelvin word")
    }

    /// The claim `sorted` rests on: of every character above ASCII, only U+212A, U+037E and
    /// U+1FEF are normalized to ASCII, and each is equal as a String to its ASCII form; a String of
    /// ASCII is equal only to itself among Strings of ASCII and those three.
    @Test func onlyThreeCharactersNormalizeToASCII() {
        var found: [UInt32] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            if text.decomposedStringWithCanonicalMapping.unicodeScalars.allSatisfy(\.isASCII) { found.append(value) }
        }
        #expect(found == [0x37E, 0x1FEF, 0x212A])
        #expect("\u{212A}" == "K" && "\u{37E}" == ";" && "\u{1FEF}" == "`")
        for bytes in [[0xE2, 0x84, 0xAA], [0xCD, 0xBE], [0xE1, 0xBF, 0xAF], [0x61, 0xCD, 0xBE, 0x62]] as [[UInt8]] {
            #expect(bytes.withUnsafeBufferPointer(SearchIndex.AllPostings.normalizesToASCII), "\(bytes)")
        }
        for bytes in [[0xC3, 0xA9], [0xE2, 0x84, 0xAB], [0xCD, 0xBF], [0xE2, 0x84, 0xAA, 0xCC, 0x81], [0xE1, 0xBF, 0xAE]] as [[UInt8]] {
            #expect(!bytes.withUnsafeBufferPointer(SearchIndex.AllPostings.normalizesToASCII), "\(bytes)")
        }
    }
}

/// ADR-0071: a document's part of the search index made from its fields, without its entry.
@Suite struct SearchDocumentPartTests {
    /// Every document's part (row, escaped text, words and their order) as the part of its entry
    /// (`documentEntry`): decisions with tags, an empty status, deciders and globs, a landmine
    /// with an owner and paths, a page, keys with quotes, `<`, U+2028 and non-ASCII.
    @Test func documentPartAsThePartOfItsEntry() throws {
        var files = SearchIndexTests.files
        files["content/decisions/0002-second.md"] = "---\nstatus: accepted\ntags: [\"a\\u2028b\", \"q\\\"<x>\", café]\ndeciders: [Ann, \"Bo B\"]\ngoverns: [\"src/**\", docs/]\n---\n# Second \"one\"\n\nBody UnsafeText.\n"
        files["content/decisions/0003-third.md"] = "---\nstatus: \"\"\n---\n# Third\n\nNo keys.\n"
        files["content/decisions/0004-fourth.md"] = "---\ndate: 2024-01-01\n---\n# Fourth\n\nNo status.\n"
        files["content/landmines/hot-path.md"] = "---\nseverity: high\nowner: \"@team\"\npaths: [src/engine/]\n---\n# Hot path\n\nCareful.\n"
        files["content/pages/ünïcode page.md"] = "# Ünïcode\n\nText.\n"
        let build = TestBuild.run(files)
        let handbook = try #require(build.result.handbook)
        #expect(handbook.documents.count >= 7)
        for index in handbook.documents.indices {
            var expectedPostings = SearchIndex.Postings(), postings = SearchIndex.Postings()
            let expected = SearchIndex.part(of: SearchIndex.documentEntry(index, in: handbook), number: index, in: handbook, postings: &expectedPostings)
            let part = SearchIndex.documentPart(index, in: handbook, postings: &postings)
            let path = handbook.documents[index].source.path
            #expect(part.row == expected.row, "\(path): \(String(decoding: part.row, as: UTF8.self))")
            #expect(part.text == expected.text, "\(path)")
            #expect(SearchPostingsLoopTests.terms(postings) == SearchPostingsLoopTests.terms(expectedPostings), "\(path)")
            #expect(postings.pairs == expectedPostings.pairs, "\(path)")
        }
    }
}
