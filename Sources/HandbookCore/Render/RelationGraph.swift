import Foundation

/// The relation graph (ADR-0120) as an inline SVG, laid out by our own code in layers: decisions,
/// and the landmines and contracts that cite them, are the nodes (a contract is node
/// `documents.count + its index`); supersedes, amends, relates and cites are the
/// edges. Every edge points from the older document to the newer (landmines after the decisions
/// they cite), so the graph is acyclic; a node's layer is the longest path to it (scaled, so 200
/// decisions make a wide rectangle rather than a strip); within a layer, nodes are ordered by
/// the barycentre of their neighbours, a few sweeps each way. Each node is a link.
/// Edge kinds differ by dash pattern as well as colour, and nodes by shape and word.
struct RelationGraph {
    enum EdgeKind: String, CaseIterable {
        case supersedes, amends, relates, cites

        /// The kinds in the order of their raw values, as a number (ADR-0075): edges are sorted by
        /// it without making the raw values' Strings for each comparison
        /// (`SpeedEquivalenceTests.localGraphsAsByInterpolation`).
        var rank: Int {
            switch self {
            case .amends: return 0
            case .cites: return 1
            case .relates: return 2
            case .supersedes: return 3
            }
        }
    }

    struct Edge: Hashable {
        var from: Int
        var to: Int
        var kind: EdgeKind
    }

    /// `var`: a field edit (ADR-0021) puts in the new titles and statuses; the edges stay.
    var handbook: Handbook
    /// Document indices, decisions oldest first (their chronological order decides direction).
    let order: [Int]
    let position: [Int: Int]
    /// Every edge, computed once (decision pages each draw their neighbourhood from it).
    let allEdges: [Edge]
    let edgesByNode: [Int: [Edge]]
    /// The whole graph as last drawn (its layout, edges, and each node's text with what it was
    /// drawn from): shared by the copies of this graph, whose nodes and edges are this one's; a
    /// field edit's copy (ADR-0021) draws again only the nodes whose title or status changed.
    let drawn = DrawnGraph()

    final class DrawnGraph: @unchecked Sendable {
        struct NodeInputs: Equatable {
            var id: String
            var status: String
            var title: String
            var target: String
        }
        let lock = NSLock()
        var from: String?
        var head = ""
        var place: [Int: Placed] = [:]
        var nodes: [Int: Node] = [:]
        /// The length of the graph drawn last, to reserve for the next.
        var length = 0

        /// A node's text and what it shows: a class, so that looking one up copies a reference (ADR-0022).
        final class Node {
            let inputs: NodeInputs
            let text: String

            init(inputs: NodeInputs, text: String) {
                self.inputs = inputs
                self.text = text
            }
        }
    }

    static let nodeWidth = 176.0, nodeHeight = 42.0, layerGap = 64.0, rowGap = 14.0, margin = 8.0

    init(handbook: Handbook, chronological: [Int]) {
        self.handbook = handbook
        // Landmines and contracts come after every decision: they cite decisions, decisions never cite them.
        order = chronological + handbook.landminesBySeverity + handbook.contracts.indices.map { handbook.documents.count + $0 }
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        allEdges = Self.edges(handbook: handbook, order: order, position: position)
        var byNode: [Int: [Edge]] = [:]
        for edge in allEdges {
            byNode[edge.from, default: []].append(edge)
            byNode[edge.to, default: []].append(edge)
        }
        edgesByNode = byNode
    }

    /// Every edge, each once, from the older document to the newer.
    static func edges(handbook: Handbook, order: [Int], position: [Int: Int]) -> [Edge] {
        var edges = Set<Edge>()
        for node in order {
            if node >= handbook.documents.count {
                for decision in handbook.contracts[node - handbook.documents.count].citedDecisions {
                    guard let a = position[node], let b = position[decision] else { continue }
                    edges.insert(a < b ? Edge(from: node, to: decision, kind: .cites) : Edge(from: decision, to: node, kind: .cites))
                }
                continue
            }
            let relations = handbook.relations[node]
            var pairs: [(Int, EdgeKind)] = relations.supersedes.map { ($0, .supersedes) } + relations.amends.map { ($0, .amends) }
                + relations.related.map { ($0, .relates) }
            if handbook.documents[node].landmine != nil { pairs += relations.decisions.map { ($0, .cites) } }
            for (other, kind) in pairs {
                guard let a = position[node], let b = position[other], node != other else { continue }
                edges.insert(a < b ? Edge(from: node, to: other, kind: kind) : Edge(from: other, to: node, kind: kind))
            }
        }
        return edges.sorted(by: inOrder)
    }

    /// The whole graph: every document with at least one relation.
    func svg(from outputPath: String) -> (svg: String, nodeCount: Int, isolated: Int) {
        let (nodes, isolated) = wholeGraphNodes()
        return (render(nodes: nodes, edges: allEdges, centre: nil, from: outputPath, id: "graph", drawn: drawn), nodes.count, isolated)
    }

    /// `svg(from:)` drawn when it is written (ADR-0054), part by part (the frame and the edges,
    /// then each node), by a build that draws it once: the same text, never held whole (tens of
    /// megabytes at 100,000 records), and no node's text kept for a next drawing (`drawn`, which
    /// `handbook serve`'s field edits use).
    func madeSVG(from outputPath: String) -> (svg: Mustache.MadeText, nodeCount: Int, isolated: Int) {
        let (nodes, isolated) = wholeGraphNodes()
        let graph = self
        let text = Mustache.MadeText { part in
            graph.render(nodes: nodes, edges: graph.allEdges, centre: nil, from: outputPath, id: "graph", part: part)
        }
        return (text, nodes.count, isolated)
    }

    /// The whole graph's nodes (every document with a relation), and the number of decisions without one.
    private func wholeGraphNodes() -> (nodes: [Int], isolated: Int) {
        var connected = Set<Int>()
        for edge in allEdges { connected.insert(edge.from); connected.insert(edge.to) }
        let nodes = order.filter(connected.contains)
        let isDecision = { (node: Int) in node < handbook.documents.count && handbook.documents[node].decision != nil }
        return (nodes, order.filter(isDecision).count - nodes.filter(isDecision).count)
    }

    /// The neighbourhood of one decision: documents within two relations of it, at most `limit`.
    func svg(around centre: Int, from outputPath: String, limit: Int = 40) -> String? {
        guard let (nodes, edges) = neighbourhood(of: centre, limit: limit) else { return nil }
        // Written into one buffer and made a String once (ADR-0075), not a String a node appended
        // to another: the text the head and nodes written by interpolation make
        // (`SpeedEquivalenceTests.localGraphsAsByInterpolation`).
        var out: [UInt8] = []
        out.reserveCapacity(600 + 110 * edges.count + 700 * nodes.count)
        let place = appendHead(nodes: nodes, edges: edges, centre: centre, id: "graph-local", to: &out)
        for node in nodes {
            guard let p = place[node] else { continue }
            appendNode(node, at: p, centre: centre, from: outputPath, to: &out)
        }
        Self.append("</g>\n</svg>", to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The nodes and edges `svg(around:from:limit:)` draws; nil when `centre` has no relation.
    func neighbourhood(of centre: Int, limit: Int = 40) -> (nodes: [Int], edges: [Edge])? {
        guard edgesByNode[centre] != nil else { return nil }
        var seen: Set<Int> = [centre]
        var frontier = [centre]
        for _ in 0..<2 {
            var next: [Int] = []
            for node in frontier {
                for edge in edgesByNode[node] ?? [] {
                    let other = edge.from == node ? edge.to : edge.from
                    guard !seen.contains(other), seen.count < limit else { continue }
                    seen.insert(other)
                    next.append(other)
                }
            }
            frontier = next
        }
        let nodes = seen.sorted { position[$0]! < position[$1]! }
        var local = Set<Edge>()
        for node in seen {
            for edge in edgesByNode[node] ?? [] where seen.contains(edge.from) && seen.contains(edge.to) { local.insert(edge) }
        }
        return (nodes, local.sorted(by: Self.inOrder))
    }

    /// The order edges are drawn in: by their ends' places, then by their kinds' raw values (`EdgeKind.rank`).
    static func inOrder(_ a: Edge, _ b: Edge) -> Bool {
        (a.from, a.to, a.kind.rank) < (b.from, b.to, b.kind.rank)
    }

    /// A literal's bytes added to `out`.
    @inline(__always)
    static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    // MARK: - Layout

    struct Placed {
        var x: Double
        var y: Double
    }

    /// Layers (longest path, scaled to at most the square root of the node count) and the order
    /// within each (barycentre sweeps), of distinct `nodes`. Worked on with the nodes' places in `nodes` (arrays, where
    /// `dictionaryLayout` hashed a node's id for every look-up: 0.6% of a build, ADR-0047); an
    /// edge with an end outside `nodes` is left out, as `dictionaryLayout`'s look-ups skip it.
    func layout(nodes: [Int], edges: [Edge]) -> [[Int]] {
        let cap = max(3, Int(Double(nodes.count).squareRoot().rounded(.up)))
        var local: [Int: Int] = [:]
        local.reserveCapacity(nodes.count)
        for (k, node) in nodes.enumerated() where local[node] == nil { local[node] = k }
        var incoming = [[Int]](repeating: [], count: nodes.count), outgoing = incoming
        for edge in edges {
            guard let from = local[edge.from], let to = local[edge.to] else { continue }
            incoming[to].append(from)
            outgoing[from].append(to)
        }
        var layer = [Int](repeating: -1, count: nodes.count)
        for k in nodes.indices { // oldest first: every predecessor is placed already
            var highest = -1
            for from in incoming[k] where layer[from] > highest { highest = layer[from] }
            layer[k] = highest + 1
        }
        // Longer paths than `cap` layers are scaled down, not clipped: order is kept (an edge never
        // points left) and the nodes spread over every layer instead of piling up in the last.
        let longest = (layer.max() ?? 0) + 1
        if longest > cap {
            for k in layer.indices { layer[k] = layer[k] * cap / longest }
        }
        let count = (layer.max() ?? 0) + 1
        var layers = [[Int]](repeating: [], count: count)
        for k in nodes.indices { layers[layer[k]].append(k) }
        var index = [Int](repeating: 0, count: nodes.count)
        for sweep in 0..<8 {
            for list in layers { for (i, k) in list.enumerated() { index[k] = i } }
            let downward = sweep % 2 == 0
            let range = downward ? Array(1..<max(1, count)) : Array((0..<max(0, count - 1)).reversed())
            for l in range {
                // A layer of one node stays as it is (most of a decision's neighbourhood, ADR-0075):
                // its order and its node's index are already what the sort would give.
                guard layers[l].count > 1 else { continue }
                let keyed = layers[l].enumerated().map { i, k -> (Double, Int, Int) in
                    let neighbours = downward ? incoming[k] : outgoing[k]
                    var sum = 0
                    for other in neighbours { sum += index[other] }
                    return (neighbours.isEmpty ? Double(i) : Double(sum) / Double(neighbours.count), i, k)
                }
                layers[l] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                for (i, k) in layers[l].enumerated() { index[k] = i }
            }
        }
        return layers.map { $0.map { nodes[$0] } }
    }

    /// `layout` with dictionaries by node id, as it was written first (`layout` must agree with it).
    func dictionaryLayout(nodes: [Int], edges: [Edge]) -> [[Int]] {
        let cap = max(3, Int(Double(nodes.count).squareRoot().rounded(.up)))
        var layer: [Int: Int] = [:]
        var incoming: [Int: [Int]] = [:], outgoing: [Int: [Int]] = [:]
        for edge in edges {
            incoming[edge.to, default: []].append(edge.from)
            outgoing[edge.from, default: []].append(edge.to)
        }
        for node in nodes { // oldest first: every predecessor is placed already
            layer[node] = (incoming[node] ?? []).compactMap { layer[$0] }.max().map { $0 + 1 } ?? 0
        }
        // Longer paths than `cap` layers are scaled down, not clipped: order is kept (an edge never
        // points left) and the nodes spread over every layer instead of piling up in the last.
        let longest = (layer.values.max() ?? 0) + 1
        if longest > cap {
            for (node, value) in layer { layer[node] = value * cap / longest }
        }
        let count = (layer.values.max() ?? 0) + 1
        var layers = [[Int]](repeating: [], count: count)
        for node in nodes { layers[layer[node]!].append(node) }
        func barycentre(_ node: Int, _ neighbours: [Int: [Int]], _ index: [Int: Int]) -> Double? {
            let places = (neighbours[node] ?? []).compactMap { index[$0] }
            return places.isEmpty ? nil : Double(places.reduce(0, +)) / Double(places.count)
        }
        for sweep in 0..<8 {
            var index: [Int: Int] = [:]
            for list in layers { for (i, node) in list.enumerated() { index[node] = i } }
            let downward = sweep % 2 == 0
            let range = downward ? Array(1..<max(1, count)) : Array((0..<max(0, count - 1)).reversed())
            for l in range {
                let keyed = layers[l].enumerated().map { i, node -> (Double, Int, Int) in
                    (barycentre(node, downward ? incoming : outgoing, index) ?? Double(i), i, node)
                }
                layers[l] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                for (i, node) in layers[l].enumerated() { index[node] = i }
            }
        }
        return layers
    }

    // MARK: - Drawing

    /// With `drawn` (the whole graph), what was drawn before from `outputPath` is reused: the layout
    /// and the edges (this graph's, which do not change), each node's text when what it shows is the same.
    func render(nodes: [Int], edges: [Edge], centre: Int?, from outputPath: String, id: String, drawn: DrawnGraph? = nil) -> String {
        if let drawn {
            drawn.lock.lock()
            defer { drawn.lock.unlock() }
            if drawn.from != outputPath {
                drawn.from = outputPath
                drawn.nodes = [:]
                (drawn.head, drawn.place) = renderHead(nodes: nodes, edges: edges, centre: centre, id: id)
            }
            var svg = drawn.head
            svg.reserveCapacity(drawn.length)
            for node in nodes {
                guard let p = drawn.place[node] else { continue }
                if let kept = drawn.nodes[node], shows(node, kept.inputs) {
                    svg += kept.text
                } else {
                    let text = renderNode(node, at: p, centre: centre, from: outputPath)
                    drawn.nodes[node] = DrawnGraph.Node(inputs: nodeInputs(node), text: text)
                    svg += text
                }
            }
            svg += "</g>\n</svg>"
            drawn.length = svg.utf8.count
            return svg
        }
        var svg = ""
        render(nodes: nodes, edges: edges, centre: centre, from: outputPath, id: id) { svg += $0 }
        return svg
    }

    /// `render` without `drawn`, handing its text over in parts: the frame and the edges, each node, the end.
    func render(nodes: [Int], edges: [Edge], centre: Int?, from outputPath: String, id: String, part: (String) -> Void) {
        let (head, place) = renderHead(nodes: nodes, edges: edges, centre: centre, id: id)
        part(head)
        for node in nodes {
            guard let p = place[node] else { continue }
            part(renderNode(node, at: p, centre: centre, from: outputPath))
        }
        part("</g>\n</svg>")
    }

    /// What a node's text shows (besides its place): its id, status, title and page.
    func nodeInputs(_ node: Int) -> DrawnGraph.NodeInputs {
        if node >= handbook.documents.count {
            let contract = handbook.contracts[node - handbook.documents.count]
            return DrawnGraph.NodeInputs(id: "", status: "", title: contract.title, target: contract.outputPath)
        }
        let record = handbook.documents[node].decision
        return DrawnGraph.NodeInputs(id: record?.id ?? "", status: record?.status ?? (handbook.documents[node].landmine?.severity.rawValue ?? ""),
                                     title: handbook.documents[node].title, target: handbook.documents[node].outputPath)
    }

    /// Whether node `node` shows `inputs` (`nodeInputs(node) == inputs`), compared where they are
    /// rather than copied out of the document's decision (ADR-0022).
    func shows(_ node: Int, _ inputs: DrawnGraph.NodeInputs) -> Bool {
        if node >= handbook.documents.count {
            let contract = handbook.contracts[node - handbook.documents.count]
            return inputs.id.isEmpty && inputs.status.isEmpty && inputs.title == contract.title && inputs.target == contract.outputPath
        }
        guard inputs.title == handbook.documents[node].title, inputs.target == handbook.documents[node].outputPath else { return false }
        if let id = handbook.documents[node].decision?.id {
            return inputs.id == id && inputs.status == handbook.documents[node].decision?.status
        }
        return inputs.id.isEmpty && inputs.status == (handbook.documents[node].landmine?.severity.rawValue ?? "")
    }

    /// The graph's size and where each node goes: its layers side by side, each centred vertically.
    func placement(nodes: [Int], edges: [Edge]) -> (width: Double, height: Double, place: [Int: Placed]) {
        let layers = layout(nodes: nodes, edges: edges)
        let tallest = layers.map(\.count).max() ?? 0
        let height = Self.margin * 2 + Double(tallest) * (Self.nodeHeight + Self.rowGap) - Self.rowGap
        var place: [Int: Placed] = [:]
        for (l, list) in layers.enumerated() {
            // Each layer centred vertically.
            let columnHeight = Double(list.count) * (Self.nodeHeight + Self.rowGap) - Self.rowGap
            let top = Self.margin + (height - 2 * Self.margin - columnHeight) / 2
            for (i, node) in list.enumerated() {
                place[node] = Placed(x: Self.margin + Double(l) * (Self.nodeWidth + Self.layerGap),
                                     y: top + Double(i) * (Self.nodeHeight + Self.rowGap))
            }
        }
        let width = Self.margin * 2 + Double(layers.count) * (Self.nodeWidth + Self.layerGap) - Self.layerGap
        return (width, height, place)
    }

    /// The graph up to its nodes (the frame, the title, the edges), and where each node goes.
    /// Written as bytes (ADR-0062): `interpolatedRenderHead` is the reference, byte for byte.
    func renderHead(nodes: [Int], edges: [Edge], centre: Int?, id: String) -> (String, [Int: Placed]) {
        var out: [UInt8] = []
        out.reserveCapacity(560 + 3 * id.utf8.count + 110 * edges.count)
        let place = appendHead(nodes: nodes, edges: edges, centre: centre, id: id, to: &out)
        return (String(decoding: out, as: UTF8.self), place)
    }

    /// `renderHead`'s text added to `out`; where each node goes.
    func appendHead(nodes: [Int], edges: [Edge], centre: Int?, id: String, to out: inout [UInt8]) -> [Int: Placed] {
        let (width, height, place) = placement(nodes: nodes, edges: edges)
        func text(_ literal: StaticString) {
            literal.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        func n(_ value: Double) { Self.appendNumber(value, to: &out) }
        text("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relation-graph\" id=\"")
        out.append(contentsOf: id.utf8)
        text("\" width=\""); n(width); text("\" height=\""); n(height)
        text("\" viewBox=\"0 0 "); n(width); text(" "); n(height); text("\" aria-labelledby=\"")
        out.append(contentsOf: id.utf8)
        text("-title\">\n<title id=\"")
        out.append(contentsOf: id.utf8)
        text("-title\">")
        if centre == nil { text("How the decisions relate") } else { text("The decisions related to this one") }
        text(" ("); Self.appendInt(nodes.count, to: &out); text(" documents, "); Self.appendInt(edges.count, to: &out)
        text(" relations)</title>\n<defs><marker id=\"")
        out.append(contentsOf: id.utf8)
        text("-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        text("<path d=\"M0 0L10 5L0 10z\" fill=\"currentColor\"/></marker></defs>\n<g class=\"graph-edges\" fill=\"none\">\n")
        for edge in edges {
            guard let a = place[edge.from], let b = place[edge.to] else { continue }
            text("<path class=\"edge edge-")
            out.append(contentsOf: edge.kind.rawValue.utf8)
            text("\" d=\"M")
            if a.x == b.x { // same layer: an arc on the right
                let x = a.x + Self.nodeWidth, y1 = a.y + Self.nodeHeight / 2, y2 = b.y + Self.nodeHeight / 2
                let bend = min(Self.layerGap - 8, 18 + abs(y2 - y1) / 6)
                n(x); text(" "); n(y1); text("C"); n(x + bend); text(" "); n(y1); text(" ")
                n(x + bend); text(" "); n(y2); text(" "); n(x); text(" "); n(y2)
            } else {
                let x1 = a.x + Self.nodeWidth, y1 = a.y + Self.nodeHeight / 2, x2 = b.x - 2, y2 = b.y + Self.nodeHeight / 2
                let mid = (x1 + x2) / 2
                n(x1); text(" "); n(y1); text("C"); n(mid); text(" "); n(y1); text(" ")
                n(mid); text(" "); n(y2); text(" "); n(x2); text(" "); n(y2)
            }
            text("\"")
            // The arrow points at the newer document for lineage (it supersedes or amends the older).
            if edge.kind != .relates {
                text(" marker-end=\"url(#")
                out.append(contentsOf: id.utf8)
                text("-arrow)\"")
            }
            text("/>\n")
        }
        text("</g>\n<g class=\"graph-nodes\">\n")
        return place
    }

    /// `MetricNumber.format(value, decimals: 1)`'s bytes, added to `out` (`SpeedEquivalenceTests`).
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(UInt8(ascii: "0")); return }
        let scaled = (abs(value) * 10).rounded()
        guard scaled < 9e15 else {
            out.append(contentsOf: MetricNumber.format(value, decimals: 1).utf8)
            return
        }
        if value < 0 && scaled > 0 { out.append(UInt8(ascii: "-")) }
        let whole = Int(scaled) / 10, fraction = Int(scaled) % 10
        appendInt(whole, to: &out)
        if fraction > 0 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0") + UInt8(fraction))
        }
    }

    /// A count's decimal digits (`String(value)` for `value >= 0`), added to `out`.
    static func appendInt(_ value: Int, to out: inout [UInt8]) {
        guard value >= 0 else { out.append(contentsOf: String(value).utf8); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// `renderHead` as it was written by string interpolation (about 60,000 instructions a local
    /// graph, most of it the edges' paths): the reference `SpeedEquivalenceTests` holds it to.
    func interpolatedRenderHead(nodes: [Int], edges: [Edge], centre: Int?, id: String) -> (String, [Int: Placed]) {
        let (width, height, place) = placement(nodes: nodes, edges: edges)
        func n(_ value: Double) -> String { MetricNumber.format(value, decimals: 1) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"relation-graph\" id=\"\(id)\" width=\"\(n(width))\" height=\"\(n(height))\""
            + " viewBox=\"0 0 \(n(width)) \(n(height))\" aria-labelledby=\"\(id)-title\">\n"
        svg += "<title id=\"\(id)-title\">\(centre == nil ? "How the decisions relate" : "The decisions related to this one")"
            + " (\(nodes.count) documents, \(edges.count) relations)</title>\n"
        svg += "<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            + "<path d=\"M0 0L10 5L0 10z\" fill=\"currentColor\"/></marker></defs>\n<g class=\"graph-edges\" fill=\"none\">\n"
        for edge in edges {
            guard let a = place[edge.from], let b = place[edge.to] else { continue }
            let path: String
            if a.x == b.x { // same layer: an arc on the right
                let x = a.x + Self.nodeWidth, y1 = a.y + Self.nodeHeight / 2, y2 = b.y + Self.nodeHeight / 2
                let bend = min(Self.layerGap - 8, 18 + abs(y2 - y1) / 6)
                path = "M\(n(x)) \(n(y1))C\(n(x + bend)) \(n(y1)) \(n(x + bend)) \(n(y2)) \(n(x)) \(n(y2))"
            } else {
                let x1 = a.x + Self.nodeWidth, y1 = a.y + Self.nodeHeight / 2, x2 = b.x - 2, y2 = b.y + Self.nodeHeight / 2
                let mid = (x1 + x2) / 2
                path = "M\(n(x1)) \(n(y1))C\(n(mid)) \(n(y1)) \(n(mid)) \(n(y2)) \(n(x2)) \(n(y2))"
            }
            // The arrow points at the newer document for lineage (it supersedes or amends the older).
            let arrow = edge.kind == .relates ? "" : " marker-end=\"url(#\(id)-arrow)\""
            svg += "<path class=\"edge edge-\(edge.kind.rawValue)\" d=\"\(path)\"\(arrow)/>\n"
        }
        svg += "</g>\n<g class=\"graph-nodes\">\n"
        return (svg, place)
    }

    /// One node: a link with its label and title, written as bytes (`interpolatedRenderNode` built it
    /// by string interpolation, about 40,000 instructions a node: 0.6% of a build, ADR-0047).
    /// The escapes are byte by byte, so a label escaped in parts is the label escaped.
    func renderNode(_ node: Int, at p: Placed, centre: Int?, from outputPath: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(640)
        appendNode(node, at: p, centre: centre, from: outputPath, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `renderNode`'s text added to `out` (ADR-0075: its numbers, class and cut title written as
    /// bytes, not made as Strings first).
    func appendNode(_ node: Int, at p: Placed, centre: Int?, from outputPath: String, to out: inout [UInt8]) {
        let isCentre = node == centre
        let name: String
        Self.append("<a href=\"", to: &out)
        if node >= handbook.documents.count {
            let contract = handbook.contracts[node - handbook.documents.count]
            name = contract.title
            HTMLEscaping.append(Path.relativeURL(from: outputPath, to: contract.outputPath), to: &out)
            Self.append("\" class=\"node node-contract", to: &out)
            Self.appendCurrent(isCentre, to: &out)
            Self.append("<title>Contract: ", to: &out)
            HTMLEscaping.append(contract.title, to: &out)
            Self.appendRect(p, corner: "14", to: &out)
            Self.append("⇄ contract", to: &out)
        } else if let record = handbook.documents[node].decision {
            name = handbook.documents[node].title
            HTMLEscaping.append(Path.relativeURL(from: outputPath, to: handbook.documents[node].outputPath), to: &out)
            Self.append("\" class=\"node node-decision status-node-", to: &out)
            Self.appendClassSafe(record.status, to: &out)
            Self.appendCurrent(isCentre, to: &out)
            Self.append("<title>", to: &out)
            HTMLEscaping.append(record.id, to: &out)
            Self.append(": ", to: &out)
            HTMLEscaping.append(name, to: &out)
            Self.appendRect(p, corner: "6", to: &out)
            HTMLEscaping.append(record.id, to: &out)
            Self.append(" · ", to: &out)
            HTMLEscaping.append(record.status, to: &out)
        } else {
            let document = handbook.documents[node]
            let severity = document.landmine?.severity.rawValue ?? ""
            name = document.title
            HTMLEscaping.append(Path.relativeURL(from: outputPath, to: document.outputPath), to: &out)
            Self.append("\" class=\"node node-landmine severity-node-", to: &out)
            out.append(contentsOf: severity.utf8)
            Self.appendCurrent(isCentre, to: &out)
            Self.append("<title>Landmine: ", to: &out)
            HTMLEscaping.append(name, to: &out)
            Self.appendRect(p, corner: "0", to: &out)
            Self.append("⚠ landmine · ", to: &out)
            HTMLEscaping.append(severity, to: &out)
        }
        Self.append("</text><text x=\"", to: &out)
        Self.appendNumber(p.x + 8, to: &out)
        Self.append("\" y=\"", to: &out)
        Self.appendNumber(p.y + 33, to: &out)
        Self.append("\" class=\"node-title\">", to: &out)
        Self.appendTruncated(name, 24, to: &out)
        Self.append("</text></a>\n", to: &out)
    }

    /// `HTMLEscaping.append(truncate(text, length), to: &out)`. ASCII text without a carriage
    /// return has a Character a byte (only CR LF is one Character of two ASCII bytes), so it is
    /// cut by its bytes, without counting Characters or making the cut text (ADR-0075).
    static func appendTruncated(_ text: String, _ length: Int, to out: inout [UInt8]) {
        var text = text
        let done = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte >= 0x80 || byte == UInt8(ascii: "\r") { return false }
            if bytes.count <= length {
                HTMLEscaping.append(bytes, to: &out)
            } else {
                HTMLEscaping.append(UnsafeBufferPointer(rebasing: bytes[..<(length - 1)]), to: &out)
                append("…", to: &out)
            }
            return true
        }
        if !done { HTMLEscaping.append(truncate(text, length), to: &out) }
    }

    /// `classSafe(text)`'s bytes added to `out`: ASCII text byte by byte in place.
    static func appendClassSafe(_ text: String, to out: inout [UInt8]) {
        var text = text
        let done = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte >= 0x80 { return false }
            for byte in bytes {
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                out.append((lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) ? lower : UInt8(ascii: "-"))
            }
            return true
        }
        if !done { out.append(contentsOf: characterClassSafe(text).utf8) }
    }

    private static func number(_ value: Double) -> String { MetricNumber.format(value, decimals: 1) }

    /// The end of a node's class, its `aria-current` and the end of its `<a>` tag.
    private static func appendCurrent(_ isCentre: Bool, to out: inout [UInt8]) {
        if isCentre { append(" node-current\" aria-current=\"page\">", to: &out) } else { append("\">", to: &out) }
    }

    private static let rectSize = " width=\"\(number(nodeWidth))\" height=\"\(number(nodeHeight))\" rx=\""

    /// After the title's text: its end, the rectangle and the start of the label's text.
    private static func appendRect(_ p: Placed, corner: StaticString, to out: inout [UInt8]) {
        append("</title><rect x=\"", to: &out)
        appendNumber(p.x, to: &out)
        append("\" y=\"", to: &out)
        appendNumber(p.y, to: &out)
        append("\"", to: &out)
        out.append(contentsOf: rectSize.utf8)
        out.append(contentsOf: UnsafeBufferPointer(start: corner.utf8Start, count: corner.utf8CodeUnitCount))
        append("\"/><text x=\"", to: &out)
        appendNumber(p.x + 8, to: &out)
        append("\" y=\"", to: &out)
        appendNumber(p.y + 16, to: &out)
        append("\" class=\"node-label\">", to: &out)
    }

    /// `renderNode` by string interpolation, as it was written first (`renderNode` must agree with it).
    func interpolatedRenderNode(_ node: Int, at p: Placed, centre: Int?, from outputPath: String) -> String {
        func n(_ value: Double) -> String { MetricNumber.format(value, decimals: 1) }
        var svg = ""
        let kind: String, label: String, title: String, name: String, target: String, corner: Int
        if node >= handbook.documents.count {
            let contract = handbook.contracts[node - handbook.documents.count]
            (kind, label, title, name, target, corner) = ("node-contract", "⇄ contract", "Contract: \(contract.title)",
                                                          contract.title, contract.outputPath, 14)
        } else if let record = handbook.documents[node].decision {
            let document = handbook.documents[node]
            (kind, label, title, name, target, corner) = ("node-decision status-node-\(Self.classSafe(record.status))",
                                                          "\(record.id) · \(record.status)", "\(record.id): \(document.title)",
                                                          document.title, document.outputPath, 6)
        } else {
            let document = handbook.documents[node]
            let severity = document.landmine?.severity.rawValue ?? ""
            (kind, label, title, name, target, corner) = ("node-landmine severity-node-\(severity)", "⚠ landmine · \(severity)",
                                                          "Landmine: \(document.title)", document.title, document.outputPath, 0)
        }
        let url = Path.relativeURL(from: outputPath, to: target)
        let current = node == centre ? " node-current" : ""
        svg += "<a href=\"\(HTML.escape(url))\" class=\"node \(kind)\(current)\"\(node == centre ? " aria-current=\"page\"" : "")>"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<rect x=\"\(n(p.x))\" y=\"\(n(p.y))\" width=\"\(n(Self.nodeWidth))\" height=\"\(n(Self.nodeHeight))\" rx=\"\(corner)\"/>"
        svg += "<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 16))\" class=\"node-label\">\(HTML.escape(label))</text>"
        svg += "<text x=\"\(n(p.x + 8))\" y=\"\(n(p.y + 33))\" class=\"node-title\">\(HTML.escape(Self.truncate(name, 24)))</text>"
        svg += "</a>\n"
        return svg
    }

    static func truncate(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func classSafe(_ text: String) -> String {
        // ASCII text byte by byte (every page's `slug(status)`: 1% of a build, ADR-0042); other
        // text lower-cased as Characters first (`İ` lower-cases to an ASCII `i` and a mark).
        var copy = text
        if let ascii = copy.withUTF8({ bytes -> String? in
            var output = [UInt8](repeating: UInt8(ascii: "-"), count: bytes.count)
            for (index, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) { output[index] = lower }
            }
            return String(decoding: output, as: UTF8.self)
        }) { return ascii }
        return characterClassSafe(text)
    }

    static func characterClassSafe(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) && $0.isASCII ? Character($0) : "-" })
    }
}
