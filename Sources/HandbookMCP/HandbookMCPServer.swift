import Dispatch
import Foundation
import HandbookCore
import MCP

/// `handbook mcp`: the handbook as a Model Context Protocol server over stdio, for coding
/// assistants. Read-only. The tools and resources are thin adapters over `HandbookQueries` (in the
/// core, which does not depend on this target or on the MCP package): every argument is checked
/// there, and a bad one comes back as a tool error (`isError`), never as a dead server.
public enum HandbookMCP {
    public static let instructions = """
        Handbook holds this repository's architecture decisions, landmines (places where a clean-looking \
        change is dangerous), contracts and owners. Before editing files, call `context` with their paths \
        and follow what it says: a high or critical landmine means a person with context must review the change.
        """

    /// Serves on standard input and output until the client closes them; returns the exit status.
    /// Standard output carries JSON-RPC only: anything else written there breaks the session
    /// (landmine `stdout-is-the-mcp-channel`); messages go to standard error.
    public static func serve(options: BuildOptions, version: String) -> Int32 {
        let queries = HandbookQueries(options: options)
        let done = DispatchSemaphore(value: 0)
        let status = StatusBox()
        Task.detached {
            do {
                try await run(queries: queries, version: version, transport: StdioTransport())
            } catch {
                FileHandle.standardError.write(Data("handbook mcp: \(error)\n".utf8))
                status.set(1)
            }
            done.signal()
        }
        done.wait()
        return status.value
    }

    static func run(queries: HandbookQueries, version: String, transport: any Transport) async throws {
        let server = Server(name: "handbook", version: version, title: "Handbook", instructions: instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        // The SDK runs each request in a task of its own; the handbook is read by one at a time
        // (git is run as a child process, and two answers need not race over the index file).
        let serial = Serial()
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { params in
            await serial.run { call(params.name, params.arguments ?? [:], queries: queries) }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            await serial.run {
                ListResources.Result(resources: queries.resources().map { item in
                    Resource(name: item.name, uri: item.uri, title: item.title, mimeType: "text/markdown")
                })
            }
        }
        await server.withMethodHandler(ReadResource.self) { params in
            let answer = await serial.run { queries.resource(params.uri) }
            // A resource read has no isError: an unknown one is the protocol's "resource not found".
            if answer.isError { throw MCPError.serverError(code: -32002, message: answer.text) }
            return ReadResource.Result(contents: [.text(answer.text, uri: params.uri, mimeType: "text/markdown")])
        }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }

    // MARK: Tools

    static let readOnly = Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)

    static func schema(_ properties: [String: Value], required: [String]) -> Value {
        .object(["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
                 "additionalProperties": .bool(false)])
    }

    static func property(_ type: String, _ description: String) -> Value {
        .object(["type": .string(type), "description": .string(description)])
    }

    public static let tools: [Tool] = [
        Tool(name: "context", title: "What governs these files",
             description: "Before editing: the landmines (critical first), decisions in force, contracts, owners and hotspots that govern these files or folders, short by design. Paths are from the repository root.",
             inputSchema: schema([
                "paths": .object(["type": "array", "items": .object(["type": "string"]), "minItems": .int(1),
                                  "description": "Files or folders, from the repository root."]),
                "budget": property("integer", "Approximate tokens the answer may take (default 1500; 0: no limit). The least important parts are left out first."),
                "format": .object(["type": "string", "enum": .array([.string("markdown"), .string("json")]),
                                   "description": "markdown (default) or json (schemas/context.schema.json)."]),
             ], required: ["paths"]), annotations: readOnly),
        Tool(name: "search", title: "Search the handbook",
             description: "Decisions, landmines, contracts and pages ranked by how well they match every word of the query (ids and titles first, then tags and governed paths, then text).",
             inputSchema: schema([
                "query": property("string", "Words to look for."),
                "limit": property("integer", "How many results at most (default 10, at most 50)."),
             ], required: ["query"]), annotations: readOnly),
        Tool(name: "get_record", title: "Read a record",
             description: "A record as Markdown with its status and relations (supersedes, superseded by, landmines naming it): ADR-0007, landmines/NAME or contracts/NAME.",
             inputSchema: schema(["id": property("string", "ADR-0007, landmines/NAME or contracts/NAME.")], required: ["id"]),
             annotations: readOnly),
        Tool(name: "review", title: "Review a change",
             description: "What governs the files changed since a git revision: landmines, decisions, contracts (with the changes found in their specs), owners, hotspots.",
             inputSchema: schema([
                "base": property("string", "The base revision (a branch, tag or commit)."),
                "head": property("string", "The revision the change ends at (default: the work tree)."),
                "format": .object(["type": "string", "enum": .array([.string("markdown"), .string("json")])]),
             ], required: ["base"]), annotations: readOnly),
        Tool(name: "diff_contract", title: "Diff a contract",
             description: "Every change of a contract's spec since a git revision, classified breaking, warning or info.",
             inputSchema: schema([
                "contract": property("string", "The contract's name (contracts/NAME or NAME)."),
                "base": property("string", "The revision to compare with."),
             ], required: ["contract", "base"]), annotations: readOnly),
    ]

    /// One tool call. Wrong or missing arguments are tool errors, like every other refusal.
    static func call(_ name: String, _ arguments: [String: Value], queries: HandbookQueries) -> CallTool.Result {
        let answer: HandbookQueries.Answer
        switch name {
        case "context":
            let given = arguments["paths"]?.arrayValue ?? arguments["paths"].map { [$0] } ?? []
            let paths = given.compactMap(\.stringValue)
            guard !paths.isEmpty, paths.count == given.count else {
                return error("context needs 'paths': a list of files or folders (strings) from the repository root")
            }
            guard let format = Context.Format(rawValue: arguments["format"]?.stringValue ?? "markdown") else {
                return error("'format' is markdown or json")
            }
            guard let budget = number(arguments["budget"], default: Context.defaultBudget) else {
                return error("'budget' is a number of tokens (0: no limit)")
            }
            answer = queries.context(paths: paths, format: format, budget: max(0, budget))
        case "search":
            guard let query = arguments["query"]?.stringValue else { return error("search needs 'query'") }
            guard let limit = number(arguments["limit"], default: 10) else { return error("'limit' is a number") }
            answer = queries.search(query, limit: limit)
        case "get_record":
            guard let id = arguments["id"]?.stringValue else { return error("get_record needs 'id' (ADR-0007, landmines/NAME, contracts/NAME)") }
            answer = queries.record(id)
        case "review":
            guard let base = arguments["base"]?.stringValue else { return error("review needs 'base': a git revision") }
            guard let format = Context.Format(rawValue: arguments["format"]?.stringValue ?? "markdown") else {
                return error("'format' is markdown or json")
            }
            answer = queries.review(base: base, head: arguments["head"]?.stringValue, format: format)
        case "diff_contract":
            guard let contract = arguments["contract"]?.stringValue, let base = arguments["base"]?.stringValue else {
                return error("diff_contract needs 'contract' and 'base'")
            }
            answer = queries.diffContract(contract, base: base)
        default:
            return error("no tool '\(name)'; the tools are \(tools.map(\.name).joined(separator: ", "))")
        }
        return CallTool.Result(content: [.text(text: answer.text, annotations: nil, _meta: nil)], isError: answer.isError)
    }

    /// A whole number from a JSON number (0 to a billion; a fraction is cut off), the default when
    /// absent, nil for anything else.
    static func number(_ value: Value?, default fallback: Int) -> Int? {
        guard let value else { return fallback }
        if let int = value.intValue { return max(0, min(int, 1_000_000_000)) }
        if let double = value.doubleValue, double.isFinite { return Int(max(0, min(double, 1e9))) }
        return nil
    }

    static func error(_ text: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: true)
    }
}

/// Runs one piece of work at a time.
actor Serial {
    func run<T: Sendable>(_ work: @Sendable () -> T) -> T { work() }
}

/// The exit status, set from the server's task and read after it ends.
final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int32 = 0
    var value: Int32 { lock.lock(); defer { lock.unlock() }; return status }
    func set(_ value: Int32) { lock.lock(); status = value; lock.unlock() }
}
