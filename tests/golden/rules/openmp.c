/* Rule: an OpenMP loop is counted as C (the work is the same; threads are
 * the machine's business), with -fopenmp as OpenMP code is built. libclang
 * hides the loop of most directives; it is counted from the file parsed
 * again without them. The kernel says which directives it runs, and
 * "parallel" when one starts a team of threads (the all-core roofs apply).
 * n = 1000 throughout; clauses (reduction, schedule) are not counted.
 *
 * axpy: 1000 x (mul + add) flops; loads x[i], y[i]: 2000 x 8 bytes; stores
 *   y[i] 1000 x 8; control: i < n 1001 times, i++ 1000 times.
 * dot: the same flops; loads 2000 x 8; no store (s is a register).
 * scale_simd: 1000 flop muls; simd alone starts no team.
 * histogram: an atomic inside the shared loop runs once per iteration:
 *   1000 int adds; loads key[i] and count[k]: 2000 x 4; stores 1000 x 4.
 * tasks: parallel on single on the loop: one thread makes the tasks, each
 *   runs once: 1000 flop muls, 1000 loads and stores of 8 bytes.
 * sum_region: what a parallel region runs outside its worksharing loop
 *   (the atomic add) runs once per thread: counted once, and said so.
 *   Flop adds 1000 + 1; loads 1000 x 8.
 * offload: target teams distribute parallel for: 1000 stores of 8 bytes.
 * halves: parallel sections, one loop per section (an orphaned `omp
 *   section` does not compile, so this one is parsed with OpenMP off):
 *   stores 2000 x 8.
 * add_critical: a critical section in the shared loop, once an iteration:
 *   1000 flop adds; loads x[i] and *total, a store of *total (8 bytes).
 * scale_taskloop: parallel on single on taskloop on the loop: 1000 muls.
 * ARGS: -D n=1000 -- -fopenmp
 * EXPECT axpy flops/mul 1000
 * EXPECT axpy flops/add 1000
 * EXPECT axpy loads {"count": 2000, "bytes": 16000}
 * EXPECT axpy stores {"count": 1000, "bytes": 8000}
 * EXPECT axpy control_ops 2001
 * EXPECT axpy exact true
 * EXPECT axpy openmp {"parallel": true, "directives": ["parallel for"]}
 * EXPECT dot work_ops 2000
 * EXPECT dot loads/bytes 16000
 * EXPECT dot stores/count 0
 * EXPECT dot exact true
 * EXPECT dot openmp {"parallel": true, "directives": ["parallel for"]}
 * EXPECT scale_simd flops/mul 1000
 * EXPECT scale_simd exact true
 * EXPECT scale_simd openmp {"parallel": false, "directives": ["simd"]}
 * EXPECT histogram int_ops/add 1000
 * EXPECT histogram loads {"count": 2000, "bytes": 8000}
 * EXPECT histogram stores {"count": 1000, "bytes": 4000}
 * EXPECT histogram exact true
 * EXPECT histogram openmp {"parallel": true, "directives": ["parallel for", "atomic"]}
 * EXPECT tasks flops/mul 1000
 * EXPECT tasks loads/count 1000
 * EXPECT tasks stores/count 1000
 * EXPECT tasks exact true
 * EXPECT tasks openmp {"parallel": true, "directives": ["parallel", "single", "task"]}
 * EXPECT sum_region flops/add 1001
 * EXPECT sum_region loads/bytes 8000
 * EXPECT sum_region exact false
 * EXPECT sum_region inexact_because ["line 117: OpenMP parallel: what runs outside its worksharing constructs runs once per thread; counted once"]
 * EXPECT sum_region openmp {"parallel": true, "directives": ["parallel", "for", "atomic"]}
 * EXPECT offload stores {"count": 1000, "bytes": 8000}
 * EXPECT offload exact true
 * EXPECT offload openmp/parallel true
 * EXPECT halves stores {"count": 2000, "bytes": 16000}
 * EXPECT halves exact true
 * EXPECT halves openmp {"parallel": true, "directives": ["parallel sections"]}
 * EXPECT add_critical flops/add 1000
 * EXPECT add_critical loads {"count": 2000, "bytes": 16000}
 * EXPECT add_critical stores {"count": 1000, "bytes": 8000}
 * EXPECT add_critical exact true
 * EXPECT add_critical openmp {"parallel": true, "directives": ["parallel for", "critical"]}
 * EXPECT scale_taskloop flops/mul 1000
 * EXPECT scale_taskloop exact true
 * EXPECT scale_taskloop openmp {"parallel": true, "directives": ["parallel", "single", "taskloop"]}
 */
void axpy(int n, double a, const double *x, double *y)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}

double dot(int n, const double *x, const double *y)
{
    double s = 0;
#pragma omp parallel for reduction(+ : s)
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}

void scale_simd(int n, double a, double *x)
{
#pragma omp simd
    for (int i = 0; i < n; i++)
        x[i] = a * x[i];
}

void histogram(int n, const int *key, int *count)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp atomic
        count[key[i]]++;
    }
}

void tasks(int n, double *x)
{
#pragma omp parallel
#pragma omp single
    for (int i = 0; i < n; i++) {
#pragma omp task firstprivate(i)
        x[i] = 2 * x[i];
    }
}

double sum_region(int n, const double *x)
{
    double s = 0;
#pragma omp parallel
    {
        double local = 0;
#pragma omp for nowait
        for (int i = 0; i < n; i++)
            local += x[i];
#pragma omp atomic
        s += local;
    }
    return s;
}

void offload(int n, double *y)
{
#pragma omp target teams distribute parallel for map(from : y[0 : n])
    for (int i = 0; i < n; i++)
        y[i] = 0;
}

void halves(int n, double *a, double *b)
{
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i < n; i++)
            a[i] = 0;
#pragma omp section
        for (int i = 0; i < n; i++)
            b[i] = 1;
    }
}

void add_critical(int n, const double *x, double *total)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp critical(total)
        *total += x[i];
    }
}

void scale_taskloop(int n, double *x)
{
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(64)
    for (int i = 0; i < n; i++)
        x[i] *= 3;
}
