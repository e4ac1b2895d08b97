/* fuzz_split_words: libFuzzer harness of measure_split_words, the --run
 * word splitter. Beyond not crashing: words are unchanged on error, and
 * quoting the words back (measure_quote_word) and splitting again gives the
 * same words. {N} substitution runs on what was split. */
#include <errno.h>

#include "common/strbuf.h"
#include "common/strlist.h"
#include "measure/measure.h"
#include "measure/measure_internal.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    char err[512] = "";
    struct strlist words = STRLIST_INIT, again = STRLIST_INIT, subst = STRLIST_INIT;
    struct strbuf quoted = STRBUF_INIT;

    strlist_add(&words, "sentinel"); /* the splitter appends */
    int ret = measure_split_words(text, &words, err, sizeof err);
    if (ret) {
        FUZZ_CHECK(ret == -EINVAL, "unexpected code %d", ret);
        FUZZ_CHECK(err[0] != '\0', "error without a message");
        FUZZ_CHECK(words.n == 1, "words changed on error (%zu words)", words.n);
        goto out;
    }
    FUZZ_CHECK(words.n >= 2, "success with no word");
    for (size_t i = 1; i < words.n; i++) {
        if (i > 1)
            strbuf_addch(&quoted, ' ');
        measure_quote_word(&quoted, words.v[i]);
    }
    ret = measure_split_words(quoted.buf, &again, err, sizeof err);
    FUZZ_CHECK(!ret, "quoted words do not split again: %s", err);
    FUZZ_CHECK(again.n == words.n - 1, "round trip gave %zu words, not %zu", again.n,
               words.n - 1);
    for (size_t i = 0; i < again.n; i++)
        FUZZ_CHECK(!strcmp(again.v[i], words.v[i + 1]), "word %zu changed in the round trip", i);
    (void)measure_subst_units(&again, 123456789L, &subst, err, sizeof err);
    FUZZ_CHECK(subst.n == again.n, "{N} substitution changed the word count");
out:
    strbuf_release(&quoted);
    strlist_release(&subst);
    strlist_release(&again);
    strlist_release(&words);
    free(text);
    return 0;
}
