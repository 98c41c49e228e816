import Foundation

/// What `handbook serve` prints of each rebuild's diagnostics (ADR-0024). The first build prints
/// them all, as `handbook build` does; a rebuild prints those that the rebuild before it did not
/// give (new, or changed: another line, another message) and every error, then one line that counts
/// the rest. A handbook with 20,000 warnings printed all of them after every edit, burying the
/// rebuild's own line and spending the time to format them. The browser's overlay is not affected
/// (`LiveSite.Rebuild` carries every diagnostic).
public struct RepeatedDiagnostics: Sendable {
    /// The diagnostics of the last report, and a set of them when one was needed.
    private var last: [Diagnostic]?
    private var lastSet: Set<Diagnostic>?

    public init() {}

    /// The text to print before a rebuild's line (empty, or lines each ending in a newline).
    public mutating func text(for diagnostics: [Diagnostic]) -> String {
        defer {
            if last != diagnostics { lastSet = nil }
            last = diagnostics
        }
        guard let last else { return DiagnosticFormat.text.render(diagnostics) }
        var shown: [Diagnostic] = []
        var repeated: [Diagnostic.Severity: Int] = [:]
        if last == diagnostics {
            for diagnostic in diagnostics {
                if diagnostic.severity == .error { shown.append(diagnostic) } else { repeated[diagnostic.severity, default: 0] += 1 }
            }
        } else {
            let before = lastSet ?? Set(last)
            lastSet = before
            for diagnostic in diagnostics {
                if diagnostic.severity == .error || !before.contains(diagnostic) {
                    shown.append(diagnostic)
                } else {
                    repeated[diagnostic.severity, default: 0] += 1
                }
            }
        }
        var text = DiagnosticFormat.text.render(shown)
        let count = repeated.values.reduce(0, +)
        if count > 0 {
            let parts = [(Diagnostic.Severity.warning, "warning"), (.note, "note")].compactMap { severity, name in
                repeated[severity].map { "\($0) \(name)\($0 == 1 ? "" : "s")" }
            }
            text += "\(parts.joined(separator: " and ")) as in the last rebuild, not printed again"
                + (shown.isEmpty ? "" : " (\(shown.count) printed above)") + "\n"
        }
        return text
    }
}
