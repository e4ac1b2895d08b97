/* test_hwmodel: unit tests of hwmodel/ (the machine model): JSON round trip,
 * bad files, level_for, synthetic hwloc topologies (one core, no L3), the
 * cache (path, atomic write, the lock two racing runs share), and sanity
 * runs of every microbenchmark (results, never speed). Usage: test_hwmodel
 * TEST DATA_DIR. Exit 0 pass, 1 fail, 77 skip. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"
#include "hwmodel/internal.h"
#include "tests/check.h"

static const char *data_dir;

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

    /* A zero roof in a file is refused: it would make every kernel bound
     * by it at no speed at all, or (passed over) compute-bound. Unknown is
     * null. */
    expect_error("{\"schema_version\": 1, \"topology\": {}, \"levels\": {\"DRAM\": "
                 "{\"present\": true, \"bw\": {\"value\": 0}}}, \"compute\": {}}",
                 "levels.DRAM.bw.value: 0 bytes/s is not a plausible bandwidth");
    json_t *j = json_loads("{\"schema_version\": 1, \"topology\": {}, \"levels\": {\"DRAM\": "
                           "{\"present\": true, \"bw\": {\"value\": null}}}, \"compute\": {}}",
                           0, NULL);
    ret = hw_model_from_json(j, &m, err, sizeof(err));
    json_decref(j);
    CHECK(ret == 0);
    CHECK(!m.level[HW_DRAM].bw.valid && *m.level[HW_DRAM].bw.why);
    CHECK(!m.compute[HW_INT_SCALAR].valid && *m.compute[HW_INT_SCALAR].why);
    hw_model_release(&m);
    return 0;
}

/* tests/data/machine.json with one figure replaced (path: keys from the top,
 * the last one set to the JSON text value), then loaded: -EINVAL with
 * needle in the message, or 0 when needle is NULL. */
static void expect_figure(const char *const *path, const char *value, const char *needle)
{
    struct hw_model m;
    char err[512] = "";
    json_error_t jerr;
    json_t *root = json_load_file(data_path("machine.json"), 0, &jerr);
    json_t *obj = root, *v = json_loads(value, JSON_DECODE_ANY, &jerr);
    size_t n = 0;
    while (path[n + 1])
        obj = json_object_get(obj, path[n++]);
    CHECK(obj && v);
    if (!obj || !v)
        return;
    json_object_set_new(obj, path[n], v);
    hw_model_init(&m);
    int ret = hw_model_from_json(root, &m, err, sizeof(err));
    if (needle ? ret != -EINVAL || !strstr(err, needle) : ret != 0) {
        fprintf(stderr, "%s = %s: expected %s \"%s\", got %d \"%s\"\n", path[n], value,
                needle ? "-EINVAL and" : "0", needle ? needle : "", ret, err);
        failures++;
    }
    json_decref(root);
    hw_model_release(&m);
}

/* Every kind of figure a machine cannot have, as a file gives it and as a
 * measurement would (hw_model_check on the struct); the bounds themselves
 * are figures a machine can have. */
static int test_plausible(void)
{
    static const char *const dram_bw[] = {"levels", "DRAM", "bw", "value", NULL};
    static const char *const l1_bw_all[] = {"levels", "L1", "bw_all_cores", "value", NULL};
    static const char *const l1_peak[] = {"levels", "L1", "bw", "peak", NULL};
    static const char *const l2_median[] = {"levels", "L2", "bw", "median", NULL};
    static const char *const fp_simd[] = {"compute", "fp_simd", "value", NULL};
    static const char *const int_scalar[] = {"compute", "int_scalar", "value", NULL};
    static const char *const hz[] = {"clock", "hz", NULL};
    static const char *const tsc[] = {"clock", "tsc_hz", NULL};
    static const char *const l1_size[] = {"levels", "L1", "nominal_bytes", NULL};
    static const char *const l3_eff[] = {"levels", "L3", "effective_bytes", NULL};
    static const char *const dram_size[] = {"levels", "DRAM", "nominal_bytes", NULL};
    static const char *const line[] = {"levels", "L2", "line_bytes", NULL};
    static const char *const cores[] = {"topology", "cores", NULL};

    /* Zero, subnormal, absurdly small and large, negative. */
    expect_figure(dram_bw, "0",
                  "levels.DRAM.bw.value: 0 bytes/s is not a plausible bandwidth "
                  "(expected 1e+06 to 1e+16 bytes/s)");
    expect_figure(dram_bw, "1e-310", "levels.DRAM.bw.value: 1e-310 bytes/s");
    expect_figure(dram_bw, "999999", "levels.DRAM.bw.value: 999999 bytes/s is not");
    expect_figure(dram_bw, "1e300", "levels.DRAM.bw.value: 1e+300 bytes/s");
    expect_figure(dram_bw, "-2e10", "levels.DRAM.bw.value: -2e+10: expected a number >= 0");
    expect_figure(l1_bw_all, "2e16", "levels.L1.bw_all_cores.value: 2e+16 bytes/s");
    expect_figure(l1_peak, "1e-300", "levels.L1.bw.peak: 1e-300 bytes/s");
    expect_figure(l2_median, "5", "levels.L2.bw.median: 5 bytes/s");
    expect_figure(fp_simd, "0", "compute.fp_simd.value: 0 ops/s is not a plausible compute rate");
    expect_figure(int_scalar, "1e17", "compute.int_scalar.value: 1e+17 ops/s");
    expect_figure(hz, "1e-300", "clock.hz: 1e-300 Hz is not a plausible clock");
    expect_figure(tsc, "3e12", "clock.tsc_hz: 3e+12 Hz");
    expect_figure(l1_size, "16", "levels.L1.nominal_bytes: 16 bytes is not a plausible cache size");
    expect_figure(l1_size, "0.5", "levels.L1.nominal_bytes: 0.5: expected a whole number");
    expect_figure(l3_eff, "2e12", "levels.L3.effective_bytes: 2e+12 bytes");
    expect_figure(dram_size, "4096",
                  "levels.DRAM.nominal_bytes: 4096 bytes is not a plausible "
                  "memory size");
    expect_figure(line, "48", "levels.L2.line_bytes: 48 bytes is not a cache line size");
    expect_figure(line, "8192",
                  "levels.L2.line_bytes: 8192 bytes is not a plausible cache "
                  "line size");
    expect_figure(cores, "1e7", "topology.cores: 1e+07 is not a plausible count");

    /* The bounds are plausible; unknown stays allowed. */
    expect_figure(dram_bw, "1e6", NULL);
    expect_figure(l1_bw_all, "1e16", NULL);
    expect_figure(int_scalar, "1e16", NULL);
    expect_figure(hz, "1e11", NULL);
    expect_figure(hz, "null", NULL);
    expect_figure(l1_peak, "null", NULL);
    expect_figure(line, "128", NULL);
    expect_figure(l1_size, "null", NULL);

    /* A benchmark run's rate too (shown by machine --format text). */
    json_error_t jerr;
    json_t *root = json_load_file(data_path("machine.json"), 0, &jerr);
    json_t *bench = json_array_get(json_object_get(root, "benchmarks"), 0);
    CHECK(bench && json_is_object(bench));
    json_object_set_new(bench, "value", json_real(1e-300));
    struct hw_model m;
    char err[512] = "";
    hw_model_init(&m);
    int ret = hw_model_from_json(root, &m, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "benchmarks[0].value: 1e-300"));
    json_decref(root);

    /* What a measurement made: the same check, on the struct. */
    CHECK(hw_model_load(data_path("machine.json"), &m, err, sizeof(err)) == 0);
    CHECK(hw_model_check(&m, err, sizeof(err)) == 0);
    m.level[HW_DRAM].bw.value = 0x1p-1060; /* subnormal */
    CHECK(hw_model_check(&m, err, sizeof(err)) == -EINVAL &&
          strstr(err, "levels.DRAM.bw.value: ") && strstr(err, "not a plausible bandwidth"));
    m.level[HW_DRAM].bw.value = NAN;
    CHECK(hw_model_check(&m, err, sizeof(err)) == -EINVAL && strstr(err, "levels.DRAM.bw.value"));
    m.level[HW_DRAM].bw.valid = false; /* not measured: no figure to check */
    CHECK(hw_model_check(&m, err, sizeof(err)) == 0);
    m.compute[HW_FP_SCALAR].value = -1;
    CHECK(hw_model_check(&m, err, sizeof(err)) == -EINVAL &&
          strstr(err, "compute.fp_scalar.value: -1 ops/s"));
    m.compute[HW_FP_SCALAR].value = 14e9;
    m.clock_hz = INFINITY;
    CHECK(hw_model_check(&m, err, sizeof(err)) == -EINVAL && strstr(err, "clock.hz: inf Hz"));
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

/* ---- synthetic topologies ---- */

static int test_topology(void)
{
    struct hw_model m, two;
    char err[256] = "";
    hw_model_init(&m);
    hw_model_init(&two);
    int ret =
        hw_model_read_topology(&m, data_path("machines/one-core-no-l3.xml"), err, sizeof(err));
    if (ret) {
        fprintf(stderr, "read_topology: %s\n", err);
        return 1;
    }
    CHECK(m.packages == 1 && m.cores == 1 && m.pus == 1 && m.numa_nodes == 1);
    CHECK(strstr(m.cpu, "Synthetic one-core CPU") && strstr(m.cpu, "one-core-no-l3.xml"));
    CHECK(m.level[HW_L1].present && m.level[HW_L1].nominal_bytes == 49152);
    CHECK(m.level[HW_L1].line_bytes == 64 && m.level[HW_L1].shared_by == 1);
    CHECK(m.level[HW_L2].present && m.level[HW_L2].nominal_bytes == 1 << 20);
    /* The missing level: absent, with a stated reason, skipped. */
    CHECK(!m.level[HW_L3].present && strstr(m.level[HW_L3].note, "no L3"));
    CHECK(!m.level[HW_L3].bw.valid && *m.level[HW_L3].bw.why);
    CHECK(m.level[HW_DRAM].present && m.level[HW_DRAM].nominal_bytes == 1u << 30);
    CHECK(hw_model_llc_bytes(&m) == 1 << 20);
    CHECK(hw_model_level_for(&m, 4 << 20) == HW_DRAM);
    CHECK(hw_model_level_for(&m, 512 << 10) == HW_L2);
    CHECK(*m.fingerprint);

    /* The fingerprint is stable and tells topologies apart. */
    char fp[sizeof(m.fingerprint)];
    memcpy(fp, m.fingerprint, sizeof(fp));
    hw_model_release(&m);
    CHECK(hw_model_read_topology(&m, data_path("machines/one-core-no-l3.xml"), err, sizeof(err)) ==
          0);
    CHECK(!strcmp(fp, m.fingerprint));
    CHECK(hw_model_read_topology(&two, data_path("machines/two-packages.xml"), err, sizeof(err)) ==
          0);
    CHECK(strcmp(fp, two.fingerprint) != 0);
    CHECK(two.packages == 2 && two.cores == 8 && two.pus == 16);
    CHECK(two.level[HW_L3].present && two.level[HW_L3].shared_by == 8);
    CHECK(two.level[HW_L2].shared_by == 2);

    /* The environment variable does what the option does. */
    setenv("ROOFLINE_TOPOLOGY", data_path("machines/two-packages.xml"), 1);
    hw_model_release(&m);
    CHECK(hw_model_read_topology(&m, NULL, err, sizeof(err)) == 0);
    CHECK(!strcmp(m.fingerprint, two.fingerprint));
    unsetenv("ROOFLINE_TOPOLOGY");

    /* A topology hwloc cannot read, a file that is not there. */
    ret = hw_model_read_topology(&m, data_path("machines/broken.xml"), err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "broken.xml") && strstr(err, "cannot read"));
    ret = hw_model_read_topology(&m, data_path("machines/no-such.xml"), err, sizeof(err));
    CHECK(ret == -ENOENT && strstr(err, "no-such.xml"));

    hw_model_release(&m);
    hw_model_release(&two);
    return 0;
}

/* ---- the cache ---- */

static char tmpdir[] = "/tmp/test_hwmodel.XXXXXX";

static void rm_tree(void)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* A saved model with the fingerprint of the one-core topology, so the
 * cache can answer without measuring. */
static int seed_model(struct hw_model *m, bool quick)
{
    struct hw_model t;
    char err[256];
    hw_model_init(&t);
    if (hw_model_load(data_path("machine.json"), m, err, sizeof(err)) ||
        hw_model_read_topology(&t, data_path("machines/one-core-no-l3.xml"), err, sizeof(err))) {
        fprintf(stderr, "seed: %s\n", err);
        hw_model_release(&t);
        return -1;
    }
    memcpy(m->fingerprint, t.fingerprint, sizeof(m->fingerprint));
    m->quick = quick;
    hw_model_release(&t);
    return 0;
}

static int test_cache(void)
{
    struct hw_model seed, got;
    struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
    char err[256] = "";
    const char *xml = data_path("machines/one-core-no-l3.xml");
    struct hw_measure_opts quick = {true, xml, NULL, NULL, NULL};
    hw_model_init(&seed);
    hw_model_init(&got);
    if (!mkdtemp(tmpdir))
        return 1;

    /* The path: XDG_CACHE_HOME, else ~/.cache; a relative XDG is ignored. */
    setenv("XDG_CACHE_HOME", tmpdir, 1);
    CHECK(hw_cache_path("fp", &path, err, sizeof(err)) == 0);
    strbuf_addf(&want, "%s/roofline/machine-fp.json", tmpdir);
    CHECK(!strcmp(path.buf, want.buf));
    setenv("XDG_CACHE_HOME", "relative/dir", 1);
    setenv("HOME", "/home/someone", 1);
    strbuf_reset(&path);
    CHECK(hw_cache_path("fp", &path, err, sizeof(err)) == 0);
    CHECK(!strcmp(path.buf, "/home/someone/.cache/roofline/machine-fp.json"));
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    strbuf_reset(&path);
    CHECK(hw_cache_path("fp", &path, err, sizeof(err)) == -ENOENT && *err);
    setenv("XDG_CACHE_HOME", tmpdir, 1);

    if (seed_model(&seed, false))
        goto out;
    strbuf_reset(&path);
    CHECK(hw_cache_path(seed.fingerprint, &path, err, sizeof(err)) == 0);

    /* Atomic save: the file appears whole, no temporary is left behind. */
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/roofline", tmpdir);
    CHECK(fileio_mkdirs(dir.buf, 0700) == 0);
    CHECK(hw_model_save(&seed, path.buf, err, sizeof(err)) == 0);
    struct strbuf ls = STRBUF_INIT;
    strbuf_addf(&ls, "test $(ls -A '%s' | wc -l) -eq 1", dir.buf);
    CHECK(system(ls.buf) == 0);
    strbuf_release(&ls);
    strbuf_release(&dir);

    /* A cached full model serves a quick request, without measuring. */
    CHECK(hw_model_get_cached_opts(&got, false, &quick, err, sizeof(err)) == 0);
    CHECK(!strncmp(got.source, "cache: ", 7) && strstr(got.source, path.buf));
    CHECK(got.compute[HW_INT_SCALAR].value == seed.compute[HW_INT_SCALAR].value);

    /* Racing runs: while one holds the lock (measuring), the other waits,
     * then takes what the first wrote instead of measuring again. */
    unlink(path.buf);
    struct strbuf lock = STRBUF_INIT;
    strbuf_addf(&lock, "%.*s.lock", (int)(path.len - 5), path.buf);
    int fd = open(lock.buf, O_RDWR | O_CREAT, 0600);
    CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct hw_model m;
        char cerr[256];
        hw_model_init(&m);
        close(pipefd[0]);
        int r = hw_model_get_cached_opts(&m, false, &quick, cerr, sizeof(cerr));
        /* 0: came from the cache, written by the lock holder */
        int code = r == 0 && !strncmp(m.source, "cache: ", 7) ? 0 : 1;
        if (write(pipefd[1], "x", 1) != 1)
            code = 2;
        _exit(code);
    }
    close(pipefd[1]);
    usleep(200 * 1000); /* the child is now blocked on the lock */
    char c;
    fd_set fds;
    struct timeval tv = {0, 0};
    FD_ZERO(&fds);
    FD_SET(pipefd[0], &fds);
    CHECK(select(pipefd[0] + 1, &fds, NULL, NULL, &tv) == 0); /* still waiting */
    CHECK(hw_model_save(&seed, path.buf, err, sizeof(err)) == 0);
    flock(fd, LOCK_UN);
    close(fd);
    int status = 0;
    CHECK(read(pipefd[0], &c, 1) == 1);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(pipefd[0]);
    strbuf_release(&lock);

    /* A quick model in the cache serves a quick request (a full request
     * would measure over it). */
    hw_model_release(&seed);
    if (seed_model(&seed, true))
        goto out;
    CHECK(hw_model_save(&seed, path.buf, err, sizeof(err)) == 0);
    hw_model_release(&got);
    CHECK(hw_model_get_cached_opts(&got, false, &quick, err, sizeof(err)) == 0);
    CHECK(!strncmp(got.source, "cache: ", 7) && got.quick);
out:
    rm_tree();
    strbuf_release(&path);
    strbuf_release(&want);
    hw_model_release(&seed);
    hw_model_release(&got);
    return 0;
}

/* ---- microbenchmarks: results, not speed ---- */

static int test_bench_sanity(void)
{
    struct hw_cpu cpu;
    char err[256];
    int ran = 0;
    hw_cpu_detect(&cpu);
    size_t n = 4096;
    struct hw_bw_buffers bf = {0};
    bf.a = aligned_alloc(64, n * sizeof(double));
    bf.b = aligned_alloc(64, n * sizeof(double));
    bf.c = aligned_alloc(64, n * sizeof(double));
    bf.d = aligned_alloc(64, n * sizeof(double));
    bf.value = 42.5;
    hw_bench_fill(&bf, n, n);
    for (size_t i = 0; i < hw_nbenches; i++) {
        const struct hw_bench *b = &hw_benches[i];
        if (!hw_bench_supported(b, &cpu)) {
            printf("  %s: not supported here\n", b->name);
            continue;
        }
        CHECK(b->ops_per_iter >= 0 && (b->kind == HW_BENCH_COMPUTE) == (b->compute != NULL));
        if (b->kind == HW_BENCH_COMPUTE) {
            CHECK(b->ops_per_iter > 0 && b->expect);
            for (uint64_t iters = 1; iters <= 1000; iters *= 10) {
                uint64_t r = b->compute(iters);
                if (hw_bench_check_compute(b, iters, r, err, sizeof(err))) {
                    fprintf(stderr, "%s\n", err);
                    failures++;
                }
                /* a wrong result is caught */
                CHECK(hw_bench_check_compute(b, iters, r + 1, err, sizeof(err)) == -EIO);
            }
        } else {
            CHECK(b->bytes_per_iter == 8.0 * b->streams);
            size_t elems = n / 2;
            bf.a[0] = bf.a[elems / 2] = bf.a[elems - 1] = -1;
            uint64_t r = b->bw(&bf, elems, 3);
            if (hw_bench_check_bw(b, &bf, elems, 3, r, err, sizeof(err))) {
                fprintf(stderr, "%s\n", err);
                failures++;
            }
            /* poisoned and not rewritten, or a wrong sum: caught */
            bf.a[elems - 1] = -1;
            CHECK(hw_bench_check_bw(b, &bf, elems, 3, r + 1, err, sizeof(err)) == -EIO);
        }
        ran++;
    }
    free(bf.a);
    free(bf.b);
    free(bf.c);
    free(bf.d);
    if (!ran) {
        printf("SKIP: no microbenchmark runs on this CPU\n");
        return SKIP;
    }
    /* The clock chain counts its adds. */
    CHECK(hw_clock_chain(10) == 10 * HW_CLOCK_CHAIN || hw_clock_chain(10) == 0);
    /* Statistics: percentile, spread, null per_cycle without a clock. */
    double s[] = {5, 1, 4, 2, 3};
    struct hw_roof roof;
    memset(&roof, 0, sizeof(roof));
    hw_roof_from_samples(&roof, s, 5, 0);
    CHECK(roof.valid && roof.min == 1 && roof.max == 5 && roof.median == 3);
    CHECK(fabs(roof.value - 4.6) < 1e-9 && roof.noisy && roof.per_cycle == 0);
    double steady[] = {100, 101, 100.5};
    hw_roof_from_samples(&roof, steady, 3, 2);
    CHECK(!roof.noisy && fabs(roof.per_cycle - roof.value / 2) < 1e-12);
    return 0;
}

/* A quick measurement over a one-core topology without L3: the fallbacks
 * are stated, every roof that can be measured is, none is silently 0. */
static int test_measure_one_core(void)
{
    struct hw_model m;
    char err[256];
    struct hw_measure_opts o = {true, data_path("machines/one-core-no-l3.xml"), NULL, NULL, NULL};
    hw_model_init(&m);
    struct hw_cpu cpu;
    hw_cpu_detect(&cpu);
    if (!cpu.sse2) {
        printf("SKIP: not an x86-64 CPU\n");
        return SKIP;
    }
    if (hw_model_measure(&m, &o, err, sizeof(err))) {
        fprintf(stderr, "measure: %s\n", err);
        return 1;
    }
    CHECK(m.cores == 1 && !strcmp(m.source, "measured") && m.quick);
    CHECK(!m.level[HW_L3].present && !m.level[HW_L3].bw.valid);
    for (int i = 0; i < HW_NLEVELS; i++) {
        if (!m.level[i].present)
            continue;
        CHECK(m.level[i].bw.valid ? m.level[i].bw.value > 0 : *m.level[i].bw.why != 0);
        CHECK(m.level[i].bw_all.valid ? m.level[i].bw_all.value > 0 : *m.level[i].bw_all.why != 0);
        /* one core: the all-cores figure is the one-thread one, said so */
        CHECK(strstr(m.level[i].bw_all.why, "one core") != NULL);
    }
    for (int i = 0; i < HW_NCOMPUTE; i++)
        CHECK(m.compute[i].valid ? m.compute[i].value > 0 : *m.compute[i].why != 0);
    CHECK(m.compute[HW_INT_SCALAR].valid && m.compute[HW_FP_SCALAR].valid);
    CHECK(m.clock_hz > 0 ? m.compute[HW_INT_SCALAR].per_cycle > 0 : *m.clock_why != 0);
    CHECK(m.details && json_array_size(m.details) > 0);

    /* The text table fits in 80 columns and names the fallback. */
    struct strbuf out = STRBUF_INIT;
    hw_model_render_text(&m, 80, &out);
    CHECK(strstr(out.buf, "no L3"));
    for (char *line = out.buf, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            break;
        if (nl - line > 80) {
            fprintf(stderr, "line longer than 80: %.*s\n", (int)(nl - line), line);
            failures++;
        }
    }
    strbuf_release(&out);

    /* And the JSON has no zero roof: unmeasured ones are null. It reads
     * back to the same model. */
    json_t *j = hw_model_to_json(&m);
    struct hw_model back;
    hw_model_init(&back);
    CHECK(hw_model_from_json(j, &back, err, sizeof(err)) == 0);
    json_t *j2 = hw_model_to_json(&back);
    CHECK(json_equal(j, j2));
    json_decref(j2);
    hw_model_release(&back);
    json_t *l3bw = json_object_get(json_object_get(json_object_get(j, "levels"), "L3"), "bw");
    CHECK(json_is_null(json_object_get(l3bw, "value")) &&
          json_is_string(json_object_get(l3bw, "why")));
    json_decref(j);
    hw_model_release(&m);
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(void);
} tests[] = {
    {"json_roundtrip", test_json_roundtrip},
    {"malformed", test_malformed},
    {"plausible", test_plausible},
    {"level_for", test_level_for},
    {"topology", test_topology},
    {"cache", test_cache},
    {"bench_sanity", test_bench_sanity},
    {"measure_one_core", test_measure_one_core},
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
