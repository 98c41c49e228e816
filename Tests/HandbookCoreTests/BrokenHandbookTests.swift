import Foundation
import HandbookCore
import Testing

/// Each folder of Fixtures/broken is a handbook with mistakes in it, and `expected.txt` beside
/// its `content/` lists the exact diagnostics it must give, in order. Re-record (then read the
/// diff!) with `RECORD_GOLDENS=1 swift test --filter BrokenHandbookTests`.
@Suite struct BrokenHandbookTests {
    static let root = TestFiles.fixtures.appendingPathComponent("broken")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: cases)
    func givesExactlyTheExpectedDiagnostics(_ name: String) throws {
        let folder = Self.root.appendingPathComponent(name)
        var files = try TestFiles.tree(folder)
        files["expected.txt"] = nil
        let build = TestBuild.run(files, today: "2026-11-21")
        let actual = build.messages.joined(separator: "\n") + "\n"
        let expectedURL = folder.appendingPathComponent("expected.txt")
        if try GoldenTests.recording {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(name):\n\(lineDiff(expected: expected, actual: actual))")
        #expect(!build.result.succeeded || build.errors.isEmpty)
        #expect(build.result.succeeded || build.output.files.isEmpty, "a failed build writes nothing")
    }

    @Test func everyCaseHasExpectations() {
        #expect(Self.cases.count >= 8)
        for name in Self.cases {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(name).appendingPathComponent("expected.txt").path),
                    "\(name) has no expected.txt")
        }
    }
}
