/// The governed files as a nested tree of folders and files, for `files/index.html`: each file
/// with the number of records governing it and the severity of its worst landmine; each folder
/// with its number of files and the worst severity below it (so a critical file is visible
/// with its folder closed). Top-level folders start open, deeper ones closed.
enum FileTree {
    final class Node {
        var children: [String: Node] = [:]
        var count: Int?
        var severity: LandmineRecord.Severity?
        var fileCount = 0
    }

    struct Entry {
        var path: String
        var count: Int
        var severity: LandmineRecord.Severity?
    }

    /// Folders list folders first, then files, by name.
    static func build(_ entries: [Entry], url: (String) -> String) -> [[String: Any]] {
        let root = Node()
        for entry in entries {
            var node = root
            for part in entry.path.split(separator: "/") {
                let name = String(part)
                if node.children[name] == nil { node.children[name] = Node() }
                node.fileCount += 1
                if let severity = entry.severity, node.severity.map({ severity < $0 }) ?? true { node.severity = severity }
                node = node.children[name]!
            }
            node.count = entry.count
            node.severity = entry.severity
        }
        return models(root, prefix: "", depth: 0, url: url)
    }

    private static func models(_ node: Node, prefix: String, depth: Int, url: (String) -> String) -> [[String: Any]] {
        let names = node.children.keys.sorted { a, b in
            let x = node.children[a]!.children.isEmpty, y = node.children[b]!.children.isEmpty
            return x == y ? a < b : !x
        }
        return names.map { name in
            let child = node.children[name]!
            let path = prefix.isEmpty ? name : prefix + "/" + name
            // Every key on every node: Mustache would otherwise find a parent folder's value.
            var model: [String: Any] = ["name": name, "path": path,
                                        "children": models(child, prefix: path, depth: depth + 1, url: url),
                                        "isFolder": !child.children.isEmpty, "open": depth == 0,
                                        "hasSeverity": child.severity != nil, "severity": child.severity?.rawValue ?? "",
                                        "fileCount": ViewModels.count(child.fileCount, "file")]
            if let count = child.count, child.children.isEmpty {
                model["url"] = url(path)
                model["count"] = count
            }
            return model
        }
    }
}
