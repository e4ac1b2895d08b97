/* intmap: a map from 64-bit keys to int (open addressing, linear probing).
 * Key 0 is reserved (it marks an empty slot). */
#ifndef ROOFLINE_COMMON_INTMAP_H
#define ROOFLINE_COMMON_INTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct intmap_slot {
    uint64_t key; /* 0: empty */
    int value;
};

struct intmap {
    struct intmap_slot *slots;
    size_t nslots, count;
};

#define INTMAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void intmap_init(struct intmap *m);
void intmap_release(struct intmap *m);
/* True when key is present; its value goes to *value (may be NULL). */
bool intmap_get(const struct intmap *m, uint64_t key, int *value);
/* Sets key's value; true when key was not there before. */
bool intmap_put(struct intmap *m, uint64_t key, int value);

#endif
