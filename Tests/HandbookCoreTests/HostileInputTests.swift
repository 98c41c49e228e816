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
        #expect(result.diagnostics.map(\.formatted) == ["content/binary.md:1:3: error: the file is not valid UTF-8 text: byte 0xFF is not UTF-8 (it is Windows-1252's 'ÿ': save the file as UTF-8) [encoding]"])
    }

    /// A record saved in Windows-1252 (a smart quote, an accent) or by Windows PowerShell 5 (UTF-16
    /// with a byte order mark): the error names the line and column of the first byte that is not
    /// UTF-8 and what it probably is, and the columns count characters (the `é` before it is one).
    @Test func textThatIsNotUTF8IsLocated() {
        let fileSystem = MemoryFileSystem(data: [
            "/repo/content/handbook.yml": Data("title: T\n".utf8),
            "/repo/content/decisions/0001-cafe.md": Data("---\nstatus: accepted\n---\n# Café\n\nWe don".utf8) + Data([0x92]) + Data("t.\n".utf8),
            "/repo/content/decisions/0002-ps.md": Data([0xFF, 0xFE, 0x23, 0x00, 0x20, 0x00, 0x54, 0x00]),
            "/repo/content/decisions/0003-mid.md": Data("# Mé".utf8) + Data([0x81]) + Data("\n".utf8),
        ])
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let result = Pipeline.build(options: options, fileSystem: fileSystem, git: NoGit(), output: MemoryOutput())
        #expect(result.diagnostics.map(\.formatted) == [
            "content/decisions/0001-cafe.md:6:7: error: the file is not valid UTF-8 text: byte 0x92 is not UTF-8 (it is Windows-1252's '’': save the file as UTF-8) [encoding]",
            "content/decisions/0002-ps.md:1:1: error: the file is not valid UTF-8 text: it is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8 [encoding]",
            "content/decisions/0003-mid.md:1:5: error: the file is not valid UTF-8 text: byte 0x81 is not UTF-8 (save the file as UTF-8) [encoding]",
        ])
        #expect(InvalidUTF8.find(in: Data("plain ✓\n".utf8)) == nil)
        // A sequence cut short at the end, and an overlong encoding of '/', are not UTF-8 either.
        #expect(InvalidUTF8.find(in: Data("ab\n✓".utf8.dropLast())) == InvalidUTF8(line: 2, column: 1, byte: 0xE2))
        #expect(InvalidUTF8.find(in: Data([0x61, 0xC0, 0xAF])) == InvalidUTF8(line: 1, column: 2, byte: 0xC0))
    }

    @Test func oddMarkdownRenders() {
        let body = String(repeating: "> ", count: 2000) + "quote\n\n" + String(repeating: "*", count: 50_000) + "\n\n"
            + String(repeating: "[[", count: 5000) + "\n\n" + String(repeating: "a", count: 200_000) + "\n\u{0}\n"
        let build = TestBuild.run(["content/handbook.yml": "title: T\n", "content/odd.md": body])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.output.files["odd.html"] != nil)
    }
}
