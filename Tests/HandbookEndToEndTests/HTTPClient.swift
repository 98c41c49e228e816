import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately raw HTTP/1.1 client for the serve tests: it sends exactly the bytes given (so
/// `..`, `%2f`, backslashes and absolute URLs reach the server as written) and reads until the
/// server closes the connection.
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads what arrives within `timeout` seconds (until the peer closes, or `until` says enough).
    static func receive(_ fd: Int32, timeout: Double, until: (Data) -> Bool = { _ in false }) -> Data {
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, deadline.timeIntervalSinceNow * 1000)))
            if ready <= 0 { break }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data.append(contentsOf: buffer[..<count])
            if until(data) { break }
        }
        return data
    }

    /// Sends `raw` on a new connection and parses the answer (bodies with Content-Length or chunked).
    static func exchange(port: Int, _ raw: [UInt8], timeout: Double = 20) throws -> Response {
        let fd = try connect(port: port)
        defer { close(fd) }
        send(fd, raw)
        let data = receive(fd, timeout: timeout)
        return try parse(data)
    }

    static func get(port: Int, _ target: String, method: String = "GET", headers: [String: String] = [:]) throws -> Response {
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        return try exchange(port: port, Array(request.utf8))
    }

    static func parse(_ data: Data) throws -> Response {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete response head in \(data.count) bytes: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var decoded = Data()
            var rest = body[...]
            while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
                let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
                if size == 0 { break }
                let start = lineEnd.upperBound
                guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
                decoded.append(rest[start..<rest.index(start, offsetBy: size)])
                rest = rest[rest.index(start, offsetBy: min(size + 2, rest.distance(from: start, to: rest.endIndex)))...]
            }
            body = decoded
        }
        return Response(status: status, headers: headers, body: body)
    }
}

/// An open `/__handbook/events` stream.
final class EventStream {
    let fd: Int32
    private var buffer = ""

    init(port: Int) throws {
        fd = try RawHTTP.connect(port: port)
        RawHTTP.send(fd, Array("GET /__handbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8))
    }

    deinit { close(fd) }

    /// The next event (name and data), skipping pings, within `timeout` seconds.
    func next(timeout: Double = 60) -> (name: String, data: String)? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = buffer.range(of: "event: ") {
                let after = buffer[range.upperBound...]
                if let end = after.range(of: "\n\n") {
                    let block = after[..<end.lowerBound]
                    buffer = String(after[end.upperBound...])
                    let lines = block.components(separatedBy: "\n")
                    let data = lines.first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) } ?? ""
                    return (lines[0], data)
                }
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            let data = RawHTTP.receive(fd, timeout: min(left, 1), until: { _ in true })
            buffer += String(decoding: data, as: UTF8.self)
        }
    }
}
