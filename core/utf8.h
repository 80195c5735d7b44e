/* Byte-level text helpers shared by the readers and writers of escaped
 * text: the JSON writer (and the tests' JSON reader), the lexer of Python
 * string literals (import-alembic) and URL percent-decoding. */
#ifndef RT_UTF8_H
#define RT_UTF8_H

#include "rt_mem.h"

#include <stddef.h>

/* Appends the UTF-8 form of code point cp (<= 0x10FFFF). */
void rt_utf8_put(rt_buf *b, unsigned long cp);

/* Length (1..4) of the valid UTF-8 sequence starting at p, 0 when p does
 * not start one: a stray continuation byte, an overlong form, a surrogate,
 * a code point above U+10FFFF or a sequence cut short (by a NUL too), as
 * RFC 3629 says. */
size_t rt_utf8_len(const unsigned char *p);

/* The value of the n hex digits at p into *out: 0, or -1 when one of them
 * is not a hex digit (a NUL included). */
int rt_hex_value(const char *p, int n, unsigned long *out);

#endif
