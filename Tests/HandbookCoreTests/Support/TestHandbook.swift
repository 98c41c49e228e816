import Foundation
import HandbookCore

/// Builds a handbook held in memory from `[path below /repo: text]`, runs the whole pipeline,
/// and returns what it wrote and reported.
struct TestBuild {
    var result: BuildResult
    var output: MemoryOutput

    var diagnostics: [Diagnostic] { result.diagnostics }
    /// Diagnostics as printed, one a line.
    var messages: [String] { result.diagnostics.map(\.formatted) }
    var errors: [Diagnostic] { result.diagnostics.filter { $0.severity == .error } }
    var ids: [String] { result.diagnostics.map(\.id) }

    func page(_ path: String) -> String { output.text(path) ?? "" }

    static func run(_ files: [String: String], strict: Bool = false, templates: String? = nil,
                    today: String = "2026-11-21", write: Bool = true, git: GitClient = NoGit(),
                    reviewBase: String? = nil, content: String = "content") -> TestBuild {
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        var options = BuildOptions(contentDirectory: "/repo/" + content, outputDirectory: "/repo/public",
                                   templatesDirectory: templates.map { "/repo/" + $0 }, rootDirectory: "/repo",
                                   workingDirectory: "/repo", strict: strict, today: today)
        options.reviewBase = reviewBase
        let output = MemoryOutput()
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: git, output: write ? output : nil)
        return TestBuild(result: result, output: output)
    }
}

/// The folder of this test target's fixtures and golden files.
enum TestFiles {
    static let targetDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = targetDirectory.appendingPathComponent("Fixtures")
    static let golden = targetDirectory.appendingPathComponent("Golden")
    static let packageRoot = targetDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// Reads every file below a folder into `[relative path: text]`.
    static func tree(_ directory: URL) throws -> [String: String] {
        let paths = try DiskFileSystem().files(under: directory.path, skipping: [])
        var files: [String: String] = [:]
        for path in paths {
            files[path] = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        }
        return files
    }
}

/// A line diff that says where two texts part.
func lineDiff(expected: String, actual: String) -> String {
    let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
    var lines: [String] = []
    for index in 0..<max(a.count, b.count) {
        let x = index < a.count ? a[index] : nil, y = index < b.count ? b[index] : nil
        if x != y {
            if let x { lines.append("-\(index + 1): \(x)") }
            if let y { lines.append("+\(index + 1): \(y)") }
        }
        if lines.count > 40 { lines.append("..."); break }
    }
    return lines.joined(separator: "\n")
}

/// A git that answers from fixed data: the files of the work tree and a history.
struct FakeGit: GitClient {
    var files: [String]
    var commits: [Commit]
    var shallow = false
    /// The files at the base revision, by absolute path (`git show`).
    var baseFiles: [String: String] = [:]

    func topLevel(of directory: String) -> String? { "/repo" }
    func listFiles(in root: String) -> [String]? { files }
    func isShallow(_ root: String) -> Bool { shallow }
    func log(in root: String, maxCount: Int) -> [Commit]? { Array(commits.prefix(maxCount)) }
    func show(revision: String, path: String) throws(GitShowError) -> Data {
        guard let text = baseFiles[path] else { throw .notInRevision }
        return Data(text.utf8)
    }

    /// The change under review: the schema and the deployment file edited, a file renamed under src/db/.
    func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile] {
        [ChangedFile(path: "src/db/schema.sql", status: .modified), ChangedFile(path: "deploy/cockroach.yml", status: .modified),
         ChangedFile(path: "src/db/ledger.sql", status: .renamed, previous: "src/db/old-ledger.sql")]
    }

    /// The fixture's files as git would list them, and a history with fixes piling up on one file.
    static func forFixture(_ files: [String: String]) -> FakeGit {
        let commits = [
            Commit(hash: "c4c4c4c4c4c4", shortHash: "c4c4c4c", date: "2026-11-12", author: "Bo", subject: "fix: retry the write (#52)",
                   files: ["src/db/schema.sql"]),
            Commit(hash: "c3c3c3c3c3c3", shortHash: "c3c3c3c", date: "2026-11-10", author: "Ana", subject: "Fix lock timeout",
                   files: ["src/db/schema.sql", "deploy/cockroach.yml"]),
            Commit(hash: "c2c2c2c2c2c2", shortHash: "c2c2c2c", date: "2026-11-09", author: "Ana", subject: "fix: index (#50)",
                   files: ["src/db/schema.sql"]),
            Commit(hash: "c1c1c1c1c1c1", shortHash: "c1c1c1c", date: "2024-03-01", author: "Bo", subject: "Merge pull request #41 from acme/crdb",
                   files: ["deploy/cockroach.yml"]),
        ]
        var git = FakeGit(files: files.keys.sorted(), commits: commits)
        // At the base, the ledger's currency was required: the change made it optional (a breaking change to review).
        for (path, text) in files { git.baseFiles["/repo/" + path] = text }
        git.baseFiles["/repo/api/ledger.yml"] = files["api/ledger.yml"]?.replacingOccurrences(of: "required: [id, amount]",
                                                                                               with: "required: [id, amount, currency]")
        return git
    }
}
