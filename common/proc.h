/* proc: a program run without a shell, in a process group of its own.
 *
 * The group is registered with common/cleanup while it runs, so a signal
 * that ends roofline kills it; it is killed whole when it outlives its time
 * limit, and what it leaves running in its group once it exits is killed
 * too. stdin is /dev/null; stderr (and stdout, when asked) is captured, the
 * last few KiB kept. */
#ifndef ROOFLINE_COMMON_PROC_H
#define ROOFLINE_COMMON_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/strbuf.h"

/* How one run ended. */
struct proc {
    int status;         /* waitpid status, when !timed_out */
    bool timed_out;     /* killed (as a process group) after the time limit */
    double seconds;     /* wall clock from exec to exit */
    double cpu_seconds; /* user + system time of the child and its reaped children */
    struct strbuf tail; /* the last few KiB of its stderr (and stdout if captured) */
    int orphans_killed; /* processes it left outside its group (setsid), killed */
};

void proc_init(struct proc *c);
void proc_release(struct proc *c);

/* Called in the parent between fork and exec (the child waits); perf opens
 * its counters on pid here. Returns 0 or a negative code with err filled,
 * which aborts the run. */
typedef int (*proc_before_exec_fn)(pid_t pid, void *data, char *err, size_t errlen);

struct proc_opts {
    const char *dir;     /* the child's working directory; NULL: ours */
    double timeout_s;    /* <= 0: no limit */
    bool capture_stdout; /* stdout into the tail with stderr; else /dev/null */
    size_t tail_bytes;   /* output kept; 0: 4 KiB */
    proc_before_exec_fn before_exec;
    void *data;        /* for before_exec */
    bool reap_orphans; /* also kill what left the group (setsid): roofline
                        * becomes their subreaper and kills its orphans */
};

/* Runs argv (argv[0] looked up on PATH as execvp does; a relative path
 * with a '/' is taken from our directory, not o->dir). o may be NULL.
 * Returns 0 when the child ran (whatever its status: see c), -ENOENT or
 * -EACCES when it could not be executed ("NAME: command not found"), or the
 * code of before_exec. */
int proc_run(char *const argv[], const struct proc_opts *o, struct proc *c, char *err,
             size_t errlen);

/* The path execvp would run for name (name itself when it has a '/'),
 * malloc'd, or NULL when there is none. */
char *proc_find_program(const char *name);

#endif
