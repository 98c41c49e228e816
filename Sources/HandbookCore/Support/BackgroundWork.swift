import Foundation

/// Work started on a thread of its own and waited for later: a serial part of a stage run beside
/// the stage's other work (the governance linker beside the link stage's own, ADR-0057). The value
/// is the one the work returns, whatever ran meanwhile; the work must touch only what is safe to
/// share (thread-safe or not written by anyone until `wait` returns).
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    init(_ work: @escaping () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.start()
    }

    /// The work's value, once it has ended (call once).
    func wait() -> Value {
        done.wait()
        // Set before the signal that `wait` took.
        return value!
    }
}

extension BackgroundWork where Value == Void {
    /// Takes `value` (leaving `empty` in its place) and lets go of it on a thread of its own: held
    /// nowhere else, it is freed there, beside the caller's next work.
    static func release<Held>(_ value: inout Held, leaving empty: Held) {
        let box = Box(empty)
        swap(&box.value, &value)
        _ = BackgroundWork { box.value = empty }
    }

    private final class Box<Held>: @unchecked Sendable {
        var value: Held
        init(_ value: Held) { self.value = value }
    }
}
