/// Output file names that every file system takes: a path component longer than a name may be
/// (255 bytes on ext4, APFS and most others; `files/<a 252-byte name>.html` is 257) is shortened
/// to its first bytes, `~`, and a stable hash of the whole component, extension kept. The same
/// input always gives the same name, and two long names that share a beginning stay apart.
enum OutputName {
    static let maxComponentBytes = 255

    static func fit(_ path: String) -> String {
        guard path.utf8.count > maxComponentBytes,
              path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.utf8.count > maxComponentBytes })
        else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { shorten(String($0)) }.joined(separator: "/")
    }

    static func shorten(_ component: String) -> String {
        guard component.utf8.count > maxComponentBytes else { return component }
        let dot = component.lastIndex(of: ".")
        var ext = dot.map { String(component[$0...]) } ?? ""
        if ext.utf8.count > 16 { ext = "" }
        let suffix = "~" + hash(component) + ext
        var head = ""
        var bytes = 0
        let budget = maxComponentBytes - 5 - suffix.utf8.count
        for scalar in component.unicodeScalars {
            let size = String(scalar).utf8.count
            if bytes + size > budget { break }
            head.unicodeScalars.append(scalar)
            bytes += size
        }
        return head + suffix
    }

    /// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines (unlike `hashValue`).
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return String(value, radix: 16).leftPadded(to: 16)
    }
}
