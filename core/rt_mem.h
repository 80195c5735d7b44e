/* Allocation wrappers, growable text buffer and string vector.
 *
 * Why the allocators abort instead of returning an error: retort is a
 * short-lived command; an out-of-memory path threaded through every call
 * would be code no test ever runs. On allocation failure the process prints
 * one line and exits with status 2; the database rolls back whatever
 * transaction was open when the connection drops, so nothing is half-applied
 * where the backend has transactional DDL. (git's xmalloc makes the same
 * choice.)
 */
#ifndef RT_MEM_H
#define RT_MEM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t count, size_t size);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);              /* NULL in, NULL out */
char *rt_xstrndup(const char *s, size_t n);
char *rt_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The va_list form, for printf-like helpers of other files; ap is consumed
 * (the caller still va_end()s it). Caller owns the result. */
char *rt_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* FNV-1a of s. Its values must never change between releases: the naming
 * convention puts them into constraint names stored in databases. */
uint32_t rt_str_hash(const char *s);

/* Growable NUL-terminated text. The buffer owns data; data is NULL until
 * the first append, rt_buf_cstr() never returns NULL. */
typedef struct rt_buf {
    char *data;
    size_t len;
    size_t cap;
} rt_buf;
#define RT_BUF_INIT { NULL, 0, 0 }

void rt_buf_append(rt_buf *b, const char *s);
void rt_buf_appendn(rt_buf *b, const char *s, size_t n);
void rt_buf_putc(rt_buf *b, char c);
void rt_buf_printf(rt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *rt_buf_cstr(const rt_buf *b);
void rt_buf_reset(rt_buf *b);                  /* len = 0, keeps memory */
char *rt_buf_steal(rt_buf *b);                 /* caller owns result (never NULL); b is emptied */
void rt_buf_free(rt_buf *b);

/* Vector of owned strings. */
typedef struct rt_strv {
    char **items;
    size_t n;
    size_t cap;
} rt_strv;
#define RT_STRV_INIT { NULL, 0, 0 }

void rt_strv_push(rt_strv *v, const char *s);  /* copies s */
void rt_strv_push_owned(rt_strv *v, char *s);  /* takes ownership of s */
void rt_strv_copy(rt_strv *dst, const rt_strv *src); /* dst must be empty */
bool rt_strv_equal(const rt_strv *a, const rt_strv *b);
long rt_strv_find(const rt_strv *v, const char *s); /* index or -1 */
void rt_strv_remove(rt_strv *v, size_t i);     /* frees item i, keeps order */
void rt_strv_clear(rt_strv *v);                /* frees items, keeps memory */
void rt_strv_free(rt_strv *v);
char *rt_strv_join(const rt_strv *v, const char *sep); /* caller owns */
size_t rt_strv_text_size(const rt_strv *v); /* its strings with their NULs, in bytes */

#endif
