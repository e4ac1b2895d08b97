/* fuzz_report_json: libFuzzer harness of report_read_json, the reader of
 * the report JSON that `roofline plot` takes. A report that loads is also
 * rendered in every format, and its JSON must read back. */
#include <errno.h>

#include "common/strbuf.h"
#include "report/report.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    struct report r, back;
    struct strbuf sb = STRBUF_INIT;

    report_init(&r);
    report_init(&back);
    int ret = report_read_json((const char *)data, size, &r, err, sizeof err);
    if (ret) {
        FUZZ_CHECK(ret < 0 && err[0], "error %d without a message", ret);
        goto done;
    }
    report_render_text(&r, 80, &sb);
    strbuf_reset(&sb);
    report_render_text(&r, 20 + (size & 127), &sb);
    strbuf_reset(&sb);
    report_render_csv(&r, &sb);
    strbuf_reset(&sb);
    report_render_json(&r, &sb);
    ret = report_read_json(sb.buf, sb.len, &back, err, sizeof err);
    FUZZ_CHECK(!ret, "a report's own JSON does not read back: %s", err);
done:
    strbuf_release(&sb);
    report_release(&back);
    report_release(&r);
    return 0;
}
