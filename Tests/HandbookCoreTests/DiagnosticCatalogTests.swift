import Foundation
import HandbookCore
import Testing

/// Every diagnostic id the code can emit and its severity, written out here. Two checks hold the
/// code to it: every place in `Sources/` that emits an id does so with the severity listed (and
/// emits no id that is missing here), and every (id, severity) is expected, exactly as printed
/// (`file:line:col: severity: message [id]`), by at least one test or broken-handbook fixture.
@Suite struct DiagnosticCatalogTests {
    static let severities: [String: Set<Diagnostic.Severity>] = [
        "absolute-link": [.warning],
        "agents-md-stale": [.warning],
        "bad-glob": [.error],
        "bad-revision": [.error],
        "broken-anchor": [.error, .warning],
        "broken-link": [.error, .warning],
        "codeowners": [.warning],
        "config-type": [.error],
        "config-value": [.error],
        "contract-base-unreadable": [.warning],
        "contract-change": [.warning],
        "contract-manifest": [.error, .warning],
        "contract-new-since-base": [.note],
        "contract-not-compared": [.warning],
        "contract-spec-encoding": [.error],
        "contract-spec-invalid": [.error],
        "contract-spec-kind": [.error],
        "contract-spec-missing": [.error],
        "contract-spec-ref": [.warning],
        "contract-spec-syntax": [.error],
        "contract-spec-version": [.error, .warning],
        "contract-spec-tolerated": [.warning],
        "contract-spec-duplicate-path": [.error],
        "contract-unreadable": [.error],
        "declared-breaking-change-not-found": [.warning],
        "duplicate-id": [.error],
        "duplicate-number": [.warning],
        "encoding": [.error],
        "field-type": [.error],
        "front-matter": [.error],
        "future-date": [.warning],
        "git-diff": [.error],
        "git-show": [.error],
        "glob-leaves-root": [.error],
        "invalid-date": [.error, .warning],
        "landmine-paths": [.warning],
        "log-folder": [.warning],
        "landmine-section": [.warning],
        "link-scheme": [.warning],
        "markdown-extensions": [.error],
        "metric-csv": [.error, .warning],
        "metric-definition": [.error],
        "metric-degrading": [.warning],
        "metric-duplicate": [.error],
        "metric-duplicate-week": [.error],
        "metric-file": [.error, .warning],
        "metric-future-week": [.error],
        "metric-unknown": [.error],
        "metric-value": [.error],
        "metric-week": [.error],
        "missing-config": [.warning],
        "missing-content": [.error],
        "missing-severity": [.warning],
        "missing-template": [.error],
        "missing-templates": [.error],
        "no-history": [.note],
        "no-records": [.warning],
        "not-markdown": [.warning],
        "no-repository": [.warning],
        "outside-repository": [.error],
        "output-collision": [.error],
        "outside-root": [.error, .warning],
        "regex-too-costly": [.error],
        "review-overdue": [.warning],
        "self-reference": [.error],
        "stale-governance": [.warning],
        "status-sentence": [.warning],
        "successor-status": [.warning],
        "superseded-without-successor": [.warning],
        "template-partial": [.error],
        "template-render": [.error],
        "template-syntax": [.error],
        "template-variable": [.error],
        "undeclared-breaking-change": [.error],
        "unknown-config-key": [.warning],
        "unknown-field": [.warning],
        "unknown-reference": [.error, .warning],
        "unknown-severity": [.error],
        "unknown-status": [.warning],
        "unreadable": [.error],
        "unsafe-output": [.error],
        "write-failed": [.error],
        "yaml-syntax": [.error],
    ]

    /// Ids whose diagnostics concern a whole file or folder (no line to give). Every other id is
    /// expected with a line at least once (some of them also have a file-level form).
    static let fileLevel: Set<String> = [
        "bad-revision", "git-diff", "markdown-extensions", "missing-config", "missing-content",
        "missing-template", "missing-templates", "no-history", "no-records", "not-markdown", "outside-repository", "output-collision", "template-render", "unreadable", "unsafe-output", "write-failed",
    ]

    struct Pair: Hashable, Comparable, CustomStringConvertible {
        var id: String
        var severity: String
        var description: String { "\(id) \(severity)" }
        static func < (a: Pair, b: Pair) -> Bool { (a.id, a.severity) < (b.id, b.severity) }
    }

    static var tablePairs: Set<Pair> {
        Set(severities.flatMap { id, levels in levels.map { Pair(id: id, severity: $0.rawValue) } })
    }

    static func texts(under folder: String, suffixes: [String]) throws -> [(String, String)] {
        let root = TestFiles.packageRoot.appendingPathComponent(folder).path
        return try DiskFileSystem().files(under: root, skipping: []).filter { path in suffixes.contains { path.hasSuffix($0) } }
            .map { ("\(folder)/\($0)", try String(contentsOfFile: root + "/" + $0, encoding: .utf8)) }
    }

    /// (id, severity) of every place in the sources that emits a diagnostic.
    static func emittedInSources() throws -> [Pair: [String]] {
        let patterns = [
            try Regex(#"\.(error|warning)\(\s*"([a-z0-9-]+)""#),
            try Regex(#"severity: \.(error|warning|note),\s*id: "([a-z0-9-]+)""#),
        ]
        let templateReport = try Regex(#"report\(template, [a-z]+, "([a-z0-9-]+)""#)
        // A link problem is an error, or a warning with `broken_links: warn` (LinkResolver.broken).
        let brokenLink = try Regex(#"broken\("([a-z0-9-]+)""#)
        var found: [Pair: [String]] = [:]
        for (path, text) in try texts(under: "Sources", suffixes: [".swift"]) {
            for pattern in patterns {
                for match in text.matches(of: pattern) {
                    let severity = String(match.output[1].substring ?? ""), id = String(match.output[2].substring ?? "")
                    found[Pair(id: id, severity: severity), default: []].append(path)
                }
            }
            // The template check's problems are emitted as errors (RenderStage.validate).
            for match in text.matches(of: templateReport) {
                found[Pair(id: String(match.output[1].substring ?? ""), severity: "error"), default: []].append(path)
            }
            for match in text.matches(of: brokenLink) {
                for severity in ["error", "warning"] {
                    found[Pair(id: String(match.output[1].substring ?? ""), severity: severity), default: []].append(path)
                }
            }
        }
        return found
    }

    /// Exact printed diagnostics in the tests' sources and the broken fixtures' expectations.
    static func expectedInTests() throws -> [(pair: Pair, line: Int, text: String, file: String)] {
        // The message runs to the last ` [id]` before the string's or the line's end (a message may quote another diagnostic).
        let printed = try Regex(#"(?:^|["\n])([^\s"\[]+?)(?::([0-9]+):([0-9]+))?: (error|warning|note): ((?:[^"\n\\]|\\.)+) \[([a-z0-9-]+)\](?=["\n]|$)"#)
        var found: [(Pair, Int, String, String)] = []
        for (path, text) in try texts(under: "Tests", suffixes: [".swift", "expected.txt"]) where !path.hasSuffix("DiagnosticCatalogTests.swift") {
            for match in text.matches(of: printed) {
                let line = Int(match.output[2].substring ?? "") ?? 0
                found.append((Pair(id: String(match.output[6].substring ?? ""), severity: String(match.output[4].substring ?? "")), line,
                              String(match.output[0].substring ?? ""), path))
            }
        }
        return found
    }

    @Test func everyEmittedIdIsInTheTableWithItsSeverity() throws {
        let emitted = try Self.emittedInSources()
        #expect(emitted.count > 60, "the scan of Sources/ found \(emitted.count) ids")
        let unlisted = emitted.filter { !Self.tablePairs.contains($0.key) }
        #expect(unlisted.isEmpty, "emitted but not in the table (or with another severity): \(unlisted.map { "\($0.key) in \($0.value)" }.sorted())")
        let neverEmitted = Self.tablePairs.subtracting(emitted.keys)
        #expect(neverEmitted.isEmpty, "in the table but emitted nowhere: \(neverEmitted.sorted())")
    }

    @Test func everyIdAndSeverityIsExpectedExactlyByATest() throws {
        let expected = try Self.expectedInTests()
        let covered = Set(expected.map(\.pair))
        let missing = Self.tablePairs.subtracting(covered)
        #expect(missing.isEmpty, "no test expects these exactly as printed: \(missing.sorted())")
        for (pair, _, text, file) in expected {
            #expect(Self.tablePairs.contains(pair), "\(file) expects \(text), which the table does not allow")
        }
        // Ids with a place are pinned with one at least once.
        for id in Self.severities.keys.sorted() where !Self.fileLevel.contains(id) {
            #expect(expected.contains { $0.pair.id == id && $0.line > 0 }, "\(id) is never expected with a line")
        }
    }
}
