/* retort upgrade TARGET / retort downgrade TARGET. */
#include "cli.h"
#include "engine.h"

#include <string.h>

static const char upgrade_help[] =
    "usage: retort upgrade TARGET\n"
    "\n"
    "Applies revisions up to TARGET: head (the single head), heads (all of\n"
    "them), a revision id or unique prefix, a branch label, label@head, +N\n"
    "(N steps up from the current revision) or REV+N. Each revision runs in its\n"
    "own transaction with its version-table update where the backend has\n"
    "transactional DDL. Prints 'Running upgrade <from> -> <to>, <message>' per\n"
    "revision on stderr. Exit status 1 when a statement fails.\n";

static const char downgrade_help[] =
    "usage: retort downgrade TARGET\n"
    "\n"
    "Reverts revisions down to TARGET: base (everything), a revision id or\n"
    "unique prefix (which stays applied), -N (N steps down) or REV-N. Prints\n"
    "'Running downgrade <from> -> <to>, <message>' per revision on stderr.\n"
    "Exit status 1 when a statement fails.\n";

static int migrate_run(rt_cli *c, int argc, char **argv, bool upgrade, rt_error *err)
{
    const char *target;
    int r = rt_cli_parse_one(c, argc, argv, "TARGET", &target, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!target || !*target)
        return rt_error_set(err, RT_EUSAGE, "%s needs a TARGET, e.g. 'retort %s %s'",
                            c->cmd->name, c->cmd->name, upgrade ? "head" : "-1");

    int rc = rt_cli_graph(c, err);
    if (rc == RT_OK)
        rc = rt_cli_db(c, err);
    if (rc != RT_OK)
        return rc;
    rt_engine e;
    memset(&e, 0, sizeof e);
    e.graph = c->graph;
    e.db = c->db;
    e.version_table = c->cfg->version_table;
    e.opts.mysql_default_varchar_length = c->cfg->mysql_default_varchar_length;
    e.opts.current_database = rt_db_url(c->db)->database;
    e.log = rt_cli_log_stream("retort.runtime.migration");
    rc = upgrade ? rt_engine_upgrade(&e, target, err) : rt_engine_downgrade(&e, target, err);
    if (e.log)
        fclose(e.log);
    return rc;
}

static int upgrade_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    return migrate_run(c, argc, argv, true, err);
}

static int downgrade_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    return migrate_run(c, argc, argv, false, err);
}

const rt_cli_command rt_cmd_upgrade = {
    "upgrade", "upgrade the database to a later revision", upgrade_help, upgrade_run,
};

const rt_cli_command rt_cmd_downgrade = {
    "downgrade", "revert the database to an earlier revision", downgrade_help, downgrade_run,
};
