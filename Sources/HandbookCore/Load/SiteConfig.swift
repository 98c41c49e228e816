/// `content/handbook.yml`: the handbook's settings.
public struct SiteConfig: Sendable {
    public var title = "Handbook"
    /// Markdown shown on the home page.
    public var intro = ""
    /// Where the intro's text starts in handbook.yml (for diagnostics about its links).
    public var introLine = 0
    /// The repository's web address (`https://github.com/OWNER/NAME`), for links to files and pull requests.
    public var repository: RepositoryLinks?
    /// The repository root, relative to the content folder (default: git's top level, else the content folder's parent).
    public var root: String?
    /// The decision statuses known, in the order they are shown (others are shown as written, with a warning).
    public var statuses = ["proposed", "accepted", "rejected", "deprecated", "superseded"]
    /// The status of a decision that does not give one; nil: it has none ("no status"), never an invented one.
    public var defaultStatus: String?
    /// Folders named for a kind (`decisions: doc/adr`), relative to the folder holding handbook.yml (issue 9).
    public var folders: [(kind: String, value: Located<String>)] = []
    /// How `10/04/18` reads: day first (`dmy`, as adr-tools and UK teams write it) or month first (`mdy`).
    public var monthFirst = false
    /// `broken_links: warn`: links to nothing are warnings, not errors (Docusaurus' `onBrokenLinks`).
    public var brokenLinksWarn = false

    /// The kinds a folder can be named for in handbook.yml.
    public static let folderKeys = ["decisions", "landmines", "contracts", "metrics", "pages"]
    /// Keep raw HTML in Markdown (off: omitted, as on GitHub).
    public var unsafeHTML = false
    /// The `lang` of the pages.
    public var language = "en"
    /// How many decisions the home page lists.
    public var recentDecisions = 10
    /// Free-form values for custom templates (`site.params.NAME`).
    public var params: YAMLNode?
    /// The weekly metrics (issue 6): the defaults, with what `metrics:` adds or changes.
    public var metrics = MetricDefinition.defaults
    /// File history and hotspots (issue 3).
    public var governance = GovernanceSettings()

    public init() {}

    static let knownKeys: Set<String> = ["title", "intro", "repository", "repository_ref", "links", "root", "statuses",
                                         "default_status", "unsafe_html", "language", "recent_decisions", "params",
                                         "metrics", "history", "hotspots", "decisions", "landmines", "contracts", "pages",
                                         "date_format", "broken_links"]

    /// Reads the configuration, reporting every problem; what is wrong keeps its default.
    static func read(_ node: YAMLNode?, file: SourceFile, diagnostics: DiagnosticEngine) -> SiteConfig {
        var config = SiteConfig()
        guard let node else { return config }
        guard let entries = node.entries else {
            diagnostics.error("config-type", "handbook.yml must be a mapping of settings (`title: ...`), not \(node.kindName)",
                              at: file.location(of: node))
            return config
        }
        let reader = FieldReader(file: file, diagnostics: diagnostics)
        for entry in entries {
            guard let key = entry.key.string else { continue }
            if !knownKeys.contains(key) {
                let hint = Suggestions.closest(to: key, in: knownKeys).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.warning("unknown-config-key", "unknown setting '\(key)' in handbook.yml\(hint)",
                                    at: file.location(of: entry.key))
            }
        }
        if let value = reader.string(node, "title") { config.title = value.value }
        if let value = reader.string(node, "intro") {
            config.intro = value.value
            // A block scalar (`intro: |`) starts on the line after its indicator.
            config.introLine = value.location.line + (value.value.contains("\n") ? 1 : 0)
        }
        if let value = reader.string(node, "root") { config.root = value.value }
        if let value = reader.string(node, "default_status") { config.defaultStatus = value.value.lowercased() }
        if let value = reader.string(node, "language") { config.language = value.value }
        if let value = reader.bool(node, "unsafe_html") { config.unsafeHTML = value }
        if let value = reader.int(node, "recent_decisions") { config.recentDecisions = max(0, value) }
        if let list = reader.strings(node, "statuses") {
            if list.isEmpty {
                diagnostics.error("config-value", "statuses must name at least one status", at: file.location(of: node["statuses"]!))
            } else {
                config.statuses = list.map { $0.value.lowercased() }
            }
        }
        if let status = config.defaultStatus, !config.statuses.contains(status), let line = node["default_status"] ?? node["statuses"] {
            diagnostics.error("config-value", "default_status '\(status)' is not one of the statuses (\(config.statuses.joined(separator: ", ")))",
                              at: file.location(of: line))
        }
        for key in folderKeys where key != "metrics" || node[key]?.string != nil {
            // `metrics:` is also the mapping of metric definitions; a single value names a folder.
            if let value = reader.string(node, key) { config.folders.append((key, value)) }
        }
        if let value = reader.string(node, "date_format") {
            switch value.value.lowercased() {
            case "mdy": config.monthFirst = true
            case "dmy": config.monthFirst = false
            default: diagnostics.error("config-value", "date_format must be 'dmy' (10/04/18 is 10 April) or 'mdy' (October 4), not '\(value.value)'",
                                       at: value.location)
            }
        }
        if let value = reader.string(node, "broken_links") {
            switch value.value.lowercased() {
            case "warn": config.brokenLinksWarn = true
            case "error": config.brokenLinksWarn = false
            default: diagnostics.error("config-value", "broken_links must be 'error' or 'warn', not '\(value.value)'", at: value.location)
            }
        }
        if let params = node["params"] {
            if params.entries != nil {
                config.params = params
            } else {
                diagnostics.error("config-type", "params must be a mapping", at: file.location(of: params))
            }
        }
        config.metrics = MetricDefinitionReader.read(node["metrics"]?.string == nil ? node["metrics"] : nil, file: file, diagnostics: diagnostics)
        config.governance = GovernanceSettings.read(node, reader: reader, diagnostics: diagnostics)
        if let address = reader.string(node, "repository") {
            let ref = reader.string(node, "repository_ref")?.value ?? "HEAD"
            switch RepositoryLinks.make(address: address.value, ref: ref, patterns: node["links"], reader: reader) {
            case .success(let links): config.repository = links
            case .failure(let problem):
                diagnostics.error("config-value", problem.message, at: problem.location ?? address.location)
            }
        } else if let links = node["links"] {
            diagnostics.error("config-value", "links: needs repository: to be set", at: file.location(of: links))
        }
        return config
    }
}
