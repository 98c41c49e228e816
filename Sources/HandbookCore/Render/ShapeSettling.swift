import Foundation

/// A step from a view model's root to a place in it: a field, or every element of a list.
enum ShapeStep: Hashable {
    case field(String)
    case element
}

/// What a template check that settled early (ADR-0060) needs of the pages it did not fold: a
/// condition on one place of every later page's view model, and of the fold of them.
enum ShapeGuard {
    /// Nothing but a String, an Int, a Bool (or nothing) at `path`: the shape there stays `.value`.
    case scalar([ShapeStep])
    /// No field `key` in the object at `path`: no frame there gains a name that would shadow an outer one.
    case lacks([ShapeStep], String)
    /// Where the shape at `path` has a kind, the value there has the same kind (or none), down the
    /// whole shape: the kinds the sample handbook's pages gave places the pages before had none for.
    case conforms([ShapeStep], ViewShape)

    /// One text for each guard of the first two kinds (the third is one a place: keyed by its path).
    var key: String {
        func text(_ path: [ShapeStep]) -> String {
            path.map { if case .field(let name) = $0 { return "." + name } else { return "[]" } }.joined()
        }
        switch self {
        case .scalar(let path): return "s" + text(path)
        case .lacks(let path, let key): return "l" + text(path) + " " + key
        case .conforms(let path, _): return "c" + text(path)
        }
    }

    // MARK: A page's model

    /// True when `model` (a page's view model) meets the guard. A value whose kind differs from the
    /// one the path goes through fails (it would be dropped by the fold, but failing is only ever
    /// a reason to fold everything).
    func holds(onModel model: Any) -> Bool {
        Self.follow(model, path[...]) { holds(atEnd: $0) }
    }

    /// The place the guard is about.
    var path: [ShapeStep] {
        switch self {
        case .scalar(let path), .lacks(let path, _), .conforms(let path, _): return path
        }
    }

    /// True when the value at the end of `path` meets the guard.
    func holds(atEnd value: Any) -> Bool {
        switch self {
        case .scalar:
            if case .scalar = Kind.of(value) { return true } else { return false }
        case .lacks(_, let key):
            switch Kind.of(value) {
            case .scalar: return true
            case .object(let fields): return fields[key] == nil
            case .list: return false
            }
        case .conforms(_, let shape):
            return Self.conforms(value, shape)
        }
    }

    /// A value as the fold reads it (`ShapeAccumulator.add`): an object, a list, or a plain value.
    enum Kind {
        case scalar
        case object([String: Any])
        case list(count: Int, element: (Int) -> Any)

        /// By the value's type first, as `ShapeAccumulator.add` reads it: a cast of a dictionary to
        /// a class (`as Mustache.MadeRows`) bridges the whole dictionary, every value boxed, and
        /// made the first version of this eight times slower than the fold it spares.
        static func of(_ value: Any) -> Kind {
            let type = ObjectIdentifier(Swift.type(of: value))
            if type == ObjectIdentifier(String.self) || type == ObjectIdentifier(Int.self) || type == ObjectIdentifier(Bool.self) {
                return .scalar
            }
            if type == ObjectIdentifier([String: Any].self) { return .object(Mustache.Value.inline(value, as: [String: Any].self)) }
            if type == ObjectIdentifier([[String: Any]].self) {
                let rows = Mustache.Value.inline(value, as: [[String: Any]].self)
                return .list(count: rows.count, element: { rows[$0] })
            }
            if type == ObjectIdentifier([String].self) {
                let strings = Mustache.Value.inline(value, as: [String].self)
                return .list(count: strings.count, element: { strings[$0] })
            }
            if type == ObjectIdentifier(Mustache.MadeRows.self) {
                // A row of each shape (`MadeRows.shapes`, ADR-0072): rows of one shape meet a guard alike.
                let rows = unsafeDowncast(value as AnyObject, to: Mustache.MadeRows.self)
                let places = rows.shapeRows
                return .list(count: places.count, element: { rows.row(places[$0]) })
            }
            switch value {
            case let dictionary as [String: Any]: return .object(dictionary)
            case let array as [Any]: return .list(count: array.count, element: { array[$0] })
            default: return .scalar
            }
        }
    }

    private static func follow(_ value: Any, _ path: ArraySlice<ShapeStep>, _ end: (Any) -> Bool) -> Bool {
        guard let step = path.first else { return end(value) }
        switch (step, Kind.of(value)) {
        case (_, .scalar): return true
        case (.field(let name), .object(let fields)):
            guard let field = fields[name] else { return true }
            return follow(field, path.dropFirst(), end)
        case (.element, .list(let count, let element)):
            return (0..<count).allSatisfy { follow(element($0), path.dropFirst(), end) }
        default:
            return false
        }
    }

    private static func conforms(_ value: Any, _ shape: ViewShape) -> Bool {
        switch (shape, Kind.of(value)) {
        case (.value, _), (_, .scalar): return true
        case (.object(let shapes), .object(let fields)):
            return fields.allSatisfy { key, field in shapes[key].map { conforms(field, $0) } ?? true }
        case (.list(let element), .list(let count, let item)):
            guard let element else { return true }
            return (0..<count).allSatisfy { conforms(item($0), element) }
        default:
            return false
        }
    }

    // MARK: A folded shape

    /// True when the folded `shape` meets the guard (every page folded into it did, as far as the fold shows).
    func holds(onShape shape: ViewShape) -> Bool {
        switch self {
        case .scalar(let path):
            return Self.follow(shape, path[...]) { $0 == .value }
        case .lacks(let path, let key):
            return Self.follow(shape, path[...]) {
                if case .object(let fields) = $0 { return fields[key] == nil }
                return true
            }
        case .conforms(let path, let reference):
            return Self.follow(shape, path[...]) { Self.conforms($0, reference) }
        }
    }

    private static func follow(_ shape: ViewShape, _ path: ArraySlice<ShapeStep>, _ end: (ViewShape) -> Bool) -> Bool {
        guard let step = path.first else { return end(shape) }
        switch (step, shape) {
        case (_, .value): return true
        case (.field(let name), .object(let fields)):
            guard let field = fields[name] else { return true }
            return follow(field, path.dropFirst(), end)
        case (.element, .list(let element)):
            guard let element else { return true }
            return follow(element, path.dropFirst(), end)
        default:
            return false
        }
    }

    private static func conforms(_ shape: ViewShape, _ reference: ViewShape) -> Bool {
        switch (reference, shape) {
        case (.value, _), (_, .value): return true
        case (.object(let shapes), .object(let fields)):
            return fields.allSatisfy { key, field in shapes[key].map { conforms(field, $0) } ?? true }
        case (.list(let element), .list(let item)):
            guard let element, let item else { return true }
            return conforms(item, element)
        default:
            return false
        }
    }
}

/// The guards of a settled template checked on a page's model in one walk (ADR-0075): the guards'
/// paths as a tree, each place read once however many guards go through it (a decision page's
/// guards went through `decision` one by one, each hashing the name again). The same answer as
/// `guards.allSatisfy { $0.holds(onModel: model) }`: at each place the guards that end there hold
/// on its value, and below it the value's kind is the one the steps go through (a field step on
/// an object, a missing field holding; an element step on a list, every element), a plain
/// value holding whatever is below. `ShapeSettlingTests.theSettledFoldIsCheckedAsTheFullFold`.
final class GuardWalk: @unchecked Sendable {
    let guards: [ShapeGuard]

    private final class Place {
        var ends: [ShapeGuard] = []
        var fields: [(name: String, place: Place)] = []
        var element: Place?
    }

    private let root = Place()

    init(_ guards: [ShapeGuard]) {
        self.guards = guards
        for check in guards {
            var place = root
            for step in check.path {
                switch step {
                case .field(let name):
                    if let found = place.fields.first(where: { $0.name == name }) {
                        place = found.place
                    } else {
                        let next = Place()
                        place.fields.append((name, next))
                        place = next
                    }
                case .element:
                    let next = place.element ?? Place()
                    place.element = next
                    place = next
                }
            }
            place.ends.append(check)
        }
    }

    func holds(onModel model: Any) -> Bool { Self.holds(model, root) }

    private static func holds(_ value: Any, _ place: Place) -> Bool {
        for check in place.ends where !check.holds(atEnd: value) { return false }
        if place.fields.isEmpty, place.element == nil { return true }
        switch ShapeGuard.Kind.of(value) {
        case .scalar:
            return true
        case .object(let fields):
            guard place.element == nil else { return false }
            for (name, next) in place.fields {
                if let field = fields[name], !holds(field, next) { return false }
            }
            return true
        case .list(let count, let element):
            guard place.fields.isEmpty, let next = place.element else { return place.fields.isEmpty }
            return (0..<count).allSatisfy { holds(element($0), next) }
        }
    }
}

/// When the template check may stop folding a template's pages (ADR-0060), and what the pages it
/// does not fold must then meet.
///
/// The check (`TemplateValidator`) reads one shape: the fold of every page's model in page order,
/// then the sample handbook's (`RenderStage.validate`). The fold only grows: a place's first kind
/// stays, an object gains fields, a list elements, a `.value` may become an object or a list.
/// `guards(for:prefix:sample:)` takes the fold of the pages so far (P) and of the sample's (S) and
/// answers guards such that the whole fold, P, the later pages R, then S, is checked without a
/// problem when every page of R meets them, whatever else R holds; nil when it cannot say so.
/// Then the pages of R need not be folded: the checks of P ⊕ R ⊕ S and of P ⊕ (any of R) ⊕ S both
/// find nothing, so report the same.
///
/// - The places where S gives a kind P has none for: R must give none there or the same
///   (`conforms`). Then the whole fold holds P ⊕ S place for place (it can only have more).
/// - The check of P ⊕ S must find no problem, and hold for every fold that holds it and meets
///   the guards. A name found goes on being found where its frame is still on the stack; what can
///   change is which frame a name is found in (a frame inner to it gains the name: `lacks`), and
///   which frames there are (a section whose shape is a `.value` pushes one once it is an object
///   or a list: `scalar`; a list with no element yet pushes an empty frame now and its elements'
///   later: never settled). The walk below follows, for each frame, the guards under which the
///   check of any such fold has that frame at that place (its image), and for the stack the guards
///   under which its frames are exactly those; a name whose frame matters adds them.
struct SettleRule {
    let templates: [String: [Mustache.Node]]
    let names: Set<String>

    /// Guards under which a frame (or the stack) is as here; nil when no guard can make it so.
    typealias Pending = [ShapeGuard]?

    private struct Frame {
        var shape: ViewShape
        var path: [ShapeStep]
        var image: Pending
    }

    private var committed: [ShapeGuard] = []
    private var keys = Set<String>()
    private var unsafe = false

    init(templates: [String: [Mustache.Node]], names: Set<String>) {
        self.templates = templates
        self.names = names
    }

    /// The guards under which template `name` may stop being folded, given the fold of the pages
    /// so far and the fold of the sample's pages; nil when it may not.
    func guards(for name: String, prefix: ShapeAccumulator, sample: ShapeAccumulator?) -> [ShapeGuard]? {
        let prefixShape = prefix.shape
        guard case .object = prefixShape else { return nil }
        let joined = ShapeAccumulator()
        joined.add(contentsOf: prefix)
        if let sample { joined.add(contentsOf: sample) }
        let shape = joined.shape
        var validator = TemplateValidator(templates: templates, names: names)
        validator.validate(template: name, against: shape)
        guard validator.problems.isEmpty else { return nil }
        var rule = self
        // Against the joined shape, not the sample's own: where the sample's pages disagree in
        // kind, the join shows parts of theirs (under the prefix's kinds) that its shape does not.
        rule.frontier(prefixShape, shape, path: [])
        var visiting: [String] = []
        rule.walk(template: name, frames: [Frame(shape: shape, path: [], image: [])], top: [], visiting: &visiting)
        return rule.unsafe ? nil : rule.committed
    }

    private mutating func commit(_ pending: Pending) {
        guard let pending else {
            unsafe = true
            return
        }
        for rule in pending where keys.insert(rule.key).inserted { committed.append(rule) }
    }

    /// The places where the prefix's fold joined with the sample's (`sample`) has a kind the
    /// prefix's has none for: what is there came from the sample's pages.
    private mutating func frontier(_ prefix: ViewShape?, _ sample: ViewShape, path: [ShapeStep]) {
        switch (prefix, sample) {
        case (_, .value):
            return
        case (nil, _), (.value?, _):
            commit([.conforms(path, sample)])
        case (.object(let fields)?, .object(let sampleFields)):
            for (key, field) in sampleFields { frontier(fields[key], field, path: path + [.field(key)]) }
        case (.list(let element)?, .list(let sampleElement)):
            guard let sampleElement else { return }
            frontier(element, sampleElement, path: path + [.element])
        default:
            // Kinds that differ: not in a join of the prefix's fold (its kinds come first).
            return
        }
    }

    private mutating func walk(template name: String, frames: [Frame], top: Pending, visiting: inout [String]) {
        guard let nodes = templates[name], visiting.filter({ $0 == name }).count < 4 else { return }
        visiting.append(name)
        defer { visiting.removeLast() }
        walk(nodes, frames: frames, top: top, visiting: &visiting)
    }

    private mutating func walk(_ nodes: [Mustache.Node], frames: [Frame], top: Pending, visiting: inout [String]) {
        for node in nodes {
            if unsafe { return }
            switch node {
            case .text:
                continue
            case .variable(let name, _):
                guard let found = lookUp(name, frames: frames, top: top) else { return }
                commit(found.found)
            case .section(let name, let inner, let inverted):
                guard let found = lookUp(name, frames: frames, top: top) else { return }
                commit(found.found)
                if inverted || found.transformed {
                    walk(inner, frames: frames, top: top, visiting: &visiting)
                    continue
                }
                var innerFrames = frames
                var innerTop = found.pin
                switch found.shape {
                case .value:
                    innerTop = found.pin.map { $0 + [.scalar(found.path)] }
                case .object:
                    innerFrames.append(Frame(shape: found.shape, path: found.path, image: found.pin))
                case .list(let element?):
                    innerFrames.append(Frame(shape: element, path: found.path + [.element], image: found.pin))
                case .list(nil):
                    innerFrames.append(Frame(shape: .object([:]), path: found.path + [.element], image: nil))
                    innerTop = nil
                }
                walk(inner, frames: innerFrames, top: innerTop, visiting: &visiting)
            case .partial(let partial):
                for body in (partial.overrides ?? [:]).sorted(by: { $0.key < $1.key }) {
                    walk(body.value, frames: frames, top: top, visiting: &visiting)
                }
                if partial.dynamic {
                    let name = Mustache.Name(scope: .stack, components: partial.name.split(separator: ".").map(String.init),
                                             transforms: [], text: partial.name, line: partial.line, column: partial.column)
                    guard let found = lookUp(name, frames: frames, top: top) else { return }
                    commit(found.found)
                } else if !names.contains(partial.name) {
                    unsafe = true
                } else {
                    walk(template: partial.name, frames: frames, top: top, visiting: &visiting)
                }
            case .block(let block):
                walk(block.nodes, frames: frames, top: top, visiting: &visiting)
            }
        }
    }

    private struct Found {
        var shape: ViewShape
        var path: [ShapeStep]
        /// Guards under which any fold that meets them finds the name.
        var found: Pending
        /// Guards under which any fold that meets them finds the name at `path` (its shape there holds `shape`).
        var pin: Pending
        var transformed: Bool
    }

    /// `TemplateValidator.resolve`, with the guards the name needs; nil (and unsafe) when it is not found.
    private mutating func lookUp(_ name: Mustache.Name, frames: [Frame], top: Pending) -> Found? {
        guard name.transforms.allSatisfy(Mustache.transforms.contains), let last = frames.last else {
            unsafe = true
            return nil
        }
        let transformed = !name.transforms.allSatisfy { $0 == "reversed" || $0 == "sorted" }
        if name.scope == .current {
            return Found(shape: transformed ? .value : last.shape, path: last.path, found: [], pin: top, transformed: transformed)
        }
        let first = name.components[0]
        var index: Int?
        if name.scope == .top {
            if case .object(let fields) = last.shape, fields[first] != nil { index = frames.count - 1 }
        } else {
            index = frames.lastIndex { frame in
                if case .object(let fields) = frame.shape { return fields[first] != nil }
                return false
            }
        }
        guard let index, case .object(let fields) = frames[index].shape, var current = fields[first] else {
            unsafe = true
            return nil
        }
        var pin = top
        for frame in frames[(index + 1)...] { pin = pin.map { $0 + [.lacks(frame.path, first)] } }
        var path = frames[index].path + [.field(first)]
        for part in name.components.dropFirst() {
            guard case .object(let fields) = current, let next = fields[part] else {
                unsafe = true
                return nil
            }
            current = next
            path.append(.field(part))
        }
        let plain = name.scope == .stack && name.components.count == 1
        return Found(shape: transformed ? .value : current, path: path, found: plain ? frames[index].image : pin,
                     pin: pin, transformed: transformed)
    }
}

/// The templates whose pages `RenderStage.PageList.forEach` stops folding (ADR-0060), from many
/// threads: settled from the fold of the runs joined in run order (`OrderedShapes`), read by every
/// run before it folds a page.
final class ShapeSettling: @unchecked Sendable {
    private let lock = NSLock()
    let rule: SettleRule
    /// The templates checked at the end (`RenderStage.pageTemplates` the theme has).
    let checked: Set<String>
    /// The sample handbook's pages' fold by template.
    let sample: [String: ShapeAccumulator]
    private var settled: [String: [ShapeGuard]] = [:]
    /// `settled`'s guards as each page checks them (ADR-0075).
    private var walks: [String: GuardWalk] = [:]
    /// Templates a page of which did not meet the guards: they are folded again from the start.
    private var broken: Set<String> = []

    init(templates: [String: [Mustache.Node]], names: Set<String>, checked: Set<String>, sample: [RenderStage.PageJob]) {
        rule = SettleRule(templates: templates, names: names)
        self.checked = checked
        var folds: [String: ShapeAccumulator] = [:]
        for job in sample where checked.contains(job.template) {
            let accumulator = folds[job.template] ?? ShapeAccumulator()
            folds[job.template] = accumulator
            accumulator.add(job.model)
        }
        folds.values.forEach { $0.forgetLast() }
        self.sample = folds
    }

    /// The guards of a settled template (its pages need not be folded when they meet them).
    func guards(for template: String) -> [ShapeGuard]? {
        lock.lock()
        defer { lock.unlock() }
        return settled[template]
    }

    /// The guards of a settled template as a page checks them in one walk (`GuardWalk`).
    func walk(for template: String) -> GuardWalk? {
        lock.lock()
        defer { lock.unlock() }
        return walks[template]
    }

    /// A page of a settled template that did not meet its guards.
    func broke(_ template: String) {
        lock.lock()
        defer { lock.unlock() }
        broken.insert(template)
    }

    /// After the fold of the runs joined so far (`prefix`, the first run to the last joined, in
    /// order) took in a run holding pages of `template`.
    func consider(_ template: String, prefix: ShapeAccumulator) {
        guard checked.contains(template) else { return }
        lock.lock()
        let known = settled[template] != nil
        lock.unlock()
        guard !known, let guards = rule.guards(for: template, prefix: prefix, sample: sample[template]) else { return }
        let walk = GuardWalk(guards)
        lock.lock()
        settled[template] = guards
        walks[template] = walk
        lock.unlock()
    }

    /// The settled templates whose fold cannot stand for the fold of every page: one of their
    /// skipped pages did not meet the guards, or the pages folded after they settled (pages
    /// started before a run saw it) do not. Read when every run is joined.
    func unsettled(_ shapes: [String: ShapeAccumulator]) -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        var failed = broken
        for (template, guards) in settled where !failed.contains(template) {
            let shape = shapes[template]?.shape ?? .value
            if !guards.allSatisfy({ $0.holds(onShape: shape) }) { failed.insert(template) }
        }
        return failed
    }
}
