/* strlist: an owned list of strings (each element malloc'd, freed by
 * strlist_release). */
#ifndef ROOFLINE_COMMON_STRLIST_H
#define ROOFLINE_COMMON_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

struct strlist {
    char **v;
    size_t n, alloc;
};

#define STRLIST_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void strlist_init(struct strlist *l);
void strlist_release(struct strlist *l);
/* Appends a copy of s. */
void strlist_add(struct strlist *l, const char *s);
/* Appends a printf-formatted string. */
void strlist_addf(struct strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a copy of s unless an equal string is there already. */
void strlist_add_unique(struct strlist *l, const char *s);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);
void strlist_copy(struct strlist *dst, const struct strlist *src);

#endif
