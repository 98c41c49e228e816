/// What governs the files a change touches: the review report, in the shape of
/// `schemas/review.schema.json` (`handbook review --format json`). Lists are sorted.
public struct ReviewReport: Sendable, Codable, Equatable {
    public struct Landmine: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var owner: String?
        /// High or critical: a person with context must review the change.
        public var needsContext: Bool
        /// The note's "What fails if it disappears" text.
        public var failure: String?
        public var page: String
        public var matched: [String]
    }

    public struct Decision: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        /// No longer in force (`StatusText.notInForce`).
        public var inactive: Bool
        public var supersededBy: [String]
        public var page: String
        public var matched: [String]
    }

    public struct Contract: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var page: String
        public var owner: String?
        public var matched: [String]
        /// The differences found in its spec against the base revision (empty without one).
        public var changes: [ContractChange]
    }

    public struct ContractChange: Sendable, Codable, Equatable {
        public var id: String
        public var level: String
        public var operation: String
        public var path: String
        public var source: String
        public var text: String
    }

    public struct Owner: Sendable, Codable, Equatable {
        public var owner: String
        public var files: [String]
    }

    public struct Hotspot: Sendable, Codable, Equatable {
        public var path: String
        public var fixes: Int
        public var from: String
        public var to: String
    }

    public var base: String?
    public var head: String?
    public var files: [ChangedFile]
    public var landmines: [Landmine]
    public var decisions: [Decision]
    public var contracts: [Contract]
    public var owners: [Owner]
    public var hotspots: [Hotspot]

    /// Whether anything governs the change.
    public var isEmpty: Bool { landmines.isEmpty && decisions.isEmpty && contracts.isEmpty && owners.isEmpty && hotspots.isEmpty }

    /// The highest severity among the landmines touched.
    public var highestSeverity: LandmineRecord.Severity? {
        landmines.compactMap { LandmineRecord.Severity(rawValue: $0.severity) }.min()
    }
}
