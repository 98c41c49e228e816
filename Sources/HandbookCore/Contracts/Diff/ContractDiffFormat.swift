import Foundation

/// How `handbook diff-contract` prints findings: for people, as JSON, or as Markdown for a PR comment.
public enum ContractDiffFormat: String, Sendable, CaseIterable {
    case text, json, markdown

    public func render(_ findings: [ContractFinding], old: String, new: String) -> String {
        switch self {
        case .text:
            if findings.isEmpty { return "no differences between \(old) and \(new)\n" }
            return findings.map { "\($0.source): \($0.summary)\n" }.joined() + Self.tally(findings) + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(findings)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .markdown:
            var lines = ["### Contract changes: `\(old)` → `\(new)`", ""]
            if findings.isEmpty { return (lines + ["No differences.", ""]).joined(separator: "\n") }
            lines += [Self.tally(findings), "", "| level | rule | operation | where | change |", "| --- | --- | --- | --- | --- |"]
            for finding in findings {
                let cells = [finding.level.rawValue, "`\(finding.id)`", finding.operation.isEmpty ? "—" : "`\(finding.operation)`",
                             "`#\(finding.path)`", finding.text]
                lines.append("| " + cells.map(Self.escapeCell).joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// What `--format json` prints when a spec could not be read: the error, not an empty list.
    public static func jsonError(_ diagnostics: [Diagnostic], old: String, new: String) -> String {
        struct Problem: Encodable {
            var file: String, line: Int, column: Int, severity: String, id: String, message: String
        }
        struct Failure: Encodable {
            var error: String
            var diagnostics: [Problem]
        }
        let errors = diagnostics.filter { $0.severity == .error }
        let files = Array(Set(errors.map(\.file))).sorted()
        let failure = Failure(error: "cannot compare \(old) with \(new): \(files.isEmpty ? "a spec" : files.joined(separator: " and ")) could not be read",
                              diagnostics: diagnostics.map {
                                  Problem(file: $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue, id: $0.id, message: $0.message)
                              })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(failure)) ?? Data(#"{"error": "cannot compare the specs"}"#.utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func tally(_ findings: [ContractFinding]) -> String {
        let counts = ContractFinding.Level.allLevels.map { level in (level, findings.filter { $0.level == level }.count) }
        return counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
    }

    static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

extension ContractFinding.Level {
    static let allLevels: [ContractFinding.Level] = [.breaking, .warning, .info]
}
