/* retort ensure_version: creates the version table when it is missing, and
 * nothing else (Alembic's ensure_version). */
#include "cli.h"
#include "version_table.h"

static const char ensure_version_help[] =
    "usage: retort ensure_version\n"
    "\n"
    "Creates the version table (retort.ini version_table, default\n"
    "retort_version) when the database does not have it yet; runs no\n"
    "revision and writes no row.\n";

static int ensure_version_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    int r = rt_cli_parse_flags(c, argc, argv, NULL, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    int rc = rt_cli_db(c, err);
    if (rc != RT_OK)
        return rc;
    bool txn = rt_db_transactional_ddl(c->db);
    if (txn)
        rc = rt_db_begin(c->db, err);
    if (rc == RT_OK)
        rc = rt_version_ensure(c->db, rt_cli_version_table(c), err);
    if (txn && rc == RT_OK)
        return rt_db_commit(c->db, err);
    if (txn)
        rt_db_rollback_after(c->db, err);
    return rc;
}

const rt_cli_command rt_cmd_ensure_version = {
    "ensure_version", "create the version table if it is missing", ensure_version_help,
    ensure_version_run,
};
