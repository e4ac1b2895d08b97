/* fileio: files written whole or not at all.
 *
 * fileio_write_atomic() writes to a temporary name in the target's directory
 * and renames it into place, so a reader (or a crash) never sees half a file.
 * Returns 0, or a negative errno with a message in err (of errlen bytes). */
#ifndef ROOFLINE_COMMON_FILEIO_H
#define ROOFLINE_COMMON_FILEIO_H

#include <stddef.h>

int fileio_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

/* The same, a piece at a time, for output too large to hold whole:
 * fileio_out_open(), fileio_out_write() as often as needed, then
 * fileio_out_commit() (renames into place) or fileio_out_abort() (removes
 * what was written). A device or FIFO is written in place, as above. Each
 * returns 0 or a negative errno with a message in err; after a failed
 * write, only abort remains. */
struct fileio_out {
    int fd;
    char *path;   /* as given, for messages */
    char *target; /* what is replaced (a symlink's target) */
    char *tmp;    /* NULL: written in place */
};

int fileio_out_open(struct fileio_out *o, const char *path, char *err, size_t errlen);
int fileio_out_write(struct fileio_out *o, const void *data, size_t len, char *err, size_t errlen);
int fileio_out_commit(struct fileio_out *o, char *err, size_t errlen);
void fileio_out_abort(struct fileio_out *o);
/* mkdir -p; returns 0 or -errno. */
int fileio_mkdirs(const char *path, int mode);

#endif
