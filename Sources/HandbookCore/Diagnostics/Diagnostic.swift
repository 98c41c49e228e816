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

    /// The order diagnostics are printed in: by file, line, column, then severity, id and text. The
    /// tuple `(file, line, column, severity, id, message) <` compared a field at a time, without
    /// making the two tuples (copies of three Strings each) for every comparison (ADR-0057).
    public static func precedes(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.id != b.id { return a.id < b.id }
        return a.message < b.message
    }

    /// `formatted` and a line break, appended as bytes. When the file, the id and the message are
    /// printable ASCII (bytes 0x20 to 0x7E: nothing for `TerminalText.visible` to escape) the line
    /// is written a part at a time without making the Strings `formatted` makes (two interpolations
    /// and a copy: 22,578 warnings at 10,000 records were 280 million instructions on one core at the
    /// end of the build, ADR-0057); any other is `formatted`'s bytes.
    func appendFormattedLine(to out: inout [UInt8]) {
        guard Self.isPrintableASCII(file), Self.isPrintableASCII(id), Self.isPrintableASCII(message) else {
            out.append(contentsOf: formatted.utf8)
            out.append(0x0A)
            return
        }
        out.append(contentsOf: file.utf8)
        if line > 0 {
            out.append(UInt8(ascii: ":"))
            Self.appendDecimal(line, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.appendDecimal(max(column, 1), to: &out)
        }
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: severity.rawValue.utf8)
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: message.utf8)
        out.append(contentsOf: " [".utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: "]\n".utf8)
    }

    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } } ?? false
    }

    /// The digits of a positive number, as `"\(number)"` writes them.
    static func appendDecimal(_ number: Int, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        var value = number
        repeat {
            digits.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
            value /= 10
        } while value > 0
        out.append(contentsOf: digits.reversed())
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
