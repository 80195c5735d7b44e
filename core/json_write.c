/* JSON writer: escaping rules and the replacement of invalid UTF-8 are
 * described in json_write.h. */
#include "json_write.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>

void rt_json_init(rt_json *j, rt_buf *out)
{
    *j = (rt_json){ .out = out };
}

/* Separator before a value (or a key) at the current depth. */
static void js_sep(rt_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->need_comma[j->depth])
        rt_buf_putc(j->out, ',');
    j->need_comma[j->depth] = true;
}

static void js_open(rt_json *j, char c)
{
    js_sep(j);
    rt_buf_putc(j->out, c);
    if (j->depth + 1 >= RT_JSON_MAX_DEPTH) {
        fputs("retort: internal error: JSON nested too deep\n", stderr);
        abort();
    }
    j->need_comma[++j->depth] = false;
}

static void js_close(rt_json *j, char c)
{
    rt_buf_putc(j->out, c);
    if (j->depth > 0)
        j->depth--;
}

void rt_json_object_begin(rt_json *j)
{
    js_open(j, '{');
}

void rt_json_object_end(rt_json *j)
{
    js_close(j, '}');
}

void rt_json_array_begin(rt_json *j)
{
    js_open(j, '[');
}

void rt_json_array_end(rt_json *j)
{
    js_close(j, ']');
}

void rt_json_key(rt_json *j, const char *key)
{
    js_sep(j);
    rt_json_quote(j->out, key);
    rt_buf_putc(j->out, ':');
    j->after_key = true;
}

void rt_json_string(rt_json *j, const char *s)
{
    js_sep(j);
    if (s)
        rt_json_quote(j->out, s);
    else
        rt_buf_append(j->out, "null");
}

void rt_json_int(rt_json *j, long v)
{
    js_sep(j);
    rt_buf_printf(j->out, "%ld", v);
}

void rt_json_bool(rt_json *j, bool v)
{
    js_sep(j);
    rt_buf_append(j->out, v ? "true" : "false");
}

void rt_json_null(rt_json *j)
{
    js_sep(j);
    rt_buf_append(j->out, "null");
}

void rt_json_strv(rt_json *j, const rt_strv *v)
{
    rt_json_array_begin(j);
    for (size_t i = 0; i < v->n; i++)
        rt_json_string(j, v->items[i]);
    rt_json_array_end(j);
}

void rt_json_quote(rt_buf *b, const char *s)
{
    rt_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned char c = *p;
        const char *esc = NULL;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc) {
            rt_buf_append(b, esc);
            p++;
        } else if (c < 0x20) {
            rt_buf_printf(b, "\\u%04x", c);
            p++;
        } else {
            /* A NUL ends s, so a truncated sequence fails on it and is
             * replaced byte by byte. */
            size_t n = rt_utf8_len(p);
            if (n == 0) {
                rt_buf_append(b, "\xEF\xBF\xBD");
                p++;
            } else {
                rt_buf_appendn(b, (const char *)p, n);
                p += n;
            }
        }
    }
    rt_buf_putc(b, '"');
}
