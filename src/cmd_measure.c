/* cmd_measure: TEMPORARY scaffold, replaced by the measure work in progress. */
#include <stdio.h>
#include "src/builtin.h"
int cmd_measure(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "roofline measure: not built yet\n");
    return EXIT_FAILED;
}
