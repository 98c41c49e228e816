/// One difference between two versions of a spec: which rule, how bad, where, and what.
/// JSON carries `id`, `level`, `operation`, `path`, `source` and `text`.
public struct ContractFinding: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Hashable, Codable, Comparable {
        case breaking, warning, info

        private var rank: Int { self == .breaking ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// The rule's id (`operation-removed`, ...).
    public var id: String
    public var level: Level
    /// `GET /users/{id}`; empty for a standalone JSON Schema or the document as a whole.
    public var operation: String
    /// A JSON pointer into the spec (the new one, or the old one for what was removed).
    public var path: String
    /// `file:line` of that place.
    public var source: String
    public var text: String
    /// The file and line of `source`, for diagnostics.
    public var file: String = ""
    public var line: Int = 0

    enum CodingKeys: String, CodingKey { case id, level, operation, path, source, text }

    public init(rule: ContractRule, operation: String, path: String, file: String, line: Int, text: String) {
        id = rule.rawValue
        level = rule.level
        self.operation = operation
        self.path = path
        self.file = file
        self.line = line
        source = line > 0 ? "\(file):\(line)" : file
        self.text = text
    }

    /// `#/paths/~1users/get`; in a file the spec's `$ref`s name, `resources/team.yml#/properties/id` (ADR-0113).
    public var anchor: String {
        path.isEmpty || path.hasPrefix("/") ? "#" + path : path
    }

    /// `[breaking] operation-removed GET /users (#/paths/~1users/get): ...`
    public var summary: String {
        let place = operation.isEmpty ? anchor : "\(operation) (\(anchor))"
        return "[\(level.rawValue)] \(id) \(place): \(text)"
    }

    /// Breaking first, then by operation, place and rule: reports and pages read the same every time.
    static func ordered(_ a: ContractFinding, _ b: ContractFinding) -> Bool {
        (a.level, a.operation, a.path, a.id, a.text) < (b.level, b.operation, b.path, b.id, b.text)
    }
}
