import Foundation

/// Collects every diagnostic of a run, from any thread; nothing stops at the first one.
public final class DiagnosticEngine: @unchecked Sendable {
    private let lock = NSLock()
    /// Every diagnostic emitted, a repeated one as often as it came, until `diagnostics` is read:
    /// then they are sorted and each is kept once (the first emitted of equal ones: the sort is
    /// stable). A set of those seen, asked at each `emit`, hashed every field of every diagnostic:
    /// about 4,000 instructions each, 22,585 warnings at 10,000 records (ADR-0077).
    private var collected: [Diagnostic] = []
    /// How many of `collected`, from its start, are sorted and each once (what the last read left).
    private var settled = 0

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        lock.lock()
        defer { lock.unlock() }
        collected.append(diagnostic)
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
        guard settled < collected.count else { return collected }
        // Equal diagnostics are next to each other once sorted: `precedes` orders by every field.
        collected.sort(by: Diagnostic.precedes)
        var unique: [Diagnostic] = []
        unique.reserveCapacity(collected.count)
        for diagnostic in collected where unique.last != diagnostic { unique.append(diagnostic) }
        collected = unique
        settled = unique.count
        return unique
    }

    /// Whether the run failed: any error, or with `strict`, any warning.
    public func hasErrors(strict: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return collected.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}
