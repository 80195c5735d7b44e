/* retort upgrade TARGET / retort downgrade TARGET / retort stamp REV... */
#include "cli.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static const char upgrade_help[] =
    "usage: retort upgrade [--resume] [--single-transaction] [--lock-timeout SECONDS]\n"
    "                      TARGET\n"
    "       retort upgrade --sql [FROM:]TARGET\n"
    "\n"
    "Applies revisions up to TARGET: head (the single head), heads (all of\n"
    "them), a revision id or unique prefix, a branch label, label@head, +N\n"
    "(N steps up from the current revision) or REV+N. Each revision runs in its\n"
    "own transaction with its version-table update where the backend has\n"
    "transactional DDL. Prints 'Running upgrade <from> -> <to>, <message>' per\n"
    "revision on stderr. Exit status 1 when a statement fails.\n"
    "\n"
    "Holds the migration lock for the whole run; another runner waits for it\n"
    "(up to lock_timeout), then finds nothing left to do. Refuses to run while\n"
    "a revision is dirty (MySQL/MariaDB stopped inside it) or an applied\n"
    "revision's file changed since it ran (see 'retort validate').\n"
    "  --resume               first run the statements of the dirty revision that\n"
    "                         had not run, as its file is now, then go on\n"
    "  --lock-timeout SECONDS wait this long for the migration lock (default:\n"
    "                         lock_timeout in the config, 60); then exit 2\n"
    "  --single-transaction   run all revisions in one transaction, as Alembic's\n"
    "                         transaction_per_migration = false: a failure rolls\n"
    "                         the whole run back. Needs transactional DDL\n"
    "                         (SQLite, PostgreSQL); refused on MySQL/MariaDB\n"
    "  --transaction-per-migration  one transaction per revision (the default;\n"
    "                         overrides transaction_per_migration = false)\n"
    "  --sql                  write the SQL script of the run to stdout instead,\n"
    "                         connecting to nothing (offline): from base, or from\n"
    "                         FROM with FROM:TARGET; the URL's dialect alone picks\n"
    "                         the backend (--url postgresql:// is enough). The\n"
    "                         script has one BEGIN/COMMIT per revision, so it is\n"
    "                         refused with --single-transaction\n"
    "When stderr is a terminal and more than 50 revisions run, a progress line\n"
    "(count, rate, time left) follows every 5% of them.\n";

static const char downgrade_help[] =
    "usage: retort downgrade [--single-transaction] [--lock-timeout SECONDS] TARGET\n"
    "       retort downgrade --sql FROM:TARGET\n"
    "\n"
    "Reverts revisions down to TARGET: base (everything), a revision id or\n"
    "unique prefix (which stays applied), -N (N steps down) or REV-N. Prints\n"
    "'Running downgrade <from> -> <to>, <message>' per revision on stderr.\n"
    "Exit status 1 when a statement fails. Holds the migration lock as\n"
    "upgrade does, and refuses to run while a revision is dirty.\n"
    "  --lock-timeout SECONDS wait this long for the migration lock\n"
    "  --single-transaction   run all revisions in one transaction (see upgrade)\n"
    "  --transaction-per-migration  one transaction per revision (the default)\n"
    "  --sql                  write the SQL script of the run to stdout instead,\n"
    "                         connecting to nothing; FROM (e.g. head:base) says\n"
    "                         where the database is (not with --single-transaction)\n";

static const char stamp_help[] =
    "usage: retort stamp [--purge] [--lock-timeout SECONDS] REV...\n"
    "\n"
    "Writes the version table as if the database were at REV (ids, prefixes,\n"
    "branch labels, head, heads or base), running no statement: to adopt an\n"
    "existing database, or to record by hand where a dirty one is. Each REV\n"
    "replaces the rows of its own branch and keeps the others; several REVs\n"
    "for several heads. The migration log gets a 'stamped' row per revision\n"
    "marked applied or reverted, and a dirty mark is cleared.\n"
    "  --purge                replace whatever the version table holds, even\n"
    "                         revisions no file defines\n"
    "  --lock-timeout SECONDS wait this long for the migration lock\n";

enum {
    MIGRATE_RESUME = 1,
    MIGRATE_LOCK_TIMEOUT,
    MIGRATE_PURGE,
    MIGRATE_SINGLE,
    MIGRATE_PER_REVISION,
    MIGRATE_SQL
};

/* What upgrade/downgrade options say beyond the target; -1: unset. */
typedef struct migrate_opts {
    bool resume, purge, sql, help;
    long timeout_ms;
    int single; /* --single-transaction 1, --transaction-per-migration 0 */
} migrate_opts;

/* The engine's whole report on stderr when it has one: err.message is cut
 * at 4 KiB, and a report listing applied statements must not be. */
static int migrate_done(rt_cli *c, rt_engine *e, int rc, rt_error *err)
{
    if (rc < 0 && e->report) {
        rt_cli_redact(c, e->report, strlen(e->report) + 1);
        fflush(stdout);
        fprintf(stderr, "retort: error: %s\n", e->report);
        rc = rt_exit_status(rc);
    }
    rt_engine_clear(e);
    (void)err;
    return rc;
}

/* Options of the three commands; positionals into args. */
static int migrate_args(rt_cli *c, int argc, char **argv, const rt_cli_opt *opts,
                        rt_strv *args, migrate_opts *mo, rt_error *err)
{
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    *mo = (migrate_opts){ .timeout_ms = -1, .single = -1 };
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS) {
            rt_strv_push(args, v);
        } else if (id == MIGRATE_RESUME) {
            mo->resume = true;
        } else if (id == MIGRATE_PURGE) {
            mo->purge = true;
        } else if (id == MIGRATE_SINGLE || id == MIGRATE_PER_REVISION) {
            int want = id == MIGRATE_SINGLE;
            if (mo->single >= 0 && mo->single != want)
                return rt_error_set(err, RT_EUSAGE,
                                    "--single-transaction and --transaction-per-migration "
                                    "contradict each other; pass one");
            mo->single = want;
        } else if (id == MIGRATE_SQL) {
            mo->sql = true;
        } else {
            double secs;
            if (!rt_config_parse_seconds(v, &secs))
                return rt_error_set(err, RT_EUSAGE,
                                    "--lock-timeout takes seconds from 0 to 86400, got '%s'",
                                    v);
            mo->timeout_ms = (long)(secs * 1000 + 0.5);
        }
    }
    if (r == RT_CLI_HELP) {
        rt_cli_print_help(c);
        mo->help = true;
        return RT_OK;
    }
    return r < 0 ? r : RT_OK;
}

static int migrate_engine(rt_cli *c, rt_engine *e, long timeout_ms, rt_error *err)
{
    int rc = rt_cli_graph(c, err);
    if (rc == RT_OK)
        rc = rt_cli_db(c, err);
    if (rc != RT_OK)
        return rc;
    memset(e, 0, sizeof *e);
    e->graph = c->graph;
    e->db = c->db;
    e->version_table = c->cfg->version_table;
    e->opts.settings = &c->cfg->dialect_settings;
    e->opts.current_database = rt_db_url(c->db)->database;
    e->lock_timeout_ms = timeout_ms >= 0 ? timeout_ms : c->cfg->lock_timeout_ms;
    e->validate = c->cfg->validate_on_migrate;
    e->log = rt_cli_log_stream("retort.runtime.migration");
    return RT_OK;
}

static int migrate_run(rt_cli *c, int argc, char **argv, bool upgrade, rt_error *err)
{
    static const rt_cli_opt up_opts[] = {
        { 0, "resume", false, MIGRATE_RESUME },
        { 0, "lock-timeout", true, MIGRATE_LOCK_TIMEOUT },
        { 0, "single-transaction", false, MIGRATE_SINGLE },
        { 0, "transaction-per-migration", false, MIGRATE_PER_REVISION },
        { 0, "sql", false, MIGRATE_SQL },
        { 0, NULL, false, 0 },
    };
    rt_strv args = RT_STRV_INIT;
    migrate_opts mo;
    int rc = migrate_args(c, argc, argv, upgrade ? up_opts : up_opts + 1, &args, &mo, err);
    bool help = mo.help, resume = mo.resume, sql = mo.sql;
    if (rc == RT_OK && !help && args.n > 1)
        rc = rt_error_set(err, RT_EUSAGE, "%s takes one TARGET, got '%s' and '%s'",
                          c->cmd->name, args.items[0], args.items[1]);
    if (rc == RT_OK && !help && (args.n == 0 || !*args.items[0]))
        rc = rt_error_set(err, RT_EUSAGE, "%s needs a TARGET, e.g. 'retort %s %s'",
                          c->cmd->name, c->cmd->name, upgrade ? "head" : "-1");
    if (rc == RT_OK && !help && sql && resume)
        rc = rt_error_set(err, RT_EUSAGE, "--resume reads the database; --sql connects to none");
    if (rc == RT_OK && !help && sql && mo.single == 1)
        rc = rt_error_set(err, RT_EUSAGE,
                          "--single-transaction does not apply to --sql: the offline script "
                          "keeps one BEGIN/COMMIT per revision; leave out one of the two");
    bool offline = rc == RT_OK && !help && sql;
    if (offline)
        rc = rt_cli_migrate_sql(c, args.items[0], upgrade, err);
    if (rc == RT_OK && !help && !offline && strchr(args.items[0], ':'))
        rc = rt_error_set(err, RT_EUSAGE,
                          "a FROM:TO range ('%s') is for --sql only; online, the database "
                          "says where it is",
                          args.items[0]);
    rt_engine e;
    memset(&e, 0, sizeof e);
    if (rc == RT_OK && !help && !offline)
        rc = migrate_engine(c, &e, mo.timeout_ms, err);
    rt_cli_progress *progress = NULL;
    if (rc == RT_OK && !help && !offline) {
        e.resume = resume;
        /* The option wins over the config's transaction_per_migration. */
        e.single_transaction = mo.single >= 0 ? mo.single == 1
                                              : !c->cfg->transaction_per_migration;
        progress = rt_cli_progress_new(upgrade ? "upgrade" : "downgrade");
        if (progress) {
            e.progress = rt_cli_progress_step;
            e.progress_ctx = progress;
        }
        rc = upgrade ? rt_engine_upgrade(&e, args.items[0], err)
                     : rt_engine_downgrade(&e, args.items[0], err);
        rc = migrate_done(c, &e, rc, err);
    }
    rt_cli_progress_free(progress);
    if (e.log)
        fclose(e.log);
    rt_strv_free(&args);
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

static int stamp_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 0, "purge", false, MIGRATE_PURGE },
        { 0, "lock-timeout", true, MIGRATE_LOCK_TIMEOUT },
        { 0, NULL, false, 0 },
    };
    rt_strv args = RT_STRV_INIT;
    migrate_opts mo;
    int rc = migrate_args(c, argc, argv, opts, &args, &mo, err);
    bool help = mo.help;
    if (rc == RT_OK && !help && args.n == 0)
        rc = rt_error_set(err, RT_EUSAGE,
                          "stamp needs at least one REV, e.g. 'retort stamp head' or "
                          "'retort stamp base'");
    rt_engine e;
    memset(&e, 0, sizeof e);
    if (rc == RT_OK && !help)
        rc = migrate_engine(c, &e, mo.timeout_ms, err);
    if (rc == RT_OK && !help)
        rc = migrate_done(c, &e, rt_engine_stamp(&e, &args, mo.purge, err), err);
    if (e.log)
        fclose(e.log);
    rt_strv_free(&args);
    return rc;
}

const rt_cli_command rt_cmd_upgrade = {
    "upgrade", "upgrade the database to a later revision", upgrade_help, upgrade_run,
};

const rt_cli_command rt_cmd_downgrade = {
    "downgrade", "revert the database to an earlier revision", downgrade_help, downgrade_run,
};

const rt_cli_command rt_cmd_stamp = {
    "stamp", "record revisions as applied without running them", stamp_help, stamp_run,
};
