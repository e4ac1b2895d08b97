/* strbuf: a growable byte buffer (after git's strbuf).
 *
 * Invariants: buf is never NULL and always NUL-terminated, len < alloc
 * (or alloc == 0 and buf points at a static empty string). Initialise with
 * STRBUF_INIT or strbuf_init(); release with strbuf_release(); take the
 * contents over with strbuf_detach() (caller frees the result with free()). */
#ifndef ROOFLINE_COMMON_STRBUF_H
#define ROOFLINE_COMMON_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    size_t alloc;
    size_t len;
    char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        0, 0, strbuf_slopbuf                                                                       \
    }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Returns the contents, owned by the caller (free()); sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends s as a message may echo a value the user gave: control
 * characters escaped (\n, \t, \r, \xHH: a message stays one line and
 * sends the terminal nothing), cut after max characters (UTF-8 sequences
 * counted as one, never split) with "..." added. */
void strbuf_add_shown(struct strbuf *sb, const char *s, size_t max);
/* Reads the whole file; returns 0, or -errno (sb keeps what was read). */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
