/* test_measure: unit tests of measure/: the word splitter, interpreter
 * detection, the cachegrind parser and geometry, the perf_event_open path
 * (software events here; hardware events SKIP where the machine has none),
 * measure_run on a program with known per-unit counts, and the verdicts.
 *
 *   test_measure CASE [MEASURE_PROG]
 *
 * Exit 0 pass, 1 fail, 77 skip (ctest SKIP_RETURN_CODE). */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "measure/measure.h"
#include "measure/measure_internal.h"
#include "tests/check.h"

static const char *prog; /* tests/data/measure/measure_prog */

/* ---- word splitter ---- */

static void split_case(const char *in, const char *const *want, size_t nwant)
{
    struct strlist w = STRLIST_INIT;
    char err[256];
    int r = measure_split_words(in, &w, err, sizeof err);
    if (r < 0) {
        fprintf(stderr, "split '%s': unexpected error: %s\n", in, err);
        failures++;
    } else if (w.n != nwant) {
        fprintf(stderr, "split '%s': %zu words, want %zu\n", in, w.n, nwant);
        failures++;
    } else {
        for (size_t i = 0; i < nwant; i++) {
            if (strcmp(w.v[i], want[i])) {
                fprintf(stderr, "split '%s': word %zu is '%s', want '%s'\n", in, i, w.v[i],
                        want[i]);
                failures++;
            }
        }
        /* Quoting each word back gives the same words. */
        struct strbuf q = STRBUF_INIT;
        struct strlist again = STRLIST_INIT;
        for (size_t i = 0; i < w.n; i++) {
            if (i)
                strbuf_addch(&q, ' ');
            measure_quote_word(&q, w.v[i]);
        }
        CHECK(measure_split_words(q.buf, &again, err, sizeof err) == 0);
        CHECK(again.n == w.n);
        for (size_t i = 0; i < again.n && i < w.n; i++)
            CHECK(!strcmp(again.v[i], w.v[i]));
        strbuf_release(&q);
        strlist_release(&again);
    }
    strlist_release(&w);
}

static void split_error(const char *in, const char *want_in_message)
{
    struct strlist w = STRLIST_INIT;
    char err[256] = "";
    int r = measure_split_words(in, &w, err, sizeof err);
    if (r != -EINVAL || !strstr(err, want_in_message)) {
        fprintf(stderr, "split '%s': got %d '%s', want -EINVAL with '%s'\n", in, r, err,
                want_in_message);
        failures++;
    }
    strlist_release(&w);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__})
#define NWORDS(...) (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define SPLIT(in, ...) split_case(in, WORDS(__VA_ARGS__), NWORDS(__VA_ARGS__))

static void test_words(void)
{
    SPLIT("python3 aes.py {N}", "python3", "aes.py", "{N}");
    SPLIT("  a\tb \n c  ", "a", "b", "c");
    SPLIT("a 'b c' d", "a", "b c", "d");
    SPLIT("a \"b c\" d", "a", "b c", "d");
    SPLIT("a\\ b", "a b");
    SPLIT("'it'\\''s'", "it's");
    SPLIT("\"a\\\"b\\\\c\\d\"", "a\"b\\c\\d");
    SPLIT("x'y'\"z\"", "xyz");
    SPLIT("a '' b", "a", "", "b");
    SPLIT("echo $HOME ~ *.c", "echo", "$HOME", "~", "*.c");
    SPLIT("'a;b' \"c|d\" e\\&f", "a;b", "c|d", "e&f");
    SPLIT("a\\\nb", "ab");
    SPLIT("\"$x `y`\"", "$x `y`");
    split_error("", "empty command");
    split_error("   ", "empty command");
    split_error("a 'b", "unterminated single quote");
    split_error("a \"b", "unterminated double quote");
    split_error("a\\", "lone backslash");
    split_error("a ; b", "unquoted ';'");
    split_error("a | b", "unquoted '|'");
    split_error("a > out", "unquoted '>'");
    split_error("a && b", "unquoted '&'");
    split_error("$(x)", "unquoted '('");

    /* Random strings of the characters that matter: splitting never fails
     * other than with a message, and what it splits quotes back to the same
     * words. */
    static const char alphabet[] = " \t\n'\"\\;|&$`*~{}Nab";
    srand(5);
    for (int i = 0; i < 5000; i++) {
        char in[24];
        size_t len = (size_t)(rand() % (int)(sizeof in - 1));
        for (size_t j = 0; j < len; j++)
            in[j] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        in[len] = '\0';
        struct strlist words = STRLIST_INIT, again = STRLIST_INIT;
        struct strbuf q = STRBUF_INIT;
        char msg[256] = "";
        if (measure_split_words(in, &words, msg, sizeof msg) == 0) {
            for (size_t k = 0; k < words.n; k++) {
                if (k)
                    strbuf_addch(&q, ' ');
                measure_quote_word(&q, words.v[k]);
            }
            CHECK(measure_split_words(q.buf, &again, msg, sizeof msg) == 0);
            CHECK(again.n == words.n);
            for (size_t k = 0; k < again.n && k < words.n; k++)
                CHECK(!strcmp(again.v[k], words.v[k]));
        } else {
            CHECK(msg[0] != '\0' && words.n == 0);
        }
        strbuf_release(&q);
        strlist_release(&words);
        strlist_release(&again);
    }

    /* {N} substitution */
    struct strlist w = STRLIST_INIT, out = STRLIST_INIT;
    char err[256];
    CHECK(measure_split_words("prog --n={N} x{N}y{N}", &w, err, sizeof err) == 0);
    CHECK(measure_subst_units(&w, 42, &out, err, sizeof err) == 0);
    CHECK(out.n == 3 && !strcmp(out.v[1], "--n=42") && !strcmp(out.v[2], "x42y42"));
    strlist_release(&w);
    strlist_release(&out);
    CHECK(measure_split_words("prog 100", &w, err, sizeof err) == 0);
    CHECK(measure_subst_units(&w, 42, &out, err, sizeof err) == -EINVAL);
    CHECK(strstr(err, "no {N}") != NULL);
    strlist_release(&w);
    strlist_release(&out);
}

static void interp_case(const char *cmd, const char *want)
{
    struct strlist w = STRLIST_INIT;
    char err[256];
    CHECK(measure_split_words(cmd, &w, err, sizeof err) == 0);
    const char *got = measure_interpreter(&w, NULL);
    if (want ? !got || strcmp(got, want) : got != NULL) {
        fprintf(stderr, "interpreter of '%s': %s, want %s\n", cmd, got ? got : "none",
                want ? want : "none");
        failures++;
    }
    strlist_release(&w);
}

static void test_interpreter(const char *srcdir)
{
    interp_case("python3 aes.py {N}", "python3");
    interp_case("/usr/bin/python3.11 aes.py {N}", "python3");
    interp_case("env PYTHONHASHSEED=0 -u X python3 aes.py {N}", "python3");
    interp_case("/usr/bin/env python aes.py {N}", "python");
    interp_case("node x.js {N}", "node");
    interp_case("nodejs x.js {N}", "nodejs");
    interp_case("perl5.36 x.pl {N}", "perl");
    interp_case("ruby3.1 x.rb {N}", "ruby");
    interp_case("lua5.4 x.lua {N}", "lua");
    interp_case("./build/samples/aes_driver {N}", NULL);
    interp_case("pythonista {N}", NULL);
    interp_case("shasum {N}", NULL);
    interp_case("env", NULL);
    /* A script run directly: its #! line names the interpreter. */
    if (srcdir) {
        struct strlist w = STRLIST_INIT;
        char *path = xasprintf("%s/samples/aes.py", srcdir);
        strlist_add(&w, path);
        const char *got = measure_interpreter(&w, path);
        CHECK(got && !strcmp(got, "python3"));
        free(path);
        strlist_release(&w);
    }
}

/* ---- cachegrind output ---- */

static const char cg_full[] = "desc: I1 cache:         32768 B, 64 B, 8-way associative\n"
                              "desc: D1 cache:         32768 B, 64 B, 8-way associative\n"
                              "desc: LL cache:         33554432 B, 64 B, 16-way associative\n"
                              "cmd: ./prog 10\n"
                              "events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw Bc Bcm Bi Bim\n"
                              "fl=prog.c\n"
                              "fn=main\n"
                              "10 100 1 1 40 2 1 10 0 0 5 1\n"
                              "11 50 0 0 10 0 0 5 0 0 5 0 1 1\n"
                              "summary: 150 1 1 50 2 1 15 0 0 10 1 1 1\n";

static void test_cg_parse(void)
{
    struct measure_cg_totals t;
    char err[256];

    memset(&t, 0, sizeof t);
    CHECK(measure_cg_parse(cg_full, strlen(cg_full), &t, err, sizeof err) == 0);
    CHECK(t.has[MCG_IR] && t.v[MCG_IR] == 150);
    CHECK(t.v[MCG_DR] == 50 && t.v[MCG_DW] == 15 && t.v[MCG_D1MR] == 2);
    CHECK(t.has[MCG_BIM] && t.v[MCG_BC] == 10 && t.v[MCG_BIM] == 1);
    /* Totals add up over several files (children followed). */
    CHECK(measure_cg_parse(cg_full, strlen(cg_full), &t, err, sizeof err) == 0);
    CHECK(t.v[MCG_IR] == 300);

    /* No summary (truncated file): the cost lines add up instead; trailing
     * counts left out are zero. */
    const char no_summary[] = "events: Ir Dr Dw\nfn=f\n3 10 2\n4 5 1 1\n";
    memset(&t, 0, sizeof t);
    CHECK(measure_cg_parse(no_summary, strlen(no_summary), &t, err, sizeof err) == 0);
    CHECK(t.v[MCG_IR] == 15 && t.v[MCG_DR] == 3 && t.v[MCG_DW] == 1);
    CHECK(!t.has[MCG_D1MR]);

    /* Events in another order, unknown events ignored, CRLF. */
    const char other[] = "events: Dw Foo Ir\r\nsummary: 7 99 11\r\n";
    memset(&t, 0, sizeof t);
    CHECK(measure_cg_parse(other, strlen(other), &t, err, sizeof err) == 0);
    CHECK(t.v[MCG_IR] == 11 && t.v[MCG_DW] == 7);

    const char *bad[] = {"", "fn=main\n1 2 3\n", "summary: 1 2\nevents: Ir\n",
                         "events: Ir\nsummary: x\n", "events: Ir\nevents: Ir\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&t, 0, sizeof t);
        err[0] = '\0';
        CHECK(measure_cg_parse(bad[i], strlen(bad[i]), &t, err, sizeof err) == -EINVAL);
        CHECK(err[0] != '\0');
    }
}

static void synthetic_machine(struct hw_model *m, unsigned long l1, unsigned long l3)
{
    memset(m, 0, sizeof *m);
    m->level[HW_L1].present = true;
    m->level[HW_L1].nominal_bytes = l1;
    m->level[HW_L1].line_bytes = 64;
    m->level[HW_L2].present = true;
    m->level[HW_L2].nominal_bytes = 1 << 20;
    m->level[HW_L2].line_bytes = 64;
    m->level[HW_L3].present = l3 != 0;
    m->level[HW_L3].nominal_bytes = l3;
    m->level[HW_L3].line_bytes = 64;
    m->level[HW_DRAM].present = true;
}

static void test_cg_geometry(void)
{
    struct hw_model m;
    struct measure_cg_geometry g;

    synthetic_machine(&m, 32768, 32u << 20);
    measure_cg_geometry(&m, &g);
    CHECK(g.from_machine);
    CHECK(g.d1.size == 32768 && g.d1.assoc == 8 && g.d1.line == 64);
    CHECK(g.i1.size == 32768);
    CHECK(g.ll.size == 32u << 20 && g.ll.assoc == 16);
    strlist_release(&g.notes);

    /* 48 KiB: kept, as 12-way with 64 sets, and said so. */
    synthetic_machine(&m, 49152, 0);
    measure_cg_geometry(&m, &g);
    CHECK(g.d1.size == 49152 && g.d1.assoc == 12);
    CHECK(g.ll.size == 1 << 20); /* no L3: L2 is the last level */
    bool noted = false;
    for (size_t i = 0; i < g.notes.n; i++)
        noted |= strstr(g.notes.v[i], "12-way instead of the assumed 8-way") != NULL;
    CHECK(noted);
    strlist_release(&g.notes);

    /* A size no power-of-two set count divides sensibly: rounded down. */
    synthetic_machine(&m, 32768, 25165824 + 64 * 16 * 3);
    measure_cg_geometry(&m, &g);
    unsigned long sets = g.ll.size / (g.ll.assoc * g.ll.line);
    CHECK(sets && !(sets & (sets - 1)));
    CHECK(g.ll.size <= 25165824 + 64 * 16 * 3);
    noted = false;
    for (size_t i = 0; i < g.notes.n; i++)
        noted |= strstr(g.notes.v[i], "rounded to") != NULL;
    CHECK(noted);
    strlist_release(&g.notes);

    measure_cg_geometry(NULL, &g);
    CHECK(!g.from_machine && g.notes.n == 1);
    strlist_release(&g.notes);
}

/* ---- perf_event_open ---- */

static int test_perf_software(void)
{
    struct measure_perf_event ev[] = {
        {.name = "task-clock", .group = 0},
        {.name = "context-switches", .group = 0},
        {.name = "page-faults", .group = 1},
    };
    struct proc c;
    char err[256], n[16] = "200";
    char *argv[] = {(char *)prog, "spin", n, NULL};
    int ret = 0;

    if (measure_perf_probe("task-clock", err, sizeof err) < 0) {
        /* Software events need perf_event_open itself. */
        fprintf(stderr, "SKIP: perf_event_open unavailable: %s\n", err);
        return SKIP;
    }
    proc_init(&c);
    CHECK(measure_perf_run(argv, 60, ev, 3, &c, err, sizeof err) == 0);
    CHECK(measure_child_check(&c, "spin", 60, err, sizeof err) == 0);
    for (int i = 0; i < 3; i++) {
        if (!ev[i].counted)
            fprintf(stderr, "%s: %s\n", ev[i].name, ev[i].why);
        CHECK(ev[i].counted);
    }
    /* task-clock counts nanoseconds on the CPU: close to the wall time of a
     * single-threaded busy loop, never above it by much. */
    double cpu_s = ev[0].value * 1e-9;
    fprintf(stderr, "task-clock %.3f s, wall %.3f s, page faults %.0f\n", cpu_s, c.seconds,
            ev[2].value);
    CHECK(cpu_s > 0.05 * c.seconds && cpu_s < 1.2 * c.seconds + 0.01);
    CHECK(ev[2].value > 10); /* loading a program faults pages in */

    /* Twice the work, about twice the task-clock: the fastest of three
     * interleaved runs of each size, so that a loaded or throttled moment
     * skews neither side. */
    double best[2] = {ev[0].value, 1e300};
    for (int r = 0; r < 3; r++)
        for (int side = r ? 0 : 1; side < 2; side++) {
            snprintf(n, sizeof n, "%d", side ? 400 : 200);
            CHECK(measure_perf_run(argv, 60, ev, 3, &c, err, sizeof err) == 0);
            if (ev[0].counted && ev[0].value < best[side])
                best[side] = ev[0].value;
        }
    snprintf(n, sizeof n, "400");
    double ratio = best[1] / best[0];
    fprintf(stderr, "task-clock ratio at 2x work: %.2f\n", ratio);
    CHECK(ratio > 1.3 && ratio < 3.2);

    /* An unknown event is reported, the run goes on. */
    struct measure_perf_event bogus[] = {{.name = "task-clock"}, {.name = "NO_SUCH_EVENT_XYZ"}};
    CHECK(measure_perf_run(argv, 60, bogus, 2, &c, err, sizeof err) == 0);
    CHECK(bogus[0].counted && !bogus[1].counted && bogus[1].why[0]);

    /* Multiplexing scale. */
    double v;
    CHECK(measure_perf_scale(100, 10, 10, &v) && v == 100);
    CHECK(measure_perf_scale(100, 10, 5, &v) && v == 200);
    CHECK(!measure_perf_scale(100, 10, 0, &v));
    proc_release(&c);
    return ret;
}

/* measure_run's perf path (event plan, per-run counting, medians, per-unit
 * figures, derived IPC) on software events: task-clock stands in for
 * instructions and (counted again in another group) for branches, cpu-clock
 * for cycles; context switches and page faults go to the notes; an event
 * that exists nowhere leaves its figure unknown with a note. */
static int test_perf_run_software(void)
{
    static const struct measure_perf_figure soft[] = {
        {REPORT_RUN_INSTRUCTIONS, NULL, 0, {"task-clock"}},
        {REPORT_RUN_CYCLES, NULL, 0, {"cpu-clock"}},
        {REPORT_RUN_BRANCHES, NULL, 1, {"task-clock"}},
        {REPORT_RUN_LOADS, NULL, 1, {"NO_SUCH_EVENT_XYZ", "ALSO_NONE"}},
        {MEASURE_NOTES_ONLY, "context_switches", 2, {"context-switches"}},
        {MEASURE_NOTES_ONLY, "page_faults", 2, {"page-faults"}},
    };
    struct measure_opts o;
    struct report_run run;
    char err[512];

    if (measure_perf_probe("task-clock", err, sizeof err) < 0) {
        fprintf(stderr, "SKIP: perf_event_open unavailable: %s\n", err);
        return SKIP;
    }
    measure_perf_table =
        (struct measure_perf_table){soft, sizeof soft / sizeof soft[0], "task-clock"};
    measure_opts_init(&o);
    o.counters = MEASURE_COUNTERS_PERF;
    o.units[0] = 20;
    o.units[1] = 420; /* a wide spread: a loaded machine cannot invert the difference */
    o.native_repeats = 3;
    measure_run_init(&run);
    char *cmd = xasprintf("%s spin {N}", prog);
    int r = measure_run(cmd, &o, &run, err, sizeof err);
    if (r < 0)
        fprintf(stderr, "measure_run: %s\n", err);
    CHECK(r == 0);
    CHECK(run.counters && !strcmp(run.counters, "perf"));
    /* task-clock nanoseconds per unit against CPU-bound wall seconds. */
    CHECK(run.instructions.known && run.instructions.value > 0);
    CHECK(run.seconds.known && run.seconds.value > 0);
    if (run.instructions.known && run.seconds.known) {
        double cpu_over_wall = run.instructions.value * 1e-9 / run.seconds.value;
        fprintf(stderr, "task-clock per unit %.3g ns, wall %.3g s: ratio %.2f\n",
                run.instructions.value, run.seconds.value, cpu_over_wall);
        CHECK(cpu_over_wall > 0.05 && cpu_over_wall < 1.5);
    }
    CHECK(run.cycles.known && run.ipc.known); /* ipc = task-clock / cpu-clock here */
    if (run.ipc.known)
        CHECK_NEAR(run.ipc.value, 1.0, 0.2);
    CHECK(run.branches.known);
    if (run.branches.known && run.instructions.known)
        CHECK_NEAR(run.branches.value / run.instructions.value, 1.0, 0.25);
    CHECK(!run.loads.known);
    bool loads_note = false, cs_note = false;
    for (size_t i = 0; i < run.notes.n; i++) {
        loads_note |= !strncmp(run.notes.v[i], "loads: unknown, no event counts it here", 39);
        cs_note |= !strncmp(run.notes.v[i], "context_switches (context-switches):", 36);
    }
    CHECK(loads_note);
    CHECK(cs_note);
    free(cmd);
    measure_run_release(&run);
    return 0;
}

static int test_perf_hardware(void)
{
    char err[256];
    if (measure_perf_probe("instructions", err, sizeof err) < 0) {
        fprintf(stderr, "SKIP: no hardware counters here: %s\n", err);
        return SKIP;
    }
    struct measure_opts o;
    struct report_run run;
    measure_opts_init(&o);
    o.counters = MEASURE_COUNTERS_PERF;
    o.units[0] = 20;
    o.units[1] = 60;
    o.native_repeats = 3;
    measure_run_init(&run);
    char *cmd = xasprintf("%s spin {N}", prog);
    int r = measure_run(cmd, &o, &run, err, sizeof err);
    if (r < 0)
        fprintf(stderr, "measure_run: %s\n", err);
    CHECK(r == 0);
    CHECK(run.counters && !strcmp(run.counters, "perf"));
    /* The spin loop runs 1e6 iterations per unit, a few instructions each. */
    CHECK(run.instructions.known && run.instructions.value > 1e6 && run.instructions.value < 1e7);
    CHECK(run.cycles.known && run.ipc.known);
    free(cmd);
    measure_run_release(&run);
    return 0;
}

/* Where hardware counters are missing, asking for them fails clearly. */
static int test_perf_unsupported(void)
{
    char err[256];
    if (measure_perf_probe("instructions", err, sizeof err) == 0) {
        fprintf(stderr, "SKIP: this machine has hardware counters\n");
        return SKIP;
    }
    struct measure_opts o;
    struct report_run run;
    measure_opts_init(&o);
    o.counters = MEASURE_COUNTERS_PERF;
    measure_run_init(&run);
    char *cmd = xasprintf("%s loads {N}", prog);
    CHECK(measure_run(cmd, &o, &run, err, sizeof err) == -ENOTSUP);
    CHECK(strstr(err, "hardware counters are not available") != NULL);
    fprintf(stderr, "message: %s\n", err);
    free(cmd);
    measure_run_release(&run);
    return 0;
}

/* ---- measure_run under cachegrind ---- */

static int test_cachegrind_loads(void)
{
    struct measure_opts o;
    struct report_run run;
    struct hw_model m;
    char err[512];

    char *valgrind = proc_find_program("valgrind");
    if (!valgrind) {
        fprintf(stderr, "SKIP: valgrind not installed\n");
        return SKIP;
    }
    free(valgrind);
    synthetic_machine(&m, 32768, 32u << 20);
    measure_opts_init(&o);
    o.counters = MEASURE_COUNTERS_CACHEGRIND;
    o.units[0] = 1000;
    o.units[1] = 11000;
    o.native_repeats = 3;
    o.machine = &m;
    measure_run_init(&run);
    char *cmd = xasprintf("%s loads {N}", prog);
    int r = measure_run(cmd, &o, &run, err, sizeof err);
    if (r < 0)
        fprintf(stderr, "measure_run: %s\n", err);
    CHECK(r == 0);
    CHECK(run.counters && !strcmp(run.counters, "cachegrind"));
    CHECK(run.interpreter == NULL);
    CHECK(run.label && !strcmp(run.label, "measure_prog loads"));
    CHECK(run.units[0] == 1000 && run.units[1] == 11000);
    /* Exactly 16 loads and 4 stores of volatile ints per unit. */
    CHECK(run.loads.known && run.stores.known);
    CHECK_NEAR(run.loads.value, 16, 0.05);
    CHECK_NEAR(run.stores.value, 4, 0.05);
    /* A 64-byte table stays in L1: no misses per unit. */
    CHECK(run.l1_misses.known && run.l1_misses.value < 0.01);
    CHECK(run.llc_misses.known && run.llc_misses.value < 0.01);
    CHECK(run.measured_dram_bytes.known && run.measured_dram_bytes.value < 1);
    CHECK(run.instructions.known && run.instructions.value >= 20 && run.instructions.value < 200);
    CHECK(run.branches.known && run.branches.value >= 1);
    CHECK(!run.cycles.known && !run.ipc.known);
    CHECK(run.mpki.known);
    fprintf(stderr, "per unit: %.2f instructions, %.3f loads, %.3f stores, %.3f branches\n",
            run.instructions.value, run.loads.value, run.stores.value, run.branches.value);

    /* Judged against a kernel whose static model says 16 loads, 4 stores
     * and 20 work ops per unit. */
    struct report_kernel k;
    memset(&k, 0, sizeof k);
    k.fig[RF_WORK] = (struct report_figure){true, 20, NULL};
    k.fig[RF_LOADS_COUNT] = (struct report_figure){true, 16, NULL};
    k.fig[RF_STORES_COUNT] = (struct report_figure){true, 4, NULL};
    k.bound = REPORT_BOUND_COMPUTE;
    k.bound_compute = HW_INT_SCALAR;
    measure_judge(&run, &k, NULL);
    CHECK_NEAR(run.accesses_per_static_access.value, 1.0, 0.01);
    CHECK(run.instructions_per_static_op.known);
    CHECK(!run.static_falls_short);
    CHECK(run.static_verdict && !strcmp(run.static_verdict, "compute-bound (int_scalar)"));
    CHECK(run.measured_verdict && strstr(run.measured_verdict, "ipc (no cycles under cachegrind)"));
    CHECK(run.achieved_ops_per_s.known == run.seconds.known);

    struct strbuf text = STRBUF_INIT;
    report_render_run_text(&run, 80, &text);
    const char *line = text.buf;
    for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1)
        CHECK(nl - line <= 80);
    CHECK(strstr(text.buf, "cachegrind") != NULL);
    strbuf_release(&text);
    json_t *j = report_run_to_json(&run);
    CHECK(json_is_null(json_object_get(j, "cycles")));
    CHECK(json_is_string(json_object_get(json_object_get(j, "null_reasons"), "cycles")));
    CHECK(json_is_number(json_object_get(j, "loads")));
    CHECK(json_is_false(json_object_get(j, "static_falls_short")));
    json_decref(j);

    free(cmd);
    measure_run_release(&run);
    return 0;
}

/* A program too fast to time at the units asked for, that cannot run the
 * larger counts timing would need: the counts still come, seconds from the
 * runs that worked, and a note says what happened. */
static int test_timing_fallback(void)
{
    struct measure_opts o;
    struct report_run run;
    char err[512];
    char *valgrind = proc_find_program("valgrind");
    if (!valgrind) {
        fprintf(stderr, "SKIP: valgrind not installed\n");
        return SKIP;
    }
    free(valgrind);
    measure_opts_init(&o);
    o.counters = MEASURE_COUNTERS_CACHEGRIND;
    o.units[0] = 100;
    o.units[1] = 300;
    o.native_repeats = 3;
    measure_run_init(&run);
    char *cmd = xasprintf("%s small {N}", prog);
    int r = measure_run(cmd, &o, &run, err, sizeof err);
    if (r < 0)
        fprintf(stderr, "measure_run: %s\n", err);
    CHECK(r == 0);
    CHECK_NEAR(run.loads.value, 16, 0.05);
    bool noted = false;
    for (size_t i = 0; i < run.notes.n; i++) {
        fprintf(stderr, "note: %s\n", run.notes.v[i]);
        noted |= strstr(run.notes.v[i], "failed with exit status 4") != NULL &&
                 !strncmp(run.notes.v[i], "seconds: not timed at", 21);
    }
    CHECK(noted);
    free(cmd);
    measure_run_release(&run);
    return 0;
}

/* ---- failures: one clear message each ---- */

static void fail_case(const char *cmd, enum measure_counters counters, double timeout,
                      const char *valgrind, int want_ret, const char *want_msg)
{
    struct measure_opts o;
    struct report_run run;
    char err[512] = "";
    measure_opts_init(&o);
    o.units[0] = 1;
    o.units[1] = 2;
    o.native_repeats = 1;
    o.counters = counters;
    o.timeout_s = timeout;
    o.valgrind = valgrind;
    measure_run_init(&run);
    int r = measure_run(cmd, &o, &run, err, sizeof err);
    fprintf(stderr, "%s -> %d: %s\n", cmd, r, err);
    if (r != want_ret || !strstr(err, want_msg)) {
        fprintf(stderr, "  want %d with '%s'\n", want_ret, want_msg);
        failures++;
    }
    CHECK(!strchr(err, '\n'));
    measure_run_release(&run);
}

static void test_failures(void)
{
    char *c;
    fail_case("no-such-command-roofline {N}", MEASURE_COUNTERS_CACHEGRIND, 10, NULL, -ENOENT,
              "no-such-command-roofline: command not found");
    c = xasprintf("%s loads 100", prog);
    fail_case(c, MEASURE_COUNTERS_CACHEGRIND, 10, NULL, -EINVAL, "command has no {N}");
    free(c);
    c = xasprintf("%s fail {N}", prog);
    fail_case(c, MEASURE_COUNTERS_CACHEGRIND, 10, NULL, -ECHILD,
              "failed with exit status 3: measure_prog: failing on purpose");
    free(c);
    c = xasprintf("%s crash {N}", prog);
    fail_case(c, MEASURE_COUNTERS_CACHEGRIND, 10, NULL, -ECHILD, "killed by signal SIGSEGV");
    free(c);
    c = xasprintf("%s hang {N}", prog);
    fail_case(c, MEASURE_COUNTERS_CACHEGRIND, 0.5, NULL, -ETIMEDOUT, "timed out after 0.5 s");
    free(c);
    c = xasprintf("%s loads {N}", prog);
    fail_case(c, MEASURE_COUNTERS_CACHEGRIND, 10, "/nonexistent/valgrind", -ENOENT,
              "install the Debian package valgrind");
    free(c);
    fail_case("a 'b {N}", MEASURE_COUNTERS_CACHEGRIND, 10, NULL, -EINVAL, "unterminated");
}

/* ---- verdicts ---- */

static void test_judge(void)
{
    struct report_run run;
    struct report_kernel k;
    struct hw_model m;

    /* An interpreted run: 5000 instructions per static op. */
    measure_run_init(&run);
    run.counters = xstrdup("cachegrind");
    run.interpreter = xstrdup("python3");
    run.instructions = (struct report_num){true, 500000};
    run.loads = (struct report_num){true, 150000};
    run.stores = (struct report_num){true, 80000};
    run.llc_misses = (struct report_num){true, 1};
    run.mpki = (struct report_num){true, 0.002};
    run.branches = (struct report_num){true, 90000};
    run.branch_misses = (struct report_num){true, 900};
    run.seconds = (struct report_num){true, 2e-5};
    run.measured_dram_bytes = (struct report_num){true, 64};
    memset(&k, 0, sizeof k);
    k.fig[RF_WORK] = (struct report_figure){true, 100, NULL};
    k.fig[RF_LOADS_COUNT] = (struct report_figure){true, 200, NULL};
    k.fig[RF_STORES_COUNT] = (struct report_figure){true, 16, NULL};
    k.bound = REPORT_BOUND_MEMORY;
    k.bound_level = HW_L1;
    synthetic_machine(&m, 32768, 32u << 20);
    m.level[HW_DRAM].bw = (struct hw_roof){.valid = true, .value = 20e9};
    m.compute[HW_INT_SCALAR] = (struct hw_roof){.valid = true, .value = 14e9};
    measure_judge(&run, &k, &m);
    CHECK(run.static_falls_short);
    CHECK_NEAR(run.instructions_per_static_op.value, 5000, 1e-9);
    CHECK_NEAR(run.achieved_ops_per_s.value, 5e6, 1e-3);
    CHECK_NEAR(run.accesses_per_static_access.value, 230000.0 / 216, 1e-9);
    CHECK(run.static_verdict && !strcmp(run.static_verdict, "memory-bound (L1)"));
    CHECK(run.measured_verdict &&
          !strncmp(run.measured_verdict, "compute-bound (under the int_scalar roof)", 41));
    CHECK(strstr(run.measured_verdict, "ipc (no cycles under cachegrind)"));
    CHECK(strstr(run.measured_verdict, "branch_miss_rate (cachegrind's simulated predictor"));
    bool short_note = false, disagree = false;
    for (size_t i = 0; i < run.notes.n; i++) {
        short_note |= !strncmp(run.notes.v[i], "static estimate falls short x5000", 33) &&
                      strstr(run.notes.v[i], "python3");
        disagree |= strstr(run.notes.v[i], "verdicts disagree") != NULL;
    }
    CHECK(short_note);
    CHECK(disagree);

    /* Counters that say memory-bound: MPKI over 10 wins over the roofline. */
    run.mpki.value = 25;
    free(run.counters);
    run.counters = xstrdup("perf");
    run.cycles = (struct report_num){true, 2e6};
    run.ipc = (struct report_num){true, 0.25};
    measure_judge(&run, &k, &m);
    CHECK(!strncmp(run.measured_verdict, "memory-bound (llc_mpki 25)", 26));
    CHECK(strstr(run.measured_verdict, "stalled (ipc 0.25)"));
    CHECK(!strstr(run.measured_verdict, "not judged"));

    /* No kernel, no machine: what could not be judged is said. */
    run.mpki.known = false;
    run.ipc.known = false;
    run.branches.known = false;
    measure_judge(&run, NULL, NULL);
    CHECK(!strncmp(run.measured_verdict, "not classified", 14));
    CHECK(strstr(run.measured_verdict, "llc_mpki"));
    CHECK(strstr(run.measured_verdict, "branch_miss_rate"));
    CHECK(strstr(run.measured_verdict, "roofline (no kernel"));
    CHECK(run.static_verdict == NULL);

    /* A branch-miss rate over 5% bounds the run only when the misses are
     * frequent: 10% of few branches is noted, not a verdict. */
    run.branches = (struct report_num){true, 10};
    run.branch_misses = (struct report_num){true, 1};
    run.instructions = (struct report_num){true, 700};
    measure_judge(&run, NULL, NULL);
    CHECK(!strstr(run.measured_verdict, "front-end"));
    bool guard_note = false;
    for (size_t i = 0; i < run.notes.n; i++)
        guard_note |= strstr(run.notes.v[i], "branch_mpki 1.43 is below 5") != NULL;
    CHECK(guard_note);
    run.branches = (struct report_num){true, 200};
    run.branch_misses = (struct report_num){true, 20};
    measure_judge(&run, NULL, NULL);
    CHECK(!strncmp(run.measured_verdict, "front-end bound (branch_miss_rate 0.1)", 38));
    /* Under cachegrind, the simulated predictor is not judged. */
    free(run.counters);
    run.counters = xstrdup("cachegrind");
    measure_judge(&run, NULL, NULL);
    CHECK(!strstr(run.measured_verdict, "front-end"));
    CHECK(strstr(run.measured_verdict, "branch_miss_rate (cachegrind's simulated predictor"));

    /* Every rule has a source. */
    for (size_t i = 0; i < measure_nrules; i++)
        CHECK(measure_rules[i].source && strlen(measure_rules[i].source) > 20);
    measure_run_release(&run);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_measure CASE [MEASURE_PROG [SRCDIR]]\n");
        return 2;
    }
    prog = argc > 2 ? argv[2] : "measure_prog";
    const char *srcdir = argc > 3 ? argv[3] : NULL;
    const char *c = argv[1];
    int r = 0;
    if (!strcmp(c, "words"))
        test_words();
    else if (!strcmp(c, "interpreter"))
        test_interpreter(srcdir);
    else if (!strcmp(c, "cg_parse"))
        test_cg_parse();
    else if (!strcmp(c, "cg_geometry"))
        test_cg_geometry();
    else if (!strcmp(c, "perf_software"))
        r = test_perf_software();
    else if (!strcmp(c, "perf_run_software"))
        r = test_perf_run_software();
    else if (!strcmp(c, "perf_hardware"))
        r = test_perf_hardware();
    else if (!strcmp(c, "perf_unsupported"))
        r = test_perf_unsupported();
    else if (!strcmp(c, "cachegrind_loads"))
        r = test_cachegrind_loads();
    else if (!strcmp(c, "timing_fallback"))
        r = test_timing_fallback();
    else if (!strcmp(c, "failures"))
        test_failures();
    else if (!strcmp(c, "judge"))
        test_judge();
    else {
        fprintf(stderr, "test_measure: unknown case %s\n", c);
        return 2;
    }
    if (r == SKIP && !failures)
        return SKIP;
    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
