#include "config.h"
#include "dialect.h"
#include "qname.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Keys read from retort.ini, then (numbered from CFG_NKEYS) each setting a
 * dialect declares, <dialect>_<key> (rt_dialect_setting_at); everything else (Alembic has many: loggers,
 * post_write_hooks, prepend_sys_path...) is ignored on purpose. */
enum cfg_key {
    CFG_SCRIPT_LOCATION,
    CFG_URL,
    CFG_SQLALCHEMY_URL,
    CFG_VERSION_TABLE,
    CFG_FILE_TEMPLATE,
    CFG_MODELS,
    CFG_VERSION_LOCATIONS,
    CFG_LOCK_TIMEOUT,
    CFG_VALIDATE_ON_MIGRATE,
    CFG_VERSION_TABLE_SCHEMA,
    CFG_TRANSACTION_PER_MIGRATION,
    CFG_NKEYS
};

static const char *const cfg_key_names[CFG_NKEYS] = {
    "script_location", "url", "sqlalchemy.url", "version_table",
    "file_template", "models", "version_locations",
    "lock_timeout", "validate_on_migrate",
    "version_table_schema",
    "transaction_per_migration",
};

enum cfg_section { CFG_RETORT, CFG_ALEMBIC, CFG_NSECTIONS };

typedef struct cfg_value {
    char *text; /* raw, before %-interpolation; NULL when unset */
    int line;
} cfg_value;

typedef struct cfg_state {
    const char *path;
    FILE *file;
    int line;            /* physical line the reader is on */
    bool at_line_start;
    bool indented;       /* the current line starts with blanks */
    bool seen[CFG_NSECTIONS];
    cfg_value *values[CFG_NSECTIONS]; /* nkeys each */
    int nkeys;
    int last_key;        /* for continuation lines of a multi-line value */
    int last_section;
    int last_line;
} cfg_state;

/* Does name spell "<d->name>_<s->key>", case-insensitively? */
static bool cfg_is_setting(const char *name, const rt_dialect *d, const rt_dialect_setting *s)
{
    size_t dlen = strlen(d->name);
    return strncasecmp(name, d->name, dlen) == 0 && name[dlen] == '_' &&
           strcasecmp(name + dlen + 1, s->key) == 0;
}

/* The number of a key: a fixed one, or CFG_NKEYS + the number of a dialect
 * setting; -1 when retort reads no such key. */
static int cfg_key_index(const char *name)
{
    for (int k = 0; k < CFG_NKEYS; k++)
        if (strcasecmp(name, cfg_key_names[k]) == 0)
            return k;
    const rt_dialect *d = NULL;
    const rt_dialect_setting *s;
    for (size_t i = 0; (s = rt_dialect_setting_at(i, &d)); i++)
        if (cfg_is_setting(name, d, s))
            return CFG_NKEYS + (int)i;
    return -1;
}

/* inih calls its reader per chunk; counting newlines here gives the line
 * number of the value the handler is about to see. */
static char *cfg_reader(char *str, int num, void *stream)
{
    cfg_state *st = stream;
    char *r = fgets(str, num, st->file);
    if (!r)
        return NULL;
    if (st->at_line_start) {
        st->line++;
        st->indented = r[0] == ' ' || r[0] == '\t';
    }
    size_t n = strlen(r);
    st->at_line_start = n > 0 && r[n - 1] == '\n';
    return r;
}

static int cfg_handler(void *user, const char *section, const char *name, const char *value)
{
    cfg_state *st = user;
    int sec;
    if (strcmp(section, "retort") == 0)
        sec = CFG_RETORT;
    else if (strcmp(section, "alembic") == 0)
        sec = CFG_ALEMBIC;
    else
        return 1;
    st->seen[sec] = true;
    int key = cfg_key_index(name);
    if (key < 0)
        return 1;
    cfg_value *v = &st->values[sec][key];
    /* An indented continuation line arrives as the same name again: join
     * with a newline as Python's configparser does. A repeated key on its
     * own line replaces the earlier value. */
    if (v->text && st->indented && st->last_key == key && st->last_section == sec &&
        st->last_line < st->line) {
        char *joined = rt_xasprintf("%s\n%s", v->text, value);
        free(v->text);
        v->text = joined;
    } else {
        free(v->text);
        v->text = rt_xstrdup(value);
        v->line = st->line;
    }
    st->last_key = key;
    st->last_section = sec;
    st->last_line = st->line;
    return 1;
}

/* configparser's interpolation as Alembic uses it: %% is a literal '%',
 * %(here)s the config file's folder, %(key)s another key of the section.
 * A '%' followed by anything else stays literal, so that a percent-encoded
 * URL written for retort works without doubling. */
static int cfg_interpolate(char **out, const cfg_state *st, const cfg_value *sect,
                           const char *text, const char *dir, int line, int depth,
                           rt_error *err)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (const char *p = text; *p; p++) {
        if (p[0] != '%') {
            rt_buf_putc(&b, *p);
            continue;
        }
        if (p[1] == '%') {
            rt_buf_putc(&b, '%');
            p++;
            continue;
        }
        const char *close = p[1] == '(' ? strstr(p + 2, ")s") : NULL;
        if (!close) {
            rt_buf_putc(&b, '%');
            continue;
        }
        size_t nlen = (size_t)(close - (p + 2));
        char *name = rt_xstrndup(p + 2, nlen);
        if (strcmp(name, "here") == 0) {
            rt_buf_append(&b, dir);
        } else {
            int key = cfg_key_index(name);
            if (key < 0 || !sect[key].text || depth > 10) {
                rt_error_set(err, RT_ECONFIG,
                             "%s:%d: '%%(%s)s' refers to %s; write %%%% for a literal '%%'.",
                             st->path, line, name,
                             depth > 10 ? "itself in a loop" : "no key of this section");
                free(name);
                rt_buf_free(&b);
                return err->code;
            }
            char *sub = NULL;
            if (cfg_interpolate(&sub, st, sect, sect[key].text, dir, line, depth + 1, err) !=
                RT_OK) {
                free(name);
                rt_buf_free(&b);
                return err->code;
            }
            rt_buf_append(&b, sub);
            free(sub);
        }
        free(name);
        p = close + 1;
    }
    *out = rt_buf_steal(&b);
    return RT_OK;
}

static char *cfg_resolve(const char *dir, const char *value)
{
    if (value[0] == '/')
        return rt_xstrdup(value);
    if (strcmp(dir, "/") == 0)
        return rt_xasprintf("/%s", value);
    return rt_xasprintf("%s/%s", dir, value);
}

/* The config file's folder as an absolute path, so that the paths derived
 * from it (and printed, as Alembic prints them) hold from any cwd. */
static char *cfg_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    if (!slash)
        dir = rt_xstrdup(".");
    else if (slash == path)
        dir = rt_xstrdup("/");
    else
        dir = rt_xstrndup(path, (size_t)(slash - path));
    char *abs = realpath(dir, NULL);
    if (abs) {
        free(dir);
        dir = rt_xstrdup(abs);
        free(abs);
    }
    return dir;
}

/* The value for key: [retort] first, then [alembic]; url falls back to
 * sqlalchemy.url within each section. */
static const cfg_value *cfg_pick(const cfg_state *st, int key, const cfg_value **sect)
{
    for (int s = 0; s < CFG_NSECTIONS; s++) {
        const cfg_value *v = &st->values[s][key];
        if (!v->text && key == CFG_URL)
            v = &st->values[s][CFG_SQLALCHEMY_URL];
        if (v->text) {
            *sect = st->values[s];
            return v;
        }
    }
    return NULL;
}

static int cfg_get(char **out, const cfg_state *st, int key, const char *dir, int *line,
                   rt_error *err)
{
    const cfg_value *sect = NULL;
    const cfg_value *v = cfg_pick(st, key, &sect);
    *out = NULL;
    if (!v)
        return RT_OK;
    if (line)
        *line = v->line;
    return cfg_interpolate(out, st, sect, v->text, dir, v->line, 0, err);
}

/* A boolean key as Python's configparser reads one (true/yes/on/1,
 * false/no/off/0); *out untouched when the key is unset. */
static int cfg_bool(const cfg_state *st, int key, const rt_config *cfg, bool *out,
                    rt_error *err)
{
    char *v = NULL;
    int line = 0;
    if (cfg_get(&v, st, key, cfg->dir, &line, err) != RT_OK)
        return err->code;
    if (!v)
        return RT_OK;
    bool on = strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0 ||
              strcmp(v, "on") == 0;
    bool off = strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0 ||
               strcmp(v, "off") == 0;
    free(v);
    if (!on && !off)
        return rt_error_set(err, RT_ECONFIG, "%s:%d: %s must be true or false.", st->path, line,
                            cfg_key_names[key]);
    *out = on;
    return RT_OK;
}

/* A whitespace- or comma-separated list of paths, resolved against dir. */
static void cfg_split_paths(rt_config *cfg, const char *text, rt_strv *out)
{
    const char *p = text;
    while (*p) {
        p += strspn(p, " \t\r\n,");
        size_t n = strcspn(p, " \t\r\n,");
        if (n == 0)
            break;
        char *item = rt_xstrndup(p, n);
        rt_strv_push_owned(out, cfg_resolve(cfg->dir, item));
        free(item);
        p += n;
    }
}

static int cfg_fill(rt_config *cfg, const cfg_state *st, rt_error *err)
{
    char *v = NULL;
    int line = 0;
    if (cfg_get(&v, st, CFG_SCRIPT_LOCATION, cfg->dir, NULL, err) != RT_OK)
        return err->code;
    if (v && *v)
        cfg->script_location = cfg_resolve(cfg->dir, v);
    free(v);

    if (cfg_get(&v, st, CFG_URL, cfg->dir, NULL, err) != RT_OK)
        return err->code;
    if (v && *v)
        cfg->url = v;
    else
        free(v);

    if (cfg_get(&v, st, CFG_VERSION_TABLE, cfg->dir, &line, err) != RT_OK)
        return err->code;
    if (v) {
        /* 59: the log table beside it, "<version_table>_log", must fit
         * PostgreSQL's 63. */
        if (!*v || strlen(v) > 59) {
            free(v);
            return rt_error_set(err, RT_ECONFIG,
                                "%s:%d: version_table must be a table name of 1 to 59 "
                                "characters (its log table adds '_log').",
                                st->path, line);
        }
        free(cfg->version_table);
        cfg->version_table = v;
    }
    if (strchr(cfg->version_table, RT_QNAME_SEP))
        return rt_error_set(err, RT_ECONFIG,
                            "%s:%d: version_table must not contain '%c'; name the schema with "
                            "version_table_schema.",
                            st->path, line, RT_QNAME_SEP);
    if (cfg_get(&v, st, CFG_VERSION_TABLE_SCHEMA, cfg->dir, &line, err) != RT_OK)
        return err->code;
    if (v && (!*v || strlen(v) > 63 || strchr(v, RT_QNAME_SEP))) {
        free(v);
        return rt_error_set(err, RT_ECONFIG,
                            "%s:%d: version_table_schema must be a schema name of 1 to 63 "
                            "characters without '%c'.",
                            st->path, line, RT_QNAME_SEP);
    }
    if (v) {
        /* the one place that qualifies it: everyone else reads version_table */
        char *qualified = rt_qname_join(v, cfg->version_table);
        free(cfg->version_table);
        cfg->version_table = qualified;
        free(v);
    }

    if (cfg_get(&v, st, CFG_FILE_TEMPLATE, cfg->dir, NULL, err) != RT_OK)
        return err->code;
    if (v && *v) {
        free(cfg->file_template);
        cfg->file_template = v;
    } else {
        free(v);
    }

    if (cfg_get(&v, st, CFG_MODELS, cfg->dir, NULL, err) != RT_OK)
        return err->code;
    if (v)
        cfg_split_paths(cfg, v, &cfg->models);
    free(v);

    if (cfg_get(&v, st, CFG_VERSION_LOCATIONS, cfg->dir, NULL, err) != RT_OK)
        return err->code;
    if (v)
        cfg_split_paths(cfg, v, &cfg->version_locations);
    free(v);

    const rt_dialect *d = NULL;
    const rt_dialect_setting *set;
    for (size_t i = 0; (set = rt_dialect_setting_at(i, &d)); i++) {
        if (cfg_get(&v, st, CFG_NKEYS + (int)i, cfg->dir, &line, err) != RT_OK)
            return err->code;
        if (!v)
            continue;
        int n = 0;
        bool ok = rt_dialect_setting_parse(set, v, &n);
        free(v);
        if (!ok)
            return rt_error_set(err, RT_ECONFIG,
                                "%s:%d: %s_%s must be a whole number from %d to %d.",
                                st->path, line, d->name, set->key, set->min, set->max);
        rt_strv_push_owned(&cfg->dialect_settings,
                           rt_xasprintf("%s_%s=%d", d->name, set->key, n));
    }

    if (cfg_get(&v, st, CFG_LOCK_TIMEOUT, cfg->dir, &line, err) != RT_OK)
        return err->code;
    if (v) {
        double secs = 0;
        bool ok = rt_config_parse_seconds(v, &secs);
        free(v);
        if (!ok)
            return rt_error_set(err, RT_ECONFIG,
                                "%s:%d: lock_timeout must be a number of seconds from 0 to "
                                "86400 (e.g. 60 or 2.5).",
                                st->path, line);
        cfg->lock_timeout_ms = (long)(secs * 1000 + 0.5);
    }

    if (cfg_bool(st, CFG_VALIDATE_ON_MIGRATE, cfg, &cfg->validate_on_migrate, err) != RT_OK)
        return err->code;
    if (cfg_bool(st, CFG_TRANSACTION_PER_MIGRATION, cfg, &cfg->transaction_per_migration,
                 err) != RT_OK)
        return err->code;
    return RT_OK;
}

bool rt_config_parse_seconds(const char *text, double *secs)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(text, &end);
    if (!*text || !end || *end != '\0' || errno != 0 || !(d >= 0 && d <= 86400))
        return false;
    *secs = d;
    return true;
}

void rt_config_free(rt_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->path);
    free(cfg->dir);
    free(cfg->script_location);
    free(cfg->url);
    free(cfg->version_table);
    free(cfg->file_template);
    rt_strv_free(&cfg->models);
    rt_strv_free(&cfg->version_locations);
    rt_strv_free(&cfg->dialect_settings);
    free(cfg);
}

static void cfg_state_free(cfg_state *st)
{
    for (int s = 0; s < CFG_NSECTIONS; s++) {
        for (int k = 0; k < st->nkeys; k++)
            free(st->values[s][k].text);
        free(st->values[s]);
    }
}

int rt_config_load(rt_config **out, const char *path, rt_error *err)
{
    *out = NULL;
    cfg_state st;
    memset(&st, 0, sizeof st);
    st.path = path;
    st.at_line_start = true;
    st.last_key = -1;
    st.file = fopen(path, "r");
    if (!st.file)
        return rt_error_set(err, RT_ECONFIG,
                            "Cannot read the configuration file %s: %s (create one with "
                            "'retort init DIR', or choose another with -c FILE).",
                            path, strerror(errno));

    /* Python's configparser takes long lines and no inline comments (a ';'
     * belongs to the value, as in ODBC connection strings); make inih do
     * the same. These are inih's run-time settings, used only here. */
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = 1 << 20;
    ini_allow_inline_comments = false;
    ini_allow_multiline = true;
    ini_stop_on_first_error = true;

    const rt_dialect *d = NULL;
    st.nkeys = CFG_NKEYS;
    while (rt_dialect_setting_at((size_t)(st.nkeys - CFG_NKEYS), &d))
        st.nkeys++;
    for (int s = 0; s < CFG_NSECTIONS; s++)
        st.values[s] = rt_xcalloc((size_t)st.nkeys, sizeof *st.values[s]);
    int rc = ini_parse_stream(cfg_reader, &st, cfg_handler, &st);
    fclose(st.file);
    if (rc != 0) {
        cfg_state_free(&st);
        if (rc > 0)
            return rt_error_set(err, RT_ECONFIG,
                                "%s:%d: syntax error: expected a [section] header, "
                                "'key = value' or a comment.",
                                path, rc);
        return rt_error_set(err, RT_ECONFIG, "Cannot read the configuration file %s.", path);
    }
    if (!st.seen[CFG_RETORT] && !st.seen[CFG_ALEMBIC]) {
        cfg_state_free(&st);
        return rt_error_set(err, RT_ECONFIG,
                            "%s has no [retort] section with script_location and url (an "
                            "[alembic] section is accepted too).",
                            path);
    }

    rt_config *cfg = rt_xcalloc(1, sizeof *cfg);
    cfg->path = rt_xstrdup(path);
    cfg->dir = cfg_dirname(path);
    /* An alembic.ini (an [alembic] section alone) is Alembic's project: its
     * database keeps the applied heads in Alembic's default table. */
    cfg->version_table = rt_xstrdup(st.seen[CFG_ALEMBIC] && !st.seen[CFG_RETORT]
                                        ? "alembic_version" : "retort_version");
    cfg->file_template = rt_xstrdup("%(rev)s_%(slug)s");
    cfg->lock_timeout_ms = RT_CONFIG_LOCK_TIMEOUT_DEFAULT_MS;
    cfg->validate_on_migrate = true;
    cfg->transaction_per_migration = true;
    rc = cfg_fill(cfg, &st, err);
    cfg_state_free(&st);
    if (rc != RT_OK) {
        rt_config_free(cfg);
        return rc;
    }
    *out = cfg;
    return RT_OK;
}

const char *rt_config_pick_url(const rt_config *cfg, const char *cli_url)
{
    if (cli_url && *cli_url)
        return cli_url;
    const char *env = getenv("RETORT_URL");
    if (env && *env)
        return env;
    env = getenv("DATABASE_URL");
    if (env && *env)
        return env;
    return cfg ? cfg->url : NULL;
}

int rt_config_write_default(const char *path, const char *script_location, rt_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            return rt_error_set(err, RT_EEXIST, "%s already exists; not overwriting it.", path);
        return rt_error_set(err, RT_EIO, "Cannot create %s: %s.", path, strerror(errno));
    }
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b,
                  "# retort configuration. The same keys are read from an [alembic]\n"
                  "# section, and sqlalchemy.url is accepted for url.\n"
                  "[retort]\n"
                  "# Folder holding versions/, relative to this file.\n"
                  "script_location = %s\n"
                  "\n"
                  "# Database URL in SQLAlchemy form; --url, $RETORT_URL and $DATABASE_URL\n"
                  "# take precedence. Examples:\n"
                  "#   postgresql://user:password@localhost:5432/dbname\n"
                  "#   mysql://user:password@localhost:3306/dbname\n"
                  "url = sqlite:///app.db\n"
                  "\n"
                  "# version_table = retort_version\n"
                  "# version_table_schema = audit\n"
                  "# file_template = %%%%(rev)s_%%%%(slug)s\n"
                  "# models = models/*.sql\n"
                  "# mysql_default_varchar_length = 255\n"
                  "# lock_timeout = 60\n"
                  "# validate_on_migrate = true\n"
                  "# transaction_per_migration = true\n",
                  script_location);
    const char *p = rt_buf_cstr(&b);
    size_t left = b.len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            rt_buf_free(&b);
            return rt_error_set(err, RT_EIO, "Cannot write %s: %s.", path, strerror(e));
        }
        p += w;
        left -= (size_t)w;
    }
    rt_buf_free(&b);
    if (close(fd) != 0)
        return rt_error_set(err, RT_EIO, "Cannot write %s: %s.", path, strerror(errno));
    return RT_OK;
}
