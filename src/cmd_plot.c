/* cmd_plot: TEMPORARY scaffold, replaced by the plot work in progress. */
#include <stdio.h>
#include "src/builtin.h"
int cmd_plot(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "roofline plot: not built yet\n");
    return EXIT_FAILED;
}
