/* fileio: atomic whole-file writes. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/xalloc.h"

static int write_all(int fd, const char *p, size_t left)
{
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        left -= (size_t)n;
    }
    return 0;
}

static void out_free(struct fileio_out *o)
{
    free(o->path);
    free(o->target);
    free(o->tmp);
    o->path = o->target = o->tmp = NULL;
    o->fd = -1;
    cleanup_remove(o->cleanup);
    o->cleanup = -1;
}

int fileio_out_open(struct fileio_out *o, const char *path, char *err, size_t errlen)
{
    struct stat st;
    o->fd = -1;
    o->cleanup = -1;
    o->path = xstrdup(path);
    o->target = o->tmp = NULL;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: is a directory", path);
            out_free(o);
            return -EISDIR;
        }
        /* A device, FIFO or socket (-o /dev/null, /dev/stdout) is written
         * in place: renaming a file over it would replace the device. */
        if (!S_ISREG(st.st_mode)) {
            o->fd = open(path, O_WRONLY | O_CLOEXEC);
            if (o->fd < 0) {
                int e = errno;
                snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
                out_free(o);
                return -e;
            }
            return 0;
        }
    }
    /* Through a symlink, the file it points at is replaced, not the link. */
    o->target = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    if (!o->target)
        o->target = xstrdup(path);
    o->tmp = xasprintf("%s.tmp.XXXXXX", o->target);
    /* Registered as it is made: a signal removes it (common/cleanup). */
    sigset_t old = cleanup_block();
    o->fd = mkstemp(o->tmp);
    if (o->fd >= 0)
        o->cleanup = cleanup_add_file(o->tmp);
    int made_errno = errno;
    cleanup_unblock(&old);
    errno = made_errno;
    if (o->fd < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(e));
        free(o->tmp);
        o->tmp = NULL; /* nothing to remove */
        out_free(o);
        return -e;
    }
    return 0;
}

int fileio_out_write(struct fileio_out *o, const void *data, size_t len, char *err, size_t errlen)
{
    int ret = write_all(o->fd, data, len);
    if (ret)
        snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(-ret));
    return ret;
}

int fileio_out_commit(struct fileio_out *o, char *err, size_t errlen)
{
    int ret = 0;
    if (!o->tmp) {
        if (close(o->fd) < 0) {
            ret = -errno;
            snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
        }
        o->fd = -1;
        out_free(o);
        return ret;
    }
    if (fchmod(o->fd, 0644) < 0 || fsync(o->fd) < 0 || close(o->fd) < 0) {
        ret = -errno;
        snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
        o->fd = -1; /* closed or not, it is not used again */
        fileio_out_abort(o);
        return ret;
    }
    o->fd = -1;
    if (rename(o->tmp, o->target) < 0) {
        ret = -errno;
        snprintf(err, errlen, "%s: cannot rename into place: %s", o->path, strerror(errno));
        fileio_out_abort(o);
        return ret;
    }
    out_free(o);
    return 0;
}

void fileio_out_abort(struct fileio_out *o)
{
    if (o->fd >= 0)
        close(o->fd);
    if (o->tmp)
        unlink(o->tmp);
    out_free(o);
}

int fileio_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    struct fileio_out o;
    int ret = fileio_out_open(&o, path, err, errlen);
    if (ret)
        return ret;
    if ((ret = fileio_out_write(&o, data, len, err, errlen))) {
        fileio_out_abort(&o);
        return ret;
    }
    return fileio_out_commit(&o, err, errlen);
}

/* Where a path leads: the file's inode when it exists, else its directory's
 * inode and its last component. */
struct file_id {
    dev_t dev;
    ino_t ino;
    const char *name; /* NULL: the file itself; else the name in directory (dev, ino) */
    bool usable;      /* false: not a regular file, or not reachable */
};

static struct file_id file_id_of(const char *path, char **scratch)
{
    struct file_id id = {0, 0, NULL, false};
    struct stat st;
    *scratch = NULL;
    if (stat(path, &st) == 0) {
        if (S_ISREG(st.st_mode)) {
            id.dev = st.st_dev;
            id.ino = st.st_ino;
            id.usable = true;
        }
        return id;
    }
    if (errno != ENOENT)
        return id;
    /* Not there yet: its directory and its name. A dangling symlink is
     * written through to its target by fileio_out_open. */
    char *target = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char buf[PATH_MAX];
        ssize_t n = readlink(path, buf, sizeof buf - 1);
        if (n <= 0)
            return id;
        buf[n] = '\0';
        const char *slash = strrchr(path, '/');
        target = buf[0] == '/' || !slash ? xstrdup(buf)
                                         : xasprintf("%.*s/%s", (int)(slash - path), path, buf);
        path = target;
    }
    const char *slash = strrchr(path, '/');
    char *dir =
        slash ? xasprintf("%.*s", (int)(slash - path) + (slash == path), path) : xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    if (*base && strcmp(base, ".") && strcmp(base, "..") && stat(dir, &st) == 0 &&
        S_ISDIR(st.st_mode)) {
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        *scratch = xstrdup(base);
        id.name = *scratch;
        id.usable = true;
    }
    free(dir);
    free(target);
    return id;
}

static bool file_id_same(const struct file_id *a, const struct file_id *b)
{
    if (!a->usable || !b->usable || a->dev != b->dev || a->ino != b->ino)
        return false;
    if (!a->name || !b->name)
        return !a->name && !b->name;
    return !strcmp(a->name, b->name);
}

int fileio_check_outputs(const struct fileio_role *inputs, size_t ninputs,
                         const struct fileio_role *outputs, size_t noutputs, char *err,
                         size_t errlen)
{
    size_t n = ninputs + noutputs;
    struct file_id *ids = xcalloc(n + 1, sizeof *ids);
    char **names = xcalloc(n + 1, sizeof *names);
    int ret = 0;
    for (size_t i = 0; i < n; i++) {
        const struct fileio_role *r = i < ninputs ? &inputs[i] : &outputs[i - ninputs];
        if (r->path)
            ids[i] = file_id_of(r->path, &names[i]);
    }
    /* Each output against every input, then against the outputs before it. */
    for (size_t o = ninputs; o < n && !ret; o++) {
        for (size_t j = 0; j < o; j++) {
            if (!file_id_same(&ids[o], &ids[j]))
                continue;
            const struct fileio_role *self = &outputs[o - ninputs];
            const struct fileio_role *other = j < ninputs ? &inputs[j] : &outputs[j - ninputs];
            /* An option is followed by its value, anything else by the
             * name in brackets. */
            snprintf(err, errlen, self->what[0] == '-' ? "%s %s is " : "%s (%s) is ", self->what,
                     self->path);
            size_t len = strlen(err);
            snprintf(
                err + len, errlen - len,
                other->what[0] == '-' ? "%s %s: refusing to overwrite %s; choose another name"
                                      : "%s (%s): refusing to overwrite %s; choose another name",
                other->what, other->path, j < ninputs ? "an input" : "one output with another");
            ret = -EEXIST;
            break;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(ids);
    return ret;
}

int fileio_mkdirs(const char *path, int mode)
{
    char *p = xstrdup(path);
    int ret = 0;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
            ret = -errno;
            goto out;
        }
        *s = '/';
    }
    if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
        ret = -errno;
out:
    free(p);
    return ret;
}
