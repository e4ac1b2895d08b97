/* omp: OpenMP directives, and the twin translation unit their statements
 * are counted from.
 *
 * libclang shows `#pragma omp parallel for` as a directive cursor whose
 * loop sits in a captured statement; clang_visitChildren on that statement
 * gives the captured variables, never its body, so the loop cannot be
 * reached. The twin is the analyzed file parsed again with the same
 * arguments (so _OPENMP, omp.h and every macro stay the same) and each
 * directive's text replaced by spaces (so offsets and lines stay the same):
 * there the loop is plain C. A directive nested in a hidden body (an `omp
 * for` inside an `omp parallel` region) comes to light only in the twin, so
 * the twin is made again, level by level, until no directive is left that
 * can be blanked. The directives found on the way are kept: which
 * statement each applies to, and what it does with threads. Where blanking
 * breaks the file (an `omp section` whose `sections` is gone does not
 * compile), the twin is the file parsed with OpenMP off and _OPENMP kept. */
#include "analyzer/internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#define TEAM AN_OMP_TEAM
#define SHARED AN_OMP_SHARED
#define ALONE AN_OMP_STANDALONE

/* Every OpenMP directive libclang 19 knows (Index.h), what it is called in
 * a pragma, and what it does with threads: a team runs its statement once
 * per thread; a shared statement is divided among the team (or run by one
 * thread of it); any other is run by each thread that reaches it. */
static const struct an_omp_kind kinds[] = {
    {CXCursor_OMPParallelDirective, "parallel", TEAM},
    {CXCursor_OMPSimdDirective, "simd", 0},
    {CXCursor_OMPForDirective, "for", SHARED},
    {CXCursor_OMPSectionsDirective, "sections", SHARED},
    {CXCursor_OMPSectionDirective, "section", SHARED},
    {CXCursor_OMPSingleDirective, "single", SHARED},
    {CXCursor_OMPParallelForDirective, "parallel for", TEAM | SHARED},
    {CXCursor_OMPParallelSectionsDirective, "parallel sections", TEAM | SHARED},
    {CXCursor_OMPTaskDirective, "task", 0},
    {CXCursor_OMPMasterDirective, "master", SHARED},
    {CXCursor_OMPCriticalDirective, "critical", 0},
    {CXCursor_OMPTaskyieldDirective, "taskyield", ALONE},
    {CXCursor_OMPBarrierDirective, "barrier", ALONE},
    {CXCursor_OMPTaskwaitDirective, "taskwait", ALONE},
    {CXCursor_OMPFlushDirective, "flush", ALONE},
    {CXCursor_OMPOrderedDirective, "ordered", 0},
    {CXCursor_OMPAtomicDirective, "atomic", 0},
    {CXCursor_OMPForSimdDirective, "for simd", SHARED},
    {CXCursor_OMPParallelForSimdDirective, "parallel for simd", TEAM | SHARED},
    {CXCursor_OMPTargetDirective, "target", 0},
    {CXCursor_OMPTeamsDirective, "teams", TEAM},
    {CXCursor_OMPTaskgroupDirective, "taskgroup", 0},
    {CXCursor_OMPCancellationPointDirective, "cancellation point", ALONE},
    {CXCursor_OMPCancelDirective, "cancel", ALONE},
    {CXCursor_OMPTargetDataDirective, "target data", 0},
    {CXCursor_OMPTaskLoopDirective, "taskloop", SHARED},
    {CXCursor_OMPTaskLoopSimdDirective, "taskloop simd", SHARED},
    {CXCursor_OMPDistributeDirective, "distribute", SHARED},
    {CXCursor_OMPTargetEnterDataDirective, "target enter data", ALONE},
    {CXCursor_OMPTargetExitDataDirective, "target exit data", ALONE},
    {CXCursor_OMPTargetParallelDirective, "target parallel", TEAM},
    {CXCursor_OMPTargetParallelForDirective, "target parallel for", TEAM | SHARED},
    {CXCursor_OMPTargetUpdateDirective, "target update", ALONE},
    {CXCursor_OMPDistributeParallelForDirective, "distribute parallel for", TEAM | SHARED},
    {CXCursor_OMPDistributeParallelForSimdDirective, "distribute parallel for simd", TEAM | SHARED},
    {CXCursor_OMPDistributeSimdDirective, "distribute simd", SHARED},
    {CXCursor_OMPTargetParallelForSimdDirective, "target parallel for simd", TEAM | SHARED},
    {CXCursor_OMPTargetSimdDirective, "target simd", 0},
    {CXCursor_OMPTeamsDistributeDirective, "teams distribute", TEAM | SHARED},
    {CXCursor_OMPTeamsDistributeSimdDirective, "teams distribute simd", TEAM | SHARED},
    {CXCursor_OMPTeamsDistributeParallelForSimdDirective, "teams distribute parallel for simd",
     TEAM | SHARED},
    {CXCursor_OMPTeamsDistributeParallelForDirective, "teams distribute parallel for",
     TEAM | SHARED},
    {CXCursor_OMPTargetTeamsDirective, "target teams", TEAM},
    {CXCursor_OMPTargetTeamsDistributeDirective, "target teams distribute", TEAM | SHARED},
    {CXCursor_OMPTargetTeamsDistributeParallelForDirective, "target teams distribute parallel for",
     TEAM | SHARED},
    {CXCursor_OMPTargetTeamsDistributeParallelForSimdDirective,
     "target teams distribute parallel for simd", TEAM | SHARED},
    {CXCursor_OMPTargetTeamsDistributeSimdDirective, "target teams distribute simd", TEAM | SHARED},
    {CXCursor_OMPMasterTaskLoopDirective, "master taskloop", SHARED},
    {CXCursor_OMPParallelMasterTaskLoopDirective, "parallel master taskloop", TEAM | SHARED},
    {CXCursor_OMPMasterTaskLoopSimdDirective, "master taskloop simd", SHARED},
    {CXCursor_OMPParallelMasterTaskLoopSimdDirective, "parallel master taskloop simd",
     TEAM | SHARED},
    {CXCursor_OMPParallelMasterDirective, "parallel master", TEAM | SHARED},
    {CXCursor_OMPDepobjDirective, "depobj", ALONE},
    {CXCursor_OMPScanDirective, "scan", ALONE},
    {CXCursor_OMPTileDirective, "tile", 0},
    {CXCursor_OMPInteropDirective, "interop", ALONE},
    {CXCursor_OMPDispatchDirective, "dispatch", 0},
    {CXCursor_OMPMaskedDirective, "masked", SHARED},
    {CXCursor_OMPUnrollDirective, "unroll", 0},
    {CXCursor_OMPMetaDirective, "metadirective", 0},
    {CXCursor_OMPGenericLoopDirective, "loop", SHARED},
    {CXCursor_OMPTeamsGenericLoopDirective, "teams loop", TEAM | SHARED},
    {CXCursor_OMPTargetTeamsGenericLoopDirective, "target teams loop", TEAM | SHARED},
    {CXCursor_OMPParallelGenericLoopDirective, "parallel loop", TEAM | SHARED},
    {CXCursor_OMPTargetParallelGenericLoopDirective, "target parallel loop", TEAM | SHARED},
    {CXCursor_OMPParallelMaskedDirective, "parallel masked", TEAM | SHARED},
    {CXCursor_OMPMaskedTaskLoopDirective, "masked taskloop", SHARED},
    {CXCursor_OMPMaskedTaskLoopSimdDirective, "masked taskloop simd", SHARED},
    {CXCursor_OMPParallelMaskedTaskLoopDirective, "parallel masked taskloop", TEAM | SHARED},
    {CXCursor_OMPParallelMaskedTaskLoopSimdDirective, "parallel masked taskloop simd",
     TEAM | SHARED},
    {CXCursor_OMPErrorDirective, "error", ALONE},
    {CXCursor_OMPScopeDirective, "scope", 0},
    {CXCursor_OMPReverseDirective, "reverse", 0},
    {CXCursor_OMPInterchangeDirective, "interchange", 0},
};

const struct an_omp_kind *an_omp_kind(enum CXCursorKind k)
{
    /* Asked of every cursor of a function: most are no statement. */
    if (k < CXCursor_OMPParallelDirective || k > CXCursor_OMPInterchangeDirective)
        return NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kinds[i].kind == k)
            return &kinds[i];
    return NULL;
}

/* Nested bodies are found one level per parse; deeper than this, the
 * directives left are counted as libclang shows them (not at all). */
#define MAX_LEVELS 16

struct an_omp {
    CXTranslationUnit twin; /* NULL: none, see why */
    char *why;
    struct an_omp_dir *dirs; /* sorted by stmt once made */
    size_t ndirs, alloc;
    struct strmap fnmap; /* the twin's function definitions in the analyzed file */
    CXCursor *fns;
    size_t nfns;
};

/* One level's search for directives to blank, in the text buf. */
struct collect {
    struct an_omp *o;
    CXFile main;
    char *buf;
    size_t len;
    size_t blanked; /* this level */
    bool hides;     /* one of them hides its statement: a level deeper may find more */
    bool kept;      /* one could not be blanked */
};

static unsigned offset_of(CXSourceLocation loc, CXFile *file)
{
    unsigned off = 0;
    clang_getExpansionLocation(loc, file, NULL, NULL, &off);
    return off;
}

struct last_stmt {
    unsigned end; /* the directive's end: clauses lie before it */
    CXCursor stmt;
    bool found;
};

static enum CXChildVisitResult find_stmt(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct last_stmt *ls = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (clang_isStatement(k) ||
        (clang_isExpression(k) &&
         offset_of(clang_getRangeStart(clang_getCursorExtent(c)), NULL) >= ls->end)) {
        ls->stmt = c;
        ls->found = true;
    }
    return CXChildVisit_Continue;
}

bool an_omp_directive_stmt(CXCursor dir, CXCursor *stmt)
{
    struct last_stmt ls = {0};
    ls.end = offset_of(clang_getRangeEnd(clang_getCursorExtent(dir)), NULL);
    clang_visitChildren(dir, find_stmt, &ls);
    if (ls.found)
        *stmt = ls.stmt;
    return ls.found;
}

static bool has_dir(const struct an_omp *o, unsigned start)
{
    for (size_t i = 0; i < o->ndirs; i++)
        if (o->dirs[i].start == start)
            return true;
    return false;
}

static enum CXChildVisitResult collect_dirs(CXCursor c, CXCursor parent, CXClientData data)
{
    struct collect *cl = data;
    if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
        !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    const struct an_omp_kind *k = an_omp_kind(clang_getCursorKind(c));
    if (!k)
        return CXChildVisit_Recurse;
    CXSourceRange ext = clang_getCursorExtent(c);
    CXFile f1 = NULL, f2 = NULL;
    unsigned line = 0, start = 0, end = 0;
    clang_getExpansionLocation(clang_getRangeStart(ext), &f1, &line, NULL, &start);
    end = offset_of(clang_getRangeEnd(ext), &f2);
    if (!f1 || !f2 || !clang_File_isEqual(f1, cl->main) || !clang_File_isEqual(f2, cl->main) ||
        end <= start || end > cl->len) {
        cl->kept = true;
        return CXChildVisit_Recurse;
    }
    if (has_dir(cl->o, start))
        return CXChildVisit_Recurse;
    CXCursor st;
    unsigned stmt = UINT_MAX;
    bool keep = false;
    if (an_omp_directive_stmt(c, &st)) {
        CXFile sf = NULL;
        stmt = offset_of(clang_getRangeStart(clang_getCursorExtent(st)), &sf);
        if (!sf || !clang_File_isEqual(sf, cl->main))
            return CXChildVisit_Recurse;
        /* A macro that holds both the pragma and its statement: blanking
         * the one would blank the other. It is kept, and known by where
         * its statement starts (the macro's use, as the directive). */
        keep = stmt < end;
        if (clang_getCursorKind(st) == CXCursor_UnexposedStmt && !keep)
            cl->hides = true;
    }
    ALLOC_GROW(cl->o->dirs, cl->o->ndirs + 1, cl->o->alloc);
    struct an_omp_dir *d = &cl->o->dirs[cl->o->ndirs++];
    d->kind = k;
    d->line = line;
    d->start = start;
    d->end = end;
    d->stmt = stmt;
    if (keep) {
        cl->kept = true;
        return CXChildVisit_Recurse;
    }
    for (unsigned i = start; i < end; i++)
        if (cl->buf[i] != '\n' && cl->buf[i] != '\r')
            cl->buf[i] = ' ';
    cl->blanked++;
    return CXChildVisit_Recurse;
}

static enum CXChildVisitResult twin_functions(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    struct an_omp *o = data;
    if (clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
        clang_Location_isFromMainFile(clang_getCursorLocation(c))) {
        char *name = an_cursor_spelling(c);
        if (!strmap_get(&o->fnmap, name, NULL)) {
            strmap_put(&o->fnmap, name, (int)o->nfns);
            o->fns = xrealloc(o->fns, (o->nfns + 1) * sizeof *o->fns);
            o->fns[o->nfns++] = c;
        }
        free(name);
    }
    return CXChildVisit_Continue;
}

/* The first error of tu, "line L: message", or NULL. Caller frees. */
static char *first_error(CXTranslationUnit tu)
{
    unsigned n = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        char *msg = NULL;
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
            unsigned line = 0;
            CXString sp = clang_getDiagnosticSpelling(d);
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), NULL, &line, NULL, NULL);
            msg = xasprintf("line %u: %s", line, clang_getCString(sp));
            clang_disposeString(sp);
        }
        clang_disposeDiagnostic(d);
        if (msg)
            return msg;
    }
    return NULL;
}

static int by_stmt(const void *a, const void *b)
{
    const struct an_omp_dir *x = a, *y = b;
    return (x->stmt > y->stmt) - (x->stmt < y->stmt);
}

/* Parses file (uf: its text, or NULL) with the session's arguments and
 * extra ones. Warnings are off (-w): blanking a directive may leave a
 * variable unused, which -Werror would make an error. */
static CXTranslationUnit parse(struct an_session *s, const char *const *extra, size_t nextra,
                               struct CXUnsavedFile *uf, const char *file, char **err)
{
    size_t argc = s->args.n + nextra + 1;
    const char **argv = xcalloc(argc + 1, sizeof *argv);
    for (size_t i = 0; i < s->args.n; i++)
        argv[i] = s->args.v[i];
    for (size_t i = 0; i < nextra; i++)
        argv[s->args.n + i] = extra[i];
    argv[argc - 1] = "-w";
    CXTranslationUnit tu = NULL;
    enum CXErrorCode ec = clang_parseTranslationUnit2(s->index, file, argv, (int)argc, uf,
                                                      uf ? 1 : 0, CXTranslationUnit_KeepGoing, &tu);
    free(argv);
    *err = NULL;
    if (ec != CXError_Success || !tu) {
        *err = xasprintf("libclang could not parse it (error %d)", (int)ec);
        return NULL;
    }
    *err = first_error(tu);
    return tu;
}

/* The value of _OPENMP under the session's arguments, or 0. */
static long openmp_version(struct an_session *s)
{
    static const char probe_name[] = "/roofline-openmp-version.c";
    static const char probe[] = "long roofline_openmp_version = _OPENMP;\n";
    struct CXUnsavedFile uf = {probe_name, probe, sizeof probe - 1};
    char *err = NULL;
    CXTranslationUnit tu = parse(s, NULL, 0, &uf, probe_name, &err);
    long v = 0;
    if (tu && !err) {
        CXFile f = clang_getFile(tu, probe_name);
        CXCursor var = clang_getCursor(tu, clang_getLocation(tu, f, 1, 6));
        CXEvalResult r = clang_Cursor_Evaluate(var);
        if (r && clang_EvalResult_getKind(r) == CXEval_Int)
            v = clang_EvalResult_getAsLongLong(r);
        if (r)
            clang_EvalResult_dispose(r);
    }
    free(err);
    if (tu)
        clang_disposeTranslationUnit(tu);
    return v;
}

/* Finds the directives level by level (above), then makes o->twin, or says
 * in o->why why there is none. When blanking made a level that does not
 * compile (an `omp section` whose `sections` is gone), the twin is the
 * file parsed as is with OpenMP turned off and _OPENMP kept. */
static void make_twin(struct an_session *s, struct an_omp *o)
{
    CXTranslationUnit cur = s->tu;
    CXFile main = clang_getFile(cur, s->file);
    size_t len = 0;
    const char *text = main ? clang_getFileContents(cur, main, &len) : NULL;
    char *buf = NULL, *err = NULL;
    bool clean = true; /* every level compiled, and every directive was blanked */
    if (!text) {
        o->why = xasprintf("%s: libclang does not give the file's text", s->file);
        goto out;
    }
    buf = xmalloc(len + 1);
    memcpy(buf, text, len);
    buf[len] = '\0';
    for (int level = 0;; level++) {
        struct collect cl = {o, main, buf, len, 0, false, false};
        clang_visitChildren(clang_getTranslationUnitCursor(cur), collect_dirs, &cl);
        clean = clean && !cl.kept;
        if (!cl.blanked || (level > 0 && !cl.hides) || level == MAX_LEVELS)
            break;
        struct CXUnsavedFile uf = {s->file, buf, (unsigned long)len};
        CXTranslationUnit next = parse(s, NULL, 0, &uf, s->file, &err);
        if (!next)
            break;
        clean = clean && !err;
        free(err);
        err = NULL;
        if (cur != s->tu)
            clang_disposeTranslationUnit(cur);
        cur = next;
        main = clang_getFile(cur, s->file);
        if (!main)
            break;
    }
    if (cur != s->tu && (!clean || !main)) {
        clang_disposeTranslationUnit(cur);
        cur = s->tu;
    }
    if (cur == s->tu) {
        long v = openmp_version(s);
        if (!v) {
            /* Without it, #ifdef _OPENMP code would change. */
            o->why = xstrdup("the value of _OPENMP under these flags is not known");
            goto out;
        }
        char def[48];
        snprintf(def, sizeof def, "-D_OPENMP=%ld", v);
        const char *off[] = {"-fno-openmp", "-fno-openmp-simd", def};
        cur = parse(s, off, 3, NULL, s->file, &err);
        if (!cur || err) {
            o->why = xasprintf("the file parsed without OpenMP does not compile (%s)",
                               err ? err : "no reason given");
            if (cur)
                clang_disposeTranslationUnit(cur);
            goto out;
        }
    }
    o->twin = cur;
    clang_visitChildren(clang_getTranslationUnitCursor(cur), twin_functions, o);
out:
    qsort(o->dirs, o->ndirs, sizeof *o->dirs, by_stmt);
    free(err);
    free(buf);
}

CXCursor an_omp_twin_def(struct an_session *s, CXCursor def, const char **why)
{
    if (!s->omp) {
        s->omp = xcalloc(1, sizeof *s->omp);
        strmap_init(&s->omp->fnmap);
        make_twin(s, s->omp);
    }
    struct an_omp *o = s->omp;
    *why = o->why;
    if (!o->twin)
        return clang_getNullCursor();
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(def))) {
        *why = "the function is not defined in the analyzed file";
        return clang_getNullCursor();
    }
    char *name = an_cursor_spelling(def);
    int i;
    bool found = strmap_get(&o->fnmap, name, &i);
    free(name);
    if (!found) {
        *why = "the function is not in the second parse";
        return clang_getNullCursor();
    }
    return o->fns[i];
}

const struct an_omp_dir *an_omp_dir_at(const struct an_session *s, unsigned offset)
{
    const struct an_omp *o = s->omp;
    if (!o || offset == UINT_MAX)
        return NULL;
    size_t lo = 0, hi = o->ndirs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->dirs[mid].stmt < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->ndirs && o->dirs[lo].stmt == offset ? &o->dirs[lo] : NULL;
}

const struct an_omp_dir *an_omp_dirs(const struct an_session *s, size_t *n)
{
    const struct an_omp *o = s->omp;
    *n = o && o->twin ? o->ndirs : 0;
    return *n ? o->dirs : NULL;
}

void an_omp_free(struct an_omp *o)
{
    if (!o)
        return;
    if (o->twin)
        clang_disposeTranslationUnit(o->twin);
    strmap_release(&o->fnmap);
    free(o->fns);
    free(o->dirs);
    free(o->why);
    free(o);
}
