/* A small JSON writer (RFC 8259) for the machine-readable output of the
 * CLI (`--format json`). It appends to an rt_buf, so a command builds its
 * whole document before printing it: an error half-way leaves stdout empty
 * instead of holding a truncated document.
 *
 * Strings: '"' and '\' are escaped, control characters (U+0000..U+001F) as
 * \b \f \n \r \t or \u00XX; everything else is copied as UTF-8. Bytes that
 * are not valid UTF-8 (stray continuation bytes, overlong forms, surrogates,
 * code points above U+10FFFF, truncated sequences) become U+FFFD, one per
 * byte, as Python's errors="replace" does: the output is always valid JSON
 * and valid UTF-8, and a file name in another encoding stays visible.
 *
 * Commas and nesting are the writer's: the caller says begin/end, key and
 * value. Output is compact (no spaces), one document per rt_json.
 */
#ifndef RT_JSON_WRITE_H
#define RT_JSON_WRITE_H

#include "rt_mem.h"

#include <stdbool.h>

#define RT_JSON_MAX_DEPTH 32

typedef struct rt_json {
    rt_buf *out;                        /* borrowed */
    int depth;
    bool need_comma[RT_JSON_MAX_DEPTH]; /* a value was written at this depth */
    bool after_key;                     /* the next value follows a key */
} rt_json;

void rt_json_init(rt_json *j, rt_buf *out);
/* Containers; nesting deeper than RT_JSON_MAX_DEPTH is a programming error
 * (abort). */
void rt_json_object_begin(rt_json *j);
void rt_json_object_end(rt_json *j);
void rt_json_array_begin(rt_json *j);
void rt_json_array_end(rt_json *j);
/* A member name inside an object; the next call writes its value. */
void rt_json_key(rt_json *j, const char *key);
/* Values. rt_json_string(NULL) writes null. */
void rt_json_string(rt_json *j, const char *s);
void rt_json_int(rt_json *j, long v);
void rt_json_bool(rt_json *j, bool v);
void rt_json_null(rt_json *j);
/* An array of the strings of v. */
void rt_json_strv(rt_json *j, const rt_strv *v);

/* s as a quoted, escaped JSON string appended to b (the rules above). */
void rt_json_quote(rt_buf *b, const char *s);

#endif
