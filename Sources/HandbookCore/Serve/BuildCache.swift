import Foundation

/// What `handbook serve` keeps from one build for the next (ADR-0017): each Markdown file as
/// loaded and parsed, keyed by the file's stamp, with the diagnostics it gave; and each page's
/// view-model fingerprint, so a page whose model did not change is not rendered again. Every
/// reuse gives what a clean build would: a document depends only on its file and the
/// configuration, a page only on its model and the templates.
public final class BuildCache: @unchecked Sendable {
    let sources = SourceCache()
    let pages = RenderCache()

    public init() {}

    /// Files the watcher saw change: their entries go, whatever their stamps say (a stamp can
    /// stay the same across two writes of one size within a clock tick).
    public func invalidate(_ paths: [String]) {
        sources.invalidate(paths)
    }

    /// The linked handbook of the site on disk, when the last build succeeded (ADR-0018): a body
    /// edit starts from it. Nil after any build that failed: then the site on disk is not what
    /// the sources give, and only a whole rebuild says what they give.
    private(set) var last: LastBuild?

    /// After a build whose site was put in place: the pages' fingerprints become the baseline, and
    /// its handbook the one body edits start from.
    func buildSucceeded(_ build: LastBuild? = nil) {
        pages.promote()
        last = build
    }

    /// After a build that changed nothing on disk: the baseline stays.
    func buildFailed() {
        pages.dropPending()
        last = nil
    }

    /// After a build that may have changed part of the site (a write failed half-way): no page is
    /// known to be current any more.
    func siteUnknown() {
        pages.forget()
        last = nil
    }

    /// After a body edit put its pages in place (`LiveSite`).
    func bodyEditSucceeded(_ build: LastBuild) { last = build }

    /// A copy of `last`'s documents made while `serve` waits for the next edit (ADR-0022), and the
    /// array it is a copy of. A body edit replaces the edited documents in its handbook, whose
    /// array the last build, its page list and view models share: the first replacement copied all
    /// 10,000 documents (each field's reference counted) while the author waited.
    private var spare: (of: [Document], copy: [Document])?

    /// Makes the spare copy of `last`'s documents, unless there is one of that very array.
    func prepareSpareDocuments() {
        guard let documents = last?.handbook.documents else {
            spare = nil
            return
        }
        if let spare, Self.same(spare.of, documents) { return }
        var copy = documents
        copy.withUnsafeMutableBufferPointer { _ in } // its own storage now
        spare = (documents, copy)
    }

    /// The spare copy, taken (a body edit's handbook uses it), when it is a copy of `documents`: the
    /// same array, not merely equal ones.
    func takeSpareDocuments(of documents: [Document]) -> [Document]? {
        guard let taken = spare, Self.same(taken.of, documents) else { return nil }
        spare = nil
        return taken.copy
    }

    /// Whether two arrays share their storage (and so their elements).
    static func same(_ a: [Document], _ b: [Document]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }
}

/// What a build that succeeded leaves for body edits (ADR-0018): its linked handbook, the file
/// system it read through, its diagnostics, and each document's index by absolute path.
struct LastBuild {
    var handbook: Handbook
    var fileSystem: FileSystem
    var diagnostics: [Diagnostic]
    var documentByPath: [String: Int]
    /// `String(reflecting:)` of the configuration (the key of the source cache's parses).
    var configKey: String
    /// The link stage's indexes of documents and assets by path (`LinkStage.run`): a body edit
    /// adds, removes and renames nothing, so they stay.
    var resolverMaps: (byPath: [String: Int], byRealPath: [String: Int], assets: Set<String>, assetsByRealPath: [String: String])

    init(handbook: Handbook, fileSystem: FileSystem, diagnostics: [Diagnostic]) {
        self.handbook = handbook
        self.fileSystem = fileSystem
        self.diagnostics = diagnostics
        var byPath: [String: Int] = [:]
        for (index, document) in handbook.documents.enumerated() where !document.source.absolutePath.isEmpty {
            byPath[document.source.absolutePath] = index
        }
        documentByPath = byPath
        configKey = String(reflecting: handbook.config)
        // As `LinkStage.run` builds them.
        var byContentPath: [String: Int] = [:]
        for (index, document) in handbook.documents.enumerated() { byContentPath[document.source.path] = index }
        var assetsByRealPath: [String: String] = [:]
        for asset in handbook.assets where !asset.absolutePath.isEmpty { assetsByRealPath[asset.absolutePath] = asset.path }
        resolverMaps = (byContentPath, byPath, Set(handbook.assets.map(\.path)), assetsByRealPath)
    }
}

/// Each Markdown file as loaded (front matter split and read) and parsed, by absolute path.
final class SourceCache: @unchecked Sendable {
    struct Entry {
        var stamp: [UInt64]
        var source: SourceFile
        var idPrefix: String?
        var loaded: LoadedMarkdown?
        var loadDiagnostics: [Diagnostic]
        /// The configuration the document was parsed with (`String(reflecting:)` of `SiteConfig`).
        var configKey: String?
        var document: Document?
        var parseDiagnostics: [Diagnostic] = []
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Counts, for tests: files read and parsed by the last build.
    private(set) var loads = 0
    private(set) var parses = 0

    func invalidate(_ paths: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for path in paths { entries[path] = nil }
    }

    func loaded(_ path: String, stamp: [UInt64], source: SourceFile, idPrefix: String?) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[path], entry.stamp == stamp, entry.source == source, entry.idPrefix == idPrefix else { return nil }
        return entry
    }

    func store(_ path: String, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        entries[path] = entry
        loads += 1
    }

    func document(_ path: String, stamp: [UInt64], configKey: String) -> (Document, [Diagnostic])? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[path], entry.stamp == stamp, entry.configKey == configKey, let document = entry.document else { return nil }
        return (document, entry.parseDiagnostics)
    }

    func storeDocument(_ path: String, stamp: [UInt64], configKey: String, _ document: Document, _ diagnostics: [Diagnostic]) {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = entries[path], entry.stamp == stamp else { return }
        entry.configKey = configKey
        entry.document = document
        entry.parseDiagnostics = diagnostics
        entries[path] = entry
        parses += 1
    }

    /// Drops the files the last build did not list (deleted or renamed), and resets the counts.
    func startBuild() {
        lock.lock()
        defer { lock.unlock() }
        loads = 0
        parses = 0
    }

    /// The entry of a file whatever its stamp (a body edit reads the file again).
    func entry(_ path: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return entries[path]
    }

    /// A file read and parsed by a body edit: what the next whole rebuild reuses by its stamp.
    func storeParsed(_ path: String, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        entries[path] = entry
        loads += 1
        parses += 1
    }

    func keepOnly(_ paths: Set<String>) {
        lock.lock()
        defer { lock.unlock() }
        entries = entries.filter { paths.contains($0.key) }
    }
}

/// Each page's view-model fingerprint (`ModelFingerprint`) and the templates it was rendered with.
final class RenderCache: @unchecked Sendable {
    private let lock = NSLock()
    /// The fingerprints of the pages on disk, and the templates' fingerprint they were rendered with.
    private var live: [String: Int] = [:]
    private var liveTemplates: Int?
    private var next: [String: Int] = [:]
    private var nextTemplates: Int?
    /// Counts, for tests and the terminal: pages rendered and pages reused by the last build.
    private(set) var rendered = 0
    private(set) var reused = 0

    /// The page list (view models' shared parts), compiled templates and theme of the site on
    /// disk: a body edit renders its pages from them (ADR-0018).
    struct Render {
        var pages: RenderStage.PageList
        var library: Mustache.Library
        var theme: Theme
    }
    private var nextRender: Render?
    private(set) var liveRender: Render?

    /// The pages that list decisions (`recordedTemplates`) as rendered, with where each row went,
    /// and the decision summaries they were made from (ADR-0021): a field edit renders such a page
    /// again copying every row that did not change.
    static let recordedTemplates: Set<String> = ["home", "decisions", "tag"]
    let summaries = SummaryCache()
    private var liveRecordings: [String: Mustache.Recording] = [:]
    private var nextRecordings: [String: Mustache.Recording] = [:]

    /// True when the site on disk was rendered without taking its pages' fingerprints: a build whose
    /// templates were not the live site's (the first build, a theme edit) can keep no page, so it
    /// leaves them to the first rebuild that compares pages, which takes them from `liveRender`'s
    /// models, the pages on disk (ADR-0020). `live` then holds only what body and field edits wrote.
    private(set) var unfingerprinted = false

    /// Whether this build takes its pages' fingerprints (after `start`): only when it may keep pages.
    private(set) var fingerprinting = true

    func start(templates: Int) {
        lock.lock()
        if liveTemplates == templates, unfingerprinted {
            // Pages may be kept: the live site's fingerprints are needed now.
            let render = liveRender
            lock.unlock()
            let taken = render.map(Self.fingerprints) ?? [:]
            lock.lock()
            for (path, fingerprint) in taken { live[path] = fingerprint }
            unfingerprinted = false
        }
        defer { lock.unlock() }
        next = [:]
        nextRecordings = [:]
        nextTemplates = templates
        fingerprinting = liveTemplates == templates
        rendered = 0
        reused = 0
    }

    /// Every page's fingerprint in `render`, in parallel.
    static func fingerprints(_ render: Render) -> [String: Int] {
        let pages = render.pages
        let chunk = 64
        let chunks = (pages.count + chunk - 1) / chunk
        var parts = [[(String, Int)]](repeating: [], count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var part: [(String, Int)] = []
                for number in c * chunk..<min(pages.count, (c + 1) * chunk) {
                    let job = pages.job(number)
                    if let fingerprint = ModelFingerprint.of(job.model, template: job.template) { part.append((job.outputPath, fingerprint)) }
                }
                slots[c] = part
            }
        }
        var result: [String: Int] = [:]
        for part in parts { for (path, fingerprint) in part { result[path] = fingerprint } }
        return result
    }

    /// Whether the page on disk was rendered from this very model with these templates.
    func isCurrent(_ path: String, fingerprint: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return liveTemplates == nextTemplates && live[path] == fingerprint
    }

    /// The page on disk stays: it is part of the next baseline as it is.
    func reuse(_ path: String, fingerprint: Int) {
        lock.lock()
        defer { lock.unlock() }
        next[path] = fingerprint
        reused += 1
    }

    func rendered(_ path: String, fingerprint: Int?) {
        lock.lock()
        defer { lock.unlock() }
        next[path] = fingerprint
        rendered += 1
    }

    /// A page rendered with its rows recorded.
    func recorded(_ path: String, _ recording: Mustache.Recording) {
        lock.lock()
        defer { lock.unlock() }
        nextRecordings[path] = recording
    }

    /// The recording of the page on disk at `path`, when there is one.
    func recording(_ path: String) -> Mustache.Recording? {
        lock.lock()
        defer { lock.unlock() }
        return liveRecordings[path]
    }

    func keepForBodyEdits(_ render: Render) {
        lock.lock()
        defer { lock.unlock() }
        nextRender = render
    }

    /// Whether the page on disk was rendered from a model with this fingerprint (a field edit's
    /// pages, ADR-0019). False for a page whose fingerprint was not taken (`unfingerprinted`).
    func isLive(_ path: String, fingerprint: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return live[path] == fingerprint
    }

    /// A body edit's pages are on disk: their fingerprints and the page list it rendered them from.

    func bodyEditWritten(_ fingerprints: [String: Int?], recordings: [String: Mustache.Recording] = [:], render: Render) {
        lock.lock()
        defer { lock.unlock() }
        for (path, fingerprint) in fingerprints { live[path] = fingerprint }
        for (path, recording) in recordings { liveRecordings[path] = recording }
        liveRender = render
        rendered = fingerprints.count
        reused = 0
    }

    func promote() {
        lock.lock()
        defer { lock.unlock() }
        live = next
        liveTemplates = nextTemplates
        next = [:]
        liveRender = nextRender
        nextRender = nil
        // A page kept as it was keeps its recording (with other templates, none was kept).
        if fingerprinting { liveRecordings.merge(nextRecordings) { $1 } } else { liveRecordings = nextRecordings }
        nextRecordings = [:]
        // A build that took no fingerprints, or kept no page list to take them from later.
        unfingerprinted = !fingerprinting && liveRender != nil
        if !fingerprinting && liveRender == nil { live = [:] }
    }

    func forget() {
        lock.lock()
        defer { lock.unlock() }
        unfingerprinted = false
        live = [:]
        liveTemplates = nil
        next = [:]
        liveRender = nil
        nextRender = nil
        liveRecordings = [:]
        nextRecordings = [:]
    }

    func dropPending() {
        lock.lock()
        defer { lock.unlock() }
        next = [:]
        nextRender = nil
        nextRecordings = [:]
    }
}
