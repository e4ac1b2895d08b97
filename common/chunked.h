/* chunked: an append-only array whose elements never move. It grows a
 * chunk at a time, each twice the size of the one before, under a table of
 * chunks allocated once, so a pointer to an element (or an index) stays
 * valid while the array grows, and another thread may read the elements it
 * was handed while this one appends (what it was handed must have been
 * published to it, by a mutex say). */
#ifndef ROOFLINE_COMMON_CHUNKED_H
#define ROOFLINE_COMMON_CHUNKED_H

#include <stddef.h>

#define CHUNKED_FIRST_BITS 6 /* the first chunk holds 64 elements */
#define CHUNKED_MAX_CHUNKS 48

struct chunked {
    char *chunks[CHUNKED_MAX_CHUNKS]; /* chunk k holds 64 << k elements */
    size_t n, elem;
};

void chunked_init(struct chunked *c, size_t elem);
/* A new zeroed element at index c->n (then c->n grows by one). */
void *chunked_push(struct chunked *c);
void chunked_release(struct chunked *c);

/* Element i: in chunk k = msb(i + 64) - 6, at (i + 64) - 2^msb. */
static inline void *chunked_at(const struct chunked *c, size_t i)
{
    size_t j = i + ((size_t)1 << CHUNKED_FIRST_BITS);
    int msb = 63 - __builtin_clzll((unsigned long long)j);
    return c->chunks[msb - CHUNKED_FIRST_BITS] + (j - ((size_t)1 << msb)) * c->elem;
}

#endif
