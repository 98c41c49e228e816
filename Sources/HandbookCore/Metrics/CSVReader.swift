/// RFC 4180 CSV with positions: fields separated by commas, optionally quoted (`"a, b"`, `""` for a
/// quote), quoted fields may span lines, records end with LF or CRLF. Blank lines are skipped; a
/// leading byte-order mark is ignored; spaces around an unquoted field are trimmed.
enum CSVReader {
    struct Field: Equatable {
        var text: String
        var line: Int
        var column: Int
    }

    struct Record: Equatable {
        /// The line the record starts on.
        var line: Int
        var fields: [Field]
    }

    struct Problem: Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    static func read(_ text: String) -> (records: [Record], problems: [Problem]) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [Record] = []
        var problems: [Problem] = []
        var fields: [Field] = []
        var recordLine = 1
        var line = 1, column = 1
        var index = 0

        func endRecord() {
            let blank = fields.count == 1 && fields[0].text.isEmpty
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }

        while index <= scalars.count {
            // The start of a field.
            let fieldLine = line, fieldColumn = column
            var value = String.UnicodeScalarView()
            if index < scalars.count, scalars[index] == "\"" {
                index += 1; column += 1
                var closed = false
                while index < scalars.count {
                    let scalar = scalars[index]
                    if scalar == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            value.append("\""); index += 2; column += 2
                            continue
                        }
                        index += 1; column += 1
                        closed = true
                        break
                    }
                    if scalar == "\n" { line += 1; column = 1 } else if scalar != "\r" { column += 1 }
                    value.append(scalar)
                    index += 1
                }
                if !closed {
                    // The rest of the text is one broken field: its record is dropped, not guessed at.
                    problems.append(Problem(message: "the quote opened here is never closed", line: fieldLine, column: fieldColumn))
                    return (records, problems)
                }
                // Only spaces may follow the closing quote before the separator.
                var reported = false
                while index < scalars.count, scalars[index] != ",", scalars[index] != "\n", scalars[index] != "\r" {
                    if scalars[index] != " ", scalars[index] != "\t", !reported {
                        problems.append(Problem(message: "text after a closing quote; put the whole field in quotes",
                                                line: line, column: column))
                        reported = true
                    }
                    index += 1; column += 1
                }
                fields.append(Field(text: String(value), line: fieldLine, column: fieldColumn))
            } else {
                while index < scalars.count, scalars[index] != ",", scalars[index] != "\n", scalars[index] != "\r" {
                    value.append(scalars[index])
                    index += 1; column += 1
                }
                let raw = String(value)
                let trimmed = raw.trimmingCharacters(in: " \t")
                let leading = raw.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
                fields.append(Field(text: trimmed, line: fieldLine, column: fieldColumn + (trimmed.isEmpty ? 0 : leading)))
            }
            // The end of a field: a separator, the end of a record, or the end of the text.
            if index >= scalars.count {
                endRecord()
                break
            }
            switch scalars[index] {
            case ",":
                index += 1; column += 1
            case "\r":
                index += 1
                if index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRecord()
                line += 1; column = 1; recordLine = line
            default: // "\n"
                index += 1
                endRecord()
                line += 1; column = 1; recordLine = line
                if index == scalars.count { return (records, problems) }
            }
            if index == scalars.count, fields.isEmpty { break }
        }
        return (records, problems)
    }
}
