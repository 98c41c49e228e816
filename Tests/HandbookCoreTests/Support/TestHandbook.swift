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
                    today: String = "2026-11-21", write: Bool = true) -> TestBuild {
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public",
                                   templatesDirectory: templates.map { "/repo/" + $0 }, rootDirectory: "/repo",
                                   workingDirectory: "/repo", strict: strict, today: today)
        let output = MemoryOutput()
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: write ? output : nil)
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
