/* xalloc: allocators that never return NULL. */
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xalloc_die(const char *what)
{
    fprintf(stderr, "roofline: out of memory %s\n", what);
    abort();
}

static void *check(void *p, size_t n)
{
    if (!p && n) {
        char what[64];
        snprintf(what, sizeof what, "allocating %zu bytes", n);
        xalloc_die(what);
    }
    return p;
}

void *xmalloc(size_t n)
{
    return check(malloc(n ? n : 1), n ? n : 1);
}

void *xcalloc(size_t nmemb, size_t size)
{
    return check(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1), n ? n : 1);
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *r = xmalloc(len + 1);
    memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    char *r = xmalloc((size_t)n + 1);
    vsnprintf(r, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return r;
}
