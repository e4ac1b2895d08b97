/*
 * samples/drivers/json_driver.c: encode the reference record N times with
 * samples/json_encode.c, for `roofline measure` and callgrind. Prints a
 * checksum of the output so the work cannot be optimized away.
 *
 *   json_driver N
 *
 * The record is always the reference record, so that every unit does the
 * work the static analysis describes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "samples/json_encode.h"

int main(int argc, char **argv)
{
    static const struct json_item record[] = {
        {"key1", JSON_INT, 0, NULL},        {"key2", JSON_BOOL, 1, NULL},
        {"key3", JSON_STRING, 0, "value"},  {"key4", JSON_STRING, 0, "foo"},
        {"key5", JSON_STRING, 0, "string"},
    };
    char out[256];
    unsigned long long nrecords;
    unsigned long long checksum = 0;
    char *end = NULL;

    if (argc != 2) {
        fprintf(stderr, "usage: json_driver N\n");
        return 2;
    }
    errno = 0;
    nrecords = strtoull(argv[1], &end, 10);
    if (errno || end == argv[1] || *end != '\0' || argv[1][0] == '-') {
        fprintf(stderr, "json_driver: N must be a non-negative integer, not '%s'\n", argv[1]);
        return 2;
    }

    for (unsigned long long r = 0; r < nrecords; r++) {
        size_t len = json_encode_record(record, 5, out);
        /* Rotate so that every byte and the length count. */
        checksum = (checksum << 5 | checksum >> 59) ^ len ^ (unsigned char)out[r % len];
    }
    printf("checksum %016llx\n", checksum);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "json_driver: cannot write to stdout\n");
        return 1;
    }
    return 0;
}
