/* test_plots: tests of plots/ (the gnuplot roofline picture), of
 * report_read_json (the saved report read back) and of `roofline plot`.
 *
 * Usage: test_plots TEST DATA_DIR [GOLDEN_DIR | ROOFLINE_BIN]
 *   golden     plot_script on the fixture reports in DATA_DIR/reports (as
 *              golden_cases lists) equals GOLDEN_DIR/NAME.gp and NAME.dat
 *              byte for byte
 *              (PLOTS_UPDATE_GOLDEN=1 rewrites them: read the diff)
 *   png        renders a real PNG (1600x1000 and 800x500): signature, IHDR
 *              size, a plausible file size, .gp and .dat beside it
 *   svg        renders an SVG of the given size
 *   evil       a report whose file, kernel, unit, run label and CPU hold
 *              quotes, backquotes, system() calls and newlines, drawn to a
 *              file named a"b';system('touch MARK').png: it renders, and no
 *              marker file appears
 *   nognuplot  gnuplot missing: -ENOENT naming gnuplot-nox, nothing written
 *   gpfail     gnuplot failing: -EIO, nothing written
 *   errors     no machine model, bad extension, control characters: -EINVAL
 *   read       report_read_json: fields, null numbers, symbolic formulas,
 *              runs; JSON -> struct -> JSON round trip is stable
 *   malformed  truncated, foreign, wrong version, wrong types: -EINVAL with
 *              a message naming the place
 *   cli        roofline plot: --help, usage errors (2), failures (1), the
 *              default output beside the report (ROOFLINE_BIN)
 *   extremes   figures of 1e308, 1e-300, subnormal, negative, NaN: axes
 *              within 12 decades of the roofs, the points beyond listed
 *              under "Not drawn:", a small script; a model no machine has
 *              is refused
 * Exit 0 pass, 1 fail, 77 skip (gnuplot absent). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "plots/plots.h"
#include "report/report.h"
#include "tests/check.h"

extern char **environ;

/* The golden cases: a fixture report drawn as NAME.EXT at a size (0: the
 * default); the expected script and data are GOLDEN_DIR/NAME.gp, NAME.dat. */
static const struct golden_case {
    const char *report, *name, *ext;
    int width, height;
} golden_cases[] = {
    {"aes", "aes", "png", 0, 0},
    {"json", "json", "png", 0, 0},
    {"minimal", "minimal", "png", 0, 0},
    {"evil", "evil", "png", 0, 0},
    {"json", "json-small", "svg", 800, 500},
};

/* ---- helpers ---- */

static int load_report(const char *data_dir, const char *name, struct report *r)
{
    struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
    char err[512] = "";
    int ret;

    strbuf_addf(&path, "%s/reports/%s.json", data_dir, name);
    ret = strbuf_read_file(&text, path.buf);
    if (ret < 0) {
        fprintf(stderr, "%s: cannot read: %s\n", path.buf, strerror(-ret));
        goto out;
    }
    ret = report_read_json(text.buf, text.len, r, err, sizeof(err));
    if (ret < 0)
        fprintf(stderr, "%s: %s\n", path.buf, err);
out:
    strbuf_release(&path);
    strbuf_release(&text);
    return ret;
}

static bool gnuplot_available(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = xstrdup(path), *save = NULL;
    bool found = false;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *p = xasprintf("%s/gnuplot", *dir ? dir : ".");
        found = access(p, X_OK) == 0;
        free(p);
    }
    free(copy);
    return found;
}

static char *make_tmpdir(void)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = xasprintf("%s/test_plots.XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    return dir;
}

/* Removes a test directory and what is in it (one level). */
static void remove_tmpdir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *p = xasprintf("%s/%s", dir, e->d_name);
        if (unlink(p) < 0 && errno == EISDIR)
            rmdir(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

/* Entries of dir, not counting . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static bool exists(const char *dir, const char *name)
{
    char *p = xasprintf("%s/%s", dir, name);
    bool ok = access(p, F_OK) == 0;
    free(p);
    return ok;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A PNG of w x h: signature, IHDR first, its size, and at least min_bytes. */
static void check_png(const char *path, unsigned w, unsigned h, size_t min_bytes)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    struct strbuf sb = STRBUF_INIT;

    CHECK(strbuf_read_file(&sb, path) == 0);
    CHECK(sb.len >= min_bytes);
    if (sb.len >= 24) {
        const unsigned char *b = (const unsigned char *)sb.buf;
        CHECK(!memcmp(b, sig, 8));
        CHECK(be32(b + 8) == 13);
        CHECK(!memcmp(b + 12, "IHDR", 4));
        CHECK(be32(b + 16) == w);
        CHECK(be32(b + 20) == h);
        if (be32(b + 16) != w || be32(b + 20) != h)
            fprintf(stderr, "%s: %ux%u, expected %ux%u\n", path, be32(b + 16), be32(b + 20), w, h);
    } else {
        CHECK(!"PNG too short");
    }
    strbuf_release(&sb);
}

/* ---- golden ---- */

static void compare_golden(const char *golden_dir, const char *file, const struct strbuf *got)
{
    struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
    char err[256];

    strbuf_addf(&path, "%s/%s", golden_dir, file);
    if (getenv("PLOTS_UPDATE_GOLDEN")) {
        if (fileio_write_atomic(path.buf, got->buf, got->len, err, sizeof(err)) < 0) {
            fprintf(stderr, "%s\n", err);
            failures++;
        }
        goto out;
    }
    if (strbuf_read_file(&want, path.buf) < 0) {
        fprintf(stderr, "%s: missing (PLOTS_UPDATE_GOLDEN=1 writes it)\n", path.buf);
        failures++;
        goto out;
    }
    if (want.len != got->len || memcmp(want.buf, got->buf, got->len)) {
        size_t line = 1, i = 0;
        while (i < want.len && i < got->len && want.buf[i] == got->buf[i])
            line += want.buf[i++] == '\n';
        fprintf(stderr, "%s: differs from line %zu\n", path.buf, line);
        failures++;
    }
out:
    strbuf_release(&path);
    strbuf_release(&want);
}

static int test_golden(const char *data_dir, const char *golden_dir)
{
    for (size_t i = 0; i < sizeof(golden_cases) / sizeof(golden_cases[0]); i++) {
        const struct golden_case *gc = &golden_cases[i];
        struct report r;
        struct strbuf script = STRBUF_INIT, data = STRBUF_INIT;
        struct plot_opts opts = {gc->width, gc->height, NULL};
        char err[512] = "";
        char *png = xasprintf("%s.%s", gc->name, gc->ext), *dat = xasprintf("%s.dat", gc->name);
        char *gp_file = xasprintf("%s.gp", gc->name);

        report_init(&r);
        CHECK(load_report(data_dir, gc->report, &r) == 0);
        int ret = plot_script(&r, png, dat, &opts, &script, &data, err, sizeof(err));
        if (ret)
            fprintf(stderr, "%s: %s\n", gc->name, err);
        CHECK(ret == 0);
        compare_golden(golden_dir, gp_file, &script);
        compare_golden(golden_dir, dat, &data);
        /* Deterministic: the same report gives the same script. */
        struct strbuf again = STRBUF_INIT, again_data = STRBUF_INIT;
        CHECK(plot_script(&r, png, dat, &opts, &again, &again_data, err, sizeof(err)) == 0);
        CHECK(!strcmp(again.buf, script.buf) && !strcmp(again_data.buf, data.buf));
        strbuf_release(&again);
        strbuf_release(&again_data);
        /* The data file holds numbers; no user string reaches it except in
         * comments. */
        for (char *line = data.buf; *line;) {
            char *end = strchrnul(line, '\n');
            CHECK(*line == '#' || *line == '\0' || *line == '\n' ||
                  strspn(line, "0123456789.-+e ") > 0);
            line = *end ? end + 1 : end;
        }
        report_release(&r);
        strbuf_release(&script);
        strbuf_release(&data);
        free(png);
        free(dat);
        free(gp_file);
    }
    return failures ? 1 : 0;
}

/* ---- many kernels ---- */

/* The minimal report's kernel n times over as k0, k1, ...: its script, with
 * the points named up to 40 kernels and unnamed past that. */
static void many_script(const char *data_dir, size_t n, struct strbuf *script)
{
    struct report r;
    struct strbuf data = STRBUF_INIT;
    struct plot_opts opts = {0, 0, NULL};
    char err[512] = "";
    report_init(&r);
    CHECK(load_report(data_dir, "minimal", &r) == 0);
    struct report_kernel proto = r.kernels[0];
    for (size_t i = 0; i < n; i++) {
        struct report_kernel *k = report_add_kernel(&r);
        k->name = xasprintf("k%zu", i);
        k->unit = xstrdup("call");
        for (int f = 0; f < RF_NFIGS; f++) {
            k->fig[f].known = proto.fig[f].known;
            k->fig[f].value = proto.fig[f].value * (double)(i + 1); /* apart on the picture */
        }
        k->attainable.known = proto.attainable.known;
        k->attainable.value = proto.attainable.value;
    }
    CHECK(plot_script(&r, "many.png", "many.dat", &opts, script, &data, err, sizeof err) == 0);
    report_release(&r);
    strbuf_release(&data);
}

static int test_many(const char *data_dir)
{
    struct strbuf script = STRBUF_INIT;
    many_script(data_dir, 39, &script); /* 40 with the minimal report's own */
    CHECK(strstr(script.buf, "'k38 (per call)'") != NULL);
    CHECK(strstr(script.buf, "too many to name") == NULL);
    strbuf_reset(&script);
    many_script(data_dir, 40, &script);
    CHECK(strstr(script.buf, "'k38 (per call)'") == NULL);
    CHECK(strstr(script.buf, "'41 kernels, too many to name here: the report has their figures'") !=
          NULL);
    strbuf_release(&script);
    return failures ? 1 : 0;
}

/* A kernel like proto (the minimal report's) with its DRAM intensity and
 * attainable rate replaced. */
static struct report_kernel *add_like(struct report *r, const char *name, double intensity,
                                      double attainable)
{
    struct report_kernel proto = r->kernels[0];
    struct report_kernel *k = report_add_kernel(r);
    k->name = xstrdup(name);
    k->unit = xstrdup("call");
    for (int f = 0; f < RF_NFIGS; f++)
        k->fig[f] = (struct report_figure){proto.fig[f].known, proto.fig[f].value, NULL};
    k->fig[RF_INTENSITY_DRAM].value = intensity;
    k->attainable.known = true;
    k->attainable.value = attainable;
    return k;
}

static double range_decades(const char *script, const char *axis, double *lo, double *hi)
{
    char key[32];
    snprintf(key, sizeof key, "set %srange [", axis);
    const char *p = strstr(script, key);
    *lo = *hi = NAN;
    if (!p || sscanf(p + strlen(key), "%lf:%lf]", lo, hi) != 2)
        return NAN;
    return log10(*hi) - log10(*lo);
}

static int test_extremes(const char *data_dir)
{
    struct report r;
    struct strbuf script = STRBUF_INIT, data = STRBUF_INIT;
    /* Wide enough that the caption lists every point not drawn. */
    struct plot_opts wide = {20000, 1000, NULL};
    char err[1024] = "";
    double lo, hi;

    report_init(&r);
    CHECK(load_report(data_dir, "minimal", &r) == 0);
    add_like(&r, "huge", 1e308, 14e9);
    add_like(&r, "tiny", 1e-300, 1e-291);
    add_like(&r, "subnormal", 0x1p-1074, 14e9);
    add_like(&r, "negative", -5, 14e9);
    add_like(&r, "nan", NAN, 14e9);
    add_like(&r, "slow", 0.08, 1e-300);
    add_like(&r, "far", 1e9, 14e9); /* 10 decades right of the ridge: drawn */
    /* Measured runs far off: a rate of 1e300 ops/s; 1e300 work ops over 2
     * DRAM bytes measured, an intensity of 5e299. */
    struct report_kernel *k = add_like(&r, "measured", 0.08, 1.6e9);
    k->fig[RF_WORK].value = 1e300;
    struct report_run *run = report_kernel_add_run(k);
    run->label = xstrdup("fast");
    run->achieved_ops_per_s = (struct report_num){true, 1e300};
    run = report_kernel_add_run(k);
    run->label = xstrdup("dense");
    run->achieved_ops_per_s = (struct report_num){true, 1e9};
    run->measured_dram_bytes = (struct report_num){true, 2};
    run = report_kernel_add_run(k);
    run->label = xstrdup("near");
    run->achieved_ops_per_s = (struct report_num){true, 1e9};

    CHECK(plot_script(&r, "x.png", "x.dat", &wide, &script, &data, err, sizeof(err)) == 0);
    /* The roofs of the minimal model meet at 0.7 ops/B: the x axis reaches
     * "far" and stops within 12 decades (and the key's room) of them. */
    CHECK(range_decades(script.buf, "x", &lo, &hi) <= 12 + 2 + 3);
    CHECK(lo > 1e-6 && hi >= 1e9 && hi < 1e16);
    CHECK(range_decades(script.buf, "y", &lo, &hi) <= 12 + 6);
    CHECK(lo > 1e-12 && hi < 1e12);
    CHECK(strstr(script.buf, "'far (per call)'") != NULL);
    CHECK(strstr(script.buf, "huge (intensity 1e+308 ops/B, off the scale)") != NULL);
    CHECK(strstr(script.buf, "tiny (intensity 1e-300 ops/B, off the scale)") != NULL);
    CHECK(strstr(script.buf, "subnormal (intensity 4.94e-324 ops/B, off the scale)") != NULL);
    CHECK(strstr(script.buf, "negative (intensity -5, not a positive number)") != NULL);
    CHECK(strstr(script.buf, "nan (intensity nan, not a positive number)") != NULL);
    CHECK(strstr(script.buf, "slow (1e-309 Gop/s, off the scale)") != NULL);
    CHECK(strstr(script.buf, "measured: fast (1e+291 Gop/s, off the scale)") != NULL);
    CHECK(strstr(script.buf, "measured: dense (intensity 5e+299 ops/B, off the scale)") != NULL);
    /* The run that stays has its arrow; the others have none. */
    CHECK(strstr(script.buf, "'near'") != NULL);
    const char *arrows = strstr(data.buf, "measured runs: from the static point");
    CHECK(arrows && !strstr(arrows, "e+29") && !strstr(arrows, "e+30"));
    CHECK(script.len < 20000 && data.len < 4000);

    /* A model no machine has (a report made by hand, or a library caller's
     * own): refused, not drawn past the range of a double. */
    strbuf_reset(&script);
    strbuf_reset(&data);
    r.machine.level[HW_DRAM].bw.value = 1e-300;
    CHECK(plot_script(&r, "x.png", "x.dat", NULL, &script, &data, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "not one a machine can have: levels.DRAM.bw.value: 1e-300 bytes/s") != NULL);
    report_release(&r);
    strbuf_release(&script);
    strbuf_release(&data);
    return failures ? 1 : 0;
}

/* ---- rendering ---- */

static int test_png(const char *data_dir)
{
    struct report r;
    char err[1024] = "";
    char *dir = make_tmpdir();
    char *out = xasprintf("%s/aes.png", dir), *small = xasprintf("%s/small.png", dir);
    struct plot_opts half = {800, 500, NULL};

    if (!gnuplot_available()) {
        printf("SKIP: gnuplot is not installed (apt-get install gnuplot-nox)\n");
        remove_tmpdir(dir);
        free(out);
        free(small);
        return SKIP;
    }
    report_init(&r);
    CHECK(load_report(data_dir, "aes", &r) == 0);
    int ret = plot_render(&r, out, NULL, err, sizeof(err));
    if (ret)
        fprintf(stderr, "plot_render: %s\n", err);
    CHECK(ret == 0);
    check_png(out, 1600, 1000, 20000);
    CHECK(exists(dir, "aes.gp") && exists(dir, "aes.dat"));
    ret = plot_render(&r, small, &half, err, sizeof(err));
    if (ret)
        fprintf(stderr, "plot_render: %s\n", err);
    CHECK(ret == 0);
    check_png(small, 800, 500, 5000);
    /* Nothing else: no temporary directory or file left behind. */
    CHECK(count_entries(dir) == 6);
    report_release(&r);
    remove_tmpdir(dir);
    free(out);
    free(small);
    return failures ? 1 : 0;
}

static int test_svg(const char *data_dir)
{
    struct report r;
    struct strbuf svg = STRBUF_INIT;
    char err[1024] = "";
    char *dir = make_tmpdir();
    char *out = xasprintf("%s/json.svg", dir);
    struct plot_opts size = {1200, 800, NULL};

    if (!gnuplot_available()) {
        printf("SKIP: gnuplot is not installed (apt-get install gnuplot-nox)\n");
        remove_tmpdir(dir);
        free(out);
        return SKIP;
    }
    report_init(&r);
    CHECK(load_report(data_dir, "json", &r) == 0);
    /* Markup in a name stays text: escaped by gnuplot, "]]>" split here. */
    snprintf(r.machine.cpu, sizeof(r.machine.cpu), "<script>x</script> & ]]> CPU");
    int ret = plot_render(&r, out, &size, err, sizeof(err));
    if (ret)
        fprintf(stderr, "plot_render: %s\n", err);
    CHECK(ret == 0);
    CHECK(strbuf_read_file(&svg, out) == 0);
    CHECK(strstr(svg.buf, "<svg") != NULL);
    CHECK(strstr(svg.buf, "width=\"1200\"") != NULL && strstr(svg.buf, "height=\"800\"") != NULL);
    CHECK(strstr(svg.buf, "json_encode_record (per record)") != NULL);
    CHECK(strstr(svg.buf, "static estimate falls short x42") != NULL);
    CHECK(strstr(svg.buf, "</svg>") != NULL);
    CHECK(strstr(svg.buf, "&lt;script>x&lt;/script> &amp; ]] > CPU") != NULL);
    CHECK(strstr(svg.buf, "<script") == NULL && strstr(svg.buf, "]]>") == NULL);
    CHECK(exists(dir, "json.gp") && exists(dir, "json.dat"));
    report_release(&r);
    strbuf_release(&svg);
    remove_tmpdir(dir);
    free(out);
    return failures ? 1 : 0;
}

/* Every user string of the report carries a system() call, a backquoted
 * command and quotes that would end a string, all aimed at creating
 * MARKER; the picture must render and the marker must not appear. */
static int test_evil(const char *data_dir)
{
    struct report r;
    char err[1024] = "";
    char *dir = make_tmpdir();
    char *marker = xasprintf("%s/MARK", dir);
    char *evil = xasprintf("a\"b';system('touch %s').c'''' \\ `touch %s` @x $(touch %s)\n"
                           "'); system(\"touch %s\"); print('",
                           marker, marker, marker, marker);
    char *out = xasprintf("%s/a\"b';system('touch MARK').png", dir);

    if (!gnuplot_available()) {
        printf("SKIP: gnuplot is not installed (apt-get install gnuplot-nox)\n");
        remove_tmpdir(dir);
        free(marker);
        free(evil);
        free(out);
        return SKIP;
    }
    report_init(&r);
    CHECK(load_report(data_dir, "evil", &r) == 0);
    snprintf(r.machine.cpu, sizeof(r.machine.cpu), "%s", evil);
    for (size_t i = 0; i < r.nkernels; i++) {
        struct report_kernel *k = &r.kernels[i];
        free(k->name);
        k->name = xstrdup(evil);
        free(k->file);
        k->file = xstrdup(evil);
        free(k->unit);
        k->unit = xstrdup(evil);
        for (size_t j = 0; j < k->nruns; j++) {
            free(k->runs[j].label);
            k->runs[j].label = xstrdup(evil);
            free(k->runs[j].interpreter);
            k->runs[j].interpreter = xstrdup(evil);
        }
        strlist_add(&k->unbound, evil);
    }
    int ret = plot_render(&r, out, NULL, err, sizeof(err));
    if (ret)
        fprintf(stderr, "plot_render: %s\n", err);
    CHECK(ret == 0);
    check_png(out, 1600, 1000, 20000);
    CHECK(exists(dir, "a\"b';system('touch MARK').gp"));
    CHECK(exists(dir, "a\"b';system('touch MARK').dat"));
    CHECK(access(marker, F_OK) != 0);
    CHECK(access("MARK", F_OK) != 0);
    CHECK(count_entries(dir) == 3);
    report_release(&r);
    remove_tmpdir(dir);
    free(marker);
    free(evil);
    free(out);
    return failures ? 1 : 0;
}

static int test_nognuplot(const char *data_dir)
{
    struct report r;
    char err[1024] = "";
    char *dir = make_tmpdir();
    char *out = xasprintf("%s/aes.png", dir);
    struct plot_opts missing = {0, 0, "/nonexistent/bin/gnuplot-is-not-here"};
    struct plot_opts missing_path = {0, 0, "gnuplot-is-not-installed-anywhere"};

    report_init(&r);
    CHECK(load_report(data_dir, "aes", &r) == 0);
    CHECK(plot_render(&r, out, &missing, err, sizeof(err)) == -ENOENT);
    CHECK(strstr(err, "gnuplot-nox") != NULL);
    CHECK(plot_render(&r, out, &missing_path, err, sizeof(err)) == -ENOENT);
    CHECK(strstr(err, "gnuplot-nox") != NULL);
    printf("message: %s\n", err);
    CHECK(count_entries(dir) == 0); /* no picture, script, data or temporary */
    report_release(&r);
    remove_tmpdir(dir);
    free(out);
    return failures ? 1 : 0;
}

static int test_gpfail(const char *data_dir)
{
    struct report r;
    char err[1024] = "";
    char *dir = make_tmpdir();
    char *out = xasprintf("%s/aes.png", dir);
    struct plot_opts failing = {0, 0, "false"};

    report_init(&r);
    CHECK(load_report(data_dir, "aes", &r) == 0);
    CHECK(plot_render(&r, out, &failing, err, sizeof(err)) == -EIO);
    CHECK(strstr(err, "exit status 1") != NULL);
    CHECK(count_entries(dir) == 0);
    report_release(&r);
    remove_tmpdir(dir);
    free(out);
    return failures ? 1 : 0;
}

static int test_errors(const char *data_dir)
{
    struct report r, none;
    struct strbuf script = STRBUF_INIT, data = STRBUF_INIT;
    char err[1024] = "";

    report_init(&r);
    report_init(&none);
    CHECK(load_report(data_dir, "aes", &r) == 0);
    CHECK(load_report(data_dir, "no-machine", &none) == 0);
    CHECK(!none.has_machine);
    CHECK(plot_script(&none, "x.png", "x.dat", NULL, &script, &data, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "no machine model") && strstr(err, "no --machine given"));
    CHECK(plot_render(&none, "/nonexistent-dir/x.png", NULL, err, sizeof(err)) == -EINVAL);
    CHECK(plot_script(&r, "x.pdf", "x.dat", NULL, &script, &data, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, ".png or .svg") != NULL);
    CHECK(plot_render(&r, "/tmp/noext", NULL, err, sizeof(err)) == -EINVAL);
    CHECK(plot_script(&r, "a\nb.png", "a.dat", NULL, &script, &data, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "control characters") != NULL);
    struct plot_opts tiny = {10, 10, NULL};
    CHECK(plot_script(&r, "x.png", "x.dat", &tiny, &script, &data, err, sizeof(err)) == -EINVAL);
    /* .PNG and .SVG in capitals are fine. */
    CHECK(plot_script(&r, "X.PNG", "X.dat", NULL, &script, &data, err, sizeof(err)) == 0);
    CHECK(strstr(script.buf, "pngcairo") != NULL);
    strbuf_reset(&script);
    strbuf_reset(&data);
    CHECK(plot_script(&r, "X.Svg", "X.dat", NULL, &script, &data, err, sizeof(err)) == 0);
    CHECK(strstr(script.buf, "set terminal svg") != NULL);
    /* A machine without any measured roof has nothing to draw. */
    for (int l = 0; l < HW_NLEVELS; l++)
        r.machine.level[l].bw.valid = false;
    for (int c = 0; c < HW_NCOMPUTE; c++)
        r.machine.compute[c].valid = false;
    CHECK(plot_script(&r, "x.png", "x.dat", NULL, &script, &data, err, sizeof(err)) == -EINVAL);
    report_release(&r);
    report_release(&none);
    strbuf_release(&script);
    strbuf_release(&data);
    return failures ? 1 : 0;
}

/* ---- reading reports ---- */

static int test_read(const char *data_dir)
{
    struct report r, again;
    struct strbuf json = STRBUF_INIT, json2 = STRBUF_INIT;
    char err[512] = "";

    report_init(&r);
    report_init(&again);
    CHECK(load_report(data_dir, "aes", &r) == 0);
    CHECK(r.has_machine);
    CHECK(!strcmp(r.machine.cpu, "AMD EPYC 9R14 96-Core Processor"));
    CHECK(r.machine.level[HW_DRAM].bw.valid && r.machine.level[HW_DRAM].bw.value == 20e9);
    CHECK(r.nkernels == 4);
    if (r.nkernels == 4) {
        const struct report_kernel *k = &r.kernels[2], *sym = &r.kernels[3];
        CHECK(!strcmp(k->name, "aes128_encrypt_block_ttable"));
        CHECK(!strcmp(k->file, "samples/aes.c") && k->line == 286);
        CHECK(!strcmp(k->unit, "block") && !strcmp(k->per, "1"));
        CHECK(k->fig[RF_WORK].known && k->fig[RF_WORK].value == 612);
        CHECK(k->fig[RF_LOADS_BYTES].known && k->fig[RF_LOADS_BYTES].value == 880);
        CHECK(k->fig[RF_INTENSITY_DRAM].known && k->fig[RF_INTENSITY_DRAM].value == 12.75);
        CHECK(k->attainable.known && k->attainable.value == 14e9);
        CHECK(k->exact && k->bound == REPORT_BOUND_COMPUTE && k->bound_compute == HW_INT_SCALAR);
        CHECK(k->nruns == 2);
        if (k->nruns == 2) {
            CHECK(k->runs[0].interpreter == NULL);
            CHECK(!strcmp(k->runs[1].interpreter, "python3"));
            CHECK(!strcmp(k->runs[1].label, "python3 samples/aes.py"));
            CHECK(k->runs[1].units[0] == 1000 && k->runs[1].units[1] == 11000);
            CHECK(!k->runs[1].cycles.known && !k->runs[1].measured_dram_bytes.known);
            CHECK(k->runs[1].instructions_per_static_op.known &&
                  k->runs[1].instructions_per_static_op.value == 287.4);
            CHECK(k->runs[1].static_falls_short);
            CHECK(!strcmp(k->runs[1].measured_verdict,
                          "cannot judge IPC: no cycle counter (cachegrind)"));
        }
        CHECK(!sym->exact && sym->unbound.n == 1 && !strcmp(sym->unbound.v[0], "nblocks"));
        CHECK(!sym->fig[RF_WORK].known && !strcmp(sym->fig[RF_WORK].symbolic, "612*nblocks"));
        CHECK(!sym->fig[RF_INTENSITY_DRAM].known);
        CHECK(!strcmp(sym->fig[RF_LOADS_BYTES].symbolic, "880*nblocks"));
        CHECK(!sym->attainable.known);
        CHECK(sym->bound == REPORT_BOUND_NONE && !strcmp(sym->bound_why, "depends on nblocks"));
    }
    /* Round trip: what the reader builds, the writer writes back the same. */
    report_render_json(&r, &json);
    CHECK(report_read_json(json.buf, json.len, &again, err, sizeof(err)) == 0);
    report_render_json(&again, &json2);
    CHECK(!strcmp(json.buf, json2.buf));
    if (strcmp(json.buf, json2.buf))
        fprintf(stderr, "round trip differs\n");
    report_release(&r);
    report_release(&again);

    /* No machine: the reason is kept. */
    report_init(&r);
    CHECK(load_report(data_dir, "no-machine", &r) == 0);
    CHECK(!r.has_machine && !strcmp(r.machine_why, "no --machine given and no cached model"));
    report_release(&r);
    strbuf_release(&json);
    strbuf_release(&json2);
    return failures ? 1 : 0;
}

static void expect_malformed(const char *text, const char *needle)
{
    struct report r;
    char err[512] = "";

    report_init(&r);
    int ret = report_read_json(text, strlen(text), &r, err, sizeof(err));
    CHECK(ret == -EINVAL);
    if (!strstr(err, needle)) {
        fprintf(stderr, "message '%s' lacks '%s'\n", err, needle);
        failures++;
    }
    CHECK(err[0] && err[strlen(err) - 1] != '.');
    report_release(&r);
}

static int test_malformed(const char *data_dir)
{
    struct strbuf machine = STRBUF_INIT, path = STRBUF_INIT;

    expect_malformed("", "not valid JSON");
    expect_malformed("{\"schema_version\": 1, \"kernels\": [", "line 1");
    expect_malformed("[1, 2]", "not a roofline report");
    expect_malformed("{\"hello\": \"world\"}", "not a roofline report");
    expect_malformed("{\"schema_version\": 2, \"kernels\": []}",
                     "schema_version 2 is not supported");
    expect_malformed("{\"schema_version\": \"1\", \"kernels\": []}", "schema_version \"1\"");
    expect_malformed("{\"schema_version\": 1, \"kernels\": {}}", "kernels: expected an array");
    expect_malformed("{\"schema_version\": 1, \"kernels\": [{\"file\": \"a.c\"}]}",
                     "kernels[0].name: missing");
    expect_malformed("{\"schema_version\": 1, \"kernels\": [{\"name\": \"k\", \"loads\": "
                     "{\"bytes\": \"many\"}}]}",
                     "kernels[0].loads.bytes: expected a number or null");
    expect_malformed("{\"schema_version\": 1, \"kernels\": [{\"name\": \"k\"}, {\"name\": \"j\", "
                     "\"runs\": [{\"seconds\": true}]}]}",
                     "kernels[1].runs[0].seconds: expected a number or null");
    expect_malformed("{\"schema_version\": 1, \"kernels\": [{\"name\": \"k\", \"unbound\": [1]}]}",
                     "kernels[0].unbound: element 0 is not a string");
    expect_malformed(
        "{\"schema_version\": 1, \"machine\": {\"schema_version\": 1}, \"kernels\": []}",
        "machine: ");
    expect_malformed("{\"schema_version\": 1, \"schema_version\": 1, \"kernels\": []}",
                     "duplicate");
    /* A machine model given where a report belongs. */
    strbuf_addf(&path, "%s/machine.json", data_dir);
    CHECK(strbuf_read_file(&machine, path.buf) == 0);
    expect_malformed(machine.buf, "a machine model, not a report");

    /* Minimal and lenient: unknown keys ignored, missing figures unknown. */
    struct report r;
    char err[256] = "";
    const char *minimal = "{\"schema_version\": 1, \"future_key\": [1], \"kernels\": [{\"name\": "
                          "\"k\", \"work_ops\": 3, \"new_figure\": 4, \"intensity\": {\"dram\": "
                          "null}}]}";
    report_init(&r);
    CHECK(report_read_json(minimal, strlen(minimal), &r, err, sizeof(err)) == 0);
    CHECK(!r.has_machine && r.nkernels == 1);
    if (r.nkernels == 1) {
        CHECK(r.kernels[0].fig[RF_WORK].known && r.kernels[0].fig[RF_WORK].value == 3);
        CHECK(!r.kernels[0].fig[RF_INTENSITY_DRAM].known);
        CHECK(!r.kernels[0].fig[RF_DRAM].known && r.kernels[0].exact);
    }
    report_release(&r);
    strbuf_release(&machine);
    strbuf_release(&path);
    return failures ? 1 : 0;
}

/* ---- the command ---- */

/* Runs argv with stdout and stderr to files in dir; returns the exit status. */
static int run(char *const argv[], const char *dir, struct strbuf *out, struct strbuf *errout)
{
    posix_spawn_file_actions_t fa;
    char *out_path = xasprintf("%s/stdout", dir), *err_path = xasprintf("%s/stderr", dir);
    pid_t pid;
    int status = -1;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0 &&
        waitpid(pid, &status, 0) == pid && WIFEXITED(status))
        status = WEXITSTATUS(status);
    posix_spawn_file_actions_destroy(&fa);
    strbuf_reset(out);
    strbuf_reset(errout);
    strbuf_read_file(out, out_path);
    strbuf_read_file(errout, err_path);
    unlink(out_path);
    unlink(err_path);
    free(out_path);
    free(err_path);
    return status;
}

static int test_cli(const char *data_dir, const char *bin)
{
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, report = STRBUF_INIT;
    char *dir = make_tmpdir();
    char *src = xasprintf("%s/reports/aes.json", data_dir);
    char *copy = xasprintf("%s/saved.report.json", dir);
    char *nomachine = xasprintf("%s/reports/no-machine.json", data_dir);
    char *svg = xasprintf("%s/other.svg", dir);
    char errbuf[256];

    {
        char *argv[] = {(char *)bin, "plot", "--help", NULL};
        CHECK(run(argv, dir, &out, &err) == 0);
        CHECK(strstr(out.buf, "Usage: roofline plot REPORT.json") && err.len == 0);
    }
    {
        char *argv[] = {(char *)bin, "plot", NULL};
        CHECK(run(argv, dir, &out, &err) == 2);
        CHECK(strstr(err.buf, "REPORT.json") != NULL);
    }
    {
        char *argv[] = {(char *)bin, "plot", "--bogus", src, NULL};
        CHECK(run(argv, dir, &out, &err) == 2);
        CHECK(strstr(err.buf, "--bogus") != NULL);
    }
    {
        char *argv[] = {(char *)bin, "plot", src, "-o", NULL};
        CHECK(run(argv, dir, &out, &err) == 2);
    }
    {
        char *argv[] = {(char *)bin, "plot", "/nonexistent/report.json", NULL};
        CHECK(run(argv, dir, &out, &err) == 1);
        CHECK(strstr(err.buf, "/nonexistent/report.json: cannot read") != NULL);
    }
    {
        char *argv[] = {(char *)bin, "plot", nomachine, "-o", svg, NULL};
        CHECK(run(argv, dir, &out, &err) == 1);
        CHECK(strstr(err.buf, "no machine model") != NULL);
    }
    CHECK(strbuf_read_file(&report, src) == 0);
    CHECK(fileio_write_atomic(copy, report.buf, report.len, errbuf, sizeof(errbuf)) == 0);
    if (gnuplot_available()) {
        /* Default output: the report's name with .png, beside it. */
        char *argv[] = {(char *)bin, "plot", copy, NULL};
        CHECK(run(argv, dir, &out, &err) == 0);
        CHECK(exists(dir, "saved.report.png") && exists(dir, "saved.report.gp") &&
              exists(dir, "saved.report.dat"));
        char *argv2[] = {(char *)bin, "plot", "-o", svg, copy, NULL};
        CHECK(run(argv2, dir, &out, &err) == 0);
        CHECK(exists(dir, "other.svg") && exists(dir, "other.gp"));
        if (err.len)
            fprintf(stderr, "stderr: %s\n", err.buf);
    } else {
        printf("SKIP (part): gnuplot is not installed\n");
    }
    strbuf_release(&out);
    strbuf_release(&err);
    strbuf_release(&report);
    remove_tmpdir(dir);
    free(src);
    free(copy);
    free(nomachine);
    free(svg);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_plots TEST DATA_DIR [GOLDEN_DIR|ROOFLINE_BIN]\n");
        return 2;
    }
    const char *t = argv[1], *data = argv[2], *extra = argc > 3 ? argv[3] : NULL;
    if (!strcmp(t, "golden") && extra)
        return test_golden(data, extra);
    if (!strcmp(t, "png"))
        return test_png(data);
    if (!strcmp(t, "svg"))
        return test_svg(data);
    if (!strcmp(t, "evil"))
        return test_evil(data);
    if (!strcmp(t, "nognuplot"))
        return test_nognuplot(data);
    if (!strcmp(t, "gpfail"))
        return test_gpfail(data);
    if (!strcmp(t, "errors"))
        return test_errors(data);
    if (!strcmp(t, "read"))
        return test_read(data);
    if (!strcmp(t, "malformed"))
        return test_malformed(data);
    if (!strcmp(t, "many"))
        return test_many(data);
    if (!strcmp(t, "extremes"))
        return test_extremes(data);
    if (!strcmp(t, "cli") && extra)
        return test_cli(data, extra);
    fprintf(stderr, "test_plots: unknown test '%s'\n", t);
    return 2;
}
