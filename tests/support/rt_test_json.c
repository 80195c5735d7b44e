/* Strict JSON reader for tests: see rt_test_json.h. */
#include "rt_test_json.h"
#include "rt_mem.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tj_in {
    const char *s;
    size_t i;
    char why[160];
} tj_in;

static bool tj_fail(tj_in *in, const char *what)
{
    if (!in->why[0])
        snprintf(in->why, sizeof in->why, "%s at byte %zu", what, in->i);
    return false;
}

static void tj_ws(tj_in *in)
{
    while (strchr(" \t\r\n", in->s[in->i]) && in->s[in->i])
        in->i++;
}

static bool tj_value_at(tj_in *in, tj_value *v, int depth);

static bool tj_u4(tj_in *in, unsigned *cp)
{
    unsigned long v;
    if (rt_hex_value(in->s + in->i, 4, &v) != 0)
        return tj_fail(in, "bad \\u escape");
    *cp = (unsigned)v;
    in->i += 4;
    return true;
}

static bool tj_string(tj_in *in, char **out)
{
    rt_buf b = RT_BUF_INIT;
    in->i++; /* '"' */
    for (;;) {
        unsigned char c = (unsigned char)in->s[in->i];
        if (c == '\0') {
            rt_buf_free(&b);
            return tj_fail(in, "unterminated string");
        }
        if (c < 0x20) {
            rt_buf_free(&b);
            return tj_fail(in, "raw control character in string");
        }
        if (c == '"') {
            in->i++;
            *out = rt_buf_steal(&b);
            return true;
        }
        if (c != '\\') {
            size_t n = rt_utf8_len((const unsigned char *)in->s + in->i);
            if (n == 0) {
                rt_buf_free(&b);
                return tj_fail(in, "invalid UTF-8 in string");
            }
            rt_buf_appendn(&b, in->s + in->i, n);
            in->i += n;
            continue;
        }
        in->i++;
        char e = in->s[in->i++];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            rt_buf_putc(&b, to[simple - "\"\\/bfnrt"]);
            continue;
        }
        unsigned cp;
        if (e != 'u' || !tj_u4(in, &cp)) {
            rt_buf_free(&b);
            return tj_fail(in, "bad escape");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (in->s[in->i] != '\\' || in->s[in->i + 1] != 'u') {
                rt_buf_free(&b);
                return tj_fail(in, "lone surrogate");
            }
            in->i += 2;
            if (!tj_u4(in, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                rt_buf_free(&b);
                return tj_fail(in, "bad surrogate pair");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            rt_buf_free(&b);
            return tj_fail(in, "lone surrogate");
        }
        rt_utf8_put(&b, cp);
    }
}

static bool tj_number(tj_in *in, tj_value *v)
{
    size_t start = in->i;
    const char *s = in->s;
    if (s[in->i] == '-')
        in->i++;
    if (s[in->i] == '0')
        in->i++;
    else if (s[in->i] >= '1' && s[in->i] <= '9')
        while (s[in->i] >= '0' && s[in->i] <= '9')
            in->i++;
    else
        return tj_fail(in, "bad number");
    if (s[in->i] == '.') {
        in->i++;
        if (!(s[in->i] >= '0' && s[in->i] <= '9'))
            return tj_fail(in, "bad fraction");
        while (s[in->i] >= '0' && s[in->i] <= '9')
            in->i++;
    }
    if (s[in->i] == 'e' || s[in->i] == 'E') {
        in->i++;
        if (s[in->i] == '+' || s[in->i] == '-')
            in->i++;
        if (!(s[in->i] >= '0' && s[in->i] <= '9'))
            return tj_fail(in, "bad exponent");
        while (s[in->i] >= '0' && s[in->i] <= '9')
            in->i++;
    }
    v->type = TJ_NUMBER;
    v->num = strtod(s + start, NULL);
    return true;
}

static void tj_push(tj_value *v, char *key, const tj_value *item)
{
    v->items = rt_xrealloc(v->items, (v->n + 1) * sizeof *v->items);
    if (v->type == TJ_OBJECT) {
        v->keys = rt_xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
        v->keys[v->n] = key;
    }
    v->items[v->n++] = *item;
}

static bool tj_container(tj_in *in, tj_value *v, int depth)
{
    bool object = in->s[in->i] == '{';
    char close = object ? '}' : ']';
    v->type = object ? TJ_OBJECT : TJ_ARRAY;
    in->i++;
    tj_ws(in);
    if (in->s[in->i] == close) {
        in->i++;
        return true;
    }
    for (;;) {
        char *key = NULL;
        tj_ws(in);
        if (object) {
            if (in->s[in->i] != '"')
                return tj_fail(in, "expected a member name");
            if (!tj_string(in, &key))
                return false;
            if (tj_get(v, key)) {
                free(key);
                return tj_fail(in, "duplicate member name");
            }
            tj_ws(in);
            if (in->s[in->i] != ':') {
                free(key);
                return tj_fail(in, "expected ':'");
            }
            in->i++;
        }
        tj_value item;
        memset(&item, 0, sizeof item);
        if (!tj_value_at(in, &item, depth + 1)) {
            free(key);
            tj_free(&item);
            return false;
        }
        tj_push(v, key, &item);
        tj_ws(in);
        if (in->s[in->i] == ',') {
            in->i++;
            continue;
        }
        if (in->s[in->i] == close) {
            in->i++;
            return true;
        }
        return tj_fail(in, "expected ',' or the end of the container");
    }
}

static bool tj_value_at(tj_in *in, tj_value *v, int depth)
{
    if (depth > 64)
        return tj_fail(in, "nested too deep");
    tj_ws(in);
    const char *p = in->s + in->i;
    if (*p == '{' || *p == '[')
        return tj_container(in, v, depth);
    if (*p == '"') {
        v->type = TJ_STRING;
        return tj_string(in, &v->str);
    }
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
        v->type = TJ_BOOL;
        v->b = *p == 't';
        in->i += v->b ? 4 : 5;
        return true;
    }
    if (strncmp(p, "null", 4) == 0) {
        v->type = TJ_NULL;
        in->i += 4;
        return true;
    }
    return tj_number(in, v);
}

bool tj_parse(const char *text, tj_value *out, const char **why)
{
    static char msg[160];
    tj_in in = { .s = text, .i = 0, .why = "" };
    memset(out, 0, sizeof *out);
    bool ok = tj_value_at(&in, out, 0);
    if (ok) {
        tj_ws(&in);
        if (text[in.i] != '\0')
            ok = tj_fail(&in, "text after the document");
    }
    if (!ok) {
        tj_free(out);
        snprintf(msg, sizeof msg, "%s", in.why);
        *why = msg;
    }
    return ok;
}

void tj_free(tj_value *v)
{
    for (size_t i = 0; i < v->n; i++) {
        tj_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

const tj_value *tj_get(const tj_value *v, const char *key)
{
    if (!v || v->type != TJ_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}
