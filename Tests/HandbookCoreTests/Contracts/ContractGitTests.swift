import Foundation
import HandbookCore
import Testing

/// `check --base` with real git, in a repository made in a temporary folder.
struct ContractGitTests {
    static func sh(_ arguments: [String], in directory: String) throws {
        let output = try ProcessRunner.run(["git", "-C", directory, "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments)
        try #require(output.status == 0, "\(String(decoding: output.standardError, as: UTF8.self))")
    }

    @Test func checkBaseReadsTheSpecAtARevision() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-contract-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = ContractPipelineTests.files(spec: ContractPipelineTests.v1, changes: ContractPipelineTests.nonBreaking)
            .merging(["src/pets/handler.swift": ""]) { $1 }
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try Self.sh(["init", "-q"], in: root)
        try Self.sh(["add", "-A"], in: root)
        try Self.sh(["commit", "-q", "-m", "v1"], in: root)
        try ContractPipelineTests.v2.write(toFile: root + "/api/pets.yml", atomically: true, encoding: .utf8)

        let git = CommandLineGit()
        #expect(try git.show(revision: "HEAD", path: root + "/api/pets.yml") == Data(ContractPipelineTests.v1.utf8))
        #expect(throws: GitShowError.notInRevision) { try git.show(revision: "HEAD", path: root + "/api/none.yml") }

        var options = BuildOptions(contentDirectory: root + "/content", outputDirectory: root + "/public", workingDirectory: root)
        options.base = "HEAD"
        let result = Pipeline.build(options: options, git: git, output: nil)
        #expect(result.diagnostics.map(\.id) == ["undeclared-breaking-change"], "\(result.diagnostics.map(\.formatted))")
        #expect(!result.succeeded)
    }
}
