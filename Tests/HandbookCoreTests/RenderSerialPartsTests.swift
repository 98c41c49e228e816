import Foundation
@testable import HandbookCore
import Testing

/// The parts of the render that ran on one core, made cheaper or on every core (ADR-0057): the tag list
/// made in place, the search index's postings in blocks.
@Suite struct RenderSerialPartsTests {
    /// `ViewModels.tags()` as it was written (each entry taken out of the dictionary, changed and put
    /// back; each tag's page made for every decision): the reference of the in-place one.
    static func referenceTags(_ models: ViewModels) -> [(tag: String, decisions: [Int])] {
        var byPage: [String: (names: Set<String>, decisions: [Int])] = [:]
        for index in models.newestFirst {
            for tag in Set(models.handbook.documents[index].decision?.tags ?? []) {
                let page = ViewModels.tagPage(tag)
                var entry = byPage[page] ?? ([], [])
                entry.names.insert(tag)
                if entry.decisions.last != index { entry.decisions.append(index) }
                byPage[page] = entry
            }
        }
        return byPage.values.map { entry in
            (entry.names.first { $0 == $0.lowercased() } ?? entry.names.sorted().first ?? "", entry.decisions)
        }.sorted { a, b in
            (a.tag.lowercased(), a.tag) != (b.tag.lowercased(), b.tag) ? (a.tag.lowercased(), a.tag) < (b.tag.lowercased(), b.tag)
                : Array(a.tag.utf8).lexicographicallyPrecedes(Array(b.tag.utf8))
        }
    }

    static func handbook(tags: [[String]]) -> ViewModels? {
        var files: [String: String] = ["content/handbook.yml": "title: Tags\n"]
        for (n, list) in tags.enumerated() {
            files["content/decisions/\(String(format: "%04d", n + 1))-r.md"] =
                "---\nstatus: accepted\ndate: 2024-01-\(String(format: "%02d", n + 1))\ntags: [\(list.map { "\"\($0)\"" }.joined(separator: ", "))]\n---\n# R \(n + 1)\n"
        }
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        guard let handbook = Pipeline.linkOnly(options: options, fileSystem: fileSystem, git: NoGit()).0 else { return nil }
        return ViewModels(handbook: handbook, options: options)
    }

    /// Two canonically equivalent tags (`é` as one scalar and as two) have pages of their own and
    /// are listed in the order of their bytes, the same in every process (the dictionary's order,
    /// which changes from run to run, decided it before). A non-ASCII tag equal to an ASCII one as
    /// a String (U+037E and `;`) is not put on the ASCII tag's page.
    @Test func equivalentTagsInOneOrderAndOnTheirOwnPages() throws {
        // Newest first: `;` (record 2) is met before U+037E (record 1).
        let models = try #require(Self.handbook(tags: [["\u{37E}"], [";"], ["\u{E9}"], ["e\u{301}"], ["\u{E9}", "zz"]]))
        let tags = models.tags()
        let bytes = tags.map { Array($0.tag.utf8) }
        #expect(bytes == [[0x3B], [0xCD, 0xBE], [0x7A, 0x7A], [0x65, 0xCC, 0x81], [0xC3, 0xA9]], "\(bytes)")
        let decisions = tags.map(\.decisions.count)
        #expect(decisions == [1, 1, 1, 1, 2])
        #expect(Set(tags.map { ViewModels.tagPage($0.tag) }).count == 5)
        // The other way round: U+037E met first, its page must not be kept for `;`.
        let reversed = try #require(Self.handbook(tags: [[";"], ["\u{37E}"]])).tags()
        #expect(reversed.map { Array($0.tag.utf8) } == [[0x3B], [0xCD, 0xBE]])
        #expect(reversed.map(\.decisions) == [[0], [1]])
    }

    @Test func tagsMadeInPlaceAsTakenOutAndPutBack() {
        let spellings = ["Security", "security", "SECURITY", "é", "e\u{301}", "É", "a b", "a-b", "a_b", "index", "x", "X", "ü", "Straße"]
        var files: [String: String] = ["content/handbook.yml": "title: Tags\n"]
        for n in 1...300 {
            let tags = (0..<(n % 4)).map { "\"\(spellings[(n * 5 + $0 * 3) % spellings.count])\"" } + (n % 7 == 0 ? ["\"x\"", "\"x\""] : [])
            files["content/decisions/\(String(format: "%04d", n))-r.md"] = """
                ---
                status: accepted
                date: 2024-\(String(format: "%02d", 1 + n % 12))-\(String(format: "%02d", 1 + n % 28))
                tags: [\(tags.joined(separator: ", "))]
                ---
                # R \(n)
                """
        }
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let (handbook, _) = Pipeline.linkOnly(options: options, fileSystem: fileSystem, git: NoGit())
        guard let handbook else {
            Issue.record("no handbook")
            return
        }
        let models = ViewModels(handbook: handbook, options: options)
        let tags = models.tags(), expected = Self.referenceTags(models)
        #expect(tags.count > 8)
        #expect(tags.map(\.tag) == expected.map(\.tag))
        #expect(tags.map(\.decisions) == expected.map(\.decisions))
    }

    /// The search index's terms and postings made in blocks on every core are the bytes of the one
    /// pass they replace (below), whatever the block.
    @Test func searchPostingsInBlocksAsInOnePass() {
        var terms: [(term: String, list: ArraySlice<Int32>)] = []
        for n in 0..<3000 {
            let list = (0..<(1 + n % 9)).map { Int32($0 * (n % 50 + 1) + n % 3) }
            terms.append(("t\(n)\(n % 11 == 0 ? "é\"" : "")", ArraySlice(list)))
        }
        for count in [0, 1, 2, 100, 3000] {
            let some = Array(terms.prefix(count))
            var expected: [UInt8] = []
            ViewModels.appendJSONString(some.map(\.term).joined(separator: "\n"), to: &expected)
            for (number, term) in some.enumerated() {
                expected += number == 0 ? [0x22] : [0x2C, 0x22]
                var previous: Int32 = 0
                for (i, doc) in term.list.enumerated() {
                    if i > 0 { expected.append(0x2C) }
                    SearchIndex.appendBase36(Int(doc - previous), to: &expected)
                    previous = doc
                }
                expected.append(0x22)
            }
            for block in [1, 2, 7, 4096] {
                let blockCount = (count + block - 1) / block
                var made: [UInt8] = []
                var first = 0
                repeat {
                    let blocks = first..<min(blockCount, first + 3)
                    made += SearchIndex.Writer.encode(some, blocks: blocks, withTerms: first == 0, block: block).joined()
                    first = blocks.upperBound
                } while first < blockCount
                #expect(made == expected, "\(count) terms in blocks of \(block)")
            }
        }
    }

    /// The page list's runs started with the late ones (contracts, tags, search) first render every
    /// page and fold the templates' shapes as the runs taken in page order did.
    @Test func lateRunsFirstAsInPageOrder() {
        let (files, git) = GovernanceBesideTests.corpus(records: 700)
        let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
        let options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                                   workingDirectory: "/repo", today: "2026-11-21")
        let (linked, _) = Pipeline.linkOnly(options: options, fileSystem: fileSystem, git: git)
        guard let handbook = linked else {
            Issue.record("no handbook")
            return
        }
        let theme = Theme.load(override: nil, root: "/repo", options: options, fileSystem: fileSystem, diagnostics: DiagnosticEngine())
        guard let library = RenderStage(options: options, diagnostics: DiagnosticEngine(), theme: theme, fileSystem: fileSystem).compile() else {
            Issue.record("no templates")
            return
        }
        func pages(lateFirst: Bool) -> (models: [String: [UInt8]], shapes: [String: ViewShape], first: [String]) {
            var list = RenderStage.PageList(handbook: handbook, options: options)
            list.lateRunsFirst = lateFirst
            let lock = NSLock()
            var models: [String: [UInt8]] = [:]
            var order: [String] = []
            let shapes = list.forEach { job in
                let page = (try? library.render(job.model, withTemplate: job.template, rows: job.rows)) ?? []
                lock.lock()
                models[job.outputPath] = page
                order.append(job.outputPath)
                lock.unlock()
            }
            return (models, shapes.mapValues(\.shape), Array(order.prefix(64)))
        }
        let inOrder = pages(lateFirst: false), lateFirst = pages(lateFirst: true)
        #expect(inOrder.models.count > 700 && inOrder.models.keys.contains("search.html") && !inOrder.models.values.contains([]))
        #expect(lateFirst.models == inOrder.models)
        #expect(lateFirst.shapes == inOrder.shapes)
        // The late runs did start first: the search page is among the first pages made.
        #expect(lateFirst.first.contains("search.html") && !inOrder.first.contains("search.html"))
    }
}
