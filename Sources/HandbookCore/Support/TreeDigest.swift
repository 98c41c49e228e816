#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `DiskFileSystem.treeDigest`'s walk (ADR-0160): readdir(3) and fstatat(2) relative to each
/// folder's descriptor, so no path is resolved from `/` again and no String is made per file. Each
/// entry is hashed on its own (two 64-bit lanes over its folder's path, its name and its stamp:
/// device, inode, size, modification and change times) and the hashes are summed, so the digest
/// does not depend on the order readdir gives. Links are followed: to a file, its stamp is the
/// target's; to a folder, it is walked when its real path is inside the root (as the listing does),
/// else only its stamp counts. Each real folder is walked once, so a link loop ends.
/// A file whose modification or change time is not older than `since` (the file system's clock
/// when the walk began) is also named in `recent`: a second write of the same size in that same
/// clock tick would leave its stamp as it is (git's "racily clean" entries), so only its contents
/// can tell.
struct TreeDigest {
    let skipping: Set<String>
    /// The real path of the repository root.
    let root: String
    let excluding: Set<String>
    let since: FileClock.Time
    private(set) var recent: [String] = []
    private var sumA: UInt64 = 0
    private var sumB: UInt64 = 0
    private var count: UInt64 = 0
    private var visited: Set<[UInt64]> = []

    init(skipping: Set<String>, root: String, excluding: Set<String>, since: FileClock.Time) {
        self.skipping = skipping
        self.root = root
        self.excluding = excluding
        self.since = since
    }

    var digest: [UInt64] { [sumA, sumB, count] }

    /// Walks the folder at the absolute path `folder`; false when a folder below it cannot be read.
    mutating func add(_ folder: String) -> Bool {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        var path = Array(folder.utf8)
        return walk(descriptor, path: &path)
    }

    /// The entries of the folder open as `descriptor` (closed here), whose absolute path is `path`.
    private mutating func walk(_ descriptor: Int32, path: inout [UInt8]) -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return false
        }
        guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else {
            close(descriptor)
            return true
        }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return false
        }
        defer { closedir(directory) }
        var lanes = Lanes()
        lanes.add(path)
        lanes.add(byte: 0x2F)
        var folders: [[UInt8]] = []
        while let entry = readdir(directory) {
            let type = entry.pointee.d_type
            let done: Bool = { (name: UnsafePointer<CChar>) -> Bool in
                let length = strlen(name)
                let bytes = UnsafeRawBufferPointer(start: name, count: length)
                if bytes.count <= 2, bytes.allSatisfy({ $0 == 0x2E }) { return true }
                if type == UInt8(DT_DIR) {
                    if !skipping.contains(String(decoding: bytes, as: UTF8.self)) { folders.append(Array(bytes)) }
                    return true
                }
                var entryLanes = lanes
                entryLanes.add(bytes)
                var info = stat()
                guard fstatat(dirfd(directory), name, &info, 0) == 0 else {
                    // A dangling link: its name counts.
                    entryLanes.add(byte: 0)
                    add(entryLanes)
                    return true
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    let text = String(decoding: bytes, as: UTF8.self)
                    if skipping.contains(text) { return true }
                    if type == UInt8(DT_LNK) {
                        let full = String(decoding: path, as: UTF8.self) + "/" + text
                        let target = Foundation.realpath(full, nil).map { pointer -> String in
                            defer { free(pointer) }
                            return String(cString: pointer)
                        }
                        guard let target, Path.relative(target, to: root) != nil else {
                            // Not listed below: only where it leads counts.
                            entryLanes.add(stamp: info)
                            add(entryLanes)
                            return true
                        }
                    }
                    folders.append(Array(bytes))
                    return true
                }
                entryLanes.add(stamp: info)
                add(entryLanes)
                if FileClock.isRecent(info, since: since) {
                    recent.append(String(decoding: path, as: UTF8.self) + "/" + String(decoding: bytes, as: UTF8.self))
                }
                return true
            }(DiskFileSystem.entryName(entry))
            _ = done
        }
        for name in folders {
            let length = path.count
            path.append(0x2F)
            path.append(contentsOf: name)
            defer { path.removeSubrange(length...) }
            if !excluding.isEmpty, excluding.contains(String(decoding: path, as: UTF8.self)) { continue }
            let child = name.withUnsafeBufferPointer { bytes -> Int32 in
                var terminated = Array(bytes)
                terminated.append(0)
                return terminated.withUnsafeBufferPointer { pointer in
                    pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: terminated.count) {
                        openat(dirfd(directory), $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                    }
                }
            }
            guard child >= 0, walk(child, path: &path) else { return false }
        }
        return true
    }

    private mutating func add(_ entry: Lanes) {
        let (a, b) = entry.finished
        sumA &+= a
        sumB &+= b
        count += 1
    }

    /// Two FNV-1a-style lanes (as `StableHash`), finished with splitmix64 so that sums of them mix.
    struct Lanes {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142

        mutating func add(byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x9e37_79b9_7f4a_7c15
            b ^= b >> 29
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { add(byte: byte) }
            add(word: UInt64(bytes.count))
        }

        mutating func add(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { add($0) }
        }

        mutating func add(word: UInt64) {
            a = (a ^ word) &* 0x0000_0100_0000_01b3
            b = (b ^ word) &* 0x9e37_79b9_7f4a_7c15
            b ^= b >> 29
        }

        mutating func add(stamp info: stat) {
            #if os(Linux)
            let (modified, changed) = (info.st_mtim, info.st_ctim)
            #else
            let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
            #endif
            add(word: UInt64(info.st_dev))
            add(word: UInt64(info.st_ino))
            add(word: UInt64(bitPattern: Int64(info.st_size)))
            add(word: UInt64(bitPattern: Int64(modified.tv_sec)))
            add(word: UInt64(bitPattern: Int64(modified.tv_nsec)))
            add(word: UInt64(bitPattern: Int64(changed.tv_sec)))
            add(word: UInt64(bitPattern: Int64(changed.tv_nsec)))
        }

        var finished: (UInt64, UInt64) { (Self.mix(a), Self.mix(b ^ 0x5851_f42d_4c95_7f2d)) }

        static func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }
}

/// The clock the kernel stamps files with: the coarse real-time clock (a file's times are never
/// older than its value when the write began). For `TreeDigest`'s racy entries.
enum FileClock {
    struct Time: Comparable, Sendable {
        var seconds: Int64
        var nanoseconds: Int64
        static func < (lhs: Time, rhs: Time) -> Bool {
            (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
        }
    }

    static func now() -> Time {
        var clock = timespec()
        #if os(Linux)
        clock_gettime(CLOCK_REALTIME_COARSE, &clock)
        #else
        clock_gettime(CLOCK_REALTIME, &clock)
        #endif
        return Time(seconds: Int64(clock.tv_sec), nanoseconds: Int64(clock.tv_nsec))
    }

    /// Modified or changed at `since` or later.
    static func isRecent(_ info: stat, since: Time) -> Bool {
        #if os(Linux)
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #else
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        return Time(seconds: Int64(modified.tv_sec), nanoseconds: Int64(modified.tv_nsec)) >= since
            || Time(seconds: Int64(changed.tv_sec), nanoseconds: Int64(changed.tv_nsec)) >= since
    }

    /// The same for a `FileSystem.stamp` (modification and change times at 3...6).
    static func isRecent(_ stamp: [UInt64], since: Time) -> Bool {
        guard stamp.count >= 7 else { return true }
        let time = { (index: Int) in Time(seconds: Int64(bitPattern: stamp[index]), nanoseconds: Int64(bitPattern: stamp[index + 1])) }
        return time(3) >= since || time(5) >= since
    }
}
