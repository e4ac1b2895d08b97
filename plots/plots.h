/* plots: the roofline picture of a report, drawn by gnuplot.
 *
 * The picture is a renderer of struct report like the text, JSON and CSV
 * ones: plot_script() turns the report into a gnuplot script and its data
 * file; plot_render() writes both beside the picture and runs gnuplot (no
 * shell) on them. The library never prints; errors come back as a negative
 * errno and a message without a trailing period. */
#ifndef ROOFLINE_PLOTS_H
#define ROOFLINE_PLOTS_H

#include <stddef.h>

#include "common/strbuf.h"
#include "report/report.h"

#define PLOT_DEFAULT_WIDTH 1600
#define PLOT_DEFAULT_HEIGHT 1000

struct plot_opts {
    int width_px, height_px; /* 0: defaults, PLOT_DEFAULT_WIDTH x PLOT_DEFAULT_HEIGHT */
    const char *gnuplot;     /* NULL: "gnuplot" from PATH */
};

/* Renders the report's roofline picture to out_path (.png or .svg, by
 * extension), and writes OUT.gp and OUT.dat beside it (aes.png: aes.gp,
 * aes.dat) so a user can restyle it and re-run `gnuplot aes.gp` in that
 * directory. All three files are written whole or not at all: they are made
 * in a private directory next to out_path, under names of the library's own
 * (gnuplot never sees a name of the user's, which it could read as a
 * command), and renamed into place once gnuplot succeeded and the picture is
 * whole (a PNG to its IEND chunk, an SVG to its closing tag).
 *
 * opts may be NULL. Returns 0, or
 *   -EINVAL  a file name that is not .png/.svg or holds control characters,
 *            or a report without a machine model (no roofs to draw);
 *   -ENOENT  gnuplot is not installed (the message names gnuplot-nox), or
 *            the picture's directory does not exist;
 *   -EIO     gnuplot failed (the message carries its stderr), or left the
 *            picture cut short (a full disk);
 *   other negative errno values when files cannot be written. */
int plot_render(const struct report *r, const char *out_path, const struct plot_opts *opts,
                char *err, size_t errlen);

/* path with its extension replaced by ext ("d/rep.json", ".png":
 * "d/rep.png"; a name without one, or a dot file, gets ext added). Caller
 * frees. */
char *plot_sibling(const char *path, const char *ext);

/* The script and data files plot_render writes beside out_path
 * ("d/aes.png": "d/aes.gp", "d/aes.dat"), for callers that check their
 * outputs against their inputs. Caller frees both. */
void plot_side_files(const char *out_path, char **script_path, char **data_path);

/* The gnuplot script and its data alone (what plot_render writes), for
 * tests and for callers that run gnuplot themselves. The script writes the
 * picture to out_path and reads its data from data_path, both taken as given
 * (plot_render passes the base names; the script runs in their directory),
 * as defaults: a run may set the gnuplot variables outfile and datafile
 * first (gnuplot -e). A relative name is written behind "./".
 * Appends to script and data. Returns 0, or -EINVAL as plot_render. */
int plot_script(const struct report *r, const char *out_path, const char *data_path,
                const struct plot_opts *opts, struct strbuf *script, struct strbuf *data, char *err,
                size_t errlen);

#endif
