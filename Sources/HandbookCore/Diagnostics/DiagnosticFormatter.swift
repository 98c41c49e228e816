import Foundation

/// Prints diagnostics for people (`text`), for GitHub Actions annotations (`github`), or as JSON.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, github, json

    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch self {
        case .text:
            return Self.text(diagnostics)
        case .github:
            return diagnostics.map(Self.githubAnnotation).joined()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(diagnostics)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// Each diagnostic's `formatted` line, in order. A long list (22,578 warnings at 10,000
    /// generated records) is formatted in blocks on every core and the blocks joined in order: the
    /// same text as one pass, which ran on one core after the build (ADR-0057).
    static func text(_ diagnostics: [Diagnostic], block: Int = 2048) -> String {
        let blocks = (diagnostics.count + block - 1) / block
        guard blocks > 1 else {
            var text: [UInt8] = []
            for diagnostic in diagnostics { diagnostic.appendFormattedLine(to: &text) }
            return String(decoding: text, as: UTF8.self)
        }
        var texts = [[UInt8]](repeating: [], count: blocks)
        texts.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: blocks) { number in
                var text: [UInt8] = []
                for diagnostic in diagnostics[(number * block)..<min(diagnostics.count, (number + 1) * block)] {
                    diagnostic.appendFormattedLine(to: &text)
                }
                slots[number] = text
            }
        }
        var text: [UInt8] = []
        text.reserveCapacity(texts.reduce(0) { $0 + $1.count })
        for part in texts { text += part }
        return String(decoding: text, as: UTF8.self)
    }

    private static func githubAnnotation(_ diagnostic: Diagnostic) -> String {
        let command = diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
        var properties = ["file=\(escapeProperty(diagnostic.file))"]
        if diagnostic.line > 0 {
            properties.append("line=\(diagnostic.line)")
            properties.append("col=\(max(diagnostic.column, 1))")
        }
        properties.append("title=\(escapeProperty(diagnostic.id))")
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message))\n"
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
