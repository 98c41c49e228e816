import Foundation
import HandbookMarkdown

/// Stage 5: build each page's view model, check the templates against them, render every page
/// (in parallel) and hand each file to the output as soon as it is rendered.
struct RenderStage {
    let options: BuildOptions
    let diagnostics: DiagnosticEngine
    let theme: Theme
    let fileSystem: FileSystem
    /// `handbook serve`'s pages from the last build: a page whose view model and templates did not
    /// change is kept on disk as it is, not rendered (ADR-0017).
    var cache: RenderCache?
    /// A page larger than this is written as it renders, in pieces of about this size (ADR-0054);
    /// tests make it small so that every page is.
    var pieceSize = PagePieces.threshold

    struct PageJob {
        var template: String
        var outputPath: String
        var model: [String: Any]
        /// The rows the page's run of pages rendered already (`PageList.forEach`, ADR-0043).
        var rows: Mustache.RowMemo?
    }

    /// The template each kind of page is rendered with.
    static let pageTemplates = ["home", "decisions", "decision", "page", "404", "metrics",
                                "landmines", "landmine", "files", "file", "contracts", "contract", "review", "tags", "tag", "search"]

    /// Compiles and checks the theme against `handbook`'s pages; with an output, renders and writes them.
    /// Returns the number of pages written.
    ///
    /// Each page is rendered and written as soon as its view model is built, and the model dropped
    /// (all 12,000 at once took over a gigabyte); the template check folds the shapes of the same
    /// models in the same pass and runs at the end. When it finds a problem nothing is kept: the
    /// pages already written are in the staging folder, which the pipeline discards on any error.
    @discardableResult
    func run(_ handbook: Handbook, output: OutputSink?) -> Int {
        let library = compile()
        let writing: (output: OutputSink, library: Mustache.Library)?
        if let output, let library, !diagnostics.hasErrors(strict: false) { writing = (output, library) } else { writing = nil }
        let failures = DiagnosticEngine()
        let cache = writing == nil ? nil : self.cache
        let pages = PageList(handbook: handbook, options: options, style: style, summaries: cache?.summaries)
        let written = OutputPaths()
        cache?.start(templates: templatesFingerprint)
        // The whole-site files' parts are made beside the pages, on the same threads (ADR-0040).
        let wholeSite = writing.map { wholeSiteFiles(handbook, output: $0.output) }
        // The template check stops folding a template's pages once later ones cannot change what
        // it finds (ADR-0060); a theme that does not compile is checked on the fold of every page.
        let settling = library.map { library in
            ShapeSettling(templates: library.templates, names: Set(theme.templates.keys),
                          checked: Set(Self.pageTemplates.filter { theme.templates[$0] != nil }), sample: SampleHandbook.pageJobs)
        }
        let shapes = pages.forEach(parts: wholeSite, settling: settling) { job in
            // Two documents on one path, or a document on a generated index, are the link stage's to report.
            let isDocument = ["decision", "landmine", "page"].contains(job.template)
            if let earlierIsDocument = written.insert(job.outputPath, isDocument: isDocument), !(isDocument && earlierIsDocument),
               !LinkStage.reservedOutputs.contains(job.outputPath) {
                failures.error("output-collision", "two pages would be written to \(job.outputPath) (two tags that differ only in case or accents, two record ids that make one file name, or a content file named like a generated page); rename one",
                               file: options.displayPath(options.contentDirectory))
            }
            guard let (output, library) = writing else { return }
            // Only a build that may keep pages takes their fingerprints (ADR-0020).
            let fingerprint = cache?.fingerprinting == true ? ModelFingerprint.of(job.model, template: job.template) : nil
            if let cache, let fingerprint, cache.isCurrent(job.outputPath, fingerprint: fingerprint), output.keep(job.outputPath) {
                cache.reuse(job.outputPath, fingerprint: fingerprint)
                return
            }
            // A recorded page (`handbook serve`), else nil: the rest of the page was handed to
            // `pieces` where the renderer wrote it (ADR-0075), and `finished` says how that went.
            var page: [UInt8]?
            var finished: Result<Void, Error> = .success(())
            // A page larger than a piece is written as it renders (ADR-0054): its first piece as the
            // page, the others appended; a recorded page is kept whole (its rows' places are offsets).
            let pieces = PagePieces(output: output, path: job.outputPath)
            do throws(Mustache.RenderError) {
                if let cache, RenderCache.recordedTemplates.contains(job.template) {
                    // `handbook serve`: where the rows went, for field edits (ADR-0021).
                    let recording = try library.render(job.model, withTemplate: job.template, previous: nil)
                    cache.recorded(job.outputPath, recording)
                    page = recording.output
                } else {
                    try library.render(job.model, withTemplate: job.template, rows: job.rows,
                                       flush: Mustache.Library.Flush(threshold: pieceSize, write: pieces.write)) { rest in
                        finished = Result { try pieces.finish(rest) }
                    }
                }
            } catch {
                if let failure = pieces.failure {
                    failures.error("write-failed", "cannot write \(job.outputPath): \(failure)", file: options.displayPath(options.outputDirectory))
                } else {
                    failures.error("template-render", "cannot render \(job.outputPath): \(error.message)",
                                   file: theme.templates[job.template]?.displayPath ?? job.template)
                }
                return
            }
            do {
                if let page { try page.withUnsafeBytes { try pieces.finish($0) } } else { try finished.get() }
                cache?.rendered(job.outputPath, fingerprint: fingerprint)
            } catch {
                failures.error("write-failed", "cannot write \(job.outputPath): \(error)", file: options.displayPath(options.outputDirectory))
            }
        }
        failures.diagnostics.forEach(diagnostics.emit)
        let collisions = Set(handbook.assets.map(\.path).filter { written.contains($0) })
        for asset in handbook.assets where collisions.contains(asset.path) {
            diagnostics.error("output-collision", "this file would overwrite the generated page \(asset.path); rename it", file: asset.displayPath)
        }
        validate(shapes: shapes, library: library)
        guard let (output, _) = writing, !diagnostics.hasErrors(strict: false) else { return 0 }
        if let library { cache?.keepForBodyEdits(RenderCache.Render(pages: pages, library: library, theme: theme)) }
        wholeSite?.finish()
        let drawingShown = handbook.showsWorkflowDrawing
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) where path != LinkResolver.workflowDrawing || drawingShown {
            write(data, to: path, output: output)
        }
        for asset in handbook.assets {
            do {
                let data = try fileSystem.read(asset.absolute(contentDirectory: options.contentDirectory))
                write(data, to: asset.path, output: output)
            } catch {
                diagnostics.unreadable(error, file: asset.displayPath)
            }
        }
        return pages.count
    }

    /// The files made from every document (a body edit changes them too): `handbook.json`, the
    /// feed, the search index and its text shards.
    func writeWholeSiteFiles(_ handbook: Handbook, output: OutputSink) {
        WholeSiteFiles.write(handbook, write: { write(Data($1), to: $0, output: output) }, append: { append(Data($1), to: $0, output: output) })
    }

    /// The whole-site files of `handbook`, to be given every document's parts (`PageList.forEach`) and finished.
    private func wholeSiteFiles(_ handbook: Handbook, output: OutputSink) -> WholeSiteFiles {
        WholeSiteFiles(handbook, write: { write(Data($1), to: $0, output: output) }, append: { append(Data($1), to: $0, output: output) })
    }

    private func append(_ data: Data, to path: String, output: OutputSink) {
        do {
            try output.append(data, to: path)
        } catch {
            diagnostics.error("write-failed", "cannot write \(path): \(error)", file: options.displayPath(options.outputDirectory))
        }
    }

    private func write(_ data: Data, to path: String, output: OutputSink) {
        do {
            try output.write(data, to: path)
        } catch {
            diagnostics.error("write-failed", "cannot write \(path): \(error)", file: options.displayPath(options.outputDirectory))
        }
    }

    /// Parses every template; a syntax error is reported at its line. Nil when any template is
    /// missing or cannot be parsed.
    func compile() -> Mustache.Library? {
        var library = Mustache.Library()
        var ok = true
        for name in Self.pageTemplates where theme.templates[name] == nil {
            diagnostics.error("missing-template", "the theme has no template '\(name).mustache'", file: "templates/\(name).mustache")
            ok = false
        }
        for (name, template) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(template.text, named: name)
            } catch {
                diagnostics.error("template-syntax", error.message,
                                  at: SourceLocation(file: template.displayPath, line: error.line, column: error.column))
                ok = false
            }
        }
        return ok ? library : nil
    }

    /// Every template's name and text: a page rendered with other templates is rendered again.
    var templatesFingerprint: Int {
        var hasher = Hasher()
        for (name, template) in theme.templates.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(template.text)
        }
        return hasher.finalize()
    }

    /// The theme's stylesheet, inlined in the 404 page (served at any depth, where a relative link to it breaks).
    var style: String { theme.assets["style.css"].map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// Every page of the site with its view model, in order (for the sample handbook and tests).
    func pageJobs(for handbook: Handbook) -> [PageJob] {
        let pages = PageList(handbook: handbook, options: options, style: style)
        return (0..<pages.count).map(pages.job)
    }

    /// Every page of the site, by number: the index pages, the documents, the file pages, the contracts.
    struct PageList {
        /// `var`: `handbook serve` puts an edited document's body in (ADR-0018), nothing else.
        var handbook: Handbook
        var models: ViewModels
        let intro: String
        let documentStart = 6
        let fileStart: Int
        /// `handbook.governance.governedFiles`, computed once (it sorts a set each time).
        let governedFiles: [Int]
        let contractsIndex: Int
        /// After the contracts: the tags index, a page per tag, the search page, and the review when there is one.
        let extrasStart: Int
        /// `var`: a field edit's page list (`replacing`) makes them again when tags changed.
        private(set) var tags: [(tag: String, decisions: [Int])]
        private(set) var count: Int
        let style: String
        /// The document that is the log's own `index.md`, when there is one.
        let decisionsIntro: Int?
        /// `forEach` starts the runs of the pages after the file pages first (ADR-0057); false: in
        /// page order, as before (tests compare the two).
        var lateRunsFirst = true

        /// `summaries`: `handbook serve`'s decision summaries of the last build (ADR-0021).
        init(handbook: Handbook, options: BuildOptions, style: String = "", summaries: SummaryCache? = nil) {
            self.handbook = handbook
            self.style = style
            models = ViewModels(handbook: handbook, options: options)
            models.summaries = summaries
            intro = handbook.intro.map { LinkFiller.fill($0.markdown.html, hrefs: handbook.introHrefs) } ?? ""
            fileStart = documentStart + handbook.documents.count
            governedFiles = handbook.governance.governedFiles
            contractsIndex = fileStart + governedFiles.count
            extrasStart = contractsIndex + 1 + handbook.contracts.count
            tags = models.tags()
            decisionsIntro = handbook.documents.indices.first { handbook.documents[$0].isDecisionsIntro }
            count = extrasStart + 1 + tags.count + 1 + (handbook.review == nil ? 0 : 1)
        }

        /// This page list for `handbook`, which differs from its handbook only in the title, status and
        /// tags of the decisions `edited` (a field edit, ADR-0021): no decision is sorted again, the
        /// tags are made again only when the edited decisions' tags changed. The pages may differ
        /// from this list's only in their tags (the caller refuses that).
        func replacing(_ handbook: Handbook, edited: [Int]) -> PageList {
            var copy = self
            copy.handbook = handbook
            copy.models = models.replacing(handbook, edited: edited)
            if edited.contains(where: { self.handbook.documents[$0].decision?.tags != handbook.documents[$0].decision?.tags }) {
                copy.tags = copy.models.tags()
                copy.count = extrasStart + 1 + copy.tags.count + 1 + (handbook.review == nil ? 0 : 1)
            }
            return copy
        }

        func job(_ number: Int) -> PageJob {
            switch number {
            case 0: return PageJob(template: "home", outputPath: "index.html", model: models.home(intro: intro))
            case 1:
                // The log's own `index.md` (log4brains, MADR, Docusaurus) is the decisions index's introduction.
                let intro = decisionsIntro.map { LinkFiller.fill(handbook.documents[$0].bodyHTML, hrefs: handbook.hrefs[$0]) } ?? ""
                return PageJob(template: "decisions", outputPath: "decisions/index.html", model: models.decisionsIndex(intro: intro))
            case 2: return PageJob(template: "404", outputPath: "404.html", model: models.notFound(style: style))
            case 3: return PageJob(template: "metrics", outputPath: "metrics/index.html", model: models.metricsIndex())
            case 4: return PageJob(template: "landmines", outputPath: "landmines/index.html", model: models.landminesIndex())
            case 5: return PageJob(template: "files", outputPath: "files/index.html", model: models.filesIndex())
            case documentStart..<fileStart:
                let index = number - documentStart
                // The document's fields read where the array keeps them (ADR-0073: `let document =
                // handbook.documents[index]`, and a computed property of the element, copied it whole).
                let body = LinkFiller.fill(Document.bodyHTML(of: handbook.documents, at: index), hrefs: handbook.hrefs[index])
                let outputPath = handbook.documents[index].outputPath
                switch handbook.documents[index].kind {
                case .decision: return PageJob(template: "decision", outputPath: outputPath, model: models.decision(index, body: body))
                case .landmine: return PageJob(template: "landmine", outputPath: outputPath, model: models.landmine(index, body: body))
                case .page:
                    // `isDecisionsIntro` of a page, from its stored fields.
                    let path = outputPath == "decisions/index.html" ? "decisions/introduction.html" : outputPath
                    return PageJob(template: "page", outputPath: path, model: models.page(index, body: body))
                }
            case fileStart..<contractsIndex:
                let file = governedFiles[number - fileStart]
                return PageJob(template: "file", outputPath: ViewModels.filePage(handbook.governance.repository.paths[file]),
                               model: models.file(file))
            case contractsIndex:
                return PageJob(template: "contracts", outputPath: ViewModels.contractsIndexPath, model: models.contractsIndex())
            case (contractsIndex + 1)..<extrasStart:
                let index = number - contractsIndex - 1
                return PageJob(template: "contract", outputPath: handbook.contracts[index].outputPath, model: models.contract(index))
            case extrasStart:
                return PageJob(template: "tags", outputPath: ViewModels.tagsIndexPath, model: models.tagsIndex(tags: tags))
            case (extrasStart + 1)..<(extrasStart + 1 + tags.count):
                let entry = tags[number - extrasStart - 1]
                return PageJob(template: "tag", outputPath: ViewModels.tagPage(entry.tag), model: models.tag(entry.tag, decisions: entry.decisions))
            case extrasStart + tags.count + 1:
                return PageJob(template: "search", outputPath: ViewModels.searchPath, model: models.search())
            default:
                return PageJob(template: "review", outputPath: ViewModels.reviewPath, model: handbook.review.map(models.review) ?? [:])
            }
        }

        /// Whether page `number`'s template renders other pages too (documents, file pages,
        /// contracts, tags): only they gain from the shape fold's memory of the last model.
        func repeatsTemplate(_ number: Int) -> Bool {
            (documentStart..<contractsIndex).contains(number) || (contractsIndex + 1..<extrasStart).contains(number)
                || (extrasStart + 1..<extrasStart + 1 + tags.count).contains(number)
        }

        /// A run's pages (`forEach`): 32, as ADR-0043 sized them for the rows pages share. The
        /// governed files' pages run `fileRun` at a time (ADR-0058): each lists the decisions that
        /// govern it (about 375 a page in the governed corpus), and the pages of one run share the
        /// rows of those whose link is alike (`GovernanceRows`, ADR-0048) and their rendered bytes
        /// (`Mustache.RowMemo`); in runs of 32 a row was made and rendered again in every run. The
        /// runs are contiguous, in page order, and cover every page once: which pages a run holds
        /// changes only the work (the shapes are joined in run order, ADR-0054).
        static let run = 32, fileRun = 128

        static func runs(count: Int, files: Range<Int>) -> [Range<Int>] {
            var runs: [Range<Int>] = []
            var start = 0
            while start < count {
                let inFiles = files.contains(start)
                var end = min(count, start + (inFiles ? fileRun : run))
                // A run ends where the file pages start or end.
                if !inFiles, !files.isEmpty, start < files.lowerBound { end = min(end, files.lowerBound) }
                if inFiles { end = min(end, files.upperBound) }
                runs.append(start..<end)
                start = end
            }
            return runs
        }

        /// Builds every page's model in parallel, hands each to `body` and drops it; returns the
        /// shapes of the models by template, folded in page order. With `parts`, each run of pages
        /// also makes its documents' parts of the whole-site files and hands them over.
        ///
        /// With `settling`, a template whose pages so far are checked without a problem in a way
        /// later pages cannot change, under guards they meet, stops being folded (ADR-0060); when
        /// a page does not meet them, that template is folded again from its first page at the end.
        func forEach(parts: WholeSiteFiles? = nil, settling: ShapeSettling? = nil, _ body: (PageJob) -> Void) -> [String: ShapeAccumulator] {
            let runs = Self.runs(count: count, files: fileStart..<contractsIndex)
            // Each run's shapes are joined into the whole as soon as every run before it is
            // (ADR-0054): kept until the end, the 3,126 runs' shapes of 100,000 records were 87 MB.
            let joined = OrderedShapes(settling: settling)
            // The runs from the one holding the contracts index on (the contracts, the tags index, a
            // page per tag listing its records, the search page) are started first: started last,
            // as their numbers come, they were the render's tail, one core rendering a run of tag
            // pages while the other had nothing left (ADR-0057). Each run makes what it made, and
            // the runs are joined in run order as before, whatever order they end in.
            let late = lateRunsFirst ? (runs.firstIndex { $0.contains(contractsIndex) } ?? runs.count) : 0
            let order = Array(late..<runs.count) + Array(0..<late)
            DispatchQueue.concurrentPerform(iterations: runs.count) { turn in
                let c = order[turn]
                let range = runs[c]
                var shapes: [String: ShapeAccumulator] = [:]
                // The run's pages share the sidebar timeline's rows (ADR-0043) and governance rows (ADR-0048) they have in common.
                var run = self
                run.models.timelineRows = TimelineRows()
                run.models.tagPages = TagPages()
                run.models.governanceRows = GovernanceRows()
                let rows = Mustache.RowMemo()
                // The run's documents' parts first: the whole-site files take runs in document
                // order, so parts made after a slow page (the decisions index of every record)
                // would hold back every later run's, which wait in memory until then.
                if let parts {
                    let first = max(range.lowerBound, documentStart), end = min(range.upperBound, fileStart)
                    if first < end {
                        let range = (first - documentStart)..<(end - documentStart)
                        parts.add(range, parts.parts(range))
                    }
                }
                for number in range {
                    var job = run.job(number)
                    // A page whose template renders no other page has no rows in common with
                    // the run's other pages but a few (the navigation): its own rows met twice
                    // (the decisions index's table and timeline) were kept with their bytes for
                    // nothing (ADR-0054: tens of megabytes at 100,000 records).
                    job.rows = repeatsTemplate(number) ? rows : nil
                    if let settling, let guards = settling.walk(for: job.template) {
                        if guards.holds(onModel: job.model) {
                            body(job)
                            continue
                        }
                        settling.broke(job.template)
                    }
                    let accumulator = shapes[job.template] ?? ShapeAccumulator()
                    shapes[job.template] = accumulator
                    accumulator.add(job.model)
                    body(job)
                    // A template with one page keeps nothing for a page like it to skip: its model
                    // (the home page's rows for every decision) is let go now, not at the run's end,
                    // so it is not held while the next index page is made.
                    if !repeatsTemplate(number) { accumulator.forgetLast() }
                }
                shapes.values.forEach { $0.forgetLast() }
                joined.add(shapes, run: c)
            }
            guard let settling else { return joined.shapes }
            let unsettled = settling.unsettled(joined.shapes)
            return unsettled.isEmpty ? joined.shapes : folded(unsettled, runs: runs, into: joined.shapes)
        }

        /// `shapes` with the templates `again` folded from their first page to their last, in
        /// order, each page's model made again (ADR-0060: a page did not meet a settled
        /// template's guards; the pages not folded are gone).
        private func folded(_ again: Set<String>, runs: [Range<Int>], into shapes: [String: ShapeAccumulator]) -> [String: ShapeAccumulator] {
            var shapes = shapes
            var fresh: [String: ShapeAccumulator] = [:]
            var list = self
            // `handbook serve`'s summaries record the rows they make: made again, they are not asked.
            list.models.summaries = nil
            for range in runs {
                var run = list
                run.models.timelineRows = TimelineRows()
                run.models.governanceRows = GovernanceRows()
                var folds: [String: ShapeAccumulator] = [:]
                for number in range {
                    let job = run.job(number)
                    guard again.contains(job.template) else { continue }
                    let accumulator = folds[job.template] ?? ShapeAccumulator()
                    folds[job.template] = accumulator
                    accumulator.add(job.model)
                }
                for (template, accumulator) in folds {
                    accumulator.forgetLast()
                    if let existing = fresh[template] { existing.add(contentsOf: accumulator) } else { fresh[template] = accumulator }
                }
            }
            for template in again { shapes[template] = fresh[template] }
            return shapes
        }
    }

    /// Checks each template against the union of the shapes of its pages' view models and of a
    /// complete sample handbook's, so a name inside a list that happens to be empty is still checked.
    func validate(shapes pageShapes: [String: ShapeAccumulator], library: Mustache.Library?) {
        var shapes = pageShapes
        for job in SampleHandbook.pageJobs {
            let accumulator = shapes[job.template] ?? ShapeAccumulator()
            shapes[job.template] = accumulator
            accumulator.add(job.model)
        }
        // Templates that failed to parse were reported by `compile`; the others are still checked.
        var parsed = library?.templates ?? [:]
        if library == nil {
            for (name, template) in theme.templates { parsed[name] = try? Mustache.parse(template.text) }
        }
        var validator = TemplateValidator(templates: parsed, names: Set(theme.templates.keys))
        for name in Self.pageTemplates where theme.templates[name] != nil {
            validator.validate(template: name, against: shapes[name]?.shape ?? .object([:]))
        }
        for problem in validator.problems {
            let file = theme.templates[problem.template]?.displayPath ?? problem.template
            diagnostics.error(problem.id, problem.message, at: SourceLocation(file: file, line: problem.line, column: problem.column))
        }
    }
}

/// A page written to an output in pieces as it renders (`Mustache.Library.Flush`, ADR-0054): the
/// first piece with `write(page:)`, each later one and the rest with `append`, so that every sink
/// (`DiskOutput`, `SiteWriter`, `DigestingOutput`, `MemoryOutput`) ends with the bytes of one
/// `write(page:)` of the whole page; a page that never reaches `threshold` is one `write(page:)`.
final class PagePieces {
    /// A piece's size: the decisions index of 100,000 records (about 120 MB) in about 120 writes.
    static let threshold = 1 << 20

    let output: OutputSink
    let path: String
    /// The pieces written so far (the rest not counted): after the first, the rest is appended.
    private(set) var count = 0
    private var started: Bool { count > 0 }
    /// The error of the write that failed, which stopped the render.
    private(set) var failure: Error?

    init(output: OutputSink, path: String) {
        self.output = output
        self.path = path
    }

    func write(_ piece: ArraySlice<UInt8>) -> Bool {
        do {
            if started {
                try output.append(Data(piece), to: path)
            } else {
                try piece.withUnsafeBytes { try output.write(page: $0, to: path) }
            }
            count += 1
            return true
        } catch {
            failure = error
            return false
        }
    }

    /// Writes the rest of the page (all of it when no piece was written).
    func finish(_ rest: UnsafeRawBufferPointer) throws {
        if started {
            if !rest.isEmpty { try output.append(Data(rest), to: path) }
        } else {
            try output.write(page: rest, to: path)
        }
    }
}

/// The shapes of runs of pages joined in run order as the runs end, from many threads: a run that
/// ends before one before it waits here until that one is joined (ADR-0054). The same joins in the
/// same order as joining every run's shapes at the end.
final class OrderedShapes: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: [String: ShapeAccumulator]] = [:]
    private var next = 0
    private(set) var shapes: [String: ShapeAccumulator] = [:]
    /// Told of each template's fold of the runs joined so far, after each join (ADR-0060).
    private let settling: ShapeSettling?

    init(settling: ShapeSettling? = nil) {
        self.settling = settling
    }

    func add(_ run: [String: ShapeAccumulator], run number: Int) {
        lock.lock()
        defer { lock.unlock() }
        waiting[number] = run
        while let part = waiting.removeValue(forKey: next) {
            for (template, accumulator) in part {
                if let existing = shapes[template] { existing.add(contentsOf: accumulator) } else { shapes[template] = accumulator }
            }
            if let settling {
                for template in part.keys.sorted() { settling.consider(template, prefix: shapes[template]!) }
            }
            next += 1
        }
    }
}

/// The site paths written so far, from many threads: a second write to one path is a collision.
final class OutputPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String: Bool] = [:]

    /// Nil when the path is new; else whether the page that took it first is a document's.
    func insert(_ path: String, isDocument: Bool) -> Bool? {
        lock.lock()
        defer { lock.unlock() }
        if let earlier = paths[path] { return earlier }
        paths[path] = isDocument
        return nil
    }

    func contains(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return paths[path] != nil
    }
}
