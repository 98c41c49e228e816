@testable import HandbookCore
import Testing

/// ADR-0060: the template check stops folding a template's pages once the fold of the pages so far
/// (and the sample's) is checked without a problem in a way later pages that meet some guards
/// cannot change. Whatever the models and the template, the check of what was folded then
/// reports exactly what the check of the fold of every page reports.
@Suite struct ShapeSettlingTests {
    typealias Generator = ShapeAccumulatorTests.Generator

    static let keys = ["a", "b", "c", "d"]

    /// A page's model: its values disagree in kind from page to page, lists are empty now and then,
    /// a plain value on one page is an object or a list on another.
    static func randomModel(_ generator: inout Generator) -> [String: Any] {
        var model: [String: Any] = [:]
        for key in keys where generator.next(3) != 0 {
            model[key] = ShapeAccumulatorTests.randomValue(&generator, depth: 3)
        }
        return model
    }

    static func randomName(_ generator: inout Generator) -> String {
        let key = { (generator: inout Generator) in keys[generator.next(keys.count)] }
        switch generator.next(10) {
        case 0: return "."
        case 1: return "." + key(&generator)
        case 2, 3: return key(&generator) + "." + key(&generator)
        case 4: return ["empty", "count", "reversed", "first"][generator.next(4)] + "(" + key(&generator) + ")"
        default: return key(&generator)
        }
    }

    /// A small template: text, names plain, dotted, at the top of the stack, the stack's top itself,
    /// transformed; sections and inverted sections nested; the partial `p` where `partial`.
    static func randomTemplate(_ generator: inout Generator, depth: Int, partial: Bool) -> String {
        var text = ""
        for _ in 0..<(1 + generator.next(4)) {
            switch depth <= 0 ? generator.next(2) : generator.next(7) {
            case 0: text += "x"
            case 1: text += "{{\(randomName(&generator))}}"
            case 2 where partial: text += "{{>p}}"
            default:
                let name = randomName(&generator)
                let inverted = generator.next(4) == 0
                text += "{{\(inverted ? "^" : "#")\(name)}}\(randomTemplate(&generator, depth: depth - 1, partial: partial)){{/\(name)}}"
            }
        }
        return text
    }

    static func problems(_ shape: ViewShape, _ templates: [String: [Mustache.Node]]) -> [TemplateValidator.Problem] {
        var validator = TemplateValidator(templates: templates)
        validator.validate(template: "t", against: shape)
        return validator.problems
    }

    /// Random pages, a random sample, a random template and partial; the fold settled after a random
    /// prefix, some later pages folded anyway (a run started before it settled), the others skipped
    /// when they meet the guards. When every skipped page met them and the fold meets them
    /// (`ShapeSettling.unsettled`), the check of that fold and the sample's reports what the check
    /// of the fold of every page and the sample's reports.
    @Test func theSettledFoldIsCheckedAsTheFullFold() throws {
        var generator = Generator(state: 60)
        var settled = 0, skipped = 0, kept = 0, clean = 0
        for _ in 0..<6_000 {
            let pages = (0..<(2 + generator.next(10))).map { _ in Self.randomModel(&generator) }
            let sample = (0..<generator.next(4)).map { _ in Self.randomModel(&generator) }
            guard let template = try? Mustache.parse(Self.randomTemplate(&generator, depth: 3, partial: true)),
                  let partial = try? Mustache.parse(Self.randomTemplate(&generator, depth: 2, partial: false)) else { continue }
            let templates = ["t": template, "p": partial]

            let full = ShapeAccumulator()
            for page in pages + sample { full.add(page) }
            let expected = Self.problems(full.shape, templates)
            if expected.isEmpty { clean += 1 }

            let settle = 1 + generator.next(pages.count - 1)
            let prefix = ShapeAccumulator()
            pages[..<settle].forEach { prefix.add($0) }
            let sampleFold: ShapeAccumulator? = sample.isEmpty ? nil : ShapeAccumulator()
            sample.forEach { sampleFold?.add($0) }
            let rule = SettleRule(templates: templates, names: ["t", "p"])
            guard let guards = rule.guards(for: "t", prefix: prefix, sample: sampleFold) else { continue }
            settled += 1
            // Settled: every later page is folded (started before) or checked and skipped.
            let later = ShapeAccumulator()
            var broken = false
            // ADR-0075: the guards walked as a tree answer as each guard followed on its own, on
            // every page and on pages of other rounds.
            let walk = GuardWalk(guards)
            var others = Generator(state: UInt64(settled))
            for page in pages + sample + (0..<3).map({ _ in Self.randomModel(&others) }) {
                #expect(walk.holds(onModel: page) == guards.allSatisfy { $0.holds(onModel: page) }, "\(guards) on \(page)")
            }
            for page in pages[settle...] {
                if generator.next(4) == 0 {
                    later.add(page)
                    kept += 1
                } else if guards.allSatisfy({ $0.holds(onModel: page) }) {
                    skipped += 1
                } else {
                    broken = true
                    later.add(page)
                }
            }
            let folded = ShapeAccumulator()
            folded.add(contentsOf: prefix)
            folded.add(contentsOf: later)
            // `ShapeSettling.unsettled`: a page that did not meet the guards, or a fold that does not.
            if broken || !guards.allSatisfy({ $0.holds(onShape: folded.shape) }) { continue }
            sample.forEach { folded.add($0) }
            let found = Self.problems(folded.shape, templates)
            #expect(found == expected, "\(template) \(partial) pages \(pages) sample \(sample) settled after \(settle)")
            #expect(expected.isEmpty)
        }
        // The rounds settle, skip pages and fold some anyway often enough to mean something.
        #expect(settled > 600 && skipped > 1_000 && kept > 300 && clean > 800, "settled \(settled) skipped \(skipped) kept \(kept) clean \(clean)")
    }

    /// The sample's pages disagree in kind (`x` a list, then an object): the join with the prefix
    /// (where `x` is an object) shows the sample's object part, `x.y`, which the sample's own
    /// shape (a list) does not. A later page whose `x.y` is a list would come first there and
    /// make `{{z}}` unknown: the guards must name `x.y` (taken from the sample's own shape, they
    /// did not, and the page was skipped).
    @Test func theGuardsFollowTheJoinNotTheSamplesOwnShape() throws {
        let templates = ["t": try Mustache.parse("{{#x}}{{#y}}{{z}}{{/y}}{{/x}}")]
        let prefix = ShapeAccumulator()
        prefix.add(["x": [String: Any]()] as [String: Any])
        let sample = ShapeAccumulator()
        sample.add(["x": [1]] as [String: Any])
        sample.add(["x": ["y": ["z": 1]]] as [String: Any])
        let guards = try #require(SettleRule(templates: templates, names: ["t"]).guards(for: "t", prefix: prefix, sample: sample))
        let later: [String: Any] = ["x": ["y": [1]]]
        #expect(!guards.allSatisfy { $0.holds(onModel: later) })
        let full = ShapeAccumulator()
        full.add(contentsOf: prefix)
        full.add(later)
        full.add(contentsOf: sample)
        #expect(!Self.problems(full.shape, templates).isEmpty)
    }

    /// A build: a theme whose check settles after the first run of pages, then a later page whose
    /// front matter turns a plain value the settled check relied on into a mapping
    /// (`meta.x`: the section `{{#x}}` now pushes a frame holding `site`). The page does not
    /// meet the guards, the template is folded again from its first page, and the check reports
    /// what the check of the fold of every page reports; a theme whose pages all meet the guards
    /// stops folding and reports nothing, as the full fold's check does.
    @Test func aPageThatDoesNotMeetTheGuardsFoldsTheTemplateAgain() throws {
        let options = BuildOptions(contentDirectory: "/r/content", outputDirectory: "/r/public", rootDirectory: "/r",
                                   workingDirectory: "/r", today: "2025-01-01")
        var files = ["/r/content/handbook.yml": "title: T\n"]
        // The page that turns it comes in a run started well after the first is joined (runs
        // of 32 pages; the last run, holding the tags index, is started first: ADR-0057).
        for number in 1...200 {
            let x = number == 120 ? "x: {site: {u: 1}}\n" : number == 175 ? "languag: q\n" : number < 60 ? "x: plain\n" : ""
            files["/r/content/decisions/\(1000 + number)-d.md"] = "---\nstatus: accepted\ndate: 2024-01-02\n\(x)---\n# D\(number)\n\nText.\n"
        }
        let handbook = try #require(Pipeline.link(options: options, fileSystem: MemoryFileSystem(files), git: NoGit(), diagnostics: DiagnosticEngine()))
        let pages = RenderStage.PageList(handbook: handbook, options: options)
        #expect(pages.count > 200 + 6)

        func check(_ text: String) throws -> (full: [TemplateValidator.Problem], settled: [TemplateValidator.Problem], settles: Bool) {
            let templates = ["decision": try Mustache.parse(text)]
            func problems(_ shapes: [String: ShapeAccumulator]) -> [TemplateValidator.Problem] {
                for job in SampleHandbook.pageJobs where job.template == "decision" { shapes["decision"]?.add(job.model) }
                var validator = TemplateValidator(templates: templates)
                validator.validate(template: "decision", against: shapes["decision"]?.shape ?? .object([:]))
                return validator.problems
            }
            let settling = ShapeSettling(templates: templates, names: ["decision"], checked: ["decision"], sample: SampleHandbook.pageJobs)
            let settled = problems(pages.forEach(settling: settling) { _ in })
            return (problems(pages.forEach { _ in }), settled, settling.guards(for: "decision") != nil)
        }

        // `{{#site}}` is the page's site until `meta.x` holds one: then `language` is unknown, and
        // the hint names a key of `meta` that only a page not folded (number 175) has.
        let turned = try check("{{#decision}}{{#meta}}{{#x}}{{#site}}{{language}}{{/site}}{{/x}}{{/meta}}{{/decision}}")
        #expect(turned.settles)
        #expect(turned.full.contains { $0.message.contains("unknown variable 'language'") && $0.message.contains("did you mean 'languag'?") })
        #expect(turned.settled == turned.full)

        let plain = try check("{{#decision}}{{#date}}{{site.title}}{{/date}}{{title}}{{/decision}}")
        #expect(plain.settles)
        #expect(plain.full.isEmpty && plain.settled.isEmpty)
    }
}
