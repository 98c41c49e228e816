import Foundation

/// The files made from every document: `handbook.json`, the search index with its text shards,
/// and the feed (ADR-0040). Each document's part of them (its element of `handbook.json`'s
/// `documents`, its row and text of the search index, its words' postings) is made on the render's
/// worker threads beside its page, a run of documents at a time; the runs are taken in document
/// order, whatever order they come in, and each file is their concatenation between its head and
/// its tail. A part depends on its own document and on what a body edit cannot change (other
/// documents' pages and ids, the governance graph), so `handbook serve` can make one document's
/// part again and keep the others.
final class WholeSiteFiles: @unchecked Sendable {
    /// The parts of a run of documents, made on one thread.
    struct Run {
        var json: [[UInt8]] = []
        var search: [SearchIndex.EntryPart] = []
        /// The run's words: entry (document) numbers by term, each list sorted.
        var postings = SearchIndex.Postings()
    }

    let handbook: Handbook
    let context: HandbookJSON.Context
    private let write: (String, [UInt8]) -> Void
    private let lock = NSLock()
    private var json: HandbookJSON.Writer
    private var search: SearchIndex.Writer
    /// The first document whose parts are not written yet, and the runs that came before their turn.
    private var next = 0
    private var waiting: [Int: (end: Int, run: Run)] = [:]

    /// `write` a whole file, or the first part of one; `append` a later part.
    init(_ handbook: Handbook, write: @escaping (String, [UInt8]) -> Void, append: @escaping (String, [UInt8]) -> Void) {
        self.handbook = handbook
        self.write = write
        context = HandbookJSON.Context(handbook)
        write("handbook.json", [])
        json = HandbookJSON.Writer(context: context) { append("handbook.json", $0) }
        search = SearchIndex.Writer(write: write, append: append)
    }

    /// The parts of the documents in `range` (any thread).
    func parts(_ range: Range<Int>) -> Run {
        var run = Run()
        run.json.reserveCapacity(range.count)
        run.search.reserveCapacity(range.count)
        for index in range {
            run.json.append(HandbookJSON.documentPart(index, context: context))
            run.search.append(SearchIndex.documentPart(index, in: handbook, postings: &run.postings))
        }
        return run
    }

    /// Takes the parts of the documents in `range`, from any thread in any order: they are written
    /// as soon as every document before them is.
    func add(_ range: Range<Int>, _ run: Run) {
        guard !range.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        waiting[range.lowerBound] = (range.upperBound, run)
        while let ready = waiting.removeValue(forKey: next) {
            for part in ready.run.json { json.add(part) }
            search.add(ready.run.search, postings: ready.run.postings)
            next = ready.end
        }
    }

    /// After every document's parts: the contracts' and governed files' entries of the search
    /// index, the rest of each file, and the feed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        let others = SearchIndex.otherEntries(handbook)
        let first = handbook.documents.count
        var postings = SearchIndex.Postings()
        let parts = others.indices.map { SearchIndex.part(of: others[$0], number: first + $0, in: handbook, postings: &postings) }
        search.add(parts, postings: postings)
        search.finish()
        json.finish()
        write(AtomFeed.path, Array(AtomFeed.render(handbook).utf8))
    }

    /// Every file, its documents' parts made in runs on every core (a build that renders no page,
    /// `handbook serve`'s body edit).
    static func write(_ handbook: Handbook, write: @escaping (String, [UInt8]) -> Void, append: @escaping (String, [UInt8]) -> Void) {
        let files = WholeSiteFiles(handbook, write: write, append: append)
        let count = handbook.documents.count, run = 32
        DispatchQueue.concurrentPerform(iterations: (count + run - 1) / run) { r in
            let range = (r * run)..<min(count, (r + 1) * run)
            files.add(range, files.parts(range))
        }
        files.finish()
    }
}
