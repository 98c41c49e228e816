/// A Markdown code fence (```` ``` ```` or `~~~`) followed line by line: a line-based reader skips
/// the fence's lines, its opening and closing lines included, as headings and fields are not in them.
struct CodeFence {
    /// The fence's opening marker while one is open.
    private(set) var open: String?

    var isOpen: Bool { open != nil }

    /// Whether the line (trimmed) opens, is inside or closes a fence.
    mutating func skips(_ trimmed: String) -> Bool {
        if let marker = open {
            if trimmed.hasPrefix(marker) { open = nil }
            return true
        }
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
            open = String(trimmed.prefix(3))
            return true
        }
        return false
    }
}
