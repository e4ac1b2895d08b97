/* Bad input: a header that is not there: clang's fatal error names it.
 * EXIT: 1
 * STDERR: no_such_header.h
 * NOOUTPUT: report.json
 */
#include "no_such_header.h"
int f(int a)
{
    return a;
}
