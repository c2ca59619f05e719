// The memory-access C that Swift cannot express: the processor's prefetch instruction (inline,
// in the header) and memory mapped on huge-page boundaries, grown with mremap, which is wrapped
// here because Swift does not import C functions with variable arguments.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "CMemory.h"

// Transparent huge pages are 2 MiB on x86-64 and on arm64 with 4 KiB pages.
static const uintptr_t huge_page = (uintptr_t)2 << 20;

static uintptr_t round_up(uintptr_t n, uintptr_t to) { return (n + to - 1) / to * to; }

// Reserves (maps without access or commitment) a region one huge page larger than `size`, and
// returns it with the huge-page boundary inside it; the caller maps over that boundary with
// MAP_FIXED or MREMAP_FIXED and then trims the reservation (`trim`).
struct reservation { uintptr_t start, size, aligned; };

static int reserve(size_t size, struct reservation *r) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    r->size = round_up(size, page) + huge_page;
    void *p = mmap(NULL, r->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return 0;
    r->start = (uintptr_t)p;
    r->aligned = round_up(r->start, huge_page);
    return 1;
}

// Unmaps what is left of the reservation around [aligned, aligned + size).
static void trim(const struct reservation *r, size_t size) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t end = r->aligned + round_up(size, page), reserved_end = r->start + r->size;
    if (r->aligned > r->start) munmap((void *)r->start, r->aligned - r->start);
    if (reserved_end > end) munmap((void *)end, reserved_end - end);
}

void *listwash_map(size_t size) {
    struct reservation r;
    void *p = MAP_FAILED;
    if (reserve(size, &r)) {
        p = mmap((void *)r.aligned, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == MAP_FAILED) munmap((void *)r.start, r.size); else trim(&r, size);
    }
    if (p == MAP_FAILED) p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    // Advice only: where huge pages are off, this fails and the memory works the same.
    (void)madvise(p, size, MADV_HUGEPAGE);
    return p;
}

void *listwash_remap(void *address, size_t old_size, size_t new_size) {
#ifdef MREMAP_MAYMOVE
    struct reservation r;
    void *p = MAP_FAILED;
    if (reserve(new_size, &r)) {
        p = mremap(address, old_size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)r.aligned);
        if (p == MAP_FAILED) munmap((void *)r.start, r.size); else trim(&r, new_size);
    }
    if (p == MAP_FAILED) p = mremap(address, old_size, new_size, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return NULL;
    (void)madvise(p, new_size, MADV_HUGEPAGE);
    return p;
#else
    (void)address; (void)old_size; (void)new_size;
    return NULL;
#endif
}
