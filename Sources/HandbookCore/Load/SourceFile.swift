/// One file of the handbook's content folder.
public struct SourceFile: Sendable, Hashable {
    /// Relative to the content folder, `/`-separated: `decisions/0007-split-billing.md`.
    public var path: String
    /// As diagnostics name it: relative to the working directory when inside it.
    public var displayPath: String
    /// Relative to the repository root, when the content folder is inside it.
    public var repositoryPath: String?
    /// Where the file really is (absolute). A decision log read from `doc/adr` has the path
    /// `decisions/0001-x.md` in the site but is read, linked and shown from `doc/adr/0001-x.md`.
    public var absolutePath: String

    public init(path: String, displayPath: String, repositoryPath: String?, absolutePath: String = "") {
        self.path = path
        self.displayPath = displayPath
        self.repositoryPath = repositoryPath
        self.absolutePath = absolutePath
    }

    /// The file on disk: its absolute path, else its path below the content folder.
    public func absolute(contentDirectory: String) -> String {
        absolutePath.isEmpty ? contentDirectory + "/" + path : absolutePath
    }

    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    public func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(file: displayPath, line: node.line, column: node.column)
    }
}
