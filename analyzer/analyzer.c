/* analyzer: parsing a C file with libclang, the session's symbol and object
 * tables, and counting kernels. */
#include "analyzer/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "common/trace.h"
#include "common/xalloc.h"

void an_memo_release_all(struct an_session *s);

int an_sym_get(struct an_session *s, enum an_sym_kind kind, const char *key, const char *name)
{
    int id;
    if (strmap_get(&s->symmap, key, &id))
        return id;
    id = (int)s->syms.n;
    struct an_symbol *sym = chunked_push(&s->syms);
    sym->kind = kind;
    sym->name = xstrdup(name);
    poly_init(&sym->def);
    sym->name_id = an_name_id(s, name);
    if (!strcmp(key, name)) /* as the symbol map finds it by name */
        ((struct an_name *)chunked_at(&s->names, (size_t)sym->name_id))->sym = id;
    strmap_put(&s->symmap, key, id);
    return id;
}

/* Called on the binding thread too: reads only the symbol's own entry. */
const char *an_sym_name(int var, void *session)
{
    struct an_session *s = session;
    if (var < 0)
        return "?";
    return an_sym(s, var)->name;
}

int an_name_id(struct an_session *s, const char *name)
{
    int id;
    if (strmap_get(&s->namemap, name, &id))
        return id;
    id = (int)s->names.n;
    struct an_name *e = chunked_push(&s->names);
    e->str = xstrdup(name);
    e->sym = -1;
    strmap_put(&s->namemap, name, id);
    return id;
}

void an_name_set_group(struct an_session *s, int id, const int *syms, size_t n)
{
    struct an_name *e = chunked_at(&s->names, (size_t)id);
    if (e->group)
        return;
    e->group = xcalloc(n + 1, sizeof *e->group);
    memcpy(e->group, syms, n * sizeof *syms);
    e->ngroup = n;
}

int an_sym_ceil(struct an_session *s, const struct poly *def, int64_t div)
{
    struct strbuf name = STRBUF_INIT, key = STRBUF_INIT;
    strbuf_addstr(&name, "ceil((");
    poly_format(def, an_sym_name, s, &name);
    strbuf_addf(&name, ")/%lld)", (long long)div);
    /* Keyed by the symbols themselves: two functions' parameters named
     * n are two symbols, and so are their ceil(n/4). */
    strbuf_addf(&key, "ceil/%lld", (long long)div);
    for (size_t i = 0; i < def->n; i++) {
        strbuf_addf(&key, "|%lld/%lld", (long long)def->t[i].c.n, (long long)def->t[i].c.d);
        for (int j = 0; j < def->t[i].nv; j++)
            strbuf_addf(&key, ",%d^%d", def->t[i].var[j], def->t[i].exp[j]);
    }
    int id = an_sym_get(s, SYM_CEIL, key.buf, name.buf);
    strbuf_release(&key);
    struct an_symbol *sym = an_sym(s, id);
    if (poly_is_zero(&sym->def)) {
        poly_copy(&sym->def, def);
        sym->div = div;
    }
    strbuf_release(&name);
    return id;
}

int an_obj_get(struct an_session *s, enum an_obj_kind kind, const char *key, const char *name,
               double size)
{
    int id;
    if (strmap_get(&s->objmap, key, &id))
        return id;
    id = (int)s->objs.n;
    struct an_object *o = chunked_push(&s->objs);
    o->kind = kind;
    o->name = xstrdup(name);
    o->size = size;
    strmap_put(&s->objmap, key, id);
    return id;
}

/* Flags of a compile database entry that make a parse write files or load
 * code (a dependency file, an object, a trace, diagnostics, a plugin): left
 * out, as clang's tooling does for every tool that reads a database
 * (ArgumentsAdjusters.cpp: the strip-output, strip-dependency-file and
 * strip-plugins adjusters; clangd's CommandMangler). */
static const struct strip_flag {
    const char *flag;
    enum { STRIP_EXACT, STRIP_PREFIX } match;
    int takes; /* separate arguments it takes (when matched exactly) */
} strip_flags[] = {
    {"-o", STRIP_EXACT, 1},
    {"-o", STRIP_PREFIX, 0}, /* -ofile */
    {"-MF", STRIP_EXACT, 1},
    {"-MT", STRIP_EXACT, 1},
    {"-MQ", STRIP_EXACT, 1},
    {"-MJ", STRIP_EXACT, 1},
    {"-M", STRIP_PREFIX, 0},     /* -M -MM -MD -MMD -MG -MP -MV, -MFfile ... */
    {"-Wp,-M", STRIP_PREFIX, 0}, /* -Wp,-MMD,dep.d (Linux's kbuild) */
    {"--serialize-diagnostics", STRIP_EXACT, 1},
    {"--serialize-diagnostics=", STRIP_PREFIX, 0},
    {"-ftime-trace", STRIP_PREFIX, 0}, /* and -ftime-trace=, -ftime-trace-granularity= */
    {"-save-temps", STRIP_PREFIX, 0},
    {"-save-stats", STRIP_PREFIX, 0},
    {"-fsave-optimization-record", STRIP_PREFIX, 0},
    {"-foptimization-record-file=", STRIP_PREFIX, 0},
    {"-fprofile-instr-generate", STRIP_PREFIX, 0},
    {"-fprofile-generate", STRIP_PREFIX, 0},
    {"-fcs-profile-generate", STRIP_PREFIX, 0},
    {"-fdump-", STRIP_PREFIX, 0},
    {"-fplugin=", STRIP_PREFIX, 0},
    {"-fpass-plugin=", STRIP_PREFIX, 0},
    {"-c", STRIP_EXACT, 0},
    {"-S", STRIP_EXACT, 0},
    {"-E", STRIP_EXACT, 0},
    {"-###", STRIP_EXACT, 0}, /* prints the jobs instead of running one: no parse */
    {"--", STRIP_EXACT, 0},
};

/* Frontend (-Xclang) options that load code or write files; value: the
 * option is whole and its value follows behind a second -Xclang
 * ("-Xclang -load -Xclang lib.so"), else it is a prefix holding its value. */
static const struct {
    const char *opt;
    bool value;
} strip_xclang[] = {
    {"-load", true},
    {"-plugin", true},
    {"-add-plugin", true},
    {"-plugin-arg-", false},
    {"-dependency-file", true},
    {"-dependency-dot", true},
    {"-header-include-file", true},
    {"-stats-file=", false},
};

/* How many arguments from args[i] on are left out (0: keep args[i]). */
static unsigned compdb_strip(const char *const *args, unsigned i, unsigned n)
{
    const char *a = args[i];
    if (!strcmp(a, "-Xclang") && i + 1 < n) {
        for (size_t k = 0; k < sizeof strip_xclang / sizeof *strip_xclang; k++) {
            const char *opt = strip_xclang[k].opt;
            bool match = strip_xclang[k].value ? !strcmp(args[i + 1], opt)
                                               : !strncmp(args[i + 1], opt, strlen(opt));
            if (!match)
                continue;
            unsigned skip = 2;
            if (strip_xclang[k].value && i + 3 < n && !strcmp(args[i + 2], "-Xclang"))
                skip = 4;
            return skip < n - i ? skip : n - i;
        }
        return 0;
    }
    for (size_t k = 0; k < sizeof strip_flags / sizeof *strip_flags; k++) {
        const struct strip_flag *f = &strip_flags[k];
        if (f->match == STRIP_EXACT && !strcmp(a, f->flag)) {
            unsigned skip = 1 + (unsigned)f->takes;
            return skip < n - i ? skip : n - i;
        }
        if (f->match == STRIP_PREFIX && !strncmp(a, f->flag, strlen(f->flag)) &&
            !(f->flag[1] == 'o' && !f->flag[2] && !strncmp(a, "-obj", 4)))
            return 1;
    }
    return 0;
}

/* libclang writes to stderr itself (its crash report; the compilation
 * database's complaints): held aside while it works, so that a failure is
 * one message of ours, which may quote a line of what was held. */
struct held_stderr {
    FILE *f;
    int saved; /* the real stderr, or -1 */
};

static void stderr_hold(struct held_stderr *h)
{
    h->f = tmpfile();
    h->saved = h->f ? dup(2) : -1;
    if (h->saved >= 0)
        dup2(fileno(h->f), 2);
}

/* What was held goes to said (as much as fits). */
static void stderr_release(struct held_stderr *h, char *said, size_t saidlen)
{
    size_t n = 0;
    if (h->saved >= 0) {
        fflush(stderr);
        dup2(h->saved, 2);
        close(h->saved);
        rewind(h->f);
        n = fread(said, 1, saidlen - 1, h->f);
    }
    said[n] = '\0';
    if (h->f)
        fclose(h->f);
}

/* The line of text that starts with prefix (NULL: the first line), without
 * the prefix, cut at its end in place; "" when there is none. */
static const char *held_line(char *text, const char *prefix)
{
    char *line = text;
    if (prefix) {
        line = strstr(text, prefix);
        if (!line)
            return "";
        line += strlen(prefix);
    }
    line[strcspn(line, "\n")] = '\0';
    return line;
}

/* The most of a compilation database read: far above a real project's. */
#define COMPDB_MAX_BYTES ((size_t)1 << 30)

/* The databases libclang reads in DIR (compile_commands.json, else
 * compile_flags.txt) must be regular files of at most COMPDB_MAX_BYTES: a
 * FIFO there would block the load, a device would be read without end. */
static int check_databases(const char *dir, char *err, size_t errlen)
{
    static const char *const names[] = {"compile_commands.json", "compile_flags.txt"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        char why[128];
        int ret = fileio_check_input(path, COMPDB_MAX_BYTES, why, sizeof why);
        if (ret && ret != -ENOENT)
            snprintf(err, errlen, "%s: %s", path, why);
        free(path);
        if (ret != -ENOENT)
            return ret;
    }
    return 0; /* neither is there: libclang says so */
}

/* Arguments from DIR/compile_commands.json for file, without the compiler,
 * the file itself and the flags that write or load (strip_flags); plus
 * -working-directory. */
static int compdb_args(const char *dir, const char *file, struct strlist *args, char *err,
                       size_t errlen)
{
    CXCompilationDatabase_Error dberr;
    int ret = check_databases(dir, err, errlen);
    if (ret)
        return ret;
    /* The database (a FIFO put there since the check) and the response
     * files (@FILE) its entries name are read under the input guard. */
    char refused[512], said[1024];
    const char *kind;
    struct held_stderr held;
    stderr_hold(&held);
    an_input_guard_begin();
    CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(dir, &dberr);
    char *abs = realpath(file, NULL);
    CXCompileCommands cmds =
        db ? clang_CompilationDatabase_getCompileCommands(db, abs ? abs : file) : NULL;
    unsigned n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
    bool was_refused = an_input_guard_end(refused, sizeof refused, &kind);
    stderr_release(&held, said, sizeof said);
    if (was_refused) {
        snprintf(err, errlen, "%s: not a regular file (%s), read for %s/compile_commands.json",
                 refused, kind, dir);
        ret = -EINVAL;
        goto out;
    }
    if (dberr != CXCompilationDatabase_NoError || !db) {
        /* libclang's reason: one line per kind of database it tried */
        const char *why = held_line(said, "json-compilation-database: ");
        snprintf(err, errlen,
                 "%s/compile_commands.json: cannot load the compilation database%s%s%s", dir,
                 *why ? " (" : "", why, *why ? ")" : "");
        ret = -ENOENT;
        goto out;
    }
    if (n == 0) {
        snprintf(err, errlen, "%s: no entry in %s/compile_commands.json", file, dir);
        ret = -ENOENT;
        goto out;
    }
    CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, 0);
    CXString wd = clang_CompileCommand_getDirectory(cmd);
    char *wdarg = xasprintf("-working-directory=%s", clang_getCString(wd));
    strlist_add(args, wdarg);
    free(wdarg);
    clang_disposeString(wd);
    unsigned na = clang_CompileCommand_getNumArgs(cmd);
    CXString *raw = xcalloc(na + 1, sizeof *raw);
    const char **argv = xcalloc(na + 1, sizeof *argv);
    for (unsigned i = 0; i < na; i++) {
        raw[i] = clang_CompileCommand_getArg(cmd, i);
        argv[i] = clang_getCString(raw[i]);
    }
    const char *fbase = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    for (unsigned i = 1; i < na;) {
        unsigned skip = compdb_strip(argv, i, na);
        if (skip) {
            i += skip;
            continue;
        }
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        if (strcmp(base, fbase) != 0)
            strlist_add(args, argv[i]);
        i++;
    }
    for (unsigned i = 0; i < na; i++)
        clang_disposeString(raw[i]);
    free(raw);
    free(argv);
out:
    if (cmds)
        clang_CompileCommands_dispose(cmds);
    if (db)
        clang_CompilationDatabase_dispose(db);
    free(abs);
    return ret;
}

static enum CXChildVisitResult find_functions(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct an_session *s = data;
    if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
        clang_Location_isFromMainFile(clang_getCursorLocation(c))) {
        char *name = an_cursor_spelling(c);
        if (!strmap_get(&s->fnmap, name, NULL)) {
            strmap_put(&s->fnmap, name, (int)s->functions.n);
            strlist_add(&s->functions, name);
            s->fn_cursors = xrealloc(s->fn_cursors, s->functions.n * sizeof *s->fn_cursors);
            s->fn_cursors[s->functions.n - 1] = c;
        }
        free(name);
    }
    return CXChildVisit_Continue;
}

/* The first error clang reported, as "file:line:col: error: message"; one
 * without a place (a runaway #include) is put on the analyzed file. */
static bool first_error(CXTranslationUnit tu, const char *file, char *err, size_t errlen)
{
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            CXString msg = clang_getDiagnosticSpelling(d);
            CXFile where = NULL;
            unsigned line = 0, col = 0;
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &where, &line, &col, NULL);
            CXString wname = clang_getFileName(where);
            const char *wn = where ? clang_getCString(wname) : NULL;
            if (wn && line)
                snprintf(err, errlen, "%s:%u:%u: error: %s", wn, line, col, clang_getCString(msg));
            else
                snprintf(err, errlen, "%s: error: %s", file, clang_getCString(msg));
            clang_disposeString(wname);
            clang_disposeString(msg);
            clang_disposeDiagnostic(d);
            return true;
        }
        clang_disposeDiagnostic(d);
    }
    return false;
}

/* clang says "cannot open file 'X': No such device or address" of what the
 * input guard refused: say what X is instead. */
static void explain_refused(char *err, size_t errlen, const char *kind)
{
    const char *enxio = strerror(ENXIO);
    char *at = strstr(err, enxio);
    if (!at)
        return;
    char *rest = xstrdup(at + strlen(enxio));
    snprintf(at, errlen - (size_t)(at - err), "not a regular file (%s)%s", kind, rest);
    free(rest);
}

int an_session_new(struct an_session **out, const struct an_options *o, char *err, size_t errlen)
{
    int ret = 0;
    struct an_session *s = xcalloc(1, sizeof *s);
    struct strlist args = STRLIST_INIT;
    const char **argv = NULL;
    struct stat st;

    strlist_init(&s->functions);
    strlist_init(&s->warnings);
    strlist_init(&s->stack);
    strmap_init(&s->onstack);
    strmap_init(&s->symmap);
    strmap_init(&s->fnmap);
    strmap_init(&s->namemap);
    strmap_init(&s->objmap);
    strmap_init(&s->memomap);
    chunked_init(&s->syms, sizeof(struct an_symbol));
    chunked_init(&s->objs, sizeof(struct an_object));
    chunked_init(&s->memo, sizeof(struct an_memo));
    chunked_init(&s->names, sizeof(struct an_name));
    chunked_init(&s->terms, sizeof(struct an_pooled));
    intmap_init(&s->termidx);
    s->file = xstrdup(o->file);

    if (stat(o->file, &st) < 0) {
        snprintf(err, errlen, "%s: %s", o->file, strerror(errno));
        ret = -ENOENT;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", o->file);
        ret = -EINVAL;
        goto out;
    }
    strlist_add(&args, "-xc");
    if (*ROOFLINE_CLANG_RESOURCE_DIR) {
        strlist_add(&args, "-isystem");
        strlist_add(&args, ROOFLINE_CLANG_RESOURCE_DIR "/include");
    }
    if (o->compdb_dir) {
        ret = compdb_args(o->compdb_dir, o->file, &args, err, errlen);
        if (ret)
            goto out;
    }
    for (size_t i = 0; i < o->nclang_args; i++)
        strlist_add(&args, o->clang_args[i]);
    argv = xcalloc(args.n + 1, sizeof *argv);
    for (size_t i = 0; i < args.n; i++)
        argv[i] = args.v[i];

    /* Parse on the caller's thread (whose stack the caller sized, see
     * AN_STACK_BYTES) rather than on libclang's own 8 MiB one. */
    setenv("LIBCLANG_NOTHREADS", "1", 1);
    an_walk_reset();
    s->index = clang_createIndex(0, 0);
    struct held_stderr held;
    stderr_hold(&held);
    an_input_guard_begin();
    enum CXErrorCode ec = clang_parseTranslationUnit2(s->index, o->file, argv, (int)args.n, NULL, 0,
                                                      CXTranslationUnit_KeepGoing, &s->tu);
    char refused[512];
    const char *refused_kind = NULL;
    bool was_refused = an_input_guard_end(refused, sizeof refused, &refused_kind);
    char held_text[1024];
    stderr_release(&held, held_text, sizeof held_text);
    const char *said = held_line(held_text, NULL);
    /* LLVM says "LLVM ERROR: out of memory" or lets std::bad_alloc escape. */
    if (ec == CXError_Crashed && (strstr(said, "out of memory") || strstr(said, "bad_alloc"))) {
        snprintf(err, errlen, "%s: libclang ran out of memory parsing it (%s)", o->file, said);
        ret = -ENOMEM;
        goto out;
    }
    if (ec == CXError_Crashed) {
        snprintf(err, errlen, "%s: libclang gave up parsing (%s): it ran out of memory or crashed",
                 o->file, *said ? said : "no reason given");
        ret = -EINVAL;
        goto out;
    }
    if ((ec != CXError_Success || !s->tu) && was_refused) { /* -include FIFO, @FIFO */
        snprintf(err, errlen, "%s: cannot read %s: not a regular file (%s)", o->file, refused,
                 refused_kind);
        ret = -EINVAL;
        goto out;
    }
    if (ec != CXError_Success || !s->tu) {
        snprintf(err, errlen, "%s: libclang could not parse the file (error %d)", o->file, (int)ec);
        ret = -EINVAL;
        goto out;
    }
    trace_phase("parse");
    if (first_error(s->tu, o->file, err, errlen)) {
        if (was_refused)
            explain_refused(err, errlen, refused_kind);
        ret = -EINVAL;
        goto out;
    }
    clang_visitChildren(clang_getTranslationUnitCursor(s->tu), find_functions, s);
    if (s->functions.n == 0) {
        snprintf(err, errlen, "%s: no function definitions to analyze", o->file);
        ret = -ENOENT;
        goto out;
    }
out:
    free(argv);
    s->args = args; /* kept for a second parse (omp.c) */
    if (ret) {
        an_session_free(s);
        s = NULL;
    }
    *out = s;
    return ret;
}

void an_session_free(struct an_session *s)
{
    if (!s)
        return;
    an_memo_release_all(s);
    an_walk_reset();
    an_omp_free(s->omp);
    strlist_release(&s->args);
    if (s->tu)
        clang_disposeTranslationUnit(s->tu);
    if (s->index)
        clang_disposeIndex(s->index);
    for (size_t i = 0; i < s->syms.n; i++) {
        free(an_sym(s, (int)i)->name);
        poly_release(&an_sym(s, (int)i)->def);
    }
    chunked_release(&s->syms);
    for (size_t i = 0; i < s->objs.n; i++)
        free(an_obj(s, (int)i)->name);
    chunked_release(&s->objs);
    strmap_release(&s->symmap);
    strmap_release(&s->fnmap);
    strmap_release(&s->objmap);
    strmap_release(&s->memomap);
    strmap_release(&s->namemap);
    for (size_t i = 0; i < s->names.n; i++) {
        struct an_name *e = chunked_at(&s->names, i);
        free(e->str);
        free(e->group);
    }
    chunked_release(&s->names);
    for (size_t i = 0; i < s->terms.n; i++)
        free(((struct an_pooled *)chunked_at(&s->terms, i))->t);
    chunked_release(&s->terms);
    intmap_release(&s->termidx);
    strlist_release(&s->functions);
    strlist_release(&s->warnings);
    strlist_release(&s->stack);
    strmap_release(&s->onstack);
    free(s->fn_cursors);
    free(s->file);
    free(s);
}

const struct strlist *an_session_functions(const struct an_session *s)
{
    return &s->functions;
}

const struct strlist *an_session_warnings(const struct an_session *s)
{
    return &s->warnings;
}

static void add_inclusion(CXFile included, CXSourceLocation *stack, unsigned depth,
                          CXClientData data)
{
    (void)stack;
    (void)depth;
    CXString name = clang_getFileName(included);
    const char *c = clang_getCString(name);
    if (c && *c)
        strlist_add(data, c);
    clang_disposeString(name);
}

void an_session_files(const struct an_session *s, struct strlist *out)
{
    clang_getInclusions(s->tu, add_inclusion, out);
}

int an_kernel_new(struct an_session *s, const char *name, struct an_kernel **out, char *err,
                  size_t errlen)
{
    int found;
    if (!strmap_get(&s->fnmap, name, &found)) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_addf(&msg, "%s: no function '", s->file);
        strbuf_add_shown(&msg, name, 80); /* the user's -k, maybe 100 KB of it */
        strbuf_addstr(&msg, "' defined here; the file defines: ");
        for (size_t j = 0; j < s->functions.n; j++)
            strbuf_addf(&msg, "%s%s", j ? ", " : "", s->functions.v[j]);
        snprintf(err, errlen, "%s", msg.buf);
        strbuf_release(&msg);
        *out = NULL;
        return -ENOENT;
    }
    CXCursor def = s->fn_cursors[found];
    struct an_kernel *k = xcalloc(1, sizeof *k);
    k->s = s;
    k->name = xstrdup(name);
    k->file = xstrdup(s->file);
    k->line = an_cursor_line(def);
    int np = clang_Cursor_getNumArguments(def);
    k->nparams = np > 0 ? (size_t)np : 0;
    k->param_syms = xcalloc(k->nparams + 1, sizeof *k->param_syms);
    k->param_names = xcalloc(k->nparams + 1, sizeof *k->param_names);
    for (size_t j = 0; j < k->nparams; j++)
        k->param_names[j] = an_cursor_spelling(clang_Cursor_getArgument(def, (unsigned)j));
    /* A kernel is its memoized count: a function that calls it, counted
     * before, has counted it already. */
    k->memo = an_count_memo(s, def, name, 0);
    const struct an_memo *m = an_memo_at(s, k->memo);
    for (size_t j = 0; j < k->nparams && j < m->nparams; j++)
        k->param_syms[j] = m->param_syms[j];
    *out = k;
    return 0;
}

void an_kernel_free(struct an_kernel *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->nparams; i++)
        free(k->param_names[i]);
    free(k->param_names);
    free(k->param_syms);
    free(k->name);
    free(k->file);
    free(k);
}

bool an_kernel_has_symbol(const struct an_kernel *k, const char *name)
{
    for (size_t i = 0; i < k->nparams; i++)
        if (k->param_syms[i] >= 0 && !strcmp(k->param_names[i], name))
            return true;
    const struct an_result *r = an_kernel_result(k);
    return an_result_find(k->s, &r->trips, name) >= 0 || an_result_find(k->s, &r->probs, name) >= 0;
}

void an_kernel_symbols(const struct an_kernel *k, struct strlist *out)
{
    for (size_t i = 0; i < k->nparams; i++)
        if (k->param_syms[i] >= 0)
            strlist_add_unique(out, k->param_names[i]);
    const struct an_result *r = an_kernel_result(k);
    for (size_t i = 0; i < r->trips.n; i++)
        strlist_add(out, an_name(k->s, r->trips.v[i]));
    for (size_t i = 0; i < r->probs.n; i++)
        strlist_add(out, an_name(k->s, r->probs.v[i]));
}

void an_session_set_bindings(struct an_session *s, const struct an_binding *b, size_t n)
{
    s->bindings = b;
    s->nbindings = n;
}
