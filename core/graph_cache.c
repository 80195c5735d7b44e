#include "graph_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HC_NAME ".retort-cache"
#define HC_MAGIC "retort-header-cache 1\n"
/* Files changed this recently are left out: within one clock tick an edit
 * may keep the mtime the cache recorded. */
#define HC_SETTLE_SECONDS 3

enum {
    HC_NAME_F, HC_INO, HC_SIZE, HC_MS, HC_MN, HC_CS, HC_CN,
    HC_ID_LINE, HC_DOWN_LINE, HC_DEP_LINE, HC_LAB_LINE,
    HC_ID, HC_DOWN, HC_LABELS, HC_DEPS, HC_DATE, HC_MSG, HC_NFIELDS
};

struct rt_hcache {
    char *text;   /* whole file, fields cut in place */
    char *next;   /* next unread line */
    char *end;
    char *cur[HC_NFIELDS]; /* fields of the line under the cursor; cur[0] NULL = none */
    bool stale;   /* an entry was passed over: its file is gone */
};

static bool hc_advance(rt_hcache *c)
{
    c->cur[0] = NULL;
    if (c->next >= c->end)
        return false;
    char *line = c->next;
    char *nl = memchr(line, '\n', (size_t)(c->end - line));
    if (!nl)
        return false;
    *nl = '\0';
    c->next = nl + 1;
    char *p = line;
    for (int f = 0; f < HC_NFIELDS; f++) {
        c->cur[f] = p;
        char *tab = strchr(p, '\t');
        if (f == HC_NFIELDS - 1) {
            if (tab) {
                c->cur[0] = NULL;
                return false;
            }
            break;
        }
        if (!tab) {
            c->cur[0] = NULL;
            return false; /* corrupt: stop using the cache */
        }
        *tab = '\0';
        p = tab + 1;
    }
    return true;
}

rt_hcache *rt_hcache_open(int dirfd)
{
    int fd = openat(dirfd, HC_NAME, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > (1L << 30)) {
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    char *text = rt_xmalloc(size + 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, text + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    text[got] = '\0';
    size_t ml = strlen(HC_MAGIC);
    if (got < ml || memcmp(text, HC_MAGIC, ml) != 0) {
        free(text);
        return NULL;
    }
    rt_hcache *c = rt_xcalloc(1, sizeof *c);
    c->text = text;
    c->next = text + ml;
    c->end = text + got;
    hc_advance(c);
    return c;
}

void rt_hcache_free(rt_hcache *c)
{
    if (!c)
        return;
    free(c->text);
    free(c);
}

static long long hc_num(const char *s)
{
    return strtoll(s, NULL, 10);
}

static void hc_split(rt_strv *out, const char *csv)
{
    while (*csv) {
        size_t n = strcspn(csv, ",");
        rt_strv_push_owned(out, rt_xstrndup(csv, n));
        csv += n;
        if (*csv == ',')
            csv++;
    }
}

static char *hc_unescape(const char *s)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            rt_buf_putc(&b, *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s);
        } else {
            rt_buf_putc(&b, *s);
        }
    }
    return rt_buf_steal(&b);
}

bool rt_hcache_get(rt_hcache *c, const char *name, const struct stat *st, const char *path,
                   rt_revision *out)
{
    if (!c)
        return false;
    int cmp = 1;
    while (c->cur[0] && (cmp = strcmp(c->cur[HC_NAME_F], name)) < 0) {
        c->stale = true;
        hc_advance(c);
    }
    if (!c->cur[0] || cmp != 0)
        return false;
    char **f = c->cur;
    bool same = hc_num(f[HC_INO]) == (long long)st->st_ino &&
                hc_num(f[HC_SIZE]) == (long long)st->st_size &&
                hc_num(f[HC_MS]) == (long long)st->st_mtim.tv_sec &&
                hc_num(f[HC_MN]) == (long long)st->st_mtim.tv_nsec &&
                hc_num(f[HC_CS]) == (long long)st->st_ctim.tv_sec &&
                hc_num(f[HC_CN]) == (long long)st->st_ctim.tv_nsec && *f[HC_ID];
    if (same) {
        out->id = rt_xstrdup(f[HC_ID]);
        hc_split(&out->down, f[HC_DOWN]);
        hc_split(&out->branch_labels, f[HC_LABELS]);
        hc_split(&out->depends_on, f[HC_DEPS]);
        out->create_date = hc_unescape(f[HC_DATE]);
        out->message = hc_unescape(f[HC_MSG]);
        out->path = rt_xstrdup(path);
        out->id_line = (int)hc_num(f[HC_ID_LINE]);
        out->down_line = (int)hc_num(f[HC_DOWN_LINE]);
        out->depends_line = (int)hc_num(f[HC_DEP_LINE]);
        out->labels_line = (int)hc_num(f[HC_LAB_LINE]);
    }
    hc_advance(c);
    return same;
}

bool rt_hcache_clean(const rt_hcache *c)
{
    return c && !c->stale && !c->cur[0];
}

static void hc_escape(rt_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': rt_buf_append(b, "\\\\"); break;
        case '\t': rt_buf_append(b, "\\t"); break;
        case '\n': rt_buf_append(b, "\\n"); break;
        case '\r': rt_buf_append(b, "\\r"); break;
        default: rt_buf_putc(b, *s);
        }
    }
}

static void hc_csv(rt_buf *b, const rt_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        rt_buf_printf(b, "%s%s", i ? "," : "", v->items[i]);
}

void rt_hcache_write(int dirfd, char *const *names, const struct stat *sts,
                     const rt_revision *revs, size_t n)
{
    time_t settled = time(NULL) - HC_SETTLE_SECONDS;
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, HC_MAGIC);
    for (size_t i = 0; i < n; i++) {
        const struct stat *st = &sts[i];
        const rt_revision *r = &revs[i];
        if (st->st_mtim.tv_sec >= settled || st->st_ctim.tv_sec >= settled)
            continue;
        if (strpbrk(names[i], "\t\n"))
            continue;
        rt_buf_printf(&b, "%s\t%llu\t%lld\t%lld\t%ld\t%lld\t%ld\t%d\t%d\t%d\t%d\t%s\t", names[i],
                      (unsigned long long)st->st_ino, (long long)st->st_size,
                      (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
                      (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec, r->id_line,
                      r->down_line, r->depends_line, r->labels_line, r->id);
        hc_csv(&b, &r->down);
        rt_buf_putc(&b, '\t');
        hc_csv(&b, &r->branch_labels);
        rt_buf_putc(&b, '\t');
        hc_csv(&b, &r->depends_on);
        rt_buf_putc(&b, '\t');
        hc_escape(&b, r->create_date ? r->create_date : "");
        rt_buf_putc(&b, '\t');
        hc_escape(&b, r->message ? r->message : "");
        rt_buf_putc(&b, '\n');
    }
    /* Written aside and renamed, so a concurrent reader sees the old cache
     * or the new one, never half of one. */
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", HC_NAME, (long)getpid());
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rt_buf_free(&b);
        return;
    }
    const char *p = rt_buf_cstr(&b);
    size_t left = b.len;
    bool ok = true;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            ok = false;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0)
        ok = false;
    if (!ok || renameat(dirfd, tmp, dirfd, HC_NAME) != 0)
        unlinkat(dirfd, tmp, 0);
    rt_buf_free(&b);
}
