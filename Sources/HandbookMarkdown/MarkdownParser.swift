#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCmarkGFM

/// The one place that calls cmark-gfm. Parses GitHub-flavoured Markdown (table,
/// strikethrough, autolink, tagfilter and tasklist extensions, footnotes), rewrites
/// link destinations to placeholders, gives headings unique anchors, and renders HTML.
public enum MarkdownParser {
    /// The GFM extensions every document is parsed with.
    public static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static let registration: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The extensions every parser is given, in `extensionNames`' order: ours for strikethrough
    /// when `Strikethrough.setup` is made, cmark-gfm's registered ones otherwise. Found once
    /// (ADR-0074: each name made a C string and looked up in the registry at every parse, 3,500
    /// instructions a document); the registry keeps its extensions for the life of the process.
    nonisolated(unsafe) static let attachedExtensions: [OpaquePointer] = {
        _ = registration
        return extensionNames.compactMap { name in
            if name == "strikethrough", let strikethrough = Strikethrough.setup { return strikethrough.syntaxExtension }
            return cmark_find_syntax_extension(name)
        }
    }()

    /// The extensions that this system's cmark-gfm does not provide (empty when all is well).
    public static var missingExtensions: [String] {
        _ = registration
        return extensionNames.filter { cmark_find_syntax_extension($0) == nil }
    }

    /// The placeholder written in place of link number `index`'s destination.
    public static func placeholder(_ index: Int) -> String { "hb:\(index)" }

    /// Sets `node`'s destination to `placeholder(index)`, written as C bytes on the stack (ADR-0074:
    /// the interpolated String and the C copy `cmark_node_set_url` was given of it were 600
    /// instructions a link); `placeholder` itself for a negative index (never made).
    static func setPlaceholderURL(_ node: OpaquePointer, _ index: Int) {
        guard index >= 0 else {
            cmark_node_set_url(node, placeholder(index))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let count = placeholderBytes(index, into: buffer)
            buffer[count] = 0
            buffer.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_url(node, $0.baseAddress) }
        }
    }

    /// Writes `hb:` and the decimal digits of `index` (not negative) at the start of `buffer` (at
    /// least 23 bytes) and returns their number: the bytes of `placeholder(index)`.
    static func placeholderBytes(_ index: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        buffer[0] = UInt8(ascii: "h")
        buffer[1] = UInt8(ascii: "b")
        buffer[2] = UInt8(ascii: ":")
        var digits = 1
        var rest = index / 10
        while rest > 0 { digits += 1; rest /= 10 }
        var value = index
        var position = 3 + digits
        repeat {
            position -= 1
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            value /= 10
        } while value > 0
        return 3 + digits
    }

    public static func parse(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> ParsedMarkdown {
        parse(text, options: options, textByBytes: true)
    }

    /// `parse`; `textByBytes` false builds the blocks' texts as Strings (`TreeWalker.textByBytes`);
    /// `arena` false gives cmark-gfm its own allocator and frees the tree node by node (the reference
    /// `SpeedEquivalenceTests` compares the arena with).
    ///
    /// The old path, for `SpeedEquivalenceTests` (ADR-0059): `consolidateAgain` consolidates the tree's
    /// text nodes after `cmark_parser_finish` has, `labelAlways` labels task-list checkboxes in
    /// every HTML rendered, `headingsByStrings` puts a heading's anchor in through Strings.
    /// `inspect` is given the tree as `cmark_parser_finish` left it.
    static func parse(_ text: String, options: MarkdownOptions, textByBytes: Bool, arena: Bool = true,
                      consolidateAgain: Bool = false, labelAlways: Bool = false, headingsByStrings: Bool = false,
                      inspect: ((OpaquePointer) -> Void)? = nil) -> ParsedMarkdown {
        _ = registration
        let cmarkOptions = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES
        // With the arena (ADR-0052), everything cmark-gfm allocates for this document (the parser,
        // the tree, the rendered HTML) is given back at once when the parse returns, after the
        // result has been copied out of it; nothing is freed node by node.
        if arena { Arena.begin() }
        defer { if arena { Arena.reset() } }
        guard let memory = arena ? Arena.memory : cmark_get_default_mem_allocator(),
              let parser = cmark_parser_new_with_mem(cmarkOptions, memory) else {
            return .unparsed
        }
        defer { if !arena { cmark_parser_free(parser) } }
        let strikethrough = Strikethrough.setup
        for syntaxExtension in attachedExtensions {
            cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }
        var source = Callouts.admonitionsAsAlerts(text)
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        // cmark-gfm keeps the table of special inline characters in a global, which every parser
        // fills with its extensions' characters (`~` for strikethrough, ...) when it starts parsing
        // inlines and empties again when it is done: two documents finished at once race, and one
        // may lose its strikethrough or autolinks (github/cmark-gfm#176). With `Strikethrough.setup`
        // no parse changes the table, so documents finish on every core at once; without it (a
        // cmark-gfm it cannot set up), finishing (where inlines are parsed) is one document at a time.
        let finished = strikethrough != nil ? cmark_parser_finish(parser) : InlineLock.withLock { cmark_parser_finish(parser) }
        guard let root = finished else {
            return .unparsed
        }
        defer { if !arena { cmark_node_free(root) } }
        inspect?(root)
        // `cmark_parser_finish` has consolidated the text nodes already (before the extensions'
        // post-processing, whose autolinks split a text node into text, link, text: never two texts
        // side by side); a second pass changed nothing and cost a walk of the tree (ADR-0059).
        // `MarkdownTests.finishLeavesNoTwoTextNodesSideBySide` holds the library to it.
        if consolidateAgain { cmark_consolidate_text_nodes(root) }

        var walker = TreeWalker(root: root, options: options, memory: memory)
        walker.textByBytes = textByBytes
        walker.headingsByStrings = headingsByStrings
        walker.walk()
        walker.splitTextNodes()
        Callouts.convert(quotes: walker.blockQuotes, memory: memory)
        let leadingTitle = walker.extractLeadingTitle()
        let extensions = cmark_parser_get_syntax_extensions(parser)
        // A task-list checkbox is in the HTML only where the tasklist extension made an item (or in
        // raw HTML, kept with `unsafeHTML`): without either there is none to label, and the search
        // for one went over every tag of the page (ADR-0059).
        let label = labelAlways || options.unsafeHTML || walker.sawTaskItem
        walker.replaceHeadings(options: cmarkOptions, extensions: extensions, label: labelAlways || options.unsafeHTML)

        let html = Self.render(root, options: cmarkOptions, extensions: extensions, memory: memory, label: label)
        return ParsedMarkdown(html: html, links: Self.fitted(walker.links), headings: Self.fitted(walker.headings),
                              blocks: walker.blocks, leadingTitle: leadingTitle,
                              plainText: walker.plainText, htmlAnchors: walker.htmlAnchors)
    }

    /// The elements in an array of their number: a document keeps its links and headings to the end
    /// of the build, and the walk's arrays grew by doubling (ADR-0055: a quarter of them unused).
    static func fitted<Element>(_ array: [Element]) -> [Element] {
        guard array.capacity > array.count else { return array }
        return [Element](unsafeUninitializedCapacity: array.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: array)
        }
    }

    /// The block quotes the parse's tree walk collects for `Callouts`, and those a walk of their
    /// own finds (`Callouts.blockQuotes`), for `text` (for `SpeedEquivalenceTests`).
    static func blockQuotesByBothWalks(_ text: String) -> (walked: [OpaquePointer], reference: [OpaquePointer]) {
        _ = registration
        guard let parser = cmark_parser_new(CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES) else { return ([], []) }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
        text.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return ([], []) }
        defer { cmark_node_free(root) }
        guard let memory = cmark_get_default_mem_allocator() else { return ([], []) }
        var walker = TreeWalker(root: root, options: MarkdownOptions(), memory: memory)
        walker.walk()
        return (walker.blockQuotes, Callouts.blockQuotes(root))
    }

    /// `node` as HTML; `memory` is the allocator of its tree (cmark-gfm renders with it).
    static func render(_ node: OpaquePointer, options: Int32,
                       extensions: UnsafeMutablePointer<cmark_llist>?, memory: UnsafeMutablePointer<cmark_mem>,
                       label: Bool = true) -> String {
        guard let rendered = cmark_render_html_with_mem(node, options, extensions, memory) else { return "" }
        defer { memory.pointee.free(rendered) }
        guard label else { return String(cString: rendered) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered))
        return labelledTaskItems(bytes) ?? labelTaskItems(String(cString: rendered))
    }

    /// `labelTaskItems(String(cString:))` of the rendered bytes, labelled as they are copied into
    /// the String (ADR-0074: the page made a String, then labelled into an array, then made a
    /// String again); nil where a tag stands next to a non-ASCII byte (the caller takes the String
    /// path, which compares Characters there). Before the bytes are a String, invalid UTF-8 is not
    /// yet repaired; a repair replaces bytes at or above 0x80 only, so a tag with ASCII on both
    /// sides is the same match in the repaired text, and the String made of the pieces repairs them
    /// as `String(cString:)` did (no sequence runs across an ASCII tag).
    static func labelledTaskItems(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var matches: [Int] = []  // offset * 2, plus 1 for a checked box
        var from = 0
        var added = 0
        while let match = ByteSearch.firstIndex(of: boxOpening, in: bytes, from: from, anchor: boxAnchor) {
            let checked: Bool
            if ByteSearch.matches(checkedBox, in: bytes, at: match) {
                checked = true
            } else if ByteSearch.matches(uncheckedBox, in: bytes, at: match) {
                checked = false
            } else {
                from = match + 1
                continue
            }
            let end = match + (checked ? checkedBox.count : uncheckedBox.count)
            if match > 0, bytes[match - 1] >= 0x80 { return nil }
            if end < bytes.count, bytes[end] >= 0x80 { return nil }
            if matches.isEmpty { matches.reserveCapacity(16) }
            matches.append(match * 2 + (checked ? 1 : 0))
            added += checked ? checkedBoxLabelled.count - checkedBox.count : uncheckedBoxLabelled.count - uncheckedBox.count
            from = end
        }
        guard !matches.isEmpty, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count + added) { out in
            guard let target = out.baseAddress else { return 0 }
            var written = 0
            var copied = 0
            func put(_ source: UnsafePointer<UInt8>, _ count: Int) {
                (target + written).update(from: source, count: count)
                written += count
            }
            for encoded in matches {
                let match = encoded >> 1
                let checked = encoded & 1 == 1
                put(base + copied, match - copied)
                let replacement = checked ? checkedBoxLabelled : uncheckedBoxLabelled
                replacement.withUnsafeBufferPointer { put($0.baseAddress!, $0.count) }
                copied = match + (checked ? checkedBox.count : uncheckedBox.count)
            }
            put(base + copied, bytes.count - copied)
            return written
        }
    }

    /// Whether cmark-gfm's tree for `text` (parsed as `parse` parses it) has, as
    /// `cmark_parser_finish` leaves it, a text node whose next sibling is a text node too: the
    /// second consolidation `parse` no longer makes is needed only then (for `MarkdownTests`).
    static func finishLeavesTextNodesSideBySide(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> Bool {
        var found = false
        _ = parse(text, options: options, textByBytes: true, inspect: { root in
            guard let iterator = cmark_iter_new(root) else { return }
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                guard let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_TEXT,
                      let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_TEXT else { continue }
                found = true
            }
        })
        return found
    }

    static let checkedBox = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" />".utf8)
    static let checkedBoxLabelled = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />".utf8)
    static let uncheckedBox = Array("<input type=\"checkbox\" disabled=\"\" />".utf8)
    static let uncheckedBoxLabelled = Array("<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />".utf8)

    /// cmark-gfm's task-list checkboxes have no label (axe: critical); each gets its state as its name.
    ///
    /// Replaced byte by byte: String's `contains` and `replacing` compare Characters, and were 15%
    /// of a 10,000-record build (ADR-0014). Each tag is ASCII, so a match of its bytes is a match of
    /// its Characters when the bytes on either side are ASCII too (an ASCII byte never joins a
    /// grapheme cluster with its neighbour, except CR LF, and the tag holds neither); a match next
    /// to a non-ASCII byte (a combining mark after `/>` makes `/>́` one Character) takes the
    /// Character-by-Character path, so the result is the same text in every case.
    static func labelTaskItems(_ html: String) -> String {
        enum Outcome { case unchanged, labelled(String), byCharacter }
        var html = html
        let outcome = html.withUTF8 { bytes -> Outcome in
            // One pass over the tags' common opening, not four over the page (ADR-0046): both tags
            // hold one `<`, their first byte, so two matches never overlap, and a label put into one
            // neither makes nor breaks a match of the other: replacing each match where it stands is
            // replacing the checked ones, then the unchecked ones in that result.
            var output: [UInt8] = []
            var copied = 0
            var from = 0
            while let match = ByteSearch.firstIndex(of: boxOpening, in: bytes, from: from, anchor: boxAnchor) {
                let tag: (needle: [UInt8], replacement: [UInt8])
                if ByteSearch.matches(checkedBox, in: bytes, at: match) {
                    tag = (checkedBox, checkedBoxLabelled)
                } else if ByteSearch.matches(uncheckedBox, in: bytes, at: match) {
                    tag = (uncheckedBox, uncheckedBoxLabelled)
                } else {
                    from = match + 1
                    continue
                }
                let end = match + tag.needle.count
                if match > 0, bytes[match - 1] >= 0x80 { return .byCharacter }
                if end < bytes.count, bytes[end] >= 0x80 { return .byCharacter }
                if output.isEmpty { output.reserveCapacity(bytes.count + bytes.count / 16) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<match]))
                output.append(contentsOf: tag.replacement)
                copied = end
                from = end
            }
            guard copied > 0 else { return .unchanged }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
            return .labelled(String(decoding: output, as: UTF8.self))
        }
        switch outcome {
        case .unchanged: return html
        case .labelled(let labelled): return labelled
        case .byCharacter: return labelTaskItemsByCharacter(html)
        }
    }

    /// What both checkbox tags open with.
    static let boxOpening = Array("<input type=\"checkbox\" ".utf8)
    /// The offset of its `x`, which `labelTaskItems` looks for (ADR-0067: far rarer in a page than `<`).
    static let boxAnchor = 20

    /// The Character-by-Character replacement (a tag next to a non-ASCII byte).
    static func labelTaskItemsByCharacter(_ html: String) -> String {
        guard html.contains("<input type=\"checkbox\"") else { return html }
        return html
            .replacing("<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                                  with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />")
            .replacing("<input type=\"checkbox\" disabled=\"\" />",
                                  with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />")
    }
}

/// Byte-level search in UTF-8 text, for ASCII needles.
public enum ByteSearch {
    /// Whether every byte is ASCII, eight at a time (ADR-0059: the byte-by-byte test of every text
    /// literal was most of the tree walk's own cost); `isASCIIByByte` is the reference. Public and
    /// inlinable for `Path.relativeURL`, which had a copy of it.
    @inlinable @inline(__always)
    public static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var seen: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            seen |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            seen |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
            index += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    static func isASCIIByByte(_ bytes: UnsafeRawBufferPointer) -> Bool { !bytes.contains(where: { $0 >= 0x80 }) }

    /// The first offset where `needle` starts in `bytes`, from `start`: `memchr` for the needle's
    /// byte at `anchor`, then `memcmp` (a loop over every byte here was 1.6% of a build, ADR-0014).
    /// A rare byte stops `memchr` less often (ADR-0067: the checkboxes' `<` stopped it at every tag
    /// of a page); every anchor finds the same offsets, `ParseAroundCmarkTests` compares them.
    static func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, anchor: Int = 0) -> Int? {
        guard anchor >= 0, anchor < needle.count, let base = bytes.baseAddress, start >= 0, needle.count <= bytes.count else { return nil }
        let last = bytes.count - needle.count
        let key = needle[anchor]
        var index = start
        return needle.withUnsafeBufferPointer { needleBytes -> Int? in
            while index <= last {
                guard let found = memchr(base + index + anchor, Int32(key), last - index + 1) else { return nil }
                index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) - anchor
                if memcmp(base + index, needleBytes.baseAddress!, needle.count) == 0 { return index }
                index += 1
            }
            return nil
        }
    }

    /// Whether `needle` starts at `offset` of `bytes`.
    static func matches(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset + needle.count <= bytes.count else { return false }
        return needle.withUnsafeBufferPointer { needleBytes in
            guard let base = bytes.baseAddress, let head = needleBytes.baseAddress else { return needle.isEmpty }
            return memcmp(base + offset, head, needle.count) == 0
        }
    }
}

/// One process-wide mutex around cmark-gfm's inline parsing (see `MarkdownParser.parse`).
enum InlineLock {
    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        return mutex
    }()

    static func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// Walks a cmark tree once, collecting links, headings and blocks, then applies the
/// structural edits (references split out of text, headings with anchors).
struct TreeWalker {
    typealias Node = OpaquePointer

    let root: Node
    let options: MarkdownOptions
    /// The allocator of the tree, for the nodes the walker adds (cmark-gfm's nodes are freed with
    /// their own allocator, and an arena's tree is never walked to be freed: ADR-0052).
    let memory: UnsafeMutablePointer<cmark_mem>
    var links: [MarkdownLink] = []
    var headings: [MarkdownHeading] = []
    var blocks: [MarkdownBlock] = []
    var plainText = ""
    /// The block quotes, in document order (for `Callouts`: one walk of the tree, not two).
    var blockQuotes: [Node] = []
    /// The anchors raw HTML makes (`id`, an `<a>`'s `name`), in order.
    var htmlAnchors: [String] = []

    /// The current block's text as UTF-8, made a String once the block ends (ADR-0046: a String
    /// made of every literal and appended to the block's was a tenth of the parse); false appends
    /// Strings as before (the reference `SpeedEquivalenceTests` compares with).
    var textByBytes = true
    /// The current block's bytes, in memory of the walk's own (ADR-0074: `Array.append(contentsOf:)`
    /// of each literal was 120 instructions a call, 750,000 calls at 10,000 records); freed when
    /// the walk ends.
    private var blockBytes = ByteBuffer()
    /// Whether an item of the tree is a task-list item (its HTML holds a checkbox to label).
    private(set) var sawTaskItem = false
    /// Headings' anchors put in through Strings, as before ADR-0059 (the reference of `SpeedEquivalenceTests`).
    var headingsByStrings = false

    private var headingNodes: [(node: Node, index: Int)] = []
    private var textNodes: [(node: Node, block: Int)] = []
    private var anchors = AnchorAllocator()
    private var firstBlockNode: Node?

    init(root: Node, options: MarkdownOptions, memory: UnsafeMutablePointer<cmark_mem>) {
        self.root = root
        self.options = options
        self.memory = memory
    }

    mutating func walk() {
        guard let iterator = cmark_iter_new(root) else { return }
        defer {
            cmark_iter_free(iterator)
            blockBytes.free()
        }
        var linkStack: [Int] = []          // indices of links being read
        var headingText: String?           // text of the heading being read
        var blockIndex = -1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE {
                finishBlockText(blockIndex)
                break
            }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            if entering, cmark_node_parent(node) == root {
                finishBlockText(blockIndex)
                blockIndex += 1
                if firstBlockNode == nil { firstBlockNode = node }
                blocks.append(MarkdownBlock(kind: Self.blockKind(node), text: "",
                                            line: Int(cmark_node_get_start_line(node)), linkIndices: []))
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard entering else { break }
                let pointer = cmark_node_get_literal(node)
                let length = pointer.map { strlen($0) } ?? 0
                if textByBytes {
                    appendLiteral(pointer, length: length, block: blockIndex, linkStack: linkStack, heading: &headingText)
                } else {
                    let literal = pointer.map { String(cString: $0) } ?? ""
                    appendText(literal, block: blockIndex, linkStack: linkStack, heading: &headingText)
                }
                // Scanned as C bytes: `String.contains` here was an eighth of the whole build's CPU.
                // By `memchr` over the length known (ADR-0067: `strstr` and `strchr` measured it again).
                if type == CMARK_NODE_TEXT, linkStack.isEmpty, let pointer,
                   (options.references && Self.holdsDoubleBracket(pointer, length))
                    || (options.pullRequestReferences && memchr(pointer, Int32(UInt8(ascii: "#")), length) != nil) {
                    textNodes.append((node, blockIndex))
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if entering { appendText(" ", block: blockIndex, linkStack: linkStack, heading: &headingText) }
            case CMARK_NODE_ITEM:
                if entering, !sawTaskItem, let name = cmark_node_get_type_string(node), strcmp(name, "tasklist") == 0 {
                    sawTaskItem = true
                }
                if entering, blockIndex >= 0 {
                    if textByBytes {
                        if !blockBytes.isEmpty { blockBytes.append(byte: UInt8(ascii: "\n")) }
                    } else if !blocks[blockIndex].text.isEmpty {
                        blocks[blockIndex].text += "\n"
                    }
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if entering {
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    let index = links.count
                    // Room for 16 at the first (ADR-0074: grown 1, 2, 4, 8, 16; `fitted` cuts it to size).
                    if index == 0 { links.reserveCapacity(16) }
                    links.append(MarkdownLink(kind: type == CMARK_NODE_IMAGE ? .image : .link,
                                              destination: url, text: "",
                                              line: Int(cmark_node_get_start_line(node)),
                                              column: Int(cmark_node_get_start_column(node))))
                    if blockIndex >= 0 { blocks[blockIndex].linkIndices.append(index) }
                    MarkdownParser.setPlaceholderURL(node, index)
                    linkStack.append(index)
                } else {
                    linkStack.removeLast()
                }
            case CMARK_NODE_HEADING:
                if entering {
                    headingText = ""
                } else {
                    let text = headingText ?? ""
                    headingText = nil
                    let level = Int(cmark_node_get_heading_level(node))
                    if headings.isEmpty {
                        headings.reserveCapacity(16)
                        headingNodes.reserveCapacity(16)
                    }
                    headingNodes.append((node, headings.count))
                    headings.append(MarkdownHeading(level: level, text: text, anchor: "",
                                                    line: Int(cmark_node_get_start_line(node))))
                }
            case CMARK_NODE_BLOCK_QUOTE:
                if entering { blockQuotes.append(node) }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                guard entering else { break }
                let anchors = cmark_node_get_literal(node).map { RawHTMLAnchors.anchors(in: String(cString: $0)) } ?? []
                htmlAnchors += anchors
                if !options.unsafeHTML {
                    // The anchors the omitted HTML made stay (`RawHTMLAnchors`): links to them land.
                    let omitted = type == CMARK_NODE_HTML_BLOCK ? "<!-- raw HTML omitted -->\n" : "<!-- raw HTML omitted -->"
                    cmark_node_set_literal(node, RawHTMLAnchors.placeholders(for: anchors) + omitted)
                }
            default:
                if entering, options.plainText, Self.isBlock(type) { plainText += plainText.isEmpty ? "" : " " }
            }
        }
    }

    /// A text or code node's literal: its bytes go to the block as they are when they are ASCII
    /// and nothing else wants the text (a String of them is what `String(cString:)` makes of them);
    /// else the String `String(cString:)` makes (invalid UTF-8 repaired) is appended everywhere.
    private mutating func appendLiteral(_ pointer: UnsafePointer<CChar>?, length: Int, block: Int, linkStack: [Int], heading: inout String?) {
        guard let pointer else { return }  // an empty text appended nowhere
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        if !options.plainText, linkStack.isEmpty, heading == nil, ByteSearch.isASCII(bytes) {
            if block >= 0 { blockBytes.append(bytes) }
            return
        }
        appendText(String(cString: pointer), block: block, linkStack: linkStack, heading: &heading)
    }

    /// Whether the `length` bytes at `text` (its `strlen`) hold `[[`: `strstr(text, "[[") != nil`
    /// (the reference of `ParseAroundCmarkTests`) by `memchr` for `[`, the byte after it compared.
    static func holdsDoubleBracket(_ text: UnsafePointer<CChar>, _ length: Int) -> Bool {
        var from = 0
        while from + 1 < length, let found = memchr(text + from, Int32(UInt8(ascii: "[")), length - 1 - from) {
            let at = UnsafeRawPointer(text).distance(to: UnsafeRawPointer(found))
            if text[at + 1] == CChar(UInt8(ascii: "[")) { return true }
            from = at + 1
        }
        return false
    }

    /// The block's text made from its bytes once the block ends.
    private mutating func finishBlockText(_ block: Int) {
        guard textByBytes, block >= 0 else { return }
        blocks[block].text = blockBytes.string()
        blockBytes.removeAll()
    }

    private mutating func appendText(_ text: String, block: Int, linkStack: [Int], heading: inout String?) {
        if options.plainText { plainText += text }
        if block >= 0 {
            if textByBytes {
                var text = text
                text.withUTF8 { blockBytes.append(UnsafeRawBufferPointer($0)) }
            } else {
                blocks[block].text += text
            }
        }
        for index in linkStack { links[index].text += text }
        if heading != nil { heading! += text }
    }

    /// Splits `[[ID]]` and `#123` out of text nodes into link nodes with placeholders.
    mutating func splitTextNodes() {
        for (node, block) in textNodes {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            let matches = ReferenceScanner.scan(literal, references: options.references,
                                                pullRequests: options.pullRequestReferences)
            guard !matches.isEmpty else { continue }
            let (line, column) = Strikethrough.position(node)
                ?? (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)))
            let bytes = Array(literal.utf8)
            var cursor = 0
            for match in matches {
                if match.range.lowerBound > cursor {
                    insertText(bytes[cursor..<match.range.lowerBound], before: node)
                }
                let index = links.count
                links.append(MarkdownLink(kind: match.kind, destination: match.destination, text: match.display,
                                          line: line, column: column + match.range.lowerBound))
                if block >= 0 { blocks[block].linkIndices.append(index) }
                if let link = cmark_node_new_with_mem(CMARK_NODE_LINK, memory),
                   let label = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) {
                    MarkdownParser.setPlaceholderURL(link, index)
                    cmark_node_set_literal(label, match.display)
                    cmark_node_append_child(link, label)
                    cmark_node_insert_before(node, link)
                }
                cursor = match.range.upperBound
            }
            if cursor < bytes.count { insertText(bytes[cursor...], before: node) }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        textNodes = []
    }

    private func insertText(_ bytes: ArraySlice<UInt8>, before node: Node) {
        guard let text = cmark_node_new_with_mem(CMARK_NODE_TEXT, memory) else { return }
        cmark_node_set_literal(text, String(decoding: bytes, as: UTF8.self))
        cmark_node_insert_before(node, text)
    }

    /// Takes a level-1 heading that opens the document out of the tree and returns its text.
    mutating func extractLeadingTitle() -> String? {
        guard options.extractLeadingTitle, let first = firstBlockNode,
              cmark_node_get_type(first) == CMARK_NODE_HEADING, cmark_node_get_heading_level(first) == 1,
              let position = headingNodes.firstIndex(where: { $0.node == first }) else { return nil }
        let title = headings[headingNodes[position].index].text
        // The title keeps its anchor, as on GitHub: a `## Actors` under `# Actors` is `#actors-1`
        // (swift-evolution's tables of contents link `#actors-1` and `#actors-2`; `#actors` is the
        // page's top, `LinkResolver.movedAnchor`).
        _ = anchors.allocate(for: title)
        headings.remove(at: headingNodes[position].index)
        headingNodes.remove(at: position)
        for i in headingNodes.indices where headingNodes[i].index > 0 { headingNodes[i].index -= 1 }
        cmark_node_unlink(first)
        cmark_node_free(first)
        return title
    }

    /// Renders each heading with its anchor id and swaps it for the rendered HTML. `label`: task-list
    /// checkboxes are labelled in the heading's HTML (only raw HTML can put one there).
    mutating func replaceHeadings(options cmarkOptions: Int32, extensions: UnsafeMutablePointer<cmark_llist>?, label: Bool = true) {
        for (node, index) in headingNodes {
            let anchor = anchors.allocate(for: headings[index].text)
            headings[index].anchor = anchor
            // One <h1> a page, its title: a body's other level-1 headings are shown one level down.
            if headings[index].level == 1, options.extractLeadingTitle { cmark_node_set_heading_level(node, 2) }
            guard let block = cmark_node_new_with_mem(CMARK_NODE_HTML_BLOCK, memory) else { continue }
            if label || headingsByStrings || !Self.setHeadingHTML(of: node, anchor: anchor, on: block,
                                                                  options: cmarkOptions, extensions: extensions, memory: memory) {
                var html = MarkdownParser.render(node, options: cmarkOptions, extensions: extensions, memory: memory, label: label)
                let level = Int(cmark_node_get_heading_level(node))
                let open = "<h\(level)>"
                if html.hasPrefix(open) {
                    html = "<h\(level) id=\"\(anchor)\">" + html.dropFirst(open.count)
                }
                cmark_node_set_literal(block, html)
            }
            cmark_node_insert_before(node, block)
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        headingNodes = []
    }

    /// Puts the heading's HTML with its anchor into `block` as bytes (ADR-0059: the rendered heading
    /// made a String, the String cut and joined, then copied back into a C string, was half of
    /// `replaceHeadings`). Only when the rendered bytes are ASCII (then the String made of them
    /// would be the same bytes: no invalid UTF-8 repaired) and the anchor is too; false (nothing
    /// set) otherwise, and the String path does it.
    private static func setHeadingHTML(of node: Node, anchor: String, on block: Node, options: Int32,
                                       extensions: UnsafeMutablePointer<cmark_llist>?, memory: UnsafeMutablePointer<cmark_mem>) -> Bool {
        guard let rendered = cmark_render_html_with_mem(node, options, extensions, memory) else { return false }
        defer { memory.pointee.free(rendered) }
        let length = strlen(rendered)
        let html = UnsafeRawBufferPointer(start: rendered, count: length)
        if !ByteSearch.isASCII(html) { return false }
        var anchor = anchor
        return anchor.withUTF8 { anchorBytes -> Bool in
            if !ByteSearch.isASCII(UnsafeRawBufferPointer(anchorBytes)) { return false }
            let level = cmark_node_get_heading_level(node)
            // `<hN>` with N the level (1 to 6: one digit): `<hN id="anchor">`, the rest as rendered.
            let digit = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: level)
            let opens = level >= 1 && level <= 9 && length >= 4 && html[0] == UInt8(ascii: "<") && html[1] == UInt8(ascii: "h")
                && html[2] == digit && html[3] == UInt8(ascii: ">")
            guard opens else {
                cmark_node_set_literal(block, rendered)
                return true
            }
            let prefix: StaticString = " id=\""
            let size = 3 + prefix.utf8CodeUnitCount + anchorBytes.count + 1 + (length - 3) + 1
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer -> Bool in
                guard let out = buffer.baseAddress, let source = html.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
                var position = 0
                func put(_ from: UnsafePointer<UInt8>, _ count: Int) {
                    (out + position).update(from: from, count: count)
                    position += count
                }
                put(source, 3)
                put(prefix.utf8Start, prefix.utf8CodeUnitCount)
                if let start = anchorBytes.baseAddress { put(start, anchorBytes.count) }
                out[position] = UInt8(ascii: "\"")
                position += 1
                put(source + 3, length - 3)
                out[position] = 0
                out.withMemoryRebound(to: CChar.self, capacity: size) { _ = cmark_node_set_literal(block, $0) }
                return true
            }
        }
    }

    private static func blockKind(_ node: Node) -> MarkdownBlock.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HEADING: return .heading(Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_LIST: return .list
        default: return .other
        }
    }

    private static func isBlock(_ type: cmark_node_type) -> Bool {
        type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_ITEM
    }
}

/// Bytes appended with `memcpy` into memory of its own, grown by doubling (the tree walk's block
/// text, ADR-0074). Not copied: its owner frees it (`free`) once, when it is done with it.
struct ByteBuffer {
    private var base: UnsafeMutableRawPointer?
    private(set) var count = 0
    private var capacity = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func append(byte: UInt8) {
        if count + 1 > capacity { grow(to: count + 1) }
        base!.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    private mutating func grow(to needed: Int) {
        var size = Swift.max(capacity * 2, 1024)
        while size < needed { size *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        if let base {
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = grown
        capacity = size
    }

    /// The bytes as a String (invalid UTF-8 repaired, as `String(decoding:as:)` of an array of them).
    func string() -> String {
        guard let base else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: base, count: count).bindMemory(to: UInt8.self), as: UTF8.self)
    }

    mutating func removeAll() { count = 0 }

    mutating func free() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }
}
