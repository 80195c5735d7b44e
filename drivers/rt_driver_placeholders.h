/* The ABI 2 parameter form ($1, $2, ..., see rt_driver.h) for drivers whose
 * client library wants something else: one scanner, shared by the
 * mysqlclient and odbc modules (header only, like rt_driver_timeouts.h).
 * libpq takes $n as written; sqlite3 does too, and rewrites a long run of
 * them as ? (named ones cost SQLite a lookup each).
 *
 * A placeholder is '$' and digits, not inside a string literal, a quoted
 * identifier ("..." or `...`) or a comment, and not part of a longer word
 * (a$1 is a name). A bare '?' there is reported too: in a statement with
 * $n parameters it would be taken for one by a '?' client library.
 */
#ifndef RT_DRIVER_PLACEHOLDERS_H
#define RT_DRIVER_PLACEHOLDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

static inline bool rt_drv_ph_word(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* Finds the next placeholder at or after *pos. On true, *start and *len
 * give its place in sql and *num its number (1-based), or 0 for a bare
 * '?'; *pos moves past it. backslash: a backslash escapes the next
 * character inside quotes (MySQL/MariaDB without NO_BACKSLASH_ESCAPES). */
static inline bool rt_drv_next_placeholder(const char *sql, size_t *pos, bool backslash,
                                           size_t *start, size_t *len, unsigned long *num)
{
    size_t i = *pos;
    while (sql[i]) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"' || ch == '`') {
            i++;
            while (sql[i]) {
                if (backslash && ch != '`' && sql[i] == '\\' && sql[i + 1]) {
                    i += 2;
                } else if (sql[i] == ch) {
                    if (sql[i + 1] != ch)
                        break;
                    i += 2; /* '' inside '...' */
                } else {
                    i++;
                }
            }
            if (sql[i])
                i++;
        } else if (ch == '-' && sql[i + 1] == '-') {
            while (sql[i] && sql[i] != '\n')
                i++;
        } else if (ch == '/' && sql[i + 1] == '*') {
            i += 2;
            while (sql[i] && !(sql[i] == '*' && sql[i + 1] == '/'))
                i++;
            if (sql[i])
                i += 2;
        } else if (ch == '?') {
            *start = i;
            *len = 1;
            *num = 0;
            *pos = i + 1;
            return true;
        } else if (ch == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9' &&
                   (i == 0 || !rt_drv_ph_word(sql[i - 1]))) {
            size_t j = i + 1;
            unsigned long n = 0;
            while (sql[j] >= '0' && sql[j] <= '9') {
                n = n > 100000000ul ? n : n * 10 + (unsigned long)(sql[j] - '0');
                j++;
            }
            *start = i;
            *len = j - i;
            *num = n;
            *pos = j;
            return true;
        } else {
            i++;
        }
    }
    *pos = i;
    return false;
}

#endif
