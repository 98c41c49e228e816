import Foundation
import HandbookCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps a request target to a file of the built site, and refuses everything else.
///
/// Only files below the output folder are ever answered: the target must be a path (`/...`, not
/// an absolute URL or `*`); each segment is percent-decoded once, and a segment that decodes to
/// `.` or `..`, or holds `/`, `\`, a NUL or a control character, or is not UTF-8, makes the whole
/// request a 404; the file found is resolved through its symlinks and must still be below the
/// output folder (itself resolved).
struct SiteFiles: Sendable {
    enum Answer: Equatable {
        case file(String)
        /// A folder asked for without its trailing slash: its relative links need one.
        case redirect(String)
        case notFound
    }

    /// The output folder, symlinks resolved.
    let root: String

    init(root: String) {
        self.root = Self.realPath(root) ?? Path.normalize(root)
    }

    func resolve(_ target: String) -> Answer {
        guard target.hasPrefix("/"), !target.hasPrefix("//") else { return .notFound }
        var path = Substring(target)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        var segments: [String] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                // `/a//b` is refused; only the last, empty segment of a folder's `/` is allowed.
                if index == parts.count - 1 { continue }
                return .notFound
            }
            guard let decoded = Self.percentDecode(part) else { return .notFound }
            if decoded == "." || decoded == ".." || decoded.unicodeScalars.contains(where: {
                $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7f
            }) {
                return .notFound
            }
            segments.append(decoded)
        }
        let trailingSlash = path.hasSuffix("/")
        let joined = ([root] + segments).joined(separator: "/")
        guard let real = Self.realPath(joined), real == root || real.hasPrefix(root + "/") else { return .notFound }
        if Self.isDirectory(real) {
            guard trailingSlash || segments.isEmpty else {
                return .redirect("/" + segments.map(Self.percentEncode).joined(separator: "/") + "/")
            }
            let index = real + "/index.html"
            guard let realIndex = Self.realPath(index), realIndex.hasPrefix(root + "/"), Self.isFile(realIndex) else { return .notFound }
            return .file(realIndex)
        }
        guard !trailingSlash, Self.isFile(real) else { return .notFound }
        return .file(real)
    }

    /// The site's own 404 page, when it has one.
    var notFoundPage: String? {
        guard let real = Self.realPath(root + "/404.html"), real.hasPrefix(root + "/"), Self.isFile(real) else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Decodes `%XX` escapes; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard iterator.count >= 2, let high = hex(iterator.removeFirst()), let low = hex(iterator.removeFirst()) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func percentEncode(_ segment: String) -> String {
        var text = ""
        for byte in segment.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                text.unicodeScalars.append(scalar)
            } else {
                text += String(format: "%%%02X", byte)
            }
        }
        return text
    }

    /// The Content-Type of a file of the site, by its extension.
    static func contentType(_ path: String) -> String {
        let name = Path.fileName(path).lowercased()
        let ext = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return name == "feed.xml" ? "application/atom+xml; charset=utf-8" : "application/xml; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "yml", "yaml": return "text/yaml; charset=utf-8"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "wasm": return "application/wasm"
        default: return "application/octet-stream"
        }
    }

    /// A strong validator from the file's identity, size and modification time (nanoseconds).
    static func etag(_ path: String, injected: Bool) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return "\"\(String(UInt64(info.st_ino), radix: 16))-\(String(Int64(info.st_size), radix: 16))-\(String(modified, radix: 16))\(injected ? "-live" : "")\""
    }
}
