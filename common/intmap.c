/* intmap: 64-bit key -> int hash map with linear probing. */
#include "common/intmap.h"

#include <stdlib.h>

#include "common/xalloc.h"

void intmap_init(struct intmap *m)
{
    m->slots = NULL;
    m->nslots = m->count = 0;
}

void intmap_release(struct intmap *m)
{
    free(m->slots);
    intmap_init(m);
}

/* Fibonacci hashing: the high bits of the product are well mixed. */
static struct intmap_slot *find(const struct intmap *m, uint64_t key)
{
    size_t mask = m->nslots - 1;
    for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || m->slots[i].key == key)
            return &m->slots[i];
}

bool intmap_get(const struct intmap *m, uint64_t key, int *value)
{
    if (!m->nslots)
        return false;
    const struct intmap_slot *s = find(m, key);
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}

bool intmap_put(struct intmap *m, uint64_t key, int value)
{
    if ((m->count + 1) * 2 > m->nslots) {
        struct intmap old = *m;
        m->nslots = old.nslots ? old.nslots * 2 : 16;
        m->slots = xcalloc(m->nslots, sizeof *m->slots);
        for (size_t i = 0; i < old.nslots; i++)
            if (old.slots[i].key)
                *find(m, old.slots[i].key) = old.slots[i];
        free(old.slots);
    }
    struct intmap_slot *s = find(m, key);
    bool added = !s->key;
    if (added) {
        s->key = key;
        m->count++;
    }
    s->value = value;
    return added;
}
