/// A contract: its manifest (`content/contracts/<slug>.yml`), the spec it points at read into the
/// neutral model, and, with `--review-base`, the changes found against that revision.
public struct Contract: Sendable {
    public var slug: String
    public var source: SourceFile
    public var title: String
    /// The spec's path from the repository root, as the manifest gives it.
    public var specPath: String
    public var specLocation: SourceLocation
    public var provider: String?
    public var consumers: [String]
    public var owner: String?
    public var governs: [Located<String>]
    /// As written, in order.
    public var changes: [ContractChangeEntry]
    /// Nil when the spec could not be read (diagnostics say why).
    public var model: APIModel?
    /// The revision given with `--review-base`, and what changed since it (breaking first).
    public var reviewBase: String?
    public var reviewFindings: [ContractFinding] = []
    /// `compatibility` (a standalone schema's direction) and `sunset_policy` from the manifest.
    public var diffOptions = ContractDiffOptions()
    /// `decisions:` in the manifest: the decision records the contract cites, and (after the link
    /// stage) their document indices, drawn as edges in the relation graph (ADR-0120).
    public var decisions: [RecordReference] = []
    public var citedDecisions: [Int] = []

    /// Where the contract's page is written.
    public var outputPath: String { OutputName.fit("contracts/\(slug).html") }

    /// What the contract governs, for the file index: its `governs` globs and the spec itself.
    public var governedPaths: [String] { governedPatterns.map(\.value) }

    /// The same, with where each was written (the spec path: at the manifest's `spec:`).
    public var governedPatterns: [Located<String>] {
        var patterns = governs
        if !patterns.contains(where: { $0.value == specPath }) { patterns.append(Located(specPath, at: specLocation)) }
        return patterns
    }

    /// The newest entry of `changes`: the latest date; on equal dates, the one written last.
    public var newestChange: ContractChangeEntry? {
        changes.enumerated().max { a, b in (a.element.date ?? "", a.offset) < (b.element.date ?? "", b.offset) }?.element
    }
}

/// One entry of a manifest's `changes`.
public struct ContractChangeEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case breaking, nonBreaking = "non-breaking" }

    public var version: String
    public var date: String?
    public var kind: Kind
    public var pullRequest: Int?
    public var summary: String?
    public var location: SourceLocation
}
