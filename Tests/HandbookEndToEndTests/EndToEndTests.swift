import Foundation
import Testing

/// Runs the built `handbook` binary on handbooks written to temporary folders, and checks
/// exit codes, what it prints and the output tree.
@Suite(.serialized) struct EndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary: `HANDBOOK_BINARY`, else the debug build beside the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["HANDBOOK_BINARY"] { return path }
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [products.appendingPathComponent("handbook").path,
                          packageRoot.appendingPathComponent(".build/debug/handbook").path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug/handbook").path
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A temporary folder holding `files`.
    static func folder(_ files: [String: String]) throws -> URL {
        let base = ScratchFolders.url("handbook-e2e")
        for (path, text) in files {
            let url = base.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return base
    }

    static func tree(_ directory: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    static let good: [String: String] = [
        "content/handbook.yml": "title: E2E\n",
        "content/decisions/0001-first.md": "---\nstatus: accepted\ndate: 2024-01-01\n---\n# First\n\nSee [guide](../guide.md).\n",
        "content/guide.md": "# Guide\n\nSee [[ADR-0001]].\n",
        "content/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    ]

    @Test func buildWritesTheSiteAndExitsZero() throws {
        let dir = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.run(["build"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("built 11 pages into public"))
        #expect(Self.tree(dir.appendingPathComponent("public")) == [
            "404.html", "contracts/index.html", "decisions/ADR-0001.html", "decisions/feed.xml", "decisions/index.html", "favicon.svg",
            "files.js", "files/index.html", "filter.js", "guide.html", "handbook.json", "highlight.min.js",
            "img/logo.svg", "index.html", "landmines/index.html", "metrics/index.html", "search-index.js", "search.html", "search.js",
            "search/text-0.js", "style.css", "tags/index.html",
        ])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(siblings == ["content", "public"], "no staging folder is left behind")
    }

    /// The binary limits glibc's malloc arenas to one per core (ADR-0063) unless `GLIBC_TUNABLES`
    /// sets the limit; `HANDBOOK_TRACE` prints how many the build made.
    @Test func mallocArenasAreLimitedToOnePerCore() throws {
        var files = ["content/handbook.yml": "title: Arenas\n"]
        for number in 1...400 {
            let id = String(format: "%04d", number)
            files["content/decisions/\(id)-record.md"] = "---\nstatus: accepted\ndate: 2024-01-01\ntags: [a, t\(number % 9)]\n---\n"
                + "# Record \(number)\n\n" + String(repeating: "Some *text* with [a link](https://example.com/\(number)).\n\n", count: 30)
        }
        let dir = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        func arenas(_ environment: [String: String]) throws -> Int? {
            let run = try Self.run(["build"], in: dir, environment: environment.merging(["HANDBOOK_TRACE": "1"]) { $1 })
            #expect(run.status == 0, "\(run.stderr)")
            let line = run.stderr.split(separator: "\n").first { $0.hasPrefix("malloc arenas: ") }
            // ADR-0068: 400 records' bodies stay in memory between the stages; nothing is written.
            let bodies = run.stderr.split(separator: "\n").first { $0.hasPrefix("bodies: ") }
            #expect(bodies?.hasSuffix(" bytes in memory, 0 in the temporary file") == true && bodies?.hasPrefix("bodies: 0 ") == false,
                    "\(String(describing: bodies))")
            return line.flatMap { Int($0.dropFirst("malloc arenas: ".count)) }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let limited = try arenas([:])
        #expect(limited != nil && limited! >= 1 && limited! <= cores, "\(String(describing: limited)) arenas on \(cores) cores")
        #expect(try arenas(["GLIBC_TUNABLES": "glibc.malloc.arena_max=1"]) == 1)
    }

    /// The binary grows malloc's heaps 64 MiB at a time (ADR-0077) unless `GLIBC_TUNABLES` sets the
    /// pad or the mapping threshold; `HANDBOOK_TRACE` prints how much the arenas made readable.
    @Test func mallocHeapsGrowInWholeHeaps() throws {
        var files = ["content/handbook.yml": "title: Heaps\n"]
        for number in 1...200 {
            files["content/decisions/\(String(format: "%04d", number))-record.md"] = "---\nstatus: accepted\ndate: 2024-01-01\n---\n"
                + "# Record \(number)\n\n" + String(repeating: "Some *text*.\n\n", count: 20)
        }
        let dir = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        func readable(_ environment: [String: String]) throws -> Int? {
            let run = try Self.run(["build"], in: dir, environment: environment.merging(["HANDBOOK_TRACE": "1"]) { $1 })
            #expect(run.status == 0, "\(run.stderr)")
            let line = run.stderr.split(separator: "\n").first { $0.hasPrefix("malloc heaps: ") }
            return line.flatMap { Int($0.dropFirst("malloc heaps: ".count).prefix { $0 != " " }) }
        }
        let padded = try #require(try readable([:]))
        #expect(padded >= 64 << 20, "\(padded) bytes readable")
        // glibc's default pad (128 KiB): a build of 200 small records makes far less readable.
        let unpadded = try #require(try readable(["GLIBC_TUNABLES": "glibc.malloc.top_pad=131072"]))
        #expect(unpadded < 64 << 20, "\(unpadded) bytes readable")
    }

    @Test func failedBuildLeavesThePreviousOutputExactlyAsItWas() throws {
        let dir = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(["build"], in: dir).status == 0)
        let public_ = dir.appendingPathComponent("public")
        let before = try Self.tree(public_).map { try Data(contentsOf: public_.appendingPathComponent($0)) }
        try "# Guide\n\n[broken](missing.md)\n".write(to: dir.appendingPathComponent("content/guide.md"), atomically: true, encoding: .utf8)
        let run = try Self.run(["build"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("content/guide.md:3:1: error: link to 'missing.md': no file missing.md in the content folder [broken-link]"))
        #expect(run.stderr.contains("failed: 1 error, 0 warnings"))
        let after = try Self.tree(public_).map { try Data(contentsOf: public_.appendingPathComponent($0)) }
        #expect(before == after)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["content", "public"])
    }

    @Test func rebuildReplacesTheOutputWhole() throws {
        let dir = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(["build"], in: dir).status == 0)
        try "stale".write(to: dir.appendingPathComponent("public/stale.html"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("content/guide.md"))
        try "---\nstatus: accepted\n---\n# First\n".write(to: dir.appendingPathComponent("content/decisions/0001-first.md"),
                                                          atomically: true, encoding: .utf8)
        #expect(try Self.run(["build"], in: dir).status == 0)
        let files = Self.tree(dir.appendingPathComponent("public"))
        #expect(!files.contains("stale.html") && !files.contains("guide.html"))
    }

    @Test func badUsageExits64() throws {
        let dir = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(["build", "--no-such-flag"], in: dir).status == 64)
        #expect(try Self.run(["frobnicate"], in: dir).status == 64)
        #expect(try Self.run(["check", "--format", "xml"], in: dir).status == 64)
    }

    @Test func missingContentFolderIsAnError() throws {
        let dir = try Self.folder(["README.md": "x"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.run(["build"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("content: error: no content folder and no decision log found"))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        var files = Self.good
        files["content/handbook.yml"] = "title: E2E\ntittle: typo\n"
        let dir = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lax = try Self.run(["build"], in: dir)
        #expect(lax.status == 0)
        #expect(lax.stderr.contains("content/handbook.yml:2:1: warning: unknown setting 'tittle' in handbook.yml; did you mean 'title'? [unknown-config-key]"))
        #expect(try Self.run(["build", "--strict"], in: dir).status == 1)
        #expect(try Self.run(["check", "--strict"], in: dir).status == 1)
    }

    @Test func optionsNameEveryFolder() throws {
        let dir = try Self.folder([
            "docs/handbook/handbook.yml": "title: Moved\n",
            "docs/handbook/decisions/0001-a.md": "# A\n",
            "theme/404.mustache": "custom 404",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.run(["build", "--content", "docs/handbook", "--templates", "theme", "--output", "site/out",
                                "--root", ".", "--verbose"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for stage in ["load", "parse", "link", "check", "render", "write"] {
            #expect(run.stderr.contains(stage + " "), "no timing for \(stage)")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("site/out/404.html"), encoding: .utf8) == "custom 404")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("site/out/decisions/ADR-0001.html").path))
    }

    @Test func embeddedThemeWorksFromAnyFolder() throws {
        // No templates/ folder anywhere near: the theme comes from the binary.
        let dir = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.run(["build"], in: dir)
        #expect(run.status == 0)
        let css = try String(contentsOf: dir.appendingPathComponent("public/style.css"), encoding: .utf8)
        #expect(css.contains("prefers-color-scheme: dark"))
    }

    @Test func checkFormats() throws {
        var files = Self.good
        files["content/guide.md"] = "# Guide\n\n[x](nope.md)\n"
        let dir = try Self.folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let github = try Self.run(["check", "--format", "github"], in: dir)
        #expect(github.status == 1)
        #expect(github.stderr.hasPrefix("::error file=content/guide.md,line=3,col=1,title=broken-link::link to 'nope.md'"))
        let json = try Self.run(["check", "--format", "json"], in: dir)
        #expect(json.status == 1)
        let start = try #require(json.stderr.firstIndex(of: "["))
        let end = try #require(json.stderr.lastIndex(of: "]"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stderr[start...end].utf8)) as? [[String: Any]]
        #expect(decoded?.first?["id"] as? String == "broken-link")
        #expect(decoded?.first?["line"] as? Int == 3)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("public").path), "check writes nothing")
    }

    @Test func thisRepositorysHandbookBuildsStrictly() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-self-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try Self.run(["build", "--strict", "--output", out.path], in: Self.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("decisions/index.html").path))
    }
}

@Suite(.serialized) struct UnsafeOutputTests {
    @Test(arguments: ["content", ".", "content/site", ".."])
    func anOutputThatHoldsTheSourcesIsRefused(_ output: String) throws {
        let dir = try EndToEndTests.folder(EndToEndTests.good)
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = EndToEndTests.tree(dir)
        let run = try EndToEndTests.run(["build", "--output", output], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unsafe-output]"), "\(run.stderr)")
        #expect(EndToEndTests.tree(dir) == before, "nothing was touched")
    }
}

@Suite(.serialized) struct ReviewCommandTests {
    static let files: [String: String] = EndToEndTests.good.merging([
        "content/landmines/fuse.md": "---\nseverity: high\npaths: [src/fuse.swift]\nowner: ana\n---\n## What broke\nx\n## Who needs it\ny\n## What fails if it disappears\nThe fuse.\n",
        "content/decisions/0002-fuse.md": "---\nstatus: accepted\ntitle: Keep the fuse\ngoverns: [src/]\n---\n",
        "src/fuse.swift": "",
        "src/other.swift": "",
    ]) { $1 }

    @Test func exitCodes() throws {
        let dir = try EndToEndTests.folder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try EndToEndTests.run(["review", "--files", "src/fuse.swift"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("**high** [Fuse](landmines/fuse.html) · owner ana · **needs a review by someone with context**"))
        #expect(try EndToEndTests.run(["review", "--files", "src/fuse.swift", "--fail-on", "high"], in: dir).status == 2)
        #expect(try EndToEndTests.run(["review", "--files", "src/fuse.swift", "--fail-on", "critical"], in: dir).status == 0)
        #expect(try EndToEndTests.run(["review", "--files", "src/other.swift", "--fail-on", "low"], in: dir).status == 0)
        #expect(try EndToEndTests.run(["review"], in: dir).status == 64, "neither --base nor --files")
        #expect(try EndToEndTests.run(["review", "--base", "x", "--files", "a"], in: dir).status == 64)
        #expect(try EndToEndTests.run(["review", "--files", "a", "--fail-on", "severe"], in: dir).status == 64)
        try "---\nstatus: [\n---\n".write(to: dir.appendingPathComponent("content/decisions/0003-bad.md"), atomically: true, encoding: .utf8)
        let broken = try EndToEndTests.run(["review", "--files", "src/fuse.swift", "--fail-on", "high"], in: dir)
        #expect(broken.status == 1, "an error in the handbook wins over --fail-on")
    }

    @Test func jsonAndStandardInput() throws {
        let dir = try EndToEndTests.folder(Self.files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        process.arguments = ["review", "--files", "-", "--format", "json", "--site-url", "https://x.example/h"]
        process.currentDirectoryURL = dir
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("src/fuse.swift\n\nsrc/other.swift\n".utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = (json["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(files == ["src/fuse.swift", "src/other.swift"])
        let landmines = json["landmines"] as? [[String: Any]]
        #expect(landmines?.first?["page"] as? String == "landmines/fuse.html", "JSON pages stay relative to the site root")
        #expect((json["decisions"] as? [[String: Any]])?.first?["id"] as? String == "ADR-0002")
    }
}

@Suite(.serialized) struct NewCommandTests {
    @Test func scaffoldsTheNextRecordOfEachKindAndItBuilds() throws {
        let dir = try EndToEndTests.folder(EndToEndTests.good.merging(["content/decisions/0041-older.md": "# Older\n"]) { $1 })
        defer { try? FileManager.default.removeItem(at: dir) }
        let decision = try EndToEndTests.run(["new", "decision", "Use CockroachDB for billing"], in: dir)
        #expect(decision.status == 0, "\(decision.stderr)")
        #expect(decision.stdout == "content/decisions/0042-use-cockroachdb-for-billing.md\n")
        let text = try String(contentsOf: dir.appendingPathComponent("content/decisions/0042-use-cockroachdb-for-billing.md"), encoding: .utf8)
        #expect(text.contains("status: proposed\ndate: 20"))
        #expect(try EndToEndTests.run(["new", "landmine", "Payment \"retries\""], in: dir).stdout == "content/landmines/payment-retries.md\n")
        #expect(try EndToEndTests.run(["new", "page", "On-call runbook"], in: dir).stdout == "content/on-call-runbook.md\n")
        let again = try EndToEndTests.run(["new", "page", "On-call runbook"], in: dir)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        #expect(try EndToEndTests.run(["new", "essay", "x"], in: dir).status == 64)
        let build = try EndToEndTests.run(["build"], in: dir)
        #expect(build.status == 0, "the scaffolds build: \(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("public/decisions/ADR-0042.html").path))
    }
}

@Suite(.serialized) struct ForeignOutputTests {
    @Test func aFolderThatIsNotABuiltSiteIsNotReplaced() throws {
        let dir = try EndToEndTests.folder(EndToEndTests.good.merging(["docs/guide.md": "hand-written"]) { $1 })
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try EndToEndTests.run(["build", "--output", "docs"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("docs holds 1 file but no handbook.json"), "\(run.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("docs/guide.md"), encoding: .utf8) == "hand-written")
        // A site Handbook built before is replaced, as usual.
        #expect(try EndToEndTests.run(["build", "--output", "site"], in: dir).status == 0)
        #expect(try EndToEndTests.run(["build", "--output", "site"], in: dir).status == 0)
    }

    /// Issue 9: at a repository root with no content folder, `build` finds the log, follows a
    /// linked folder inside the root, says which folders it read, and keeps the real paths.
    @Test func buildsALogWhereItLives() throws {
        let root = try EndToEndTests.folder([
            "doc/adr/0001-record-architecture-decisions.md": "# 1. Record architecture decisions\n\nDate: 12/02/2016\n\n## Status\n\nAccepted\n",
            "shared/0002-use-go.md": "# 2. Use Go\n\nDate: 2016-03-01\n\n## Status\n\nAccepted\n\nAmends [1. Record](../0001-record-architecture-decisions.md)\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("doc/adr/shared").path,
                                                   withDestinationPath: "../../shared")
        let run = try EndToEndTests.run(["build"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("read doc/adr (decisions, found)\n"), "\(run.stderr)")
        let json = try String(contentsOf: root.appendingPathComponent("public/handbook.json"), encoding: .utf8)
        #expect(json.contains("\"source\": \"doc/adr/0001-record-architecture-decisions.md\""), "\(json.prefix(600))")
        #expect(json.contains("\"date\": \"2016-02-12\""))
        #expect(json.contains("{\"from\": \"ADR-0002\", \"to\": \"ADR-0001\", \"kind\": \"amends\"}"), "the linked folder's record is read")
        let empty = try EndToEndTests.folder(["README.md": "# Nothing here\n"])
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try EndToEndTests.run(["build"], in: empty)
        #expect(none.status == 1)
        #expect(none.stderr.contains("no content folder and no decision log found"), "\(none.stderr)")
    }
}

/// `diff-contract` exits like diff(1): 0 nothing breaking, 1 breaking, 2 a spec could not be read.
@Suite(.serialized) struct DiffContractCommandTests {
    static let old = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n    post:\n      responses: {'200': {description: ok}}\n"

    @Test func exitCodesLikeDiff() throws {
        let dir = try EndToEndTests.folder([
            "old.yml": Self.old,
            "same.yml": Self.old.replacingOccurrences(of: "title: T", with: "title: Renamed"),
            "breaking.yml": "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
            "tolerated.yml": "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {}}\n    put: {}\n    post:\n      responses: {'200': {description: ok}}\n",
            "broken.yml": "openapi: 3.1.0\ninfo: {title: [\n",
            "notapi.yml": "services:\n  web: {image: nginx}\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let same = try EndToEndTests.run(["diff-contract", "old.yml", "same.yml"], in: dir)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        let breaking = try EndToEndTests.run(["diff-contract", "old.yml", "breaking.yml", "--format", "json"], in: dir)
        #expect(breaking.status == 1, "\(breaking.stderr)")
        #expect(breaking.stdout.contains("\"id\" : \"operation-removed\""), "\(breaking.stdout)")
        // Missing description and responses: warnings at their lines, and the diff goes on.
        let tolerated = try EndToEndTests.run(["diff-contract", "old.yml", "tolerated.yml"], in: dir)
        #expect(tolerated.status == 0, "\(tolerated.stdout)\(tolerated.stderr)")
        #expect(tolerated.stderr.contains("tolerated.yml:6:"), "\(tolerated.stderr)")
        #expect(tolerated.stderr.contains("tolerated.yml:7:"), "\(tolerated.stderr)")
        for unreadable in ["broken.yml", "notapi.yml", "missing.yml"] {
            let run = try EndToEndTests.run(["diff-contract", "old.yml", unreadable, "--format", "json"], in: dir)
            #expect(run.status == 2, "\(unreadable): \(run.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            #expect((object?["error"] as? String)?.contains(unreadable) == true, "\(run.stdout)")
            #expect((object?["diagnostics"] as? [[String: Any]])?.first?["file"] as? String == unreadable, "\(run.stdout)")
            let text = try EndToEndTests.run(["diff-contract", unreadable, "old.yml"], in: dir)
            #expect(text.status == 2 && text.stdout.isEmpty, "\(unreadable): \(text.stdout)")
        }
        #expect(try EndToEndTests.run(["diff-contract", "old.yml", "same.yml", "--compatibility", "sideways"], in: dir).status == 64)
    }

    /// `handbook context` with plain arguments is parsed without ArgumentParser (ADR-0163): each
    /// argument vector gives the same output, errors and exit status as ArgumentParser's parse
    /// (forced by HANDBOOK_ARGUMENT_PARSER=1), and only the plain ones take the short way.
    @Test func contextsPlainArgumentsAreParsedAsArgumentParserWould() throws {
        let root = try EndToEndTests.folder([
            "content/decisions/0001-a.md": "---\nstatus: accepted\ndate: 2026-01-01\ngoverns: [\"src/\"]\n---\n# Use a\n\n## Decision\n\nWe use a.\n",
            "content/landmines/fuse.md": "---\ntitle: Fuse\nseverity: high\npaths: [\"src/a.swift\"]\nowner: ana\n---\nBody.\n",
            "src/a.swift": "a\n", "src/b.swift": "b\n", "content/c/x.md": "x\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let plain: [[String]] = [
            ["src/a.swift"], ["src/a.swift", "src/b.swift"], ["src"], ["src/a.swift", "--format", "json"], ["--format=json", "src/a.swift"],
            ["src/a.swift", "--budget", "0"], ["src/a.swift", "--budget=10"], ["src/a.swift", "--content", "content"],
            ["src/a.swift", "--root", "."], ["--root=.", "src/a.swift", "--content=content", "--format", "markdown", "--budget", "40"],
            ["elsewhere.swift"], ["/etc/passwd"], ["help"], ["src/a.swift", "--content", "missing"],
        ]
        let other: [[String]] = [
            [], ["--staged"], ["src/a.swift", "--staged"], ["src/a.swift", "--format", "yaml"], ["src/a.swift", "--budget", "-1"],
            ["src/a.swift", "--budget", "x"], ["src/a.swift", "--budget"], ["src/a.swift", "--format", "json", "--format", "markdown"],
            ["src/a.swift", "--strict"], ["src/a.swift", "-h"], ["--help"], ["src/a.swift", "--unknown"], ["--", "src/a.swift"],
            ["src/a.swift", "--budget", "+5"], ["src/a.swift", "--content="], ["src/a.swift", "-"], ["src/a.swift", "--budget", "99999999999999999999999"],
        ]
        let cache = root.appendingPathComponent(".cache").path
        for arguments in plain + other {
            let fast = try EndToEndTests.run(["context"] + arguments, in: root, environment: ["HANDBOOK_CACHE": cache, "HANDBOOK_TRACE": "1"])
            let parsed = try EndToEndTests.run(["context"] + arguments, in: root, environment: ["HANDBOOK_CACHE": cache, "HANDBOOK_ARGUMENT_PARSER": "1"])
            let traced = fast.stderr.split(separator: "\n").filter { $0.hasPrefix("arguments ") }
            #expect(traced.isEmpty == !plain.contains(arguments), "\(arguments): \(traced)")
            let untraced = fast.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("arguments ") && !$0.hasPrefix("load ") && !$0.hasPrefix("parse ") && !$0.hasPrefix("contracts, link ")
                    && !$0.hasPrefix("index ") && !$0.hasPrefix("owners, hotspots ") }.joined(separator: "\n")
            #expect(fast.status == parsed.status, "\(arguments)")
            #expect(fast.stdout == parsed.stdout, "\(arguments)")
            #expect(untraced == parsed.stderr, "\(arguments)")
        }
    }
}
