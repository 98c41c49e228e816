/// A CODEOWNERS file: rules of a pattern and its owners; for a path, the last matching rule
/// wins, as on GitHub (a rule with no owners leaves the path without owners).
public struct CodeOwners: Sendable {
    public struct Rule: Sendable {
        public var pattern: GlobPattern
        public var owners: [String]
        public var line: Int
    }

    /// Where GitHub looks, in its order: the first that exists is used.
    public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    public var path: String
    public var rules: [Rule]

    /// Parses the file, reporting lines it cannot read as warnings.
    static func parse(_ text: String, path: String, displayPath: String, diagnostics: DiagnosticEngine) -> CodeOwners {
        var rules: [Rule] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine).trimmingCharacters(in: " \t\r")
            if let hash = line.firstIndex(of: "#"), line.first == "#" || line[line.index(before: hash)] == " " {
                line = String(line[..<hash]).trimmingCharacters(in: " \t")
            }
            guard !line.isEmpty else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch GlobPattern.compile(fields[0]) {
            case .success(let pattern):
                rules.append(Rule(pattern: pattern, owners: Array(fields.dropFirst()), line: offset + 1))
            case .failure:
                diagnostics.warning("codeowners", "CODEOWNERS pattern '\(fields[0])' cannot be read; the rule is ignored",
                                    at: SourceLocation(file: displayPath, line: offset + 1))
            }
        }
        return CodeOwners(path: path, rules: rules)
    }

    /// The owners of `path`: those of the last rule that matches it.
    public func owners(of path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for rule in rules.reversed() where rule.pattern.matches(parts: parts) {
            return rule.owners
        }
        return []
    }
}
