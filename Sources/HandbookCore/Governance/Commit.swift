import Foundation

/// One commit from `git log`: what the file index and the hotspots read.
public struct Commit: Sendable, Hashable {
    public var hash: String
    public var shortHash: String
    /// `YYYY-MM-DD`, the author date.
    public var date: String
    public var author: String
    public var subject: String
    /// Paths relative to the repository root.
    public var files: [String]

    public init(hash: String, shortHash: String, date: String, author: String, subject: String, files: [String]) {
        self.hash = hash
        self.shortHash = shortHash
        self.date = date
        self.author = author
        self.subject = subject
        self.files = files
    }

    /// The pull request a subject names: `Title (#123)` (a squash merge) or
    /// `Merge pull request #123 from ...`; GitLab's `See merge request group/app!123` too.
    public var pullRequest: Int? { Self.pullRequest(in: subject) }

    static func pullRequest(in subject: String) -> Int? {
        if subject.hasPrefix("Merge pull request #") {
            return Int(subject.dropFirst("Merge pull request #".count).prefix { $0.isASCII && $0.isNumber })
        }
        if subject.hasSuffix(")"), let open = subject.range(of: "(#", options: .backwards) {
            let digits = subject[open.upperBound...].dropLast()
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(digits) }
        }
        if let bang = subject.range(of: "merge request ", options: .caseInsensitive),
           let mark = subject[bang.upperBound...].firstIndex(of: "!") {
            let digits = subject[subject.index(after: mark)...].prefix { $0.isASCII && $0.isNumber }
            return Int(digits)
        }
        return nil
    }
}

/// Reads the output of `git log --format=%x1e%H%x1f%h%x1f%ad%x1f%an%x1f%s --date=short --name-only`.
enum GitLogParser {
    static let format = "%x1e%H%x1f%h%x1f%ad%x1f%an%x1f%s"

    static func parse(_ text: String) -> [Commit] {
        var commits: [Commit] = []
        for record in text.split(separator: "\u{1e}", omittingEmptySubsequences: true) {
            let lines = record.split(separator: "\n", omittingEmptySubsequences: true)
            guard let header = lines.first else { continue }
            let fields = header.split(separator: "\u{1f}", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { continue }
            commits.append(Commit(hash: fields[0], shortHash: fields[1], date: fields[2], author: fields[3],
                                  subject: fields[4], files: lines.dropFirst().map(String.init)))
        }
        return commits
    }
}
