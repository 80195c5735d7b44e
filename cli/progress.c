/* Progress of a long upgrade or downgrade for someone watching a terminal:
 * the per-revision lines say where the run is, not how far it has to go.
 * Past RT_PROGRESS_MIN revisions a line every 5% of the plan adds count,
 * rate and time left; at most twenty lines however long the plan, so a
 * piped log (not a terminal: no line at all) or a slow scroll stays
 * readable. */
#include "cli.h"
#include "clock.h"

#include <stdlib.h>
#include <unistd.h>

#define RT_PROGRESS_MIN 50
#define RT_PROGRESS_LINES 20

struct rt_cli_progress {
    char *what;   /* "upgrade" */
    double start; /* rt_clock_monotonic() at the first revision */
    bool started;
};

rt_cli_progress *rt_cli_progress_new(const char *what)
{
    if (!isatty(STDERR_FILENO) || rt_cli_log_verbosity() < RT_CLI_LOG_NORMAL)
        return NULL;
    rt_cli_progress *p = rt_xcalloc(1, sizeof *p);
    p->what = rt_xstrdup(what);
    return p;
}

void rt_cli_progress_free(rt_cli_progress *p)
{
    if (!p)
        return;
    free(p->what);
    free(p);
}

/* "under 1 s", "18 s", "3 min 05 s", "2 h 07 min". */
static void progress_duration(rt_buf *out, double secs)
{
    long s = (long)(secs + 0.5);
    if (secs < 1)
        rt_buf_append(out, "under 1 s");
    else if (s < 60)
        rt_buf_printf(out, "%ld s", s);
    else if (s < 3600)
        rt_buf_printf(out, "%ld min %02ld s", s / 60, s % 60);
    else
        rt_buf_printf(out, "%ld h %02ld min", s / 3600, s % 3600 / 60);
}

void rt_cli_progress_format(rt_buf *out, size_t done, size_t total, double elapsed)
{
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    if (done >= total) {
        rt_buf_printf(out, "%zu revisions in ", total);
        progress_duration(out, elapsed);
    } else {
        rt_buf_printf(out, "%zu of %zu revisions (%zu%%)", done, total, done * 100 / total);
    }
    if (rate > 0)
        rt_buf_printf(out, ", %.1f per second", rate);
    if (done < total && rate > 0) {
        rt_buf_append(out, ", about ");
        progress_duration(out, (double)(total - done) / rate);
        rt_buf_append(out, " left");
    }
}

void rt_cli_progress_step(void *ctx, size_t done, size_t total)
{
    rt_cli_progress *p = ctx;
    if (total <= RT_PROGRESS_MIN)
        return;
    if (!p->started) {
        p->start = rt_clock_monotonic();
        p->started = true;
    }
    size_t every = (total + RT_PROGRESS_LINES - 1) / RT_PROGRESS_LINES;
    if (done == 0 || (done % every != 0 && done != total))
        return;
    rt_buf line = RT_BUF_INIT;
    rt_cli_progress_format(&line, done, total, rt_clock_monotonic() - p->start);
    rt_cli_log("INFO", "retort.progress", "%s %s", p->what, rt_buf_cstr(&line));
    rt_buf_free(&line);
}
