import Foundation
import HandbookMarkdown

/// `handbook serve`'s route for the commonest edit, the text of a record (ADR-0018). When every
/// changed file is a Markdown document of the site on disk, and its new parse differs from the
/// old one only in what its own page shows of its body (the HTML, the blocks, the links; not its
/// title, fields, headings or anything else another page, link or check reads: `outline`), then
/// only its page and the files made from every document (`handbook.json`, the feed, the search
/// index) change. Nothing is listed, no other file is read, no other view model is built. The
/// rebuild answers when the pages are in place; the whole-site files follow (`finishPending`).
///
/// Anything else (a new or deleted file, a title, a status, a heading, a diagnostic before or
/// after, a failed last build) takes the route of ADR-0017, which compares every page's model.
extension LiveSite {
    /// The rebuild, or why the change is not a body edit of the site on disk (`serve --verbose` says it).
    func bodyEdit(_ changed: [String], writer: SiteWriter, shown: [String], start: UInt64) -> Result<Rebuild, Refusal> {
        guard options.reviewBase == nil, !changed.isEmpty else { return .failure(Refusal("a review build, or no file named")) }
        guard var last = cache.last, var render = cache.pages.liveRender else { return .failure(Refusal("the last build failed")) }
        var refusal = Refusal("")
        var timer = StageTimer()
        cache.sources.startBuild()
        var handbook = last.handbook
        // The copy of the documents made while waiting for this edit (ADR-0022): replacing the edited
        // ones below then copies nothing.
        if let spare = cache.takeSpareDocuments(of: handbook.documents) { handbook.documents = spare }
        var edits: [(index: Int, path: String, entry: SourceCache.Entry, old: Document)] = []
        // The decisions whose title, status or tags changed too (ADR-0019).
        var fieldEdits: [Int] = []
        let read: Bool = timer.run("read") {
            for path in Set(changed).sorted() {
                let name = options.displayPath(path)
                guard let index = last.documentByPath[path], let cached = cache.sources.entry(path), cached.document != nil,
                      cached.configKey == last.configKey else {
                    refusal = Refusal("\(name) is not a document of the site on disk")
                    return false
                }
                let old = handbook.documents[index]
                guard !old.isDecisionsIntro else {
                    refusal = Refusal("\(name) introduces the decisions index")
                    return false
                }
                let loading = DiagnosticEngine(), parsing = DiagnosticEngine()
                guard let stamp = last.fileSystem.stamp(path),
                      var file = LoadStage(options: options, fileSystem: last.fileSystem, git: git, diagnostics: loading)
                          .load(path, as: old.source, from: last.fileSystem, diagnostics: loading) else {
                    refusal = Refusal("\(name) cannot be read")
                    return false
                }
                file.idPrefix = cached.idPrefix
                file.stamp = stamp
                let document = ParseStage(config: handbook.config, diagnostics: parsing).parse(file)
                // The file's own diagnostics must be those it gave before: then the build's are (the
                // others come from its outline and other files).
                guard loading.diagnostics == cached.loadDiagnostics, parsing.diagnostics == cached.parseDiagnostics,
                      document.decision?.dateFromHistory == nil else {
                    refusal = Refusal("\(name) gives other diagnostics, or takes its date from git history")
                    return false
                }
                if Self.outline(document) != Self.outline(old) {
                    guard let outline = Self.fieldOutline(document), outline == Self.fieldOutline(old) else {
                        refusal = Refusal("more than the text, title, status and tags of \(name) changed (its fields, relations or headings)")
                        return false
                    }
                    fieldEdits.append(index)
                }
                handbook.documents[index] = document
                edits.append((index, path, SourceCache.Entry(stamp: stamp, source: cached.source, idPrefix: cached.idPrefix, loaded: file,
                                                             loadDiagnostics: loading.diagnostics, configKey: last.configKey,
                                                             document: document, parseDiagnostics: parsing.diagnostics), old))
            }
            return true
        }
        guard read else { return .failure(refusal) }
        let linked: Bool = timer.run("link") {
            // The text's links: their diagnostics must be those the old text's links gave.
            let before = DiagnosticEngine(), after = DiagnosticEngine()
            let oldResolver = last.resolver(for: last.handbook, options: options, diagnostics: before)
            let resolver = last.resolver(for: handbook, options: options, diagnostics: after)
            for edit in edits {
                let document = handbook.documents[edit.index]
                for link in edit.old.markdown.links { _ = oldResolver.resolve(link, in: edit.old) }
                handbook.hrefs[edit.index] = document.markdown.links.map { resolver.resolve($0, in: document) }
                // An image of the repository the site has no copy of yet: the full build copies it.
                if resolver.repositoryImages(in: document).contains(where: { !last.resolverMaps.assets.contains($0.path) }) { return false }
                // The theme's workflow drawing is written only while a page shows it: the full build decides.
                if last.handbook.hrefs[edit.index].contains(where: Handbook.isWorkflowDrawing)
                    != handbook.hrefs[edit.index].contains(where: Handbook.isWorkflowDrawing) { return false }
            }
            return before.diagnostics == after.diagnostics
        }
        guard linked else { return .failure(Refusal("the text's links give other diagnostics")) }
        // A title, status or tags edit: the pages that show them, from a page list of the new handbook.
        var pages = render.pages
        var toRender = Set(edits.map { render.pages.documentStart + $0.index })
        if !fieldEdits.isEmpty {
            let refused: Refusal? = timer.run("fields") {
                let anchors = edits.reduce(into: Set<String>()) { $0.formUnion(Self.changedAnchors($1.old, handbook.documents[$1.index])) }
                if Self.linksToAnchors(anchors, in: handbook) { return Refusal("a link names a heading that changed") }
                Self.retitleStaleGlobs(&handbook, edited: fieldEdits)
                // The check stage's warnings (an unknown status, a superseded record's status): the
                // rules about a decision read its own fields alone (`CheckStage.check(decision:in:)`).
                let before = DiagnosticEngine(), after = DiagnosticEngine()
                for index in fieldEdits {
                    CheckStage(options: options, diagnostics: before).check(decision: index, in: last.handbook)
                    CheckStage(options: options, diagnostics: after).check(decision: index, in: handbook)
                }
                guard before.diagnostics == after.diagnostics else { return Refusal("the statuses give other warnings") }
                // The page list of the new handbook, from the old one (ADR-0021).
                pages = render.pages.replacing(handbook, edited: fieldEdits)
                guard pages.count == render.pages.count, pages.tags.map(\.tag) == render.pages.tags.map(\.tag) else {
                    return Refusal("a tag is new or no longer used")
                }
                for index in fieldEdits { toRender.formUnion(Self.pagesShowing(index, old: render.pages, new: pages)) }
                return nil
            }
            if let refused { return .failure(refused) }
        }

        // The pages first (what the author is looking at), then the files made from every document.
        if fieldEdits.isEmpty {
            pages.handbook = handbook
            pages.models.handbook = handbook
        }
        render.pages = pages
        var fingerprints: [String: Int?] = [:]
        var recordings: [String: Mustache.Recording] = [:]
        var changes = SiteWriter.Changes()
        enum Outcome { case written, notWritten, partlyWritten }
        let outcome: Outcome = timer.run("render") {
            writer.beginPartial()
            for number in toRender.sorted() {
                let job = pages.job(number)
                let page: [UInt8]
                if !fieldEdits.isEmpty, RenderCache.recordedTemplates.contains(job.template) {
                    // A page that lists decisions: rendered again copying the rows that did not change
                    // (ADR-0021); no fingerprint (it would walk every row), so the next rebuild that
                    // compares pages renders it.
                    guard let recording = try? render.library.render(job.model, withTemplate: job.template,
                                                                    previous: cache.pages.recording(job.outputPath)) else {
                        writer.discard()
                        return .notWritten
                    }
                    recordings[job.outputPath] = recording
                    fingerprints[job.outputPath] = .some(nil)
                    page = recording.output
                } else {
                    let fingerprint = ModelFingerprint.of(job.model, template: job.template)
                    // A page of a field edit whose model did not change stays as it is.
                    if !fieldEdits.isEmpty, let fingerprint, cache.pages.isLive(job.outputPath, fingerprint: fingerprint) { continue }
                    // A template that fails on this page: the whole route reports it.
                    guard let rendered = try? render.library.render(job.model, withTemplate: job.template) else {
                        writer.discard()
                        return .notWritten
                    }
                    fingerprints[job.outputPath] = fingerprint
                    page = rendered
                }
                guard (try? page.withUnsafeBytes({ try writer.write(page: $0, to: job.outputPath) })) != nil else {
                    writer.discard()
                    return .notWritten
                }
            }
            do {
                try writer.commit()
            } catch {
                return .partlyWritten
            }
            changes = writer.lastChanges
            return .written
        }
        switch outcome {
        case .written: break
        case .notWritten: return .failure(Refusal("the page could not be rendered or written"))
        case .partlyWritten:
            // Part of the pages may be new: the whole route makes and writes every page again.
            cache.siteUnknown()
            return .failure(Refusal("the pages could not be put in place"))
        }
        // The last build's handbook and page list replaced here are freed after the answer, on
        // another thread (ADR-0022): 10,000 documents' fields released one by one.
        replaced.append((cache.last, cache.pages.liveRender))
        cache.pages.bodyEditWritten(fingerprints, recordings: recordings, render: render)
        for edit in edits { cache.sources.storeParsed(edit.path, edit.entry) }
        last.handbook = handbook
        cache.bodyEditSucceeded(last)
        // The answer goes now; the whole-site files are written after it (`finishPending`).
        pendingWholeSite = PendingWholeSite(handbook: handbook, theme: render.theme, fileSystem: last.fileSystem,
                                            writer: writer, changed: shown, diagnostics: last.diagnostics)
        var rebuild = Rebuild(changed: shown, diagnostics: last.diagnostics, sourceLines: [],
                              succeeded: true, written: changes.written, deleted: [],
                              pageCount: render.pages.count, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                              timings: timer.timings)
        rebuild.route = fieldEdits.isEmpty ? .bodyEdit : .fieldEdit
        return .success(rebuild)
    }

    /// The files made from every document (`handbook.json`, the feed, the search index) after a
    /// body edit answered; the caller holds the lock. Nil when none are waiting.
    func writePendingWholeSite() -> Rebuild? {
        guard let pending = pendingWholeSite else { return nil }
        pendingWholeSite = nil
        let start = DispatchTime.now().uptimeNanoseconds
        var timer = StageTimer()
        let own = DiagnosticEngine()
        timer.run("whole-site files") {
            pending.writer.beginPartial()
            RenderStage(options: options, diagnostics: own, theme: pending.theme, fileSystem: pending.fileSystem)
                .writeWholeSiteFiles(pending.handbook, output: pending.writer)
            do {
                try pending.writer.commit()
            } catch {
                own.error("write-failed", "cannot put the site in place: \(error)", file: options.displayPath(options.outputDirectory))
            }
        }
        let failed = own.hasErrors(strict: false)
        // Part of the site may be new: the next rebuild takes the whole route.
        if failed { cache.siteUnknown() }
        let diagnostics = failed ? (pending.diagnostics + own.diagnostics) : pending.diagnostics
        var rebuild = Rebuild(changed: pending.changed, diagnostics: diagnostics, sourceLines: sourceLines(diagnostics, succeeded: !failed),
                              succeeded: !failed, written: failed ? [] : pending.writer.lastChanges.written, deleted: [],
                              pageCount: 0, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                              timings: timer.timings)
        rebuild.route = .wholeSiteFiles
        return rebuild
    }

    /// Why a change took the whole route.
    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Everything of a document that anything but its own page and the whole-site files reads:
    /// the document with its body's HTML, blocks and links left out. Its title, fields, relations
    /// written, headings (links to them are checked from other files) and source locations stay.
    /// (`String(reflecting:)`: a field added to `Document` is part of it without a word here.)
    static func outline(_ document: Document) -> String {
        var copy = document
        copy.markdown.html = ""
        copy.markdown.blocks = []
        copy.markdown.links = []
        copy.markdown.plainText = ""
        copy.spilled = nil
        return String(reflecting: copy)
    }
}

/// What a body edit leaves to write after its answer.
struct PendingWholeSite {
    var handbook: Handbook
    var theme: Theme
    var fileSystem: FileSystem
    var writer: SiteWriter
    var changed: [String]
    var diagnostics: [Diagnostic]
}

extension LastBuild {
    /// The link stage's resolver for `handbook`, built as `LinkStage.run` builds it.
    func resolver(for handbook: Handbook, options: BuildOptions, diagnostics: DiagnosticEngine) -> LinkResolver {
        LinkResolver(options: options, fileSystem: fileSystem, diagnostics: diagnostics, config: handbook.config,
                     rootDirectory: handbook.rootDirectory, documents: handbook.documents, byPath: resolverMaps.byPath,
                     byID: handbook.idIndex, assets: resolverMaps.assets, byRealPath: resolverMaps.byRealPath,
                     assetsByRealPath: resolverMaps.assetsByRealPath)
    }
}

