import Foundation

/// What to build, and from where. Paths are absolute.
public struct BuildOptions: Sendable {
    public var contentDirectory: String
    public var outputDirectory: String
    /// A theme folder overriding the embedded default theme file by file. Nil: `templates/` beside the
    /// content folder when there is one.
    public var templatesDirectory: String?
    /// The repository root. Nil: the config's `root`, else git's top level, else the content folder's parent.
    public var rootDirectory: String?
    /// Diagnostics name files relative to this folder when they are inside it.
    public var workingDirectory: String
    /// Warnings fail the build.
    public var strict = false
    /// Today, `YYYY-MM-DD`: what "overdue" and "in the future" are measured against.
    public var today: String
    // Contracts (issue 5)
    /// `check --base REV`: compare each contract's spec with its version at REV and fail on undeclared breaking changes.
    public var base: String?
    /// `--review-base REV`: show on each contract page the changes found against REV.
    public var reviewBase: String?
    /// Where `review` and `context` keep their index of the handbook (`LightIndex`); nil: none.
    public var cacheDirectory: String?

    public init(contentDirectory: String, outputDirectory: String, templatesDirectory: String? = nil,
                rootDirectory: String? = nil, workingDirectory: String, strict: Bool = false, today: String? = nil) {
        self.contentDirectory = Path.normalize(contentDirectory)
        self.outputDirectory = Path.normalize(outputDirectory)
        self.templatesDirectory = templatesDirectory.map(Path.normalize)
        self.rootDirectory = rootDirectory.map(Path.normalize)
        self.workingDirectory = Path.normalize(workingDirectory)
        self.strict = strict
        self.today = today ?? Self.currentDate()
    }

    static func currentDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// How diagnostics name a file: relative to the working directory when inside it.
    func displayPath(_ absolute: String) -> String {
        Path.relative(absolute, to: workingDirectory).map { $0.isEmpty ? "." : $0 } ?? absolute
    }
}
