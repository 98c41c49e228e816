import Foundation

/// `history:` and `hotspots:` in handbook.yml.
public struct GovernanceSettings: Sendable {
    /// Commits shown per file.
    public var historyCommits = 10
    /// How many of the newest commits are read from git at most.
    public var historyScan = 5000
    /// A subject that matches this (case-insensitive regular expression) marks a fix.
    public var fixPattern = "^fix"
    /// Where `fix_pattern` is written, for a diagnostic when it costs too much.
    public var fixPatternLocation: SourceLocation?
    /// This many fix commits to one file inside `windowDays` make it a hotspot...
    public var hotspotCommits = 3
    public var windowDays = 7
    /// ...looking back this many days from today.
    public var lookbackDays = 90

    public init() {}

    static func read(_ node: YAMLNode, reader: FieldReader, diagnostics: DiagnosticEngine) -> GovernanceSettings {
        var settings = GovernanceSettings()
        if let history = node["history"] {
            check(history, keys: ["commits", "scan"], reader: reader, diagnostics: diagnostics)
            if let value = reader.int(history, "commits") { settings.historyCommits = max(0, value) }
            if let value = reader.int(history, "scan") { settings.historyScan = max(1, value) }
        }
        if let hotspots = node["hotspots"] {
            check(hotspots, keys: ["fix_pattern", "commits", "window_days", "lookback_days"], reader: reader, diagnostics: diagnostics)
            if let pattern = reader.string(hotspots, "fix_pattern") {
                if (try? NSRegularExpression(pattern: pattern.value)) != nil {
                    settings.fixPattern = pattern.value
                    settings.fixPatternLocation = pattern.location
                } else {
                    diagnostics.error("config-value", "fix_pattern '\(pattern.value)' is not a valid regular expression", at: pattern.location)
                }
            }
            if let value = reader.int(hotspots, "commits") { settings.hotspotCommits = max(1, value) }
            if let value = reader.int(hotspots, "window_days") { settings.windowDays = max(1, value) }
            if let value = reader.int(hotspots, "lookback_days") { settings.lookbackDays = max(1, value) }
        }
        return settings
    }

    private static func check(_ node: YAMLNode, keys: Set<String>, reader: FieldReader, diagnostics: DiagnosticEngine) {
        guard let entries = node.entries else {
            diagnostics.error("config-type", "this setting must be a mapping", at: reader.file.location(of: node))
            return
        }
        for entry in entries {
            guard let key = entry.key.string, !keys.contains(key) else { continue }
            let hint = Suggestions.closest(to: key, in: keys).map { "; did you mean '\($0)'?" } ?? ""
            diagnostics.warning("unknown-config-key", "unknown setting '\(key)'\(hint)", at: reader.file.location(of: entry.key))
        }
    }
}
