/* builtin: the subcommands of roofline, one cmd_<name>.c each. */
#ifndef ROOFLINE_BUILTIN_H
#define ROOFLINE_BUILTIN_H

#include <stddef.h>

int cmd_analyze(int argc, char **argv);
int cmd_machine(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* Messages on stderr (message.c). cmd_say prints "roofline CMD: " and
 * the formatted message as one line, control characters escaped (cmd NULL:
 * "roofline: "). cmd_shown is a value the user gave as a message echoes
 * it: escaped and cut to 80 characters with "..."; the text stays valid for
 * the next 7 calls (commands print from one thread). */
void cmd_say(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *cmd_shown(const char *value);
/* Writes buf to standard output and flushes it: EXIT_OK, or EXIT_FAILED
 * after saying why ("cannot write to standard output: No space left on
 * device"), once: what was not written is dropped. */
int cmd_write_stdout(const char *cmd, const void *buf, size_t len);

/* Exit statuses of every command (interface.md). */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

#endif
