/// A landmine note: a place where a clean-looking change is dangerous.
public struct LandmineRecord: Sendable {
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        case critical, high, medium, low

        /// Critical first.
        public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        /// High and critical: a person with context must review any change here.
        public var needsContext: Bool { self == .critical || self == .high }
    }

    /// From the file name: `landmines/payment-retries.md` is `payment-retries`.
    public var slug: String
    public var severity: Severity
    public var severityLocation: SourceLocation
    public var paths: [Located<String>] = []
    public var owner: String?
    public var since: String?
    public var decisions: [RecordReference] = []
    public var pullRequests: [Int] = []
    public var incidents: [String] = []
    /// The text of the body's sections named in `LandmineReader.sections`, by section.
    public var sections: [String: String] = [:]
}
