/// A file a change touches, as `git diff --name-status` reports it.
public struct ChangedFile: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case added, modified, deleted, renamed, copied, typechange, unmerged, unknown
    }

    /// Relative to the repository root.
    public var path: String
    public var status: Status
    /// For a rename or copy: where it came from.
    public var previous: String?

    public init(path: String, status: Status, previous: String? = nil) {
        self.path = path
        self.status = status
        self.previous = previous
    }

    /// The paths a glob may match: the file, and where a rename came from.
    public var paths: [String] { previous.map { [path, $0] } ?? [path] }

    static func status(_ letter: Character) -> Status {
        switch letter {
        case "A": return .added
        case "M": return .modified
        case "D": return .deleted
        case "R": return .renamed
        case "C": return .copied
        case "T": return .typechange
        case "U": return .unmerged
        default: return .unknown
        }
    }

    /// Reads `git diff --name-status -z` output: `STATUS\0path\0`, or `R100\0old\0new\0` for renames and copies.
    static func parseNameStatus(_ output: String) -> [ChangedFile] {
        var fields = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        if fields.last == "" { fields.removeLast() }
        var files: [ChangedFile] = []
        var index = 0
        while index < fields.count {
            guard let letter = fields[index].first else { index += 1; continue }
            let status = Self.status(letter)
            if status == .renamed || status == .copied, index + 2 < fields.count {
                files.append(ChangedFile(path: fields[index + 2], status: status, previous: fields[index + 1]))
                index += 3
            } else if index + 1 < fields.count {
                files.append(ChangedFile(path: fields[index + 1], status: status))
                index += 2
            } else {
                index += 1
            }
        }
        return files
    }
}
