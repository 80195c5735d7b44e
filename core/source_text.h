/* What every text file retort reads as SQL (revisions, models) must pass
 * before it is split into lines: one owner for the byte-level rules.
 */
#ifndef RT_SOURCE_TEXT_H
#define RT_SOURCE_TEXT_H

#include <stddef.h>

#include "rt_error.h"

/* Checks text[0..len) of the file at path. A NUL byte would silently end
 * the C string the parsers see, dropping everything after it: RT_EPARSE
 * "path:line:col: ...". On RT_OK *skip is the length of a leading UTF-8
 * byte-order mark (3) or 0: editors on Windows write one, and it is not
 * SQL, so callers start reading after it. */
int rt_source_text_check(const char *text, size_t len, const char *path, size_t *skip,
                         rt_error *err);

#endif
