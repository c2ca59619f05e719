#ifndef LISTWASH_CMEMORY_H
#define LISTWASH_CMEMORY_H

#include <stddef.h>

// The memory-access C that Swift cannot express (the module was CPrefetch until it also mapped
// memory): a prefetch instruction, and huge-page-aligned mappings that grow in place.

/// Asks the processor to bring the cache line holding `address` in, without waiting for it.
/// Swift has no prefetch instruction of its own, and a plain load of the same address (what
/// the index used before) holds up every later instruction until the miss is served.
static inline __attribute__((always_inline)) void listwash_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Maps `size` bytes of zeroed memory (`mmap`, private and anonymous) starting on a 2 MiB
/// boundary, advised for transparent huge pages (`MADV_HUGEPAGE`): a mapping that starts
/// elsewhere cannot have its first and last 2 MiB in huge pages. Returns NULL when the system
/// has no memory to map. Free it with `munmap`.
void *listwash_map(size_t size);

/// Grows a mapping from `listwash_map` from `old_size` to `new_size` bytes (`mremap`), moved to
/// an address on a 2 MiB boundary so that its huge pages stay huge (a mapping moved anywhere
/// else has them split into 4 KiB pages): the pages it holds keep their contents without being
/// copied, and the new part reads as zero. Returns the mapping's address, or NULL when it could
/// not grow (the old mapping is then unchanged) or the system has no `mremap`.
void *listwash_remap(void *address, size_t old_size, size_t new_size);

#endif
