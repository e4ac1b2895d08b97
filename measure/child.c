/* child: what a measured run's end means (its exit status, a signal, the
 * time limit), as one message with the last line it wrote to stderr. The
 * run itself is common/proc's. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "measure/measure_internal.h"

/* The last non-empty line of the child's stderr, for error messages. */
static void last_line(const struct strbuf *tail, struct strbuf *out)
{
    size_t end = tail->len;
    while (end > 0 && (tail->buf[end - 1] == '\n' || tail->buf[end - 1] == '\r'))
        end--;
    size_t start = end;
    while (start > 0 && tail->buf[start - 1] != '\n')
        start--;
    if (end > start + 200)
        start = end - 200;
    strbuf_add(out, tail->buf + start, end - start);
}

int measure_child_check(const struct proc *c, const char *what, double timeout_s, char *err,
                        size_t errlen)
{
    struct strbuf line = STRBUF_INIT;
    int ret = 0;

    last_line(&c->tail, &line);
    if (c->timed_out) {
        snprintf(err, errlen, "%s timed out after %g s (its process group was killed)", what,
                 timeout_s);
        ret = -ETIMEDOUT;
    } else if (WIFSIGNALED(c->status)) {
        int sig = WTERMSIG(c->status);
        const char *abbrev = sigabbrev_np(sig);
        const char *descr = sigdescr_np(sig);
        snprintf(err, errlen, "%s crashed: killed by signal SIG%s (%s)%s%s", what,
                 abbrev ? abbrev : "?", descr ? descr : "unknown signal", line.len ? ": " : "",
                 line.buf);
        ret = -ECHILD;
    } else if (WIFEXITED(c->status) && WEXITSTATUS(c->status) != 0) {
        snprintf(err, errlen, "%s failed with exit status %d%s%s", what, WEXITSTATUS(c->status),
                 line.len ? ": " : "", line.buf);
        ret = -ECHILD;
    }
    strbuf_release(&line);
    return ret;
}
