/* perf: counting a child with perf_event_open. Event names are perf's
 * generic names (a table below) or, where no generic event exists, libpfm4
 * event strings resolved with pfm_get_os_event_encoding. Events are opened
 * in groups on the child before it execs (enable_on_exec, inherited by its
 * children), user space only, and scaled by time_enabled / time_running
 * when the kernel multiplexed them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <perfmon/pfmlib_perf_event.h>

#include "measure/measure_internal.h"

#define CACHE_EV(cache, op, result)                                                                \
    ((cache) | ((PERF_COUNT_HW_CACHE_OP_##op) << 8) | ((PERF_COUNT_HW_CACHE_RESULT_##result) << 16))

/* perf's generic event names (as `perf list` spells them). */
static const struct generic_event {
    const char *name;
    unsigned type;
    unsigned long long config;
} generic_events[] = {
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"L1-dcache-loads", PERF_TYPE_HW_CACHE, CACHE_EV(PERF_COUNT_HW_CACHE_L1D, READ, ACCESS)},
    {"L1-dcache-load-misses", PERF_TYPE_HW_CACHE, CACHE_EV(PERF_COUNT_HW_CACHE_L1D, READ, MISS)},
    {"L1-dcache-stores", PERF_TYPE_HW_CACHE, CACHE_EV(PERF_COUNT_HW_CACHE_L1D, WRITE, ACCESS)},
    {"LLC-loads", PERF_TYPE_HW_CACHE, CACHE_EV(PERF_COUNT_HW_CACHE_LL, READ, ACCESS)},
    {"LLC-load-misses", PERF_TYPE_HW_CACHE, CACHE_EV(PERF_COUNT_HW_CACHE_LL, READ, MISS)},
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {"cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK},
    {"context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
};

static int pfm_state; /* 0 not tried, 1 initialised, -1 failed */

/* Fills attr for name; 0, or -ENOENT when neither table nor libpfm4 knows
 * it. */
static int resolve(const char *name, struct perf_event_attr *attr, char *err, size_t errlen)
{
    memset(attr, 0, sizeof *attr);
    for (size_t i = 0; i < sizeof generic_events / sizeof generic_events[0]; i++) {
        if (!strcmp(generic_events[i].name, name)) {
            attr->type = generic_events[i].type;
            attr->config = generic_events[i].config;
            goto found;
        }
    }
    if (pfm_state == 0)
        pfm_state = pfm_initialize() == PFM_SUCCESS ? 1 : -1;
    if (pfm_state < 0) {
        snprintf(err, errlen, "%s: not a generic event and libpfm4 could not initialise", name);
        return -ENOENT;
    }
    pfm_perf_encode_arg_t arg;
    memset(&arg, 0, sizeof arg);
    arg.attr = attr;
    arg.size = sizeof arg;
    int r = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT, &arg);
    if (r != PFM_SUCCESS) {
        snprintf(err, errlen, "%s: libpfm4 cannot encode it on this machine: %s", name,
                 pfm_strerror(r));
        return -ENOENT;
    }
found:
    attr->size = sizeof *attr;
    attr->exclude_kernel = 1;
    attr->exclude_hv = 1;
    attr->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    return 0;
}

static const char *open_error(int e)
{
    switch (e) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV:
        return "not supported by this machine (no hardware counters, e.g. under a hypervisor)";
    case EACCES:
    case EPERM:
        return "permission denied (see /proc/sys/kernel/perf_event_paranoid)";
    default:
        return strerror(e);
    }
}

int measure_perf_probe(const char *event, char *err, size_t errlen)
{
    struct perf_event_attr attr;
    int ret = resolve(event, &attr, err, errlen);
    if (ret < 0)
        return ret;
    attr.disabled = 1;
    int fd = perf_event_open(&attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "perf_event_open %s: %s", event, open_error(e));
        return e == ENOENT || e == EOPNOTSUPP || e == ENODEV ? -ENOTSUP : -e;
    }
    close(fd);
    return 0;
}

bool measure_perf_scale(unsigned long long value, unsigned long long enabled,
                        unsigned long long running, double *out)
{
    if (running == 0)
        return false;
    *out = running >= enabled ? (double)value : (double)value * ((double)enabled / running);
    return true;
}

struct perf_run {
    struct measure_perf_event *ev;
    size_t nev;
    int *fd;
};

static int open_on_child(pid_t pid, void *data, char *err, size_t errlen)
{
    struct perf_run *pr = data;
    (void)err;
    (void)errlen;
    for (size_t i = 0; i < pr->nev; i++) {
        struct measure_perf_event *e = &pr->ev[i];
        struct perf_event_attr attr;
        int leader = -1;
        /* The leader of e's group: the first earlier event of it that opened. */
        for (size_t j = 0; j < i; j++)
            if (pr->ev[j].group == e->group && pr->fd[j] >= 0) {
                leader = pr->fd[j];
                break;
            }
        if (resolve(e->name, &attr, e->why, sizeof e->why) < 0)
            continue;
        attr.disabled = leader < 0;
        attr.enable_on_exec = leader < 0;
        attr.inherit = 1;
        pr->fd[i] = perf_event_open(&attr, pid, -1, leader, PERF_FLAG_FD_CLOEXEC);
        if (pr->fd[i] < 0)
            snprintf(e->why, sizeof e->why, "perf_event_open %s: %s", e->name, open_error(errno));
    }
    return 0;
}

int measure_perf_run(char *const argv[], double timeout_s, struct measure_perf_event *ev,
                     size_t nev, struct proc *c, char *err, size_t errlen)
{
    int fds[64];
    struct perf_run pr = {ev, nev, fds};
    int ret;

    if (nev > sizeof fds / sizeof fds[0]) {
        snprintf(err, errlen, "too many events (%zu)", nev);
        return -EINVAL;
    }
    for (size_t i = 0; i < nev; i++) {
        fds[i] = -1;
        ev[i].counted = false;
        ev[i].value = 0;
        ev[i].running_ratio = 0;
        ev[i].why[0] = '\0';
    }
    struct proc_opts po = {
        .timeout_s = timeout_s, .before_exec = open_on_child, .data = &pr, .reap_orphans = true};
    ret = proc_run(argv, &po, c, err, errlen);
    for (size_t i = 0; i < nev; i++) {
        if (fds[i] < 0)
            continue;
        unsigned long long buf[3];
        ssize_t n = read(fds[i], buf, sizeof buf);
        if (n != (ssize_t)sizeof buf) {
            snprintf(ev[i].why, sizeof ev[i].why, "cannot read %s: %s", ev[i].name,
                     n < 0 ? strerror(errno) : "short read");
        } else if (!measure_perf_scale(buf[0], buf[1], buf[2], &ev[i].value)) {
            snprintf(ev[i].why, sizeof ev[i].why,
                     "%s never ran (the PMU had no room for its group)", ev[i].name);
        } else {
            ev[i].counted = true;
            ev[i].running_ratio = buf[1] ? (double)buf[2] / (double)buf[1] : 1.0;
        }
        close(fds[i]);
    }
    return ret;
}
