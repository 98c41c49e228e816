import Foundation

/// `handbook new decision|landmine|contract|page "Title"`: writes the next file of that kind,
/// with today's date and, for a decision, the next number.
public enum Scaffold {
    public enum Kind: String, CaseIterable, Sendable { case decision, landmine, contract, page }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case emptyTitle
        case exists(String)
        case unwritable(String, String)
        case unknownRecord(String, String)

        public var description: String {
            switch self {
            case .emptyTitle: return "give the new record a title with letters or digits in it"
            case .exists(let path): return "\(path) already exists; choose another title"
            case .unwritable(let path, let reason): return "cannot write \(path): \(reason)"
            case .unknownRecord(let name, let hint): return "'\(name)' names no decision record of this handbook\(hint); nothing was written"
            }
        }
    }

    /// Creates the file and returns its path (absolute).
    public static func create(_ kind: Kind, title: String, contentDirectory: String, today: String) throws(Problem) -> String {
        let slug = self.slug(title)
        guard !slug.isEmpty else { throw .emptyTitle }
        let path: String
        let text: String
        switch kind {
        case .decision:
            let options = BuildOptions(contentDirectory: contentDirectory, outputDirectory: contentDirectory + "/../public",
                                       workingDirectory: contentDirectory, today: today)
            return try createDecision(title: title, options: options)[0]
        case .landmine:
            path = "\(contentDirectory)/landmines/\(slug).md"
            text = """
                ---
                title: \(yamlString(title))
                severity: medium
                paths: []
                owner:
                since: \(today)
                decisions: []
                prs: []
                incidents: []
                ---
                Where is the fuse, and why does a clean-looking change blow it?

                ## What broke

                ## Who needs it

                ## What fails if it disappears

                """
        case .contract:
            path = "\(contentDirectory)/contracts/\(slug).yml"
            text = """
                title: \(yamlString(title))
                spec: api/\(slug).yml   # from the repository root: OpenAPI 3.0/3.1 or a JSON Schema
                provider:
                consumers: []
                owner:
                governs: []
                changes:
                  - {version: "1.0.0", date: \(today), kind: non-breaking, summary: First version}

                """
        case .page:
            path = "\(contentDirectory)/\(slug).md"
            text = "# \(title)\n\n"
        }
        try write(text, to: path)
        return path
    }

    /// `Use CockroachDB for billing` gives `use-cockroachdb-for-billing`.
    static func slug(_ title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(60))
    }

    private static func yamlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
