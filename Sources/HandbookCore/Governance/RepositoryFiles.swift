/// The repository's files, sorted, with indexes so a glob is matched against the files it can
/// match rather than against all of them: anchored globs by their literal prefix (a binary
/// search into the sorted list), name globs by a name index, `*.ext` globs by an extension index.
public struct RepositoryFiles: Sendable {
    public let paths: [String]
    private let split: [[Substring]]
    private let byName: [Substring: [Int]]
    private let byExtension: [Substring: [Int]]

    public init(_ paths: [String]) {
        let sorted = Array(Set(paths)).sorted()
        self.paths = sorted
        var split: [[Substring]] = []
        split.reserveCapacity(sorted.count)
        var byName: [Substring: [Int]] = [:]
        var byExtension: [Substring: [Int]] = [:]
        for (index, path) in sorted.enumerated() {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            split.append(parts)
            var seenNames: Set<Substring> = []
            for part in parts where seenNames.insert(part).inserted {
                byName[part, default: []].append(index)
            }
            if let last = parts.last, let dot = last.lastIndex(of: "."), dot != last.startIndex {
                byExtension[last[last.index(after: dot)...], default: []].append(index)
            }
        }
        self.split = split
        self.byName = byName
        self.byExtension = byExtension
    }

    public var count: Int { paths.count }

    public func contains(_ path: String) -> Bool { index(of: path) != nil }

    public func index(of path: String) -> Int? {
        let position = lowerBound(path)
        return position < paths.count && paths[position] == path ? position : nil
    }

    /// The indices of the files `pattern` matches, ascending.
    public func matches(_ pattern: GlobPattern) -> [Int] {
        candidates(for: pattern).filter { pattern.matches(parts: split[$0]) }
    }

    /// The files that could match: never fewer than the matches.
    func candidates(for pattern: GlobPattern) -> [Int] {
        if pattern.anchored, !pattern.literalPrefix.isEmpty {
            let prefix = pattern.literalPrefix
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
        if let name = pattern.literalName {
            return byName[Substring(name)] ?? []
        }
        if let ext = pattern.requiredExtension {
            return byExtension[Substring(ext)] ?? []
        }
        return Array(paths.indices)
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
