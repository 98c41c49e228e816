/// Declared against detected: a breaking change needs the newest `changes` entry to say
/// `kind: breaking` (and to be new since the base revision); a declared one that is not found is a warning.
struct ContractGuard {
    let diagnostics: DiagnosticEngine

    func judge(_ contract: Contract, comparison: ContractBaseline.Comparison, revision: String) {
        let newest = contract.newestChange
        let newSinceBase = newest.map { entry in !(comparison.baseVersions?.contains(entry.version) ?? false) } ?? false
        let declared = newest?.kind == .breaking && newSinceBase
        let breaking = comparison.findings.filter { $0.level == .breaking }
        let specFile = contract.model?.document.file ?? contract.specLocation.file
        if !breaking.isEmpty, !declared {
            let why: String
            if let newest, newest.kind == .breaking {
                why = "the newest entry of \(contract.source.displayPath) 'changes' (\(newest.version)) was already there at \(revision)"
            } else {
                why = newest.map { "the newest entry of \(contract.source.displayPath) 'changes' (\($0.version)) is \($0.kind.rawValue)" }
                    ?? "\(contract.source.displayPath) has no 'changes' entry"
            }
            for finding in breaking {
                let inNew = finding.file == specFile
                let place = finding.operation.isEmpty ? finding.anchor : "\(finding.operation) at \(finding.anchor)"
                diagnostics.emit(Diagnostic(file: specFile, line: inNew ? finding.line : 0, column: inNew ? 1 : 0, severity: .error,
                                            id: "undeclared-breaking-change",
                                            message: "breaking change since \(revision) not declared: \(finding.id) in \(place): \(finding.text)\(inNew ? "" : " (\(finding.source))"); \(why); add a 'changes' entry with kind: breaking"))
            }
        }
        if breaking.isEmpty, let newest, newest.kind == .breaking, newSinceBase, comparison.baseVersions != nil {
            diagnostics.warning("declared-breaking-change-not-found",
                                "change \(newest.version) is declared breaking, but no breaking change was found in '\(contract.specPath)' since \(revision)",
                                at: newest.location)
        }
        if !comparison.unread.isEmpty {
            // Parts of a spec that were not read cannot be judged: say so, never pass them as unchanged (ADR-0113).
            let listed = comparison.unread.prefix(5).joined(separator: "; ") + (comparison.unread.count > 5 ? "; and \(comparison.unread.count - 5) more" : "")
            diagnostics.warning("contract-not-compared",
                                "contract '\(contract.title)' was compared with \(revision) without what these references name: \(listed)",
                                at: contract.specLocation)
        }
        for finding in comparison.findings where finding.level == .warning {
            let inNew = finding.file == specFile
            diagnostics.emit(Diagnostic(file: specFile, line: inNew ? finding.line : 0, column: inNew ? 1 : 0, severity: .warning,
                                        id: "contract-change",
                                        message: "since \(revision): \(finding.id) in \(finding.operation.isEmpty ? "" : finding.operation + " at ")\(finding.anchor): \(finding.text)"))
        }
    }
}
