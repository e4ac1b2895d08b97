/* chunked: an append-only array whose elements never move. */
#include "common/chunked.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

void chunked_init(struct chunked *c, size_t elem)
{
    memset(c->chunks, 0, sizeof c->chunks);
    c->n = 0;
    c->elem = elem;
}

void *chunked_push(struct chunked *c)
{
    size_t j = c->n + ((size_t)1 << CHUNKED_FIRST_BITS);
    int msb = 63 - __builtin_clzll((unsigned long long)j);
    int k = msb - CHUNKED_FIRST_BITS;
    if (k >= CHUNKED_MAX_CHUNKS)
        xalloc_die("a table too large");
    if (!c->chunks[k])
        c->chunks[k] = xcalloc((size_t)1 << msb, c->elem);
    return chunked_at(c, c->n++);
}

void chunked_release(struct chunked *c)
{
    for (int k = 0; k < CHUNKED_MAX_CHUNKS; k++)
        free(c->chunks[k]);
    chunked_init(c, c->elem);
}
