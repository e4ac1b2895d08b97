/* cmd_machine: `roofline machine`: this machine's roofline model (topology,
 * bandwidth of every memory level, compute peaks), measured on first use
 * and cached per user, printed as a table or as JSON. The work is in
 * hwmodel/. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"
#include "src/builtin.h"

static const char usage_text[] =
    "Usage: roofline machine [options]\n"
    "\n"
    "Measures this machine's roofs (memory bandwidth per level, integer and\n"
    "floating-point peaks) and prints them. The model is cached per user in\n"
    "$XDG_CACHE_HOME/roofline (else ~/.cache/roofline), keyed by the CPU and\n"
    "topology; `roofline analyze` uses the same cache.\n"
    "\n"
    "Options:\n"
    "  --quick             fewer samples: about 1 s instead of 2-4 s\n"
    "  --refresh           measure again even when a cached model exists\n"
    "  --no-cache          measure, and neither read nor write the cache\n"
    "  -o, --output FILE   write the model there instead of stdout\n"
    "  --format text|json  output format (default text)\n"
    "  --topology FILE     an hwloc XML topology (from `lstopo FILE.xml`) to use\n"
    "                      instead of this machine's; also $ROOFLINE_TOPOLOGY\n"
    "  --load FILE         print a saved model (JSON) instead of measuring\n"
    "  -h, --help          this text\n";

static void progress_stderr(const char *msg, void *arg)
{
    (void)arg;
    cmd_say("machine", "%s", msg);
}

static void warn_stderr(const char *msg, void *arg)
{
    (void)arg;
    cmd_say("machine", "warning: %s", msg);
}

int cmd_machine(int argc, char **argv)
{
    enum { OPT_QUICK = 256, OPT_REFRESH, OPT_FORMAT, OPT_TOPOLOGY, OPT_NO_CACHE, OPT_LOAD };
    static const struct option longopts[] = {
        {"quick", no_argument, NULL, OPT_QUICK},
        {"refresh", no_argument, NULL, OPT_REFRESH},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"topology", required_argument, NULL, OPT_TOPOLOGY},
        {"load", required_argument, NULL, OPT_LOAD},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct hw_measure_opts opts = {false, NULL, NULL, NULL, warn_stderr};
    bool refresh = false, no_cache = false, json = false;
    const char *output = NULL, *load = NULL;
    struct hw_model m;
    struct strbuf out = STRBUF_INIT;
    char err[512];
    int c, status = EXIT_FAILED;

    hw_model_init(&m);
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_QUICK:
            opts.quick = true;
            break;
        case OPT_REFRESH:
            refresh = true;
            break;
        case OPT_NO_CACHE:
            no_cache = true;
            break;
        case 'o':
            output = optarg;
            break;
        case OPT_FORMAT:
            if (!strcmp(optarg, "json"))
                json = true;
            else if (!strcmp(optarg, "text"))
                json = false;
            else {
                cmd_say("machine", "--format '%s': expected text or json", cmd_shown(optarg));
                status = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_TOPOLOGY:
            opts.topology_xml = optarg;
            break;
        case OPT_LOAD:
            load = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            status = EXIT_OK;
            goto out;
        default:
            fputs(usage_text, stderr);
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (optind < argc) {
        cmd_say("machine", "unexpected argument '%s'", cmd_shown(argv[optind]));
        fputs(usage_text, stderr);
        status = EXIT_USAGE;
        goto out;
    }

    if (output) {
        const struct fileio_role in[] = {{load, "--load"}, {opts.topology_xml, "--topology"}};
        const struct fileio_role outs[] = {{output, "-o"}};
        if (fileio_check_outputs(in, 2, outs, 1, err, sizeof err) < 0) {
            cmd_say("machine", "%s", err);
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (isatty(STDERR_FILENO))
        opts.progress = progress_stderr;
    int ret;
    if (load)
        ret = hw_model_load(load, &m, err, sizeof(err));
    else if (no_cache)
        ret = hw_model_measure(&m, &opts, err, sizeof(err));
    else
        ret = hw_model_get_cached_opts(&m, refresh, &opts, err, sizeof(err));
    if (ret) {
        cmd_say("machine", "%s", err);
        goto out;
    }

    if (json) {
        hw_model_render_json(&m, &out);
    } else {
        hw_model_render_text(&m, 80, &out);
    }

    if (output) {
        if (fileio_write_atomic(output, out.buf, out.len, err, sizeof(err)) < 0) {
            cmd_say("machine", "%s", err);
            goto out;
        }
    } else if (cmd_write_stdout("machine", out.buf, out.len)) {
        goto out;
    }
    status = EXIT_OK;
out:
    strbuf_release(&out);
    hw_model_release(&m);
    return status;
}
