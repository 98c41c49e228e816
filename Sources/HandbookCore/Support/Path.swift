import Foundation
import HandbookMarkdown

/// `/`-separated path arithmetic, independent of the file system.
public enum Path {
    /// Collapses `.`, `..` and repeated slashes. A leading `..` that cannot be resolved is kept.
    public static func normalize(_ path: String) -> String {
        if let fast = asciiNormalize(path) { return fast }
        return characterNormalize(path)
    }

    /// `normalize` on bytes, for ASCII paths (nil for others).
    static func asciiNormalize(_ path: String) -> String? {
        path.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            for byte in bytes where byte >= 0x80 { return nil }
            let absolute = bytes.first == slash
            // Already normal, as nearly every path is (no empty, `.` or `..` part, no trailing
            // slash): returned as it is, without building it again.
            if bytes.count == 1, absolute { return path }
            var start = absolute ? 1 : 0, normal = true
            for end in start...bytes.count where end == bytes.count || bytes[end] == slash {
                let length = end - start
                if length == 0 || (length == 1 && bytes[start] == dot) || (length == 2 && bytes[start] == dot && bytes[start + 1] == dot) {
                    normal = false
                    break
                }
                start = end + 1
            }
            if normal { return path }
            var parts: [Range<Int>] = []
            var i = 0
            while i < bytes.count {
                if bytes[i] == slash { i += 1; continue }
                var end = i
                while end < bytes.count, bytes[end] != slash { end += 1 }
                let length = end - i
                if length == 1, bytes[i] == dot {
                    // "." is skipped
                } else if length == 2, bytes[i] == dot, bytes[i + 1] == dot {
                    if let last = parts.last, !(last.count == 2 && bytes[last.lowerBound] == dot && bytes[last.lowerBound + 1] == dot) {
                        parts.removeLast()
                    } else if !absolute {
                        parts.append(i..<end)
                    }
                } else {
                    parts.append(i..<end)
                }
                i = end
            }
            var total = absolute ? 1 : 0
            for part in parts { total += part.count }
            total += max(0, parts.count - 1)
            return String(unsafeUninitializedCapacity: total) { buffer in
                var n = 0
                if absolute { buffer[0] = slash; n = 1 }
                for (k, part) in parts.enumerated() {
                    if k > 0 { buffer[n] = slash; n += 1 }
                    for j in part { buffer[n] = bytes[j]; n += 1 }
                }
                return n
            }
        } ?? nil
    }

    /// The reference version of `normalize`, on Characters.
    static func characterNormalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || base.isEmpty { return normalize(relative) }
        return normalize(joined(base, relative))
    }

    /// `base + "/" + relative`, its bytes copied into one new String (the two appends grew one
    /// twice: ADR-0064).
    static func joined(_ base: String, _ relative: String) -> String {
        let made = base.utf8.withContiguousStorageIfAvailable { head in
            relative.utf8.withContiguousStorageIfAvailable { tail in
                String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { buffer in
                    guard let into = buffer.baseAddress else { return 0 }
                    if let from = head.baseAddress { into.update(from: from, count: head.count) }
                    into[head.count] = UInt8(ascii: "/")
                    if let from = tail.baseAddress { (into + head.count + 1).update(from: from, count: tail.count) }
                    return head.count + 1 + tail.count
                }
            }
        }
        return (made ?? nil) ?? base + "/" + relative
    }

    /// The folder part of a path (`a/b/c.md` gives `a/b`; `c.md` gives ``).
    public static func directory(_ path: String) -> String {
        if let fast = path.utf8.withContiguousStorageIfAvailable({ bytes -> String? in
            // ASCII only: a '/' may otherwise be part of a Character with a combining mark.
            var last = -1
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: "/") { last = index }
            }
            if last < 0 { return "" }
            if bytes.count == 1 { return "/" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<last]), as: UTF8.self)
        }), let fast { return fast }
        return characterDirectory(path)
    }

    static func characterDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path == "/" ? "/" : String(path[..<slash])
    }

    public static func fileName(_ path: String) -> String {
        if let fast = asciiLast(path, UInt8(ascii: "/"), { bytes, found in
            found.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 1)...]), as: UTF8.self) } ?? path
        }) { return fast }
        return characterFileName(path)
    }

    static func characterFileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The file name without its last extension.
    public static func stem(_ path: String) -> String {
        let name = fileName(path)
        if let fast = asciiLast(name, UInt8(ascii: "."), { bytes, found in
            found.flatMap { $0 == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self) } ?? name
        }) { return fast }
        return characterStem(name)
    }

    static func characterStem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    public static func `extension`(_ path: String) -> String {
        let name = fileName(path)
        if let fast = asciiLast(name, UInt8(ascii: "."), { bytes, found in
            found.flatMap { $0 == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 1)...]).map(asciiLower), as: UTF8.self) } ?? ""
        }) { return fast }
        return characterExtension(name)
    }

    static func characterExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }

    /// For an ASCII string (nil for others: a `/` or `.` may be part of a Character with a combining
    /// mark there): `body` with its bytes and the offset of the last `byte`, if any.
    private static func asciiLast(_ text: String, _ byte: UInt8, _ body: (UnsafeBufferPointer<UInt8>, Int?) -> String) -> String? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var last: Int?
            for (index, value) in bytes.enumerated() {
                if value >= 0x80 { return nil }
                if value == byte { last = index }
            }
            return body(bytes, last)
        } ?? nil
    }

    /// `path` relative to `base`, both normalized; nil when `path` is not inside `base`.
    public static func relative(_ path: String, to base: String) -> String? {
        let path = normalize(path), base = normalize(base)
        if path == base { return "" }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        // ASCII (nearly every path): bytes, without counting Characters twice.
        if let fast = asciiRelative(path, prefix: prefix) { return fast }
        return characterRelative(path, prefix: prefix)
    }

    /// `relative` on bytes when both are ASCII: .some(the answer), else nil.
    private static func asciiRelative(_ path: String, prefix: String) -> String?? {
        path.utf8.withContiguousStorageIfAvailable { p -> String?? in
            prefix.utf8.withContiguousStorageIfAvailable { q -> String?? in
                for byte in p where byte >= 0x80 { return nil }
                for byte in q where byte >= 0x80 { return nil }
                guard p.count >= q.count, !q.isEmpty, memcmp(p.baseAddress!, q.baseAddress!, q.count) == 0 else { return .some(nil) }
                return .some(String(decoding: UnsafeBufferPointer(rebasing: p[q.count...]), as: UTF8.self))
            } ?? nil
        } ?? nil
    }

    static func characterRelative(_ path: String, prefix: String) -> String? {
        path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// The relative URL from the page at site path `from` to site path `to` (both relative to the site root).
    /// Both are site paths as written on disk (`files/a b.md.html`); the result is %-encoded for an
    /// `href` (`a%20b.md.html`), so a `#`, `?`, `%` or space in a file name cannot break the link.
    public static func relativeURL(from: String, to: String) -> String {
        // ASCII paths whose link needs no percent-encoding (nearly every link of a site): one pass
        // over their bytes, the link as `URLEncoding.path` would give it (ADR-0058: the two passes,
        // the second over the String's UTF-8 view, were 2% of a build at 10,000 records).
        if let url = asciiRelativeURL(from: from, to: to, unencoded: true) { return url }
        return URLEncoding.path(relativePath(from: from, to: to))
    }

    /// `relativeURL` before encoding.
    static func relativePath(from: String, to: String) -> String {
        // ASCII paths (nearly all): the same arithmetic on bytes, without splitting into Strings.
        // Anything else keeps the Character-based version (a `/` may join a combining mark there).
        if let url = asciiRelativeURL(from: from, to: to) { return url }
        return characterRelativeURL(from: from, to: to)
    }

    static func asciiRelativeURL(from: String, to: String) -> String? {
        asciiRelativeURL(from: from, to: to, unencoded: false)
    }

    /// With `unencoded`, also nil when the link has a byte that `URLEncoding.path` encodes (only
    /// the part of `to` it keeps can: the rest is `../` and `./`).
    @inline(__always)
    private static func asciiRelativeURL(from: String, to: String, unencoded: Bool) -> String? {
        from.utf8.withContiguousStorageIfAvailable { f -> String? in
            to.utf8.withContiguousStorageIfAvailable { t -> String? in
                let slash = UInt8(ascii: "/")
                guard ByteSearch.isASCII(UnsafeRawBufferPointer(f)), ByteSearch.isASCII(UnsafeRawBufferPointer(t)) else { return nil }
                // The folder of `from`: everything before its last slash ("/" alone stays "/").
                var end = f.count
                while end > 0, f[end - 1] != slash { end -= 1 }
                let directoryEnd = end == 0 ? 0 : (f.count == 1 ? 1 : end - 1)
                // Walk the non-empty parts of the folder against the parts of `to` (empties kept),
                // never consuming the last part of `to`.
                var i = 0, toStart = 0, ups = 0
                var matching = true
                while i < directoryEnd {
                    if f[i] == slash { i += 1; continue }
                    var partEnd = i
                    while partEnd < directoryEnd, f[partEnd] != slash { partEnd += 1 }
                    if matching {
                        var toEnd = toStart
                        while toEnd < t.count, t[toEnd] != slash { toEnd += 1 }
                        if toEnd < t.count, toEnd - toStart == partEnd - i,
                           memcmp(f.baseAddress! + i, t.baseAddress! + toStart, partEnd - i) == 0 {
                            toStart = toEnd + 1
                        } else {
                            matching = false
                            ups += 1
                        }
                    } else {
                        ups += 1
                    }
                    i = partEnd
                }
                if ups == 0 && toStart == t.count { return "./" }
                if unencoded {
                    for k in toStart..<t.count where !isUnreservedOrSlash(t[k]) { return nil }
                }
                let rest = t.count - toStart
                return String(unsafeUninitializedCapacity: 3 * ups + rest) { buffer in
                    var n = 0
                    for _ in 0..<ups {
                        buffer[n] = UInt8(ascii: "."); buffer[n + 1] = UInt8(ascii: "."); buffer[n + 2] = slash
                        n += 3
                    }
                    for k in 0..<rest { buffer[n + k] = t[toStart + k] }
                    return n + rest
                }
            } ?? nil
        } ?? nil
    }

    /// `URLEncoding.isUnreserved(byte) || byte == "/"` for an ASCII byte, by a bit of two words:
    /// `-./0-9` below 64, `A-Z _ a-z ~` above.
    @inline(__always)
    static func isUnreservedOrSlash(_ byte: UInt8) -> Bool {
        let word: UInt64 = byte < 64 ? 0x03FF_E000_0000_0000 : 0x47FF_FFFE_87FF_FFFE
        return (word >> UInt64(byte & 63)) & 1 == 1
    }

    /// The way up from a page to the site root when its links leave its first folder (ADR-0065):
    /// `ups`, the number of non-empty parts of its folder, and `first`, the first of them ("" at
    /// the root). nil for a page that is not ASCII. From such a page, `relativeURL(from:to:)` to a
    /// site path `to` whose `upLinkHead` is not nil and not `first` is `"../"` `ups` times then
    /// `to` (`relativeURL` finds no common part and `to` has nothing to encode), the same for
    /// every page with those `ups` and `first`: a list of links is made once per (list, `ups`,
    /// `first`), not once per page (`SpeedEquivalenceTests.upLinksAsRelativeURLs`).
    struct UpLink: Hashable {
        var ups: Int
        var first: String
        /// `"../"` `ups` times.
        var prefix: String

        init?(page: String) {
            guard let link = page.utf8.withContiguousStorageIfAvailable({ f -> UpLink? in
                let slash = UInt8(ascii: "/")
                guard ByteSearch.isASCII(UnsafeRawBufferPointer(f)) else { return nil }
                var end = f.count
                while end > 0, f[end - 1] != slash { end -= 1 }
                let directoryEnd = end == 0 ? 0 : (f.count == 1 ? 1 : end - 1)
                var i = 0, ups = 0, first = ""
                while i < directoryEnd {
                    if f[i] == slash { i += 1; continue }
                    var partEnd = i
                    while partEnd < directoryEnd, f[partEnd] != slash { partEnd += 1 }
                    if ups == 0 { first = String(decoding: UnsafeBufferPointer(rebasing: f[i..<partEnd]), as: UTF8.self) }
                    ups += 1
                    i = partEnd
                }
                return UpLink(ups: ups, first: first)
            }) ?? nil else { return nil }
            self = link
        }

        private init(ups: Int, first: String) {
            self.ups = ups
            self.first = first
            prefix = String(repeating: "../", count: ups)
        }

        /// Whether the link to a site path whose `upLinkHead` is `head` is `prefix` and the path.
        func reaches(_ head: String?) -> Bool {
            guard let head else { return false }
            return head != first
        }

        /// The link to `to` from a page of this `ups` and `first`, nil when `head`, `to`'s
        /// `upLinkHead`, says it is not `prefix + to`.
        func url(to: String, head: String?) -> String? {
            reaches(head) ? prefix + to : nil
        }
    }

    /// What decides whether a site path is linked to as `UpLink.prefix` and itself: nil unless it
    /// is ASCII with nothing `URLEncoding.path` encodes; else its first part (what comes before its
    /// first `/`, maybe ""), or "/" when it has no `/` (no page's `first` is "/": `relativeURL`
    /// never matches a last part).
    static func upLinkHead(_ to: String) -> String? {
        to.utf8.withContiguousStorageIfAvailable { t -> String? in
            let slash = UInt8(ascii: "/")
            guard !t.isEmpty else { return nil }  // "./" from the root
            var firstSlash: Int?
            for index in 0..<t.count {
                let byte = t[index]
                guard byte < 0x80, isUnreservedOrSlash(byte) else { return nil }
                if byte == slash, firstSlash == nil { firstSlash = index }
            }
            guard let firstSlash else { return "/" }
            return String(decoding: UnsafeBufferPointer(rebasing: t[..<firstSlash]), as: UTF8.self)
        } ?? nil
    }

    /// The reference version of `relativeURL`, on Characters.
    static func characterRelativeURL(from: String, to: String) -> String {
        let fromParts = directory(from).split(separator: "/")
        let toParts = to.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        let rest = toParts[common...].map(String.init)
        let url = (ups + rest).joined(separator: "/")
        return url.isEmpty ? "./" : url
    }

    /// `../` repeated once per folder of a site path: the way back to the site root (`./` at the top).
    public static func rootPrefix(for sitePath: String) -> String {
        let depth = componentCount(sitePath) - 1
        return depth <= 0 ? "" : String(repeating: "../", count: depth)
    }

    /// The number of non-empty parts between `/`s: by bytes for an ASCII path (every page's model
    /// asks, and the Character split was 0.3% of a build, ADR-0047), where each `/` is a Character
    /// of its own; other paths by Characters (`/` and a combining mark after it are one Character,
    /// not a separator).
    static func componentCount(_ path: String) -> Int {
        var count = 0, inPart = false
        for byte in path.utf8 {
            if byte >= 0x80 { return characterComponentCount(path) }
            if byte == UInt8(ascii: "/") {
                inPart = false
            } else if !inPart {
                inPart = true
                count += 1
            }
        }
        return count
    }

    /// `componentCount` by Characters (what it must agree with).
    static func characterComponentCount(_ path: String) -> Int {
        path.split(separator: "/").count
    }
}
