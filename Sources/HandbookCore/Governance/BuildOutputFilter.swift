/// The output folder and its staging folders (`.public.staging-PID`), relative to the repository
/// root: what builds write. They are never repository files, whatever `.gitignore` says (an output
/// folder inside the repository that git does not ignore was indexed as `files/public/...`, and the
/// next build nested it again).
struct BuildOutputFilter {
    let output: String?
    let stagingPrefix: String?

    init(options: BuildOptions, root: String) {
        let relative = Path.relative(options.outputDirectory, to: root)
        output = relative.flatMap { $0.isEmpty ? nil : $0 }
        if let relative = output {
            let parent = Path.directory(relative)
            stagingPrefix = (parent.isEmpty ? "" : parent + "/") + DiskOutput.stagingPrefix(Path.fileName(relative))
        } else {
            stagingPrefix = nil
        }
    }

    func contains(_ path: String) -> Bool {
        if let output, path == output || path.hasPrefix(output + "/") { return true }
        if let stagingPrefix, path.hasPrefix(stagingPrefix) { return true }
        return false
    }
}
