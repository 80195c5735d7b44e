/* Log lines in Alembic's shape on stderr. The engine writes plain lines to a
 * FILE; a cookie stream (glibc) adds the level and logger per line as it is
 * written, so progress shows while a long upgrade runs. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int log_verbosity = RT_CLI_LOG_NORMAL;

void rt_cli_log_set_verbosity(int v)
{
    log_verbosity = v;
}

int rt_cli_log_verbosity(void)
{
    return log_verbosity;
}

/* -q keeps errors only; DEBUG lines (statements) need -v. */
static bool log_shown(const char *level, size_t len)
{
    if (len == 5 && strncmp(level, "ERROR", 5) == 0)
        return true;
    if (len == 5 && strncmp(level, "DEBUG", 5) == 0)
        return log_verbosity >= RT_CLI_LOG_VERBOSE;
    return log_verbosity >= RT_CLI_LOG_NORMAL;
}

void rt_cli_log(const char *level, const char *logger, const char *fmt, ...)
{
    if (!log_shown(level, strlen(level)))
        return;
    /* One write per line: stderr is unbuffered, and a run of 1000
     * revisions logs 1000 lines (three writes each made them a third of
     * `upgrade --sql`'s system calls). */
    rt_buf line = RT_BUF_INIT;
    rt_buf_printf(&line, "%-5s [%s] ", level, logger);
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(&line, fmt, ap);
    va_end(ap);
    rt_buf_putc(&line, '\n');
    fwrite(line.data, 1, line.len, stderr);
    rt_buf_free(&line);
}

typedef struct log_cookie {
    char *logger;
    rt_buf line;
} log_cookie;

/* The length of the level a line starts with ("WARNING "), or 0. */
static size_t log_level_len(const char *line)
{
    static const char *const levels[] = { "INFO ", "WARNING ", "ERROR ", "DEBUG " };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strncmp(line, levels[i], strlen(levels[i])) == 0)
            return strlen(levels[i]) - 1;
    return 0;
}

static void log_flush_line(log_cookie *lc)
{
    const char *text = rt_buf_cstr(&lc->line);
    size_t level = log_level_len(text);
    if (level && log_shown(text, level))
        fprintf(stderr, "%s\n", text);
    else if (!level)
        rt_cli_log("INFO", lc->logger, "%s", text);
    rt_buf_reset(&lc->line);
}

static ssize_t log_write(void *cookie, const char *data, size_t size)
{
    log_cookie *lc = cookie;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '\n')
            log_flush_line(lc);
        else
            rt_buf_putc(&lc->line, data[i]);
    }
    return (ssize_t)size;
}

static int log_close(void *cookie)
{
    log_cookie *lc = cookie;
    if (lc->line.len > 0)
        log_flush_line(lc);
    rt_buf_free(&lc->line);
    free(lc->logger);
    free(lc);
    return 0;
}

FILE *rt_cli_log_stream(const char *logger)
{
    log_cookie *lc = rt_xcalloc(1, sizeof *lc);
    lc->logger = rt_xstrdup(logger);
    cookie_io_functions_t io = { NULL, log_write, NULL, log_close };
    FILE *f = fopencookie(lc, "w", io);
    if (!f) {
        log_close(lc);
        return NULL;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    return f;
}

/* -v: each statement before it runs, then its time. */
static void log_trace(void *ctx, const char *sql, double secs, int rc)
{
    (void)ctx;
    if (secs < 0)
        rt_cli_log("DEBUG", "retort.sql", "%s", sql);
    else
        rt_cli_log("DEBUG", "retort.sql", "[%s in %.3f ms]", rc == RT_OK ? "done" : "failed",
                   secs * 1000);
}

void rt_cli_log_statements(rt_db *db)
{
    if (log_verbosity >= RT_CLI_LOG_VERBOSE)
        rt_db_set_trace(db, log_trace, NULL);
}
