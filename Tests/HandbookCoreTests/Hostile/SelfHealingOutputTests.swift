import Foundation
@testable import HandbookCore
import Testing

/// The output heals itself (issue 14): leftovers of killed builds removed, the output never indexed
/// as repository files, over-long names shortened, JSON keys with U+2028 read.
@Suite(.serialized) struct SelfHealingOutputTests {
    /// The pid of a process that has ended.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func leftoverStagingFoldersWithTheMarkerAreRemovedByTheNextBuild() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-heal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let manager = FileManager.default
        let dead = try Self.deadPID()
        let marked = base.appendingPathComponent(".public.staging-\(dead)")
        let markedOld = base.appendingPathComponent(".public.staging-\(dead).old")
        let unmarked = base.appendingPathComponent(".public.staging-\(dead + 1)")
        let running = base.appendingPathComponent(".public.staging-\(getppid())")
        for folder in [marked, markedOld, unmarked, running] {
            try manager.createDirectory(at: folder.appendingPathComponent("decisions"), withIntermediateDirectories: true)
            try "x".write(to: folder.appendingPathComponent("decisions/a.html"), atomically: true, encoding: .utf8)
        }
        try "\(dead)\n".write(to: marked.appendingPathComponent(DiskOutput.marker), atomically: true, encoding: .utf8)
        try "\(dead)\n".write(to: markedOld.appendingPathComponent(DiskOutput.marker), atomically: true, encoding: .utf8)
        try "\(getppid())\n".write(to: running.appendingPathComponent(DiskOutput.marker), atomically: true, encoding: .utf8)
        let output = DiskOutput(destination: base.appendingPathComponent("public").path)
        try output.begin()
        try output.write(Data("{}".utf8), to: "handbook.json")
        try output.commit()
        #expect(!manager.fileExists(atPath: marked.path) && !manager.fileExists(atPath: markedOld.path), "a marked leftover stayed")
        #expect(manager.fileExists(atPath: unmarked.path), "a folder without the marker is not Handbook's to remove")
        #expect(manager.fileExists(atPath: running.path), "a running build's staging folder is left alone")
        #expect(!manager.fileExists(atPath: base.appendingPathComponent("public/" + DiskOutput.marker).path), "the marker is not published")
        #expect(manager.fileExists(atPath: base.appendingPathComponent("public/handbook.json").path))
    }

    @Test func theOutputAndStagingFoldersAreNeverRepositoryFiles() {
        let files = ["content/handbook.yml", "src/a.swift", "public/index.html", "public/files/src/a.swift.html",
                     ".public.staging-123/index.html", ".public.staging-123.old/x.html"]
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "src/a.swift": "",
                                   "content/decisions/0001-all.md": "---\ngoverns: [\"**\"]\n---\n# All\n"],
                                  git: FakeGit(files: files, commits: []))
        let filePages = build.output.files.keys.filter { $0.hasPrefix("files/") }.sorted()
        #expect(filePages.contains("files/src/a.swift.html"))
        #expect(!filePages.contains { $0.contains("public") || $0.contains("staging") }, "\(filePages)")
    }

    @Test func overLongNamesAreShortenedWithAStableHash() {
        let longTag = String(repeating: "t", count: 300)
        let longFile = "src/" + String(repeating: "é", count: 126) + ".swift"  // 252 + 6 bytes
        let longPage = String(repeating: "p", count: 252) + ".md"
        let files = ["content/handbook.yml": "title: T\n", longFile: "",
                     "content/" + longPage: "# Long\n",
                     "content/decisions/0001-x.md": "---\ntags: [\(longTag)]\ngoverns: [\"src/*\"]\n---\n# X\n"]
        let build = TestBuild.run(files, git: FakeGit(files: files.keys.sorted(), commits: []))
        #expect(build.errors.isEmpty, "\(build.messages)")
        let tooLong = build.output.files.keys.filter { $0.split(separator: "/").contains { $0.utf8.count > 255 } }
        #expect(tooLong.isEmpty, "\(tooLong.map { $0.prefix(60) })")
        let again = TestBuild.run(files, git: FakeGit(files: files.keys.sorted(), commits: []))
        #expect(Set(again.output.files.keys) == Set(build.output.files.keys), "the shortened names are stable")
        #expect(OutputName.fit("tags/" + longTag + ".html") != OutputName.fit("tags/" + longTag + "u.html"), "names sharing a start stay apart")
        // Every page's links lead to a page that exists.
        let decision = build.page("decisions/ADR-0001.html")
        let tagPage = build.output.files.keys.first { $0.hasPrefix("tags/t") }
        #expect(tagPage.map { decision.contains(URLEncoding.path(String($0.dropFirst(5)))) } == true)
    }

    @Test func aJSONKeyWithARawLineSeparatorIsRead() {
        let spec = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {}, \"components\": {\"schemas\": {\"A\": {\"type\": \"object\", \"properties\": {\"a\u{2028}b\": {\"type\": \"string\", \"description\": \"x\u{2029}y\"}}}}}}"
        let result = SpecPair.diff(spec, spec, oldName: "old.json", newName: "new.json")
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.findings.isEmpty)
    }
}
