/*
 * samples/json_encode.c: a JSON encoder for one record, the JSON sample
 * kernel of `roofline analyze`, built the way C accelerators such as
 * CPython's _json.c (c_make_encoder) are: walk the items, write keys and
 * string values with ASCII escaping, and scan each string before writing it
 * so that the common case, nothing to escape, is one straight copy.
 *
 * The string loops run as long as the strings are, which no static analysis
 * can know: the analyzer names them L<line>, and the user binds them with
 * --param. The comment above json_encode_record lists the bindings for the
 * reference record. Output goes to out[n] through an index rather than a
 * moving pointer, so every store is visibly into the caller's buffer.
 */
#include "json_encode.h"

/*
 * How each byte is written inside a JSON string: 0 as itself, 'u' as \u00XX,
 * any other letter c as backslash + c. Like json.dumps(ensure_ascii=True):
 * control bytes, DEL and everything above are escaped, and so are the quote
 * and the backslash.
 */
// clang-format off
static const char json_escape[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    0, 0, '"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
};
// clang-format on

/* Lower-case hex digit of d < 16; (d > 9) is 0 or 1, so no branch. */
static char hex_digit(unsigned d)
{
    return (char)('0' + d + ('a' - '0' - 10) * (d > 9));
}

/* Write s as a JSON string literal at out[n]; return the index after it. */
static size_t encode_string(char *out, size_t n, const char *s)
{
    size_t len = 0;
    int escapes = 0;

    /* Scan first: nonzero escapes means some byte needs escaping. */
    while (s[len] != '\0') {
        escapes |= json_escape[(unsigned char)s[len]];
        len++;
    }

    out[n] = '"';
    n++;
    if (escapes == 0) {
        /* The fast path: the bytes go out unchanged (a memcpy, as a loop). */
        for (size_t i = 0; i < len; i++)
            out[n + i] = s[i];
        n += len;
    } else {
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            char e = json_escape[c];
            if (e == 0) {
                out[n] = (char)c;
                n++;
            } else if (e != 'u') {
                out[n] = '\\';
                out[n + 1] = e;
                n += 2;
            } else {
                out[n] = '\\';
                out[n + 1] = 'u';
                out[n + 2] = '0';
                out[n + 3] = '0';
                out[n + 4] = hex_digit(c >> 4);
                out[n + 5] = hex_digit(c & 0xf);
                n += 6;
            }
        }
    }
    out[n] = '"';
    return n + 1;
}

/* Write v in decimal at out[n]; return the index after it. */
static size_t encode_int(char *out, size_t n, long v)
{
    char digits[20];
    int ndigits = 0;
    /* Negate as unsigned: -LONG_MIN does not fit a long. */
    unsigned long u = (unsigned long)v;

    if (v < 0) {
        out[n] = '-';
        n++;
        u = 0 - u;
    }
    /* Digits come out least significant first. */
    do {
        digits[ndigits] = (char)('0' + u % 10);
        ndigits++;
        u /= 10;
    } while (u != 0);
    while (ndigits > 0) {
        ndigits--;
        out[n] = digits[ndigits];
        n++;
    }
    return n;
}

/*
 * The reference record
 *   {"key1": 0, "key2": true, "key3": "value", "key4": "foo", "key5": "string"}
 * is analyzed per record with these bindings (docs/samples-derivation.md):
 *
 *   nitems=5    the five items
 *   P148=0.8    "i > 0": a separator before 4 of the 5 items
 *   P157=0.6    3 of the 5 values are strings
 *   P159=0.5    of the other 2, one is an int (and one a bool)
 *   P161=1      the one bool is true
 *   L56=4.25    encode_string's scan runs over 8 strings (5 keys of 4 bytes,
 *               "value", "foo", "string"): 34 bytes, 4.25 per call
 *   P63=1       none of them needs escaping: always the fast path
 *   L65=4.25    so the copy loop copies the same 4.25 bytes per call
 *   L69=0       and the escaping loop never runs; P72=0.5 and P75=0.5 then
 *   P72=0.5     weigh nothing, and are bound only so that no default is used
 *   P75=0.5
 *   P102=0      the int, 0, is not negative
 *   L108=1      and has one digit
 *   L113=1
 */
size_t json_encode_record(const struct json_item *items, int nitems, char *out)
{
    size_t n = 1;

    out[0] = '{';
    for (int i = 0; i < nitems; i++) {
        if (i > 0) {
            out[n] = ',';
            out[n + 1] = ' ';
            n += 2;
        }
        n = encode_string(out, n, items[i].key);
        out[n] = ':';
        out[n + 1] = ' ';
        n += 2;
        if (items[i].type == JSON_STRING) {
            n = encode_string(out, n, items[i].sval);
        } else if (items[i].type == JSON_INT) {
            n = encode_int(out, n, items[i].ival);
        } else if (items[i].ival) {
            out[n] = 't';
            out[n + 1] = 'r';
            out[n + 2] = 'u';
            out[n + 3] = 'e';
            n += 4;
        } else {
            out[n] = 'f';
            out[n + 1] = 'a';
            out[n + 2] = 'l';
            out[n + 3] = 's';
            out[n + 4] = 'e';
            n += 5;
        }
    }
    out[n] = '}';
    return n + 1;
}
