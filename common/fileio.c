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

int fileio_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    int ret = 0, fd = -1;
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);

    fd = mkstemp(tmp);
    if (fd < 0) {
        ret = -errno;
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ret = -errno;
            snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
            goto out;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fchmod(fd, 0644) < 0 || fsync(fd) < 0 || close(fd) < 0) {
        ret = -errno;
        fd = -1;
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) < 0) {
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
