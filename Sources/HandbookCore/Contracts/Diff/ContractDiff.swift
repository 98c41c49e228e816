import Foundation

/// What a team chooses about the diff: the direction a standalone JSON Schema is judged in, and whether
/// removing what was deprecated with a sunset date follows that date.
public struct ContractDiffOptions: Sendable, Equatable {
    /// As schema registries define it. `backward` (the default): consumers on the new schema read data
    /// written with the old one, so the new schema is judged as a request (it may not demand more);
    /// `forward`: consumers on the old schema read data written with the new one, so it is judged as a
    /// response (it may not give more); `full`: both.
    public enum Compatibility: String, Sendable, CaseIterable, Equatable { case backward, forward, full }

    public var compatibility: Compatibility
    /// When on, removing an operation or parameter that was `deprecated` is information once its
    /// `x-sunset` date (YYYY-MM-DD) has passed or when it gives none, and breaking before that date.
    /// When off, removing it is breaking like any removal.
    public var sunsetPolicy: Bool
    /// Today as YYYY-MM-DD (the system date when nil).
    public var today: String?

    public init(compatibility: Compatibility = .backward, sunsetPolicy: Bool = false, today: String? = nil) {
        self.compatibility = compatibility
        self.sunsetPolicy = sunsetPolicy
        self.today = today
    }

    var sides: [SchemaDiff.Side] {
        switch compatibility {
        case .backward: return [.request]
        case .forward: return [.response]
        case .full: return [.request, .response]
        }
    }

    var currentDate: String {
        if let today { return today }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

/// Compares two versions of a spec through the neutral model: operations, parameters, bodies and
/// responses here, schemas in `SchemaDiff`. One engine for OpenAPI 3.0, 3.1 and JSON Schema.
public enum ContractDiff {
    /// Every difference, breaking first (see `ContractFinding.ordered`).
    public static func compare(old: APIModel, new: APIModel, options: ContractDiffOptions = ContractDiffOptions()) -> [ContractFinding] {
        var diff = SchemaDiff(old: old, new: new)
        diff.sunsetPolicy = options.sunsetPolicy
        if old.document.isJSONSchema != new.document.isJSONSchema {
            diff.add(.unchecked, "", old: nil, new: SchemaRef(node: new.document.root, pointer: ""),
                     "the spec changed from \(old.document.kindName) to \(new.document.kindName); the two cannot be compared")
            return diff.findings.sorted(by: ContractFinding.ordered)
        }
        if let oldRoot = old.rootSchema, let newRoot = new.rootSchema {
            for side in options.sides {
                diff.compare(oldRoot, newRoot, side: side, role: .body, operation: "")
            }
            diff.compareUnvisitedNamedSchemas(sides: options.sides)
            diff.reportExtensions()
            return diff.findings.sorted(by: ContractFinding.ordered)
        }
        var compared = OperationDiff(diff: diff, options: options)
        compared.run()
        diff = compared.diff
        diff.compareUnvisitedNamedSchemas(operations: true)
        diff.compareKeywords(old: old.document.root, new: new.document.root, pointer: "", operation: "",
                             compared: ["openapi", "paths", "webhooks", "components", "$schema", "$id", "$defs", "definitions", "type",
                                        "properties", "required", "items", "enum", "const", "nullable", "format", "allOf",
                                        "additionalProperties"],
                             documentation: ["info", "tags", "externalDocs", "description", "title", "examples", "example", "servers"])
        let componentsOld = old.document.root["components"], componentsNew = new.document.root["components"]
        if componentsOld != nil || componentsNew != nil {
            diff.compareKeywords(old: componentsOld ?? YAMLNode.emptyMapping, new: componentsNew ?? YAMLNode.emptyMapping,
                                 pointer: "/components", operation: "",
                                 compared: ["schemas", "parameters", "requestBodies", "responses", "headers"], documentation: ["examples"])
        }
        diff.reportExtensions()
        return diff.findings.sorted(by: ContractFinding.ordered)
    }
}

extension YAMLNode {
    static let emptyMapping = YAMLNode(value: .mapping([]), line: 0, column: 0)
}
