#include "file_text.h"
#include "rt_mem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int rt_file_text(const char *path, const char *what, char **out, size_t *len, rt_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return rt_error_set(err, RT_EIO, "Cannot read %s%s: %s.", what, path, strerror(errno));
    rt_buf b = RT_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rt_buf_appendn(&b, chunk, got);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        rt_buf_free(&b);
        return rt_error_set(err, RT_EIO, "Cannot read %s%s.", what, path);
    }
    if (len)
        *len = b.len;
    *out = rt_buf_steal(&b);
    return RT_OK;
}
