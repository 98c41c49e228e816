/// What the parser found in one Markdown text, with everything the rest of the
/// pipeline needs, so the C tree can be freed right after parsing.
public struct ParsedMarkdown: Sendable {
    /// The body as HTML. Every link and image destination is a placeholder
    /// (`href="hb:N"` / `src="hb:N"`, N an index into `links`) for the link stage to fill.
    public var html: String
    /// Every link, image, `[[reference]]` and `#123` found, in document order.
    public var links: [MarkdownLink]
    /// Every heading, with the unique anchor id it was given.
    public var headings: [MarkdownHeading]
    /// The top-level blocks, for readers that look at a document's outline (adr-tools' `## Status`).
    public var blocks: [MarkdownBlock]
    /// The text of a level-1 heading that opened the document; it was taken out of `html`.
    public var leadingTitle: String?
    /// The plain text of the body, for search and summaries (bounded in size); empty when
    /// `MarkdownOptions.plainText` is off.
    public var plainText: String
    /// The anchors the body's raw HTML makes (`<a id="note1">`, `<a name="x">`, `<div id="y">`),
    /// besides its headings' (`RawHTMLAnchors`).
    public var htmlAnchors: [String] = []
}

public struct MarkdownLink: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `[text](destination)` or an autolink.
        case link
        /// `![alt](destination)`.
        case image
        /// `[[TARGET]]` or `[[TARGET#anchor]]`: a reference by id.
        case reference
        /// `#123` in text: a pull request number.
        case pullRequest
    }
    /// The destination as written (for a reference: the text between the brackets; for a pull request: the number).
    public var destination: String
    /// The link's text, plain.
    public var text: String
    // Every document keeps its links to the end of the build: 48 bytes a link, not 56 (ADR-0055).
    private var storedLine: Int32
    private var storedColumn: Int32
    public var kind: Kind

    /// 1-based line and column in the Markdown text given to the parser.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    init(kind: Kind, destination: String, text: String, line: Int, column: Int) {
        self.destination = destination
        self.text = text
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
        self.kind = kind
    }
}

public struct MarkdownHeading: Sendable, Equatable {
    public var text: String
    public var anchor: String
    // Every document keeps its headings to the end of the build: 40 bytes a heading, not 48 (ADR-0055).
    private var storedLine: Int32
    private var storedLevel: UInt8

    /// 1 to 6.
    public var level: Int {
        get { Int(storedLevel) }
        set { storedLevel = UInt8(clamping: newValue) }
    }
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    init(level: Int, text: String, anchor: String, line: Int) {
        self.text = text
        self.anchor = anchor
        storedLine = Int32(clamping: line)
        storedLevel = UInt8(clamping: level)
    }
}

public struct MarkdownBlock: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case heading(Int), paragraph, list, other }
    public var kind: Kind
    /// Plain text of the block (for a list: its items' text, one a line).
    public var text: String
    public var line: Int
    /// Indices into `ParsedMarkdown.links` of the links inside this block.
    public var linkIndices: [Int]

    public init(kind: Kind, text: String, line: Int, linkIndices: [Int]) {
        self.kind = kind
        self.text = text
        self.line = line
        self.linkIndices = linkIndices
    }
}

public struct MarkdownOptions: Sendable, Equatable {
    /// Keep raw HTML and dangerous URL schemes; by default both are omitted, as GitHub does.
    public var unsafeHTML: Bool
    /// Turn `#123` in text into pull-request links.
    public var pullRequestReferences: Bool
    /// Turn `[[ID]]` in text into references.
    public var references: Bool
    /// Take a leading level-1 heading out of the HTML (it becomes the page title).
    public var extractLeadingTitle: Bool
    /// Collect `ParsedMarkdown.plainText`. A copy of the whole body's text: callers that do not
    /// read it (the build does not, yet) turn it off.
    public var plainText: Bool

    public init(unsafeHTML: Bool = false, pullRequestReferences: Bool = false,
                references: Bool = true, extractLeadingTitle: Bool = true, plainText: Bool = true) {
        self.unsafeHTML = unsafeHTML
        self.pullRequestReferences = pullRequestReferences
        self.references = references
        self.extractLeadingTitle = extractLeadingTitle
        self.plainText = plainText
    }
}

extension ParsedMarkdown {
    /// A body that was not parsed (commands that need only front matter skip the Markdown).
    public static let unparsed = ParsedMarkdown(html: "", links: [], headings: [], blocks: [], leadingTitle: nil, plainText: "")
}
