import Foundation

/// A folder the handbook reads, and where its files go in the site (ADR-0011).
///
/// The content folder is read as the site's root (`content/decisions/x.md` is `decisions/x.md`).
/// A decision log kept elsewhere (`doc/adr`, named in `handbook.yml` or found by `LogDiscovery`)
/// is read as `decisions/`: its files keep their real place for reading, diagnostics and source
/// links (`SourceFile.absolutePath`, `repositoryPath`), and take their kind from the folder.
public struct ContentFolder: Sendable, Equatable {
    /// Absolute path of the folder.
    public var directory: String
    /// Where its files go in the site: `""` (the content folder), `decisions`, `decisions/core`.
    public var prefix: String
    /// The kind key it was read as (`decisions`, `landmines`, `contracts`, `metrics`, `pages`), nil for the content folder.
    public var kind: String?
    /// A log4brains package's name: its records' ids are `NAME/slug`.
    public var idPrefix: String?
    /// False for a log at the repository root (`decisions: .`): only the root's own files are records.
    public var recursive = true
    /// Why it was read: `content folder`, `handbook.yml`, `.adr-dir`, `.log4brains.yml`, `found`.
    public var reason: String

    /// `doc/adr (decisions, from .adr-dir)`, for `build`'s report of what it read.
    public func describe(root: String, options: BuildOptions) -> String {
        let place = Path.relative(directory, to: root).map { $0.isEmpty ? "." : $0 } ?? options.displayPath(directory)
        return "\(place) (\(kind ?? "content")\(idPrefix.map { " of package " + $0 } ?? ""), \(reason))"
    }
}

/// Finds a repository's decision log where the ecosystem keeps it, with no set-up.
enum LogDiscovery {
    /// The folders tried in order, after `.adr-dir` and `.log4brains.yml`.
    static let candidates = ["doc/adr", "docs/adr", "docs/decisions", "docs/architecture-decisions", "docs/adrs",
                             "docs/architecture/decisions", "doc/architecture/decisions",
                             "architecture-decision-records", "architecture-decision-record", "adr", "adrs", "decisions",
                             "doc/decisions", "ADR", "docs/ADR", "doc/ADR"]

    static func find(root: String, fileSystem: FileSystem, diagnostics: DiagnosticEngine, options: BuildOptions) -> [ContentFolder] {
        // adr-tools: `.adr-dir` holds the log's folder, relative to the root (else `doc/adr`).
        let adrDir = root + "/.adr-dir"
        if fileSystem.isFile(adrDir), let data = try? fileSystem.read(adrDir), let text = String(data: data, encoding: .utf8) {
            let folder = text.split(separator: "\n").first.map { String($0).trimmingCharacters(in: " \t\r") } ?? ""
            let directory = Path.join(root, folder)
            if !folder.isEmpty, Path.relative(directory, to: root) != nil, fileSystem.isDirectory(directory) {
                return [ContentFolder(directory: directory, prefix: "decisions", kind: "decisions", reason: "from .adr-dir")]
            }
            diagnostics.warning("log-folder", ".adr-dir names '\(folder)', which is not a folder of the repository",
                                file: options.displayPath(adrDir))
        }
        if let folders = log4brains(root: root, fileSystem: fileSystem, diagnostics: diagnostics, options: options) {
            return folders
        }
        for candidate in candidates {
            let directory = root + "/" + candidate
            if fileSystem.isDirectory(directory) {
                return [ContentFolder(directory: directory, prefix: "decisions", kind: "decisions", reason: "found")]
            }
        }
        guard let files = try? fileSystem.files(under: root, skipping: [".git", "node_modules", "vendor", "third_party"]) else { return [] }
        // A log at the root itself: numbered records such as `adr-001-use-adrs.md` beside the README.
        let numbered = files.filter { !$0.contains("/") && Path.extension($0) == "md" && IDKey.number(inFileName: $0) != nil }
        if numbered.count >= 2 {
            return [ContentFolder(directory: root, prefix: "decisions", kind: "decisions", recursive: false,
                                  reason: "numbered records at the root")]
        }
        if let folder = deeperLog(in: files) {
            return [ContentFolder(directory: root + "/" + folder, prefix: "decisions", kind: "decisions", reason: "found")]
        }
        return []
    }

    /// A folder that is itself a decision log, not a handbook's content folder (the caller has
    /// checked it has no handbook.yml): no `decisions` folder inside, and either named like a log
    /// (`docs/adr`) and holding a numbered record, or holding two numbered records at its top.
    static func isLog(_ directory: String, fileSystem: FileSystem) -> Bool {
        guard !fileSystem.isDirectory(directory + "/decisions"),
              let files = try? fileSystem.files(under: directory, skipping: [".git", "node_modules"]) else { return false }
        let numbered = files.filter {
            !$0.contains("/") && ["md", "markdown"].contains(Path.extension($0).lowercased()) && IDKey.number(inFileName: $0) != nil
        }
        let name = (Path.normalize(directory).split(separator: "/").last.map(String.init) ?? "").lowercased()
        return numbered.count >= 2 || (numbered.count == 1 && logFolderNames.contains(name))
    }

    /// Names a log's folder has, in any case (`documentation/adr`, `services/api/decision-records`,
    /// swift-evolution's `proposals`).
    static let logFolderNames: Set<String> = ["adr", "adrs", "decisions", "decision-records", "decision-log", "architecture-decisions",
                                              "architecture-decision-records", "architecture-decision-record",
                                              "architecture-decision-log", "architectural-decisions", "proposals"]

    /// The shallowest folder (depth 1 to 4, none of its folders hidden) named like a log and holding
    /// a numbered Markdown record; of two at one depth, the first in path order.
    static func deeperLog(in files: [String]) -> String? {
        var best: (depth: Int, folder: String)?
        for file in files where Path.extension(file).lowercased() == "md" {
            let parts = file.split(separator: "/")
            guard parts.count >= 2, parts.count <= 5, !parts.dropLast().contains(where: { $0.hasPrefix(".") }),
                  logFolderNames.contains(parts[parts.count - 2].lowercased()),
                  IDKey.number(inFileName: String(parts[parts.count - 1])) != nil else { continue }
            let folder = parts.dropLast().joined(separator: "/")
            let depth = parts.count - 1
            if let current = best, current.depth < depth || (current.depth == depth && current.folder <= folder) { continue }
            best = (depth, folder)
        }
        return best?.folder ?? adrNamedLog(in: files)
    }

    /// The shallowest folder (depth 1 to 4, none hidden) holding three or more records named
    /// `adr-NNN-...` at its top, whatever the folder's name: cometbft's and the Cosmos SDK's
    /// `docs/architecture`, `docs/references/architecture`. Of two at one depth, the first in path order.
    static func adrNamedLog(in files: [String]) -> String? {
        var counts: [String: Int] = [:]
        for file in files where Path.extension(file).lowercased() == "md" {
            let parts = file.split(separator: "/")
            guard parts.count >= 2, parts.count <= 5, !parts.dropLast().contains(where: { $0.hasPrefix(".") }) else { continue }
            let name = String(parts[parts.count - 1])
            guard name.lowercased().hasPrefix("adr"), IDKey.number(inFileName: name) != nil else { continue }
            counts[parts.dropLast().joined(separator: "/"), default: 0] += 1
        }
        return counts.filter { $0.value >= 3 }.keys.min { a, b in
            let x = a.split(separator: "/").count, y = b.split(separator: "/").count
            return x != y ? x < y : a < b
        }
    }

    /// log4brains: `project.adrFolder`, and each `project.packages[].adrFolder` under the package's name.
    static func log4brains(root: String, fileSystem: FileSystem, diagnostics: DiagnosticEngine, options: BuildOptions) -> [ContentFolder]? {
        let path = root + "/.log4brains.yml"
        guard fileSystem.isFile(path), let data = try? fileSystem.read(path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let file = SourceFile(path: ".log4brains.yml", displayPath: options.displayPath(path), repositoryPath: ".log4brains.yml",
                              absolutePath: path)
        let node: YAMLNode?
        do {
            node = try YAMLReader.parse(text.normalizingLineEnds)
        } catch {
            if case .syntax(let message, let line, let column) = error {
                diagnostics.warning("log-folder", "cannot read .log4brains.yml: \(message)", at: file.location(line: line, column: column))
            }
            return nil
        }
        guard let project = node?["project"] else { return nil }
        var folders: [ContentFolder] = []
        func add(_ value: YAMLNode?, package: String?) {
            guard let value, let folder = value.string else { return }
            let directory = Path.join(root, folder)
            guard Path.relative(directory, to: root) != nil, fileSystem.isDirectory(directory) else {
                diagnostics.warning("log-folder", "adrFolder '\(folder)' is not a folder of the repository", at: file.location(of: value))
                return
            }
            let prefix = package.map { "decisions/" + ParseStage.fileSafe($0) } ?? "decisions"
            folders.append(ContentFolder(directory: directory, prefix: prefix, kind: "decisions", idPrefix: package,
                                         reason: "from .log4brains.yml"))
        }
        add(project["adrFolder"], package: nil)
        for package in project["packages"]?.items ?? [] {
            guard let name = package["name"]?.string, !name.isEmpty else { continue }
            add(package["adrFolder"], package: name)
        }
        return folders.isEmpty ? nil : folders
    }
}
