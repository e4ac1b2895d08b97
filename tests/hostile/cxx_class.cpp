// A C++ file: roofline parses C. As is (-xc) it does not compile, and
// says where; with -- -xc++ it is parsed, and what C++ brings (references,
// try, range for) is said not to be counted.
#include <stddef.h>

template <typename T> static T twice(T x)
{
    return x + x;
}

class accumulator {
  public:
    double total = 0;
    void add(double x) { total += x; }
};

double sum_refs(const double (&a)[8], double &out)
{
    double s = 0;
    for (double x : a)
        s += x;
    try {
        out = s;
    } catch (...) {
        out = 0;
    }
    return twice(s);
}

int plain_c(const int *a, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}
