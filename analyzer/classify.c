/* classify: places a kernel under the machine's roofs: the memory roof of
 * the level its footprint needs, the DRAM roof for its streaming bytes, and
 * the compute roof that matches its op mix; the lowest one binds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "common/xalloc.h"

/* Which compute roof a source-level op mix runs against. Source-level ops
 * are scalar: vectorisation is what a measured run shows. */
static const struct {
    const char *mix;
    enum hw_compute roof;
} compute_roof_for[] = {
    {"integer", HW_INT_SCALAR},
    {"floating point", HW_FP_SCALAR},
};

static void set_why(struct report_kernel *k, const char *fmt, const char *arg)
{
    free(k->bound_why);
    k->bound_why = xasprintf(fmt, arg);
}

void an_classify(struct report_kernel *k, const struct hw_model *m, const char *why_no_machine)
{
    const struct report_figure *need[] = {&k->fig[RF_INT_TOTAL], &k->fig[RF_FLOP_TOTAL],
                                          &k->fig[RF_TRAFFIC],   &k->fig[RF_DRAM],
                                          &k->fig[RF_FOOTPRINT], &k->fig[RF_WORK]};
    k->attainable.known = false;
    if (!m) {
        set_why(k, "no machine model: %s", why_no_machine ? why_no_machine : "none given");
        return;
    }
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!need[i]->known) {
            set_why(k, "%s", "the figures depend on unbound symbols (see unbound)");
            return;
        }
    double work = k->fig[RF_WORK].value;
    if (work <= 0) {
        set_why(k, "%s", "the kernel does no work ops");
        return;
    }
    int mix = k->fig[RF_FLOP_TOTAL].value > k->fig[RF_INT_TOTAL].value ? 1 : 0;
    /* Without a DRAM roof, a kernel that streams from DRAM has no bound:
     * passing over the missing roof would call it compute-bound. */
    const struct hw_roof *dram = &m->level[HW_DRAM].bw;
    if (k->fig[RF_DRAM].value > 0 && !(dram->valid && dram->value > 0)) {
        set_why(k, "the machine model has no DRAM bandwidth (%s)",
                *dram->why ? dram->why : "unknown");
        return;
    }
    /* The cache level the footprint needs is fed at the traffic intensity;
     * streaming bytes come from DRAM every unit. */
    struct hw_demand d = {work, compute_roof_for[mix].roof, {0}};
    enum hw_level lvl = hw_model_level_for(m, k->fig[RF_FOOTPRINT].value);
    d.bytes[lvl] = k->fig[RF_TRAFFIC].value;
    if (k->fig[RF_DRAM].value > d.bytes[HW_DRAM])
        d.bytes[HW_DRAM] = k->fig[RF_DRAM].value;
    struct hw_bound b;
    if (hw_roof_classify(m, &d, &b)) {
        set_why(k, "the machine model has no %s compute roof", compute_roof_for[mix].mix);
        return;
    }
    k->bound = b.memory ? REPORT_BOUND_MEMORY : REPORT_BOUND_COMPUTE;
    k->bound_level = b.level;
    k->bound_compute = b.compute;
    k->attainable.known = true;
    k->attainable.value = b.attainable;
}
