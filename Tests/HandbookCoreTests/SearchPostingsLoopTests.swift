import Foundation
@testable import HandbookCore
import Testing

/// ADR-0061: a text's words found and looked up in one loop, in the postings table's own memory,
/// against the straightforward path: the words as `SpeedEquivalenceTests.wordsInOrder` writes the
/// rule out, numbered by their bytes in a dictionary of byte arrays, a pair for each word met in a
/// new entry.
@Suite struct SearchPostingsLoopTests {
    /// Texts meant to break the loop: words of every length around the in-place comparison's
    /// loads (1 to 20 bytes, 48 and 49), words alike but for their first or last byte, prefixes,
    /// capitals and camel-case parts, non-ASCII (accents precomposed and not, CJK, emoji, a lone
    /// continuation byte's character), words at the very start and end of a text, empty texts, and
    /// enough distinct words to grow every buffer of the table in the middle of a text.
    static let texts: [String] = {
        var texts = ["", " ", "a", "A", "aB", "ABC aBC abC abc", "UnsafeOutputTests unsafe output tests", "v2Beta x9Y z",
                     "Café café CAFÉ cafe\u{301} caf\u{e9}", "日本語 テキスト 日本 語", "👍🏽 emoji👍 👍", "e\u{301}t\u{e9} été",
                     "\u{7f}é\u{80}", "a-b_c.d/e", "end with word", "word", "\"q\" <b> & 'x'\u{2028}y\u{2029}z"]
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        for length in 1...20 {
            let word = String(letters.prefix(length).map { $0 })
            // Alike but for the last byte, the first, a middle one; the word and its prefix.
            let last = String(word.dropLast()) + "Z", first = "z" + String(word.dropFirst())
            let middle = String(word.prefix(length / 2)) + "q" + String(word.dropFirst(length / 2 + 1))
            texts.append([word, last, first, middle, word, String(word.dropLast()), word.uppercased(), last.lowercased()].joined(separator: " "))
            texts.append(word + " " + String(repeating: "é", count: length / 2))
        }
        for length in [47, 48, 49, 50] {
            texts.append(String(repeating: "x", count: length) + " " + String(repeating: "x", count: length - 1) + "y " + String(repeating: "Ab", count: length / 2))
        }
        texts.append((0..<3000).map { "w\($0)" }.joined(separator: " "))
        texts.append((0..<500).map { "Camel\($0)Case" + String(repeating: "q", count: $0 % 23) }.joined(separator: "\n"))
        return texts
    }()

    /// The straightforward path: every word of every text in order, numbered by its bytes.
    struct Expected {
        var numbers: [[UInt8]: Int] = [:]
        var terms: [[UInt8]] = []
        var last: [Int32] = []
        var pairs: [UInt64] = []

        mutating func add(_ text: String, entry: Int32) {
            for word in SpeedEquivalenceTests.wordsInOrder(text) {
                let bytes = Array(word.utf8)
                if let number = numbers[bytes] {
                    guard last[number] != entry else { continue }
                    last[number] = entry
                    pairs.append(UInt64(number) << 32 | UInt64(UInt32(bitPattern: entry)))
                } else {
                    numbers[bytes] = terms.count
                    pairs.append(UInt64(terms.count) << 32 | UInt64(UInt32(bitPattern: entry)))
                    terms.append(bytes)
                    last.append(entry)
                }
            }
        }
    }

    static func terms(_ postings: SearchIndex.Postings) -> [[UInt8]] {
        var terms: [[UInt8]] = []
        postings.forEachTerm { word, hash in
            terms.append(Array(word))
            #expect(hash == SearchIndex.Postings.hash(word), "\(String(decoding: word, as: UTF8.self))")
        }
        return terms
    }

    /// Each text an entry, texts in runs of seven (a run's table grows across entries): the terms
    /// in order of first use, their hashes, and the pairs, as the straightforward path gives them.
    @Test func postingsInOneLoopAsWordByWord() {
        let texts = Self.texts + Self.texts.reversed() + SpeedEquivalenceTests.trimTexts
        var start = 0
        while start < texts.count {
            var postings = SearchIndex.Postings()
            var expected = Expected()
            for (offset, text) in texts[start..<min(texts.count, start + 7)].enumerated() {
                let entry = Int32(start + offset)
                SearchIndex.post(text, entry: entry, into: &postings)
                // A text entered twice for one entry adds nothing more.
                SearchIndex.post(text, entry: entry, into: &postings)
                expected.add(text, entry: entry)
                expected.add(text, entry: entry)
            }
            #expect(Self.terms(postings) == expected.terms, "texts from \(start)")
            #expect(postings.pairs == expected.pairs, "texts from \(start)")
            #expect(postings.count == expected.terms.count)
            start += 7
        }
        // Every text in one entry of one table: the buffers grow in the middle of a text.
        var postings = SearchIndex.Postings()
        var expected = Expected()
        let all = texts.joined(separator: " ")
        SearchIndex.post(all, entry: 3, into: &postings)
        expected.add(all, entry: 3)
        #expect(Self.terms(postings) == expected.terms)
        #expect(postings.pairs == expected.pairs)
    }

    /// ADR-0071: eight bytes classed at once as the table classes each (`SearchIndex.folded`):
    /// every byte value in every lane of the eight, among word bytes and among others.
    @Test func chunkClassesEveryByteInEveryLane() {
        typealias Chunk = SearchIndex.Postings.Chunk
        for value in 0..<256 {
            for lane in 0..<8 {
                for background: UInt8 in [0x20, 0x61, 0x41, 0x00, 0xC3] {
                    var bytes = [UInt8](repeating: background, count: 8)
                    bytes[lane] = UInt8(value)
                    let chunk = bytes.withUnsafeBufferPointer { Chunk.load($0.baseAddress!, 0, 8) }
                    let (words, upper) = Chunk.classes(chunk)
                    for i in 0..<8 {
                        let bit = UInt64(0x80) << UInt64(8 * i)
                        #expect((words & bit != 0) == (SearchIndex.folded[Int(bytes[i])] != 0), "\(value) in lane \(lane) of \(bytes)")
                        #expect((upper & bit != 0) == SearchIndex.isUpper(bytes[i]), "\(value) in lane \(lane) of \(bytes)")
                    }
                    #expect(words & ~Chunk.high == 0 && upper & ~Chunk.high == 0)
                    let lowered = withUnsafeBytes(of: (chunk | upper >> 2).littleEndian) { Array($0) }
                    #expect(lowered == bytes.map(SearchIndex.lower), "\(bytes)")
                }
            }
        }
    }

    /// ADR-0071: a text's words read eight bytes at a time, against the rule a byte at a time over
    /// raw bytes: every byte value as a word's byte and between words, words of 1 to 60 bytes
    /// starting at every offset of the eight read (so that they end in the eight, at their end or
    /// after them), ending at the text's end or not, with and without capitals.
    @Test func wordsReadEightBytesAtATimeAsByteByByte() {
        var texts: [[UInt8]] = []
        for value in 0..<256 {
            texts.append([0x61, UInt8(value), 0x62, 0x20, UInt8(value)])
            texts.append([UInt8(value), 0x41, 0x62, UInt8(value), UInt8(value), 0x7A, 0x5A, 0x30])
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        for length in 1...60 {
            for offset in 0..<9 {
                let word = (0..<length).map { letters[($0 * 7 + length) % letters.count] }
                let lower = (0..<length).map { letters[($0 * 5 + offset) % 26] }
                let gap = [UInt8](repeating: 0x2D, count: offset)
                texts.append(gap + word)
                texts.append(gap + word + [0x20] + lower + gap)
                texts.append(gap + lower + [0xC3, 0xA9] + word + [0x2E])
            }
        }
        for (number, text) in texts.enumerated() {
            var postings = SearchIndex.Postings()
            text.withUnsafeBufferPointer { postings.add(text: $0, entry: Int32(number)) }
            // The rule byte by byte: runs of word bytes, lower-cased, camel-case parts after them.
            var words: [[UInt8]] = []
            var at = 0
            while at < text.count {
                guard SearchIndex.folded[Int(text[at])] != 0 else { at += 1; continue }
                let start = at
                while at < text.count, SearchIndex.folded[Int(text[at])] != 0 { at += 1 }
                let word = Array(text[start..<at])
                guard word.count <= SearchIndex.maxTokenLength else { continue }
                let lowered = word.map(SearchIndex.lower)
                words.append(lowered)
                guard lowered != word else { continue }
                var partStart = 0
                var parts: [[UInt8]] = []
                for i in 1..<max(1, word.count) where SearchIndex.isUpper(word[i]) && SearchIndex.isLowerOrDigit(word[i - 1]) {
                    parts.append(Array(lowered[partStart..<i]))
                    partStart = i
                }
                if !parts.isEmpty { words += parts + [Array(lowered[partStart...])] }
            }
            var distinct: [[UInt8]] = []
            for word in words where !distinct.contains(word) { distinct.append(word) }
            #expect(Self.terms(postings) == distinct, "\(text)")
        }
    }

    /// A `Postings` copied, then each changed: the copies do not share what they are given after.
    @Test func postingsCopiedThenChangedApart() {
        var first = SearchIndex.Postings()
        SearchIndex.post("alpha beta Gamma", entry: 0, into: &first)
        var second = first
        SearchIndex.post("delta alpha", entry: 1, into: &second)
        SearchIndex.post("epsilon beta", entry: 1, into: &first)
        var expectedFirst = Expected(), expectedSecond = Expected()
        expectedFirst.add("alpha beta Gamma", entry: 0)
        expectedSecond.add("alpha beta Gamma", entry: 0)
        expectedFirst.add("epsilon beta", entry: 1)
        expectedSecond.add("delta alpha", entry: 1)
        #expect(Self.terms(first) == expectedFirst.terms)
        #expect(first.pairs == expectedFirst.pairs)
        #expect(Self.terms(second) == expectedSecond.terms)
        #expect(second.pairs == expectedSecond.pairs)
    }

    /// The in-place comparison of two words' bytes, as `memcmp`: every length up to 40, equal, and
    /// different at each position, the bytes in buffers of exactly their length.
    @Test func sameBytesAsMemcmp() {
        for count in 0...40 {
            let a = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, count))
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, count))
            defer { a.deallocate(); b.deallocate() }
            for i in 0..<count { a[i] = UInt8(truncatingIfNeeded: 0x61 + i * 7); b[i] = a[i] }
            #expect(SearchIndex.Postings.Table.same(a, b, count), "\(count)")
            for position in 0..<count {
                b[position] ^= 0x20
                #expect(!SearchIndex.Postings.Table.same(a, b, count), "\(count) at \(position)")
                #expect((memcmp(a, b, count) == 0) == SearchIndex.Postings.Table.same(a, b, count))
                b[position] ^= 0x20
            }
        }
    }
}
