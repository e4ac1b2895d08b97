/* hwmodel: the machine model: topology read with hwloc, roofs measured with
 * microbenchmarks, saved and loaded as JSON, cached per user.
 *
 * struct hw_model is a plain value struct; everything in it is owned by it
 * (no pointers need freeing unless noted). Functions return 0 or a negative
 * error code and write a message (no trailing period) into err. */
#ifndef ROOFLINE_HWMODEL_H
#define ROOFLINE_HWMODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HW_MODEL_SCHEMA_VERSION 1

enum hw_level { HW_L1, HW_L2, HW_L3, HW_DRAM, HW_NLEVELS };

/* The compute roofs the analyzer and the plots use. */
enum hw_compute { HW_INT_SCALAR, HW_INT_SIMD, HW_FP_SCALAR, HW_FP_SIMD, HW_NCOMPUTE };

/* One measured roof. value is the attainable figure (a high percentile of
 * the samples) in bytes/s or ops/s. */
struct hw_roof {
    bool valid;      /* false: could not be measured, why says so */
    double value;    /* attainable, bytes/s or ops/s */
    double min, median, max;
    double per_cycle; /* bytes/cycle or ops/cycle; 0 when the clock is unknown */
    bool noisy;       /* spread of the samples too wide to trust one figure */
    char why[160];
};

struct hw_level_info {
    bool present;
    uint64_t nominal_bytes;   /* size hwloc reports, per instance (0 for DRAM: total memory) */
    uint64_t effective_bytes; /* capacity found by the sweep; what the analyzer uses */
    unsigned line_bytes;
    unsigned shared_by;       /* PUs sharing one instance */
    struct hw_roof bw;        /* the level's bandwidth roof (one thread) */
};

struct hw_model {
    int schema_version;
    char cpu[128];
    char fingerprint[80];
    char simd[128]; /* space-separated feature names, e.g. "sse4.2 avx2 avx512f" */
    unsigned packages, cores, pus, numa_nodes;
    double clock_hz; /* measured core clock; 0 when unknown */
    char source[160]; /* where the model came from: "measured", a file name, "cache: PATH" */
    struct hw_level_info level[HW_NLEVELS];
    struct hw_roof compute[HW_NCOMPUTE];
    /* Per-microbenchmark details, as the JSON "benchmarks" array; owned
     * (one reference), may be NULL. Released by hw_model_release. */
    json_t *details;
};

extern const char *const hw_level_names[HW_NLEVELS];     /* "L1", "L2", "L3", "DRAM" */
extern const char *const hw_compute_names[HW_NCOMPUTE];  /* "int_scalar", ... */

void hw_model_init(struct hw_model *m);
void hw_model_release(struct hw_model *m);

/* JSON form, as `roofline machine --format json` prints it. The returned
 * object is a new reference (caller json_decref()s it). */
json_t *hw_model_to_json(const struct hw_model *m);
/* Fills m from a JSON object; -EINVAL with a message for malformed or
 * foreign input. */
int hw_model_from_json(const json_t *j, struct hw_model *m, char *err, size_t errlen);
/* Loads a saved model file. */
int hw_model_load(const char *path, struct hw_model *m, char *err, size_t errlen);

/* The smallest memory level whose effective capacity holds bytes (HW_DRAM
 * when none does). */
enum hw_level hw_model_level_for(const struct hw_model *m, double bytes);
/* Last-level cache capacity in bytes (0 when unknown). */
double hw_model_llc_bytes(const struct hw_model *m);

#endif
