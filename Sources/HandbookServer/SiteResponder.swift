import Foundation
import HTTPTypes
import HandbookCore
import Hummingbird
import NIOCore

/// Answers one request: the live-reload script and event stream, else a file of the site (HTML
/// with the reload snippet added), a redirect for a folder without its slash, or the site's 404
/// page with status 404. Only GET and HEAD; conditional GET by ETag.
final class SiteResponder: Sendable {
    let outputDirectory: String
    let live: LiveReload
    private let state: Locked<SiteFiles>

    init(outputDirectory: String, files: SiteFiles, live: LiveReload) {
        self.outputDirectory = outputDirectory
        self.live = live
        state = Locked(files)
    }

    /// The output folder may have been replaced whole (the first build's swap): resolve it again.
    func refresh() {
        state.set(SiteFiles(root: outputDirectory))
    }

    func respond(to request: Request) async -> Response {
        let isHead = request.method == .head
        guard request.method == .get || isHead else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return text(.methodNotAllowed, "Only GET and HEAD are served.\n", headers: headers, head: false)
        }
        let target = request.head.path ?? "/"
        let path = String(target.prefix { $0 != "?" })
        if path == LiveReload.eventsPath, !isHead {
            return events()
        }
        if path == LiveReload.scriptPath {
            return bytes(Data(LiveReload.script.utf8), status: .ok, type: "text/javascript; charset=utf-8", etag: "\"live-1\"",
                         request: request, head: isHead)
        }
        var files = state.get()
        if !Self.exists(files.root) {
            refresh()
            files = state.get()
        }
        switch files.resolve(target) {
        case .file(let file):
            return serve(file, status: .ok, request: request, head: isHead)
        case .redirect(let location):
            var headers = HTTPFields()
            headers[.location] = location
            return text(.movedPermanently, "Moved to \(location)\n", headers: headers, head: isHead)
        case .notFound:
            if let page = files.notFoundPage {
                return serve(page, status: .notFound, request: nil, head: isHead)
            }
            let html = Data("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>\n".utf8)
            return bytes(LiveReload.inject(into: html), status: .notFound, type: "text/html; charset=utf-8", etag: nil, request: nil, head: isHead)
        }
    }

    private func serve(_ file: String, status: HTTPResponse.Status, request: Request?, head: Bool) -> Response {
        let type = SiteFiles.contentType(file)
        let isHTML = type.hasPrefix("text/html")
        let etag = SiteFiles.etag(file, injected: isHTML)
        if let request, let etag, Self.matches(request.headers[.ifNoneMatch], etag) {
            var headers = HTTPFields()
            headers[.eTag] = etag
            headers[.cacheControl] = "no-cache"
            return Response(status: .notModified, headers: headers)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return text(.notFound, "Not found\n", headers: HTTPFields(), head: head)
        }
        return bytes(isHTML ? LiveReload.inject(into: data) : data, status: status, type: type, etag: status == .ok ? etag : nil,
                     request: nil, head: head)
    }

    private func bytes(_ data: Data, status: HTTPResponse.Status, type: String, etag: String?, request: Request?, head: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if let etag { headers[.eTag] = etag }
        if let request, let etag, Self.matches(request.headers[.ifNoneMatch], etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(data.count)
        if head { return Response(status: status, headers: headers, body: ResponseBody()) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func text(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields, head: Bool) -> Response {
        var headers = headers
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(message.utf8.count)
        return Response(status: status, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }

    /// The event stream: the current state at once, then one event per rebuild, until the page goes.
    private func events() -> Response {
        let (_, stream) = live.subscribe()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await message in stream {
                try await writer.write(ByteBuffer(string: message))
            }
            try await writer.finish(nil)
        })
    }

    /// `If-None-Match: "a", "b"` or `*` against a strong ETag (weak comparison, as RFC 9110 asks for GET).
    static func matches(_ header: String?, _ etag: String) -> Bool {
        guard let header else { return false }
        let bare = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        for candidate in header.split(separator: ",") {
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value == bare { return true }
        }
        return false
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// A value behind a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set(_ newValue: Value) {
        lock.lock()
        value = newValue
        lock.unlock()
    }
}
