/* report_csv: the report as RFC 4180 CSV: a header row, then one row per
 * kernel with every figure of report_figs as a column. Records end in CRLF;
 * a field containing a comma, a double quote, CR or LF is quoted, with its
 * quotes doubled. An unknown figure is an empty field, never 0. */
#include "report/report.h"

#include <math.h>
#include <string.h>

static void csv_field(struct strbuf *out, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        strbuf_addstr(out, s);
        return;
    }
    strbuf_addch(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addch(out, '"');
        strbuf_addch(out, *s);
    }
    strbuf_addch(out, '"');
}

static void csv_number(struct strbuf *out, bool known, double v)
{
    if (known && isfinite(v))
        report_format_number(v, out);
}

static void csv_list(struct strbuf *out, const struct strlist *l)
{
    struct strbuf joined = STRBUF_INIT;
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            strbuf_addstr(&joined, "; ");
        strbuf_addstr(&joined, l->v[i]);
    }
    csv_field(out, joined.buf);
    strbuf_release(&joined);
}

void report_render_csv(const struct report *r, struct strbuf *out)
{
    strbuf_addstr(out, "name,file,line,unit,per");
    for (int f = 0; f < RF_NFIGS; f++) {
        strbuf_addch(out, ',');
        strbuf_addstr(out, report_figs[f].csv);
    }
    strbuf_addstr(out,
                  ",exact,inexact_because,unbound,opaque_calls,bound,attainable_ops_per_s\r\n");

    for (size_t i = 0; i < r->nkernels; i++) {
        const struct report_kernel *k = &r->kernels[i];
        csv_field(out, k->name);
        strbuf_addch(out, ',');
        csv_field(out, k->file);
        strbuf_addf(out, ",%u,", k->line);
        csv_field(out, k->unit ? k->unit : "call");
        strbuf_addch(out, ',');
        csv_field(out, k->per ? k->per : "1");
        for (int f = 0; f < RF_NFIGS; f++) {
            strbuf_addch(out, ',');
            csv_number(out, k->fig[f].known, k->fig[f].value);
        }
        strbuf_addstr(out, k->exact ? ",true," : ",false,");
        csv_list(out, &k->inexact_because);
        strbuf_addch(out, ',');
        csv_list(out, &k->unbound);
        strbuf_addch(out, ',');
        csv_list(out, &k->opaque_calls);
        strbuf_addch(out, ',');
        csv_field(out, report_bound_names[k->bound]);
        strbuf_addch(out, ',');
        csv_number(out, k->attainable.known, k->attainable.value);
        strbuf_addstr(out, "\r\n");
    }
}
