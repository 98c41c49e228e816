import Foundation

/// One folder the load stage lists, and the paths it gives each file the listing found (ADR-0077):
/// its absolute path, its path from the repository root and its path as diagnostics name it.
///
/// `Path.relative(absolute, to:)` normalized both paths and compared them for every file, twice
/// (the root, the working directory): about 7,700 instructions a file at 10,000 records. The
/// folder's own answers are worked out once here, and a file's are the folder's joined with its
/// listed path. That gives the same String when the folder is a normal ASCII path other than `/`
/// and the listed path is a plain ASCII path below it (names joined by single `/`s, none of them
/// empty, `.` or `..`: what `FileSystem.files(under:)` lists). Anything else (a non-ASCII path,
/// where a `/` may be part of a Character with a combining mark, or a folder outside the root or
/// the working directory) is asked of `Path.relative` for each file, as before.
struct ListedFolder {
    let directory: String
    let root: String
    let workingDirectory: String
    /// `Path.relative(directory, to: root)` when files' paths can be joined to it; nil: ask per file.
    private let fromRoot: String?
    /// `Path.relative(directory, to: workingDirectory)`, likewise.
    private let fromWorkingDirectory: String?

    init(directory: String, root: String, workingDirectory: String) {
        self.directory = directory
        self.root = root
        self.workingDirectory = workingDirectory
        let joinable = directory != "/" && Self.isASCII(directory) && Path.normalize(directory) == directory
        fromRoot = joinable && Self.isASCII(root) ? Path.relative(directory, to: root) : nil
        fromWorkingDirectory = joinable && Self.isASCII(workingDirectory) ? Path.relative(directory, to: workingDirectory) : nil
    }

    /// The file at `relative` (a path the listing of `directory` gave).
    func file(_ relative: String) -> (absolute: String, repositoryPath: String?, displayPath: String) {
        let absolute = Path.joined(directory, relative)
        let plain = (fromRoot != nil || fromWorkingDirectory != nil) && Self.isPlainASCII(relative)
        let repositoryPath: String?
        if plain, let fromRoot {
            repositoryPath = fromRoot.isEmpty ? relative : Path.joined(fromRoot, relative)
        } else {
            repositoryPath = Path.relative(absolute, to: root)
        }
        let displayPath: String
        if plain, let fromWorkingDirectory {
            displayPath = fromWorkingDirectory.isEmpty ? relative : Path.joined(fromWorkingDirectory, relative)
        } else {
            displayPath = Path.relative(absolute, to: workingDirectory).map { $0.isEmpty ? "." : $0 } ?? absolute
        }
        return (absolute, repositoryPath, displayPath)
    }

    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 >= 0x80 }
        } ?? false
    }

    /// A non-empty relative ASCII path of names joined by single slashes, none of them `.` or `..`:
    /// joined to a normal folder, a normal path (`Path.normalize` leaves it as it is).
    static func isPlainASCII(_ path: String) -> Bool {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == slash || bytes[end] >= 0x80 {
                if end < bytes.count, bytes[end] >= 0x80 { return false }
                let length = end - start
                if length == 0 || (length == 1 && bytes[start] == dot) || (length == 2 && bytes[start] == dot && bytes[start + 1] == dot) {
                    return false
                }
                start = end + 1
            }
            return true
        } ?? false
    }

    /// Whether `Path.extension` of an ASCII path is `md` or `markdown` (any case): its file name ends
    /// with `.md` or `.markdown` after at least one other byte. Nil when `path` is not ASCII.
    static func hasMarkdownExtension(_ path: String) -> Bool? {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            if bytes.contains(where: { $0 >= 0x80 }) { return nil }
            func endsWith(_ suffix: StaticString) -> Bool {
                let count = suffix.utf8CodeUnitCount
                // At least one byte of the name before the dot (`.md` alone has no extension).
                guard bytes.count > count, bytes[bytes.count - count - 1] != UInt8(ascii: "/") else { return false }
                let tail = suffix.utf8Start
                for offset in 0..<count {
                    let byte = bytes[bytes.count - count + offset]
                    let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
                    if lowered != tail[offset] { return false }
                }
                return true
            }
            return endsWith(".md") || endsWith(".markdown")
        } ?? nil
    }
}
