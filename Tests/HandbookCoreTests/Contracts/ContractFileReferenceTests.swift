import Foundation
import HandbookCore
import Testing

/// Specs split across files (ADR-0113): relative `$ref`s to other files are followed, inside the
/// repository only, each file read once; what is not read is said, never passed as "no differences".
/// The fixture is modelled on digitalocean/openapi's layout (operations and path items given as
/// `$ref: 'resources/...yml'`, schemas in further files), written for this test.
struct ContractFileReferenceTests {
    static let api = """
        openapi: 3.0.0
        info: {title: Teams, version: '2.0'}
        paths:
          /v2/organizations/teams:
            get:
              $ref: 'resources/list_teams.yml'
          /v2/organizations/teams/{id}:
            $ref: 'resources/team_path.yml'

        """
    static let listTeams = """
        operationId: list_teams
        responses:
          '200':
            description: The teams
            content:
              application/json:
                schema:
                  type: object
                  required: [teams, total]
                  properties:
                    teams: {type: array, items: {$ref: 'models/team.yml'}}
                    total: {type: integer}

        """
    static let teamPath = """
        get:
          operationId: get_team
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            '200':
              description: One team
              content:
                application/json:
                  schema: {$ref: 'models/team.yml'}

        """
    static let team = "type: object\nrequired: [id, name]\nproperties:\n  id: {type: string}\n  name: {type: string}\n"

    static func tree(_ prefix: String, api: String = api, listTeams: String = listTeams, teamPath: String = teamPath,
                     team: String = team) -> [String: String] {
        [prefix + "api.yaml": api, prefix + "resources/list_teams.yml": listTeams, prefix + "resources/team_path.yml": teamPath,
         prefix + "resources/models/team.yml": team]
    }

    /// The changed version: `total` no longer in the list, `name` optional, GET /teams/{id} gone.
    static var newTree: [String: String] {
        tree("/t/new/", listTeams: listTeams.replacingOccurrences(of: "[teams, total]", with: "[teams]")
                .replacingOccurrences(of: "            total: {type: integer}\n", with: ""),
             teamPath: "parameters:\n  - {name: id, in: path, required: true, schema: {type: string}}\n",
             team: team.replacingOccurrences(of: "[id, name]", with: "[id]"))
    }

    static func compare(_ files: [String: String]) -> SpecComparison.Result {
        SpecComparison.compareFiles(old: "/t/old/api.yaml", new: "/t/new/api.yaml", workingDirectory: "/t",
                                    fileSystem: MemoryFileSystem(files), options: ContractDiffOptions(today: "2026-11-21"))
    }

    @Test func changesInReferencedFilesAreFound() {
        let result = Self.compare(Self.tree("/t/old/").merging(Self.newTree) { $1 })
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        #expect(result.findings.map { "\($0.source): \($0.summary)" } == [
            "old/resources/list_teams.yml:12: [breaking] response-required-property-removed GET /v2/organizations/teams (resources/list_teams.yml#/responses/200/content/application~1json/schema/properties/total): property 'total', which was required, removed (in the old spec)",
            "new/resources/models/team.yml:5: [breaking] response-property-became-optional GET /v2/organizations/teams (resources/models/team.yml#/properties/name): property 'name' became optional: it may be missing",
            "old/resources/team_path.yml:2: [breaking] operation-removed GET /v2/organizations/teams/{id} (resources/team_path.yml#/get): operation removed (in the old spec)",
        ])
        #expect(result.exitCode == 1 && result.unread.isEmpty)
    }

    /// A URL, a file outside the repository and a missing one: a warning at the `$ref`, and the diff says what it did not compare.
    @Test func referencesNotReadAreSaidNeverSkipped() {
        let api = Self.api + "components:\n  schemas:\n    Remote: {$ref: 'https://example.com/x.yml'}\n    Out: {$ref: '../../etc/passwd'}\n    Gone: {$ref: 'models/gone.yml#/Gone'}\n"
        let files = Self.tree("/t/old/", api: api).merging(Self.tree("/t/new/", api: api)) { $1 }
        let result = Self.compare(files)
        #expect(result.findings.isEmpty)
        #expect(result.diagnostics.filter { $0.file == "new/api.yaml" }.map(\.formatted) == [
            "new/api.yaml:11:20: warning: 'https://example.com/x.yml' is a URL: only files in the repository are read; what it stands for is not compared [contract-spec-ref]",
            "new/api.yaml:12:17: warning: '../../etc/passwd' names a file outside the repository (/t/new): not read; what it stands for is not compared [contract-spec-ref]",
            "new/api.yaml:13:18: warning: 'models/gone.yml#/Gone' names new/models/gone.yml, which cannot be read (does not exist); what it stands for is not compared [contract-spec-ref]",
        ])
        #expect(result.unread.count == 6)
        #expect(result.exitCode == 2, "nothing breaking found, but parts were not compared")
        let text = ContractDiffFormat.text.render(result.findings, old: "old/api.yaml", new: "new/api.yaml", unread: result.unread)
        #expect(!text.contains("no differences between"))
        #expect(text.contains("not compared") && text.contains("  new/api.yaml:12: '../../etc/passwd' names a file outside the repository"))
        #expect(!ContractDiffFormat.markdown.render([], old: "a", new: "b", unread: result.unread).contains("No differences."))
    }

    /// Files that refer to each other (a cycle) are each read once, and the comparison ends.
    @Test func cyclesAcrossFilesEndAndEachFileIsReadOnce() {
        let api = Self.api + "components:\n  schemas:\n    Node: {$ref: 'resources/node.yml'}\n"
        let node = "type: object\nproperties:\n  next: {$ref: 'edge.yml#/Edge'}\n  team: {$ref: 'models/team.yml'}\n"
        let edge = "Edge: {type: object, required: [to], properties: {to: {$ref: 'node.yml'}, back: {$ref: '../api.yaml#/components/schemas/Node'}}}\n"
        var files = Self.tree("/t/old/", api: api).merging(Self.tree("/t/new/", api: api)) { $1 }
        for side in ["old", "new"] {
            files["/t/\(side)/resources/node.yml"] = node
            files["/t/\(side)/resources/edge.yml"] = side == "old" ? edge : edge.replacingOccurrences(of: "required: [to], ", with: "")
        }
        let counting = CountingFileSystem(MemoryFileSystem(files))
        let result = SpecComparison.compareFiles(old: "/t/old/api.yaml", new: "/t/new/api.yaml", workingDirectory: "/t", fileSystem: counting)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.formatted))")
        // No operation uses Node: the change is a note naming what changed (ADR-0114).
        #expect(result.findings.map(\.id) == ["unused-schema-changed"])
        #expect(result.findings.first?.text.contains("response-property-became-optional: property 'to' became optional") == true,
                "\(result.findings.map(\.summary))")
        #expect(counting.reads.values.allSatisfy { $0 == 1 } && counting.reads.count == 12, "\(counting.reads)")
    }

    /// `check --base` reads the referenced files at the base revision too.
    @Test func checkBaseComparesReferencedFilesAtTheRevision() {
        let manifest = "title: Teams\nspec: api/api.yaml\nprovider: x\nchanges:\n\(ContractPipelineTests.nonBreaking)"
        var base: [String: String] = ["/repo/content/contracts/teams.yml": manifest]
        for (path, text) in Self.tree("/repo/api/") { base[path] = text }
        var now: [String: String] = ["content/handbook.yml": "title: T\n", "content/contracts/teams.yml": manifest]
        for (path, text) in Self.tree("api/", team: Self.team.replacingOccurrences(of: "[id, name]", with: "[id]")) { now[path] = text }
        let build = contractBuild(now, git: RevisionGit(revisions: ["main": base]), base: "main", write: false)
        #expect(build.result.diagnostics.map(\.formatted) == [
            "api/api.yaml: error: breaking change since main not declared: response-property-became-optional in GET /v2/organizations/teams at resources/models/team.yml#/properties/name: property 'name' became optional: it may be missing (api/resources/models/team.yml:5); the newest entry of content/contracts/teams.yml 'changes' (1.0) is non-breaking; add a 'changes' entry with kind: breaking [undeclared-breaking-change]",
        ])
        let missing = contractBuild(now, git: RevisionGit(revisions: ["main": base.filter { !$0.key.hasSuffix("team.yml") }]), base: "main", write: false)
        #expect(missing.result.diagnostics.map(\.formatted).contains(
            "content/contracts/teams.yml:2:7: warning: contract 'Teams' was compared with main without what these references name: main:api/resources/list_teams.yml:11: 'models/team.yml' names main:api/resources/models/team.yml, which cannot be read (not in that revision) [contract-not-compared]"),
                "\(missing.result.diagnostics.map(\.formatted))")
    }

    /// Pages read operations through the references: no "has no 'responses'" for a `$ref` operation.
    @Test func pagesShowReferencedOperations() throws {
        var files: [String: String] = ["content/handbook.yml": "title: T\n",
                                       "content/contracts/teams.yml": "title: Teams\nspec: api/api.yaml\nprovider: x\n"]
        for (path, text) in Self.tree("api/") { files[path] = text }
        let build = contractBuild(files)
        #expect(build.result.diagnostics.isEmpty, "\(build.result.diagnostics.map(\.formatted))")
        let page = try #require(build.output.text("contracts/teams.html"))
        #expect(page.contains("<code>/v2/organizations/teams/{id}</code>") && page.contains("One team") && page.contains("<code>total</code>"))
    }
}

/// Counts the reads of each path.
final class CountingFileSystem: FileSystem, @unchecked Sendable {
    let base: FileSystem
    private let lock = NSLock()
    private(set) var reads: [String: Int] = [:]

    init(_ base: FileSystem) { self.base = base }

    func read(_ path: String) throws -> Data {
        lock.lock()
        reads[path, default: 0] += 1
        lock.unlock()
        return try base.read(path)
    }

    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func isFile(_ path: String) -> Bool { base.isFile(path) }
    func files(under directory: String, skipping: Set<String>) throws -> [String] { try base.files(under: directory, skipping: skipping) }
}
