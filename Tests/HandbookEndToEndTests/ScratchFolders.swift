import Foundation
import Synchronization

/// Folders tests make under the system's temporary folder, removed when the test process exits:
/// a helper that returns a folder can't `defer` its removal, and before this every run of the
/// suite left hundreds of `handbook-new-*` folders in /tmp. `KEEP_TEST_FOLDERS=1` keeps them for
/// a look after a failure. (HandbookCoreTests/Support has the same file: test targets share no code.)
enum ScratchFolders {
    private static let made = Mutex<[String]?>(nil)

    /// A new folder's URL (not yet created) named PREFIX-UUID, to be removed at exit.
    static func url(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        let first = made.withLock { folders -> Bool in
            defer { folders = (folders ?? []) + [url.path] }
            return folders == nil
        }
        if first { atexit { ScratchFolders.removeAll() } }
        return url
    }

    static func removeAll() {
        let folders = made.withLock { folders -> [String] in
            defer { folders = [] }
            return folders ?? []
        }
        guard ProcessInfo.processInfo.environment["KEEP_TEST_FOLDERS"] == nil else { return }
        for path in folders { try? FileManager.default.removeItem(atPath: path) }
    }
}
