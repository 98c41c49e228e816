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

    struct Entry {
        var inputs: Inputs
        var model: ViewModels.Model
    }

    private let lock = NSLock()
    private var byPage: [String: [Int: Entry]] = [:]

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
            guard let status = statusLabels[index], let record = handbook.documents[index].decision else { continue }
            let inputs = SummaryCache.Inputs(id: record.id, title: handbook.documents[index].title, status: status, tags: record.tags,
                                             date: record.date, target: outputPaths[index])
            if let entry = entries[index], entry.inputs == inputs {
                result.append(entry.model)
            } else {
                let model = decisionSummary(index, from: path)
                entries[index] = SummaryCache.Entry(inputs: inputs, model: model)
                result.append(model)
            }
        }
        cache.put(entries, for: path)
        return result
    }
}
