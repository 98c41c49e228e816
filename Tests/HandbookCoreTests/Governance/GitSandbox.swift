import Foundation
import HandbookCore

/// A git repository in a temporary folder, with commits at fixed dates, authors and subjects.
struct GitSandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Nobody")
        try git("config", "user.email", "nobody@example.com")
        try git("config", "commit.gpgsign", "false")
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func write(_ files: [String: String]) throws {
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// Writes `files` and commits them as `author` on `date` (YYYY-MM-DD) with `subject`.
    func commit(_ subject: String, date: String, author: String = "Ana", files: [String: String]) throws {
        try write(files)
        try git("add", "-A")
        let stamp = "\(date)T12:00:00+00:00"
        try git("commit", "-q", "--allow-empty", "-m", subject, "--author", "\(author) <\(author.lowercased())@example.com>",
                environment: ["GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp])
    }

    @discardableResult
    func git(_ arguments: String..., environment: [String: String] = [:], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory ?? root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: arguments.joined(separator: " ")])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Builds the handbook at `root/content` with the real file system and git, into memory.
    static func build(root: URL, today: String = "2026-11-21", strict: Bool = false) -> TestBuild {
        let options = BuildOptions(contentDirectory: root.path + "/content", outputDirectory: root.path + "/public",
                                   workingDirectory: root.path, strict: strict, today: today)
        let output = MemoryOutput()
        let result = Pipeline.build(options: options, fileSystem: DiskFileSystem(), git: CommandLineGit(), output: output)
        return TestBuild(result: result, output: output)
    }
}
