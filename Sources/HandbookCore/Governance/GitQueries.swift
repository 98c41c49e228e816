import Foundation

/// Defaults for a git that knows nothing (tests' `NoGit`, or any client that does not answer).
extension GitClient {
    public func listFiles(in root: String) -> [String]? { nil }
    public func isShallow(_ root: String) -> Bool { false }
    public func log(in root: String, maxCount: Int) -> [Commit]? { nil }
}

extension CommandLineGit {
    public func listFiles(in root: String) -> [String]? {
        guard let output = try? ProcessRunner.run(["git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard", "-z"]),
              output.status == 0 else { return nil }
        return output.standardOutput.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    public func isShallow(_ root: String) -> Bool {
        guard let output = try? ProcessRunner.run(["git", "-C", root, "rev-parse", "--is-shallow-repository"]),
              output.status == 0 else { return false }
        return String(decoding: output.standardOutput, as: UTF8.self).hasPrefix("true")
    }

    public func log(in root: String, maxCount: Int) -> [Commit]? {
        let arguments = ["git", "-C", root, "-c", "core.quotePath=false", "log", "--relative", "--no-color", "--no-renames",
                         "--date=short"] + GitLogParser.arguments + ["--name-only", "--max-count=\(maxCount)"]
        guard let output = try? ProcessRunner.run(arguments) else { return nil }
        // A repository without commits answers with an error: an empty history, not an absent one.
        if output.status != 0 {
            let message = String(decoding: output.standardError, as: UTF8.self)
            return message.contains("does not have any commits") ? [] : nil
        }
        return GitLogParser.parse(output.standardOutput)
    }
}
