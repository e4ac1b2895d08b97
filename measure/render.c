/* render: one measured run as text (80 columns) and as the JSON run object
 * of a report's "runs" entries. Both walk the same figure table. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "measure/measure.h"

#define RUN_FIELD(f) offsetof(struct report_run, f)

/* The figures of a run, in JSON order. */
static const struct run_figure {
    const char *key;
    size_t field;
    const char *unit;  /* text output */
    bool count;        /* a count per unit (else a ratio) */
    bool needs_kernel; /* figures of static against measured */
} run_figures[] = {
    {"instructions", RUN_FIELD(instructions), "", true, false},
    {"cycles", RUN_FIELD(cycles), "", true, false},
    {"ipc", RUN_FIELD(ipc), "", false, false},
    {"loads", RUN_FIELD(loads), "", true, false},
    {"stores", RUN_FIELD(stores), "", true, false},
    {"l1_misses", RUN_FIELD(l1_misses), "", true, false},
    {"llc_misses", RUN_FIELD(llc_misses), "", true, false},
    {"mpki", RUN_FIELD(mpki), "", false, false},
    {"branches", RUN_FIELD(branches), "", true, false},
    {"branch_misses", RUN_FIELD(branch_misses), "", true, false},
    {"seconds", RUN_FIELD(seconds), "s", false, false},
    {"achieved_ops_per_s", RUN_FIELD(achieved_ops_per_s), "ops/s", false, true},
    {"measured_dram_bytes", RUN_FIELD(measured_dram_bytes), "B", true, false},
    {"instructions_per_static_op", RUN_FIELD(instructions_per_static_op), "", false, true},
    {"accesses_per_static_access", RUN_FIELD(accesses_per_static_access), "", false, true},
};
#define NFIGS (sizeof run_figures / sizeof run_figures[0])

static const struct report_num *fig_num(const struct report_run *run, const struct run_figure *f)
{
    return (const struct report_num *)((const char *)run + f->field);
}

/* Appends text wrapped at width, every line after the first indented. */
static void add_wrapped(struct strbuf *out, const char *text, size_t col, size_t indent, int width)
{
    size_t w = width > 20 ? (size_t)width : 20;
    const char *p = text;
    while (*p) {
        size_t room = w > col ? w - col : 1;
        size_t len = strlen(p);
        if (len > room) {
            size_t cut = room;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0) /* one long word: break at its end */
                cut = strcspn(p, " ");
            len = cut;
        }
        strbuf_add(out, p, len);
        p += len;
        while (*p == ' ')
            p++;
        strbuf_addch(out, '\n');
        if (*p) {
            strbuf_addchars(out, ' ', indent);
            col = indent;
        }
    }
}

static void add_seconds(struct strbuf *out, double s)
{
    report_format_seconds(s, ' ', out);
}

static void add_row(struct strbuf *out, const char *label, const char *value, int width)
{
    strbuf_addf(out, "  %-18s ", label);
    add_wrapped(out, value, 21, 21, width);
}

void measure_render_text(const struct report_run *run, int width, struct strbuf *out)
{
    struct strbuf v = STRBUF_INIT;

    strbuf_addf(out, "roofline measure: %s\n", run->label ? run->label : "");
    add_row(out, "command", run->command ? run->command : "", width);
    add_row(out, "counters", run->counters ? run->counters : "none", width);
    add_row(out, "interpreter", run->interpreter ? run->interpreter : "none (native code)", width);
    strbuf_addf(&v, "%ld and %ld (per unit: the difference / %ld)", run->units[0], run->units[1],
                run->units[1] - run->units[0]);
    add_row(out, "units", v.buf, width);
    strbuf_addstr(out, "\n  per unit\n");
    for (size_t i = 0; i < NFIGS; i++) {
        const struct report_num *n = fig_num(run, &run_figures[i]);
        strbuf_reset(&v);
        if (!n->known)
            strbuf_addstr(&v, "unknown");
        else if (!strcmp(run_figures[i].unit, "s"))
            add_seconds(&v, n->value);
        else if (run_figures[i].count)
            strbuf_addf(&v, "%.1f", n->value);
        else
            strbuf_addf(&v, "%.4g", n->value);
        if (n->known && *run_figures[i].unit && strcmp(run_figures[i].unit, "s"))
            strbuf_addf(&v, " %s", run_figures[i].unit);
        strbuf_addf(out, "  %-28s %14s\n", run_figures[i].key, v.buf);
    }
    strbuf_addch(out, '\n');
    if (run->static_verdict || run->measured_verdict) {
        if (run->static_verdict)
            add_row(out, "static verdict", run->static_verdict, width);
        add_row(out, "measured verdict", run->measured_verdict ? run->measured_verdict : "none",
                width);
        if (run->static_falls_short)
            add_row(out, "static estimate", "falls short (see notes)", width);
        strbuf_addch(out, '\n');
    }
    if (run->notes.n) {
        strbuf_addstr(out, "  notes\n");
        for (size_t i = 0; i < run->notes.n; i++) {
            strbuf_addstr(out, "  - ");
            add_wrapped(out, run->notes.v[i], 4, 4, width);
        }
    }
    strbuf_release(&v);
}
