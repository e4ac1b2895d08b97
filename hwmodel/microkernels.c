/* hwmodel/microkernels.c: the microbenchmarks, as a table of descriptors
 * (LIKWID-style: name, what it measures, ops and bytes per iteration, the
 * ISA it needs, the function). Compute kernels are inline assembly so the
 * compiler can neither fold nor reorder the chains: every kernel keeps
 * enough independent chains in flight to reach throughput, not latency.
 * SIMD variants carry target attributes and run only when cpuid says the
 * CPU and OS support them, so one binary runs on any x86-64. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hwmodel/internal.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define HW_X86_64 1
#endif

#define R2(x) x x
#define R4(x) R2(x) R2(x)
#define R8(x) R4(x) R4(x)
#define R16(x) R8(x) R8(x)

/* ---- the core clock: one dependent add per cycle ---- */

#ifdef HW_X86_64
uint64_t hw_clock_chain(uint64_t iters)
{
    uint64_t acc = 0;
    if (!iters)
        return 0;
        /* 100 adds, each waiting for the one before: 100 cycles per iteration;
         * the loop counter runs beside the chain. */
#define CLOCK_ADD "add $1, %[acc]\n\t"
    __asm__ volatile("1:\n\t" R4(R16(CLOCK_ADD) R8(CLOCK_ADD) CLOCK_ADD) "dec %[n]\n\t"
                                                                         "jnz 1b\n\t"
                     : [acc] "+r"(acc), [n] "+r"(iters)
                     :
                     : "cc");
    return acc;
}
#else
uint64_t hw_clock_chain(uint64_t iters)
{
    (void)iters;
    return 0;
}
#endif

#ifdef HW_X86_64

/* ---- scalar integer: 8 chains in r8..r15, 16 ops each per iteration ---- */

#define GPR8(op)                                                                                   \
    op "%%r8\n\t" op "%%r9\n\t" op "%%r10\n\t" op "%%r11\n\t" op "%%r12\n\t" op "%%r13\n\t" op     \
       "%%r14\n\t" op "%%r15\n\t"
#define GPR_INIT                                                                                   \
    "mov $1, %%r8\n\t"                                                                             \
    "mov $2, %%r9\n\t"                                                                             \
    "mov $3, %%r10\n\t"                                                                            \
    "mov $4, %%r11\n\t"                                                                            \
    "mov $5, %%r12\n\t"                                                                            \
    "mov $6, %%r13\n\t"                                                                            \
    "mov $7, %%r14\n\t"                                                                            \
    "mov $8, %%r15\n\t"
#define GPR_SUM                                                                                    \
    "add %%r9, %%r8\n\t"                                                                           \
    "add %%r10, %%r8\n\t"                                                                          \
    "add %%r11, %%r8\n\t"                                                                          \
    "add %%r12, %%r8\n\t"                                                                          \
    "add %%r13, %%r8\n\t"                                                                          \
    "add %%r14, %%r8\n\t"                                                                          \
    "add %%r15, %%r8\n\t"                                                                          \
    "mov %%r8, %[out]\n\t"
#define GPR_CLOBBER "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc"

static uint64_t int_add_scalar(uint64_t iters)
{
    uint64_t out;
    __asm__ volatile(GPR_INIT "1:\n\t" R16(GPR8("add $1, ")) "dec %[n]\n\t"
                                                             "jnz 1b\n\t" GPR_SUM
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : GPR_CLOBBER);
    return out;
}

/* 16 xors per chain and iteration: an even count, the chain returns to its
 * start. */
static uint64_t int_xor_scalar(uint64_t iters)
{
    uint64_t out;
    __asm__ volatile(GPR_INIT "1:\n\t" R16(GPR8("xor $0x55, ")) "dec %[n]\n\t"
                                                                "jnz 1b\n\t" GPR_SUM
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : GPR_CLOBBER);
    return out;
}

/* shl then shr by 3 on small values: each pair returns to the start. */
static uint64_t int_shift_scalar(uint64_t iters)
{
    uint64_t out;
    __asm__ volatile(GPR_INIT "1:\n\t" R8(GPR8("shl $3, ") GPR8("shr $3, ")) "dec %[n]\n\t"
                                                                             "jnz 1b\n\t" GPR_SUM
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : GPR_CLOBBER);
    return out;
}

#define MUL_K 0x9e3779b97f4a7c15ull
static uint64_t int_mul_scalar(uint64_t iters)
{
    uint64_t out;
    __asm__ volatile(GPR_INIT "1:\n\t" R16(GPR8("imul %[k], ")) "dec %[n]\n\t"
                                                                "jnz 1b\n\t" GPR_SUM
                     : [out] "=r"(out), [n] "+r"(iters)
                     : [k] "r"(MUL_K)
                     : GPR_CLOBBER);
    return out;
}

static uint64_t powmod64(uint64_t base, uint64_t e)
{
    uint64_t r = 1;
    for (; e; e >>= 1, base *= base)
        if (e & 1)
            r *= base;
    return r;
}

static uint64_t expect_int_add(uint64_t iters)
{
    return 36 + 8 * 16 * iters;
}

static uint64_t expect_unchanged(uint64_t iters)
{
    (void)iters;
    return 36;
}

static uint64_t expect_int_mul(uint64_t iters)
{
    return 36 * powmod64(MUL_K, 16 * iters);
}

/* ---- vector registers: the constant in register 0, chains in 1..N ---- */

#define V(r, n) "%%" r #n
#define CH6(M, op, r) M(op, r, 1) M(op, r, 2) M(op, r, 3) M(op, r, 4) M(op, r, 5) M(op, r, 6)
#define CH6B(M, op, r) M(op, r, 7) M(op, r, 8) M(op, r, 9) M(op, r, 10) M(op, r, 11) M(op, r, 12)
#define CH8(M, op, r) CH6(M, op, r) M(op, r, 7) M(op, r, 8)
#define CH12(M, op, r) CH6(M, op, r) CH6B(M, op, r)
/* rn = rn op r0, SSE two-operand form */
#define SSE2OP(op, r, n) op " " V(r, 0) ", " V(r, n) "\n\t"
/* rn = rn op r0, VEX/EVEX three-operand form */
#define VEX3(op, r, n) op " " V(r, 0) ", " V(r, n) ", " V(r, n) "\n\t"
/* rn += r0 * r0 */
#define FMA3(op, r, n) op " " V(r, 0) ", " V(r, 0) ", " V(r, n) "\n\t"
#define ZERO_SSE(op, r, n) op " " V(r, n) ", " V(r, n) "\n\t"
#define ZERO_VEX(op, r, n) op " " V(r, n) ", " V(r, n) ", " V(r, n) "\n\t"
/* The registers a vector kernel uses: the constant and up to 12 chains. */
#define XMM12                                                                                      \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",       \
        "xmm11", "xmm12", "cc"

/* Scalar and SIMD integer add, int32 lanes: lane 0 of chain 1 counts. */
static uint64_t int32_add_sse2(uint64_t iters)
{
    uint32_t out;
    __asm__ volatile("pcmpeqd %%xmm0, %%xmm0\n\t"
                     "psrld $31, %%xmm0\n\t" CH8(ZERO_SSE, "pxor", "xmm") "1:\n\t" R16(
                         CH8(SSE2OP, "paddd", "xmm")) "dec %[n]\n\t"
                                                      "jnz 1b\n\t"
                                                      "movd %%xmm1, %[out]\n\t"
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : XMM12);
    return out;
}

__attribute__((target("avx2"))) static uint64_t int32_add_avx2(uint64_t iters)
{
    uint32_t out;
    __asm__ volatile("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\t"
                     "vpsrld $31, %%ymm0, %%ymm0\n\t" CH8(ZERO_VEX, "vpxor", "ymm") "1:\n\t" R16(
                         CH8(VEX3, "vpaddd", "ymm")) "dec %[n]\n\t"
                                                     "jnz 1b\n\t"
                                                     "vmovd %%xmm1, %[out]\n\t"
                                                     "vzeroupper\n\t"
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : XMM12);
    return out;
}

__attribute__((target("avx512f"))) static uint64_t int32_add_avx512(uint64_t iters)
{
    uint32_t out;
    __asm__ volatile("vpternlogd $0xff, %%zmm0, %%zmm0, %%zmm0\n\t"
                     "vpsrld $31, %%zmm0, %%zmm0\n\t" CH8(ZERO_VEX, "vpxord", "zmm") "1:\n\t" R16(
                         CH8(VEX3, "vpaddd", "zmm")) "dec %[n]\n\t"
                                                     "jnz 1b\n\t"
                                                     "vmovd %%xmm1, %[out]\n\t"
                                                     "vzeroupper\n\t"
                     : [out] "=r"(out), [n] "+r"(iters)
                     :
                     : XMM12);
    return out;
}

static uint64_t expect_int32_add(uint64_t iters)
{
    return (uint32_t)(16 * iters);
}

/* ---- floating point ---- */

static const double one_d = 1.0;
static const float one_f = 1.0f;

/* Results are lane 0 of add chain 1 (iters x 8, or 16 for FMA x 8) plus
 * lane 0 of a mul chain (stays 1.0): exact in binary floating point. */
#define FP_OUT(mov, muln) mov " %%xmm1, %[out]\n\t" mov " %%xmm" #muln ", %[out2]\n\t"

/* Scalar fp64: add chains, mul chains, both (no FMA), FMA. */
static uint64_t fp64_add_scalar(uint64_t iters)
{
    double out, out2; /* chains 1 and 2 */
    __asm__ volatile("movsd %[one], %%xmm0\n\t" CH8(ZERO_SSE, "xorpd", "xmm") "1:\n\t" R8(
                         CH8(SSE2OP, "addsd", "xmm")) "dec %[n]\n\t"
                                                      "jnz 1b\n\t" FP_OUT("movsd", 2)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_d)
                     : XMM12);
    return (uint64_t)out + (uint64_t)out2;
}

static uint64_t fp64_mul_scalar(uint64_t iters)
{
    double out, out2;
    __asm__ volatile("movsd %[one], %%xmm0\n\t" CH8(SSE2OP, "movsd", "xmm") "1:\n\t" R8(
                         CH8(SSE2OP, "mulsd", "xmm")) "dec %[n]\n\t"
                                                      "jnz 1b\n\t" FP_OUT("movsd", 2)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_d)
                     : XMM12);
    return (uint64_t)(out + out2);
}

#define FP_ADDMUL_SSE(s, ld)                                                                       \
    ld " %[one], %%xmm0\n\t" CH6(ZERO_SSE, "xorps", "xmm")                                         \
        CH6B(SSE2OP, "movaps", "xmm") "1:\n\t" R8(CH6(SSE2OP, "add" s, "xmm")                      \
                                                      CH6B(SSE2OP, "mul" s, "xmm")) "dec %[n]\n\t" \
                                                                                    "jnz 1b\n\t"
static uint64_t fp64_addmul_scalar(uint64_t iters)
{
    double out, out2;
    __asm__ volatile(FP_ADDMUL_SSE("sd", "movsd") FP_OUT("movsd", 7)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_d)
                     : XMM12);
    return (uint64_t)(out + out2);
}

static uint64_t fp32_addmul_scalar(uint64_t iters)
{
    float out, out2;
    __asm__ volatile(FP_ADDMUL_SSE("ss", "movss") FP_OUT("movss", 7)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_f)
                     : XMM12);
    return (uint64_t)(out + out2);
}

/* SSE2 packed: load the constant into every lane. */
static uint64_t fp64_addmul_sse2(uint64_t iters)
{
    double out, out2;
    __asm__ volatile(FP_ADDMUL_SSE("pd", "movddup") FP_OUT("movsd", 7)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_d)
                     : XMM12);
    return (uint64_t)(out + out2);
}

static uint64_t fp32_addmul_sse2(uint64_t iters)
{
    float out, out2;
    __asm__ volatile("movss %[one], %%xmm0\n\t"
                     "shufps $0, %%xmm0, %%xmm0\n\t" CH6(ZERO_SSE, "xorps", "xmm")
                         CH6B(SSE2OP, "movaps", "xmm") "1:\n\t" R8(CH6(SSE2OP, "addps", "xmm") CH6B(
                             SSE2OP, "mulps", "xmm")) "dec %[n]\n\t"
                                                      "jnz 1b\n\t" FP_OUT("movss", 7)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_f)
                     : XMM12);
    return (uint64_t)(out + out2);
}

/* VEX (AVX, FMA) and EVEX (AVX-512) versions, one macro per shape. */
#define FP_ADDMUL_VEX(bcast, s, r, zero)                                                           \
    bcast " %[one], %%" r "0\n\t" CH6(ZERO_VEX, zero, r) CH6B(ZERO_VEX, zero, r)                   \
        CH6B(VEX3, "vadd" s,                                                                       \
             r) "1:\n\t" R8(CH6(VEX3, "vadd" s, r) CH6B(VEX3, "vmul" s, r)) "dec %[n]\n\t"         \
                                                                            "jnz 1b\n\t"
#define FP_FMA_VEX(bcast, s, r, zero)                                                              \
    bcast " %[one], %%" r                                                                          \
          "0\n\t" CH12(ZERO_VEX, zero, r) "1:\n\t" R8(CH12(FMA3, "vfmadd231" s, r)) "dec %[n]\n\t" \
                                                                                    "jnz 1b\n\t"
#define VOUT(mov, muln) FP_OUT(mov, muln) "vzeroupper\n\t"

static uint64_t fma_result(double out, double out2)
{
    return (uint64_t)out + (uint64_t)out2;
}

__attribute__((target("fma"))) static uint64_t fp64_fma_scalar(uint64_t iters)
{
    double out, out2;
    __asm__ volatile(FP_FMA_VEX("vmovsd", "sd", "xmm", "vxorpd") VOUT("vmovsd", 12)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_d)
                     : XMM12);
    return fma_result(out, out2);
}

__attribute__((target("fma"))) static uint64_t fp32_fma_scalar(uint64_t iters)
{
    float out, out2;
    __asm__ volatile(FP_FMA_VEX("vmovss", "ss", "xmm", "vxorps") VOUT("vmovss", 12)
                     : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)
                     : [one] "m"(one_f)
                     : XMM12);
    return fma_result(out, out2);
}

#define DEF_VEC(fname, tgt, type, oneval, body, mov, muln, result)                                 \
    __attribute__((target(tgt))) static uint64_t fname(uint64_t iters)                             \
    {                                                                                              \
        type out, out2;                                                                            \
        __asm__ volatile(body VOUT(mov, muln)                                                      \
                         : [out] "=m"(out), [out2] "=m"(out2), [n] "+r"(iters)                     \
                         : [one] "m"(oneval)                                                       \
                         : XMM12);                                                                 \
        return result;                                                                             \
    }

/* The mul chains of the VEX addmul kernels are zeroed, then get one add of
 * 1.0 (see FP_ADDMUL_VEX), then only multiplies by 1.0. */
DEF_VEC(fp64_addmul_avx, "avx", double, one_d, FP_ADDMUL_VEX("vbroadcastsd", "pd", "ymm", "vxorpd"),
        "vmovsd", 7, (uint64_t)(out + out2))
DEF_VEC(fp32_addmul_avx, "avx", float, one_f, FP_ADDMUL_VEX("vbroadcastss", "ps", "ymm", "vxorps"),
        "vmovss", 7, (uint64_t)(out + out2))
DEF_VEC(fp64_fma_avx2, "avx,fma", double, one_d, FP_FMA_VEX("vbroadcastsd", "pd", "ymm", "vxorpd"),
        "vmovsd", 12, fma_result(out, out2))
DEF_VEC(fp32_fma_avx2, "avx,fma", float, one_f, FP_FMA_VEX("vbroadcastss", "ps", "ymm", "vxorps"),
        "vmovss", 12, fma_result(out, out2))
DEF_VEC(fp64_addmul_avx512, "avx512f", double, one_d,
        FP_ADDMUL_VEX("vbroadcastsd", "pd", "zmm", "vpxorq"), "vmovsd", 7, (uint64_t)(out + out2))
DEF_VEC(fp32_addmul_avx512, "avx512f", float, one_f,
        FP_ADDMUL_VEX("vbroadcastss", "ps", "zmm", "vpxord"), "vmovss", 7, (uint64_t)(out + out2))
DEF_VEC(fp64_fma_avx512, "avx512f", double, one_d,
        FP_FMA_VEX("vbroadcastsd", "pd", "zmm", "vpxorq"), "vmovsd", 12, fma_result(out, out2))
DEF_VEC(fp32_fma_avx512, "avx512f", float, one_f, FP_FMA_VEX("vbroadcastss", "ps", "zmm", "vpxord"),
        "vmovss", 12, fma_result(out, out2))

/* Each kernel returns lane 0 of two of its chains, summed (see above). */
static uint64_t expect_fp_add(uint64_t iters)
{
    return 16 * iters; /* two add chains, 8 adds of 1.0 per iteration */
}
static uint64_t expect_fp_mul(uint64_t iters)
{
    (void)iters;
    return 2; /* two mul chains staying at 1.0 */
}
static uint64_t expect_fp_addmul(uint64_t iters)
{
    return 8 * iters + 1; /* an add chain and a mul chain */
}
static uint64_t expect_fp_fma(uint64_t iters)
{
    return 16 * iters; /* two FMA chains, 8 x (1 * 1) per iteration */
}

#endif /* HW_X86_64 */

/* ---- bandwidth kernels ----
 *
 * The buffers hold: d[i] = i % 16 (read-only source), b[i] = 1, c[i] = 2,
 * a the destination. load sums d's bit patterns as 64-bit integers (exact,
 * and cheap on the integer vector ports); store writes bufs->value; copy
 * a = d; triad a = b + c * d (LIKWID's triad: four streams, two flops).
 * Element counts are multiples of HW_BW_ELEMS_ALIGN. */

static uint64_t load_scalar(struct hw_bw_buffers *bf, size_t n, size_t reps)
{
    const uint64_t *p = (const uint64_t *)bf->d;
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i += 4) {
            s0 += p[i];
            s1 += p[i + 1];
            s2 += p[i + 2];
            s3 += p[i + 3];
        }
        __asm__ volatile("" ::: "memory");
    }
    return s0 + s1 + s2 + s3;
}

static uint64_t store_scalar(struct hw_bw_buffers *bf, size_t n, size_t reps)
{
    double *a = bf->a, v = bf->value;
    for (size_t r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++)
            a[i] = v;
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

static uint64_t copy_scalar(struct hw_bw_buffers *bf, size_t n, size_t reps)
{
    double *a = bf->a;
    const double *d = bf->d;
    for (size_t r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++)
            a[i] = d[i];
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

static uint64_t triad_scalar(struct hw_bw_buffers *bf, size_t n, size_t reps)
{
    double *a = bf->a;
    const double *b = bf->b, *c = bf->c, *d = bf->d;
    for (size_t r = 0; r < reps; r++) {
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] + c[i] * d[i];
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

#ifdef HW_X86_64
/* Per ISA: VI/VD the integer and double vector types, W doubles per
 * vector, LI/LD/ST integer load, double load, store, ADDI 64-bit add, MADD
 * x * y + z, RED horizontal sum, SET1 broadcast. */
#define DEF_BW(isa, tgt, VI, W, ZI, LI, LD, ST, ADDI, MADD, RED, SET1)                             \
    __attribute__((target(tgt))) static uint64_t load_##isa(struct hw_bw_buffers *bf, size_t n,    \
                                                            size_t reps)                           \
    {                                                                                              \
        const double *p = bf->d;                                                                   \
        VI s0 = ZI, s1 = ZI, s2 = ZI, s3 = ZI;                                                     \
        for (size_t r = 0; r < reps; r++) {                                                        \
            for (size_t i = 0; i < n; i += 4 * W) {                                                \
                s0 = ADDI(s0, LI(p + i));                                                          \
                s1 = ADDI(s1, LI(p + i + W));                                                      \
                s2 = ADDI(s2, LI(p + i + 2 * W));                                                  \
                s3 = ADDI(s3, LI(p + i + 3 * W));                                                  \
            }                                                                                      \
            __asm__ volatile("" ::: "memory");                                                     \
        }                                                                                          \
        return RED(ADDI(ADDI(s0, s1), ADDI(s2, s3)));                                              \
    }                                                                                              \
    __attribute__((target(tgt))) static uint64_t store_##isa(struct hw_bw_buffers *bf, size_t n,   \
                                                             size_t reps)                          \
    {                                                                                              \
        double *a = bf->a;                                                                         \
        for (size_t r = 0; r < reps; r++) {                                                        \
            for (size_t i = 0; i < n; i += 4 * W) {                                                \
                ST(a + i, SET1(bf->value));                                                        \
                ST(a + i + W, SET1(bf->value));                                                    \
                ST(a + i + 2 * W, SET1(bf->value));                                                \
                ST(a + i + 3 * W, SET1(bf->value));                                                \
            }                                                                                      \
            __asm__ volatile("" ::: "memory");                                                     \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    __attribute__((target(tgt))) static uint64_t copy_##isa(struct hw_bw_buffers *bf, size_t n,    \
                                                            size_t reps)                           \
    {                                                                                              \
        double *a = bf->a;                                                                         \
        const double *d = bf->d;                                                                   \
        for (size_t r = 0; r < reps; r++) {                                                        \
            for (size_t i = 0; i < n; i += 4 * W) {                                                \
                ST(a + i, LD(d + i));                                                              \
                ST(a + i + W, LD(d + i + W));                                                      \
                ST(a + i + 2 * W, LD(d + i + 2 * W));                                              \
                ST(a + i + 3 * W, LD(d + i + 3 * W));                                              \
            }                                                                                      \
            __asm__ volatile("" ::: "memory");                                                     \
        }                                                                                          \
        return 0;                                                                                  \
    }                                                                                              \
    __attribute__((target(tgt))) static uint64_t triad_##isa(struct hw_bw_buffers *bf, size_t n,   \
                                                             size_t reps)                          \
    {                                                                                              \
        double *a = bf->a;                                                                         \
        const double *b = bf->b, *c = bf->c, *d = bf->d;                                           \
        for (size_t r = 0; r < reps; r++) {                                                        \
            for (size_t i = 0; i < n; i += 2 * W) {                                                \
                ST(a + i, MADD(LD(c + i), LD(d + i), LD(b + i)));                                  \
                ST(a + i + W, MADD(LD(c + i + W), LD(d + i + W), LD(b + i + W)));                  \
            }                                                                                      \
            __asm__ volatile("" ::: "memory");                                                     \
        }                                                                                          \
        return 0;                                                                                  \
    }

#define SSE_LI(p) _mm_load_si128((const __m128i *)(p))
#define SSE_MADD(x, y, z) _mm_add_pd(_mm_mul_pd(x, y), z)
static uint64_t sse_reduce(__m128i v)
{
    uint64_t t[2];
    _mm_storeu_si128((__m128i *)t, v);
    return t[0] + t[1];
}
DEF_BW(sse2, "sse2", __m128i, 2, _mm_setzero_si128(), SSE_LI, _mm_load_pd, _mm_store_pd,
       _mm_add_epi64, SSE_MADD, sse_reduce, _mm_set1_pd)

#define AVX_LI(p) _mm256_load_si256((const __m256i *)(p))
__attribute__((target("avx2"))) static uint64_t avx_reduce(__m256i v)
{
    uint64_t t[4];
    _mm256_storeu_si256((__m256i *)t, v);
    return t[0] + t[1] + t[2] + t[3];
}
DEF_BW(avx2, "avx2,fma", __m256i, 4, _mm256_setzero_si256(), AVX_LI, _mm256_load_pd,
       _mm256_store_pd, _mm256_add_epi64, _mm256_fmadd_pd, avx_reduce, _mm256_set1_pd)

#define AVX512_LI(p) _mm512_load_si512((const void *)(p))
/* Not _mm512_reduce_add_epi64: it adds as signed long long, whose overflow
 * is undefined (UBSan objects); the checksum wraps by design. */
__attribute__((target("avx512f"))) static uint64_t avx512_reduce(__m512i v)
{
    uint64_t t[8], s = 0;
    _mm512_storeu_si512((void *)t, v);
    for (int i = 0; i < 8; i++)
        s += t[i];
    return s;
}
DEF_BW(avx512, "avx512f", __m512i, 8, _mm512_setzero_si512(), AVX512_LI, _mm512_load_pd,
       _mm512_store_pd, _mm512_add_epi64, _mm512_fmadd_pd, avx512_reduce, _mm512_set1_pd)
#endif /* HW_X86_64 */

/* ---- the table ---- */

#define BW(n, what, isa, streams, fl, fn)                                                          \
    {                                                                                              \
        n, HW_BENCH_BW, what, isa, streams, fl, 8.0 * (streams), -1, fn, NULL, NULL, 0             \
    }
/* A compute kernel: ops per iteration = instructions x lanes x flops each */
#define CK(n, what, isa, ops, roof, fn, expect, max_iters)                                         \
    {                                                                                              \
        n, HW_BENCH_COMPUTE, what, isa, 0, ops, 0, roof, NULL, fn, expect, max_iters               \
    }
/* fp32 chains count up by 8 per iteration and must stay exact below 2^24 */
#define F32_MAX_ITERS (1u << 20)

const struct hw_bench hw_benches[] = {
#ifdef HW_X86_64
    /* Bandwidth, widest first: the measurement takes the first the CPU runs. */
    BW("load_avx512", "load", HW_ISA_AVX512F, 1, 0, load_avx512),
    BW("load_avx2", "load", HW_ISA_AVX2, 1, 0, load_avx2),
    BW("load_sse2", "load", HW_ISA_SSE2, 1, 0, load_sse2),
#endif
    BW("load_scalar", "load", HW_ISA_SCALAR, 1, 0, load_scalar),
#ifdef HW_X86_64
    BW("store_avx512", "store", HW_ISA_AVX512F, 1, 0, store_avx512),
    BW("store_avx2", "store", HW_ISA_AVX2, 1, 0, store_avx2),
    BW("store_sse2", "store", HW_ISA_SSE2, 1, 0, store_sse2),
#endif
    BW("store_scalar", "store", HW_ISA_SCALAR, 1, 0, store_scalar),
#ifdef HW_X86_64
    BW("copy_avx512", "copy", HW_ISA_AVX512F, 2, 0, copy_avx512),
    BW("copy_avx2", "copy", HW_ISA_AVX2, 2, 0, copy_avx2),
    BW("copy_sse2", "copy", HW_ISA_SSE2, 2, 0, copy_sse2),
#endif
    BW("copy_scalar", "copy", HW_ISA_SCALAR, 2, 0, copy_scalar),
#ifdef HW_X86_64
    BW("triad_avx512", "triad", HW_ISA_AVX512F, 4, 2, triad_avx512),
    BW("triad_avx2", "triad", HW_ISA_AVX2, 4, 2, triad_avx2),
    BW("triad_sse2", "triad", HW_ISA_SSE2, 4, 2, triad_sse2),
#endif
    BW("triad_scalar", "triad", HW_ISA_SCALAR, 4, 2, triad_scalar),
#ifdef HW_X86_64
    /* Scalar integer: 8 chains x 16 per iteration. */
    CK("int_add_scalar", "int_add", HW_ISA_SCALAR, 128, HW_INT_SCALAR, int_add_scalar,
       expect_int_add, 0),
    CK("int_xor_scalar", "int_logic", HW_ISA_SCALAR, 128, HW_INT_SCALAR, int_xor_scalar,
       expect_unchanged, 0),
    CK("int_shift_scalar", "int_shift", HW_ISA_SCALAR, 128, -1, int_shift_scalar, expect_unchanged,
       0),
    CK("int_mul_scalar", "int_mul", HW_ISA_SCALAR, 128, -1, int_mul_scalar, expect_int_mul, 0),
    /* SIMD integer: 8 chains x 16 vpaddd, each lane (int32) an op. */
    CK("int32_add_sse2", "int32_add", HW_ISA_SSE2, 128 * 4, HW_INT_SIMD, int32_add_sse2,
       expect_int32_add, 0),
    CK("int32_add_avx2", "int32_add", HW_ISA_AVX2, 128 * 8, HW_INT_SIMD, int32_add_avx2,
       expect_int32_add, 0),
    CK("int32_add_avx512", "int32_add", HW_ISA_AVX512F, 128 * 16, HW_INT_SIMD, int32_add_avx512,
       expect_int32_add, 0),
    /* Scalar fp: 8 chains x 8 (add, mul), 6 + 6 chains x 8 (addmul), 12 x 8
     * FMA of 2 flops. */
    CK("fp64_add_scalar", "fp64_add", HW_ISA_SCALAR, 64, HW_FP_SCALAR, fp64_add_scalar,
       expect_fp_add, 0),
    CK("fp64_mul_scalar", "fp64_mul", HW_ISA_SCALAR, 64, HW_FP_SCALAR, fp64_mul_scalar,
       expect_fp_mul, 0),
    CK("fp64_addmul_scalar", "fp64_addmul", HW_ISA_SCALAR, 96, HW_FP_SCALAR, fp64_addmul_scalar,
       expect_fp_addmul, 0),
    CK("fp32_addmul_scalar", "fp32_addmul", HW_ISA_SCALAR, 96, -1, fp32_addmul_scalar,
       expect_fp_addmul, F32_MAX_ITERS),
    CK("fp64_fma_scalar", "fp64_fma", HW_ISA_FMA, 192, -1, fp64_fma_scalar, expect_fp_fma, 0),
    CK("fp32_fma_scalar", "fp32_fma", HW_ISA_FMA, 192, -1, fp32_fma_scalar, expect_fp_fma,
       F32_MAX_ITERS),
    /* SIMD fp, ops = flops counting every lane. */
    CK("fp64_addmul_sse2", "fp64_addmul", HW_ISA_SSE2, 96 * 2, HW_FP_SIMD, fp64_addmul_sse2,
       expect_fp_addmul, 0),
    CK("fp32_addmul_sse2", "fp32_addmul", HW_ISA_SSE2, 96 * 4, HW_FP_SIMD, fp32_addmul_sse2,
       expect_fp_addmul, F32_MAX_ITERS),
    CK("fp64_addmul_avx", "fp64_addmul", HW_ISA_AVX, 96 * 4, HW_FP_SIMD, fp64_addmul_avx,
       expect_fp_addmul, 0),
    CK("fp32_addmul_avx", "fp32_addmul", HW_ISA_AVX, 96 * 8, HW_FP_SIMD, fp32_addmul_avx,
       expect_fp_addmul, F32_MAX_ITERS),
    CK("fp64_fma_avx2", "fp64_fma", HW_ISA_FMA, 192 * 4, HW_FP_SIMD, fp64_fma_avx2, expect_fp_fma,
       0),
    CK("fp32_fma_avx2", "fp32_fma", HW_ISA_FMA, 192 * 8, HW_FP_SIMD, fp32_fma_avx2, expect_fp_fma,
       F32_MAX_ITERS),
    CK("fp64_addmul_avx512", "fp64_addmul", HW_ISA_AVX512F, 96 * 8, HW_FP_SIMD, fp64_addmul_avx512,
       expect_fp_addmul, 0),
    CK("fp32_addmul_avx512", "fp32_addmul", HW_ISA_AVX512F, 96 * 16, HW_FP_SIMD, fp32_addmul_avx512,
       expect_fp_addmul, F32_MAX_ITERS),
    CK("fp64_fma_avx512", "fp64_fma", HW_ISA_AVX512F, 192 * 8, HW_FP_SIMD, fp64_fma_avx512,
       expect_fp_fma, 0),
    CK("fp32_fma_avx512", "fp32_fma", HW_ISA_AVX512F, 192 * 16, HW_FP_SIMD, fp32_fma_avx512,
       expect_fp_fma, F32_MAX_ITERS),
#endif
};
const size_t hw_nbenches = sizeof(hw_benches) / sizeof(hw_benches[0]);

const struct hw_bench *hw_bench_find(const char *name)
{
    for (size_t i = 0; i < hw_nbenches; i++)
        if (!strcmp(hw_benches[i].name, name))
            return &hw_benches[i];
    return NULL;
}

const char *const hw_isa_names[HW_NISA] = {"scalar", "sse2", "avx", "fma", "avx2", "avx512f"};

bool hw_bench_supported(const struct hw_bench *b, const struct hw_cpu *c)
{
    switch (b->isa) {
    case HW_ISA_SCALAR:
        return true;
    case HW_ISA_SSE2:
        return c->sse2;
    case HW_ISA_AVX:
        return c->avx;
    case HW_ISA_FMA:
        return c->avx && c->fma;
    case HW_ISA_AVX2:
        return c->avx2 && c->fma;
    case HW_ISA_AVX512F:
        return c->avx512f;
    case HW_NISA:
        break;
    }
    return false;
}

/* The bit pattern of (double)k, as the load kernels add it. */
static uint64_t bits_of(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    return u;
}

void hw_bench_fill(struct hw_bw_buffers *bf, size_t n_ad, size_t n_bc)
{
    for (size_t i = 0; i < n_ad; i++) {
        bf->a[i] = 0;
        bf->d[i] = (double)(i % 16);
    }
    for (size_t i = 0; i < n_bc; i++) {
        bf->b[i] = 1;
        bf->c[i] = 2;
    }
}

int hw_bench_check_bw(const struct hw_bench *b, struct hw_bw_buffers *bf, size_t elems, size_t reps,
                      uint64_t result, char *err, size_t errlen)
{
    if (!strcmp(b->measures, "load")) {
        uint64_t block = 0;
        for (unsigned k = 0; k < 16; k++)
            block += bits_of((double)k);
        uint64_t want = (uint64_t)reps * (uint64_t)(elems / 16) * block;
        if (result != want)
            return hw_err(err, errlen, -EIO, "%s: checksum %#llx, expected %#llx", b->name,
                          (unsigned long long)result, (unsigned long long)want);
        return 0;
    }
    /* The destination's first, middle and last elements (the caller
     * poisoned them before the run). */
    size_t at[3] = {0, elems / 2, elems - 1};
    for (int k = 0; k < 3; k++) {
        size_t i = at[k];
        double want = !strcmp(b->measures, "store")  ? bf->value
                      : !strcmp(b->measures, "copy") ? bf->d[i]
                                                     : bf->b[i] + bf->c[i] * bf->d[i];
        if (bf->a[i] != want)
            return hw_err(err, errlen, -EIO, "%s: a[%zu] = %g, expected %g", b->name, i, bf->a[i],
                          want);
    }
    return 0;
}

int hw_bench_check_compute(const struct hw_bench *b, uint64_t iters, uint64_t result, char *err,
                           size_t errlen)
{
    uint64_t want = b->expect ? b->expect(iters) : result;
    if (result != want)
        return hw_err(err, errlen, -EIO, "%s: result %llu after %llu iterations, expected %llu",
                      b->name, (unsigned long long)result, (unsigned long long)iters,
                      (unsigned long long)want);
    return 0;
}
