import Foundation

extension Mustache {
    /// Parsed templates by name (`decision`, `partials/head`), rendered to bytes.
    struct Library: @unchecked Sendable {
        private(set) var templates: [String: [Node]] = [:]
        /// The same templates as the renderer walks them (`Ops`, ADR-0049), made when each is registered.
        private(set) var compiled: [String: Ops] = [:]
        /// How many look-up slots the compiled templates' names took (`Op.slot`, ADR-0066).
        var slots: Int { numbering.slots }
        /// The slots and the partials' names the compiled templates took.
        private var numbering = Ops.Numbering()
        /// The template each partial node (`Op.partial`) names, as `compiled` has it now: found
        /// once a template is registered, not by hashing its name each time a page renders it
        /// (ADR-0072). `compiled` keeps each alive; remade whenever it changes.
        private(set) var partials: [Unmanaged<Ops>?] = []

        init() {}

        init(templates: [String: [Node]]) {
            self.templates = templates
            var numbering = Ops.Numbering()
            compiled = templates.mapValues { Ops($0, numbering: &numbering) }
            self.numbering = numbering
            resolvePartials()
        }

        mutating func register(_ text: String, named name: String) throws(ParseError) {
            let nodes = try Mustache.parse(text)
            templates[name] = nodes
            compiled[name] = Ops(nodes, numbering: &numbering)
            resolvePartials()
        }

        private mutating func resolvePartials() {
            let compiled = compiled
            partials = numbering.partials.map { name in compiled[name].map { Unmanaged.passUnretained($0) } }
        }

        /// Templates nested deeper than this are an error (a partial that includes itself without end).
        static let maximumDepth = 200

        /// The page, or the reason it cannot be rendered (a lambda in the view model, a partial recursing without end).
        /// With `rows`, the rows of lists of objects that pages rendered before from themselves
        /// alone are copied from there (`RowMemo`).
        ///
        /// With `flush`, a page that grows past `flush.threshold` bytes is handed to `flush.write`
        /// in pieces as it renders (ADR-0054: the decisions index of 100,000 records was one array
        /// of 118 MB), and what is returned is the rest: the pieces followed by it are the page.
        /// A piece is handed over only where no row is being kept for the memo (its bytes are read
        /// back from the output when it ends); the last byte always stays, for what reads it (a
        /// row's key, the end of an escaped value). `flush.write` returning false stops the render
        /// with an error.
        ///
        /// `hints`: where names were found before (ADR-0066); by default the run's (`rows`) or
        /// the page's own. The page is the same whatever they are (`LookupHints(0)`: none).
        func render(_ model: Any, withTemplate name: String, rows: RowMemo? = nil, flush: Flush? = nil,
                    hints: LookupHints? = nil) throws(RenderError) -> [UInt8] {
            var page: [UInt8] = []
            try render(model, withTemplate: name, rows: rows, flush: flush, hints: hints) { page = Array($0) }
            return page
        }

        /// `render(_:withTemplate:rows:flush:hints:)`, the page's bytes (the rest, after the pieces)
        /// handed to `finish` where the renderer wrote them, not copied into an array first
        /// (ADR-0075: the copy was about one instruction a byte of every page); they are freed
        /// when `finish` returns. Not called when the render fails.
        func render(_ model: Any, withTemplate name: String, rows: RowMemo? = nil, flush: Flush? = nil,
                    hints: LookupHints? = nil, finish: (UnsafeRawBufferPointer) -> Void) throws(RenderError) {
            guard let nodes = compiled[name] else { throw RenderError(message: "no template named '\(name)'") }
            var renderer = Renderer(templates: compiled, partials: partials, root: Value(model),
                                    hints: hints ?? rows?.hints(slots) ?? LookupHints(slots))
            defer { renderer.output.free() }
            renderer.memo = rows
            if let flush {
                renderer.flush = flush.write
                renderer.flushAt = max(2, flush.threshold)
            }
            renderer.render(nodes)
            if let error = renderer.error { throw error }
            finish(renderer.output.bytes)
        }

        /// Where a page's bytes go while it renders, and from what size (`render(_:withTemplate:rows:flush:)`).
        struct Flush {
            var threshold: Int
            var write: (ArraySlice<UInt8>) -> Bool
        }

        /// The page and where its rows went (ADR-0021): each object of a list of objects that the
        /// page rendered from itself alone. With `previous` (a recording of this library), a row that
        /// is the very dictionary `previous` rendered from itself alone, at the same place in the
        /// templates and in the same state, is copied from `previous`'s bytes, not rendered again.
        func render(_ model: [String: Any], withTemplate name: String, previous: Recording?) throws(RenderError) -> Recording {
            guard let nodes = compiled[name] else { throw RenderError(message: "no template named '\(name)'") }
            var renderer = Renderer(templates: compiled, partials: partials, root: .object(model), hints: LookupHints(slots))
            defer { renderer.output.free() }
            renderer.recording = Recording.possible
            renderer.previous = previous
            renderer.output.reserveCapacity(max(16_384, previous?.output.count ?? 0))
            renderer.render(nodes)
            if let error = renderer.error { throw error }
            let recording = Recording(output: renderer.output.array(), spans: renderer.spans, keys: renderer.keys, model: model,
                                      library: self)
            recording.copied = renderer.copied
            return recording
        }
    }

    /// A list of nodes as the renderer walks it (ADR-0049): each node one reference (`Op`), so that
    /// visiting a node copies no enum payload (`Node` is a multi-payload enum of up to 60 bytes,
    /// copied out of its array and again by a `switch`: 1.6 million copies at 2,000 records). An
    /// `Ops` is also what a recorded row's key names as its template nodes (its address, kept
    /// alive by the library). Made once per template, never changed.
    final class Ops {
        let items: [Op]
        /// `items` as the renderer walks them, without a retain and a release of each node per
        /// visit (ADR-0069): every worker walks the same nodes, and a reference count written by both
        /// cores moves its cache line between them on every visit. `items` keeps each node alive, and
        /// nothing changes either after `init`.
        let walk: [Unmanaged<Op>]

        /// What a library's nodes are numbered by: the next look-up slot (`Op.slot`), and the
        /// names of the partial nodes so far (`Op.partial`: a place in this list).
        struct Numbering {
            var slots = 0
            var partials: [String] = []
        }

        /// `numbering`: advanced past the slots and partials these nodes take.
        init(_ nodes: [Node], numbering: inout Numbering) {
            var items: [Op] = []
            items.reserveCapacity(nodes.count)
            for node in nodes { items.append(Op(node, numbering: &numbering)) }
            self.items = items
            walk = items.map { Unmanaged.passUnretained($0) }
        }

        private init() {
            items = []
            walk = []
        }

        static let empty = Ops()
    }

    /// One node of `Ops`: its kind and the fields of that kind (the others empty).
    final class Op {
        enum Kind { case text, variable, section, partial, block }
        let kind: Kind
        /// Text: its bytes, and whether they end a line.
        let bytes: [UInt8]
        let endsLine: Bool
        /// Variable and section: the name; a dynamic partial: the name that holds the partial's.
        let name: Name
        let escaped: Bool
        let inverted: Bool
        /// Section: its content; block: its default content.
        let children: Ops
        /// Partial and block: the name as written, the indentation added to each line, standalone.
        let text: String
        let dynamic: Bool
        let indentation: [UInt8]
        let standalone: Bool
        /// Parent (`{{<parent}}`): the blocks it overrides; nil for `{{>partial}}`.
        let overrides: [String: Ops]?
        /// A node that looks a name up in the context stack or the top frame: its own places in a
        /// renderer's `LookupHints` (ADR-0066), one per component of its name from this one,
        /// numbered per library; -1 for the others.
        let slot: Int
        /// A partial that is not dynamic: its place in its library's `partials` (ADR-0072); -1
        /// for the others.
        let partial: Int

        private static let noName = Name(scope: .current, components: [], transforms: [], text: "", line: 0, column: 0)

        init(_ node: Node, numbering: inout Ops.Numbering) {
            var kind = Kind.text, bytes: [UInt8] = [], name = Self.noName, escaped = false, inverted = false
            var children = Ops.empty, text = "", dynamic = false, indentation: [UInt8] = [], standalone = false
            var overrides: [String: Ops]?
            var partialIndex = -1
            switch node {
            case .text(let value):
                bytes = value
            case .variable(let value, let isEscaped):
                kind = .variable; name = value; escaped = isEscaped
            case .section(let value, let nodes, let isInverted):
                kind = .section; name = value; children = Ops(nodes, numbering: &numbering); inverted = isInverted
            case .partial(let partial):
                kind = .partial; text = partial.name; dynamic = partial.dynamic
                indentation = partial.indentation; standalone = partial.standalone
                overrides = partial.overrides?.mapValues { Ops($0, numbering: &numbering) }
                if partial.dynamic {
                    name = Renderer.plainName(partial.name, line: partial.line, column: partial.column)
                } else {
                    partialIndex = numbering.partials.count
                    numbering.partials.append(partial.name)
                }
            case .block(let block):
                kind = .block; text = block.name; children = Ops(block.nodes, numbering: &numbering)
                indentation = block.indentation; standalone = block.standalone
            }
            self.kind = kind
            self.bytes = bytes
            self.endsLine = bytes.last == UInt8(ascii: "\n")
            self.name = name
            self.escaped = escaped
            self.inverted = inverted
            self.children = children
            self.text = text
            self.dynamic = dynamic
            self.indentation = indentation
            self.standalone = standalone
            self.overrides = overrides
            self.partial = partialIndex
            if name.scope != .current, !name.components.isEmpty {
                self.slot = numbering.slots
                numbering.slots += name.components.count
            } else {
                self.slot = -1
            }
        }
    }

    /// A page as rendered, with where each row went (`Library.render(_:withTemplate:previous:)`).
    /// It keeps the model and the templates it was rendered from: a row is recognised by the address
    /// of its dictionary's storage, which no other dictionary can have while this one is kept.
    final class Recording: @unchecked Sendable {
        struct Span {
            var start: Int
            var end: Int
            /// The first of the rows inside this one (they are recorded before it, as they end first).
            var nested: Int
            var endsAtLineStart: Bool
        }

        /// A row rendered from itself alone renders to the same bytes with the same dictionary, the
        /// same template nodes and the same state of the output.
        struct Key: Hashable {
            var item: UInt
            var nodes: UInt
            var atLineStart: Bool
            var lastIsNewline: Bool
            var indentation: [UInt8]
            var depth: Int
        }

        /// Dictionaries and arrays are one reference to their storage on this platform: else no row is recorded.
        static let possible = MemoryLayout<[String: Any]>.size == MemoryLayout<UInt>.size

        let output: [UInt8]
        let spans: [Span]
        /// Each span's key, nil when its row read something outside itself.
        let keys: [Key?]
        /// The last span of each row's dictionary that has a key, and for each span the one before
        /// it with the same dictionary (-1 for none): a row is looked up by its address alone.
        let memo: [UInt: Int]
        let sameItem: [Int]
        let model: [String: Any]
        let library: Library

        init(output: [UInt8], spans: [Span], keys: [Key?], model: [String: Any], library: Library) {
            self.output = output
            self.spans = spans
            self.keys = keys
            var memo: [UInt: Int] = [:]
            memo.reserveCapacity(spans.count)
            var sameItem = [Int](repeating: -1, count: keys.count)
            for (index, key) in keys.enumerated() {
                guard let key else { continue }
                sameItem[index] = memo[key.item] ?? -1
                memo[key.item] = index
            }
            self.memo = memo
            self.sameItem = sameItem
            self.model = model
            self.library = library
        }

        /// The span recorded with this very key.
        func span(_ key: Key) -> Int? {
            var index = memo[key.item] ?? -1
            while index >= 0 {
                if keys[index] == key { return index }
                index = sameItem[index]
            }
            return nil
        }

        /// The number of rows copied from the previous recording, for tests.
        var copied = 0

        static func address<T>(_ value: T) -> UInt {
            withUnsafeBytes(of: value) { $0.load(as: UInt.self) }
        }
    }

    /// The rows of lists of objects that a run of pages rendered from themselves alone, with their
    /// bytes (ADR-0043): a row given again as the very same dictionary (the rows pages share:
    /// `SharedRows`, `TimelineRows`), at the same place in the same templates and in the same
    /// state of the output (`Recording.Key`), renders to the same bytes, which are copied. Each
    /// row's dictionary is kept with its bytes, so no other dictionary can take its storage's
    /// address while it is kept (and a dictionary held twice is copied before any change). For
    /// one library and one thread at a time; a run of pages lets go of it when it ends.
    final class RowMemo {
        struct Entry {
            var key: Recording.Key
            var row: [String: Any]
            var bytes: [UInt8]
            var endsAtLineStart: Bool
        }

        /// The rows' dictionaries met in this run, by their storage's address, each with the rows
        /// kept for it (one per place and state of the output; ADR-0049: one hash of one word per
        /// row, the rest of the key compared only with that dictionary's entries). A row is kept the
        /// second time its dictionary comes (ADR-0047), so that the rows each page makes for itself
        /// (a decision's previous and next, its tags' links) are rendered without their bytes copied
        /// and kept: a dictionary met once has no entries, and is not kept alive; an address given
        /// again to another dictionary only makes that one kept at once, as every row was before.
        /// An entry keeps its row's dictionary, so no other can take the address while it has one.
        var rows: [UInt: [Entry]] = [:]
        /// Rows copied, for tests.
        var copied = 0

        /// Rows kept, for tests.
        var kept: Int { rows.values.reduce(0) { $0 + $1.count } }

        /// A whole list of rows rendered from itself alone (ADR-0065), with its bytes.
        struct ListEntry {
            var key: Recording.Key
            var list: [[String: Any]]
            var bytes: [UInt8]
            var endsAtLineStart: Bool
        }

        /// The lists of rows met in this run, by their storage's address, as `rows` are by theirs
        /// (ADR-0065): a list given again as the very same array (a file page's decisions, shared
        /// by the pages governed alike: `GovernanceRows.decisionLists`), at the same place in the
        /// same templates and in the same state of the output, is its rows' bytes as they were,
        /// copied at once instead of row by row. A list of one row is left to `rows`.
        var lists: [UInt: [ListEntry]] = [:]
        /// Lists copied, for tests.
        var copiedLists = 0

        init() {}

        /// The run's look-up hints (ADR-0066): where its pages found each name, kept from page to
        /// page as the rows are (the rows made from one prototype keep its table).
        private var lookupHints: LookupHints?

        func hints(_ count: Int) -> LookupHints {
            if let lookupHints, lookupHints.count >= count { return lookupHints }
            let hints = LookupHints(count)
            lookupHints = hints
            return hints
        }
    }

    /// A list of rows that a view model gives as the renderer reaches them, each made when it is
    /// read and let go after (ADR-0054): the decisions index's 100,000 summaries were 98 MB held
    /// while it rendered. It renders, shows (`describe`, transforms) and folds into the template
    /// check's shapes (`ShapeAccumulator`) as the array `all` does. A row made again is equal,
    /// not the same dictionary: such rows are never recorded nor kept for a `RowMemo`, which know
    /// a row by its storage's address.
    final class MadeRows: @unchecked Sendable {
        let count: Int
        let row: (Int) -> [String: Any]
        /// The places of rows of which one has each shape the rows have (their keys, and each value's
        /// kind: a String, a list empty or not...), in order; nil: not known. The template check
        /// reads only these (`shapeRows`): rows of one shape fold, and meet a guard, alike, so
        /// the fold of these is the fold of all (ADR-0072). `ViewModels.summaryShapes`.
        let shapes: [Int]?

        init(count: Int, shapes: [Int]? = nil, row: @escaping (Int) -> [String: Any]) {
            self.count = count
            self.shapes = shapes
            self.row = row
        }

        /// The places of the rows the template check's fold and guards read: one of each shape
        /// when `shapes` tells them, else every row.
        var shapeRows: [Int] { shapes ?? Array(0..<count) }

        /// Every row, made now.
        var all: [[String: Any]] { (0..<count).map(row) }
    }

    /// A string that a view model gives in parts, made as the renderer writes it (ADR-0054): the
    /// decisions index's relation graph, tens of megabytes at 100,000 records, is drawn node by
    /// node into the page's output (and its pieces, `Library.Flush`) rather than held whole.
    /// `write` hands each part in order to the function it is given; it is the string `whole`
    /// wherever else it is read (a transform, a fingerprint), and is truthy as a string is.
    final class MadeText: @unchecked Sendable {
        let write: ((String) -> Void) -> Void

        init(write: @escaping ((String) -> Void) -> Void) { self.write = write }

        var whole: String {
            var text = ""
            write { text += $0 }
            return text
        }
    }

    struct RenderError: Error, Equatable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A view model's value, classified once when it is reached.
    enum Value {
        case string(String), int(Int), double(Double), bool(Bool), object([String: Any]), list(Items), null
        /// A string made in parts as it is written (`MadeText`): everywhere else, the string `whole`.
        case text(MadeText)
        /// A value of another type: rendered as `String(describing:)`, truthy.
        case other(Any)
        /// A function: Mustache lambdas are not supported.
        case lambda

        /// A list's elements, kept in their own array type: casting a `[[String: Any]]` to `[Any]`
        /// makes a new array of boxed elements.
        enum Items {
            case any([Any]), objects([[String: Any]]), strings([String])
            /// Rows made as they are read (`MadeRows`).
            case made(MadeRows)

            var isEmpty: Bool { count == 0 }
            var count: Int {
                switch self {
                case .any(let items): return items.count
                case .objects(let items): return items.count
                case .strings(let items): return items.count
                case .made(let rows): return rows.count
                }
            }
            func value(at index: Int) -> Value {
                switch self {
                case .any(let items): return Value(items[index])
                case .objects(let items): return .object(items[index])
                case .strings(let items): return .string(items[index])
                case .made(let rows): return .object(rows.row(index))
                }
            }
        }

        private static let stringType = ObjectIdentifier(String.self), objectType = ObjectIdentifier([String: Any].self)
        private static let objectsType = ObjectIdentifier([[String: Any]].self), stringsType = ObjectIdentifier([String].self)
        private static let intType = ObjectIdentifier(Int.self), boolType = ObjectIdentifier(Bool.self)

        init(_ any: Any) {
            // The common types by identity first; each gives what the casts below would, read from
            // the existential's own buffer (`inline`) rather than through the runtime's dynamic cast.
            let type = ObjectIdentifier(Swift.type(of: any))
            if type == Self.stringType { self = .string(Self.inline(any, as: String.self)) }
            else if type == Self.objectType { self = .object(Self.inline(any, as: [String: Any].self)) }
            else if type == Self.objectsType { self = .list(.objects(Self.inline(any, as: [[String: Any]].self))) }
            else if type == Self.stringsType { self = .list(.strings(Self.inline(any, as: [String].self))) }
            else if type == Self.intType { self = .int(Self.inline(any, as: Int.self)) }
            else if type == Self.boolType { self = .bool(Self.inline(any, as: Bool.self)) }
            else { self.init(casting: any) }
        }

        /// The value held by `any`, whose dynamic type is exactly `T`: an `Any` is three words of
        /// buffer and its type, and a value of at most three words (a String, an array, a
        /// dictionary, an Int, a Bool) is stored in the buffer itself, from its start (the Swift
        /// ABI's existential layout). Otherwise, or on a platform where these are not inline, the
        /// cast. `SpeedEquivalenceTests.valuesClassifiedAsByCasts`.
        @inline(__always)
        static func inline<T>(_ any: Any, as _: T.Type) -> T {
            guard MemoryLayout<T>.size <= 3 * MemoryLayout<Int>.size, MemoryLayout<T>.alignment <= MemoryLayout<Int>.alignment,
                  MemoryLayout<Any>.size == 4 * MemoryLayout<Int>.size else { return any as! T }
            return withUnsafePointer(to: any) { UnsafeRawPointer($0).load(as: T.self) }
        }

        /// `init(_:)` for an `Any` the caller holds, read where it is (ADR-0049): its type is the
        /// existential's own type word (after the three words of buffer), compared with the six
        /// common types'; a value of one of them is loaded from the buffer, as `inline` does; any
        /// other goes to `init(_:)`. No copy of the `Any`, no call for its dynamic type (a value of
        /// these struct types has no other). `MustacheEngineTests.valuesReadInPlaceAsClassified`.
        init(existential any: inout Any) {
            guard Self.readInPlace else {
                self.init(any)
                return
            }
            self = withUnsafePointer(to: &any) { Value(at: $0) }
        }

        /// Whether an `Any`'s value can be read where it is (`init(at:)`).
        static var readInPlace: Bool {
            MemoryLayout<Any>.size == 4 * MemoryLayout<Int>.size && MemoryLayout<String>.size <= 3 * MemoryLayout<Int>.size
                && MemoryLayout<[String: Any]>.size <= 3 * MemoryLayout<Int>.size
        }

        /// `init(existential:)` for an `Any` where it is kept (a dictionary's value: ADR-0066), when
        /// `readInPlace`.
        @inline(__always)
        init(at pointer: UnsafePointer<Any>) {
            self.init(at: pointer, types: Self.types)
        }

        /// `init(at:)` with the common types' words read once by the caller (a renderer's
        /// `types`): `Self.types` is a lazy global, a `swift_once` at every read (ADR-0072).
        @inline(__always)
        fileprivate init(at pointer: UnsafePointer<Any>, types: Types) {
            let raw = UnsafeRawPointer(pointer)
            let type = raw.load(fromByteOffset: 3 * MemoryLayout<Int>.size, as: UnsafeRawPointer.self)
            if type == types.string { self = .string(raw.load(as: String.self)) }
            else if type == types.object { self = .object(raw.load(as: [String: Any].self)) }
            else if type == types.objects { self = .list(.objects(raw.load(as: [[String: Any]].self))) }
            else if type == types.strings { self = .list(.strings(raw.load(as: [String].self))) }
            else if type == types.int { self = .int(raw.load(as: Int.self)) }
            else if type == types.bool { self = .bool(raw.load(as: Bool.self)) }
            else { self = Value(pointer.pointee) }
        }

        /// The six common types' metadata, as an `Any`'s type word holds them.
        fileprivate struct Types {
            let string = Types.word(String.self), object = Types.word([String: Any].self)
            let objects = Types.word([[String: Any]].self), strings = Types.word([String].self)
            let int = Types.word(Int.self), bool = Types.word(Bool.self)
            static func word(_ type: Any.Type) -> UnsafeRawPointer { unsafeBitCast(type, to: UnsafeRawPointer.self) }
        }
        fileprivate static let types = Types()

        /// `init(_:)` by the runtime's casts alone (the classification `init(_:)` must agree with).
        init(casting any: Any) {
            if let string = any as? String { self = .string(string) }
            else if let object = any as? [String: Any] { self = .object(object) }
            else if let flag = any as? Bool { self = .bool(flag) }
            else if let number = any as? Int { self = .int(number) }
            else if let number = any as? Double { self = .double(number) }
            else if let list = any as? [Any] { self = .list(.any(list)) }
            else if let rows = any as? MadeRows { self = .list(.made(rows)) }
            else if let text = any as? MadeText { self = .text(text) }
            else if any is NSNull { self = .null }
            else if let optional = any as? OptionalProtocol { self = optional.wrapped.map { Value($0) } ?? .null }
            else if String(describing: Swift.type(of: any)).contains("->") { self = .lambda }
            else { self = .other(any) }
        }

        var isFalsy: Bool {
            switch self {
            case .bool(let flag): return !flag
            case .null: return true
            case .list(let items): return items.isEmpty
            default: return false
            }
        }
    }

    private struct Renderer {
        let templates: [String: Ops]
        /// The library's `partials`: each kept alive by `templates`.
        let partials: [Unmanaged<Ops>?]
        var stack: [Value]
        /// The dictionary of each frame of `stack` that is an object, nil for the others: a name is
        /// looked up in these without copying a frame's `Value` (ADR-0049).
        var frames: [[String: Any]?]
        /// The page so far (`PageOutput`, ADR-0072): freed by `Library.render` when it is done.
        var output = PageOutput(capacity: 16_384)
        /// Added before the next output that starts a line (inside an indented partial or block).
        var indentation: [UInt8] = []
        var atLineStart = false
        /// Blocks overridden by the parents being rendered: the outermost override of a name wins.
        var overrides: [String: Ops] = [:]
        var depth = 0
        var error: RenderError?
        /// Recording rows (`Recording`): the rows so far, the rows being rendered (their frame on
        /// the stack, and whether they read only themselves), the recording to copy rows from.
        var recording = false
        var spans: [Recording.Span] = []
        var keys: [Recording.Key?] = []
        var open: [(frame: Int, clean: Bool)] = []
        var previous: Recording?
        var copied = 0
        /// Rows rendered before by this run of pages (`RowMemo`), when not recording.
        var memo: RowMemo?
        /// Where the output goes once it holds `flushAt` bytes (`Library.Flush`); never when recording.
        var flush: ((ArraySlice<UInt8>) -> Bool)?
        var flushAt = Int.max
        /// Where each name was last found (ADR-0066); `hintCount` is 0 when they are not used.
        let hints: LookupHints
        let hintBuckets: UnsafeMutablePointer<Int>
        let hintCount: Int
        /// `Value.types`, read once (`Value.init(at:types:)`).
        let types = Value.types

        init(templates: [String: Ops], partials: [Unmanaged<Ops>?], root: Value, hints: LookupHints) {
            self.templates = templates
            self.partials = partials
            self.stack = [root]
            if case .object(let dictionary) = root { frames = [dictionary] } else { frames = [nil] }
            self.hints = hints
            hintBuckets = hints.buckets
            hintCount = Value.readInPlace ? hints.count : 0
        }

        /// Each node of `ops`, reached without retaining it (ADR-0069): `_withUnsafeGuaranteedRef`
        /// hands `render(_: Op)` the node as the caller's reference, with no retain or release. What
        /// keeps it alive: `ops` (the caller holds it: a node's `children` or an override, all
        /// reachable from `templates`, a `let` of this renderer) holds each node in `items`, and no
        /// `Ops` or `Op` changes after it is made. A library cannot be dropped while a renderer
        /// walks it: the renderer's `templates` is its own reference to the compiled templates.
        mutating func render(_ ops: Ops) {
            for op in ops.walk {
                guard error == nil else { return }
                op._withUnsafeGuaranteedRef { render($0) }
                if output.count >= flushAt { flushIfOpen() }
            }
        }

        /// Hands all the output but its last byte to `flush`, unless a row being kept for the memo
        /// is open (its bytes are taken from the output when it ends: `renderMemoRow`).
        mutating func flushIfOpen() {
            guard open.isEmpty, error == nil, let flush, output.count >= 2 else { return }
            let end = output.count - 1
            guard flush(output.array(to: end)[...]) else {
                fail("the page could not be written")
                return
            }
            // A value written whole (the relation graph, tens of megabytes) left a large buffer:
            // a smaller one takes the last byte.
            output.removeFirst(end, shrinkingTo: output.capacity > 4 * flushAt ? 2 * flushAt : nil)
        }

        mutating func render(_ op: Op) {
            switch op.kind {
            case .text:
                writeText(op)
            case .variable:
                guard let value = lookup(op.name, slot: op.slot) else { return }
                // Consumed: the payload is moved out, not copied and the value destroyed after (ADR-0069).
                switch consume value {
                case .string(let text):
                    if op.escaped {
                        startOutput(text.isEmpty)
                        output.appendEscaped(text)
                        noteEnd()
                    } else if flush != nil, text.utf8.count > flushAt {
                        writeInPieces(text)
                    } else {
                        write(text.utf8)
                    }
                case .int(let number): write(String(number).utf8)
                case .double(let number): write(Self.format(number).utf8)
                case .bool(let flag): write((flag ? "true" : "false").utf8)
                case .null: return
                case .text(let made):
                    // As `.string` above, part by part: the indentation before the first byte, the
                    // line's state from the last (an escaped value's even when it is empty).
                    var started = false
                    made.write { part in
                        guard !part.isEmpty else { return }
                        if !started {
                            startOutput(false)
                            started = true
                        }
                        if op.escaped { output.appendEscaped(part) } else { output.append(contentsOf: part.utf8) }
                        if output.count >= flushAt { flushIfOpen() }
                    }
                    if op.escaped { noteEnd() } else if started { atLineStart = output.last == UInt8(ascii: "\n") }
                case .lambda: fail("'\(op.name.text)' is a function: Mustache lambdas are not supported")
                case let other:  // .object, .list, .other
                    let text = Self.describe(other)
                    if op.escaped {
                        startOutput(text.isEmpty)
                        output.appendEscaped(text)
                        noteEnd()
                    } else {
                        write(text.utf8)
                    }
                }
            case .section:
                let nodes = op.children
                guard let value = lookup(op.name, slot: op.slot) else {
                    if op.inverted { render(nodes) }
                    return
                }
                // Consumed once: the payload is moved out, not copied and the value destroyed after
                // (ADR-0069); whether it is falsy (`Value.isFalsy`) is told by the case it is, not
                // asked first of a copy (ADR-0072).
                switch consume value {
                case .lambda:
                    fail("'\(op.name.text)' is a function: Mustache lambdas are not supported")
                case .null:
                    if op.inverted { render(nodes) }
                case .bool(let flag):
                    if flag != op.inverted { render(nodes) }
                case .list(let items):
                    if op.inverted {
                        if items.isEmpty { render(nodes) }
                        return
                    }
                    if items.isEmpty { return }
                    switch consume items {
                    case .objects(let objects):
                        if recording {
                            for object in objects { renderRow(object, nodes) }
                        } else if let memo, Recording.possible, overrides.isEmpty {
                            renderMemoList(objects, nodes, memo)
                        } else {
                            for object in objects {
                                renderPushing(object: object, nodes)
                                if output.count >= flushAt { flushIfOpen() }
                            }
                        }
                    case .strings(let strings):
                        for string in strings {
                            renderPushing(.string(string), nodes)
                            if output.count >= flushAt { flushIfOpen() }
                        }
                    case .any(let values):
                        for value in values {
                            renderPushing(Value(value), nodes)
                            if output.count >= flushAt { flushIfOpen() }
                        }
                    case .made(let rows):
                        // Each row let go once rendered: its address may be the next one's, so it
                        // is neither recorded nor kept for the memo (`MadeRows`).
                        for index in 0..<rows.count {
                            renderPushing(object: rows.row(index), nodes)
                            if output.count >= flushAt { flushIfOpen() }
                        }
                    }
                case .object(let object):
                    if !op.inverted { renderPushing(object: object, nodes) }
                case let other:  // .string, .int, .double, .text, .other: truthy
                    if !op.inverted { renderPushing(other, nodes) }
                }
            case .partial:
                if op.partial >= 0 {
                    // Found when the templates were registered (ADR-0072), walked without a retain
                    // as `render(_: Ops)` walks nodes (ADR-0069): `templates` keeps it.
                    guard let nodes = partials[op.partial] else { return }  // an unknown partial renders as nothing
                    nodes._withUnsafeGuaranteedRef { renderPartial(op, $0) }
                    return
                }
                var name = op.text
                if op.dynamic {
                    guard case .string(let resolved)? = lookup(op.name, slot: op.slot) else { return }
                    name = resolved
                }
                guard let nodes = templates[name] else { return }  // an unknown partial renders as nothing
                renderPartial(op, nodes)
            case .block:
                if let override = overrides[op.text] {
                    let saved = indentation
                    indentation += op.indentation
                    if op.standalone { atLineStart = true }
                    render(override)
                    indentation = saved
                } else {
                    render(op.children)
                }
            }
        }

        /// Partial node `op`'s template `nodes`, with its indentation and the blocks it overrides.
        mutating func renderPartial(_ op: Op, _ nodes: Ops) {
            guard depth < Library.maximumDepth else {
                fail("partials nested deeper than \(Library.maximumDepth) levels at '\(op.text)' (a partial that includes itself without end?)")
                return
            }
            let savedIndentation = indentation, savedOverrides = overrides
            indentation += op.indentation
            if op.standalone { atLineStart = true }
            if let own = op.overrides {
                overrides.merge(own) { outer, _ in outer }
            }
            depth += 1
            render(nodes)
            depth -= 1
            indentation = savedIndentation
            overrides = savedOverrides
        }

        /// An object of a list of objects, recorded (and copied from the previous recording when it
        /// can be): `Recording`.
        mutating func renderRow(_ object: [String: Any], _ nodes: Ops) {
            let key: Recording.Key? = overrides.isEmpty
                ? Recording.Key(item: Recording.address(object), nodes: Recording.address(nodes), atLineStart: atLineStart,
                                lastIsNewline: output.last == UInt8(ascii: "\n"), indentation: indentation, depth: depth)
                : nil
            if let key, let previous, let index = previous.span(key) {
                let span = previous.spans[index]
                let delta = output.count - span.start
                let base = spans.count
                for inner in span.nested..<index {
                    var copy = previous.spans[inner]
                    copy.start += delta
                    copy.end += delta
                    copy.nested += base - span.nested
                    spans.append(copy)
                    keys.append(previous.keys[inner])
                }
                output.append(contentsOf: previous.output[span.start..<span.end])
                atLineStart = span.endsAtLineStart
                spans.append(Recording.Span(start: span.start + delta, end: span.end + delta, nested: base, endsAtLineStart: atLineStart))
                keys.append(key)
                copied += 1
                return
            }
            let start = output.count, nested = spans.count
            open.append((frame: stack.count, clean: true))
            renderPushing(object: object, nodes)
            let clean = open.removeLast().clean
            spans.append(Recording.Span(start: start, end: output.count, nested: nested, endsAtLineStart: atLineStart))
            keys.append(clean ? key : nil)
        }

        /// An object of a list of objects, copied from `memo` when this run rendered it before in
        /// the same place and state, else rendered and, when it read only itself, kept there.
        mutating func renderMemoRow(_ object: [String: Any], _ nodes: Ops, _ memo: RowMemo) {
            let item = Recording.address(object)
            guard let slot = memo.rows.index(forKey: item) else {
                // Met for the first time: rendered, not kept (a row kept is the same bytes, so whether
                // a row is kept changes only the work). Rows around it still learn what it reads.
                memo.rows[item] = []
                renderPushing(object: object, nodes)
                return
            }
            let key = Recording.Key(item: item, nodes: Recording.address(nodes), atLineStart: atLineStart,
                                    lastIsNewline: output.last == UInt8(ascii: "\n"), indentation: indentation, depth: depth)
            let entries = memo.rows.values[slot]
            for index in entries.indices where entries[index].key == key {
                output.append(contentsOf: entries[index].bytes)
                atLineStart = entries[index].endsAtLineStart
                memo.copied += 1
                return
            }
            let start = output.count
            open.append((frame: stack.count, clean: true))
            renderPushing(object: object, nodes)
            let clean = open.removeLast().clean
            if clean, error == nil {
                // Looked up again: the rows rendered inside this one may have moved the table.
                memo.rows[item, default: []].append(RowMemo.Entry(key: key, row: object, bytes: output.array(from: start),
                                                                  endsAtLineStart: atLineStart))
            }
        }

        /// A list of objects, copied from `memo` when this run rendered the very same array before
        /// in the same place and state, else rendered row by row (`renderMemoRow`) and kept when
        /// every row read only itself (ADR-0065). A list is kept the first time it comes, unlike a
        /// row (ADR-0047): rendering a list's rows costs far more than copying their bytes once, so
        /// the lists a page makes for itself (a decision's files, its tags) cost a copy and are held
        /// until the run ends, while a list shared by the run's pages is rendered once, not twice.
        /// A list being kept holds back the page's pieces (its bytes are taken from the output when
        /// it ends): once the output reaches a piece's size it is no longer kept, and goes out.
        mutating func renderMemoList(_ objects: [[String: Any]], _ nodes: Ops, _ memo: RowMemo) {
            guard objects.count > 1 else {
                for object in objects { renderMemoRow(object, nodes, memo) }
                if output.count >= flushAt { flushIfOpen() }
                return
            }
            let item = Recording.address(objects)
            let key = Recording.Key(item: item, nodes: Recording.address(nodes), atLineStart: atLineStart,
                                    lastIsNewline: output.last == UInt8(ascii: "\n"), indentation: indentation, depth: depth)
            if let slot = memo.lists.index(forKey: item) {
                let entries = memo.lists.values[slot]
                for index in entries.indices where entries[index].key == key {
                    output.append(contentsOf: entries[index].bytes)
                    atLineStart = entries[index].endsAtLineStart
                    memo.copiedLists += 1
                    if output.count >= flushAt { flushIfOpen() }
                    return
                }
            }
            let start = output.count
            open.append((frame: stack.count, clean: true))
            var keeping = true
            for object in objects {
                renderMemoRow(object, nodes, memo)
                guard output.count >= flushAt else { continue }
                // A page past a piece's size goes out as it renders (ADR-0054): the list is not
                // kept, its rows' bytes are handed over as they come.
                if keeping {
                    open.removeLast()
                    keeping = false
                }
                flushIfOpen()
            }
            guard keeping else { return }
            let clean = open.removeLast().clean
            if clean, error == nil {
                // Looked up again: the lists rendered inside this one may have moved the table.
                memo.lists[item, default: []].append(RowMemo.ListEntry(key: key, list: objects, bytes: output.array(from: start),
                                                                       endsAtLineStart: atLineStart))
            }
            if output.count >= flushAt { flushIfOpen() }
        }

        /// A name was found in frame `frame` of the stack (-1: not found): a row being recorded
        /// whose frame is above it read something outside itself.
        mutating func found(at frame: Int) {
            guard let last = open.last, frame < last.frame else { return }
            for index in open.indices.reversed() {
                guard open[index].frame > frame else { break }
                open[index].clean = false
            }
        }

        mutating func renderPushing(_ value: Value, _ nodes: Ops) {
            if case .object(let object) = value { return renderPushing(object: object, nodes) }
            stack.append(value)
            frames.append(nil)
            render(nodes)
            stack.removeLast()
            frames.removeLast()
        }

        mutating func renderPushing(object: [String: Any], _ nodes: Ops) {
            stack.append(.object(object))
            frames.append(object)
            render(nodes)
            stack.removeLast()
            frames.removeLast()
        }

        mutating func fail(_ message: String) {
            if error == nil { error = RenderError(message: message) }
        }
        // MARK: Output, with the indentation of partials and blocks

        /// Before output: the indentation when a line starts here.
        mutating func startOutput(_ isEmpty: Bool) {
            if atLineStart, !isEmpty, !indentation.isEmpty { output.append(contentsOf: indentation) }
            if !isEmpty { atLineStart = false }
        }

        mutating func noteEnd() {
            if let last = output.last { atLineStart = last == UInt8(ascii: "\n") }
        }

        mutating func write(_ bytes: some Collection<UInt8>) {
            guard !bytes.isEmpty else { return }
            startOutput(false)
            output.append(contentsOf: bytes)
            atLineStart = output.last == UInt8(ascii: "\n")
        }

        /// `write(text.utf8)` for a value larger than a piece (the relation graph of the decisions
        /// index, tens of megabytes): the same bytes, handed to `flush` as they are added.
        mutating func writeInPieces(_ text: String) {
            var text = text
            startOutput(false)
            text.withUTF8 { bytes in
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + flushAt)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                    if output.count >= flushAt { flushIfOpen() }
                }
            }
            atLineStart = output.last == UInt8(ascii: "\n")
        }

        /// Template text: with an indentation, each of its lines starts with it.
        mutating func writeText(_ op: Op) {
            guard !op.bytes.isEmpty else { return }
            if indentation.isEmpty {
                // Borrowed, not copied: `append(contentsOf:)` takes an array as its own (a retain
                // and a release of the node's bytes, shared by every worker: ADR-0069).
                op.bytes.withUnsafeBufferPointer { output.append(contentsOf: $0) }
                atLineStart = op.endsLine
                return
            }
            let bytes = op.bytes
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if end < bytes.count { end += 1 }
                write(bytes[start..<end])
                start = end
            }
        }

        // MARK: Lookup

        /// The value a name refers to, transforms applied; nil when it is not found. `slot`: the
        /// node's place in the look-up hints (`Op.slot`), -1 for none.
        mutating func lookup(_ name: Name, slot: Int) -> Value? {
            var found: Value
            switch name.scope {
            case .current:
                guard let top = stack.last else { return nil }
                found = top
            case .top, .stack:
                var current: Value
                if name.scope == .top {
                    guard let top = stack.last, let value = child(name.first, of: top, slot: slot) else { return nil }
                    current = value
                } else {
                    // Each frame from the top; only an object's frame can hold the name. The value is
                    // classified where it was found, without another copy of its `Any` (ADR-0049).
                    guard let value = lookupInFrames(name.first, slot: slot) else { return nil }
                    current = value
                }
                let components = name.components
                var index = 1
                while index < components.count {
                    guard let next = child(components[index], of: current, slot: slot < 0 ? -1 : slot &+ index) else { return nil }
                    current = next
                    index += 1
                }
                found = current
            }
            let transforms = name.transforms
            // Innermost first, by index: `reversed()` here made an array at every look-up (ADR-0072).
            var next = transforms.count
            while next > 0 {
                next &-= 1
                let transform = transforms[next]
                if transform == "slug", case .string(let text) = found {
                    found = .string(slug(text))
                    continue
                }
                guard let transformed = Mustache.transform(transform, found) else { return nil }
                found = transformed
            }
            return found
        }

        /// The last text the `slug` transform was given and what it gave (ADR-0058): every decision
        /// page's `slug(status)` and each row's, a few statuses over and over.
        var lastSlug: (text: String, slug: String)?

        /// `RelationGraph.classSafe(text)`, as `Mustache.transform("slug", .string(text))` gives it.
        /// The same text is the same bytes: `==` on Strings is canonical equivalence, and `é` and
        /// `e` with a combining accent have different slugs.
        mutating func slug(_ text: String) -> String {
            // The same bits are the same text (a short one is its bits; a long one its storage),
            // compared before the bytes (ADR-0072).
            if let lastSlug, DictionaryTable.sameBits(lastSlug.text, text) || lastSlug.text.utf8.elementsEqual(text.utf8) {
                return lastSlug.slug
            }
            let slug = RelationGraph.classSafe(text)
            lastSlug = (text, slug)
            return slug
        }

        /// The value of `key` in the topmost frame that has it, noting where it was found for the
        /// rows being recorded (`found(at:)`); nil when no frame has it.
        ///
        /// With a slot, each frame's dictionary is first read at the bucket where this node's name
        /// was last found (ADR-0066): the name there is the dictionary's value for it, found
        /// without hashing the name. Else the dictionary is asked (and the hint set to where it
        /// has the name): the same value, `SpeedEquivalenceTests.hintedLookUpsAsPlain`.
        mutating func lookupInFrames(_ key: String, slot: Int) -> Value? {
            guard slot >= 0, slot < hintCount else { return lookupInFrames(key) }
            let hint = hintBuckets[slot]
            var frame = frames.count - 1
            while frame >= 0 {
                // The frame's storage word, read without retaining the dictionary `frames` keeps.
                let word = frames.withUnsafeBufferPointer { buffer in
                    UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped).load(fromByteOffset: frame &* MemoryLayout<UInt>.size, as: UInt.self)
                }
                if word != 0 {
                    if let value = DictionaryTable.value(in: UnsafeRawPointer(bitPattern: word).unsafelyUnwrapped, forKey: key, atBucket: hint) {
                        if !open.isEmpty { self.found(at: frame) }
                        return Value(at: value, types: types)
                    }
                    if let dictionary = frames[frame], let index = dictionary.index(forKey: key) {
                        hintBuckets[slot] = DictionaryTable.bucket(of: index)
                        var value = dictionary.values[index]
                        if !open.isEmpty { self.found(at: frame) }
                        return Value(existential: &value)
                    }
                }
                frame -= 1
            }
            if !open.isEmpty { self.found(at: -1) }
            return nil
        }

        /// `lookupInFrames(_:slot:)` without hints: each frame's dictionary asked from the top.
        mutating func lookupInFrames(_ key: String) -> Value? {
            var frame = frames.count - 1
            while frame >= 0 {
                if var value = frames[frame]?[key] {
                    if !open.isEmpty { self.found(at: frame) }
                    return Value(existential: &value)
                }
                frame -= 1
            }
            if !open.isEmpty { self.found(at: -1) }
            return nil
        }

        static func child(_ name: String, of value: Value) -> Value? {
            guard case .object(let dictionary) = value, var child = dictionary[name] else { return nil }
            return Value(existential: &child)
        }

        /// `child(_:of:)`, first at the bucket where slot `slot` last found its name (ADR-0066):
        /// a dotted name's later components (`site.title`) and `{{.name}}`.
        mutating func child(_ name: String, of value: Value, slot: Int) -> Value? {
            guard slot >= 0, slot < hintCount else { return Self.child(name, of: value) }
            guard case .object(let dictionary) = value else { return nil }
            if let found = DictionaryTable.value(in: DictionaryTable.storage(dictionary), forKey: name, atBucket: hintBuckets[slot]) {
                return Value(at: found, types: types)
            }
            guard let index = dictionary.index(forKey: name) else { return nil }
            hintBuckets[slot] = DictionaryTable.bucket(of: index)
            var child = dictionary.values[index]
            return Value(existential: &child)
        }

        static func plainName(_ text: String, line: Int, column: Int) -> Name {
            let components = text.split(separator: ".").map(String.init)
            return Name(scope: .stack, components: components.isEmpty ? [text] : components, transforms: [], text: text, line: line, column: column)
        }

        static func format(_ number: Double) -> String {
            if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        }

        /// A mapping or list printed as a variable (`{{meta.x}}`), as Swift prints it
        /// (`["a": 1, "b": ["c"]]`), but with every mapping's keys in order: Swift's own description
        /// follows the dictionary's hash order, which changes from one process to the next, so a
        /// user's theme that printed one made a different site at every build.
        static func nested(_ value: Value) -> String {
            switch value {
            case .object(let object):
                guard !object.isEmpty else { return "[:]" }
                return "[" + object.keys.sorted().map { String(reflecting: $0) + ": " + nested(Value(object[$0] as Any)) }.joined(separator: ", ") + "]"
            case .list(let items):
                return "[" + (0..<items.count).map { nested(items.value(at: $0)) }.joined(separator: ", ") + "]"
            case .string(let text): return String(reflecting: text)
            case .text(let made): return String(reflecting: made.whole)
            case .int(let number): return String(number)
            case .double(let number): return String(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .other(let any): return String(reflecting: any)
            case .null: return "nil"
            case .lambda: return "(Function)"
            }
        }

        static func describe(_ value: Value) -> String {
            switch value {
            case .string(let text): return text
            case .int(let number): return String(number)
            case .double(let number): return format(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .object, .list: return nested(value)
            case .other(let any): return String(describing: any)
            case .text(let made): return made.whole
            case .null, .lambda: return ""
            }
        }
    }

    /// The transforms a name may apply (`{{#empty(tags)}}`); nil when it does not apply to the value.
    static let transforms: Set<String> = ["empty", "count", "first", "last", "reversed", "sorted", "capitalized", "lowercased",
                                          "uppercased", "equalzero", "plusone", "minusone", "even", "odd", "slug"]

    static func transform(_ name: String, _ value: Value) -> Value? {
        if case .text(let made) = value { return transform(name, .string(made.whole)) }
        switch value {
        case .list(let items):
            switch name {
            case "empty": return .bool(items.isEmpty)
            case "count": return .int(items.count)
            case "first": return items.isEmpty ? nil : items.value(at: 0)
            case "last": return items.isEmpty ? nil : items.value(at: items.count - 1)
            case "reversed":
                switch items {
                case .any(let list): return .list(.any(list.reversed()))
                case .objects(let list): return .list(.objects(list.reversed()))
                case .strings(let list): return .list(.strings(list.reversed()))
                case .made(let rows): return .list(.objects(rows.all.reversed()))
                }
            case "sorted":
                switch items {
                case .strings(let list): return .list(.strings(list.sorted()))
                case .any(let list):
                    if let strings = list as? [String] { return .list(.strings(strings.sorted())) }
                    if let numbers = list as? [Int] { return .list(.any(numbers.sorted())) }
                    return nil
                case .objects, .made: return nil
                }
            default: return nil
            }
        case .string(let text):
            switch name {
            case "empty": return .bool(text.isEmpty)
            case "count": return .int(text.count)
            case "capitalized": return .string(text.capitalized)
            case "lowercased": return .string(text.lowercased())
            case "uppercased": return .string(text.uppercased())
            // For a class name made from a record's words (`status-{{slug(status)}}`): lower case,
            // every character but an ASCII letter or digit a `-`, so `In Review` is one class.
            case "slug": return .string(RelationGraph.classSafe(text))
            case "reversed": return .string(String(text.reversed()))
            default: return nil
            }
        case .object(let object):
            switch name {
            case "empty": return .bool(object.isEmpty)
            case "count": return .int(object.count)
            default: return nil
            }
        case .int(let number):
            switch name {
            case "equalzero": return .bool(number == 0)
            case "plusone": return .int(number + 1)
            case "minusone": return .int(number - 1)
            case "even": return .bool(number & 1 == 0)
            case "odd": return .bool(number & 1 == 1)
            default: return nil
            }
        default:
            return nil
        }
    }
}

/// Lets `Mustache.Value` see through an `Optional` stored in an `Any`.
private protocol OptionalProtocol { var wrapped: Any? { get } }
extension Optional: OptionalProtocol {
    fileprivate var wrapped: Any? { self.map { $0 as Any } }
}

/// A page's bytes as the renderer writes them (ADR-0072): memory of its own, a byte run appended
/// by a bounds check and a copy. `Array.append(contentsOf:)` took about 100 instructions a call
/// besides the copy (its generic path through the sequence, a uniqueness check of the buffer),
/// for runs of a few bytes each: template text, escaped values. A renderer is never copied, and
/// `Library.render` frees its output exactly once when it is done (`free()`), after taking the
/// page as an array (`array()`).
fileprivate struct PageOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    func free() { base.deallocate() }

    var last: UInt8? { count > 0 ? base[count &- 1] : nil }

    mutating func reserveCapacity(_ wanted: Int) {
        guard wanted > capacity else { return }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: wanted)
        fresh.initialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = wanted
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        let added = bytes.count
        guard added > 0 else { return }
        if capacity &- count < added { reserveCapacity(Swift.max(count &+ added, 2 &* capacity)) }
        (base + count).initialize(from: bytes.baseAddress.unsafelyUnwrapped, count: added)
        count &+= added
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { reserveCapacity(2 &* capacity) }
        base[count] = byte
        count &+= 1
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func append(contentsOf bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func append<Bytes: Collection<UInt8>>(contentsOf bytes: Bytes) {
        if bytes.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) != nil { return }
        for byte in bytes { append(byte) }
    }

    /// `HTMLEscaping.append(text, to:)`, here: the same bytes.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for index in 0..<bytes.count where HTMLEscaping.needsEscape(bytes[index]) {
                if index > run { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
                switch bytes[index] {
                case UInt8(ascii: "<"): append(escape: "&lt;")
                case UInt8(ascii: ">"): append(escape: "&gt;")
                case UInt8(ascii: "&"): append(escape: "&amp;")
                case UInt8(ascii: "\""): append(escape: "&quot;")
                default: append(escape: "&#39;")
                }
                run = index &+ 1
            }
            if bytes.count > run { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count])) }
        }
    }

    @inline(__always)
    private mutating func append(escape: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
    }

    /// The bytes written, where they are: valid until the next change or `free()`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The bytes from `start` on, or before `end`, as an array.
    func array(from start: Int = 0) -> [UInt8] { Array(UnsafeBufferPointer(start: base + start, count: count - start)) }
    func array(to end: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: end)) }

    /// Drops the first `dropped` bytes; with `shrinkingTo`, into memory of that size (at least what is left).
    mutating func removeFirst(_ dropped: Int, shrinkingTo smaller: Int?) {
        let left = count - dropped
        if let smaller {
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(16, smaller, left))
            fresh.initialize(from: base + dropped, count: left)
            base.deallocate()
            base = fresh
            capacity = Swift.max(16, smaller, left)
        } else {
            memmove(base, base + dropped, left)
        }
        count = left
    }
}

/// HTML escaping of interpolated values.
enum HTMLEscaping {
    /// Escapes `<`, `>`, `&`, `"` and `'` byte by byte. (Escaping by Character misses a quote
    /// followed by a combining mark: one Character that is not `"`, which lets a value break out of
    /// an attribute.) These are ASCII, never inside a multi-byte sequence.
    static func append(_ text: String, to output: inout [UInt8]) {
        // Runs of bytes that need no escape are copied at once (byte by byte it was 1.7% of a
        // clean build, ADR-0041); the escapes are the same.
        let done = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            append(bytes, to: &output)
            return true
        }
        if done == true { return }
        for byte in text.utf8 { appendEscaped(byte, to: &output) }
    }

    /// `append(_:to:)` of a text's UTF-8 bytes (a part of them cut at a Character's end).
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var run = 0
        for index in 0..<bytes.count where needsEscape(bytes[index]) {
            if index > run { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
            appendEscaped(bytes[index], to: &output)
            run = index + 1
        }
        if bytes.count > run { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count])) }
    }

    static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a byte is one of the five escaped, all below 64, found as a bit of one word
    /// (ADR-0049): `"` 0x22, `&` 0x26, `'` 0x27, `<` 0x3C, `>` 0x3E
    /// (`MustacheEngineTests.escapedBytesAreTheFive`).
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 64 && (0x5000_00C4_0000_0000 as UInt64) >> UInt64(byte) & 1 != 0
    }

    @inline(__always)
    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
        default: output.append(byte)
        }
    }
}
