/// Fits a context report into its budget (approximate tokens: UTF-8 bytes of the output / 4) by
/// leaving out the least important parts first, in this order (ADR-0150):
///
/// 1. hotspot notes, 2. owners, 3. contracts, 4. the decisions' sentences, 5. decisions,
/// 6. the "what fails" text of low and medium landmines, 7. low and medium landmines;
/// each from the end of its list (the least important of its kind) up.
///
/// High and critical landmines are never left out: when they alone pass the budget the report
/// says so (`overBudget`). What was left out is listed, with the command that shows everything.
struct ContextBudget {
    enum Cut: Equatable {
        case hotspot(Int), owner(Int), contract(Int), decisionText(Int), decision(Int), landmineText(Int), landmine(Int)

        var kind: ContextReport.Omission.Kind {
            switch self {
            case .hotspot: return .hotspots
            case .owner: return .owners
            case .contract: return .contracts
            case .decisionText: return .decisionTexts
            case .decision: return .decisions
            case .landmineText: return .landmineTexts
            case .landmine: return .landmines
            }
        }
    }

    let budget: Int
    /// The command that shows everything (`seeAll`).
    let seeAll: String
    let render: (ContextReport) -> String
    /// No more than the bytes a decision takes in the rendered report (`Context.decisionSize`);
    /// without it, `fit(_:candidates:sentence:)` reads every candidate's sentence.
    var decisionSize: ((ContextReport.Decision) -> Int)?

    /// Every possible cut, least important first.
    static func cuts(_ report: ContextReport) -> [Cut] {
        var cuts: [Cut] = []
        cuts += report.hotspots.indices.reversed().map(Cut.hotspot)
        cuts += report.owners.indices.reversed().map(Cut.owner)
        cuts += report.contracts.indices.reversed().map(Cut.contract)
        cuts += report.decisions.indices.reversed().filter { report.decisions[$0].decision != nil }.map(Cut.decisionText)
        cuts += report.decisions.indices.reversed().map(Cut.decision)
        let minor = report.landmines.indices.reversed().filter { !report.landmines[$0].needsContext }
        cuts += minor.filter { report.landmines[$0].failure != nil }.map(Cut.landmineText)
        cuts += minor.map(Cut.landmine)
        return cuts
    }

    /// The report with the first `count` cuts made, and what they left out. (Flags per item rather
    /// than sets of indices: a report of 2,300 decisions is cut a few times per run.)
    func applying(_ cuts: ArraySlice<Cut>, to full: ContextReport) -> ContextReport {
        var report = full
        var removed: [ContextReport.Omission.Kind: [Bool]] = [
            .hotspots: Array(repeating: false, count: full.hotspots.count), .owners: Array(repeating: false, count: full.owners.count),
            .contracts: Array(repeating: false, count: full.contracts.count),
            .decisionTexts: Array(repeating: false, count: full.decisions.count), .decisions: Array(repeating: false, count: full.decisions.count),
            .landmineTexts: Array(repeating: false, count: full.landmines.count), .landmines: Array(repeating: false, count: full.landmines.count),
        ]
        var any: Set<ContextReport.Omission.Kind> = []
        for cut in cuts {
            let index: Int
            switch cut {
            case .hotspot(let at), .owner(let at), .contract(let at), .decision(let at), .landmine(let at): index = at
            case .decisionText(let at):
                report.decisions[at].decision = nil
                index = at
            case .landmineText(let at):
                report.landmines[at].failure = nil
                index = at
            }
            removed[cut.kind]![index] = true
            any.insert(cut.kind)
        }
        func names(_ kind: ContextReport.Omission.Kind, _ all: [String]) -> ContextReport.Omission? {
            guard any.contains(kind), let flags = removed[kind] else { return nil }
            // A text left out of a record that was then left out whole is counted once, with the record.
            let gone = kind == .decisionTexts ? removed[.decisions] : kind == .landmineTexts ? removed[.landmines] : nil
            var count = 0
            var ids: [String] = []
            for index in flags.indices where flags[index] && gone?[index] != true {
                count += 1
                if ids.count < ContextReport.listLimit { ids.append(all[index]) }
            }
            guard count > 0 else { return nil }
            return ContextReport.Omission(kind: kind, count: count, ids: ids)
        }
        report.omitted = [
            names(.hotspots, full.hotspots.map(\.path)), names(.owners, full.owners.map(\.owner)),
            names(.contracts, full.contracts.map(\.id)), names(.decisionTexts, full.decisions.map(\.id)),
            names(.decisions, full.decisions.map(\.id)), names(.landmineTexts, full.landmines.map(\.id)),
            names(.landmines, full.landmines.map(\.id)),
        ].compactMap { $0 }
        func keep<T>(_ items: [T], _ kind: ContextReport.Omission.Kind) -> [T] {
            guard any.contains(kind), let flags = removed[kind] else { return items }
            return items.indices.filter { !flags[$0] }.map { items[$0] }
        }
        report.hotspots = keep(report.hotspots, .hotspots)
        report.owners = keep(report.owners, .owners)
        report.contracts = keep(report.contracts, .contracts)
        report.decisions = keep(report.decisions, .decisions)
        report.landmines = keep(report.landmines, .landmines)
        report.seeAll = report.omitted.isEmpty ? nil : seeAll
        return report
    }

    func fits(_ report: ContextReport) -> Bool {
        (render(report).utf8.count + 3) / 4 <= budget
    }

    /// The report with the fewest cuts that fits: a binary search over how many cuts are made (each
    /// cut shortens the output by more than the line that names it, so more cuts never make it longer).
    func fit(_ full: ContextReport) -> ContextReport {
        guard budget > 0, !fits(full) else { return full }
        let cuts = Self.cuts(full)
        var low = 0, high = cuts.count
        let all = applying(cuts[...], to: full)
        guard fits(all) else {
            var report = all
            report.overBudget = true
            return report
        }
        // Invariant: `high` cuts fit, `low` cuts do not (or low == 0 and is untested).
        while low < high {
            let middle = (low + high) / 2
            if fits(applying(cuts[..<middle], to: full)) { high = middle } else { low = middle + 1 }
        }
        return applying(cuts[..<high], to: full)
    }

    /// What `fit` gives for `bare` with the sentences of its first `candidates` decisions read
    /// (`sentence(i)`, in the report's order), reading only the sentences that can matter (ADR-0160).
    /// Every sentence goes before any decision does. So when even the decisions' bare lines pass
    /// the budget (`decisionSize`, a lower bound, summed from the first until it passes), some
    /// decision is left out, and with it every sentence: the report kept is then the first
    /// decisions, bare, and only their sentences are read (the output names them as left out).
    /// The cuts after the sentences are tried one by one from that bound up, rendering only
    /// reports short enough to be near the budget. Where an omission line grows by more than the
    /// cut shortened the report, `fit`'s halving can overshoot; this finds the fewest cuts.
    func fit(_ bare: ContextReport, candidates: Int, sentence: (Int) -> String?) -> ContextReport {
        var report = bare
        var read = 0
        func readSentences(upTo count: Int) {
            while read < min(count, candidates, report.decisions.count) {
                report.decisions[read].decision = sentence(read)
                read += 1
            }
        }
        let count = report.decisions.count
        // How many decisions' lines fit the budget on their own, at most.
        var kept = 0
        if budget > 0, let decisionSize {
            var taken = 0
            while kept < count {
                taken += decisionSize(report.decisions[kept])
                if taken > budget * 4 { break }
                kept += 1
            }
        }
        guard budget > 0, decisionSize != nil, kept < count else {
            readSentences(upTo: count)
            return fit(report)
        }
        let cuts = Self.cuts(bare)
        // Hotspots, owners, contracts; then (after the sentences) decisions from the end, then landmines.
        let cheaper = cuts.firstIndex { if case .decision = $0 { return true } else { return false } } ?? cuts.count
        let later = cuts[cheaper...]
        /// The report with every sentence left out and the first `made` of the later cuts made.
        func probe(_ made: Int) -> ContextReport {
            let keep = count - min(made, count)
            readSentences(upTo: keep)
            let texts = (0..<min(keep, read)).reversed().filter { report.decisions[$0].decision != nil }.map(Cut.decisionText)
            return applying((Array(cuts[..<cheaper]) + texts + Array(later.prefix(made)))[...], to: report)
        }
        // Fewer than `count - kept` later cuts keep more decisions than fit: none of those fits.
        // From there up, the first that fits (a lengthening omission line can make a later one fit
        // less, so the scan is not halved: this is the fewest cuts that fit).
        for made in (count - kept)...later.count {
            let report = probe(made)
            if fits(report) { return report }
        }
        var all = probe(later.count)
        all.overBudget = true
        return all
    }
}
