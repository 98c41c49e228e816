import Foundation

/// What `handbook new decision` needs to know about the log already there: where its records
/// live, which format they use, the next number, and each record's id, title and file, read by
/// the same load and parse stages as a build (so a log is found wherever a build finds it).
struct DecisionLog {
    enum Format: String, Sendable { case handbook, madr, adrTools = "adr-tools" }

    struct Entry {
        var id: String
        var number: Int?
        var title: String
        var path: String
        var format: Format
    }

    var entries: [Entry]
    var folder: String
    var format: Format
    var nextNumber: Int
    var width: Int
    /// A log whose records are named by date, not number (log4brains' `20200925-slug.md`,
    /// `20240603162604-slug.md`): the digits of that stamp; nil for a numbered log.
    var dateDigits: Int?
    /// What the newest record's file name has before its number (`ADR` in `ADR041-x.md`).
    var prefix = ""
    /// The newest record's file: the highest number, or in a log named by date the last stamp.
    var newestPath: String?

    static func read(options: BuildOptions, fileSystem: FileSystem = DiskFileSystem(), git: GitClient = CommandLineGit()) -> DecisionLog {
        // The survey reports nothing: a broken record elsewhere must not stop writing a new one.
        let diagnostics = DiagnosticEngine()
        var entries: [Entry] = []
        var logFolder = options.contentDirectory + "/decisions"
        if let loaded = LoadStage(options: options, fileSystem: fileSystem, git: git, diagnostics: diagnostics).run() {
            // A log named in handbook.yml or found where the ecosystem keeps it (`.adr-dir`, `doc/adr`, ...).
            if let found = loaded.folders.first(where: { $0.kind == "decisions" }) { logFolder = found.directory }
            let documents = ParseStage(config: loaded.config, diagnostics: diagnostics).run(loaded.markdownFiles)
            for document in documents {
                guard let record = document.decision else { continue }
                // Where the record really is: a log may live outside the content folder (`doc/adr`).
                let path = Path.normalize(document.source.absolute(contentDirectory: options.contentDirectory))
                entries.append(Entry(id: record.id, number: record.number, title: document.title, path: path,
                                     format: Format(rawValue: record.format) ?? .handbook))
            }
        }
        return DecisionLog(entries: entries, defaultFolder: logFolder)
    }

    init(entries: [Entry], defaultFolder: String) {
        self.entries = entries
        // The newest record (highest number, then last by path) sets the folder and the format.
        let newest = entries.filter { $0.number != nil }.max { ($0.number!, $0.path) < ($1.number!, $1.path) }
        folder = newest.map { Path.directory($0.path) } ?? defaultFolder
        format = newest?.format ?? .handbook
        let stamps = entries.filter { Path.directory($0.path) == defaultFolder }
            .map { Path.fileName($0.path).prefix { $0.isNumber }.count }.filter { $0 >= 8 }
        dateDigits = newest == nil && !stamps.isEmpty ? stamps.max() : nil
        newestPath = newest?.path ?? entries.filter { Path.directory($0.path) == defaultFolder }.map(\.path)
            .filter { Path.fileName($0).prefix { $0.isNumber }.count >= 8 }.max()
        nextNumber = (entries.compactMap(\.number).max() ?? 0) + 1
        var width = 4
        var prefix = ""
        if let newest, let found = IDKey.number(inFileName: Path.fileName(newest.path)) {
            // The newest record's own naming: `0004-`, `ADR041-` (three digits), `adr-001-`.
            width = found.digits >= 3 ? found.digits : max(width, found.digits)
            prefix = String(Path.fileName(newest.path).prefix { !$0.isNumber })
            if prefix.count > 8 || prefix.contains(where: { !($0.isLetter || $0 == "-" || $0 == "_") }) { prefix = "" }
        }
        self.width = width
        self.prefix = prefix
    }

    /// The record an option names: an id (`ADR-0003`, `adr-3`, `3`) or a file name.
    func entry(named text: String) -> Entry? {
        let key = IDKey.normalize(text)
        if let found = entries.first(where: { IDKey.normalize($0.id) == key }) { return found }
        return entries.first { Path.fileName($0.path) == text || Path.stem($0.path) == text }
    }
}
