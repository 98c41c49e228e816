/// What governs the files at hand, for the one about to edit them (`handbook context`), in the
/// shape of `schemas/context.schema.json`. Most important first: landmines (critical first), the
/// decisions in force, contracts, owners, hotspots; `omitted` says what the budget left out.
public struct ContextReport: Sendable, Codable, Equatable {
    public struct Landmine: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var owner: String?
        /// High or critical: a person with context must review any change here.
        public var needsContext: Bool
        /// The note's "What fails if it disappears" (left out first among a landmine's parts).
        public var failure: String?
        /// The note, from the repository root.
        public var source: String
        public var page: String
        public var matched: [String]
        public var matchedCount: Int
    }

    public struct Decision: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var date: String?
        /// The decision in a sentence or two.
        public var decision: String?
        /// Records this one supersedes that govern the files (never shown as current themselves).
        public var replaces: [String]
        public var source: String
        public var page: String
        public var matched: [String]
        public var matchedCount: Int
    }

    public struct Contract: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        /// The spec, from the repository root.
        public var spec: String
        public var owner: String?
        public var provider: String?
        /// Who breaks when the contract does.
        public var consumers: [String]
        /// The newest version declared in the manifest's `changes`.
        public var version: String?
        /// How a change to the spec must be made.
        public var policy: String
        /// The manifest, from the repository root.
        public var source: String
        public var page: String
        public var matched: [String]
        public var matchedCount: Int
    }

    public struct Owner: Sendable, Codable, Equatable {
        public var owner: String
        public var files: [String]
        public var fileCount: Int
    }

    public struct Hotspot: Sendable, Codable, Equatable {
        public var path: String
        public var fixes: Int
        public var from: String
        public var to: String
    }

    /// What the budget left out, by kind, least important first.
    public struct Omission: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable, CaseIterable {
            case hotspots, owners, contracts
            case decisionTexts = "decision-texts"
            case decisions
            case landmineTexts = "landmine-texts"
            case landmines
        }
        public var kind: Kind
        public var count: Int
        /// The first ten ids (paths for hotspots, names for owners).
        public var ids: [String]
    }

    /// The paths asked about (from the repository root), or the staged files.
    public var paths: [String]
    public var staged: Bool
    /// How many files the paths stand for (a folder stands for every file below it).
    public var fileCount: Int
    /// Approximate tokens (characters / 4) the output may take; 0: no limit.
    public var budget: Int
    public var landmines: [Landmine] = []
    public var decisions: [Decision] = []
    public var contracts: [Contract] = []
    public var owners: [Owner] = []
    public var hotspots: [Hotspot] = []
    public var omitted: [Omission] = []
    /// Even with everything else left out, the high and critical landmines exceed the budget.
    public var overBudget = false
    /// The command that shows everything, when something was left out.
    public var seeAll: String?

    /// Whether anything governs the files.
    public var isEmpty: Bool {
        landmines.isEmpty && decisions.isEmpty && contracts.isEmpty && owners.isEmpty && hotspots.isEmpty && omitted.isEmpty
    }

    /// Lists shown per record at most (`matchedCount` and `fileCount` give the totals).
    static let listLimit = 10
}
