/* chunked: an append-only array whose elements never move. */
#include "common/chunked.h"

#include <stdlib.h>

#include "common/xalloc.h"

void chunked_init(struct chunked *c, size_t elem)
{
    c->chunks = NULL;
    c->n = 0;
    c->elem = elem;
}

void *chunked_push(struct chunked *c)
{
    size_t chunk = c->n >> CHUNKED_BITS;
    if (chunk >= CHUNKED_MAX_CHUNKS)
        xalloc_die("a table of more than 268 million entries");
    if (!c->chunks)
        c->chunks = xcalloc(CHUNKED_MAX_CHUNKS, sizeof *c->chunks);
    if (!c->chunks[chunk])
        c->chunks[chunk] = xcalloc((size_t)1 << CHUNKED_BITS, c->elem);
    return chunked_at(c, c->n++);
}

void chunked_release(struct chunked *c)
{
    if (c->chunks)
        for (size_t i = 0; i < CHUNKED_MAX_CHUNKS && c->chunks[i]; i++)
            free(c->chunks[i]);
    free(c->chunks);
    chunked_init(c, c->elem);
}
