/* trace.h: phase timings on stderr when ROOFLINE_TRACE_PERFORMANCE is set,
 * in the manner of git's GIT_TRACE_PERFORMANCE. Off, a trace point costs a
 * branch. */
#ifndef ROOFLINE_TRACE_H
#define ROOFLINE_TRACE_H

/* Print "trace: PHASE: S s, RSS MB" with the time since the previous
 * trace point (or since the first call), when tracing is on. */
void trace_phase(const char *phase);

#endif
