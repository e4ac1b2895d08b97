/* hwmodel/render.c: the text form of a machine model, the table `roofline
 * machine` prints (the JSON form is hw_model_to_json, in model.c). Fits in
 * 80 columns; figures the model lacks print as "-" with the reason in the
 * notes, never as 0. */
#include <stdio.h>
#include <string.h>

#include "hwmodel/internal.h"

static void fmt_bytes(char *buf, size_t size, uint64_t b)
{
    if (!b)
        snprintf(buf, size, "-");
    else if (b >= (1ull << 30))
        snprintf(buf, size, "%.3g GiB", b / (double)(1ull << 30));
    else if (b >= (1u << 20))
        snprintf(buf, size, "%.3g MiB", b / (double)(1u << 20));
    else
        snprintf(buf, size, "%.3g KiB", b / 1024.0);
}

/* A rate with three significant digits and a unit: "219 GB/s". */
static void fmt_rate(char *buf, size_t size, const struct hw_roof *r, const char *unit)
{
    if (!r->valid)
        snprintf(buf, size, "-");
    else if (r->value >= 1e9)
        snprintf(buf, size, "%.3g G%s", r->value / 1e9, unit);
    else
        snprintf(buf, size, "%.3g M%s", r->value / 1e6, unit);
}

static void fmt_num(char *buf, size_t size, double v, bool valid)
{
    if (!valid || v <= 0)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.3g", v);
}

/* Appends text, wrapped at width with the given indent on later lines. */
static void add_wrapped(struct strbuf *out, const char *first, const char *text, int width,
                        int indent)
{
    int col = (int)strlen(first);
    strbuf_addstr(out, first);
    const char *p = text;
    while (*p) {
        const char *sp = strchr(p, ' ');
        int len = sp ? (int)(sp - p) : (int)strlen(p);
        if (col > indent && col + 1 + len > width) {
            strbuf_addch(out, '\n');
            strbuf_addchars(out, ' ', (size_t)indent);
            col = indent;
        } else if (col > (int)strlen(first) || (col > indent && p != text)) {
            strbuf_addch(out, ' ');
            col++;
        }
        strbuf_add(out, p, (size_t)len);
        col += len;
        p += len;
        while (*p == ' ')
            p++;
    }
    strbuf_addch(out, '\n');
}

static const struct hw_roof *find_detail(const struct hw_model *m, const char *measures,
                                         const char *level, int threads_many, struct hw_roof *r)
{
    size_t i;
    json_t *e;
    if (!m->details)
        return NULL;
    json_array_foreach(m->details, i, e)
    {
        const char *ms = json_string_value(json_object_get(e, "measures"));
        const char *lv = json_string_value(json_object_get(e, "level"));
        json_int_t th = json_integer_value(json_object_get(e, "threads"));
        if (!ms || !lv || strcmp(ms, measures) || strcmp(lv, level) || ((th > 1) != threads_many))
            continue;
        if (hw_roof_from_json(e, r, "benchmark", NULL, 0))
            return NULL;
        return r;
    }
    return NULL;
}

void hw_model_render_text(const struct hw_model *m, int width, struct strbuf *out)
{
    char a[48], b[48], c[112], d[48], e[48];
    struct strbuf line = STRBUF_INIT;
    bool any_noisy = false;
    if (width < 60)
        width = 60;

    strbuf_addf(&line, "machine: %s%s%s%s, %u package%s, %u core%s, %u PU%s, %u NUMA node%s",
                m->cpu, *m->uarch ? " (" : "", m->uarch, *m->uarch ? ")" : "", m->packages,
                m->packages == 1 ? "" : "s", m->cores, m->cores == 1 ? "" : "s", m->pus,
                m->pus == 1 ? "" : "s", m->numa_nodes, m->numa_nodes == 1 ? "" : "s");
    add_wrapped(out, "", line.buf, width, 9);
    add_wrapped(out, "SIMD:    ", *m->simd ? m->simd : "none detected", width, 9);
    strbuf_reset(&line);
    if (m->clock_hz > 0)
        strbuf_addf(&line, "%.3g GHz measured", m->clock_hz / 1e9);
    else
        strbuf_addf(&line, "unknown (%s)", *m->clock_why ? m->clock_why : "not measured");
    if (m->tsc_hz > 0)
        strbuf_addf(&line, "; time-stamp counter %.3g GHz", m->tsc_hz / 1e9);
    add_wrapped(out, "clock:   ", line.buf, width, 9);
    strbuf_reset(&line);
    strbuf_addf(&line, "%s%s", m->source, m->quick ? " (quick)" : "");
    if (m->seconds > 0)
        strbuf_addf(&line, " in %.1f s", m->seconds);
    if (*m->created)
        strbuf_addf(&line, " at %s", m->created);
    add_wrapped(out, "source:  ", line.buf, width, 9);
    add_wrapped(out, "key:     ", m->fingerprint, width, 9);

    strbuf_addf(out, "\n%-6s %9s %9s %5s %6s %10s %7s %10s\n", "memory", "size", "effective",
                "line", "shared", "1 thread", "B/cycle", "all cores");
    for (int i = 0; i < HW_NLEVELS; i++) {
        const struct hw_level_info *l = &m->level[i];
        if (!l->present) {
            strbuf_addf(out, "%-6s %9s\n", hw_level_names[i], "absent");
            continue;
        }
        fmt_bytes(a, sizeof(a), l->nominal_bytes);
        fmt_bytes(b, sizeof(b), l->effective_bytes);
        fmt_rate(c, sizeof(c), &l->bw, "B/s");
        fmt_num(d, sizeof(d), l->bw.per_cycle, l->bw.valid);
        fmt_rate(e, sizeof(e), &l->bw_all, "B/s");
        char line_b[16], shared[16];
        if (l->line_bytes)
            snprintf(line_b, sizeof(line_b), "%u B", l->line_bytes);
        else
            snprintf(line_b, sizeof(line_b), "-");
        snprintf(shared, sizeof(shared), "%u PU%s", l->shared_by, l->shared_by == 1 ? "" : "s");
        strbuf_addf(out, "%-6s %9s %9s %5s %6s %10s%s%6s %10s%s\n", hw_level_names[i], a, b, line_b,
                    shared, c, l->bw.noisy ? "~" : " ", d, e, l->bw_all.noisy ? "~" : "");
        any_noisy |= l->bw.noisy || l->bw_all.noisy;
    }

    strbuf_addf(out, "\n%-10s %12s %8s %19s %6s  %s\n", "compute", "attainable", "op/cycle",
                "min..max (Gop/s)", "%peak", "kernel");
    for (int i = 0; i < HW_NCOMPUTE; i++) {
        const struct hw_roof *r = &m->compute[i];
        fmt_rate(a, sizeof(a), r, "op/s");
        fmt_num(b, sizeof(b), r->per_cycle, r->valid);
        if (r->valid)
            snprintf(c, sizeof(c), "%.3g..%.3g", r->min / 1e9, r->max / 1e9);
        else
            snprintf(c, sizeof(c), "-");
        if (r->valid && r->peak > 0)
            snprintf(d, sizeof(d), "%.0f%%", 100 * r->value / r->peak);
        else
            snprintf(d, sizeof(d), "-");
        strbuf_addf(out, "%-10s %12s%s%7s %19s %6s  %s\n", hw_compute_names[i], a,
                    r->noisy ? "~" : " ", b, c, d, r->valid ? r->kernel : "");
        any_noisy |= r->noisy;
    }

    /* Every bandwidth kernel, one thread / all cores. */
    if (m->details && json_array_size(m->details)) {
        static const char *const kinds[] = {"load", "store", "copy", "triad"};
        strbuf_addf(out, "\n%-6s", "GB/s");
        for (int k = 0; k < 4; k++)
            strbuf_addf(out, " %15s", kinds[k]);
        strbuf_addf(out, "\n%-6s", "");
        for (int k = 0; k < 4; k++)
            strbuf_addf(out, " %15s", "1 thread/all");
        strbuf_addch(out, '\n');
        for (int i = 0; i < HW_NLEVELS; i++) {
            if (!m->level[i].present)
                continue;
            strbuf_addf(out, "%-6s", hw_level_names[i]);
            for (int k = 0; k < 4; k++) {
                struct hw_roof one, all;
                const struct hw_roof *p1 = find_detail(m, kinds[k], hw_level_names[i], 0, &one);
                const struct hw_roof *pa = find_detail(m, kinds[k], hw_level_names[i], 1, &all);
                fmt_num(a, sizeof(a), p1 && p1->valid ? p1->value / 1e9 : 0, p1 && p1->valid);
                fmt_num(b, sizeof(b), pa && pa->valid ? pa->value / 1e9 : 0, pa && pa->valid);
                snprintf(c, sizeof(c), "%s/%s", a, b);
                strbuf_addf(out, " %15s", c);
            }
            strbuf_addch(out, '\n');
        }
    }

    /* Notes: what the sweep found, fallbacks, and why figures are missing. */
    bool header = false;
    for (int i = 0; i < HW_NLEVELS + HW_NCOMPUTE; i++) {
        const char *name, *note = NULL, *why = NULL, *why_all = NULL;
        if (i < HW_NLEVELS) {
            const struct hw_level_info *l = &m->level[i];
            name = hw_level_names[i];
            note = *l->note ? l->note : NULL;
            why = l->present && !l->bw.valid ? l->bw.why : NULL;
            why_all = l->present && !l->bw_all.valid && m->cores > 1 ? l->bw_all.why : NULL;
        } else {
            const struct hw_roof *r = &m->compute[i - HW_NLEVELS];
            name = hw_compute_names[i - HW_NLEVELS];
            why = !r->valid ? r->why : NULL;
        }
        const char *texts[3] = {note, why, why_all};
        for (int k = 0; k < 3; k++) {
            if (!texts[k] || !*texts[k])
                continue;
            if (!header)
                strbuf_addstr(out, "\nnotes:\n");
            header = true;
            strbuf_reset(&line);
            strbuf_addf(&line, "  %s: ", name);
            add_wrapped(out, line.buf, texts[k], width, 4);
        }
    }
    if (any_noisy) {
        if (!header)
            strbuf_addstr(out, "\nnotes:\n");
        strbuf_reset(&line);
        strbuf_addf(&line,
                    "noisy: the middle 80%% of the samples spread more than %.0f%% of the "
                    "median; the figure is the %.0fth percentile",
                    100 * HW_NOISY_SPREAD, HW_ROOF_PERCENTILE);
        add_wrapped(out, "  ~ ", line.buf, width, 4);
    }
    strbuf_release(&line);
}
