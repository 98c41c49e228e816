import Foundation
import HandbookMarkdown

/// `handbook serve`'s route for an edit of what a decision shows on other pages: its title, status
/// or tags (ADR-0019). The link stage's results do not read them (only the stale globs' list keeps
/// titles), so the last build's links, relations and governance stand; what changes is the pages
/// that show the decision, which `pagesShowing` names from the page list (a superset: each is
/// built, fingerprinted and rendered only when its model changed), and the check stage's warnings
/// about statuses, which are compared with the old handbook's.
///
/// `IncrementalBuildTests.aFieldEditIsShownOnlyOnThePagesNamed` changes each decision's title,
/// status and tags on a handbook with every kind of page and requires every page whose model
/// changed to be named: a view model that starts showing a decision's title elsewhere fails it.
extension LiveSite {
    /// The document with what `pagesShowing` covers left out: the title, the status, the tags, the
    /// front matter as written (their source; `handbook.json` reads it, and it is made again), and
    /// a first heading of level 1 (the title, when it is written so; links to its anchor refuse the
    /// route, see `linksToAnchors`); other headings stay. Its body's parts are left out too, as in
    /// `outline`. Equal for two parses of a decision: what changed is a field edit's.
    static func fieldOutline(_ document: Document) -> String? {
        guard document.decision != nil else { return nil }
        var copy = document
        copy.title = ""
        copy.decision?.status = ""
        copy.decision?.statusKnown = true
        copy.decision?.tags = []
        copy.fields = FrontMatterFields()
        copy.markdown.leadingTitle = nil
        if copy.markdown.headings.first?.level == 1 { copy.markdown.headings.removeFirst() }
        return outline(copy)
    }

    /// The anchors of the headings of `old` or `new` that are not both's.
    static func changedAnchors(_ old: Document, _ new: Document) -> Set<String> {
        var changed = Set(old.markdown.headings.map(\.anchor) + old.markdown.htmlAnchors)
            .symmetricDifference(new.markdown.headings.map(\.anchor) + new.markdown.htmlAnchors)
        // The title taken out of the body keeps its anchor too (`LinkResolver.movedAnchor`).
        let titles = [old, new].map { $0.markdown.leadingTitle.map(AnchorAllocator.slug) ?? "" }
        if titles[0] != titles[1] { changed.formUnion(titles.filter { !$0.isEmpty }) }
        return changed
    }

    /// Whether any link of the handbook (any document's, the home page's introduction's) names one
    /// of `anchors` as its fragment: its resolution, and perhaps its diagnostic, would change.
    static func linksToAnchors(_ anchors: Set<String>, in handbook: Handbook) -> Bool {
        guard !anchors.isEmpty else { return false }
        let links = handbook.documents.lazy.flatMap(\.markdown.links) + (handbook.intro?.markdown.links ?? [])
        // By bytes: a title edit asks this for the old and new titles' anchors every time.
        return links.contains { link in
            let bytes = link.destination.utf8
            guard let hash = bytes.lastIndex(of: UInt8(ascii: "#")) else { return false }
            let fragment = String(link.destination[bytes.index(after: hash)...])
            return anchors.contains(fragment) || anchors.contains(fragment.removingPercentEncoding ?? fragment)
        }
    }

    /// The stale globs' list (the home page's "needs attention") names each record by its title:
    /// the edited decisions' entries take the new one, as the link stage would write it.
    static func retitleStaleGlobs(_ handbook: inout Handbook, edited: [Int]) {
        var titles: [String: String] = [:]
        for index in edited {
            let document = handbook.documents[index]
            titles[document.outputPath] = document.decision.map { "\($0.id): \(document.title)" } ?? document.title
        }
        for position in handbook.governance.stale.indices {
            if let title = titles[handbook.governance.stale[position].page] { handbook.governance.stale[position].title = title }
        }
    }

    /// The numbers of the pages that can show decision `index`'s title, status or tags, before
    /// (`old`, the page list of the site on disk) or after the edit (`new`: the same pages).
    static func pagesShowing(_ index: Int, old: RenderStage.PageList, new: RenderStage.PageList) -> Set<Int> {
        let before = old.handbook.documents[index].decision, after = new.handbook.documents[index].decision
        let tags = Set((before?.tags ?? []) + (after?.tags ?? []))
        var numbers = pagesShowing(index, tags: tags, in: old).union(pagesShowing(index, tags: tags, in: new))
        // The home page: the newest decisions, the proposed ones, the counts of statuses, the stale globs' titles.
        let page = new.handbook.documents[index].outputPath
        if before?.status != after?.status || before?.status == "proposed" || after?.status == "proposed"
            || new.handbook.governance.stale.contains(where: { $0.page == page }) {
            numbers.insert(0)
        }
        // The tags index: each tag's count.
        if before?.tags != after?.tags { numbers.insert(new.extrasStart) }
        return numbers
    }

    /// The pages of `pages` that show decision `index` whatever changed (`tags`: its tags before
    /// and after): the decisions index, its page, its tags' pages, related records, the files it
    /// governs, the sidebar's timeline; the home page when it is among the newest (`pagesShowing(_:old:new:)`
    /// adds what depends on which field changed).
    static func pagesShowing(_ index: Int, tags: Set<String>, in pages: RenderStage.PageList) -> Set<Int> {
        let handbook = pages.handbook
        let models = pages.models
        var numbers = Set<Int>()
        // The decisions index lists every decision; the home page the newest.
        numbers.insert(1)
        if let position = models.chronologicalPosition[index], position >= models.chronological.count - handbook.config.recentDecisions {
            numbers.insert(0)
        }
        // Its own page, and the tag pages of its tags, old and new.
        numbers.insert(pages.documentStart + index)
        let tagPages = Set(tags.map(ViewModels.tagPage))
        for (position, entry) in pages.tags.enumerated() where tagPages.contains(ViewModels.tagPage(entry.tag)) {
            numbers.insert(pages.extrasStart + 1 + position)
        }
        // Records related to it (their relations, a landmine's decisions), and the decisions whose
        // local graph can hold it (two steps along the relation graph's edges).
        let relations = handbook.relations[index]
        for other in relations.supersedes + relations.supersededBy + relations.amends + relations.amendedBy
            + relations.related + relations.decisions + relations.landmines {
            numbers.insert(pages.documentStart + other)
        }
        var near: Set<Int> = [index]
        var frontier = [index]
        for _ in 0..<2 {
            var next: [Int] = []
            for node in frontier {
                for edge in models.relationGraph.edgesByNode[node] ?? [] {
                    for other in [edge.from, edge.to] where near.insert(other).inserted { next.append(other) }
                }
            }
            frontier = next
        }
        for node in near where node < handbook.documents.count { numbers.insert(pages.documentStart + node) }
        // The files it governs.
        if let files = handbook.governance.filesByDocument[index] {
            let governed = Set(files)
            for (position, file) in pages.governedFiles.enumerated() where governed.contains(file) {
                numbers.insert(pages.fileStart + position)
            }
        }
        // The sidebar's timeline: the decisions within its length of this one (previous and next
        // among them) show it; when it is among the newest, every page that is not a decision's does.
        if let position = models.chronologicalPosition[index] {
            let length = ViewModels.sidebarTimelineLength
            let count = models.chronological.count
            for other in max(0, position - length)..<min(count, position + length + 1) {
                numbers.insert(pages.documentStart + models.chronological[other])
            }
            if position >= count - length {
                for number in 0..<pages.count {
                    let document = number - pages.documentStart
                    if document < 0 || document >= handbook.documents.count || handbook.documents[document].decision == nil {
                        numbers.insert(number)
                    }
                }
            }
        }
        return numbers
    }
}
