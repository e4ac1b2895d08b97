/*
 * samples/json_encode.h: a JSON encoder for one record (a flat dict of string
 * keys to int, bool and string values), the JSON sample kernel of
 * `roofline analyze` (see samples/json_encode.c).
 */
#ifndef SAMPLES_JSON_ENCODE_H
#define SAMPLES_JSON_ENCODE_H

#include <stddef.h>

/* The kernel must stay a real function so callgrind can isolate it. */
#if defined(__GNUC__)
#define JSON_NOINLINE __attribute__((noinline))
#else
#define JSON_NOINLINE
#endif

enum json_type { JSON_INT, JSON_BOOL, JSON_STRING };

/* One key/value pair. Strings are NUL-terminated; bytes >= 0x80 are Latin-1. */
struct json_item {
    const char *key;
    enum json_type type;
    long ival;        /* JSON_INT: the value; JSON_BOOL: nonzero is true */
    const char *sval; /* JSON_STRING: the value */
};

/*
 * Write {"key": value, ...} for items[0..nitems) to out, as Python's
 * json.dumps does with its default separators ", " and ": " and
 * ensure_ascii. Returns the number of bytes written; out is not
 * NUL-terminated. out must hold 2 + 8 * nitems bytes, plus 6 for each byte
 * of the keys and string values (an escaped byte takes at most 6), plus 20
 * for each int or bool.
 */
JSON_NOINLINE size_t json_encode_record(const struct json_item *items, int nitems, char *out);

#endif
