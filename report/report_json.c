/* report_json: the one JSON emitter of the report (schema_version 1, keys and
 * order as docs/spec/interface.md; documented in docs/report-schema.md).
 *
 * Unknown figures and non-finite numbers are null, never NaN or 0. Counts
 * print as integers when they are whole (and below 2^53), else as reals. */
#include "report/report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* A count: integer when whole, real when weighted to a fraction. */
static json_t *json_count(double v)
{
    if (!isfinite(v))
        return json_null();
    if (report_is_integral(v))
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *json_ratio(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *json_num(struct report_num n, bool ratio)
{
    if (!n.known)
        return json_null();
    return ratio ? json_ratio(n.value) : json_count(n.value);
}

/* A string; bytes that are not UTF-8 (a file name in Latin-1) become '?'
 * rather than losing the key, which json_string() would refuse. */
static json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    char *copy = xstrdup(s);
    for (unsigned char *p = (unsigned char *)copy; *p; p++)
        if (*p >= 0x80)
            *p = '?';
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *json_str_or_null(const char *s)
{
    return s ? json_text(s) : json_null();
}

static json_t *json_strlist(const struct strlist *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_text(l->v[i]));
    return a;
}

/* Sets path ("loads.bytes" or "work_ops") in obj, creating the inner object
 * the first time; the figure table's order gives the key order. */
static void set_path(json_t *obj, const char *path, json_t *value)
{
    const char *dot = strchr(path, '.');
    if (!dot) {
        json_object_set_new(obj, path, value);
        return;
    }
    char *outer = xstrndup(path, (size_t)(dot - path));
    json_t *inner = json_object_get(obj, outer);
    if (!inner) {
        inner = json_object();
        json_object_set_new(obj, outer, inner);
    }
    json_object_set_new(inner, dot + 1, value);
    free(outer);
}

/* Why a run's figure is unknown: the note that starts with "KEY: ", else a
 * default for figures that need the kernel's static count. */
static const char *run_null_reason(const struct report_run *run, const char *key, bool needs_kernel)
{
    size_t len = strlen(key);
    for (size_t i = 0; i < run->notes.n; i++) {
        const char *n = run->notes.v[i];
        if (!strncmp(n, key, len) && n[len] == ':' && n[len + 1] == ' ') {
            const char *r = n + len + 2;
            return strncmp(r, "unknown, ", 9) ? r : r + 9;
        }
    }
    return needs_kernel ? "needs a kernel's static figures (roofline analyze --run)"
                        : "not measured";
}

json_t *report_run_to_json(const struct report_run *run)
{
    json_t *o = json_object(), *why = json_object();
    json_object_set_new(o, "label", json_str_or_null(run->label));
    json_object_set_new(o, "command", json_str_or_null(run->command));
    json_object_set_new(o, "counters", json_str_or_null(run->counters));
    json_object_set_new(o, "interpreter", json_str_or_null(run->interpreter));
    json_object_set_new(o, "units",
                        json_pack("[II]", (json_int_t)run->units[0], (json_int_t)run->units[1]));

    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        const struct report_run_fig_desc *d = &report_run_figs[f];
        json_t *v = json_num(report_run_value(run, f), d->kind == REPORT_RUN_KIND_RATIO);
        if (json_is_null(v))
            json_object_set_new(why, d->key,
                                json_text(run_null_reason(run, d->key, d->needs_kernel)));
        json_object_set_new(o, d->key, v);
    }

    json_object_set_new(o, "static_falls_short", json_boolean(run->static_falls_short));
    json_object_set_new(o, "static_verdict", json_str_or_null(run->static_verdict));
    json_object_set_new(o, "measured_verdict", json_str_or_null(run->measured_verdict));
    json_object_set_new(o, "notes", json_strlist(&run->notes));
    json_object_set_new(o, "null_reasons", why);
    return o;
}

static json_t *kernel_to_json(const struct report_kernel *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_str_or_null(k->name));
    json_object_set_new(o, "file", json_str_or_null(k->file));
    json_object_set_new(o, "line", json_integer(k->line));
    json_object_set_new(o, "unit", json_text(k->unit ? k->unit : "call"));
    json_object_set_new(o, "per", json_text(k->per ? k->per : "1"));

    json_t *params = json_object();
    for (size_t i = 0; i < k->nparams; i++)
        json_object_set_new(params, k->params[i].name, json_count(k->params[i].value));
    json_object_set_new(o, "params", params);

    json_t *symbolic = json_object();
    for (int f = 0; f < RF_NFIGS; f++) {
        const struct report_figure *fig = &k->fig[f];
        json_t *v = json_null();
        if (fig->known)
            v = report_figs[f].ratio ? json_ratio(fig->value) : json_count(fig->value);
        set_path(o, report_figs[f].path, v);
        if (fig->symbolic)
            json_object_set_new(symbolic, report_figs[f].path, json_text(fig->symbolic));
    }
    if (k->attainable.symbolic)
        json_object_set_new(symbolic, "attainable_ops_per_s", json_text(k->attainable.symbolic));
    json_object_set_new(o, "symbolic", symbolic);

    json_object_set_new(o, "exact", json_boolean(k->exact));
    json_object_set_new(o, "inexact_because", json_strlist(&k->inexact_because));
    json_object_set_new(o, "unbound", json_strlist(&k->unbound));
    json_object_set_new(o, "opaque_calls", json_strlist(&k->opaque_calls));
    json_object_set_new(o, "openmp",
                        json_pack("{sbso}", "parallel", k->openmp_team, "directives",
                                  json_strlist(&k->openmp)));
    json_object_set_new(o, "bound", json_str_or_null(report_bound_names[k->bound]));
    json_object_set_new(o, "bound_roof", json_str_or_null(report_kernel_roof_name(k)));
    if (k->bound == REPORT_BOUND_NONE)
        json_object_set_new(o, "bound_unavailable",
                            json_text(k->bound_why ? k->bound_why : "no reason given"));
    json_object_set_new(o, "attainable_ops_per_s",
                        k->attainable.known ? json_ratio(k->attainable.value) : json_null());

    json_t *runs = json_array();
    for (size_t i = 0; i < k->nruns; i++)
        json_array_append_new(runs, report_run_to_json(&k->runs[i]));
    json_object_set_new(o, "runs", runs);
    return o;
}

#define EMPTY_KERNELS "\"kernels\": []"

/* Appends text with every line after the first indented by pad spaces. */
static void add_indented(struct strbuf *out, const char *text, int pad)
{
    for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
        static const char spaces[] = "        ";
        strbuf_add(out, text, (size_t)(nl + 1 - text));
        strbuf_add(out, spaces, (size_t)pad < sizeof spaces - 1 ? (size_t)pad : sizeof spaces - 1);
    }
    strbuf_addstr(out, text);
}

/* 16 significant digits: 2.5e-05 rather than %.17g's 2.5000000000000001e-05,
 * and still within one unit in the last place of the double. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16))

/* The document with an empty kernels array, as jansson writes it, and
 * where in it the array is: the kernels are rendered one at a time into
 * that place, so that a report of thousands of them is never one tree in
 * memory (nor, streamed, one string). */
static char *document_shell(const struct report *r, const char **at)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(REPORT_SCHEMA_VERSION));
    json_object_set_new(root, "tool",
                        json_pack("{ssss}", "name", "roofline", "version", ROOFLINE_VERSION));
    json_t *machine = r->has_machine ? hw_model_to_json(&r->machine) : NULL;
    if (machine) {
        json_object_set_new(root, "machine", machine);
    } else {
        json_object_set_new(root, "machine", json_null());
        json_object_set_new(root, "machine_unavailable",
                            json_text(!r->has_machine && r->machine_why ? r->machine_why
                                      : r->has_machine ? "the machine model has no JSON form"
                                                       : "no reason given"));
    }
    json_object_set_new(root, "kernels", json_array());
    char *text = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (!text)
        xalloc_die("the JSON report");
    /* The array is the document's last key: the last match (the machine
     * model has keys of its own). */
    *at = NULL;
    for (const char *p = text; (p = strstr(p, EMPTY_KERNELS)); p++)
        *at = p;
    if (!*at)
        xalloc_die("the JSON report (no kernels array)");
    return text;
}

void report_render_json_open(const struct report *r, struct strbuf *out)
{
    const char *at;
    char *text = document_shell(r, &at);
    strbuf_add(out, text, (size_t)(at - text) + sizeof EMPTY_KERNELS - 2); /* up to '[' */
    free(text);
}

void report_render_json_kernel(const struct report_kernel *k, bool first, struct strbuf *out)
{
    json_t *j = kernel_to_json(k);
    char *text = json_dumps(j, DUMP_FLAGS);
    json_decref(j);
    if (!text)
        xalloc_die("the JSON report");
    strbuf_addstr(out, first ? "\n    " : ",\n    ");
    add_indented(out, text, 4);
    free(text);
}

void report_render_json_close(const struct report *r, size_t nkernels, struct strbuf *out)
{
    const char *at;
    char *text = document_shell(r, &at);
    if (nkernels)
        strbuf_addstr(out, "\n  ");
    strbuf_addstr(out, at + sizeof EMPTY_KERNELS - 2); /* from ']' */
    strbuf_addch(out, '\n');
    free(text);
}

void report_render_json(const struct report *r, struct strbuf *out)
{
    report_render_json_open(r, out);
    for (size_t i = 0; i < r->nkernels; i++)
        report_render_json_kernel(&r->kernels[i], i == 0, out);
    report_render_json_close(r, r->nkernels, out);
}

void report_render_measure_json(const struct report_run *run, const struct hw_model *m,
                                struct strbuf *out)
{
    json_t *root = json_object(), *runs = json_array();
    json_object_set_new(root, "schema_version", json_integer(REPORT_SCHEMA_VERSION));
    json_object_set_new(root, "tool",
                        json_pack("{s:s,s:s}", "name", "roofline", "version", ROOFLINE_VERSION));
    json_object_set_new(root, "machine", m ? hw_model_to_json(m) : json_null());
    json_array_append_new(runs, report_run_to_json(run));
    json_object_set_new(root, "runs", runs);
    /* 17 digits, not the report's 16: what roofline measure has always
     * printed, kept so that its output does not change. */
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    if (text) {
        strbuf_addstr(out, text);
        strbuf_addch(out, '\n');
    }
    free(text);
    json_decref(root);
}
