import Foundation
@testable import HandbookCore
import Testing

/// `YAMLEvents` (libyaml's events straight into `YAMLNode`s) must answer exactly as the Yams path
/// it replaced (`YAMLReader.parseWithYams`): the same tree, lines and columns, and the same error
/// text and place, on every YAML document of the fixtures, on handwritten cases of every YAML
/// construct, and on thousands of mutations of them. Duplicate keys are the one chosen difference:
/// Yams' message held the whole document; ours names the key and both lines.
/// `HANDBOOK_YAML_CORPUS` (a folder) adds every YAML file and front matter below it (the real
/// OpenAPI descriptions were checked so, see ADR-0112).
@Suite struct YAMLEventsTests {
    enum Answer: Equatable {
        case node(YAMLNode?)
        case error(String, Int, Int)
        case duplicate
    }

    static func events(_ text: String, lineOffset: Int = 0, budget: Int = YAMLReader.nodeBudget) -> Answer {
        answer { () throws(YAMLParseError) in try YAMLEvents.parse(text, lineOffset: lineOffset, nodeBudget: budget) }
    }

    static func yams(_ text: String, lineOffset: Int = 0, budget: Int = YAMLReader.nodeBudget) -> Answer {
        answer { () throws(YAMLParseError) in try YAMLReader.parseWithYams(text, lineOffset: lineOffset, nodeBudget: budget) }
    }

    /// A reader's answer; a duplicate key only as "refused" (the chosen difference).
    static func answer(_ read: () throws(YAMLParseError) -> YAMLNode?) -> Answer {
        do {
            return .node(try read())
        } catch {
            guard case .syntax(let message, let line, let column) = error else { return .error("?", 0, 0) }
            return message.hasPrefix("duplicate key") ? .duplicate : .error(message, line, column)
        }
    }

    static func check(_ text: String, lineOffset: Int = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let ours = events(text, lineOffset: lineOffset), reference = yams(text, lineOffset: lineOffset)
        #expect(ours == reference, "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    static let handwritten = [
        "a: b\n", "a:\n  b: c\n  d: [1, 2, {e: f}]\n", "- a\n- - b\n  - c\n- {x: y}\n", "a: 'it''s'\nb: \"\\u00e9\\n\\t\"\n",
        "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n", "a: |2\n    indented\n",
        "a: plain\n  continued\n  more\nb: x\n", "a: 'single\n  continued'\n", "a: \"double\\\n  escaped\"\n",
        "a: &x [1, 2]\nb: *x\nc: *x\n", "a: &s text\nb: *s\n", "? [complex, key]\n: value\n", "? a\n: b\n",
        "!!str a: !!int 1\nb: !custom x\n", "%YAML 1.2\n---\na: b\n", "---\na: b\n...\n", "", "\n", "# only a comment\n", "---\n",
        "a: ~\nb: null\nc:\nd: ''\n", "a: b\n---\nc: d\n", "a: *nope\n", "a: [1, 2\n", "a: {b: c\n", "a: 'unclosed\n",
        "a: \"bad \\q escape\"\n", "a: b\n c: d\n", "a:\n  - b\n c\n", "\ta: b\n", "a: b\tc\n", "- a\nb: c\n", "a: b: c\n",
        "a: @x\n", "a: `x\n", "a: |\n x\n  y\n z\n", "a: >\n\n  lead\n", "a: b\r\nc: d\r\n", "\u{FEFF}a: b\n", "a: \"\u{7}\"\n",
        "a: b\na: c\n", "a: 1\nb: 2\n'a': 3\n", "x:\n  a: 1\n  a: 2\n  b: 3\n  b: 4\n", "{a: 1, a: 2}", "[a, b]: 1\n[a, b]: 2\n",
        "a: é ü 日本 😀\n\"é\": ü\n", "- &a\n  x: 1\n- *a\n", "a: !!binary aGVsbG8=\n", "- ? a\n  : b\n", "a: - b\n",
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
        "a: " + String(repeating: "[", count: 205) + "x" + String(repeating: "]", count: 205) + "\n",
        (0..<250).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " leaf\n",
    ]

    @Test func handwrittenDocumentsAnswerAsYams() {
        for text in Self.handwritten {
            Self.check(text)
            Self.check(text, lineOffset: 7)
        }
    }

    @Test func fixtureDocumentsAndTheirMutationsAnswerAsYams() {
        var documents = PlainYAMLTests.documents(under: PlainYAMLTests.fixtures) + Self.handwritten + PlainYAMLTests.handwritten
        if let corpus = ProcessInfo.processInfo.environment["HANDBOOK_YAML_CORPUS"] {
            documents += PlainYAMLTests.documents(under: URL(fileURLWithPath: corpus))
        }
        #expect(documents.count > 100)
        for text in documents { Self.check(text, lineOffset: 1) }
        // Mutations: characters that matter to YAML put in, taken out, lines doubled.
        let pieces = [" ", "  ", "\n", "\n  ", "- ", ":", ": ", ",", ", ", "[", "]", "{", "}", "\"", "'", "-", "#", "é", "a", "?", "|", ">",
                      "&a ", "*a", "!", "~", "\t", "\\", "...", "---\n", "? ", "%", "@", "\u{0}"]
        var generator = PlainYAMLTests.Generator(state: 11)
        let small = documents.filter { !$0.isEmpty && $0.utf8.count < 4_000 }
        for _ in 0..<40 {
            for text in small {
                var scalars = Array(text.unicodeScalars)
                for _ in 0..<(1 + generator.next(3)) {
                    let at = generator.next(scalars.count + 1)
                    switch generator.next(3) {
                    case 0: scalars.insert(contentsOf: pieces[generator.next(pieces.count)].unicodeScalars, at: at)
                    case 1: if at < scalars.count { scalars.remove(at: at) }
                    default:
                        let end = min(scalars.count, at + generator.next(40))
                        scalars.insert(contentsOf: scalars[at..<end], at: at)
                    }
                }
                var mutated = ""
                mutated.unicodeScalars.append(contentsOf: scalars)
                Self.check(mutated, lineOffset: 2)
            }
        }
    }

    /// The one difference: a duplicate key names the key, stands at its second place and gives the first.
    @Test func duplicateKeysNameTheKeyAndBothLines() {
        #expect(Self.message("title: A\nstatus: x\ntitle: B\n") == "3:1 duplicate key 'title' in a mapping (first at line 1)")
        #expect(Self.message("a:\n  x: 1\n  y: 2\n  x: 3\n  y: 4\n  'x': 5\n", lineOffset: 10)
                == "14:3 duplicate keys 'x', 'y' in a mapping (first at line 12)")
        #expect(Self.message("[a, b]: 1\nc: 2\n[a, b]: 2\n") == "3:1 duplicate key '<a list>' in a mapping (first at line 1)")
        #expect(Self.message("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\nl: 12\nm: 13\na: 14\n")
                == "14:1 duplicate key 'a' in a mapping (first at line 1)")
        #expect(Self.message("a: 1\nb: 2\n") == nil)
    }

    /// Aliases are not copied, but everything they stand for counts against the budget.
    @Test func aliasesCountAgainstTheBudget() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            yaml += "l\(level): &l\(level) [\(Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", "))]\n"
        }
        #expect(Self.events(yaml, budget: 100_000) == .error("more than 100000 values (are aliases expanding without bound?)", 1, 1))
        #expect(Self.events(yaml, budget: 100_000) == Self.yams(yaml, budget: 100_000))
        guard case .node(let node) = Self.events(yaml, budget: 20_000_000) else {
            Issue.record("a budget of 20 million holds the 11 million values")
            return
        }
        #expect(node?["l6"]?.items?.count == 10)
        #expect(node?["l1"]?.items?.first == node?["a"], "an alias is the anchored value, at the anchor's place")
    }

    static func message(_ text: String, lineOffset: Int = 0) -> String? {
        do {
            _ = try YAMLEvents.parse(text, lineOffset: lineOffset, nodeBudget: 1000)
            return nil
        } catch {
            if case .syntax(let message, let line, let column) = error { return "\(line):\(column) \(message)" }
            return "?"
        }
    }
}
