/* Compiles only with the flags of compile_commands.json: -DWIDTH=8 and the
 * include directory inc/ (relative to the entry's directory). */
#include "width.h"
#ifndef WIDTH
#error "WIDTH comes from the compilation database"
#endif
int sum(const int *a)
{
    int s = 0;
    for (int i = 0; i < WIDTH * SCALE; i++)
        s += a[i];
    return s;
}
