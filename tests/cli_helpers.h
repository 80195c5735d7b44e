/* Helpers for the suites that drive the built `retort` binary
 * (test_cli.c, test_e2e_sqlite.c, test_matrix.c). */
#ifndef RT_CLI_HELPERS_H
#define RT_CLI_HELPERS_H

#include "rt_mem.h"
#include "rt_test.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RT_RETORT_BIN
#error "RT_RETORT_BIN must name the built retort binary"
#endif

/* Runs `retort ARGS` (ARGS is shell text, redirections allowed) in cwd with
 * $RETORT_URL/$DATABASE_URL removed, so that only the test decides the URL.
 * *out (caller frees) gets stdout and stderr together. */
__attribute__((format(printf, 3, 4), unused)) static int
cli_run(char **out, const char *cwd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *args = rt_xvasprintf(fmt, ap);
    va_end(ap);
    int rc = rt_test_sh(out, cwd, "env -u RETORT_URL -u DATABASE_URL '%s' %s",
                        RT_RETORT_BIN, args);
    free(args);
    return rc;
}

/* `retort ARGS` in cwd (ARGS taken literally, not as a format) must exit with
 * status want; returns the output (caller frees). */
__attribute__((unused)) static char *cli_expect(int want, const char *cwd, const char *args)
{
    char *out = NULL;
    int rc = cli_run(&out, cwd, "%s", args);
    cr_assert_eq(rc, want, "retort %s exited %d, expected %d:\n%s", args, rc, want, out);
    return out;
}

/* stdout alone of `retort ARGS` in cwd, which must succeed, equals want. */
__attribute__((unused)) static void cli_expect_stdout(const char *cwd, const char *args,
                                                      const char *want)
{
    char *cmd = rt_xasprintf("%s 2>/dev/null", args);
    char *out = cli_expect(0, cwd, cmd);
    cr_assert_str_eq(out, want, "retort %s: got\n%s", args, out);
    free(out);
    free(cmd);
}

/* `retort ARGS` in cwd fails with status 2 and an error line on stderr
 * naming needle. */
__attribute__((unused)) static void cli_expect_usage_error(const char *cwd, const char *args,
                                                           const char *needle)
{
    char *cmd = rt_xasprintf("%s 2>&1 >/dev/null", args);
    char *err = cli_expect(2, cwd, cmd);
    cr_assert(strstr(err, "retort: error: ") && strstr(err, needle),
              "expected an error naming '%s', got:\n%s", needle, err);
    free(err);
    free(cmd);
}

/* cli_assert_has with a formatted needle (revision ids are only known at run
 * time). */
__attribute__((format(printf, 2, 3), unused)) static void
cli_assert_hasf(const char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *needle = rt_xvasprintf(fmt, ap);
    va_end(ap);
    cr_assert(strstr(text, needle) != NULL, "expected '%s' in:\n%s", needle, text);
    free(needle);
}

#define cli_assert_has(text, needle)                                                   \
    cr_assert(strstr((text), (needle)) != NULL, "expected '%s' in:\n%s", (needle), (text))
#define cli_assert_lacks(text, needle)                                                 \
    cr_assert(strstr((text), (needle)) == NULL, "did not expect '%s' in:\n%s", (needle), \
              (text))

/* The path in "  Generating <path> ...  done" (caller frees). */
__attribute__((unused)) static char *cli_generated_path(const char *out)
{
    const char *p = strstr(out, "  Generating ");
    cr_assert_not_null(p, "no 'Generating' line in:\n%s", out);
    p += strlen("  Generating ");
    const char *end = strstr(p, " ...  done");
    cr_assert_not_null(end, "no '...  done' in:\n%s", out);
    return rt_xstrndup(p, (size_t)(end - p));
}

/* The value of header line "-- <key>: value" in a revision file (caller
 * frees). */
__attribute__((unused)) static char *cli_header(const char *path, const char *key)
{
    char *text = rt_test_read_file(path);
    cr_assert_not_null(text, "cannot read %s", path);
    char *needle = rt_xasprintf("-- %s:", key);
    char *p = strstr(text, needle);
    cr_assert_not_null(p, "no '%s' in %s:\n%s", needle, path, text);
    p += strlen(needle);
    while (*p == ' ')
        p++;
    char *value = rt_xstrndup(p, strcspn(p, "\n"));
    free(needle);
    free(text);
    return value;
}

/* Keeps the header of the revision file at path and replaces its sections. */
__attribute__((unused)) static void cli_set_sections(const char *path, const char *up,
                                                     const char *down)
{
    char *text = rt_test_read_file(path);
    cr_assert_not_null(text, "cannot read %s", path);
    char *mark = strstr(text, "-- upgrade");
    cr_assert_not_null(mark, "no '-- upgrade' in %s:\n%s", path, text);
    *mark = '\0';
    char *body = rt_xasprintf("%s-- upgrade\n%s\n\n-- downgrade\n%s\n", text, up, down);
    rt_test_write_file(path, body);
    free(body);
    free(text);
}

/* Output of the sqlite3 CLI on db (caller frees), trailing newline removed. */
__attribute__((unused)) static char *cli_sqlite(const char *db, const char *sql)
{
    char *out = NULL;
    int rc = rt_test_sh(&out, NULL, "sqlite3 '%s' \"%s\"", db, sql);
    cr_assert_eq(rc, 0, "sqlite3 %s: %s", sql, out ? out : "");
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '\n')
        out[--n] = '\0';
    return out;
}

#endif
