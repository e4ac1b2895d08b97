/* OpenMP as real codes write it: a stencil with a time loop inside the
 * parallel region (each thread runs the time loop: counted once, said so),
 * a collapsed worksharing loop with a simd loop inside, a macro holding
 * both the pragma and its loop, tasks under single, and a nested parallel
 * region. Analyzed with -fopenmp; n = 8, m = 4, steps = 3. */
#define PAR_LOOP(i, n) _Pragma("omp parallel for") for (int i = 0; i < (n); i++)

void jacobi(int n, int steps, const double *a, double *b)
{
#pragma omp parallel
    for (int t = 0; t < steps; t++) {
#pragma omp for
        for (int i = 1; i < n - 1; i++)
            b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3;
#pragma omp barrier
    }
}

void grid(int n, int m, float *g)
{
#pragma omp parallel for collapse(2) schedule(dynamic, 2)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
#pragma omp simd
            for (int k = 0; k < 4; k++)
                g[(i * m + j) * 4 + k] += 1.0f;
        }
}

void fill(int n, double *y)
{
    PAR_LOOP(i, n)
    y[i] = 0;
}

void walk(int n, double *x)
{
#pragma omp parallel
#pragma omp single nowait
    for (int i = 0; i < n; i++)
#pragma omp task
        x[i] *= 2;
}

void nested(int n, double *x)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp parallel for
        for (int j = 0; j < n; j++)
            x[i * n + j] = i + j;
    }
}
