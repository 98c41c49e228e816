import Foundation

/// The templates and static files of a site: the embedded default theme, overridden file by
/// file by a `templates/` folder of the user's.
struct Theme {
    struct Template {
        var text: String
        /// How diagnostics name it.
        var displayPath: String
    }

    /// By name: the path below the theme folder without `.mustache` (`decision`, `partials/head`).
    var templates: [String: Template] = [:]
    /// Every other file, by path below the theme folder: copied to the site's root.
    var assets: [String: Data] = [:]

    static let templateExtension = ".mustache"

    static func embedded() -> Theme {
        var theme = Theme()
        for (path, base64) in EmbeddedTheme.base64Files {
            guard let data = Data(base64Encoded: base64) else { continue }
            theme.add(path: path, data: data, displayPath: "templates/" + path + " (embedded)")
        }
        return theme
    }

    /// `root`: the repository. A theme folder inside it may not link out of it; one given with
    /// `--templates` elsewhere may not link out of itself.
    static func load(override directory: String?, root: String, options: BuildOptions, fileSystem: FileSystem,
                     diagnostics: DiagnosticEngine) -> Theme {
        var theme = embedded()
        guard let directory else { return theme }
        let confined = ConfinedFileSystem(fileSystem, root: root)
        let fileSystem = confined.escape(directory) == nil ? confined : ConfinedFileSystem(fileSystem, root: directory)
        let paths: [String]
        do {
            paths = try fileSystem.files(under: directory, skipping: [".git"])
        } catch {
            diagnostics.error("missing-templates", "templates folder cannot be read: \(error)", file: options.displayPath(directory))
            return theme
        }
        for path in paths where !Path.fileName(path).hasPrefix(".") {
            let absolute = directory + "/" + path
            let data: Data
            do {
                data = try fileSystem.read(absolute)
            } catch {
                diagnostics.unreadable(error, file: options.displayPath(absolute))
                continue
            }
            theme.add(path: path, data: data, displayPath: options.displayPath(absolute))
        }
        return theme
    }

    private mutating func add(path: String, data: Data, displayPath: String) {
        if path.hasSuffix(Self.templateExtension) {
            let name = String(path.dropLast(Self.templateExtension.count))
            let text = String(decoding: data, as: UTF8.self)
            templates[name] = Template(text: text, displayPath: displayPath)
        } else {
            assets[path] = data
        }
    }
}
