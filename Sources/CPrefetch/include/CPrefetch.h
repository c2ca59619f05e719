#ifndef LISTWASH_CPREFETCH_H
#define LISTWASH_CPREFETCH_H

/// Asks the processor to bring the cache line holding `address` in, without waiting for it.
/// Swift has no prefetch instruction of its own, and a plain load of the same address (what
/// the index used before) holds up every later instruction until the miss is served.
static inline __attribute__((always_inline)) void listwash_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
