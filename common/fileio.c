/* fileio: atomic whole-file writes. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
}

int fileio_out_open(struct fileio_out *o, const char *path, char *err, size_t errlen)
{
    struct stat st;
    o->fd = -1;
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
    o->fd = mkstemp(o->tmp);
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
