/* report: the figure tables every renderer walks (a kernel's, a run's), the report's lifecycle, and
 * the one number formatter the text and CSV renderers share. */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* In enum report_fig order, which is the JSON order of interface.md. */
const struct report_fig_desc report_figs[RF_NFIGS] = {
    [RF_INT_ADD] = {"int_ops.add", "int_add", false},
    [RF_INT_MUL] = {"int_ops.mul", "int_mul", false},
    [RF_INT_DIV] = {"int_ops.div", "int_div", false},
    [RF_INT_LOGIC] = {"int_ops.logic", "int_logic", false},
    [RF_INT_SHIFT] = {"int_ops.shift", "int_shift", false},
    [RF_INT_CMP] = {"int_ops.cmp", "int_cmp", false},
    [RF_INT_TOTAL] = {"int_ops.total", "int_total", false},
    [RF_FLOP_ADD] = {"flops.add", "flop_add", false},
    [RF_FLOP_MUL] = {"flops.mul", "flop_mul", false},
    [RF_FLOP_DIV] = {"flops.div", "flop_div", false},
    [RF_FLOP_CMP] = {"flops.cmp", "flop_cmp", false},
    [RF_FLOP_OTHER] = {"flops.other", "flop_other", false},
    [RF_FLOP_TOTAL] = {"flops.total", "flop_total", false},
    [RF_WORK] = {"work_ops", "work_ops", false},
    [RF_CONTROL] = {"control_ops", "control_ops", false},
    [RF_ADDRESS] = {"address_ops", "address_ops", false},
    [RF_BRANCHES] = {"branches", "branches", false},
    [RF_CALLS] = {"calls", "calls", false},
    [RF_LOADS_COUNT] = {"loads.count", "loads", false},
    [RF_LOADS_BYTES] = {"loads.bytes", "load_bytes", false},
    [RF_STORES_COUNT] = {"stores.count", "stores", false},
    [RF_STORES_BYTES] = {"stores.bytes", "store_bytes", false},
    [RF_TRAFFIC] = {"traffic_bytes", "traffic_bytes", false},
    [RF_FOOTPRINT] = {"footprint_bytes", "footprint_bytes", false},
    [RF_DRAM] = {"dram_bytes", "dram_bytes", false},
    [RF_INTENSITY_TRAFFIC] = {"intensity.traffic", "intensity_traffic", true},
    [RF_INTENSITY_DRAM] = {"intensity.dram", "intensity_dram", true},
};

/* REPORT_RUN_FIGURES as data, in the same order. */
#define REPORT_RUN_DESC_(ID, key, kind, unit, needs_kernel, section, label, na)                    \
    [REPORT_RUN_##ID] = {#key,                                                                     \
                         offsetof(struct report_run, key),                                         \
                         REPORT_RUN_KIND_##kind,                                                   \
                         REPORT_RUN_UNIT_##unit,                                                   \
                         needs_kernel,                                                             \
                         REPORT_RUN_SECTION_##section,                                             \
                         label,                                                                    \
                         na},
const struct report_run_fig_desc report_run_figs[REPORT_RUN_NFIGS] = {
    REPORT_RUN_FIGURES(REPORT_RUN_DESC_)};
#undef REPORT_RUN_DESC_

struct report_num report_run_value(const struct report_run *run, enum report_run_fig f)
{
    return *(const struct report_num *)((const char *)run + report_run_figs[f].offset);
}

struct report_num *report_run_slot(struct report_run *run, enum report_run_fig f)
{
    return (struct report_num *)((char *)run + report_run_figs[f].offset);
}

void report_init(struct report *r)
{
    memset(r, 0, sizeof(*r));
}

void report_run_release(struct report_run *run)
{
    free(run->label);
    free(run->command);
    free(run->counters);
    free(run->interpreter);
    free(run->static_verdict);
    free(run->measured_verdict);
    strlist_release(&run->notes);
    memset(run, 0, sizeof *run);
}

static void release_kernel(struct report_kernel *k)
{
    free(k->name);
    free(k->file);
    free(k->unit);
    free(k->per);
    for (size_t i = 0; i < k->nparams; i++)
        free(k->params[i].name);
    free(k->params);
    for (int f = 0; f < RF_NFIGS; f++)
        free(k->fig[f].symbolic);
    strlist_release(&k->inexact_because);
    strlist_release(&k->unbound);
    strlist_release(&k->opaque_calls);
    strlist_release(&k->openmp);
    free(k->bound_why);
    free(k->attainable.symbolic);
    for (size_t i = 0; i < k->nruns; i++)
        report_run_release(&k->runs[i]);
    free(k->runs);
}

void report_kernel_keep_picture(struct report_kernel *k)
{
    for (int f = 0; f < RF_NFIGS; f++)
        if (f != RF_WORK && f != RF_DRAM && f != RF_INTENSITY_DRAM) {
            free(k->fig[f].symbolic);
            k->fig[f].symbolic = NULL;
        }
    strlist_release(&k->inexact_because);
    strlist_release(&k->opaque_calls);
}

void report_release(struct report *r)
{
    if (r->has_machine)
        hw_model_release(&r->machine);
    free(r->machine_why);
    for (size_t i = 0; i < r->nkernels; i++)
        release_kernel(&r->kernels[i]);
    free(r->kernels);
    report_init(r);
}

void report_kernel_init(struct report_kernel *k)
{
    memset(k, 0, sizeof(*k));
    k->exact = true;
}

void report_kernel_release(struct report_kernel *k)
{
    release_kernel(k);
    report_kernel_init(k);
}

void report_adopt_kernel(struct report *r, struct report_kernel *k)
{
    ALLOC_GROW(r->kernels, r->nkernels + 1, r->kernels_alloc);
    r->kernels[r->nkernels++] = *k;
    report_kernel_init(k);
}

struct report_kernel *report_add_kernel(struct report *r)
{
    ALLOC_GROW(r->kernels, r->nkernels + 1, r->kernels_alloc);
    struct report_kernel *k = &r->kernels[r->nkernels++];
    memset(k, 0, sizeof(*k));
    k->exact = true;
    return k;
}

struct report_run *report_kernel_add_run(struct report_kernel *k)
{
    ALLOC_GROW(k->runs, k->nruns + 1, k->runs_alloc);
    struct report_run *run = &k->runs[k->nruns++];
    memset(run, 0, sizeof(*run));
    return run;
}

const char *const report_bound_names[3] = {NULL, "memory", "compute"};

const char *report_kernel_roof_name(const struct report_kernel *k)
{
    switch (k->bound) {
    case REPORT_BOUND_MEMORY:
        return hw_level_names[k->bound_level];
    case REPORT_BOUND_COMPUTE:
        return hw_compute_names[k->bound_compute];
    case REPORT_BOUND_NONE:
        break;
    }
    return NULL;
}

void report_kernel_add_param(struct report_kernel *k, const char *name, double value)
{
    ALLOC_GROW(k->params, k->nparams + 1, k->params_alloc);
    k->params[k->nparams].name = xstrdup(name);
    k->params[k->nparams].value = value;
    k->nparams++;
}

bool report_is_integral(double v)
{
    return isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0; /* 2^53 */
}

void report_format_number(double v, struct strbuf *out)
{
    char buf[40];

    if (!isfinite(v)) {
        strbuf_addstr(out, isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
        return;
    }
    if (report_is_integral(v)) {
        strbuf_addf(out, "%.0f", v == 0 ? 0.0 : v); /* no "-0" */
        return;
    }
    /* The shortest form that reads back as the same double. */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    strbuf_addstr(out, buf);
}

void report_format_seconds(double s, char sep, struct strbuf *out)
{
    static const struct {
        double scale;
        const char *unit;
    } units[] = {{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
    size_t i = 0;
    while (i + 1 < sizeof(units) / sizeof(units[0]) && fabs(s) < units[i].scale)
        i++;
    strbuf_addf(out, "%.3g%c%s", s / units[i].scale, sep, units[i].unit);
}
