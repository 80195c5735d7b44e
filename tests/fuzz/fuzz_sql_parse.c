/* The portable-SQL parser, and what consumes its output: replaying the ops
 * on a model and rendering them for each dialect (offline, from the model
 * alone) and back to portable SQL. Any input must give RT_OK or an error,
 * never a crash, a leak or undefined behaviour. */
#include "dialect.h"
#include "fuzz_input.h"
#include "ops.h"
#include "sql_parse.h"
#include "sql_write.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rt_fuzz_cstr(data, size);
    rt_error err;
    rt_oplist ops = RT_OPLIST_INIT;
    if (rt_sql_parse(&ops, text, "fuzz.sql", 1, &err) == RT_OK) {
        const rt_dialect *dialects[] = { &rt_dialect_sqlite, &rt_dialect_postgresql,
                                         &rt_dialect_mysql };
        rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
        for (size_t d = 0; d < sizeof dialects / sizeof *dialects; d++) {
            rt_schema model = RT_SCHEMA_INIT;
            rt_strv out = RT_STRV_INIT;
            rt_dialect_render_all(dialects[d], &opts, &model, &ops, &out, &err);
            dialects[d]->normalize(&opts, &model);
            rt_strv_free(&out);
            rt_schema_free(&model);
        }
        rt_buf b = RT_BUF_INIT;
        for (size_t i = 0; i < ops.n; i++)
            rt_sql_write_op(&b, &ops.items[i]);
        rt_buf_free(&b);
    }
    rt_oplist_free(&ops);
    rt_type t;
    rt_sql_parse_type(&t, text, &err);
    free(text);
    return 0;
}
