import Foundation
@testable import HandbookCore
@testable import HandbookMarkdown
import Testing

/// ADR-0067: the parse stage's work around cmark-gfm, cheaper, gives what it gave: headings'
/// anchors looked along a list, not hashed in a Set; the checkbox tag found by its `x`; `[[` in a
/// text literal found by `memchr`.
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
