/* report_run_text: one measured run as `roofline measure` prints it (80
 * columns): what ran, every figure of the run table a row, the verdicts and
 * the notes. Its JSON is report_render_measure_json's. */
#include "report/report.h"

#include <string.h>

/* What follows a known value (seconds carry their own unit). */
static const char *const unit_names[] = {
    [REPORT_RUN_UNIT_NONE] = NULL,
    [REPORT_RUN_UNIT_SECONDS] = NULL,
    [REPORT_RUN_UNIT_OPS_PER_S] = "ops/s",
    [REPORT_RUN_UNIT_BYTES] = "B",
};

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

static void add_row(struct strbuf *out, const char *label, const char *value, int width)
{
    strbuf_addf(out, "  %-18s ", label);
    add_wrapped(out, value, 21, 21, width);
}

void report_render_run_text(const struct report_run *run, int width, struct strbuf *out)
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
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        const struct report_run_fig_desc *d = &report_run_figs[f];
        struct report_num n = report_run_value(run, f);
        strbuf_reset(&v);
        if (!n.known)
            strbuf_addstr(&v, "unknown");
        else if (d->unit == REPORT_RUN_UNIT_SECONDS)
            report_format_seconds(n.value, ' ', &v);
        else if (d->kind == REPORT_RUN_KIND_COUNT)
            strbuf_addf(&v, "%.1f", n.value);
        else
            strbuf_addf(&v, "%.4g", n.value);
        if (n.known && unit_names[d->unit])
            strbuf_addf(&v, " %s", unit_names[d->unit]);
        strbuf_addf(out, "  %-28s %14s\n", d->key, v.buf);
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
