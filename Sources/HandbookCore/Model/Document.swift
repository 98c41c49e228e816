import HandbookMarkdown

/// One Markdown file of the handbook, parsed.
public struct Document: Sendable {
    public enum Kind: String, Sendable { case decision, landmine, page }

    public var kind: Kind
    public var source: SourceFile
    /// What later stages read of the front matter (`handbook.json`'s fields): its YAML nodes are not
    /// kept past the parse (ADR-0055). The check stage's location of `date` is the record's.
    public var fields = FrontMatterFields()
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
    /// Set when the body's HTML and block texts were moved to a `BodySpill` (they are empty in `markdown`):
    /// read them through `bodyHTML` and `bodyBlocks`.
    public var spilled: SpilledBody?

    /// A decision log's `index.md`: its text is the decisions index's introduction (links to it go there).
    public var isDecisionsIntro: Bool {
        kind == .page && outputPath == "decisions/index.html"
    }

    /// Where a line of the Markdown body is in the file.
    public func bodyLocation(line: Int, column: Int) -> SourceLocation {
        source.location(line: line + bodyLineOffset, column: column)
    }
}

/// A reference from one record to another: an id (`ADR-0003`, `3`) or a relative `.md` path.
public struct RecordReference: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation
    /// Taken from a web address (`https://github.com/o/r/blob/main/docs/adr/0016-x.md`): the file
    /// name is tried as a record beside this one, and a miss is not reported (the address may be
    /// another repository's).
    public var external = false
    public var isPath: Bool { text.lowercased().hasSuffix(".md") || text.lowercased().contains(".md#") }
}

/// The fields of an architecture decision record.
public struct DecisionRecord: Sendable {
    public enum Relation: String, Sendable, CaseIterable { case supersedes, amends, relates }

    public var id: String
    public var idLocation: SourceLocation
    /// The number from the file name or the id (`0007-x.md` and `ADR-0007` give 7).
    public var number: Int?
    /// `date: git Created` or `git Last Modified` (Eleventy's keywords): the date is taken from the
    /// file's history once it is read (the first or the last commit touching it).
    public var dateFromHistory: (lastModified: Bool, location: SourceLocation)?
    /// The id was made from the file's number (`0007-x.md`), not written in front matter.
    public var idFromFileName = false
    /// A known status's key (`accepted`), an unknown one as written (`On hold`), or empty: none given.
    public var status: String
    /// False for a status that is not one of `statuses` in handbook.yml (shown as written, with a warning).
    public var statusKnown = true
    public var statusLocation: SourceLocation
    /// Other names links may use for this record: a Docusaurus `id:` that is not an ADR id (`adrs-adr013`).
    public var aliases: [String] = []
    public var date: String?
    /// Where front matter's `date` value is written, when it has one (the check stage's `future-date`).
    public var frontMatterDateLocation: SourceLocation?
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

    /// The status as pages show it: "no status" when none is given.
    public var statusLabel: String { status.isEmpty ? "no status" : status }
}
