import Foundation

/// A user's regular expression (`hotspots.fix_pattern`) run with a step budget per subject, so a
/// pattern with catastrophic backtracking (`^(\w+\s?)+$`: 0.8 s a subject, an hour over 5,000
/// commits) cannot stall a build. ICU reports progress about every 10,000 steps of its matcher and
/// once per start position; a match that takes more than `budget` reports beyond one a position is
/// stopped. Counting steps, not time, keeps the outcome the same on any machine.
struct BoundedRegex {
    enum Outcome: Equatable { case match, noMatch, tooCostly }

    let expression: NSRegularExpression
    /// Progress reports allowed per subject beyond one per start position (about 10,000 steps each).
    var budget = 200

    init?(_ pattern: String) {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        self.expression = expression
    }

    func test(_ subject: String) -> Outcome {
        let range = NSRange(subject.startIndex..., in: subject)
        let limit = range.length + budget
        var reports = 0
        var outcome = Outcome.noMatch
        expression.enumerateMatches(in: subject, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
                return
            }
            reports += 1
            if reports > limit {
                outcome = .tooCostly
                stop.pointee = true
            }
        }
        return outcome
    }
}
