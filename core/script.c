#include "script.h"
#include "source_text.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A header is a few hundred bytes; one read() of this size covers it in the
 * common case, which keeps loading 10,000 revisions cheap. */
#define SC_FIRST_READ 768

#define SC_ID_MAX RT_SCRIPT_ID_MAX

enum sc_key { SC_ID, SC_REVISES, SC_DATE, SC_MESSAGE, SC_LABELS, SC_DEPENDS, SC_NKEYS };

static const char *const sc_key_names[SC_NKEYS] = {
    "Revision ID", "Revises", "Create Date", "Message", "Branch Labels", "Depends On",
};

static bool sc_id_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

bool rt_script_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SC_ID_MAX)
        return false;
    for (; *s; s++)
        if (!sc_id_char(*s))
            return false;
    return true;
}

/* Reads from fd until the text holds a complete "-- upgrade" line or the
 * file ends. *text is NUL-terminated, caller frees. */
static int sc_read_fd(int fd, char **text, size_t *len, bool whole, const char *path,
                      rt_error *err)
{
    size_t cap = SC_FIRST_READ, n = 0;
    char *buf = rt_xmalloc(cap + 1);
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            return rt_error_set(err, RT_EIO, "Cannot read %s: %s.", path, strerror(e));
        }
        n += (size_t)got;
        buf[n] = '\0';
        if (got == 0)
            break;
        if (!whole) {
            /* Stop once the marker line is complete: nothing after it matters. */
            const char *m = buf;
            bool done = false;
            while ((m = strstr(m, "-- upgrade")) != NULL) {
                if ((m == buf || m[-1] == '\n') && strchr(m, '\n')) {
                    done = true;
                    break;
                }
                m++;
            }
            if (done)
                break;
        }
        if (n == cap) {
            cap *= 2;
            buf = rt_xrealloc(buf, cap + 1);
        }
    }
    size_t skip = 0;
    if (rt_source_text_check(buf, n, path, &skip, err) != RT_OK) {
        free(buf);
        return err->code;
    }
    memmove(buf, buf + skip, n - skip + 1);
    *text = buf;
    *len = n - skip;
    return RT_OK;
}

void rt_revision_free(rt_revision *r)
{
    if (!r)
        return;
    free(r->id);
    rt_strv_free(&r->down);
    rt_strv_free(&r->branch_labels);
    rt_strv_free(&r->depends_on);
    free(r->message);
    free(r->create_date);
    free(r->path);
    memset(r, 0, sizeof *r);
}

void rt_script_body_free(rt_script_body *b)
{
    if (!b)
        return;
    free(b->upgrade);
    free(b->downgrade);
    memset(b, 0, sizeof *b);
}

/* One line of text without its end-of-line, trailing blanks removed. */
typedef struct sc_line {
    const char *start;
    size_t len;
    int no;
} sc_line;

static bool sc_next_line(const char **p, const char *end, sc_line *out)
{
    if (*p >= end)
        return false;
    const char *s = *p;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    out->start = s;
    out->len = (size_t)(e - s);
    out->no++;
    return true;
}

/* "-- upgrade" / "-- downgrade" (any case, any blanks after "--"). */
static bool sc_is_marker(const sc_line *l, const char *word)
{
    if (l->len < 2 || l->start[0] != '-' || l->start[1] != '-')
        return false;
    const char *p = l->start + 2;
    const char *e = l->start + l->len;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    size_t wl = strlen(word);
    return (size_t)(e - p) == wl && strncasecmp(p, word, wl) == 0;
}

#define sc_error(err, path, line, col, ...)                                     \
    rt_error_at(err, RT_EPARSE, path, line, col, __VA_ARGS__)

/* Splits a comma-separated list of ids/labels, checking each. */
static int sc_parse_list(rt_strv *out, const sc_line *l, size_t vstart, const char *what,
                         const char *path, rt_error *err)
{
    size_t i = vstart;
    if (i >= l->len)
        return RT_OK;
    for (;;) {
        while (i < l->len && (l->start[i] == ' ' || l->start[i] == '\t'))
            i++;
        size_t s = i;
        while (i < l->len && l->start[i] != ',' && l->start[i] != ' ' && l->start[i] != '\t')
            i++;
        size_t e = i;
        while (i < l->len && (l->start[i] == ' ' || l->start[i] == '\t'))
            i++;
        if (e == s)
            return sc_error(err, path, l->no, (int)s + 1, "empty %s in the list", what);
        if (i < l->len && l->start[i] != ',')
            return sc_error(err, path, l->no, (int)i + 1,
                            "expected ',' between two %ss", what);
        if (e - s > SC_ID_MAX)
            return sc_error(err, path, l->no, (int)s + 1,
                            "a %s is longer than 32 characters", what);
        for (size_t k = s; k < e; k++)
            if (!sc_id_char(l->start[k])) {
                char c[2] = { l->start[k], 0 };
                return sc_error(err, path, l->no, (int)k + 1,
                                "unexpected character '%s' in a %s (use letters, digits, "
                                "'_', '-' and '.')",
                                c, what);
            }
        rt_strv_push_owned(out, rt_xstrndup(l->start + s, e - s));
        if (i >= l->len)
            return RT_OK;
        i++; /* the ',' */
    }
}

/* Parses the header lines of text into out (zeroed by the caller). */
static int sc_parse_header(rt_revision *out, const char *path, const char *text, size_t len,
                           rt_error *err)
{
    const char *p = text, *end = text + len;
    sc_line l = { NULL, 0, 0 };
    int seen[SC_NKEYS] = { 0 };
    while (sc_next_line(&p, end, &l)) {
        if (sc_is_marker(&l, "upgrade"))
            break;
        if (l.len == 0)
            continue;
        if (l.len < 2 || l.start[0] != '-' || l.start[1] != '-') {
            if (sc_is_marker(&l, "downgrade"))
                break;
            return sc_error(err, path, l.no, 1,
                            "SQL before the '-- upgrade' line; above it only header lines "
                            "('-- Key: value') and comments may stand");
        }
        if (sc_is_marker(&l, "downgrade"))
            break;
        size_t k = 2;
        while (k < l.len && (l.start[k] == ' ' || l.start[k] == '\t'))
            k++;
        int key = -1;
        size_t klen = 0;
        for (int i = 0; i < SC_NKEYS; i++) {
            size_t n = strlen(sc_key_names[i]);
            if (l.len - k > n && strncasecmp(l.start + k, sc_key_names[i], n) == 0 &&
                l.start[k + n] == ':') {
                key = i;
                klen = n;
            }
        }
        if (key < 0)
            continue; /* a free comment */
        if (seen[key]) {
            return sc_error(err, path, l.no, (int)k + 1,
                            "second '%s' line (the first is on line %d)", sc_key_names[key],
                            seen[key]);
        }
        seen[key] = l.no;
        size_t v = k + klen + 1;
        while (v < l.len && (l.start[v] == ' ' || l.start[v] == '\t'))
            v++;
        int rc = RT_OK;
        switch (key) {
        case SC_ID: {
            rt_strv ids = RT_STRV_INIT;
            if (v >= l.len) {
                return sc_error(err, path, l.no, (int)v + 1,
                                "the Revision ID is empty");
            }
            rc = sc_parse_list(&ids, &l, v, "revision id", path, err);
            if (rc == RT_OK && ids.n != 1) {
                rc = sc_error(err, path, l.no, (int)v + 1,
                              "a revision has exactly one Revision ID");
            }
            if (rc == RT_OK) {
                out->id = ids.items[0];
                ids.n = 0;
                out->id_line = l.no;
            }
            rt_strv_free(&ids);
            break;
        }
        case SC_REVISES:
            out->down_line = l.no;
            /* Alembic writes "None" for a base in its own files. */
            if (l.len - v == 4 && strncmp(l.start + v, "None", 4) == 0)
                break;
            rc = sc_parse_list(&out->down, &l, v, "revision id", path, err);
            break;
        case SC_DATE:
            free(out->create_date);
            out->create_date = rt_xstrndup(l.start + v, l.len - v);
            break;
        case SC_MESSAGE:
            free(out->message);
            out->message = rt_xstrndup(l.start + v, l.len - v);
            break;
        case SC_LABELS:
            out->labels_line = l.no;
            rc = sc_parse_list(&out->branch_labels, &l, v, "branch label", path, err);
            break;
        case SC_DEPENDS:
            out->depends_line = l.no;
            rc = sc_parse_list(&out->depends_on, &l, v, "revision id", path, err);
            break;
        }
        if (rc != RT_OK)
            return rc;
    }
    if (!out->id)
        return sc_error(err, path, 1, 1,
                        "missing the '-- Revision ID: <id>' header line");
    return RT_OK;
}

static int sc_open(const char *path, rt_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return rt_error_set(err, RT_EIO, "Cannot open %s: %s.", path, strerror(errno));
    return fd;
}

int rt_script_read_header_at(rt_revision *out, int dirfd, const char *name, const char *path,
                             rt_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return rt_error_set(err, RT_EIO, "Cannot open %s: %s.", path, strerror(errno));
    char *text = NULL;
    size_t len = 0;
    int rc = sc_read_fd(fd, &text, &len, false, path, err);
    close(fd);
    if (rc == RT_OK)
        rc = sc_parse_header(out, path, text, len, err);
    free(text);
    if (rc != RT_OK) {
        rt_revision_free(out);
        return rc;
    }
    out->path = rt_xstrdup(path);
    if (!out->message)
        out->message = rt_xstrdup("");
    if (!out->create_date)
        out->create_date = rt_xstrdup("");
    return RT_OK;
}

int rt_script_read_header(rt_revision *out, const char *path, rt_error *err)
{
    return rt_script_read_header_at(out, AT_FDCWD, path, path, err);
}

static int sc_read_all(char **text, size_t *len, const char *path, rt_error *err)
{
    int fd = sc_open(path, err);
    if (fd < 0)
        return err->code;
    int rc = sc_read_fd(fd, text, len, true, path, err);
    close(fd);
    return rc;
}

int rt_script_read_body(rt_script_body *out, const char *path, rt_error *err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    if (sc_read_all(&text, &len, path, err) != RT_OK)
        return err->code;
    const char *p = text, *end = text + len;
    sc_line l = { NULL, 0, 0 };
    const char *up = NULL, *down = NULL, *up_end = NULL;
    int up_line = 0, down_line = 0;
    int rc = RT_OK;
    while (sc_next_line(&p, end, &l)) {
        if (sc_is_marker(&l, "upgrade")) {
            if (up) {
                rc = sc_error(err, path, l.no, 1, "second '-- upgrade' line");
                break;
            }
            if (down) {
                rc = sc_error(err, path, l.no, 1,
                              "'-- upgrade' must come before '-- downgrade' (line %d)",
                              down_line - 1);
                break;
            }
            up = p;
            up_line = l.no + 1;
        } else if (sc_is_marker(&l, "downgrade")) {
            if (down) {
                rc = sc_error(err, path, l.no, 1, "second '-- downgrade' line");
                break;
            }
            up_end = l.start;
            down = p;
            down_line = l.no + 1;
        }
    }
    if (rc == RT_OK && !up)
        rc = sc_error(err, path, l.no > 0 ? l.no : 1, 1,
                      "missing the '-- upgrade' line that starts the upgrade section");
    if (rc == RT_OK) {
        if (!up_end)
            up_end = end;
        out->upgrade = rt_xstrndup(up, (size_t)(up_end - up));
        out->upgrade_line = up_line;
        out->downgrade = down ? rt_xstrndup(down, (size_t)(end - down)) : rt_xstrdup("");
        out->downgrade_line = down ? down_line : 0;
    }
    free(text);
    return rc;
}

int rt_script_item_col(const char *path, int line, const char *item)
{
    char *text = NULL;
    size_t len = 0;
    rt_error err;
    if (sc_read_all(&text, &len, path, &err) != RT_OK)
        return 1;
    const char *p = text, *end = text + len;
    sc_line l = { NULL, 0, 0 };
    int col = 1;
    while (sc_next_line(&p, end, &l)) {
        if (l.no != line)
            continue;
        const char *colon = memchr(l.start, ':', l.len);
        size_t from = colon ? (size_t)(colon - l.start) + 1 : 0;
        size_t il = strlen(item);
        for (size_t i = from; i + il <= l.len; i++) {
            bool left = i == from || !sc_id_char(l.start[i - 1]);
            bool right = i + il == l.len || !sc_id_char(l.start[i + il]);
            if (left && right && memcmp(l.start + i, item, il) == 0) {
                col = (int)i + 1;
                break;
            }
        }
        break;
    }
    free(text);
    return col;
}

char *rt_script_new_id(void)
{
    unsigned char bytes[6];
    bool ok = false;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ok = read(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes;
        close(fd);
    }
    if (!ok) {
        /* No random device (a bare chroot): time and pid still make ids that
         * differ between runs. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^
                               ((unsigned long long)ts.tv_sec << 20) ^
                               ((unsigned long long)getpid() << 40);
        for (size_t i = 0; i < sizeof bytes; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes[i] = (unsigned char)x;
        }
    }
    char *id = rt_xmalloc(13);
    for (size_t i = 0; i < sizeof bytes; i++)
        snprintf(id + 2 * i, 3, "%02x", bytes[i]);
    return id;
}

char *rt_script_slug(const char *message)
{
    /* Alembic: words of the message joined by '_', lower case, cut at 40
     * characters on a word boundary. */
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    bool in_word = false;
    for (const char *p = message ? message : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) || c == '_') {
            if (!in_word && b.len > 0)
                rt_buf_putc(&b, '_');
            rt_buf_putc(&b, (char)tolower(c));
            in_word = true;
        } else {
            in_word = false;
        }
    }
    if (b.len > 40) {
        b.data[40] = '\0';
        b.len = 40;
        char *us = strrchr(b.data, '_');
        if (us && us != b.data) {
            us[1] = '\0';
            b.len = (size_t)(us - b.data) + 1;
        }
    }
    return rt_buf_steal(&b);
}

bool rt_script_is_revision_name(const char *name, size_t n)
{
    return n > 4 && name[0] != '.' && memchr(name, '/', n) == NULL &&
           memcmp(name + n - 4, ".sql", 4) == 0;
}

/* Expands Alembic's file_template placeholders. */
static int sc_expand_template(rt_buf *out, const char *tmpl, const char *rev, const char *slug,
                              const struct tm *tm, time_t epoch, rt_error *err)
{
    for (const char *p = tmpl; *p; p++) {
        if (*p != '%') {
            rt_buf_putc(out, *p);
            continue;
        }
        if (p[1] == '%') {
            rt_buf_putc(out, '%');
            p++;
            continue;
        }
        const char *close = p[1] == '(' ? strchr(p + 2, ')') : NULL;
        if (!close)
            return rt_error_set(err, RT_ECONFIG,
                                "file_template '%s': a '%%' must start a placeholder such as "
                                "%%(rev)s (or be written %%%%).",
                                tmpl);
        size_t nlen = (size_t)(close - (p + 2));
        const char *name = p + 2;
        const char *spec = close + 1;
        size_t slen = strspn(spec, ".0123456789");
        char conv = spec[slen];
        if (conv != 's' && conv != 'd')
            return rt_error_set(err, RT_ECONFIG,
                                "file_template '%s': the placeholder %%(%.*s) needs a 's' or "
                                "'d' conversion.",
                                tmpl, (int)nlen, name);
        int width = 0;
        if (slen >= 2 && spec[0] == '.')
            width = atoi(spec + 1);
#define SC_IS(s) (nlen == strlen(s) && strncmp(name, s, nlen) == 0)
        long num = 0;
        const char *str = NULL;
        if (SC_IS("rev"))
            str = rev;
        else if (SC_IS("slug"))
            str = slug;
        else if (SC_IS("year"))
            num = tm->tm_year + 1900;
        else if (SC_IS("month"))
            num = tm->tm_mon + 1;
        else if (SC_IS("day"))
            num = tm->tm_mday;
        else if (SC_IS("hour"))
            num = tm->tm_hour;
        else if (SC_IS("minute"))
            num = tm->tm_min;
        else if (SC_IS("second"))
            num = tm->tm_sec;
        else if (SC_IS("epoch"))
            num = (long)epoch;
        else
            return rt_error_set(err, RT_ECONFIG,
                                "file_template '%s': unknown placeholder %%(%.*s); known are "
                                "rev, slug, epoch, year, month, day, hour, minute, second.",
                                tmpl, (int)nlen, name);
#undef SC_IS
        if (str)
            rt_buf_append(out, str);
        else
            rt_buf_printf(out, "%0*ld", width, num);
        p = spec + slen;
    }
    return RT_OK;
}

static void sc_join_line(rt_buf *b, const char *key, const rt_strv *v)
{
    rt_buf_printf(b, "-- %s: ", key);
    for (size_t i = 0; i < v->n; i++)
        rt_buf_printf(b, "%s%s", i ? ", " : "", v->items[i]);
    rt_buf_putc(b, '\n');
}

static void sc_section(rt_buf *b, const char *sql)
{
    if (sql && *sql) {
        rt_buf_append(b, sql);
        if (sql[strlen(sql) - 1] != '\n')
            rt_buf_putc(b, '\n');
    }
}

int rt_script_write(char **path_out, const char *versions_dir, const char *file_template,
                    const rt_revision *rev, const char *upgrade_sql, const char *downgrade_sql,
                    rt_error *err)
{
    return rt_script_write_noted(path_out, versions_dir, file_template, rev, NULL, upgrade_sql,
                                 downgrade_sql, err);
}

int rt_script_write_noted(char **path_out, const char *versions_dir, const char *file_template,
                          const rt_revision *rev, const char *note, const char *upgrade_sql,
                          const char *downgrade_sql, rt_error *err)
{
    *path_out = NULL;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);

    char *slug = rt_script_slug(rev->message);
    rt_buf name = RT_BUF_INIT;
    int rc = sc_expand_template(&name, file_template, rev->id, slug, &tm, ts.tv_sec, err);
    free(slug);
    if (rc != RT_OK) {
        rt_buf_free(&name);
        return rc;
    }
    char *file = rt_xasprintf("%s.sql", rt_buf_cstr(&name));
    rt_buf_free(&name);
    if (!rt_script_is_revision_name(file, strlen(file))) {
        rc = rt_error_set(err, RT_ECONFIG,
                          "file_template '%s' gives the file name '%s', which is not a "
                          "revision file directly in %s/ (no '/', not starting with '.'): "
                          "the history would not see it.",
                          file_template, file, versions_dir);
        free(file);
        return rc;
    }
    char *path = rt_xasprintf("%s/%s", versions_dir, file);
    free(file);

    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "-- Revision ID: %s\n", rev->id);
    sc_join_line(&b, "Revises", &rev->down);
    if (note)
        rt_buf_printf(&b, "-- Create Date: %s\n", rev->create_date ? rev->create_date : "");
    else
        rt_buf_printf(&b, "-- Create Date: %s.%06ld\n", date, ts.tv_nsec / 1000);
    rt_buf_printf(&b, "-- Message: %s\n", rev->message ? rev->message : "");
    sc_join_line(&b, "Branch Labels", &rev->branch_labels);
    sc_join_line(&b, "Depends On", &rev->depends_on);
    if (note)
        rt_buf_printf(&b, "-- %s\n", note);
    rt_buf_append(&b, "\n-- upgrade\n");
    sc_section(&b, upgrade_sql);
    rt_buf_append(&b, "\n-- downgrade\n");
    sc_section(&b, downgrade_sql);

    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = rt_error_set(err, errno == EEXIST ? RT_EEXIST : RT_EIO, "Cannot create %s: %s.",
                          path, strerror(errno));
        free(path);
        rt_buf_free(&b);
        return rc;
    }
    const char *p = rt_buf_cstr(&b);
    size_t left = b.len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            rc = rt_error_set(err, RT_EIO, "Cannot write %s: %s.", path, strerror(errno));
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0 && rc == RT_OK)
        rc = rt_error_set(err, RT_EIO, "Cannot write %s: %s.", path, strerror(errno));
    rt_buf_free(&b);
    if (rc != RT_OK) {
        unlink(path);
        free(path);
        return rc;
    }
    *path_out = path;
    return RT_OK;
}
