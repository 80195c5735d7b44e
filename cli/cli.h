/* The `retort` command: shared state of one invocation, option parsing and
 * the helpers every command uses. One file per command (cmd_*.c).
 *
 * Output habits follow Alembic: results of a command go to stdout, log
 * lines ("INFO  [retort.runtime.migration] ...") to stderr, errors as one
 * line "retort: error: <message>" on stderr.
 */
#ifndef RT_CLI_H
#define RT_CLI_H

#include "config.h"
#include "db.h"
#include "diff.h"
#include "graph.h"
#include "rt_error.h"
#include "rt_mem.h"
#include "url.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct rt_cli rt_cli;

/* A command returns RT_OK, a negative rt_code (main prints err and exits
 * with rt_exit_status) or a positive exit status that needs no error line
 * (check: differences found). */
typedef struct rt_cli_command {
    const char *name;
    const char *summary;   /* one line for `retort --help` */
    const char *help;      /* full text for `retort COMMAND --help` */
    int (*run)(rt_cli *c, int argc, char **argv, rt_error *err);
} rt_cli_command;

/* Everything loaded once per invocation, lazily: a command asks for what it
 * needs and the first ask loads it. All members are owned by the rt_cli and
 * released by rt_cli_free. */
struct rt_cli {
    const char *config_path;     /* -c/--config, borrowed from argv; default "retort.ini" */
    bool config_given;           /* -c was passed */
    const char *cli_url;         /* --url, borrowed from argv; NULL when not given */
    const rt_cli_command *cmd;   /* the command being run */
    rt_config *cfg;
    char *versions_dir;          /* the first of version_dirs, for messages */
    rt_strv version_dirs;        /* every folder the graph is read from */
    rt_graph *graph;
    rt_url *url;
    rt_db *db;
};

void rt_cli_free(rt_cli *c);

/* Loads the config file (RT_ECONFIG with a hint when it is missing). */
int rt_cli_config(rt_cli *c, rt_error *err);
/* Loads the config, then the revision graph of every versions folder
 * (version_locations, default <script_location>/versions). */
int rt_cli_graph(rt_cli *c, rt_error *err);
/* Loads the config (unless running without one), picks and parses the URL
 * into c->url, connecting to nothing (upgrade --sql needs the dialect only). */
int rt_cli_url(rt_cli *c, rt_error *err);
/* upgrade/downgrade --sql (migrate_sql.c): the script for range ("FROM:TO"
 * or "TO") on stdout, for the URL's dialect, connecting to nothing. */
int rt_cli_migrate_sql(rt_cli *c, const char *range, bool upgrade, rt_error *err);
/* Loads the config, picks and parses the URL, connects, and logs the
 * context lines Alembic prints. */
int rt_cli_db(rt_cli *c, rt_error *err);
/* True when no config file exists (and -c was not given) but a URL is set
 * by --url or the environment: commands that only read the database (current)
 * then work without a project, with the default version table. */
bool rt_cli_without_config(const rt_cli *c);
/* cfg's version table, or the default when running without a config. */
const char *rt_cli_version_table(const rt_cli *c);
/* Rows of the version table, sorted (db must be open). */
int rt_cli_db_heads(rt_cli *c, rt_strv *heads, rt_error *err);
/* rt_cli_db, then rt_cli_db_heads. */
int rt_cli_db_and_heads(rt_cli *c, rt_strv *heads, rt_error *err);
/* rt_cli_graph and rt_cli_db_and_heads at once, the graph in a thread: on
 * a large history its file checks take milliseconds, as do a server's
 * handshake and SQLite's schema load, and neither needs the other. Errors
 * come as from one after the other (the graph's first). Only for commands
 * that read: a migration never connects to a database it would not run. */
int rt_cli_graph_and_heads(rt_cli *c, rt_strv *heads, rt_error *err);
/* The revisions a target names in the loaded graph, without asking the
 * database (so +N counts from base): *out (caller frees the array) in
 * topological order, at least one; none is RT_EUSAGE "No revision files
 * indicated by symbol 'key'", as Alembic. */
int rt_cli_revisions(rt_cli *c, const char *key, const rt_revision ***out, size_t *n,
                     rt_error *err);
/* Graph heads' ids, sorted (graph must be loaded). */
void rt_cli_graph_heads(rt_cli *c, rt_strv *heads);
/* RT_OK when the database's rows equal the graph's heads, else RT_EGRAPH
 * "Target database is not up to date" naming both. */
int rt_cli_require_at_head(rt_cli *c, rt_error *err);
/* Connects, requires the database at head (the graph must be loaded), then
 * compares the models with it into d: what `check` reports and `revision
 * --autogenerate` writes. The caller frees d with rt_diff_free, also after an
 * error. */
int rt_cli_autogen_compare(rt_cli *c, rt_diff *d, rt_error *err);
/* Masks the URL's password wherever it appears in text. */
void rt_cli_redact(const rt_cli *c, char *text, size_t size);

/* ---- databases named on the command line (urls.c): verify, test, diff,
 * inspect take URLs as arguments instead of the configured one ---- */
struct rt_engine;
struct rt_schema;

/* Parses text and connects. *url and *db belong to the caller (rt_db_close,
 * rt_url_free), also after an error (then *db is NULL). */
int rt_cli_open_url(const char *text, rt_url **url, rt_db **db, rt_error *err);
/* The URL as text with its password masked (caller frees). */
char *rt_cli_shown_url(const char *text);
/* RT_OK when db has no table but the version table and no version row;
 * else RT_EUSAGE naming the database (shown), its revision and up to five
 * tables, with `hint` appended ("pass --reuse to ..."). */
int rt_cli_require_empty(rt_db *db, const char *shown, const char *version_table,
                         const char *hint, rt_error *err);
/* An engine on db for the loaded graph and config (lock timeout,
 * validate_on_migrate), without log lines; the caller ends it with
 * rt_engine_clear. */
void rt_cli_engine_init(const rt_cli *c, struct rt_engine *e, rt_db *db);
/* Loads the config when there is a file (or -c was given): commands that
 * work on URLs only read the version table's name from it. */
int rt_cli_config_if_any(rt_cli *c, rt_error *err);
/* Seconds since an arbitrary point (CLOCK_MONOTONIC), for timings. */
double rt_cli_seconds(void);

/* ---- option parsing (args.c) ----
 * Each command lists its options; -c/--config, --url and -h/--help are
 * understood by every command, before or after the command name. */
typedef struct rt_cli_opt {
    char shortname;        /* 'm', or 0 */
    const char *longname;  /* "message", or NULL */
    bool takes_value;
    int id;                /* > 0, returned by rt_cli_next */
} rt_cli_opt;

enum { RT_CLI_END = 0, RT_CLI_OPT = 1, RT_CLI_POS = 2, RT_CLI_HELP = 3 };

typedef struct rt_cli_args {
    int argc;
    char **argv;
    int i;              /* next argument */
    bool positional;    /* after "--" everything is positional */
    char shortbuf[3];   /* "-m" for messages */
} rt_cli_args;

void rt_cli_args_init(rt_cli_args *a, int argc, char **argv);
/* Next option or positional. RT_CLI_OPT: *id and *value (NULL for a flag);
 * RT_CLI_POS: *value; RT_CLI_HELP: -h/--help was given (the caller prints
 * its help); RT_CLI_END; negative: RT_EUSAGE in err. Global options are
 * consumed into c. opts ends with an entry whose id is 0. */
int rt_cli_next(rt_cli *c, rt_cli_args *a, const rt_cli_opt *opts, int *id,
                const char **value, rt_error *err);

/* Prints the command's help to stdout; returns RT_OK. */
int rt_cli_print_help(const rt_cli *c);

/* Whole option parsing of a command that takes no positional argument and no
 * option but -v/--verbose (verbose NULL: not even that). RT_OK: *verbose set;
 * RT_CLI_HELP: -h was given and the help printed, the command has nothing
 * left to do; negative: RT_EUSAGE in err. */
int rt_cli_parse_flags(rt_cli *c, int argc, char **argv, bool *verbose, rt_error *err);
/* The same for a command with no option and at most one positional, named
 * `what` in the usage error ("show takes one REV, got 'a' and 'b'"); *arg is
 * left NULL when none was given (the command says what it needs). */
int rt_cli_parse_one(rt_cli *c, int argc, char **argv, const char *what, const char **arg,
                     rt_error *err);

/* ---- log lines on stderr (log.c) ----
 * Verbosity is the process's (-q/-v, global options): quiet keeps ERROR
 * lines only, verbose adds DEBUG lines, among them each statement. A
 * command's own output (stdout) and its error line are never affected. */
enum { RT_CLI_LOG_QUIET = -1, RT_CLI_LOG_NORMAL = 0, RT_CLI_LOG_VERBOSE = 1 };
void rt_cli_log_set_verbosity(int v);
int rt_cli_log_verbosity(void);
/* One line "LEVEL [logger] text" unless the verbosity hides the level. */
void rt_cli_log(const char *level, const char *logger, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Under -v, logs every statement db runs and its time (rt_db_set_trace). */
void rt_cli_log_statements(rt_db *db);

/* ---- progress of a long run on a terminal (progress.c) ---- */
typedef struct rt_cli_progress rt_cli_progress;
/* A progress reporter for the engine (rt_engine.progress), or NULL when
 * stderr is not a terminal or -q was given. Owned by the caller. */
rt_cli_progress *rt_cli_progress_new(const char *what);
void rt_cli_progress_free(rt_cli_progress *p); /* NULL is a no-op */
/* rt_engine.progress: past 50 revisions, a line every 5% of them. */
void rt_cli_progress_step(void *ctx, size_t done, size_t total);
/* The line's text: "150 of 1000 revisions (15%), 48.3 per second, about
 * 18 s left", or at the end "1000 revisions in 20.7 s, 48.3 per second". */
void rt_cli_progress_format(rt_buf *out, size_t done, size_t total, double elapsed);
/* A stream whose every line goes to stderr as "INFO  [logger] line" (lines
 * that already carry a level are passed through). Close with fclose. */
FILE *rt_cli_log_stream(const char *logger);

/* ---- new revision files (cmd_revision.c), shared with merge ---- */
/* RT_EUSAGE unless id and labels follow the id rule and are not taken yet
 * (graph loaded). */
int rt_cli_check_new_revision(rt_cli *c, const char *id, const rt_strv *labels, rt_error *err);
/* Writes rev (header as given; up/down sections, NULL for empty) into the
 * folder Alembic would pick: version_path when given (one of the versions
 * folders, else RT_EUSAGE), the only folder, or that of rev's first down
 * revision; prints "  Generating <path> ...  done". */
int rt_cli_write_revision(rt_cli *c, const rt_revision *rev, const char *version_path,
                          const char *up, const char *down, rt_error *err);

/* ---- revision display (cmd_history.c), shared with current/heads/show ---- */
typedef struct rt_cli_marks {
    bool head;
    bool current;
    size_t nchildren;
    bool depended_on;   /* a head another revision depends on: "(effective head)" */
    bool hide_tree;     /* no (branchpoint)/(mergepoint), as Alembic's heads */
} rt_cli_marks;

/* "<down> -> <rev> (label) (head), message" or, without parents,
 * "<rev> (label) (head)". */
void rt_cli_print_short(FILE *out, const rt_revision *r, const rt_cli_marks *m,
                        bool parents, bool message);
/* Alembic's verbose block: Rev/Parent/Path lines and the indented header. */
void rt_cli_print_verbose(FILE *out, const rt_graph *g, const rt_revision *r,
                          const rt_cli_marks *m);
struct rt_log;
/* "<indent>applied <when> UTC by <user@host>[ (stamped)]" when the migration
 * log says revision id is applied; nothing otherwise. */
void rt_cli_print_applied(FILE *out, const struct rt_log *log, const char *id,
                          const char *indent);
/* Marks of one revision (children counted through the graph). */
void rt_cli_marks_of(const rt_graph *g, const rt_revision *r, const rt_strv *current,
                     rt_cli_marks *m);

/* The revisions of in (rt_graph_count entries) newest first, one
 * rt_cli_print_short line each, behind lanes drawn as `git log --graph`
 * (graph_draw.c). current (may be NULL) marks (current); log (may be NULL)
 * adds the applied line under each revision. */
void rt_cli_draw_graph(FILE *out, const rt_graph *g, const bool *in, const rt_strv *current,
                       const struct rt_log *log);

/* ---- --format json (json_out.c; fields in docs/cli.md) ---- */
struct rt_json;
struct rt_buf;
/* Bumped only when a field changes meaning or goes away; new fields may be
 * added without it. */
#define RT_CLI_JSON_FORMAT_VERSION 1
/* *format = index of value in allowed (NULL-terminated), else RT_EUSAGE
 * "--format takes a, b or c, not 'x'". */
int rt_cli_parse_format(const char *value, const char *const *allowed, int *format,
                        rt_error *err);
/* rt_cli_parse_flags plus --format text|json (*json). */
int rt_cli_parse_flags_format(rt_cli *c, int argc, char **argv, bool *verbose, bool *json,
                              rt_error *err);
/* Starts the document {"format_version":1,"command":...} into out (the
 * caller owns out); rt_cli_json_print closes it and prints it whole. */
void rt_cli_json_begin(struct rt_json *j, struct rt_buf *out, const char *command);
void rt_cli_json_print(struct rt_json *j);
/* One revision object. current: the database's rows (NULL: not read, so
 * is_current is null); log: the migration log (NULL: applied is null). */
void rt_cli_json_revision(struct rt_json *j, const rt_graph *g, const rt_revision *r,
                          const rt_strv *current, const struct rt_log *log);
/* A version-table row without a project: id, is_current, applied. */
void rt_cli_json_bare_revision(struct rt_json *j, const char *id, const struct rt_log *log);
/* The member "dirty": null, or the log row leaving the database dirty. */
void rt_cli_json_dirty(struct rt_json *j, const struct rt_log *log);
/* The member "differences": one object per line of d->changes. */
void rt_cli_json_differences(struct rt_json *j, const rt_diff *d);

/* ---- the command table (main.c), read by __help ---- */
/* The commands `retort --help` lists, in its order (borrowed, static). */
const rt_cli_command *const *rt_cli_commands(size_t *n);
/* What `retort --help` prints. */
void rt_cli_main_usage(FILE *out);

/* ---- commands ---- */
extern const rt_cli_command rt_cmd_init;
extern const rt_cli_command rt_cmd_revision;
extern const rt_cli_command rt_cmd_upgrade;
extern const rt_cli_command rt_cmd_downgrade;
extern const rt_cli_command rt_cmd_current;
extern const rt_cli_command rt_cmd_history;
extern const rt_cli_command rt_cmd_heads;
extern const rt_cli_command rt_cmd_show;
extern const rt_cli_command rt_cmd_check;
extern const rt_cli_command rt_cmd_merge;
extern const rt_cli_command rt_cmd_branches;
extern const rt_cli_command rt_cmd_graph;
extern const rt_cli_command rt_cmd_edit;
extern const rt_cli_command rt_cmd_ensure_version;
extern const rt_cli_command rt_cmd_verify;
extern const rt_cli_command rt_cmd_test;
extern const rt_cli_command rt_cmd_diff;
extern const rt_cli_command rt_cmd_inspect;
extern const rt_cli_command rt_cmd_copy;
extern const rt_cli_command rt_cmd_drivers;
extern const rt_cli_command rt_cmd_help_dump;   /* hidden: __help */
extern const rt_cli_command rt_cmd_complete;    /* hidden: __complete */
extern const rt_cli_command rt_cmd_stamp;
extern const rt_cli_command rt_cmd_validate;
extern const rt_cli_command rt_cmd_import_alembic;

#endif
