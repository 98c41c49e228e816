import Foundation

/// Where the files a spec's relative `$ref`s name are read from (ADR-0113): the work tree through the
/// confined file system, or a git revision. Only files inside `root` (the repository) are read.
public struct SpecFiles: Sendable {
    /// The spec's folder, absolute: references are relative to the file they are written in.
    public var directory: String
    /// No file outside this folder is read (ADR-0013).
    public var root: String
    /// Reads an absolute path (inside `root`).
    public var read: @Sendable (String) throws -> Data
    /// How diagnostics name an absolute path.
    public var display: @Sendable (String) -> String

    public init(directory: String, root: String, read: @escaping @Sendable (String) throws -> Data,
                display: @escaping @Sendable (String) -> String) {
        self.directory = directory
        self.root = root
        self.read = read
        self.display = display
    }

    /// Reads every file the spec's relative references name, and the files those name, each once,
    /// breadth first (a cycle of files ends: a file already read is not read again). A reference to a
    /// URL, to a file outside `root` or to one that cannot be read or parsed is a `contract-spec-ref`
    /// warning at the `$ref` (once per file) and a sentence in `document.unread`.
    func load(into document: inout SpecDocument, diagnostics: DiagnosticEngine) {
        var failed: Set<String> = []
        var pending: [(key: String, root: YAMLNode)] = [(document.mainName, document.root)]
        while !pending.isEmpty {
            let (key, tree) = pending.removeFirst()
            let here = key == document.mainName ? document.file : document.externals[key]?.display ?? key
            for (reference, node) in Self.fileReferences(in: tree) {
                let place = SourceLocation(file: here, line: node.line, column: node.column)
                func skip(_ why: String) {
                    document.unread.append("\(here):\(node.line): '\(reference)' \(why)")
                    diagnostics.warning("contract-spec-ref", "'\(reference)' \(why); what it stands for is not compared", at: place)
                }
                guard let target = SpecDocument.fileKey(of: reference, from: key) else {
                    let marker = "url " + reference
                    if failed.insert(marker).inserted { skip("is a URL: only files in the repository are read") }
                    continue
                }
                guard target != document.mainName, document.externals[target] == nil, !failed.contains(target) else { continue }
                let absolute = Path.join(directory, target)
                guard !target.hasPrefix("/"), Path.relative(absolute, to: root) != nil else {
                    failed.insert(target)
                    skip("names a file outside the repository (\(Path.normalize(root))): not read")
                    continue
                }
                let data: Data
                do {
                    data = try read(absolute)
                } catch {
                    failed.insert(target)
                    skip("names \(self.display(absolute)), which cannot be read (\(Self.reason(error)))")
                    continue
                }
                guard let text = String(validating: data, as: UTF8.self) else {
                    failed.insert(target)
                    skip("names a file that is not UTF-8 text: \(self.display(absolute))")
                    continue
                }
                let parsed: YAMLNode?
                do {
                    parsed = try YAMLReader.parse(text, nodeBudget: max(YAMLReader.nodeBudget, data.count))
                } catch {
                    failed.insert(target)
                    if case .syntax(let message, let line, _) = error {
                        skip("names a file that is not valid YAML/JSON (\(self.display(absolute)):\(line): \(message))")
                    } else {
                        skip("names a file that is not valid YAML/JSON: \(self.display(absolute))")
                    }
                    continue
                }
                let external = parsed ?? YAMLNode(value: .mapping([]), line: 1, column: 1)
                document.externals[target] = SpecDocument.ExternalFile(display: self.display(absolute), root: external)
                pending.append((target, external))
            }
        }
    }

    private static func reason(_ error: Error) -> String {
        if let error = error as? FileSystemError { return error.reason }
        if let error = error as? GitShowError { return error == .notInRevision ? "not in that revision" : error.message }
        return "\(error)"
    }

    /// Every `$ref` of a tree that names another file, with its value's node, in written order.
    static func fileReferences(in root: YAMLNode) -> [(String, YAMLNode)] {
        var found: [(String, YAMLNode)] = []
        var pending = [root]
        while let node = pending.popLast() {
            switch node.value {
            case .scalar: continue
            case .sequence(let items): pending.append(contentsOf: items.reversed())
            case .mapping(let entries):
                for entry in entries.reversed() {
                    if entry.key.string == "$ref", let reference = entry.value.string, !reference.hasPrefix("#") {
                        found.append((reference, entry.value))
                    } else {
                        pending.append(entry.value)
                    }
                }
            }
        }
        return found.sorted { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }
    }
}
