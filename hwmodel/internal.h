/* hwmodel/internal.h: helpers shared by the files of the hwmodel module and
 * by its unit tests (tests/test_hwmodel.c). Not part of the interface. */
#ifndef ROOFLINE_HWMODEL_INTERNAL_H
#define ROOFLINE_HWMODEL_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "hwmodel/hwmodel.h"

/* printf into err (of errlen bytes); err may be NULL. Returns ret. */
int hw_err(char *err, size_t errlen, int ret, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Copies src into a fixed array (truncating, always terminated). */
void hw_strlcpy(char *dst, const char *src, size_t size);

/* JSON of one roof / reading one back; unit is "bytes/s" or "ops/s". */
json_t *hw_roof_to_json(const struct hw_roof *r, const char *unit);
int hw_roof_from_json(const json_t *j, struct hw_roof *r, const char *where, char *err,
                      size_t errlen);
/* Summary statistics of n samples into r (min, median, max, value = the
 * HW_ROOF_PERCENTILE-th percentile, noisy); per_cycle from clock_hz. */
void hw_roof_from_samples(struct hw_roof *r, const double *samples, size_t n, double clock_hz);
#define HW_ROOF_PERCENTILE 90.0
/* Relative spread (max - min) / median above which a roof is noisy. */
#define HW_NOISY_SPREAD 0.20

/* ---- CPU identification (cpu.c) ---- */
struct hw_cpu {
    char vendor[16];
    char brand[64];
    unsigned family, model, stepping;
    double tsc_hz; /* from cpuid leaves 0x15/0x16 or the brand string; 0 unknown */
    char simd[128];
    bool sse2, avx, avx2, fma, avx512f, avx512bw;
};
void hw_cpu_detect(struct hw_cpu *c);

/* The theoretical-peak table (peaks.c): per microarchitecture, the width
 * and ports that make clock x width x ports. */
struct hw_uarch {
    const char *name;
    const char *vendor;
    unsigned family, model_lo, model_hi;
    unsigned int_alus;      /* scalar integer add/logic per cycle */
    unsigned vec_int_ops;   /* SIMD integer instructions per cycle at native width */
    unsigned fp_add_mul;    /* scalar fp add + mul per cycle, no FMA */
    unsigned fma_units;     /* FMA instructions per cycle at native width */
    unsigned native_bits;   /* vector datapath width */
    unsigned l1_load_bytes; /* L1 load bytes per cycle */
};
const struct hw_uarch *hw_uarch_find(const struct hw_cpu *c);
/* Fills the peak fields of m's roofs from the table and m->clock_hz. */
void hw_model_fill_peaks(struct hw_model *m, const struct hw_uarch *u, const struct hw_cpu *c);

/* ---- Microbenchmarks (microkernels.c) ---- */
enum hw_bench_kind { HW_BENCH_BW, HW_BENCH_COMPUTE };

/* A bandwidth kernel: runs reps passes over the first bytes of the buffers
 * (arrays of doubles, 64-byte aligned, bytes a multiple of 512 per array);
 * returns a checksum that hw_bench_check verifies. */
struct hw_bw_buffers {
    double *a, *b, *c, *d; /* 64-byte aligned */
    double value;          /* what the store kernel writes */
};
/* Element counts of bandwidth kernels are multiples of this. */
#define HW_BW_ELEMS_ALIGN 64
typedef uint64_t (*hw_bw_fn)(struct hw_bw_buffers *bufs, size_t elems, size_t reps);
/* A compute kernel: runs iters iterations; returns its result. */
typedef uint64_t (*hw_compute_fn)(uint64_t iters);

/* What a micro-kernel needs of the CPU; hw_isa_names[] are the words of
 * the model's JSON. */
enum hw_isa {
    HW_ISA_SCALAR,
    HW_ISA_SSE2,
    HW_ISA_AVX,
    HW_ISA_FMA,
    HW_ISA_AVX2,
    HW_ISA_AVX512F,
    HW_NISA
};
extern const char *const hw_isa_names[HW_NISA];

struct hw_bench {
    const char *name; /* "load_avx512", "fp64_fma_avx2" */
    enum hw_bench_kind kind;
    const char *measures; /* "load", "copy", "store", "triad" / "int_add", "fp64_fma", ... */
    enum hw_isa isa;      /* what the CPU must have */
    unsigned streams;     /* bandwidth: arrays touched (load 1, store 1, copy 2, triad 4) */
    /* Per iteration: an iteration is one element (a double) of every stream
     * for bandwidth kernels, one unrolled block for compute kernels. */
    double ops_per_iter;   /* counted ops: flops, integer ops (lanes) */
    double bytes_per_iter; /* loaded + stored bytes (no write-allocate) */
    int compute_roof;      /* enum hw_compute this kernel can set, -1 none */
    hw_bw_fn bw;
    hw_compute_fn compute;
    /* Expected result of compute(iters), for the sanity check. */
    uint64_t (*expect)(uint64_t iters);
    uint64_t max_iters; /* per call, for results to stay exact; 0 no limit */
};
extern const struct hw_bench hw_benches[];
extern const size_t hw_nbenches;
const struct hw_bench *hw_bench_find(const char *name);
/* Whether the CPU can run b. */
bool hw_bench_supported(const struct hw_bench *b, const struct hw_cpu *c);
/* Fills the buffers so results are exactly checkable: a and d have n_ad
 * elements, b and c n_bc. */
void hw_bench_fill(struct hw_bw_buffers *bufs, size_t n_ad, size_t n_bc);
/* Checks a bandwidth kernel's result and buffers after reps passes over
 * elems elements: 0, or -EIO with a message. */
int hw_bench_check_bw(const struct hw_bench *b, struct hw_bw_buffers *bufs, size_t elems,
                      size_t reps, uint64_t result, char *err, size_t errlen);
int hw_bench_check_compute(const struct hw_bench *b, uint64_t iters, uint64_t result, char *err,
                           size_t errlen);
/* Dependent-add chain: adds per call = iters * HW_CLOCK_CHAIN. */
#define HW_CLOCK_CHAIN 100
uint64_t hw_clock_chain(uint64_t iters);

/* ---- Timing ---- */
double hw_now(void); /* monotonic seconds */

/* ---- Topology (topo.c) ---- */
#include <hwloc.h>

struct hw_topo {
    hwloc_topology_t t;
    bool loaded;
    bool thissystem;  /* false for an XML or synthetic topology */
    char origin[200]; /* "this machine" or the XML file */
    struct hw_cpu cpu;
};
/* Reads the topology: xml if not NULL, else $ROOFLINE_TOPOLOGY, else
 * hwloc's discovery. -EINVAL with a message when hwloc cannot read it. */
int hw_topo_open(struct hw_topo *tp, const char *xml, char *err, size_t errlen);
void hw_topo_close(struct hw_topo *tp);
/* Fills m's CPU, counts, levels (sizes, lines, sharing, notes) and the
 * fingerprint. */
void hw_topo_fill(struct hw_topo *tp, struct hw_model *m);
/* Pins the calling thread to the first PU of core i; 0 or -errno. */
int hw_topo_bind_core(struct hw_topo *tp, unsigned i);
/* The fingerprint of m's CPU and topology fields (FNV-1a over them). */
void hw_model_fingerprint(struct hw_model *m, const struct hw_cpu *c);

/* Reports one step to o->progress (if any), printf-style. */
void hw_say(const struct hw_measure_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
