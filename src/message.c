/* message: what the commands say on stderr. A message is one line of text:
 * the values a user gave are echoed escaped and cut (cmd_shown: a value can
 * be 100 KB long or hold a newline or a terminal escape), and a whole line
 * has its control characters escaped (a file name in a library's message may
 * hold them too). Standard output is written through cmd_write_stdout, which
 * says why a write failed. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "common/strbuf.h"
#include "src/builtin.h"

enum { SHOWN_MAX = 80, SHOWN_SLOTS = 8 };

const char *cmd_shown(const char *value)
{
    static struct strbuf slots[SHOWN_SLOTS];
    static unsigned next;
    struct strbuf *sb = &slots[next++ % SHOWN_SLOTS];
    if (!sb->buf) /* zeroed, not yet STRBUF_INIT */
        strbuf_init(sb, 0);
    strbuf_reset(sb);
    strbuf_add_shown(sb, value ? value : "", SHOWN_MAX);
    return sb->buf;
}

void cmd_say(const char *cmd, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);
    strbuf_add_shown(&line, msg.buf, SIZE_MAX);
    fprintf(stderr, "roofline%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", line.buf);
    strbuf_release(&msg);
    strbuf_release(&line);
}

int cmd_write_stdout(const char *cmd, const void *buf, size_t len)
{
    /* errno is taken at the failing write: by the time main flushes, later
     * calls may have changed it ("Success"). */
    if (fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0)
        return EXIT_OK;
    cmd_say(cmd, "cannot write to standard output: %s", strerror(errno));
    __fpurge(stdout); /* said once: main's final flush has nothing left to fail */
    clearerr(stdout);
    return EXIT_FAILED;
}
