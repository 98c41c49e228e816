import CArena
import CCmarkGFM

/// cmark-gfm's memory for one parse: a per-thread arena (ADR-0052), kept in C (`CArena`, ADR-0073).
///
/// cmark-gfm allocates every node, buffer, delimiter and list cell of a parse through the parser's
/// `cmark_mem` (its three functions: calloc, realloc, free), and the tree, the iterators and the
/// rendered HTML through the root's. With the C library's allocator, those calls and
/// `cmark_node_free` of the tree were about a tenth of a build (ADR-0052). Here they take memory
/// from a block the thread keeps: an allocation moves a cursor, a free gives back only the latest
/// allocation (its bytes are at the cursor), everything else waits for `reset`, which the parse
/// calls once it has copied out what it keeps; then the tree is dropped without a walk.
///
/// The functions have no context pointer, so the arena is the calling thread's: documents parse on
/// every core at once, each thread in its own arena. It is a C `_Thread_local` (ADR-0073): Swift
/// has no thread-local storage, and finding the arena with `pthread_getspecific` at every one of
/// cmark-gfm's million calls per 2,000 records, through Swift closures, cost about 85
/// instructions a `calloc`. A thread's arena keeps one block of 256 KiB between documents; a
/// document that needs more gets further blocks, freed by `reset`, so memory is that of the largest
/// document being parsed, per thread, not the sum of all documents. A thread that ends frees its
/// blocks (a pthread key's destructor).
///
/// Layout: every allocation is preceded by 8 bytes holding its capacity (the bytes it may use, a
/// multiple of 16 plus 8); its address is 16-aligned, as malloc's are. A block starts with the
/// address of the block made before it (the list `reset` frees).
enum Arena {
    /// The allocator given to cmark-gfm: memory from the calling thread's arena. (Made once: cmark-gfm
    /// keeps its address in the parser and in every node.)
    nonisolated(unsafe) static let memory: UnsafeMutablePointer<cmark_mem> = {
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(calloc: handbook_arena_calloc, realloc: handbook_arena_realloc,
                                        free: handbook_arena_free))
        return memory
    }()

    /// The allocator of the nodes a parse on this thread makes: the arena's between `begin` and
    /// `reset`, else cmark-gfm's own (for the strikethrough's `match`, which is given no allocator).
    static var current: UnsafeMutablePointer<cmark_mem>? {
        handbook_arena_active() != 0 ? memory : cmark_get_default_mem_allocator()
    }

    /// A parse on this thread starts taking its memory from the arena.
    static func begin() {
        handbook_arena_begin()
    }

    /// Gives back everything the calling thread's arena holds (its first block is kept).
    static func reset() {
        handbook_arena_reset()
    }

    /// The blocks the calling thread's arena holds (for the tests: one after `reset`) and the bytes
    /// used in the current one.
    static var usage: (blocks: Int, bytesInBlock: Int) {
        var blocks = 0, bytes = 0
        handbook_arena_usage(&blocks, &bytes)
        return (blocks, bytes)
    }
}
