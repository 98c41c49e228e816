import Foundation
@testable import HandbookCore
import Testing

/// `handbook agents-md` on Fixtures/context-repo (a critical and a medium landmine), and
/// `handbook check` on the files that hold its block: a stale block warns at its first line, a
/// fresh one and a file without one are silent.
@Suite struct AgentsMDTests {
    static func fixture() throws -> [String: String] {
        try TestFiles.tree(TestFiles.fixtures.appendingPathComponent("context-repo"))
    }

    static func block(_ files: [String: String]) throws -> String {
        let build = TestBuild.run(files, write: false)
        let handbook = try #require(build.result.handbook)
        return AgentsMD.block(handbook, contentDirectory: "/repo/content")
    }

    @Test func theBlockOfTheFixture() throws {
        let text = try Self.block(try Self.fixture())
        let url = TestFiles.golden.appendingPathComponent("agents-md/context-repo.md")
        if try GoldenTests.recording {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(lineDiff(expected: expected, actual: text))")
        #expect(text.contains("**critical** The double write") && !text.contains("retry budget"), "critical and high only")
        // The hash is of what is between the markers: a landmine more gives another version.
        var more = try Self.fixture()
        more["content/landmines/new.md"] = "---\ntitle: A new one\nseverity: high\npaths: [src/web/]\n---\n## What fails if it disappears\n\nAll of it.\n"
        let other = try Self.block(more)
        #expect(other.contains("- **high** A new one: `src/web/` (`content/landmines/new.md`)"))
        #expect(AgentsMD.version(String(other.prefix { $0 != "\n" })) != AgentsMD.version(String(text.prefix { $0 != "\n" })))
    }

    static func agentsIDs(_ build: TestBuild) -> [String] {
        build.diagnostics.filter { $0.id == "agents-md-stale" }.map(\.formatted)
    }

    @Test func aStaleBlockWarnsAtItsFirstLine() throws {
        var files = try Self.fixture()
        let fresh = try Self.block(files)
        // The block as it was before the medium landmine became critical... or any older text.
        let stale = fresh.replacingOccurrences(of: "(`content/landmines/double-write.md`)", with: "(`content/landmines/old.md`)")
            .replacingOccurrences(of: AgentsMD.version(String(fresh.prefix { $0 != "\n" })), with: "0123456789ab")
        files["AGENTS.md"] = "# Agents\n\nBuild with make.\n\n" + stale + "\nMore notes.\n"
        let build = TestBuild.run(files, write: false)
        #expect(AgentsMD.version(String(fresh.prefix { $0 != "\n" })) == "9dc3175c3006", "the golden block's version")
        #expect(Self.agentsIDs(build) == [
            "AGENTS.md:5:1: warning: the handbook block (v=0123456789ab) differs from what `handbook agents-md` prints now (v=9dc3175c3006): the landmines or the commands changed; replace the block with its output [agents-md-stale]",
        ])
        #expect(build.result.succeeded, "a warning")
        let strictSucceeded = TestBuild.run(files, strict: true, write: false).result.succeeded
        #expect(!strictSucceeded, "and an error with --strict")
    }

    @Test func aFreshBlockNoBlockAndAnUnclosedOne() throws {
        var files = try Self.fixture()
        let fresh = try Self.block(files)
        files["CLAUDE.md"] = "Notes.\r\n\r\n" + fresh.replacingOccurrences(of: "\n", with: "\r\n")
        files["AGENTS.md"] = "# Agents\n\nNo block here.\n"
        #expect(Self.agentsIDs(TestBuild.run(files, write: false)).isEmpty)
        files[".github/copilot-instructions.md"] = "Hello.\n<!-- handbook:agents-md v=1 -->\nold text\n"
        #expect(Self.agentsIDs(TestBuild.run(files, write: false)) == [
            ".github/copilot-instructions.md:2:1: warning: the handbook block opened here is never closed (<!-- /handbook:agents-md -->); replace it with the output of `handbook agents-md` [agents-md-stale]",
        ])
    }
}
