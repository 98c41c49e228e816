/// The text of a new decision record in each format a log may use.
enum DecisionTemplate {
    typealias Related = (relation: DecisionRecord.Relation, entry: DecisionLog.Entry, link: String)

    static func text(_ record: DecisionLog.Entry, format: DecisionLog.Format, today: String, relations: [Related]) -> String {
        switch format {
        case .adrTools: return adrTools(record, today: today, relations: relations)
        case .madr: return madr(record, today: today, relations: relations)
        case .handbook: return handbook(record, today: today, relations: relations)
        }
    }

    /// adr-tools' own template (`adr new`), with its link lines in the Status section.
    static func adrTools(_ record: DecisionLog.Entry, today: String, relations: [Related]) -> String {
        var status = "Proposed\n"
        for related in relations {
            status += "\n\(verb(related.relation)) \(adrToolsLink(related.entry, link: related.link))\n"
        }
        return """
            # \(record.number ?? 0). \(record.title)

            Date: \(today)

            ## Status

            \(status)
            ## Context

            The issue motivating this decision, and any context that influences or constrains the decision.

            ## Decision

            The change that we're proposing or have agreed to implement.

            ## Consequences

            What becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.

            """
    }

    /// MADR 3/4's short template: front matter (`status`, `date`, `decision-makers`) and its sections.
    static func madr(_ record: DecisionLog.Entry, today: String, relations: [Related]) -> String {
        """
        ---
        status: proposed
        date: \(today)
        decision-makers: []
        \(relationFields(relations))---
        # \(record.title)

        ## Context and Problem Statement

        {Describe the context and problem statement, e.g., in free form using two to three sentences or in the form of an illustrative story.}

        ## Considered Options

        * {title of option 1}
        * {title of option 2}

        ## Decision Outcome

        Chosen option: "{title of option 1}", because {justification}.

        ### Consequences

        * Good, because {positive consequence}
        * Bad, because {negative consequence}

        """
    }

    /// Handbook's own front matter.
    static func handbook(_ record: DecisionLog.Entry, today: String, relations: [Related]) -> String {
        """
        ---
        status: proposed
        date: \(today)
        deciders: []
        tags: []
        governs: []
        \(relationFields(relations))---
        # \(record.title)

        ## Context

        What is the issue that we are seeing that motivates this decision?

        ## Decision

        What is the change that we are proposing and/or doing?

        ## Consequences

        What becomes easier or more difficult to do because of this change?

        """
    }

    /// `supersedes: [ADR-0003]` lines, one a relation, in the order the relations were named.
    static func relationFields(_ relations: [Related]) -> String {
        var text = ""
        for relation in DecisionRecord.Relation.allCases {
            let ids = relations.filter { $0.relation == relation }.map(\.entry.id)
            if !ids.isEmpty { text += "\(relation.rawValue): [\(ids.map(yamlFlowItem).joined(separator: ", "))]\n" }
        }
        return text
    }

    static func verb(_ relation: DecisionRecord.Relation) -> String {
        switch relation {
        case .supersedes: return "Supersedes"
        case .amends: return "Amends"
        case .relates: return "Relates to"
        }
    }

    /// `[3. Use PostgreSQL](0003-use-postgresql.md)`, as adr-tools writes links.
    static func adrToolsLink(_ entry: DecisionLog.Entry, link: String) -> String {
        let label = (entry.number.map { "\($0). " } ?? "") + entry.title
        let escaped = label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "[", with: "\\[")
            .replacingOccurrences(of: "]", with: "\\]")
        let target = link.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29")
        return "[\(escaped)](\(target))"
    }

    /// An id as a YAML flow-sequence item: plain when it is letters, digits, `-`, `_`, `.`; quoted otherwise.
    static func yamlFlowItem(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) }) {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
