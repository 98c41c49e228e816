import Foundation
import HandbookCore

// Benchmarks of the parts whose speed the design fixes, on data generated here from a seed
// (the same arguments give the same data). Run in release: `swift run -c release handbook-bench globs`.
//
//   globs [--paths N] [--globs N] [--runs N]   index, then match every glob against every path

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Corpus {
    static let dirs = ["services/billing", "services/search", "pkg/api", "web/src", "cmd/cli", "infra/terraform", "ci", "docs",
                       "internal/auth", "pipelines/ingest", "mobile", "tools", "services/ledger", "web/admin", "lib/core"]
    static let words = ["api", "core", "util", "model", "store", "queue", "cache", "auth", "http", "grpc", "jobs", "cmd",
                        "handlers", "views", "schema", "client", "server", "worker", "config", "events"]
    static let exts = ["go", "ts", "swift", "py", "sql", "proto", "yaml", "md", "tf", "kt"]

    static func paths(_ count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(state: seed)
        var paths = Set<String>()
        while paths.count < count {
            let dir = dirs.randomElement(using: &random)!
            let depth = Int.random(in: 0...4, using: &random)
            let sub = (0..<depth).map { _ in words.randomElement(using: &random)! }.joined(separator: "/")
            let name = Int.random(in: 0..<20, using: &random) == 0 ? "BUILD.bazel"
                : "\(words.randomElement(using: &random)!)\(Int.random(in: 1...9999, using: &random)).\(exts.randomElement(using: &random)!)"
            paths.insert([dir, sub, name].filter { !$0.isEmpty }.joined(separator: "/"))
        }
        return paths.sorted()
    }

    static func globs(_ count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(state: seed)
        return (0..<count).map { index in
            let dir = dirs.randomElement(using: &random)!
            let word = words.randomElement(using: &random)!
            let ext = exts.randomElement(using: &random)!
            switch index % 10 {
            case 0: return "\(dir)/**/*.\(ext)"
            case 1: return "/\(dir)/"
            case 2: return "\(dir)/\(word)/"
            case 3: return "*.\(ext)"
            case 4: return "\(dir)/*.\(ext)"
            case 5: return "**/\(word)/**/*_test.\(ext)"
            case 6: return "BUILD.bazel"
            case 7: return "\(dir)/\(word)/**"
            case 8: return word
            default: return "\(dir)/**/\(word)[0-9]*.\(ext)"
            }
        }
    }
}

func milliseconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else { return value }
    return number
}

func benchmarkGlobs() {
    let pathCount = option("--paths", default: 100_000), globCount = option("--globs", default: 1_000)
    let runs = option("--runs", default: 5)
    let paths = Corpus.paths(pathCount, seed: 42)
    let globs = Corpus.globs(globCount, seed: 7).compactMap { text -> GlobPattern? in
        if case .success(let glob) = GlobPattern.compile(text) { return glob }
        return nil
    }
    var indexTimes: [Double] = [], matchTimes: [Double] = []
    var matched = 0
    for _ in 0..<runs {
        var files = RepositoryFiles([])
        indexTimes.append(milliseconds { files = RepositoryFiles(paths) })
        matchTimes.append(milliseconds { matched = globs.reduce(0) { $0 + files.matches($1).count } })
    }
    // One naive pass, every glob against every path, for comparison (and as a check of the index).
    var naive = 0
    let naiveTime = milliseconds { naive = globs.reduce(0) { total, glob in total + paths.filter { glob.matches($0) }.count } }
    print("globs: \(globs.count) globs x \(paths.count) paths, \(matched) matches (full scan: \(naive))")
    print(String(format: "  index the paths:   %8.1f ms (median of %d)", median(indexTimes), runs))
    print(String(format: "  match every glob:  %8.1f ms (median of %d)", median(matchTimes), runs))
    print(String(format: "  full scan instead: %8.1f ms (once)", naiveTime))
    if naive != matched { print("  MISMATCH between the index and the full scan"); exit(1) }
}

switch CommandLine.arguments.dropFirst().first {
case "globs": benchmarkGlobs()
default:
    print("usage: handbook-bench globs [--paths N] [--globs N] [--runs N]")
    exit(64)
}
