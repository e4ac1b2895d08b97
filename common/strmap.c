/* strmap: string -> int hash map with linear probing. */
#include "common/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->nslots = m->count = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->nslots; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_slot *find(const struct strmap *m, const char *key)
{
    size_t mask = m->nslots - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || !strcmp(m->slots[i].key, key))
            return &m->slots[i];
}

bool strmap_get(const struct strmap *m, const char *key, int *value)
{
    if (!m->nslots)
        return false;
    struct strmap_slot *s = find(m, key);
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}

void strmap_put(struct strmap *m, const char *key, int value)
{
    if ((m->count + 1) * 2 > m->nslots) {
        struct strmap old = *m;
        m->nslots = old.nslots ? old.nslots * 2 : 16;
        m->slots = xcalloc(m->nslots, sizeof *m->slots);
        m->count = 0;
        for (size_t i = 0; i < old.nslots; i++)
            if (old.slots[i].key) {
                *find(m, old.slots[i].key) = old.slots[i];
                m->count++;
            }
        free(old.slots);
    }
    struct strmap_slot *s = find(m, key);
    if (!s->key) {
        s->key = xstrdup(key);
        m->count++;
    }
    s->value = value;
}
