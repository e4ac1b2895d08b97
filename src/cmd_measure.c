/* cmd_measure: `roofline measure [options] -- COMMAND [ARGS...]`, a
 * command's counters and time per unit of work ({N} in its arguments is the
 * number of units), as text or JSON. The work is in measure/. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"
#include "measure/measure.h"
#include "report/report.h"
#include "src/builtin.h"

static const char usage_text[] =
    "Usage: roofline measure [options] -- COMMAND [ARGS...]\n"
    "\n"
    "Runs COMMAND at two unit counts ({N} in its arguments is the number of\n"
    "units) and reports its counters and time per unit of work:\n"
    "(value at N2 - value at N1) / (N2 - N1), so start-up cost drops out.\n"
    "The command runs without a shell.\n"
    "\n"
    "Options:\n"
    "  --units N1,N2        unit counts (default %d,%d)\n"
    "  --counters SOURCE    auto, perf or cachegrind (default auto: hardware\n"
    "                       counters when the machine has them, else cachegrind)\n"
    "  --format FORMAT      text or json (default text)\n"
    "  --timeout SECONDS    limit of each native run (default %g; 0: none); a\n"
    "                       cachegrind run may take %g times the native one more\n"
    "  --repeats N          native runs at each count; seconds are medians\n"
    "                       (default %d)\n"
    "  --machine FILE       machine model (cache geometry for cachegrind);\n"
    "                       default: the cached model, measured on first use\n"
    "  -o, --output FILE    write the report there instead of stdout\n"
    "  -h, --help           this help\n"
    "\n"
    "Examples:\n"
    "  roofline measure --units 1000,3000 -- python3 samples/aes.py {N}\n";

static void usage(FILE *f)
{
    fprintf(f, usage_text, MEASURE_DEFAULT_UNITS_1, MEASURE_DEFAULT_UNITS_2,
            MEASURE_DEFAULT_TIMEOUT_S, MEASURE_VALGRIND_SLOWDOWN, MEASURE_DEFAULT_NATIVE_REPEATS);
}

static void progress(const char *msg, void *arg)
{
    (void)arg;
    cmd_say("measure", "%s", msg);
}

static void warn_not_cached(const char *msg, void *arg)
{
    (void)arg;
    cmd_say("measure", "warning: %s", msg);
}

int cmd_measure(int argc, char **argv)
{
    enum { OPT_UNITS = 256, OPT_COUNTERS, OPT_FORMAT, OPT_TIMEOUT, OPT_MACHINE, OPT_REPEATS };
    static const struct option longopts[] = {
        {"units", required_argument, NULL, OPT_UNITS},
        {"counters", required_argument, NULL, OPT_COUNTERS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"machine", required_argument, NULL, OPT_MACHINE},
        {"repeats", required_argument, NULL, OPT_REPEATS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct measure_opts o;
    struct report_run run;
    struct hw_model machine;
    struct strbuf command = STRBUF_INIT, out = STRBUF_INIT;
    const char *format = "text", *output = NULL, *machine_file = NULL;
    bool have_machine = false;
    char err[1024];
    int opt, ret = EXIT_OK;

    measure_opts_init(&o);
    measure_run_init(&run);
    hw_model_init(&machine);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "+o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_UNITS:
            if (measure_units_parse(optarg, o.units) < 0) {
                cmd_say("measure", "--units '%s': expected " MEASURE_UNITS_EXPECTED,
                        cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_COUNTERS:
            if (measure_counters_parse(optarg, &o.counters) < 0) {
                cmd_say("measure", "--counters '%s': expected auto, perf or cachegrind",
                        cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
                cmd_say("measure", "--format '%s': expected text or json", cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            format = optarg;
            break;
        case OPT_TIMEOUT:
            if (measure_timeout_parse(optarg, &o.timeout_s) < 0) {
                cmd_say("measure", "--timeout '%s': expected " MEASURE_TIMEOUT_EXPECTED,
                        cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_REPEATS: {
            char *end;
            errno = 0;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end || errno || n < 1 || n > 1000) {
                cmd_say("measure", "--repeats '%s': expected a whole number from 1 to 1000",
                        cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            o.native_repeats = (int)n;
            break;
        }
        case OPT_MACHINE:
            machine_file = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            usage(stdout);
            goto out;
        default:
            usage(stderr);
            ret = EXIT_USAGE;
            goto out;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "roofline measure: no command given\n");
        usage(stderr);
        ret = EXIT_USAGE;
        goto out;
    }
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strbuf_addch(&command, ' ');
        measure_quote_word(&command, argv[i]);
    }

    if (output) {
        const struct fileio_role in[] = {{machine_file, "--machine"}};
        const struct fileio_role outs[] = {{output, "-o"}};
        if (fileio_check_outputs(in, 1, outs, 1, err, sizeof err) < 0) {
            cmd_say("measure", "%s", err);
            ret = EXIT_USAGE;
            goto out;
        }
    }
    if (machine_file) {
        if (hw_model_load(machine_file, &machine, err, sizeof err) < 0) {
            cmd_say("measure", "%s", err);
            ret = EXIT_FAILED;
            goto out;
        }
        have_machine = true;
    } else {
        /* The model gives cachegrind its geometry and the line size: without
         * one, valgrind's own detection does, and the report says so. The
         * full model, as analyze asks for, so that one cached model serves
         * both. */
        if (hw_model_get_cached(&machine, false, false, isatty(2) ? progress : NULL,
                                warn_not_cached, NULL, err, sizeof err) == 0)
            have_machine = true;
        else
            cmd_say("measure",
                    "warning: no machine model (%s); cachegrind uses valgrind's cache geometry",
                    err);
    }
    o.machine = have_machine ? &machine : NULL;

    int r = measure_run(command.buf, &o, &run, err, sizeof err);
    if (r < 0) {
        cmd_say("measure", "%s", err);
        ret = r == -EINVAL ? EXIT_USAGE : EXIT_FAILED;
        goto out;
    }
    measure_judge(&run, NULL, o.machine);
    if (!strcmp(format, "json"))
        report_render_measure_json(&run, o.machine, &out);
    else
        report_render_run_text(&run, 80, &out);

    if (output) {
        if (fileio_write_atomic(output, out.buf, out.len, err, sizeof err) < 0) {
            cmd_say("measure", "%s", err);
            ret = EXIT_FAILED;
        }
    } else {
        ret = cmd_write_stdout("measure", out.buf, out.len);
    }
out:
    strbuf_release(&command);
    strbuf_release(&out);
    measure_run_release(&run);
    hw_model_release(&machine);
    return ret;
}
