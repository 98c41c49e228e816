import Foundation

/// `handbook agents-md`: the block a repository keeps in `AGENTS.md`, `CLAUDE.md` or
/// `.github/copilot-instructions.md` so a coding assistant asks the handbook before editing:
/// the command and the MCP tool, and the critical and high landmines with their paths. It sits
/// between marker comments, the first carrying a hash of what is between them; `handbook check`
/// warns (`agents-md-stale`) when a file holds a block other than the one printed now.
public enum AgentsMD {
    public static let openMarker = "<!-- handbook:agents-md"
    public static let closeMarker = "<!-- /handbook:agents-md -->"
    /// The files checked, from the repository root.
    public static let files = ["AGENTS.md", "CLAUDE.md", ".github/copilot-instructions.md"]

    /// The block, marker lines included, ending with a newline.
    public static func block(_ handbook: Handbook, contentDirectory: String) -> String {
        let content = Path.relative(contentDirectory, to: handbook.rootDirectory).flatMap { $0.isEmpty ? nil : $0 } ?? "content"
        let option = content == "content" ? "" : " --content " + Context.shellQuoted(content)
        var lines = [
            "## Before you edit: ask the handbook",
            "",
            "This repository records its architecture decisions, landmines (places where a clean-looking change is dangerous) and contracts in a handbook (`\(content)/`). Before editing files, ask what governs them, and follow it:",
            "",
            "- command line: `handbook context\(option) PATH...` (files or folders; `handbook context\(option) --staged` for the staged change)",
            "- MCP: the `context` tool of `handbook mcp\(option)` (paths from the repository root); `get_record` gives a whole record",
            "",
            "A high or critical landmine means a person with context must review the change: say so when you hand it over.",
            "",
            "### Critical and high landmines",
            "",
        ]
        let landmines = handbook.landminesBySeverity.filter { handbook.documents[$0].landmine?.severity.needsContext == true }
        if landmines.isEmpty { lines.append("None recorded.") }
        for index in landmines {
            let document = handbook.documents[index]
            guard let record = document.landmine else { continue }
            let paths = record.paths.map { "`\($0.value)`" }.joined(separator: ", ")
            let source = document.source.repositoryPath ?? document.source.displayPath
            lines.append("- **\(record.severity.rawValue)** \(document.title.replacingOccurrences(of: "\n", with: " ")): \(paths.isEmpty ? "no paths given" : paths) (`\(source)`)")
        }
        let inner = lines.joined(separator: "\n")
        return "\(openMarker) v=\(hash(inner)) -->\n\(inner)\n\(closeMarker)\n"
    }

    /// 48 bits of FNV-1a over the block's text, in hex: which version of the block a file holds.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100000001b3
        }
        let hex = String(value >> 16, radix: 16)
        return String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    /// Warns for each of `files` at the repository root that holds a block other than `block`
    /// (or one that is never closed). A file without a block, or without the file, is fine.
    static func check(_ handbook: Handbook, options: BuildOptions, fileSystem: FileSystem, diagnostics: DiagnosticEngine) {
        let expected = block(handbook, contentDirectory: options.contentDirectory)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let version = expectedLines.first.map(Self.version) ?? ""
        for name in files {
            let path = Path.join(handbook.rootDirectory, name)
            guard fileSystem.isFile(path), let data = try? fileSystem.read(path) else { continue }
            let lines = String(decoding: data, as: UTF8.self).normalizingLineEnds.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(openMarker) }) else { continue }
            let location = SourceLocation(file: options.displayPath(path), line: start + 1, column: 1)
            guard let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == closeMarker }) else {
                diagnostics.warning("agents-md-stale",
                                    "the handbook block opened here is never closed (\(closeMarker)); replace it with the output of `handbook agents-md`",
                                    at: location)
                continue
            }
            let found = lines[start...end].map { String($0).trimmingCharacters(in: .whitespaces) }
            let wanted = expectedLines.map { $0.trimmingCharacters(in: .whitespaces) }
            if found != wanted {
                let held = Self.version(String(lines[start]))
                let message = held == version
                    ? "the handbook block (v=\(held)) was edited since `handbook agents-md` printed it; replace the block with its output"
                    : "the handbook block (v=\(held.isEmpty ? "?" : held)) differs from what `handbook agents-md` prints now (v=\(version)): the landmines or the commands changed; replace the block with its output"
                diagnostics.warning("agents-md-stale", message, at: location)
            }
        }
    }

    /// The `v=` of a marker line.
    static func version(_ line: String) -> String {
        guard let range = line.range(of: "v=") else { return "" }
        return String(line[range.upperBound...].prefix { $0.isHexDigit })
    }
}
