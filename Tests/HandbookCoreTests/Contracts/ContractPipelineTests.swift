import Foundation
import HandbookCore
import Testing

/// Contracts through the whole pipeline: manifests, pages, `check --base` and `--review-base`.
struct ContractPipelineTests {
    static let v1 = SpecPair.openAPI(
        "{'/pets/{id}': {get: {tags: [pets], summary: Get a pet, operationId: getPet, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}}}}",
        schemas: "{Pet: {type: object, required: [name], properties: {name: {type: string, description: The name}, kind: {type: string, enum: [cat, dog]}, parent: {$ref: '#/components/schemas/Pet'}, tag: {type: object, properties: {label: {type: string, format: slug}}}}}}")
    /// `name` is no longer required: breaking for consumers.
    static let v2 = v1.replacingOccurrences(of: "required: [name], ", with: "")

    static func manifest(changes: String) -> String {
        "title: Pets API\nspec: api/pets.yml\nprovider: pets-team\nconsumers: [web, mobile]\nowner: ana\ngoverns: [src/pets/]\nchanges:\n\(changes)"
    }

    static let nonBreaking = "  - {version: '1.0', date: 2026-01-01, kind: non-breaking, pr: 3, summary: First}\n"
    static let breaking = nonBreaking + "  - {version: '2.0', date: 2026-02-01, kind: breaking, pr: 4, summary: Name optional}\n"

    static func files(spec: String, changes: String) -> [String: String] {
        ["content/handbook.yml": "title: T\nrepository: https://github.com/example/repo\n",
         "content/contracts/pets.yml": manifest(changes: changes), "api/pets.yml": spec]
    }

    static func git(spec: String = v1, changes: String = nonBreaking) -> RevisionGit {
        RevisionGit(revisions: ["main": ["/repo/api/pets.yml": spec, "/repo/content/contracts/pets.yml": manifest(changes: changes)]])
    }

    @Test func contractPagesRender() throws {
        let build = contractBuild(Self.files(spec: Self.v1, changes: Self.nonBreaking))
        #expect(build.result.diagnostics.isEmpty, "\(build.result.diagnostics.map(\.formatted))")
        #expect(build.output.files["contracts/pets.yml"] == nil, "a manifest is read, not copied")
        let index = try #require(build.output.text("contracts/index.html"))
        #expect(index.contains(#"<a href="pets.html">Pets API</a>"#))
        #expect(index.contains("pets-team") && index.contains("mobile") && index.contains("non-breaking"))
        let page = try #require(build.output.text("contracts/pets.html"))
        for fragment in ["<h3>pets</h3>", #"<span class="method method-get">GET</span> <code>/pets/{id}</code>"#, "Get a pet",
                         #"<code>id</code></th><td>path</td><td>string</td><td><strong class="required">required</strong>"#,
                         ##"<a href="#schema-pet">Pet</a>"##, #"id="schema-pet""#, "The name", "&quot;cat&quot;, &quot;dog&quot;",
                         #"style="--depth: 1"><code>label</code></th><td>string <small>(slug)</small>"#,
                         #"<a href="https://github.com/example/repo/pull/3">#3</a>"#, "<code>src/pets/</code>", "<code>api/pets.yml</code>"] {
            #expect(page.contains(fragment), "missing: \(fragment)")
        }
        let contract = try #require(build.result.handbook?.contracts.first)
        #expect(contract.governedPaths == ["src/pets/", "api/pets.yml"])
        #expect(page.contains(#"<link rel="stylesheet" href="../style.css">"#), "links are relative")
    }

    /// The manifest's `sunset_policy` and `compatibility` reach `check --base`: each turns a change
    /// the default calls breaking (so undeclared: an error) into one that is not.
    @Test func manifestOptionsReachTheGuard() {
        func ids(spec: String, base: String, options: String) -> [String] {
            let manifest = "title: A\nspec: api/a.yml\nprovider: x\n\(options)changes:\n\(Self.nonBreaking)"
            let git = RevisionGit(revisions: ["main": ["/repo/api/a.yml": base, "/repo/content/contracts/a.yml": manifest]])
            return contractBuild(["content/handbook.yml": "title: T\n", "content/contracts/a.yml": manifest, "api/a.yml": spec],
                                 git: git, base: "main", write: false).result.diagnostics.map(\.id)
        }
        // A deprecated operation removed, with no sunset date: information under the sunset policy.
        let ok = "{description: ok}"
        let both = SpecPair.openAPI("{/pets: {get: {deprecated: true, responses: {'200': \(ok)}}, post: {responses: {'200': \(ok)}}}}")
        let postOnly = SpecPair.openAPI("{/pets: {post: {responses: {'200': \(ok)}}}}")
        #expect(ids(spec: postOnly, base: both, options: "") == ["undeclared-breaking-change"])
        #expect(ids(spec: postOnly, base: both, options: "sunset_policy: true\n") == [])
        #expect(ids(spec: postOnly, base: both, options: "sunset_policy: false\n") == ["undeclared-breaking-change"])
        // A standalone schema that now requires a property: breaking for readers of old data (backward),
        // not for readers on the old schema (forward).
        let schema = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}"
        let required = schema.replacingOccurrences(of: "\"type\": \"object\",", with: "\"type\": \"object\", \"required\": [\"a\"],")
        #expect(ids(spec: required, base: schema, options: "") == ["undeclared-breaking-change"])
        #expect(ids(spec: required, base: schema, options: "compatibility: forward\n") == [])
        #expect(ids(spec: required, base: schema, options: "compatibility: Full\n") == ["undeclared-breaking-change"])
    }

    /// `check --base` and `review` keep their exit codes and say which contract could not be read.
    @Test func unreadableSpecsNameTheirContract() throws {
        let broken = contractBuild(Self.files(spec: "openapi: 3.1.0\ninfo: {title: [\n", changes: Self.nonBreaking), git: Self.git(), base: "main", write: false)
        let named = try #require(broken.result.diagnostics.first { $0.id == "contract-unreadable" }, "\(broken.result.diagnostics.map(\.formatted))")
        #expect(named.severity == .error && named.file == "content/contracts/pets.yml" && named.line == 2)
        #expect(named.message.contains("contract 'Pets API' could not be read: its spec 'api/pets.yml'"), "\(named.message)")
        #expect(!broken.result.succeeded)
        let base = contractBuild(Self.files(spec: Self.v1, changes: Self.nonBreaking),
                                 git: Self.git(spec: "services:\n  web: {image: nginx}\n"), base: "main", write: false)
        let warning = try #require(base.result.diagnostics.first { $0.id == "contract-base-unreadable" }, "\(base.result.diagnostics.map(\.formatted))")
        #expect(warning.severity == .warning && warning.file == "content/contracts/pets.yml")
        #expect(warning.message.hasPrefix("contract 'Pets API' (content/contracts/pets.yml) could not be compared: its spec 'api/pets.yml' at main cannot be read"),
                "\(warning.message)")
        // A spec with tolerated violations at the base is compared all the same.
        let tolerated = contractBuild(Self.files(spec: Self.v2, changes: Self.nonBreaking),
                                      git: Self.git(spec: Self.v1.replacingOccurrences(of: "{description: ok, content", with: "{content")),
                                      base: "main", write: false)
        #expect(tolerated.result.diagnostics.contains { $0.id == "undeclared-breaking-change" }, "\(tolerated.result.diagnostics.map(\.formatted))")
    }

    @Test func outputIsByteIdentical() {
        let a = contractBuild(Self.files(spec: Self.v1, changes: Self.nonBreaking))
        let b = contractBuild(Self.files(spec: Self.v1, changes: Self.nonBreaking))
        #expect(a.output.files == b.output.files)
    }

    @Test func undeclaredBreakingChangeIsAnError() throws {
        let build = contractBuild(Self.files(spec: Self.v2, changes: Self.nonBreaking), git: Self.git(), base: "main", write: false)
        let error = try #require(build.result.diagnostics.first { $0.id == "undeclared-breaking-change" })
        #expect(error.severity == .error && error.file == "api/pets.yml" && error.line == 4)
        #expect(error.message.contains("response-property-became-optional"))
        #expect(error.message.contains("GET /pets/{id} at #/components/schemas/Pet/properties/name"))
        #expect(!build.result.succeeded)
    }

    @Test func declaredBreakingChangePasses() {
        let build = contractBuild(Self.files(spec: Self.v2, changes: Self.breaking), git: Self.git(), base: "main", write: false)
        #expect(build.result.diagnostics.isEmpty, "\(build.result.diagnostics.map(\.formatted))")
        #expect(build.result.succeeded)
    }

    @Test func anOldBreakingDeclarationDoesNotCoverANewBreakingChange() {
        let git = Self.git(spec: Self.v1, changes: Self.breaking)
        let build = contractBuild(Self.files(spec: Self.v2, changes: Self.breaking), git: git, base: "main", write: false)
        #expect(build.result.diagnostics.map(\.id) == ["undeclared-breaking-change"], "\(build.result.diagnostics.map(\.formatted))")
    }

    @Test func declaredButNotFoundIsAWarning() throws {
        let build = contractBuild(Self.files(spec: Self.v1, changes: Self.breaking), git: Self.git(), base: "main", write: false)
        let warning = try #require(build.result.diagnostics.first)
        #expect(warning.id == "declared-breaking-change-not-found" && warning.severity == .warning)
        #expect(warning.file == "content/contracts/pets.yml" && warning.line == 9)
    }

    @Test func newSpecAndUnknownRevision() {
        let new = contractBuild(Self.files(spec: Self.v2, changes: Self.nonBreaking), git: RevisionGit(revisions: ["main": [:]]),
                                base: "main", write: false)
        #expect(new.result.diagnostics.map(\.id) == ["contract-new-since-base"])
        #expect(new.result.succeeded)
        let unknown = contractBuild(Self.files(spec: Self.v2, changes: Self.nonBreaking), git: Self.git(), base: "nope", write: false)
        #expect(unknown.result.diagnostics.map(\.id) == ["git-show"])
        #expect(unknown.result.diagnostics.first?.line == 2)
    }

    @Test func reviewBaseShowsTheChangesOnThePage() throws {
        let build = contractBuild(Self.files(spec: Self.v2, changes: Self.nonBreaking), git: Self.git(), reviewBase: "main")
        #expect(build.result.succeeded, "\(build.result.diagnostics.map(\.formatted))")
        let page = try #require(build.output.text("contracts/pets.html"))
        #expect(page.contains("Changes since <code>main</code>"))
        #expect(page.contains("<code>response-property-became-optional</code>"))
        let review = ContractReview.entries(in: try #require(build.result.handbook))
        #expect(review.map(\.contract.slug) == ["pets"])
        #expect(review.first?.findings.map(\.id) == ["response-property-became-optional"])
    }

    @Test func manifestProblemsAreReportedAtTheirLines() {
        let build = contractBuild([
            "content/handbook.yml": "title: T\n",
            "content/contracts/a.yml": "title: A\nspec: api/missing.yml\nprovider: x\nconsumer: [y]\n",
            "content/contracts/b.yml": "title: B\nprovider: x\n",
            "content/contracts/c.yml": "title: C\nspec: api/c.yml\nprovider: x\nchanges:\n  - {version: '1', kind: maybe}\n",
            "api/c.yml": SpecPair.post(),
        ], write: false)
        let found = build.result.diagnostics.map { "\($0.file):\($0.line) \($0.id)" }
        #expect(found == ["content/contracts/a.yml:2 contract-spec-missing", "content/contracts/a.yml:4 unknown-field",
                          "content/contracts/b.yml:1 contract-manifest", "content/contracts/c.yml:5 contract-manifest"])
    }
}
