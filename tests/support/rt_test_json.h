/* A strict JSON reader for the tests of `--format json`: the output is
 * parsed, not searched, so that a stray comma or an unescaped control
 * character fails the test. RFC 8259: one value, whitespace around it,
 * no trailing commas, no leading zeros, escapes checked, strings valid
 * UTF-8 without raw control characters. */
#ifndef RT_TEST_JSON_H
#define RT_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { TJ_NULL, TJ_BOOL, TJ_NUMBER, TJ_STRING, TJ_ARRAY, TJ_OBJECT } tj_type;

typedef struct tj_value {
    tj_type type;
    bool b;
    double num;
    char *str;               /* TJ_STRING: decoded UTF-8 */
    size_t n;                /* members or elements */
    char **keys;             /* TJ_OBJECT: n keys */
    struct tj_value *items;  /* n values */
} tj_value;

/* Parses text into *out (caller frees with tj_free). false: *why (static
 * buffer) says what is wrong and at which byte. */
bool tj_parse(const char *text, tj_value *out, const char **why);
void tj_free(tj_value *v);

/* The member key of an object (NULL when absent or v is no object). */
const tj_value *tj_get(const tj_value *v, const char *key);

#endif
