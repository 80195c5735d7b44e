/* Databases named on the command line: verify, test, diff and inspect work
 * on URLs given as arguments, several at once, not on the configured one. */
#include "autogen.h"
#include "cli.h"
#include "clock.h"
#include "engine.h"
#include "version_table.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int rt_cli_open_url(const char *text, rt_url **url, rt_db **db, rt_error *err)
{
    *url = NULL;
    *db = NULL;
    int rc = rt_url_parse(url, text, err);
    if (rc == RT_OK)
        rc = rt_db_open(db, *url, err);
    if (rc == RT_OK)
        rt_cli_log_statements(*db);
    return rc;
}

char *rt_cli_shown_url(const char *text)
{
    rt_url *url = NULL;
    rt_error err;
    if (rt_url_parse(&url, text, &err) != RT_OK) {
        /* Unparsable: mask whatever stands between "user:" and "@". */
        char *shown = rt_xstrdup(text);
        char *auth = strstr(shown, "://");
        char *at = auth ? strchr(auth + 3, '@') : NULL;
        char *colon = at ? memchr(auth + 3, ':', (size_t)(at - auth - 3)) : NULL;
        if (colon) {
            *colon = '\0';
            char *masked = rt_xasprintf("%s:***%s", shown, at);
            free(shown);
            shown = masked;
        }
        return shown;
    }
    char *shown = rt_url_redacted(url);
    rt_url_free(url);
    return shown;
}

int rt_cli_require_empty(rt_db *db, const char *shown, const char *version_table,
                         const char *hint, rt_error *err)
{
    rt_strv heads = RT_STRV_INIT;
    rt_schema live = RT_SCHEMA_INIT;
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    int rc = rt_version_read(db, version_table, &heads, err);
    if (rc == RT_OK)
        rc = rt_dialect_reflect(db, &opts, version_table, &live, err);
    if (rc == RT_OK && (heads.n || live.ntables)) {
        rt_buf what = RT_BUF_INIT;
        if (heads.n) {
            char *at = rt_strv_join(&heads, ", ");
            rt_buf_printf(&what, "it is at revision %s", at);
            free(at);
        }
        for (size_t i = 0; i < live.ntables && i < 5; i++)
            rt_buf_printf(&what, "%s'%s'", i ? ", " : heads.n ? "; it holds table " : "it holds table ",
                          live.tables[i].name);
        if (live.ntables > 5)
            rt_buf_printf(&what, " and %zu more", live.ntables - 5);
        rc = rt_error_set(err, RT_EUSAGE, "%s is not empty: %s; %s", shown, rt_buf_cstr(&what),
                          hint);
        rt_buf_free(&what);
    }
    rt_schema_free(&live);
    rt_strv_free(&heads);
    return rc;
}

void rt_cli_engine_init(const rt_cli *c, rt_engine *e, rt_db *db)
{
    memset(e, 0, sizeof *e);
    e->graph = c->graph;
    e->db = db;
    e->version_table = rt_cli_version_table(c);
    rt_autogen_options(c->cfg, &e->opts);
    if (c->cfg) {
        e->lock_timeout_ms = c->cfg->lock_timeout_ms;
        e->validate = c->cfg->validate_on_migrate;
    }
}

int rt_cli_config_if_any(rt_cli *c, rt_error *err)
{
    return c->config_given || access(c->config_path, F_OK) == 0 ? rt_cli_config(c, err) : RT_OK;
}

double rt_cli_seconds(void)
{
    return rt_clock_monotonic();
}
