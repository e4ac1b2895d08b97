/* fileread: input files read whole, bounded, and only when they are regular
 * files (the reading half of fileio.h). A FIFO would block the reader, a
 * device such as /dev/zero never ends. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void fileio_size_text(size_t bytes, char *buf, size_t len)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, len, "%zu %s", bytes, units[u]);
}

/* 0 if a file of this status may be read, else why not. */
static int refuse(const struct stat *st, size_t max, char *why, size_t whylen)
{
    if (S_ISDIR(st->st_mode)) {
        snprintf(why, whylen, "is a directory");
        return -EISDIR;
    }
    if (!S_ISREG(st->st_mode)) {
        snprintf(why, whylen, "not a regular file");
        return -EINVAL;
    }
    if (max && (uintmax_t)st->st_size > (uintmax_t)max) {
        char limit[32];
        fileio_size_text(max, limit, sizeof limit);
        snprintf(why, whylen, "larger than the limit of %s", limit);
        return -EFBIG;
    }
    return 0;
}

int fileio_check_input(const char *path, size_t max, char *why, size_t whylen)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        int e = errno;
        snprintf(why, whylen, "%s", strerror(e));
        return -e;
    }
    return refuse(&st, max, why, whylen);
}

int fileio_read_input(const char *path, size_t max, struct strbuf *sb, char *why, size_t whylen)
{
    struct stat st;
    int fd = -1, ret;
    /* Checked before opening (opening a device may act on it), and again
     * on what was opened: O_NONBLOCK keeps a FIFO put there meanwhile
     * from blocking the open. */
    if ((ret = fileio_check_input(path, max, why, whylen)))
        return ret;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0) {
        ret = -errno;
        snprintf(why, whylen, "%s", strerror(-ret));
        goto out;
    }
    if ((ret = refuse(&st, max, why, whylen)))
        goto out;
    /* One byte more than the limit tells a file that grew past it. */
    char chunk[65536];
    size_t got = 0;
    for (;;) {
        size_t want = sizeof chunk;
        if (max && max + 1 - got < want)
            want = max + 1 - got;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ret = -errno;
            snprintf(why, whylen, "%s", strerror(-ret));
            goto out;
        }
        if (n == 0)
            break;
        strbuf_add(sb, chunk, (size_t)n);
        got += (size_t)n;
        if (max && got > max) {
            struct stat grown = st;
            grown.st_size = (off_t)got;
            ret = refuse(&grown, max, why, whylen);
            goto out;
        }
    }
out:
    if (fd >= 0)
        close(fd);
    return ret;
}
