/// For `handbook review --base REV` (and anything else that wants them): each contract with the
/// changes found in its spec since a revision.
public enum ContractReview {
    public struct Entry: Sendable {
        public var contract: Contract
        /// Breaking first.
        public var findings: [ContractFinding]
    }

    /// The contracts of an already built handbook (built with `reviewBase` set).
    public static func entries(in handbook: Handbook) -> [Entry] {
        handbook.contracts.map { Entry(contract: $0, findings: $0.reviewFindings) }
    }

    /// Loads the handbook and compares each contract's spec with its version at `revision`.
    public static func changes(options: BuildOptions, against revision: String, fileSystem: FileSystem = DiskFileSystem(),
                               git: GitClient = CommandLineGit()) -> (entries: [Entry], diagnostics: [Diagnostic]) {
        var options = options
        options.reviewBase = revision
        let diagnostics = DiagnosticEngine()
        let handbook = Pipeline.link(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        return (handbook.map(entries(in:)) ?? [], diagnostics.diagnostics)
    }
}
