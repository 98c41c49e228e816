import Foundation
@testable import HandbookCore
import HandbookMarkdown
import Testing

/// The byte-level fast paths of the path arithmetic must give exactly what the Character-based
/// versions give, on every kind of input (the fast path declines non-ASCII paths).
@Suite struct PathArithmeticTests {
    /// A small deterministic generator, so a failure names its inputs and repeats.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let pieces = ["a", "b", "ab", "/", "/", "//", ".", "..", "x.html", "index.html", "é", "e\u{301}", "/\u{301}", "%", " ",
                          ":", ":\u{301}", "%41", "%\u{301}", "H", "+", "-", "1"]

    static func randomPath(_ generator: inout Generator) -> String {
        (0..<generator.next(7)).map { _ in pieces[generator.next(pieces.count)] }.joined()
    }

    @Test func relativeURLMatchesTheCharacterVersion() {
        var generator = Generator(state: 7)
        var inputs = ["", "/", "index.html", "a/b.html", "a/", "/a/b", "decisions/ADR-1.html", "files/a/b/c.go.html"]
        for _ in 0..<20_000 { inputs.append(Self.randomPath(&generator)) }
        for (index, from) in inputs.enumerated() {
            for to in [inputs[(index * 7 + 3) % inputs.count], inputs[(index * 13 + 1) % inputs.count], from,
                       from + "x", Path.directory(from) + "/y.html", ""] {
                #expect(Path.relativePath(from: from, to: to) == Path.characterRelativeURL(from: from, to: to),
                        "from \(from.debugDescription) to \(to.debugDescription)")
            }
        }
    }

    /// ADR-0058: `relativeURL` in one pass over an ASCII link's bytes (nil, and the two passes, when
    /// a byte needs encoding) is the Character version encoded, every byte: random paths (spaces,
    /// `%`, `:`, `+`, non-ASCII), and every ASCII byte in the part of the link kept from `to`, in the
    /// part left out, and in `from`.
    @Test func relativeURLIsTheCharacterVersionEncoded() {
        var generator = Generator(state: 11)
        var inputs = ["", "/", "index.html", "a/b.html", "a/", "/a/b", "decisions/ADR-1.html", "files/a/b/c.go.html",
                      "files/src/a_b~c/d-e.f.html", "x/y/z/0123456789abcdefghij.html"]
        for _ in 0..<20_000 { inputs.append(Self.randomPath(&generator)) }
        var pairs: [(String, String)] = []
        for (index, from) in inputs.enumerated() {
            for to in [inputs[(index * 7 + 3) % inputs.count], inputs[(index * 13 + 1) % inputs.count], from,
                       from + "x", Path.directory(from) + "/y.html", ""] { pairs.append((from, to)) }
        }
        for byte in UInt8(0)..<128 {
            let text = String(decoding: [byte], as: UTF8.self)
            for (from, to) in [("a/b.html", "x/\(text)y.html"), ("a/b.html", "a/long-name-\(text)"), ("a/\(text)/b.html", "a/c.html"),
                               ("decisions/b.html", "decisions/0123456\(text)"), ("\(text)/b.html", "\(text)/c/d.html"),
                               ("a/b.html", "c/d/e/f/g/h/i/j/k/l/m/n/o/p/q\(text)")] { pairs.append((from, to)) }
        }
        for (from, to) in pairs {
            #expect(Path.relativeURL(from: from, to: to) == URLEncoding.encodedPath(Path.characterRelativeURL(from: from, to: to)),
                    "from \(from.debugDescription) to \(to.debugDescription)")
        }
        for byte in UInt8(0)..<128 {
            #expect(Path.isUnreservedOrSlash(byte) == (URLEncoding.isUnreserved(byte) || byte == UInt8(ascii: "/")), "\(byte)")
        }
        for count in 0..<20 {
            for high in -1..<count {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: count)
                if high >= 0 { bytes[high] = 0x80 | UInt8(high) }
                #expect(bytes.withUnsafeBytes(ByteSearch.isASCII) == (high < 0), "\(count) \(high)")
            }
        }
    }

    @Test func normalizeDirectoryAndSchemeMatchTheCharacterVersions() {
        var generator = Generator(state: 13)
        var inputs = ["", "/", "//", "/..", "../a", "a/../..", "./a/./b/", "a//b", "https://x", "mailto:a", "C:x", "a:\u{301}b", "ab:"]
        let extra = ["..", "../", ":", "https:", "+x:", "é:", "1a:", ".", ".x", "A.MD", "a.b.C"]
        for _ in 0..<20_000 {
            var path = Self.randomPath(&generator)
            if generator.next(3) == 0 { path = extra[generator.next(extra.count)] + path }
            inputs.append(path)
        }
        for path in inputs {
            #expect(Path.normalize(path) == Path.characterNormalize(path), "\(path.debugDescription)")
            #expect(Path.directory(path) == Path.characterDirectory(path), "\(path.debugDescription)")
            #expect(Path.fileName(path) == Path.characterFileName(path), "\(path.debugDescription)")
            for base in ["", "/", "a", "/a", "a/b", Path.directory(path)] {
                let (p, b) = (Path.normalize(path), Path.normalize(base))
                let expected = p == b ? "" : Path.characterRelative(p, prefix: b.hasSuffix("/") ? b : b + "/")
                #expect(Path.relative(path, to: base) == expected, "\(path.debugDescription) to \(base.debugDescription)")
            }
            #expect(Path.stem(path) == Path.characterStem(Path.characterFileName(path)), "\(path.debugDescription)")
            #expect(Path.extension(path) == Path.characterExtension(Path.characterFileName(path)), "\(path.debugDescription)")
            #expect(LinkResolver.scheme(of: path) == LinkResolver.characterScheme(of: path), "\(path.debugDescription)")
            // Against an independent decoder (the old guard looked for a '%' Character; one joined to a combining mark is not one).
            #expect(URLEncoding.decode(path) == Self.referenceDecode(path), "\(path.debugDescription)")
        }
    }

    /// `%` and two hex digits is a byte; anything else is itself; nil when the bytes are not UTF-8.
    static func referenceDecode(_ text: String) -> String? {
        let hexDigits = Array("0123456789abcdefABCDEF".utf8)
        func value(_ byte: UInt8) -> UInt8 {
            byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10
        }
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
               hexDigits.contains(input[index + 1]), hexDigits.contains(input[index + 2]) {
                bytes.append(value(input[index + 1]) << 4 | value(input[index + 2]))
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    @Test func percentDecodingExamples() {
        let cases: [(String, String?)] = [("", ""), ("a", "a"), ("%41", "A"), ("a%2Fb", "a/b"), ("%2f", "/"), ("%", "%"), ("%4", "%4"),
                                          ("%zz", "%zz"), ("%+1", "%+1"), ("%-1", "%-1"), ("%C3%A9", "é"), ("%C3", nil), ("%FF", nil),
                                          ("%\u{301}41", "%\u{301}41"), ("%%41", "%A"), ("100%", "100%")]
        for (input, expected) in cases {
            #expect(URLEncoding.decode(input) == expected, "\(input.debugDescription)")
            #expect(Self.referenceDecode(input) == expected, "reference: \(input.debugDescription)")
        }
    }

    @Test func repositoryLinkPatternsReplaceAsFoundationDoes() {
        var generator = Generator(state: 17)
        let pieces = ["{ref}", "{path}", "{", "}", "ref", "{re", "f}", "/", "é", "e\u{301}", "{ref}\u{301}", "x"]
        for _ in 0..<5_000 {
            let text = (0..<generator.next(6)).map { _ in pieces[generator.next(pieces.count)] }.joined()
            let value = ["main", "é/x", "{ref}", ""][generator.next(4)]
            for token in ["{ref}", "{path}", "{number}", "{sha}"] {
                #expect(RepositoryLinks.replace(token, with: value, in: text) == text.replacingOccurrences(of: token, with: value),
                        "\(text.debugDescription) \(token) \(value.debugDescription)")
            }
        }
    }

    @Test func asciiPathsTakeTheFastPath() {
        #expect(Path.asciiRelativeURL(from: "decisions/ADR-1.html", to: "files/a.go.html") == "../files/a.go.html")
        #expect(Path.asciiRelativeURL(from: "a/b/c.html", to: "a/b/c.html") == "c.html")
        #expect(Path.asciiRelativeURL(from: "a/b/c.html", to: "a/b/") == "./")
        #expect(Path.asciiRelativeURL(from: "é/c.html", to: "a") == nil)
    }

    @Test func urlEncodingPathMatchesPercentEncoding() {
        var generator = Generator(state: 11)
        for _ in 0..<5_000 {
            let path = Self.randomPath(&generator) + String(UnicodeScalar(UInt8(generator.next(128))))
            var expected = ""
            for byte in path.utf8 {
                if URLEncoding.isUnreserved(byte) || byte == UInt8(ascii: "/") {
                    expected.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    expected += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                }
            }
            #expect(URLEncoding.path(path) == expected, "\(path.debugDescription)")
        }
    }
}
