/* progress: a one-line progress display on stderr for the long phases of a
 * command, as git shows it: "analyze: counting kernels: 1234/60000",
 * redrawn in place at most a few times a second by a thread of its own, and
 * cleared when the phase ends. Nothing is shown during a phase's first
 * second, so quick runs print nothing. It goes to stderr only, never into
 * a report; a command shows it when stderr is a terminal or the user asked
 * (--progress).
 *
 * One phase at a time: stop one before starting the next, and before
 * printing anything else on stderr. */
#ifndef ROOFLINE_PROGRESS_H
#define ROOFLINE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress;

/* Starts a phase: "TITLE: N/TOTAL", or with total 0 (a phase that cannot
 * count, such as parsing) "TITLE: S s" of time elapsed. Returns NULL (on
 * which the other calls do nothing) when !enabled or no thread can be
 * started. title is copied. */
struct progress *progress_start(bool enabled, const char *title, uint64_t total);
/* N items of the phase are done; cheap enough to call per item. */
void progress_set(struct progress *p, uint64_t n);
/* Ends the phase, clears its line and frees *p; sets *p to NULL. */
void progress_stop(struct progress **p);
/* Clears the line of the phase under way, if one is shown, and shows no
 * more: for a process about to end (xalloc_die's cleanup). Allocates
 * nothing, takes no lock. */
void progress_abandon(void);

#endif
