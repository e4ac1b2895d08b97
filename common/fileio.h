/* fileio: files written whole or not at all.
 *
 * fileio_write_atomic() writes to a temporary name in the target's directory
 * and renames it into place, so a reader (or a crash) never sees half a file.
 * Returns 0, or a negative errno with a message in err (of errlen bytes). */
#ifndef ROOFLINE_COMMON_FILEIO_H
#define ROOFLINE_COMMON_FILEIO_H

#include <stddef.h>

int fileio_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* mkdir -p; returns 0 or -errno. */
int fileio_mkdirs(const char *path, int mode);

#endif
