/// A path pattern with CODEOWNERS rules, matched against `/`-separated paths relative to the
/// repository root:
/// - a leading `/` anchors the pattern at the root; a pattern with a `/` elsewhere is also
///   relative to the root; a pattern without a `/` matches a name at any depth;
/// - `*` and `?` stay within a path segment, `**` spans segments, `[a-z]` is a class;
/// - a trailing `/` means everything below that folder; a pattern whose last segment is a
///   name (`src/app`, `docs`) matches everything below a folder of that name too, but, as on
///   GitHub, one ending in a wildcard does not (`docs/*` is `docs/a.md`, not `docs/x/b.md`).
public struct GlobPattern: Sendable, Hashable {
    public let text: String
    /// Relative to the root (else: a name at any depth).
    let anchored: Bool
    /// Only folders match (a trailing `/`): the files below them, never a file of that name.
    let folderOnly: Bool
    let segments: [Segment]
    /// The leading segments without wildcards, joined: where the files it can match live.
    public let literalPrefix: String

    enum Segment: Sendable, Hashable {
        case literal(String)
        case wildcard(WildcardMatcher)
        case anyDepth
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case leavesRoot
        case badClass
    }

    public static func compile(_ text: String) -> Result<GlobPattern, Problem> {
        var body = text.trimmingCharacters(in: " \t")
        guard !body.isEmpty, body != "/" else { return .failure(.empty) }
        let leadingSlash = body.hasPrefix("/")
        if leadingSlash { body.removeFirst() }
        let folderOnly = body.hasSuffix("/")
        while body.hasSuffix("/") { body.removeLast() }
        if body.hasPrefix("./") { body.removeFirst(2) }
        let parts = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty else { return .failure(.empty) }
        if parts.contains("..") { return .failure(.leavesRoot) }
        var segments: [Segment] = []
        for part in parts where part != "." {
            if part == "**" {
                if segments.last != .anyDepth { segments.append(.anyDepth) }
            } else if WildcardMatcher.hasWildcards(part) {
                guard let matcher = WildcardMatcher(part) else { return .failure(.badClass) }
                segments.append(.wildcard(matcher))
            } else {
                segments.append(.literal(part))
            }
        }
        // `.` or `./` alone: every part was dropped. "The whole repository" is written `**`.
        guard !segments.isEmpty else { return .failure(.empty) }
        // `a/b` or `/a` is relative to the root; `name` alone matches at any depth.
        let anchored = leadingSlash || parts.count > 1
        var prefix: [String] = []
        if anchored {
            for segment in segments {
                guard case .literal(let name) = segment else { break }
                prefix.append(name)
            }
        }
        return .success(GlobPattern(text: text, anchored: anchored, folderOnly: folderOnly, segments: segments,
                                    literalPrefix: prefix.joined(separator: "/")))
    }

    /// Whether the pattern matches the file at `path` (relative to the root, no leading `/`).
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return matches(parts: parts)
    }

    func matches(parts: [Substring]) -> Bool {
        matches(count: parts.count) { Self.segment(segments[$0], matches: parts[$1]) }
    }

    /// The matching rules over a path of `count` segments, where `test(p, s)` says whether pattern
    /// segment `p` (never `**`) matches path segment `s`. Allocates nothing.
    @inline(__always)
    func matches(count: Int, _ test: (Int, Int) -> Bool) -> Bool {
        guard count > 0 else { return false }
        if !anchored {
            // A name at any depth: the one segment matches the file name, or (for a literal or a
            // folder-only pattern) a folder on the way to it.
            if case .wildcard = segments[0], !folderOnly { return test(0, count - 1) }
            for index in 0..<count where !(folderOnly && index == count - 1) {
                if test(0, index) { return true }
            }
            return false
        }
        // The pattern, then: nothing more (the path is that file), or more below a matched folder.
        let last = segments.count - 1
        let expands = folderOnly || { if case .literal = segments[last] { return true } else { return false } }()
        if !folderOnly, fullMatch(count: count, test) { return true }
        guard expands else { return false }
        for prefix in stride(from: count - 1, through: 1, by: -1) where fullMatch(count: prefix, test) { return true }
        return false
    }

    /// The whole pattern against exactly the first `count` path segments: `**` is a star over
    /// segments (zero or more; at the very end, one or more), matched greedily with backtracking.
    @inline(__always)
    private func fullMatch(count: Int, _ test: (Int, Int) -> Bool) -> Bool {
        var p = 0, s = 0
        var starP = -1, starS = 0
        let trailingStar = segments.last == .anyDepth
        while s < count {
            if p < segments.count {
                if segments[p] == .anyDepth {
                    if p == segments.count - 1 { return true }   // a trailing `**` takes the rest (one or more)
                    starP = p
                    starS = s
                    p += 1
                    continue
                }
                if test(p, s) {
                    p += 1
                    s += 1
                    continue
                }
            }
            guard starP >= 0 else { return false }
            p = starP + 1
            starS += 1
            s = starS
        }
        // Path used up: the rest of the pattern must be `**` that may match nothing (not a trailing one).
        while p < segments.count, segments[p] == .anyDepth, !(trailingStar && p == segments.count - 1) { p += 1 }
        return p == segments.count
    }

    static func segment(_ segment: Segment, matches part: Substring) -> Bool {
        switch segment {
        case .literal(let name): return part == name
        case .wildcard(let matcher): return matcher.matches(part)
        case .anyDepth: return true
        }
    }

    /// For a pattern without a slash: its one segment, when literal (`BUILD.bazel`).
    var literalName: String? {
        guard !anchored, segments.count == 1, case .literal(let name) = segments[0] else { return nil }
        return name
    }

    /// For a pattern without a slash like `*.go`: the extension every match must have.
    var requiredExtension: String? {
        guard !folderOnly, let last = segments.last, case .wildcard(let matcher) = last else { return nil }
        return matcher.literalExtension
    }
}
