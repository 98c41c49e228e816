#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The caches' one way to write (the light index, the hotspots' history): beside the file,
/// then a rename, so a reader sees the old file or the new one whole. False when it failed, which
/// only means no cache.
enum CacheFile {
    @discardableResult
    static func writeAtomically(_ text: String, to path: String) -> Bool {
        let temporary = path + ".\(getpid()).tmp"
        do {
            try FileManager.default.createDirectory(atPath: Path.directory(path), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return false
        }
        return true
    }
}
