/* fuzz_machine_json: libFuzzer harness of hw_model_from_json, the reader of
 * machine model files (--machine FILE, the per-user cache). A model that
 * loads is also rendered (text, JSON), saved and read back (the round trip
 * must succeed), and handed to what consumes its figures: the level query
 * and the cachegrind geometry. */
#include <errno.h>
#include <jansson.h>

#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"
#include "measure/measure_internal.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512] = "";
    struct hw_model m, back;
    struct strbuf sb = STRBUF_INIT;
    json_t *j = NULL, *out = NULL;
    json_error_t jerr;

    hw_model_init(&m);
    hw_model_init(&back);
    j = json_loadb((const char *)data, size, 0, &jerr);
    if (!j)
        goto done;
    int ret = hw_model_from_json(j, &m, err, sizeof err);
    if (ret) {
        FUZZ_CHECK(ret < 0 && err[0], "error %d without a message", ret);
        goto done;
    }
    out = hw_model_to_json(&m);
    FUZZ_CHECK(out != NULL, "a loaded model does not render as JSON");
    ret = hw_model_from_json(out, &back, err, sizeof err);
    FUZZ_CHECK(!ret, "a model's own JSON does not load back: %s", err);
    hw_model_render_text(&m, 80, &sb);
    hw_model_render_text(&m, 20 + (size & 127), &sb);
    for (int e = 0; e < 64; e++)
        (void)hw_model_level_for(&m, (double)(1ull << e));
    (void)hw_model_llc_bytes(&m);
    struct measure_cg_geometry g;
    measure_cg_geometry(&m, &g);
    strlist_release(&g.notes);
done:
    if (out)
        json_decref(out);
    if (j)
        json_decref(j);
    strbuf_release(&sb);
    hw_model_release(&back);
    hw_model_release(&m);
    return 0;
}
