import Foundation
import HandbookCore
import Testing

/// Every diagnostic of contract manifests, specs and `--base` comparisons, exactly as printed.
struct ContractDiagnosticExactTests {
    typealias P = ContractPipelineTests

    static func messages(_ files: [String: String], git: RevisionGit = RevisionGit(revisions: [:]), base: String? = nil) -> [String] {
        contractBuild(files, git: git, base: base, write: false).result.diagnostics.map(\.formatted)
    }

    /// The diagnostics of reading one spec (as `new.yml`).
    static func specMessages(_ spec: String) -> [String] {
        SpecPair.diff(SpecPair.post(), spec).diagnostics.map(\.formatted)
    }

    @Test func manifestErrorsAndWarnings() {
        #expect(Self.messages([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "- not a mapping\n",
            "content/contracts/b.yml": "provider: x\n",
            "content/contracts/c.yml": "title: C\nspec: api/c.yml\nchanges:\n  - {date: 2026-01-01, kind: breaking}\n  - {version: '2', kind: maybe}\n  - {version: '3'}\n",
            "content/contracts/d.yml": "title: D\nspec: api/c.yml\nprovider: x\nconsumer: [y]\n",
            "api/c.yml": SpecPair.post(),
        ]) == [
            "content/contracts/a.yml:1:1: error: a contract manifest must be a mapping with at least 'title' and 'spec' [contract-manifest]",
            "content/contracts/b.yml:1:1: error: the manifest has no 'spec' (the spec's path from the repository root) [contract-manifest]",
            "content/contracts/b.yml:1:1: error: the manifest has no 'title' [contract-manifest]",
            "content/contracts/c.yml:1:1: warning: the manifest names no 'provider' (the team or service that serves the API) [contract-manifest]",
            "content/contracts/c.yml:4:5: error: the change has no 'version' [contract-manifest]",
            "content/contracts/c.yml:5:26: error: the change 2 needs 'kind: breaking' or 'kind: non-breaking', not 'maybe' [contract-manifest]",
            "content/contracts/c.yml:6:5: error: the change 3 needs 'kind: breaking' or 'kind: non-breaking' [contract-manifest]",
            "content/contracts/d.yml:4:1: warning: unknown field 'consumer' in a contract manifest; did you mean 'consumers'? [unknown-field]",
        ])
    }

    /// The manifest's option and `changes` errors, each at its value.
    @Test func manifestOptionsAndChangesOfTheWrongShape() {
        #expect(Self.messages([
            "content/handbook.yml": "title: T\n",
            "content/contracts/e.yml": "title: E\nspec: api/c.yml\nprovider: x\ncompatibility: sideways\nsunset_policy: maybe\nchanges: none\n",
            "content/contracts/f.yml": "title: F\nspec: api/c.yml\nprovider: x\nchanges: [just text]\n",
            "api/c.yml": SpecPair.post(),
        ]) == [
            "content/contracts/e.yml:4:16: error: 'compatibility' must be backward, forward or full [contract-manifest]",
            "content/contracts/e.yml:5:16: error: 'sunset_policy' must be true or false [contract-manifest]",
            "content/contracts/e.yml:6:10: error: 'changes' must be a list of {version, date, kind, pr, summary} [field-type]",
            "content/contracts/f.yml:4:11: error: each change must be a mapping {version, date, kind, pr, summary} [field-type]",
        ])
    }

    @Test func contractUnreadable() {
        #expect(Self.messages([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "title: A\nspec: api/a.yml\nprovider: x\n",
            "api/a.yml": "- a list\n",
        ]) == [
            "api/a.yml:1:1: error: the spec must be a mapping (an OpenAPI document or a JSON Schema), not a list [contract-spec-invalid]",
            "content/contracts/a.yml:2:7: error: contract 'A' could not be read: its spec 'api/a.yml' is not a readable OpenAPI document or JSON Schema (see the errors at the spec) [contract-unreadable]",
        ])
    }

    @Test func specMissingOrOutside() {
        #expect(Self.messages([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "title: A\nspec: api/missing.yml\nprovider: x\n",
            "content/contracts/b.yml": "title: B\nspec: ../../etc/passwd\nprovider: x\n",
        ]) == [
            "content/contracts/a.yml:2:7: error: spec 'api/missing.yml' not found (paths are from the repository root, .) [contract-spec-missing]",
            "content/contracts/b.yml:2:7: error: spec '../../etc/passwd' is outside the repository; give a path from the repository root [contract-spec-missing]",
        ])
    }

    @Test func specReadingErrors() {
        #expect(Self.specMessages("") == ["new.yml: error: the spec is empty [contract-spec-invalid]"])
        #expect(Self.specMessages("a: 1\n") == ["new.yml:1:1: error: the spec is neither an OpenAPI document (no 'openapi:' field) nor a JSON Schema [contract-spec-kind]"])
        #expect(Self.specMessages("openapi: 3.1.0\ninfo: {title: T\n") == ["new.yml:3:1: error: invalid YAML/JSON in the spec: did not find expected ',' or '}' while parsing a flow mapping that starts at line 2 [contract-spec-syntax]"])
        #expect(Self.specMessages("swagger: '2.0'\n") == ["new.yml:1:10: error: Swagger 2.0 is not supported; convert the spec to OpenAPI 3 [contract-spec-version]"])
        #expect(Self.specMessages("openapi: 2.5.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
                == ["new.yml:1:10: error: OpenAPI version '2.5.0' is not supported (3.0.x, 3.1.x or 3.2.x) [contract-spec-version]"])
        let encoding = SpecComparison.compareFiles(old: "/t/old.yml", new: "/t/new.yml", workingDirectory: "/t",
                                                   fileSystem: MemoryFileSystem(data: ["/t/old.yml": Data(SpecPair.post().utf8), "/t/new.yml": Data([0x6F, 0xFF])]))
        #expect(encoding.diagnostics.map(\.formatted) == ["new.yml:1:2: error: the spec is not valid UTF-8 text: byte 0xFF is not UTF-8 (it is Windows-1252's 'ÿ': save the file as UTF-8) [contract-spec-encoding]"])
    }

    @Test func specWarnings() {
        #expect(Self.specMessages("{\"$schema\": \"http://json-schema.org/draft-03/schema#\", \"type\": \"object\"}\n")
                == ["new.yml:1:13: warning: JSON Schema dialect 'http://json-schema.org/draft-03/schema#' is read as 2020-12 (draft-04, draft-06, draft-07, 2019-09 and 2020-12 are supported) [contract-spec-version]"])
        #expect(Self.specMessages(SpecPair.openAPI("{/items: {post: {requestBody: {$ref: 'other.yml#/Body'}, responses: {'200': {description: ok}}}}}"))
                == ["new.yml:3:45: warning: 'other.yml#/Body' names other.yml, which cannot be read (does not exist); what it stands for is not compared [contract-spec-ref]"])
        #expect(Self.specMessages(SpecPair.post(request: "{$ref: '#/components/schemas/Nothing'}"))
                == ["new.yml:3:115: warning: '#/components/schemas/Nothing' names nothing in the spec; what it stands for is not compared [contract-spec-ref]"])
        #expect(Self.specMessages("openapi: 3.0.3\ninfo:\n  version: '1'\npaths: {}\n")
                == ["new.yml:3:3: warning: 'info' has no 'title' [contract-spec-tolerated]"])
        #expect(Self.specMessages("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a/{x}: {get: {responses: {'200': {description: ok}}}}\n  /a/{y}: {get: {responses: {'200': {description: ok}}}}\n")
                == ["new.yml:4:17: warning: path parameter '{x}' of GET /a/{x} is not declared; read as a required string [contract-spec-tolerated]",
                    "new.yml:5:3: error: paths '/a/{x}' (line 4) and '/a/{y}' are equivalent templated paths, and both have GET; the spec must keep one [contract-spec-duplicate-path]",
                    "new.yml:5:17: warning: path parameter '{y}' of GET /a/{y} is not declared; read as a required string [contract-spec-tolerated]"])
    }

    @Test func comparisonsWithTheBase() {
        let files = P.files(spec: P.v2, changes: P.nonBreaking)
        #expect(Self.messages(files, git: P.git(), base: "main") == [
            "api/pets.yml:4:1: error: breaking change since main not declared: response-property-became-optional in GET /pets/{id} at #/components/schemas/Pet/properties/name: property 'name' became optional: it may be missing; the newest entry of content/contracts/pets.yml 'changes' (1.0) is non-breaking; add a 'changes' entry with kind: breaking [undeclared-breaking-change]",
        ])
        #expect(Self.messages(P.files(spec: P.v1, changes: P.breaking), git: P.git(), base: "main") == [
            "content/contracts/pets.yml:9:5: warning: change 2.0 is declared breaking, but no breaking change was found in 'api/pets.yml' since main [declared-breaking-change-not-found]",
        ])
        #expect(Self.messages(files, git: RevisionGit(revisions: ["main": [:]]), base: "main") == [
            "content/contracts/pets.yml:2:7: note: spec 'api/pets.yml' did not exist at main: nothing to compare [contract-new-since-base]",
        ])
        #expect(Self.messages(files, git: P.git(), base: "nope") == [
            "content/contracts/pets.yml:2:7: error: contract 'Pets API': cannot read spec 'api/pets.yml' at nope: fatal: invalid object name 'nope' [git-show]",
        ])
        #expect(Self.messages(files, git: P.git(spec: "openapi: 3.1.0\ninfo: [\n"), base: "main") == [
            "content/contracts/pets.yml:2:7: warning: contract 'Pets API' (content/contracts/pets.yml) could not be compared: its spec 'api/pets.yml' at main cannot be read: main:api/pets.yml:3:1: error: invalid YAML/JSON in the spec: did not find expected node content while parsing a flow node [contract-spec-syntax] [contract-base-unreadable]",
        ])
        // A warning-level difference since the base is reported as a warning.
        let withoutKind = P.v1.replacingOccurrences(of: "kind: {type: string, enum: [cat, dog]}, ", with: "")
        #expect(Self.messages(P.files(spec: withoutKind, changes: P.nonBreaking), git: P.git(), base: "main") == [
            "api/pets.yml: warning: since main: response-property-removed in GET /pets/{id} at #/components/schemas/Pet/properties/kind: property 'kind' removed (in the old spec) [contract-change]",
        ], "a difference found in the old spec only has no line in the new one")
        let moreKinds = P.v1.replacingOccurrences(of: "enum: [cat, dog]", with: "enum: [cat, dog, bird]")
        #expect(Self.messages(P.files(spec: moreKinds, changes: P.nonBreaking), git: P.git(), base: "main") == [
            "api/pets.yml:4:1: warning: since main: response-enum-value-added in GET /pets/{id} at #/components/schemas/Pet/properties/kind: enum value \"bird\" may now be returned [contract-change]",
        ])
    }
}
