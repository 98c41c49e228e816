import Foundation

/// Stage 4: the rules that need the whole linked handbook.
struct CheckStage {
    let options: BuildOptions
    let diagnostics: DiagnosticEngine

    func run(_ handbook: Handbook) {
        MetricsCheck(diagnostics: diagnostics).run(handbook.metrics)
        // Each decision's rules read only the handbook and emit diagnostics, which are sorted at the
        // end: blocks of decisions on every core, not one after another on one (ADR-0057).
        let count = handbook.documents.count, block = 512
        DispatchQueue.concurrentPerform(iterations: (count + block - 1) / block) { number in
            for index in (number * block)..<min(count, (number + 1) * block) { check(decision: index, in: handbook) }
        }
    }

    /// The rules about one decision: they read its own fields and relations, and its successors'
    /// ids, nothing else (a field edit compares an edited decision's alone, ADR-0021).
    func check(decision index: Int, in handbook: Handbook) {
        let statuses = handbook.config.statuses
        // The record alone, not a copy of the whole `Document`.
        guard let record = handbook.documents[index].decision else { return }
        let relations = handbook.relations[index]
        // Open vocabulary (issue 9): an unknown status is shown as written, and is a warning only
        // with --strict (real logs write Approved, Pending, Decided, In Review, Draft, ...).
        if !record.statusKnown, options.strict {
            let hint = Suggestions.closest(to: record.status.lowercased(), in: statuses).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.warning("unknown-status",
                                "status '\(record.status)' is not one of \(statuses.joined(separator: ", ")) (set 'statuses' in handbook.yml to add it)\(hint)",
                                at: record.statusLocation)
        }
        if record.status == "superseded", relations.supersededBy.isEmpty {
            diagnostics.warning("superseded-without-successor",
                                "\(record.id) is superseded, but no record supersedes it (add 'supersedes: \(record.id)' to its successor)",
                                at: record.statusLocation)
        }
        if !relations.supersededBy.isEmpty, record.status != "superseded", record.status != "deprecated", statuses.contains("superseded") {
            let successors = relations.supersededBy.compactMap { handbook.documents[$0].decision?.id }
            diagnostics.warning("successor-status",
                                "\(record.id) is superseded by \(successors.joined(separator: ", ")) but its status is '\(record.status)'",
                                at: record.statusLocation)
        }
        if let reviewBy = record.reviewBy, reviewBy.value < options.today, record.status != "superseded" {
            diagnostics.warning("review-overdue", "\(record.id) was due for review on \(reviewBy.value)", at: reviewBy.location)
        }
        if let date = record.date, date > options.today, let location = record.frontMatterDateLocation {
            diagnostics.warning("future-date", "\(record.id) is dated \(date), after today (\(options.today))",
                                at: location)
        }
    }
}
