/* report_text: the human report, readable at 80 columns (or any width >= 64).
 *
 *   machine line (and its roofs)
 *   summary table, one row per kernel: per-unit work ops, bytes loaded,
 *     stored and from DRAM (SI-rounded), both intensities, bound and
 *     attainable Gop/s; a legend under it
 *   why each inexact kernel is inexact (symbols to bind, opaque calls)
 *   a details block per kernel: every figure exact, unknown figures as their
 *     formulas, then its measured runs
 *
 * Every line is written through wrap(), which breaks at spaces and keeps each
 * line within the width; inside an item, '\1' is a space that never breaks
 * ("add\1160"). */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBSP '\1'
#define LABEL_INDENT 2
#define VALUE_COL 13 /* details: values start here, after "  label      " */
#define CELL_W 6     /* numeric table cells */
#define BOUND_W 9    /* "comp 12.3" */

/* Columns of text as printed (NBSP counts as the space it becomes). */
static size_t text_cols(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80) /* UTF-8 lead bytes only */
            n++;
    return n;
}

static void add_printed(struct strbuf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        strbuf_addch(out, s[i] == NBSP ? ' ' : s[i]);
}

/* Byte length of the longest prefix of s (len bytes) that fits in cols. */
static size_t prefix_fitting(const char *s, size_t len, size_t cols)
{
    size_t n = 0, i = 0;
    while (i < len) {
        size_t j = i + 1;
        while (j < len && ((unsigned char)s[j] & 0xc0) == 0x80)
            j++;
        if (++n > cols)
            break;
        i = j;
    }
    return i;
}

/* Writes prefix then text, wrapped at width with continuation lines indented
 * by indent; a word longer than a whole line is cut where the line ends. */
static void wrap(struct strbuf *out, int width, const char *prefix, int indent, const char *text)
{
    size_t w = width > indent + 8 ? (size_t)width : (size_t)indent + 8;
    size_t col = text_cols(prefix, strlen(prefix));
    bool line_empty = true; /* nothing after the prefix or indent yet */

    add_printed(out, prefix, strlen(prefix));
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        size_t cols = text_cols(p, len);
        if (!line_empty && col + 1 + cols > w) {
            strbuf_addch(out, '\n');
            strbuf_addchars(out, ' ', (size_t)indent);
            col = (size_t)indent;
            line_empty = true;
        }
        if (!line_empty) {
            strbuf_addch(out, ' ');
            col++;
        }
        while (col + cols > w) { /* a word too long for any line */
            size_t cut = prefix_fitting(p, len, w - col);
            if (!cut)
                cut = 1;
            add_printed(out, p, cut);
            strbuf_addch(out, '\n');
            strbuf_addchars(out, ' ', (size_t)indent);
            col = (size_t)indent;
            p += cut;
            len -= cut;
            cols = text_cols(p, len);
        }
        add_printed(out, p, len);
        col += cols;
        line_empty = false;
        p += len;
    }
    strbuf_addch(out, '\n');
}

/* A details line: "  label      text". */
static void detail(struct strbuf *out, int width, const char *label, const char *text)
{
    char prefix[VALUE_COL + 1];
    snprintf(prefix, sizeof(prefix), "%*s%-*s", LABEL_INDENT, "", VALUE_COL - LABEL_INDENT, label);
    wrap(out, width, prefix, VALUE_COL, text);
}

/* Numbers */

/* Whole and scaled by 1000s: "1136", "12.3k", "4.56M"; at most 5 columns. */
static void fmt_si(struct strbuf *sb, double v)
{
    static const char suffix[] = " kMGTPE";
    int i = 0;
    char buf[32];

    if (fabs(v) < 10000 && report_is_integral(v)) {
        strbuf_addf(sb, "%.0f", v == 0 ? 0.0 : v);
        return;
    }
    if (fabs(v) < 1000) {
        snprintf(buf, sizeof(buf), "%.4g", v);
        if (strlen(buf) > 5)
            snprintf(buf, sizeof(buf), "%.3g", v);
        if (strlen(buf) > 5) /* tiny fractions */
            snprintf(buf, sizeof(buf), "%.0e", v);
        strbuf_addstr(sb, buf);
        return;
    }
    for (;;) {
        snprintf(buf, sizeof(buf), "%.3g", v);
        if (fabs(strtod(buf, NULL)) < 1000 || i == 6)
            break;
        v /= 1000;
        i++;
    }
    strbuf_addf(sb, "%s%c", buf, suffix[i]);
}

/* A ratio in at most 6 columns: "0.123", "2.09", "35.5", "1.23k". */
static void fmt_ratio_short(struct strbuf *sb, double v)
{
    if (v == 0)
        strbuf_addstr(sb, "0");
    else if (fabs(v) < 0.001)
        strbuf_addstr(sb, v < 0 ? "-0.000" : "<0.001");
    else if (fabs(v) < 1)
        strbuf_addf(sb, "%.3f", v);
    else if (fabs(v) < 1000)
        strbuf_addf(sb, "%.3g", v);
    else
        fmt_si(sb, v);
}

/* Exact for whole counts; fractions (weighted by probabilities) to 10
 * significant digits, ratios to 4. */
static void fmt_exact(struct strbuf *sb, double v, bool ratio)
{
    if (!isfinite(v))
        strbuf_addstr(sb, "n/a");
    else if (ratio)
        strbuf_addf(sb, "%.4g", v);
    else if (report_is_integral(v))
        report_format_number(v, sb);
    else
        strbuf_addf(sb, "%.10g", v);
}

/* A measured per-unit figure is a difference of counts divided by the
 * units: whole numbers from 100 up, three significant digits below. */
static void fmt_measured(struct strbuf *sb, double v)
{
    if (!isfinite(v))
        strbuf_addstr(sb, "n/a");
    else if (fabs(v) >= 100)
        strbuf_addf(sb, "%.0f", v);
    else
        strbuf_addf(sb, "%.3g", v);
}

/* Rates always in giga, so they compare at a glance: "4.5 Gop/s",
 * "0.0454 Gop/s", "21.5 GB/s", "3.67 GHz". */
static void fmt_giga(struct strbuf *sb, double v, const char *unit)
{
    strbuf_addf(sb, "%.3g%cG%s", v / 1e9, NBSP, unit);
}

static void fmt_seconds(struct strbuf *sb, double s)
{
    report_format_seconds(s, NBSP, sb);
}

/* A formula; one short enough to fit a line (40 columns) is kept whole,
 * moving to the next line rather than breaking in two. */
static void add_formula(struct strbuf *sb, const char *formula)
{
    bool keep = strlen(formula) <= 40;
    for (const char *p = formula; *p; p++)
        strbuf_addch(sb, *p == ' ' && keep ? NBSP : *p);
}

/* An intensity that is unknown because its byte count is a known 0: the
 * kernel moves no bytes at that level, its intensity is unbounded. (The
 * JSON says null; a person reads "inf" better than "n/a".) */
static bool infinite_intensity(const struct report_kernel *k, enum report_fig f)
{
    enum report_fig den = f == RF_INTENSITY_TRAFFIC ? RF_TRAFFIC
                          : f == RF_INTENSITY_DRAM  ? RF_DRAM
                                                    : RF_NFIGS;
    return den != RF_NFIGS && !k->fig[f].known && k->fig[den].known && k->fig[den].value == 0 &&
           k->fig[RF_WORK].known && k->fig[RF_WORK].value > 0;
}

/* A figure in the details: its exact value, else its formula, else n/a. */
static void fig_exact(struct strbuf *sb, const struct report_kernel *k, enum report_fig f)
{
    const struct report_figure *fig = &k->fig[f];
    if (fig->known && isfinite(fig->value))
        fmt_exact(sb, fig->value, report_figs[f].ratio);
    else if (infinite_intensity(k, f))
        strbuf_addf(sb, "inf%c(no%cbytes)", NBSP, NBSP);
    else if (fig->symbolic)
        add_formula(sb, fig->symbolic);
    else
        strbuf_addstr(sb, "n/a");
}

/* A figure in a table cell of width w: rounded; else its formula when it
 * fits without spaces ("16*n"), else "sym" (the formula is in the details:
 * an elided formula would read as a different one). */
static void fig_cell(struct strbuf *sb, const struct report_figure *fig, bool ratio, size_t w)
{
    if (fig->known && isfinite(fig->value)) {
        if (ratio)
            fmt_ratio_short(sb, fig->value);
        else
            fmt_si(sb, fig->value);
        return;
    }
    if (!fig->symbolic) {
        strbuf_addstr(sb, "n/a");
        return;
    }
    size_t start = sb->len;
    for (const char *p = fig->symbolic; *p; p++)
        if (*p != ' ')
            strbuf_addch(sb, *p);
    if (text_cols(sb->buf + start, sb->len - start) > w) {
        strbuf_setlen(sb, start);
        strbuf_addstr(sb, "sym");
    }
}

/* Table */

static void cell(struct strbuf *line, const char *s, size_t w, bool right)
{
    size_t len = strlen(s), cut = prefix_fitting(s, len, w);
    size_t cols;
    if (cut < len) { /* elide: keep what fits with ".." */
        cut = prefix_fitting(s, len, w > 2 ? w - 2 : 0);
        cols = text_cols(s, cut) + 2;
    } else {
        cols = text_cols(s, len);
    }
    if (right)
        strbuf_addchars(line, ' ', w - cols);
    strbuf_add(line, s, cut);
    if (cut < len)
        strbuf_addstr(line, "..");
    if (!right)
        strbuf_addchars(line, ' ', w - cols);
}

static void end_line(struct strbuf *out, struct strbuf *line)
{
    while (line->len && line->buf[line->len - 1] == ' ')
        strbuf_setlen(line, line->len - 1);
    strbuf_addstr(out, line->buf);
    strbuf_addch(out, '\n');
    strbuf_reset(line);
}

static const struct {
    const char *head;
    enum report_fig fig;
} table_cols[] = {
    {"work", RF_WORK}, {"loads", RF_LOADS_BYTES},       {"stores", RF_STORES_BYTES},
    {"DRAM", RF_DRAM}, {"I.trf", RF_INTENSITY_TRAFFIC}, {"I.DRAM", RF_INTENSITY_DRAM},
};
#define NTABLE_COLS (sizeof(table_cols) / sizeof(table_cols[0]))

static const char *unit_of(const struct report_kernel *k)
{
    return k->unit ? k->unit : "call";
}

static void render_table(const struct report *r, int width, struct strbuf *out)
{
    struct strbuf line = STRBUF_INIT, sb = STRBUF_INIT;
    size_t name_w = strlen("kernel"), unit_w = strlen("unit");
    size_t fixed = 1 + NTABLE_COLS * (1 + CELL_W) + 1 + BOUND_W;

    for (size_t i = 0; i < r->nkernels; i++) {
        const struct report_kernel *k = &r->kernels[i];
        size_t n = text_cols(k->name ? k->name : "?", strlen(k->name ? k->name : "?"));
        if (n + !k->exact > name_w)
            name_w = n + !k->exact;
        n = text_cols(unit_of(k), strlen(unit_of(k)));
        if (n > unit_w)
            unit_w = n;
    }
    if (unit_w > 6) /* "record"; longer ones are named in full in the details */
        unit_w = 6;
    /* Too wide: elide names down to 16 columns, then units down to 5, then
     * names down to 6. */
    size_t avail = (size_t)width > fixed + 11 ? (size_t)width - fixed : 11;
    if (name_w + unit_w > avail && name_w > 16)
        name_w = avail > unit_w + 16 ? avail - unit_w : 16;
    if (name_w + unit_w > avail && unit_w > 5)
        unit_w = avail > name_w + 5 ? avail - name_w : 5;
    if (name_w + unit_w > avail)
        name_w = avail - unit_w;

    cell(&line, "kernel", name_w, false);
    strbuf_addch(&line, ' ');
    cell(&line, "unit", unit_w, false);
    for (size_t c = 0; c < NTABLE_COLS; c++) {
        strbuf_addch(&line, ' ');
        cell(&line, table_cols[c].head, CELL_W, true);
    }
    strbuf_addch(&line, ' ');
    cell(&line, "bound", BOUND_W, false);
    end_line(out, &line);

    strbuf_addchars(&line, '-', name_w);
    strbuf_addch(&line, ' ');
    strbuf_addchars(&line, '-', unit_w);
    for (size_t c = 0; c < NTABLE_COLS; c++) {
        strbuf_addch(&line, ' ');
        strbuf_addchars(&line, '-', CELL_W);
    }
    strbuf_addch(&line, ' ');
    strbuf_addchars(&line, '-', BOUND_W);
    end_line(out, &line);

    for (size_t i = 0; i < r->nkernels; i++) {
        const struct report_kernel *k = &r->kernels[i];
        const char *name = k->name ? k->name : "?";

        /* Names elide in the middle, where kernels of a family agree
         * (aes128_enc..block_bytes, aes128_enc..ck_ttable); the inexact mark
         * stays. */
        strbuf_reset(&sb);
        size_t len = strlen(name), cols = text_cols(name, len), w = name_w - !k->exact;
        if (cols > w) {
            size_t head = (w - 2) / 2, tail = w - 2 - head;
            strbuf_add(&sb, name, prefix_fitting(name, len, head));
            strbuf_addstr(&sb, "..");
            size_t from = prefix_fitting(name, len, cols - tail);
            strbuf_add(&sb, name + from, len - from);
        } else {
            strbuf_addstr(&sb, name);
        }
        if (!k->exact)
            strbuf_addch(&sb, '*');
        cell(&line, sb.buf, name_w, false);
        strbuf_addch(&line, ' ');
        cell(&line, unit_of(k), unit_w, false);
        for (size_t c = 0; c < NTABLE_COLS; c++) {
            enum report_fig f = table_cols[c].fig;
            strbuf_reset(&sb);
            if (infinite_intensity(k, f))
                strbuf_addstr(&sb, "inf");
            else
                fig_cell(&sb, &k->fig[f], report_figs[f].ratio, CELL_W);
            strbuf_addch(&line, ' ');
            cell(&line, sb.buf, CELL_W, true);
        }
        strbuf_reset(&sb);
        static const char *const bound_short[] = {"n/a", "mem", "comp"};
        strbuf_addstr(&sb, bound_short[k->bound]);
        if (k->attainable.known && isfinite(k->attainable.value))
            strbuf_addf(&sb, " %.3g", k->attainable.value / 1e9);
        strbuf_addch(&line, ' ');
        cell(&line, sb.buf, BOUND_W, false);
        end_line(out, &line);
    }

    wrap(out, width, "", 0,
         "Per unit of work. work: int ops + flops; loads, stores, DRAM: bytes; I: work "
         "ops per byte of traffic (trf) and of DRAM; bound: mem or comp, attainable Gop/s; "
         "sym: a formula, see below; n/a: unknown; *: inexact, see below.");
    strbuf_release(&line);
    strbuf_release(&sb);
}

/* Header */

static void render_machine(const struct report *r, int width, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    const struct hw_model *m = &r->machine;

    if (!r->has_machine) {
        wrap(out, width, "no machine model: ", 2, r->machine_why ? r->machine_why : "none given");
        return;
    }
    strbuf_addstr(&sb, m->cpu[0] ? m->cpu : "unnamed CPU");
    if (m->clock_hz > 0) {
        strbuf_addstr(&sb, ", ");
        fmt_giga(&sb, m->clock_hz, "Hz");
    }
    if (m->source[0])
        strbuf_addf(&sb, " (%s)", m->source);
    wrap(out, width, "machine: ", 2, sb.buf);

    strbuf_reset(&sb);
    for (int l = 0; l < HW_NLEVELS; l++) {
        const struct hw_level_info *li = &m->level[l];
        if (!li->present || !li->bw.valid)
            continue;
        strbuf_addf(&sb, "%s%s%c", sb.len ? ", " : "", hw_level_names[l], NBSP);
        fmt_giga(&sb, li->bw.value, "B/s");
    }
    for (int c = 0; c < HW_NCOMPUTE; c++) {
        if (!m->compute[c].valid)
            continue;
        strbuf_addf(&sb, "%s%s%c", sb.len ? ", " : "", hw_compute_names[c], NBSP);
        fmt_giga(&sb, m->compute[c].value, "op/s");
    }
    if (!sb.len)
        strbuf_addstr(&sb, "none measured");
    wrap(out, width, "roofs: ", 2, sb.buf);
    strbuf_release(&sb);
}

/* Why a kernel is inexact */

/* Whether some reason already contains needle ("--param L42=", a callee's
 * name), so the summary lines below need not repeat it. */
static bool in_reasons(const struct report_kernel *k, const char *needle)
{
    for (size_t i = 0; i < k->inexact_because.n; i++)
        if (strstr(k->inexact_because.v[i], needle))
            return true;
    return false;
}

static void render_inexact(const struct report_kernel *k, int width, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT, needle = STRBUF_INIT;
    size_t n = 0;

    strbuf_addf(&sb, "* %s is inexact:", k->name ? k->name : "?");
    wrap(out, width, "", 4, sb.buf);
    for (size_t i = 0; i < k->inexact_because.n; i++)
        wrap(out, width, "  - ", 4, k->inexact_because.v[i]);

    /* Symbols and calls no reason has named (with its --param hint). */
    strbuf_reset(&sb);
    for (size_t i = 0; i < k->unbound.n; i++) {
        strbuf_reset(&needle);
        strbuf_addf(&needle, "--param %s=", k->unbound.v[i]);
        if (in_reasons(k, needle.buf))
            continue;
        strbuf_addf(&sb, "%s--param%c%s=...", n++ ? " " : "", NBSP, k->unbound.v[i]);
    }
    if (n) {
        struct strbuf line = STRBUF_INIT;
        strbuf_addf(&line, "unbound: bind with %s", sb.buf);
        wrap(out, width, "  - ", 4, line.buf);
        strbuf_release(&line);
    }
    strbuf_reset(&sb);
    n = 0;
    for (size_t i = 0; i < k->opaque_calls.n; i++)
        if (!in_reasons(k, k->opaque_calls.v[i]))
            strbuf_addf(&sb, "%s%s", n++ ? ", " : "", k->opaque_calls.v[i]);
    if (n) {
        struct strbuf line = STRBUF_INIT;
        strbuf_addf(&line, "opaque calls (1 call each, their work not counted): %s", sb.buf);
        wrap(out, width, "  - ", 4, line.buf);
        strbuf_release(&line);
    }
    strbuf_release(&needle);
    strbuf_release(&sb);
}

/* Details */

static void class_line(struct strbuf *out, int width, const struct report_kernel *k,
                       const char *label, enum report_fig first, enum report_fig total)
{
    struct strbuf sb = STRBUF_INIT;
    for (int f = first; f < (int)total; f++) {
        const char *path = report_figs[f].path;
        strbuf_addf(&sb, "%s%s%c", f == (int)first ? "" : ", ", strchr(path, '.') + 1, NBSP);
        fig_exact(&sb, k, f);
    }
    strbuf_addf(&sb, "; total%c", NBSP);
    fig_exact(&sb, k, total);
    detail(out, width, label, sb.buf);
    strbuf_release(&sb);
}

/* A run figure's value as the details print it: counts as measured
 * differences, ratios to three digits, times and rates in their units. */
static void run_value(struct strbuf *sb, const struct report_run_fig_desc *d, double v)
{
    switch (d->unit) {
    case REPORT_RUN_UNIT_SECONDS:
        fmt_seconds(sb, v);
        break;
    case REPORT_RUN_UNIT_OPS_PER_S:
        fmt_giga(sb, v, "op/s");
        break;
    case REPORT_RUN_UNIT_NONE:
    case REPORT_RUN_UNIT_BYTES:
        if (d->kind == REPORT_RUN_KIND_COUNT)
            fmt_measured(sb, v);
        else
            strbuf_addf(sb, "%.3g", v);
        break;
    }
}

/* A run figure that is unknown: n/a, and why when only hardware counters
 * give it. */
static void run_unknown(struct strbuf *sb, const struct report_run_fig_desc *d,
                        const struct report_run *run)
{
    if (!d->na || !*d->na)
        strbuf_addstr(sb, "n/a");
    else if (run->counters && !strcmp(run->counters, "perf"))
        strbuf_addf(sb, "n/a (%s)", d->na);
    else
        strbuf_addstr(sb, "n/a (no hardware counters)");
}

/* Appends the run figures of one section in table order, ", " between items
 * (after whatever sb held past start): "label value", the label kept on one
 * line, or in the static section "value label", which reads as a sentence
 * ("1.57 instructions per static op"). */
static void add_run_section(struct strbuf *sb, size_t start, const struct report_run *run,
                            enum report_run_section section)
{
    struct strbuf value = STRBUF_INIT;
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        const struct report_run_fig_desc *d = &report_run_figs[f];
        struct report_num n = report_run_value(run, f);
        bool known = n.known && isfinite(n.value);
        if (d->section != section || (!known && !d->na))
            continue;
        strbuf_reset(&value);
        if (known)
            run_value(&value, d, n.value);
        else
            run_unknown(&value, d, run);
        if (sb->len > start)
            strbuf_addstr(sb, ", ");
        if (section == REPORT_RUN_SECTION_STATIC) {
            strbuf_addf(sb, "%s %s", value.buf, d->label);
            continue;
        }
        for (const char *p = d->label; *p; p++)
            strbuf_addch(sb, *p == ' ' ? NBSP : *p);
        if (*d->label)
            strbuf_addch(sb, NBSP);
        strbuf_addstr(sb, value.buf);
    }
    strbuf_release(&value);
}

static void render_run(const struct report_kernel *k, const struct report_run *run, int width,
                       struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;

    strbuf_addstr(&sb, run->label ? run->label : run->command ? run->command : "?");
    strbuf_addf(&sb, " (counters:%c%s, units%c%ld%cand%c%ld)", NBSP,
                run->counters ? run->counters : "?", NBSP, run->units[0], NBSP, NBSP,
                run->units[1]);
    detail(out, width, "run", sb.buf);

    strbuf_reset(&sb);
    strbuf_addf(&sb, "per%c%s: ", NBSP, unit_of(k));
    add_run_section(&sb, sb.len, run, REPORT_RUN_SECTION_RATES);
    detail(out, width, "", sb.buf);

    /* Memory and branch events, those the counters gave. */
    strbuf_reset(&sb);
    add_run_section(&sb, 0, run, REPORT_RUN_SECTION_MEMORY);
    add_run_section(&sb, 0, run, REPORT_RUN_SECTION_BRANCHES);
    if (sb.len)
        detail(out, width, "", sb.buf);

    strbuf_reset(&sb);
    add_run_section(&sb, 0, run, REPORT_RUN_SECTION_STATIC);
    if (run->static_falls_short) {
        strbuf_addf(&sb, "%sstatic estimate falls short", sb.len ? "; " : "");
        if (run->instructions_per_static_op.known &&
            isfinite(run->instructions_per_static_op.value))
            strbuf_addf(&sb, " x%.3g", run->instructions_per_static_op.value);
    }
    if (sb.len)
        detail(out, width, "", sb.buf);

    if (run->static_verdict || run->measured_verdict) {
        strbuf_reset(&sb);
        strbuf_addf(&sb, "static:%c%s; measured:%c%s", NBSP,
                    run->static_verdict ? run->static_verdict : "n/a", NBSP,
                    run->measured_verdict ? run->measured_verdict : "n/a");
        detail(out, width, "", sb.buf);
    }
    for (size_t i = 0; i < run->notes.n; i++) {
        strbuf_reset(&sb);
        strbuf_addf(&sb, "note: %s", run->notes.v[i]);
        detail(out, width, "", sb.buf);
    }
    strbuf_release(&sb);
}

static void render_details(const struct report_kernel *k, int width, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    const char *unit = unit_of(k);

    strbuf_addf(&sb, "%s (%s:%u), per%c%s", k->name ? k->name : "?", k->file ? k->file : "?",
                k->line, NBSP, unit);
    if (k->per && strcmp(k->per, "1"))
        strbuf_addf(&sb, " = call / (%s)", k->per);
    wrap(out, width, "", 2, sb.buf);

    if (k->nparams) {
        strbuf_reset(&sb);
        for (size_t i = 0; i < k->nparams; i++) {
            strbuf_addf(&sb, "%s%s=", i ? ", " : "", k->params[i].name);
            report_format_number(k->params[i].value, &sb);
        }
        detail(out, width, "params", sb.buf);
    }
    class_line(out, width, k, "int ops", RF_INT_ADD, RF_INT_TOTAL);
    class_line(out, width, k, "flops", RF_FLOP_ADD, RF_FLOP_TOTAL);

    strbuf_reset(&sb);
    strbuf_addf(&sb, "work%c", NBSP);
    fig_exact(&sb, k, RF_WORK);
    strbuf_addf(&sb, " (int%c", NBSP);
    fig_exact(&sb, k, RF_INT_TOTAL);
    strbuf_addf(&sb, ", flops%c", NBSP);
    fig_exact(&sb, k, RF_FLOP_TOTAL);
    strbuf_addf(&sb, "); control%c", NBSP);
    fig_exact(&sb, k, RF_CONTROL);
    strbuf_addf(&sb, ", address%c", NBSP);
    fig_exact(&sb, k, RF_ADDRESS);
    detail(out, width, "ops", sb.buf);

    strbuf_reset(&sb);
    strbuf_addf(&sb, "branches%c", NBSP);
    fig_exact(&sb, k, RF_BRANCHES);
    strbuf_addf(&sb, ", calls%c", NBSP);
    fig_exact(&sb, k, RF_CALLS);
    detail(out, width, "control", sb.buf);

    static const struct {
        const char *label;
        enum report_fig count, bytes;
    } access[] = {{"loads", RF_LOADS_COUNT, RF_LOADS_BYTES},
                  {"stores", RF_STORES_COUNT, RF_STORES_BYTES}};
    for (size_t a = 0; a < 2; a++) {
        strbuf_reset(&sb);
        fig_exact(&sb, k, access[a].count);
        strbuf_addf(&sb, "%caccesses, ", NBSP);
        fig_exact(&sb, k, access[a].bytes);
        strbuf_addf(&sb, "%cbytes", NBSP);
        detail(out, width, access[a].label, sb.buf);
    }

    strbuf_reset(&sb);
    strbuf_addf(&sb, "traffic%c", NBSP);
    fig_exact(&sb, k, RF_TRAFFIC);
    strbuf_addf(&sb, ", footprint%c", NBSP);
    fig_exact(&sb, k, RF_FOOTPRINT);
    strbuf_addf(&sb, ", DRAM%c", NBSP);
    fig_exact(&sb, k, RF_DRAM);
    detail(out, width, "bytes", sb.buf);

    strbuf_reset(&sb);
    strbuf_addf(&sb, "traffic%c", NBSP);
    fig_exact(&sb, k, RF_INTENSITY_TRAFFIC);
    strbuf_addf(&sb, ", DRAM%c", NBSP);
    fig_exact(&sb, k, RF_INTENSITY_DRAM);
    detail(out, width, "ops/byte", sb.buf);

    strbuf_reset(&sb);
    if (k->bound != REPORT_BOUND_NONE) {
        strbuf_addf(&sb, "%s (%s roof)", report_bound_names[k->bound], report_kernel_roof_name(k));
        if (k->attainable.known && isfinite(k->attainable.value)) {
            strbuf_addstr(&sb, ", attainable ");
            fmt_giga(&sb, k->attainable.value, "op/s");
        } else if (k->attainable.symbolic) {
            strbuf_addf(&sb, ", attainable %s op/s", k->attainable.symbolic);
        }
    } else {
        strbuf_addf(&sb, "n/a: %s", k->bound_why ? k->bound_why : "no reason given");
    }
    detail(out, width, "bound", sb.buf);

    if (k->openmp.n) {
        strbuf_reset(&sb);
        for (size_t i = 0; i < k->openmp.n; i++)
            strbuf_addf(&sb, "%s%s", i ? ", " : "", k->openmp.v[i]);
        strbuf_addstr(&sb, k->openmp_team ? "; OpenMP-parallel: the all-core roofs apply (the "
                                            "bound above is one core's)"
                                          : "; no team of threads of its own");
        detail(out, width, "openmp", sb.buf);
    }

    for (size_t i = 0; i < k->nruns; i++)
        render_run(k, &k->runs[i], width, out);
    strbuf_release(&sb);
}

void report_render_text(const struct report *r, int width, struct strbuf *out)
{
    if (width <= 0)
        width = 80;
    render_machine(r, width, out);
    strbuf_addch(out, '\n');
    if (!r->nkernels) {
        strbuf_addstr(out, "no kernels\n");
        return;
    }
    render_table(r, width, out);

    bool any_inexact = false;
    for (size_t i = 0; i < r->nkernels; i++) {
        if (r->kernels[i].exact)
            continue;
        if (!any_inexact)
            strbuf_addch(out, '\n');
        any_inexact = true;
        render_inexact(&r->kernels[i], width, out);
    }
    for (size_t i = 0; i < r->nkernels; i++) {
        strbuf_addch(out, '\n');
        render_details(&r->kernels[i], width, out);
    }
}
