/* xalloc: allocation that cannot return NULL (aborts with a message on
 * exhaustion, the one place the libraries may stop the process), and the one
 * grow-array macro of the project. */
#ifndef ROOFLINE_COMMON_XALLOC_H
#define ROOFLINE_COMMON_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Out of memory while making what: says so and aborts (for allocators of
 * other libraries, such as jansson's json_dumps returning NULL). */
void xalloc_die(const char *what) __attribute__((noreturn));

/* ALLOC_GROW(x, nr, alloc): make room for nr elements in the array x whose
 * capacity is alloc (both updated); x may start NULL with alloc 0. */
#define ALLOC_GROW(x, nr, alloc)                                                                   \
    do {                                                                                           \
        if ((size_t)(nr) > (size_t)(alloc)) {                                                      \
            size_t alloc_grow_n_ = (size_t)(alloc)*2 + 8;                                          \
            if (alloc_grow_n_ < (size_t)(nr))                                                      \
                alloc_grow_n_ = (size_t)(nr);                                                      \
            (x) = xrealloc((x), alloc_grow_n_ * sizeof(*(x)));                                     \
            (alloc) = alloc_grow_n_;                                                               \
        }                                                                                          \
    } while (0)

#endif
