/* hwmodel/cpu.c: CPU identification through cpuid at run time (vendor,
 * brand, family/model, SIMD features the CPU has and the OS enabled), and
 * the table of microarchitectures whose width and ports give a theoretical
 * peak (clock x width x ports). */
#include <stdio.h>
#include <string.h>

#include "hwmodel/internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HW_X86 1
#endif

enum reg { EAX, EBX, ECX, EDX };

/* SIMD features: where cpuid reports them, and which XCR0 state bits the OS
 * must have enabled for the registers to be usable. */
static const struct simd_feature {
    const char *name;
    unsigned leaf, subleaf;
    enum reg reg;
    unsigned bit;
    unsigned xcr0; /* required XCR0 bits; 0 for SSE-era features */
} simd_features[] = {
    {"sse2", 1, 0, EDX, 26, 0},          {"sse3", 1, 0, ECX, 0, 0},
    {"ssse3", 1, 0, ECX, 9, 0},          {"sse4.1", 1, 0, ECX, 19, 0},
    {"sse4.2", 1, 0, ECX, 20, 0},        {"avx", 1, 0, ECX, 28, 0x6},
    {"fma", 1, 0, ECX, 12, 0x6},         {"avx2", 7, 0, EBX, 5, 0x6},
    {"avx512f", 7, 0, EBX, 16, 0xe6},    {"avx512dq", 7, 0, EBX, 17, 0xe6},
    {"avx512bw", 7, 0, EBX, 30, 0xe6},   {"avx512vl", 7, 0, EBX, 31, 0xe6},
    {"avx512vnni", 7, 0, ECX, 11, 0xe6}, {"avx512fp16", 7, 0, EDX, 23, 0xe6},
};

#ifdef HW_X86
static void cpuid(unsigned leaf, unsigned subleaf, unsigned r[4])
{
    r[0] = r[1] = r[2] = r[3] = 0;
    __cpuid_count(leaf, subleaf, r[0], r[1], r[2], r[3]);
}

static unsigned long long xgetbv0(void)
{
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}
#endif

static bool has(const struct hw_cpu *c, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = c->simd; (p = strstr(p, name)); p += n)
        if ((p == c->simd || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

void hw_cpu_detect(struct hw_cpu *c)
{
    memset(c, 0, sizeof(*c));
#ifdef HW_X86
    unsigned r[4];
    cpuid(0, 0, r);
    unsigned max_leaf = r[0];
    memcpy(c->vendor, &r[1], 4);
    memcpy(c->vendor + 4, &r[3], 4);
    memcpy(c->vendor + 8, &r[2], 4);

    cpuid(1, 0, r);
    unsigned base_family = (r[0] >> 8) & 0xf, base_model = (r[0] >> 4) & 0xf;
    c->stepping = r[0] & 0xf;
    c->family = base_family == 0xf ? base_family + ((r[0] >> 20) & 0xff) : base_family;
    c->model = (base_family == 6 || base_family == 0xf) ? base_model | (((r[0] >> 16) & 0xf) << 4)
                                                        : base_model;
    bool osxsave = (r[2] >> 27) & 1;
    unsigned long long xcr0 = osxsave ? xgetbv0() : 0;

    cpuid(0x80000000, 0, r);
    if (r[0] >= 0x80000004) {
        char brand[49] = "";
        for (unsigned i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            memcpy(brand + 16 * i, r, 16);
        }
        brand[48] = '\0';
        const char *b = brand;
        while (*b == ' ')
            b++;
        hw_strlcpy(c->brand, b, sizeof(c->brand));
        for (size_t n = strlen(c->brand); n && c->brand[n - 1] == ' ';)
            c->brand[--n] = '\0';
    }

    size_t len = 0;
    for (size_t i = 0; i < sizeof(simd_features) / sizeof(simd_features[0]); i++) {
        const struct simd_feature *f = &simd_features[i];
        if (f->leaf > max_leaf)
            continue;
        cpuid(f->leaf, f->subleaf, r);
        if (!((r[f->reg] >> f->bit) & 1) || (xcr0 & f->xcr0) != f->xcr0)
            continue;
        int n = snprintf(c->simd + len, sizeof(c->simd) - len, "%s%s", len ? " " : "", f->name);
        if (n > 0 && (size_t)n < sizeof(c->simd) - len)
            len += (size_t)n;
    }
#endif
    c->sse2 = has(c, "sse2");
    c->avx = has(c, "avx");
    c->avx2 = has(c, "avx2");
    c->fma = has(c, "fma");
    c->avx512f = has(c, "avx512f");
    c->avx512bw = has(c, "avx512bw");
}

/* Width and ports per microarchitecture, from the vendors' optimisation
 * manuals (and Agner Fog's tables). Models are cpuid's display model. */
static const struct hw_uarch uarchs[] = {
    /* name, vendor, family, models, int ALUs, vec int/cycle, fp add+mul/cycle,
     * FMA/cycle, native vector bits, L1 load B/cycle */
    {"zen2", "AuthenticAMD", 0x17, 0x30, 0xff, 4, 3, 4, 2, 256, 64},
    {"zen3", "AuthenticAMD", 0x19, 0x00, 0x0f, 4, 4, 4, 2, 256, 64},
    {"zen4", "AuthenticAMD", 0x19, 0x10, 0x1f, 4, 4, 4, 2, 256, 64},
    {"zen3", "AuthenticAMD", 0x19, 0x20, 0x5f, 4, 4, 4, 2, 256, 64},
    {"zen4", "AuthenticAMD", 0x19, 0x60, 0xaf, 4, 4, 4, 2, 256, 64},
    {"zen5", "AuthenticAMD", 0x1a, 0x00, 0xff, 6, 4, 4, 2, 512, 128},
    {"skylake", "GenuineIntel", 6, 0x4e, 0x4e, 4, 3, 2, 2, 256, 64},
    {"skylake", "GenuineIntel", 6, 0x5e, 0x5e, 4, 3, 2, 2, 256, 64},
    {"skylake", "GenuineIntel", 6, 0x8e, 0x8e, 4, 3, 2, 2, 256, 64},
    {"skylake", "GenuineIntel", 6, 0x9e, 0x9e, 4, 3, 2, 2, 256, 64},
    {"skylake-sp", "GenuineIntel", 6, 0x55, 0x55, 4, 2, 2, 2, 512, 128},
    {"icelake-sp", "GenuineIntel", 6, 0x6a, 0x6c, 4, 2, 2, 2, 512, 128},
    {"sapphirerapids", "GenuineIntel", 6, 0x8f, 0x8f, 5, 2, 2, 2, 512, 128},
    {"emeraldrapids", "GenuineIntel", 6, 0xcf, 0xcf, 5, 2, 2, 2, 512, 128},
};

const struct hw_uarch *hw_uarch_find(const struct hw_cpu *c)
{
    for (size_t i = 0; i < sizeof(uarchs) / sizeof(uarchs[0]); i++) {
        const struct hw_uarch *u = &uarchs[i];
        if (!strcmp(u->vendor, c->vendor) && u->family == c->family && c->model >= u->model_lo &&
            c->model <= u->model_hi)
            return u;
    }
    return NULL;
}

static void set_peak(struct hw_roof *r, double per_cycle, double clock_hz, const char *how)
{
    r->peak = per_cycle * clock_hz;
    snprintf(r->peak_why, sizeof(r->peak_why), "%s (%g/cycle) x clock", how, per_cycle);
}

void hw_model_fill_peaks(struct hw_model *m, const struct hw_uarch *u, const struct hw_cpu *c)
{
    const char *why = NULL;
    if (!u)
        why = "microarchitecture not in the peak table";
    else if (m->clock_hz <= 0)
        why = "core clock unknown";
    for (int i = 0; i < HW_NCOMPUTE; i++) {
        m->compute[i].peak = 0;
        hw_strlcpy(m->compute[i].peak_why, why, sizeof(m->compute[i].peak_why));
    }
    for (int i = 0; i < HW_NLEVELS; i++) {
        struct hw_level_info *l = &m->level[i];
        l->bw.peak = l->bw_all.peak = 0;
        hw_strlcpy(l->bw.peak_why, i == HW_L1 && why ? why : "not knowable from clock and width",
                   sizeof(l->bw.peak_why));
        hw_strlcpy(l->bw_all.peak_why, l->bw.peak_why, sizeof(l->bw_all.peak_why));
    }
    if (why)
        return;
    /* SIMD width usable: the narrower of the datapath and the widest ISA
     * the CPU and OS allow (a 512-bit datapath without AVX-512 runs 256). */
    unsigned isa_bits = c->avx512f ? 512 : c->avx ? 256 : c->sse2 ? 128 : 0;
    unsigned bits = isa_bits < u->native_bits ? isa_bits : u->native_bits;
    char how[64];
    set_peak(&m->compute[HW_INT_SCALAR], u->int_alus, m->clock_hz, "integer ALUs");
    if (bits) {
        unsigned int_bits = c->avx2 || c->avx512f ? bits : 128;
        snprintf(how, sizeof(how), "%u SIMD int ops x %u int32 lanes", u->vec_int_ops,
                 int_bits / 32);
        set_peak(&m->compute[HW_INT_SIMD], u->vec_int_ops * (int_bits / 32.0), m->clock_hz, how);
        if (c->fma) {
            snprintf(how, sizeof(how), "%u FMA x %u fp32 lanes x 2", u->fma_units, bits / 32);
            set_peak(&m->compute[HW_FP_SIMD], u->fma_units * (bits / 32.0) * 2, m->clock_hz, how);
        } else {
            snprintf(how, sizeof(how), "%u add+mul x %u fp32 lanes", u->fp_add_mul, bits / 32);
            set_peak(&m->compute[HW_FP_SIMD], u->fp_add_mul * (bits / 32.0), m->clock_hz, how);
        }
    }
    set_peak(&m->compute[HW_FP_SCALAR], u->fp_add_mul, m->clock_hz, "fp64 add+mul pipes");
    set_peak(&m->level[HW_L1].bw, u->l1_load_bytes, m->clock_hz, "L1 load bytes");
    if (m->cores) {
        snprintf(how, sizeof(how), "L1 load bytes x %u cores", m->cores);
        set_peak(&m->level[HW_L1].bw_all, (double)u->l1_load_bytes * m->cores, m->clock_hz, how);
    }
}
