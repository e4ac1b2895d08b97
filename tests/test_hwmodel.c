/* test_hwmodel: unit tests of hwmodel/ (the machine model): JSON round trip,
 * bad files, level_for. Usage: test_hwmodel TEST DATA_DIR. Exit 0 pass, 1
 * fail, 77 skip. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"

#define SKIP 77

static int failures;
static const char *data_dir;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static char *data_path(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf), "%s/%s", data_dir, name);
    return buf;
}

static int test_json_roundtrip(void)
{
    struct hw_model a, b;
    char err[256];
    hw_model_init(&a);
    hw_model_init(&b);
    int ret = hw_model_load(data_path("machine.json"), &a, err, sizeof(err));
    if (ret) {
        fprintf(stderr, "load: %s\n", err);
        return 1;
    }
    CHECK(a.cores == 2);
    CHECK(a.level[HW_L1].present && a.level[HW_L1].line_bytes == 64);
    CHECK(a.level[HW_L3].effective_bytes == 11u * 1024 * 1024);
    CHECK(a.compute[HW_INT_SCALAR].valid && a.compute[HW_INT_SCALAR].value > 1e10);
    CHECK(a.clock_hz == 3.67e9);
    CHECK(strstr(a.source, "machine.json") != NULL);
    CHECK(a.details && json_array_size(a.details) > 0);

    json_t *j = hw_model_to_json(&a);
    ret = hw_model_from_json(j, &b, err, sizeof(err));
    CHECK(ret == 0);
    json_t *j2 = hw_model_to_json(&b);
    CHECK(json_equal(j, j2));
    json_decref(j);
    json_decref(j2);
    CHECK(memcmp(a.level, b.level, sizeof(a.level)) == 0);
    CHECK(memcmp(a.compute, b.compute, sizeof(a.compute)) == 0);
    CHECK(!strcmp(a.simd, b.simd));

    /* An invalid roof is written as null with its reason, never 0. */
    b.compute[HW_FP_SIMD].valid = false;
    snprintf(b.compute[HW_FP_SIMD].why, sizeof(b.compute[HW_FP_SIMD].why), "no SIMD unit");
    b.clock_hz = 0;
    j = hw_model_to_json(&b);
    json_t *fp = json_object_get(json_object_get(j, "compute"), "fp_simd");
    CHECK(json_is_null(json_object_get(fp, "value")));
    CHECK(!strcmp(json_string_value(json_object_get(fp, "why")), "no SIMD unit"));
    CHECK(json_is_null(json_object_get(json_object_get(j, "clock"), "hz")));
    json_decref(j);

    hw_model_release(&a);
    hw_model_release(&b);
    return 0;
}

static int expect_error(const char *text, const char *needle)
{
    json_error_t jerr;
    json_t *j = json_loads(text, 0, &jerr);
    struct hw_model m;
    char err[256] = "";
    hw_model_init(&m);
    int ret = j ? hw_model_from_json(j, &m, err, sizeof(err)) : -EINVAL;
    if (j)
        json_decref(j);
    hw_model_release(&m);
    if (ret != -EINVAL || !strstr(err, needle)) {
        fprintf(stderr, "for %s: expected -EINVAL and \"%s\", got %d \"%s\"\n", text, needle, ret,
                err);
        failures++;
    }
    return 0;
}

static int test_malformed(void)
{
    expect_error("[1,2]", "not a machine model");
    expect_error("{\"schema_version\": 1, \"kernels\": []}", "not a machine model");
    expect_error("{\"schema_version\": 1, \"kind\": \"report\"}", "not a machine model");
    expect_error("{\"schema_version\": 99, \"levels\": {}, \"compute\": {}}", "schema_version 99");
    expect_error("{\"schema_version\": 1, \"levels\": {}, \"compute\": {}}", "topology");
    expect_error("{\"schema_version\": 1, \"topology\": {}, \"levels\": {\"L1\": 3}, "
                 "\"compute\": {}}",
                 "levels.L1");
    expect_error("{\"schema_version\": 1, \"topology\": {}, \"levels\": {\"DRAM\": {\"present\": "
                 "true, \"bw\": {\"value\": \"fast\"}}}, \"compute\": {}}",
                 "levels.DRAM.bw.value");

    /* A foreign file and an unreadable one: the file name comes first. */
    struct hw_model m;
    char err[256] = "";
    hw_model_init(&m);
    int ret = hw_model_load(data_path("machines/not-a-model.json"), &m, err, sizeof(err));
    CHECK(ret == -EINVAL && !strncmp(err, data_dir, strlen(data_dir)) &&
          strstr(err, "not-a-model.json: not a machine model"));
    ret = hw_model_load(data_path("machines/no-such-file.json"), &m, err, sizeof(err));
    CHECK(ret == -ENOENT && strstr(err, "no-such-file.json"));
    ret = hw_model_load(data_path("machines/truncated.json"), &m, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "truncated.json:"));

    /* A zero roof in a file counts as unknown, never as a roof. */
    json_t *j = json_loads("{\"schema_version\": 1, \"topology\": {}, \"levels\": {\"DRAM\": "
                           "{\"present\": true, \"bw\": {\"value\": 0}}}, \"compute\": {}}",
                           0, NULL);
    ret = hw_model_from_json(j, &m, err, sizeof(err));
    json_decref(j);
    CHECK(ret == 0);
    CHECK(!m.level[HW_DRAM].bw.valid && *m.level[HW_DRAM].bw.why);
    CHECK(!m.compute[HW_INT_SCALAR].valid && *m.compute[HW_INT_SCALAR].why);
    hw_model_release(&m);
    return 0;
}

static int test_level_for(void)
{
    struct hw_model m;
    char err[256];
    hw_model_init(&m);
    if (hw_model_load(data_path("machine.json"), &m, err, sizeof(err))) {
        fprintf(stderr, "load: %s\n", err);
        return 1;
    }
    CHECK(hw_model_level_for(&m, 0) == HW_L1);
    CHECK(hw_model_level_for(&m, 48 * 1024) == HW_L1);
    CHECK(hw_model_level_for(&m, 48 * 1024 + 1) == HW_L2);
    CHECK(hw_model_level_for(&m, 1 << 20) == HW_L2);
    CHECK(hw_model_level_for(&m, 4 << 20) == HW_L3);
    /* The effective L3 (11 MiB), not the nominal 32 MiB. */
    CHECK(hw_model_level_for(&m, 16 << 20) == HW_DRAM);
    CHECK(hw_model_level_for(&m, 1e15) == HW_DRAM);
    CHECK(hw_model_llc_bytes(&m) == 11.0 * 1024 * 1024);

    /* A missing level is skipped. */
    m.level[HW_L3].present = false;
    CHECK(hw_model_level_for(&m, 4 << 20) == HW_DRAM);
    CHECK(hw_model_llc_bytes(&m) == 1024.0 * 1024);
    m.level[HW_L2].present = false;
    m.level[HW_L1].present = false;
    CHECK(hw_model_llc_bytes(&m) == 0);
    CHECK(hw_model_level_for(&m, 1) == HW_DRAM);
    hw_model_release(&m);
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(void);
} tests[] = {
    {"json_roundtrip", test_json_roundtrip},
    {"malformed", test_malformed},
    {"level_for", test_level_for},
};

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_hwmodel TEST DATA_DIR\n");
        return 2;
    }
    data_dir = argv[2];
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (strcmp(argv[1], tests[i].name))
            continue;
        int ret = tests[i].fn();
        if (ret == SKIP)
            return SKIP;
        if (ret || failures) {
            fprintf(stderr, "%s: FAIL (%d checks failed)\n", argv[1], failures);
            return 1;
        }
        printf("%s: PASS\n", argv[1]);
        return 0;
    }
    fprintf(stderr, "test_hwmodel: no test '%s'\n", argv[1]);
    return 2;
}
