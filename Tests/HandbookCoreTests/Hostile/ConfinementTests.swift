import Foundation
import HandbookCore
import Testing

/// Nothing outside the repository root is read or published (issue 14, ADR-0013): real folders
/// with real symlinks, built with the real file system.
@Suite struct ConfinementTests {
    /// `base/repo` holds `files`; `base/outside/secret.txt` is what no build may publish.
    struct Sandbox {
        let base: URL
        var repo: URL { base.appendingPathComponent("repo") }

        init(_ files: [String: String], links: [String: String] = [:]) throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-confine-\(UUID().uuidString)")
            let manager = FileManager.default
            try manager.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
            try "SECRET_TOKEN=hunter2\n".write(to: base.appendingPathComponent("outside/secret.txt"), atomically: true, encoding: .utf8)
            try "# Secret\n\nSECRET_TOKEN=hunter2\n".write(to: base.appendingPathComponent("outside/secret.md"), atomically: true, encoding: .utf8)
            for (path, text) in files {
                let url = repo.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            for (path, target) in links {
                let url = repo.appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            }
        }

        func build(root: Bool = false) -> (result: BuildResult, output: MemoryOutput) {
            let options = BuildOptions(contentDirectory: repo.path + "/content", outputDirectory: repo.path + "/public",
                                       rootDirectory: root ? repo.path : nil, workingDirectory: repo.path, today: "2026-11-21")
            let output = MemoryOutput()
            return (Pipeline.build(options: options, fileSystem: DiskFileSystem(), git: NoGit(), output: output), output)
        }

        func remove() { try? FileManager.default.removeItem(at: base) }
    }

    static func published(_ output: MemoryOutput) -> Bool {
        output.files.values.contains { String(decoding: $0, as: UTF8.self).contains("hunter2") }
    }

    @Test func anAssetLinkedToProcEnvironIsSkippedWithAWarning() throws {
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\n", "content/inside.txt": "ok\n"],
                                  links: ["content/env.txt": "/proc/self/environ", "content/secret.txt": "../../outside/secret.txt",
                                          "content/alias.txt": "inside.txt"])
        defer { sandbox.remove() }
        let (result, output) = sandbox.build()
        let messages = result.diagnostics.map(\.formatted)
        #expect(messages.contains { $0.hasPrefix("content/env.txt: warning: is a link to '/proc/") && $0.hasSuffix("/environ', outside the repository root; skipped: the build reads nothing outside the repository [outside-root]") },
                "\(messages)")
        #expect(messages.contains { $0.hasPrefix("content/secret.txt: warning: is a link to '") && $0.hasSuffix("/outside/secret.txt', outside the repository root; skipped: the build reads nothing outside the repository [outside-root]") },
                "\(messages)")
        #expect(output.files["env.txt"] == nil && output.files["secret.txt"] == nil)
        #expect(!Self.published(output))
        #expect(output.files["alias.txt"].map { String(decoding: $0, as: UTF8.self) } == "ok\n", "a link inside the repository is followed")
    }

    /// An image of the repository that a record shows is copied into the site (ADR-0013 still
    /// holds): one that is a link out of the repository, or a FIFO, is refused at the line that
    /// shows it. Before, the page kept an `<img>` of a copy never made, and the refusal named only
    /// the image (a FIFO's without a line, as an error of the whole build).
    @Test func imagesLinkedOutOrNotRegularFilesAreRefusedAtTheirLine() throws {
        let record = "---\nstatus: accepted\n---\n# Draw it\n\n![ok](../../docs/ok.png)\n\n![out](../../docs/out.png)\n\n![root](/docs/out.png)\n\n![pipe](../../docs/pipe.png)\n"
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\n", "content/decisions/0001-draw-it.md": record,
                                   "docs/ok.png": "png\n"],
                                  links: ["docs/out.png": "../../outside/secret.txt"])
        defer { sandbox.remove() }
        #expect(mkfifo(sandbox.repo.appendingPathComponent("docs/pipe.png").path, 0o600) == 0)
        let (result, output) = sandbox.build(root: true)
        let messages = result.diagnostics.map(\.formatted)
        let target = sandbox.base.appendingPathComponent("outside/secret.txt").resolvingSymlinksInPath().path
        #expect(messages == [
            "content/decisions/0001-draw-it.md:8:1: warning: image '../../docs/out.png': docs/out.png is a link to '\(target)', outside the repository root; the build reads nothing outside the repository, so it is not shown [outside-root]",
            "content/decisions/0001-draw-it.md:10:1: warning: image '/docs/out.png': docs/out.png is a link to '\(target)', outside the repository root; the build reads nothing outside the repository, so it is not shown [outside-root]",
            "content/decisions/0001-draw-it.md:12:1: error: image '../../docs/pipe.png': docs/pipe.png is not a regular file (a FIFO, socket or device), so it cannot be copied into the site [broken-link]",
        ], "\(messages)")
        #expect(!Self.published(output))
        // Without the FIFO's line, the page shows the copy it has and links no copy it lacks.
        try record.replacingOccurrences(of: "![pipe](../../docs/pipe.png)\n", with: "")
            .write(to: sandbox.repo.appendingPathComponent("content/decisions/0001-draw-it.md"), atomically: true, encoding: .utf8)
        let (again, written) = sandbox.build(root: true)
        #expect(again.diagnostics.filter { $0.severity == .error }.isEmpty, "\(again.diagnostics.map(\.formatted))")
        let page = written.files["decisions/ADR-0001.html"].map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(page.contains(#"<img src="../files/docs/ok.png" alt="ok" />"#))
        #expect(!page.contains("files/docs/out.png") && written.files["files/docs/out.png"] == nil, "\(page)")
        #expect(!Self.published(written))
    }

    @Test func recordsConfigCodeOwnersSpecsAndTemplatesLinkedOutAreNotRead() throws {
        let sandbox = try Sandbox([
            "content/handbook.yml": "title: T\n",
            "content/contracts/api.yml": "title: API\nspec: api/openapi.yml\n",
            "templates/.keep": "",
        ], links: [
            "content/decisions/0001-leak.md": "../../../outside/secret.md",
            "content/leak.md": "../../outside/secret.md",
            ".github/CODEOWNERS": "../../outside/secret.txt",
            "api/openapi.yml": "../../outside/secret.txt",
            "templates/partials/footer.mustache": "../../../outside/secret.txt",
        ])
        defer { sandbox.remove() }
        let (result, output) = sandbox.build()
        let outside = result.diagnostics.filter { $0.id == "outside-root" }.map { "\($0.file):\($0.line)" }
        #expect(outside == [".github/CODEOWNERS:0", "content/contracts/api.yml:2", "content/decisions/0001-leak.md:0",
                            "content/leak.md:0", "templates/partials/footer.mustache:0"], "\(result.diagnostics.map(\.formatted))")
        #expect(result.diagnostics.filter { $0.id == "outside-root" }.allSatisfy { $0.severity == .warning })
        #expect(!Self.published(output))
        #expect(output.files["decisions/ADR-0001.html"] == nil && output.files["leak.html"] == nil)
    }

    @Test func aConfigLinkedOutIsNotRead() throws {
        let sandbox = try Sandbox(["content/page.md": "# Page\n"], links: ["content/handbook.yml": "../../outside/secret.txt"])
        defer { sandbox.remove() }
        let (result, output) = sandbox.build()
        #expect(result.diagnostics.contains { $0.id == "outside-root" && $0.file == "content/handbook.yml" && $0.severity == .warning },
                "\(result.diagnostics.map(\.formatted))")
        #expect(!Self.published(output))
    }

    @Test(arguments: ["/etc", "/", "../..", "../../outside"])
    func rootOutsideTheRepositoryIsAnErrorAtItsLine(root: String) throws {
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\nroot: \(root)\n", "content/page.md": "# Page\n"])
        defer { sandbox.remove() }
        let (result, output) = sandbox.build()
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map { "\($0.file):\($0.line):\($0.id)" } == ["content/handbook.yml:2:outside-root"], "\(result.diagnostics.map(\.formatted))")
        #expect(output.files.keys.allSatisfy { !$0.contains("passwd") && !$0.contains("secret") })
    }

    /// The two forms of `outside-root`, printed exactly: the error at `root:`'s value, the warning
    /// at the manifest's `spec:` value (a file read for a field) naming the link's real target.
    @Test func outsideRootIsPrintedWithItsPlaceAndTarget() throws {
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\nroot: /etc\n", "content/page.md": "# Page\n"])
        defer { sandbox.remove() }
        #expect(sandbox.build().result.diagnostics.map(\.formatted) == [
            "content/handbook.yml:2:7: error: root '/etc' resolves to '/etc', outside the repository (.); it must be the repository or a folder inside it [outside-root]",
        ])
        let linked = try Sandbox(["content/handbook.yml": "title: T\n", "content/contracts/api.yml": "title: API\nspec: api/openapi.yml\n"],
                                 links: ["api/openapi.yml": "../../outside/secret.txt"])
        defer { linked.remove() }
        let outside = linked.base.appendingPathComponent("outside/secret.txt").resolvingSymlinksInPath().path
        let messages = linked.build().result.diagnostics.map(\.formatted)
        #expect(messages.contains("content/contracts/api.yml:2:7: warning: is a link to '\(outside)', outside the repository root (\(linked.repo.path)/api/openapi.yml); skipped: the build reads nothing outside the repository [outside-root]"),
                "\(messages)")
    }

    @Test func rootInsideTheRepositoryIsAllowed() throws {
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\nroot: ..\n", "content/page.md": "# Page\n"])
        defer { sandbox.remove() }
        let (result, _) = sandbox.build()
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.map(\.formatted))")
    }

    /// ADR-0068: the load stage's pass over many files resolves each folder once and opens a file
    /// as its real folder and name without following a link there. Whatever a path is (a file, a
    /// link in or out, a link to a link, a file below a linked folder in or out, a folder, nothing,
    /// a path with `.`, `..` or `//`), that reads as `read` alone does: the same bytes, or the same
    /// error, `outside-root` or not.
    @Test func aPassOverManyFilesReadsAsEachFileAlone() throws {
        let sandbox = try Sandbox([
            "content/decisions/0001-real.md": "# Real\n",
            "content/decisions/0002-other.md": "# Other\n",
            "content/guides/guide.md": "# Guide\n",
            "content/folder.md/inner.md": "# Inner\n",
        ], links: [
            "content/decisions/0003-out.md": "../../../outside/secret.md",
            "content/decisions/0004-in.md": "0001-real.md",
            "content/decisions/0005-chain-out.md": "0006-hop.md",
            "content/decisions/0006-hop.md": "../../../outside/secret.md",
            "content/decisions/0007-chain-in.md": "0004-in.md",
            "content/decisions/0008-dangling.md": "missing.md",
            "content/stolen": "../../outside",
            "content/inside": "guides",
            "content/decisions/up": "..",
        ])
        defer { sandbox.remove() }
        let repo = URL(fileURLWithPath: sandbox.repo.path).resolvingSymlinksInPath().path
        let content = repo + "/content"
        let paths = ["decisions/0001-real.md", "decisions/0002-other.md", "decisions/0003-out.md", "decisions/0004-in.md",
                     "decisions/0005-chain-out.md", "decisions/0006-hop.md", "decisions/0007-chain-in.md",
                     "decisions/0008-dangling.md", "decisions/0009-missing.md", "stolen/secret.md", "stolen/secret.txt",
                     "inside/guide.md", "guides/guide.md", "decisions/up/guides/guide.md", "decisions/up/stolen/secret.md",
                     "decisions/./0001-real.md", "decisions/../guides/guide.md", "decisions//0002-other.md",
                     "folder.md", "folder.md/inner.md", "decisions/.", "decisions/.."].map { content + "/" + $0 }
        let alone = ConfinedFileSystem(DiskFileSystem(), root: repo)
        let pass = alone.remembering(paths)
        func outcome(_ fileSystem: ConfinedFileSystem, _ path: String) -> String {
            do {
                return "read " + String(decoding: try fileSystem.read(path), as: UTF8.self)
            } catch let error as FileSystemError {
                return "\(error.outsideRoot ? "outside" : "error") \(error)"
            } catch {
                return "error \(error)"
            }
        }
        for path in paths + paths.reversed() {
            let (together, single) = (outcome(pass, path), outcome(alone, path))
            #expect(together == single, "\(path)")
            #expect(!together.contains("hunter2"), "\(path)")
        }
        #expect(outcome(pass, content + "/decisions/0003-out.md").hasPrefix("outside "))
        #expect(outcome(pass, content + "/decisions/0005-chain-out.md").hasPrefix("outside "))
        #expect(outcome(pass, content + "/stolen/secret.md").hasPrefix("outside "))
        #expect(outcome(pass, content + "/decisions/0007-chain-in.md") == "read # Real\n")
    }

    @Test func aLinkedFolderOfRecordsLeadingOutIsNotWalked() throws {
        let sandbox = try Sandbox(["content/handbook.yml": "title: T\n"], links: ["content/stolen": "../../outside"])
        defer { sandbox.remove() }
        let (_, output) = sandbox.build()
        #expect(!Self.published(output))
    }
}
