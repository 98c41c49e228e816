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

    /// How many arenas malloc has made so far (the `<heap nr=` entries of `malloc_info`); nil
    /// where that cannot be read.
    public static func count() -> Int? {
        #if os(Linux)
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return nil }
        let status = malloc_info(0, stream)
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { return nil }
        return String(cString: buffer).components(separatedBy: "<heap nr=").count - 1
        #else
        return nil
        #endif
    }
}
