#include "source_text.h"

#include <string.h>

int rt_source_text_check(const char *text, size_t len, const char *path, size_t *skip,
                         rt_error *err)
{
    *skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *nul = memchr(text, '\0', len);
    if (!nul)
        return RT_OK;
    int line = 1, col = 1;
    for (const char *p = text + *skip; p < nul; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            col++; /* characters, as the SQL lexer counts them */
        }
    }
    return rt_error_set(err, RT_EPARSE,
                        "%s:%d:%d: a NUL byte (0x00) in the file; it is not text, and "
                        "everything after it would be ignored.",
                        path, line, col);
}
