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

    struct Problem: Error { var message: String }

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
        guard address.hasPrefix("https://") || address.hasPrefix("http://") else {
            return .failure(Problem(message: "repository must be a web address such as https://github.com/OWNER/NAME, not '\(address)'"))
        }
        var links = RepositoryLinks(address: address, ref: ref)
        if let patterns {
            if let value = reader.string(patterns, "file") { links.filePattern = value.value }
            if let value = reader.string(patterns, "pull_request") { links.pullRequestPattern = value.value }
            if let value = reader.string(patterns, "commit") { links.commitPattern = value.value }
        }
        return .success(links)
    }

    public func file(_ path: String) -> String {
        filePattern.replacingOccurrences(of: "{ref}", with: ref)
            .replacingOccurrences(of: "{path}", with: URLEncoding.path(path))
    }

    public func pullRequest(_ number: Int) -> String {
        pullRequestPattern.replacingOccurrences(of: "{number}", with: String(number))
    }

    public func commit(_ sha: String) -> String {
        commitPattern.replacingOccurrences(of: "{sha}", with: sha)
    }
}
