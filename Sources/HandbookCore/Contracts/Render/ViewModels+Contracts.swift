/// Contracts (issue 5): the view models of `contracts/index.html` and `contracts/<slug>.html`.
extension ViewModels {
    static let contractsIndexPath = "contracts/index.html"

    func contractsIndex() -> Model {
        let path = Self.contractsIndexPath
        var model = common(outputPath: path, title: "Contracts", section: "contracts")
        model["contracts"] = handbook.contracts.map { contractSummary($0, from: path) }
        return model
    }

    func contractSummary(_ contract: Contract, from outputPath: String) -> Model {
        var model: Model = ["title": contract.title, "slug": contract.slug, "consumers": contract.consumers,
                            "url": Path.relativeURL(from: outputPath, to: contract.outputPath), "spec": contract.specPath]
        if let provider = contract.provider { model["provider"] = provider }
        if let owner = contract.owner { model["owner"] = owner }
        if let newest = contract.newestChange {
            model["currentVersion"] = newest.version
            model["lastKind"] = newest.kind.rawValue
        } else if let version = contract.model?.document.version {
            model["currentVersion"] = version
        }
        if let kind = contract.model?.document.kindName { model["specKind"] = kind }
        return model
    }

    func contract(_ index: Int) -> Model {
        let contract = handbook.contracts[index]
        var model = common(outputPath: contract.outputPath, title: contract.title, section: "contracts")
        var fields = contractSummary(contract, from: contract.outputPath)
        fields["governs"] = contract.governedPaths
        fields["source"] = contract.source.repositoryPath ?? contract.source.path
        if let repository = handbook.config.repository {
            fields["specURL"] = repository.file(contract.specPath)
            if let path = contract.source.repositoryPath { fields["sourceURL"] = repository.file(path) }
        }
        fields["changes"] = contract.changes.reversed().map { entry -> Model in
            var change: Model = ["version": entry.version, "kind": entry.kind.rawValue, "breaking": entry.kind == .breaking]
            if let date = entry.date { change["date"] = date }
            if let summary = entry.summary { change["summary"] = summary }
            if let number = entry.pullRequest {
                change["prNumber"] = number
                if let url = handbook.config.repository?.pullRequest(number) { change["prURL"] = url }
            }
            return change
        }
        fields["tagGroups"] = [Model]()
        fields["schemas"] = [Model]()
        if let api = contract.model { ContractPage(model: api).fill(&fields) }
        fields["reviewFindings"] = contract.reviewFindings.map { finding -> Model in
            ["id": finding.id, "level": finding.level.rawValue, "operation": finding.operation, "path": finding.anchor,
             "source": finding.source, "text": finding.text, "breaking": finding.level == .breaking]
        }
        if let base = contract.reviewBase { fields["reviewBase"] = base }
        let files = handbook.governance.filesByContract[index] ?? []
        fields["files"] = files.map { file -> Model in
            let path = handbook.governance.repository.paths[file]
            return ["path": path, "url": fileURL(path, from: contract.outputPath)]
        }
        fields["fileCount"] = files.count
        model["contract"] = fields
        return model
    }
}
