// The per-thread arena cmark-gfm allocates a parse's memory from (ADR-0052). Swift has no
// thread-local storage: in Swift the arena was found with `pthread_getspecific` at every call
// (about 17 instructions, and the closures' own prologues, 85 instructions a `calloc` in all at
// 1 million calls per 2,000 records); here it is a `_Thread_local` (a load relative to %fs),
// and a pthread key is kept only for its destructor, which frees a thread's blocks when it ends
// (ADR-0073).
//
// Layout, as before: every allocation is preceded by 8 bytes holding its capacity (the bytes it
// may use, a multiple of 16 plus 8); its address is 16-aligned, as malloc's are. A block starts
// with the address of the block made before it (the list `reset` frees).
#include "CArena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The bytes of a thread's first block (kept between documents).
#define BLOCK_SIZE (256 * 1024)

struct arena {
    /// Where the next allocation's capacity goes (8 past a multiple of 16).
    char *cursor;
    /// The end of the current block.
    char *end;
    /// The first block, kept between documents; NULL until the thread's first use.
    char *first;
    /// The blocks made after the first (the newest; each holds the one before it), or NULL.
    char *extra;
    /// Between `begin` and `reset`.
    int active;
};

static _Thread_local struct arena arena;

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/// Out of memory (or a size past the address space): what cmark-gfm's own allocator does.
static void fail(void) {
    fputs("[cmark] arena allocation failed, aborting\n", stderr);
    abort();
}

static void free_extra_blocks(struct arena *state) {
    char *block = state->extra;
    while (block) {
        char *previous = *(char **)block;
        free(block);
        block = previous;
    }
    state->extra = NULL;
}

/// A thread ends: its arena goes.
static void free_state(void *pointer) {
    struct arena *state = pointer;
    if (!state || !state->first) return;
    free_extra_blocks(state);
    free(state->first);
    state->first = NULL;
    state->cursor = NULL;
    state->end = NULL;
}

static void make_key(void) {
    if (pthread_key_create(&key, free_state) != 0) fail();
}

/// The calling thread's arena, made on first use.
static struct arena *make_state(void) {
    char *first = malloc(BLOCK_SIZE);
    if (!first) fail();
    *(char **)first = NULL;
    arena.first = first;
    arena.cursor = first + 8;
    arena.end = first + BLOCK_SIZE;
    arena.extra = NULL;
    arena.active = 0;
    if (pthread_once(&key_once, make_key) != 0) fail();
    if (pthread_setspecific(key, &arena) != 0) fail();
    return &arena;
}

static inline struct arena *state(void) {
    struct arena *state = &arena;
    if (__builtin_expect(state->first == NULL, 0)) return make_state();
    return state;
}

/// The capacity of an allocation of `size` bytes: the next allocation's capacity field then
/// lands 8 past a multiple of 16, so its address is 16-aligned.
static inline size_t capacity_of(size_t size) {
    if (__builtin_expect(size > (size_t)PTRDIFF_MAX - 64, 0)) fail();
    return ((size + 8 + 15) & ~(size_t)15) - 8;
}

/// A block for an allocation of `capacity` (the current one is left as it is); its first
/// allocation's capacity field.
static char *new_block(struct arena *state, size_t capacity) {
    size_t size = capacity + 16 > BLOCK_SIZE ? capacity + 16 : BLOCK_SIZE;
    char *block = malloc(size);
    if (!block) fail();
    *(char **)block = state->extra;
    state->extra = block;
    state->end = block + size;
    return block + 8;
}

static inline void *allocate(struct arena *state, size_t size) {
    size_t capacity = capacity_of(size);
    char *cursor = state->cursor;
    if (__builtin_expect((ptrdiff_t)capacity > (state->end - cursor) - 8, 0)) cursor = new_block(state, capacity);
    *(size_t *)cursor = capacity;
    char *pointer = cursor + 8;
    state->cursor = pointer + capacity;
    return pointer;
}

void *handbook_arena_calloc(size_t count, size_t size) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) fail();
    void *pointer = allocate(state(), bytes);
    memset(pointer, 0, bytes);
    return pointer;
}

void *handbook_arena_realloc(void *pointer, size_t size) {
    struct arena *current = state();
    if (!pointer) return allocate(current, size);
    char *bytes = pointer;
    size_t old = *(size_t *)(bytes - 8);
    if (size <= old) return pointer;
    size_t capacity = capacity_of(size);
    if (bytes + old == current->cursor && (ptrdiff_t)capacity <= current->end - bytes) {
        // The latest allocation grows where it is.
        *(size_t *)(bytes - 8) = capacity;
        current->cursor = bytes + capacity;
        return pointer;
    }
    void *moved = allocate(current, size);
    memcpy(moved, pointer, old);
    return moved;
}

void handbook_arena_free(void *pointer) {
    if (!pointer) return;
    struct arena *current = &arena;
    char *bytes = pointer;
    if (bytes + *(size_t *)(bytes - 8) == current->cursor) current->cursor = bytes - 8;
}

void handbook_arena_begin(void) {
    state()->active = 1;
}

int handbook_arena_active(void) {
    return arena.first != NULL && arena.active;
}

void handbook_arena_reset(void) {
    struct arena *current = &arena;
    if (!current->first) return;
    if (current->extra) free_extra_blocks(current);
    current->cursor = current->first + 8;
    current->end = current->first + BLOCK_SIZE;
    current->active = 0;
}

void handbook_arena_usage(long *blocks, long *bytes_in_block) {
    struct arena *current = &arena;
    if (!current->first) {
        *blocks = 0;
        *bytes_in_block = 0;
        return;
    }
    long count = 1;
    for (char *block = current->extra; block; block = *(char **)block) count += 1;
    char *start = current->extra ? current->extra : current->first;
    *blocks = count;
    *bytes_in_block = (long)(current->cursor - start - 8);
}
