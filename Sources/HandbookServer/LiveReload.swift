import Foundation
import HandbookCore

/// The open pages' server-sent-event streams, and what to tell them after each rebuild.
///
/// A page opens `/__handbook/events`; it gets the current state at once (so a page opened while
/// the build is broken shows the diagnostics), then `reload` after each good rebuild and
/// `diagnostics` after each failed one.
final class LiveReload: @unchecked Sendable {
    static let eventsPath = "/__handbook/events"
    static let scriptPath = "/__handbook/live.js"
    /// Added before `</body>` of every HTML page served, never to a file on disk.
    static let snippet = "<script src=\"\(scriptPath)\"></script>"

    private let lock = NSLock()
    private var streams: [UUID: AsyncStream<String>.Continuation] = [:]
    private var current: String = LiveReload.event("reload", ["generation": 0])
    private var generation = 0
    /// The last failed rebuild's problems, as sent without their generation.
    private var lastProblems: String?
    private var finished = false

    /// A new client's stream, starting with the current state.
    func subscribe() -> (UUID, AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        lock.lock()
        if finished {
            continuation.finish()
        } else {
            continuation.yield(Self.state(current))
            streams[id] = continuation
        }
        lock.unlock()
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return (id, stream)
    }

    func remove(_ id: UUID) {
        lock.lock()
        streams[id] = nil
        lock.unlock()
    }

    var clientCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return streams.count
    }

    /// Tells every open page how the rebuild went: a good rebuild that changed no file says nothing
    /// (unless it ends a broken state), so a save without a change does not reload every page.
    func publish(_ rebuild: LiveSite.Rebuild) {
        lock.lock()
        let wasBroken = current.hasPrefix("event: diagnostics\n")
        if rebuild.succeeded, rebuild.written.isEmpty, rebuild.deleted.isEmpty, !wasBroken, generation > 0 {
            lock.unlock()
            return
        }
        if rebuild.succeeded {
            generation += 1
            current = Self.event("reload", ["generation": generation, "written": rebuild.written, "deleted": rebuild.deleted])
            lastProblems = nil
        } else {
            let problems = zip(rebuild.diagnostics, rebuild.sourceLines).map { diagnostic, source -> [String: Any] in
                ["file": diagnostic.file, "line": diagnostic.line, "column": diagnostic.column,
                 "severity": diagnostic.severity.rawValue, "id": diagnostic.id, "message": diagnostic.message,
                 "formatted": diagnostic.formatted, "source": source.map { $0 as Any } ?? NSNull()]
            }
            // The same problems again (a save that left the error, an editor's temporary file
            // beside it): the pages show them already, and a second event would be read as news.
            let key = Self.event("diagnostics", ["diagnostics": problems])
            if wasBroken, key == lastProblems {
                lock.unlock()
                return
            }
            lastProblems = key
            generation += 1
            current = Self.event("diagnostics", ["generation": generation, "diagnostics": problems])
        }
        let message = current
        let targets = Array(streams.values)
        lock.unlock()
        for continuation in targets { continuation.yield(message) }
    }

    /// A comment line, so a closed connection is noticed.
    func ping() {
        lock.lock()
        let targets = Array(streams.values)
        lock.unlock()
        for continuation in targets { continuation.yield(": ping\n\n") }
    }

    /// Ends every stream (the server is stopping).
    func finishAll() {
        lock.lock()
        finished = true
        let targets = Array(streams.values)
        streams = [:]
        lock.unlock()
        for continuation in targets { continuation.finish() }
    }

    /// The state sent to a page that just connected: `state` carries the same data as the last event.
    private static func state(_ event: String) -> String {
        event.hasPrefix("event: reload\n") ? "event: state\n" + event.dropFirst("event: reload\n".count) : event
    }

    static func event(_ name: String, _ data: [String: Any]) -> String {
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        // JSON has no raw newlines, so the data is one `data:` line.
        return "event: \(name)\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
    }

    /// Inserts the snippet before the last `</body` (in any case), or at the end.
    static func inject(into html: Data) -> Data {
        let marker = Array("</body".utf8)
        let bytes = [UInt8](html)
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte }
        var position = bytes.count
        var index = bytes.count - marker.count
        while index >= 0 {
            if (0..<marker.count).allSatisfy({ lower(bytes[index + $0]) == marker[$0] }) {
                position = index
                break
            }
            index -= 1
        }
        var result = Data(bytes[..<position])
        result.append(contentsOf: Array(snippet.utf8))
        result.append(contentsOf: bytes[position...])
        return result
    }

    /// The page side: reload on `reload`, show an overlay with the diagnostics on `diagnostics`, and
    /// take it away (reloading) when the next good rebuild arrives.
    static let script = #"""
    (function () {
      "use strict";
      var overlayId = "handbook-live-overlay";
      var generation = null;
      function removeOverlay() {
        var old = document.getElementById(overlayId);
        if (old) { old.parentNode.removeChild(old); }
      }
      function showDiagnostics(list) {
        removeOverlay();
        var box = document.createElement("div");
        box.id = overlayId;
        box.setAttribute("role", "alertdialog");
        box.setAttribute("aria-label", "Build failed");
        box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);" +
          "color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:24px";
        var title = document.createElement("h2");
        title.textContent = "The build failed: the last good site is still served";
        title.style.cssText = "margin:0 0 16px;font-size:18px;color:#ff8a80";
        box.appendChild(title);
        list.forEach(function (d) {
          var item = document.createElement("div");
          item.className = "handbook-live-diagnostic";
          item.style.cssText = "margin:0 0 16px";
          var head = document.createElement("div");
          head.textContent = d.formatted;
          head.style.color = d.severity === "error" ? "#ff8a80" : "#ffd180";
          item.appendChild(head);
          if (d.source !== null && d.source !== undefined) {
            var pre = document.createElement("pre");
            pre.textContent = d.line + " | " + d.source + "\n" + new Array(String(d.line).length + 4 + Math.max(0, d.column - 1)).join(" ") + "^";
            pre.style.cssText = "margin:4px 0 0;padding:8px;background:#000;white-space:pre-wrap";
            item.appendChild(pre);
          }
          box.appendChild(item);
        });
        (document.body || document.documentElement).appendChild(box);
      }
      if (!window.EventSource) { return; }
      var source = new EventSource("/__handbook/events");
      source.addEventListener("state", function (event) {
        var data = JSON.parse(event.data);
        if (generation !== null && data.generation !== generation) { location.reload(); return; }
        generation = data.generation;
        removeOverlay();
      });
      source.addEventListener("reload", function (event) {
        var data = JSON.parse(event.data);
        generation = data.generation;
        location.reload();
      });
      source.addEventListener("diagnostics", function (event) {
        var data = JSON.parse(event.data);
        generation = data.generation;
        showDiagnostics(data.diagnostics);
      });
    })();
    """#
}
