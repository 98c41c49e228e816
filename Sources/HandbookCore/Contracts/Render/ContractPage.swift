import Foundation

/// The API part of a contract page: operations grouped by tag, and the named schemas as tables.
struct ContractPage {
    let model: APIModel

    typealias Model = [String: Any]

    func fill(_ fields: inout Model) {
        let reader = SchemaReader(document: model.document)
        var anchors: [String: String] = [:]
        var used: Set<String> = []
        for named in model.namedSchemas {
            anchors[named.schema.pointer] = Self.unique("schema-" + Self.slug(named.name), &used)
        }
        let table = SchemaTable(reader: reader, anchors: anchors)
        if let title = model.document.title { fields["apiTitle"] = title }
        if let version = model.document.version { fields["apiVersion"] = version }
        if let root = model.rootSchema {
            var rootModel = table.summary(root)
            rootModel["rows"] = table.rows(root)
            fields["rootSchema"] = rootModel
        }
        fields["schemas"] = model.namedSchemas.map { named -> Model in
            var schema = table.summary(named.schema)
            schema["name"] = named.name
            schema["anchor"] = anchors[named.schema.pointer] ?? ""
            schema["rows"] = table.rows(named.schema)
            if let description = named.schema.node["description"]?.string { schema["description"] = DescriptionMarkdown.html(description) }
            return schema
        }
        fields["operationCount"] = model.operations.count
        fields["tagGroups"] = groups().map { group -> Model in
            ["tag": group.tag, "operations": group.operations.map { operation($0, table: table, used: &used) }]
        }
        // The list of operations at the top, each a link to its section.
        fields["operationIndex"] = (fields["tagGroups"] as? [Model] ?? []).map { group -> Model in
            ["tag": group["tag"] ?? "", "operations": (group["operations"] as? [Model] ?? []).map { operation -> Model in
                var item: Model = ["method": operation["method"] ?? "", "methodClass": operation["methodClass"] ?? "",
                                   "path": operation["path"] ?? "", "anchor": operation["anchor"] ?? "",
                                   "deprecated": operation["deprecated"] ?? false]
                if let summary = operation["summaryText"] { item["summary"] = summary }
                return item
            }]
        }
    }

    /// Tags in the order the document's `tags` list gives, then as first used; untagged operations last.
    private func groups() -> [(tag: String, operations: [APIOperation])] {
        var order = model.document.root["tags"]?.items?.compactMap { $0["name"]?.string } ?? []
        for operation in model.operations { for tag in operation.tags where !order.contains(tag) { order.append(tag) } }
        var groups = order.map { tag in (tag: tag, operations: model.operations.filter { $0.tags.contains(tag) }) }
        let untagged = model.operations.filter(\.tags.isEmpty)
        if !untagged.isEmpty { groups.append((tag: "Other operations", operations: untagged)) }
        return groups.filter { !$0.operations.isEmpty }
    }

    private func operation(_ operation: APIOperation, table: SchemaTable, used: inout Set<String>) -> Model {
        var model: Model = ["method": operation.method.uppercased(), "methodClass": operation.method, "path": operation.path,
                            "deprecated": operation.deprecated,
                            "anchor": Self.unique("op-" + Self.slug(operation.operationID ?? operation.method + operation.path), &used)]
        if let summary = operation.summary {
            model["summary"] = DescriptionMarkdown.inline(summary)
            model["summaryText"] = summary
        }
        if let description = operation.node["description"]?.string { model["operationDescription"] = DescriptionMarkdown.html(description) }
        if let id = operation.operationID { model["operationId"] = id }
        model["parameters"] = operation.parameters.map { parameter -> Model in
            var item: Model = ["name": parameter.name, "in": parameter.location, "required": parameter.required,
                               "deprecated": parameter.deprecated]
            if let schema = parameter.schema {
                item.merge(table.summary(schema)) { $1 }
                let resolved = table.reader.resolve(schema) ?? schema
                if let format = table.reader.format(resolved) { item["paramFormat"] = format }
                if let values = table.reader.enumValues(resolved) { item["paramEnum"] = values.joined(separator: ", ") }
            } else {
                item["schemaType"] = "any"
            }
            if let description = parameter.description { item["paramDescription"] = DescriptionMarkdown.html(description) }
            return item
        }
        if let body = operation.requestBody {
            var item: Model = ["required": body.required, "media": media(body.content, table: table)]
            if let description = body.description { item["description"] = DescriptionMarkdown.html(description) }
            model["requestBody"] = item
        }
        model["responses"] = operation.responses.map { response -> Model in
            var item: Model = ["status": response.status, "success": response.isSuccess, "media": media(response.content, table: table)]
            if let description = response.description { item["description"] = DescriptionMarkdown.inline(description) }
            return item
        }
        return model
    }

    private func media(_ content: [APIMedia], table: SchemaTable) -> [Model] {
        content.map { media -> Model in
            var item: Model = ["mediaType": media.type, "rows": [Model]()]
            if let schema = media.schema {
                item["schema"] = table.summary(schema)
                item["rows"] = table.rows(schema)
            }
            return item
        }
    }

    /// Lowercase letters, digits and dashes.
    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber { result.append(character) } else if !result.hasSuffix("-") { result.append("-") }
        }
        let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "x" : trimmed
    }

    static func unique(_ anchor: String, _ used: inout Set<String>) -> String {
        var candidate = anchor, number = 2
        while !used.insert(candidate).inserted { candidate = "\(anchor)-\(number)"; number += 1 }
        return candidate
    }
}
