// cmark-gfm's memory for one parse: a per-thread arena (ADR-0052), in C for its thread-local
// storage (ADR-0073). HandbookMarkdown's `Arena` gives these three functions to cmark-gfm as its
// `cmark_mem`; nothing else calls them. No cmark_* function is called here: every cmark-gfm call
// stays in HandbookMarkdown (ADR-0002).
#ifndef HANDBOOK_CARENA_H
#define HANDBOOK_CARENA_H

#include <stddef.h>

/// `calloc` of the calling thread's arena: zeroed bytes, 16-aligned.
void *handbook_arena_calloc(size_t count, size_t size);
/// `realloc` of the calling thread's arena: the latest allocation grows where it is, any other moves.
void *handbook_arena_realloc(void *pointer, size_t size);
/// `free` of the calling thread's arena: gives back the latest allocation's bytes; any other waits for the reset.
void handbook_arena_free(void *pointer);

/// A parse on this thread starts taking its memory from the arena.
void handbook_arena_begin(void);
/// Whether a parse on this thread is between `begin` and `reset`.
int handbook_arena_active(void);
/// Gives back everything the calling thread's arena holds (its first block is kept).
void handbook_arena_reset(void);
/// The blocks the calling thread's arena holds (0 before its first use) and the bytes used in the current one.
void handbook_arena_usage(long *blocks, long *bytes_in_block);

#endif
