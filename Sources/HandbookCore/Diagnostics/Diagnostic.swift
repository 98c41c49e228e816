/// One problem found in a handbook: where it is, how bad it is, what it is.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The file as the user names it (relative to where the command runs, when it was given so).
    public var file: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// A stable, kebab-case identifier (`broken-link`, `yaml-syntax`, ...), for filtering and docs.
    public var id: String
    public var message: String

    public init(file: String, line: Int = 0, column: Int = 0, severity: Severity = .error, id: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.id = id
        self.message = message
    }

    /// `path:line:col: error: message [id]`, the form compilers use and editors jump to.
    public var formatted: String {
        let location = line > 0 ? "\(file):\(line):\(max(column, 1))" : file
        // Names and messages quote the repository: no byte of theirs may act on the terminal.
        return TerminalText.visible("\(location): \(severity.rawValue): \(message) [\(id)]")
    }
}

/// Where in a file something was written: enough to build a diagnostic.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// A value together with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}
