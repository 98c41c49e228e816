/// The review page (`build --review-base REV`): the review report as a page of the site.
extension ViewModels {
    static let reviewPath = "review.html"

    func review(_ report: ReviewReport) -> Model {
        let path = Self.reviewPath
        var model = common(outputPath: path, title: "Review", section: "review")
        let link = { (page: String) in Path.relativeURL(from: path, to: page) }
        var fields: Model = [
            "files": report.files.map { file -> Model in
                var item: Model = ["path": file.path, "status": file.status.rawValue]
                if let previous = file.previous { item["previous"] = previous }
                return item
            },
            "fileCount": Self.count(report.files.count, "changed file"),
            "isEmpty": report.isEmpty,
            "landmines": report.landmines.map { landmine -> Model in
                var item: Model = ["title": landmine.title, "severity": landmine.severity, "needsContext": landmine.needsContext,
                                   "url": link(landmine.page), "matched": landmine.matched]
                if let owner = landmine.owner { item["owner"] = owner }
                if let failure = landmine.failure { item["failure"] = failure }
                return item
            },
            "decisions": report.decisions.map { decision -> Model in
                ["id": decision.id, "title": decision.title, "status": decision.status, "inactive": decision.inactive,
                 "supersededBy": decision.supersededBy, "url": link(decision.page), "matched": decision.matched]
            },
            "contracts": report.contracts.map { contract -> Model in
                var item: Model = ["title": contract.title, "url": link(contract.page), "matched": contract.matched,
                                   "changes": contract.changes.map { change -> Model in
                                       ["id": change.id, "level": change.level, "operation": change.operation, "path": change.path,
                                        "text": change.text, "breaking": change.level == "breaking"]
                                   }]
                if let owner = contract.owner { item["owner"] = owner }
                return item
            },
            "owners": report.owners.map { ["owner": $0.owner, "files": $0.files] as Model },
            "hotspots": report.hotspots.map { ["path": $0.path, "fixes": $0.fixes, "from": $0.from, "to": $0.to] as Model },
        ]
        if let base = report.base { fields["base"] = base }
        model["review"] = fields
        return model
    }

    /// For the home page: a link to the review and what it found, when the build made one.
    func reviewLink(from path: String) -> Model? {
        guard let report = handbook.review else { return nil }
        let urgent = report.landmines.filter(\.needsContext).count
        var summary = "\(Self.count(report.files.count, "changed file")) since \(report.base ?? "the base")"
        summary += report.isEmpty ? ": nothing governs them." : ": \(Self.count(report.landmines.count, "landmine"))"
            + (urgent > 0 ? " (\(urgent) needing a reviewer with context)" : "")
            + ", \(Self.count(report.decisions.count, "decision")), \(Self.count(report.contracts.count, "contract"))."
        return ["url": Path.relativeURL(from: path, to: Self.reviewPath), "summary": summary]
    }
}
