/// `/`-separated path arithmetic, independent of the file system.
public enum Path {
    /// Collapses `.`, `..` and repeated slashes. A leading `..` that cannot be resolved is kept.
    public static func normalize(_ path: String) -> String {
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
        return normalize(base + "/" + relative)
    }

    /// The folder part of a path (`a/b/c.md` gives `a/b`; `c.md` gives ``).
    public static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path == "/" ? "/" : String(path[..<slash])
    }

    public static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The file name without its last extension.
    public static func stem(_ path: String) -> String {
        let name = fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    public static func `extension`(_ path: String) -> String {
        let name = fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// `path` relative to `base`, both normalized; nil when `path` is not inside `base`.
    public static func relative(_ path: String, to base: String) -> String? {
        let path = normalize(path), base = normalize(base)
        if path == base { return "" }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    /// The relative URL from the page at site path `from` to site path `to` (both relative to the site root).
    public static func relativeURL(from: String, to: String) -> String {
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
        let depth = sitePath.split(separator: "/").count - 1
        return depth <= 0 ? "" : String(repeating: "../", count: depth)
    }
}
