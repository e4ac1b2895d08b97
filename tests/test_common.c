/* Unit tests of common/: atomic file writes (regular files, devices,
 * symlinks, directories; piece by piece), strbuf, strlist, strmap, intmap
 * and chunked. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/chunked.h"
#include "common/cleanup.h"
#include "common/fileio.h"
#include "common/intmap.h"
#include "common/strbuf.h"
#include "common/strlist.h"
#include "common/strmap.h"
#include "tests/check.h"

static void test_fileio(void)
{
    char dir[] = "/tmp/roofline-test-XXXXXX";
    char err[256], path[512], link[512];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    CHECK(fileio_write_atomic(path, "hello\n", 6, err, sizeof err) == 0);
    struct strbuf sb = STRBUF_INIT;
    CHECK(strbuf_read_file(&sb, path) == 0 && !strcmp(sb.buf, "hello\n"));

    /* /dev/null stays a device: written in place, never renamed over */
    CHECK(fileio_write_atomic("/dev/null", "x", 1, err, sizeof err) == 0);
    struct stat st;
    CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

    /* through a symlink the target is replaced and the link stays */
    snprintf(link, sizeof link, "%s/link.txt", dir);
    CHECK(symlink(path, link) == 0);
    CHECK(fileio_write_atomic(link, "again\n", 6, err, sizeof err) == 0);
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    strbuf_reset(&sb);
    CHECK(strbuf_read_file(&sb, path) == 0 && !strcmp(sb.buf, "again\n"));

    /* a directory is refused, and nothing is left behind */
    CHECK(fileio_write_atomic(dir, "x", 1, err, sizeof err) == -EISDIR);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/no/such/dir/f", dir);
    CHECK(fileio_write_atomic(missing, "x", 1, err, sizeof err) < 0);
    CHECK(strstr(err, missing) != NULL);

    unlink(link);
    unlink(path);
    CHECK(rmdir(dir) == 0); /* empty: no temporary files left */
    strbuf_release(&sb);
}

/* fileio_check_outputs: one inode under several names, names not yet
 * there, devices. */
static void test_check_outputs(void)
{
    char dir[] = "/tmp/roofline-test-XXXXXX";
    char err[512], in[600], hard[600], sym[600], absent[600], absent2[600];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(in, sizeof in, "%s/in.c", dir);
    snprintf(hard, sizeof hard, "%s/hard.c", dir);
    snprintf(sym, sizeof sym, "%s/sym.c", dir);
    snprintf(absent, sizeof absent, "%s/new.json", dir);
    snprintf(absent2, sizeof absent2, "%s/./new.json", dir);
    CHECK(fileio_write_atomic(in, "int x;\n", 7, err, sizeof err) == 0);
    CHECK(link(in, hard) == 0);
    CHECK(symlink("in.c", sym) == 0);
    const struct fileio_role ins[] = {{in, "the C file"}, {NULL, "nothing"}};

    const struct fileio_role o1[] = {{hard, "-o"}};
    CHECK(fileio_check_outputs(ins, 2, o1, 1, err, sizeof err) == -EEXIST);
    CHECK(strstr(err, "-o ") == err && strstr(err, "is the C file (") != NULL);
    const struct fileio_role o2[] = {{sym, "-o"}};
    CHECK(fileio_check_outputs(ins, 2, o2, 1, err, sizeof err) == -EEXIST);
    /* two outputs of one name that is not there yet */
    const struct fileio_role o3[] = {{absent, "-o"}, {absent2, "the picture"}};
    CHECK(fileio_check_outputs(ins, 2, o3, 2, err, sizeof err) == -EEXIST);
    CHECK(strstr(err, "the picture (") == err && strstr(err, "one output with another"));
    /* distinct names, devices, a directory that does not exist */
    const struct fileio_role o4[] = {{absent, "-o"},
                                     {"/dev/null", "--plot"},
                                     {"/dev/null", "--folded"},
                                     {"/no/such/dir/in.c", "-o"}};
    CHECK(fileio_check_outputs(ins, 2, o4, 4, err, sizeof err) == 0);
    const struct fileio_role devin[] = {{"/dev/null", "--machine"}};
    CHECK(fileio_check_outputs(devin, 1, o4, 2, err, sizeof err) == 0);

    unlink(sym);
    unlink(hard);
    unlink(in);
    CHECK(rmdir(dir) == 0);
}

/* cleanup: what is registered is undone by cleanup_run_now (the signal
 * handler's work); what was forgotten is not. */
static void test_cleanup(void)
{
    char dir[] = "/tmp/roofline-test-XXXXXX", file[600], inner[700], kept[600];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(file, sizeof file, "%s/file.tmp", dir);
    snprintf(kept, sizeof kept, "%s/kept", dir);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/private", dir);
    CHECK(mkdir(sub, 0700) == 0);
    snprintf(inner, sizeof inner, "%s/cg.1234", sub);
    char err[128];
    CHECK(fileio_write_atomic(file, "x", 1, err, sizeof err) == 0);
    CHECK(fileio_write_atomic(inner, "y", 1, err, sizeof err) == 0);
    CHECK(fileio_write_atomic(kept, "z", 1, err, sizeof err) == 0);
    int hf = cleanup_add_file(file), hd = cleanup_add_dir(sub), hk = cleanup_add_file(kept);
    CHECK(hf >= 0 && hd >= 0 && hk >= 0);
    cleanup_remove(hk);
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    CHECK(child > 0);
    setpgid(child, child);
    CHECK(cleanup_add_group(child) >= 0);
    cleanup_run_now();
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
          WTERMSIG(status) == SIGKILL);
    struct stat st;
    CHECK(stat(file, &st) < 0 && stat(sub, &st) < 0); /* removed, with its file */
    CHECK(stat(kept, &st) == 0);                      /* forgotten: left alone */
    /* Full: past CLEANUP_MAX, -ENOSPC, and a failed add can be removed. */
    int h[CLEANUP_MAX + 1];
    for (int i = 0; i <= CLEANUP_MAX; i++)
        h[i] = cleanup_add_file(kept);
    CHECK(h[CLEANUP_MAX - 1] >= 0 && h[CLEANUP_MAX] == -ENOSPC);
    for (int i = 0; i <= CLEANUP_MAX; i++)
        cleanup_remove(h[i]);
    CHECK(cleanup_add_file(kept) >= 0);
    cleanup_remove(0);
    for (int i = 0; i < CLEANUP_MAX; i++)
        cleanup_remove(i);
    unlink(kept);
    CHECK(rmdir(dir) == 0);
}

static void test_strings(void)
{
    struct strbuf sb = STRBUF_INIT;
    CHECK(sb.buf[0] == '\0' && sb.len == 0);
    for (int i = 0; i < 1000; i++)
        strbuf_addf(&sb, "%d,", i);
    CHECK(sb.len == strlen(sb.buf));
    size_t len;
    char *s = strbuf_detach(&sb, &len);
    CHECK(len > 3000 && sb.len == 0 && sb.buf[0] == '\0');
    free(s);

    struct strlist l = STRLIST_INIT;
    strlist_add_unique(&l, "b");
    strlist_add_unique(&l, "a");
    strlist_add_unique(&l, "b");
    strlist_addf(&l, "%s%d", "c", 3);
    strlist_sort(&l);
    CHECK(l.n == 3 && !strcmp(l.v[0], "a") && !strcmp(l.v[2], "c3"));
    strlist_release(&l);

    struct strmap m = STRMAP_INIT;
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        strmap_put(&m, key, i);
    }
    int v = -1;
    CHECK(strmap_get(&m, "k4321", &v) && v == 4321);
    CHECK(!strmap_get(&m, "k5000", NULL));
    strmap_put(&m, "k1", 7);
    CHECK(strmap_get(&m, "k1", &v) && v == 7 && m.count == 5000);
    strmap_release(&m);
}

/* chunked: indices across chunk boundaries, zeroed elements, and pointers
 * that stay where they were while the array grows. */
static void test_chunked(void)
{
    struct chunked c;
    chunked_init(&c, sizeof(long));
    long *first = NULL, *at1000 = NULL;
    for (long i = 0; i < 100000; i++) {
        long *e = chunked_push(&c);
        CHECK(*e == 0);
        *e = i * 3;
        if (i == 0)
            first = e;
        if (i == 1000)
            at1000 = e;
    }
    CHECK(c.n == 100000);
    CHECK(first == chunked_at(&c, 0) && *first == 0);
    CHECK(at1000 == chunked_at(&c, 1000) && *at1000 == 3000);
    int bad = 0;
    for (size_t i = 0; i < c.n; i++)
        bad += *(long *)chunked_at(&c, i) != (long)i * 3;
    CHECK(bad == 0);
    /* Either side of the first chunk boundary. */
    CHECK(*(long *)chunked_at(&c, 63) == 189 && *(long *)chunked_at(&c, 64) == 192);
    chunked_release(&c);
    CHECK(c.n == 0);
}

/* fileio_out: a file written in pieces appears whole at commit, and an
 * abandoned one leaves nothing. */
static void test_fileio_out(void)
{
    char dir[] = "/tmp/rl-common-out.XXXXXX";
    char err[256];
    CHECK(mkdtemp(dir) != NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    struct fileio_out o;
    CHECK(fileio_out_open(&o, path, err, sizeof err) == 0);
    CHECK(fileio_out_write(&o, "hello ", 6, err, sizeof err) == 0);
    CHECK(access(path, F_OK) != 0); /* not there until committed */
    CHECK(fileio_out_write(&o, "world\n", 6, err, sizeof err) == 0);
    CHECK(fileio_out_commit(&o, err, sizeof err) == 0);
    FILE *f = fopen(path, "r");
    char buf[64] = "";
    CHECK(f && fgets(buf, sizeof buf, f));
    if (f)
        fclose(f);
    CHECK(!strcmp(buf, "hello world\n"));
    /* Abandoned: the old file stays as it was, no temporary is left. */
    CHECK(fileio_out_open(&o, path, err, sizeof err) == 0);
    CHECK(fileio_out_write(&o, "partial", 7, err, sizeof err) == 0);
    fileio_out_abort(&o);
    f = fopen(path, "r");
    CHECK(f && fgets(buf, sizeof buf, f));
    if (f)
        fclose(f);
    CHECK(!strcmp(buf, "hello world\n"));
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A %s)\" = out.txt", dir);
    CHECK(system(cmd) == 0);
    /* A write that fails (a full device) says so. */
    CHECK(fileio_out_open(&o, "/dev/full", err, sizeof err) == 0);
    CHECK(fileio_out_write(&o, "x", 1, err, sizeof err) < 0 && strstr(err, "/dev/full"));
    fileio_out_abort(&o);
    unlink(path);
    rmdir(dir);
}

static void test_intmap(void)
{
    struct intmap m = INTMAP_INIT;
    int v = 0;
    CHECK(!intmap_get(&m, 7, &v));
    for (uint64_t k = 1; k <= 5000; k++)
        CHECK(intmap_put(&m, k * 0x100000001ULL, (int)k));
    CHECK(m.count == 5000);
    CHECK(intmap_get(&m, 4321 * 0x100000001ULL, &v) && v == 4321);
    CHECK(!intmap_get(&m, 5001 * 0x100000001ULL, NULL));
    CHECK(!intmap_put(&m, 0x100000001ULL, 9)); /* there already: replaced */
    CHECK(intmap_get(&m, 0x100000001ULL, &v) && v == 9 && m.count == 5000);
    intmap_release(&m);
    CHECK(!intmap_get(&m, 1, NULL));
}

/* Input files: read whole up to a limit, and only regular ones (a FIFO is
 * refused without blocking, /dev/zero without reading). */
static void test_read_input(void)
{
    char dir[] = "/tmp/roofline-test-XXXXXX";
    char why[128], path[512], fifo[512], text[32];
    struct strbuf sb = STRBUF_INIT;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/in.json", dir);
    CHECK(fileio_write_atomic(path, "0123456789", 10, why, sizeof why) == 0);
    CHECK(fileio_read_input(path, 10, &sb, why, sizeof why) == 0 && !strcmp(sb.buf, "0123456789"));
    strbuf_reset(&sb);
    CHECK(fileio_read_input(path, 0, &sb, why, sizeof why) == 0 && sb.len == 10);
    strbuf_reset(&sb);
    CHECK(fileio_read_input(path, 9, &sb, why, sizeof why) == -EFBIG);
    CHECK(!strcmp(why, "larger than the limit of 9 bytes"));
    CHECK(fileio_check_input(path, 9, why, sizeof why) == -EFBIG);
    CHECK(fileio_read_input(dir, 0, &sb, why, sizeof why) == -EISDIR);
    CHECK(!strcmp(why, "is a directory"));
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(fileio_read_input(fifo, 0, &sb, why, sizeof why) == -EINVAL);
    CHECK(!strcmp(why, "not a regular file"));
    CHECK(fileio_read_input("/dev/zero", 0, &sb, why, sizeof why) == -EINVAL);
    CHECK(fileio_check_input("/dev/null", 0, why, sizeof why) == -EINVAL);
    CHECK(fileio_read_input("/nonexistent/x", 0, &sb, why, sizeof why) == -ENOENT);
    CHECK(!strcmp(why, strerror(ENOENT)));
    fileio_size_text((size_t)16 << 20, text, sizeof text);
    CHECK(!strcmp(text, "16 MiB"));
    fileio_size_text((size_t)1 << 30, text, sizeof text);
    CHECK(!strcmp(text, "1 GiB"));
    fileio_size_text(1000, text, sizeof text);
    CHECK(!strcmp(text, "1000 bytes"));
    CHECK(sb.len == 0); /* nothing read from what was refused */
    unlink(fifo);
    unlink(path);
    CHECK(rmdir(dir) == 0);
    strbuf_release(&sb);
}

/* Values echoed in messages: one line, no terminal controls, cut. */
static void test_shown(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_add_shown(&sb, "plain text", 80);
    CHECK(!strcmp(sb.buf, "plain text"));
    strbuf_reset(&sb);
    strbuf_add_shown(&sb, "a\nb\tc\rd\x1b[31me\x7f", 80);
    CHECK(!strcmp(sb.buf, "a\\nb\\tc\\rd\\x1b[31me\\x7f"));
    strbuf_reset(&sb);
    strbuf_add_shown(&sb,
                     "\xc2\x9b"
                     "2J \x9b"
                     "x \xc3\xa9",
                     80); /* C1 CSI, raw and UTF-8; e-acute */
    CHECK(!strcmp(sb.buf, "\\u009b2J \\x9bx \xc3\xa9"));
    strbuf_reset(&sb);
    strbuf_add_shown(&sb, "abcdef", 3);
    CHECK(!strcmp(sb.buf, "abc..."));
    strbuf_reset(&sb);
    strbuf_add_shown(&sb, "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93", 2); /* fullwidth 123: not split */
    CHECK(!strcmp(sb.buf, "\xef\xbc\x91\xef\xbc\x92..."));
    strbuf_reset(&sb);
    strbuf_add_shown(&sb, "abc", 3);
    CHECK(!strcmp(sb.buf, "abc"));
    strbuf_release(&sb);
}

int main(void)
{
    test_shown();
    test_read_input();
    test_fileio();
    test_fileio_out();
    test_check_outputs();
    test_cleanup();
    test_strings();
    test_chunked();
    test_intmap();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("common unit tests passed\n");
    return 0;
}
