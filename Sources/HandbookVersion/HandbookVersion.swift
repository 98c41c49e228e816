/// The version (the package's `VERSION` file) and the git commit this binary was built from,
/// written by the BuildInfo plugin before every build.
public enum HandbookVersion {
    public static let version = BuildInfo.version
    public static let commit = BuildInfo.commit
    /// `0.1.0 (commit 1a2b3c4d5e6f)`, as `handbook --version` prints it.
    public static var description: String { "\(version) (commit \(commit))" }
}
