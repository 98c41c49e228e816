import Foundation

/// Where a file stops being UTF-8 text, for the `encoding` errors: real files that are not UTF-8 are
/// mostly saved in Windows-1252 (SchemaStore's `sourcemap-v3.json` once held `can\x92t`), and "not
/// valid UTF-8" alone leaves the author to search the whole file for one quote mark.
public struct InvalidUTF8: Equatable, Sendable {
    /// 1-based, as diagnostics count: the line of the first byte that is not UTF-8, and its column
    /// in characters of the (valid) text before it on that line.
    public var line: Int
    public var column: Int
    public var byte: UInt8
    /// The file starts with a UTF-16 byte order mark (Windows PowerShell 5's `>` writes such files).
    public var utf16 = false

    public init(line: Int, column: Int, byte: UInt8, utf16: Bool = false) {
        self.line = line
        self.column = column
        self.byte = byte
        self.utf16 = utf16
    }

    /// Nil when `data` is valid UTF-8.
    public static func find(in data: Data) -> InvalidUTF8? {
        data.withUnsafeBytes { raw -> InvalidUTF8? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            var offset = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let encoded): offset += encoded.count
                case .emptyInput: return nil
                case .error:
                    var lineStart = 0, line = 1
                    for index in 0..<offset where bytes[index] == 0x0A { line += 1; lineStart = index + 1 }
                    let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<offset]), as: UTF8.self)
                    let utf16 = bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
                    return InvalidUTF8(line: line, column: before.count + 1, byte: bytes[offset], utf16: utf16)
                }
            }
        }
    }

    /// "byte 0x92 is not UTF-8 (it is Windows-1252's '’': save the file as UTF-8)".
    public var explanation: String {
        if utf16 { return "it is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8" }
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        if byte >= 0x80, let character = String(data: Data([byte]), encoding: .windowsCP1252), !character.isEmpty,
           character.unicodeScalars.allSatisfy({ $0.value >= 0xA0 || ($0.value >= 0x20 && $0.value < 0x7F) }) {
            return "byte \(hex) is not UTF-8 (it is Windows-1252's '\(character)': save the file as UTF-8)"
        }
        return "byte \(hex) is not UTF-8 (save the file as UTF-8)"
    }
}

extension InvalidUTF8 {
    /// The `encoding` error's message and place for `data` (`what` is "the file", "the spec"), at
    /// its first byte that is not UTF-8 (the file's start if it is UTF-8 after all).
    static func error(_ what: String, data: Data, file: String) -> (message: String, at: SourceLocation) {
        guard let invalid = find(in: data) else {
            return ("\(what) is not valid UTF-8 text", SourceLocation(file: file, line: 1, column: 1))
        }
        return ("\(what) is not valid UTF-8 text: \(invalid.explanation)",
                SourceLocation(file: file, line: invalid.line, column: invalid.column))
    }
}
