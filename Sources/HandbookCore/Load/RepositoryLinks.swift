import Foundation

/// Builds links to a repository's files, commits and pull requests on its forge.
public struct RepositoryLinks: Sendable, Equatable {
    public var address: String
    /// `{path}` and `{ref}` are replaced.
    public var filePattern: String
    /// `{number}` is replaced.
    public var pullRequestPattern: String
    /// `{sha}` is replaced.
    public var commitPattern: String
    public var ref: String

    struct Problem: Error {
        var message: String
        var location: SourceLocation?
    }

    init(address: String, ref: String) {
        var address = address
        while address.hasSuffix("/") { address.removeLast() }
        if address.hasSuffix(".git") { address.removeLast(4) }
        self.address = address
        self.ref = ref
        if address.contains("gitlab") {
            filePattern = address + "/-/blob/{ref}/{path}"
            pullRequestPattern = address + "/-/merge_requests/{number}"
            commitPattern = address + "/-/commit/{sha}"
        } else {
            filePattern = address + "/blob/{ref}/{path}"
            pullRequestPattern = address + "/pull/{number}"
            commitPattern = address + "/commit/{sha}"
        }
    }

    static func make(address: String, ref: String, patterns: YAMLNode?, reader: FieldReader) -> Result<RepositoryLinks, Problem> {
        guard isWebAddress(address) else {
            return .failure(Problem(message: "repository must be a web address such as https://github.com/OWNER/NAME, not '\(address)'"))
        }
        var links = RepositoryLinks(address: address, ref: ref)
        if let patterns {
            for (key, path) in [("file", \RepositoryLinks.filePattern), ("pull_request", \.pullRequestPattern), ("commit", \.commitPattern)] {
                guard let value = reader.string(patterns, key) else { continue }
                // Every history and file link is made from these: a `javascript:` pattern would run on every click.
                guard isWebAddress(value.value) else {
                    return .failure(Problem(message: "links.\(key) must be an https:// or http:// address pattern, not '\(value.value)'",
                                            location: value.location))
                }
                links[keyPath: path] = value.value
            }
        }
        return .success(links)
    }

    /// The web address of a GitHub or GitLab remote (`git@github.com:o/r.git`, `ssh://git@gitlab.com/g/r`,
    /// `https://token@github.com/o/r.git`) as `https://github.com/o/r`, without any credentials; nil
    /// for any other host or shape. Read only for a log imported with no handbook.yml (issue 9).
    static func webAddress(ofRemote remote: String) -> String? {
        var rest = Substring(remote.trimmingCharacters(in: " \t\r\n"))
        for scheme in ["https://", "http://", "ssh://", "git://", "git+ssh://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
        }
        // Credentials or a user (`git@`, `token@`) are never kept.
        if let at = rest.firstIndex(of: "@"), rest[..<at].firstIndex(of: "/") == nil { rest = rest[rest.index(after: at)...] }
        guard let separator = rest.firstIndex(where: { $0 == "/" || $0 == ":" }) else { return nil }
        let host = rest[..<separator].lowercased()
        guard host == "github.com" || host == "gitlab.com" else { return nil }
        var path = String(rest[rest.index(after: separator)...])
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let safe = { (part: Substring) in !part.isEmpty && part != "." && part != ".."
            && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } }
        guard parts.count >= 2, parts.allSatisfy(safe), host == "gitlab.com" || parts.count == 2 else { return nil }
        return "https://" + host + "/" + path
    }

    /// `https://` or `http://` followed by a host: the only schemes a repository link may have.
    static func isWebAddress(_ text: String) -> Bool {
        let lowered = text.lowercased()
        for prefix in ["https://", "http://"] where lowered.hasPrefix(prefix) {
            return lowered.count > prefix.count && !lowered.dropFirst(prefix.count).hasPrefix("/")
        }
        return false
    }

    public func file(_ path: String) -> String {
        Self.replace("{path}", with: URLEncoding.path(path), in: Self.replace("{ref}", with: URLEncoding.path(ref), in: filePattern))
    }

    /// `file(_:)` with `{ref}` put in once: the file links of a build's pages differ only in their
    /// path (ADR-0062). The same two replacements in the same order, the first made ahead.
    public struct FileLinks: Sendable {
        /// The links this was made from (`ViewModels.sourceURL` uses it only for them).
        public let links: RepositoryLinks
        let pattern: String

        public func file(_ path: String) -> String {
            RepositoryLinks.replace("{path}", with: URLEncoding.path(path), in: pattern)
        }
    }

    public var fileLinks: FileLinks {
        FileLinks(links: self, pattern: Self.replace("{ref}", with: URLEncoding.path(ref), in: filePattern))
    }

    public func pullRequest(_ number: Int) -> String {
        Self.replace("{number}", with: String(number), in: pullRequestPattern)
    }

    public func commit(_ sha: String) -> String {
        Self.replace("{sha}", with: sha, in: commitPattern)
    }

    /// `text.replacingOccurrences(of: token, with: value)`: by bytes when `text` and `token` are
    /// ASCII (where Foundation's search finds exactly the byte matches, left to right, without
    /// overlaps), else by Foundation. The bytes between matches are copied a run at a time, the
    /// matches found by `memchr` of the token's first byte and `memcmp`, into one String of the
    /// result's size: `referenceReplace`'s byte loop built an array a byte at a time and compared
    /// each byte of the text with the token through a closure (about 11,000 instructions for a
    /// `file` link, ADR-0056).
    static func replace(_ token: String, with value: String, in text: String) -> String {
        var text = text, token = token, value = value
        let fast = text.withUTF8 { bytes -> String? in
            token.withUTF8 { needle -> String? in
                value.withUTF8 { replacement -> String? in
                    guard let needleBase = needle.baseAddress, needle.count > 0 else { return nil }
                    for byte in bytes where byte >= 0x80 { return nil }
                    for byte in needle where byte >= 0x80 { return nil }
                    guard let base = bytes.baseAddress else { return "" }
                    // The matches' offsets, left to right, none overlapping.
                    var matches: [Int] = []
                    var position = 0
                    while bytes.count - position >= needle.count,
                          let found = memchr(base + position, Int32(needle[0]), bytes.count - position - needle.count + 1) {
                        let offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                        if memcmp(base + offset, needleBase, needle.count) == 0 {
                            matches.append(offset)
                            position = offset + needle.count
                        } else {
                            position = offset + 1
                        }
                    }
                    if matches.isEmpty { return String(decoding: bytes, as: UTF8.self) }
                    let size = bytes.count + matches.count * (replacement.count - needle.count)
                    return String(unsafeUninitializedCapacity: size) { buffer in
                        var written = 0, copied = 0
                        func copy(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
                            for index in range { buffer[written] = source[index]; written += 1 }
                        }
                        for offset in matches {
                            copy(bytes, copied..<offset)
                            copy(replacement, 0..<replacement.count)
                            copied = offset + needle.count
                        }
                        copy(bytes, copied..<bytes.count)
                        return written
                    }
                }
            }
        }
        if let fast { return fast }
        return text.replacingOccurrences(of: token, with: value)
    }

    /// `replace` as it was before ADR-0056: what it must agree with (`LinkFastPathTests`).
    static func referenceReplace(_ token: String, with value: String, in text: String) -> String {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            for byte in bytes where byte >= 0x80 { return nil }
            let needle = Array(token.utf8)
            guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 }) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + value.utf8.count)
            var i = 0
            while i < bytes.count {
                if i + needle.count <= bytes.count, bytes[i] == needle[0],
                   needle.indices.allSatisfy({ bytes[i + $0] == needle[$0] }) {
                    result.append(contentsOf: value.utf8)
                    i += needle.count
                } else {
                    result.append(bytes[i])
                    i += 1
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        if let fast, let fast { return fast }
        return text.replacingOccurrences(of: token, with: value)
    }
}
