/* Database URLs (core/url.c) with their redaction, and the ODBC
 * connection-string reader and writer (core/odbc_connstr.c). */
#include "fuzz_input.h"
#include "odbc_connstr.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rt_fuzz_cstr(data, size);
    rt_error err;
    rt_url *u = NULL;
    if (rt_url_parse(&u, text, &err) == RT_OK) {
        free(rt_url_redacted(u));
        char msg[512];
        size_t n = size < sizeof msg - 1 ? size : sizeof msg - 1;
        memcpy(msg, text, n);
        msg[n] = '\0';
        rt_url_redact_text(u, msg, sizeof msg);
        rt_url_query(u, "odbc_connect");
        rt_url_free(u);
    }

    rt_odbc_attr a;
    char *value = malloc(size + 1);
    for (const char *p = text; rt_odbc_connstr_next(&p, &a);)
        rt_odbc_attr_value(&a, value);
    char *braced = malloc(2 * size + 3);
    if (rt_odbc_value_needs_braces(text))
        rt_odbc_value_brace(text, braced);
    free(braced);
    free(value);
    free(text);
    return 0;
}
