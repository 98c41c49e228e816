import Foundation
import HandbookMarkdown
import Mustache

/// Stage 5: build each page's view model, check the templates against them, render every page
/// (in parallel) and hand each file to the output as soon as it is rendered.
struct RenderStage {
    let options: BuildOptions
    let diagnostics: DiagnosticEngine
    let theme: Theme
    let fileSystem: FileSystem

    struct PageJob {
        var template: String
        var outputPath: String
        var model: [String: Any]
    }

    /// The template each kind of page is rendered with.
    static let pageTemplates = ["home", "decisions", "decision", "page", "404", "metrics",
                                "landmines", "landmine", "files", "file", "contracts", "contract", "review", "tags", "tag", "search"]

    /// Compiles and checks the theme against `handbook`'s pages; with an output, renders and writes them.
    /// Returns the number of pages written.
    @discardableResult
    func run(_ handbook: Handbook, output: OutputSink?) -> Int {
        let library = compile()
        let jobs = pageJobs(for: handbook)
        validate(jobs: jobs)
        guard let output, let library, !diagnostics.hasErrors(strict: false) else { return 0 }
        let failures = DiagnosticEngine()
        // swift-mustache's templates, rendered without its per-name protocol casts where that is exact.
        let fast = FastMustache.verified(library: library, names: theme.templates.keys,
                                         samples: SampleHandbook.pageJobs.map { ($0.model, $0.template) })
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let job = jobs[index]
            let page: Data
            if let bytes = fast?.render(job.model, withTemplate: job.template) {
                page = Data(bytes)
            } else if let html = library.render(job.model, withTemplate: job.template) {
                page = Data(html.utf8)
            } else {
                return
            }
            do {
                try output.write(page, to: job.outputPath)
            } catch {
                failures.error("write-failed", "cannot write \(job.outputPath): \(error)", file: options.displayPath(options.outputDirectory))
            }
        }
        write(HandbookJSON.encode(handbook), to: "handbook.json", output: output)
        write(Data(AtomFeed.render(handbook).utf8), to: AtomFeed.path, output: output)
        write(Data(ViewModels(handbook: handbook, options: options).searchIndex().utf8), to: ViewModels.searchIndexPath, output: output)
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            write(data, to: path, output: output)
        }
        for asset in handbook.assets {
            do {
                let data = try fileSystem.read(options.contentDirectory + "/" + asset.path)
                write(data, to: asset.path, output: output)
            } catch {
                diagnostics.error("unreadable", "cannot read the file: \(error)", file: asset.displayPath)
            }
        }
        failures.diagnostics.forEach(diagnostics.emit)
        return jobs.count
    }

    private func write(_ data: Data, to path: String, output: OutputSink) {
        do {
            try output.write(data, to: path)
        } catch {
            diagnostics.error("write-failed", "cannot write \(path): \(error)", file: options.displayPath(options.outputDirectory))
        }
    }

    /// Parses every template; a syntax error is reported at the template's line.
    func compile() -> MustacheLibrary? {
        var library = MustacheLibrary()
        var ok = true
        for name in Self.pageTemplates where theme.templates[name] == nil {
            diagnostics.error("missing-template", "the theme has no template '\(name).mustache'", file: "templates/\(name).mustache")
            ok = false
        }
        for (name, template) in theme.templates.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(template.text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The template check names most syntax errors more precisely; report this one only when it does not.
                if !TemplateValidator(templates: [name: template.text]).hasSyntaxProblems(in: name) {
                    diagnostics.error("template-syntax", "cannot parse the template: \(Self.describe(error.error))",
                                      at: SourceLocation(file: template.displayPath, line: error.context.lineNumber,
                                                         column: error.context.columnNumber + 1))
                }
                ok = false
            } catch {
                diagnostics.error("template-syntax", "cannot parse the template: \(error)", file: template.displayPath)
                ok = false
            }
        }
        return ok ? library : nil
    }

    static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name other than the one it opened with"
        case .unfinishedName: return "a tag is not finished with '}}', or its name has characters a name cannot have"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "a tag that is not allowed inside an inheritance section"
        case .textInsideInheritSection: return "text inside an inheritance section"
        case .invalidConfigVariableSyntax: return "a pragma ({{% ...}}) is malformed"
        case .unrecognisedConfigVariable: return "an unknown pragma ({{% ...}})"
        }
    }

    /// Every page of the site with its view model.
    func pageJobs(for handbook: Handbook) -> [PageJob] {
        let models = ViewModels(handbook: handbook, options: options)
        let intro = handbook.intro.map { LinkFiller.fill($0.markdown.html, hrefs: handbook.introHrefs) } ?? ""
        var jobs = [
            PageJob(template: "home", outputPath: "index.html", model: models.home(intro: intro)),
            PageJob(template: "decisions", outputPath: "decisions/index.html", model: models.decisionsIndex()),
            PageJob(template: "404", outputPath: "404.html", model: models.notFound()),
            PageJob(template: "metrics", outputPath: "metrics/index.html", model: models.metricsIndex()),
            PageJob(template: "landmines", outputPath: "landmines/index.html", model: models.landminesIndex()),
            PageJob(template: "files", outputPath: "files/index.html", model: models.filesIndex()),
        ]
        var documentJobs = [PageJob?](repeating: nil, count: handbook.documents.count)
        documentJobs.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: handbook.documents.count) { index in
                let document = handbook.documents[index]
                let body = LinkFiller.fill(document.markdown.html, hrefs: handbook.hrefs[index])
                switch document.kind {
                case .decision:
                    slots[index] = PageJob(template: "decision", outputPath: document.outputPath, model: models.decision(index, body: body))
                case .landmine:
                    slots[index] = PageJob(template: "landmine", outputPath: document.outputPath, model: models.landmine(index, body: body))
                case .page:
                    slots[index] = PageJob(template: "page", outputPath: document.outputPath, model: models.page(index, body: body))
                }
            }
        }
        jobs += documentJobs.compactMap { $0 }
        let governed = handbook.governance.governedFiles
        var fileJobs = [PageJob?](repeating: nil, count: governed.count)
        fileJobs.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: governed.count) { index in
                let file = governed[index]
                slots[index] = PageJob(template: "file", outputPath: ViewModels.filePage(handbook.governance.repository.paths[file]),
                                       model: models.file(file))
            }
        }
        jobs += fileJobs.compactMap { $0 }
        jobs.append(PageJob(template: "contracts", outputPath: ViewModels.contractsIndexPath, model: models.contractsIndex()))
        jobs.append(PageJob(template: "tags", outputPath: ViewModels.tagsIndexPath, model: models.tagsIndex()))
        jobs += models.tags().map { PageJob(template: "tag", outputPath: ViewModels.tagPage($0.tag), model: models.tag($0.tag, decisions: $0.decisions)) }
        jobs.append(PageJob(template: "search", outputPath: ViewModels.searchPath, model: models.search()))
        if let review = handbook.review {
            jobs.append(PageJob(template: "review", outputPath: ViewModels.reviewPath, model: models.review(review)))
        }
        jobs += handbook.contracts.indices.map { index in
            PageJob(template: "contract", outputPath: handbook.contracts[index].outputPath, model: models.contract(index))
        }
        return jobs
    }

    /// Checks each template against the union of the shapes of its pages' view models and of a
    /// complete sample handbook's, so a name inside a list that happens to be empty is still checked.
    func validate(jobs: [PageJob]) {
        var shapes: [String: ViewShape] = [:]
        for job in jobs + SampleHandbook.pageJobs {
            let shape = ViewShape.of(job.model)
            shapes[job.template] = shapes[job.template].map { $0.merged(with: shape) } ?? shape
        }
        var validator = TemplateValidator(templates: theme.templates.mapValues(\.text))
        for name in Self.pageTemplates where theme.templates[name] != nil {
            validator.validate(template: name, against: shapes[name] ?? .object([:]))
        }
        for problem in validator.problems {
            let file = theme.templates[problem.template]?.displayPath ?? problem.template
            diagnostics.error(problem.id, problem.message, at: SourceLocation(file: file, line: problem.line, column: problem.column))
        }
    }
}

