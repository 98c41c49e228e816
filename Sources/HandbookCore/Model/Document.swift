import HandbookMarkdown

/// One Markdown file of the handbook, parsed.
public struct Document: Sendable {
    public enum Kind: String, Sendable { case decision, landmine, page }

    public var kind: Kind
    public var source: SourceFile
    public var frontMatter: YAMLNode?
    public var markdown: ParsedMarkdown
    /// Added to a line within the body to give the line in the file.
    public var bodyLineOffset: Int
    public var title: String
    /// Where the page is written, relative to the site root: `decisions/ADR-0007.html`.
    public var outputPath: String
    public var decision: DecisionRecord?
    public var landmine: LandmineRecord?
    /// Front-matter keys this kind does not define: kept and passed to templates.
    public var extraFields: [YAMLNode.Entry] = []

    /// Where a line of the Markdown body is in the file.
    public func bodyLocation(line: Int, column: Int) -> SourceLocation {
        source.location(line: line + bodyLineOffset, column: column)
    }
}

/// A reference from one record to another: an id (`ADR-0003`, `3`) or a relative `.md` path.
public struct RecordReference: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    public var isPath: Bool { text.lowercased().hasSuffix(".md") || text.lowercased().contains(".md#") }
}

/// The fields of an architecture decision record.
public struct DecisionRecord: Sendable {
    public enum Relation: String, Sendable, CaseIterable { case supersedes, amends, relates }

    public var id: String
    public var idLocation: SourceLocation
    /// The number from the file name or the id (`0007-x.md` and `ADR-0007` give 7).
    public var number: Int?
    public var status: String
    public var statusLocation: SourceLocation
    public var date: String?
    public var deciders: [String] = []
    public var consulted: [String] = []
    public var informed: [String] = []
    public var tags: [String] = []
    public var governs: [Located<String>] = []
    public var pullRequests: [Int] = []
    public var reviewBy: Located<String>?
    /// Relations written in this record: `supersedes: ADR-0003`, or adr-tools' `Supersedes [3. ...](0003-....md)`.
    public var outgoing: [(relation: Relation, target: RecordReference)] = []
    /// Relations written in this record about itself from the other side: adr-tools' `Superseded by [...]`.
    public var incoming: [(relation: Relation, source: RecordReference)] = []
    /// Which format the record was read as: `handbook`, `madr` or `adr-tools`.
    public var format: String
}
