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
    const struct hw_roof *cr = &m->compute[compute_roof_for[mix].roof];
    if (!cr->valid || cr->value <= 0) {
        set_why(k, "the machine model has no %s compute roof", compute_roof_for[mix].mix);
        return;
    }
    double best = cr->value;
    const char *roof = hw_compute_names[compute_roof_for[mix].roof];
    bool memory = false;

    /* The cache level the footprint needs, fed at the traffic intensity. */
    double traffic = k->fig[RF_TRAFFIC].value;
    enum hw_level lvl = hw_model_level_for(m, k->fig[RF_FOOTPRINT].value);
    const struct hw_roof *lr = &m->level[lvl].bw;
    if (traffic > 0 && m->level[lvl].present && lr->valid && lr->value > 0) {
        double att = work / traffic * lr->value;
        if (att < best) {
            best = att;
            roof = hw_level_names[lvl];
            memory = true;
        }
    }
    /* Streaming bytes come from DRAM every unit. */
    double dram = k->fig[RF_DRAM].value;
    const struct hw_roof *dr = &m->level[HW_DRAM].bw;
    if (dram > 0 && dr->valid && dr->value > 0) {
        double att = work / dram * dr->value;
        if (att < best) {
            best = att;
            roof = hw_level_names[HW_DRAM];
            memory = true;
        }
    }
    free(k->bound);
    free(k->bound_roof);
    k->bound = xstrdup(memory ? "memory" : "compute");
    k->bound_roof = xstrdup(roof);
    k->attainable.known = true;
    k->attainable.value = best;
}
