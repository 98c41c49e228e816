/// Reads the figures of `content/metrics/`: CSV files (a `week` column, then a column a metric) and
/// YAML files (one a week: `week:` and a key a metric), mixed as the handbook likes. Every problem is
/// reported at its file and line; a figure given twice for one metric and week is an error.
struct MetricsLoader {
    let definitions: [MetricDefinition]
    /// `YYYY-MM-DD`: weeks after the one holding this day are in the future.
    let today: String
    let diagnostics: DiagnosticEngine

    static let folder = "metrics"

    /// Whether a content path (relative to the content folder) holds figures: `metrics/*.csv`, `metrics/*.yml`.
    static func isMetricsFile(_ path: String) -> Bool {
        Path.directory(path) == folder && ["csv", "yml", "yaml"].contains(Path.extension(path))
    }

    func load(_ files: [(file: SourceFile, text: String)]) -> MetricsData {
        var collector = MetricsCollector(definitions: definitions, currentWeek: ISOWeek.containing(date: today), diagnostics: diagnostics)
        for (file, text) in files.sorted(by: { $0.file.path < $1.file.path }) {
            if Path.extension(file.path) == "csv" {
                readCSV(text, file: file, into: &collector)
            } else {
                readYAML(text, file: file, into: &collector)
            }
        }
        let series = definitions.map { definition in
            MetricSeries(definition: definition, points: Array((collector.points[definition.key] ?? [:]).values))
        }
        return MetricsData(series: series, sources: files.map(\.file).sorted { $0.path < $1.path })
    }

    private func readCSV(_ text: String, file: SourceFile, into collector: inout MetricsCollector) {
        let (records, problems) = CSVReader.read(text)
        for problem in problems {
            diagnostics.error("metric-csv", problem.message, at: file.location(line: problem.line, column: problem.column))
        }
        guard let header = records.first else {
            diagnostics.warning("metric-csv", "the file holds no figures; write a header row: week,\(definitions.first?.key ?? "metric")",
                                file: file.displayPath)
            return
        }
        guard header.fields.first?.text.lowercased() == "week" else {
            let first = header.fields[0]
            diagnostics.error("metric-csv", "the first column must be 'week' (weeks written 2026-W45), not '\(first.text)'",
                              at: file.location(line: first.line, column: first.column))
            return
        }
        // Column index to metric key; nil where the column is not a metric (reported once, on the header).
        var columns: [String?] = [nil]
        var seen: [String: CSVReader.Field] = [:]
        for field in header.fields.dropFirst() {
            let location = file.location(line: field.line, column: field.column)
            if field.text.isEmpty {
                diagnostics.error("metric-csv", "this column has no name; name it after a metric", at: location)
                columns.append(nil)
            } else if let first = seen[field.text] {
                diagnostics.error("metric-csv", "column '\(field.text)' is also column \(first.column) of this header", at: location)
                columns.append(nil)
            } else if collector.definition(field.text) == nil {
                collector.reportUnknown(field.text, at: location, in: "column")
                columns.append(nil)
            } else {
                columns.append(field.text)
            }
            if !field.text.isEmpty, seen[field.text] == nil { seen[field.text] = field }
        }
        var weeks: [ISOWeek: Int] = [:]
        for record in records.dropFirst() where record.fields.contains(where: { !$0.text.isEmpty }) {
            // A row of empty cells (`,,,`, as spreadsheets export) is a blank line.
            let weekField = record.fields[0]
            guard let week = collector.week(weekField.text, at: file.location(line: weekField.line, column: weekField.column)) else { continue }
            if let line = weeks[week] {
                diagnostics.error("metric-duplicate-week", "week \(week) is also the row on line \(line)",
                                  at: file.location(line: weekField.line, column: weekField.column))
                continue
            }
            weeks[week] = record.line
            for (column, field) in record.fields.enumerated().dropFirst() {
                let location = file.location(line: field.line, column: field.column)
                guard column < columns.count else {
                    if !field.text.isEmpty {
                        diagnostics.error("metric-csv", "this row has more cells (\(record.fields.count)) than the header (\(columns.count))",
                                          at: location)
                        break
                    }
                    continue
                }
                guard let key = columns[column], !field.text.isEmpty else { continue }
                collector.add(key, week: week, text: field.text, at: location)
            }
        }
    }

    private func readYAML(_ text: String, file: SourceFile, into collector: inout MetricsCollector) {
        let node: YAMLNode?
        do {
            node = try YAMLReader.parse(text)
        } catch {
            if case .syntax(let message, let line, let column) = error {
                diagnostics.error("yaml-syntax", "invalid YAML: \(message)", at: file.location(line: line, column: column))
            }
            return
        }
        guard let node, !node.isNull else {
            diagnostics.warning("metric-file", "the file holds no figures; write week: 2026-W45 and a line per metric",
                                file: file.displayPath)
            return
        }
        guard let entries = node.entries else {
            diagnostics.error("metric-file", "a week's figures must be a mapping (week: 2026-W45, then metric: value), not \(node.kindName)",
                              at: file.location(of: node))
            return
        }
        let named = try? ISOWeek.parse(Path.stem(file.path))
        let week: ISOWeek
        if let weekNode = node["week"] {
            guard let parsed = collector.week(weekNode.string ?? "", at: file.location(of: weekNode)) else { return }
            if let named, named != parsed {
                diagnostics.error("metric-week", "week: says \(parsed) but the file is named \(named).\(Path.extension(file.path))",
                                  at: file.location(of: weekNode))
                return
            }
            week = parsed
        } else if let named {
            guard collector.week(named.description, at: file.location(line: 1)) != nil else { return }
            week = named
        } else {
            diagnostics.error("metric-week", "the file says not which week it holds; add week: 2026-W45 (or name it 2026-W45.yml)",
                              at: file.location(line: 1))
            return
        }
        for entry in entries {
            guard let key = entry.key.string, key != "week" else { continue }
            guard collector.definition(key) != nil else {
                collector.reportUnknown(key, at: file.location(of: entry.key), in: "key")
                continue
            }
            if entry.value.isNull { continue }
            guard let text = entry.value.string else {
                diagnostics.error("metric-value", "\(key) must be a number, not \(entry.value.kindName)", at: file.location(of: entry.value))
                continue
            }
            collector.add(key, week: week, text: text, at: file.location(of: entry.value))
        }
    }
}
