import Foundation
import HandbookMarkdown

/// Resolves one link or record reference to its final `href`, reporting what points at nothing.
/// Read-only over the documents, so it runs on many threads at once.
struct LinkResolver: Sendable {
    let options: BuildOptions
    let fileSystem: FileSystem
    let diagnostics: DiagnosticEngine
    let config: SiteConfig
    let rootDirectory: String
    let documents: [Document]
    let byPath: [String: Int]
    let byID: [String: Int]
    let assets: Set<String>
    /// Documents and assets by their real absolute path: a log read from `doc/adr` links by real paths.
    var byRealPath: [String: Int] = [:]
    var assetsByRealPath: [String: String] = [:]
    /// `routeTargets(documents)`, made when a link that starts with `/` first needs it.
    let routes = RouteTable()

    /// A link to nothing: an error, or a warning with `broken_links: warn` (a log just imported).
    private func broken(_ id: String, _ message: String, at location: SourceLocation) {
        if config.brokenLinksWarn {
            diagnostics.warning(id, message, at: location)
        } else {
            diagnostics.error(id, message, at: location)
        }
    }

    /// `folder`: the document's `RealFolder`, when the caller made it once for all its links.
    func resolve(_ link: MarkdownLink, in document: Document, folder: RealFolder? = nil) -> String {
        let location = document.bodyLocation(line: link.line, column: link.column)
        switch link.kind {
        case .pullRequest:
            return config.repository.map { $0.pullRequest(Int(link.destination) ?? 0) } ?? ""
        case .reference:
            let (id, anchor) = Self.splitFragment(link.destination)
            guard let target = byID[IDKey.normalize(id)] else {
                let known = byID.keys.compactMap { key in byID[key].flatMap { documents[$0].decision?.id } }
                let hint = Suggestions.closest(to: id, in: Set(known)).map { "; did you mean [[\($0)]]?" } ?? ""
                broken("unknown-reference", "[[\(link.destination)]] names no record\(hint)", at: location)
                return ""
            }
            return href(to: target, anchor: anchor, from: document, written: "[[\(link.destination)]]", at: location)
        case .link, .image:
            return resolveDestination(link.destination, in: document, at: location, isImage: link.kind == .image, folder: folder)
        }
    }

    /// A link's `href`: `fastResolveDestination`'s answer when it has one, else the reference's.
    func resolveDestination(_ destination: String, in document: Document, at location: SourceLocation,
                            isImage: Bool = false, folder: RealFolder? = nil) -> String {
        if let fast = fastResolveDestination(destination, in: document, at: location, folder: folder) { return fast }
        return referenceResolveDestination(destination, in: document, at: location, isImage: isImage)
    }

    /// The reference's first two answers, by bytes, for the link nearly every record writes: a
    /// relative path to another page or an asset (`0002-x.md`, `sub/y.md#context`). Taken only
    /// for an ASCII link without `:`, `?` or `%` (no scheme, no query, nothing to decode) that does
    /// not start with `#` or `/`, from a document with a real path whose folder is not the root or
    /// empty: there the reference's fragment split is at the first `#` byte, its query cut and
    /// decoding leave the path as it is, and `realPath` is `Path.normalize` of the document's folder,
    /// a `/` and the path; a document or asset at that path is the answer (`href` and `fileURL`, as
    /// the reference calls them). Anything else is nil, with nothing reported: the reference
    /// decides it from the start (a link that leaves the repository, a broken one, a repository
    /// file). Each such link was about 13,000 instructions (ADR-0056).
    func fastResolveDestination(_ destination: String, in document: Document, at location: SourceLocation,
                                folder: RealFolder? = nil) -> String? {
        guard let cut = Self.relativeLinkCut(destination) else { return nil }
        let folder = folder ?? RealFolder(document.source.absolutePath)
        guard let real = folder.realPath(cut.path, pathIsNormal: cut.normal) else { return nil }
        if let target = byRealPath[real] {
            return href(to: target, anchor: cut.fragment, from: document, written: destination, at: location)
        }
        if let asset = assetsByRealPath[real] { return fileURL(asset, fragment: cut.fragment, from: document) }
        return nil
    }

    /// An ASCII link without `:`, `?` or `%` that does not start with `#` or `/`, cut at its first
    /// `#` (`splitFragment`'s cut there), and whether its path is normal (no empty, `.` or `..`
    /// part); nil for any other.
    static func relativeLinkCut(_ destination: String) -> (path: String, fragment: String?, normal: Bool)? {
        let cut = destination.utf8.withContiguousStorageIfAvailable { bytes -> (path: String, fragment: String?, normal: Bool)? in
            guard let first = bytes.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "/") else { return nil }
            let dot = UInt8(ascii: ".")
            func normalPart(_ start: Int, _ end: Int) -> Bool {
                let length = end - start
                return length > 0 && !(length <= 2 && bytes[start] == dot && (length == 1 || bytes[start + 1] == dot))
            }
            var hash = -1, normal = true, partStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "%") { return nil }
                guard hash < 0 else { continue }
                if byte == UInt8(ascii: "#") {
                    hash = index
                    normal = normal && normalPart(partStart, index)
                } else if byte == UInt8(ascii: "/") {
                    normal = normal && normalPart(partStart, index)
                    partStart = index + 1
                }
            }
            guard hash >= 0 else { return (destination, nil, normal && normalPart(partStart, bytes.count)) }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<hash]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[(hash + 1)...]), as: UTF8.self), normal)
        }
        return cut ?? nil
    }

    /// A document's real folder as the shortcut needs it, found once per document (the link stage
    /// makes it before the document's links; finding it for every link was half of what a link
    /// cost after ADR-0056's first cut): the bytes of its real path before the last `/` when that
    /// path is ASCII and the folder is neither empty nor `/` (else nil, and the shortcut is not
    /// taken), and whether that folder is normal (`isNormalAbsolute`).
    struct RealFolder: Sendable {
        let folder: String?
        let normal: Bool

        init(_ absolute: String) {
            let found = absolute.utf8.withContiguousStorageIfAvailable { bytes -> String? in
                var slash = -1
                for index in 0..<bytes.count {
                    if bytes[index] >= 0x80 { return nil }
                    if bytes[index] == UInt8(ascii: "/") { slash = index }
                }
                guard slash > 0 else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self)
            }
            folder = found ?? nil
            normal = folder.map(LinkResolver.isNormalAbsolute) ?? false
        }

        /// `realPath(of: path, in:)` for an ASCII `path` that does not start with `/`:
        /// `Path.normalize` of the folder, a `/` and `path` (what `Path.join(Path.directory(absolute), path)`
        /// is for such a folder), written into one String; not normalized when the folder is normal
        /// and `path` has no empty, `.` or `..` part (then it is normal: `Path.normalize` would
        /// return it as it is). Nil without a folder.
        func realPath(_ path: String, pathIsNormal: Bool) -> String? {
            guard var folder else { return nil }
            var path = path
            let joined = folder.withUTF8 { head in
                path.withUTF8 { tail in
                    String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { buffer in
                        for index in 0..<head.count { buffer[index] = head[index] }
                        buffer[head.count] = UInt8(ascii: "/")
                        for index in 0..<tail.count { buffer[head.count + 1 + index] = tail[index] }
                        return head.count + 1 + tail.count
                    }
                }
            }
            var real = normal && pathIsNormal ? joined : Path.normalize(joined)
            if real.utf8.count > 1, real.utf8.last == UInt8(ascii: "/") { real.removeLast() }
            return real
        }
    }

    /// `RealFolder(absolute).realPath(path, …)`, normalized whatever `path` is.
    static func realPathByBytes(_ absolute: String, _ path: String) -> String? {
        RealFolder(absolute).realPath(path, pathIsNormal: false)
    }

    /// Whether `path` is ASCII, starts with `/` and has no empty, `.` or `..` part after it, nor a
    /// trailing `/`: then `Path.normalize(path)` is `path`.
    static func isNormalAbsolute(_ path: String) -> Bool {
        let normal = path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            guard bytes.count > 1, bytes[0] == slash else { return false }
            var start = 1
            for index in 1...bytes.count {
                if index < bytes.count {
                    let byte = bytes[index]
                    if byte >= 0x80 { return false }
                    if byte != slash { continue }
                }
                let length = index - start
                if length == 0 || (length <= 2 && bytes[start] == dot && (length == 1 || bytes[start + 1] == dot)) { return false }
                start = index + 1
            }
            return true
        }
        return normal ?? false
    }

    /// `resolveDestination` as it was before ADR-0056, every link from the start: what
    /// `fastResolveDestination` must agree with (`LinkFastPathTests`).
    func referenceResolveDestination(_ destination: String, in document: Document, at location: SourceLocation,
                                     isImage: Bool = false) -> String {
        if destination.isEmpty { return "" }
        if destination.hasPrefix("#") {
            let anchor = URLEncoding.decode(String(destination.dropFirst())) ?? String(destination.dropFirst())
            return checkAnchor(anchor, in: document, written: destination, at: location).map { "#" + $0 } ?? destination
        }
        if let scheme = Self.scheme(of: destination) {
            if config.unsafeHTML || Self.isAllowed(scheme: scheme, destination: destination, image: isImage) { return destination }
            diagnostics.warning("link-scheme", "'\(destination.prefix(80))' has the scheme '\(scheme):'; only http, https and mailto links (or relative ones) are written, so it is left out",
                                at: location)
            return ""
        }
        if destination.hasPrefix("//") { return destination }
        if destination.hasPrefix("/") {
            if let resolved = resolveRootLink(destination, in: document, at: location, isImage: isImage) { return resolved }
            if isImage, destination == Self.log4brainsWorkflow {
                return Path.relativeURL(from: document.outputPath, to: Self.workflowDrawing)
            }
            let advice = destination.hasPrefix("/l4b-static/")
                ? "it is an image of log4brains' own site, which this one does not have; copy it into the log and link it relative to this file"
                : "so it breaks when the site is opened from disk or a sub-path; write it relative to this file"
            diagnostics.warning("absolute-link", "'\(destination)' starts with '/', \(advice)", at: location)
            return destination
        }
        let (pathPart, fragment) = Self.splitFragment(destination)
        let pathOnly = Self.beforeQuery(pathPart)
        guard let decoded = URLEncoding.decode(pathOnly) else {
            diagnostics.error("broken-link", "'\(destination)' is not a valid URL (bad %-escape)", at: location)
            return destination
        }
        let joined = Path.join(Path.directory(document.source.path), decoded)
        let trimmed = joined.hasSuffix("/") ? String(joined.dropLast()) : joined
        let realTrimmed = realPath(of: decoded, in: document)
        if let realTrimmed, let target = byRealPath[realTrimmed] {
            return href(to: target, anchor: fragment, from: document, written: destination, at: location)
        }
        if let realTrimmed, let asset = assetsByRealPath[realTrimmed] { return fileURL(asset, fragment: fragment, from: document) }
        if let target = siteGeneratorTarget(decoded, real: realTrimmed, in: document) {
            return href(to: target, anchor: fragment, from: document, written: destination, at: location)
        }
        if isImage, let realTrimmed {
            if let image = repositoryImage(realTrimmed) { return fileURL(image.path, fragment: fragment, from: document) }
            if refuseImage(realTrimmed, written: destination, at: location) { return destination }
        }
        if trimmed == ".." || trimmed.hasPrefix("../") {
            return repositoryLink(realTrimmed ?? Path.join(options.contentDirectory, trimmed), fragment: fragment, written: destination, at: location)
        }
        if let target = byPath[trimmed] {
            return href(to: target, anchor: fragment, from: document, written: destination, at: location)
        }
        if assets.contains(trimmed) { return fileURL(trimmed, fragment: fragment, from: document) }
        if let index = LinkStage.generatedIndexes[trimmed] {
            return Path.relativeURL(from: document.outputPath, to: index)
        }
        // A file of the repository that the handbook does not read (the log's README beside
        // `doc/adr`, a source file, the log's template or a folder of older records inside the
        // content folder): a link to it on the repository's web address, whether the log was
        // found or named with `--content` (cometbft's `[the template](adr-template.md)`).
        if let realTrimmed, Path.relative(realTrimmed, to: rootDirectory) != nil,
           fileSystem.isFile(realTrimmed) || fileSystem.isDirectory(realTrimmed) || fileSystem.isFile(realTrimmed + ".md") {
            return repositoryLink(realTrimmed, fragment: fragment, written: destination, at: location)
        }
        let known = byPath.keys.filter { Path.directory($0) == Path.directory(trimmed) }
        var hint = Suggestions.closest(to: Path.fileName(trimmed), in: Set(known.map(Path.fileName)))
            .map { "; did you mean '\($0)'?" } ?? ""
        // `[Greg](@gregsheremeta)`, opendatahub-io's records' authors: a mention, which Markdown
        // does not make; GitHub too reads it as a file beside the record.
        if decoded.hasPrefix("@"), decoded.count > 1, !decoded.contains("/") {
            hint = "; a GitHub user's page is https://github.com/\(decoded.dropFirst())"
        }
        // `[TEP-0001]((https://github.com/...))`, tektoncd's TEPs: the extra parentheses make the
        // address a file name (and the path's `//` would print as `/`); said as it is written.
        if Self.isParenthesizedWebAddress(destination) {
            broken("broken-link", "link to '\(destination)': a web address inside parentheses: remove the extra '(' and ')'", at: location)
            return destination
        }
        broken("broken-link", "link to '\(destination)': \(missingPlace(trimmed, real: realTrimmed, in: document))\(hint)", at: location)
        return destination
    }

    /// Where a link's missing file is, as the user finds it: from the content folder for a document
    /// in it (the site's path `decisions/adr/ADR-57.md` is `adr/ADR-57.md` of a log named as the
    /// content folder, nats-io's), else, or when the link leaves the content folder, from the
    /// repository's root; `trimmed` (the site's path) only for a document with no real path.
    private func missingPlace(_ trimmed: String, real: String?, in document: Document) -> String {
        let absolute = document.source.absolutePath
        if absolute.isEmpty || absolute.hasPrefix(options.contentDirectory + "/") {
            guard let real else { return "no file \(trimmed) in the content folder" }
            if let inContent = Path.relative(real, to: options.contentDirectory), !inContent.isEmpty {
                return "no file \(inContent) in the content folder"
            }
        }
        return "no file \(real.map { Path.relative($0, to: rootDirectory) ?? $0 } ?? trimmed) in the repository"
    }

    /// Whether a link's target is a web address wrapped in one more pair of parentheses:
    /// `(https://x)`, as `[a]((https://x))` writes it.
    static func isParenthesizedWebAddress(_ destination: String) -> Bool {
        guard destination.hasPrefix("(") else { return false }
        let inner = destination.dropFirst().lowercased()
        return inner.hasPrefix("http://") || inner.hasPrefix("https://") || inner.hasPrefix("www.")
    }

    /// A link that starts with `/`, as logs write them for their forge or their own site:
    /// GitHub reads `/docs/x.md` from the repository's root (DFE-Digital/get-an-identity's records
    /// link a summary that way), and Docusaurus serves `0001-record-x.md` at `/decisions/record-x`
    /// (its number prefix dropped; LBHackney-IT/social-care-architecture's index lists its records
    /// so). A file of the repository is linked as a relative link to it would be; else a route whose
    /// last part names one document of the site by its file name, with or without its number, is
    /// that page; else nil (the caller warns).
    private func resolveRootLink(_ destination: String, in document: Document, at location: SourceLocation, isImage: Bool) -> String? {
        let (pathPart, fragment) = Self.splitFragment(destination)
        guard !destination.hasPrefix("//"), let decoded = URLEncoding.decode(Self.beforeQuery(pathPart)),
              decoded.count > 1 else { return nil }
        if let real = realPath(of: decoded, in: document), Path.relative(real, to: rootDirectory) != nil,
           fileSystem.isFile(real) || fileSystem.isDirectory(real) {
            if let target = byRealPath[real] { return href(to: target, anchor: fragment, from: document, written: destination, at: location) }
            if let asset = assetsByRealPath[real] { return fileURL(asset, fragment: fragment, from: document) }
            if isImage, let image = repositoryImage(real) { return fileURL(image.path, fragment: fragment, from: document) }
            if isImage, refuseImage(real, written: destination, at: location) { return destination }
            if Path.relative(real, to: options.outputDirectory) == nil {
                return repositoryLink(real, fragment: fragment, written: destination, at: location)
            }
        }
        let slug = Path.fileName(decoded.hasSuffix("/") ? String(decoded.dropLast()) : decoded).lowercased()
        guard !slug.isEmpty, !slug.contains("."), let target = routes.target(slug, in: documents) else { return nil }
        return href(to: target, anchor: fragment, from: document, written: destination, at: location)
    }

    /// The documents by the last part of their routes in a site generator: the file name without
    /// `.md` and, for a numbered file, without its number (`record-x` for `0001-record-x.md`);
    /// a name two documents share names neither.
    static func routeTargets(_ documents: [Document]) -> [String: Int] {
        var targets: [String: Int] = [:]
        var shared = Set<String>()
        for (index, document) in documents.enumerated() {
            let stem = Path.stem(document.source.path).lowercased()
            var names: Set<String> = [stem]
            let digits = stem.prefix { $0.isNumber }
            if !digits.isEmpty, let separator = stem.dropFirst(digits.count).first, "-_. ".contains(separator) {
                names.insert(String(stem.dropFirst(digits.count + 1)))
            }
            for name in names where !name.isEmpty {
                if targets[name] != nil, targets[name] != index { shared.insert(name) } else { targets[name] = index }
            }
        }
        for name in shared { targets[name] = nil }
        return targets
    }

    /// Where a link's decoded path leads on disk, without a trailing `/`: from the repository's
    /// root when it starts with `/` (as GitHub reads it), else from the file's real folder
    /// (`doc/adr/0001-x.md`); nil for a relative link from a document with no real path.
    private func realPath(of decoded: String, in document: Document) -> String? {
        realPath(of: decoded, absolutePath: document.source.absolutePath)
    }

    /// `realPath(of:in:)` from the document's absolute path.
    private func realPath(of decoded: String, absolutePath: String) -> String? {
        var real: String
        if decoded.hasPrefix("/") {
            real = Path.normalize(rootDirectory + decoded)
        } else if !absolutePath.isEmpty {
            real = Path.join(Path.directory(absolutePath), decoded)
        } else {
            return nil
        }
        if real.hasSuffix("/"), real.count > 1 { real.removeLast() }
        return real
    }

    /// A file the site holds (`path` below the output), as `document` links it.
    private func fileURL(_ path: String, fragment: String?, from document: Document) -> String {
        Path.relativeURL(from: document.outputPath, to: path) + (fragment.map { "#" + $0 } ?? "")
    }

    /// Every log4brains log's `index.md` shows its site's drawing of the records' life by this
    /// address (log4brains' own file, which no repository holds); the default theme's
    /// `adr-workflow.svg` draws the same states and is shown instead.
    static let log4brainsWorkflow = "/l4b-static/adr-workflow.png"
    static let workflowDrawing = "adr-workflow.svg"

    /// Formats an image of the repository may be in: copied into the site when a page shows one.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"]

    /// An image of the repository outside the content folders that a page shows (cisagov's records
    /// in `docs/architecture/decisions` show `../doc-images/x.png`): the site gets a copy at
    /// `files/<its repository path>`, since a forge's page for the file is not an image. Nil for
    /// anything else: not an image, not a file, outside the repository (a link out of it is
    /// refused when the copy is read, ADR-0013), or inside the output.
    func repositoryImage(_ real: String) -> SourceFile? {
        guard Self.imageExtensions.contains(Path.extension(real).lowercased()),
              let repositoryPath = Path.relative(real, to: rootDirectory), !repositoryPath.isEmpty,
              Path.relative(real, to: options.outputDirectory) == nil, fileSystem.isFile(real),
              unshowableImage(real) == nil else { return nil }
        return SourceFile(path: "files/" + repositoryPath, displayPath: options.displayPath(real),
                          repositoryPath: repositoryPath, absolutePath: real)
    }

    /// Why an image of the repository that exists cannot be copied into the site: it is a link whose
    /// target is outside the repository (ADR-0013: the build reads nothing there), or its target is
    /// not a regular file (a FIFO's read would wait for a writer). Nil when it can be, or when `real`
    /// is no existing image of the repository.
    private func unshowableImage(_ real: String) -> (target: String, outside: Bool)? {
        guard Self.imageExtensions.contains(Path.extension(real).lowercased()),
              Path.relative(real, to: rootDirectory) != nil, let target = fileSystem.realPath(real) else { return nil }
        if Path.relative(target, to: rootDirectory) == nil { return (target, true) }
        return fileSystem.isRegularFile(target) ? nil : (target, false)
    }

    /// Reports an image of the repository that `unshowableImage` refuses, at the link that shows it
    /// (before, the page kept an `<img>` of a copy never made, and the refusal named only the image).
    private func refuseImage(_ real: String, written: String, at location: SourceLocation) -> Bool {
        guard let (target, outside) = unshowableImage(real) else { return false }
        let shown = Path.relative(real, to: rootDirectory) ?? real
        if outside {
            diagnostics.warning("outside-root", "image '\(written)': \(shown) is a link to '\(target)', outside the repository root; the build reads nothing outside the repository, so it is not shown",
                                at: location)
        } else {
            broken("broken-link", "image '\(written)': \(shown) is not a regular file (a FIFO, socket or device), so it cannot be copied into the site", at: location)
        }
        return true
    }

    /// The repository images `document`'s links show (`repositoryImage`).
    func repositoryImages(in document: Document) -> [SourceFile] {
        repositoryImages(links: document.markdown.links, absolutePath: document.source.absolutePath)
    }

    /// The same, from the two fields it reads: the link stage reads them where the documents array
    /// keeps them (ADR-0073: a `Document` handed to this function was copied whole first).
    func repositoryImages(links: [MarkdownLink], absolutePath: String) -> [SourceFile] {
        links.compactMap { link -> SourceFile? in
            guard link.kind == .image, Self.scheme(of: link.destination) == nil, !link.destination.hasPrefix("//"),
                  !link.destination.hasPrefix("#") else { return nil }
            let pathOnly = Self.beforeQuery(Self.splitFragment(link.destination).0)
            guard let decoded = URLEncoding.decode(pathOnly), !decoded.isEmpty,
                  let real = realPath(of: decoded, absolutePath: absolutePath), byRealPath[real] == nil,
                  assetsByRealPath[real] == nil else { return nil }
            return repositoryImage(real)
        }
    }

    /// A link written for the log's own site generator, to a Markdown file that is a page here:
    /// Docusaurus leaves out `.md` (`./adr013-use-node-fetch`); MkDocs writes each page as a folder,
    /// so a sibling of `002-y.md` is `../001-x/`. Tried only when the link names nothing on disk.
    private func siteGeneratorTarget(_ decoded: String, real: String?, in document: Document) -> Int? {
        let lowered = decoded.lowercased()
        guard !decoded.isEmpty, !lowered.hasSuffix(".md"), !lowered.contains(".md/") else { return nil }
        if let real, fileSystem.isFile(real) || fileSystem.isDirectory(real) { return nil }
        let bare = decoded.hasSuffix("/") ? String(decoded.dropLast()) : decoded
        var candidates = [bare + ".md"]
        if decoded.hasSuffix("/"), bare.hasPrefix("../") { candidates.append(String(bare.dropFirst(3)) + ".md") }
        for candidate in candidates {
            if !document.source.absolutePath.isEmpty,
               let index = byRealPath[Path.join(Path.directory(document.source.absolutePath), candidate)] { return index }
            if let index = byPath[Path.join(Path.directory(document.source.path), candidate)] { return index }
        }
        return nil
    }

    /// A link that leaves the content folder: a file of the repository, shown on its forge.
    private func repositoryLink(_ absolute: String, fragment: String?, written: String, at location: SourceLocation) -> String {
        var absolute = absolute
        // Written for the docs site without `.md`, as for a record (`siteGeneratorTarget`):
        // cometbft's ADR 108 links `../../../spec/abci/abci%2B%2B_comet_expected_behavior`.
        if !fileSystem.isFile(absolute), !fileSystem.isDirectory(absolute), !absolute.lowercased().hasSuffix(".md"),
           Path.relative(absolute, to: rootDirectory) != nil, fileSystem.isFile(absolute + ".md") {
            absolute += ".md"
        }
        guard let repositoryPath = Path.relative(absolute, to: rootDirectory) else {
            broken("broken-link", "link to '\(written)' leaves the repository (\(options.displayPath(rootDirectory)))", at: location)
            return written
        }
        guard fileSystem.isFile(absolute) || fileSystem.isDirectory(absolute) else {
            broken("broken-link", "link to '\(written)': no file \(repositoryPath.isEmpty ? "." : repositoryPath) in the repository", at: location)
            return written
        }
        guard let repository = config.repository else {
            diagnostics.warning("no-repository",
                                "link to repository file '\(repositoryPath)' cannot be made: set 'repository' in handbook.yml",
                                at: location)
            return written
        }
        return repository.file(repositoryPath) + (fragment.map { "#" + $0 } ?? "")
    }

    private func href(to target: Int, anchor: String?, from document: Document, written: String, at location: SourceLocation) -> String {
        // Not `let page = documents[target]`: that copies the whole Document for every link.
        var anchor = anchor
        if let fragment = anchor, !fragment.isEmpty {
            let decoded = URLEncoding.decode(fragment) ?? fragment
            if let moved = checkAnchor(decoded, in: documents[target], written: written, at: location) { anchor = moved }
        }
        let pagePath = documents[target].outputPath
        let url = pagePath == document.outputPath ? "" : Path.relativeURL(from: document.outputPath, to: pagePath)
        if let anchor, !anchor.isEmpty { return url + "#" + anchor }
        return url.isEmpty ? "#" : url
    }

    /// Nil when the page has the anchor; the anchor it moved to (`movedAnchor`); else nil after
    /// reporting it.
    @discardableResult
    private func checkAnchor(_ anchor: String, in page: Document, written: String, at location: SourceLocation) -> String? {
        let anchors = page.markdown.headings.map(\.anchor) + page.markdown.htmlAnchors
        guard !anchors.contains(anchor), !Self.pageAnchors.contains(anchor) else { return nil }
        if let moved = Self.movedAnchor(anchor, in: page) { return moved }
        // GitHub finds a heading whatever the case of the link's anchor (trade-remedies-api's
        // `[index](#Index)` goes to `## Index`); a browser does not, so the link is written with
        // the heading's own anchor.
        let lowered = anchor.lowercased()
        if lowered != anchor {
            if anchors.contains(lowered) || Self.pageAnchors.contains(lowered) { return lowered }
            if let moved = Self.movedAnchor(lowered, in: page) { return moved }
        }
        let hint = Suggestions.closest(to: anchor, in: anchors).map { "; did you mean '#\($0)'?" } ?? ""
        broken("broken-anchor", "link to '\(written)': \(page.source.displayPath) has no heading with anchor '#\(anchor)'\(hint)",
                          at: location)
        return nil
    }

    /// A heading the page shows elsewhere than in its body, that a record's own table of contents
    /// links to (cometbft's `[ADR 065](#adr-065-custom-event-indexing)`, `[Status](#status)`): the
    /// level-1 title taken out of the body (shown as the page's title, `#top`) and a decision's
    /// status section taken out of it (shown in its fields, `#fields`). Asked only for an anchor
    /// no heading of the body has; nil for any other.
    static func movedAnchor(_ anchor: String, in page: Document) -> String? {
        if let title = page.markdown.leadingTitle, AnchorAllocator.slug(title) == anchor { return "top" }
        if page.decision != nil, anchor == "status" || anchor == "statut" { return "fields" }
        return nil
    }

    /// Anchors every page of the default theme has besides its headings.
    static let pageAnchors: Set<String> = ["top", "main", "fields", "relations"]

    /// The document a record reference names (an id or a `.md` path), or nil after reporting it.
    func record(_ reference: RecordReference, from document: Document) -> Int? {
        record(reference, fromFile: document.source)
    }

    /// The same, from any file (a contract manifest): `.md` paths are relative to its folder.
    func record(_ reference: RecordReference, fromFile source: SourceFile) -> Int? {
        if reference.isPath, Self.scheme(of: reference.text) == nil {
            let (path, _) = Self.splitFragment(reference.text)
            let decoded = URLEncoding.decode(path) ?? path
            let joined = Path.join(Path.directory(source.path), decoded)
            if let index = byPath[joined], documents[index].decision != nil { return index }
            if !source.absolutePath.isEmpty,
               let index = byRealPath[Path.join(Path.directory(source.absolutePath), decoded)], documents[index].decision != nil {
                return index
            }
            if reference.external { return nil }
            broken("unknown-reference", "'\(reference.text)' is not a decision record of this handbook", at: reference.location)
            return nil
        }
        if let index = byID[IDKey.normalize(reference.text)] { return index }
        let known = Set(documents.compactMap { $0.decision?.id })
        let hint = Suggestions.closest(to: reference.text, in: known).map { "; did you mean '\($0)'?" } ?? ""
        broken("unknown-reference", "'\(reference.text)' names no decision record\(hint)", at: reference.location)
        return nil
    }

    static func splitFragment(_ text: String) -> (String, String?) {
        // By bytes (by Characters it was 2.3% of a build, ADR-0042); else the Characters decide.
        guard let found = firstStandalone(UInt8(ascii: "#"), in: text) else { return characterSplitFragment(text) }
        guard let hash = found else { return (text, nil) }
        return (String(text[..<hash]), String(text[text.utf8.index(after: hash)...]))
    }

    /// `text` up to its first `?` Character (a link's path without its query).
    static func beforeQuery(_ text: String) -> String {
        guard let found = firstStandalone(UInt8(ascii: "?"), in: text) else { return String(text.prefix { $0 != "?" }) }
        guard let question = found else { return text }
        return String(text[..<question])
    }

    /// Where the first Character that is the ASCII `byte` alone is, by bytes: the first such byte,
    /// when the bytes beside it are ASCII (then it is a Character of its own, and no earlier
    /// Character can be it); `.some(nil)` when the byte is not there; nil when a non-ASCII byte
    /// beside it leaves it to the Characters (a combining mark after it joins it).
    static func firstStandalone(_ byte: UInt8, in text: String) -> String.Index?? {
        var copy = text
        let offset = copy.withUTF8 { bytes -> Int?? in
            guard let base = bytes.baseAddress, let found = memchr(base, Int32(byte), bytes.count) else { return .some(nil) }
            let offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if offset > 0, bytes[offset - 1] >= 0x80 { return nil }
            if offset + 1 < bytes.count, bytes[offset + 1] >= 0x80 { return nil }
            return .some(offset)
        }
        guard let offset else { return nil }
        guard let offset else { return .some(nil) }
        return .some(text.utf8.index(text.utf8.startIndex, offsetBy: offset))
    }

    static func characterSplitFragment(_ text: String) -> (String, String?) {
        guard let hash = text.firstIndex(of: "#") else { return (text, nil) }
        return (String(text[..<hash]), String(text[text.index(after: hash)...]))
    }

    /// The URL scheme (`https`, `mailto`), or nil for a relative reference.
    static func scheme(of url: String) -> String? {
        if let fast = url.utf8.withContiguousStorageIfAvailable({ bytes -> String?? in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .some(nil) }
            // A ':' with a combining mark after it is another Character: leave that to the Characters.
            if colon + 1 < bytes.count, bytes[colon + 1] >= 0x80 { return nil }
            guard colon > 0, Self.isASCIILetter(bytes[0]) else { return .some(nil) }
            for byte in bytes[..<colon] {
                guard Self.isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+")
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return .some(nil) }
            }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self).lowercased())
        }), let fast { return fast }
        return characterScheme(of: url)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func characterScheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return nil }
        return scheme.lowercased()
    }

    /// The schemes a link may have: http, https and mailto (an allow-list: `javascript:`,
    /// `vbscript:`, `file:`, `data:text/html` and whatever a browser adds next are all left out);
    /// an image may also be inline data in a raster format.
    static func isAllowed(scheme: String, destination: String, image: Bool) -> Bool {
        switch scheme {
        case "http", "https", "mailto": return true
        case "data":
            let lowered = destination.lowercased()
            return image && ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        default: return false
        }
    }
}

/// `LinkResolver.routeTargets`, made once per resolver on first use, from any thread.
final class RouteTable: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: Int]?

    func target(_ slug: String, in documents: [Document]) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if table == nil { table = LinkResolver.routeTargets(documents) }
        return table?[slug]
    }
}
