/* test_report: unit and golden tests of report/ (the result struct and its
 * text, JSON and CSV renderers). Reports are built by hand here, so the
 * renderers are tested apart from the analyzer.
 *
 * Usage: test_report TEST [GOLDEN_DIR]
 *   golden     render the "basic" report in all three formats and compare with
 *              GOLDEN_DIR/basic.{txt,json,csv} (REPORT_UPDATE_GOLDEN=1 rewrites
 *              them instead: read the result before committing it)
 *   json       the JSON parses, has no NaN, keeps interface.md's keys and order,
 *              integers as integers, unknown figures as null
 *   csv        RFC 4180: CRLF records, quoting, one field per column
 *   width      every text line fits 80 (and 64) columns, with long names,
 *              formulas, paths and notes
 *   machine    a report with a machine model: text header, JSON machine object
 *   lifecycle  init/add/release (leaks show under the sanitizers)
 *   runfigs    the run figure table against struct report_run and every
 *              renderer that walks it (JSON both ways, both texts)
 * Exit 0 pass, 1 fail. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "report/report.h"
#include "tests/check.h"

static void set_fig(struct report_kernel *k, enum report_fig f, double v)
{
    k->fig[f].known = true;
    k->fig[f].value = v;
}

static void set_sym(struct report_kernel *k, enum report_fig f, const char *formula)
{
    k->fig[f].known = false;
    free(k->fig[f].symbolic);
    k->fig[f].symbolic = xstrdup(formula);
}

static void set_num(struct report_num *n, double v)
{
    n->known = true;
    n->value = v;
}

/* The byte-oriented AES kernel: exact, every figure known, one interpreted
 * run measured with cachegrind. */
static void add_aes(struct report *r)
{
    struct report_kernel *k = report_add_kernel(r);
    k->name = xstrdup("aes128_encrypt_block");
    k->file = xstrdup("samples/aes.c");
    k->line = 120;
    k->unit = xstrdup("block");
    k->per = xstrdup("1");
    const double figs[RF_NFIGS] = {
        [RF_INT_ADD] = 160,
        [RF_INT_LOGIC] = 656,
        [RF_INT_SHIFT] = 320,
        [RF_INT_TOTAL] = 1136,
        [RF_WORK] = 1136,
        [RF_CONTROL] = 42,
        [RF_ADDRESS] = 160,
        [RF_BRANCHES] = 11,
        [RF_LOADS_COUNT] = 352,
        [RF_LOADS_BYTES] = 528,
        [RF_STORES_COUNT] = 16,
        [RF_STORES_BYTES] = 16,
        [RF_TRAFFIC] = 544,
        [RF_FOOTPRINT] = 1360,
        [RF_DRAM] = 32,
        [RF_INTENSITY_TRAFFIC] = 1136.0 / 544,
        [RF_INTENSITY_DRAM] = 35.5,
    };
    for (int f = 0; f < RF_NFIGS; f++)
        set_fig(k, f, figs[f]);
    k->bound_why = xstrdup("needs the machine model");

    struct report_run *run = report_kernel_add_run(k);
    run->label = xstrdup("python3 samples/aes.py");
    run->command = xstrdup("python3 samples/aes.py {N}");
    run->counters = xstrdup("cachegrind");
    run->interpreter = xstrdup("python3");
    run->units[0] = 1000;
    run->units[1] = 2000;
    set_num(&run->instructions, 12496);
    set_num(&run->loads, 4120);
    set_num(&run->stores, 2210);
    set_num(&run->l1_misses, 0.5);
    set_num(&run->llc_misses, 0);
    set_num(&run->mpki, 0.5 / 12496 * 1000);
    set_num(&run->seconds, 2.5e-5);
    set_num(&run->achieved_ops_per_s, 1136 / 2.5e-5);
    set_num(&run->measured_dram_bytes, 64);
    set_num(&run->instructions_per_static_op, 12496.0 / 1136);
    set_num(&run->accesses_per_static_access, (4120.0 + 2210) / (352 + 16));
    run->static_falls_short = true;
    run->measured_verdict = xstrdup("interpreter-bound");
    strlist_add(&run->notes, "cycles and IPC need hardware counters; cachegrind gives none");
}

/* A JSON encoder with a loop the analyzer cannot count (L97): most figures
 * are formulas in L97; a defaulted probability and an opaque call. */
static void add_json_encode(struct report *r)
{
    struct report_kernel *k = report_add_kernel(r);
    k->name = xstrdup("json_encode_record");
    k->file = xstrdup("samples/json_encode.c");
    k->line = 88;
    k->unit = xstrdup("record");
    k->per = xstrdup("1");
    for (int f = 0; f < RF_NFIGS; f++)
        set_fig(k, f, 0);
    set_sym(k, RF_INT_ADD, "3*L97 + 12");
    set_fig(k, RF_INT_LOGIC, 2.5);
    set_sym(k, RF_INT_CMP, "2*L97 + 5");
    set_sym(k, RF_INT_TOTAL, "5*L97 + 19.5");
    set_sym(k, RF_WORK, "5*L97 + 19.5");
    set_sym(k, RF_CONTROL, "2*L97 + 1");
    set_sym(k, RF_ADDRESS, "L97 + 4");
    set_sym(k, RF_BRANCHES, "2*L97 + 6.5");
    set_fig(k, RF_CALLS, 1);
    set_sym(k, RF_LOADS_COUNT, "2*L97 + 8");
    set_sym(k, RF_LOADS_BYTES, "2*L97 + 36");
    set_sym(k, RF_STORES_COUNT, "L97 + 6");
    set_sym(k, RF_STORES_BYTES, "L97 + 6");
    set_sym(k, RF_TRAFFIC, "3*L97 + 42");
    set_sym(k, RF_FOOTPRINT, "3*L97 + 42");
    set_sym(k, RF_DRAM, "4*L97 + 48");
    set_sym(k, RF_INTENSITY_TRAFFIC, "(5*L97 + 19.5)/(3*L97 + 42)");
    set_sym(k, RF_INTENSITY_DRAM, "(5*L97 + 19.5)/(4*L97 + 48)");
    k->exact = false;
    strlist_add(&k->inexact_because, "L97: trip count of the while loop unknown");
    strlist_add(&k->inexact_because,
                "P105: branch probability defaulted to 0.5 (bind with --param P105=P)");
    strlist_add(&k->inexact_because, "call to snprintf is opaque (no definition)");
    strlist_add(&k->unbound, "L97");
    strlist_add(&k->unbound, "P105");
    strlist_add(&k->opaque_calls, "snprintf");
    strlist_add(&k->opaque_calls, "log_write");
    k->bound_why = xstrdup("needs the machine model");
}

/* A name with a comma and quotes, fractional (probability-weighted) counts,
 * a known figure with a formula, a NaN that must print as null, --per. */
static void add_odd(struct report *r)
{
    struct report_kernel *k = report_add_kernel(r);
    k->name = xstrdup("odd,\"name\"");
    k->file = xstrdup("samples/odd.c");
    k->line = 7;
    k->unit = xstrdup("item");
    k->per = xstrdup("n/2");
    report_kernel_add_param(k, "n", 64);
    const double figs[RF_NFIGS] = {
        [RF_INT_ADD] = 96.5,       [RF_INT_MUL] = 32,       [RF_INT_CMP] = 64.5,
        [RF_INT_TOTAL] = 193,      [RF_FLOP_ADD] = 64,      [RF_FLOP_MUL] = 64,
        [RF_FLOP_OTHER] = 0.5,     [RF_FLOP_TOTAL] = 128.5, [RF_WORK] = 321.5,
        [RF_CONTROL] = 65,         [RF_ADDRESS] = 64,       [RF_BRANCHES] = 65.5,
        [RF_CALLS] = 0.5,          [RF_LOADS_COUNT] = 128,  [RF_LOADS_BYTES] = 1024,
        [RF_STORES_COUNT] = 64,    [RF_STORES_BYTES] = 512, [RF_TRAFFIC] = 1536,
        [RF_FOOTPRINT] = 1536,     [RF_DRAM] = NAN,         [RF_INTENSITY_TRAFFIC] = 321.5 / 1536,
        [RF_INTENSITY_DRAM] = NAN,
    };
    for (int f = 0; f < RF_NFIGS; f++)
        set_fig(k, f, figs[f]);
    k->fig[RF_WORK].symbolic = xstrdup("5*n + 1.5");
    k->exact = false;
    strlist_add(&k->inexact_because, "P12: branch probability defaulted to 0.5");
    strlist_add(&k->unbound, "P12");
    strlist_add(&k->openmp, "parallel for");
    strlist_add(&k->openmp, "atomic");
    k->openmp_team = true;
}

static void build_basic(struct report *r)
{
    report_init(r);
    r->machine_why = xstrdup("no saved model at ~/.cache/roofline/machine.json "
                             "(run `roofline machine`)");
    add_aes(r);
    add_json_encode(r);
    add_odd(r);
}

/* Golden comparison */

static int compare_golden(const char *dir, const char *name, const struct strbuf *actual)
{
    char path[4096];
    struct strbuf expected = STRBUF_INIT;
    int ok = 1;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (getenv("REPORT_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(actual->buf, 1, actual->len, f) != actual->len || fclose(f)) {
            fprintf(stderr, "%s: cannot write\n", path);
            return 0;
        }
        fprintf(stderr, "%s: rewritten\n", path);
        return 1;
    }
    if (strbuf_read_file(&expected, path) < 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        ok = 0;
    } else if (expected.len != actual->len || memcmp(expected.buf, actual->buf, actual->len)) {
        snprintf(path, sizeof(path), "%s.actual", name);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(actual->buf, 1, actual->len, f);
            fclose(f);
        }
        fprintf(stderr, "%s/%s: output differs (actual written to %s)\n", dir, name, path);
        ok = 0;
    }
    strbuf_release(&expected);
    return ok;
}

static void test_golden(const char *dir)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;
    build_basic(&r);

    report_render_text(&r, 80, &sb);
    CHECK(compare_golden(dir, "basic.txt", &sb));
    strbuf_reset(&sb);
    report_render_json(&r, &sb);
    CHECK(compare_golden(dir, "basic.json", &sb));
    strbuf_reset(&sb);
    report_render_csv(&r, &sb);
    CHECK(compare_golden(dir, "basic.csv", &sb));

    strbuf_release(&sb);
    report_release(&r);
}

/* JSON */

static void check_keys(json_t *obj, const char *const *keys, size_t n)
{
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        (void)v;
        if (i < n && strcmp(key, keys[i]))
            fprintf(stderr, "key %zu: %s, expected %s\n", i, key, keys[i]);
        CHECK(i < n && !strcmp(key, keys[i]));
        i++;
    }
    CHECK(i == n);
}

static void test_json(void)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;
    json_error_t err;
    build_basic(&r);
    report_render_json(&r, &sb);

    CHECK(!strstr(sb.buf, "NaN") && !strstr(sb.buf, "nan") && !strstr(sb.buf, "Infinity") &&
          !strstr(sb.buf, "inf,"));
    /* A parser without JSON_PRESERVE_ORDER is still fine: jansson keeps
     * insertion order since 2.8, so the order check below holds. */
    json_t *root = json_loads(sb.buf, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        fprintf(stderr, "JSON does not parse: line %d: %s\n", err.line, err.text);
        failures++;
        goto out;
    }
    static const char *const top[] = {"schema_version", "tool", "machine", "machine_unavailable",
                                      "kernels"};
    check_keys(root, top, 5);
    CHECK(json_integer_value(json_object_get(root, "schema_version")) == 1);
    CHECK(json_is_null(json_object_get(root, "machine")));
    CHECK(!strcmp(json_string_value(json_object_get(json_object_get(root, "tool"), "version")),
                  ROOFLINE_VERSION));

    json_t *kernels = json_object_get(root, "kernels");
    CHECK(json_array_size(kernels) == 3);
    static const char *const kkeys[] = {"name",
                                        "file",
                                        "line",
                                        "unit",
                                        "per",
                                        "params",
                                        "int_ops",
                                        "flops",
                                        "work_ops",
                                        "control_ops",
                                        "address_ops",
                                        "branches",
                                        "calls",
                                        "loads",
                                        "stores",
                                        "traffic_bytes",
                                        "footprint_bytes",
                                        "dram_bytes",
                                        "intensity",
                                        "symbolic",
                                        "exact",
                                        "inexact_because",
                                        "unbound",
                                        "opaque_calls",
                                        "openmp",
                                        "bound",
                                        "bound_roof",
                                        "bound_unavailable",
                                        "attainable_ops_per_s",
                                        "runs"};
    static const char *const int_keys[] = {"add", "mul", "div", "logic", "shift", "cmp", "total"};
    static const char *const flop_keys[] = {"add", "mul", "div", "cmp", "other", "total"};
    static const char *const acc_keys[] = {"count", "bytes"};
    static const char *const int_keys2[] = {"traffic", "dram"};
    for (size_t i = 0; i < 3; i++) {
        json_t *k = json_array_get(kernels, i);
        check_keys(k, kkeys, sizeof(kkeys) / sizeof(kkeys[0]));
        check_keys(json_object_get(k, "int_ops"), int_keys, 7);
        check_keys(json_object_get(k, "flops"), flop_keys, 6);
        check_keys(json_object_get(k, "loads"), acc_keys, 2);
        check_keys(json_object_get(k, "stores"), acc_keys, 2);
        check_keys(json_object_get(k, "intensity"), int_keys2, 2);
    }

    json_t *aes = json_array_get(kernels, 0);
    CHECK(json_is_integer(json_object_get(json_object_get(aes, "int_ops"), "total")));
    CHECK(json_integer_value(json_object_get(aes, "work_ops")) == 1136);
    CHECK(json_is_real(json_object_get(json_object_get(aes, "intensity"), "dram")));
    CHECK(json_real_value(json_object_get(json_object_get(aes, "intensity"), "dram")) == 35.5);
    CHECK(json_real_value(json_object_get(json_object_get(aes, "intensity"), "traffic")) ==
          1136.0 / 544);
    CHECK(json_is_null(json_object_get(aes, "bound")));
    CHECK(!strcmp(json_string_value(json_object_get(aes, "bound_unavailable")),
                  "needs the machine model"));
    json_t *run = json_array_get(json_object_get(aes, "runs"), 0);
    static const char *const run_keys[] = {"label",
                                           "command",
                                           "counters",
                                           "interpreter",
                                           "units",
                                           "instructions",
                                           "cycles",
                                           "ipc",
                                           "loads",
                                           "stores",
                                           "l1_misses",
                                           "llc_misses",
                                           "mpki",
                                           "branches",
                                           "branch_misses",
                                           "seconds",
                                           "achieved_ops_per_s",
                                           "measured_dram_bytes",
                                           "instructions_per_static_op",
                                           "accesses_per_static_access",
                                           "static_falls_short",
                                           "static_verdict",
                                           "measured_verdict",
                                           "notes",
                                           "null_reasons"};
    check_keys(run, run_keys, sizeof(run_keys) / sizeof(run_keys[0]));
    CHECK(json_is_null(json_object_get(run, "cycles")));
    CHECK(json_is_null(json_object_get(run, "ipc")));
    CHECK(json_is_integer(json_object_get(run, "instructions")));
    CHECK(json_is_real(json_object_get(run, "l1_misses")));
    CHECK(json_integer_value(json_array_get(json_object_get(run, "units"), 1)) == 2000);
    CHECK(json_is_true(json_object_get(run, "static_falls_short")));

    json_t *enc = json_array_get(kernels, 1);
    CHECK(json_is_null(json_object_get(enc, "work_ops")));
    CHECK(json_is_integer(json_object_get(enc, "calls")));
    CHECK(json_real_value(json_object_get(json_object_get(enc, "int_ops"), "logic")) == 2.5);
    json_t *sym = json_object_get(enc, "symbolic");
    CHECK(json_object_size(sym) == 16);
    CHECK(!strcmp(json_string_value(json_object_get(sym, "loads.bytes")), "2*L97 + 36"));
    CHECK(json_is_false(json_object_get(enc, "exact")));
    CHECK(json_array_size(json_object_get(enc, "unbound")) == 2);

    json_t *odd = json_array_get(kernels, 2);
    CHECK(!strcmp(json_string_value(json_object_get(odd, "name")), "odd,\"name\""));
    CHECK(json_is_null(json_object_get(odd, "dram_bytes")));
    CHECK(json_is_null(json_object_get(json_object_get(odd, "intensity"), "dram")));
    CHECK(json_integer_value(json_object_get(json_object_get(odd, "params"), "n")) == 64);
    CHECK(json_real_value(json_object_get(odd, "work_ops")) == 321.5);
    CHECK(!strcmp(json_string_value(json_object_get(json_object_get(odd, "symbolic"), "work_ops")),
                  "5*n + 1.5"));
    CHECK(!strcmp(json_string_value(json_object_get(odd, "bound_unavailable")), "no reason given"));
    /* OpenMP: which directives, and whether a team of threads runs them;
     * a kernel without any says so too. */
    json_t *omp = json_object_get(odd, "openmp");
    static const char *const omp_keys[] = {"parallel", "directives"};
    check_keys(omp, omp_keys, 2);
    CHECK(json_is_true(json_object_get(omp, "parallel")));
    CHECK(json_array_size(json_object_get(omp, "directives")) == 2);
    CHECK(!strcmp(json_string_value(json_array_get(json_object_get(omp, "directives"), 1)),
                  "atomic"));
    omp = json_object_get(aes, "openmp");
    CHECK(json_is_false(json_object_get(omp, "parallel")));
    CHECK(json_array_size(json_object_get(omp, "directives")) == 0);
    json_decref(root);

    /* Read back, and written again the same. */
    struct report again;
    struct strbuf sb2 = STRBUF_INIT;
    char err2[256];
    report_init(&again);
    CHECK(report_read_json(sb.buf, sb.len, &again, err2, sizeof err2) == 0);
    if (again.nkernels == 3) {
        CHECK(again.kernels[2].openmp_team && again.kernels[2].openmp.n == 2);
        CHECK(!again.kernels[0].openmp_team && again.kernels[0].openmp.n == 0);
    }
    report_render_json(&again, &sb2);
    CHECK(!strcmp(sb.buf, sb2.buf));
    report_release(&again);
    strbuf_release(&sb2);

    /* A malformed "openmp" is refused with the key named. */
    static const char bad[] = "{\"schema_version\": 1, \"kernels\": [{\"name\": \"k\", "
                              "\"openmp\": {\"parallel\": 1}}]}";
    report_init(&again);
    CHECK(report_read_json(bad, strlen(bad), &again, err2, sizeof err2) == -EINVAL);
    CHECK(strstr(err2, "openmp.parallel") != NULL);
    report_release(&again);

out:
    strbuf_release(&sb);
    report_release(&r);
}

/* CSV: a strict RFC 4180 reader. Returns the records; each is a strlist. */
static size_t parse_csv(const char *s, struct strlist *recs, size_t max)
{
    size_t n = 0;
    struct strbuf field = STRBUF_INIT;
    while (*s && n < max) {
        strlist_init(&recs[n]);
        for (;;) {
            strbuf_reset(&field);
            if (*s == '"') {
                for (s++;; s++) {
                    if (!*s) {
                        failures++;
                        fprintf(stderr, "csv: unterminated quoted field\n");
                        goto done;
                    }
                    if (*s == '"' && s[1] == '"')
                        s++;
                    else if (*s == '"')
                        break;
                    strbuf_addch(&field, *s);
                }
                s++;
            } else {
                while (*s && *s != ',' && *s != '\r' && *s != '\n') {
                    CHECK(*s != '"');
                    strbuf_addch(&field, *s++);
                }
            }
            strlist_add(&recs[n], field.buf);
            if (*s == ',') {
                s++;
                continue;
            }
            CHECK(s[0] == '\r' && s[1] == '\n');
            if (*s == '\r')
                s++;
            if (*s == '\n')
                s++;
            break;
        }
        n++;
    }
done:
    strbuf_release(&field);
    return n;
}

static void test_csv(void)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;
    struct strlist recs[8];
    build_basic(&r);
    /* Fields that need quoting in every way RFC 4180 names. */
    strlist_add(&r.kernels[1].opaque_calls, "multi\r\nline");

    report_render_csv(&r, &sb);
    size_t n = parse_csv(sb.buf, recs, 8);
    CHECK(n == 4);
    size_t ncols = 5 + RF_NFIGS + 6;
    for (size_t i = 0; i < n; i++)
        CHECK(recs[i].n == ncols);
    if (n == 4 && recs[0].n == ncols && recs[3].n == ncols && recs[2].n == ncols) {
        CHECK(!strcmp(recs[0].v[0], "name"));
        CHECK(!strcmp(recs[0].v[5], "int_add"));
        CHECK(!strcmp(recs[0].v[ncols - 1], "attainable_ops_per_s"));
        CHECK(!strcmp(recs[3].v[0], "odd,\"name\""));
        CHECK(!strcmp(recs[3].v[4], "n/2"));
        CHECK(!strcmp(recs[3].v[5 + RF_DRAM], "")); /* NaN: unknown */
        CHECK(!strcmp(recs[3].v[5 + RF_WORK], "321.5"));
        CHECK(!strcmp(recs[2].v[5 + RF_WORK], "")); /* symbolic: unknown */
        CHECK(!strcmp(recs[2].v[5 + RF_CALLS], "1"));
        CHECK(!strcmp(recs[2].v[ncols - 3], "snprintf; log_write; multi\r\nline"));
        CHECK(!strcmp(recs[2].v[ncols - 4], "L97; P105"));
        CHECK(!strcmp(recs[1].v[5 + RF_INTENSITY_TRAFFIC], "2.088235294117647"));
        CHECK(!strcmp(recs[1].v[ncols - 6], "true"));
    }
    /* Every line break is CRLF; none is a bare LF or CR outside quotes. */
    for (size_t i = 0; i < sb.len; i++)
        if (sb.buf[i] == '\n')
            CHECK(i > 0 && sb.buf[i - 1] == '\r');
    for (size_t i = 0; i < n; i++)
        strlist_release(&recs[i]);
    strbuf_release(&sb);
    report_release(&r);
}

/* REPORT_TEST_VERBOSE=1 shows what a test rendered. */
static void show(const struct strbuf *sb)
{
    if (getenv("REPORT_TEST_VERBOSE"))
        fwrite(sb->buf, 1, sb->len, stdout);
}

/* Text width */

static void check_width(const struct strbuf *sb, int width)
{
    const char *line = sb->buf;
    int lineno = 1;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t cols = 0;
        CHECK(end != NULL);
        if (!end)
            break;
        for (const char *p = line; p < end; p++)
            if (((unsigned char)*p & 0xc0) != 0x80)
                cols++;
        if (cols > (size_t)width)
            fprintf(stderr, "line %d has %zu columns (> %d): %.*s\n", lineno, cols, width,
                    (int)(end - line), line);
        CHECK(cols <= (size_t)width);
        CHECK(end == line || end[-1] != ' '); /* no trailing blanks */
        line = end + 1;
        lineno++;
    }
}

static void test_width(void)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;
    build_basic(&r);

    struct report_kernel *k = report_add_kernel(&r);
    k->name = xstrdup("a_kernel_with_a_name_far_too_long_for_any_table_column_at_all_"
                      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    k->file = xstrdup("some/very/deep/directory/structure/that/goes/on/and/on/and/on/"
                      "for/a/while/kernel_source_file.c");
    k->line = 123456;
    k->unit = xstrdup("very_long_unit_name");
    k->per = xstrdup("nblocks_times_something_long_for_the_per_expression");
    report_kernel_add_param(k, "a_parameter_name_that_is_long", 1e15);
    report_kernel_add_param(k, "L1234_5", 123456789.25);
    struct strbuf formula = STRBUF_INIT;
    for (int i = 0; i < 30; i++)
        strbuf_addf(&formula, "%s%d*L%d*L%d", i ? " + " : "", i + 2, 1000 + i, 2000 + i);
    for (int f = 0; f < RF_NFIGS; f++)
        set_sym(k, f, formula.buf);
    set_sym(k, RF_CALLS,
            "a_single_formula_token_without_any_spaces_that_is_longer_than_the_"
            "whole_line_of_eighty_columns");
    set_fig(k, RF_LOADS_COUNT, 123456789012.0);
    set_fig(k, RF_INTENSITY_DRAM, 1234567.0);
    set_fig(k, RF_INTENSITY_TRAFFIC, 0.00001);
    set_fig(k, RF_STORES_BYTES, 0.0001);
    set_fig(k, RF_DRAM, 9.9e20);
    k->exact = false;
    strlist_add(&k->inexact_because, formula.buf);
    strlist_add(&k->unbound, "L1000");
    strlist_add(&k->opaque_calls, "a_very_long_opaque_function_name_from_some_library_"
                                  "that_nobody_can_read_in_one_go");
    k->bound = REPORT_BOUND_MEMORY;
    k->bound_level = HW_DRAM;
    k->attainable.known = true;
    k->attainable.value = 1.2345e9;
    struct report_run *run = report_kernel_add_run(k);
    run->label = xstrdup(formula.buf);
    run->counters = xstrdup("perf");
    set_num(&run->ipc, 2.5);
    set_num(&run->instructions, 1e12);
    strlist_add(&run->notes, formula.buf);
    strbuf_release(&formula);

    for (int width = 64; width <= 120; width += 16) {
        strbuf_reset(&sb);
        report_render_text(&r, width, &sb);
        if (width == 80)
            show(&sb);
        check_width(&sb, width);
    }
    strbuf_release(&sb);
    report_release(&r);
}

/* A report with a machine model, built by hand (the model's own JSON form
 * is hwmodel's to test; here it only has to be the machine object). */
static void test_machine(void)
{
    struct report r;
    struct strbuf sb = STRBUF_INIT;
    json_error_t err;

    report_init(&r);
    hw_model_init(&r.machine);
    r.has_machine = true;
    snprintf(r.machine.cpu, sizeof(r.machine.cpu), "AMD Ryzen 7 7840U w/ Radeon 780M Graphics");
    snprintf(r.machine.source, sizeof(r.machine.source), "cache: /home/u/.cache/roofline.json");
    r.machine.clock_hz = 3.67e9;
    r.machine.level[HW_L1].present = true;
    r.machine.level[HW_L1].bw.valid = true;
    r.machine.level[HW_L1].bw.value = 180e9;
    r.machine.level[HW_DRAM].present = true;
    r.machine.level[HW_DRAM].bw.valid = true;
    r.machine.level[HW_DRAM].bw.value = 21.5e9;
    r.machine.compute[HW_INT_SCALAR].valid = true;
    r.machine.compute[HW_INT_SCALAR].value = 14.2e9;
    add_aes(&r);
    struct report_kernel *k = &r.kernels[0];
    k->bound = REPORT_BOUND_COMPUTE;
    k->bound_compute = HW_INT_SCALAR;
    k->attainable.known = true;
    k->attainable.value = 14.2e9;
    /* Everything resident in the caches: no DRAM bytes, unbounded intensity. */
    k->fig[RF_DRAM].value = 0;
    k->fig[RF_INTENSITY_DRAM].known = false;
    k->fig[RF_INTENSITY_DRAM].value = 0;

    report_render_text(&r, 80, &sb);
    show(&sb);
    check_width(&sb, 80);
    static const char header[] =
        "machine: AMD Ryzen 7 7840U w/ Radeon 780M Graphics, 3.67 GHz (cache:\n"
        "  /home/u/.cache/roofline.json)\n"
        "roofs: L1 180 GB/s, DRAM 21.5 GB/s, int_scalar 14.2 Gop/s\n"
        "\n";
    CHECK(!strncmp(sb.buf, header, strlen(header)));
    CHECK(strstr(sb.buf, "block   1136    528     16      0   2.09    inf comp 14.2\n"));
    CHECK(strstr(sb.buf, "  ops/byte   traffic 2.088, DRAM inf (no bytes)\n"));
    CHECK(strstr(sb.buf, "  bound      compute (int_scalar roof), attainable 14.2 Gop/s\n"));

    strbuf_reset(&sb);
    report_render_json(&r, &sb);
    json_t *root = json_loads(sb.buf, 0, &err);
    CHECK(root != NULL);
    if (root) {
        json_t *expected = hw_model_to_json(&r.machine);
        CHECK(json_equal(json_object_get(root, "machine"), expected));
        CHECK(!json_object_get(root, "machine_unavailable"));
        json_t *k0 = json_array_get(json_object_get(root, "kernels"), 0);
        CHECK(!strcmp(json_string_value(json_object_get(k0, "bound")), "compute"));
        CHECK(!json_object_get(k0, "bound_unavailable"));
        CHECK(json_real_value(json_object_get(k0, "attainable_ops_per_s")) == 14.2e9);
        CHECK(json_is_null(json_object_get(json_object_get(k0, "intensity"), "dram")));
        json_decref(expected);
        json_decref(root);
    }
    strbuf_release(&sb);
    report_release(&r);
}

static void test_lifecycle(void)
{
    struct report r;
    report_init(&r);
    CHECK(r.nkernels == 0);
    for (int i = 0; i < 40; i++) {
        struct report_kernel *k = report_add_kernel(&r);
        CHECK(k->exact && !k->name && !k->fig[RF_WORK].known && k->nruns == 0);
        k->name = xasprintf("k%d", i);
        for (int j = 0; j < 20; j++)
            report_kernel_add_param(k, "p", j);
        for (int j = 0; j < 10; j++)
            report_kernel_add_run(k)->label = xstrdup("run");
        set_sym(k, RF_WORK, "n");
    }
    CHECK(r.nkernels == 40 && !strcmp(r.kernels[39].name, "k39"));
    CHECK(r.kernels[3].nparams == 20 && r.kernels[3].params[19].value == 19);
    report_release(&r);
    CHECK(r.nkernels == 0 && r.kernels == NULL);
    report_release(&r); /* twice is harmless */

    /* Empty report: every format still well-formed. */
    struct strbuf sb = STRBUF_INIT;
    report_init(&r);
    report_render_text(&r, 80, &sb);
    CHECK(strstr(sb.buf, "no kernels\n") != NULL);
    strbuf_reset(&sb);
    report_render_json(&r, &sb);
    json_t *root = json_loads(sb.buf, 0, NULL);
    CHECK(root && json_array_size(json_object_get(root, "kernels")) == 0);
    CHECK(root && !strcmp(json_string_value(json_object_get(root, "machine_unavailable")),
                          "no reason given"));
    json_decref(root);
    strbuf_reset(&sb);
    report_render_csv(&r, &sb);
    CHECK(strchr(sb.buf, '\n') == sb.buf + sb.len - 1);
    strbuf_release(&sb);
    report_release(&r);
}

/* A run with every figure of the run table set to a value of its own (a
 * fraction for one count, which then prints as a real), or, with known
 * false, every figure unknown. */
static void fill_run(struct report_run *run, bool known)
{
    run->label = xstrdup("aes_driver ttable");
    run->command = xstrdup("build/samples/aes_driver {N} ttable");
    run->counters = xstrdup("perf");
    run->units[0] = 1000;
    run->units[1] = 3000;
    for (int f = 0; known && f < REPORT_RUN_NFIGS; f++)
        set_num(report_run_slot(run, f), f == REPORT_RUN_L1_MISSES ? 0.5
                                         : report_run_figs[f].kind == REPORT_RUN_KIND_COUNT
                                             ? 100 * (f + 1)
                                             : 0.25 * (f + 1));
    run->static_falls_short = known;
}

static void check_row(const struct strbuf *text, const char *key, const char *value)
{
    struct strbuf row = STRBUF_INIT;
    strbuf_addf(&row, "\n  %-28s %14s\n", key, value);
    if (!strstr(text->buf, row.buf)) {
        fprintf(stderr, "no row: %s", row.buf + 1);
        CHECK(!"row of roofline measure's text");
    }
    strbuf_release(&row);
}

/* The run figure table (REPORT_RUN_FIGURES) against struct report_run and
 * every renderer that walks it: each figure its own member, through JSON
 * and back, a row of roofline measure's text, in the run lines of
 * analyze's, and null with a reason when unknown. */
static void test_runfigs(void)
{
    struct report r;
    struct report_run *run;
    struct strbuf sb = STRBUF_INIT;
    char err[256];

    /* Keys unique; members distinct and inside the struct; a value set
     * through the table is the member's. */
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        const struct report_run_fig_desc *d = &report_run_figs[f];
        CHECK(d->key && *d->key && d->label);
        CHECK(d->offset + sizeof(struct report_num) <= sizeof(struct report_run));
        CHECK(d->section == REPORT_RUN_SECTION_HIDDEN || *d->label || !d->na);
        for (int g = 0; g < f; g++) {
            CHECK(strcmp(d->key, report_run_figs[g].key) != 0);
            CHECK(d->offset != report_run_figs[g].offset);
        }
    }
    struct report_run probe;
    memset(&probe, 0, sizeof probe);
    set_num(report_run_slot(&probe, REPORT_RUN_LLC_MISSES), 7);
    CHECK(probe.llc_misses.known && probe.llc_misses.value == 7);
    CHECK(report_run_value(&probe, REPORT_RUN_LLC_MISSES).value == 7);

    /* One kernel, a run with every figure known and one with none. */
    report_init(&r);
    add_aes(&r);
    struct report_kernel *k = &r.kernels[0];
    for (size_t i = 0; i < k->nruns; i++)
        report_run_release(&k->runs[i]);
    k->nruns = 0;
    fill_run(report_kernel_add_run(k), true);
    fill_run(report_kernel_add_run(k), false);

    /* JSON: every figure in table order, counts whole as integers, and read
     * back as it was written; the unknown ones null, each with a reason. */
    report_render_json(&r, &sb);
    json_t *root = json_loads(sb.buf, 0, NULL);
    CHECK(root != NULL);
    json_t *runs = json_object_get(json_array_get(json_object_get(root, "kernels"), 0), "runs");
    json_t *all = json_array_get(runs, 0), *none = json_array_get(runs, 1);
    const char *prev = NULL, *runs_text = strstr(sb.buf, "\"runs\":");
    CHECK(runs_text != NULL);
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        const struct report_run_fig_desc *d = &report_run_figs[f];
        json_t *v = json_object_get(all, d->key);
        CHECK(d->kind == REPORT_RUN_KIND_RATIO || f == REPORT_RUN_L1_MISSES ? json_is_real(v)
                                                                            : json_is_integer(v));
        CHECK(json_is_null(json_object_get(none, d->key)));
        const char *why =
            json_string_value(json_object_get(json_object_get(none, "null_reasons"), d->key));
        CHECK(why && (!d->needs_kernel || strstr(why, "needs a kernel")));
        CHECK(!json_object_get(json_object_get(all, "null_reasons"), d->key));
        /* key order: the table's */
        struct strbuf quoted = STRBUF_INIT;
        strbuf_addf(&quoted, "\"%s\":", d->key);
        const char *at = strstr(runs_text ? runs_text : sb.buf, quoted.buf);
        CHECK(at && (!prev || at > prev));
        strbuf_release(&quoted);
        prev = at;
    }
    json_decref(root);

    struct report back;
    report_init(&back);
    CHECK(report_read_json(sb.buf, sb.len, &back, err, sizeof err) == 0);
    CHECK(back.nkernels == 1 && back.kernels[0].nruns == 2);
    for (size_t i = 0; back.nkernels == 1 && i < back.kernels[0].nruns && i < 2; i++)
        for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
            struct report_num a = report_run_value(&k->runs[i], f);
            struct report_num b = report_run_value(&back.kernels[0].runs[i], f);
            CHECK(a.known == b.known && (!a.known || a.value == b.value));
        }
    report_release(&back);

    /* roofline measure: a row per figure, in table order, and its JSON
     * document holds the run as a report does. */
    run = &k->runs[0];
    strbuf_reset(&sb);
    report_render_run_text(run, 80, &sb);
    show(&sb);
    check_width(&sb, 80);
    prev = NULL;
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        struct strbuf row = STRBUF_INIT;
        strbuf_addf(&row, "\n  %-28s ", report_run_figs[f].key);
        const char *at = strstr(sb.buf, row.buf);
        CHECK(at && (!prev || at > prev));
        prev = at;
        strbuf_release(&row);
    }
    check_row(&sb, "l1_misses", "0.5");
    check_row(&sb, "loads", "400.0");
    check_row(&sb, "mpki", "2");
    check_row(&sb, "seconds", "2.75 s");
    check_row(&sb, "achieved_ops_per_s", "3 ops/s");
    check_row(&sb, "measured_dram_bytes", "1300.0 B");
    strbuf_reset(&sb);
    report_render_measure_json(run, NULL, &sb);
    root = json_loads(sb.buf, 0, NULL);
    json_t *alone = report_run_to_json(run);
    CHECK(root &&
          json_integer_value(json_object_get(root, "schema_version")) == REPORT_SCHEMA_VERSION);
    CHECK(root && json_is_null(json_object_get(root, "machine")));
    CHECK(root && json_equal(json_array_get(json_object_get(root, "runs"), 0), alone));
    json_decref(alone);
    json_decref(root);

    /* analyze's text: the shown figures under their labels, in the order of
     * the sections; the unknown ones left out, or n/a (and why). */
    strbuf_reset(&sb);
    report_render_text(&r, 80, &sb);
    show(&sb);
    check_width(&sb, 80);
    /* Wide enough that no line wraps: each run line whole. */
    strbuf_reset(&sb);
    report_render_text(&r, 200, &sb);
    const char *first = strstr(sb.buf, "  run        aes_driver ttable");
    const char *second = first ? strstr(first + 1, "  run        aes_driver ttable") : NULL;
    CHECK(first && second);
    if (first && second) {
        static const char known[] =
            "\n             per block: instructions 100, IPC 0.75, MPKI 2, 2.75 s, achieved "
            "3e-09 Gop/s\n"
            "             loads 400, stores 500, L1 misses 0.5, LLC misses 700, DRAM bytes "
            "1300, branches 900, branch misses 1000\n"
            "             3.5 instructions per static op, 3.75 accesses per static access; "
            "static estimate falls short x3.5\n";
        const char *at = strstr(first, known);
        CHECK(at && at < second);
        CHECK(strstr(second, "\n             per block: instructions n/a, IPC n/a (cycles not "
                             "counted)\n"));
        CHECK(!strstr(second, "MPKI") && !strstr(second, "loads ") &&
              !strstr(second, "per static op"));
    }
    strbuf_release(&sb);
    report_release(&r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr,
                "usage: test_report golden|json|csv|width|machine|lifecycle|runfigs [DIR]\n");
        return 2;
    }
    const char *t = argv[1];
    if (!strcmp(t, "golden") && argc > 2)
        test_golden(argv[2]);
    else if (!strcmp(t, "json"))
        test_json();
    else if (!strcmp(t, "csv"))
        test_csv();
    else if (!strcmp(t, "width"))
        test_width();
    else if (!strcmp(t, "machine"))
        test_machine();
    else if (!strcmp(t, "lifecycle"))
        test_lifecycle();
    else if (!strcmp(t, "runfigs"))
        test_runfigs();
    else {
        fprintf(stderr, "test_report: unknown test %s\n", t);
        return 2;
    }
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
