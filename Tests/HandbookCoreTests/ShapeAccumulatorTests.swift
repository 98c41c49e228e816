@testable import HandbookCore
import Testing

/// Folding shapes with `ShapeAccumulator`, in chunks joined in order, must give exactly the left
/// fold of `ViewShape.of` with `merged(with:)` (what the template check was defined on), also when
/// the same name is a list on one page and an object on another, and when pages share parts. Its
/// shortcuts (skipping what it was given last, plain rows folded before, lists whose every row it
/// holds already, keys found by their bits) are checked by the same random folds.
@Suite struct ShapeAccumulatorTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// ADR-0072: the decision summaries a page makes as it renders (`MadeRows`) are folded, and
    /// checked against a settled template's guards, through one row of each shape
    /// (`ViewModels.summaryShapes`); in any order of decisions dated or not, tagged or not, the
    /// fold is the fold of every row, at the top of a page and below, and a guard holds on them as on every row.
    @Test func summariesFoldedByOneOfEachShapeFoldAsEveryRow() throws {
        let options = BuildOptions(contentDirectory: "/sample/content", outputDirectory: "/sample/public",
                                   rootDirectory: "/sample", workingDirectory: "/sample", today: "2025-01-01")
        var files = ["/sample/content/handbook.yml": "title: T\n"]
        for number in 1...8 {
            let date = number % 3 == 0 ? "" : "date: 2024-01-0\(number)\n"
            let tags = number % 4 < 2 ? "" : "tags: [t\(number % 2)]\n"
            files["/sample/content/decisions/000\(number)-d.md"] = "---\nstatus: accepted\n\(date)\(tags)---\n# Decision \(number)\n"
        }
        let handbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(files), git: SampleGit(),
                                                  diagnostics: DiagnosticEngine()))
        let models = ViewModels(handbook: handbook, options: options)
        let all = models.newestFirst
        #expect(all.count == 8)
        var orders: [[Int]] = []
        for start in all.indices {
            let rotated = Array(all[start...] + all[..<start])
            orders += [rotated, rotated.reversed(), Array(rotated.prefix(3)), Array(rotated.prefix(1)), []]
        }
        for order in orders {
            let told = Mustache.MadeRows(count: order.count, shapes: models.summaryShapes(order[...])) {
                models.decisionSummary(order[$0], url: "u.html")
            }
            let every = Mustache.MadeRows(count: order.count) { models.decisionSummary(order[$0], url: "u.html") }
            #expect(told.shapeRows.count <= 4)
            let wraps: [(Any) -> Any] = [{ $0 }, { ["rows": $0] as [String: Any] },
                                         { ["rows": [["x": 1] as [String: Any]], "more": $0] as [String: Any] }]
            for wrap in wraps {
                let (a, b) = (ShapeAccumulator(), ShapeAccumulator())
                for _ in 0..<2 {
                    a.add(wrap(told))
                    b.add(wrap(every))
                }
                #expect(a.shape == b.shape, "\(order)")
                // A second page's rows of other shapes: folded after, or found held.
                let other = Array(all.reversed())
                a.add(wrap(Mustache.MadeRows(count: other.count, shapes: models.summaryShapes(other[...])) {
                    models.decisionSummary(other[$0], url: "v.html")
                }))
                b.add(wrap(Mustache.MadeRows(count: other.count) { models.decisionSummary(other[$0], url: "v.html") }))
                #expect(a.shape == b.shape, "\(order), then every decision")
            }
            let guards: [ShapeGuard] = [.scalar([.field("rows"), .element, .field("date")]), .lacks([.field("rows"), .element], "date"),
                                        .conforms([.field("rows")], .list(.object(["tags": .value]))),
                                        .conforms([.field("rows")], .list(.object(["tags": .list(nil)])))]
            for check in guards {
                #expect(check.holds(onModel: ["rows": told] as [String: Any]) == check.holds(onModel: ["rows": every] as [String: Any]),
                        "\(check.key) on \(order)")
            }
        }
    }

    /// The shape of `runs` each folded in an accumulator of its own, joined in order (as runs of
    /// pages are, ADR-0054).
    static func joined(_ runs: [Any]...) -> ViewShape {
        let joined = ShapeAccumulator()
        for run in runs {
            let accumulator = ShapeAccumulator()
            run.forEach { accumulator.add($0) }
            joined.add(contentsOf: accumulator)
        }
        return joined.shape
    }

    static func randomValue(_ generator: inout Generator, depth: Int) -> Any {
        switch depth <= 0 ? generator.next(3) : generator.next(8) {
        case 0: return "text"
        case 1: return generator.next(10)
        case 2: return generator.next(2) == 0
        case 3, 4:
            // Now and then a wide one, past the field table's index threshold; or keys whose text is
            // the same but not their bits (made afresh each time, longer than a small string, or
            // canonically equivalent), which the field table's search by bits must not miss (ADR-0050).
            let names = generator.next(12) == 0 ? (0..<40).map { "k\($0)" }
                : generator.next(6) == 0 ? (0..<3).map { String(repeating: "a long key, ", count: 2) + String($0) } + ["\u{E9}", "e\u{301}"]
                : ["a", "b", "c", "d"]
            var model: [String: Any] = [:]
            for _ in 0..<generator.next(names.count) { model[names[generator.next(names.count)]] = randomValue(&generator, depth: depth - 1) }
            return model
        case 5: return (0..<generator.next(4)).map { _ in "s" + String(generator.next(3)) }
        case 6:
            // A typed list of models, as `ViewModels` builds them.
            return (0..<generator.next(4)).map { _ -> [String: Any] in
                var model: [String: Any] = [:]
                for _ in 0..<generator.next(4) { model[["a", "b", "c", "d"][generator.next(4)]] = randomValue(&generator, depth: depth - 1) }
                return model
            }
        default: return (0..<generator.next(4)).map { _ in randomValue(&generator, depth: depth - 1) }
        }
    }

    /// Models that share some of their dictionaries and lists of rows, as pages share `SharedRows`:
    /// the accumulator skips what it was given last (ADR-0042), which must change nothing.
    static func modelSharing(_ pool: [Any], _ generator: inout Generator) -> Any {
        var model: [String: Any] = [:]
        for key in ["a", "b", "c", "d"] where generator.next(2) == 0 {
            model[key] = generator.next(3) == 0 ? randomValue(&generator, depth: 2) : pool[generator.next(pool.count)]
        }
        return model
    }

    /// A row: plain (Strings, Ints and Bools only) or not.
    static func randomRow(_ generator: inout Generator) -> [String: Any] {
        var row: [String: Any] = [:]
        let plain = generator.next(2) == 0
        for _ in 0..<generator.next(4) {
            let key = ["a", "b", "c", "d"][generator.next(4)]
            let values: [Any] = ["text", generator.next(10), generator.next(2) == 0]
            row[key] = plain ? values[generator.next(3)] : randomValue(&generator, depth: 1)
        }
        return row
    }

    /// Fresh lists made of rows that pages share, as the sidebar's timeline rows are (`TimelineRows`):
    /// the accumulator skips plain rows it folded before (ADR-0043), which must change nothing.
    static func modelSharingRows(_ rows: [[String: Any]], _ generator: inout Generator) -> Any {
        var model: [String: Any] = [:]
        for key in ["a", "b", "c", "d"] where generator.next(2) == 0 {
            model[key] = generator.next(4) == 0 ? randomValue(&generator, depth: 2)
                : (0..<generator.next(5)).map { _ in rows[generator.next(rows.count)] }
        }
        return model
    }

    @Test func chunkedFoldEqualsTheLeftFold() {
        var generator = Generator(state: 3)
        for round in 0..<4_500 {
            let pool = (0..<3).map { _ in Self.randomValue(&generator, depth: 2) }
            let rows = (0..<4).map { _ in Self.randomRow(&generator) }
            let models = (0..<generator.next(8)).map { _ in
                round % 3 == 0 ? Self.randomValue(&generator, depth: 3)
                    : round % 3 == 1 ? Self.modelSharing(pool, &generator) : Self.modelSharingRows(rows, &generator)
            }
            let expected = models.reduce(nil as ViewShape?) { partial, model in
                let shape = ViewShape.of(model)
                return partial.map { $0.merged(with: shape) } ?? shape
            }
            // One accumulator, and chunks of random sizes joined in order.
            let whole = ShapeAccumulator()
            models.forEach { whole.add($0) }
            var chunks: [ShapeAccumulator] = []
            var index = 0
            while index < models.count {
                let size = 1 + generator.next(3)
                let chunk = ShapeAccumulator()
                models[index..<min(models.count, index + size)].forEach { chunk.add($0) }
                chunks.append(chunk)
                index += size
            }
            let joined = ShapeAccumulator()
            chunks.forEach(joined.add(contentsOf:))
            // No model at all folds to a plain value (the accumulator's empty shape), never skipped.
            #expect(whole.shape == (expected ?? .value))
            #expect(joined.shape == (expected ?? .value))
        }
    }

    /// ADR-0050: the shapes the build folds (runs of 32 pages joined, every shortcut taken) are the
    /// left fold of `ViewShape.of` over the same pages' models and the sample's, template by template,
    /// and a custom theme with unknown names at every level (the hints list every key there) gets
    /// the same diagnostics from both. Ninety decisions: tags, tables of contents, relations,
    /// pull requests, dates or none, extra front matter.
    @Test func aBuildsShapesAreTheFullFoldForAnyTheme() throws {
        let options = BuildOptions(contentDirectory: "/r/content", outputDirectory: "/r/public", rootDirectory: "/r",
                                   workingDirectory: "/r", today: "2025-01-01")
        var files = ["/r/content/handbook.yml": "title: T\nrepository: https://github.com/acme/shop\n"]
        func id(_ number: Int) -> String { String(repeating: "0", count: 4 - String(number).count) + String(number) }
        for number in 1...90 {
            let tags = (0..<(number % 4)).map { "t\(($0 + number) % 7)" }.joined(separator: ", ")
            let date = number % 5 == 0 ? "" : "date: 2024-0\(1 + number % 9)-1\(number % 10)\n"
            let supersedes = number % 6 == 0 ? "supersedes: [ADR-\(id(number - 1))]\n" : ""
            // Extra front matter: a key the sample has not, and one only the last run of pages has.
            let extra = (number % 9 == 0 ? "team: payments\nlinks: [{a: 1}, {a: [2]}]\n" : "") + (number == 90 ? "lastOnly: x\n" : "")
            let prs = number % 8 == 0 ? "prs: [\(number), \(number + 1)]\n" : ""
            let headings = (0..<(number % 5)).map { "## Part \($0)\n\nText.\n\n### Sub \($0)\n\nMore.\n" }.joined()
            files["/r/content/decisions/\(id(number))-d.md"] =
                "---\nstatus: \(number % 3 == 0 ? "proposed" : "accepted")\n\(date)tags: [\(tags)]\n\(supersedes)\(extra)\(prs)---\n# D\(number)\n\n\(headings)"
        }
        let handbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(files), git: NoGit(), diagnostics: DiagnosticEngine()))
        let pages = RenderStage.PageList(handbook: handbook, options: options)
        #expect(pages.count > 96)
        let built = pages.forEach { _ in }
        var full: [String: ViewShape] = [:]
        for job in (0..<pages.count).map(pages.job) + SampleHandbook.pageJobs {
            full[job.template] = full[job.template].map { $0.merged(with: ViewShape.of(job.model)) } ?? ViewShape.of(job.model)
        }
        var folded: [String: ShapeAccumulator] = built
        for job in SampleHandbook.pageJobs {
            let accumulator = folded[job.template] ?? ShapeAccumulator()
            folded[job.template] = accumulator
            accumulator.add(job.model)
        }
        #expect(Set(folded.keys) == Set(full.keys))
        for (template, shape) in full { #expect(folded[template]?.shape == shape, "\(template)") }
        let theme = try Mustache.parse("""
            {{titel}}{{#decision}}{{titel}}{{id}}{{#tagLinks}}{{nmae}}{{url}}{{/tagLinks}}{{#toc}}{{txt}}{{anchor}}{{/toc}}
            {{#supersedes}}{{tittle}}{{tags}}{{/supersedes}}{{#prs}}{{numbr}}{{/prs}}{{meta.tem}}{{#extra}}{{nam}}{{/extra}}
            {{site.nme}}{{decision.previous.titl}}{{meta.lastOnl}}{{/decision}}{{#sidebar.timeline}}{{yeer}}{{#decisions}}{{urll}}{{curent}}{{/decisions}}{{/sidebar.timeline}}
            {{#nav}}{{titl}}{{/nav}}{{page.tite}}{{#breadcrumbs}}{{ur}}{{/breadcrumbs}}
            """)
        func problems(_ shape: ViewShape) -> [TemplateValidator.Problem] {
            var validator = TemplateValidator(templates: ["decision": theme])
            validator.validate(template: "decision", against: shape)
            return validator.problems
        }
        let expected = problems(try #require(full["decision"]))
        #expect(expected.count > 15 && expected.contains { $0.message.contains("did you mean") })
        #expect(expected.contains { $0.message.contains("did you mean 'lastOnly'") })
        #expect(problems(try #require(folded["decision"]).shape) == expected)
    }

    /// The skip keeps the last value it was given alive; a run of pages lets go of it when it
    /// ends (`forgetLast`), or every run would keep a page's model until the end of the render.
    @Test func aRunLetsGoOfTheModelsItSkippedAgainst() {
        func address(_ model: [String: Any]) -> UInt { withUnsafeBytes(of: model) { $0.load(as: UInt.self) } }
        let accumulator = ShapeAccumulator()
        var inner: [String: Any] = ["b": 1]
        inner.reserveCapacity(8)
        var model: [String: Any] = ["a": inner]
        model.reserveCapacity(8)
        accumulator.add(model)
        model["a"] = nil
        accumulator.forgetLast()
        // Held by nothing else, each dictionary is changed in place, not copied.
        let (modelBefore, innerBefore) = (address(model), address(inner))
        model["c"] = 2
        inner["c"] = 2
        #expect(address(model) == modelBefore)
        #expect(address(inner) == innerBefore)
    }

    /// ADR-0058: rows found held (`heldRows`) or folded as plain (`plainRows`) are skipped when they
    /// come again, which is exact only while the accumulator still holds them. A list's own fold is
    /// pruned before it is joined or becomes the elements, and pruning drops parts: here page 1's
    /// rows of `k` are first fixed as lists (row a), so its rows' fields (rows b and c) are pruned
    /// away, and a chunk that starts with page 1 keeps that pruned fold as its elements. Page 2 gives
    /// rows b and c again: they must be folded (their fields show once the chunk is joined after
    /// page 0's, where `k`'s rows are objects), not skipped as remembered from before the prune.
    @Test func rowsRememberedBeforeAPruneAreFoldedAgain() {
        let plain: [String: Any] = ["p": "s"]
        let heldOnce: [String: Any] = ["z": "s", "w": ["t"], "v": 2]
        let heldTwice: [String: Any] = ["z": "s2", "w": ["u"], "v": 1]
        let page0: [String: Any] = ["L": [["k": [["z": "s0"]] as [[String: Any]]]] as [[String: Any]]]
        let page1: [String: Any] = ["L": [
            ["k": [[1]] as [Any]],
            ["k": [heldOnce] as [[String: Any]]],
            ["k": [plain] as [[String: Any]]],
            ["k": [heldTwice, heldTwice] as [[String: Any]]],
        ] as [[String: Any]]]
        let pages2: [[String: Any]] = [
            ["L": [["k": [heldTwice, heldTwice] as [[String: Any]]]] as [[String: Any]]],
            ["L": [["k": [plain] as [[String: Any]]]] as [[String: Any]]],
            ["L": [["k": [heldTwice] as [[String: Any]]]] as [[String: Any]]],
        ]
        for page2 in pages2 {
            let models = [page0, page1, page2]
            let expected = models.dropFirst().reduce(ViewShape.of(page0)) { $0.merged(with: ViewShape.of($1)) }
            #expect(Self.joined([page0], [page1, page2]) == expected)
            let whole = ShapeAccumulator()
            models.forEach { whole.add($0) }
            #expect(whole.shape == expected)
        }
        // Nothing here is vacuous: page 2's fields do show in the fold.
        guard case .object(let fields) = ViewShape.of(page0).merged(with: ViewShape.of(page1)).merged(with: ViewShape.of(pages2[0])),
              case .list(let row?) = fields["L"], case .object(let rowFields) = row, case .list(let k?) = rowFields["k"] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(Set(k.keys) == ["z", "w", "v"])
    }

    /// ADR-0058: a row found held is skipped only where every row of its list is held (or it is a
    /// list's lone row), never in a list's own fold: there a held row that is not plain fixes the
    /// kind of its fields for the rows after it. Here page 1's list has a held row whose `k` is a
    /// list, then a row whose `k` is an object: the list's own fold keeps `k` a list and drops the
    /// object's field `o`, which must stay dropped once the chunk is joined after page 0's, where `k`
    /// is an object.
    @Test func aHeldRowStillFixesKindsInItsListsOwnFold() {
        let held: [String: Any] = ["k": ["s"]]
        let pageZ: [String: Any] = ["L": [["k": ["m": 1] as [String: Any]]] as [[String: Any]]]
        let page0: [String: Any] = ["L": [["k": ["t"]]] as [[String: Any]]]
        let page1: [String: Any] = ["L": [held, ["k": ["o": 1] as [String: Any]]] as [[String: Any]]]
        let expected = ViewShape.of(pageZ).merged(with: ViewShape.of(page0)).merged(with: ViewShape.of(page1))
        #expect(Self.joined([pageZ], [page0, page1]) == expected)
        #expect(expected == .object(["L": .list(.object(["k": .object(["m": .value])]))]))
    }

    /// ADR-0058: only a row found held is remembered. Row `b` (its `k` an object) is not held after
    /// pages 0 and 1 (their lists' own folds keep `k` a list, the row before it fixing that), so
    /// when page 2 gives it again, alone or twice, it must be folded: its field `o` shows once the
    /// chunk is joined after page Z's, where `k` is an object.
    @Test func aRowNotHeldIsNotRemembered() {
        let b: [String: Any] = ["k": ["o": 1] as [String: Any]]
        let pageZ: [String: Any] = ["L": [["k": ["m": 1] as [String: Any]]] as [[String: Any]]]
        let page0: [String: Any] = ["L": [["k": ["s"]], b] as [[String: Any]]]
        let page1: [String: Any] = ["L": [["k": ["t"]], b] as [[String: Any]]]
        for page2 in [["L": [b, b] as [[String: Any]]], ["L": [b] as [[String: Any]]]] as [[String: Any]] {
            let expected = [page0, page1, page2].reduce(ViewShape.of(pageZ)) { $0.merged(with: ViewShape.of($1)) }
            #expect(Self.joined([pageZ], [page0, page1, page2]) == expected)
            #expect(expected == .object(["L": .list(.object(["k": .object(["m": .value, "o": .value])]))]))
        }
    }
}
