import Foundation
@testable import HandbookCore
import Testing

/// ADR-0056: the link stage's shortcuts give what the code they replace gave, on hostile input
/// too. The relative links of records (`LinkResolver.fastResolveDestination`) are checked against
/// `referenceResolveDestination` (the resolver as it was) in a real folder with real symlinks:
/// links out of the repository by `..`, by `%2e` and by symlinks to folders and files outside it,
/// absolute links, schemes, anchors, queries, non-ASCII names and case, from documents in several
/// folders, one with a non-ASCII path and ones with no real path.
@Suite struct LinkFastPathTests {
    /// A small deterministic generator (the same links on every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    static let prefixes = ["", "", "", "./", "../", "../../", "../../../", "../../../../", "/", "//", "#", "?", "https:", "HTTPS:",
                           "javascript:", "mailto:", "data:image/png,", "\\", "~/", "@", ".//", "./../", "%2e%2e/", "%2E%2E/", "..%2f",
                           "/content/", "/docs/", "/../", "/outside/"]
    static let parts = ["0001-a.md", "0002-b.md", "0003-c.md", "0004-ü.md", "0004-u\u{308}.md", "a b.md", "a%20b.md", "sub", "decisions",
                        "content", "docs", "guide.md", "guide", "img.png", "pic.png", "images", "README.md", "readme.md", "0001-A.md",
                        "0001-a.MD", "alias.md", "out.md", "outdir", "outside", "secret.md", "secret.txt", "etc", "passwd", "..", ".",
                        "", "%2e%2e", "%2E", "%2f", "%2F", "%", "%zz", "%c3%bc", "x?y", "a#b", "ü", "e\u{301}", "#\u{301}", "index.md",
                        "index.html", "0001-a", "0002-b/", "0001-a.md.html", "ADR-0001.html", ":", "a:b", "%3A", "repo", "public",
                        "fifo.png", "evil.png", "notes.txt", "ghost.md", "ADR-0002.md", "@user", "0003-c", "sub.md"]
    static let suffixes = ["", "", "", "#context", "#Context", "#CONTEXT", "#", "#top", "#fields", "#status", "#nope", "#%C3%A9",
                           "#é", "?x=1", "?x#y", "/", "//", "#a#b", "#\u{301}", "?#", "#x:y", "#x?y", "#x%y"]

    static func destination(_ generator: inout Generator) -> String {
        var text = generator.pick(prefixes)
        for index in 0..<generator.next(5) {
            if index > 0 { text += generator.next(8) == 0 ? "//" : "/" }
            text += generator.pick(parts)
        }
        return text + generator.pick(suffixes)
    }

    /// `base/repo` with records in two folders (one named with a non-ASCII letter), an asset, files
    /// of the repository outside the content folder, and symlinks inside and out; `base/outside`
    /// is what no link may reach.
    static func sandbox() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-links-\(UUID().uuidString)")
        let manager = FileManager.default
        let record = { (title: String) in "---\nstatus: accepted\ndate: 2026-01-01\n---\n# \(title)\n\n## Context\n\nText.\n" }
        let files: [String: String] = [
            "repo/content/handbook.yml": "title: Links\nrepository: https://github.com/acme/shop\n",
            "repo/content/decisions/0001-a.md": record("A"),
            "repo/content/decisions/0002-b.md": record("B"),
            "repo/content/decisions/sub/0003-c.md": record("C"),
            "repo/content/decisions/0004-ü.md": record("Ü"),
            "repo/content/guide.md": "# Guide\n\n## Context\n\nText.\n",
            "repo/content/images/pic.png": "png",
            "repo/docs/guide.md": "# Docs guide\n",
            "repo/docs/img.png": "png",
            "repo/docs/notes.txt": "notes\n",
            "repo/README.md": "# Read me\n",
            "outside/secret.md": "# Secret\n\nSECRET_TOKEN=hunter2\n",
            "outside/secret.txt": "SECRET_TOKEN=hunter2\n",
            "outside/evil.png": "png",
        ]
        for (path, text) in files {
            let url = base.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for (path, target) in ["repo/content/decisions/alias.md": "0001-a.md", "repo/docs/out.md": "../../outside/secret.md",
                               "repo/docs/outdir": "../../outside", "repo/docs/etc": "/etc",
                               "repo/docs/evil.png": "../../outside/evil.png", "repo/content/images/evil.png": "../../../outside/evil.png"] {
            try manager.createSymbolicLink(atPath: base.appendingPathComponent(path).path, withDestinationPath: target)
        }
        _ = mkfifo(base.appendingPathComponent("repo/docs/fifo.png").path, 0o600)
        return base
    }

    @Test func relativeLinksByBytesAsTheReferenceResolvesThem() throws {
        let base = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: base) }
        let repo = base.appendingPathComponent("repo").path
        let options = BuildOptions(contentDirectory: repo + "/content", outputDirectory: repo + "/public", rootDirectory: repo,
                                   workingDirectory: repo, today: "2026-11-21")
        let handbook = try #require(Pipeline.link(options: options, fileSystem: DiskFileSystem(), git: NoGit(), diagnostics: DiagnosticEngine()))
        let documents = handbook.documents
        #expect(documents.count >= 5, "\(documents.map(\.source.path))")
        var byPath: [String: Int] = [:], byRealPath: [String: Int] = [:], byID: [String: Int] = [:]
        for (index, document) in documents.enumerated() {
            byPath[document.source.path] = index
            if !document.source.absolutePath.isEmpty { byRealPath[document.source.absolutePath] = index }
            if let record = document.decision { byID[IDKey.normalize(record.id)] = index }
        }
        var assetsByRealPath: [String: String] = [:]
        for asset in handbook.assets where !asset.absolutePath.isEmpty { assetsByRealPath[asset.absolutePath] = asset.path }
        #expect(!assetsByRealPath.isEmpty)
        // Documents linking: every real one, and copies with no real path, a non-ASCII one, one
        // whose folder is the root, one with a relative real path and one whose path has `..`.
        var linking = documents
        for (absolute, path) in [("", "decisions/0001-a.md"), ("/x.md", "x.md"), ("x.md", "x.md"), ("rel/x.md", "decisions/x.md"),
                                 (repo + "/content/decisions/../decisions/0001-a.md", "decisions/../decisions/0001-a.md"),
                                 (repo + "/content//decisions/0002-b.md", "decisions//0002-b.md"),
                                 (repo + "/content/décisions/0005-e.md", "décisions/0005-e.md")] {
            var copy = documents[0]
            copy.source.absolutePath = absolute
            copy.source.path = path
            linking.append(copy)
        }
        var generator = Generator(state: 13)
        var destinations = ["0002-b.md", "0002-b.md#context", "../0001-a.md", "sub/0003-c.md#Context", "../decisions/0002-b.md#nope",
                            "../images/pic.png", "../../docs/out.md", "../../docs/outdir/secret.md", "../../../outside/secret.md",
                            "../../docs/etc/passwd", "alias.md", "../../docs/evil.png", "../images/evil.png", "../../docs/fifo.png",
                            "%2e%2e/%2e%2e/%2e%2e/outside/secret.md", "..%2f..%2f..%2foutside/secret.md", "0001-A.md", "0001-a.MD",
                            "../../README.md", "../../docs/guide", "0002-b", "../0002-b/", "0001-a.md#top", "0001-a.md#fields"]
        for _ in 0..<3_000 { destinations.append(Self.destination(&generator)) }
        var pairs = destinations.enumerated().map { ($0.element, $0.offset % linking.count) }
        // Links most likely to name a page or an asset from some folder, as records write them,
        // from every document.
        for _ in 0..<400 {
            let destination = (generator.pick(["", "./", "../", "sub/", "../decisions/", "../../content/decisions/", "../images/", "images/",
                                                "decisions/", "../decisions/sub/", "./../decisions/./", "sub/../", "../../content/"])
                                + generator.pick(["0001-a.md", "0002-b.md", "0003-c.md", "pic.png", "guide.md", "alias.md", "evil.png"])
                                + generator.pick(Self.suffixes))
            for index in linking.indices { pairs.append((destination, index)) }
        }
        var fast = 0, compared = 0
        var differences: [String] = []
        for brokenLinksWarn in [false, true] {
            var config = handbook.config
            config.brokenLinksWarn = brokenLinksWarn
            for (number, (destination, linker)) in pairs.enumerated() {
                let document = linking[(linker + (brokenLinksWarn ? 1 : 0)) % linking.count]
                let isImage = number % 3 == 0
                let location = SourceLocation(file: document.source.displayPath, line: number, column: 1)
                func resolver(_ diagnostics: DiagnosticEngine) -> LinkResolver {
                    LinkResolver(options: options, fileSystem: ConfinedFileSystem(DiskFileSystem(), root: repo), diagnostics: diagnostics,
                                 config: config, rootDirectory: handbook.rootDirectory, documents: documents, byPath: byPath,
                                 byID: byID, assets: Set(handbook.assets.map(\.path)), byRealPath: byRealPath,
                                 assetsByRealPath: assetsByRealPath)
                }
                let (quick, reference) = (DiagnosticEngine(), DiagnosticEngine())
                let answer = resolver(quick).resolveDestination(destination, in: document, at: location, isImage: isImage)
                let expected = resolver(reference).referenceResolveDestination(destination, in: document, at: location, isImage: isImage)
                // As the link stage calls it: the document's real folder made once beforehand.
                let staged = DiagnosticEngine()
                let stagedAnswer = resolver(staged).resolveDestination(destination, in: document, at: location, isImage: isImage,
                                                                       folder: LinkResolver.RealFolder(document.source.absolutePath))
                if stagedAnswer != expected || staged.diagnostics.map(\.formatted) != reference.diagnostics.map(\.formatted) {
                    differences.append("'\(destination)' from \(document.source.absolutePath) with its folder made first: '\(stagedAnswer)' against '\(expected)'")
                }
                if resolver(DiagnosticEngine()).fastResolveDestination(destination, in: document, at: location) != nil { fast += 1 }
                compared += 1
                let said = quick.diagnostics.map(\.formatted), expectedSaid = reference.diagnostics.map(\.formatted)
                if answer != expected || said != expectedSaid {
                    differences.append("'\(destination)' from \(document.source.absolutePath) (image: \(isImage)): '\(answer)' \(said) against '\(expected)' \(expectedSaid)")
                }
            }
        }
        #expect(differences.count == 0, "\(differences.count) of \(compared) differ:\n\(differences.prefix(20).joined(separator: "\n"))")
        // The shortcut is taken often enough for the comparison to mean something.
        #expect(fast > 500, "\(fast) of \(compared) by the shortcut")
    }

    /// The shortcut answers only where the reference does at its first two steps: it declines
    /// links that leave the content folder's pages by a symlink or `%2e`, and non-ASCII ones.
    @Test func theShortcutDeclinesWhatItDoesNotKnow() {
        for (link, path, fragment, normal) in [("0002-b.md#context", "0002-b.md", "context", true), ("0002-b.md", "0002-b.md", nil, true),
                                               ("0002-b.md#", "0002-b.md", "", true), ("sub/../x.md#a/../b", "sub/../x.md", "a/../b", false),
                                               ("./x.md", "./x.md", nil, false), ("a//b.md", "a//b.md", nil, false), ("a/", "a/", nil, false),
                                               ("a/..", "a/..", nil, false), ("a/.#x", "a/.", "x", false), ("...", "...", nil, true),
                                               ("a/.b/..c#/", "a/.b/..c", "/", true)] as [(String, String, String?, Bool)] {
            let cut = LinkResolver.relativeLinkCut(link)
            #expect(cut?.path == path && cut?.fragment == fragment && cut?.normal == normal, "\(link): \(String(describing: cut))")
        }
        for declined in ["", "#context", "/docs/x.md", "//host/x", "https://x", "a:b", "x.md?y", "%2e%2e/x.md", "ü.md", "x.md#é", "x.md#\u{301}"] {
            #expect(LinkResolver.relativeLinkCut(declined) == nil, "\(declined)")
        }
        #expect(LinkResolver.realPathByBytes("/r/content/decisions/0001-a.md", "../../../outside/x.md") == "/outside/x.md")
        #expect(LinkResolver.realPathByBytes("/r/content/decisions/0001-a.md", "./sub//0003-c.md") == "/r/content/decisions/sub/0003-c.md")
        #expect(LinkResolver.realPathByBytes("/x.md", "y.md") == nil)
        // A path called normal is one `Path.normalize` leaves as it is.
        var generator = Generator(state: 7)
        var normal = 0
        for _ in 0..<20_000 {
            var path = generator.pick(["/", "", "./", "../", "//"])
            for index in 0..<generator.next(5) {
                if index > 0 { path += generator.pick(["/", "/", "/", "//"]) }
                path += generator.pick(["a", "..", ".", "", "...", ".a", "a.", "é", "e\u{301}", "r", "x.md", "..b"])
            }
            path += generator.pick(["", "", "/", "/.", "/.."])
            if LinkResolver.isNormalAbsolute(path) {
                normal += 1
                #expect(Path.normalize(path) == path, "\(path)")
            }
            // A link's path called normal, after a normal folder, is a path `Path.normalize` leaves as it is.
            if !path.hasPrefix("/"), let cut = LinkResolver.relativeLinkCut(path), cut.normal {
                let real = LinkResolver.RealFolder("/r/content/decisions/0001-a.md").realPath(cut.path, pathIsNormal: true)
                #expect(real == Path.normalize("/r/content/decisions/" + cut.path), "\(path)")
                #expect(real == LinkResolver.realPathByBytes("/r/content/decisions/0001-a.md", cut.path), "\(path)")
            }
        }
        #expect(normal > 200)
        #expect(LinkResolver.realPathByBytes("x.md", "y.md") == nil)
        #expect(LinkResolver.realPathByBytes("/r/décisions/x.md", "y.md") == nil)
    }

    /// `RepositoryLinks.replace` by runs of bytes, as the byte loop it replaced, over patterns
    /// with tokens that overlap, repeat, stand at either end, or appear only once the first
    /// replacement is made (`{{ref}ath}` with the ref `p`); and `file`, `commit`, `pullRequest`.
    @Test func repositoryLinksReplacedAsByTheByteLoop() {
        var generator = Generator(state: 56)
        let pieces = ["{", "}", "{ref}", "{path}", "{path", "path}", "{{", "}}", "p", "ath", "a", "/", "é", "https://x.org/", "{re",
                      "f}", "{sha}", "{number}", "%", "-", "blob", ""]
        let values = ["", "p", "pat", "main", "v1.0", "a/b", "é", "{path}", "x y", "{", "}"]
        var differences: [String] = []
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(7) { text += generator.pick(pieces) }
            let token = generator.pick(["{ref}", "{path}", "{sha}", "{number}", "{", "a", "{{", "", "é", "aa"])
            let value = generator.pick(values)
            let fast = RepositoryLinks.replace(token, with: value, in: text)
            let reference = RepositoryLinks.referenceReplace(token, with: value, in: text)
            if fast != reference { differences.append("'\(token)' -> '\(value)' in '\(text)': '\(fast)' against '\(reference)'") }
            var links = RepositoryLinks(address: "https://github.com/acme/shop", ref: value)
            links.filePattern = text
            let path = generator.pick(["docs/a b.md", "x/{path}", "p", "decisions/0001-a.md", "ü/x.md", ""])
            let file = RepositoryLinks.referenceReplace("{path}", with: URLEncoding.path(path),
                                                        in: RepositoryLinks.referenceReplace("{ref}", with: URLEncoding.path(value), in: text))
            if links.file(path) != file { differences.append("file '\(path)' in '\(text)' at '\(value)': '\(links.file(path))' against '\(file)'") }
            // ADR-0062: `{ref}` put in ahead (`FileLinks`), the same link.
            if links.fileLinks.file(path) != file { differences.append("file links '\(path)' in '\(text)' at '\(value)': '\(links.fileLinks.file(path))' against '\(file)'") }
        }
        #expect(differences.count == 0, "\(differences.count) differ:\n\(differences.prefix(20).joined(separator: "\n"))")
        let links = RepositoryLinks(address: "https://github.com/acme/shop.git/", ref: "HEAD")
        #expect(links.file("docs/a b.md") == "https://github.com/acme/shop/blob/HEAD/docs/a%20b.md")
        #expect(links.commit("abc123") == "https://github.com/acme/shop/commit/abc123")
        #expect(links.pullRequest(42) == "https://github.com/acme/shop/pull/42")
    }
}

/// ADR-0056's shortcuts in the repository's file index, against the code they replace.
@Suite struct RepositoryIndexShortcutTests {
    static let parts = [".build", ".build-x", ".build_y", ".buildkite", "build", ".bui", "ld", "a.build", "src", "x.swift", ".env", "a.",
                        "é", "e\u{301}", ".build-\u{301}", "b.tar.gz", "", ".", "..", "Makefile", ".BUILD", "x.build"]

    /// The walk keeps exactly the paths it kept when it split every path into parts.
    @Test func buildFoldersFoundAsByParts() {
        var generator = LinkFastPathTests.Generator(state: 11)
        var skipped = 0
        for _ in 0..<20_000 {
            var path = ""
            for index in 0..<(1 + generator.next(4)) {
                if index > 0 { path += generator.pick(["/", "/", "//"]) }
                path += generator.pick(Self.parts)
            }
            let byParts = !RepositoryFiles.parts(of: path).dropLast().contains {
                $0 == ".build" || $0.hasPrefix(".build-") || $0.hasPrefix(".build_")
            }
            if !byParts { skipped += 1 }
            if GovernanceLinker.asciiWithoutBuild(path) { #expect(byParts, "\(path)") }
        }
        #expect(skipped > 1_000)
    }

    @Test func extensionsByBytesAsBefore() {
        for name in Self.parts + ["a.b.c", ".", "x.", "x.é", "é.x", "x.e\u{301}", "x.\u{301}", "README", ".gitignore", "a..b"] {
            #expect(RepositoryFiles.fileExtension(name) == RepositoryFiles.referenceFileExtension(name), "\(name)")
        }
    }
}

extension RepositoryIndexShortcutTests {
    /// A record's files, united list by list, as the `Set` of them sorted.
    @Test func matchesUnitedAsTheSetSorted() {
        var generator = LinkFastPathTests.Generator(state: 5)
        for _ in 0..<5_000 {
            var lists: [[Int]] = []
            for _ in 0..<generator.next(4) {
                var list = (0..<generator.next(12)).map { _ in generator.next(20) }
                // Mostly ascending without repeats, as matches are; sometimes not.
                if generator.next(6) > 0 { list = Array(Set(list)).sorted() }
                lists.append(list)
            }
            var merged: [Int] = [], set = Set<Int>()
            for list in lists {
                merged = GovernanceLinker.union(merged, list)
                set.formUnion(list)
            }
            #expect(merged == set.sorted(), "\(lists)")
        }
    }
}
