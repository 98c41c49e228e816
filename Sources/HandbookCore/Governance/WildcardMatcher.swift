/// Matches one path segment against `*`, `?` and `[...]` (with ranges and `!`/`^` negation).
struct WildcardMatcher: Sendable, Hashable {
    enum Token: Sendable, Hashable {
        case byte(UInt8)
        case any          // ?
        case star         // *
        case set([ClosedRange<UInt8>], negated: Bool)
    }

    let tokens: [Token]
    /// `go` for `*.go`, `sql` for `*_test.sql`: a suffix every match must end with after a dot.
    let literalExtension: String?

    static func hasWildcards(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    init?(_ pattern: String) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "*"):
                if tokens.last != .star { tokens.append(.star) }
                index += 1
            case UInt8(ascii: "?"):
                tokens.append(.any)
                index += 1
            case UInt8(ascii: "["):
                var cursor = index + 1
                var negated = false
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "!") || bytes[cursor] == UInt8(ascii: "^") {
                    negated = true
                    cursor += 1
                }
                var ranges: [ClosedRange<UInt8>] = []
                var first = true
                while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "]") || first {
                    let low = bytes[cursor]
                    if cursor + 2 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "-"), bytes[cursor + 2] != UInt8(ascii: "]") {
                        let high = bytes[cursor + 2]
                        guard low <= high else { return nil }
                        ranges.append(low...high)
                        cursor += 3
                    } else {
                        ranges.append(low...low)
                        cursor += 1
                    }
                    first = false
                }
                guard cursor < bytes.count else { return nil }
                tokens.append(.set(ranges, negated: negated))
                index = cursor + 1
            case UInt8(ascii: "\\") where index + 1 < bytes.count:
                tokens.append(.byte(bytes[index + 1]))
                index += 2
            default:
                tokens.append(.byte(byte))
                index += 1
            }
        }
        self.tokens = tokens
        // `*.go`: a star, then literal bytes containing a dot.
        var suffix: [UInt8] = []
        for token in tokens.reversed() {
            guard case .byte(let byte) = token else { break }
            suffix.insert(byte, at: 0)
        }
        if let dot = suffix.lastIndex(of: UInt8(ascii: ".")), dot + 1 < suffix.count {
            literalExtension = String(decoding: suffix[(dot + 1)...], as: UTF8.self)
        } else {
            literalExtension = nil
        }
    }

    func matches(_ text: Substring) -> Bool {
        if let result = text.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    /// Iterative matching with backtracking to the last star: linear for typical patterns, no allocation.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var t = 0, s = 0
        var starToken = -1, starText = 0
        while s < bytes.count {
            if t < tokens.count {
                switch tokens[t] {
                case .star:
                    starToken = t
                    starText = s
                    t += 1
                    continue
                case .any:
                    t += 1; s += 1
                    continue
                case .byte(let byte) where byte == bytes[s]:
                    t += 1; s += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains { $0.contains(bytes[s]) } != negated:
                    t += 1; s += 1
                    continue
                default:
                    break
                }
            }
            guard starToken >= 0 else { return false }
            t = starToken + 1
            starText += 1
            s = starText
        }
        while t < tokens.count, tokens[t] == .star { t += 1 }
        return t == tokens.count
    }
}
