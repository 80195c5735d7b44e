#include "url.h"
#include "backend_registry.h"
#include "odbc_connstr.h"
#include "rt_mem.h"
#include "utf8.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The grammar follows SQLAlchemy's URL regular expression so that a URL
 * copied from alembic.ini splits the same way:
 *   name://[user[:password]@][host|[ipv6]][:port][/database][?query]
 * with the user free of ':' '/' '?', the password free of '@', the host free
 * of '/' ':' '?', and the database running up to the first '?'. */

/* Which backend's database the URL names decides what its parts mean: a
 * file-based backend's database is a path (core/backend_registry.h). */
static const rt_backend *url_backend(const rt_url *u)
{
    return rt_backend_named(u->dialect);
}

/* Percent-decodes s[0..n). A '%' not followed by two hex digits stays as it
 * is, as Python's unquote does. %00 is refused: no C string can carry it.
 * Returns NULL for %00. */
static char *url_decode(const char *s, size_t n, bool plus_is_space)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_appendn(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < n) {
            unsigned long v;
            if (rt_hex_value(s + i + 1, 2, &v) == 0) {
                if (v == 0) {
                    rt_buf_free(&b);
                    return NULL;
                }
                rt_buf_putc(&b, (char)v);
                i += 2;
                continue;
            }
        }
        if (c == '+' && plus_is_space)
            c = ' ';
        rt_buf_putc(&b, c);
    }
    return rt_buf_steal(&b);
}

void rt_url_free(rt_url *url)
{
    if (!url)
        return;
    free(url->dialect);
    free(url->driver);
    free(url->user);
    free(url->password);
    free(url->host);
    free(url->database);
    for (size_t i = 0; i < url->nquery; i++) {
        free(url->query_keys[i]);
        free(url->query_values[i]);
    }
    free(url->query_keys);
    free(url->query_values);
    free(url);
}

static const char url_form[] =
    "expected dialect[+driver]://user:password@host:port/database?key=value";

/* Decodes one component into *dst; NULL stays NULL for empty text when
 * empty_is_null. */
static int url_component(char **dst, const char *s, size_t n, bool empty_is_null,
                         bool plus_is_space, const char *what, rt_error *err)
{
    if (n == 0 && empty_is_null) {
        *dst = NULL;
        return RT_OK;
    }
    *dst = url_decode(s, n, plus_is_space);
    if (!*dst)
        return rt_error_set(err, RT_ECONFIG,
                            "Invalid database URL: the %s contains %%00, which cannot be used.",
                            what);
    return RT_OK;
}

static int url_parse_query(rt_url *u, const char *q, rt_error *err)
{
    size_t cap = 0;
    while (*q) {
        size_t len = strcspn(q, "&");
        if (len > 0) {
            const char *eq = memchr(q, '=', len);
            size_t klen = eq ? (size_t)(eq - q) : len;
            char *key = NULL, *value = NULL;
            if (klen == 0)
                return rt_error_set(err, RT_ECONFIG,
                                    "Invalid database URL: a query parameter has no name (%s).",
                                    url_form);
            if (url_component(&key, q, klen, false, true, "query", err) != RT_OK)
                return err->code;
            if (url_component(&value, eq ? eq + 1 : q + len, eq ? len - klen - 1 : 0, false,
                              true, "query", err) != RT_OK) {
                free(key);
                return err->code;
            }
            if (u->nquery == cap) {
                cap = cap ? cap * 2 : 4;
                u->query_keys = rt_xrealloc(u->query_keys, cap * sizeof *u->query_keys);
                u->query_values = rt_xrealloc(u->query_values, cap * sizeof *u->query_values);
            }
            u->query_keys[u->nquery] = key;
            u->query_values[u->nquery] = value;
            u->nquery++;
        }
        q += len;
        if (*q == '&')
            q++;
    }
    return RT_OK;
}

/* "Unknown database driver 'x' in the URL; known drivers are ...", the list
 * from the registry. */
static int url_unknown(rt_error *err, const char *what, const char *name, size_t len,
                       void (*describe)(rt_buf *out))
{
    rt_buf known = RT_BUF_INIT;
    describe(&known);
    rt_error_set(err, RT_ECONFIG, "Unknown database %s '%.*s' in the URL; known %ss are %s.",
                 what, (int)(len > 64 ? 64 : len), name, what, rt_buf_cstr(&known));
    rt_buf_free(&known);
    return RT_ECONFIG;
}

static int url_parse_scheme(rt_url *u, const char *text, size_t n, rt_error *err)
{
    const char *plus = memchr(text, '+', n);
    size_t dlen = plus ? (size_t)(plus - text) : n;
    const rt_backend *b = rt_backend_find(text, dlen);
    if (!b)
        return url_unknown(err, "dialect", text, dlen, rt_backend_describe_names);
    u->dialect = rt_xstrdup(b->name);
    if (!plus) {
        u->driver = rt_xstrdup(b->native.name);
        return RT_OK;
    }
    const char *dname = plus + 1;
    size_t drlen = n - dlen - 1;
    const rt_backend_driver *driver = rt_backend_driver_find(dname, drlen);
    if (!driver)
        return url_unknown(err, "driver", dname, drlen, rt_backend_describe_drivers);
    if (rt_backend_check_driver(b, driver->name, err) != RT_OK)
        return err->code;
    u->driver = rt_xstrdup(driver->name);
    return RT_OK;
}

static int url_parse_port(rt_url *u, const char *s, size_t n, rt_error *err)
{
    long v = 0;
    if (n == 0)
        return RT_OK;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]) || v > 65535)
            return rt_error_set(err, RT_ECONFIG,
                                "Invalid database URL: the port '%.*s' is not a number from 1 "
                                "to 65535.",
                                (int)(n > 16 ? 16 : n), s);
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > 65535)
        return rt_error_set(err, RT_ECONFIG,
                            "Invalid database URL: the port '%.*s' is not a number from 1 to "
                            "65535.",
                            (int)(n > 16 ? 16 : n), s);
    u->port = (int)v;
    return RT_OK;
}

/* Finds user[:password]@ at the start of rest. Returns the length of the
 * whole userinfo including '@' (0 when absent) and the spans of its parts. */
static size_t url_userinfo(const char *rest, size_t *ulen, const char **pass, size_t *plen)
{
    size_t span = strcspn(rest, ":/?");
    *pass = NULL;
    *plen = 0;
    if (rest[span] == ':') {
        const char *at = strchr(rest + span + 1, '@');
        if (at) {
            *ulen = span;
            *pass = rest + span + 1;
            *plen = (size_t)(at - *pass);
            return (size_t)(at - rest) + 1;
        }
    }
    /* No password: the user ends at the last '@' before ':' '/' '?'. */
    for (size_t i = span; i > 0; i--) {
        if (rest[i - 1] == '@') {
            *ulen = i - 1;
            return i;
        }
    }
    return 0;
}

static int url_parse_rest(rt_url *u, const char *rest, rt_error *err)
{
    size_t ulen = 0, plen = 0;
    const char *pass = NULL;
    size_t info = url_userinfo(rest, &ulen, &pass, &plen);
    if (info) {
        if (url_component(&u->user, rest, ulen, true, false, "user name", err) != RT_OK)
            return err->code;
        if (pass && url_component(&u->password, pass, plen, false, false, "password", err) != RT_OK)
            return err->code;
        rest += info;
    }

    const char *h = rest;
    size_t hlen;
    if (*rest == '[') {
        const char *close = strchr(rest, ']');
        if (!close || memchr(rest, '/', (size_t)(close - rest)) || memchr(rest, '?', (size_t)(close - rest)))
            return rt_error_set(err, RT_ECONFIG,
                                "Invalid database URL: an IPv6 host opened with '[' has no "
                                "closing ']' (%s).",
                                url_form);
        h = rest + 1;
        hlen = (size_t)(close - h);
        rest = close + 1;
        if (*rest && *rest != ':' && *rest != '/' && *rest != '?')
            return rt_error_set(err, RT_ECONFIG,
                                "Invalid database URL: unexpected text after the IPv6 host "
                                "(%s).",
                                url_form);
    } else {
        hlen = strcspn(rest, "/:?");
        rest += hlen;
    }
    if (url_component(&u->host, h, hlen, true, false, "host", err) != RT_OK)
        return err->code;

    if (*rest == ':') {
        rest++;
        size_t n = strcspn(rest, "/?");
        if (url_parse_port(u, rest, n, err) != RT_OK)
            return err->code;
        rest += n;
    }
    if (*rest == '/') {
        rest++;
        size_t n = strcspn(rest, "?");
        if (url_component(&u->database, rest, n, true, false, "database", err) != RT_OK)
            return err->code;
        rest += n;
    }
    if (*rest == '?')
        return url_parse_query(u, rest + 1, err);
    return RT_OK;
}

/* A file-based backend's database is a path: "" is in memory. Its native
 * driver opens the file itself, so user, host and port mean nothing there;
 * a transport (ODBC) may still take them for its own connection string. */
static int url_check_file_based(rt_url *u, rt_error *err)
{
    bool native = strcmp(u->driver, url_backend(u)->native.name) == 0;
    if (native && (u->host || u->user || u->password || u->port))
        return rt_error_set(err, RT_ECONFIG,
                            "Invalid %s URL: it takes no user, host or port; write "
                            "%s:///relative/path.db, %s:////absolute/path.db or "
                            "%s:// (in memory).",
                            url_backend(u)->title, u->dialect, u->dialect, u->dialect);
    if (!u->database)
        u->database = rt_xstrdup("");
    return RT_OK;
}

bool rt_url_names_nothing(const rt_url *u)
{
    return strcmp(u->dialect, "sqlite") != 0 && !u->user && !u->password && !u->host &&
           !u->port && !u->database && u->nquery == 0;
}

int rt_url_parse(rt_url **out, const char *text, rt_error *err)
{
    *out = NULL;
    if (!text || !*text)
        return rt_error_set(err, RT_ECONFIG, "The database URL is empty (%s).", url_form);
    const char *sep = strstr(text, "://");
    size_t slen = sep ? (size_t)(sep - text) : 0;
    bool scheme_ok = sep && slen > 0;
    for (size_t i = 0; scheme_ok && i < slen; i++)
        if (!isalnum((unsigned char)text[i]) && text[i] != '+' && text[i] != '_')
            scheme_ok = false;
    if (!scheme_ok)
        return rt_error_set(err, RT_ECONFIG,
                            "Invalid database URL: it does not start with a dialect name and "
                            "'://' (%s).",
                            url_form);

    rt_url *u = rt_xcalloc(1, sizeof *u);
    int rc = url_parse_scheme(u, text, slen, err);
    if (rc == RT_OK)
        rc = url_parse_rest(u, sep + 3, err);
    if (rc == RT_OK && url_backend(u)->file_based)
        rc = url_check_file_based(u, err);
    if (rc != RT_OK) {
        rt_url_free(u);
        return rc;
    }
    *out = u;
    return RT_OK;
}

const char *rt_url_query(const rt_url *url, const char *key)
{
    for (size_t i = 0; i < url->nquery; i++)
        if (strcmp(url->query_keys[i], key) == 0)
            return url->query_values[i];
    return NULL;
}

/* Appends s encoded so that parsing the redacted URL gives s back. */
static void url_encode(rt_buf *b, const char *s, const char *special)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '%' || c < 0x20 || c == 0x7f || strchr(special, c))
            rt_buf_printf(b, "%%%02X", c);
        else
            rt_buf_putc(b, (char)c);
    }
}

/* Every secret the URL carries: the password, a ?password= value, and the
 * PWD=/Password= items of an ODBC connection string (odbc_connect=). */
static void url_secrets(const rt_url *url, rt_strv *out)
{
    if (url->password && *url->password)
        rt_strv_push(out, url->password);
    for (size_t i = 0; i < url->nquery; i++) {
        const char *v = url->query_values[i];
        if (strcasecmp(url->query_keys[i], "password") == 0 ||
            strcasecmp(url->query_keys[i], "pwd") == 0) {
            if (*v)
                rt_strv_push(out, v);
            continue;
        }
        /* Any value may be a connection string (odbc_connect=): read it as
         * the driver will, braces and "}}" included, so that a ';' inside a
         * braced password does not end the part that gets masked. */
        rt_odbc_attr a;
        for (const char *p = v; rt_odbc_connstr_next(&p, &a);) {
            if (!rt_odbc_attr_is(&a, "pwd") && !rt_odbc_attr_is(&a, "password"))
                continue;
            if (a.value_len == 0)
                continue;
            char *plain = rt_xmalloc(a.value_len + 1);
            rt_odbc_attr_value(&a, plain);
            if (*plain)
                rt_strv_push(out, plain);
            if (a.braced) /* as written too, where the string itself is echoed */
                rt_strv_push_owned(out, rt_xstrndup(a.value, a.value_len));
            free(plain);
        }
    }
}

static bool url_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Is the secret found at hit (of length n, inside text) a whole token? A
 * short password ("test", "p") is also part of ordinary words ("test_users",
 * "upgrade"): masking those made server messages unreadable and told a
 * reader which letters the password has. Where the secret itself begins or
 * ends with punctuation, that end needs no boundary. */
static bool url_is_token(const char *text, const char *hit, size_t n)
{
    if (url_word_char(hit[0]) && hit > text && url_word_char(hit[-1]))
        return false;
    if (url_word_char(hit[n - 1]) && url_word_char(hit[n]))
        return false;
    return true;
}

/* Replaces each secret in text by "***" wherever it stands as a token of
 * its own (longest first, so that a secret containing a shorter one is
 * masked whole). */
static char *url_mask(const rt_strv *secrets, const char *text)
{
    char *cur = rt_xstrdup(text);
    bool *done = rt_xcalloc(secrets->n + 1, sizeof *done);
    for (size_t round = 0; round < secrets->n; round++) {
        size_t best = secrets->n;
        for (size_t i = 0; i < secrets->n; i++)
            if (!done[i] && (best == secrets->n ||
                             strlen(secrets->items[i]) > strlen(secrets->items[best])))
                best = i;
        done[best] = true;
        const char *pw = secrets->items[best];
        size_t pwlen = strlen(pw);
        rt_buf b = RT_BUF_INIT;
        const char *p = cur;
        const char *hit;
        const char *from = p;
        while ((hit = strstr(from, pw)) != NULL) {
            if (!url_is_token(cur, hit, pwlen)) {
                from = hit + 1;
                continue;
            }
            rt_buf_appendn(&b, p, (size_t)(hit - p));
            rt_buf_append(&b, "***");
            p = from = hit + pwlen;
        }
        rt_buf_append(&b, p);
        free(cur);
        cur = rt_buf_steal(&b);
    }
    free(done);
    return cur;
}

char *rt_url_redacted(const rt_url *url)
{
    rt_strv secrets = RT_STRV_INIT;
    url_secrets(url, &secrets);
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, url->dialect);
    const rt_backend *backend = url_backend(url);
    if (!backend || strcmp(url->driver, backend->native.name) != 0)
        rt_buf_printf(&b, "+%s", url->driver);
    rt_buf_append(&b, "://");
    if (url->user || url->password) {
        if (url->user)
            url_encode(&b, url->user, ":/?@");
        if (url->password)
            rt_buf_append(&b, ":***");
        rt_buf_putc(&b, '@');
    }
    if (url->host) {
        if (strchr(url->host, ':')) {
            rt_buf_putc(&b, '[');
            rt_buf_append(&b, url->host);
            rt_buf_putc(&b, ']');
        } else {
            url_encode(&b, url->host, "/:?@");
        }
    }
    if (url->port)
        rt_buf_printf(&b, ":%d", url->port);
    if (url->database && (*url->database || !backend || !backend->file_based)) {
        rt_buf_putc(&b, '/');
        url_encode(&b, url->database, "?");
    }
    for (size_t i = 0; i < url->nquery; i++) {
        rt_buf_putc(&b, i ? '&' : '?');
        url_encode(&b, url->query_keys[i], "&=+ ");
        rt_buf_putc(&b, '=');
        char *v = url_mask(&secrets, url->query_values[i]);
        url_encode(&b, v, "&+ ");
        free(v);
    }
    rt_strv_free(&secrets);
    return rt_buf_steal(&b);
}

void rt_url_redact_text(const rt_url *url, char *text, size_t size)
{
    if (!url || !text || size == 0)
        return;
    rt_strv secrets = RT_STRV_INIT;
    url_secrets(url, &secrets);
    if (secrets.n) {
        char *masked = url_mask(&secrets, text);
        size_t n = strlen(masked);
        if (n > size - 1)
            n = size - 1;
        memcpy(text, masked, n);
        text[n] = '\0';
        free(masked);
    }
    rt_strv_free(&secrets);
}
