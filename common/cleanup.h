/* cleanup: what a signal must not leave behind.
 *
 * A temporary file, a private temporary directory, or a child's process
 * group is registered while it exists and unregistered once it is renamed,
 * removed or reaped. When SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE or
 * SIGXFSZ ends the process (cleanup_install), the handler kills every
 * registered process group, removes every registered file and directory
 * (a directory with the files in it, one level deep), then dies of the same
 * signal, so that the exit status still says which (130 after Ctrl-C).
 *
 * The handler does only async-signal-safe work; registering is safe from
 * any thread. At most CLEANUP_MAX entries are registered at once: past
 * that cleanup_add_* returns -ENOSPC and the entry is not cleaned up (the
 * caller still removes it on its normal paths). */
#ifndef ROOFLINE_COMMON_CLEANUP_H
#define ROOFLINE_COMMON_CLEANUP_H

#include <signal.h>
#include <sys/types.h>

#define CLEANUP_MAX 64

/* Installs the handlers; once, from main, before any thread starts.
 * Signals ignored when the process started (nohup) stay ignored. */
void cleanup_install(void);

/* Holds the handled signals off while a file is made and registered, so
 * that none comes between the two; returns what to restore. */
sigset_t cleanup_block(void);
void cleanup_unblock(const sigset_t *old);

/* Each returns a handle (>= 0) for cleanup_remove, or -ENOSPC, or
 * -ENAMETOOLONG for a path longer than PATH_MAX. */
int cleanup_add_file(const char *path);
int cleanup_add_dir(const char *path);
int cleanup_add_group(pid_t pgid);
/* Forgets handle h (nothing is removed or killed); a negative h is ignored,
 * so the result of a failed add can be passed as it is. */
void cleanup_remove(int h);

/* In a forked child before exec (async-signal-safe): the handlers back to
 * their defaults, then the signal mask that cleanup_block returned. The
 * child must not remove its parent's files when a signal reaches it first. */
void cleanup_child_reset(const sigset_t *old);

/* What the handler does, for tests: kills, removes, forgets everything
 * registered. Not for use while other threads register. */
void cleanup_run_now(void);

#endif
