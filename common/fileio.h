/* fileio: files written whole or not at all.
 *
 * fileio_write_atomic() writes to a temporary name in the target's directory
 * and renames it into place, so a reader (or a crash) never sees half a file.
 * Returns 0, or a negative errno with a message in err (of errlen bytes). */
#ifndef ROOFLINE_COMMON_FILEIO_H
#define ROOFLINE_COMMON_FILEIO_H

#include <stddef.h>

#include "common/strbuf.h"

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
    int cleanup;  /* tmp's handle in common/cleanup, removed on a signal */
};

int fileio_out_open(struct fileio_out *o, const char *path, char *err, size_t errlen);
int fileio_out_write(struct fileio_out *o, const void *data, size_t len, char *err, size_t errlen);
int fileio_out_commit(struct fileio_out *o, char *err, size_t errlen);
void fileio_out_abort(struct fileio_out *o);
/* Outputs that would replace an input, or each other.
 *
 * A command lists what it reads and what it will write, each with how a
 * user would name it ("the C file x.c", "-o out.json"); two entries are the
 * same file when they are one inode (hard links, symlinks, "./x" and "x"),
 * or, for an output not yet there, the same name in the same directory.
 * Devices, FIFOs and sockets (-o /dev/null) are never in conflict, nor is a
 * path whose directory does not exist (writing it fails on its own).
 * Returns 0, or -EEXIST with "OUTPUT is INPUT: ..." in err, each named by
 * its what and its path ("-o x.c is the C file analyzed (x.c): ..."). */
struct fileio_role {
    const char *path;
    const char *what; /* how the message names it: an option ("-o") or words */
};
int fileio_check_outputs(const struct fileio_role *inputs, size_t ninputs,
                         const struct fileio_role *outputs, size_t noutputs, char *err,
                         size_t errlen);

/* Input files (fileread.c). fileio_check_input() tells, without opening
 * it, whether path is a regular file of at most max bytes (0: any size):
 * 0, or the -errno of stat, -EISDIR for a directory, -EINVAL for anything
 * else that is not a regular file (a FIFO would block its reader, a device
 * such as /dev/zero never ends), -EFBIG when larger; why then holds the
 * reason alone, without the path ("not a regular file"). */
int fileio_check_input(const char *path, size_t max, char *why, size_t whylen);
/* Reads such a file whole, appended to sb; the same returns (-EFBIG also
 * when it grows past max while read), or another -errno of reading. */
int fileio_read_input(const char *path, size_t max, struct strbuf *sb, char *why, size_t whylen);
/* A byte count for messages: "16 MiB", "1 GiB", "1000 bytes". */
void fileio_size_text(size_t bytes, char *buf, size_t len);

/* mkdir -p; returns 0 or -errno. */
int fileio_mkdirs(const char *path, int mode);

#endif
