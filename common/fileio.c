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

/* A device, FIFO or socket (-o /dev/null, /dev/stdout) is written in place:
 * renaming a file over it would replace the device itself. */
static int write_special(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
        return -e;
    }
    int ret = write_all(fd, data, len);
    if (close(fd) < 0 && !ret)
        ret = -errno;
    if (ret)
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(-ret));
    return ret;
}

int fileio_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    int ret = 0, fd = -1;
    char *target = NULL, *tmp = NULL;
    struct stat st;

    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: is a directory", path);
            return -EISDIR;
        }
        if (!S_ISREG(st.st_mode))
            return write_special(path, data, len, err, errlen);
    }
    /* Through a symlink, the file it points at is replaced, not the link. */
    target = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    if (!target)
        target = xstrdup(path);
    tmp = xasprintf("%s.tmp.XXXXXX", target);

    fd = mkstemp(tmp);
    if (fd < 0) {
        ret = -errno;
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        goto out;
    }
    ret = write_all(fd, data, len);
    if (ret) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(-ret));
        goto out;
    }
    if (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || close(fd) < 0) {
        ret = -errno;
        fd = -1;
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, target) < 0) {
        ret = -errno;
        snprintf(err, errlen, "%s: cannot rename into place: %s", path, strerror(errno));
        goto out;
    }
out:
    if (fd >= 0)
        close(fd);
    if (ret)
        unlink(tmp);
    free(tmp);
    free(target);
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
