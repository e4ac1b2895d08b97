/* plots: the roofline picture of a report as a gnuplot script and its data
 * file, and gnuplot run on them (no shell) to draw a PNG or SVG.
 *
 * Layout is decided here, not left to gnuplot: the plot area sits at fixed
 * screen margins, so the renderer knows where every roof, point and label
 * lands in pixels. That lets it rotate the memory-roof labels to the slope of
 * their lines and keep labels off each other with a small cost-based placer.
 * Numbers (roof segments, points, arrows) go to the data file; the script
 * holds the styles and the labels, every user string in single-quoted
 * gnuplot strings, in which gnuplot expands nothing (gp_quote_path). */
#include "plots/plots.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "common/fileio.h"
#include "common/proc.h"
#include "common/xalloc.h"

/* ---- Styles: data, not code ---- */

struct roof_style {
    const char *name; /* shown on the picture */
    const char *color;
    int dashtype;
    double linewidth;
};

static const struct roof_style level_styles[HW_NLEVELS] = {
    [HW_L1] = {"L1", "#41b6c4", 2, 2.0},
    [HW_L2] = {"L2", "#1d91c0", 4, 2.0},
    [HW_L3] = {"L3", "#225ea8", 5, 2.0},
    [HW_DRAM] = {"DRAM", "#081d58", 1, 3.5},
};

static const struct roof_style compute_styles[HW_NCOMPUTE] = {
    [HW_INT_SCALAR] = {"integer scalar", "#b35806", 1, 3.0},
    [HW_INT_SIMD] = {"integer SIMD", "#e08214", 2, 2.5},
    [HW_FP_SCALAR] = {"FP scalar", "#542788", 1, 3.0},
    [HW_FP_SIMD] = {"FP SIMD", "#8073ac", 2, 2.5},
};

/* The markers; the key lists the kinds that appear. */
enum mark_kind { MK_STATIC, MK_RIDGE, MK_NATIVE, MK_INTERP, MK_NKINDS };

static const struct mark_style {
    const char *key; /* legend entry */
    const char *color;
    int pointtype;
    double pointsize;
} mark_styles[MK_NKINDS] = {
    [MK_STATIC] = {"kernel (static count)", "#000000", 7, 2.2},
    [MK_RIDGE] = {"ridge point", "#081d58", 6, 1.8},
    [MK_NATIVE] = {"measured run", "#1a9850", 9, 2.6},
    [MK_INTERP] = {"measured run, interpreted", "#d73027", 5, 2.0},
};

#define ARROW_COLOR "#707070"
#define GRID_COLOR "#d9d9d9"
#define LEADER_COLOR "#9a9a9a"
#define FONT_FAMILY "DejaVu Sans"

/* Font size at the default size, px; fonts, lines and points scale with
 * the picture. */
#define BASE_FONT_PX 24.0
/* Kernels named beside their points, at most (see collect). */
#define MAX_NAMED_KERNELS 40

/* An axis spans at most this many decades beyond its roofs' own: points
 * farther out (an intensity of 1e308 from a count that overflowed, a
 * subnormal rate) would squeeze the roofs into a corner, or past the range
 * of a double, so they are listed under the picture instead. */
#define MAX_DECADES 12
/* Roofs closer than this factor share one label. */
#define ROOF_MERGE_FACTOR 1.15
/* Measured DRAM traffic below this, per unit, gives no measured intensity. */
#define MIN_MEASURED_DRAM_BYTES 1.0
/* Average advance of a character and line height, in font sizes (DejaVu Sans). */
#define CHAR_EM 0.52
#define LINE_EM 1.15

/* ---- Geometry: data coordinates to canvas pixels ---- */

struct geom {
    int w, h;                      /* canvas, px */
    double fs;                     /* font size (em), px */
    double pt_per_px;              /* font sizes in the script: pngcairo's are points at 96 dpi */
    double lxlo, lxhi, lylo, lyhi; /* log10 of the ranges: x ops/byte, y Gop/s */
    double pl, pr, pb, pt;         /* plot area, px from the canvas' left and bottom */
};

static double px_of(const struct geom *g, double x)
{
    return g->pl + (log10(x) - g->lxlo) / (g->lxhi - g->lxlo) * (g->pr - g->pl);
}

static double py_of(const struct geom *g, double y)
{
    return g->pb + (log10(y) - g->lylo) / (g->lyhi - g->lylo) * (g->pt - g->pb);
}

static double x_of(const struct geom *g, double px)
{
    return pow(10, g->lxlo + (px - g->pl) / (g->pr - g->pl) * (g->lxhi - g->lxlo));
}

static double y_of(const struct geom *g, double py)
{
    return pow(10, g->lylo + (py - g->pb) / (g->pt - g->pb) * (g->lyhi - g->lylo));
}

/* Slope of a bandwidth roof (y = bw x) on the canvas, in degrees. */
static double roof_angle(const struct geom *g)
{
    double ppd_x = (g->pr - g->pl) / (g->lxhi - g->lxlo);
    double ppd_y = (g->pt - g->pb) / (g->lyhi - g->lylo);
    return atan2(ppd_y, ppd_x) * 180.0 / M_PI;
}

/* ---- Label placement ---- */

struct box {
    double x0, y0, x1, y1;
    int owner; /* for line boxes: the roof; -1 otherwise */
};

struct scene {
    struct geom g;
    struct box *hard; /* markers, the key, placed labels: never cover */
    size_t nhard, ahard;
    struct box *soft; /* roof lines: cover only when nothing else fits */
    size_t nsoft, asoft;
};

static void add_box(struct box **v, size_t *n, size_t *alloc, double x0, double y0, double x1,
                    double y1, int owner)
{
    ALLOC_GROW(*v, *n + 1, *alloc);
    (*v)[(*n)++] = (struct box){x0, y0, x1, y1, owner};
}

static bool overlaps(const struct box *a, const struct box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* What covering these boxes costs: hard obstacles and leaving the plot area
 * weigh far more than crossing a line. Lines of owners [own_lo, own_hi) (a
 * roof's own line) cost nothing. */
static double boxes_cost(const struct scene *s, const struct box *b, size_t nb, int own_lo,
                         int own_hi)
{
    double cost = 0;
    for (size_t i = 0; i < nb; i++) {
        if (b[i].x0 < s->g.pl || b[i].x1 > s->g.pr || b[i].y0 < s->g.pb || b[i].y1 > s->g.pt)
            cost += 1000;
        for (size_t j = 0; j < s->nhard; j++)
            if (overlaps(&b[i], &s->hard[j]))
                cost += 100;
        for (size_t j = 0; j < s->nsoft; j++)
            if ((s->soft[j].owner < own_lo || s->soft[j].owner >= own_hi) &&
                overlaps(&b[i], &s->soft[j]))
                cost += 1;
    }
    return cost;
}

/* Width of a label in px: code points times an average advance. */
static double text_width(const struct geom *g, const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return (double)n * CHAR_EM * g->fs;
}

/* Boxes covering a label rotated by angle (degrees) whose left end, vertical
 * centre, is at (x, y): squares along its length. */
static size_t rotated_boxes(const struct geom *g, double x, double y, double width, double angle,
                            struct box *out, size_t max)
{
    double c = cos(angle * M_PI / 180), s = sin(angle * M_PI / 180);
    double side = LINE_EM * g->fs * 0.85;
    size_t n = 0;
    for (double u = side / 2; n < max; u += side) {
        double cu = u > width - side / 2 ? width - side / 2 : u;
        double cx = x + cu * c, cy = y + cu * s;
        out[n++] = (struct box){cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2, -1};
        if (u >= width - side / 2)
            break;
    }
    return n;
}

/* ---- Escaping ---- */

/* Appends s as a gnuplot string expression. Within single quotes gnuplot
 * expands nothing: no backslash escapes, no `command` substitution, no
 * @macros. A quote would be written twice, but gnuplot 5.4 ends the string
 * at the second of two such pairs in a row (it reads 'a''''b' as a'), so each
 * quote is concatenated instead: a'b becomes 'a'."'".'b', where "'" holds
 * nothing to expand. A file name goes through as it is (callers refuse
 * control characters in it). */
static void gp_quote_path(struct strbuf *sb, const char *s)
{
    bool first = true, open = false;

    if (!*s) {
        strbuf_addstr(sb, "''");
        return;
    }
    for (; *s; s++) {
        if (*s == '\'') {
            if (open)
                strbuf_addch(sb, '\'');
            strbuf_addstr(sb, first ? "\"'\"" : ".\"'\"");
            first = open = false;
            continue;
        }
        if (!open) {
            strbuf_addstr(sb, first ? "'" : ".'");
            first = false;
            open = true;
        }
        strbuf_addch(sb, *s);
    }
    if (open)
        strbuf_addch(sb, '\'');
}

/* A file name for the script: as gp_quote_path, a relative one behind "./"
 * so that no first character means anything to gnuplot. */
static void gp_quote_file(struct strbuf *sb, const char *path)
{
    if (path[0] == '/') {
        gp_quote_path(sb, path);
    } else {
        char *rel = xasprintf("./%s", path);
        gp_quote_path(sb, rel);
        free(rel);
    }
}

/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (p[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/* Text shown on the picture (kernel names, labels, the CPU), made safe for
 * any terminal a user may switch the script to: control characters become
 * spaces, backslashes '/', backquotes quotes, invalid UTF-8 '?', "]]>"
 * "]] >" (not XML text, and gnuplot's SVG does not escape it). Enhanced
 * text markup (^ _ @ & { }) is off: the terminal and every label are
 * noenhanced. The result is plain text, quoted by gp_quote_path. */
static char *display_text(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p >= 0x80) {
            size_t n = utf8_len(p);
            if (n) {
                strbuf_add(&sb, p, n);
                p += n;
            } else {
                strbuf_addch(&sb, '?');
                p++;
            }
            continue;
        }
        int c = *p++;
        if (c < 0x20 || c == 0x7f)
            c = ' ';
        else if (c == '\\')
            c = '/';
        else if (c == '`')
            c = '\'';
        /* gnuplot's SVG terminal escapes < and & but not >, and "]]>" may
         * not appear in XML text. */
        if (c == '>' && sb.len >= 2 && !strcmp(sb.buf + sb.len - 2, "]]"))
            strbuf_addch(&sb, ' ');
        strbuf_addch(&sb, c);
    }
    return strbuf_detach(&sb, NULL);
}

static void gp_quote_text(struct strbuf *sb, const char *s)
{
    char *t = display_text(s);
    gp_quote_path(sb, t);
    free(t);
}

static bool has_control_chars(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* ---- Numbers as people read them ---- */

/* 3 significant figures at most, no exponent for the usual range. */
static void add_figure(struct strbuf *sb, double v)
{
    if (v >= 100)
        strbuf_addf(sb, "%.0f", v);
    else if (v >= 10)
        strbuf_addf(sb, "%.1f", v);
    else if (v >= 0.1)
        strbuf_addf(sb, "%.2f", v);
    else
        strbuf_addf(sb, "%.2g", v);
}

/* ---- What is drawn ---- */

struct roof {
    int idx;      /* enum hw_level or enum hw_compute */
    double value; /* GB/s or Gop/s */
    const struct roof_style *style;
    double x0, y0, x1, y1; /* the drawn segment */
};

struct mark {
    enum mark_kind kind;
    double x, y;
    char *text; /* owned; NULL: no label */
    const char *color;
    char *who; /* owned: what the point is, for the caption if it is not drawn */
};

struct picture {
    struct roof mem[HW_NLEVELS], comp[HW_NCOMPUTE];
    size_t nmem, ncomp;
    double bw_top, peak_top; /* the highest bandwidth and compute roofs */
    struct mark *marks;
    size_t nmarks, amarks;
    struct { /* arrows from a static point to its measured run */
        double x0, y0, x1, y1;
    } * arrows;
    size_t narrows, aarrows;
    struct strlist skipped; /* "name (why)" */
    struct strlist notes;   /* runs drawn at the static intensity (no DRAM traffic) */
    size_t unnamed;         /* kernels drawn without their names (too many) */
};

static void picture_release(struct picture *p)
{
    for (size_t i = 0; i < p->nmarks; i++) {
        free(p->marks[i].text);
        free(p->marks[i].who);
    }
    free(p->marks);
    free(p->arrows);
    strlist_release(&p->skipped);
    strlist_release(&p->notes);
}

/* Takes text and who. */
static void add_mark(struct picture *p, enum mark_kind kind, double x, double y, char *text,
                     char *who)
{
    ALLOC_GROW(p->marks, p->nmarks + 1, p->amarks);
    p->marks[p->nmarks++] = (struct mark){kind, x, y, text, mark_styles[kind].color, who};
}

static bool positive(double v)
{
    return isfinite(v) && v > 0;
}

/* Why a kernel has no static point, or NULL when it has one. */
static char *why_not_drawn(const struct report_kernel *k)
{
    const struct report_figure *in = &k->fig[RF_INTENSITY_DRAM];
    struct strbuf sb = STRBUF_INIT;

    if (in->known && positive(in->value) && k->attainable.known && positive(k->attainable.value))
        return NULL;
    if (!in->known && k->unbound.n) {
        strbuf_addstr(&sb, "depends on ");
        for (size_t i = 0; i < k->unbound.n; i++)
            strbuf_addf(&sb, "%s%s", i ? ", " : "", k->unbound.v[i]);
    } else if (!in->known && in->symbolic) {
        strbuf_addf(&sb, "intensity %s", in->symbolic);
    } else if (!in->known && k->fig[RF_DRAM].known && k->fig[RF_DRAM].value == 0) {
        strbuf_addstr(&sb, "no DRAM traffic");
    } else if (!in->known) {
        strbuf_addstr(&sb, "intensity unknown");
    } else if (in->value == 0) {
        strbuf_addstr(&sb, "no work ops");
    } else if (!positive(in->value)) {
        strbuf_addf(&sb, "intensity %g, not a positive number", in->value);
    } else if (k->attainable.known) {
        strbuf_addf(&sb, "attainable rate %g op/s, not a positive number", k->attainable.value);
    } else if (k->bound_why) {
        strbuf_addf(&sb, "%s", k->bound_why);
    } else {
        strbuf_addstr(&sb, "no attainable rate");
    }
    return strbuf_detach(&sb, NULL);
}

static void add_kernel_marks(struct picture *p, const struct report_kernel *k)
{
    const char *name = k->name ? k->name : "(unnamed)";
    char *why = why_not_drawn(k);

    if (why) {
        char *s = xasprintf("%s (%s)", name, why);
        strlist_add(&p->skipped, s);
        free(s);
        free(why);
        return;
    }
    double x = k->fig[RF_INTENSITY_DRAM].value, y = k->attainable.value / 1e9;
    add_mark(p, MK_STATIC, x, y, xasprintf("%s (per %s)", name, k->unit ? k->unit : "call"),
             xstrdup(name));

    for (size_t i = 0; i < k->nruns; i++) {
        const struct report_run *run = &k->runs[i];
        const char *label = run->label ? run->label : run->command ? run->command : "run";
        if (!run->achieved_ops_per_s.known || !positive(run->achieved_ops_per_s.value)) {
            strlist_addf(&p->skipped, "%s: %s (no measured rate)", name, label);
            continue;
        }
        /* Measured intensity where the counters gave DRAM bytes, else the
         * static one. */
        double mx = x;
        if (run->measured_dram_bytes.known && k->fig[RF_WORK].known &&
            positive(k->fig[RF_WORK].value)) {
            /* Under a byte per unit is a last-level miss every so many
             * units: no traffic to speak of, and no intensity to draw. */
            if (run->measured_dram_bytes.value >= MIN_MEASURED_DRAM_BYTES) {
                mx = k->fig[RF_WORK].value / run->measured_dram_bytes.value;
                if (!positive(mx)) { /* work ops past the range of a double */
                    strlist_addf(&p->skipped, "%s: %s (measured intensity %g)", name, label, mx);
                    continue;
                }
            } else {
                strlist_add(&p->notes, label);
            }
        }
        double my = run->achieved_ops_per_s.value / 1e9;
        char *text;
        if (run->interpreter) {
            if (run->instructions_per_static_op.known &&
                positive(run->instructions_per_static_op.value))
                text = xasprintf("%s: static estimate falls short x%.0f", label,
                                 round(run->instructions_per_static_op.value));
            else
                text = xasprintf("%s: interpreted (%s)", label, run->interpreter);
        } else {
            text = xstrdup(label);
        }
        add_mark(p, run->interpreter ? MK_INTERP : MK_NATIVE, mx, my, text,
                 xasprintf("%s: %s", name, label));
        ALLOC_GROW(p->arrows, p->narrows + 1, p->aarrows);
        p->arrows[p->narrows].x0 = x;
        p->arrows[p->narrows].y0 = y;
        p->arrows[p->narrows].x1 = mx;
        p->arrows[p->narrows].y1 = my;
        p->narrows++;
    }
}

/* Roofs, sorted from the highest down. */
static int cmp_roof_desc(const void *a, const void *b)
{
    double va = ((const struct roof *)a)->value, vb = ((const struct roof *)b)->value;
    return va < vb   ? 1
           : va > vb ? -1
                     : ((const struct roof *)a)->idx - ((const struct roof *)b)->idx;
}

static int collect(const struct report *r, struct picture *p, char *err, size_t errlen)
{
    const struct hw_model *m = &r->machine;

    if (!r->has_machine) {
        snprintf(err, errlen,
                 "the report has no machine model (%s), so there are no roofs to draw; "
                 "analyze again with --machine FILE",
                 r->machine_why ? r->machine_why : "no reason given");
        return -EINVAL;
    }
    /* Roofs where no machine has them would put the picture past the
     * range of a double; models read from files are checked already. */
    char why[256];
    if (hw_model_check(m, why, sizeof why)) {
        snprintf(err, errlen, "the machine model is not one a machine can have: %s", why);
        return -EINVAL;
    }
    for (int l = 0; l < HW_NLEVELS; l++)
        if (m->level[l].present && m->level[l].bw.valid && positive(m->level[l].bw.value))
            p->mem[p->nmem++] = (struct roof){
                .idx = l, .value = m->level[l].bw.value / 1e9, .style = &level_styles[l]};
    for (int c = 0; c < HW_NCOMPUTE; c++)
        if (m->compute[c].valid && positive(m->compute[c].value))
            p->comp[p->ncomp++] = (struct roof){
                .idx = c, .value = m->compute[c].value / 1e9, .style = &compute_styles[c]};
    if (!p->nmem && !p->ncomp) {
        snprintf(err, errlen, "the machine model has no measured roof to draw");
        return -EINVAL;
    }
    qsort(p->mem, p->nmem, sizeof(p->mem[0]), cmp_roof_desc);
    qsort(p->comp, p->ncomp, sizeof(p->comp[0]), cmp_roof_desc);
    p->bw_top = p->nmem ? p->mem[0].value : 0;
    p->peak_top = p->ncomp ? p->comp[0].value : 0;

    /* Ridge points: where DRAM, the roof of the points' x axis, meets each
     * compute roof (one per group of nearly equal roofs). */
    const struct hw_level_info *dram = &m->level[HW_DRAM];
    if (dram->present && dram->bw.valid && positive(dram->bw.value)) {
        double bw = dram->bw.value / 1e9;
        for (size_t c = 0; c < p->ncomp; c++) {
            if (c && p->comp[c - 1].value / p->comp[c].value < ROOF_MERGE_FACTOR)
                continue;
            struct strbuf sb = STRBUF_INIT;
            double ridge = hw_roof_ridge(p->comp[c].value, bw);
            add_figure(&sb, ridge);
            strbuf_addstr(&sb, " ops/B");
            add_mark(p, MK_RIDGE, ridge, p->comp[c].value, strbuf_detach(&sb, NULL),
                     xstrdup("ridge point"));
        }
    }
    for (size_t i = 0; i < r->nkernels; i++)
        add_kernel_marks(p, &r->kernels[i]);
    /* Hundreds of names (every function of a large file) would only cover
     * each other: past a few dozen kernels, the points go unnamed, and the
     * caption says so. */
    size_t nkernels = 0;
    for (size_t i = 0; i < p->nmarks; i++)
        nkernels += p->marks[i].kind == MK_STATIC;
    if (nkernels > MAX_NAMED_KERNELS) {
        for (size_t i = 0; i < p->nmarks; i++)
            if (p->marks[i].kind == MK_STATIC) {
                free(p->marks[i].text);
                p->marks[i].text = NULL;
            }
        p->unnamed = nkernels;
    }
    return 0;
}

/* ---- Ranges and layout ---- */

/* Caption lines, from the bottom: what was not drawn, the unnamed
 * kernels, the runs drawn at the static intensity. */
static int caption_lines(const struct picture *p)
{
    return (p->notes.n > 0) + (p->skipped.n > 0) + (p->unnamed > 0);
}

/* One caption line under the x axis (line 0 the lowest): prefix and the
 * items, as many as fit, then how many more. */
static void emit_caption(struct strbuf *script, int *nlabel, const struct geom *g,
                         const char *prefix, const struct strlist *items, int line)
{
    struct strbuf cap = STRBUF_INIT;
    double room = (g->w - 2.0 * g->fs) / (CHAR_EM * 0.8 * g->fs);

    strbuf_addstr(&cap, prefix);
    for (size_t i = 0; i < items->n; i++) {
        size_t before = cap.len;
        strbuf_addf(&cap, "%s%s", i ? "; " : "", items->v[i]);
        if (i && cap.len > room) {
            strbuf_setlen(&cap, before);
            strbuf_addf(&cap, "; and %zu more (see the report)", items->n - i);
            break;
        }
    }
    strbuf_addf(script, "set label %d ", ++*nlabel);
    gp_quote_text(script, cap.buf);
    strbuf_addf(script,
                " at screen %.4f,%.4f left front noenhanced font ',%.0f' textcolor rgb '#404040'\n",
                g->fs / g->w, (0.7 + 1.1 * line) * g->fs / g->h, g->fs * 0.8 * g->pt_per_px);
    strbuf_release(&cap);
}

static void key_size(const struct geom *g, const bool *kinds, double *w, double *h)
{
    int n = 0;
    double tw = 0;
    for (int k = 0; k < MK_NKINDS; k++) {
        if (!kinds[k])
            continue;
        n++;
        double t = text_width(g, mark_styles[k].key);
        tw = t > tw ? t : tw;
    }
    *w = n ? tw + 5.0 * g->fs : 0;
    *h = n ? (n * LINE_EM + 1.0) * g->fs : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The decades [*lo, *hi] an axis shows (log10 of its ends): the roofs'
 * own [core_lo, core_hi] (whole decades), widened for the points at
 * v[0..n) (their log10) by at most MAX_DECADES in all, split between the
 * two sides; pad_lo and pad_hi are the room left beside the outermost
 * points. A point out of reach widens nothing (it is not drawn). */
static void axis_range(double core_lo, double core_hi, const double *v, size_t n, double pad_lo,
                       double pad_hi, double *lo, double *hi)
{
    double room = fmax(0, MAX_DECADES - (core_hi - core_lo));
    double want_lo = core_lo, want_hi = core_hi;
    for (size_t i = 0; i < n; i++) {
        double l = floor(v[i] - pad_lo), h = ceil(v[i] + pad_hi);
        if (l >= core_lo - room && l < want_lo)
            want_lo = l;
        if (h <= core_hi + room && h > want_hi)
            want_hi = h;
    }
    double need_lo = core_lo - want_lo, need_hi = want_hi - core_hi;
    if (need_lo + need_hi > room) {
        double half = floor(room / 2);
        if (need_lo <= half)
            need_hi = room - need_lo;
        else if (need_hi <= room - half)
            need_lo = room - need_hi;
        else {
            need_lo = half;
            need_hi = room - half;
        }
    }
    *lo = core_lo - need_lo;
    *hi = core_hi + need_hi;
}

/* What the axes show: the roofs, their ridge points, and the points
 * within MAX_DECADES of them; the points beyond are taken off the picture
 * and listed under it ("Not drawn:"), with the measured runs' arrows that
 * start or end there. */
static void ranges(struct picture *p, struct geom *g)
{
    double *v = xcalloc(p->nmarks + 1, sizeof *v);
    double core_lo, core_hi, ymin = INFINITY, ymax = -INFINITY;

    /* x: the ridges of every compute roof with every bandwidth roof; with
     * none (only one kind of roof), the middle of the points. */
    double rmin = INFINITY, rmax = -INFINITY;
    for (size_t c = 0; c < p->ncomp; c++)
        for (size_t l = 0; l < p->nmem; l++) {
            rmin = fmin(rmin, hw_roof_ridge(p->comp[c].value, p->mem[l].value));
            rmax = fmax(rmax, hw_roof_ridge(p->comp[c].value, p->mem[l].value));
        }
    for (size_t i = 0; i < p->nmarks; i++)
        v[i] = log10(p->marks[i].x);
    if (!isfinite(rmin) && p->nmarks) {
        double *sorted = xcalloc(p->nmarks, sizeof *sorted);
        memcpy(sorted, v, p->nmarks * sizeof *sorted);
        qsort(sorted, p->nmarks, sizeof *sorted, cmp_double);
        rmin = rmax = pow(10, sorted[p->nmarks / 2]);
        free(sorted);
    }
    if (!isfinite(rmin)) {
        rmin = 0.1;
        rmax = 10;
    }
    core_lo = floor(log10(rmin) - 0.5);
    core_hi = ceil(log10(rmax) + 0.3);
    axis_range(core_lo, core_hi, v, p->nmarks, 0.5, 0.3, &g->lxlo, &g->lxhi);
    while (g->lxhi - g->lxlo < 4) {
        g->lxlo -= 1;
        if (g->lxhi - g->lxlo < 4)
            g->lxhi += 1;
    }

    /* y: the compute roofs, and the bandwidth roofs from the left edge. */
    ymax = p->ncomp ? p->peak_top : p->bw_top * pow(10, g->lxhi);
    for (size_t l = 0; l < p->nmem; l++)
        ymin = fmin(ymin, p->mem[l].value * pow(10, g->lxlo));
    for (size_t c = 0; c < p->ncomp; c++)
        ymin = fmin(ymin, p->comp[c].value / 100);
    for (size_t i = 0; i < p->nmarks; i++)
        v[i] = log10(p->marks[i].y);
    axis_range(floor(log10(ymin) - 0.3), ceil(log10(ymax) + 0.4), v, p->nmarks, 0.3, 0.4, &g->lylo,
               &g->lyhi);
    free(v);

    double xlo = pow(10, g->lxlo), xhi = pow(10, g->lxhi);
    double ylo = pow(10, g->lylo), yhi = pow(10, g->lyhi);
    size_t kept = 0;
    for (size_t i = 0; i < p->nmarks; i++) {
        struct mark *mk = &p->marks[i];
        bool in_x = mk->x >= xlo && mk->x <= xhi, in_y = mk->y >= ylo && mk->y <= yhi;
        if (in_x && in_y) {
            p->marks[kept++] = *mk;
            continue;
        }
        if (in_x)
            strlist_addf(&p->skipped, "%s (%.3g Gop/s, off the scale)", mk->who, mk->y);
        else
            strlist_addf(&p->skipped, "%s (intensity %.3g ops/B, off the scale)", mk->who, mk->x);
        if (mk->kind == MK_STATIC && p->unnamed)
            p->unnamed--;
        free(mk->text);
        free(mk->who);
    }
    p->nmarks = kept;
    kept = 0;
    for (size_t i = 0; i < p->narrows; i++) {
        double x0 = p->arrows[i].x0, y0 = p->arrows[i].y0;
        double x1 = p->arrows[i].x1, y1 = p->arrows[i].y1;
        if (x0 >= xlo && x0 <= xhi && y0 >= ylo && y0 <= yhi && x1 >= xlo && x1 <= xhi &&
            y1 >= ylo && y1 <= yhi)
            p->arrows[kept++] = p->arrows[i];
    }
    p->narrows = kept;
}

/* The plot area's place on the canvas (after ranges: the caption under it
 * lists what ranges left out). */
static void layout(struct picture *p, const bool *kinds, int w, int h, struct geom *g)
{
    g->w = w;
    g->h = h;
    g->fs =
        round(BASE_FONT_PX * fmin((double)w / PLOT_DEFAULT_WIDTH, (double)h / PLOT_DEFAULT_HEIGHT));
    if (g->fs < 8)
        g->fs = 8;
    /* Margins in font sizes: tick labels and the y label on the left, tick
     * labels and the x label below, the title above, a caption line for
     * kernels not drawn. */
    g->pl = 5.8 * g->fs;
    g->pr = w - 1.6 * g->fs;
    g->pb = (4.4 + 1.1 * caption_lines(p)) * g->fs;
    g->pt = h - 3.0 * g->fs;

    /* The key goes top left, above the roofs: widen the x range to the left
     * until the highest bandwidth roof passes under it. */
    double kw, kh;
    key_size(g, kinds, &kw, &kh);
    for (int i = 0; i < 4 && kw > 0 && p->nmem; i++) {
        double line_y = py_of(g, p->bw_top * x_of(g, g->pl + kw + g->fs));
        if (line_y < g->pt - kh - g->fs)
            break;
        /* Room above the roofs first; a wider x range squeezes the rest. */
        if (i == 0)
            g->lyhi += 1;
        else
            g->lxlo -= 1;
    }
}

/* The drawn segments of the roofs: bandwidth roofs from where they enter the
 * plot to the highest compute roof, compute roofs from the highest
 * bandwidth roof to the right edge. */
static void segments(struct picture *p, const struct geom *g)
{
    double xlo = pow(10, g->lxlo), xhi = pow(10, g->lxhi);
    double ylo = pow(10, g->lylo), yhi = pow(10, g->lyhi);

    for (size_t l = 0; l < p->nmem; l++) {
        struct roof *m = &p->mem[l];
        m->x0 = fmax(xlo, ylo / m->value);
        m->x1 = fmin(xhi, hw_roof_ridge(p->ncomp ? p->peak_top : yhi, m->value));
        m->y0 = m->value * m->x0;
        m->y1 = m->value * m->x1;
    }
    for (size_t c = 0; c < p->ncomp; c++) {
        struct roof *r = &p->comp[c];
        r->x0 = p->nmem ? fmax(xlo, r->value / p->bw_top) : xlo;
        r->x1 = xhi;
        r->y0 = r->y1 = r->value;
    }
}

/* Soft boxes along a segment, so labels keep off the lines if they can. */
static void line_boxes(struct scene *s, double x0, double y0, double x1, double y1, int owner)
{
    const struct geom *g = &s->g;
    double ax = px_of(g, x0), ay = py_of(g, y0), bx = px_of(g, x1), by = py_of(g, y1);
    double len = hypot(bx - ax, by - ay), step = g->fs * 0.4, half = g->fs * 0.15;
    for (double t = 0; t <= len; t += step) {
        double f = len > 0 ? t / len : 0;
        double cx = ax + f * (bx - ax), cy = ay + f * (by - ay);
        add_box(&s->soft, &s->nsoft, &s->asoft, cx - half, cy - half, cx + half, cy + half, owner);
    }
}

/* ---- The script ---- */

static void add_num(struct strbuf *sb, double v)
{
    strbuf_addf(sb, "%.6g", v);
}

/* A label at data coordinates (x, y). align: "left", "right", "center". */
static void emit_label(struct strbuf *sc, int *nlabel, const char *text, double x, double y,
                       const char *align, double angle, const char *color, bool boxed)
{
    strbuf_addf(sc, "set label %d ", ++*nlabel);
    gp_quote_text(sc, text);
    strbuf_addstr(sc, " at ");
    add_num(sc, x);
    strbuf_addch(sc, ',');
    add_num(sc, y);
    strbuf_addf(sc, " %s", align);
    if (angle != 0)
        strbuf_addf(sc, " rotate by %.1f", angle);
    strbuf_addf(sc, " front noenhanced textcolor rgb '%s'%s\n", color, boxed ? " boxed" : "");
}

/* Bandwidth roof labels: along their lines, above them, as far left as they
 * fit without covering the key or each other. */
static void place_memory_labels(struct scene *s, struct picture *p, struct strbuf *sc, int *nlabel)
{
    const struct geom *g = &s->g;
    double angle = roof_angle(g), c = cos(angle * M_PI / 180), sn = sin(angle * M_PI / 180);
    double lift = 0.85 * g->fs;

    for (size_t l = 0; l < p->nmem; l++) {
        struct roof *m = &p->mem[l];
        struct strbuf text = STRBUF_INIT;
        strbuf_addf(&text, "%s ", m->style->name);
        add_figure(&text, m->value);
        strbuf_addstr(&text, " GB/s");
        double tw = text_width(g, text.buf);
        double ax = px_of(g, m->x0), ay = py_of(g, m->y0);
        double len = hypot(px_of(g, m->x1) - ax, py_of(g, m->y1) - ay);
        double best_cost = INFINITY, best_u = 0;
        struct box bx[64];
        for (double u = g->fs; u <= fmax(g->fs, len - tw - g->fs); u += g->fs * 0.5) {
            double x = ax + u * c - lift * sn, y = ay + u * sn + lift * c;
            size_t n = rotated_boxes(g, x, y, tw, angle, bx, 64);
            double cost = boxes_cost(s, bx, n, (int)l, (int)l + 1) + u / len;
            if (cost < best_cost) {
                best_cost = cost;
                best_u = u;
            }
            if (cost < 1)
                break;
        }
        double x = ax + best_u * c - lift * sn, y = ay + best_u * sn + lift * c;
        size_t n = rotated_boxes(g, x, y, tw, angle, bx, 64);
        for (size_t i = 0; i < n; i++)
            add_box(&s->hard, &s->nhard, &s->ahard, bx[i].x0, bx[i].y0, bx[i].x1, bx[i].y1, -1);
        emit_label(sc, nlabel, text.buf, x_of(g, x), y_of(g, y), "left", angle, m->style->color,
                   false);
        strbuf_release(&text);
    }
}

/* Compute roof labels, right-aligned above their lines; nearly equal roofs
 * share one label ("FP SIMD 114, integer SIMD 112 Gop/s"). */
static void place_compute_labels(struct scene *s, struct picture *p, struct strbuf *sc, int *nlabel)
{
    const struct geom *g = &s->g;

    for (size_t c = 0; c < p->ncomp;) {
        size_t end = c + 1;
        while (end < p->ncomp && p->comp[end - 1].value / p->comp[end].value < ROOF_MERGE_FACTOR)
            end++;
        struct strbuf text = STRBUF_INIT, first = STRBUF_INIT, other = STRBUF_INIT;
        bool same = true;
        add_figure(&first, p->comp[c].value);
        for (size_t i = c + 1; i < end; i++) {
            strbuf_reset(&other);
            add_figure(&other, p->comp[i].value);
            same = same && !strcmp(first.buf, other.buf);
        }
        for (size_t i = c; i < end; i++) {
            strbuf_addf(&text, "%s%s", i == c ? "" : same ? " and " : ", ", p->comp[i].style->name);
            if (!same) {
                strbuf_addch(&text, ' ');
                add_figure(&text, p->comp[i].value);
            }
        }
        if (same)
            strbuf_addf(&text, " %s", first.buf);
        strbuf_addstr(&text, " Gop/s");
        strbuf_release(&first);
        strbuf_release(&other);
        /* Glyph height, not line height: the label sits close to its line. */
        double tw = text_width(g, text.buf), th = 1.0 * g->fs;
        double above = py_of(g, p->comp[c].value) + 0.85 * g->fs;
        double below = py_of(g, p->comp[end - 1].value) - 0.85 * g->fs;
        double best_cost = INFINITY, bx = 0, by = 0;
        double line_start = px_of(g, p->comp[c].x0);
        for (int side = 0; side < 2; side++) {
            for (double right = g->pr - 0.5 * g->fs; right - tw > g->pl; right -= 2 * g->fs) {
                double y = side ? below : above;
                struct box b = {right - tw, y - th / 2, right, y + th / 2, -1};
                /* Over its own line, the further right the better; below
                 * the line before far to the left. */
                double cost = boxes_cost(s, &b, 1, HW_NLEVELS + (int)c, HW_NLEVELS + (int)end) +
                              (side ? 0.3 : 0) + 2 * (g->pr - right) / (g->pr - g->pl) +
                              (b.x0 < line_start - g->fs ? 50 : 0);
                if (cost < best_cost) {
                    best_cost = cost;
                    bx = right;
                    by = y;
                }
            }
        }
        add_box(&s->hard, &s->nhard, &s->ahard, bx - tw, by - th / 2, bx, by + th / 2, -1);
        emit_label(sc, nlabel, text.buf, x_of(g, bx), y_of(g, by), "right", 0,
                   p->comp[c].style->color, true);
        strbuf_release(&text);
        c = end;
    }
}

static int cmp_mark_rightmost(const void *a, const void *b)
{
    const struct mark *ma = *(const struct mark *const *)a, *mb = *(const struct mark *const *)b;
    if (ma->x != mb->x)
        return ma->x < mb->x ? 1 : -1;
    if (ma->y != mb->y)
        return ma->y < mb->y ? 1 : -1;
    return ma < mb ? -1 : ma > mb; /* the report's order */
}

/* Point labels: beside, above or below their marker, wherever they cover
 * the least; kernels first, ridge points last. */
static void place_mark_labels(struct scene *s, struct picture *p, struct strbuf *sc, int *nlabel,
                              int *narrow)
{
    static const enum mark_kind order[] = {MK_STATIC, MK_NATIVE, MK_INTERP, MK_RIDGE};
    const struct geom *g = &s->g;
    /* Candidate spots in font sizes from the marker, best first; side 1:
     * the text starts there, -1: it ends there, 0: centred on it. */
    static const struct {
        int side;
        double dx, dy;
    } spots[] = {
        {1, 1.0, 0},     {1, -0.3, 1.3},   {1, -0.3, -1.3},  {-1, 0.3, 1.3},   {-1, 0.3, -1.3},
        {-1, -1.0, 0},   {0, 0, 1.4},      {0, 0, -1.4},     {1, 0.7, 2.6},    {1, 0.7, -2.6},
        {-1, -0.7, 2.6}, {-1, -0.7, -2.6}, {0, 0, 2.6},      {0, 0, -2.6},     {1, 0.7, 3.8},
        {1, 0.7, -3.8},  {-1, -0.7, 3.8},  {-1, -0.7, -3.8}, {0, 0, 3.8},      {0, 0, -3.8},
        {1, 0.7, 5.0},   {1, 0.7, -5.0},   {-1, -0.7, 5.0},  {-1, -0.7, -5.0}, {0, 0, 5.0},
        {0, 0, -5.0},    {1, 3.0, 2.6},    {1, 3.0, -2.6},   {-1, -3.0, 2.6},  {-1, -3.0, -2.6},
    };

    /* Rightmost first within a kind: a label near the right edge has the
     * fewest places to go. */
    struct mark **sorted = xcalloc(p->nmarks ? p->nmarks : 1, sizeof(*sorted));
    for (size_t i = 0; i < p->nmarks; i++)
        sorted[i] = &p->marks[i];
    qsort(sorted, p->nmarks, sizeof(*sorted), cmp_mark_rightmost);
    for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
        for (size_t i = 0; i < p->nmarks; i++) {
            struct mark *mk = sorted[i];
            if (mk->kind != order[o] || !mk->text)
                continue;
            double tw = text_width(g, mk->text), th = LINE_EM * g->fs;
            double mx = px_of(g, mk->x), my = py_of(g, mk->y);
            double best_cost = INFINITY;
            struct box best = {0};
            int best_side = 1;
            for (size_t k = 0; k < sizeof(spots) / sizeof(spots[0]); k++) {
                double ax = mx + spots[k].dx * g->fs, ay = my + spots[k].dy * g->fs;
                double x0 = spots[k].side > 0 ? ax : spots[k].side < 0 ? ax - tw : ax - tw / 2;
                struct box b = {x0, ay - th / 2, x0 + tw, ay + th / 2, -1};
                double cost = boxes_cost(s, &b, 1, 0, 0) + (double)k * 0.01;
                if (cost < best_cost) {
                    best_cost = cost;
                    best = b;
                    best_side = spots[k].side;
                }
            }
            add_box(&s->hard, &s->nhard, &s->ahard, best.x0, best.y0, best.x1, best.y1, -1);
            /* A label that had to move away gets a leader line to its point,
             * from the nearest point of its box. */
            double nx = fmin(fmax(mx, best.x0), best.x1), ny = fmin(fmax(my, best.y0), best.y1);
            if (hypot(nx - mx, ny - my) > 1.4 * g->fs) {
                double gap = 0.5 * g->fs / hypot(nx - mx, ny - my);
                strbuf_addf(sc, "set arrow %d from ", ++*narrow);
                add_num(sc, x_of(g, nx));
                strbuf_addch(sc, ',');
                add_num(sc, y_of(g, ny));
                strbuf_addstr(sc, " to ");
                add_num(sc, x_of(g, mx + (nx - mx) * gap));
                strbuf_addch(sc, ',');
                add_num(sc, y_of(g, my + (ny - my) * gap));
                strbuf_addf(sc, " nohead lw 1 lc rgb '%s' back\n", LEADER_COLOR);
            }
            double ax = best_side > 0 ? best.x0 : best_side < 0 ? best.x1 : (best.x0 + best.x1) / 2;
            emit_label(sc, nlabel, mk->text, x_of(g, ax), y_of(g, (best.y0 + best.y1) / 2),
                       best_side > 0   ? "left"
                       : best_side < 0 ? "right"
                                       : "center",
                       0, mk->kind == MK_RIDGE ? mk->color : "#000000", mk->kind != MK_RIDGE);
        }
    }
    free(sorted);
}

static void data_block(struct strbuf *data, int *index, const char *what)
{
    if (*index >= 0)
        strbuf_addstr(data, "\n\n");
    ++*index;
    strbuf_addf(data, "# index %d: %s\n", *index, what);
}

static const char *terminal_for(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".png"))
        return "pngcairo";
    if (n > 4 && !strcasecmp(path + n - 4, ".svg"))
        return "svg";
    return NULL;
}

int plot_script(const struct report *r, const char *out_path, const char *data_path,
                const struct plot_opts *opts, struct strbuf *script, struct strbuf *data, char *err,
                size_t errlen)
{
    struct picture p = {0};
    struct scene s = {0};
    struct strbuf plot = STRBUF_INIT, where = STRBUF_INIT;
    bool kinds[MK_NKINDS] = {false};
    int w = opts && opts->width_px ? opts->width_px : PLOT_DEFAULT_WIDTH;
    int h = opts && opts->height_px ? opts->height_px : PLOT_DEFAULT_HEIGHT;
    int ret = 0, nlabel = 0, narrow = 0, index = -1;
    const char *term = terminal_for(out_path);

    if (!term) {
        snprintf(err, errlen, "%s: the picture must be .png or .svg", out_path);
        ret = -EINVAL;
        goto out;
    }
    if (has_control_chars(out_path) || has_control_chars(data_path)) {
        snprintf(err, errlen, "%s: a file name with control characters cannot be plotted",
                 out_path);
        ret = -EINVAL;
        goto out;
    }
    if (w < 200 || h < 150 || w > 20000 || h > 20000) {
        snprintf(err, errlen, "%dx%d: the picture size must be 200x150 to 20000x20000 px", w, h);
        ret = -EINVAL;
        goto out;
    }
    if ((ret = collect(r, &p, err, errlen)))
        goto out;
    ranges(&p, &s.g);
    for (size_t i = 0; i < p.nmarks; i++)
        kinds[p.marks[i].kind] = true;
    s.g.pt_per_px = !strcmp(term, "svg") ? 1.0 : 0.75;
    layout(&p, kinds, w, h, &s.g);
    segments(&p, &s.g);
    const struct geom *g = &s.g;

    /* The data: one block per roof, then one per kind of marker. */
    strbuf_addstr(data, "# Roofline picture data written by roofline; columns: operational "
                        "intensity (ops/byte), performance (Gop/s)\n");
    for (size_t l = 0; l < p.nmem; l++) {
        struct roof *m = &p.mem[l];
        struct strbuf what = STRBUF_INIT;
        strbuf_addf(&what, "%s bandwidth roof, %.6g GB/s", m->style->name, m->value);
        data_block(data, &index, what.buf);
        strbuf_release(&what);
        strbuf_addf(data, "%.6g %.6g\n%.6g %.6g\n", m->x0, m->y0, m->x1, m->y1);
        strbuf_addf(&plot, "%sdatafile index %d with lines lw %.1f dt %d lc rgb '%s' notitle",
                    plot.len ? ", \\\n     " : "plot ", index, m->style->linewidth,
                    m->style->dashtype, m->style->color);
        line_boxes(&s, m->x0, m->y0, m->x1, m->y1, (int)l);
    }
    for (size_t c = 0; c < p.ncomp; c++) {
        struct roof *cr = &p.comp[c];
        struct strbuf what = STRBUF_INIT;
        strbuf_addf(&what, "%s compute roof, %.6g Gop/s", cr->style->name, cr->value);
        data_block(data, &index, what.buf);
        strbuf_release(&what);
        strbuf_addf(data, "%.6g %.6g\n%.6g %.6g\n", cr->x0, cr->y0, cr->x1, cr->y1);
        strbuf_addf(&plot, "%sdatafile index %d with lines lw %.1f dt %d lc rgb '%s' notitle",
                    plot.len ? ", \\\n     " : "plot ", index, cr->style->linewidth,
                    cr->style->dashtype, cr->style->color);
        line_boxes(&s, cr->x0, cr->y0, cr->x1, cr->y1, (int)(HW_NLEVELS + c));
    }
    if (p.narrows) {
        data_block(data, &index, "measured runs: from the static point (x, y) by (dx, dy)");
        for (size_t i = 0; i < p.narrows; i++)
            strbuf_addf(data, "%.6g %.6g %.6g %.6g\n", p.arrows[i].x0, p.arrows[i].y0,
                        p.arrows[i].x1 - p.arrows[i].x0, p.arrows[i].y1 - p.arrows[i].y0);
        for (size_t i = 0; i < p.narrows; i++)
            line_boxes(&s, p.arrows[i].x0, p.arrows[i].y0, p.arrows[i].x1, p.arrows[i].y1, -2);
        strbuf_addf(&plot,
                    ", \\\n     datafile index %d using 1:2:3:4 with vectors head filled "
                    "size screen 0.012,25 lw 2 lc rgb '%s' notitle",
                    index, ARROW_COLOR);
    }
    for (int k = 0; k < MK_NKINDS; k++) {
        if (!kinds[k])
            continue;
        data_block(data, &index, mark_styles[k].key);
        for (size_t i = 0; i < p.nmarks; i++) {
            if (p.marks[i].kind != (enum mark_kind)k)
                continue;
            strbuf_addf(data, "%.6g %.6g", p.marks[i].x, p.marks[i].y);
            if (p.marks[i].text) {
                /* For the reader of the data file; the plot labels come from
                 * the script. */
                char *t = display_text(p.marks[i].text);
                strbuf_addf(data, "  # %s", t);
                free(t);
            }
            strbuf_addch(data, '\n');
        }
        strbuf_addf(&plot,
                    ", \\\n     datafile index %d with points pt %d ps %.1f lc rgb '%s' title ",
                    index, mark_styles[k].pointtype,
                    mark_styles[k].pointsize * g->fs / BASE_FONT_PX, mark_styles[k].color);
        gp_quote_text(&plot, mark_styles[k].key);
    }

    /* Obstacles: every marker, and the key. */
    for (size_t i = 0; i < p.nmarks; i++) {
        double mx = px_of(g, p.marks[i].x), my = py_of(g, p.marks[i].y), half = 0.35 * g->fs;
        add_box(&s.hard, &s.nhard, &s.ahard, mx - half, my - half, mx + half, my + half, -1);
    }
    double kw, kh;
    key_size(g, kinds, &kw, &kh);
    if (kw > 0)
        add_box(&s.hard, &s.nhard, &s.ahard, g->pl, g->pt - kh - 0.5 * g->fs,
                g->pl + kw + 0.5 * g->fs, g->pt, -1);

    /* The script. */
    const char *base = strrchr(out_path, '/') ? strrchr(out_path, '/') + 1 : out_path;
    char *shown = display_text(base);
    strbuf_addf(script,
                "# Roofline picture %s, written by roofline with its data file. To restyle\n"
                "# it, edit this script and run gnuplot on it in its directory. Label\n"
                "# positions and the angle of the roof labels are worked out for this size.\n",
                shown);
    free(shown);
    strbuf_addstr(script, "set encoding utf8\n");
    if (!strcmp(term, "svg"))
        strbuf_addf(script,
                    "set terminal svg size %d,%d font '" FONT_FAMILY
                    ",%.0f' linewidth %.2f background '#ffffff' noenhanced\n",
                    w, h, g->fs * g->pt_per_px, g->fs / BASE_FONT_PX);
    else
        strbuf_addf(script,
                    "set terminal pngcairo size %d,%d font '" FONT_FAMILY
                    ",%.0f' linewidth %.2f background '#ffffff' noenhanced\n",
                    w, h, g->fs * g->pt_per_px, g->fs / BASE_FONT_PX);
    /* The names are defaults a run may set first (gnuplot -e "outfile=...":
     * plot_render runs this script on names of its own). A relative name
     * starts with "./": gnuplot reads an output beginning with '|' and data
     * beginning with '<' as commands to run, '-' as the terminal, and '~'
     * as the home directory. */
    strbuf_addstr(script, "if (!exists(\"outfile\")) outfile = ");
    gp_quote_file(script, out_path);
    strbuf_addstr(script, "\nif (!exists(\"datafile\")) datafile = ");
    gp_quote_file(script, data_path);
    strbuf_addstr(script, "\nset output outfile\n");

    const struct hw_model *m = &r->machine;
    strbuf_addf(&where, "Roofline of %s", *m->cpu ? m->cpu : "an unnamed CPU");
    strbuf_addstr(&where, " (one thread");
    if (positive(m->clock_hz))
        strbuf_addf(&where, ", %.2f GHz", m->clock_hz / 1e9);
    strbuf_addch(&where, ')');
    /* Title and axis labels at fixed places, as the plot area is: gnuplot's
     * own placement assumes its default margins. */
    strbuf_addstr(script, "set label 1001 ");
    gp_quote_text(script, where.buf);
    strbuf_addf(script, " at screen %.4f,%.4f center front noenhanced font ',%.0f'\n",
                (g->pl + g->pr) / 2 / w, (h - 1.5 * g->fs) / h, g->fs * 1.1 * g->pt_per_px);
    strbuf_addf(script,
                "set label 1002 'operational intensity (ops/byte of DRAM traffic)' at screen "
                "%.4f,%.4f center front noenhanced\n",
                (g->pl + g->pr) / 2 / w, (g->pb - 3.3 * g->fs) / h);
    strbuf_addf(script,
                "set label 1003 'performance (Gop/s)' at screen %.4f,%.4f center rotate by 90 "
                "front noenhanced\n",
                1.1 * g->fs / w, (g->pb + g->pt) / 2 / h);
    strbuf_addstr(script, "set logscale xy\n"
                          "set format x '%g'\nset format y '%g'\n");
    strbuf_addf(script, "set xrange [%.6g:%.6g]\nset yrange [%.6g:%.6g]\n", pow(10, g->lxlo),
                pow(10, g->lxhi), pow(10, g->lylo), pow(10, g->lyhi));
    strbuf_addf(script,
                "set lmargin at screen %.4f\nset rmargin at screen %.4f\n"
                "set bmargin at screen %.4f\nset tmargin at screen %.4f\n",
                g->pl / w, g->pr / w, g->pb / h, g->pt / h);
    strbuf_addf(script, "set grid xtics ytics lw 1 lc rgb '%s'\n", GRID_COLOR);
    strbuf_addstr(script, "set border lw 1.5\nset tics nomirror out\nset mxtics 10\n"
                          "set mytics 10\n");
    strbuf_addstr(script, "set style textbox opaque noborder margins 0.5,0.5\n");
    if (kw > 0)
        strbuf_addstr(script, "set key top left Left reverse samplen 1.5 spacing 1.25 "
                              "box lw 1 lc rgb '#bbbbbb' opaque width 1\n");
    else
        strbuf_addstr(script, "unset key\n");

    /* Points first: roof labels can slide along their lines, a point's
     * label has to stay beside its point. */
    place_mark_labels(&s, &p, script, &nlabel, &narrow);
    place_memory_labels(&s, &p, script, &nlabel);
    place_compute_labels(&s, &p, script, &nlabel);

    if (p.notes.n) {
        char *prefix = xasprintf("Measured under %g B of DRAM traffic per unit, so drawn at "
                                 "the static intensity: ",
                                 MIN_MEASURED_DRAM_BYTES);
        emit_caption(script, &nlabel, g, prefix, &p.notes, caption_lines(&p) - 1);
        free(prefix);
    }
    if (p.skipped.n)
        emit_caption(script, &nlabel, g, "Not drawn: ", &p.skipped, 0);
    if (p.unnamed) {
        struct strlist one = STRLIST_INIT;
        strlist_addf(&one, "%zu kernels, too many to name here: the report has their figures",
                     p.unnamed);
        emit_caption(script, &nlabel, g, "", &one, p.skipped.n > 0);
        strlist_release(&one);
    }
    strbuf_addstr(script, plot.buf);
    strbuf_addstr(script, "\n");
out:
    strbuf_release(&plot);
    strbuf_release(&where);
    free(s.hard);
    free(s.soft);
    picture_release(&p);
    return ret;
}

/* ---- Running gnuplot ---- */

/* Runs prog on script_name in dir (common/proc: no shell, its own process
 * group); its output (gnuplot writes errors to stderr) is kept, a few KiB.
 * Returns 0 when it exited 0, -ENOENT (or another -errno) when it could not
 * start, -EIO otherwise, with a message. */
static int run_gnuplot(const char *prog, const char *dir, const char *script_name,
                       const char *picture_name, const char *data_name, char *err, size_t errlen)
{
    struct strbuf arg = STRBUF_INIT, names = STRBUF_INIT;
    struct proc c;
    int ret;

    proc_init(&c);
    /* "./" keeps a script named "-x.gp" from reading as an option. The
     * names are the caller's own (plain words, no quotes): the script
     * takes them instead of its defaults. */
    strbuf_addf(&arg, "./%s", script_name);
    strbuf_addf(&names, "outfile = './%s'; datafile = './%s'", picture_name, data_name);
    char *argv[] = {(char *)prog, (char *)"-e", names.buf, arg.buf, NULL};
    struct proc_opts o = {.dir = dir, .capture_stdout = true};
    ret = proc_run(argv, &o, &c, err, errlen);
    if (ret == -ENOENT) {
        snprintf(err, errlen,
                 "%s: not found; install gnuplot to draw pictures (Debian, Ubuntu: "
                 "apt-get install gnuplot-nox)",
                 prog);
    } else if (ret == 0 && (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0)) {
        /* One line: gnuplot's message, its newlines and runs of blanks folded. */
        struct strbuf *out = &c.tail;
        size_t n = 0;
        for (size_t i = 0; i < out->len; i++) {
            char ch = out->buf[i] == '\n' || out->buf[i] == '\r' || out->buf[i] == '\t'
                          ? ' '
                          : out->buf[i];
            if (ch == ' ' && (n == 0 || out->buf[n - 1] == ' '))
                continue;
            out->buf[n++] = ch;
        }
        strbuf_setlen(out, n);
        while (out->len && out->buf[out->len - 1] == ' ')
            strbuf_setlen(out, out->len - 1);
        if (WIFEXITED(c.status))
            snprintf(err, errlen, "%s failed on %s (exit status %d): %.400s", prog, script_name,
                     WEXITSTATUS(c.status), out->len ? out->buf : "no message");
        else
            snprintf(err, errlen, "%s failed on %s (killed by signal %d)", prog, script_name,
                     WTERMSIG(c.status));
        ret = -EIO;
    }
    proc_release(&c);
    strbuf_release(&arg);
    strbuf_release(&names);
    return ret;
}

char *plot_sibling(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    return xasprintf("%.*s%s", (int)len, path, ext);
}

void plot_side_files(const char *out_path, char **script_path, char **data_path)
{
    *script_path = plot_sibling(out_path, ".gp");
    *data_path = plot_sibling(out_path, ".dat");
}

/* True when the file at path ends as a whole picture of its format does: a
 * PNG with its IEND chunk, an SVG with its closing tag. gnuplot exits 0
 * when the disk fills under the picture (cairo's write error is not its
 * exit status), leaving a file cut short. */
static bool picture_complete(const char *path, bool svg)
{
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char png_end[12] = {0,   0,   0,    0,    'I',  'E',
                                              'N', 'D', 0xae, 0x42, 0x60, 0x82};
    unsigned char head[8], tail[64];
    bool ok = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 20)
        goto out;
    off_t tlen = st.st_size < (off_t)sizeof tail ? st.st_size : (off_t)sizeof tail;
    if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
        pread(fd, tail, (size_t)tlen, st.st_size - tlen) != (ssize_t)tlen)
        goto out;
    if (!svg) {
        ok = !memcmp(head, png_sig, sizeof png_sig) &&
             !memcmp(tail + tlen - sizeof png_end, png_end, sizeof png_end);
    } else {
        size_t n = (size_t)tlen;
        while (n && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
            n--;
        ok = n >= 6 && !memcmp(tail + n - 6, "</svg>", 6);
    }
    /* Whole on disk before it is renamed into place. */
    if (ok && fsync(fd) < 0)
        ok = false;
out:
    close(fd);
    return ok;
}

int plot_render(const struct report *r, const char *out_path, const struct plot_opts *opts,
                char *err, size_t errlen)
{
    /* gnuplot is never handed a name of the user's: it runs in a private
     * directory on these, and the files are renamed to the user's names. */
    static const char *const own_names[3] = {"picture", "roofline.gp", "roofline.dat"};
    struct strbuf script = STRBUF_INIT, data = STRBUF_INIT, dir = STRBUF_INIT;
    struct strbuf tmpdir = STRBUF_INIT, tmp_file = STRBUF_INIT;
    char *finals[3] = {NULL, NULL, NULL}; /* picture, script, data: where they go */
    bool made_tmpdir = false;
    int ret = 0, tmpdir_cleanup = -1;

    const char *slash = strrchr(out_path, '/');
    const char *base = slash ? slash + 1 : out_path;
    if (slash)
        strbuf_add(&dir, out_path, (size_t)(slash - out_path) + (slash == out_path));
    else
        strbuf_addstr(&dir, ".");
    finals[0] = xstrdup(out_path);
    plot_side_files(out_path, &finals[1], &finals[2]);
    const char *data_base = strrchr(finals[2], '/') ? strrchr(finals[2], '/') + 1 : finals[2];

    /* The script the user gets names the files by their own names, beside
     * it, so that `gnuplot aes.gp` in that directory draws it again. */
    if ((ret = plot_script(r, base, data_base, opts, &script, &data, err, errlen)))
        goto out;
    if (has_control_chars(dir.buf)) {
        snprintf(err, errlen, "%s: a file name with control characters cannot be plotted",
                 out_path);
        ret = -EINVAL;
        goto out;
    }
    const char *ext = strrchr(base, '.');
    bool svg = ext && !strcasecmp(ext, ".svg");

    /* A private directory beside the picture, so the renames stay within
     * one file system: the three files appear only when gnuplot succeeded
     * and the picture is whole. */
    strbuf_addf(&tmpdir, "%s/.roofline-plot-XXXXXX", dir.buf);
    sigset_t old = cleanup_block(); /* made and registered, or neither */
    bool made = mkdtemp(tmpdir.buf) != NULL;
    int made_errno = errno;
    if (made)
        tmpdir_cleanup = cleanup_add_dir(tmpdir.buf);
    cleanup_unblock(&old);
    if (!made) {
        errno = made_errno;
        ret = -errno;
        snprintf(err, errlen, "%s: cannot create a temporary directory there: %s", dir.buf,
                 strerror(errno));
        goto out;
    }
    made_tmpdir = true;
    for (int i = 1; i <= 2; i++) {
        strbuf_reset(&tmp_file);
        strbuf_addf(&tmp_file, "%s/%s", tmpdir.buf, own_names[i]);
        const struct strbuf *content = i == 1 ? &script : &data;
        if ((ret = fileio_write_atomic(tmp_file.buf, content->buf, content->len, err, errlen))) {
            /* The message names the private file: say the user's. */
            const char *why = strstr(err, ": ") ? strstr(err, ": ") + 2 : err;
            char *msg = xstrdup(why);
            snprintf(err, errlen, "%s: %s", finals[i], msg);
            free(msg);
            goto out;
        }
    }
    if ((ret = run_gnuplot(opts && opts->gnuplot ? opts->gnuplot : "gnuplot", tmpdir.buf,
                           own_names[1], own_names[0], own_names[2], err, errlen)))
        goto out;
    strbuf_reset(&tmp_file);
    strbuf_addf(&tmp_file, "%s/%s", tmpdir.buf, own_names[0]);
    if (!picture_complete(tmp_file.buf, svg)) {
        struct stat st;
        if (stat(tmp_file.buf, &st) < 0 || st.st_size == 0)
            snprintf(err, errlen, "%s: gnuplot wrote no picture", out_path);
        else
            snprintf(err, errlen,
                     "%s: gnuplot's picture is cut short (%lld bytes): is the disk full?", out_path,
                     (long long)st.st_size);
        ret = -EIO;
        goto out;
    }
    /* The picture last: once it is there, its script and data are too. */
    for (int i = 2; i >= 0; i--) {
        strbuf_reset(&tmp_file);
        strbuf_addf(&tmp_file, "%s/%s", tmpdir.buf, own_names[i]);
        if (rename(tmp_file.buf, finals[i]) < 0) {
            ret = -errno;
            snprintf(err, errlen, "%s: cannot rename into place: %s", finals[i], strerror(errno));
            goto out;
        }
    }
out:
    if (made_tmpdir) {
        for (int i = 0; i < 3; i++) {
            strbuf_reset(&tmp_file);
            strbuf_addf(&tmp_file, "%s/%s", tmpdir.buf, own_names[i]);
            unlink(tmp_file.buf);
        }
        rmdir(tmpdir.buf);
        cleanup_remove(tmpdir_cleanup);
    }
    for (int i = 0; i < 3; i++)
        free(finals[i]);
    strbuf_release(&script);
    strbuf_release(&data);
    strbuf_release(&dir);
    strbuf_release(&tmpdir);
    strbuf_release(&tmp_file);
    return ret;
}
