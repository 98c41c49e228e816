/// The review page (`build --review-base REV`): the review report as a page of the site.
extension ViewModels {
    static let reviewPath = "review.html"

    func review(_ report: ReviewReport) -> Model {
        let path = Self.reviewPath
        var model = common(outputPath: path, title: "Review", section: "review")
        let link = { (page: String) in Path.relativeURL(from: path, to: page) }
        let graph = handbook.governance
        /// A changed or matched path, linked to its file page when it has one.
        let pathLink = { (file: String) -> Model in
            var item: Model = ["path": file]
            if let index = graph.repository.index(of: file), let page = filePages[index] { item["fileURL"] = link(page) }
            return item
        }
        let governed = Set(report.landmines.flatMap(\.matched) + report.decisions.flatMap(\.matched) + report.contracts.flatMap(\.matched))
        let critical = report.landmines.filter { $0.severity == "critical" }.count
        let breaking = report.contracts.filter { $0.changes.contains { $0.level == "breaking" } }.count
        let ungoverned = report.files.filter { !governed.contains($0.path) && !governed.contains($0.previous ?? "\u{0}") }.count
        var fields: Model = [
            "files": report.files.map { file -> Model in
                var item = pathLink(file.path)
                item["status"] = file.status.rawValue
                item["ungoverned"] = !governed.contains(file.path) && !governed.contains(file.previous ?? "\u{0}")
                if let previous = file.previous { item["previous"] = previous }
                return item
            },
            "summary": [
                ["number": critical, "label": critical == 1 ? "critical landmine touched" : "critical landmines touched", "alarm": critical > 0],
                ["number": report.landmines.filter(\.needsContext).count, "label": "landmines needing a reviewer with context",
                 "alarm": false],
                ["number": report.decisions.count, "label": report.decisions.count == 1 ? "decision governs the change" : "decisions govern the change",
                 "alarm": false],
                ["number": breaking, "label": breaking == 1 ? "contract with breaking changes" : "contracts with breaking changes",
                 "alarm": breaking > 0],
                ["number": report.owners.count, "label": report.owners.count == 1 ? "owner to ask" : "owners to ask", "alarm": false],
                ["number": ungoverned, "label": ungoverned == 1 ? "changed file nothing governs" : "changed files nothing governs",
                 "alarm": false],
            ] as [Model],
            "fileCount": Self.count(report.files.count, "changed file"),
            "isEmpty": report.isEmpty,
            "landmines": report.landmines.map { landmine -> Model in
                var item: Model = ["title": landmine.title, "severity": landmine.severity, "needsContext": landmine.needsContext,
                                   "url": link(landmine.page), "matched": landmine.matched.map(pathLink)]
                if let owner = landmine.owner { item["owner"] = owner }
                if let failure = landmine.failure { item["failure"] = failure }
                return item
            },
            "decisions": report.decisions.map { decision -> Model in
                ["id": decision.id, "title": decision.title, "status": decision.status, "inactive": decision.inactive,
                 "supersededBy": decision.supersededBy, "url": link(decision.page), "matched": decision.matched.map(pathLink)]
            },
            "contracts": report.contracts.map { contract -> Model in
                var item: Model = ["title": contract.title, "url": link(contract.page), "matched": contract.matched.map(pathLink),
                                   "changes": contract.changes.map { change -> Model in
                                       ["id": change.id, "level": change.level, "operation": change.operation, "path": change.path,
                                        "text": change.text, "breaking": change.level == "breaking"]
                                   }]
                if let owner = contract.owner { item["owner"] = owner }
                return item
            },
            "owners": report.owners.map { ["owner": $0.owner, "files": $0.files.map(pathLink)] as Model },
            "hotspots": report.hotspots.map { hotspot -> Model in
                var item = pathLink(hotspot.path)
                item["fixes"] = hotspot.fixes
                item["from"] = hotspot.from
                item["to"] = hotspot.to
                return item
            },
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
