/* hwmodel/topo.c: the machine's topology through hwloc (packages, cores,
 * PUs, NUMA nodes, each cache level's size, line and sharing, memory), from
 * this machine or from an hwloc XML file (injectable hardware, for tests),
 * thread pinning, and the fingerprint that keys the cache. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/internal.h"

/* The largest topology file read: a machine of thousands of cores takes a
 * few MB of XML. */
#define TOPOLOGY_MAX_BYTES ((size_t)64 << 20)

int hw_topo_open(struct hw_topo *tp, const char *xml, char *err, size_t errlen)
{
    struct strbuf text = STRBUF_INIT;
    char why[128];
    int ret;
    memset(tp, 0, sizeof(*tp));
    hw_cpu_detect(&tp->cpu);
    if (!xml || !*xml)
        xml = getenv("ROOFLINE_TOPOLOGY");
    if (xml && !*xml)
        xml = NULL;
    if (hwloc_topology_init(&tp->t) < 0)
        return hw_err(err, errlen, -ENOMEM, "hwloc: cannot initialise a topology");
    /* Read here, bounded and only from a regular file, and handed to
     * hwloc as a buffer (kept until the topology is loaded). */
    if (xml) {
        if ((ret = fileio_read_input(xml, TOPOLOGY_MAX_BYTES, &text, why, sizeof why)) < 0) {
            hwloc_topology_destroy(tp->t);
            strbuf_release(&text);
            return hw_err(err, errlen, ret, "%s: cannot read topology: %s", xml, why);
        }
        if (hwloc_topology_set_xmlbuffer(tp->t, text.buf, (int)text.len + 1) < 0) {
            hwloc_topology_destroy(tp->t);
            strbuf_release(&text);
            return hw_err(err, errlen, -EINVAL, "%s: hwloc cannot read this topology", xml);
        }
    }
    ret = hwloc_topology_load(tp->t);
    strbuf_release(&text);
    if (ret < 0) {
        hwloc_topology_destroy(tp->t);
        return hw_err(err, errlen, -EINVAL, "%s: hwloc cannot read this topology",
                      xml ? xml : "this machine");
    }
    tp->loaded = true;
    tp->thissystem = hwloc_topology_is_thissystem(tp->t);
    if (xml)
        hw_strlcpy(tp->origin, xml, sizeof(tp->origin));
    else if (getenv("HWLOC_XMLFILE") && !tp->thissystem)
        hw_strlcpy(tp->origin, getenv("HWLOC_XMLFILE"), sizeof(tp->origin));
    else
        hw_strlcpy(tp->origin, "this machine", sizeof(tp->origin));
    if (xml && tp->thissystem)
        tp->thissystem = false; /* an XML file describes another machine */
    return 0;
}

void hw_topo_close(struct hw_topo *tp)
{
    if (tp->loaded)
        hwloc_topology_destroy(tp->t);
    tp->loaded = false;
}

static const hwloc_obj_type_t cache_types[] = {HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L2CACHE,
                                               HWLOC_OBJ_L3CACHE};

static unsigned count(hwloc_topology_t t, hwloc_obj_type_t type)
{
    int n = hwloc_get_nbobjs_by_type(t, type);
    return n > 0 ? (unsigned)n : 0;
}

static void fmt_bytes(char *buf, size_t size, uint64_t b)
{
    if (b >= (1ull << 30) && b % (1ull << 30) == 0)
        snprintf(buf, size, "%llu GiB", (unsigned long long)(b >> 30));
    else if (b >= (1ull << 30))
        snprintf(buf, size, "%.1f GiB", b / (double)(1ull << 30));
    else if (b >= (1u << 20))
        snprintf(buf, size, "%.3g MiB", b / (double)(1u << 20));
    else
        snprintf(buf, size, "%llu KiB", (unsigned long long)(b >> 10));
}

void hw_topo_fill(struct hw_topo *tp, struct hw_model *m)
{
    hwloc_topology_t t = tp->t;
    const struct hw_cpu *c = &tp->cpu;
    hwloc_obj_t root = hwloc_get_root_obj(t);

    m->packages = count(t, HWLOC_OBJ_PACKAGE);
    m->cores = count(t, HWLOC_OBJ_CORE);
    m->pus = count(t, HWLOC_OBJ_PU);
    m->numa_nodes = count(t, HWLOC_OBJ_NUMANODE);
    if (!m->cores)
        m->cores = m->pus; /* no Core objects: every PU counts as a core */

    /* The CPU: the topology's own name when it describes another machine,
     * else cpuid's brand string. */
    hwloc_obj_t pkg = hwloc_get_obj_by_type(t, HWLOC_OBJ_PACKAGE, 0);
    const char *model = pkg ? hwloc_obj_get_info_by_name(pkg, "CPUModel") : NULL;
    if (!tp->thissystem) {
        struct strbuf sb = STRBUF_INIT;
        const char *base = strrchr(tp->origin, '/');
        strbuf_addf(&sb, "%s (topology from %s)", model ? model : "unknown CPU",
                    base ? base + 1 : tp->origin);
        hw_strlcpy(m->cpu, sb.buf, sizeof(m->cpu));
        strbuf_release(&sb);
    } else
        hw_strlcpy(m->cpu, *c->brand ? c->brand : model ? model : "unknown CPU", sizeof(m->cpu));
    hw_strlcpy(m->simd, c->simd, sizeof(m->simd));

    hwloc_obj_t llc = NULL;
    for (int i = HW_L1; i <= HW_L3; i++) {
        struct hw_level_info *l = &m->level[i];
        hwloc_obj_t o = hwloc_get_obj_by_type(t, cache_types[i], 0);
        memset(l, 0, sizeof(*l));
        if (!o || !o->attr || !o->attr->cache.size) {
            snprintf(l->note, sizeof(l->note), "hwloc reports no L%d %scache: level skipped", i + 1,
                     i == HW_L1 ? "data " : "");
            snprintf(l->bw.why, sizeof(l->bw.why), "no L%d in the topology", i + 1);
            hw_strlcpy(l->bw_all.why, l->bw.why, sizeof(l->bw_all.why));
            continue;
        }
        l->present = true;
        l->nominal_bytes = o->attr->cache.size;
        l->effective_bytes = l->nominal_bytes;
        l->line_bytes = o->attr->cache.linesize;
        l->shared_by = o->cpuset ? (unsigned)hwloc_bitmap_weight(o->cpuset) : 1;
        if (!l->shared_by)
            l->shared_by = 1;
        llc = o;
    }

    struct hw_level_info *dram = &m->level[HW_DRAM];
    memset(dram, 0, sizeof(*dram));
    dram->present = true;
    dram->nominal_bytes = root->total_memory;
    dram->effective_bytes = dram->nominal_bytes;
    dram->line_bytes = llc ? llc->attr->cache.linesize : 0;
    dram->shared_by = m->pus;
    if (tp->thissystem) {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        uint64_t sys = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
        if (sys > dram->nominal_bytes + dram->nominal_bytes / 10) {
            char a[32], b[32];
            fmt_bytes(a, sizeof(a), dram->nominal_bytes);
            fmt_bytes(b, sizeof(b), sys);
            snprintf(dram->note, sizeof(dram->note),
                     "hwloc's NUMA nodes claim %s; the system reports %s, which is used", a, b);
            dram->effective_bytes = sys;
        }
    }
    if (!dram->nominal_bytes && !dram->effective_bytes)
        hw_strlcpy(dram->note, "the topology gives no memory size", sizeof(dram->note));

    hw_model_fingerprint(m, c);
}

int hw_topo_bind_core(struct hw_topo *tp, unsigned i)
{
    hwloc_obj_t core = hwloc_get_obj_by_type(tp->t, HWLOC_OBJ_CORE, i);
    if (!core)
        core = hwloc_get_obj_by_type(tp->t, HWLOC_OBJ_PU, i);
    if (!core || !core->cpuset)
        return -ENOENT;
    hwloc_bitmap_t set = hwloc_bitmap_dup(core->cpuset);
    hwloc_bitmap_singlify(set);
    int ret = hwloc_set_cpubind(tp->t, set, HWLOC_CPUBIND_THREAD);
    int e = errno;
    hwloc_bitmap_free(set);
    return ret < 0 ? -e : 0;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

void hw_model_fingerprint(struct hw_model *m, const struct hw_cpu *c)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "schema=%d|vendor=%s|fms=%u.%u.%u|cpu=%s|simd=%s|p=%u|c=%u|t=%u|n=%u",
                HW_MODEL_SCHEMA_VERSION, c->vendor, c->family, c->model, c->stepping, m->cpu,
                m->simd, m->packages, m->cores, m->pus, m->numa_nodes);
    /* Caches only: the memory a VM reports moves (ballooning; hwloc saw
     * 5.5 and then 10.6 GiB here), and a new fingerprint would re-measure. */
    for (int i = 0; i < HW_DRAM; i++) {
        const struct hw_level_info *l = &m->level[i];
        strbuf_addf(&sb, "|%s=%d/%llu/%u/%u", hw_level_names[i], l->present,
                    (unsigned long long)l->nominal_bytes, l->line_bytes, l->shared_by);
    }
    const char *vendor = !strcmp(c->vendor, "AuthenticAMD")   ? "amd"
                         : !strcmp(c->vendor, "GenuineIntel") ? "intel"
                                                              : "cpu";
    snprintf(m->fingerprint, sizeof(m->fingerprint), "%s-%u.%u.%u-%up%uc%ut-%016llx", vendor,
             c->family, c->model, c->stepping, m->packages, m->cores, m->pus,
             (unsigned long long)fnv1a(sb.buf));
    strbuf_release(&sb);
}

int hw_model_read_topology(struct hw_model *m, const char *topology_xml, char *err, size_t errlen)
{
    struct hw_topo tp;
    int ret = hw_topo_open(&tp, topology_xml, err, errlen);
    if (ret)
        return ret;
    hw_topo_fill(&tp, m);
    const struct hw_uarch *u = hw_uarch_find(&tp.cpu);
    hw_strlcpy(m->uarch, u ? u->name : "", sizeof(m->uarch));
    hw_topo_close(&tp);
    return 0;
}
