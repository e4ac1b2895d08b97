/*
 * tests/test_samples_json.c: the JSON sample encoder writes what Python's
 * json.dumps writes (default separators, ensure_ascii).
 */
#include <stdio.h>
#include <string.h>

#include "samples/json_encode.h"

static int failures;

static void check_encodes(const struct json_item *items, int nitems, const char *expect,
                          const char *what)
{
    char out[1024];
    size_t expect_len = strlen(expect);

    memset(out, 0x5a, sizeof out);
    size_t len = json_encode_record(items, nitems, out);
    if (len != expect_len || memcmp(out, expect, len) != 0) {
        fprintf(stderr, "FAIL: %s\n  expected %s\n  got      %.*s\n", what, expect, (int)len, out);
        failures++;
    } else if (out[len] != 0x5a) {
        fprintf(stderr, "FAIL: %s: wrote past the returned length\n", what);
        failures++;
    }
}

int main(void)
{
    static const struct json_item reference[] = {
        {"key1", JSON_INT, 0, NULL},        {"key2", JSON_BOOL, 1, NULL},
        {"key3", JSON_STRING, 0, "value"},  {"key4", JSON_STRING, 0, "foo"},
        {"key5", JSON_STRING, 0, "string"},
    };
    check_encodes(reference, 5,
                  "{\"key1\": 0, \"key2\": true, \"key3\": \"value\", \"key4\": \"foo\", "
                  "\"key5\": \"string\"}",
                  "reference record");

    /* json.dumps({"q\"b\\s": "a\"b\\c\nd\te\x01\x1f\x7f\b\f\r/\xe9"}) */
    static const struct json_item escaped[] = {
        {"q\"b\\s", JSON_STRING, 0, "a\"b\\c\nd\te\x01\x1f\x7f\b\f\r/\xe9"},
    };
    check_encodes(escaped, 1,
                  "{\"q\\\"b\\\\s\": "
                  "\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\\u007f\\b\\f\\r/\\u00e9\"}",
                  "quote, backslash and control characters escaped");

    static const struct json_item scalars[] = {
        {"f", JSON_BOOL, 0, NULL},
        {"neg", JSON_INT, -42, NULL},
        {"min", JSON_INT, -9223372036854775807L - 1, NULL},
        {"max", JSON_INT, 9223372036854775807L, NULL},
        {"ten", JSON_INT, 10, NULL},
        {"empty", JSON_STRING, 0, ""},
    };
    check_encodes(scalars, 6,
                  "{\"f\": false, \"neg\": -42, \"min\": -9223372036854775808, "
                  "\"max\": 9223372036854775807, \"ten\": 10, \"empty\": \"\"}",
                  "false, negative ints, extremes, empty string");

    check_encodes(NULL, 0, "{}", "empty record");

    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("test_samples_json: all passed\n");
    return 0;
}
