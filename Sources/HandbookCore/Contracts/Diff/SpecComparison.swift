import Foundation

/// Reads two spec files and compares them: what `handbook diff-contract OLD NEW` does.
public enum SpecComparison {
    public struct Result: Sendable {
        public var findings: [ContractFinding]
        public var diagnostics: [Diagnostic]
        /// False when a spec could not be read (the diagnostics say why).
        public var compared: Bool
        /// What was not compared: the files `$ref`s name that were not read, in either spec (ADR-0113).
        public var unread: [String] = []
        public var hasBreaking: Bool { findings.contains { $0.level == .breaking } }

        /// Like diff(1): 0 nothing breaking, 1 something breaking, 2 a spec (or a part of one) could not be
        /// read: a comparison that left parts out cannot say nothing broke.
        public var exitCode: Int32 { !compared ? 2 : hasBreaking ? 1 : unread.isEmpty ? 0 : 2 }
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
                    slots[index] = model(data, file: display, diagnostics: diagnostics,
                                         files: files(for: path, fileSystem: fileSystem, workingDirectory: workingDirectory))
                } catch {
                    diagnostics.error("contract-spec-missing", "cannot read the spec: \(error)", file: display)
                }
            }
        }
        guard let before = models[0], let after = models[1], !diagnostics.hasErrors(strict: false) else {
            return Result(findings: [], diagnostics: diagnostics.diagnostics, compared: false)
        }
        return Result(findings: ContractDiff.compare(old: before, new: after, options: options), diagnostics: diagnostics.diagnostics,
                      compared: true, unread: before.document.unread + after.document.unread)
    }

    /// The files a spec given on the command line may refer to: those in its repository (the nearest
    /// folder above it holding `.git`; the spec's own folder outside git), read without following a
    /// link out of it (ADR-0013, ADR-0113).
    static func files(for path: String, fileSystem: FileSystem, workingDirectory: String) -> SpecFiles {
        let directory = Path.directory(path)
        var root = directory, probe = directory
        while !probe.isEmpty {
            if fileSystem.isDirectory(Path.join(probe, ".git")) || fileSystem.isFile(Path.join(probe, ".git")) {
                root = probe
                break
            }
            let parent = Path.directory(probe)
            if parent == probe || parent.isEmpty { break }
            probe = parent
        }
        let confined = ConfinedFileSystem(fileSystem, root: root)
        return SpecFiles(directory: directory, root: root, read: { try confined.read($0) },
                         display: { Path.relative($0, to: workingDirectory).map { $0.isEmpty ? path : $0 } ?? $0 })
    }

    /// A spec's text read into the neutral model, or nil after reporting why it cannot be. The
    /// files its relative `$ref`s name are read too (ADR-0113).
    static func model(_ data: Data, file: String, diagnostics: DiagnosticEngine, files: SpecFiles) -> APIModel? {
        guard var document = SpecReader.read(data, file: file, diagnostics: diagnostics) else { return nil }
        document.mainName = Path.normalize(String(file.split(separator: "/").last ?? Substring(file)))
        files.load(into: &document, diagnostics: diagnostics)
        return APIModelBuilder(document: document, diagnostics: diagnostics).build()
    }
}
