/* chunked: an append-only array whose elements never move. It grows a
 * chunk at a time under a table of chunks allocated once, so a pointer to
 * an element (or an index) stays valid while the array grows, and another
 * thread may read the elements it was handed while this one appends
 * (what it was handed must have been published to it, by a mutex say). */
#ifndef ROOFLINE_COMMON_CHUNKED_H
#define ROOFLINE_COMMON_CHUNKED_H

#include <stddef.h>

#define CHUNKED_BITS 10
#define CHUNKED_MAX_CHUNKS ((size_t)1 << 18) /* 268M elements at most */

struct chunked {
    char **chunks; /* CHUNKED_MAX_CHUNKS slots, allocated on first push */
    size_t n, elem;
};

void chunked_init(struct chunked *c, size_t elem);
/* A new zeroed element at index c->n (then c->n grows by one). */
void *chunked_push(struct chunked *c);
void chunked_release(struct chunked *c);

static inline void *chunked_at(const struct chunked *c, size_t i)
{
    return c->chunks[i >> CHUNKED_BITS] + (i & (((size_t)1 << CHUNKED_BITS) - 1)) * c->elem;
}

#endif
