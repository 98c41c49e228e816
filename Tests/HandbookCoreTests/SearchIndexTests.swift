import Foundation
@testable import HandbookCore
import Testing

/// The offline search index (ADR-0120): every word of every entry, file pages and contracts
/// included, decodable postings, and full texts in shards for snippets.
@Suite struct SearchIndexTests {
    static let filler = String(repeating: "Filler words that push the rest of the record far down. ", count: 40)
    static let files: [String: String] = [
        "content/handbook.yml": "title: T\n",
        "content/decisions/0001-first.md": "---\nstatus: accepted\ntags: [storage]\ngoverns: [src/]\n---\n# First choice\n\n\(filler)\n\nThe deepest word is zeppelin, next to `UnsafeOutputTests`.\n",
        "content/guide.md": "# Guide\n\nA page about onboarding.\n",
        "content/contracts/pets.yml": "title: Pets API\nspec: api/pets.yml\n",
        "api/pets.yml": """
            openapi: 3.1.0
            info: {title: Pets, version: "1"}
            paths:
              /pets:
                get:
                  operationId: listPets
                  summary: List the kennel
                  responses:
                    "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
            components:
              schemas:
                Pet: {type: object, properties: {whiskers: {type: integer, description: How many whiskers}}}
            """,
        "src/engine/Retry.swift": "",
    ]

    struct Index {
        var docs: [[String]]
        var terms: [String]
        var postings: [String]

        /// The entries (by title) a word is in, decoded as the browser does.
        func entries(of word: String) -> [String] {
            guard let position = terms.firstIndex(of: word) else { return [] }
            var doc = 0
            return postings[position].split(separator: ",").map { part in
                doc += Int(part, radix: 36)!
                return docs[doc][2]
            }
        }
    }

    static func index(_ build: TestBuild) throws -> Index {
        let script = build.page("search-index.js")
        let prefix = "window.HANDBOOK_SEARCH = "
        #expect(script.hasPrefix(prefix))
        let json = try #require(script.dropFirst(prefix.count).split(separator: ";\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let docs = try #require(object["docs"] as? [[String]])
        let terms = try #require(object["terms"] as? String).split(separator: "\n").map(String.init)
        let postings = try #require(object["postings"] as? [String])
        #expect(terms == terms.sorted(), "terms are sorted, for the prefix search")
        #expect(terms.count == postings.count)
        return Index(docs: docs, terms: terms, postings: postings)
    }

    @Test func everyWordOfEveryKindIsIndexed() throws {
        let build = TestBuild.run(Self.files)
        let index = try Self.index(build)
        #expect(index.docs.map { [$0[0], $0[2], $0[3]] } == [
            ["decision", "First choice", "decisions/ADR-0001.html"],
            ["page", "Guide", "guide.html"],
            ["contract", "Pets API", "contracts/pets.html"],
            ["file", "api/pets.yml", "files/api/pets.yml.html"],
            ["file", "src/engine/Retry.swift", "files/src/engine/Retry.swift.html"],
        ])
        #expect(index.entries(of: "zeppelin") == ["First choice"], "a word 2,000 characters deep")
        #expect(index.entries(of: "unsafeoutputtests") == ["First choice"])
        #expect(index.entries(of: "unsafe") == ["First choice"], "camel-cased words give their parts")
        #expect(index.entries(of: "kennel") == ["Pets API"], "an operation's summary")
        #expect(index.entries(of: "whiskers") == ["Pets API"], "a schema's property")
        #expect(index.entries(of: "retry") == ["src/engine/Retry.swift"], "a file page's path")
        #expect(index.entries(of: "storage") == ["First choice"], "a tag")
    }

    @Test func fullTextsGoToShardsForSnippets() throws {
        let build = TestBuild.run(Self.files)
        let shard = build.page("search/text-0.js")
        #expect(shard.hasPrefix("HANDBOOK_SEARCH_TEXT(0, [\n"))
        #expect(shard.contains("The deepest word is zeppelin, next to UnsafeOutputTests."))
        #expect(build.output.text("search/text-1.js") == nil)
    }

    /// The index is built a shard of entries at a time (ADR-0014): words of entries in every shard
    /// land in one postings list, in entry order, and each shard holds its own entries' texts.
    @Test func postingsSpanEveryShard() throws {
        var files = ["content/handbook.yml": "title: T\n"]
        let count = SearchIndex.shardSize * 2 + 7
        for number in 0..<count {
            files["content/p\(String(number).leftPadded(to: 4)).md"] = "# P\(number)\n\nshared word\(number) w\(number % 3)x\n"
        }
        let build = TestBuild.run(files)
        let index = try Self.index(build)
        let titles = index.docs.map { $0[2] }
        #expect(titles.count == count)
        #expect(index.entries(of: "shared") == titles, "one posting list across the shards, in entry order")
        #expect(index.entries(of: "w1x") == titles.enumerated().filter { $0.offset % 3 == 1 }.map(\.element))
        let last = try #require(titles.last)
        #expect(index.entries(of: "word\(count - 1)").count == 1)
        #expect(build.page("search/text-2.js").hasPrefix("HANDBOOK_SEARCH_TEXT(2, [\n"))
        #expect(build.page("search/text-2.js").components(separatedBy: ",\n").count == 7)
        #expect(build.page("search/text-1.js").components(separatedBy: ",\n").count == SearchIndex.shardSize)
        #expect(build.output.text("search/text-3.js") == nil)
        #expect(!last.isEmpty)
    }

    /// A camel-cased word gives itself and every part, the last one too (mutation search-camel-parts).
    @Test func camelCasedWordsGiveEveryPart() {
        var words = Set<String>()
        SearchIndex.tokens("UnsafeOutputTests v2Beta x", into: &words)
        #expect(words == ["unsafeoutputtests", "unsafe", "output", "tests", "v2beta", "v2", "beta", "x"])
    }

    @Test func textIsSafeInsideAScript() throws {
        var files = Self.files
        files["content/guide.md"] = "# Guide\n\n`</script><script>alert(1)</script>` and a line\u{2028}separator.\n"
        let build = TestBuild.run(files)
        let shard = build.page("search/text-0.js")
        #expect(!shard.contains("</script>"))
        #expect(shard.contains(#""Guide \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e and a line\u2028separator.","#))
        #expect(shard.contains("\\u2028"))
    }
}
