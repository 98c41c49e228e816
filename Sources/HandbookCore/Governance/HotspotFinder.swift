import Foundation

/// Finds files with `hotspotCommits` or more fix commits inside any window of `windowDays`
/// days in the last `lookbackDays` days: tactical fixes piling up where a decision may be missing.
struct HotspotFinder {
    let settings: GovernanceSettings
    let today: String
    /// Told when `fix_pattern` costs too much on a subject: it is an error at the config line, and no hotspots are listed.
    var diagnostics: DiagnosticEngine?

    func find(_ graph: GovernanceGraph) -> [Hotspot] {
        guard !graph.commits.isEmpty, let todayNumber = DayNumber(today) else { return [] }
        let earliest = todayNumber.value - settings.lookbackDays
        // The commits in the look-back period, by index.
        var inPeriod = [Bool](repeating: false, count: graph.commits.count)
        var day = [Int](repeating: 0, count: graph.commits.count)
        for (index, commit) in graph.commits.enumerated() {
            guard let number = DayNumber(commit.date), number.value >= earliest, number.value <= todayNumber.value else { continue }
            inPeriod[index] = true
            day[index] = number.value
        }
        // The pattern is compiled and run only where it can matter: on a file with enough commits in
        // the period to be a hotspot (compiling it cost `context` 8 million instructions, ADR-0161).
        guard graph.commitsByFile.values.contains(where: { $0.lazy.filter { inPeriod[$0] }.count >= settings.hotspotCommits }),
              let expression = BoundedRegex(settings.fixPattern) else { return [] }
        // Fix commits in the look-back period, by index.
        var isFix = [Bool](repeating: false, count: graph.commits.count)
        for (index, commit) in graph.commits.enumerated() where inPeriod[index] {
            switch expression.test(commit.subject) {
            case .match: isFix[index] = true
            case .noMatch: break
            case .tooCostly:
                let message = "fix_pattern '\(settings.fixPattern)' takes too many steps on the subject of commit \(commit.shortHash) (it backtracks catastrophically); simplify it, e.g. '^fix'. Hotspots are left out"
                if let location = settings.fixPatternLocation {
                    diagnostics?.error("regex-too-costly", message, at: location)
                } else {
                    diagnostics?.error("regex-too-costly", message, file: "handbook.yml")
                }
                return []
            }
        }
        var hotspots: [Hotspot] = []
        for (file, commitIndices) in graph.commitsByFile {
            let fixes = commitIndices.filter { isFix[$0] }.sorted { day[$0] < day[$1] || (day[$0] == day[$1] && $0 > $1) }
            guard fixes.count >= settings.hotspotCommits else { continue }
            // The busiest window: two pointers over the fixes in date order.
            var best: (start: Int, end: Int)?
            var start = 0
            for end in fixes.indices {
                while day[fixes[end]] - day[fixes[start]] >= settings.windowDays { start += 1 }
                if end - start + 1 >= settings.hotspotCommits, end - start > (best.map { $0.end - $0.start } ?? -1) {
                    best = (start, end)
                }
            }
            guard let window = best else { continue }
            let inWindow = fixes[window.start...window.end].reversed().map { graph.commits[$0] }
            hotspots.append(Hotspot(path: graph.repository.paths[file], fixes: Array(inWindow),
                                    from: graph.commits[fixes[window.start]].date, to: graph.commits[fixes[window.end]].date))
        }
        return hotspots.sorted { ($0.fixes.count, $1.path) > ($1.fixes.count, $0.path) }
    }
}

/// A date as a count of days, for differences: `2026-11-21` and `2026-11-14` are 7 apart.
/// The calendar arithmetic is `ISOWeek`'s.
struct DayNumber {
    let value: Int

    init?(_ text: String) {
        guard let date = DateText.normalize(text) else { return nil }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        value = ISOWeek.days(year: parts[0], month: parts[1], day: parts[2])
    }

    private init(value: Int) { self.value = value }

    func adding(days: Int) -> DayNumber { DayNumber(value: value + days) }

    /// `YYYY-MM-DD`.
    var text: String {
        let date = ISOWeek.civil(value)
        return String(date.year).leftPadded(to: 4) + "-" + String(date.month).leftPadded(to: 2) + "-"
            + String(date.day).leftPadded(to: 2)
    }
}
