/// JSON pointers (RFC 6901) over located YAML trees: how the contract code names a place in a spec.
enum JSONPointer {
    /// One reference token, escaped (`~` as `~0`, `/` as `~1`).
    static func escape(_ token: String) -> String {
        // Nearly every token has neither character: no Foundation search for those (a large spec makes millions).
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func unescape(_ token: String) -> String {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return token }
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    static func appending(_ pointer: String, _ tokens: String...) -> String {
        tokens.reduce(pointer) { $0 + "/" + escape($1) }
    }

    /// The node a pointer (`/components/schemas/User`, or `""` for the root) names, or nil.
    static func resolve(_ pointer: String, in root: YAMLNode, counting lookups: LookupCounter? = nil) -> YAMLNode? {
        guard !pointer.isEmpty else { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var node = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let text = String(raw)
            let token = unescape(text.utf8.contains(UInt8(ascii: "%")) ? URLEncoding.decode(text) ?? text : text)
            if let lookups { lookups.add(max(1, node.entries?.count ?? node.items?.count ?? 1)) }
            if let items = node.items {
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                node = items[index]
            } else if let child = node[token] {
                node = child
            } else {
                return nil
            }
        }
        return node
    }

    /// The deepest node a decoder's coding path reaches: where to point a decoding error.
    static func deepest(_ path: [CodingKey], in root: YAMLNode) -> YAMLNode {
        var node = root
        for key in path {
            if let items = node.items, let index = key.intValue, items.indices.contains(index) {
                node = items[index]
            } else if let entry = node.entries?.first(where: { $0.key.string == key.stringValue }) {
                node = entry.value
            } else {
                break
            }
        }
        return node
    }
}
