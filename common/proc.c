/* proc: runs a program without a shell, in a process group of its own
 * registered with common/cleanup, times it, keeps the tail of its output,
 * and kills the whole group when it outlives its time limit (the measured
 * commands of measure/, gnuplot for plots/). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/proc.h"
#include "common/xalloc.h"

/* How much of a child's output is kept, by default. */
#define TAIL_BYTES 4096
/* How often a running child is checked on, in milliseconds. */
#define POLL_MS 10

void proc_init(struct proc *c)
{
    memset(c, 0, sizeof *c);
    strbuf_init(&c->tail, 0);
}

void proc_release(struct proc *c)
{
    strbuf_release(&c->tail);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

char *proc_find_program(const char *name)
{
    if (!*name)
        return NULL;
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    struct strbuf cand = STRBUF_INIT;
    char *found = NULL;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        strbuf_reset(&cand);
        if (len)
            strbuf_add(&cand, p, len);
        else
            strbuf_addch(&cand, '.');
        strbuf_addf(&cand, "/%s", name);
        struct stat st;
        if (stat(cand.buf, &st) == 0 && S_ISREG(st.st_mode) && access(cand.buf, X_OK) == 0) {
            found = strbuf_detach(&cand, NULL);
            break;
        }
        if (!end)
            break;
        p = end;
    }
    strbuf_release(&cand);
    return found;
}

/* Kills and reaps every child of this process. A program that moved a
 * process out of its group (setsid, a double fork) leaves it orphaned, and
 * an orphan comes to us, the subreaper (measure_child_run sets
 * PR_SET_CHILD_SUBREAPER), instead of to init. Returns how many there were. */
static int reap_orphans(void)
{
    int found = 0;
    for (int round = 0; round < 16; round++) {
        int this_round = 0;
        DIR *d = opendir("/proc");
        if (!d)
            return found;
        struct dirent *de;
        char path[300], buf[512];
        while ((de = readdir(d))) {
            if (de->d_name[0] < '1' || de->d_name[0] > '9')
                continue;
            snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n <= 0)
                continue;
            buf[n] = '\0';
            /* pid (comm) state ppid ...: comm may hold spaces and ')' */
            char *rp = strrchr(buf, ')');
            int ppid = 0;
            char state;
            if (!rp || sscanf(rp + 1, " %c %d", &state, &ppid) != 2 || ppid != getpid())
                continue;
            pid_t pid = (pid_t)atoi(de->d_name);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            this_round++;
        }
        closedir(d);
        found += this_round;
        if (!this_round)
            break;
    }
    return found;
}

/* Keeps only the last keep bytes of what the child wrote. */
static void drain(int fd, struct strbuf *tail, size_t keep)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        strbuf_add(tail, buf, (size_t)n);
        if (tail->len > 2 * keep) {
            size_t cut = tail->len - keep;
            memmove(tail->buf, tail->buf + cut, keep);
            strbuf_setlen(tail, keep);
        }
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

int proc_run(char *const argv[], const struct proc_opts *o, struct proc *c, char *err,
             size_t errlen)
{
    static const struct proc_opts defaults = {NULL, 0, false, 0, NULL, NULL, false};
    if (!o)
        o = &defaults;
    double timeout_s = o->timeout_s;
    size_t keep = o->tail_bytes ? o->tail_bytes : TAIL_BYTES;
    char *abs_prog = NULL;
    int go[2] = {-1, -1}, exec_status[2] = {-1, -1}, errpipe[2] = {-1, -1};
    int ret = 0, group = -1;
    pid_t pid = -1;

    strbuf_reset(&c->tail);
    c->status = 0;
    c->timed_out = false;
    c->orphans_killed = 0;
    c->seconds = 0;
    c->cpu_seconds = 0;
    if (pipe2(go, O_CLOEXEC) < 0 || pipe2(exec_status, O_CLOEXEC) < 0 ||
        pipe2(errpipe, O_CLOEXEC) < 0) {
        ret = -errno;
        snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
        goto out;
    }
    /* A relative program path must not move with the child's directory. */
    if (o->dir && strchr(argv[0], '/') && argv[0][0] != '/') {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd))
            abs_prog = xasprintf("%s/%s", cwd, argv[0]);
    }
    /* Orphans of the program come to us, to be killed. */
    if (o->reap_orphans)
        prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* Forked and registered with common/cleanup as one step: a signal that
     * ends roofline kills the child's whole group. */
    sigset_t old = cleanup_block();
    pid_t parent = getpid();
    pid = fork();
    if (pid < 0) {
        ret = -errno;
        cleanup_unblock(&old);
        snprintf(err, errlen, "cannot fork: %s", strerror(errno));
        goto out;
    }
    if (pid == 0) {
        /* The child: async-signal-safe calls only until exec. */
        char byte;
        int devnull = open("/dev/null", O_RDWR);
        setpgid(0, 0);
        /* Dies with roofline even by SIGKILL, which no handler sees (its
         * group's other members cannot be reached then). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        cleanup_child_reset(&old);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(o->capture_stdout ? errpipe[1] : devnull, 1);
        }
        dup2(errpipe[1], 2);
        if (o->dir && chdir(o->dir) < 0) {
            int e = errno;
            if (write(exec_status[1], &e, sizeof e) < 0)
                _exit(127);
            _exit(127);
        }
        signal(SIGPIPE, SIG_DFL);
        close(go[1]);
        if (read(go[0], &byte, 1) != 1)
            _exit(127);
        execvp(abs_prog ? abs_prog : argv[0], argv);
        int e = errno;
        if (write(exec_status[1], &e, sizeof e) < 0)
            _exit(127);
        _exit(127);
    }
    setpgid(pid, pid);
    group = cleanup_add_group(pid);
    cleanup_unblock(&old);
    close_fd(&go[0]);
    close_fd(&exec_status[1]);
    close_fd(&errpipe[1]);
    if (o->before_exec) {
        ret = o->before_exec(pid, o->data, err, errlen);
        if (ret < 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            pid = -1;
            goto out;
        }
    }
    double start = now_s();
    if (write(go[1], "g", 1) != 1) {
        ret = -errno;
        snprintf(err, errlen, "cannot start '%s': %s", argv[0], strerror(errno));
        goto out;
    }
    close_fd(&go[1]);
    int exec_errno = 0;
    ssize_t n = read(exec_status[0], &exec_errno, sizeof exec_errno);
    if (n == (ssize_t)sizeof exec_errno) {
        waitpid(pid, NULL, 0);
        pid = -1;
        ret = exec_errno == ENOENT || exec_errno == EACCES ? -exec_errno : -EIO;
        if (o->dir && exec_errno == ENOENT && access(o->dir, X_OK) < 0)
            snprintf(err, errlen, "%s: cannot run in %s: %s", argv[0], o->dir,
                     strerror(exec_errno));
        else
            snprintf(err, errlen, "%s: %s", argv[0],
                     exec_errno == ENOENT ? "command not found" : strerror(exec_errno));
        goto out;
    }
    fcntl(errpipe[0], F_SETFL, O_NONBLOCK);
    for (;;) {
        int status;
        struct rusage ru;
        /* Once the program has exited, and before it is reaped (its pid,
         * the group's id, cannot be taken by another process meanwhile),
         * what it left running in its group is killed: a daemon it forked
         * would run on beside the next measurement. */
        siginfo_t info;
        info.si_pid = 0;
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
            kill(-pid, SIGKILL);
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid) {
            c->seconds = now_s() - start;
            c->cpu_seconds = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
                             ru.ru_stime.tv_usec * 1e-6;
            c->status = status;
            pid = -1;
            break;
        }
        if (w < 0 && errno != EINTR) {
            ret = -errno;
            snprintf(err, errlen, "cannot wait for '%s': %s", argv[0], strerror(errno));
            goto out;
        }
        if (timeout_s > 0 && now_s() - start > timeout_s) {
            kill(-pid, SIGKILL);
            waitpid(pid, NULL, 0);
            c->seconds = now_s() - start;
            c->timed_out = true;
            pid = -1;
            break;
        }
        struct pollfd pfd = {errpipe[0], POLLIN, 0};
        if (poll(&pfd, 1, POLL_MS) > 0)
            drain(errpipe[0], &c->tail, keep);
    }
    drain(errpipe[0], &c->tail, keep);
out:
    if (pid > 0) {
        kill(-pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    cleanup_remove(group);
    if (group >= 0 && o->reap_orphans)
        c->orphans_killed = reap_orphans();
    free(abs_prog);
    close_fd(&go[0]);
    close_fd(&go[1]);
    close_fd(&exec_status[0]);
    close_fd(&exec_status[1]);
    close_fd(&errpipe[0]);
    close_fd(&errpipe[1]);
    return ret;
}
