/* roofline: the command line. A thin dispatcher over the commands table;
 * the work is in the libraries (analyzer/, hwmodel/, plots/, measure/). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "src/builtin.h"
#include "src/version.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *summary;
};

static const struct command commands[] = {
    {"analyze", cmd_analyze, "analyze FILE.c [options] [-- CLANG_ARGS...]",
     "count ops and bytes per unit of work in C kernels"},
    {"machine", cmd_machine, "machine [options]", "measure this machine's roofs"},
    {"measure", cmd_measure, "measure [options] -- COMMAND [ARGS...]",
     "run a program and read its counters per unit of work"},
    {"plot", cmd_plot, "plot REPORT.json [-o OUT.png|OUT.svg]",
     "draw the roofline picture of a saved report"},
};

/* GNU's layout ("Usage:", "  or:", "Commands:"), which help2man turns into
 * the man page's SYNOPSIS and sections. */
static void usage(FILE *f)
{
    fprintf(f, "Usage: roofline COMMAND [ARGS]\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  or:  roofline %s\n", commands[i].usage);
    fprintf(f, "  or:  roofline --help | --version\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'roofline COMMAND --help' describes a command and its options.\n");
}

/* Like git: a command's success includes its output having reached stdout. */
static int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "roofline: cannot write to standard output: %s\n", strerror(errno));
        return EXIT_FAILED;
    }
    return status;
}

int main(int argc, char **argv)
{
    /* Temporary files and children are undone when a signal ends us. */
    cleanup_install();
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return finish_stdout(EXIT_OK);
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("roofline %s (commit %s)\n", ROOFLINE_VERSION, roofline_commit);
        return finish_stdout(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name))
            return finish_stdout(commands[i].fn(argc - 1, argv + 1));
    cmd_say(NULL, "'%s' is not a command; see 'roofline --help'", cmd_shown(cmd));
    return EXIT_USAGE;
}
