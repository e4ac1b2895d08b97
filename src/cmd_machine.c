/* cmd_machine: TEMPORARY scaffold, replaced by the machine work in progress. */
#include <stdio.h>
#include "src/builtin.h"
int cmd_machine(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "roofline machine: not built yet\n");
    return EXIT_FAILED;
}
