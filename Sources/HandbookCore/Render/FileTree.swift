/// The governed files as a nested tree of folders and files, for `files/index.html`.
enum FileTree {
    final class Node {
        var children: [String: Node] = [:]
        var count: Int?
    }

    /// Each entry is (path, how many records govern it). Folders list folders first, then files, by name.
    static func build(_ entries: [(String, Int)], url: (String) -> String) -> [[String: Any]] {
        let root = Node()
        for (path, count) in entries {
            var node = root
            for part in path.split(separator: "/") {
                let name = String(part)
                if node.children[name] == nil { node.children[name] = Node() }
                node = node.children[name]!
            }
            node.count = count
        }
        return models(root, prefix: "", url: url)
    }

    private static func models(_ node: Node, prefix: String, url: (String) -> String) -> [[String: Any]] {
        let names = node.children.keys.sorted { a, b in
            let x = node.children[a]!.children.isEmpty, y = node.children[b]!.children.isEmpty
            return x == y ? a < b : !x
        }
        return names.map { name in
            let child = node.children[name]!
            let path = prefix.isEmpty ? name : prefix + "/" + name
            var model: [String: Any] = ["name": name, "path": path,
                                        "children": models(child, prefix: path, url: url),
                                        "isFolder": !child.children.isEmpty]
            if let count = child.count, child.children.isEmpty {
                model["url"] = url(path)
                model["count"] = count
            }
            return model
        }
    }
}
