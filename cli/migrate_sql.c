/* upgrade --sql / downgrade --sql: the offline script (core/offline_sql.h). */
#include "autogen.h"
#include "cli.h"
#include "engine.h"
#include "offline_sql.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int rt_cli_migrate_sql(rt_cli *c, const char *range, bool upgrade, rt_error *err)
{
    char *from = NULL, *to = NULL;
    int rc = rt_offline_range(range, upgrade, &from, &to, err);
    if (rc == RT_OK)
        rc = rt_cli_graph(c, err);
    if (rc == RT_OK)
        rc = rt_cli_url(c, err);
    if (rc != RT_OK)
        goto done;
    rt_engine e;
    memset(&e, 0, sizeof e);
    e.graph = c->graph;
    e.version_table = rt_cli_version_table(c);
    /* main() line-buffers stdout for people; a script of thousands of
     * lines is written in blocks (nothing has been written to it yet). */
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    e.sql_out = stdout;
    e.sql_dialect = rt_dialect_find(c->url->dialect);
    /* Keep every statement of the validated plan rather than read and
     * render each file a second time: the memory is the script's size. */
    e.keep_bytes = SIZE_MAX;
    rt_autogen_options(c->cfg, &e.opts);
    e.opts.current_database = c->url->database;
    e.log = rt_cli_log_stream("retort.runtime.migration");
    rc = rt_engine_sql(&e, from, to, upgrade, err);
    if (rc == RT_OK && fflush(stdout) != 0)
        rc = rt_error_set(err, RT_EIO, "cannot write the SQL script to stdout");
    if (e.log)
        fclose(e.log);
    rt_engine_clear(&e);
done:
    free(from);
    free(to);
    return rc;
}
