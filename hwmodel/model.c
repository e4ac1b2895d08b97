/* hwmodel/model.c: the machine model struct: lifecycle, its JSON form
 * (written and read back here, and nowhere else), saved files, the ranges
 * its figures must lie in, and the queries the analyzer makes (level_for,
 * llc_bytes). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fileio.h"
#include "common/xalloc.h"
#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"
#include "hwmodel/internal.h"

const char *const hw_level_names[HW_NLEVELS] = {"L1", "L2", "L3", "DRAM"};
const char *const hw_compute_names[HW_NCOMPUTE] = {"int_scalar", "int_simd", "fp_scalar",
                                                   "fp_simd"};

/* The "kind" key tells a machine model from any other JSON (a report, a
 * likwid dump) before the schema is checked. */
#define HW_MODEL_KIND "roofline-machine"

int hw_err(char *err, size_t errlen, int ret, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return ret;
}

void hw_strlcpy(char *dst, const char *src, size_t size)
{
    if (!size)
        return;
    size_t n = src ? strlen(src) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

void hw_model_init(struct hw_model *m)
{
    memset(m, 0, sizeof(*m));
    m->schema_version = HW_MODEL_SCHEMA_VERSION;
}

void hw_model_release(struct hw_model *m)
{
    if (m->details)
        json_decref(m->details);
    hw_model_init(m);
}

void hw_model_copy(struct hw_model *dst, const struct hw_model *src)
{
    if (dst == src)
        return;
    *dst = *src;
    if (dst->details)
        json_incref(dst->details);
}

/* ---- writing ---- */

/* A number, or null when it is not finite or (for "unknown as 0" fields)
 * zero: the JSON never holds NaN or a silent zero. */
static json_t *num_or_null(double v, bool zero_is_unknown)
{
    if (!isfinite(v) || (zero_is_unknown && v == 0))
        return json_null();
    return json_real(v);
}

static json_t *int_or_null(uint64_t v)
{
    return v ? json_integer((json_int_t)v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *hw_roof_to_json(const struct hw_roof *r, const char *unit)
{
    json_t *j = json_object();
    bool v = r->valid;
    json_object_set_new(j, "value", v ? num_or_null(r->value, false) : json_null());
    json_object_set_new(j, "unit", json_string(unit));
    json_object_set_new(j, "min", v ? num_or_null(r->min, false) : json_null());
    json_object_set_new(j, "median", v ? num_or_null(r->median, false) : json_null());
    json_object_set_new(j, "max", v ? num_or_null(r->max, false) : json_null());
    json_object_set_new(j, "per_cycle", v ? num_or_null(r->per_cycle, true) : json_null());
    json_object_set_new(j, "noisy", json_boolean(v && r->noisy));
    json_object_set_new(j, "kernel", str_or_null(r->kernel));
    json_object_set_new(j, "peak", num_or_null(r->peak, true));
    json_object_set_new(j, "peak_why", str_or_null(r->peak_why));
    json_object_set_new(j, "why", v && !*r->why ? json_null() : json_string(r->why));
    return j;
}

static json_t *level_to_json(const struct hw_level_info *l)
{
    json_t *j = json_object();
    json_object_set_new(j, "present", json_boolean(l->present));
    json_object_set_new(j, "nominal_bytes", int_or_null(l->nominal_bytes));
    json_object_set_new(j, "effective_bytes", int_or_null(l->effective_bytes));
    json_object_set_new(j, "line_bytes", int_or_null(l->line_bytes));
    json_object_set_new(j, "shared_by", int_or_null(l->shared_by));
    json_object_set_new(j, "working_set_bytes", int_or_null(l->working_set));
    json_object_set_new(j, "note", str_or_null(l->note));
    json_object_set_new(j, "bw", hw_roof_to_json(&l->bw, "bytes/s"));
    json_object_set_new(j, "bw_all_cores", hw_roof_to_json(&l->bw_all, "bytes/s"));
    return j;
}

json_t *hw_model_to_json(const struct hw_model *m)
{
    json_t *j = json_object();
    json_object_set_new(j, "schema_version", json_integer(HW_MODEL_SCHEMA_VERSION));
    json_object_set_new(j, "kind", json_string(HW_MODEL_KIND));
    json_object_set_new(j, "cpu", json_string(m->cpu));
    json_object_set_new(j, "uarch", str_or_null(m->uarch));
    json_object_set_new(j, "fingerprint", json_string(m->fingerprint));

    json_t *simd = json_array();
    char buf[sizeof(m->simd)];
    hw_strlcpy(buf, m->simd, sizeof(buf));
    for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        json_array_append_new(simd, json_string(tok));
    json_object_set_new(j, "simd", simd);

    json_object_set_new(j, "source", str_or_null(m->source));
    json_object_set_new(j, "created", str_or_null(m->created));
    json_object_set_new(j, "quick", json_boolean(m->quick));
    json_object_set_new(j, "seconds", num_or_null(m->seconds, true));

    json_t *topo = json_object();
    json_object_set_new(topo, "packages", json_integer(m->packages));
    json_object_set_new(topo, "cores", json_integer(m->cores));
    json_object_set_new(topo, "pus", json_integer(m->pus));
    json_object_set_new(topo, "numa_nodes", json_integer(m->numa_nodes));
    json_object_set_new(j, "topology", topo);

    json_t *clock = json_object();
    json_object_set_new(clock, "hz", num_or_null(m->clock_hz, true));
    json_object_set_new(clock, "tsc_hz", num_or_null(m->tsc_hz, true));
    json_object_set_new(clock, "why", str_or_null(m->clock_why));
    json_object_set_new(j, "clock", clock);

    json_t *levels = json_object();
    for (int i = 0; i < HW_NLEVELS; i++)
        json_object_set_new(levels, hw_level_names[i], level_to_json(&m->level[i]));
    json_object_set_new(j, "levels", levels);

    json_t *compute = json_object();
    for (int i = 0; i < HW_NCOMPUTE; i++)
        json_object_set_new(compute, hw_compute_names[i], hw_roof_to_json(&m->compute[i], "ops/s"));
    json_object_set_new(j, "compute", compute);

    json_t *sweep = json_array();
    for (unsigned i = 0; i < m->nsweep && i < HW_MAX_SWEEP; i++) {
        json_t *p = json_object();
        json_object_set_new(p, "bytes", json_integer((json_int_t)m->sweep[i].bytes));
        json_object_set_new(p, "bytes_per_s", num_or_null(m->sweep[i].bw, true));
        json_array_append_new(sweep, p);
    }
    json_object_set_new(j, "sweep", sweep);

    json_object_set_new(j, "benchmarks", m->details ? json_incref(m->details) : json_array());
    return j;
}

void hw_model_render_json(const struct hw_model *m, struct strbuf *out)
{
    json_t *j = hw_model_to_json(m);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(j);
    if (!text)
        xalloc_die("rendering the machine model as JSON");
    strbuf_addstr(out, text);
    strbuf_addch(out, '\n');
    free(text);
}

int hw_model_save(const struct hw_model *m, const char *path, char *err, size_t errlen)
{
    struct strbuf sb = STRBUF_INIT;
    hw_model_render_json(m, &sb);
    int ret = fileio_write_atomic(path, sb.buf, sb.len, err, errlen);
    strbuf_release(&sb);
    return ret;
}

/* ---- reading ---- */

/* Reads an optional number; null or absent leaves *out at 0. */
static int get_num(const json_t *obj, const char *key, double *out, const char *where, char *err,
                   size_t errlen)
{
    const json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return hw_err(err, errlen, -EINVAL, "%s.%s: expected a number", where, key);
    *out = json_number_value(v);
    if (!isfinite(*out) || *out < 0)
        return hw_err(err, errlen, -EINVAL, "%s.%s: %g: expected a number >= 0", where, key, *out);
    return 0;
}

static int get_u64(const json_t *obj, const char *key, uint64_t *out, const char *where, char *err,
                   size_t errlen)
{
    double d;
    int ret = get_num(obj, key, &d, where, err, errlen);
    if (ret)
        return ret;
    if (d != floor(d))
        return hw_err(err, errlen, -EINVAL, "%s.%s: %.6g: expected a whole number", where, key, d);
    if (d > 1.8e19)
        return hw_err(err, errlen, -EINVAL, "%s.%s: out of range", where, key);
    *out = (uint64_t)d;
    return 0;
}

static int get_unsigned(const json_t *obj, const char *key, unsigned *out, const char *where,
                        char *err, size_t errlen)
{
    double d;
    int ret = get_num(obj, key, &d, where, err, errlen);
    if (ret)
        return ret;
    if (d != floor(d))
        return hw_err(err, errlen, -EINVAL, "%s.%s: %.6g: expected a whole number", where, key, d);
    if (d > 4e9)
        return hw_err(err, errlen, -EINVAL, "%s.%s: out of range", where, key);
    *out = (unsigned)d;
    return 0;
}

static int get_str(const json_t *obj, const char *key, char *dst, size_t size, const char *where,
                   char *err, size_t errlen)
{
    const json_t *v = json_object_get(obj, key);
    dst[0] = '\0';
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return hw_err(err, errlen, -EINVAL, "%s.%s: expected a string", where, key);
    hw_strlcpy(dst, json_string_value(v), size);
    return 0;
}

static int get_bool(const json_t *obj, const char *key, bool *out, const char *where, char *err,
                    size_t errlen)
{
    const json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return hw_err(err, errlen, -EINVAL, "%s.%s: expected true or false", where, key);
    *out = json_is_true(v);
    return 0;
}

static const json_t *get_obj(const json_t *obj, const char *key, const char *where, char *err,
                             size_t errlen)
{
    const json_t *v = json_object_get(obj, key);
    if (!v) {
        hw_err(err, errlen, -EINVAL, "%s: missing \"%s\"", where, key);
        return NULL;
    }
    if (!json_is_object(v)) {
        hw_err(err, errlen, -EINVAL, "%s.%s: expected an object", where, key);
        return NULL;
    }
    return v;
}

int hw_roof_from_json(const json_t *j, struct hw_roof *r, const char *where, char *err,
                      size_t errlen)
{
    int ret;
    memset(r, 0, sizeof(*r));
    if (!json_is_object(j))
        return hw_err(err, errlen, -EINVAL, "%s: expected an object", where);
    const json_t *value = json_object_get(j, "value");
    if (value && !json_is_null(value) && !json_is_number(value))
        return hw_err(err, errlen, -EINVAL, "%s.value: expected a number or null", where);
    if ((ret = get_num(j, "value", &r->value, where, err, errlen)) ||
        (ret = get_num(j, "min", &r->min, where, err, errlen)) ||
        (ret = get_num(j, "median", &r->median, where, err, errlen)) ||
        (ret = get_num(j, "max", &r->max, where, err, errlen)) ||
        (ret = get_num(j, "per_cycle", &r->per_cycle, where, err, errlen)) ||
        (ret = get_bool(j, "noisy", &r->noisy, where, err, errlen)) ||
        (ret = get_str(j, "kernel", r->kernel, sizeof(r->kernel), where, err, errlen)) ||
        (ret = get_num(j, "peak", &r->peak, where, err, errlen)) ||
        (ret = get_str(j, "peak_why", r->peak_why, sizeof(r->peak_why), where, err, errlen)) ||
        (ret = get_str(j, "why", r->why, sizeof(r->why), where, err, errlen)))
        return ret;
    /* A roof with a number is a roof; hw_model_check refuses one outside
     * what a machine can do (a zero roof would make every kernel
     * infinitely bound). Unknown is null. */
    r->valid = value && json_is_number(value);
    if (!r->valid && !*r->why)
        hw_strlcpy(r->why, "not measured", sizeof(r->why));
    return 0;
}

static int level_from_json(const json_t *j, struct hw_level_info *l, const char *where, char *err,
                           size_t errlen)
{
    int ret;
    char sub[64];
    memset(l, 0, sizeof(*l));
    if (!json_is_object(j))
        return hw_err(err, errlen, -EINVAL, "%s: expected an object", where);
    if ((ret = get_bool(j, "present", &l->present, where, err, errlen)) ||
        (ret = get_u64(j, "nominal_bytes", &l->nominal_bytes, where, err, errlen)) ||
        (ret = get_u64(j, "effective_bytes", &l->effective_bytes, where, err, errlen)) ||
        (ret = get_unsigned(j, "line_bytes", &l->line_bytes, where, err, errlen)) ||
        (ret = get_unsigned(j, "shared_by", &l->shared_by, where, err, errlen)) ||
        (ret = get_u64(j, "working_set_bytes", &l->working_set, where, err, errlen)) ||
        (ret = get_str(j, "note", l->note, sizeof(l->note), where, err, errlen)))
        return ret;
    const json_t *bw = json_object_get(j, "bw");
    snprintf(sub, sizeof(sub), "%s.bw", where);
    if (bw && (ret = hw_roof_from_json(bw, &l->bw, sub, err, errlen)))
        return ret;
    if (!bw)
        hw_strlcpy(l->bw.why, "not in the model file", sizeof(l->bw.why));
    const json_t *all = json_object_get(j, "bw_all_cores");
    snprintf(sub, sizeof(sub), "%s.bw_all_cores", where);
    if (all && (ret = hw_roof_from_json(all, &l->bw_all, sub, err, errlen)))
        return ret;
    if (!all)
        hw_strlcpy(l->bw_all.why, "not in the model file", sizeof(l->bw_all.why));
    if (l->present && !l->effective_bytes)
        l->effective_bytes = l->nominal_bytes;
    return 0;
}

int hw_model_from_json(const json_t *j, struct hw_model *m, char *err, size_t errlen)
{
    int ret = -EINVAL;
    const char *w = "machine model";
    struct hw_model tmp;
    hw_model_init(&tmp);

    if (!json_is_object(j)) {
        hw_err(err, errlen, -EINVAL, "not a machine model: expected a JSON object");
        goto out;
    }
    const json_t *sv = json_object_get(j, "schema_version");
    const json_t *kind = json_object_get(j, "kind");
    if (!sv ||
        (kind && (!json_is_string(kind) || strcmp(json_string_value(kind), HW_MODEL_KIND)))) {
        hw_err(err, errlen, -EINVAL,
               "not a machine model (no schema_version, or kind is not \"%s\"); make one with "
               "'roofline machine --format json'",
               HW_MODEL_KIND);
        goto out;
    }
    if (!json_is_integer(sv)) {
        hw_err(err, errlen, -EINVAL, "schema_version: expected an integer");
        goto out;
    }
    if (json_integer_value(sv) != HW_MODEL_SCHEMA_VERSION) {
        hw_err(err, errlen, -EINVAL, "machine model schema_version %lld, this roofline reads %d",
               (long long)json_integer_value(sv), HW_MODEL_SCHEMA_VERSION);
        goto out;
    }
    if (!json_object_get(j, "levels") || !json_object_get(j, "compute")) {
        hw_err(err, errlen, -EINVAL, "not a machine model: missing \"%s\"",
               json_object_get(j, "levels") ? "compute" : "levels");
        goto out;
    }
    if ((ret = get_str(j, "cpu", tmp.cpu, sizeof(tmp.cpu), w, err, errlen)) ||
        (ret = get_str(j, "uarch", tmp.uarch, sizeof(tmp.uarch), w, err, errlen)) ||
        (ret =
             get_str(j, "fingerprint", tmp.fingerprint, sizeof(tmp.fingerprint), w, err, errlen)) ||
        (ret = get_str(j, "source", tmp.source, sizeof(tmp.source), w, err, errlen)) ||
        (ret = get_str(j, "created", tmp.created, sizeof(tmp.created), w, err, errlen)) ||
        (ret = get_bool(j, "quick", &tmp.quick, w, err, errlen)) ||
        (ret = get_num(j, "seconds", &tmp.seconds, w, err, errlen)))
        goto out;
    ret = -EINVAL;

    const json_t *simd = json_object_get(j, "simd");
    if (simd && json_is_array(simd)) {
        struct strbuf sb = STRBUF_INIT;
        size_t i;
        const json_t *s;
        json_array_foreach(simd, i, s)
        {
            if (!json_is_string(s)) {
                strbuf_release(&sb);
                hw_err(err, errlen, -EINVAL, "simd[%zu]: expected a string", i);
                goto out;
            }
            if (sb.len)
                strbuf_addch(&sb, ' ');
            strbuf_addstr(&sb, json_string_value(s));
        }
        hw_strlcpy(tmp.simd, sb.buf, sizeof(tmp.simd));
        strbuf_release(&sb);
    } else if (simd && json_is_string(simd)) {
        hw_strlcpy(tmp.simd, json_string_value(simd), sizeof(tmp.simd));
    } else if (simd && !json_is_null(simd)) {
        hw_err(err, errlen, -EINVAL, "simd: expected an array of strings");
        goto out;
    }

    const json_t *topo = get_obj(j, "topology", w, err, errlen);
    if (!topo)
        goto out;
    if ((ret = get_unsigned(topo, "packages", &tmp.packages, "topology", err, errlen)) ||
        (ret = get_unsigned(topo, "cores", &tmp.cores, "topology", err, errlen)) ||
        (ret = get_unsigned(topo, "pus", &tmp.pus, "topology", err, errlen)) ||
        (ret = get_unsigned(topo, "numa_nodes", &tmp.numa_nodes, "topology", err, errlen)))
        goto out;
    ret = -EINVAL;

    const json_t *clock = json_object_get(j, "clock");
    if (clock) {
        if (!json_is_object(clock)) {
            hw_err(err, errlen, -EINVAL, "clock: expected an object");
            goto out;
        }
        if ((ret = get_num(clock, "hz", &tmp.clock_hz, "clock", err, errlen)) ||
            (ret = get_num(clock, "tsc_hz", &tmp.tsc_hz, "clock", err, errlen)) ||
            (ret =
                 get_str(clock, "why", tmp.clock_why, sizeof(tmp.clock_why), "clock", err, errlen)))
            goto out;
        ret = -EINVAL;
    }

    const json_t *levels = get_obj(j, "levels", w, err, errlen);
    if (!levels)
        goto out;
    for (int i = 0; i < HW_NLEVELS; i++) {
        char where[32];
        snprintf(where, sizeof(where), "levels.%s", hw_level_names[i]);
        const json_t *l = json_object_get(levels, hw_level_names[i]);
        if (!l) {
            snprintf(tmp.level[i].note, sizeof(tmp.level[i].note), "not in the model file");
            hw_strlcpy(tmp.level[i].bw.why, "not in the model file", sizeof(tmp.level[i].bw.why));
            hw_strlcpy(tmp.level[i].bw_all.why, "not in the model file",
                       sizeof(tmp.level[i].bw_all.why));
            continue;
        }
        if ((ret = level_from_json(l, &tmp.level[i], where, err, errlen)))
            goto out;
    }
    ret = -EINVAL;
    if (!tmp.level[HW_DRAM].present) {
        hw_err(err, errlen, -EINVAL, "levels.DRAM: missing or not present; a model needs DRAM");
        goto out;
    }

    const json_t *compute = get_obj(j, "compute", w, err, errlen);
    if (!compute)
        goto out;
    for (int i = 0; i < HW_NCOMPUTE; i++) {
        char where[32];
        snprintf(where, sizeof(where), "compute.%s", hw_compute_names[i]);
        const json_t *c = json_object_get(compute, hw_compute_names[i]);
        if (!c) {
            hw_strlcpy(tmp.compute[i].why, "not in the model file", sizeof(tmp.compute[i].why));
            continue;
        }
        if ((ret = hw_roof_from_json(c, &tmp.compute[i], where, err, errlen)))
            goto out;
    }
    ret = -EINVAL;

    const json_t *sweep = json_object_get(j, "sweep");
    if (sweep && json_is_array(sweep)) {
        size_t i;
        const json_t *p;
        json_array_foreach(sweep, i, p)
        {
            if (tmp.nsweep >= HW_MAX_SWEEP)
                break;
            struct hw_sweep_point *sp = &tmp.sweep[tmp.nsweep];
            if (!json_is_object(p) || get_u64(p, "bytes", &sp->bytes, "sweep", err, errlen) ||
                get_num(p, "bytes_per_s", &sp->bw, "sweep", err, errlen)) {
                hw_err(err, errlen, -EINVAL, "sweep[%zu]: expected {\"bytes\", \"bytes_per_s\"}",
                       i);
                goto out;
            }
            tmp.nsweep++;
        }
    }

    const json_t *bench = json_object_get(j, "benchmarks");
    if (bench && !json_is_array(bench)) {
        hw_err(err, errlen, -EINVAL, "benchmarks: expected an array");
        goto out;
    }
    if (bench)
        tmp.details = json_deep_copy(bench);
    if ((ret = hw_model_check(&tmp, err, errlen)))
        goto out;

    hw_model_release(m);
    *m = tmp;
    return 0;
out:
    hw_model_release(&tmp);
    return ret;
}

int hw_model_load(const char *path, struct hw_model *m, char *err, size_t errlen)
{
    struct strbuf sb = STRBUF_INIT;
    json_t *j = NULL;
    json_error_t jerr;
    char msg[256], why[128];
    int ret = fileio_read_input(path, HW_MODEL_MAX_BYTES, &sb, why, sizeof why);
    if (ret < 0) {
        hw_err(err, errlen, ret, "%s: cannot read machine model: %s", path, why);
        goto out;
    }
    j = json_loadb(sb.buf, sb.len, 0, &jerr);
    if (!j) {
        ret = hw_err(err, errlen, -EINVAL, "%s:%d: not a machine model: %s", path, jerr.line,
                     jerr.text);
        goto out;
    }
    ret = hw_model_from_json(j, m, msg, sizeof(msg));
    if (ret) {
        hw_err(err, errlen, ret, "%s: %s", path, msg);
        goto out;
    }
    hw_strlcpy(m->source, path, sizeof(m->source));
out:
    if (j)
        json_decref(j);
    strbuf_release(&sb);
    return ret;
}

/* ---- plausible figures ---- */

/* What a real machine's figures can be: the machines of the next decades
 * sit well inside these ranges (today's: one core's L1 at 2e11 bytes/s,
 * all cores of a large server at 1e14; one core's SIMD peak at 5e11
 * ops/s), so a figure outside is a broken measurement, a unit mistake or
 * a hand-made file, never a machine. Zero, negative, subnormal, NaN and
 * infinite figures all fall outside. docs/machine-schema.md lists them. */
enum hw_range {
    HR_BANDWIDTH,
    HR_COMPUTE,
    HR_CLOCK,
    HR_CACHE,
    HR_MEMORY,
    HR_WORKING_SET,
    HR_LINE,
    HR_COUNT
};

static const struct {
    const char *what, *unit;
    double lo, hi;
} hw_ranges[] = {
    [HR_BANDWIDTH] = {"bandwidth", "bytes/s", 1e6, 1e16},
    [HR_COMPUTE] = {"compute rate", "ops/s", 1e6, 1e16},
    [HR_CLOCK] = {"clock", "Hz", 1e6, 1e11},
    [HR_CACHE] = {"cache size", "bytes", 256, 1099511627776.0 /* 1 TiB */},
    [HR_MEMORY] = {"memory size", "bytes", 1048576, 4503599627370496.0 /* 4 PiB */},
    [HR_WORKING_SET] = {"working set", "bytes", 256, 4503599627370496.0},
    [HR_LINE] = {"cache line size", "bytes", 8, 4096},
    [HR_COUNT] = {"count", "", 1, 1048576},
};

/* v at where.key lies in range r; if_zero: how a file says the figure is
 * unknown where it may be ("null when unknown"; the struct holds 0), NULL
 * where it may not. */
static int check_range(double v, enum hw_range r, const char *if_zero, const char *where,
                       const char *key, char *err, size_t errlen)
{
    if (if_zero && v == 0)
        return 0;
    if (v >= hw_ranges[r].lo && v <= hw_ranges[r].hi)
        return 0;
    return hw_err(err, errlen, -EINVAL,
                  "%s.%s: %.6g%s%s is not a plausible %s (expected %.3g to %.3g%s%s%s%s)", where,
                  key, v, *hw_ranges[r].unit ? " " : "", hw_ranges[r].unit, hw_ranges[r].what,
                  hw_ranges[r].lo, hw_ranges[r].hi, *hw_ranges[r].unit ? " " : "",
                  hw_ranges[r].unit, if_zero ? ", or " : "", if_zero ? if_zero : "");
}

/* A measured roof's figures; an unmeasured one has none (null in JSON). */
static int check_roof(const struct hw_roof *ro, enum hw_range r, const char *where, char *err,
                      size_t errlen)
{
    int ret;
    if (!ro->valid)
        return 0;
    if ((ret = check_range(ro->value, r, NULL, where, "value", err, errlen)))
        return ret;
    /* Each figure has its own message: a value of null is "not measured"
     * and the others may be null with a measured value. */
    if ((ret = check_range(ro->min, r, "null when unknown", where, "min", err, errlen)) ||
        (ret = check_range(ro->median, r, "null when unknown", where, "median", err, errlen)) ||
        (ret = check_range(ro->max, r, "null when unknown", where, "max", err, errlen)) ||
        (ret = check_range(ro->peak, r, "null when not knowable", where, "peak", err, errlen)))
        return ret;
    return 0;
}

static int check_level(const struct hw_level_info *l, int i, char *err, size_t errlen)
{
    char where[32], sub[48];
    int ret;
    enum hw_range size = i == HW_DRAM ? HR_MEMORY : HR_CACHE;
    snprintf(where, sizeof where, "levels.%s", hw_level_names[i]);
    if ((ret = check_range((double)l->nominal_bytes, size, "null when unknown", where,
                           "nominal_bytes", err, errlen)) ||
        (ret = check_range((double)l->effective_bytes, size, "null when unknown", where,
                           "effective_bytes", err, errlen)) ||
        (ret = check_range(l->line_bytes, HR_LINE, "null when unknown", where, "line_bytes", err,
                           errlen)) ||
        (ret = check_range(l->shared_by, HR_COUNT, "null when unknown", where, "shared_by", err,
                           errlen)) ||
        (ret = check_range((double)l->working_set, HR_WORKING_SET, "null when not measured", where,
                           "working_set_bytes", err, errlen)))
        return ret;
    if (l->line_bytes & (l->line_bytes - 1))
        return hw_err(err, errlen, -EINVAL,
                      "%s.line_bytes: %u bytes is not a cache line size (a power of two)", where,
                      l->line_bytes);
    snprintf(sub, sizeof sub, "%s.bw", where);
    if ((ret = check_roof(&l->bw, HR_BANDWIDTH, sub, err, errlen)))
        return ret;
    snprintf(sub, sizeof sub, "%s.bw_all_cores", where);
    return check_roof(&l->bw_all, HR_BANDWIDTH, sub, err, errlen);
}

/* The runs under "benchmarks", as far as they carry roofs: their rates
 * are shown (machine --format text) beside the model's own. */
static int check_benchmarks(const json_t *details, char *err, size_t errlen)
{
    size_t i;
    const json_t *b;
    char where[48];
    json_array_foreach(details, i, b)
    {
        struct hw_roof r;
        int ret;
        if (!json_is_object(b))
            continue;
        snprintf(where, sizeof where, "benchmarks[%zu]", i);
        if ((ret = hw_roof_from_json(b, &r, where, err, errlen)))
            return ret;
        const json_t *level = json_object_get(b, "level");
        bool bw = level && !json_is_null(level);
        if ((ret = check_roof(&r, bw ? HR_BANDWIDTH : HR_COMPUTE, where, err, errlen)))
            return ret;
    }
    return 0;
}

int hw_model_check(const struct hw_model *m, char *err, size_t errlen)
{
    int ret;
    if ((ret =
             check_range(m->clock_hz, HR_CLOCK, "null when unknown", "clock", "hz", err, errlen)) ||
        (ret = check_range(m->tsc_hz, HR_CLOCK, "null when unknown", "clock", "tsc_hz", err,
                           errlen)) ||
        (ret = check_range(m->packages, HR_COUNT, "0 when unknown", "topology", "packages", err,
                           errlen)) ||
        (ret =
             check_range(m->cores, HR_COUNT, "0 when unknown", "topology", "cores", err, errlen)) ||
        (ret = check_range(m->pus, HR_COUNT, "0 when unknown", "topology", "pus", err, errlen)) ||
        (ret = check_range(m->numa_nodes, HR_COUNT, "0 when unknown", "topology", "numa_nodes", err,
                           errlen)))
        return ret;
    for (int i = 0; i < HW_NLEVELS; i++)
        if ((ret = check_level(&m->level[i], i, err, errlen)))
            return ret;
    for (int c = 0; c < HW_NCOMPUTE; c++) {
        char where[32];
        snprintf(where, sizeof where, "compute.%s", hw_compute_names[c]);
        if ((ret = check_roof(&m->compute[c], HR_COMPUTE, where, err, errlen)))
            return ret;
    }
    for (unsigned i = 0; i < m->nsweep && i < HW_MAX_SWEEP; i++) {
        char where[32];
        snprintf(where, sizeof where, "sweep[%u]", i);
        if ((ret = check_range((double)m->sweep[i].bytes, HR_WORKING_SET, "null when unknown",
                               where, "bytes", err, errlen)) ||
            (ret = check_range(m->sweep[i].bw, HR_BANDWIDTH, "null when not measured", where,
                               "bytes_per_s", err, errlen)))
            return ret;
    }
    if (m->details && json_is_array(m->details))
        return check_benchmarks(m->details, err, errlen);
    return 0;
}

/* ---- queries ---- */

enum hw_level hw_model_level_for(const struct hw_model *m, double bytes)
{
    for (int i = HW_L1; i < HW_DRAM; i++) {
        const struct hw_level_info *l = &m->level[i];
        if (l->present && l->effective_bytes && bytes <= (double)l->effective_bytes)
            return (enum hw_level)i;
    }
    return HW_DRAM;
}

double hw_model_llc_bytes(const struct hw_model *m)
{
    for (int i = HW_DRAM - 1; i >= HW_L1; i--)
        if (m->level[i].present && m->level[i].effective_bytes)
            return (double)m->level[i].effective_bytes;
    return 0;
}
