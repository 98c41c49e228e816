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
        if anchored {
            return matchesFromStart(parts[...])
        }
        // A name at any depth: the single segment matches some segment of the path; a folder
        // segment matches everything below it.
        guard segments.count == 1 else { return false }
        if case .wildcard = segments[0], !folderOnly {
            return parts.last.map { Self.segment(segments[0], matches: $0) } ?? false
        }
        for (index, part) in parts.enumerated() {
            let isFile = index == parts.count - 1
            if isFile && folderOnly { continue }
            if Self.segment(segments[0], matches: part) { return true }
        }
        return false
    }

    /// The pattern matches `parts` whole, or a leading run of folders of it.
    private func matchesFromStart(_ parts: ArraySlice<Substring>) -> Bool {
        var memo: [Int: Bool] = [:]
        return match(0, parts.startIndex, parts, &memo)
    }

    private func match(_ p: Int, _ s: Int, _ parts: ArraySlice<Substring>, _ memo: inout [Int: Bool]) -> Bool {
        let key = p * 10_000 + (s - parts.startIndex)
        if let known = memo[key] { return known }
        let result: Bool
        if p == segments.count {
            // The whole pattern is used: the path matches if it ends here (a file, unless folder-only)
            // or continues below a matched folder.
            if s == parts.endIndex {
                result = !folderOnly
            } else if case .wildcard = segments[p - 1], !folderOnly {
                result = false
            } else {
                result = true
            }
        } else if s == parts.endIndex {
            result = false
        } else {
            switch segments[p] {
            case .anyDepth:
                // `**` matches zero or more segments; at the end it needs at least one (`src/**`).
                if p == segments.count - 1 {
                    result = true
                } else {
                    result = match(p + 1, s, parts, &memo) || match(p, s + 1, parts, &memo)
                }
            case let segment:
                result = Self.segment(segment, matches: parts[s]) && match(p + 1, s + 1, parts, &memo)
            }
        }
        memo[key] = result
        return result
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
        guard !anchored, segments.count == 1, case .wildcard(let matcher) = segments[0] else { return nil }
        return matcher.literalExtension
    }
}
