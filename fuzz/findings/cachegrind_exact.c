/* cachegrind_exact: reproducer of a finding (docs/reliability.md): hands
 * measure_cg_parse exactly len bytes with no NUL after them, as its
 * signature (text, len) allows. It reads past the end (strncmp of the
 * "events:"/"summary:" prefixes on a short last line, strtod on a number
 * that ends the buffer). The real caller passes a strbuf, NUL-terminated,
 * so roofline itself is not affected; the contract is.
 *   build-fuzz/fuzz_cachegrind_exact fuzz/findings/cachegrind-unterminated.txt */
#include <stdlib.h>
#include <string.h>

#include "measure/measure_internal.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    char err[256];
    struct measure_cg_totals t;

    if (!text)
        abort();
    memcpy(text, data, size);
    memset(&t, 0, sizeof t);
    (void)measure_cg_parse(text, size, &t, err, sizeof err);
    free(text);
    return 0;
}
