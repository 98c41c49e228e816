import Foundation
@testable import HandbookCore
import Testing

/// The core of `handbook mcp` (the real client's test is tests/mcp, run by scripts/mcp-test.sh):
/// paths confined to the repository, the site's search ranking ported from `search.js`, and
/// records named as `get_record` names them.
@Suite struct RepositoryPathTests {
    /// A repository folder with a file, a link to a folder outside and a link to a file inside.
    static func layout() throws -> (root: String, outside: String, remove: () -> Void) {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-confine-\(UUID().uuidString)").path
        let root = top + "/repo", outside = top + "/outside"
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/src/a.swift"))
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: outside + "/secret"))
        try FileManager.default.createSymbolicLink(atPath: root + "/src/escape", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/src/inside", withDestinationPath: root + "/src/a.swift")
        return (root, outside, { try? FileManager.default.removeItem(atPath: top) })
    }

    @Test func insideIsTakenFromTheRoot() throws {
        let (root, _, remove) = try Self.layout()
        defer { remove() }
        #expect(RepositoryPath.confine("src/a.swift", root: root) == .success("src/a.swift"))
        #expect(RepositoryPath.confine(" src/./b/../a.swift ", root: root) == .success("src/a.swift"))
        #expect(RepositoryPath.confine(root + "/src", root: root) == .success("src"))
        #expect(RepositoryPath.confine(".", root: root) == .success("."))
        #expect(RepositoryPath.confine("src/gone/new.swift", root: root) == .success("src/gone/new.swift"), "a deleted file is judged by its folder")
        #expect(RepositoryPath.confine("src/inside", root: root) == .success("src/inside"), "a link that stays inside")
    }

    @Test func outsideIsRefused() throws {
        let (root, outside, remove) = try Self.layout()
        defer { remove() }
        for path in ["../outside/secret", "src/../../outside", "/etc/passwd", outside + "/secret", "src/escape", "src/escape/secret",
                     "src/escape/../escape/new"] {
            #expect(RepositoryPath.confine(path, root: root) == .failure(.outside(path)), "\(path)")
        }
        #expect(RepositoryPath.confine("", root: root) == .failure(.empty))
        #expect(RepositoryPath.confine("src/a\u{1B}[2J", root: root) == .failure(.control("src/a\u{1B}[2J")))
        #expect(RepositoryPath.Refusal.control("a\u{1B}b").message == "'a?b' holds control characters")
    }
}

@Suite struct SearchRankingTests {
    static func entry(_ kind: String, _ label: String, _ title: String, keys: String = "", text: String = "") -> SearchIndex.Entry {
        SearchIndex.Entry(kind: kind, label: label, title: title, url: "", keys: keys, text: text, name: label)
    }

    static func order(_ entries: [SearchIndex.Entry], _ query: String) -> [String] {
        SearchRanking(entries: entries).search(query).map { entries[$0.entry].title }
    }

    @Test func titleBeforeKeysBeforeText() {
        let entries = [
            Self.entry("decision", "ADR-0001", "About text", text: "the retry loop"),
            Self.entry("decision", "ADR-0002", "About keys", keys: "retry src/retry.swift"),
            Self.entry("decision", "ADR-0003", "Retry budget"),
        ]
        #expect(Self.order(entries, "retry") == ["Retry budget", "About keys", "About text"])
        let hits = SearchRanking(entries: entries).search("retry")
        #expect(hits.map(\.score) == [10 + 5, 4 + 5, 1], "5 more where the title or keys hold the whole query")
    }

    @Test func exactBeforePrefixBeforeTypoAndEveryWordMustMatch() {
        let entries = [
            Self.entry("page", "", "One", text: "retrying later"),
            Self.entry("page", "", "Two", text: "retry now"),
            Self.entry("page", "", "Three", text: "rtery typo"),
        ]
        #expect(Self.order(entries, "retry") == ["Two", "One"], "exact 1, prefix 0.6; no typo match once a word matched")
        #expect(SearchRanking(entries: entries).search("retry").map(\.score) == [1, 0.6])
        #expect(Self.order(entries, "retyr") == ["Two"], "two letters swapped are one typo")
        #expect(Self.order(entries, "retry now") == ["Two"])
        #expect(Self.order(entries, "retry zeppelin").isEmpty)
    }

    @Test func theWholeQueryAsIdOrTitleWins() {
        let entries = [
            Self.entry("decision", "ADR-0001", "Ledger ledger", keys: "ledger"),
            Self.entry("decision", "ADR-0002", "Ledger"),
        ]
        #expect(SearchRanking(entries: entries).search("ledger").map(\.score) == [10 + 100, 10 + 5])
        #expect(SearchRanking(entries: entries).search("adr-0002").map { entries[$0.entry].label } == ["ADR-0002"], "0002 is in the index, so 0001 is no typo match of it")
        #expect(SearchRanking.words("ADR-0007: Ünïcode/café") == ["adr", "0007", "ünïcode", "café"])
    }

    @Test func snippetAroundTheFirstMatch() {
        let text = String(repeating: "a ", count: 50) + "the zeppelin flies" + String(repeating: " b", count: 80)
        let snippet = SearchRanking.snippet(text, matched: ["zeppelin"])
        #expect(snippet?.hasPrefix("…") == true && snippet?.hasSuffix("…") == true)
        #expect(snippet?.contains("the zeppelin flies") == true)
        #expect(SearchRanking.snippet("nothing here", matched: ["zeppelin"]) == nil)
        #expect(SearchRanking.distance(Array("abcd".utf16), Array("abdc".utf16), most: 1) == 1)
        #expect(SearchRanking.distance(Array("abcd".utf16), Array("wxyz".utf16), most: 1) == 2)
    }
}
