#include "odbc_connstr.h"

#include <string.h>
#include <strings.h>

static bool oc_blank(char c)
{
    return c == ' ' || c == '\t';
}

bool rt_odbc_connstr_next(const char **pos, rt_odbc_attr *out)
{
    const char *p = *pos;
    while (*p == ';' || oc_blank(*p))
        p++;
    if (!*p) {
        *pos = p;
        return false;
    }
    memset(out, 0, sizeof *out);
    const char *k = p;
    while (*p && *p != '=' && *p != ';')
        p++;
    const char *ke = p;
    while (ke > k && oc_blank(ke[-1]))
        ke--;
    out->key = k;
    out->key_len = (size_t)(ke - k);
    out->value = p;
    if (*p != '=') {
        *pos = *p ? p + 1 : p;
        return true;
    }
    p++;
    while (oc_blank(*p))
        p++;
    const char *v = p;
    if (*p == '{') {
        out->braced = true;
        p++;
        for (; *p; p++) {
            if (*p == '}') {
                if (p[1] == '}') {
                    p++;
                    continue;
                }
                p++;
                break;
            }
        }
        out->value = v;
        out->value_len = (size_t)(p - v);
        while (*p && *p != ';')
            p++; /* text between '}' and ';' is no part of the value */
    } else {
        while (*p && *p != ';')
            p++;
        const char *ve = p;
        while (ve > v && oc_blank(ve[-1]))
            ve--;
        out->value = v;
        out->value_len = (size_t)(ve - v);
    }
    *pos = *p ? p + 1 : p;
    return true;
}

bool rt_odbc_attr_is(const rt_odbc_attr *a, const char *name)
{
    return strlen(name) == a->key_len && strncasecmp(a->key, name, a->key_len) == 0;
}

size_t rt_odbc_attr_value(const rt_odbc_attr *a, char *out)
{
    size_t n = 0;
    if (!a->braced) {
        memcpy(out, a->value, a->value_len);
        n = a->value_len;
    } else {
        const char *p = a->value + 1, *e = a->value + a->value_len;
        if (e > p && e[-1] == '}')
            e--; /* the closing brace (absent when the string ended first) */
        while (p < e) {
            out[n++] = *p;
            p += *p == '}' && p + 1 < e && p[1] == '}' ? 2 : 1;
        }
    }
    out[n] = '\0';
    return n;
}

bool rt_odbc_value_needs_braces(const char *value)
{
    size_t n = strlen(value);
    return strpbrk(value, ";{}%+") != NULL ||
           (n > 0 && (oc_blank(value[0]) || oc_blank(value[n - 1])));
}

size_t rt_odbc_value_brace(const char *value, char *out)
{
    size_t n = 0;
    out[n++] = '{';
    for (const char *p = value; *p; p++) {
        out[n++] = *p;
        if (*p == '}')
            out[n++] = '}';
    }
    out[n++] = '}';
    out[n] = '\0';
    return n;
}
