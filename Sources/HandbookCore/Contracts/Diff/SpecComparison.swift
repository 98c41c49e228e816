import Foundation

/// Reads two spec files and compares them: what `handbook diff-contract OLD NEW` does.
public enum SpecComparison {
    public struct Result: Sendable {
        public var findings: [ContractFinding]
        public var diagnostics: [Diagnostic]
        /// False when a spec could not be read (the diagnostics say why).
        public var compared: Bool
        public var hasBreaking: Bool { findings.contains { $0.level == .breaking } }

        /// Like diff(1): 0 nothing breaking, 1 something breaking, 2 a spec could not be read.
        public var exitCode: Int32 { !compared ? 2 : hasBreaking ? 1 : 0 }
    }

    /// Both paths absolute; diagnostics name them relative to `workingDirectory`.
    public static func compareFiles(old: String, new: String, workingDirectory: String,
                                    fileSystem: FileSystem = DiskFileSystem(),
                                    options: ContractDiffOptions = ContractDiffOptions()) -> Result {
        let diagnostics = DiagnosticEngine()
        let paths = [old, new]
        var models = [APIModel?](repeating: nil, count: 2)
        models.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            // The two specs are read at once: decoding dominates the time on large specs.
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let path = paths[index]
                let display = Path.relative(path, to: workingDirectory).map { $0.isEmpty ? path : $0 } ?? path
                do {
                    let data = try fileSystem.read(path)
                    slots[index] = model(data, file: display, diagnostics: diagnostics)
                } catch {
                    diagnostics.error("contract-spec-missing", "cannot read the spec: \(error)", file: display)
                }
            }
        }
        guard let before = models[0], let after = models[1], !diagnostics.hasErrors(strict: false) else {
            return Result(findings: [], diagnostics: diagnostics.diagnostics, compared: false)
        }
        return Result(findings: ContractDiff.compare(old: before, new: after, options: options), diagnostics: diagnostics.diagnostics, compared: true)
    }

    /// A spec's text read into the neutral model, or nil after reporting why it cannot be.
    static func model(_ data: Data, file: String, diagnostics: DiagnosticEngine) -> APIModel? {
        guard let document = SpecReader.read(data, file: file, diagnostics: diagnostics) else { return nil }
        return APIModelBuilder(document: document, diagnostics: diagnostics).build()
    }
}
