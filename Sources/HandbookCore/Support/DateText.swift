import Foundation

/// Dates as the handbook writes them: `YYYY-MM-DD`, compared as text.
public enum DateText {
    /// `2016-02-12`, `2016-02-12T10:00:00Z` or `2016-02-12 10:00` give `2016-02-12`; anything else nil.
    public static func normalize(_ text: String) -> String? {
        if let valid = isoShaped(text) { return valid ? text : nil }
        return normalizeByCharacters(text)
    }

    /// Whether `text`, ten ASCII bytes `DDDD-DD-DD` (most dates of a log: ADR-0067, the Character
    /// path below trimmed, cut, split and counted them at 10,000 instructions a record), is a date
    /// `normalizeByCharacters` gives back; nil for any other text. Such text has nothing to trim and
    /// is its own first ten Characters; `Int` reads its digit runs as these sums do.
    static func isoShaped(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                var value = 0
                for index in from..<to {
                    let byte = bytes[index]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10) else { return nil }
            return year >= 1900 && (1...12).contains(month) && (1...daysIn(month: month, year: year)).contains(day)
        }
    }

    /// `normalize` Character by Character (any text; the reference of `ParseAroundCmarkTests`).
    static func normalizeByCharacters(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: " \t")
        let datePart = String(trimmed.prefix(10))
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1900, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        let rest = trimmed.dropFirst(10)
        guard rest.isEmpty || rest.first == "T" || rest.first == " " else { return nil }
        return datePart
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension String {
    /// The text without the Characters of `set` at either end.
    ///
    /// By bytes when `set` is ASCII without CR or LF (ADR-0045: every record's lines are trimmed):
    /// such a byte is a Character of its own when the byte beside it, on the side kept, is ASCII
    /// too (no ASCII byte joins a neighbour but CR LF; a combining mark after it, or a prepended
    /// mark before it, is non-ASCII). A trimmed byte next to a non-ASCII byte leaves the text to
    /// the Characters (`characterTrimming`).
    func trimmingCharacters(in set: String) -> String {
        guard set.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }) else { return characterTrimming(set) }
        var text = self
        let trimmed = text.withUTF8 { bytes -> String?? in
            var start = 0, end = bytes.count
            while start < end, set.utf8.contains(bytes[start]) {
                if start + 1 < end, bytes[start + 1] >= 0x80 { return nil }
                start += 1
            }
            while end > start, set.utf8.contains(bytes[end - 1]) {
                if end - 2 >= start, bytes[end - 2] >= 0x80 { return nil }
                end -= 1
            }
            if start == 0, end == bytes.count { return .some(nil) }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        guard let trimmed else { return characterTrimming(set) }
        return trimmed ?? self
    }

    /// `trimmingCharacters(in:)` Character by Character: the reference (`SpeedEquivalenceTests`).
    func characterTrimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// `\r\n` and lone `\r` as `\n`. In Swift `"\r\n"` is one Character, so splitting on `"\n"` would
    /// miss every line end of a file saved on Windows.
    var normalizingLineEnds: String {
        // Looked for with memchr: `utf8.contains(13)` went byte by byte through the generic
        // Sequence path, 2.4% of a clean build (ADR-0041).
        let hasCR = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 13, bytes.count) != nil } ?? false
        } ?? utf8.contains(13)
        guard hasCR else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

extension DateText {
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]

    /// A date as teams write it (issue 9): `2016-02-12` (and with a time), `2016/02/12`, `12/02/2016`,
    /// `10/04/18` and `12.02.2016` (day first, or month first with `monthFirst`), `February 12, 2016`,
    /// `Feb 12 2016`, `12 February 2016`, `12th Feb 2016`. Gives `YYYY-MM-DD`, or nil.
    public static func read(_ text: String, monthFirst: Bool = false) -> String? {
        // `2016-02-12` as it is (ADR-0067; nothing to trim: its bytes are none of the trimmed
        // ones); an impossible one (`2024-14-02`) goes on to the other readings.
        if DateText.isoShaped(text) == true { return text }
        return readByCharacters(text, monthFirst: monthFirst)
    }

    /// `read` without the shortcut for `2016-02-12` (the reference of `ParseAroundCmarkTests`).
    static func readByCharacters(_ text: String, monthFirst: Bool = false) -> String? {
        let trimmed = text.trimmingCharacters(in: " \t*_`\"'")
        if let iso = normalize(trimmed) { return iso }
        let lowered = trimmed.lowercased()
        // Numbers separated by `/`, `.` or `-`, the first token only (`12/02/2016 (updated ...)`).
        let token = lowered.prefix { !$0.isWhitespace && $0 != "," && $0 != ";" && $0 != "(" }
        // `20220513` (GSA-TTS/FAC writes some dates so).
        if token.count == 8, token.allSatisfy({ $0.isASCII && $0.isNumber }), token.count == lowered.count,
           let year = Int(token.prefix(4)), let month = Int(token.dropFirst(4).prefix(2)), let day = Int(token.suffix(2)), year >= 1990 {
            return make(year: year, month: month, day: day)
        }
        let numbers = token.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" })
        if numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            let values = numbers.compactMap { Int($0) }
            if numbers[0].count == 4 { return make(year: values[0], month: values[1], day: values[2]) }
            guard numbers[2].count == 4 || numbers[2].count == 2 else { return nil }
            let year = numbers[2].count == 2 ? (values[2] < 70 ? 2000 + values[2] : 1900 + values[2]) : values[2]
            return monthFirst ? make(year: year, month: values[0], day: values[1]) : make(year: year, month: values[1], day: values[0])
        }
        // Words: a month name, a day and a four-digit year in either order (`11-April-2023` too).
        let words = lowered.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "." || $0 == "-" || $0 == "/" })
            .map(String.init)
        var month: Int?, day: Int?, year: Int?
        for word in words {
            if month == nil, word.count >= 3, let index = monthNames.firstIndex(where: { $0.hasPrefix(word) || word.hasPrefix($0) }) {
                month = index + 1
                continue
            }
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            let suffix = word.dropFirst(digits.count)
            guard !digits.isEmpty, ["", "st", "nd", "rd", "th"].contains(String(suffix)), let value = Int(digits) else {
                if month != nil || day != nil { break } else { continue }
            }
            if digits.count == 4, year == nil { year = value } else if digits.count <= 2, day == nil { day = value } else { break }
            if month != nil, day != nil, year != nil { break }
        }
        guard let month, let day, let year else { return nil }
        return make(year: year, month: month, day: day)
    }

    /// A month without its day, as some records give their date (mozilla/application-services'
    /// `Date: May 2025`; `2025-05`): the first of that month, or nil. The caller says it read so.
    static func readMonth(_ text: String) -> String? {
        let lowered = text.trimmingCharacters(in: " \t*_`\"'").lowercased()
        let words = lowered.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "." || $0 == "-" || $0 == "/" })
        guard words.count == 2 else { return nil }
        let isYear = { (word: Substring) in word.count == 4 && word.allSatisfy { $0.isASCII && $0.isNumber } }
        let monthOf = { (word: Substring) -> Int? in
            if word.count <= 2, word.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(word) }
            guard word.count >= 3 else { return nil }
            return monthNames.firstIndex(where: { $0.hasPrefix(word) || word.hasPrefix($0) }).map { $0 + 1 }
        }
        // `May 2025`, `2025 May`, `2025-05`; not `05-2025` (a day or a month?) nor `12 2025`.
        if isYear(words[1]), words[0].first?.isNumber == false, let month = monthOf(words[0]), let year = Int(words[1]) {
            return make(year: year, month: month, day: 1)
        }
        if isYear(words[0]), let month = monthOf(words[1]), let year = Int(words[0]) {
            return make(year: year, month: month, day: 1)
        }
        return nil
    }

    static func make(year: Int, month: Int, day: Int) -> String? {
        guard year >= 1900, year < 10000, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}

/// A decision's status as teams write it (issue 9): read case-insensitively and past decoration
/// (`✅ Accepted`, `**Accepted**`, `ACCEPTED`, `Accepted (documenting an existing thing)`,
/// `⌛️ Superseded by [36. X](036-x.md)`). A known status gives its key; anything else is kept as
/// written (an open vocabulary: "on hold", "draft"), flagged unknown.
enum StatusText {
    static func read(_ text: String, known: [String]) -> (status: String, known: Bool) {
        var cleaned = RecordHeader.clean(images(text))
        // `[text](target)` as its text.
        for link in RecordHeader.links(in: cleaned).reversed() {
            if let range = cleaned.range(of: "[" + link.text + "](") , let close = cleaned[range.upperBound...].firstIndex(of: ")") {
                cleaned.replaceSubrange(range.lowerBound...close, with: link.text)
            }
        }
        cleaned = cleaned.trimmingCharacters(in: " \t.")
        let lowered = cleaned.lowercased()
        for status in known.sorted(by: { $0.count > $1.count }) where lowered.hasPrefix(status) {
            let after = lowered.dropFirst(status.count).first
            if after == nil || !(after!.isLetter) { return (status, true) }
        }
        // Common forms of the default statuses.
        // MADR's French statuses (`proposé | rejeté | accepté | obsolète | remplacé par ...`).
        let synonyms = [("superceded", "superseded"), ("replaced", "superseded"), ("remplacé", "superseded"),
                        ("proposé", "proposed"), ("accepté", "accepted"), ("rejeté", "rejected"), ("obsolète", "deprecated"),
                        ("déprécié", "deprecated"),
                        // Portuguese, Spanish, German and Japanese logs' words.
                        ("aceito", "accepted"), ("aceita", "accepted"), ("aprovado", "accepted"), ("aceptad", "accepted"),
                        ("aprobad", "accepted"), ("akzeptiert", "accepted"), ("angenommen", "accepted"), ("採用", "accepted"),
                        ("承認", "accepted"), ("proposto", "proposed"), ("proposta", "proposed"), ("propuest", "proposed"),
                        ("vorgeschlagen", "proposed"), ("提案", "proposed"), ("rejeitad", "rejected"), ("rechazad", "rejected"),
                        ("abgelehnt", "rejected"), ("却下", "rejected"), ("descontinuad", "deprecated"), ("obsolet", "deprecated"),
                        ("veraltet", "deprecated"), ("廃止", "deprecated"), ("非推奨", "deprecated"), ("substituíd", "superseded"),
                        ("substituid", "superseded"), ("reemplazad", "superseded"), ("ersetzt", "superseded")]
        for (word, status) in synonyms where known.contains(status) && lowered.hasPrefix(word) { return (status, true) }
        // A word for a decision no longer in force, past its decoration (`Reverted by [discussion #1198](...)`).
        for word in retired where lowered.hasPrefix(word) {
            let after = lowered.dropFirst(word.count).first
            if after == nil || !(after!.isLetter) { return (word, false) }
        }
        // Unknown statuses as the known ones are: lowercased, so `In Review` and `In review`
        // (cometbft's ADR 103 and 104) are one status in the filters and the timeline.
        return (lowered, false)
    }

    /// `![alt](address)` as the word it shows: a badge's message (`https://badgen.net/badge/ADR/approved/green/`,
    /// `https://img.shields.io/badge/status-accepted-green`), else its alt text. uktrade/trade-remedies-api
    /// writes every status as `[![Generic badge](badgen address)](link)`.
    static func images(_ text: String) -> String {
        guard text.contains("![") else { return text }
        var characters = Array(text)
        var index = 0
        while index + 1 < characters.count {
            guard characters[index] == "!", characters[index + 1] == "[",
                  let close = characters[(index + 2)...].firstIndex(of: "]"), close + 1 < characters.count, characters[close + 1] == "(",
                  let found = RecordHeader.destination(characters, from: close + 2) else { index += 1; continue }
            let alt = String(characters[(index + 2)..<close])
            let shown = Array(badgeMessage(found.0) ?? alt)
            characters.replaceSubrange(index...found.1, with: shown)
            index += shown.count
        }
        return String(characters)
    }

    /// The message of a badgen.net or shields.io badge's address, nil for any other address.
    static func badgeMessage(_ address: String) -> String? {
        guard let url = URLComponents(string: address), let host = url.host?.lowercased() else { return nil }
        let parts = url.path.split(separator: "/").map(String.init)
        guard parts.first == "badge", parts.count >= 2 else { return nil }
        if host == "badgen.net" {
            return (parts.count >= 3 ? parts[2] : parts[1]).removingPercentEncoding
        }
        guard host == "img.shields.io" || host == "shields.io" else { return nil }
        // `label-message-color` or `message-color`; `--` is a dash, `__` an underscore, `_` a space.
        let fields = parts[1].replacingOccurrences(of: "--", with: "\u{1}").split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 2 else { return nil }
        let message = String(fields[fields.count >= 3 ? 1 : 0]).replacingOccurrences(of: "__", with: "\u{2}")
            .replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "\u{2}", with: "_").replacingOccurrences(of: "\u{1}", with: "-")
        return message.removingPercentEncoding ?? message
    }

    /// Words real logs write for a decision that was never or is no longer in force, besides the
    /// default statuses (cometbft's `Declined` and `Reverted`, home-assistant's `Reverted by ...`,
    /// Open edX's `Withdrawn`).
    static let retired = ["declined", "reverted", "withdrawn", "abandoned", "obsolete", "retired", "cancelled", "canceled",
                          "discarded", "revoked"]

    /// Superseded, deprecated, rejected, or one of the `retired` words: no longer in force (its page
    /// says so; `context` and `review` do not count it among the decisions in force).
    static func notInForce(_ status: String) -> Bool {
        let lowered = status.lowercased()
        return lowered == "superseded" || lowered == "deprecated" || lowered == "rejected" || retired.contains(lowered)
    }
}
