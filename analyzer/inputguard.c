/* inputguard: while libclang parses, every file it opens to read must be a
 * regular file (or a directory). libclang opens a source's #include files
 * itself, with open(2), and reads each to its end: an #include of a FIFO
 * blocked the parse for ever (in open, until a writer came, then in read),
 * one of /dev/zero read until memory ran out. No libclang option or
 * callback sees a file before it is opened, so the guard stands in front
 * of open() itself: roofline's own open() and open64() come first in the
 * process's symbol lookup (the executable exports them, see
 * analyzer/CMakeLists.txt), pass every call through to the C library's,
 * and only while a guard is on refuse a read-only open of anything that
 * is not a regular file or a directory, with ENXIO, without opening it (a
 * device acts on its open). The first name refused is kept for the
 * message. */
/* This file defines open() itself: not glibc's fortified inline one. */
#undef _FORTIFY_SOURCE
#include "analyzer/internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int (*open_fn)(const char *, int, ...);

static atomic_int guards;       /* guards on (parses under way) */
static atomic_flag refused_set; /* refused[] is written (once per guard) */
static char refused[4096];
static mode_t refused_mode;

static open_fn next(const char *name, open_fn *cache)
{
    open_fn f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
    if (!f) {
        f = (open_fn)dlsym(RTLD_NEXT, name);
        __atomic_store_n(cache, f, __ATOMIC_RELEASE);
    }
    return f;
}

/* Whether an open with flags reads what it opens (O_PATH only names it). */
static bool reads(int flags)
{
    return (flags & O_ACCMODE) == O_RDONLY && !(flags & O_PATH);
}

/* Whether path may be opened with flags while a guard is on; sets errno
 * when not. */
static bool allowed(const char *path, int flags)
{
    struct stat st;
    if (!reads(flags) || stat(path, &st) < 0)
        return true; /* the open itself fails, or it writes: not an input */
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return true;
    if (!atomic_flag_test_and_set(&refused_set)) {
        snprintf(refused, sizeof refused, "%s", path);
        refused_mode = st.st_mode;
    }
    errno = ENXIO;
    return false;
}

/* Opens through next; while a guard is on, with O_NONBLOCK (a FIFO put in
 * place after the check must not block the open) and the check again on
 * what was opened. */
static int guarded_open(open_fn real, const char *path, int flags, mode_t mode)
{
    if (!atomic_load(&guards))
        return real(path, flags, mode);
    if (!allowed(path, flags))
        return -1;
    if (!reads(flags))
        return real(path, flags, mode);
    int fd = real(path, flags | O_NONBLOCK, mode);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0)
        return fd;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        close(fd);
        errno = ENXIO;
        return -1;
    }
    if (!(flags & O_NONBLOCK))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
    /* As the C library reads it: only these flags pass a mode. */
    bool has_mode = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
    return has_mode ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    static open_fn real;
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return guarded_open(next("open", &real), path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    static open_fn real;
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return guarded_open(next("open64", &real), path, flags, mode);
}

bool an_input_guard_begin(void)
{
    atomic_fetch_add(&guards, 1);
    atomic_flag_clear(&refused_set);
    refused[0] = '\0';
    /* In force only when this open() is the one the process calls. */
    return dlsym(RTLD_DEFAULT, "open") == (void *)open;
}

bool an_input_guard_end(char *path, size_t pathlen, const char **kind)
{
    atomic_fetch_sub(&guards, 1);
    if (!refused[0])
        return false;
    snprintf(path, pathlen, "%s", refused);
    *kind = S_ISFIFO(refused_mode)   ? "a FIFO"
            : S_ISCHR(refused_mode)  ? "a character device"
            : S_ISBLK(refused_mode)  ? "a block device"
            : S_ISSOCK(refused_mode) ? "a socket"
                                     : "a special file";
    return true;
}
