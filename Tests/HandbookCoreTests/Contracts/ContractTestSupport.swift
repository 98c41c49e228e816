import Foundation
import HandbookCore

/// Small OpenAPI documents written on a few lines, and the diff between two of them.
enum SpecPair {
    /// An OpenAPI document with `paths` and `components.schemas` given as YAML flow mappings.
    static func openAPI(_ paths: String, schemas: String = "{}", version: String = "3.1.0") -> String {
        "openapi: \(version)\ninfo: {title: T, version: '1'}\npaths: \(paths)\ncomponents: {schemas: \(schemas)}\n"
    }

    /// One POST operation with a request body schema and a 200 response schema.
    static func post(request: String = "{type: object}", response: String = "{type: object}", parameters: String = "[]",
                     bodyRequired: Bool = true, version: String = "3.1.0") -> String {
        openAPI("{/items: {post: {parameters: \(parameters), requestBody: {required: \(bodyRequired), content: {application/json: {schema: \(request)}}}, responses: {'200': {description: ok, content: {application/json: {schema: \(response)}}}}}}}",
                version: version)
    }

    /// The findings of `old` against `new` (file names given so sources read well); reading errors fail.
    static func diff(_ old: String, _ new: String, oldName: String = "old.yml", newName: String = "new.yml",
                     options: ContractDiffOptions = ContractDiffOptions(today: "2026-11-21")) -> SpecComparison.Result {
        let fileSystem = MemoryFileSystem(["/t/" + oldName: old, "/t/" + newName: new])
        return SpecComparison.compareFiles(old: "/t/" + oldName, new: "/t/" + newName, workingDirectory: "/t", fileSystem: fileSystem,
                                           options: options)
    }

    /// One GET operation whose 200 response has `headers`.
    static func headers(_ headers: String) -> String {
        openAPI("{/items: {get: {responses: {'200': {description: ok, headers: \(headers)}}}}}")
    }

    static func ids(_ old: String, _ new: String) -> [String] { diff(old, new).findings.map(\.id) }
}

/// A git that answers `show` from a table of `[revision: [absolute path: text]]`.
struct RevisionGit: GitClient {
    var revisions: [String: [String: String]]
    /// The work tree's files (relative to /repo), and an empty history: a git work tree, so no "no history" note.
    var files: [String] = []

    func topLevel(of directory: String) -> String? { nil }
    func listFiles(in root: String) -> [String]? { files }
    func log(in root: String, maxCount: Int) -> [Commit]? { [] }
    func changedFiles(in root: String, base: String, head: String?) throws(GitShowError) -> [ChangedFile] {
        guard let files = revisions[base] else { throw .failed("fatal: bad revision '\(base)'") }
        return files.keys.compactMap { Path.relative($0, to: "/repo") }.sorted().map { ChangedFile(path: $0, status: .modified) }
    }

    func show(revision: String, path: String) throws(GitShowError) -> Data {
        guard let files = revisions[revision] else { throw .failed("fatal: invalid object name '\(revision)'") }
        guard let text = files[path] else { throw .notInRevision }
        return Data(text.utf8)
    }
}

/// Runs the whole pipeline over `[path below /repo: text]` with a git and contract options.
func contractBuild(_ files: [String: String], git: RevisionGit = RevisionGit(revisions: [:]), base: String? = nil,
                   reviewBase: String? = nil, write: Bool = true) -> (result: BuildResult, output: MemoryOutput) {
    var git = git
    // Every contract test's repository has the code its manifests govern.
    let files = files.merging(["src/pets/handler.swift": ""]) { $1 }
    git.files = files.keys.sorted()
    let fileSystem = MemoryFileSystem(Dictionary(uniqueKeysWithValues: files.map { ("/repo/" + $0.key, $0.value) }))
    var options = BuildOptions(contentDirectory: "/repo/content", outputDirectory: "/repo/public", rootDirectory: "/repo",
                               workingDirectory: "/repo", today: "2026-11-21")
    options.base = base
    options.reviewBase = reviewBase
    let output = MemoryOutput()
    let result = Pipeline.build(options: options, fileSystem: fileSystem, git: git, output: write ? output : nil)
    return (result, output)
}
