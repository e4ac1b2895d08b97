/* Macros that expand to loops, nested three deep, and one that expands to a
 * loop inside an expression statement. */
#define FOR(i, n) for (int i = 0; i < (n); i++)
#define REPEAT4(stmt) do { stmt; stmt; stmt; stmt; } while (0)
#define SUM(a, n, out) do { (out) = 0; FOR(_k, n) (out) += (a)[_k]; } while (0)

void macro_loops(float *c, const float *a, const float *b, int n)
{
    FOR(i, n)
        FOR(j, n) {
            float s;
            SUM(&a[i * n], n, s);
            REPEAT4(c[i * n + j] += s * b[j]);
        }
}
