import Foundation
@testable import HandbookCore
import Testing

/// Defects a code review found, each kept fixed by a test.
@Suite(.serialized) struct ReviewFindingsTests {
    @Test func windowsLineEndsKeepTheFrontMatter() {
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\r\n",
            "content/decisions/0001-a.md": "---\r\nstatus: superseded\r\ngoverns: [src/]\r\n---\r\n# A\r\n\r\nText.\r\n",
            "content/decisions/0002-b.md": "---\r\nsupersedes: ADR-0001\r\n---\r\n# B\r\n",
            "src/x.swift": "",
            "CODEOWNERS": "# owners\r\n* @team\r\n",
        ])
        #expect(build.errors.isEmpty, "\(build.messages)")
        #expect(build.page("decisions/ADR-0001.html").contains("status-superseded"))
        #expect(build.page("files/src/x.swift.html").contains("<span class=\"person\">@team</span>"))
    }

    @Test func hugeMetricValuesAreErrorsNotCrashes() {
        let build = TestBuild.run(["content/handbook.yml": "title: T\n",
                                   "content/metrics/m.csv": "week,change_failure_rate\n2026-W45,1e19\n2026-W46,-1e308\n"])
        #expect(build.ids.filter { $0 == "metric-value" }.count == 2, "\(build.messages)")
    }

    @Test func aSelfReferringSchemaDoesNotRecurseForever() {
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/A'}}\ncomponents:\n  schemas:\n    A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}\n"
        let build = TestBuild.run([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "title: A\nspec: api/a.yml\nprovider: x\n",
            "api/a.yml": spec,
        ])
        #expect(build.output.files["contracts/a.html"] != nil || !build.errors.isEmpty, "the build ends: \(build.messages)")
    }

    @Test func symlinkLoopsAreNotFollowed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-links-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base.appendingPathComponent("content/decisions"), withIntermediateDirectories: true)
        try "title: T\n".write(to: base.appendingPathComponent("content/handbook.yml"), atomically: true, encoding: .utf8)
        try "# A\n".write(to: base.appendingPathComponent("content/decisions/0001-a.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: base.path + "/content/a", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: base.path + "/content/b", withDestinationPath: "..")
        let files = try DiskFileSystem().files(under: base.path + "/content", skipping: [])
        #expect(files == ["decisions/0001-a.md", "handbook.yml"])
    }

    @Test func reviewUnderASubfolderRootSeesPathsFromThatRoot() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit("Start", date: "2026-11-01", files: [
            "services/billing/content/handbook.yml": "title: Billing\n",
            "services/billing/content/landmines/fuse.md": "---\nseverity: high\npaths: [src/]\n---\n## What broke\nx\n## Who needs it\ny\n## What fails if it disappears\nz\n",
            "services/billing/src/a.swift": "1",
        ])
        try sandbox.write(["services/billing/src/a.swift": "2"])
        let root = sandbox.root.path + "/services/billing"
        let options = BuildOptions(contentDirectory: root + "/content", outputDirectory: root + "/public", rootDirectory: root,
                                   workingDirectory: root, today: "2026-11-21")
        let report = try #require(Review.run(options: options, changes: .git(base: "HEAD", head: nil)).report)
        #expect(report.files.map(\.path) == ["src/a.swift"])
        #expect(report.landmines.map(\.id) == ["fuse"])
    }
}
