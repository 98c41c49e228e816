/// The repository's files, sorted, held as interned segment ids, with indexes so a glob is
/// matched against the files it can match rather than against all of them: by its literal
/// prefix (a binary search into the sorted list), by the rarest literal name it contains, or by
/// the extension its file name needs, whichever leaves the fewest candidates.
public struct RepositoryFiles: Sendable {
    public let paths: [String]
    /// Each path as segment ids.
    private let split: [[Int32]]
    /// Each segment id's text, as bytes.
    private let names: [[UInt8]]
    private let ids: [String: Int32]
    /// Segment id to the paths holding it (once each, ascending).
    private let byName: [[Int]]
    private let byExtension: [String: [Int]]

    public init(_ paths: [String]) {
        let sorted = Array(Set(paths)).sorted()
        self.paths = sorted
        var ids: [String: Int32] = [:]
        var names: [[UInt8]] = []
        var byName: [[Int]] = []
        var byExtension: [String: [Int]] = [:]
        var split: [[Int32]] = []
        split.reserveCapacity(sorted.count)
        for (index, path) in sorted.enumerated() {
            var segmentIDs: [Int32] = []
            let parts = Self.parts(of: path)
            for name in parts {
                let id: Int32
                if let known = ids[name] {
                    id = known
                } else {
                    id = Int32(names.count)
                    ids[name] = id
                    names.append(Array(name.utf8))
                    byName.append([])
                }
                if byName[Int(id)].last != index { byName[Int(id)].append(index) }
                segmentIDs.append(id)
            }
            // `.env` has the extension `env` too: `*.env` matches it.
            if let last = parts.last, let ext = Self.fileExtension(last) {
                byExtension[ext, default: []].append(index)
            }
            split.append(segmentIDs)
        }
        self.split = split
        self.names = names
        self.ids = ids
        self.byName = byName
        self.byExtension = byExtension
    }

    public var count: Int { paths.count }

    /// The path's `/`-separated parts, none empty. By bytes when the path is ASCII: then every byte
    /// is a Character and the parts are exactly the Characters' (the Character split walked every
    /// path of the repository Character by Character: most of this index's cost, ADR-0044). Other
    /// paths are split as Characters (a combining mark after a `/` joins it into one Character).
    static func parts(of path: String) -> [String] {
        var path = path
        let ascii = path.withUTF8 { bytes -> [String]? in
            for byte in bytes where byte >= 0x80 { return nil }
            var parts: [String] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
                if end > start { parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return parts
        }
        return ascii ?? characterParts(of: path)
    }

    /// `parts(of:)` as Characters: what it must always equal.
    static func characterParts(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// What follows a file name's last `.` (`.env`: `env`), nil without one or with nothing after
    /// it; by bytes when the name is ASCII (the same cut), else as Characters.
    static func fileExtension(_ name: String) -> String? {
        // By bytes in place (ADR-0056): the same cut for an ASCII name.
        let fast = name.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
            var dot = -1
            for index in 0..<bytes.count {
                if bytes[index] >= 0x80 { return nil }
                if bytes[index] == UInt8(ascii: ".") { dot = index }
            }
            guard dot >= 0, dot + 1 < bytes.count else { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[(dot + 1)...]), as: UTF8.self))
        }
        if let fast, let fast { return fast }
        return referenceFileExtension(name)
    }

    /// `fileExtension` as it was before ADR-0056: what it must agree with.
    static func referenceFileExtension(_ name: String) -> String? {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), name.utf8.index(after: dot) < name.utf8.endIndex else { return nil }
            return String(name[name.utf8.index(after: dot)...])
        }
        return characterExtension(name)
    }

    /// `fileExtension` as Characters.
    static func characterExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), name.index(after: dot) < name.endIndex else { return nil }
        return String(name[name.index(after: dot)...])
    }

    public func contains(_ path: String) -> Bool { index(of: path) != nil }

    public func index(of path: String) -> Int? {
        let position = lowerBound(path)
        return position < paths.count && paths[position] == path ? position : nil
    }

    /// The indices of the files `pattern` matches, ascending.
    public func matches(_ pattern: GlobPattern) -> [Int] {
        // Resolve the pattern's segments against the interned names once.
        let literalIDs: [Int32?] = pattern.segments.map { segment in
            if case .literal(let name) = segment { return ids[name] ?? -1 }
            return nil
        }
        return candidates(for: pattern).filter { index in
            let path = split[index]
            return path.withUnsafeBufferPointer { segmentIDs in
                pattern.matches(count: segmentIDs.count) { p, s in
                    if let id = literalIDs[p] { return id == segmentIDs[s] }
                    guard case .wildcard(let matcher) = pattern.segments[p] else { return true }
                    return names[Int(segmentIDs[s])].withUnsafeBufferPointer { matcher.matches(bytes: $0) }
                }
            }
        }
    }

    /// The files that could match: never fewer than the matches.
    func candidates(for pattern: GlobPattern) -> [Int] {
        var best: [Int]?
        func consider(_ list: [Int]) { if best == nil || list.count < best!.count { best = list } }
        if pattern.anchored, !pattern.literalPrefix.isEmpty { consider(prefixRange(pattern.literalPrefix)) }
        // Every literal segment must be a segment of the path (for a name-at-any-depth pattern, its one segment).
        for segment in pattern.segments {
            guard case .literal(let name) = segment else { continue }
            guard let id = ids[name] else { return [] }
            consider(byName[Int(id)])
        }
        if let ext = pattern.requiredExtension { consider(byExtension[ext] ?? []) }
        return best ?? Array(paths.indices)
    }

    private func prefixRange(_ prefix: String) -> [Int] {
        var result: [Int] = []
        var position = lowerBound(prefix)
        if position < paths.count, paths[position] == prefix {
            result.append(position)
            position += 1
        }
        let folder = prefix + "/"
        position = max(position, lowerBound(folder))
        while position < paths.count, paths[position].hasPrefix(folder) {
            result.append(position)
            position += 1
        }
        return result
    }

    private func lowerBound(_ key: String) -> Int {
        var low = 0, high = paths.count
        while low < high {
            let middle = (low + high) / 2
            if paths[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
