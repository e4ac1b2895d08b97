/* builtin: the subcommands of roofline, one cmd_<name>.c each. */
#ifndef ROOFLINE_BUILTIN_H
#define ROOFLINE_BUILTIN_H

int cmd_analyze(int argc, char **argv);
int cmd_machine(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* Exit statuses of every command (interface.md). */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

#endif
