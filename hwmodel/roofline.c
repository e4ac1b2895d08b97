/* roofline: the model's one formula. A kernel of intensity I (ops per byte
 * through a memory level) attains min(peak, I x bandwidth); of all the roofs
 * it is held to, the lowest binds. The analyzer's static verdict, the
 * measured verdict and the picture's ridge points all come from here. */
#include <errno.h>
#include <math.h>

#include "hwmodel/hwmodel.h"

static bool usable(const struct hw_roof *r)
{
    return r->valid && r->value > 0 && isfinite(r->value);
}

double hw_roof_attainable(double peak, double bandwidth, double intensity)
{
    double mem = intensity * bandwidth;
    return mem < peak ? mem : peak;
}

double hw_roof_ridge(double peak, double bandwidth)
{
    return peak / bandwidth;
}

int hw_roof_classify(const struct hw_model *m, const struct hw_demand *d, struct hw_bound *out)
{
    const struct hw_roof *cr = &m->compute[d->compute];
    out->memory = false;
    out->level = HW_DRAM;
    out->compute = d->compute;
    out->attainable = 0;
    if (!(d->work > 0))
        return -EDOM;
    if (!usable(cr))
        return -ENOENT;
    /* The compute roof first; a memory roof binds only when strictly lower
     * (at a tie the kernel is compute-bound), the levels in order. */
    double best = cr->value;
    for (int l = 0; l < HW_NLEVELS; l++) {
        const struct hw_roof *bw = &m->level[l].bw;
        double bytes = d->bytes[l];
        if (!(bytes > 0) || !m->level[l].present || !usable(bw))
            continue;
        double att = hw_roof_attainable(best, bw->value, d->work / bytes);
        if (att < best) {
            best = att;
            out->memory = true;
            out->level = (enum hw_level)l;
        }
    }
    out->attainable = best;
    return 0;
}
