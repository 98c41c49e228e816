import Foundation

/// Contracts (issue 5): the sample handbook's contract, with every field, a reference cycle, an enum,
/// a nullable and a format, a request body and a review against an older spec, so the template
/// check knows every name the contract pages may use.
enum SampleContract {
    /// One schema with every column a property table shows, written inline wherever a table appears.
    static func rich(_ pet: String) -> String {
        "{type: object, description: Rich, required: [name], properties: {name: {type: string, format: name, description: The name}, "
            + "kind: {type: [string, \"null\"], enum: [cat, dog]}, parent: {$ref: \"\(pet)\"}, ext: {$ref: \"other.yml#/Pet\"}, "
            + "tag: {type: object, properties: {label: {type: string}}}}}"
    }

    static let files: [String: String] = [
        "/sample/content/contracts/pets.yml": """
            title: Pets API
            spec: api/pets.yml
            provider: pets-team
            consumers: [web]
            owner: ana
            governs: [src/]
            changes:
              - {version: "1.0", date: 2024-01-01, kind: non-breaking, pr: 1, summary: First}
            """,
        "/sample/content/contracts/event.yml": "title: Event\nspec: api/event.yml\nprovider: pets-team\n",
        "/sample/content/contracts/alias.yml": "title: Alias\nspec: api/alias.json\nprovider: pets-team\n",
        "/sample/api/event.yml": "$schema: https://json-schema.org/draft/2020-12/schema\n"
            + "allOf: [\(rich("#/$defs/Pet"))]\n$defs: {Pet: \(rich("#/$defs/Pet"))}\n",
        "/sample/api/alias.json": ##"{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "#/definitions/Pet", "definitions": {"Pet": {"type": "string"}}}"##,
        "/sample/api/pets.yml": spec(extra: "        - {name: limit, in: query, description: How many, schema: {type: integer, format: int32, enum: [1, 2]}}\n"),
    ]

    static let oldSpec = spec(extra: "")

    static func spec(extra: String) -> String {
        let pet = "#/components/schemas/Pet"
        return """
        openapi: 3.1.0
        info: {title: Pets, version: "1.0"}
        tags: [{name: pets}]
        paths:
          /pets:
            post:
              tags: [pets]
              summary: Add a pet
              operationId: addPet
              description: "Adds a **pet**; see [the guide](https://example.com/guide)."
              deprecated: true
              parameters:
                - {name: trace, in: header, required: true, deprecated: true, schema: {$ref: "\(pet)"}}
        \(extra)      requestBody:
                required: true
                description: The pet
                content:
                  application/json: {schema: \(rich(pet))}
                  application/xml: {schema: {$ref: "\(pet)"}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: \(rich(pet))}
                    application/xml: {schema: {type: array, items: {$ref: "\(pet)"}}}
          /other:
            get:
              responses:
                "204": {description: none}
        components:
          schemas:
            Pet: \(rich(pet))
            Alias: {$ref: "\(pet)"}
        """
    }

    /// A git whose every revision holds the older spec.
    struct Git: GitClient {
        func topLevel(of directory: String) -> String? { nil }
        func show(revision: String, path: String) throws(GitShowError) -> Data {
            guard path == "/sample/api/pets.yml" else { throw .notInRevision }
            return Data(SampleContract.oldSpec.utf8)
        }
    }
}
