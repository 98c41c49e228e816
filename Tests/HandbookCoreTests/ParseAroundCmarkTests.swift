import Foundation
@testable import HandbookCore
@testable import HandbookMarkdown
import Testing

/// ADR-0067: the parse stage's work around cmark-gfm, cheaper, gives what it gave: headings'
/// anchors looked along a list, not hashed in a Set; the checkbox tag found by its `x`; `[[` in a
/// text literal found by `memchr`; field and section names, `DDDD-DD-DD` dates and YAML's null
/// words read by their bytes.
@Suite struct ParseAroundCmarkTests {
    /// Heading texts that make anchors collide: repeats, texts whose slug is another's suffixed
    /// one (`A 1` is `a-1`), empty slugs (`section`), non-ASCII, and more than `listLimit` anchors.
    static var headingRuns: [[String]] {
        var runs: [[String]] = [
            ["A", "A", "A", "a-1", "A 1", "A", "a-2", "", "", "!", "Section", "section-1", "é", "e\u{301}", "É", "A"],
            (0..<40).map { ["Context", "Decision", "Context", "context-1", "Options", "x\($0 % 7)", "Context \($0 % 3)"][$0 % 7] },
            (0..<60).map { _ in "Same" },
            (0..<17).map { "h\($0)" } + ["h0", "h0", "h0-1", "h16", "h16-1", "h16"],
        ]
        var state: UInt64 = 67
        for length in [5, 16, 17, 33, 120] {
            runs.append((0..<length).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let words = ["a", "a 1", "a-2", "b", "", "Ü", "a\u{301}", "section", "b-1-1", "b 1"]
                return words[Int(state >> 33) % words.count] + (state >> 40 % 5 == 0 ? " 1" : "")
            })
        }
        return runs
    }

    @Test func anchorsAlongAListAsInASet() {
        for run in Self.headingRuns {
            var listed = AnchorAllocator()
            var hashed = AnchorAllocator()
            hashed.setFromTheStart = true
            let fromList = run.map { listed.allocate(for: $0) }
            let fromSet = run.map { hashed.allocate(for: $0) }
            #expect(fromList == fromSet, "\(run)")
            #expect(Set(fromList).count == fromList.count)
        }
    }

    /// The first offset of `needle` in `haystack` from `start`, byte by byte.
    static func naiveFirstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        return (start...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func firstIndexAtEveryAnchorAsByteByByte() {
        #expect(MarkdownParser.boxOpening[MarkdownParser.boxAnchor] == UInt8(ascii: "x"))
        var state: UInt64 = 13
        let alphabet = Array("<ax\"".utf8)
        let needles: [[UInt8]] = [Array("<".utf8), Array("<a".utf8), Array("ax<".utf8), Array("<a\"x<".utf8), Array("xxxx".utf8),
                                  MarkdownParser.boxOpening, Array(":::".utf8)]
        for length in 0..<70 {
            for _ in 0..<4 {
                var haystack: [UInt8] = (0..<length).map { _ in
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    return alphabet[Int(state >> 33) % alphabet.count]
                }
                if length > 30, state >> 50 % 2 == 0 {
                    let at = Int(state >> 20) % (length - 23)
                    haystack.replaceSubrange(at..<(at + 23), with: MarkdownParser.boxOpening)
                }
                haystack.withUnsafeBufferPointer { bytes in
                    for needle in needles {
                        for start in -1...(length + 1) {
                            let expected = Self.naiveFirstIndex(of: needle, in: haystack, from: start)
                            for anchor in 0..<needle.count {
                                #expect(ByteSearch.firstIndex(of: needle, in: bytes, from: start, anchor: anchor) == expected,
                                        "\(haystack) \(needle) \(start) \(anchor)")
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ParseAroundCmarkTests {
    /// The tree walk's test for `[[` in a text literal answers as `strstr`, for every text of up to
    /// 12 bytes over `[`, `a`, `#` and a byte above 0x7F, and longer ones.
    @Test func doubleBracketByMemchrAsStrstr() {
        let alphabet: [UInt8] = [UInt8(ascii: "["), UInt8(ascii: "a"), UInt8(ascii: "#"), 0xC3]
        var texts: [[UInt8]] = [[]]
        var frontier: [[UInt8]] = [[]]
        for _ in 0..<7 {
            frontier = frontier.flatMap { text in alphabet.map { text + [$0] } }
            texts += frontier
        }
        texts += [Array(String(repeating: "a[", count: 40).utf8) + [UInt8(ascii: "[")], Array(String(repeating: "[a", count: 40).utf8)]
        for text in texts {
            (text + [0]).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    let pointer = chars.baseAddress!
                    #expect(TreeWalker.holdsDoubleBracket(pointer, text.count) == (strstr(pointer, "[[") != nil), "\(text)")
                }
            }
        }
    }
}

extension ParseAroundCmarkTests {
    /// Field and section names mapped to English by their bytes as by the tables' look-ups.
    @Test func englishNamesByBytesAsHashed() {
        var names = [String]()
        for table in [RecordHeader.frenchNames, RecordHeader.otherNames] {
            for (name, english) in table { names += [name, english, name.uppercased(), name + " ", " " + name, String(name.dropLast()), name + "s"] }
        }
        names += Array(RecordHeader.headerNames) + RecordHeader.readSections
        names += ["", "s", "statu", "statutx", "data ", "date", "status", "\u{212A}", "liens\u{301}", "e\u{301}tiquettes",
                  "de\u{301}cideurs", "consulte\u{301}s", "ﾃﾞｰﾀ", "estado\u{0}", "fecha\u{7F}", "datum\u{80}"]
        for name in names {
            #expect(Array(RecordHeader.englishName(name).utf8) == Array(RecordHeader.hashedEnglishName(name).utf8), "\(name.debugDescription)")
        }
        // No non-ASCII name of the tables is ASCII in a normal form (so none equals an ASCII name).
        for name in Array(RecordHeader.frenchNames.keys) + Array(RecordHeader.otherNames.keys) where !name.utf8.allSatisfy({ $0 < 0x80 }) {
            for form in [name.precomposedStringWithCanonicalMapping, name.decomposedStringWithCanonicalMapping] {
                #expect(!form.utf8.allSatisfy { $0 < 0x80 }, "\(name)")
            }
        }
        // Every ASCII name of the tables is met by its bytes.
        #expect(RecordHeader.asciiNames.count == (RecordHeader.frenchNames.keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.count
                                                  + RecordHeader.otherNames.keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.count))
    }
}

extension ParseAroundCmarkTests {
    /// Dates of every shape near `DDDD-DD-DD`: valid and impossible days and months, leap years,
    /// years before 1900, other separators, signs, spaces, a time, non-ASCII digits and marks.
    static var dateTexts: [String] {
        var texts = ["2016-02-12", "2016-02-29", "2000-02-29", "1900-02-29", "2024-02-29", "2023-02-29", "1899-12-31", "1900-01-01",
                     "2024-14-02", "2024-00-10", "2024-01-00", "2024-04-31", "2024-12-31", "9999-12-31", "0000-01-01",
                     "2016-2-12", "2016/02/12", "2016-02-12T10:00:00Z", "2016-02-12 10:00", " 2016-02-12", "2016-02-12 ",
                     "+016-02-12", "2016-+2-12", "2016--2-12", "2016-02-1a", "2016-02-12\u{301}", "２０１６-02-12", "2016-02-1\u{0663}",
                     "20160212", "12/02/2016", "February 12, 2016", "", "----------", "2016-02-12x", "`2016-02-12`", "2016_02_12"]
        for month in 0...13 {
            for day in [0, 1, 28, 29, 30, 31, 32] {
                for year in [1899, 1900, 2000, 2023, 2024] {
                    texts.append(String(format: "%04d-%02d-%02d", year, month, day))
                }
            }
        }
        return texts
    }

    @Test func isoDatesByBytesAsByCharacters() {
        for text in Self.dateTexts {
            #expect(DateText.normalize(text) == DateText.normalizeByCharacters(text), "\(text.debugDescription)")
            for monthFirst in [false, true] {
                #expect(DateText.read(text, monthFirst: monthFirst) == DateText.readByCharacters(text, monthFirst: monthFirst),
                        "\(text.debugDescription)")
            }
        }
    }
}

extension ParseAroundCmarkTests {
    /// A plain scalar's null test by bytes answers as the Set of null words, for every mix of the
    /// words' letters in both cases, their neighbours, and non-ASCII spellings.
    @Test func nullWordsByBytesAsInTheSet() {
        var texts = ["", "~", "~~", " ", "null", "Null", "NULL", "nul", "nulll", "null ", " null", "~\u{301}", "null\u{301}",
                     "\u{FF4E}ull", "ｎｕｌｌ", "\u{0}", "\u{0}ull", "true", "None"]
        let letters = ["n", "N", "u", "U", "l", "L", "~", "x"]
        for a in letters { for b in letters { for c in letters { for d in letters { texts.append(a + b + c + d) } } } }
        for text in texts {
            #expect(YAMLNode.isNullWord(text) == YAMLNode.nullWords.contains(text), "\(text.debugDescription)")
        }
    }
}

extension ParseAroundCmarkTests {
    /// Ids and stems of every ASCII byte, and non-ASCII ones (letters, digits of other scripts,
    /// combining marks, CR LF).
    static var idTexts: [String] {
        var texts = ["", ".", ".x", "x.", "ADR-00001", "adr_0001.md", "a b", "a\r\nb", "\r\n", "\n.", "-", "record",
                     "é", "e\u{301}", "1\u{301}", "ADR-٣", "ＡＤＲ-１", "x\u{0}y", "ª", "²", "\u{FFFD}", "a/b\\c"]
        texts += (0..<128).map { String(decoding: [UInt8($0)], as: UTF8.self) }
        texts += (0..<128).map { "a" + String(decoding: [UInt8($0)], as: UTF8.self) + "9" }
        return texts
    }

    @Test func fileSafeByBytesAsByScalars() {
        for text in Self.idTexts {
            #expect(Array(ParseStage.fileSafe(text).utf8) == Array(ParseStage.scalarFileSafe(text).utf8), "\(text.debugDescription)")
        }
    }

    @Test func numbersByBytesAsByCharacters() {
        for text in Self.idTexts {
            #expect(ParseStage.hasNumber(text) == text.contains(where: \.isNumber), "\(text.debugDescription)")
        }
    }
}

// MARK: ADR-0074

extension ParseAroundCmarkTests {
    /// The placeholder written as bytes on the stack is the interpolated one, for small indices,
    /// every power of ten and its neighbours, and the largest.
    @Test func placeholderBytesAsInterpolated() {
        var indices = Array(0...1_200)
        var power = 1
        for _ in 0..<18 {
            power *= 10
            indices += [power - 1, power, power + 1]
        }
        indices += [Int.max, Int.max - 1]
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            for index in indices {
                let count = MarkdownParser.placeholderBytes(index, into: buffer)
                #expect(Array(buffer[0..<count]) == Array(MarkdownParser.placeholder(index).utf8), "\(index)")
            }
        }
    }

    /// Blocks whose texts outgrow the walk's byte buffer many times over (a paragraph, a list and a
    /// table of thousands of bytes, ASCII and not, links and headings between them) give the texts
    /// Strings appended gave.
    @Test func longBlocksByBytesAsByStrings() {
        let words = (0..<700).map { ["alpha", "β", "[link \($0)](x\($0).md)", "`code`", "*em*", "e\u{301}", "[[ADR-\($0)]]", "#\($0)"][$0 % 8] }
        let paragraph = words.joined(separator: " ")
        let list = words.enumerated().map { "- item \($0.offset) \($0.element)" }.joined(separator: "\n")
        let table = "| a | b |\n|---|---|\n" + words.map { "| \($0) | \($0) \($0) |" }.joined(separator: "\n")
        let texts = [paragraph, list, table, "# T\n\n" + paragraph + "\n\n## H \(paragraph)\n\n" + list + "\n\n" + table,
                     String(repeating: "a", count: 1_023), String(repeating: "a", count: 1_024), String(repeating: "é", count: 3_000)]
        for text in texts {
            for options in [MarkdownOptions(plainText: false), MarkdownOptions(unsafeHTML: true, pullRequestReferences: true, plainText: true)] {
                let bytes = MarkdownParser.parse(text, options: options, textByBytes: true)
                let strings = MarkdownParser.parse(text, options: options, textByBytes: false)
                #expect(bytes.blocks.map { Array($0.text.utf8) } == strings.blocks.map { Array($0.text.utf8) }, "\(text.prefix(40))")
                #expect(bytes.blocks == strings.blocks && "\(bytes.links)" == "\(strings.links)", "\(text.prefix(40))")
                #expect(bytes.html == strings.html, "\(text.prefix(40))")
            }
        }
    }
}

extension ParseAroundCmarkTests {
    /// Checkboxes labelled as the rendered bytes are copied into the String give what the String
    /// made first, then labelled, gave: tags side by side, at either end, next to non-ASCII text
    /// (the String path), next to invalid UTF-8 and with invalid UTF-8 elsewhere (repaired alike).
    @Test func checkboxesLabelledInTheCopyAsAfterIt() {
        let box = Array("<input type=\"checkbox\" disabled=\"\" />".utf8)
        let checked = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" />".utf8)
        let pieces: [[UInt8]] = [box, checked, Array("<li>".utf8), Array(" a ".utf8), Array("é".utf8), [0xC3], [0xFF],
                                 Array("\u{301}".utf8), Array("<input type=\"checkbox\" ".utf8), [UInt8(ascii: "x")], Array(checked.dropLast())]
        var inputs: [[UInt8]] = [[]]
        var frontier: [[UInt8]] = [[]]
        for _ in 0..<3 {
            frontier = frontier.flatMap { input in pieces.map { input + $0 } }
            inputs += frontier
        }
        for input in inputs {
            let reference = MarkdownParser.labelTaskItems(String(decoding: input, as: UTF8.self))
            let labelled = input.withUnsafeBufferPointer { bytes in
                MarkdownParser.labelledTaskItems(bytes) ?? reference
            }
            #expect(Array(labelled.utf8) == Array(reference.utf8), "\(input)")
        }
        #expect(inputs.count > 1_000)
    }
}

extension ParseAroundCmarkTests {
    /// The key a field is read under, found along the sketched list of French names, is the one the
    /// hashed table gave: for front matters of every subset of a field's English and French names,
    /// with other keys around them (so that sketch bits collide), with and without a sketch.
    @Test func frenchKeysAlongTheListAsHashed() {
        func node(_ text: String) -> YAMLNode { YAMLNode(value: .scalar(text, plain: true), line: 1, column: 1) }
        let names = ["status", "deciders", "consulted", "informed", "tags", "links", "decision date", "date", "title", "statüs", "\u{212A}"]
        let others = (0..<40).map { "k\($0)" }
        var checked = 0
        for name in names {
            let spellings = [name] + (DecisionReader.frenchKeys[name] ?? [])
            for mask in 0..<(1 << spellings.count) {
                for extra in [0, 5, 40] {
                    var keys = spellings.indices.filter { mask & (1 << $0) != 0 }.map { spellings[$0] }
                    keys += others.prefix(extra)
                    let front = YAMLNode(value: .mapping(keys.map { YAMLNode.Entry(key: node($0), value: node("v")) }), line: 1, column: 1)
                    for sketch in [KeySketch(front), nil] {
                        #expect(DecisionReader.key(front, name, sketch: sketch) == DecisionReader.keyByTable(front, name, sketch: sketch),
                                "\(name) \(keys)")
                        checked += 1
                    }
                }
            }
        }
        #expect(DecisionReader.key(nil, "status") == "status")
        #expect(checked > 100)
    }
}
