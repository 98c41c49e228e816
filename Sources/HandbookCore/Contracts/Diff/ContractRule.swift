/// Every kind of difference the contract diff reports, with its level. The id is the rule's raw value.
/// The README's rule table gives, for each, the side it judges and oasdiff's equivalent ids.
public enum ContractRule: String, Sendable, CaseIterable, Codable {
    // Breaking: a consumer written against the old spec can fail against the new one.
    case operationRemoved = "operation-removed"
    case operationRemovedBeforeSunset = "operation-removed-before-sunset"
    case webhookRemoved = "webhook-removed"
    case successResponseRemoved = "success-response-removed"
    case parameterAddedRequired = "new-required-parameter"
    case parameterBecameRequired = "parameter-became-required"
    case parameterTypeChanged = "parameter-type-changed"
    case parameterDefaultChanged = "parameter-default-changed"
    case parameterRemovedBeforeSunset = "parameter-removed-before-sunset"
    case deprecationPolicyViolated = "deprecation-policy-violated"
    case requestEnumValueRemoved = "request-enum-value-removed"
    case requestBodyBecameRequired = "request-body-became-required"
    case requestBodyRemoved = "request-body-removed"
    case requestMediaTypeRemoved = "request-media-type-removed"
    case requestMediaTypeSchemaAdded = "request-media-type-schema-added"
    case requestPropertyAddedRequired = "new-required-request-property"
    case requestPropertyBecameRequired = "request-property-became-required"
    case requestPropertyTypeChanged = "request-property-type-changed"
    case requestPropertyBecameNonNullable = "request-property-became-non-nullable"
    case requestConstraintNarrowed = "request-constraint-narrowed"
    case requestAlternativeRemoved = "request-alternative-removed"
    case requestAllOfAdded = "request-all-of-added"
    case schemaWrappedInOneOf = "schema-wrapped-in-one-of"
    case responseRequiredPropertyRemoved = "response-required-property-removed"
    case responsePropertyBecameOptional = "response-property-became-optional"
    case responsePropertyBecameNullable = "response-property-became-nullable"
    case responsePropertyTypeChanged = "response-property-type-changed"
    case responseMediaTypeRemoved = "response-media-type-removed"
    case responseConstraintWidened = "response-constraint-widened"
    case responseAlternativeAdded = "response-alternative-added"
    case responseHeaderRemoved = "response-header-removed"
    case responseHeaderBecameOptional = "response-header-became-optional"
    // Warnings: not breaking by the rules, but worth a look.
    case unchecked = "unchecked"
    case responseRemoved = "response-removed"
    case responsePropertyRemoved = "response-property-removed"
    case responseEnumValueAdded = "response-enum-value-added"
    case requestPropertyRemoved = "request-property-removed"
    case parameterRemoved = "parameter-removed"
    case formatChanged = "format-changed"
    case operationDeprecated = "operation-deprecated"
    case unresolvedReference = "unresolved-reference"
    case requestConstraintAdded = "request-constraint-added"
    case requestPatternChanged = "request-pattern-changed"
    case requestAllOfRemoved = "request-all-of-removed"
    case schemaWrappedInOneOfOriginalPreserved = "schema-wrapped-in-one-of-original-preserved"
    case optionalResponseHeaderRemoved = "optional-response-header-removed"
    case responseMediaTypeSchemaRemoved = "response-media-type-schema-removed"
    // Information: compatible changes.
    case operationAdded = "operation-added"
    case operationRemovedAfterDeprecation = "operation-removed-after-deprecation"
    case parameterRemovedAfterDeprecation = "parameter-removed-after-deprecation"
    case webhookAdded = "webhook-added"
    case responseAdded = "response-added"
    case parameterAddedOptional = "new-optional-parameter"
    case parameterBecameOptional = "parameter-became-optional"
    case pathParameterRenamed = "path-parameter-renamed"
    case requestBodyBecameOptional = "request-body-became-optional"
    case requestBodyAdded = "request-body-added"
    case mediaTypeAdded = "media-type-added"
    case mediaTypeSchemaChanged = "media-type-schema-changed"
    case requestPropertyAddedOptional = "new-optional-request-property"
    case requestPropertyBecameOptional = "request-property-became-optional"
    case requestPropertyBecameNullable = "request-property-became-nullable"
    case requestTypeWidened = "request-type-widened"
    case requestEnumValueAdded = "request-enum-value-added"
    case requestConstraintWidened = "request-constraint-widened"
    case requestAlternativeAdded = "request-alternative-added"
    case responsePropertyAdded = "response-property-added"
    case responsePropertyBecameRequired = "response-property-became-required"
    case responsePropertyBecameNonNullable = "response-property-became-non-nullable"
    case responseEnumValueRemoved = "response-enum-value-removed"
    case responseTypeNarrowed = "response-type-narrowed"
    case responseConstraintNarrowed = "response-constraint-narrowed"
    case responsePatternChanged = "response-pattern-changed"
    case responseAlternativeRemoved = "response-alternative-removed"
    case responseAllOfChanged = "response-all-of-changed"
    case responseHeaderAdded = "response-header-added"
    case responseHeaderBecameRequired = "response-header-became-required"
    case defaultChanged = "default-changed"
    case readOnlyWriteOnlyIgnored = "read-only-write-only-ignored"
    case documentationChanged = "documentation-changed"
    case unusedSchemaChanged = "unused-schema-changed"
    case extensionChanged = "extension-changed"

    public var level: ContractFinding.Level {
        switch self {
        case .operationRemoved, .operationRemovedBeforeSunset, .webhookRemoved, .successResponseRemoved, .parameterAddedRequired,
             .parameterBecameRequired, .parameterTypeChanged, .parameterDefaultChanged, .parameterRemovedBeforeSunset, .deprecationPolicyViolated,
             .requestEnumValueRemoved, .requestBodyBecameRequired, .requestBodyRemoved, .requestMediaTypeRemoved,
             .requestMediaTypeSchemaAdded, .requestPropertyAddedRequired, .requestPropertyBecameRequired,
             .requestPropertyTypeChanged, .requestPropertyBecameNonNullable, .requestConstraintNarrowed,
             .requestAlternativeRemoved, .requestAllOfAdded, .schemaWrappedInOneOf, .responseRequiredPropertyRemoved,
             .responsePropertyBecameOptional, .responsePropertyBecameNullable, .responsePropertyTypeChanged,
             .responseMediaTypeRemoved, .responseConstraintWidened, .responseAlternativeAdded, .responseHeaderRemoved,
             .responseHeaderBecameOptional:
            return .breaking
        case .unchecked, .responseRemoved, .responsePropertyRemoved, .responseEnumValueAdded, .requestPropertyRemoved,
             .parameterRemoved, .formatChanged, .operationDeprecated, .unresolvedReference, .requestConstraintAdded,
             .requestPatternChanged, .requestAllOfRemoved, .schemaWrappedInOneOfOriginalPreserved, .optionalResponseHeaderRemoved, .responseMediaTypeSchemaRemoved:
            return .warning
        default:
            return .info
        }
    }
}
