/* Reading a whole text file into memory, for the readers that parse one
 * (models, Alembic revisions). */
#ifndef RT_FILE_TEXT_H
#define RT_FILE_TEXT_H

#include "rt_error.h"

#include <stddef.h>

/* The whole of path, NUL-terminated, into *out (caller frees) and its length
 * into *len (may be NULL). RT_EIO "Cannot read <what>path: <reason>." when it
 * cannot be read; what ("model file ", or "") names the kind of file. */
int rt_file_text(const char *path, const char *what, char **out, size_t *len, rt_error *err);

#endif
