import Foundation

/// `handbook serve`'s decision summaries (the rows of the decisions index, the tag pages and the
/// home page's lists) from the last build, by page and decision (ADR-0021). A summary is reused
/// only when everything it is made from is the same (`Inputs`): then it is the same dictionary,
/// which the Mustache renderer recognises, and copies the row's bytes from the page it rendered
/// before (`Mustache.Recording`) rather than rendering it again.
final class SummaryCache: @unchecked Sendable {
    /// What `ViewModels.decisionSummary` reads.
    struct Inputs: Equatable {
        var id: String
        var title: String
        var status: String
        var tags: [String]
        var date: String?
        var target: String
    }

    /// A class: looking one up, and handing it back, is a reference's copy, not its fields' (ADR-0022).
    final class Entry {
        let inputs: Inputs
        let model: ViewModels.Model

        init(inputs: Inputs, model: ViewModels.Model) {
            self.inputs = inputs
            self.model = model
        }
    }

    private let lock = NSLock()
    private var byPage: [String: [Int: Entry]] = [:]

    /// A row of the home page's stale globs and what it is made from (ADR-0022): kept by its place
    /// in the list, reused when the glob, the record's title and its page are the same.
    final class StaleRow {
        let title: String, page: String, pattern: String
        let model: ViewModels.Model

        init(title: String, page: String, pattern: String, model: ViewModels.Model) {
            self.title = title
            self.page = page
            self.pattern = pattern
            self.model = model
        }
    }

    private var staleByPage: [String: [StaleRow]] = [:]

    func takeStale(_ page: String) -> [StaleRow] {
        lock.lock()
        defer { lock.unlock() }
        return staleByPage.removeValue(forKey: page) ?? []
    }

    func putStale(_ rows: [StaleRow], for page: String) {
        lock.lock()
        defer { lock.unlock() }
        staleByPage[page] = rows
    }

    init() {}

    /// The summaries kept for `page`, taken out (the caller puts them back with `put`).
    func take(_ page: String) -> [Int: Entry] {
        lock.lock()
        defer { lock.unlock() }
        return byPage.removeValue(forKey: page) ?? [:]
    }

    func put(_ entries: [Int: Entry], for page: String) {
        lock.lock()
        defer { lock.unlock() }
        byPage[page] = entries
    }
}

extension ViewModels {
    /// `decisionSummary` of each of `indices` from `path`; with a summary cache, the last build's
    /// dictionary for each whose inputs are the same.
    func decisionSummaries(_ indices: some Sequence<Int>, from path: String) -> [Model] {
        guard let cache = summaries else { return indices.map { decisionSummary($0, from: path) } }
        var entries = cache.take(path)
        var result: [Model] = []
        result.reserveCapacity(indices.underestimatedCount)
        for index in indices {
            guard let status = statusLabels[index] else { continue }
            // The inputs compared where they are, without copying the document's decision (ADR-0022).
            if let entry = entries[index], entry.inputs.status == status, entry.inputs.target == outputPaths[index],
               entry.inputs.title == handbook.documents[index].title, entry.inputs.id == handbook.documents[index].decision?.id,
               entry.inputs.tags == handbook.documents[index].decision?.tags, entry.inputs.date == handbook.documents[index].decision?.date {
                result.append(entry.model)
                continue
            }
            guard let record = handbook.documents[index].decision else { continue }
            let inputs = SummaryCache.Inputs(id: record.id, title: handbook.documents[index].title, status: status, tags: record.tags,
                                             date: record.date, target: outputPaths[index])
            let model = decisionSummary(index, from: path)
            entries[index] = SummaryCache.Entry(inputs: inputs, model: model)
            result.append(model)
        }
        cache.put(entries, for: path)
        return result
    }
}

extension ViewModels {
    /// The stale globs' rows of the home page's "needs attention" from `path`; with a summary cache,
    /// the last build's dictionary for each glob in the same place whose inputs are the same (the
    /// renderer then copies its bytes, ADR-0022).
    func staleRows(from path: String) -> [Model] {
        let stale = handbook.governance.stale
        func make(_ entry: (title: String, page: String, pattern: String)) -> Model {
            ["pattern": entry.pattern, "title": entry.title, "url": Path.relativeURL(from: path, to: entry.page)]
        }
        guard let cache = summaries else { return stale.map(make) }
        let kept = cache.takeStale(path)
        var rows: [SummaryCache.StaleRow] = []
        rows.reserveCapacity(stale.count)
        for (position, entry) in stale.enumerated() {
            if position < kept.count, kept[position].title == entry.title, kept[position].page == entry.page,
               kept[position].pattern == entry.pattern {
                rows.append(kept[position])
            } else {
                rows.append(SummaryCache.StaleRow(title: entry.title, page: entry.page, pattern: entry.pattern, model: make(entry)))
            }
        }
        cache.putStale(rows, for: path)
        return rows.map(\.model)
    }
}
