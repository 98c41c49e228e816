#if os(Linux)
import CMalloc
#endif
import Foundation

/// glibc's malloc arenas (ADR-0063). By default glibc gives each thread that meets a busy arena a
/// new one, up to eight per core, and keeps in each what its thread freed. A build's threads (the
/// render's workers, the governance linker, the thread that frees the raw bodies) spread the
/// memory they free over several arenas, none of it given back: at 100,000 records that was about
/// 100 MiB of the peak RSS (976 MiB, against 867 to 911 MiB with two arenas).
public enum MallocArenas {
    /// Limits the arenas to one per core, unless `GLIBC_TUNABLES` already sets a limit (so the
    /// default can still be measured against). Call it before any thread is started.
    public static func limitToCores() {
        #if os(Linux)
        if let tunables = getenv("GLIBC_TUNABLES"), String(cString: tunables).contains("arena_max") { return }
        _ = mallopt(M_ARENA_MAX, Int32(max(1, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }

    /// What `padHeaps` sets: each heap of a thread's arena mapped whole (64 MiB, glibc's heap size on
    /// 64-bit systems) and the main arena grown by as much, and blocks up to 4 MiB taken from the heaps.
    public static let topPad: Int32 = 64 << 20
    public static let mmapThreshold: Int32 = 4 << 20

    /// Grows malloc's heaps in large steps (ADR-0077). By default glibc makes a thread's arena
    /// readable a few pages at a time as it grows (`mprotect`: about 23,000 calls in a build of
    /// 10,000 records), and gives back the top of a heap when it is freed, to fault it in again.
    /// With a top pad of a whole heap, a new heap is readable at once and keeps its freed top;
    /// setting the pad also fixes the threshold above which a block is mapped on its own instead of
    /// glibc raising it as mapped blocks are freed, so it is set too. Unless `GLIBC_TUNABLES` already
    /// sets either (so the default can still be measured against). Call it before any thread starts.
    public static func padHeaps() {
        #if os(Linux)
        if let tunables = getenv("GLIBC_TUNABLES") {
            let text = String(cString: tunables)
            if text.contains("top_pad") || text.contains("mmap_threshold") { return }
        }
        _ = mallopt(M_TOP_PAD, topPad)
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        #endif
    }

    /// How many arenas malloc has made so far (the `<heap nr=` entries of `malloc_info`); nil
    /// where that cannot be read.
    public static func count() -> Int? {
        info().map { $0.components(separatedBy: "<heap nr=").count - 1 }
    }

    /// How many bytes of address space malloc's arenas have made readable: the main arena's and
    /// every heap of the threads' arenas (the last, total `<aspace type="mprotect" size=` of
    /// `malloc_info`). With `padHeaps`, at least 64 MiB from the first allocation that grows an
    /// arena; nil where that cannot be read.
    public static func readableHeapBytes() -> Int? {
        guard let text = info() else { return nil }
        let marker = "<aspace type=\"mprotect\" size=\""
        guard let last = text.components(separatedBy: marker).dropFirst().last else { return nil }
        return Int(last.prefix { $0.isASCII && $0.isNumber })
    }

    /// `malloc_info`'s XML.
    private static func info() -> String? {
        #if os(Linux)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = malloc_info(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return String(cString: buffer)
        #else
        return nil
        #endif
    }
}
