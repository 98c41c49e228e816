import Foundation

/// `handbook new decision "Title" [--supersedes ID] [--amends ID] [--relates ID]`: the next record,
/// in the folder and the format the log already uses, and each named record marked in its own format.
extension Scaffold {
    public typealias RelationRequest = (relation: DecisionRecord.Relation, target: String)

    /// Writes the new record, then marks the records it names; returns the new file's path and the
    /// paths of the records changed. Nothing is written when a named record does not exist.
    public static func createDecision(title: String, options: BuildOptions, relations: [RelationRequest] = [],
                                      fileSystem: FileSystem = DiskFileSystem(), git: GitClient = CommandLineGit()) throws(Problem) -> [String] {
        let slug = self.slug(title)
        guard !slug.isEmpty else { throw .emptyTitle }
        let log = DecisionLog.read(options: options, fileSystem: fileSystem, git: git)
        var targets: [(DecisionRecord.Relation, DecisionLog.Entry)] = []
        for request in relations {
            guard let entry = log.entry(named: request.target) else {
                let known = log.entries.map(\.id).sorted()
                let hint = Suggestions.closest(to: request.target, in: Set(known)).map { "; did you mean '\($0)'?" } ?? ""
                throw .unknownRecord(request.target, hint)
            }
            if !targets.contains(where: { $0.0 == request.relation && $0.1.path == entry.path }) {
                targets.append((request.relation, entry))
            }
        }
        let new: DecisionLog.Entry
        if let stampDigits = log.dateDigits {
            // Named by date as the log's records are: today (and the time, for 14 digits).
            var stamp = options.today.replacingOccurrences(of: "-", with: "")
            if stampDigits >= 14 {
                let time = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
                stamp += [time.hour ?? 0, time.minute ?? 0, time.second ?? 0].map { String($0).leftPadded(to: 2) }.joined()
            }
            let name = "\(stamp)-\(slug)"
            new = DecisionLog.Entry(id: name, number: nil, title: title, path: "\(log.folder)/\(name).md", format: log.format)
        } else {
            let digits = String(log.nextNumber).leftPadded(to: log.width)
            new = DecisionLog.Entry(id: "ADR-\(digits)", number: log.nextNumber, title: title, path: "\(log.folder)/\(log.prefix)\(digits)-\(slug).md",
                                    format: log.format)
        }
        let path = new.path
        let related = targets.map { ($0.0, $0.1, relativeLink(from: path, to: $0.1.path)) }
        let text: String
        // The log's own template when it keeps one (log4brains, adr-tools and MADR logs do); in a
        // French log without one, the newest record's shape (RecordSkeleton); else ours.
        if let template = LogTemplate.find(in: log.folder, fileSystem: fileSystem), let data = try? fileSystem.read(template) {
            text = LogTemplate.fill(String(decoding: data, as: UTF8.self), record: new, width: log.width, today: options.today,
                                    relations: related)
        } else if let newest = log.newestPath, let data = try? fileSystem.read(newest),
                  case let record = String(decoding: data, as: UTF8.self), RecordSkeleton.isFrench(record) {
            text = LogTemplate.fill(RecordSkeleton.make(from: record), record: new, width: log.width, today: options.today,
                                    relations: related)
        } else {
            text = DecisionTemplate.text(new, format: log.format, today: options.today, relations: related)
        }
        try write(text, to: path)
        var changed: [String] = []
        for (relation, entry) in targets {
            guard let old = try? String(contentsOfFile: entry.path, encoding: .utf8) else {
                throw .unwritable(entry.path, "cannot read it to mark it \(relation.rawValue == "supersedes" ? "superseded" : "related")")
            }
            let marked = RecordMarker.mark(old, format: entry.format, relation: relation, by: new,
                                           link: relativeLink(from: entry.path, to: path))
            guard marked != old else { continue }
            do {
                try Data(marked.utf8).write(to: URL(fileURLWithPath: entry.path), options: .atomic)
            } catch {
                throw .unwritable(entry.path, error.localizedDescription)
            }
            if !changed.contains(entry.path) { changed.append(entry.path) }
        }
        return [path] + changed
    }

    static func write(_ text: String, to path: String) throws(Problem) {
        guard !FileManager.default.fileExists(atPath: path) else { throw .exists(path) }
        do {
            try FileManager.default.createDirectory(atPath: Path.directory(path), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw .unwritable(path, "\(error.localizedDescription)")
        }
    }

    /// The relative link from one file to another: `0003-x.md` beside it, `../old/0003-x.md` elsewhere.
    static func relativeLink(from file: String, to target: String) -> String {
        let from = Path.directory(file).split(separator: "/")
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...].map(String.init)).joined(separator: "/")
    }
}
