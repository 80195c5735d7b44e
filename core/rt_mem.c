#include "rt_mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rt_oom(void)
{
    fputs("retort: out of memory\n", stderr);
    exit(2);
}

void *rt_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        rt_oom();
    return p;
}

void *rt_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        rt_oom();
    return p;
}

void *rt_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        rt_oom();
    return q;
}

char *rt_xstrdup(const char *s)
{
    return s ? rt_xstrndup(s, strlen(s)) : NULL;
}

char *rt_xstrndup(const char *s, size_t n)
{
    char *p = rt_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Length of the formatted text. vsnprintf consumes a va_list and every
 * formatter here runs twice (measure, then write): the measuring pass works
 * on a copy so that the caller's ap is still whole for the second. */
static size_t rt_vlen(const char *fmt, va_list ap)
{
    va_list measure;
    va_copy(measure, ap);
    int n = vsnprintf(NULL, 0, fmt, measure);
    va_end(measure);
    if (n < 0)
        rt_oom();
    return (size_t)n;
}

char *rt_xvasprintf(const char *fmt, va_list ap)
{
    size_t n = rt_vlen(fmt, ap);
    char *s = rt_xmalloc(n + 1);
    vsnprintf(s, n + 1, fmt, ap);
    return s;
}

char *rt_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = rt_xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

static void rt_buf_grow(rt_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = rt_xrealloc(b->data, cap);
    b->cap = cap;
}

void rt_buf_appendn(rt_buf *b, const char *s, size_t n)
{
    rt_buf_grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rt_buf_append(rt_buf *b, const char *s)
{
    rt_buf_appendn(b, s, strlen(s));
}

void rt_buf_putc(rt_buf *b, char c)
{
    rt_buf_appendn(b, &c, 1);
}

void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
{
    size_t n = rt_vlen(fmt, ap);
    rt_buf_grow(b, n);
    vsnprintf(b->data + b->len, n + 1, fmt, ap);
    b->len += n;
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *rt_buf_cstr(const rt_buf *b)
{
    return b->data ? b->data : "";
}

void rt_buf_reset(rt_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *rt_buf_steal(rt_buf *b)
{
    char *s = b->data ? b->data : rt_xstrdup("");
    /* A stolen string usually lives on (model names, rendered statements,
     * the graph's paths) while growth left up to half of it unused. */
    if (b->data && b->cap > b->len + 1)
        s = rt_xrealloc(s, b->len + 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void rt_buf_free(rt_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void rt_strv_push_owned(rt_strv *v, char *s)
{
    if (v->n == v->cap) {
        /* Most lists hold one or two names (a key's columns, a revision's
         * parents) and a model holds one per table: start small. */
        v->cap = v->cap ? v->cap * 2 : 2;
        v->items = rt_xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->n++] = s;
}

void rt_strv_push(rt_strv *v, const char *s)
{
    rt_strv_push_owned(v, rt_xstrdup(s));
}

void rt_strv_copy(rt_strv *dst, const rt_strv *src)
{
    for (size_t i = 0; i < src->n; i++)
        rt_strv_push(dst, src->items[i]);
}

bool rt_strv_equal(const rt_strv *a, const rt_strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

long rt_strv_find(const rt_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i], s) == 0)
            return (long)i;
    return -1;
}

void rt_strv_remove(rt_strv *v, size_t i)
{
    free(v->items[i]);
    memmove(v->items + i, v->items + i + 1, (v->n - i - 1) * sizeof *v->items);
    v->n--;
}

void rt_strv_clear(rt_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->items[i]);
    v->n = 0;
}

void rt_strv_free(rt_strv *v)
{
    rt_strv_clear(v);
    free(v->items);
    v->items = NULL;
    v->cap = 0;
}

char *rt_strv_join(const rt_strv *v, const char *sep)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            rt_buf_append(&b, sep);
        rt_buf_append(&b, v->items[i]);
    }
    return rt_buf_steal(&b);
}

size_t rt_strv_text_size(const rt_strv *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++)
        n += strlen(v->items[i]) + 1;
    return n;
}

uint32_t rt_str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}
