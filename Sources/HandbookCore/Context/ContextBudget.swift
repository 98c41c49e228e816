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

    /// A report's decisions, built one by one when asked for (`ContextBuilder`): of 2,300 decisions
    /// in force, a report within the default budget shows about 25 and names 10 more.
    struct Decisions {
        var count: Int
        /// The decision at `position` in the report's order, without its sentence.
        var entry: (Int) -> ContextReport.Decision
        /// Its id alone.
        var id: (Int) -> String

        init(count: Int, entry: @escaping (Int) -> ContextReport.Decision, id: @escaping (Int) -> String) {
            self.count = count
            self.entry = entry
            self.id = id
        }

        init(_ decisions: [ContextReport.Decision]) {
            self.init(count: decisions.count, entry: { decisions[$0] }, id: { decisions[$0].id })
        }
    }

    /// Decisions left out before any cut is tried (those past the report's own, in its order): how
    /// many, and the first ids, which `applying` names after the decisions it cuts.
    struct Tail: Equatable {
        var count = 0
        var ids: [String] = []
    }

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
    func applying(_ cuts: ArraySlice<Cut>, to full: ContextReport, tail: Tail = Tail()) -> ContextReport {
        var report = full
        var removed: [ContextReport.Omission.Kind: [Bool]] = [
            .hotspots: Array(repeating: false, count: full.hotspots.count), .owners: Array(repeating: false, count: full.owners.count),
            .contracts: Array(repeating: false, count: full.contracts.count),
            .decisionTexts: Array(repeating: false, count: full.decisions.count), .decisions: Array(repeating: false, count: full.decisions.count),
            .landmineTexts: Array(repeating: false, count: full.landmines.count), .landmines: Array(repeating: false, count: full.landmines.count),
        ]
        var any: Set<ContextReport.Omission.Kind> = tail.count > 0 ? [.decisions] : []
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
            if kind == .decisions {
                count += tail.count
                ids += tail.ids.prefix(ContextReport.listLimit - ids.count)
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
    func fit(_ bare: ContextReport, candidates: Int, sentence: (Int) -> String?) -> ContextReport {
        var base = bare
        base.decisions = []
        return fit(base, decisions: Decisions(bare.decisions), candidates: candidates, sentence: sentence)
    }

    /// What `fit` gives for `base` with `decisions` as its decisions and the sentences of the first
    /// `candidates` of them read (`sentence(i)`), building only the decisions and reading only the
    /// sentences that can matter (ADR-0160, ADR-0161). Every sentence goes before any decision does.
    /// So when even the decisions' bare lines pass the budget (`decisionSize`, a lower bound, summed
    /// from the first until it passes), some decision is left out, and with it every sentence: the
    /// report kept is then some of the decisions before that point, bare; the decisions past it are
    /// left out without being built (`Tail`: their number and first ids), and of those before it
    /// only whether they have a sentence matters (`hasSentence`, else `sentence(i) != nil`), the
    /// output naming them as left out. The cuts after the sentences are tried one by one from that
    /// bound up, rendering only reports short enough to be near the budget. Where an omission line
    /// grows by more than the cut shortened the report, `fit`'s halving can overshoot; this finds
    /// the fewest cuts.
    func fit(_ base: ContextReport, decisions: Decisions, candidates: Int, sentence: (Int) -> String?,
             hasSentence: ((Int) -> Bool)? = nil) -> ContextReport {
        let count = decisions.count
        var built: [ContextReport.Decision] = []
        func entry(_ position: Int) -> ContextReport.Decision {
            while built.count <= position { built.append(decisions.entry(built.count)) }
            return built[position]
        }
        // How many decisions' lines fit the budget on their own, at most.
        var kept = 0
        if budget > 0, let decisionSize {
            var taken = 0
            while kept < count {
                taken += decisionSize(entry(kept))
                if taken > budget * 4 { break }
                kept += 1
            }
        }
        guard budget > 0, decisionSize != nil, kept < count else {
            var report = base
            report.decisions = (0..<count).map(entry)
            for position in 0..<min(candidates, count) { report.decisions[position].decision = sentence(position) }
            return fit(report)
        }
        var report = base
        report.decisions = Array(built[..<kept])
        let tail = Tail(count: count - kept, ids: (kept..<min(count, kept + ContextReport.listLimit)).map(decisions.id))
        // Whether the first decisions have a sentence (those past `candidates` have none read).
        let said = (0..<min(kept, candidates)).map { hasSentence?($0) ?? (sentence($0) != nil) }
        let cuts = Self.cuts(report)
        // Hotspots, owners, contracts; then (after the sentences) decisions from the end, then landmines.
        let cheaper = cuts.firstIndex { if case .decision = $0 { return true } else { return false } } ?? cuts.count
        let later = cuts[cheaper...]
        /// The report with every sentence left out and the first `made` of the later cuts made.
        func probe(_ made: Int) -> ContextReport {
            let keep = kept - min(made, kept)
            let texts = (0..<min(keep, said.count)).reversed().filter { said[$0] }.map(Cut.decisionText)
            return applying((Array(cuts[..<cheaper]) + texts + Array(later.prefix(made)))[...], to: report, tail: tail)
        }
        // From no later cut up (the decisions past `kept` are already out), the first that fits (a
        // lengthening omission line can make a later one fit less, so the scan is not halved: this is
        // the fewest cuts that fit).
        for made in 0...later.count {
            let report = probe(made)
            if fits(report) { return report }
        }
        var all = probe(later.count)
        all.overBudget = true
        return all
    }
}
