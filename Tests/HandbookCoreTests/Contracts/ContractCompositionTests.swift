import Foundation
import HandbookCore
import Testing

/// Issue 12, item 5: `oneOf`/`anyOf`/`allOf` shown with their alternatives, each a row of its own
/// with its properties beneath it; a `$ref` alternative is a link, never expanded.
struct ContractCompositionTests {
    static let schemas = """
        {Pet: {type: object, properties: {name: {type: string}}}, \
        Payment: {oneOf: [{$ref: '#/components/schemas/Pet'}, {type: object, required: [iban], properties: {iban: {type: string, description: 'The *account*'}}}]}, \
        Order: {type: object, properties: {payer: {anyOf: [{type: string}, {type: object, properties: {card: {type: integer}}}]}}}, \
        Cat: {allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {lives: {type: integer}}}]}}
        """

    static func page() throws -> String {
        let spec = SpecPair.openAPI("{}", schemas: schemas)
        let build = contractBuild(["content/handbook.yml": "title: T\n", "api/pets.yml": spec,
                                   "content/contracts/pets.yml": "title: Pets API\nspec: api/pets.yml\nprovider: p\n"])
        #expect(build.result.diagnostics.isEmpty, "\(build.result.diagnostics.map(\.formatted))")
        return try #require(build.output.text("contracts/pets.html"))
    }

    static func row(_ label: String, depth: Int) -> String {
        #"<tr class="alternative"><th scope="row" class="prop" style="--depth: \#(depth)"><span class="alternative-label">\#(label)</span></th>"#
    }

    @Test func aOneOfSchemaListsEachAlternativeAndExpandsTheInlineOne() throws {
        let page = try Self.page()
        let payment = try #require(page.range(of: #"id="schema-payment""#)).upperBound
        let section = String(page[payment...].prefix(3_000))
        #expect(section.contains(Self.row("one of, 1 of 2", depth: 0) + ##"<td> <a href="#schema-pet">Pet</a></td>"##), "\(section)")
        #expect(section.contains(Self.row("one of, 2 of 2", depth: 0) + "<td>object</td>"))
        #expect(section.contains(#"style="--depth: 1"><code>iban</code></th><td>string</td><td><strong class="required">required</strong>"#))
        #expect(section.contains("The <em>account</em>"), "descriptions of an alternative's properties are Markdown")
        let name = section.range(of: "<code>name</code>")
        let next = section.range(of: "id=\"schema-")
        #expect(name == nil || (next != nil && next!.lowerBound < name!.lowerBound), "the referenced Pet is a link, not expanded")
    }

    @Test func aPropertysAnyOfIsExpandedUnderIt() throws {
        let page = try Self.page()
        let order = try #require(page.range(of: #"id="schema-order""#)).upperBound
        let section = String(page[order...].prefix(3_000))
        #expect(section.contains(#"style="--depth: 0"><code>payer</code></th><td>any of: string | object</td>"#), "\(section)")
        #expect(section.contains(Self.row("any of, 1 of 2", depth: 1) + "<td>string</td>"))
        #expect(section.contains(Self.row("any of, 2 of 2", depth: 1) + "<td>object</td>"))
        #expect(section.contains(#"style="--depth: 2"><code>card</code></th><td>integer</td>"#))
    }

    @Test func allOfMembersAreNamedAndTheirPropertiesListedOnce() throws {
        let page = try Self.page()
        let cat = try #require(page.range(of: #"id="schema-cat""#)).upperBound
        let section = String(page[cat...].prefix(3_000))
        #expect(section.contains(Self.row("all of, 1 of 2", depth: 0) + ##"<td> <a href="#schema-pet">Pet</a></td>"##), "\(section)")
        #expect(section.contains(Self.row("all of, 2 of 2", depth: 0) + "<td>object</td>"))
        #expect(section.components(separatedBy: "<code>lives</code>").count - 1 == 1, "allOf properties are the schema's own: listed once")
    }
}
