/* version: which commit roofline was built from. The definition is
 * generated at build time (cmake/version.cmake writes the build tree's
 * src/version.c), so a new commit recompiles one file. */
#ifndef ROOFLINE_VERSION_H
#define ROOFLINE_VERSION_H

/* `git describe --always --dirty` of the source tree ("802ec4f",
 * "802ec4f-dirty"), or "unknown" when it was not built from a git checkout. */
extern const char roofline_commit[];

#endif
