/* cleanup: temporary files, directories and child process groups undone
 * when a signal ends the process (git's tempfile.c and sigchain.c do the
 * same for git's lock files). */
#include "common/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { SLOT_FREE, SLOT_BUSY, SLOT_FILE, SLOT_DIR, SLOT_GROUP };

struct slot {
    atomic_int state; /* SLOT_FREE, SLOT_BUSY while it is written, else its kind */
    pid_t pgid;
    char path[PATH_MAX];
};

static struct slot slots[CLEANUP_MAX];

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};

/* Claims a free slot, fills it with fill's data, then publishes its kind. */
static int add(int kind, const char *path, pid_t pgid)
{
    size_t len = path ? strlen(path) : 0;
    if (len >= PATH_MAX)
        return -ENAMETOOLONG;
    for (int i = 0; i < CLEANUP_MAX; i++) {
        int expected = SLOT_FREE;
        if (!atomic_compare_exchange_strong(&slots[i].state, &expected, SLOT_BUSY))
            continue;
        if (path)
            memcpy(slots[i].path, path, len + 1);
        slots[i].pgid = pgid;
        atomic_store(&slots[i].state, kind);
        return i;
    }
    return -ENOSPC;
}

int cleanup_add_file(const char *path)
{
    return add(SLOT_FILE, path, 0);
}

int cleanup_add_dir(const char *path)
{
    return add(SLOT_DIR, path, 0);
}

int cleanup_add_group(pid_t pgid)
{
    return pgid > 0 ? add(SLOT_GROUP, NULL, pgid) : -EINVAL;
}

void cleanup_remove(int h)
{
    if (h >= 0 && h < CLEANUP_MAX)
        atomic_store(&slots[h].state, SLOT_FREE);
}

/* The directory's entries, then the directory: getdents64 and unlinkat are
 * system calls, safe in a signal handler (opendir is not). */
static void remove_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
        char buf[4096] __attribute__((aligned(8)));
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n <= 0)
                break;
            for (long off = 0; off < n;) {
                /* struct linux_dirent64: ino (8), off (8), reclen (2),
                 * type (1), name */
                unsigned short reclen;
                memcpy(&reclen, buf + off + 16, sizeof reclen);
                const char *name = buf + off + 19;
                if (strcmp(name, ".") && strcmp(name, "..") && unlinkat(fd, name, 0) < 0)
                    unlinkat(fd, name, AT_REMOVEDIR);
                off += reclen;
            }
        }
        close(fd);
    }
    rmdir(path);
}

static void run_all(void)
{
    int saved = errno;
    /* Children first: a measured program or gnuplot still writing into a
     * directory would fill it again. */
    for (int i = 0; i < CLEANUP_MAX; i++)
        if (atomic_load(&slots[i].state) == SLOT_GROUP)
            kill(-slots[i].pgid, SIGKILL);
    for (int i = 0; i < CLEANUP_MAX; i++) {
        int kind = atomic_load(&slots[i].state);
        if (kind == SLOT_FILE)
            unlink(slots[i].path);
        else if (kind == SLOT_DIR)
            remove_dir(slots[i].path);
    }
    errno = saved;
}

void cleanup_run_now(void)
{
    run_all();
    for (int i = 0; i < CLEANUP_MAX; i++)
        atomic_store(&slots[i].state, SLOT_FREE);
}

static void on_signal(int sig)
{
    run_all();
    /* Die of the same signal: the default action, unblocked. */
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig); /* a signal whose default is not to die */
}

sigset_t cleanup_block(void)
{
    sigset_t set, old;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++)
        sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    return old;
}

void cleanup_unblock(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void cleanup_child_reset(const sigset_t *old)
{
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
        struct sigaction sa;
        if (sigaction(handled[i], NULL, &sa) == 0 && sa.sa_handler == on_signal)
            signal(handled[i], SIG_DFL);
    }
    sigprocmask(SIG_SETMASK, old, NULL);
}

void cleanup_install(void)
{
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
        struct sigaction old, sa;
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; /* nohup, or a parent that wants it ignored */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask); /* one handler at a time */
        sigaction(handled[i], &sa, NULL);
    }
}
