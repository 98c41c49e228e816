/// Tag pages (`tags/index.html`, `tags/TAG.html`) and the search page with its index.
extension ViewModels {
    static let tagsIndexPath = "tags/index.html"
    static let searchPath = "search.html"
    static let searchIndexPath = "search-index.js"

    /// One page per tag, whatever its case (`API` and `api` are one tag); the file name keeps
    /// letters, digits, `-` and `_` and writes any other byte as `~XX`, so two tags never share a page.
    static func tagPage(_ tag: String) -> String {
        var slug = ""
        for byte in tag.lowercased().utf8 {
            let keep = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            slug += keep ? String(UnicodeScalar(byte)) : "~" + String(byte, radix: 16).leftPadded(to: 2)
        }
        if slug == "index" || slug.isEmpty { slug += "~" }
        return "tags/" + slug + ".html"
    }

    /// Every tag of every decision, with the decisions (indices, newest first) carrying it.
    func tags() -> [(tag: String, decisions: [Int])] {
        var byPage: [String: (names: Set<String>, decisions: [Int])] = [:]
        for index in handbook.decisionsNewestFirst {
            for tag in Set(handbook.documents[index].decision?.tags ?? []) {
                let page = Self.tagPage(tag)
                var entry = byPage[page] ?? ([], [])
                entry.names.insert(tag)
                if entry.decisions.last != index { entry.decisions.append(index) }
                byPage[page] = entry
            }
        }
        // The name shown: the lower-cased spelling when there is one, else the first in order.
        return byPage.values.map { entry in
            (entry.names.first { $0 == $0.lowercased() } ?? entry.names.sorted().first ?? "", entry.decisions)
        }.sorted { ($0.tag.lowercased(), $0.tag) < ($1.tag.lowercased(), $1.tag) }
    }

    func tagLinks(_ tags: [String], from path: String) -> [Model] {
        tags.map { ["name": $0, "url": Path.relativeURL(from: path, to: Self.tagPage($0))] as Model }
    }

    func tagsIndex() -> Model {
        let path = Self.tagsIndexPath
        var model = common(outputPath: path, title: "Tags", section: "tags")
        model["tags"] = tags().map { entry -> Model in
            ["name": entry.tag, "count": entry.decisions.count, "url": Path.relativeURL(from: path, to: Self.tagPage(entry.tag))]
        }
        return model
    }

    func tag(_ tag: String, decisions: [Int]) -> Model {
        let path = Self.tagPage(tag)
        var model = common(outputPath: path, title: "Tag: \(tag)", section: "tags")
        model["tag"] = ["name": tag, "count": Self.count(decisions.count, "decision"),
                        "decisions": decisions.map { decisionSummary($0, from: path) }] as Model
        return model
    }

    func search() -> Model {
        common(outputPath: Self.searchPath, title: "Search", section: "search")
    }

    /// `search-index.js`: every document and contract as a small record, loaded as a script so
    /// search works from `file://`. Deterministic: the records keep the documents' order.
    func searchIndex() -> String {
        var entries: [String] = []
        for document in handbook.documents {
            let kind = document.decision != nil ? "decision" : document.landmine != nil ? "landmine" : "page"
            let label = document.decision?.id ?? document.landmine?.severity.rawValue ?? ""
            let extra = (document.decision?.tags ?? []) + [document.decision?.status].compactMap { $0 }
                + GovernanceLinker.patterns(of: document).map(\.value)
            let text = document.markdown.blocks.prefix(12).map(\.text).joined(separator: " ")
            entries.append(Self.jsonObject(["k": kind, "l": label, "t": document.title, "u": document.outputPath,
                                            "x": (extra + [String(text.prefix(600))]).joined(separator: " ")]))
        }
        for contract in handbook.contracts {
            entries.append(Self.jsonObject(["k": "contract", "l": contract.newestChange?.version ?? "", "t": contract.title,
                                            "u": contract.outputPath,
                                            "x": ([contract.provider ?? ""] + contract.consumers + contract.governedPaths).joined(separator: " ")]))
        }
        return "window.HANDBOOK_SEARCH = [\n" + entries.joined(separator: ",\n") + "\n];\n"
    }

    static func jsonObject(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { "\"\($0.key)\":\(jsonString($0.value))" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal that is also safe inside a `<script>`-loaded file.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<": result += "\\u003c"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
