/* hwmodel: the machine model: topology read with hwloc, roofs measured with
 * microbenchmarks, saved and loaded as JSON, cached per user.
 *
 * struct hw_model is a plain value struct; everything in it is owned by it
 * (no pointers need freeing unless noted). Functions return 0 or a negative
 * error code and write a message (no trailing period) into err.
 *
 * The JSON form is documented in docs/machine-schema.md. */
#ifndef ROOFLINE_HWMODEL_H
#define ROOFLINE_HWMODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

#define HW_MODEL_SCHEMA_VERSION 1
/* The largest machine model file read (a real one is about 20 KB). */
#define HW_MODEL_MAX_BYTES ((size_t)16 << 20)

enum hw_level { HW_L1, HW_L2, HW_L3, HW_DRAM, HW_NLEVELS };

/* The compute roofs the analyzer and the plots use. */
enum hw_compute { HW_INT_SCALAR, HW_INT_SIMD, HW_FP_SCALAR, HW_FP_SIMD, HW_NCOMPUTE };

/* One measured roof. value is the attainable figure (a high percentile of
 * the samples) in bytes/s or ops/s. */
struct hw_roof {
    bool valid;   /* false: could not be measured, why says so */
    double value; /* attainable, bytes/s or ops/s */
    double min, median, max;
    double per_cycle; /* bytes/cycle or ops/cycle; 0 when the clock is unknown */
    bool noisy;       /* spread of the samples too wide to trust one figure */
    char why[160];
    /* Added after the first contract: */
    char kernel[40];   /* the microbenchmark that gave value ("fp64_fma_avx512"); "" if none */
    double peak;       /* theoretical roof (clock x width x ports); 0 when not knowable */
    char peak_why[96]; /* how peak was derived, or why it is not known */
};

struct hw_level_info {
    bool present;
    uint64_t nominal_bytes;   /* size hwloc reports, per instance (0 for DRAM: total memory) */
    uint64_t effective_bytes; /* capacity found by the sweep; what the analyzer uses */
    unsigned line_bytes;
    unsigned shared_by; /* PUs sharing one instance */
    struct hw_roof bw;  /* the level's bandwidth roof (one thread) */
    /* Added after the first contract: */
    struct hw_roof bw_all; /* the level's bandwidth with one thread per core, summed */
    uint64_t working_set;  /* bytes the one-thread roof was measured at; 0 if not measured */
    char note[256];        /* what the sweep found, a fallback taken, or why absent */
};

/* One point of the working-set sweep that places L3 and DRAM. */
struct hw_sweep_point {
    uint64_t bytes;
    double bw; /* bytes/s, load kernel, one thread */
};
#define HW_MAX_SWEEP 32

struct hw_model {
    int schema_version;
    char cpu[128];
    char fingerprint[80];
    char simd[128]; /* space-separated feature names, e.g. "sse4.2 avx2 avx512f" */
    unsigned packages, cores, pus, numa_nodes;
    double clock_hz;  /* measured core clock; 0 when unknown */
    char source[160]; /* where the model came from: "measured", a file name, "cache: PATH" */
    struct hw_level_info level[HW_NLEVELS];
    struct hw_roof compute[HW_NCOMPUTE];
    /* Per-microbenchmark details, as the JSON "benchmarks" array; owned
     * (one reference), may be NULL. Released by hw_model_release. */
    json_t *details;
    /* Added after the first contract: */
    char clock_why[160]; /* how the clock was found, or why it is unknown */
    double tsc_hz;       /* nominal (time-stamp counter) clock from cpuid; 0 unknown */
    char uarch[32];      /* microarchitecture from the peak table ("zen4"), "" unknown */
    bool quick;          /* measured with --quick (fewer, shorter samples) */
    double seconds;      /* how long the measurement took; 0 for a loaded model */
    char created[32];    /* UTC time of measurement, ISO 8601; "" unknown */
    struct hw_sweep_point sweep[HW_MAX_SWEEP];
    unsigned nsweep;
};

extern const char *const hw_level_names[HW_NLEVELS];    /* "L1", "L2", "L3", "DRAM" */
extern const char *const hw_compute_names[HW_NCOMPUTE]; /* "int_scalar", ... */

void hw_model_init(struct hw_model *m);
void hw_model_release(struct hw_model *m);
/* Deep copy (details gets its own reference); dst must be initialised or
 * released; it is overwritten. */
void hw_model_copy(struct hw_model *dst, const struct hw_model *src);

/* JSON form, as `roofline machine --format json` prints it. The returned
 * object is a new reference (caller json_decref()s it). */
json_t *hw_model_to_json(const struct hw_model *m);
/* Fills m from a JSON object; -EINVAL with a message for malformed or
 * foreign input, or a model that fails hw_model_check. */
int hw_model_from_json(const json_t *j, struct hw_model *m, char *err, size_t errlen);
/* Checks that every figure of m is one a real machine can have: bandwidths
 * 1e6 to 1e16 bytes/s, compute roofs 1e6 to 1e16 ops/s, clocks 1e6 to 1e11
 * Hz, cache sizes 256 B to 1 TiB, memory 1 MiB to 4 PiB, cache lines a
 * power of two of 8 to 4096 bytes, topology counts up to 2^20; zero where
 * a figure may be unknown (docs/machine-schema.md). hw_model_from_json and
 * hw_model_measure refuse a model that fails it. Returns 0, or -EINVAL
 * with the first figure that is not, named as in the JSON
 * ("levels.DRAM.bw.value: 0 bytes/s is not a plausible bandwidth ..."). */
int hw_model_check(const struct hw_model *m, char *err, size_t errlen);
/* Loads a saved model file; m->source becomes the file name. -ENOENT (or
 * another -errno) when it cannot be read, -EINVAL when it is not a model or
 * not a regular file, -EISDIR, -EFBIG past HW_MODEL_MAX_BYTES. */
int hw_model_load(const char *path, struct hw_model *m, char *err, size_t errlen);
/* Writes the JSON form to path whole or not at all (fileio_write_atomic). */
int hw_model_save(const struct hw_model *m, const char *path, char *err, size_t errlen);

/* The smallest memory level whose effective capacity holds bytes (HW_DRAM
 * when none does). Absent levels are skipped. */
enum hw_level hw_model_level_for(const struct hw_model *m, double bytes);
/* Last-level cache capacity in bytes (0 when unknown). */
double hw_model_llc_bytes(const struct hw_model *m);

/* The roofline (hwmodel/roofline.c), the one formula every verdict and the
 * picture use: at intensity I ops/byte through a memory roof of bandwidth
 * B, a kernel attains min(peak, I x B). */
double hw_roof_attainable(double peak, double bandwidth, double intensity);
/* The intensity where a bandwidth roof meets a compute roof: peak / B. */
double hw_roof_ridge(double peak, double bandwidth);

/* What a kernel asks of the machine, per unit of work. */
struct hw_demand {
    double work;              /* ops */
    enum hw_compute compute;  /* the compute roof its ops run against */
    double bytes[HW_NLEVELS]; /* bytes through each level's roof; 0: none */
};
/* Where it lands: the lowest of its roofs. */
struct hw_bound {
    bool memory;             /* a memory roof binds (level), else compute */
    enum hw_level level;     /* when memory */
    enum hw_compute compute; /* the compute roof held against */
    double attainable;       /* ops/s */
};
/* Places d under m's roofs: the compute roof, and each present level's
 * bandwidth roof that d sends bytes through; a memory roof binds only when
 * strictly lower. Returns 0, -EDOM when d does no work, -ENOENT when m has
 * no usable d->compute roof. */
int hw_roof_classify(const struct hw_model *m, const struct hw_demand *d, struct hw_bound *out);

/* The text table of `roofline machine`, at most width columns; appended to
 * out. */
void hw_model_render_text(const struct hw_model *m, int width, struct strbuf *out);
/* The model as `roofline machine --format json` prints it (and as it is
 * saved): indented JSON and a newline, appended to out. */
void hw_model_render_json(const struct hw_model *m, struct strbuf *out);

/* ---- Reading and measuring this machine ---- */

/* Progress callback: called with a short message per step; may be NULL. */
typedef void (*hw_progress_fn)(const char *msg, void *arg);

/* Where the topology comes from: topology_xml (an hwloc XML file, e.g. from
 * `lstopo file.xml`) if not NULL, else $ROOFLINE_TOPOLOGY if set, else
 * hwloc's own discovery (which honours $HWLOC_XMLFILE). */
struct hw_measure_opts {
    bool quick;               /* fewer, shorter samples: about 1 s instead of 3-5 */
    const char *topology_xml; /* may be NULL */
    hw_progress_fn progress;  /* may be NULL */
    void *progress_arg;
    /* Why a measured model cannot be cached (it will be measured again on
     * every run), said once; may be NULL. Called with progress_arg. */
    hw_progress_fn warn;
};

/* Fills the topology part of m (cpu, simd, counts, cache sizes, line sizes,
 * sharing, DRAM size, fingerprint), measuring nothing. -ENOENT (or another
 * -errno) when the XML file cannot be read, -EINVAL when hwloc cannot read
 * the topology; a message in err either way. */
int hw_model_read_topology(struct hw_model *m, const char *topology_xml, char *err, size_t errlen);
/* Reads the topology and measures every roof; m->source = "measured".
 * Runs one pinned thread per core (the calling thread is pinned to the
 * first core meanwhile and its binding restored after) and touches about
 * 2.5 x 4 x the last-level cache of memory per thread (480 MiB on a 32 MiB
 * L3, 2 cores). Errors as hw_model_read_topology, -ENOMEM when the
 * buffers cannot be allocated, -EINVAL when a figure measured fails
 * hw_model_check (m then holds what was measured, for inspection; the
 * cache does not keep it). A roof that cannot be measured is not an
 * error: it is invalid with its reason. */
int hw_model_measure(struct hw_model *m, const struct hw_measure_opts *o, char *err, size_t errlen);

/* The cache file of a fingerprint: $XDG_CACHE_HOME/roofline/machine-FP.json
 * (fallback ~/.cache/roofline). Appended to out; -ENOENT when neither
 * XDG_CACHE_HOME nor HOME is set. */
int hw_cache_path(const char *fingerprint, struct strbuf *out, char *err, size_t errlen);
/* The cached model for this machine (topology from o->topology_xml or the
 * environment, as above), measured and cached on first use or when refresh.
 * A quick request accepts a cached full model; a full request re-measures
 * over a cached quick one. Two racing calls measure once: the second waits
 * on a lock (flock) and reads what the first wrote. m->source says where it
 * came from ("cache: PATH" or "measured"). A cache that cannot be written is
 * not an error (the measured model is returned; o->warn says why). */
int hw_model_get_cached_opts(struct hw_model *m, bool refresh, const struct hw_measure_opts *o,
                             char *err, size_t errlen);
/* The same, with the topology from the environment. */
int hw_model_get_cached(struct hw_model *m, bool refresh, bool quick, hw_progress_fn progress,
                        hw_progress_fn warn, void *arg, char *err, size_t errlen);

#endif
