/* Rule: without -fopenmp, `#pragma omp` is ignored, as the compiler
 * ignores it: openmp.c's loops are plain C, the same counts, no team of
 * threads, and the region's atomic add runs once (it is serial code).
 * ARGS: tests/golden/rules/openmp.c -D n=1000
 * EXPECT axpy work_ops 2000
 * EXPECT axpy loads {"count": 2000, "bytes": 16000}
 * EXPECT axpy stores {"count": 1000, "bytes": 8000}
 * EXPECT axpy exact true
 * EXPECT axpy openmp {"parallel": false, "directives": []}
 * EXPECT histogram int_ops/add 1000
 * EXPECT histogram stores {"count": 1000, "bytes": 4000}
 * EXPECT tasks flops/mul 1000
 * EXPECT sum_region flops/add 1001
 * EXPECT sum_region exact true
 * EXPECT sum_region openmp {"parallel": false, "directives": []}
 * EXPECT halves stores {"count": 2000, "bytes": 16000}
 */
