/* Log lines in Alembic's shape on stderr. The engine writes plain lines to a
 * FILE; a cookie stream (glibc) adds the level and logger per line as it is
 * written, so progress shows while a long upgrade runs. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rt_cli_log(const char *level, const char *logger, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%-5s [%s] ", level, logger);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

typedef struct log_cookie {
    char *logger;
    rt_buf line;
} log_cookie;

static bool log_has_level(const char *line)
{
    static const char *const levels[] = { "INFO ", "WARNING ", "ERROR ", "DEBUG " };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strncmp(line, levels[i], strlen(levels[i])) == 0)
            return true;
    return false;
}

static void log_flush_line(log_cookie *lc)
{
    const char *text = rt_buf_cstr(&lc->line);
    if (log_has_level(text))
        fprintf(stderr, "%s\n", text);
    else
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
