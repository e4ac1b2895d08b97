/* Rule: a kernel that streams from DRAM has no bound under a machine model
 * without a DRAM bandwidth (its measurement failed): neither memory-bound
 * (there is no roof) nor compute-bound at the compute roof, which is what
 * passing over the missing roof once said (14 Gop/s). The counts stay
 * (in 800 bytes, out 1600 with write-allocate).
 * ARGS: -D n=100 --machine tests/data/machines/no-dram-roof.json
 * EXPECT k dram_bytes 2400
 * EXPECT k bound null
 * EXPECT k bound_roof null
 * EXPECT k attainable_ops_per_s null
 * EXPECT k bound_unavailable "the machine model has no DRAM bandwidth (triad check failed: element 1048576 is 0, want 3)"
 */
void k(const double *in, double *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = in[i] * 2.0;
}
