import Foundation
import HandbookCore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `handbook serve`: builds the site, serves the output folder over HTTP, watches the sources and
/// rebuilds on every change, telling open pages to reload (or showing them the diagnostics).
public enum HandbookServe {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Try the next ports when this one is taken (not when a port was given explicitly as 0).
        public var portAttempts: Int
        public var open: Bool
        /// Poll modification times instead of using inotify.
        public var polling: Bool
        /// Print the time each stage of each rebuild took.
        public var verbose = false

        public init(host: String = "127.0.0.1", port: Int = 8000, portAttempts: Int = 20, open: Bool = false, polling: Bool = false) {
            self.host = host
            self.port = port
            self.portAttempts = portAttempts
            self.open = open
            self.polling = polling
        }
    }

    /// Serves until SIGINT or SIGTERM; returns the exit status. `say` prints a line for the terminal.
    public static func run(build: BuildOptions, options: Options, say: @escaping @Sendable (String) -> Void) -> Int32 {
        let site = LiveSite(options: build)
        let first = site.build()
        // A rebuild prints the diagnostics the one before did not give, and a count of the rest (ADR-0024).
        let printed = PrintedDiagnostics()
        report(first, verbose: options.verbose, printed: printed, say: say)

        guard let port = freePort(host: options.host, from: options.port, attempts: options.port == 0 ? 1 : options.portAttempts) else {
            say("error: no free port from \(options.port) to \(options.port + options.portAttempts - 1) on \(options.host); choose one with --port")
            return 1
        }
        let live = LiveReload()
        live.publish(first)
        let files = SiteFiles(root: build.outputDirectory)
        let responder = SiteResponder(outputDirectory: build.outputDirectory, files: files, live: live)

        // Rebuilds run one at a time, off the server's threads.
        let watcher = FileWatcher(folders: site.watchedFolders(), accept: { site.isWatched($0) })
        watcher.start(forcePolling: options.polling) { changed in
            let rebuild = site.rebuild(changed: changed)
            report(rebuild, verbose: options.verbose, printed: printed, say: say)
            responder.refresh()
            live.publish(rebuild)
            // A body edit answered with its pages; the files made from every document follow (ADR-0018).
            if let after = site.finishPending() {
                if options.verbose || !after.succeeded { report(after, verbose: options.verbose, printed: printed, say: say) }
                responder.refresh()
                if !after.succeeded { live.publish(after) }
            }
        }

        var logger = Logger(label: "handbook-serve")
        logger.logLevel = .critical
        let host = options.host
        let openBrowser = options.open
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await responder.respond(to: request) },
            server: GuardedHTTP1Channel.builder(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let shownHost = host.contains(":") ? "[\(host)]" : host
                let url = "http://\(shownHost):\(bound)/"
                say("serving \(url) (watching with \(watcher.mode); Ctrl-C stops)")
                if openBrowser { openInBrowser(url, say: say) }
            },
            logger: logger
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)

        // Ctrl-C (or SIGTERM): end the event streams, stop watching, stop the server; a second one exits at once.
        let signals = DispatchQueue(label: "handbook-serve-signals")
        var sources: [DispatchSourceSignal] = []
        let stopping = Flag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signals)
            source.setEventHandler {
                if stopping.set() {
                    _exit(130)
                }
                say("stopping")
                watcher.stop()
                live.finishAll()
                Task { await group.triggerGracefulShutdown() }
            }
            source.resume()
            sources.append(source)
        }
        let pinger = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 15_000_000_000)
                live.ping()
            }
        }

        let done = DispatchSemaphore(value: 0)
        let status = Flag()
        Task {
            do {
                try await group.run()
            } catch {
                say("error: the server stopped: \(error)")
                _ = status.set()
            }
            done.signal()
        }
        done.wait()
        pinger.cancel()
        watcher.stop()
        sources.forEach { $0.cancel() }
        return status.isSet ? 1 : 0
    }

    /// The diagnostics printed last (`RepeatedDiagnostics`); the first build and the watcher's
    /// rebuilds report one at a time.
    final class PrintedDiagnostics: @unchecked Sendable {
        private let lock = NSLock()
        private var repeated = RepeatedDiagnostics()

        func text(for diagnostics: [Diagnostic]) -> String {
            lock.lock()
            defer { lock.unlock() }
            return repeated.text(for: diagnostics)
        }
    }

    /// Prints a rebuild's diagnostics (those new since the last report, and a count of the rest), then its one line.
    static func report(_ rebuild: LiveSite.Rebuild, verbose: Bool = false, printed: PrintedDiagnostics, say: @Sendable (String) -> Void) {
        let text = printed.text(for: rebuild.diagnostics)
        if !text.isEmpty { say(String(text.dropLast(text.hasSuffix("\n") ? 1 : 0))) }
        say(timestamp() + " " + rebuild.summary)
        if verbose {
            let why = rebuild.why.map { " (\($0))" } ?? ""
            say("         \(rebuild.route.rawValue)\(why): " + rebuild.timings.map { "\($0.stage) \(String(format: "%.0f", $0.seconds * 1000)) ms" }.joined(separator: ", "))
        }
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// The first port from `from` that can be bound on `host` (0: the system picks one when serving).
    static func freePort(host: String, from: Int, attempts: Int) -> Int? {
        if from == 0 { return 0 }
        for port in from..<(from + max(1, attempts)) where port <= 65535 {
            if canBind(host: host, port: port) { return port }
        }
        return nil
    }

    /// Whether a listening socket could be bound to every address `host` resolves to, at `port`.
    static func canBind(host: String, port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            let fd = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            guard fd >= 0 else { return false }
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
            let bound = bind(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0
            close(fd)
            if !bound { return false }
            entry = current.pointee.ai_next
        }
        return true
    }

    /// The command `--open` runs with the URL: `HANDBOOK_OPEN_COMMAND` when set (a path or a name
    /// on PATH), else the system's opener.
    static func openCommand(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let command = environment["HANDBOOK_OPEN_COMMAND"], !command.isEmpty { return command }
        #if os(macOS)
        return "/usr/bin/open"
        #else
        return "xdg-open"
        #endif
    }

    /// Runs the opener with the URL; when it cannot run or fails (no browser, no display), says so
    /// and goes on serving: the URL is on the line above.
    static func openInBrowser(_ url: String, say: @escaping @Sendable (String) -> Void) {
        let command = openCommand()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command, url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            if finished.terminationStatus != 0 {
                say("note: could not open a browser (\(command) exited with status \(finished.terminationStatus)); open \(url) yourself")
            }
        }
        do {
            try process.run()
        } catch {
            say("note: could not open a browser (\(command): \(error)); open \(url) yourself")
        }
    }
}

/// A flag set once, from any thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets it; returns whether it was already set.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let was = value
        value = true
        return was
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
