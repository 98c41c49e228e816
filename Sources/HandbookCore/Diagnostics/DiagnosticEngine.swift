import Foundation

/// Collects every diagnostic of a run, from any thread; nothing stops at the first one.
public final class DiagnosticEngine: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Diagnostic] = []
    private var seen: Set<Diagnostic> = []

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        lock.lock()
        defer { lock.unlock() }
        if seen.insert(diagnostic).inserted { collected.append(diagnostic) }
    }

    public func error(_ id: String, _ message: String, at location: SourceLocation) {
        emit(Diagnostic(file: location.file, line: location.line, column: location.column,
                        severity: .error, id: id, message: message))
    }

    public func warning(_ id: String, _ message: String, at location: SourceLocation) {
        emit(Diagnostic(file: location.file, line: location.line, column: location.column,
                        severity: .warning, id: id, message: message))
    }

    public func error(_ id: String, _ message: String, file: String) {
        emit(Diagnostic(file: file, severity: .error, id: id, message: message))
    }

    public func warning(_ id: String, _ message: String, file: String) {
        emit(Diagnostic(file: file, severity: .warning, id: id, message: message))
    }

    /// Every diagnostic so far, in a stable order: by file, line, column, then severity and text.
    public var diagnostics: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return collected.sorted(by: Diagnostic.precedes)
    }

    /// Whether the run failed: any error, or with `strict`, any warning.
    public func hasErrors(strict: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return collected.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}
