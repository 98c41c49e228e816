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

/// Reads the output of `git log -z --format=%x00%H%x00%h%x00%ad%x00%an%x00%s --date=short --name-only`.
///
/// Every field is NUL-separated, the one byte no subject, name or path can hold (a subject with
/// git log's old `\x1e`/`\x1f` separators forged whole commits). Each commit starts with an empty
/// field (the leading `%x00`), which no file name can be; its files follow its subject, the first
/// one after a newline. A commit whose hash is not hex, whose short hash is not a prefix of it, or
/// whose date is not `YYYY-MM-DD` is dropped: the hash goes into commit links.
enum GitLogParser {
    static let format = "%x00%H%x00%h%x00%ad%x00%an%x00%s"
    static let arguments = ["-z", "--format=" + format]

    static func parse(_ data: Data) -> [Commit] {
        let fields = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var commits: [Commit] = []
        var index = 0
        while index < fields.count {
            guard fields[index].isEmpty, index + 5 < fields.count else { index += 1; continue }
            let header = fields[(index + 1)...(index + 5)].map { $0 }
            index += 6
            var files: [String] = []
            while index < fields.count, !fields[index].isEmpty {
                var name = fields[index]
                if files.isEmpty, name.hasPrefix("\n") { name.removeFirst() }
                if !name.isEmpty { files.append(name) }
                index += 1
            }
            guard isHash(header[0]), isHash(header[1]), header[0].hasPrefix(header[1]), isDate(header[2]) else { continue }
            commits.append(Commit(hash: header[0], shortHash: header[1], date: header[2], author: header[3],
                                  subject: header[4], files: files))
        }
        return commits
    }

    /// Lower-case hex, 4 to 64 digits (SHA-1 or SHA-256, full or abbreviated).
    static func isHash(_ text: String) -> Bool {
        (4...64).contains(text.utf8.count) && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (byte >= 0x30 && byte <= 0x39)
        }
    }
}

/// A revision given on the command line (`--base`, `--head`, `--review-base`): one that begins
/// with `-` would reach git as an option (`--output=FILE` writes a file), so it is refused; git
/// also gets `--end-of-options` before revisions.
public enum GitRevision {
    public static func problem(_ revision: String) -> String? {
        if revision.isEmpty { return "the revision is empty" }
        if revision.hasPrefix("-") { return "the revision '\(revision)' begins with '-', so git would read it as an option; name a branch, tag or commit" }
        if revision.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "the revision holds control characters" }
        return nil
    }
}
