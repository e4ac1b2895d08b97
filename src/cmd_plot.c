/* cmd_plot: `roofline plot REPORT.json [-o OUT.png|OUT.svg]`, the roofline
 * picture of a saved JSON report (roofline analyze --format json). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "plots/plots.h"
#include "report/report.h"
#include "src/builtin.h"

static const char plot_usage[] =
    "Usage: roofline plot REPORT.json [-o OUT.png|OUT.svg]\n"
    "\n"
    "Draws the roofline picture of a saved report (roofline analyze --format json):\n"
    "the machine's memory and compute roofs, each kernel at its DRAM intensity and\n"
    "attainable rate, and its measured runs. Beside the picture go OUT.gp and\n"
    "OUT.dat, the gnuplot script and data, to restyle and re-run. Needs gnuplot\n"
    "(Debian, Ubuntu: apt-get install gnuplot-nox).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   the picture, .png or .svg (default: REPORT with .png,\n"
    "                      beside the report)\n"
    "      --size WxH      picture size in pixels (default 1600x1000)\n"
    "  -h, --help          this text\n";

static int parse_size(const char *s, struct plot_opts *o)
{
    char *end;
    long w = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *hs = end + 1;
    long h = strtol(hs, &end, 10);
    if (end == hs || *end || w < 200 || h < 150 || w > 20000 || h > 20000)
        return -1;
    o->width_px = (int)w;
    o->height_px = (int)h;
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"size", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct plot_opts opts = {0, 0, NULL};
    struct report r;
    struct strbuf text = STRBUF_INIT;
    char *output = NULL;
    char err[1024] = "";
    int c, ret = EXIT_OK, rc;

    report_init(&r);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            free(output);
            output = xstrdup(optarg);
            break;
        case 's':
            if (parse_size(optarg, &opts) < 0) {
                cmd_say("plot", "--size '%s': expected WxH in pixels, 200x150 to 20000x20000",
                        cmd_shown(optarg));
                ret = EXIT_USAGE;
                goto out;
            }
            break;
        case 'h':
            fputs(plot_usage, stdout);
            goto out;
        default:
            if (optopt && strchr("o", optopt))
                cmd_say("plot", "-%c needs an argument", optopt);
            else if (optopt)
                cmd_say("plot", "unknown option -%s", cmd_shown((char[]){(char)optopt, '\0'}));
            else
                cmd_say("plot", "unknown option or missing argument: %s",
                        cmd_shown(argv[optind - 1]));
            fprintf(stderr, "see 'roofline plot --help'\n");
            ret = EXIT_USAGE;
            goto out;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "roofline plot: %s\n%s",
                argc - optind ? "one report at a time" : "which report? (REPORT.json)", plot_usage);
        ret = EXIT_USAGE;
        goto out;
    }
    const char *report_path = argv[optind];
    bool defaulted = !output;
    if (defaulted)
        output = plot_sibling(report_path, ".png"); /* beside the report */

    /* The picture, its script and its data may not replace the report
     * (roofline plot rep.dat draws rep.png, rep.gp and rep.dat). */
    char *gp = NULL, *dat = NULL;
    plot_side_files(output, &gp, &dat);
    const struct fileio_role in[] = {{report_path, "the report"}};
    const struct fileio_role outs[] = {{output, defaulted ? "the picture" : "-o"},
                                       {gp, "the picture's gnuplot script"},
                                       {dat, "the picture's data file"}};
    rc = fileio_check_outputs(in, 1, outs, 3, err, sizeof err);
    free(gp);
    free(dat);
    if (rc < 0) {
        cmd_say("plot", "%s%s", err, defaulted ? " with -o" : "");
        ret = EXIT_USAGE;
        goto out;
    }
    char why[128];
    if ((rc = fileio_read_input(report_path, REPORT_MAX_BYTES, &text, why, sizeof why)) < 0) {
        cmd_say("plot", "%s: cannot read: %s", report_path, why);
        ret = EXIT_FAILED;
        goto out;
    }
    if (report_read_json(text.buf, text.len, &r, err, sizeof(err)) < 0) {
        cmd_say("plot", "%s: %s", report_path, err);
        ret = EXIT_FAILED;
        goto out;
    }
    if (plot_render(&r, output, &opts, err, sizeof(err)) < 0) {
        cmd_say("plot", "%s", err);
        ret = EXIT_FAILED;
        goto out;
    }
    /* Say where a picture went when the user did not name the place. */
    if (defaulted || isatty(2))
        cmd_say(NULL, "picture written to %s", output);
out:
    report_release(&r);
    strbuf_release(&text);
    free(output);
    return ret;
}
