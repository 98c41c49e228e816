import Foundation
import HandbookCore
import Testing

/// No input makes the program crash or hang: each of these ends with a diagnostic or a page.
@Suite struct HostileInputTests {
    @Test func aliasBombInFrontMatterIsRefused() {
        var yaml = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let items = Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", ")
            yaml += "l\(level): &l\(level) [\(items)]\n"
        }
        yaml += "---\n# Bomb\n"
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/decisions/0001-bomb.md": yaml])
        #expect(build.ids.contains("yaml-syntax"), "\(build.messages)")
        #expect(build.messages.first { $0.contains("yaml-syntax") }?.contains("aliases expanding") == true)
    }

    @Test func deeplyNestedFrontMatterEnds() {
        let yaml = "---\nx: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n---\n# Deep\n"
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/deep.md": yaml])
        #expect(build.diagnostics.isEmpty, "\(build.messages)")
        #expect(build.page("deep.html").contains("<h1>Deep</h1>"))
    }

    @Test func invalidUTF8IsAnError() {
        let fileSystem = MemoryFileSystem(data: [
            "/repo/content/handbook.yml": Data("title: T\n".utf8),
            "/repo/content/binary.md": Data([0x23, 0x20, 0xFF, 0xFE, 0x00, 0x41]),
        ])
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: MemoryOutput())
        #expect(result.diagnostics.map(\.formatted) == ["content/binary.md: error: the file is not valid UTF-8 text [encoding]"])
    }

    @Test func oddMarkdownRenders() {
        let body = String(repeating: "> ", count: 2000) + "quote\n\n" + String(repeating: "*", count: 50_000) + "\n\n"
            + String(repeating: "[[", count: 5000) + "\n\n" + String(repeating: "a", count: 200_000) + "\n\u{0}\n"
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/odd.md": body])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.output.files["odd.html"] != nil)
    }
}
