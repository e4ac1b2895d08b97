/* xalloc: allocation that cannot return NULL (on exhaustion the process
 * ends with one message and exit status 1, the one place the libraries may
 * stop it), and the one grow-array macro of the project. */
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
/* Out of memory while making what (for allocators of other libraries, such
 * as jansson's json_dumps returning NULL): says so on stderr in one line,
 * "PROG: out of memory (LIMIT): what", after the cleanup set by
 * xalloc_set_die and common/cleanup's (the temporary files and process
 * groups registered there are removed and killed), and ends the process with exit status 1 (_exit:
 * no core dump, no atexit handlers, whichever thread calls it; a second thread that runs out
 * meanwhile waits for the first to end the process). */
void xalloc_die(const char *what) __attribute__((noreturn));
/* What xalloc_die says and does, set once by a command before its work:
 * prog starts the message ("roofline analyze"; default "roofline"); limit
 * says how memory is limited ("limit 500 MB of address space, from ulimit
 * -v"), NULL to describe RLIMIT_AS as it is then; cleanup (may be NULL)
 * undoes what must not outlive the process beyond what common/cleanup
 * holds (a progress line on the terminal): it must not allocate. Both strings are copied (prog up
 * to 63 bytes, limit up to 255). */
void xalloc_set_die(const char *prog, const char *limit, void (*cleanup)(void));

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
