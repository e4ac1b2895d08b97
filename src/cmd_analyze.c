/* scaffold */
#include "src/builtin.h"
int cmd_analyze(int argc, char **argv) { (void)argc; (void)argv; return EXIT_FAILED; }
