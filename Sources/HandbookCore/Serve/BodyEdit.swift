import Foundation
import HandbookMarkdown

/// `handbook serve`'s route for the commonest edit, the text of a record (ADR-0018). When every
/// changed file is a Markdown document of the site on disk, and its new parse differs from the
/// old one only in what its own page shows of its body (the HTML, the blocks, the links; not its
/// title, fields, headings or anything else another page, link or check reads: `outline`), then
/// only its page and the files made from every document (`handbook.json`, the feed, the search
/// index) change. Nothing is listed, no other file is read, no other view model is built.
///
/// Anything else (a new or deleted file, a title, a status, a heading, a diagnostic before or
/// after, a failed last build) takes the route of ADR-0017, which compares every page's model.
extension LiveSite {
    /// The rebuild, or nil when the change is not a body edit of the site on disk.
    func bodyEdit(_ changed: [String], writer: SiteWriter, shown: [String], start: UInt64) -> Rebuild? {
        guard options.reviewBase == nil, !changed.isEmpty, var last = cache.last, var render = cache.pages.liveRender else { return nil }
        var timer = StageTimer()
        cache.sources.startBuild()
        let own = DiagnosticEngine()
        var handbook = last.handbook
        var edits: [(index: Int, path: String, entry: SourceCache.Entry)] = []
        let read: Bool = timer.run("read") {
            let load = LoadStage(options: options, fileSystem: last.fileSystem, git: git, diagnostics: own)
            let parse = ParseStage(config: handbook.config, diagnostics: own)
            for path in Set(changed).sorted() {
                guard let index = last.documentByPath[path], let cached = cache.sources.entry(path) else { return false }
                let old = handbook.documents[index]
                // A diagnostic at the file, before or after: the whole route says which stay.
                guard !old.isDecisionsIntro, !last.diagnostics.contains(where: { $0.file == old.source.displayPath }),
                      let stamp = last.fileSystem.stamp(path),
                      var file = load.load(path, as: old.source, from: last.fileSystem, diagnostics: own) else { return false }
                file.idPrefix = cached.idPrefix
                file.stamp = stamp
                let document = parse.parse(file)
                guard own.diagnostics.isEmpty, document.decision?.dateFromHistory == nil,
                      Self.outline(document) == Self.outline(old) else { return false }
                handbook.documents[index] = document
                edits.append((index, path, SourceCache.Entry(stamp: stamp, source: cached.source, idPrefix: cached.idPrefix, loaded: file,
                                                             loadDiagnostics: [], configKey: last.configKey, document: document)))
            }
            return true
        }
        guard read else { return nil }
        timer.run("link") {
            let resolver = last.resolver(for: handbook, options: options, diagnostics: own)
            for edit in edits {
                let document = handbook.documents[edit.index]
                handbook.hrefs[edit.index] = document.markdown.links.map { resolver.resolve($0, in: document) }
            }
        }
        guard own.diagnostics.isEmpty else { return nil }

        // The pages first (what the author is looking at), then the files made from every document.
        render.pages.handbook = handbook
        render.pages.models.handbook = handbook
        var fingerprints: [String: Int?] = [:]
        var changes = SiteWriter.Changes()
        enum Outcome { case written, notWritten, partlyWritten }
        let outcome: Outcome = timer.run("render") {
            writer.beginPartial()
            for edit in edits {
                let job = render.pages.job(render.pages.documentStart + edit.index)
                // A template that fails on this page: the whole route reports it.
                guard let page = try? render.library.render(job.model, withTemplate: job.template),
                      (try? writer.write(page: page, to: job.outputPath)) != nil else {
                    writer.discard()
                    return .notWritten
                }
                fingerprints[job.outputPath] = ModelFingerprint.of(job.model, template: job.template)
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
        case .notWritten: return nil
        case .partlyWritten:
            // Part of the pages may be new: the whole route makes and writes every page again.
            cache.siteUnknown()
            return nil
        }
        cache.pages.bodyEditWritten(fingerprints, render: render)
        for edit in edits { cache.sources.storeParsed(edit.path, edit.entry) }
        last.handbook = handbook
        timer.run("whole-site files") {
            writer.beginPartial()
            RenderStage(options: options, diagnostics: own, theme: render.theme, fileSystem: last.fileSystem)
                .writeWholeSiteFiles(handbook, output: writer)
            do {
                try writer.commit()
            } catch {
                own.error("write-failed", "cannot put the site in place: \(error)", file: options.displayPath(options.outputDirectory))
            }
        }
        changes.written = (changes.written + writer.lastChanges.written).sorted()
        var diagnostics = last.diagnostics
        if own.hasErrors(strict: false) {
            // Half the site is new: the next rebuild takes the whole route.
            diagnostics = (diagnostics + own.diagnostics)
            cache.siteUnknown()
        } else {
            cache.bodyEditSucceeded(last)
        }
        var rebuild = Rebuild(changed: shown, diagnostics: diagnostics, sourceLines: diagnostics.map(sourceLine),
                              succeeded: !own.hasErrors(strict: false), written: changes.written, deleted: [],
                              pageCount: render.pages.count, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
                              timings: timer.timings)
        rebuild.route = .bodyEdit
        return rebuild
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

extension LastBuild {
    /// The link stage's resolver for `handbook`, built as `LinkStage.run` builds it.
    func resolver(for handbook: Handbook, options: BuildOptions, diagnostics: DiagnosticEngine) -> LinkResolver {
        LinkResolver(options: options, fileSystem: fileSystem, diagnostics: diagnostics, config: handbook.config,
                     rootDirectory: handbook.rootDirectory, documents: handbook.documents, byPath: resolverMaps.byPath,
                     byID: handbook.idIndex, assets: resolverMaps.assets, byRealPath: resolverMaps.byRealPath,
                     assetsByRealPath: resolverMaps.assetsByRealPath)
    }
}
