import Foundation

/// Paths that come from outside (a coding assistant's tool call) checked before anything reads
/// them: relative to the repository root, and inside it once `..` and symbolic links are resolved
/// (ADR-0013: nothing outside the repository is read).
public enum RepositoryPath {
    public enum Refusal: Error, Equatable, Sendable {
        case empty
        case outside(String)
        case control(String)

        public var message: String {
            switch self {
            case .empty: return "an empty path"
            case .outside(let path): return "'\(path.prefix(300))' is outside the repository"
            case .control(let path):
                return "'\(path.prefix(300).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined())' holds control characters"
            }
        }
    }

    /// The path from the repository root. An absolute path must lie inside the root; a relative one
    /// is taken from the root. What exists of it is resolved (symbolic links followed) and must
    /// still be inside the root, whose own links are resolved the same way.
    public static func confine(_ path: String, root: String, fileSystem: FileSystem = DiskFileSystem()) -> Result<String, Refusal> {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return .failure(.control(trimmed)) }
        let rootPath = Path.normalize(root)
        let absolute = trimmed.hasPrefix("/") ? Path.normalize(trimmed) : Path.join(rootPath, trimmed)
        guard let relative = Path.relative(absolute, to: rootPath) else { return .failure(.outside(trimmed)) }
        let realRoot = fileSystem.realPath(rootPath) ?? rootPath
        guard let real = existingPrefix(absolute, fileSystem: fileSystem), Path.relative(real, to: realRoot) != nil else {
            return .failure(.outside(trimmed))
        }
        return .success(relative.isEmpty ? "." : relative)
    }

    /// The real path of the longest leading part of `path` that exists (a deleted file is checked by its folder).
    private static func existingPrefix(_ path: String, fileSystem: FileSystem) -> String? {
        var current = path
        while true {
            if let real = fileSystem.realPath(current) { return real }
            if current == "/" || current.isEmpty { return nil }
            let parent = Path.directory(current)
            current = parent.isEmpty ? "/" : parent
        }
    }
}
