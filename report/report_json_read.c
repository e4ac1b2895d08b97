/* report_json_read: reads a JSON report (schema_version 1, as
 * report_render_json writes it and docs/spec/interface.md documents)
 * back into struct report, for `roofline plot`.
 *
 * Strict about what the picture and the renderers rely on (types of known
 * keys, the schema version), lenient about the rest: unknown keys are
 * ignored and a missing figure is unknown, as a null one is. Error messages
 * name the JSON path of the offending value ("kernels[1].loads.bytes"). */
#include "report/report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

struct reader {
    char *err;
    size_t errlen;
    char where[96]; /* "kernels[2]" or "kernels[2].runs[0]" */
};

__attribute__((format(printf, 3, 4))) static int fail(struct reader *rd, const char *key,
                                                      const char *fmt, ...)
{
    char msg[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (key)
        snprintf(rd->err, rd->errlen, "%s%s%s: %s", rd->where, *rd->where ? "." : "", key, msg);
    else
        snprintf(rd->err, rd->errlen, "%s: %s", rd->where, msg);
    return -EINVAL;
}

/* A value at a dotted path ("loads.bytes"); NULL when any part is missing. */
static json_t *get_path(const json_t *obj, const char *path)
{
    const char *dot = strchr(path, '.');
    if (!dot)
        return json_object_get(obj, path);
    char *outer = xstrndup(path, (size_t)(dot - path));
    json_t *inner = json_object_get(obj, outer);
    free(outer);
    return json_is_object(inner) ? json_object_get(inner, dot + 1) : NULL;
}

/* Number or null (or missing): known says which. */
static int read_num(struct reader *rd, const json_t *obj, const char *key, bool *known,
                    double *value)
{
    json_t *v = get_path(obj, key);

    *known = false;
    *value = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return fail(rd, key, "expected a number or null");
    *value = json_number_value(v);
    *known = isfinite(*value);
    return 0;
}

/* String or null (or missing, *out = NULL); the result is owned. */
static int read_str(struct reader *rd, const json_t *obj, const char *key, char **out)
{
    json_t *v = json_object_get(obj, key);

    free(*out);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return fail(rd, key, "expected a string or null");
    *out = xstrndup(json_string_value(v), json_string_length(v));
    return 0;
}

static int read_bool(struct reader *rd, const json_t *obj, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return fail(rd, key, "expected true or false");
    *out = json_is_true(v);
    return 0;
}

/* "bound" and "bound_roof": null and null, "memory" and a level, or
 * "compute" and a compute roof. */
static int read_bound(struct reader *rd, const json_t *o, struct report_kernel *k)
{
    char *bound = NULL, *roof = NULL;
    int ret = read_str(rd, o, "bound", &bound);
    if (!ret)
        ret = read_str(rd, o, "bound_roof", &roof);
    k->bound = REPORT_BOUND_NONE;
    if (ret || !bound)
        goto out;
    if (!strcmp(bound, "memory")) {
        k->bound = REPORT_BOUND_MEMORY;
        for (int l = 0; roof && l < HW_NLEVELS; l++)
            if (!strcmp(roof, hw_level_names[l])) {
                k->bound_level = (enum hw_level)l;
                goto out;
            }
        ret = fail(rd, "bound_roof", "'%.40s' is not a memory roof (L1, L2, L3 or DRAM)",
                   roof ? roof : "null");
    } else if (!strcmp(bound, "compute")) {
        k->bound = REPORT_BOUND_COMPUTE;
        for (int c = 0; roof && c < HW_NCOMPUTE; c++)
            if (!strcmp(roof, hw_compute_names[c])) {
                k->bound_compute = (enum hw_compute)c;
                goto out;
            }
        ret = fail(rd, "bound_roof",
                   "'%.40s' is not a compute roof (int_scalar, int_simd, "
                   "fp_scalar or fp_simd)",
                   roof ? roof : "null");
    } else {
        ret = fail(rd, "bound", "'%.40s': expected memory, compute or null", bound);
    }
out:
    free(bound);
    free(roof);
    return ret;
}

static int read_strlist(struct reader *rd, const json_t *obj, const char *key, struct strlist *out)
{
    json_t *v = json_object_get(obj, key);
    size_t i;
    json_t *s;

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return fail(rd, key, "expected an array of strings");
    json_array_foreach(v, i, s)
    {
        if (!json_is_string(s))
            return fail(rd, key, "element %zu is not a string", i);
        strlist_add(out, json_string_value(s));
    }
    return 0;
}

/* "openmp": {"parallel": bool, "directives": [...]}, or missing. */
static int read_openmp(struct reader *rd, const json_t *o, struct report_kernel *k)
{
    json_t *v = json_object_get(o, "openmp");
    int ret;

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return fail(rd, "openmp", "expected an object");
    size_t at = strlen(rd->where);
    snprintf(rd->where + at, sizeof(rd->where) - at, ".openmp");
    if ((ret = read_bool(rd, v, "parallel", &k->openmp_team)) ||
        (ret = read_strlist(rd, v, "directives", &k->openmp)))
        return ret;
    rd->where[at] = '\0';
    return 0;
}

static int read_run(struct reader *rd, const json_t *o, struct report_run *run)
{
    int ret;

    if (!json_is_object(o))
        return fail(rd, NULL, "expected an object");
    if ((ret = read_str(rd, o, "label", &run->label)) ||
        (ret = read_str(rd, o, "command", &run->command)) ||
        (ret = read_str(rd, o, "counters", &run->counters)) ||
        (ret = read_str(rd, o, "interpreter", &run->interpreter)))
        return ret;
    json_t *units = json_object_get(o, "units");
    if (units && !json_is_null(units)) {
        if (!json_is_array(units) || json_array_size(units) != 2 ||
            !json_is_integer(json_array_get(units, 0)) ||
            !json_is_integer(json_array_get(units, 1)))
            return fail(rd, "units", "expected two integers [N1, N2]");
        run->units[0] = (long)json_integer_value(json_array_get(units, 0));
        run->units[1] = (long)json_integer_value(json_array_get(units, 1));
    }
    for (int f = 0; f < REPORT_RUN_NFIGS; f++) {
        struct report_num *n = report_run_slot(run, f);
        if ((ret = read_num(rd, o, report_run_figs[f].key, &n->known, &n->value)))
            return ret;
    }
    if ((ret = read_bool(rd, o, "static_falls_short", &run->static_falls_short)) ||
        (ret = read_str(rd, o, "static_verdict", &run->static_verdict)) ||
        (ret = read_str(rd, o, "measured_verdict", &run->measured_verdict)) ||
        (ret = read_strlist(rd, o, "notes", &run->notes)))
        return ret;
    return 0;
}

static int read_symbolic(struct reader *rd, const json_t *o, struct report_kernel *k)
{
    json_t *sym = json_object_get(o, "symbolic");
    const char *key;
    json_t *v;

    if (!sym || json_is_null(sym))
        return 0;
    if (!json_is_object(sym))
        return fail(rd, "symbolic", "expected an object of formulas");
    json_object_foreach(sym, key, v)
    {
        struct report_figure *fig = NULL;
        if (!strcmp(key, "attainable_ops_per_s"))
            fig = &k->attainable;
        for (int f = 0; f < RF_NFIGS && !fig; f++)
            if (!strcmp(key, report_figs[f].path))
                fig = &k->fig[f];
        if (!fig)
            continue; /* a figure this reader does not know */
        if (!json_is_string(v))
            return fail(rd, "symbolic", "'%s' is not a string", key);
        free(fig->symbolic);
        fig->symbolic = xstrdup(json_string_value(v));
    }
    return 0;
}

static int read_kernel(struct reader *rd, const json_t *o, struct report_kernel *k)
{
    int ret;
    double line = 0;
    bool known = false;

    if (!json_is_object(o))
        return fail(rd, NULL, "expected an object");
    if (!json_is_string(json_object_get(o, "name")))
        return fail(rd, "name", "missing (every kernel has a name)");
    if ((ret = read_str(rd, o, "name", &k->name)) || (ret = read_str(rd, o, "file", &k->file)) ||
        (ret = read_str(rd, o, "unit", &k->unit)) || (ret = read_str(rd, o, "per", &k->per)) ||
        (ret = read_num(rd, o, "line", &known, &line)))
        return ret;
    if (known && (line < 0 || line > 4294967295.0 || line != floor(line)))
        return fail(rd, "line", "not a line number");
    k->line = (unsigned)line;

    json_t *params = json_object_get(o, "params");
    if (params && !json_is_null(params)) {
        const char *key;
        json_t *v;
        if (!json_is_object(params))
            return fail(rd, "params", "expected an object of numbers");
        json_object_foreach(params, key, v)
        {
            if (!json_is_number(v))
                return fail(rd, "params", "'%s' is not a number", key);
            report_kernel_add_param(k, key, json_number_value(v));
        }
    }

    for (int f = 0; f < RF_NFIGS; f++)
        if ((ret = read_num(rd, o, report_figs[f].path, &k->fig[f].known, &k->fig[f].value)))
            return ret;
    if ((ret = read_symbolic(rd, o, k)))
        return ret;

    k->exact = true;
    if ((ret = read_bool(rd, o, "exact", &k->exact)) ||
        (ret = read_strlist(rd, o, "inexact_because", &k->inexact_because)) ||
        (ret = read_strlist(rd, o, "unbound", &k->unbound)) ||
        (ret = read_strlist(rd, o, "opaque_calls", &k->opaque_calls)) ||
        (ret = read_openmp(rd, o, k)) || (ret = read_bound(rd, o, k)) ||
        (ret = read_str(rd, o, "bound_unavailable", &k->bound_why)) ||
        (ret = read_num(rd, o, "attainable_ops_per_s", &k->attainable.known, &k->attainable.value)))
        return ret;

    json_t *runs = json_object_get(o, "runs");
    if (!runs || json_is_null(runs))
        return 0;
    if (!json_is_array(runs))
        return fail(rd, "runs", "expected an array");
    size_t kernel_where = strlen(rd->where);
    for (size_t i = 0; i < json_array_size(runs); i++) {
        struct report_run *run = report_kernel_add_run(k);
        snprintf(rd->where + kernel_where, sizeof(rd->where) - kernel_where, ".runs[%zu]", i);
        if ((ret = read_run(rd, json_array_get(runs, i), run)))
            return ret;
    }
    rd->where[kernel_where] = '\0';
    return 0;
}

int report_read_json(const char *text, size_t len, struct report *r, char *err, size_t errlen)
{
    struct reader rd = {err, errlen, ""};
    json_error_t jerr;
    json_t *root = NULL, *v;
    int ret = 0;

    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(err, errlen, "line %d, column %d: not valid JSON: %s", jerr.line, jerr.column,
                 jerr.text);
        ret = -EINVAL;
        goto out;
    }
    if (json_is_object(root) && json_is_string(v = json_object_get(root, "kind")) &&
        !strcmp(json_string_value(v), "roofline-machine")) {
        snprintf(err, errlen, "a machine model, not a report (pass it to analyze --machine)");
        ret = -EINVAL;
        goto out;
    }
    if (!json_is_object(root) || !(v = json_object_get(root, "schema_version")) ||
        !json_object_get(root, "kernels")) {
        snprintf(err, errlen, "not a roofline report (no schema_version and kernels at the top)");
        ret = -EINVAL;
        goto out;
    }
    if (!json_is_integer(v) || json_integer_value(v) != REPORT_SCHEMA_VERSION) {
        char *shown = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        snprintf(err, errlen, "schema_version %s is not supported (this roofline reads %d)",
                 shown ? shown : "?", REPORT_SCHEMA_VERSION);
        free(shown);
        ret = -EINVAL;
        goto out;
    }

    v = json_object_get(root, "machine");
    if (v && !json_is_null(v)) {
        char merr[256] = "";
        hw_model_init(&r->machine);
        r->has_machine = true; /* so that report_release frees what was read */
        if ((ret = hw_model_from_json(v, &r->machine, merr, sizeof(merr)))) {
            snprintf(err, errlen, "machine: %s", merr);
            goto out;
        }
    } else {
        r->has_machine = false;
        if ((ret = read_str(&rd, root, "machine_unavailable", &r->machine_why)))
            goto out;
        if (!r->machine_why)
            r->machine_why = xstrdup("the report has no machine model");
    }

    v = json_object_get(root, "kernels");
    if (!json_is_array(v)) {
        ret = fail(&rd, "kernels", "expected an array");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        struct report_kernel *k = report_add_kernel(r);
        snprintf(rd.where, sizeof(rd.where), "kernels[%zu]", i);
        if ((ret = read_kernel(&rd, json_array_get(v, i), k)))
            goto out;
    }
out:
    json_decref(root);
    return ret;
}
