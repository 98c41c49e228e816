/// Every kind of difference the contract diff reports, with its level. The id is the rule's raw value.
public enum ContractRule: String, Sendable, CaseIterable, Codable {
    // Breaking: a consumer written against the old spec can fail against the new one.
    case operationRemoved = "operation-removed"
    case successResponseRemoved = "success-response-removed"
    case parameterAddedRequired = "new-required-parameter"
    case parameterBecameRequired = "parameter-became-required"
    case parameterTypeChanged = "parameter-type-changed"
    case requestEnumValueRemoved = "request-enum-value-removed"
    case requestBodyBecameRequired = "request-body-became-required"
    case requestMediaTypeRemoved = "request-media-type-removed"
    case requestPropertyAddedRequired = "new-required-request-property"
    case requestPropertyBecameRequired = "request-property-became-required"
    case requestPropertyTypeChanged = "request-property-type-changed"
    case requestPropertyBecameNonNullable = "request-property-became-non-nullable"
    case responseRequiredPropertyRemoved = "response-required-property-removed"
    case responsePropertyBecameOptional = "response-property-became-optional"
    case responsePropertyBecameNullable = "response-property-became-nullable"
    case responsePropertyTypeChanged = "response-property-type-changed"
    case responseMediaTypeRemoved = "response-media-type-removed"
    // Warnings: not breaking by the rules, but worth a look.
    case unchecked = "unchecked"
    case responseRemoved = "response-removed"
    case responsePropertyRemoved = "response-property-removed"
    case responseEnumValueAdded = "response-enum-value-added"
    case requestPropertyRemoved = "request-property-removed"
    case parameterRemoved = "parameter-removed"
    case requestBodyRemoved = "request-body-removed"
    case formatChanged = "format-changed"
    case operationDeprecated = "operation-deprecated"
    case unresolvedReference = "unresolved-reference"
    // Information: compatible changes.
    case operationAdded = "operation-added"
    case responseAdded = "response-added"
    case parameterAddedOptional = "new-optional-parameter"
    case parameterBecameOptional = "parameter-became-optional"
    case requestBodyBecameOptional = "request-body-became-optional"
    case requestBodyAdded = "request-body-added"
    case mediaTypeAdded = "media-type-added"
    case requestPropertyAddedOptional = "new-optional-request-property"
    case requestPropertyBecameOptional = "request-property-became-optional"
    case requestPropertyBecameNullable = "request-property-became-nullable"
    case requestTypeWidened = "request-type-widened"
    case requestEnumValueAdded = "request-enum-value-added"
    case responsePropertyAdded = "response-property-added"
    case responsePropertyBecameRequired = "response-property-became-required"
    case responsePropertyBecameNonNullable = "response-property-became-non-nullable"
    case responseEnumValueRemoved = "response-enum-value-removed"
    case responseTypeNarrowed = "response-type-narrowed"
    case documentationChanged = "documentation-changed"

    public var level: ContractFinding.Level {
        switch self {
        case .operationRemoved, .successResponseRemoved, .parameterAddedRequired, .parameterBecameRequired,
             .parameterTypeChanged, .requestEnumValueRemoved, .requestBodyBecameRequired, .requestMediaTypeRemoved,
             .requestPropertyAddedRequired, .requestPropertyBecameRequired, .requestPropertyTypeChanged,
             .requestPropertyBecameNonNullable, .responseRequiredPropertyRemoved, .responsePropertyBecameOptional,
             .responsePropertyBecameNullable, .responsePropertyTypeChanged, .responseMediaTypeRemoved:
            return .breaking
        case .unchecked, .responseRemoved, .responsePropertyRemoved, .responseEnumValueAdded, .requestPropertyRemoved,
             .parameterRemoved, .requestBodyRemoved, .formatChanged, .operationDeprecated, .unresolvedReference:
            return .warning
        default:
            return .info
        }
    }
}
