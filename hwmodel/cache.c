/* hwmodel/cache.c: the per-user cache of measured models,
 * $XDG_CACHE_HOME/roofline/machine-FINGERPRINT.json (fallback
 * ~/.cache/roofline). Files are written atomically (fileio_write_atomic)
 * under an flock on a sibling .lock file, so two racing runs measure once:
 * the second waits for the lock and then reads what the first wrote. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/internal.h"

static int cache_dir(struct strbuf *out, char *err, size_t errlen)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    /* The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/')
        strbuf_addf(out, "%s/roofline", xdg);
    else if (home && *home)
        strbuf_addf(out, "%s/.cache/roofline", home);
    else
        return hw_err(err, errlen, -ENOENT,
                      "no cache directory: neither XDG_CACHE_HOME nor HOME is set");
    return 0;
}

int hw_cache_path(const char *fingerprint, struct strbuf *out, char *err, size_t errlen)
{
    int ret = cache_dir(out, err, errlen);
    if (ret)
        return ret;
    strbuf_addf(out, "/machine-%s.json", fingerprint);
    return 0;
}

/* Loads the cached model at path if it is usable for this request. */
static bool try_cache(const char *path, bool quick, const char *fingerprint, struct hw_model *m)
{
    struct hw_model c;
    char err[256];
    hw_model_init(&c);
    if (hw_model_load(path, &c, err, sizeof(err)) || strcmp(c.fingerprint, fingerprint) ||
        (c.quick && !quick)) {
        hw_model_release(&c);
        return false;
    }
    hw_model_release(m);
    *m = c;
    snprintf(m->source, sizeof(m->source), "cache: %s", path);
    return true;
}

/* Says once, through o->warn, why the model will not be cached. */
static void not_cached(const struct hw_measure_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void not_cached(const struct hw_measure_opts *o, const char *fmt, ...)
{
    char why[512], msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg,
             "the machine model cannot be cached (%s): it is measured again on every run", why);
    if (o->warn)
        o->warn(msg, o->progress_arg);
    else
        hw_say(o, "%s", msg);
}

int hw_model_get_cached_opts(struct hw_model *m, bool refresh, const struct hw_measure_opts *o,
                             char *err, size_t errlen)
{
    static const struct hw_measure_opts no_opts;
    struct hw_model topo;
    struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT, lock = STRBUF_INIT;
    int lockfd = -1, ret;
    char cerr[256] = "";
    bool can_save = false;
    if (!o)
        o = &no_opts;
    hw_model_init(&topo);

    /* The fingerprint needs only the topology: cheap, no measuring. */
    if ((ret = hw_model_read_topology(&topo, o->topology_xml, err, errlen)))
        goto out;
    if (hw_cache_path(topo.fingerprint, &path, cerr, sizeof(cerr)) < 0) {
        not_cached(o, "%s", cerr);
        ret = hw_model_measure(m, o, err, errlen);
        goto out;
    }
    if (!refresh && try_cache(path.buf, o->quick, topo.fingerprint, m)) {
        ret = 0;
        goto out;
    }

    struct timespec asked;
    clock_gettime(CLOCK_REALTIME, &asked);
    cache_dir(&dir, cerr, sizeof(cerr));
    strbuf_addf(&lock, "%.*s.lock", (int)(path.len - 5), path.buf);
    int mk = fileio_mkdirs(dir.buf, 0700);
    if (mk < 0) {
        not_cached(o, "%s: %s", dir.buf, strerror(-mk));
    } else if ((lockfd = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600)) < 0) {
        not_cached(o, "%s: %s", lock.buf, strerror(errno));
    } else {
        bool waited = false;
        if (flock(lockfd, LOCK_EX | LOCK_NB) < 0) {
            waited = true;
            hw_say(o, "another roofline is measuring this machine: waiting for %s", lock.buf);
            while (flock(lockfd, LOCK_EX) < 0 && errno == EINTR)
                ;
        }
        /* Someone may have measured while we waited: a refresh takes theirs
         * only when it waited for that measurement (written after we asked);
         * a plain run takes any cached model. */
        struct stat st;
        bool there = stat(path.buf, &st) == 0;
        bool newer = there && waited &&
                     (st.st_mtim.tv_sec > asked.tv_sec ||
                      (st.st_mtim.tv_sec == asked.tv_sec && st.st_mtim.tv_nsec >= asked.tv_nsec));
        if (there && (!refresh || newer) && try_cache(path.buf, o->quick, topo.fingerprint, m)) {
            ret = 0;
            goto out;
        }
        /* What is there must be a model that can be replaced: a FIFO would
         * block the writer, a device would take the model and keep nothing. */
        char why[128];
        int chk = fileio_check_input(path.buf, 0, why, sizeof why);
        can_save = chk == 0 || chk == -ENOENT;
        if (!can_save)
            not_cached(o, "%s: %s", path.buf, why);
    }

    hw_say(o, "measuring this machine (%s)", o->quick ? "quick" : "full");
    if ((ret = hw_model_measure(m, o, err, errlen)))
        goto out;
    if (can_save) {
        if (hw_model_save(m, path.buf, cerr, sizeof(cerr)) < 0)
            not_cached(o, "%s", cerr);
        else
            hw_say(o, "cached in %s", path.buf);
    }
out:
    if (lockfd >= 0)
        close(lockfd); /* releases the flock */
    strbuf_release(&path);
    strbuf_release(&dir);
    strbuf_release(&lock);
    hw_model_release(&topo);
    return ret;
}

int hw_model_get_cached(struct hw_model *m, bool refresh, bool quick, hw_progress_fn progress,
                        hw_progress_fn warn, void *arg, char *err, size_t errlen)
{
    struct hw_measure_opts o = {quick, NULL, progress, arg, warn};
    return hw_model_get_cached_opts(m, refresh, &o, err, errlen);
}
