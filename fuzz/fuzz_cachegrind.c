/* fuzz_cachegrind: libFuzzer harness of measure_cg_parse, the reader of
 * cachegrind's output files (cachegrind.out.PID). The text is handed over
 * NUL-terminated, as sum_outputs reads it with strbuf_read_file. */
#include <errno.h>
#include <math.h>

#include "measure/measure_internal.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    char err[256] = "";
    struct measure_cg_totals t;

    memset(&t, 0, sizeof t);
    int ret = measure_cg_parse(text, size, &t, err, sizeof err);
    if (ret) {
        FUZZ_CHECK(ret == -EINVAL, "unexpected code %d", ret);
        FUZZ_CHECK(err[0] != '\0', "error without a message");
    }
    for (int e = 0; e < MCG_NEVENTS; e++)
        FUZZ_CHECK(t.has[e] || t.v[e] == 0, "event %d counted without being present", e);
    free(text);
    return 0;
}
