/* import-alembic's reader: the Python tokenizer and parser and the
 * conversion of every call they find, on any file content. Any input must
 * give RT_OK or an error, never a crash, a leak or undefined behaviour. */
#include "alembic_import.h"
#include "fuzz_input.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rt_fuzz_cstr(data, size);
    rt_strv map = RT_STRV_INIT;
    rt_strv_push(&map, "GUID=CHAR(32)");
    rt_alembic_opts o = { &map };
    rt_alembic_rev r;
    rt_error err;
    rt_alembic_convert_text(&r, "fuzz.py", text, size, &o, &err);
    rt_alembic_rev_free(&r);
    rt_strv_free(&map);
    free(text);
    return 0;
}
