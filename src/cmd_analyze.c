/* cmd_analyze: `roofline analyze FILE.c`: counts ops and bytes per unit of
 * work in the file's kernels, places them under the machine's roofs, and
 * writes the report (text, JSON, CSV), a picture, and measured runs. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "analyzer/expr.h"
#include "common/fileio.h"
#include "common/strbuf.h"
#include "common/trace.h"
#include "common/xalloc.h"
#include "hwmodel/hwmodel.h"
#include "measure/measure.h"
#include "plots/plots.h"
#include "report/report.h"
#include "src/builtin.h"
#include "src/progress.h"

static const char usage_text[] =
    "Usage: roofline analyze FILE.c [options] [-- CLANG_ARGS...]\n"
    "\n"
    "Counts, per unit of work, the integer ops by class, the flops, and the bytes\n"
    "loaded and stored by each kernel (a function defined in FILE.c), following\n"
    "the counting model; places each kernel under this machine's roofs.\n"
    "\n"
    "Options:\n"
    "  -k, --kernel NAME        analyze this function (repeatable; default: all)\n"
    "  -D, --param NAME=VALUE   bind a parameter, a trip symbol L<line> or a\n"
    "                           probability P<line> (repeatable)\n"
    "      --per EXPR           divide every count by EXPR (per unit of work)\n"
    "      --unit LABEL         name of one unit (block, record, ...)\n"
    "      --machine FILE       machine model (roofline machine --format json);\n"
    "                           default: the cached model, measured on first use\n"
    "      --format FMT         text (default), json or csv\n"
    "  -o, --output FILE        write the report there instead of stdout\n"
    "      --plot FILE          roofline picture (.png or .svg); default:\n"
    "                           STEM-roofline.png in the current directory\n"
    "      --no-plot            write no picture\n"
    "      --run 'CMD ... {N}'  also measure CMD with {N} units (repeatable;\n"
    "                           needs exactly one kernel)\n"
    "      --units N1,N2        the two unit counts {N} takes for --run\n"
    "      --counters SRC       auto (default), perf or cachegrind, for --run\n"
    "      --timeout SECONDS    limit of each --run run (0: none)\n"
    "  -p DIR                   take FILE's flags from DIR/compile_commands.json\n"
    "      --no-write-allocate  stores do not read their line first\n"
    "      --progress           show progress on stderr even when it is not a\n"
    "                           terminal (--no-progress: never)\n"
    "  -h, --help               this help\n";

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV, FMT_NONE /* written already */ };

enum { MAX_WARNINGS_SHOWN = 5 };

/* How analyze's memory is limited (cap_memory), for the message when it
 * runs out. */
static char memory_note[256] = "no limit set";

struct analyze_opts {
    struct strlist kernels;
    struct an_binding *bindings;
    size_t nbindings, balloc;
    struct strlist binding_names;
    const char *per, *unit, *machine, *output, *plot, *compdb;
    bool no_plot, no_write_allocate;
    int progress; /* -1: when stderr is a terminal; 0 never; 1 always */
    enum fmt fmt;
    struct strlist runs;
    struct measure_opts mopts;
    const char *file;
    const char *const *clang_args;
    size_t nclang_args;
};

/* fmt has one %s: arg, a value the user gave. */
static int usage_error(const char *fmt, const char *arg)
{
    struct strbuf msg = STRBUF_INIT;
    strbuf_addf(&msg, fmt, cmd_shown(arg));
    cmd_say("analyze", "%s", msg.buf);
    fprintf(stderr, "see 'roofline analyze --help'\n");
    strbuf_release(&msg);
    return EXIT_USAGE;
}

static int no_names(const char *name, void *arg)
{
    (void)name;
    (void)arg;
    return -1;
}

static int parse_binding(struct analyze_opts *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return usage_error("--param '%s': expected NAME=VALUE", arg);
    char *name = xstrndup(arg, (size_t)(eq - arg));
    for (const char *p = name; *p; p++)
        if (!(*p == '_' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
              (*p >= 'A' && *p <= 'Z'))) {
            free(name);
            return usage_error("--param '%s': the name must be a C identifier", arg);
        }
    struct poly v;
    poly_init(&v);
    char err[256];
    struct rat c;
    int ret = an_expr_parse(eq + 1, no_names, NULL, &v, err, sizeof err);
    if (ret || !poly_is_const(&v, &c)) {
        poly_release(&v);
        free(name);
        cmd_say("analyze", "--param %s: the value must be a number (%s)", cmd_shown(arg),
                ret ? err : "not constant");
        return EXIT_USAGE;
    }
    poly_release(&v);
    if (strlist_has(&o->binding_names, name)) {
        free(name);
        return usage_error("--param '%s': bound twice", arg);
    }
    strlist_add(&o->binding_names, name);
    free(name);
    ALLOC_GROW(o->bindings, o->nbindings + 1, o->balloc);
    o->bindings[o->nbindings].name = o->binding_names.v[o->binding_names.n - 1];
    o->bindings[o->nbindings++].value = rat_value(c);
    return 0;
}

/* A --per that is a number must be a positive one (one with names is
 * checked when they are bound). */
static int check_per(const char *per)
{
    struct poly v;
    struct rat c;
    char err[256];
    poly_init(&v);
    bool nonpositive = !an_expr_parse(per, no_names, NULL, &v, err, sizeof err) &&
                       poly_is_const(&v, &c) && rat_value(c) <= 0;
    poly_release(&v);
    if (nonpositive)
        return usage_error("--per %s: a unit of work must be a positive amount", per);
    return 0;
}

static int parse_args(int argc, char **argv, struct analyze_opts *o)
{
    enum {
        O_PER = 256,
        O_UNIT,
        O_MACHINE,
        O_FORMAT,
        O_PLOT,
        O_NOPLOT,
        O_RUN,
        O_UNITS,
        O_NOWA,
        O_COUNTERS,
        O_TIMEOUT,
        O_PROGRESS,
        O_NO_PROGRESS
    };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, 'k'},
        {"param", required_argument, NULL, 'D'},
        {"per", required_argument, NULL, O_PER},
        {"unit", required_argument, NULL, O_UNIT},
        {"machine", required_argument, NULL, O_MACHINE},
        {"format", required_argument, NULL, O_FORMAT},
        {"output", required_argument, NULL, 'o'},
        {"plot", required_argument, NULL, O_PLOT},
        {"no-plot", no_argument, NULL, O_NOPLOT},
        {"run", required_argument, NULL, O_RUN},
        {"units", required_argument, NULL, O_UNITS},
        {"counters", required_argument, NULL, O_COUNTERS},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"no-write-allocate", no_argument, NULL, O_NOWA},
        {"progress", no_argument, NULL, O_PROGRESS},
        {"no-progress", no_argument, NULL, O_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* Everything after "--" goes to the parser untouched. */
    int split = argc;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--")) {
            split = i;
            break;
        }
    if (split < argc) {
        o->clang_args = (const char *const *)&argv[split + 1];
        o->nclang_args = (size_t)(argc - split - 1);
    }
    int c, ret;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(split, argv, ":k:D:o:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            strlist_add_unique(&o->kernels, optarg);
            break;
        case 'D':
            if ((ret = parse_binding(o, optarg)))
                return ret;
            break;
        case O_PER:
            if ((ret = check_per(optarg)))
                return ret;
            o->per = optarg;
            break;
        case O_UNIT:
            o->unit = optarg;
            break;
        case O_MACHINE:
            o->machine = optarg;
            break;
        case O_FORMAT:
            if (!strcmp(optarg, "text"))
                o->fmt = FMT_TEXT;
            else if (!strcmp(optarg, "json"))
                o->fmt = FMT_JSON;
            else if (!strcmp(optarg, "csv"))
                o->fmt = FMT_CSV;
            else
                return usage_error("--format '%s': expected text, json or csv", optarg);
            break;
        case 'o':
            o->output = optarg;
            break;
        case 'p':
            o->compdb = optarg;
            break;
        case O_PLOT:
            o->plot = optarg;
            break;
        case O_NOPLOT:
            o->no_plot = true;
            break;
        case O_RUN:
            strlist_add(&o->runs, optarg);
            break;
        case O_UNITS:
            if (measure_units_parse(optarg, o->mopts.units))
                return usage_error("--units '%s': expected " MEASURE_UNITS_EXPECTED, optarg);
            break;
        case O_COUNTERS:
            if (measure_counters_parse(optarg, &o->mopts.counters))
                return usage_error("--counters '%s': expected auto, perf or cachegrind", optarg);
            break;
        case O_TIMEOUT:
            if (measure_timeout_parse(optarg, &o->mopts.timeout_s))
                return usage_error("--timeout '%s': expected " MEASURE_TIMEOUT_EXPECTED, optarg);
            break;
        case O_NOWA:
            o->no_write_allocate = true;
            break;
        case O_PROGRESS:
        case O_NO_PROGRESS:
            o->progress = c == O_PROGRESS;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        case ':':
            return usage_error("%s needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= split)
        return usage_error("%s", "no FILE.c given");
    if (optind + 1 < split)
        return usage_error("one FILE.c at a time ('%s' is extra; clang arguments go after --)",
                           argv[optind + 1]);
    o->file = argv[optind];
    if (o->plot && o->no_plot)
        return usage_error("%s", "--plot and --no-plot contradict each other");
    if (o->plot) {
        const char *dot = strrchr(o->plot, '.');
        if (!dot || (strcmp(dot, ".png") && strcmp(dot, ".svg")))
            return usage_error("--plot '%s': the picture must end in .png or .svg", o->plot);
    }
    return 0;
}

static void progress(const char *msg, void *arg)
{
    (void)arg;
    fprintf(stderr, "roofline: %s\n", msg);
}

static void warn_not_cached(const char *msg, void *arg)
{
    (void)arg;
    cmd_say("analyze", "warning: %s", msg);
}

/* The machine model: --machine FILE, else the cached one (measured on first
 * use). Without one, the report still comes, with bound unknown. */
static int load_machine(const struct analyze_opts *o, struct report *r)
{
    char err[512];
    int ret;
    if (o->machine) {
        ret = hw_model_load(o->machine, &r->machine, err, sizeof err);
        if (ret) {
            cmd_say("analyze", "%s", err);
            return EXIT_FAILED;
        }
        r->has_machine = true;
        return 0;
    }
    /* Measuring the machine (first use) sweeps buffers of several GiB on
     * every core, past analyze's own cap on address space, which is for
     * the parse: lifted to the hard limit for the measurement alone. */
    struct rlimit as, lifted;
    bool have_as = getrlimit(RLIMIT_AS, &as) == 0;
    if (have_as) {
        lifted = as;
        lifted.rlim_cur = as.rlim_max;
        setrlimit(RLIMIT_AS, &lifted);
    }
    ret = hw_model_get_cached(&r->machine, false, false, isatty(2) ? progress : NULL,
                              warn_not_cached, NULL, err, sizeof err);
    if (have_as)
        setrlimit(RLIMIT_AS, &as);
    if (ret) {
        cmd_say("analyze", "warning: no machine model: %s", err);
        r->machine_why = xstrdup(err);
        return 0;
    }
    r->has_machine = true;
    return 0;
}

static char *default_plot_path(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = xstrndup(base, n);
    char *path = xasprintf("%s-roofline.png", stem);
    free(stem);
    return path;
}

/* No output may replace an input or another output: the C file, the
 * headers it includes (once parsed: s), the machine model, the compile
 * database; -o, the picture and the script and data beside it. */
static int check_outputs(const struct analyze_opts *o, const struct an_session *s)
{
    struct strlist in_files = STRLIST_INIT;
    struct fileio_role in[8], out[4];
    size_t nin = 0, nout = 0;
    char *compdb = NULL, *plot = NULL, *gp = NULL, *dat = NULL;
    char err[1024];
    int status = 0;

    in[nin++] = (struct fileio_role){o->file, "the C file analyzed"};
    if (o->machine)
        in[nin++] = (struct fileio_role){o->machine, "the machine model"};
    if (o->compdb) {
        compdb = xasprintf("%s/compile_commands.json", o->compdb);
        in[nin++] = (struct fileio_role){compdb, "the compile database (-p)"};
    }
    if (o->output)
        out[nout++] = (struct fileio_role){o->output, "-o"};
    if (!o->no_plot) {
        plot = o->plot ? xstrdup(o->plot) : default_plot_path(o->file);
        plot_side_files(plot, &gp, &dat);
        out[nout++] = (struct fileio_role){plot, o->plot ? "--plot" : "the picture"};
        out[nout++] = (struct fileio_role){gp, "the picture's gnuplot script"};
        out[nout++] = (struct fileio_role){dat, "the picture's data file"};
    }
    struct fileio_role *ins = in;
    if (s) { /* every file the parse read */
        an_session_files(s, &in_files);
        ins = xcalloc(nin + in_files.n + 1, sizeof *ins);
        memcpy(ins, in, nin * sizeof *in);
        for (size_t i = 0; i < in_files.n; i++)
            ins[nin + i] = (struct fileio_role){in_files.v[i], "a file the C file includes"};
        nin += in_files.n;
    }
    if (fileio_check_outputs(ins, nin, out, nout, err, sizeof err)) {
        cmd_say("analyze", "%s", err);
        status = EXIT_USAGE;
    }
    if (ins != in)
        free(ins);
    free(compdb);
    free(plot);
    free(gp);
    free(dat);
    strlist_release(&in_files);
    return status;
}

static int attach_runs(const struct analyze_opts *o, struct report *r)
{
    char err[1024];
    if (!o->runs.n)
        return 0;
    if (r->nkernels != 1) {
        fprintf(stderr,
                "roofline analyze: --run needs exactly one kernel (use --kernel NAME); "
                "%zu are selected\n",
                r->nkernels);
        return EXIT_USAGE;
    }
    struct report_kernel *k = &r->kernels[0];
    struct measure_opts mo = o->mopts;
    mo.machine = r->has_machine ? &r->machine : NULL;
    for (size_t i = 0; i < o->runs.n; i++) {
        struct report_run *run = report_kernel_add_run(k);
        measure_run_init(run);
        if (isatty(2))
            cmd_say(NULL, "measuring %s", cmd_shown(o->runs.v[i]));
        int ret = measure_run(o->runs.v[i], &mo, run, err, sizeof err);
        if (ret) {
            cmd_say("analyze", "--run %s: %s", cmd_shown(o->runs.v[i]), err);
            return ret == -EINVAL ? EXIT_USAGE : EXIT_FAILED;
        }
        measure_judge(run, k, mo.machine);
    }
    return 0;
}

static int write_output(const struct analyze_opts *o, const struct strbuf *out)
{
    char err[512];
    if (!o->output)
        return cmd_write_stdout("analyze", out->buf, out->len);
    if (fileio_write_atomic(o->output, out->buf, out->len, err, sizeof err)) {
        cmd_say("analyze", "%s", err);
        return EXIT_FAILED;
    }
    return 0;
}

/* Binds one counted kernel into k (fresh, from report_kernel_init or
 * report_add_kernel) and places it under the machine's roofs; on failure,
 * err says why and *status is the exit status. Reads the session only
 * through the kernel's own counts and the entries they refer to, so it may
 * run on another thread while counting goes on. */
static int bind_kernel(const struct analyze_opts *o, const struct report *r,
                       const struct an_kernel *ak, struct report_kernel *k, char *err,
                       size_t errlen, int *status)
{
    struct an_bind_opts bo = {
        o->bindings, o->nbindings,         o->per,
        o->unit,     o->no_write_allocate, r->has_machine ? hw_model_llc_bytes(&r->machine) : 0};
    if (an_kernel_bind(ak, &bo, k, err, errlen)) {
        *status = strstr(err, ": evaluates to ") ? EXIT_FAILED : EXIT_USAGE;
        return -1;
    }
    an_classify(k, r->has_machine ? &r->machine : NULL, r->machine_why);
    return 0;
}

/* A JSON report written as it is made: to a temporary file renamed into
 * place at the end (or, for standard output, held until then), so that a
 * failure half-way leaves nothing behind. Kernels are bound, rendered and
 * written on a thread of their own while the next ones are counted: on a
 * large file the two take about as long as each other. The thread keeps of
 * each kernel what its picture needs (report_kernel_keep_picture), if one
 * is drawn, and hands them back at the end, in order. */
#define JSON_STREAM_CHUNK (1u << 20)
#define JSON_STREAM_QUEUE 64       /* kernels counted but not yet bound, at most */
#define JSON_STREAM_THREAD_FROM 64 /* kernels: fewer are bound on the counting thread */

struct json_stream {
    const struct analyze_opts *o;
    const struct report *r;  /* its machine model, for the bounds */
    struct fileio_out *file; /* NULL: standard output */
    struct strbuf buf;       /* what is not written yet */
    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    const struct an_kernel *queue[JSON_STREAM_QUEUE]; /* a ring */
    size_t head, count;
    bool finished; /* no more kernels will come */
    int status;    /* a failure to write, with its message in err */
    char err[512];
    char *bind_err; /* the first kernel that could not be bound: why */
    int bind_status;
    size_t nrendered;
    struct report_kernel **done; /* rendered, in order, for the picture */
    size_t ndone, done_alloc;
};

static int json_stream_flush(struct json_stream *js)
{
    if (!js->file || !js->buf.len)
        return 0;
    if (fileio_out_write(js->file, js->buf.buf, js->buf.len, js->err, sizeof js->err))
        return EXIT_FAILED;
    strbuf_reset(&js->buf);
    return 0;
}

/* Binds and writes one kernel (on the stream's thread). */
static int json_stream_one(struct json_stream *js, const struct an_kernel *ak)
{
    char err[4096];
    if (js->bind_err) /* counting goes on, for the checks after it */
        return 0;
    struct report_kernel *k = xmalloc(sizeof *k);
    report_kernel_init(k);
    if (bind_kernel(js->o, js->r, ak, k, err, sizeof err, &js->bind_status)) {
        js->bind_err = xstrdup(err);
        report_kernel_release(k);
        free(k);
        return 0;
    }
    report_render_json_kernel(k, js->nrendered++ == 0, &js->buf);
    if (js->o->no_plot) { /* nothing more needs it */
        report_kernel_release(k);
        free(k);
    } else {
        report_kernel_keep_picture(k);
        ALLOC_GROW(js->done, js->ndone + 1, js->done_alloc);
        js->done[js->ndone++] = k;
    }
    return js->buf.len >= JSON_STREAM_CHUNK ? json_stream_flush(js) : 0;
}

static void *json_stream_thread(void *arg)
{
    struct json_stream *js = arg;
    pthread_mutex_lock(&js->lock);
    for (;;) {
        while (!js->count && !js->finished)
            pthread_cond_wait(&js->changed, &js->lock);
        if (!js->count)
            break;
        const struct an_kernel *ak = js->queue[js->head];
        js->head = (js->head + 1) % JSON_STREAM_QUEUE;
        js->count--;
        pthread_cond_broadcast(&js->changed);
        bool failed = js->status != 0;
        pthread_mutex_unlock(&js->lock);
        int status = failed ? 0 : json_stream_one(js, ak);
        pthread_mutex_lock(&js->lock);
        if (status && !js->status)
            js->status = status;
    }
    pthread_mutex_unlock(&js->lock);
    return NULL;
}

/* threaded: bind and write on a thread of its own (worth it for many
 * kernels; a few are done on the caller's thread, without the thread's
 * stack and malloc arena). */
static int json_stream_open(struct json_stream *js, const struct analyze_opts *o,
                            const struct report *r, bool threaded)
{
    char err[512];
    js->o = o;
    js->r = r;
    if (o->output) {
        js->file = xmalloc(sizeof *js->file);
        if (fileio_out_open(js->file, o->output, err, sizeof err)) {
            cmd_say("analyze", "%s", err);
            free(js->file);
            js->file = NULL;
            return EXIT_FAILED;
        }
    }
    report_render_json_open(r, &js->buf);
    pthread_mutex_init(&js->lock, NULL);
    pthread_cond_init(&js->changed, NULL);
    js->running = threaded && pthread_create(&js->thread, NULL, json_stream_thread, js) == 0;
    return 0;
}

/* Hands a counted kernel over (it must stay alive until the stream is
 * closed or abandoned); 0, or the status of a failure to write (its
 * message in js->err). */
static int json_stream_kernel(struct json_stream *js, const struct an_kernel *ak)
{
    int status;
    if (!js->running) { /* no thread: done here */
        status = js->status ? js->status : json_stream_one(js, ak);
        js->status = status;
    } else {
        pthread_mutex_lock(&js->lock);
        while (js->count == JSON_STREAM_QUEUE && !js->status)
            pthread_cond_wait(&js->changed, &js->lock);
        status = js->status;
        if (!status) {
            js->queue[(js->head + js->count) % JSON_STREAM_QUEUE] = ak;
            js->count++;
            pthread_cond_broadcast(&js->changed);
        }
        pthread_mutex_unlock(&js->lock);
    }
    return status;
}

/* Waits for the thread to finish what it has. */
static void json_stream_join(struct json_stream *js)
{
    if (!js->running)
        return;
    pthread_mutex_lock(&js->lock);
    js->finished = true;
    pthread_cond_broadcast(&js->changed);
    pthread_mutex_unlock(&js->lock);
    pthread_join(js->thread, NULL);
    js->running = false;
    pthread_mutex_destroy(&js->lock);
    pthread_cond_destroy(&js->changed);
}

/* Writes the rest, puts the file in place, and gives the kernels to r
 * (after json_stream_join, with no failure pending). */
static int json_stream_close(struct json_stream *js, struct report *r)
{
    char err[512];
    for (size_t i = 0; i < js->ndone; i++) {
        report_adopt_kernel(r, js->done[i]);
        free(js->done[i]);
    }
    js->ndone = 0;
    report_render_json_close(r, js->nrendered, &js->buf);
    if (!js->file) {
        return cmd_write_stdout("analyze", js->buf.buf, js->buf.len);
    } else if (json_stream_flush(js)) {
        cmd_say("analyze", "%s", js->err);
        return EXIT_FAILED;
    } else if (fileio_out_commit(js->file, err, sizeof err)) {
        cmd_say("analyze", "%s", err);
        free(js->file);
        js->file = NULL;
        return EXIT_FAILED;
    } else {
        free(js->file);
        js->file = NULL;
    }
    return 0;
}

/* Gives up whatever was not closed (a no-op after json_stream_close, and
 * on a stream never opened). */
static void json_stream_abort(struct json_stream *js)
{
    json_stream_join(js);
    for (size_t i = 0; i < js->ndone; i++) {
        report_kernel_release(js->done[i]);
        free(js->done[i]);
    }
    free(js->done);
    js->done = NULL;
    js->ndone = 0;
    free(js->bind_err);
    js->bind_err = NULL;
    if (js->file) {
        fileio_out_abort(js->file);
        free(js->file);
        js->file = NULL;
    }
    strbuf_release(&js->buf);
}

/* A --param that no kernel has is a usage error, with the names there are
 * (used[i]: some kernel has binding i; names: every kernel's). */
static int check_bindings(const struct analyze_opts *o, const bool *used,
                          const struct strlist *names)
{
    for (size_t i = 0; i < o->nbindings; i++) {
        if (used[i])
            continue;
        struct strbuf sb = STRBUF_INIT;
        for (size_t j = 0; j < names->n; j++)
            strbuf_addf(&sb, "%s%s", j ? ", " : "", names->v[j]);
        cmd_say("analyze", "--param %s: no analyzed kernel has a parameter or symbol named %s; %s",
                cmd_shown(o->bindings[i].name), cmd_shown(o->bindings[i].name),
                names->n ? sb.buf : "they have none to bind");
        if (names->n)
            fprintf(stderr, "(the names above can be bound)\n");
        strbuf_release(&sb);
        return EXIT_USAGE;
    }
    return 0;
}

static int draw(const struct analyze_opts *o, const struct report *r)
{
    char err[1024];
    if (o->no_plot)
        return 0;
    char *path = o->plot ? xstrdup(o->plot) : default_plot_path(o->file);
    int status = 0;
    if (!r->has_machine) {
        fprintf(stderr, "roofline analyze: no picture: there is no machine model to draw "
                        "roofs from\n");
        status = o->plot ? EXIT_FAILED : 0;
    } else if (plot_render(r, path, NULL, err, sizeof err)) {
        cmd_say("analyze", "%s: no picture: %s", path, err);
        status = o->plot ? EXIT_FAILED : 0;
    } else {
        cmd_say(NULL, "picture written to %s", path);
    }
    free(path);
    return status;
}

static int analyze_main(int argc, char **argv)
{
    struct analyze_opts o;
    struct report r;
    struct an_session *s = NULL;
    struct an_kernel **ks = NULL;
    size_t nk = 0;
    struct strbuf out = STRBUF_INIT;
    struct progress *prog = NULL;
    char err[4096];
    int status = 0;

    memset(&o, 0, sizeof o);
    o.progress = -1;
    strlist_init(&o.kernels);
    strlist_init(&o.binding_names);
    strlist_init(&o.runs);
    measure_opts_init(&o.mopts);
    report_init(&r);

    status = parse_args(argc, argv, &o);
    if (status) {
        status = status < 0 ? EXIT_OK : status;
        goto out;
    }

    if ((status = check_outputs(&o, NULL)))
        goto out;
    struct an_options ao = {o.file, o.clang_args, o.nclang_args, o.compdb};
    bool show_progress = o.progress < 0 ? isatty(STDERR_FILENO) : o.progress;
    trace_phase("start");
    char *title = xasprintf("analyze: parsing %s", o.file);
    prog = progress_start(show_progress, title, 0);
    free(title);
    int parsed = an_session_new(&s, &ao, err, sizeof err);
    progress_stop(&prog);
    if (parsed == -ENOMEM) {
        cmd_say("analyze", "out of memory (%s): %s", memory_note, err);
        status = EXIT_FAILED;
        goto out;
    }
    if (parsed) {
        cmd_say("analyze", "%s", err);
        status = EXIT_FAILED;
        goto out;
    }
    if ((status = check_outputs(&o, s)))
        goto out;
    an_session_set_bindings(s, o.bindings, o.nbindings);
    const struct strlist *fns = an_session_functions(s);
    const struct strlist *sel = o.kernels.n ? &o.kernels : fns;
    for (size_t i = 0; i < sel->n; i++) {
        struct an_kernel *none;
        if (!strlist_has(fns, sel->v[i]) && an_kernel_new(s, sel->v[i], &none, err, sizeof err)) {
            cmd_say("analyze", "%s", err);
            status = EXIT_FAILED;
            goto out;
        }
    }
    if ((status = load_machine(&o, &r)))
        goto out;

    /* Each kernel is bound as soon as it is counted: a streamed JSON report
     * binds and writes it on its own thread while the next ones are
     * counted. What must see every kernel (a --param no kernel has, a
     * --per no kernel has) is checked after the last, and said before a
     * kernel's own failure to bind; the output is only kept when all is
     * well. (The counts are kept to the end: freeing them one by one left
     * the heap so fragmented that binding took 40% longer, for no lower
     * peak, which is reached when counting ends.) */
    struct json_stream js;
    memset(&js, 0, sizeof js);
    strbuf_init(&js.buf, 0);
    bool stream = o.fmt == FMT_JSON && !o.runs.n;
    bool *used = xcalloc(o.nbindings + 1, sizeof *used); /* --param i: some kernel has it */
    struct strlist names = STRLIST_INIT;    /* every kernel's names, for that message */
    struct strlist left_out = STRLIST_INIT; /* kernels without the names of --per */
    char *bind_err = NULL;                  /* the first failure to bind (not streamed) */
    int bind_status = 0;
    size_t ntake = 0;
    ks = xcalloc(sel->n + 1, sizeof *ks);
    if (stream && (status = json_stream_open(&js, &o, &r, sel->n >= JSON_STREAM_THREAD_FROM)))
        goto out_loop;
    prog = progress_start(show_progress, "analyze: counting kernels", sel->n);
    for (size_t i = 0; i < sel->n; i++) {
        progress_set(prog, i);
        if (an_kernel_new(s, sel->v[i], &ks[nk], err, sizeof err)) {
            progress_stop(&prog);
            cmd_say("analyze", "%s", err);
            status = EXIT_FAILED;
            goto out_loop;
        }
        struct an_kernel *ak = ks[nk++];
        for (size_t j = 0; j < o.nbindings; j++) {
            used[j] = used[j] || an_kernel_has_symbol(ak, o.bindings[j].name);
            if (an_kernel_check_binding(ak, &o.bindings[j], err, sizeof err)) {
                fprintf(stderr, "roofline analyze: %s\n", err);
                status = EXIT_USAGE;
                goto out_loop;
            }
        }
        if (o.nbindings)
            an_kernel_symbols(ak, &names);
        /* Without --kernel, --per applies to the kernels that have its
         * names; the others are left out, and said so. */
        if (o.per && !o.kernels.n && !an_kernel_accepts_per(ak, o.per)) {
            strlist_addf(&left_out, "%s left out: it has no names of --per %s", sel->v[i],
                         cmd_shown(o.per));
            continue;
        }
        ntake++;
        if (stream) {
            if ((status = json_stream_kernel(&js, ak))) {
                progress_stop(&prog);
                cmd_say("analyze", "%s", js.err);
                goto out_loop;
            }
        } else if (!bind_err) {
            if (bind_kernel(&o, &r, ak, report_add_kernel(&r), err, sizeof err, &bind_status))
                bind_err = xstrdup(err);
        }
    }
    progress_set(prog, sel->n);
    json_stream_join(&js);
    progress_stop(&prog);
    trace_phase(stream ? "count (bind, render beside)" : "count, bind");
    if (js.status) {
        cmd_say("analyze", "%s", js.err);
        status = js.status;
        goto out_loop;
    }
    if (js.bind_err) {
        bind_err = js.bind_err;
        bind_status = js.bind_status;
        js.bind_err = NULL;
    }
    const struct strlist *warn = an_session_warnings(s);
    /* A large file can cut hundreds of recursions: the first few are
     * shown, every one is in its kernel's inexact_because. */
    for (size_t i = 0; i < warn->n && i < MAX_WARNINGS_SHOWN; i++)
        cmd_say("analyze", "warning: %s", warn->v[i]);
    if (warn->n > MAX_WARNINGS_SHOWN)
        fprintf(stderr,
                "roofline analyze: warning: %zu more like these (see each kernel's "
                "inexact_because)\n",
                warn->n - MAX_WARNINGS_SHOWN);
    if ((status = check_bindings(&o, used, &names)))
        goto out_loop;
    if (nk && !ntake) {
        cmd_say("analyze", "--per %s: unknown name: no kernel in %s has it", cmd_shown(o.per),
                o.file);
        status = EXIT_USAGE;
        goto out_loop;
    }
    for (size_t i = 0; i < left_out.n; i++)
        cmd_say("analyze", "note: %s", left_out.v[i]);
    if (bind_err) {
        cmd_say("analyze", "%s", bind_err);
        status = bind_status;
        goto out_loop;
    }
    if (stream) {
        status = json_stream_close(&js, &r);
        trace_phase("write");
    }
out_loop:
    progress_stop(&prog);
    json_stream_abort(&js);
    free(used);
    free(bind_err);
    strlist_release(&names);
    strlist_release(&left_out);
    if (status)
        goto out;
    if ((status = attach_runs(&o, &r)))
        goto out;

    switch (stream ? FMT_NONE : o.fmt) {
    case FMT_NONE:
        break;
    case FMT_TEXT:
        report_render_text(&r, 80, &out);
        break;
    case FMT_JSON:
        report_render_json(&r, &out);
        break;
    case FMT_CSV:
        report_render_csv(&r, &out);
        break;
    }
    if (!stream) {
        trace_phase("render");
        if ((status = write_output(&o, &out)))
            goto out;
        trace_phase("write");
    }
    status = draw(&o, &r);
out:
    for (size_t i = 0; i < nk; i++)
        an_kernel_free(ks[i]);
    free(ks);
    an_session_free(s);
    trace_phase("free");
    report_release(&r);
    strbuf_release(&out);
    strlist_release(&o.kernels);
    strlist_release(&o.binding_names);
    strlist_release(&o.runs);
    free(o.bindings);
    return status;
}

struct analyze_job {
    int argc;
    char **argv;
    int status;
};

static void *analyze_thread(void *arg)
{
    struct analyze_job *job = arg;
    job->status = analyze_main(job->argc, job->argv);
    return NULL;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ROOFLINE_SHADOW_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ROOFLINE_SHADOW_SANITIZER 1
#endif
#endif

/* Before the message of running out of memory: no progress line under it
 * (the half-written -o file is common/cleanup's to remove). */
static void die_cleanup(void)
{
    progress_abandon();
}

/* A source that includes /dev/zero makes the parser read until memory runs
 * out: analyze caps its address space, by default at half the physical
 * memory and at most 8 GiB (the SQLite amalgamation needs about 600 MB;
 * measuring the machine on first use is lifted past it, see load_machine),
 * or at $ROOFLINE_MEMORY_LIMIT_MB (0: no cap). Not under AddressSanitizer
 * or ThreadSanitizer, whose shadow memory alone reserves terabytes. Running
 * out under the cap, or under a lower limit of the caller's (ulimit -v),
 * ends analyze with one message that says which limit it was (xalloc_die),
 * and no half-written report. Returns the limit in bytes, 0 for none. */
static unsigned long long cap_memory(void)
{
    struct rlimit rl;
    unsigned long long cap = 0;
    const char *why = NULL;
#ifndef ROOFLINE_SHADOW_SANITIZER
    const char *env = getenv("ROOFLINE_MEMORY_LIMIT_MB");
    if (env && *env) {
        cap = strtoull(env, NULL, 10) << 20;
        why = "from ROOFLINE_MEMORY_LIMIT_MB";
    } else {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        cap = pages > 0 && page > 0 ? (unsigned long long)pages * (unsigned long long)page / 2 : 0;
        if (cap > (8ULL << 30))
            cap = 8ULL << 30;
        why = "roofline analyze's own cap at half the memory, at most 8 GiB; "
              "ROOFLINE_MEMORY_LIMIT_MB changes it";
    }
#endif
    if (getrlimit(RLIMIT_AS, &rl) != 0)
        rl.rlim_cur = RLIM_INFINITY;
    if (cap && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > cap)) {
        rl.rlim_cur = cap;
        if (setrlimit(RLIMIT_AS, &rl) != 0)
            rl.rlim_cur = RLIM_INFINITY;
    } else if (rl.rlim_cur != RLIM_INFINITY) {
        why = "set before roofline started, as by ulimit -v";
    }
    if (rl.rlim_cur == RLIM_INFINITY)
        snprintf(memory_note, sizeof memory_note, "no limit set");
    else
        snprintf(memory_note, sizeof memory_note, "limit %llu MB of address space, %s",
                 (unsigned long long)rl.rlim_cur >> 20, why);
    xalloc_set_die("roofline analyze", memory_note, die_cleanup);
    return rl.rlim_cur == RLIM_INFINITY ? 0 : (unsigned long long)rl.rlim_cur;
}

/* The analysis runs on a thread with a large stack: libclang's parser and
 * the walker recurse as deep as the source nests. Under a limit too low to
 * reserve AN_STACK_BYTES, the stack takes a quarter of it, still far more
 * than the process stack. */
int cmd_analyze(int argc, char **argv)
{
    struct analyze_job job = {argc, argv, EXIT_FAILED};
    unsigned long long limit = cap_memory();
    size_t stack = AN_STACK_BYTES;
    if (limit && stack > limit / 4)
        stack = (size_t)(limit / 4);
    /* One malloc arena, grown 1 MiB at a time. A thread arena of its own
     * for the analysis thread cannot reserve another 64 MiB heap near an
     * address-space limit, and glibc tries that (a failed mmap) on every
     * allocation before it falls back to the main arena: 60,000 functions
     * under a 400 MB limit ran out after 41 s instead of 4 (545,000 failed
     * mmaps). Sharing the main arena with the JSON thread costs little: the
     * per-thread caches take most allocations (the same CPU time and
     * futex calls at 60,000 kernels). More pad costs memory: 16 MiB took 6
     * MB more at SQLite's peak. */
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TOP_PAD, 1 << 20);
    pthread_attr_t attr;
    pthread_t thread;
    if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, stack) == 0 &&
        pthread_create(&thread, &attr, analyze_thread, &job) == 0) {
        pthread_join(thread, NULL);
        trace_phase("exit");
        pthread_attr_destroy(&attr);
        return job.status;
    }
    return analyze_main(argc, argv); /* no thread: the process stack it is */
}
