import Foundation
@testable import HandbookCore
import Testing

/// The plain front-matter reader must give exactly Yams' nodes (values, quoting, lines, columns)
/// whenever it does not decline, on every front matter of the fixtures, on the shapes the
/// benchmark corpus writes, on thousands of mutations of all of them, and, when
/// `HANDBOOK_YAML_CORPUS` names a folder, on every Markdown file's front matter below it.
@Suite struct PlainYAMLTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The YAML of every front matter, and every YAML file, below a folder.
    static func documents(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var documents: [String] = []
        for case let url as URL in walker {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            switch url.pathExtension {
            case "md":
                if case .success(let split) = FrontMatterSplit.split(text), let yaml = split.yaml { documents.append(yaml) }
            case "yml", "yaml":
                documents.append(text)
            default:
                continue
            }
        }
        return documents.sorted()
    }

    static let handwritten = [
        "id: ADR-00001\ntitle: \"Standardise on a monorepo for CI\"\nstatus: deprecated\ndate: 2018-01-01\ndeciders: [carol]\ntags: [observability]\ngoverns:\n  - \"services/billing/**/*.go\"\n  - \"internal/auth/**/*.ts\"\nprs: [2389, 3072, 7986, 18156]\n",
        "title: Plain title with 'quote' and, comma\nstatus: accepted\n", "a: [ x , y ]\n", "a: []\nb: [ ]\n", "a: [x,y]\n",
        "a:\n- x\n- y\nb: c\n", "a:\n  - x\n\n  - 'y'\nb: c", "a:\n  - x\n   - y\n", "a:\nb: c\n", "a: b\na: c\n", "\n\na: b\n\n",
        "a: é ü 日本\nb: \"ü\"\nc: [ü, \"é\"]\n", "a: x  y   \n", "a: 'x'  \n", "a: \"x\" y\n", "a: x: y\n", "a:x\n", "a: -x\n", "a: - x\n",
        "a: [x, ]\n", "a: [x\n", "a: x]\n", "a: [a b, c]\n", "a: null\nb: ~\nc: true\nd: 12\ne: 1.5\n", "a: .inf\n", "a: (x) y\n",
        "- a\n- b\n", "a: b\n  c: d\n", "a: b\n c\n", "a: \"\"\nb: ''\n", "a: |\n  x\n", "a: &x y\nb: *x\n", "key-with-dash: v\n_k: v\n",
        "a: [\"x, y\", 'z']\n", "a:\n  - [x]\n", "a:\n  - x: y\n", "a: x # c\n", "a: x ,\n", "a: ,x\n", "", "\n", "a: b\n---\n", "1: 2\n",
    ]

    static func check(_ text: String, lineOffset: Int = 0) {
        guard let fast = PlainYAML.parse(text, lineOffset: lineOffset) else { return }
        let reference: YAMLNode?
        do {
            reference = try YAMLReader.parseWithYams(text, lineOffset: lineOffset)
        } catch {
            Issue.record("Yams rejects what the plain reader read: \(text.debugDescription): \(error)")
            return
        }
        #expect(fast == reference, "\(text.debugDescription)")
    }

    /// The mask a plain scalar's ASCII bytes are read with (ADR-0073) says what the switch over
    /// scalars says, for every ASCII byte.
    @Test func asciiMaskAsTheSwitch() {
        for byte in UInt8(0)..<0x80 {
            #expect(PlainYAML.asciiContinuesPlain(byte) == PlainYAML.scalarContinuesPlain(Unicode.Scalar(byte)),
                    "byte \(byte)")
        }
    }

    @Test func handwrittenDocuments() {
        for text in Self.handwritten { Self.check(text); Self.check(text, lineOffset: 4) }
        #expect(PlainYAML.parse(Self.handwritten[0], lineOffset: 0) != nil, "the corpus' front matter takes the fast path")
    }

    @Test func fixtureDocumentsAndTheirMutations() {
        let documents = Self.documents(under: Self.fixtures) + Self.handwritten
        #expect(documents.count > 40)
        var taken = 0
        for text in documents {
            Self.check(text, lineOffset: 1)
            if PlainYAML.parse(text, lineOffset: 0) != nil { taken += 1 }
        }
        #expect(taken > 20, "most fixtures are plain")
        // Mutations: characters that matter to YAML put in, taken out, lines doubled.
        let pieces = [" ", "  ", "\n", "\n  ", "- ", ":", ": ", ",", ", ", "[", "]", "\"", "'", "-", "#", "é", "a", "1", ".", "?", "|",
                      "&", "*", "!", "~", "{", "\t", "\r\n", "\\", "..."]
        var generator = Generator(state: 5)
        for _ in 0..<120 {
            for text in documents where !text.isEmpty {
                var scalars = Array(text.unicodeScalars)
                for _ in 0..<(1 + generator.next(3)) {
                    let at = generator.next(scalars.count + 1)
                    switch generator.next(3) {
                    case 0: scalars.insert(contentsOf: pieces[generator.next(pieces.count)].unicodeScalars, at: at)
                    case 1: if at < scalars.count { scalars.remove(at: at) }
                    default:
                        let lines = String(String.UnicodeScalarView(scalars)).split(separator: "\n", omittingEmptySubsequences: false)
                        let line = generator.next(lines.count)
                        var copy = lines.map(String.init)
                        copy.insert(String(lines[line]), at: line)
                        scalars = Array(copy.joined(separator: "\n").unicodeScalars)
                    }
                }
                let mutated = String(String.UnicodeScalarView(scalars))
                Self.check(mutated, lineOffset: 1)
                if PlainYAML.parse(mutated, lineOffset: 1) != nil { taken += 1 }
            }
        }
        print("PlainYAMLTests: \(taken) fixtures and mutations read by the plain reader, all equal to Yams'")
        #expect(taken > 1_000, "the mutations reach the plain reader")
    }

    /// Every front matter and YAML file under `HANDBOOK_YAML_CORPUS`, or, without it, this
    /// repository's own `content/` (never a silent pass).
    @Test func corpusFolder() throws {
        let folder = ProcessInfo.processInfo.environment["HANDBOOK_YAML_CORPUS"]
            ?? TestFiles.packageRoot.appendingPathComponent("content").path
        let documents = Self.documents(under: URL(fileURLWithPath: folder))
        #expect(documents.count >= 20, "\(folder) holds \(documents.count) YAML documents")
        var taken = 0
        for text in documents {
            Self.check(text, lineOffset: 1)
            if PlainYAML.parse(text, lineOffset: 1) != nil { taken += 1 }
        }
        #expect(taken > 0, "the plain reader read none of \(folder)")
        print("PlainYAMLTests: \(taken) of \(documents.count) documents under \(folder) read by the plain reader, all equal to Yams'")
    }
}
