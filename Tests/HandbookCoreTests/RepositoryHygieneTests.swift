import Foundation
import HandbookCore
import Testing

/// The repository itself: no half-resolved merge left in any text file.
@Suite struct RepositoryHygieneTests {
    @Test func noConflictMarkers() throws {
        let root = TestFiles.packageRoot
        let extensions: Set<String> = ["swift", "md", "mustache", "css", "js", "py", "sh", "yml", "yaml", "json", "csv"]
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "templates", "content", "schemas", "scripts", "tests", "Plugins"] {
            let files = (try? DiskFileSystem().files(under: root.appendingPathComponent(folder).path, skipping: [".build", "__pycache__"])) ?? []
            for file in files where extensions.contains(Path.extension(file)) {
                guard let text = try? String(contentsOf: root.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8) else { continue }
                for line in text.split(separator: "\n") where line.hasPrefix("<<<<<<< ") || line.hasPrefix(">>>>>>> ") {
                    offenders.append("\(folder)/\(file): \(line)")
                }
            }
        }
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        offenders += readme.split(separator: "\n").filter { $0.hasPrefix("<<<<<<< ") || $0.hasPrefix(">>>>>>> ") }.map { "README.md: \($0)" }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    /// `handbook mcp` speaks JSON-RPC on standard output, and the core runs inside it: the core
    /// never writes there (landmine stdout-is-the-mcp-channel). The command line decides what goes out.
    @Test func theCoreNeverWritesToStandardOutput() throws {
        let folder = TestFiles.packageRoot.appendingPathComponent("Sources/HandbookCore")
        var offenders: [String] = []
        for file in try DiskFileSystem().files(under: folder.path, skipping: []) where Path.extension(file) == "swift" {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if code.contains("standardOutput.write") || code.contains("FileHandle.standardOutput") || code.range(of: #"(^|[^A-Za-z_.])print\("#, options: .regularExpression) != nil
                    || code.contains("putchar(") || code.contains("fputs(") && code.contains("stdout") {
                    offenders.append("Sources/HandbookCore/\(file):\(number + 1): \(code)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    /// Every call into a C library stays in its one wrapper (DESIGN.md; ADR-0002 for cmark-gfm,
    /// ADR-0112 for libyaml): a `cmark_` or `yaml_parser_`/`yaml_event_` anywhere else fails here.
    @Test func cLibraryCallsStayInTheirWrappers() throws {
        let root = TestFiles.packageRoot.appendingPathComponent("Sources")
        let wrappers = ["cmark_": "HandbookMarkdown/", "yaml_": "HandbookCore/Load/YAMLEvents.swift"]
        var offenders: [String] = []
        var seen: Set<String> = []
        for file in try DiskFileSystem().files(under: root.path, skipping: [".build"]) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (prefix, home) in wrappers where text.contains(prefix) {
                if file.hasPrefix(home) { seen.insert(prefix) } else { offenders.append("Sources/\(file) calls \(prefix)*") }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
        #expect(seen == ["cmark_", "yaml_"], "each wrapper is where this test looks")
    }
}
