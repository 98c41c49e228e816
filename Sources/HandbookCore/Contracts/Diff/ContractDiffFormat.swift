import Foundation

/// How `handbook diff-contract` prints findings: for people, as JSON, or as Markdown for a PR comment.
public enum ContractDiffFormat: String, Sendable, CaseIterable {
    case text, json, markdown

    /// `unread`: what was not compared (files `$ref`s name that were not read): then the report never says
    /// "no differences", it lists them (ADR-0113).
    public func render(_ findings: [ContractFinding], old: String, new: String, unread: [String] = []) -> String {
        switch self {
        case .text:
            let notCompared = unread.isEmpty ? "" : "not compared, the files these references name were not read:\n"
                + unread.map { "  \($0)\n" }.joined()
            if findings.isEmpty {
                return unread.isEmpty ? "no differences between \(old) and \(new)\n"
                    : "no differences found between \(old) and \(new) in what was read; " + notCompared
            }
            return findings.map { "\($0.source): \($0.summary)\n" }.joined() + Self.tally(findings) + "\n" + notCompared
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            if !unread.isEmpty {
                // The list of findings alone would read as complete: an object names what was left out.
                struct Partial: Encodable { var findings: [ContractFinding]; var notCompared: [String] }
                let data = (try? encoder.encode(Partial(findings: findings, notCompared: unread))) ?? Data("{}".utf8)
                return String(decoding: data, as: UTF8.self) + "\n"
            }
            let data = (try? encoder.encode(findings)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .markdown:
            var lines = ["### Contract changes: `\(old)` → `\(new)`", ""]
            if !unread.isEmpty {
                lines += ["**Not compared**: the files these references name were not read:", ""]
                    + unread.map { "- " + Self.escapeCell($0) } + [""]
            }
            if findings.isEmpty {
                return (lines + [unread.isEmpty ? "No differences." : "No differences in what was read.", ""]).joined(separator: "\n")
            }
            lines += [Self.tally(findings), "", "| level | rule | operation | where | change |", "| --- | --- | --- | --- | --- |"]
            for finding in findings {
                let cells = [finding.level.rawValue, "`\(finding.id)`", finding.operation.isEmpty ? "—" : "`\(finding.operation)`",
                             "`\(finding.anchor)`", finding.text]
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
