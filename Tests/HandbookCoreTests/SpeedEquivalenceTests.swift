import Foundation
@testable import HandbookCore
import HandbookMarkdown
import Testing

/// The byte-level shortcuts of the build's hot paths (ADR-0014, fifth round) give what the
/// Character-level code they replaced gave, on ASCII and on text with combining marks.
@Suite struct SpeedEquivalenceTests {
    static let texts = ["", "a", "#", "a#b", "docs/x.md#part", "é#x", "e\u{301}#x", "x#\u{301}y", "#\u{301}", "ü/blob/x",
                        "https://github.com/acme/shop/blob/main/docs/a.md", "https://h/blob/\u{301}x/blob/y", "/blob/",
                        "/blo/blob//blob/", "https://gitlab.com/a/b/-/blob/main/é.md", "no blob here", "a\"b\\c\n\t\u{1}d"]

    @Test func editURLAsFoundationFindsIt() {
        for text in Self.texts {
            let expected = text.range(of: "/blob/").map { text.replacingCharacters(in: $0, with: "/edit/") }
            #expect(ViewModels.editURL(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func linkTargetCutAsCharactersCutIt() {
        for text in Self.texts {
            #expect(HandbookJSON.Context.beforeFragment(text) == String(text.prefix { $0 != "#" }), "\(text.debugDescription)")
        }
    }

    @Test func linkKindNamedAsInterpolationNamesIt() {
        for kind in [MarkdownLink.Kind.link, .image, .reference, .pullRequest] {
            #expect(HandbookJSON.Context.name(kind) == "\(kind)")
        }
    }

    /// JSON strings: runs copied at once, the escapes as before (byte by byte).
    @Test func jsonStringsAsByteByByte() {
        for text in Self.texts + ["\u{0}\u{1f}\u{20}\u{7f}", String(repeating: "ab\"", count: 50)] {
            var writer = JSONWriter()
            writer.string(text)
            var expected: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: expected += Array("\\\"".utf8)
                case 0x5C: expected += Array("\\\\".utf8)
                case 0x0A: expected += Array("\\n".utf8)
                case 0x0D: expected += Array("\\r".utf8)
                case 0x09: expected += Array("\\t".utf8)
                case 0..<0x20: expected += Array(String(format: "\\u%04x", byte).utf8)
                default: expected.append(byte)
                }
            }
            expected.append(0x22)
            #expect(writer.bytes == expected, "\(text.debugDescription)")
        }
    }
}
