/* words: a measured command as words. Shell-like splitting with no
 * expansion (the command runs without a shell), quoting back, {N}
 * substitution, and which interpreter a command runs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/xalloc.h"
#include "measure/measure.h"
#include "measure/measure_internal.h"

/* Characters a shell would take as operators when unquoted. */
static const char shell_operators[] = ";|&<>()`";

int measure_split_words(const char *s, struct strlist *words, char *err, size_t errlen)
{
    struct strbuf word = STRBUF_INIT;
    struct strlist found = STRLIST_INIT; /* appended to words on success only */
    bool in_word = false;
    int ret = 0;

    for (const char *p = s; *p; p++) {
        char ch = *p;
        if (ch == ' ' || ch == '\t' || ch == '\n') {
            if (in_word) {
                strlist_add(&found, word.buf);
                strbuf_reset(&word);
                in_word = false;
            }
            continue;
        }
        if (ch == '\\') {
            if (!p[1]) {
                snprintf(err, errlen, "command ends with a lone backslash: %s", s);
                ret = -EINVAL;
                goto out;
            }
            p++;
            if (*p == '\n') /* line continuation */
                continue;
            strbuf_addch(&word, *p);
            in_word = true;
            continue;
        }
        if (ch == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end) {
                snprintf(err, errlen, "unterminated single quote in command: %s", s);
                ret = -EINVAL;
                goto out;
            }
            strbuf_add(&word, p + 1, (size_t)(end - p - 1));
            p = end;
            in_word = true;
            continue;
        }
        if (ch == '"') {
            for (p++;; p++) {
                if (!*p) {
                    snprintf(err, errlen, "unterminated double quote in command: %s", s);
                    ret = -EINVAL;
                    goto out;
                }
                if (*p == '"')
                    break;
                if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
                    p++;
                    if (*p != '\n')
                        strbuf_addch(&word, *p);
                    continue;
                }
                strbuf_addch(&word, *p);
            }
            in_word = true;
            continue;
        }
        if (strchr(shell_operators, ch)) {
            snprintf(err, errlen,
                     "unquoted '%c' in command: it runs without a shell; quote it to pass it "
                     "literally: %s",
                     ch, s);
            ret = -EINVAL;
            goto out;
        }
        strbuf_addch(&word, ch);
        in_word = true;
    }
    if (in_word)
        strlist_add(&found, word.buf);
    if (!found.n) {
        snprintf(err, errlen, "empty command");
        ret = -EINVAL;
        goto out;
    }
    for (size_t i = 0; i < found.n; i++)
        strlist_add(words, found.v[i]);
out:
    strlist_release(&found);
    strbuf_release(&word);
    return ret;
}

void measure_quote_word(struct strbuf *out, const char *word)
{
    bool plain = *word != '\0';
    for (const char *p = word; *p && plain; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    "_-+=/.,:@%^{}",
                    *p))
            plain = false;
    if (plain) {
        strbuf_addstr(out, word);
        return;
    }
    strbuf_addch(out, '\'');
    for (const char *p = word; *p; p++) {
        if (*p == '\'')
            strbuf_addstr(out, "'\\''");
        else
            strbuf_addch(out, *p);
    }
    strbuf_addch(out, '\'');
}

static void replace_all(struct strbuf *out, const char *s, const char *pat, const char *with)
{
    size_t plen = strlen(pat);
    for (const char *hit; (hit = strstr(s, pat)); s = hit + plen) {
        strbuf_add(out, s, (size_t)(hit - s));
        strbuf_addstr(out, with);
    }
    strbuf_addstr(out, s);
}

int measure_subst_units(const struct strlist *words, long n, struct strlist *out, char *err,
                        size_t errlen)
{
    struct strbuf w = STRBUF_INIT;
    char num[32];
    bool found = false;

    snprintf(num, sizeof num, "%ld", n);
    for (size_t i = 0; i < words->n; i++) {
        if (strstr(words->v[i], "{N}"))
            found = true;
        strbuf_reset(&w);
        replace_all(&w, words->v[i], "{N}", num);
        strlist_add(out, w.buf);
    }
    strbuf_release(&w);
    if (!found) {
        snprintf(err, errlen,
                 "command has no {N}: put {N} where the number of units goes, "
                 "e.g. 'python3 aes.py {N}'");
        return -EINVAL;
    }
    return 0;
}

/* Interpreters recognised by program name; a name matches with a version
 * suffix made of digits and dots (python3.11, lua5.4, ruby3.1). */
static const char *const interpreters[] = {
    "python3", "python2", "python", "pypy3",  "pypy", "node",    "nodejs", "deno",  "bun",
    "perl",    "ruby",    "lua",    "luajit", "php",  "Rscript", "julia",  "tclsh", "guile",
    "racket",  "ocaml",   "java",   "bash",   "sh",   "dash",    "zsh",    "awk",   "gawk",
};

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *interpreter_named(const char *path)
{
    const char *base = basename_of(path);
    const char *best = NULL;
    for (size_t i = 0; i < sizeof interpreters / sizeof interpreters[0]; i++) {
        size_t len = strlen(interpreters[i]);
        if (strncmp(base, interpreters[i], len) != 0)
            continue;
        if (strspn(base + len, "0123456789.") != strlen(base + len))
            continue;
        if (!best || len > strlen(best))
            best = interpreters[i];
    }
    return best;
}

/* The word after env's options and NAME=VALUE assignments, or NULL. */
static size_t skip_env(const struct strlist *argv, size_t i)
{
    for (i++; i < argv->n; i++) {
        const char *w = argv->v[i];
        if (!strcmp(w, "-u") || !strcmp(w, "--unset") || !strcmp(w, "-C") ||
            !strcmp(w, "--chdir")) {
            i++;
            continue;
        }
        if (w[0] == '-' || strchr(w, '='))
            continue;
        break;
    }
    return i;
}

/* The interpreter named on the #! line of the file at path, or NULL. */
static const char *shebang_interpreter(const char *path)
{
    char line[256];
    const char *found = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    if (fgets(line, sizeof line, f) && line[0] == '#' && line[1] == '!') {
        struct strlist words = STRLIST_INIT;
        char err[64];
        line[strcspn(line, "\r\n")] = '\0';
        /* A #! line is words without quoting; strip operators' meaning. */
        for (char *p = line + 2; *p; p++)
            if (strchr(shell_operators, *p) || *p == '\'' || *p == '"' || *p == '\\')
                *p = ' ';
        if (measure_split_words(line + 2, &words, err, sizeof err) == 0) {
            size_t i = 0;
            if (!strcmp(basename_of(words.v[0]), "env"))
                i = skip_env(&words, 0);
            if (i < words.n)
                found = interpreter_named(words.v[i]);
        }
        strlist_release(&words);
    }
    fclose(f);
    return found;
}

const char *measure_interpreter(const struct strlist *argv, const char *path_argv0)
{
    if (!argv->n)
        return NULL;
    size_t i = 0;
    if (!strcmp(basename_of(argv->v[0]), "env")) {
        i = skip_env(argv, 0);
        if (i >= argv->n)
            return NULL;
        path_argv0 = NULL; /* resolved for env, not for what it runs */
    }
    const char *name = interpreter_named(argv->v[i]);
    if (name)
        return name;
    if (path_argv0)
        return shebang_interpreter(path_argv0);
    return NULL;
}
