/* UTF-8 and hex digits: see utf8.h. */
#include "utf8.h"

void rt_utf8_put(rt_buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        rt_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        rt_buf_putc(b, (char)(0xC0 | (cp >> 6)));
        rt_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        rt_buf_putc(b, (char)(0xE0 | (cp >> 12)));
        rt_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        rt_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        rt_buf_putc(b, (char)(0xF0 | (cp >> 18)));
        rt_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        rt_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        rt_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

size_t rt_utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates above */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

int rt_hex_value(const char *p, int n, unsigned long *out)
{
    unsigned long v = 0;
    for (int i = 0; i < n; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned long)d;
    }
    *out = v;
    return 0;
}
