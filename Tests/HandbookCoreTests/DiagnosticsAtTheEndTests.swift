import Foundation
@testable import HandbookCore
import Testing

/// The diagnostics printed at the end of a run, ordered and formatted more cheaply and in blocks on
/// every core (ADR-0057), as one pass on one core gave them.
@Suite struct DiagnosticsAtTheEndTests {
    /// Random diagnostics, many with equal files, lines and columns: the field-at-a-time order is
    /// the tuple order.
    @Test func diagnosticsOrderedAsByTheTuple() {
        var generator = SystemRandomNumberGenerator()
        let files = ["a.md", "b.md", "a.md ", "é.md", "e\u{301}.md", "content/x.md", "A.md"]
        let ids = ["broken-link", "stale-governance", "bad-glob"]
        let messages = ["x", "y", "x y", "", "ü", "u\u{308}"]
        var diagnostics: [Diagnostic] = []
        for _ in 0..<3000 {
            diagnostics.append(Diagnostic(file: files.randomElement(using: &generator)!, line: Int.random(in: 0...3, using: &generator),
                                          column: Int.random(in: 0...2, using: &generator),
                                          severity: [.error, .warning, .note].randomElement(using: &generator)!,
                                          id: ids.randomElement(using: &generator)!, message: messages.randomElement(using: &generator)!))
        }
        let expected = diagnostics.sorted {
            ($0.file, $0.line, $0.column, $0.severity, $0.id, $0.message) < ($1.file, $1.line, $1.column, $1.severity, $1.id, $1.message)
        }
        #expect(diagnostics.sorted(by: Diagnostic.precedes) == expected)
        let engine = DiagnosticEngine()
        diagnostics.shuffled().forEach(engine.emit)
        var unique: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        for diagnostic in expected where seen.insert(diagnostic).inserted { unique.append(diagnostic) }
        #expect(engine.diagnostics == unique)
    }

    /// Diagnostics are kept once when read (ADR-0077): a repeat emitted after a read is still
    /// dropped at the next, and of two equal diagnostics spelled differently (a combining mark) the
    /// first emitted is the one kept, as the set at each emit kept it.
    @Test func repeatsEmittedAfterAReadAreKeptOnce() {
        let composed = Diagnostic(file: "\u{E9}.md", line: 2, column: 1, severity: .warning, id: "stale-governance", message: "x")
        let decomposed = Diagnostic(file: "e\u{301}.md", line: 2, column: 1, severity: .warning, id: "stale-governance", message: "x")
        let other = Diagnostic(file: "a.md", line: 1, column: 1, severity: .error, id: "broken-link", message: "y")
        let engine = DiagnosticEngine()
        engine.emit(composed)
        engine.emit(other)
        engine.emit(decomposed)
        #expect(engine.diagnostics == [other, composed])
        #expect(engine.diagnostics.last?.file.utf8.elementsEqual(composed.file.utf8) == true)
        engine.emit(other)
        engine.emit(decomposed)
        engine.emit(composed)
        let again = engine.diagnostics
        #expect(again == [other, composed])
        #expect(again.last?.file.utf8.elementsEqual(composed.file.utf8) == true)
        #expect(engine.diagnostics == again)
        #expect(engine.hasErrors(strict: false))
    }

    /// The text of many diagnostics, in blocks on every core, is the one-pass text, whatever the block.
    @Test func diagnosticsTextInBlocksAsInOnePass() {
        var diagnostics: [Diagnostic] = []
        for n in 0..<5000 {
            diagnostics.append(Diagnostic(file: n % 3 == 0 ? "content/decisions/\(n % 97)-é.md" : "content/\(n % 89).md",
                                          line: [0, 1, 12, 123_456, -3][n % 5], column: [0, 1, 40, -2][n % 4],
                                          severity: n % 7 == 0 ? .error : .warning, id: "id-\(n % 11)",
                                          message: n % 13 == 0 ? "control \u{1B}[31m \(n)" : "message \(n)"))
        }
        for count in [0, 1, 2047, 2048, 2049, 5000] {
            let list = Array(diagnostics.prefix(count))
            let onePass = list.map { $0.formatted + "\n" }.joined()
            #expect(DiagnosticFormat.text.render(list) == onePass, "\(count)")
            for block in [1, 7, 512, 2048] {
                #expect(DiagnosticFormat.text(list, block: block) == onePass, "\(count) in blocks of \(block)")
            }
        }
    }

    /// Printable ASCII is returned as it is by the byte check; everything else as the scalar check
    /// decides (the function as it was, below).
    @Test func terminalTextByBytesAsByScalars() {
        func reference(_ text: String) -> String {
            guard text.unicodeScalars.contains(where: TerminalText.isControl) else { return text }
            var result = ""
            for scalar in text.unicodeScalars {
                if TerminalText.isControl(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            return result
        }
        var texts = ["", "plain", "tab\there", "\u{7E}~", "\u{7F}", "\u{1F}", "\u{0}", "é", "\u{85}", "\u{9F}", "\u{A0}",
                     "\u{2028}", "\u{202E}x", "\u{061C}", "a\u{1B}[31mred", "line\nbreak", "cr\r"]
        for byte in 0..<0x80 { texts.append("a" + String(UnicodeScalar(UInt8(byte))) + "b") }
        for text in texts {
            #expect(TerminalText.visible(text) == reference(text), "\(text.debugDescription)")
            let diagnostic = Diagnostic(file: "f\(text).md", line: 3, column: 0, severity: .warning, id: "x", message: text)
            var line: [UInt8] = []
            diagnostic.appendFormattedLine(to: &line)
            #expect(String(decoding: line, as: UTF8.self) == diagnostic.formatted + "\n", "\(text.debugDescription)")
        }
    }
}
