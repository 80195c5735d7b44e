/* ODBC connection strings ("KEY=value;KEY={va;lue}}x};..."), read and
 * written the way the ODBC specification and the Driver Manager do:
 * attributes end at ';', keys are case-insensitive and trimmed, a value that
 * starts with '{' runs to the matching '}' with "}}" standing for one '}'.
 *
 * The one owner of that syntax: the odbc driver module braces the values it
 * writes with it, and core/url.c finds the passwords to redact with it. It
 * uses only the C standard library, so that the driver module (which builds
 * against rt_driver.h alone) compiles this file in too.
 */
#ifndef RT_ODBC_CONNSTR_H
#define RT_ODBC_CONNSTR_H

#include <stdbool.h>
#include <stddef.h>

/* One attribute: borrowed spans of the connection string. */
typedef struct rt_odbc_attr {
    const char *key;       /* blanks around it removed */
    size_t key_len;
    const char *value;     /* as written, braces included ("" when no '=') */
    size_t value_len;
    bool braced;
} rt_odbc_attr;

/* Reads the attribute at *pos into out and moves *pos past it and its ';'.
 * false when nothing is left. An unclosed brace runs to the end. */
bool rt_odbc_connstr_next(const char **pos, rt_odbc_attr *out);

/* Whether key equals name, ignoring case. */
bool rt_odbc_attr_is(const rt_odbc_attr *a, const char *name);

/* The value the driver receives: braces removed and "}}" made '}'. Writes
 * at most a->value_len bytes plus a NUL into out (out must hold
 * a->value_len + 1) and returns the length. */
size_t rt_odbc_attr_value(const rt_odbc_attr *a, char *out);

/* Whether value must be braced to reach the driver unchanged: ';', '{', '}'
 * end or confuse the attribute, '%' and '+' are decoded by psqlODBC
 * (URL-style) unless braced, and blanks at either end are trimmed. */
bool rt_odbc_value_needs_braces(const char *value);

/* value braced with '}' doubled, into out (must hold 2 * strlen(value) + 3);
 * returns the length written (without the NUL). */
size_t rt_odbc_value_brace(const char *value, char *out);

#endif
