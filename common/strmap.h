/* strmap: a string-keyed hash map to int (open addressing). Keys are copied
 * and owned by the map; strmap_release frees them. */
#ifndef ROOFLINE_COMMON_STRMAP_H
#define ROOFLINE_COMMON_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
    char *key; /* NULL: empty */
    int value;
};

struct strmap {
    struct strmap_slot *slots;
    size_t nslots, count;
};

#define STRMAP_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* True when key is present; its value goes to *value (may be NULL). */
bool strmap_get(const struct strmap *m, const char *key, int *value);
void strmap_put(struct strmap *m, const char *key, int value);

#endif
