/* strbuf: growable, always NUL-terminated byte buffer. */
#include "common/strbuf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
    sb->alloc = sb->len = 0;
    sb->buf = strbuf_slopbuf;
    if (hint)
        strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
    char *res;
    strbuf_grow(sb, 0);
    res = sb->buf;
    if (len)
        *len = sb->len;
    strbuf_init(sb, 0);
    return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (need <= sb->alloc)
        return;
    size_t alloc = sb->alloc ? sb->alloc : 64;
    while (alloc < need)
        alloc = alloc * 3 / 2 + 16;
    if (!sb->alloc) {
        sb->buf = xmalloc(alloc);
        sb->buf[0] = '\0';
    } else {
        sb->buf = xrealloc(sb->buf, alloc);
    }
    sb->alloc = alloc;
}

void strbuf_reset(struct strbuf *sb)
{
    strbuf_setlen(sb, 0);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
    if (!sb->alloc) {
        if (len == 0)
            return;
        strbuf_grow(sb, len);
    }
    sb->len = len;
    sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    strbuf_setlen(sb, sb->len + len);
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
    strbuf_grow(sb, 1);
    sb->buf[sb->len] = (char)c;
    strbuf_setlen(sb, sb->len + 1);
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
    strbuf_grow(sb, n);
    memset(sb->buf + sb->len, c, n);
    strbuf_setlen(sb, sb->len + n);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    strbuf_setlen(sb, sb->len + (size_t)n);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_add_shown(struct strbuf *sb, const char *s, size_t max)
{
    static const char named[][3] = {['\n'] = "\\n", ['\t'] = "\\t", ['\r'] = "\\r"};
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; chars++) {
        if (chars == max) {
            strbuf_addstr(sb, "...");
            return;
        }
        /* One character: a lead byte and the continuation bytes after it
         * (a stray continuation byte stands alone). */
        const unsigned char *c = p++;
        if (*c >= 0xc0)
            while ((*p & 0xc0) == 0x80)
                p++;
        size_t n = (size_t)(p - c);
        bool c0 = n == 1 && (*c < 0x20 || *c == 0x7f);
        bool c1 = (n == 1 && *c >= 0x80 && *c < 0xa0) ||   /* raw, as Latin-1 would read it */
                  (n == 2 && c[0] == 0xc2 && c[1] < 0xa0); /* U+0080 to U+009F */
        if (c0 && *c < sizeof named / sizeof named[0] && named[*c][0])
            strbuf_addstr(sb, named[*c]);
        else if (c0 || (c1 && n == 1))
            strbuf_addf(sb, "\\x%02x", *c);
        else if (c1)
            strbuf_addf(sb, "\\u%04x", c[1]);
        else
            strbuf_add(sb, c, n);
    }
}

int strbuf_read_file(struct strbuf *sb, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -errno;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_add(sb, chunk, n);
    int err = ferror(f) ? -EIO : 0;
    fclose(f);
    return err;
}
