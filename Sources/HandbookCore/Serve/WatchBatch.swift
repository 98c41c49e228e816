/// The changed files of one batch of `handbook serve`'s watcher, and how long the watcher waits for
/// more before reporting it (ADR-0022). An editor's save is several events (a truncation, writes,
/// a close; or a temporary file renamed over the file), so a batch is reported only once the folders
/// have been quiet for a while: 40 ms while a file of the batch may still be being written, 5 ms once
/// every file's last event ends a save: the file closed after writing (`IN_CLOSE_WRITE`) or renamed
/// into place (`IN_MOVED_TO`), perhaps followed by a change of its attributes. A file created,
/// modified, deleted or renamed away (the first half of a save that renames the old file aside) keeps
/// the longer wait. Whichever is chosen, a rebuild reads the files as they are on disk: a save seen
/// in two batches makes two rebuilds, the second of them of the finished file.
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

    public init() {}

    public var isEmpty: Bool { saved.isEmpty }

    /// The paths changed, sorted.
    public var paths: [String] { saved.keys.sorted() }

    public mutating func add(_ path: String, _ event: Event) {
        switch event {
        case .closedAfterWriting, .movedIn: saved[path] = true
        case .attributes: saved[path] = saved[path] ?? false
        case .other: saved[path] = false
        }
    }

    /// How long to wait for the next event before reporting the batch.
    public var quietMilliseconds: Int32 {
        saved.values.allSatisfy { $0 } ? Self.quietOnceSaved : Self.quietWhileWriting
    }

    public mutating func removeAll() { saved = [:] }
}
