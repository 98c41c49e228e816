import Foundation
@testable import HandbookCore
import Testing

/// The Mustache specification's own test files (Fixtures/mustache-spec, vendored from
/// github.com/mustache/spec with its licence), every test of every file, run against the engine.
@Suite struct MustacheSpecTests {
    static let directory = TestFiles.fixtures.appendingPathComponent("mustache-spec")
    static let files = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections",
                        "~dynamic-names", "~inheritance", "~lambdas"]

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var name: String
        var template: String
        var partials: [String: String]
        var expected: String
        nonisolated(unsafe) var data: Any
        var testDescription: String { "\(file): \(name)" }
    }

    static let cases: [Case] = files.flatMap { file -> [Case] in
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(file + ".json")),
              let json = try? JSONDecoder().decode(JSON.self, from: data),
              case .object(let top) = json, case .array(let tests)? = top["tests"] else { return [] }
        return tests.compactMap { test in
            guard case .object(let test) = test else { return nil }
            var partials: [String: String] = [:]
            if case .object(let list)? = test["partials"] {
                for (name, value) in list { if case .string(let text) = value { partials[name] = text } }
            }
            return Case(file: file, name: test["name"]?.string ?? "?", template: test["template"]?.string ?? "",
                        partials: partials, expected: test["expected"]?.string ?? "",
                        data: test["data"]?.native ?? [String: Any]())
        }
    }

    /// A JSON value, decoded exactly (a boolean stays a boolean, an integer an integer).
    enum JSON: Decodable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let number = try? container.decode(Int.self) { self = .int(number) }
            else if let number = try? container.decode(Double.self) { self = .double(number) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let list = try? container.decode([JSON].self) { self = .array(list) }
            else { self = .object(try container.decode([String: JSON].self)) }
        }

        var string: String? { if case .string(let text) = self { return text } else { return nil } }

        /// As the Swift values view models are made of; `{"__tag__": "code"}` (a lambda) as a Swift function.
        var native: Any {
            switch self {
            case .null: return NSNull()
            case .bool(let flag): return flag
            case .int(let number): return number
            case .double(let number): return number
            case .string(let text): return text
            case .array(let list): return list.map(\.native)
            case .object(let object):
                if object["__tag__"]?.string == "code" { return { () -> String in "" } as () -> String }
                return object.mapValues(\.native)
            }
        }
    }

    @Test func everyFileIsRead() {
        for file in Self.files {
            #expect(Self.cases.contains { $0.file == file }, "\(file).json")
        }
        #expect(Self.cases.count == 194)
    }

    @Test(arguments: cases) func specification(_ test: Case) throws {
        var library = Mustache.Library()
        for (name, text) in test.partials { try library.register(text, named: name) }
        try library.register(test.template, named: "test")
        if test.file == "~lambdas" {
            #expect(throws: Mustache.RenderError.self) { try library.render(test.data, withTemplate: "test") }
            do {
                _ = try library.render(test.data, withTemplate: "test")
            } catch {
                #expect(error.message.contains("Mustache lambdas are not supported"), "\(error.message)")
            }
            return
        }
        let output = try library.render(test.data, withTemplate: "test")
        #expect(String(decoding: output, as: UTF8.self) == test.expected, "\(test.template.debugDescription)")
    }
}
