/// The changed files of one batch of `handbook serve`'s watcher, and how long the watcher waits for
/// more before reporting it (ADR-0022). An editor's save is several events (a truncation, writes,
/// a close; or a temporary file renamed over the file), so a batch is reported only once the folders
/// have been quiet for a while: 40 ms while a file of the batch may still be being written, 5 ms once
/// every file's last event ends a save: the file closed after writing (`IN_CLOSE_WRITE`) or renamed
/// into place (`IN_MOVED_TO`), perhaps followed by a change of its attributes. A file created,
/// modified, deleted or renamed away (the first half of a save that renames the old file aside) keeps
/// the longer wait. Whichever is chosen, a rebuild reads the files as they are on disk: a save seen
/// in two batches makes two rebuilds, the second of them of the finished file.
///
/// One writer's save ends after the rename: Foundation's atomic write renames its temporary file
/// into place and only then closes it, so the close arrives as the file's own `IN_CLOSE_WRITE`,
/// after the batch may have been reported (5 ms is short on a loaded machine: seen as a flaky
/// `ServeTests` run with four rebuilds for three saves). A batch remembers the bytes of the files it
/// reported as renamed into place (`reported(at:read:)`); a close of such a file alone, within
/// `echoWindow` and with the same bytes, is that writer's close and not a change (`add`).
public struct WatchBatch: Sendable {
    /// What an event did to a path.
    public enum Event: Sendable {
        /// Closed after being opened for writing (`IN_CLOSE_WRITE`).
        case closedAfterWriting
        /// Renamed into place (`IN_MOVED_TO`).
        case movedIn
        /// Its attributes changed (`IN_ATTRIB`): keeps the path's state.
        case attributes
        /// Anything else (created, modified, deleted, renamed away; a folder).
        case other
    }

    /// Milliseconds of quiet before a batch is reported while a file may still be being written.
    public static let quietWhileWriting: Int32 = 40
    /// Milliseconds of quiet before a batch is reported once every file's save has ended.
    public static let quietOnceSaved: Int32 = 5

    /// Each path, and whether its last event ended a save.
    private var saved: [String: Bool] = [:]
    /// The paths of this batch whose save ended by a rename into place (attributes changed since included).
    private var renamedIn: Set<String> = []
    /// Files renamed into place by batches already reported: their bytes then, and when.
    private var echoes: [String: (bytes: [UInt8], at: UInt64)] = [:]
    /// Nanoseconds after its batch in which a renamed file's close can be its writer's own: long
    /// enough for the rebuild the batch started, however loaded the machine (the bytes decide; the
    /// window only lets a file's bytes go when nothing else happens to it).
    public static let echoWindow: UInt64 = 60_000_000_000

    public init() {}

    public var isEmpty: Bool { saved.isEmpty }

    /// The paths changed, sorted.
    public var paths: [String] { saved.keys.sorted() }

    /// Adds an event at `now` (nanoseconds of a monotonic clock); `read` gives a file's bytes (nil
    /// when it cannot be read), asked only for the close of a file renamed into place by a batch
    /// already reported: when the bytes are those reported, the close is dropped.
    public mutating func add(_ path: String, _ event: Event, at now: UInt64 = 0, read: (String) -> [UInt8]? = { _ in nil }) {
        if let echo = echoes[path] {
            echoes[path] = nil
            if event == .closedAfterWriting, saved[path] == nil, now >= echo.at, now - echo.at <= Self.echoWindow,
               let bytes = read(path), bytes == echo.bytes {
                return
            }
        }
        switch event {
        case .closedAfterWriting: saved[path] = true; renamedIn.remove(path)
        case .movedIn: saved[path] = true; renamedIn.insert(path)
        case .attributes: saved[path] = saved[path] ?? false
        case .other: saved[path] = false; renamedIn.remove(path)
        }
    }

    /// After the batch's paths were reported at `now`: remembers the bytes of the files renamed into
    /// place (for `add`), forgets older ones, and empties the batch.
    public mutating func reported(at now: UInt64, read: (String) -> [UInt8]?) {
        echoes = echoes.filter { now >= $0.value.at && now - $0.value.at <= Self.echoWindow }
        for path in renamedIn where saved[path] == true {
            if let bytes = read(path) { echoes[path] = (bytes, now) }
        }
        removeAll()
    }

    /// How long to wait for the next event before reporting the batch.
    public var quietMilliseconds: Int32 {
        saved.values.allSatisfy { $0 } ? Self.quietOnceSaved : Self.quietWhileWriting
    }

    public mutating func removeAll() {
        saved = [:]
        renamedIn = []
    }
}
