/* strlist: owned string lists. */
#include "common/strlist.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xalloc.h"

void strlist_init(struct strlist *l)
{
    l->v = NULL;
    l->n = l->alloc = 0;
}

void strlist_release(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    strlist_init(l);
}

void strlist_add(struct strlist *l, const char *s)
{
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    l->v[l->n++] = xstrdup(s);
}

bool strlist_has(const struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

void strlist_add_unique(struct strlist *l, const char *s)
{
    if (!strlist_has(l, s))
        strlist_add(l, s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

void strlist_copy(struct strlist *dst, const struct strlist *src)
{
    for (size_t i = 0; i < src->n; i++)
        strlist_add(dst, src->v[i]);
}

void strlist_addf(struct strlist *l, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    ALLOC_GROW(l->v, l->n + 1, l->alloc);
    l->v[l->n++] = strbuf_detach(&sb, NULL);
}
