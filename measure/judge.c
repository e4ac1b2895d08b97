/* judge: the measured point against the static figures. The rules of thumb
 * a performance engineer applies to counters are the table measure_rules,
 * each with its source; a rule whose figure is missing is reported as not
 * judged, never guessed. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "measure/measure.h"

/* In order of precedence: the first rule that fires names the measured
 * verdict; the others that fire are listed beside it. "roofline" is not a
 * threshold but which roof of the machine model the measured point sits
 * under (its verdict is worked out below). */
const struct measure_rule measure_rules[] = {
    {"llc_mpki", MEASURE_RULE_GT, 10.0, "memory-bound", NULL, 0,
     "rule of thumb: above ~10 last-level misses per 1000 instructions a program waits on DRAM "
     "(cf. the MPKI classes of memory-intensive SPEC CPU programs in cache studies)"},
    {"branch_miss_rate", MEASURE_RULE_GT, 0.05, "front-end bound", "branch_mpki", 5.0,
     "rule of thumb: over ~5% of branches mispredicted costs a large share of cycles (Yasin, "
     "'A Top-Down Method for Performance Analysis and Counters Architecture', ISPASS 2014: "
     "bad speculation); guarded by 5 misses per 1000 instructions, ~15-20 cycles each, below "
     "which the misses cost too little to bound the run"},
    {"ipc", MEASURE_RULE_LT, 0.5, "stalled", NULL, 0,
     "Gregg, 'CPU Utilization is Wrong' (2017): IPC below 1 likely stalled on memory; well "
     "under 0.5 taken here as clearly stalled"},
    {"roofline", MEASURE_RULE_GE, 0.0, NULL, NULL, 0,
     "Williams, Waterman, Patterson, 'Roofline: An Insightful Visual Performance Model for "
     "Multicore Architectures', CACM 52(4), 2009: the roof above the measured intensity bounds "
     "performance"},
    {"ipc", MEASURE_RULE_GE, 1.0, "compute-leaning", NULL, 0,
     "Gregg, 'CPU Utilization is Wrong' (2017): IPC above 1 likely instruction bound"},
};
const size_t measure_nrules = sizeof measure_rules / sizeof measure_rules[0];

/* Which side of the static memory/compute split a verdict falls on. */
static const struct {
    const char *verdict;
    enum report_bound side;
} verdict_sides[] = {
    {"memory-bound", REPORT_BOUND_MEMORY},     {"stalled", REPORT_BOUND_MEMORY},
    {"compute-bound", REPORT_BOUND_COMPUTE},   {"compute-leaning", REPORT_BOUND_COMPUTE},
    {"front-end bound", REPORT_BOUND_COMPUTE},
};

static void set_num(struct report_num *n, double v)
{
    n->known = true;
    n->value = v;
}

static enum report_bound side_of(const char *verdict)
{
    for (size_t i = 0; i < sizeof verdict_sides / sizeof verdict_sides[0]; i++)
        if (!strncmp(verdict, verdict_sides[i].verdict, strlen(verdict_sides[i].verdict)))
            return verdict_sides[i].side;
    return REPORT_BOUND_NONE;
}

/* A figure a rule needs: its value, or why it is missing. */
static bool rule_figure(const struct report_run *run, const char *figure, double *v,
                        const char **why)
{
    bool cachegrind = run->counters && !strcmp(run->counters, "cachegrind");
    if (!strcmp(figure, "ipc")) {
        *v = run->ipc.value;
        *why = cachegrind ? "no cycles under cachegrind" : "no cycle count";
        return run->ipc.known;
    }
    if (!strcmp(figure, "llc_mpki")) {
        *v = run->mpki.value;
        *why = "no last-level miss count";
        return run->mpki.known;
    }
    if (cachegrind && !strncmp(figure, "branch_", 7)) {
        /* Its predictor is a table of 2-bit counters and a plain target
         * buffer: it misses far more than a current core, on interpreters'
         * indirect dispatch above all. */
        *why = "cachegrind's simulated predictor is much simpler than this CPU's";
        return false;
    }
    if (!strcmp(figure, "branch_mpki")) {
        *why = "no branch miss or instruction count";
        if (!run->branch_misses.known || !run->instructions.known || run->instructions.value <= 0)
            return false;
        *v = 1000 * run->branch_misses.value / run->instructions.value;
        return true;
    }
    if (!strcmp(figure, "branch_miss_rate")) {
        *why = "no branch counts";
        if (!run->branches.known || !run->branch_misses.known || run->branches.value <= 0)
            return false;
        *v = run->branch_misses.value / run->branches.value;
        return true;
    }
    *why = "unknown figure";
    return false;
}

/* The compute roof a kernel is held to: the one the static analysis named,
 * else scalar floating point when it does flops, else scalar integer. */
static enum hw_compute compute_roof(const struct report_kernel *k)
{
    if (k->bound == REPORT_BOUND_COMPUTE)
        return k->bound_compute;
    const struct report_figure *fl = &k->fig[RF_FLOP_TOTAL];
    return fl->known && fl->value > 0 ? HW_FP_SCALAR : HW_INT_SCALAR;
}

/* Which roof the measured point sits under; NULL (and why) when it cannot
 * be placed. Returns a malloc'd verdict. */
static char *roofline_verdict(struct report_run *run, const struct report_kernel *k,
                              const struct hw_model *m, const char **why)
{
    if (!k) {
        *why = "no kernel: roofline analyze --run gives the static work count";
        return NULL;
    }
    if (!k->fig[RF_WORK].known || k->fig[RF_WORK].value <= 0) {
        *why = "the kernel's work count is not known (unbound symbols?)";
        return NULL;
    }
    if (!m) {
        *why = "no machine model";
        return NULL;
    }
    if (!run->measured_dram_bytes.known) {
        *why = "no measured DRAM bytes";
        return NULL;
    }
    enum hw_compute c = compute_roof(k);
    const struct hw_roof *peak = &m->compute[c], *bw = &m->level[HW_DRAM].bw;
    if (!peak->valid || !bw->valid || peak->value <= 0 || bw->value <= 0) {
        *why = "the machine model lacks the DRAM or compute roof";
        return NULL;
    }
    double work = k->fig[RF_WORK].value, bytes = run->measured_dram_bytes.value;
    struct hw_demand d = {work, c, {0}};
    d.bytes[HW_DRAM] = bytes;
    struct hw_bound b;
    hw_roof_classify(m, &d, &b); /* both roofs are there: checked above */
    char *verdict;
    if (b.memory) {
        verdict =
            xasprintf("memory-bound (under the DRAM roof at %.3g ops/B measured)", work / bytes);
    } else {
        verdict = xasprintf("compute-bound (under the %s roof)", hw_compute_names[c]);
    }
    if (run->achieved_ops_per_s.known) {
        strlist_addf(&run->notes,
                     "roofline: achieved %.3g ops/s, %.2g%% of the roof above it (%.3g ops/s)",
                     run->achieved_ops_per_s.value,
                     100 * run->achieved_ops_per_s.value / b.attainable, b.attainable);
    }
    return verdict;
}

static bool rule_fires(const struct measure_rule *r, double v)
{
    switch (r->op) {
    case MEASURE_RULE_GE:
        return v >= r->threshold;
    case MEASURE_RULE_GT:
        return v > r->threshold;
    case MEASURE_RULE_LT:
        return v < r->threshold;
    }
    return false;
}

static void judge_static(struct report_run *run, const struct report_kernel *k)
{
    double work = k->fig[RF_WORK].known ? k->fig[RF_WORK].value : 0;
    if (run->seconds.known && run->seconds.value > 0 && k->fig[RF_WORK].known)
        set_num(&run->achieved_ops_per_s, work / run->seconds.value);
    if (run->instructions.known && work > 0) {
        double per_op = run->instructions.value / work;
        set_num(&run->instructions_per_static_op, per_op);
        run->static_falls_short = per_op > MEASURE_FALLS_SHORT_THRESHOLD;
        if (run->static_falls_short)
            strlist_addf(&run->notes,
                         "static estimate falls short x%.0f: %.1f instructions per static op%s%s "
                         "(compiled C: ~1-4; threshold %.0f)",
                         per_op, per_op, run->interpreter ? ", interpreted by " : "",
                         run->interpreter ? run->interpreter : "", MEASURE_FALLS_SHORT_THRESHOLD);
    } else {
        strlist_addf(&run->notes, "instructions_per_static_op: unknown, %s",
                     work > 0 ? "no instruction count" : "no static work count");
    }
    const struct report_figure *sl = &k->fig[RF_LOADS_COUNT], *ss = &k->fig[RF_STORES_COUNT];
    if (run->loads.known && run->stores.known && sl->known && ss->known &&
        sl->value + ss->value > 0)
        set_num(&run->accesses_per_static_access,
                (run->loads.value + run->stores.value) / (sl->value + ss->value));
    if (k->bound != REPORT_BOUND_NONE) {
        run->static_verdict =
            xasprintf("%s-bound (%s)", report_bound_names[k->bound], report_kernel_roof_name(k));
    } else {
        strlist_addf(&run->notes, "static verdict: none, %s",
                     k->bound_why ? k->bound_why : "the analysis could not say");
    }
}

void measure_judge(struct report_run *run, const struct report_kernel *k, const struct hw_model *m)
{
    struct strbuf verdict = STRBUF_INIT, also = STRBUF_INIT, unjudged = STRBUF_INIT;
    struct strlist seen = STRLIST_INIT;
    char *primary = NULL;

    free(run->static_verdict);
    free(run->measured_verdict);
    run->static_verdict = run->measured_verdict = NULL;
    run->static_falls_short = false;
    if (k)
        judge_static(run, k);

    for (size_t i = 0; i < measure_nrules; i++) {
        const struct measure_rule *r = &measure_rules[i];
        char *fired = NULL;
        const char *why = NULL;
        double v;
        if (!strcmp(r->figure, "roofline")) {
            fired = roofline_verdict(run, k, m, &why);
        } else if (rule_figure(run, r->figure, &v, &why)) {
            double g = 0;
            const char *gwhy = NULL;
            why = NULL;
            if (!rule_fires(r, v)) {
                /* nothing to say */
            } else if (r->guard && !rule_figure(run, r->guard, &g, &gwhy)) {
                why = gwhy;
            } else if (r->guard && g < r->guard_min) {
                strlist_addf(&run->notes,
                             "%s %.3g is above %g, but %s %.3g is below %g: too few to bound "
                             "the run",
                             r->figure, v, r->threshold, r->guard, g, r->guard_min);
            } else {
                fired = xasprintf("%s (%s %.3g)", r->verdict, r->figure, v);
            }
        }
        if (why && !strlist_has(&seen, r->figure)) {
            strlist_add(&seen, r->figure);
            strbuf_addf(&unjudged, "%s%s (%s)", unjudged.len ? ", " : "", r->figure, why);
        }
        if (!fired)
            continue;
        if (!primary)
            primary = fired;
        else {
            strbuf_addf(&also, "%s%s", also.len ? "; " : "", fired);
            free(fired);
        }
    }
    if (primary)
        strbuf_addstr(&verdict, primary);
    else
        strbuf_addstr(&verdict, "not classified");
    if (also.len)
        strbuf_addf(&verdict, "; also %s", also.buf);
    if (unjudged.len)
        strbuf_addf(&verdict, "; not judged: %s", unjudged.buf);
    run->measured_verdict = strbuf_detach(&verdict, NULL);

    if (primary && k && k->bound != REPORT_BOUND_NONE) {
        enum report_bound side = side_of(primary);
        if (side != REPORT_BOUND_NONE && side != k->bound)
            strlist_addf(&run->notes,
                         "static and measured verdicts disagree: static says %s-bound, "
                         "the counters say %s",
                         report_bound_names[k->bound], primary);
    }
    free(primary);
    strlist_release(&seen);
    strbuf_release(&also);
    strbuf_release(&unjudged);
}
