/// One file of the handbook's content folder.
public struct SourceFile: Sendable, Hashable {
    /// Relative to the content folder, `/`-separated: `decisions/0007-split-billing.md`.
    public var path: String
    /// As diagnostics name it: relative to the working directory when inside it.
    public var displayPath: String
    /// Relative to the repository root, when the content folder is inside it.
    public var repositoryPath: String?

    public init(path: String, displayPath: String, repositoryPath: String?) {
        self.path = path
        self.displayPath = displayPath
        self.repositoryPath = repositoryPath
    }

    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: displayPath, line: line, column: column)
    }

    public func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(file: displayPath, line: node.line, column: node.column)
    }
}
