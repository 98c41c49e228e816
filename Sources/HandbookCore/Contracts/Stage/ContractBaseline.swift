import Foundation

/// A contract's spec compared with its version at a git revision.
struct ContractBaseline {
    let options: BuildOptions
    let fileSystem: FileSystem
    let git: GitClient
    let diagnostics: DiagnosticEngine

    struct Comparison {
        var findings: [ContractFinding]
        /// The versions the manifest's `changes` listed at the revision (nil when it cannot be read).
        var baseVersions: Set<String>?
        /// What was not compared: files the spec's `$ref`s name that were not read, at the revision or now.
        var unread: [String] = []
    }

    /// Nil (after a note or an error) when there is nothing to compare with.
    func compare(_ contract: Contract, model: APIModel, specAbsolute: String, root: String, revision: String) -> Comparison? {
        let data: Data
        do {
            data = try git.show(revision: revision, path: specAbsolute)
        } catch .notInRevision {
            diagnostics.emit(Diagnostic(file: contract.specLocation.file, line: contract.specLocation.line, column: contract.specLocation.column,
                                        severity: .note, id: "contract-new-since-base",
                                        message: "spec '\(contract.specPath)' did not exist at \(revision): nothing to compare"))
            return nil
        } catch {
            let reason: String
            if case .failed(let message) = error { reason = message } else { reason = "\(error)" }
            diagnostics.error("git-show", "contract '\(contract.title)': cannot read spec '\(contract.specPath)' at \(revision): \(reason)", at: contract.specLocation)
            return nil
        }
        let quiet = DiagnosticEngine()
        // The files its `$ref`s name are read at the same revision (ADR-0113).
        let git = self.git
        let files = SpecFiles(directory: Path.directory(specAbsolute), root: root,
                              read: { path throws -> Data in
                                  // Boxed by hand: a typed throw passed through an untyped closure crashed (Swift 6.x).
                                  let result: Result<Data, GitShowError>
                                  do throws(GitShowError) { result = .success(try git.show(revision: revision, path: path)) } catch { result = .failure(error) }
                                  switch result {
                                  case .success(let data): return data
                                  case .failure(let failure): throw failure as Error
                                  }
                              },
                              display: { "\(revision):" + (Path.relative($0, to: root) ?? $0) })
        guard let old = SpecComparison.model(data, file: "\(revision):\(contract.specPath)", diagnostics: quiet, files: files),
              !quiet.hasErrors(strict: false) else {
            let first = quiet.diagnostics.first(where: { $0.severity == .error })?.formatted ?? "unreadable"
            diagnostics.warning("contract-base-unreadable",
                                "contract '\(contract.title)' (\(contract.source.displayPath)) could not be compared: its spec '\(contract.specPath)' at \(revision) cannot be read: \(first)",
                                at: contract.specLocation)
            return nil
        }
        var diffOptions = contract.diffOptions
        diffOptions.today = diffOptions.today ?? options.today
        return Comparison(findings: ContractDiff.compare(old: old, new: model, options: diffOptions),
                          baseVersions: baseVersions(contract, revision: revision),
                          unread: old.document.unread + model.document.unread)
    }

    private func baseVersions(_ contract: Contract, revision: String) -> Set<String>? {
        let manifest = contract.source.absolute(contentDirectory: options.contentDirectory)
        guard let data = try? git.show(revision: revision, path: manifest),
              let text = String(validating: data, as: UTF8.self),
              let node = try? YAMLReader.parse(text) else { return nil }
        let quiet = DiagnosticEngine()
        let old = ContractManifestReader(file: contract.source, diagnostics: quiet).read(node)
        return Set(old?.changes.map(\.version) ?? [])
    }
}
