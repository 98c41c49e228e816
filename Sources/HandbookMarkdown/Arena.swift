#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CCmarkGFM

/// cmark-gfm's memory for one parse: a per-thread arena (ADR-0052).
///
/// cmark-gfm allocates every node, buffer, delimiter and list cell of a parse through the parser's
/// `cmark_mem` (its three functions: calloc, realloc, free), and the tree, the iterators and the
/// rendered HTML through the root's. With the C library's allocator, those calls and
/// `cmark_node_free` of the tree were about a tenth of a build (ADR-0052). Here they take memory
/// from a block the thread keeps: an allocation moves a cursor, a free gives back only the latest
/// allocation (its bytes are at the cursor), everything else waits for `reset`, which the parse
/// calls once it has copied out what it keeps; then the tree is dropped without a walk.
///
/// The functions have no context pointer, so the arena is the calling thread's (a pthread key):
/// documents parse on every core at once, each thread in its own arena. A thread's arena keeps one
/// block of `blockSize` bytes between documents; a document that needs more gets further blocks,
/// freed by `reset`, so memory is that of the largest document being parsed, per thread, not the
/// sum of all documents. A thread that ends frees its block (the key's destructor).
///
/// Layout: every allocation is preceded by 8 bytes holding its capacity (the bytes it may use, a
/// multiple of 16 plus 8); its address is 16-aligned, as malloc's are. A block starts with the
/// address of the block made before it (the list `reset` frees).
enum Arena {
    /// The bytes of a thread's first block (kept between documents).
    static let blockSize = 256 * 1024

    /// The allocator given to cmark-gfm: memory from the calling thread's arena. (Made once: cmark-gfm
    /// keeps its address in the parser and in every node.)
    nonisolated(unsafe) static let memory: UnsafeMutablePointer<cmark_mem> = {
        // The key first: the functions read it from `parseKey` (set with it), which no caller
        // reaches before it has this allocator.
        _ = key
        let memory = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        memory.initialize(to: cmark_mem(calloc: { count, size in
            let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { Arena.fail() }
            let pointer = Arena.allocate(bytes, in: Arena.parseState)
            memset(pointer, 0, bytes)
            return pointer
        }, realloc: { pointer, size in
            Arena.reallocate(pointer, size)
        }, free: { pointer in
            Arena.release(pointer)
        }))
        return memory
    }()

    /// The allocator of the nodes a parse on this thread makes: the arena's between `begin` and
    /// `reset`, else cmark-gfm's own (for the strikethrough's `match`, which is given no allocator).
    static var current: UnsafeMutablePointer<cmark_mem>? {
        guard let existing = pthread_getspecific(key), existing.assumingMemoryBound(to: State.self).pointee.active else {
            return cmark_get_default_mem_allocator()
        }
        return memory
    }

    /// One thread's arena.
    struct State {
        /// Where the next allocation's capacity goes (8 past a multiple of 16).
        var cursor: UnsafeMutableRawPointer
        /// The end of the current block.
        var end: UnsafeMutableRawPointer
        /// The first block, kept between documents.
        var first: UnsafeMutableRawPointer
        /// The blocks made after the first (the newest; each holds the one before it), or nil.
        var extra: UnsafeMutableRawPointer?
        /// Between `begin` and `reset`.
        var active: Bool
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        if pthread_key_create(&key, { state in Arena.freeState(state) }) != 0 { fail() }
        parseKey = key
        return key
    }()

    /// `key`, for the allocator's functions, which cmark-gfm calls millions of times a build: a
    /// stored global with a constant initial value is read without `swift_once` (ADR-0067: `key`'s
    /// lazy initialisation was checked at every call). Set once, with `key`, before `memory`, the
    /// only way to those functions, is made; never read before.
    nonisolated(unsafe) private static var parseKey: pthread_key_t = 0

    /// The calling thread's arena, made on first use.
    @inline(__always)
    private static var state: UnsafeMutablePointer<State> {
        if let existing = pthread_getspecific(key) { return existing.assumingMemoryBound(to: State.self) }
        return makeState()
    }

    /// The calling thread's arena, for the allocator's functions (through `parseKey`).
    @inline(__always)
    private static var parseState: UnsafeMutablePointer<State> {
        if let existing = pthread_getspecific(parseKey) { return existing.assumingMemoryBound(to: State.self) }
        return makeState()
    }

    private static func makeState() -> UnsafeMutablePointer<State> {
        guard let first = malloc(blockSize) else { fail() }
        first.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State(cursor: first + 8, end: first + blockSize, first: first, extra: nil, active: false))
        if pthread_setspecific(key, state) != 0 { fail() }
        return state
    }

    /// A thread ends: its arena goes.
    private static func freeState(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        let state = pointer.assumingMemoryBound(to: State.self)
        freeExtraBlocks(state)
        free(state.pointee.first)
        state.deallocate()
    }

    private static func freeExtraBlocks(_ state: UnsafeMutablePointer<State>) {
        var block = state.pointee.extra
        while let current = block {
            block = current.load(as: UnsafeMutableRawPointer?.self)
            free(current)
        }
        state.pointee.extra = nil
    }

    /// The capacity of an allocation of `size` bytes: the next allocation's capacity field then
    /// lands 8 past a multiple of 16, so its address is 16-aligned.
    @inline(__always)
    private static func capacity(_ size: Int) -> Int {
        let (padded, overflow) = size.addingReportingOverflow(8 + 15)
        if overflow { fail() }
        return (padded & ~15) - 8
    }

    @inline(__always)
    static func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        allocate(size, in: state)
    }

    @inline(__always)
    private static func allocate(_ size: Int, in state: UnsafeMutablePointer<State>) -> UnsafeMutableRawPointer {
        let capacity = capacity(size)
        var cursor = state.pointee.cursor
        if capacity > state.pointee.end - cursor - 8 {
            cursor = newBlock(state, capacity: capacity)
        }
        cursor.storeBytes(of: capacity, as: Int.self)
        let pointer = cursor + 8
        state.pointee.cursor = pointer + capacity
        return pointer
    }

    /// A block for an allocation of `capacity` (the current one is left as it is); its first
    /// allocation's capacity field.
    private static func newBlock(_ state: UnsafeMutablePointer<State>, capacity: Int) -> UnsafeMutableRawPointer {
        let size = Swift.max(blockSize, capacity + 16)
        guard let block = malloc(size) else { fail() }
        block.storeBytes(of: state.pointee.extra, as: UnsafeMutableRawPointer?.self)
        state.pointee.extra = block
        state.pointee.end = block + size
        return block + 8
    }

    static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
        guard let pointer else { return allocate(size, in: parseState) }
        let old = (pointer - 8).load(as: Int.self)
        if size <= old { return pointer }
        let state = parseState
        let capacity = capacity(size)
        if pointer + old == state.pointee.cursor, capacity <= state.pointee.end - pointer {
            // The latest allocation grows where it is.
            (pointer - 8).storeBytes(of: capacity, as: Int.self)
            state.pointee.cursor = pointer + capacity
            return pointer
        }
        let moved = allocate(size, in: state)
        memcpy(moved, pointer, old)
        return moved
    }

    /// Gives back the latest allocation's bytes; any other waits for `reset`.
    @inline(__always)
    static func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        let state = parseState
        if pointer + (pointer - 8).load(as: Int.self) == state.pointee.cursor {
            state.pointee.cursor = pointer - 8
        }
    }

    /// A parse on this thread starts taking its memory from the arena.
    static func begin() {
        state.pointee.active = true
    }

    /// Gives back everything the calling thread's arena holds (its first block is kept).
    static func reset() {
        guard let existing = pthread_getspecific(key) else { return }
        let state = existing.assumingMemoryBound(to: State.self)
        if state.pointee.extra != nil { freeExtraBlocks(state) }
        state.pointee.cursor = state.pointee.first + 8
        state.pointee.end = state.pointee.first + blockSize
        state.pointee.active = false
    }

    /// The blocks the calling thread's arena holds (for the tests: one after `reset`) and the bytes
    /// used in the current one.
    static var usage: (blocks: Int, bytesInBlock: Int) {
        guard let existing = pthread_getspecific(key) else { return (0, 0) }
        let state = existing.assumingMemoryBound(to: State.self)
        var blocks = 1
        var block = state.pointee.extra
        while let current = block {
            blocks += 1
            block = current.load(as: UnsafeMutableRawPointer?.self)
        }
        let start = state.pointee.extra ?? state.pointee.first
        return (blocks, state.pointee.cursor - start - 8)
    }

    /// Out of memory (or a size past the address space): what cmark-gfm's own allocator does.
    private static func fail() -> Never {
        fputs("[cmark] arena allocation failed, aborting\n", stderr)
        abort()
    }
}
