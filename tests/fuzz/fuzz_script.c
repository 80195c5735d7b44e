/* The revision reader (core/script.c): header, sections and the column
 * lookup used by messages, on any file content. */
#include "fuzz_input.h"
#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = rt_fuzz_file("rev.sql", data, size);
    rt_error err;
    rt_revision r;
    if (rt_script_read_header(&r, path, &err) == RT_OK) {
        if (r.down_line > 0 && r.down.n > 0)
            rt_script_item_col(path, r.down_line, r.down.items[0]);
        rt_revision_free(&r);
    }
    rt_script_body b;
    if (rt_script_read_body(&b, path, &err) == RT_OK)
        rt_script_body_free(&b);
    rt_script_item_col(path, 1, "x");
    return 0;
}
