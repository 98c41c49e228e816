import Foundation

/// Prints diagnostics for people (`text`), for GitHub Actions annotations (`github`), or as JSON.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text, github, json

    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch self {
        case .text:
            return diagnostics.map { $0.formatted + "\n" }.joined()
        case .github:
            return diagnostics.map(Self.githubAnnotation).joined()
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(diagnostics)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
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
