import Foundation

/// The contract stage (after link): reads each manifest of `contracts/`, the spec it points at, and
/// with `--base` / `--review-base` compares the spec with its version at that revision.
struct ContractStage {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine
    /// Which contracts' specs to read (nil: all). `review` reads only the specs of contracts a change touches.
    var readsSpec: (@Sendable (Contract) -> Bool)?

    /// `contracts/<slug>.yml` (or `.yaml`), directly in the folder: read as a contract, not copied.
    static func isManifest(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 2 && parts[0] == "contracts" && ["yml", "yaml"].contains(Path.extension(path))
    }

    func run(_ loaded: LoadedHandbook) -> [Contract] {
        for revision in [options.base, options.reviewBase].compactMap({ $0 }) where revision.hasPrefix("-") || revision.isEmpty {
            diagnostics.error("bad-revision", "'\(revision)' is not a git revision", file: options.displayPath(options.contentDirectory))
            return []
        }
        let manifests = loaded.contractManifests
        var slots = [Contract?](repeating: nil, count: manifests.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let results = buffer
            DispatchQueue.concurrentPerform(iterations: manifests.count) { index in
                results[index] = read(manifests[index], root: loaded.rootDirectory)
            }
        }
        var contracts: [Contract] = []
        var bySlug: [String: Contract] = [:]
        for contract in slots.compactMap({ $0 }) {
            if let previous = bySlug[contract.slug] {
                diagnostics.error("output-collision", "this manifest and \(previous.source.displayPath) would both be written to \(contract.outputPath)",
                                  at: contract.source.location(line: 1))
                continue
            }
            bySlug[contract.slug] = contract
            contracts.append(contract)
        }
        return contracts.sorted { NaturalOrder.less($0.slug, $1.slug) }
    }

    private func read(_ file: SourceFile, root: String) -> Contract? {
        let data: Data
        do {
            data = try fileSystem.read(file.absolute(contentDirectory: options.contentDirectory))
        } catch {
            diagnostics.unreadable(error, file: file.displayPath)
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let problem = InvalidUTF8.error("the file", data: data, file: file.displayPath)
            diagnostics.error("encoding", problem.message, at: problem.at)
            return nil
        }
        let node: YAMLNode?
        do {
            node = try YAMLReader.parse(text.normalizingLineEnds)
        } catch {
            if case .syntax(let message, let line, let column) = error {
                diagnostics.error("yaml-syntax", "invalid YAML: \(message)", at: file.location(line: line, column: column))
            }
            return nil
        }
        guard var contract = ContractManifestReader(file: file, diagnostics: diagnostics).read(node) else { return nil }
        if let readsSpec, !readsSpec(contract) { return contract }
        let specAbsolute = Path.join(root, contract.specPath)
        guard Path.relative(specAbsolute, to: root) != nil, !contract.specPath.hasPrefix("/") else {
            diagnostics.error("contract-spec-missing", "spec '\(contract.specPath)' is outside the repository; give a path from the repository root",
                              at: contract.specLocation)
            return contract
        }
        guard fileSystem.isFile(specAbsolute) else {
            diagnostics.error("contract-spec-missing",
                              "spec '\(contract.specPath)' not found (paths are from the repository root, \(options.displayPath(root)))",
                              at: contract.specLocation)
            return contract
        }
        do {
            let specData = try fileSystem.read(specAbsolute)
            let confined = ConfinedFileSystem(fileSystem, root: root)
            let files = SpecFiles(directory: Path.directory(specAbsolute), root: root, read: { try confined.read($0) },
                                  display: { [options] in options.displayPath($0) })
            contract.model = SpecComparison.model(specData, file: options.displayPath(specAbsolute), diagnostics: diagnostics, files: files)
            if contract.model == nil {
                diagnostics.error("contract-unreadable",
                                  "contract '\(contract.title)' could not be read: its spec '\(contract.specPath)' is not a readable OpenAPI document or JSON Schema (see the errors at the spec)",
                                  at: contract.specLocation)
            }
        } catch {
            diagnostics.unreadable(error, at: contract.specLocation, what: "the spec")
            return contract
        }
        guard let model = contract.model else { return contract }
        let baseline = ContractBaseline(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics)
        if let base = options.base, let comparison = baseline.compare(contract, model: model, specAbsolute: specAbsolute, root: root, revision: base) {
            ContractGuard(diagnostics: diagnostics).judge(contract, comparison: comparison, revision: base)
        }
        if let review = options.reviewBase {
            contract.reviewBase = review
            contract.reviewFindings = baseline.compare(contract, model: model, specAbsolute: specAbsolute, root: root, revision: review)?.findings ?? []
        }
        return contract
    }
}
