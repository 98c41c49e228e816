import Foundation
@testable import HandbookCore
import Testing

/// `serve` removes a swapped-out site in the background while the next build may list the
/// repository's files (without git, by walking the tree): a folder that disappears between the
/// reading of its parent and its own is simply not there. Before, the walk threw, the repository
/// read as empty, and every `governs` glob was reported stale (IncrementalBuildTests' rare
/// failure at its "configuration" step).
@Suite struct ListingRaceTests {
    @Test func aFolderRemovedDuringTheWalkIsNotAnError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-race-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        try "x\n".write(toFile: root + "/src/kept.txt", atomically: false, encoding: .utf8)
        let stop = Flag()
        let stopped = DispatchSemaphore(value: 0)
        let churn = Thread {
            var round = 0
            while !stop.isSet {
                let site = root + "/.public.old-\(round % 2)"
                for folder in 0..<60 {
                    try? FileManager.default.createDirectory(atPath: site + "/f\(folder)/g", withIntermediateDirectories: true)
                }
                try? FileManager.default.removeItem(atPath: site)
                round += 1
            }
            stopped.signal()
        }
        churn.start()
        // The churn stops before the folder goes: removed while it ran, it made the folder anew
        // (every run left a handbook-race-* folder in /tmp).
        defer {
            stop.set()
            stopped.wait()
            try? FileManager.default.removeItem(atPath: root)
        }
        var failures: [String] = []
        for _ in 0..<300 {
            do {
                let files = try DiskFileSystem().files(under: root, skipping: [])
                if !files.contains("src/kept.txt") { failures.append("src/kept.txt missing") }
            } catch {
                failures.append("\(error)")
            }
        }
        stop.set()
        #expect(failures.isEmpty, "\(failures.count) of 300 listings failed: \(failures.prefix(3))")
    }

    /// The walk tells a folder gone by opendir's ENOENT at the moment it fails, not by looking again:
    /// under load the churn above made the folder anew in between, and the walk threw (seen once in a
    /// full test run on a busy machine). Here the folder is gone when listed as a folder below the
    /// root, and the listed folder itself gone is still an error.
    @Test func aFolderGoneWhenOpenedHasNoEntriesAndTheRootGoneIsAnError() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-gone-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try DiskFileSystem.entries(of: root + "/gone", goneIsEmpty: true).isEmpty)
        #expect(throws: (any Error).self) { try DiskFileSystem.entries(of: root + "/gone") }
        try "x\n".write(toFile: root + "/file", atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self, "a file where a folder was is not a folder gone") {
            try DiskFileSystem.entries(of: root + "/file", goneIsEmpty: true)
        }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
        func set() { lock.lock(); value = true; lock.unlock() }
    }
}
