import Foundation

/// The site's search (`templates/search.js`, ADR-0120) for the `search` tool of `handbook mcp`,
/// ported rule for rule over the same entries (`SearchIndex`) and the same words
/// (`SearchIndex.tokens`), so an assistant and a person searching get the same order:
///
/// - each word of the query stands for the index's words equal to it (weight 1), starting with it
///   (0.6, at most 400), or, when neither exists and it has 4 letters or more, one typo away
///   (0.3; two for 8 letters or more; two letters swapped count as one typo);
/// - an entry must match every word; its score is the sum over the words of 10 when the word (or
///   its typo match) is in the id or title, 4 when in the keys (tags, paths, owners), else 1,
///   times the mean weight of its matches; plus 100 when the query is the whole id or title, else
///   5 when the id, title or keys hold the whole query;
/// - ties keep the index's order (documents, then contracts, then files).
///
/// What differs: the site shows 50 results and the tool at most 50; the snippet is plain text
/// (no `<mark>`). `SearchRankingTests` pins the rules; a change to `search.js` must be made here too.
struct SearchRanking {
    struct Hit: Equatable {
        /// Index into the entries.
        var entry: Int
        var score: Double
        /// A few words of the text around the first match, when the text holds one.
        var snippet: String?
    }

    let entries: [SearchIndex.Entry]
    /// The index's words, sorted, and for each the entries holding it.
    private let terms: [String]
    private let postings: [[Int]]

    init(entries: [SearchIndex.Entry]) {
        self.entries = entries
        var map: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            var set = Set<String>()
            SearchIndex.tokens(entry.label + " " + entry.title + " " + entry.keys + " " + entry.text, into: &set)
            for token in set { map[token, default: []].append(index) }
        }
        terms = map.keys.sorted()
        postings = terms.map { map[$0]! }
    }

    /// The query's words as `search.js` splits them: lower-cased runs of ASCII letters and digits
    /// and of any non-ASCII character.
    static func words(_ text: String) -> [String] {
        text.lowercased().unicodeScalars.split(whereSeparator: { scalar in
            !(scalar.value >= 0x80 || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
        }).map { String(String.UnicodeScalarView($0)) }
    }

    func search(_ query: String) -> [Hit] {
        let queryWords = Self.words(query)
        guard !queryWords.isEmpty else { return [] }
        var scores: [Int: Double]?
        var matched: [String] = []
        var forms: [[String]] = []
        for word in queryWords {
            var best: [Int: Double] = [:]
            var wordForms = [word]
            for (term, weight) in expand(word) {
                matched.append(terms[term])
                if weight < 0.5 { wordForms.append(terms[term]) }
                for entry in postings[term] where (best[entry] ?? -1) < weight { best[entry] = weight }
            }
            forms.append(wordForms)
            if let previous = scores {
                var next: [Int: Double] = [:]
                for (entry, score) in previous { if let more = best[entry] { next[entry] = score + more } }
                scores = next
            } else {
                scores = best
            }
        }
        let phrase = query.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        var hits: [Hit] = []
        for (index, weights) in scores ?? [:] {
            let entry = entries[index]
            let title = (entry.label + " " + entry.title).lowercased(), keys = entry.keys.lowercased()
            var score = 0.0
            for wordForms in forms {
                var boost = 1.0
                for form in wordForms {
                    if title.contains(form) { boost = 10; break }
                    if keys.contains(form) { boost = 4 }
                }
                score += boost
            }
            score *= weights / Double(queryWords.count)
            if entry.label.lowercased() == phrase || entry.title.lowercased() == phrase {
                score += 100
            } else if title.contains(phrase) || keys.contains(phrase) {
                score += 5
            }
            hits.append(Hit(entry: index, score: score, snippet: nil))
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.entry < $1.entry }
        let longestFirst = Array(Set(matched)).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }.prefix(40)
        for index in hits.indices.prefix(50) {
            hits[index].snippet = Self.snippet(entries[hits[index].entry].text, matched: Array(longestFirst))
        }
        return hits
    }

    /// The index words a query word stands for, with weights: exact 1, prefix 0.6, typo 0.3.
    private func expand(_ word: String) -> [(Int, Double)] {
        var found: [(Int, Double)] = []
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < word { low = middle + 1 } else { high = middle }
        }
        var index = low
        if index < terms.count, terms[index] == word {
            found.append((index, 1))
            index += 1
        }
        var count = 0
        while index < terms.count, terms[index].hasPrefix(word), count < 400 {
            found.append((index, 0.6))
            index += 1
            count += 1
        }
        let letters = Array(word.utf16)
        if found.isEmpty, letters.count >= 4 {
            let most = letters.count >= 8 ? 2 : 1
            for (candidate, term) in terms.enumerated() {
                let other = Array(term.utf16)
                if abs(other.count - letters.count) <= most, Self.distance(letters, other, most: most) <= most {
                    found.append((candidate, 0.3))
                }
            }
        }
        return found
    }

    /// Edits between two words (insert, delete, replace, swap two neighbours), or `most + 1` once
    /// it is sure to be more than `most`. Counted in UTF-16 units, as JavaScript counts.
    static func distance(_ a: [UInt16], _ b: [UInt16], most: Int) -> Int {
        if abs(a.count - b.count) > most { return most + 1 }
        var before: [Int] = [], previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            var best = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = Swift.min(current[j], before[j - 2] + 1) }
                best = Swift.min(best, current[j])
            }
            if best > most { return most + 1 }
            before = previous
            previous = current
        }
        return previous[b.count]
    }

    /// About 160 characters of `text` around the first place one of `matched` starts a word, on one line.
    static func snippet(_ text: String, matched: [String]) -> String? {
        guard !text.isEmpty, !matched.isEmpty else { return nil }
        var first: Range<String.Index>?
        for word in matched {
            var start = text.startIndex
            while let range = text.range(of: word, options: .caseInsensitive, range: start..<text.endIndex) {
                let startsWord = range.lowerBound == text.startIndex || !text[text.index(before: range.lowerBound)].isLetterOrDigit
                if startsWord {
                    if first == nil || range.lowerBound < first!.lowerBound { first = range }
                    break
                }
                start = range.upperBound
            }
        }
        guard let range = first else { return nil }
        let start = text.index(range.lowerBound, offsetBy: -60, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(range.upperBound, offsetBy: 100, limitedBy: text.endIndex) ?? text.endIndex
        let flat = text[start..<end].split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return (start > text.startIndex ? "…" : "") + flat + (end < text.endIndex ? "…" : "")
    }
}

private extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
