/* seed_cache: puts a saved machine model into the cache as this machine's
 * (its fingerprint replaced by this machine's), so that the commands the
 * README test runs find a cached model instead of measuring the machine for
 * seconds to minutes. The cache is $XDG_CACHE_HOME/roofline, as for
 * roofline itself.
 *
 *   seed_cache MODEL.json      prints the path of the cached copy */
#include <stdio.h>
#include <string.h>

#include "common/fileio.h"
#include "common/strbuf.h"
#include "hwmodel/hwmodel.h"

int main(int argc, char **argv)
{
    struct hw_model model, here;
    struct strbuf path = STRBUF_INIT;
    char err[512] = "";
    int ret = 1;

    hw_model_init(&model);
    hw_model_init(&here);
    if (argc != 2) {
        fprintf(stderr, "usage: seed_cache MODEL.json\n");
        ret = 2;
        goto out;
    }
    if (hw_model_load(argv[1], &model, err, sizeof(err)) < 0 ||
        hw_model_read_topology(&here, NULL, err, sizeof(err)) < 0 ||
        hw_cache_path(here.fingerprint, &path, err, sizeof(err)) < 0)
        goto out;
    memcpy(model.fingerprint, here.fingerprint, sizeof(model.fingerprint));
    model.quick = false;
    char *slash = strrchr(path.buf, '/');
    *slash = '\0';
    int rc = fileio_mkdirs(path.buf, 0700);
    if (rc < 0) {
        snprintf(err, sizeof(err), "%s: cannot create: %s", path.buf, strerror(-rc));
        goto out;
    }
    *slash = '/';
    if (hw_model_save(&model, path.buf, err, sizeof(err)) < 0)
        goto out;
    printf("%s\n", path.buf);
    ret = 0;
out:
    if (ret == 1)
        fprintf(stderr, "seed_cache: %s\n", err);
    strbuf_release(&path);
    hw_model_release(&here);
    hw_model_release(&model);
    return ret;
}
