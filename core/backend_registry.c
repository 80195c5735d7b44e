#include "backend_registry.h"
#include "dialect.h"

#include <string.h>
#include <strings.h>

/* Aliases are the names SQLAlchemy gives the same backend or DBAPI, so that
 * a URL copied from alembic.ini parses. */
static const char *const br_postgresql_aliases[] = { "postgres", NULL };
static const char *const br_mysql_aliases[] = { "mariadb", NULL };
static const char *const br_sqlite3_aliases[] = { "pysqlite", NULL };
static const char *const br_libpq_aliases[] = { "psycopg2", "psycopg", "pg8000", "asyncpg", NULL };
static const char *const br_mysqlclient_aliases[] = { "mysqldb", "pymysql", NULL };
static const char *const br_odbc_aliases[] = { "pyodbc", NULL };

static const rt_backend br_backends[] = {
    {
        .name = "sqlite",
        .title = "SQLite",
        .dialect = &rt_dialect_sqlite,
        .native = { "sqlite3", br_sqlite3_aliases, "libsqlite3-0" },
        .file_based = true,
        .odbc_driver = "SQLite3",
    },
    {
        .name = "postgresql",
        .title = "PostgreSQL",
        .aliases = br_postgresql_aliases,
        .dialect = &rt_dialect_postgresql,
        .native = { "libpq", br_libpq_aliases, "libpq5" },
        .default_port = 5432,
        .odbc_driver = "PostgreSQL Unicode",
        .test_env = "PG",
    },
    {
        .name = "mysql",
        .title = "MySQL/MariaDB",
        .aliases = br_mysql_aliases,
        .dialect = &rt_dialect_mysql,
        .native = { "mysqlclient", br_mysqlclient_aliases, "libmariadb3" },
        .default_port = 3306,
        .odbc_driver = "MariaDB Unicode",
        .test_env = "MYSQL",
    },
};

static const rt_backend_driver br_transports[] = {
    /* bookworm: libodbc.so.2 is in libodbc2 */
    { "odbc", br_odbc_aliases, "libodbc2" },
};

#define BR_COUNT(a) (sizeof(a) / sizeof((a)[0]))

const rt_backend *rt_backend_at(size_t i)
{
    return i < BR_COUNT(br_backends) ? &br_backends[i] : NULL;
}

const rt_backend_driver *rt_backend_transport_at(size_t i)
{
    return i < BR_COUNT(br_transports) ? &br_transports[i] : NULL;
}

static bool br_spells(const char *candidate, const char *name, size_t len)
{
    return strlen(candidate) == len && strncasecmp(candidate, name, len) == 0;
}

static bool br_spells_any(const char *canonical, const char *const *aliases, const char *name,
                          size_t len)
{
    if (br_spells(canonical, name, len))
        return true;
    for (const char *const *a = aliases; a && *a; a++)
        if (br_spells(*a, name, len))
            return true;
    return false;
}

const rt_backend *rt_backend_find(const char *name, size_t len)
{
    for (size_t i = 0; i < BR_COUNT(br_backends); i++)
        if (br_spells_any(br_backends[i].name, br_backends[i].aliases, name, len))
            return &br_backends[i];
    return NULL;
}

const rt_backend *rt_backend_named(const char *name)
{
    for (size_t i = 0; name && i < BR_COUNT(br_backends); i++)
        if (strcmp(br_backends[i].name, name) == 0)
            return &br_backends[i];
    return NULL;
}

const rt_backend_driver *rt_backend_driver_find(const char *name, size_t len)
{
    for (size_t i = 0; i < BR_COUNT(br_backends); i++)
        if (br_spells_any(br_backends[i].native.name, br_backends[i].native.aliases, name, len))
            return &br_backends[i].native;
    for (size_t i = 0; i < BR_COUNT(br_transports); i++)
        if (br_spells_any(br_transports[i].name, br_transports[i].aliases, name, len))
            return &br_transports[i];
    return NULL;
}

static const rt_backend *br_native_owner(const char *driver)
{
    for (size_t i = 0; i < BR_COUNT(br_backends); i++)
        if (strcmp(br_backends[i].native.name, driver) == 0)
            return &br_backends[i];
    return NULL;
}

/* "mysql://... or mysql+odbc://..." */
static void br_working_urls(rt_buf *out, const rt_backend *b)
{
    rt_buf_printf(out, "%s://...", b->name);
    for (size_t i = 0; i < BR_COUNT(br_transports); i++)
        rt_buf_printf(out, "%s%s+%s://...", i + 1 == BR_COUNT(br_transports) ? " or " : ", ",
                      b->name, br_transports[i].name);
}

int rt_backend_check_driver(const rt_backend *b, const char *driver, rt_error *err)
{
    const rt_backend *owner = br_native_owner(driver);
    if (!owner || owner == b)
        return RT_OK;
    rt_buf urls = RT_BUF_INIT;
    br_working_urls(&urls, b);
    rt_error_set(err, RT_ECONFIG,
                 "driver '%s' cannot connect to a %s database: it is %s's native driver; "
                 "use %s",
                 driver, b->name, owner->name, rt_buf_cstr(&urls));
    rt_buf_free(&urls);
    return RT_ECONFIG;
}

const char *rt_backend_client_package(const char *driver)
{
    if (!driver)
        return NULL;
    const rt_backend *owner = br_native_owner(driver);
    if (owner)
        return owner->native.client_package;
    for (size_t i = 0; i < BR_COUNT(br_transports); i++)
        if (strcmp(br_transports[i].name, driver) == 0)
            return br_transports[i].client_package;
    return NULL;
}

static void br_list_sep(rt_buf *out, size_t i, size_t n)
{
    if (i > 0)
        rt_buf_append(out, i + 1 == n ? " and " : ", ");
}

void rt_backend_describe_reach(rt_buf *out, const char *driver)
{
    const rt_backend *owner = br_native_owner(driver);
    if (owner) {
        rt_buf_append(out, owner->name);
        return;
    }
    for (size_t i = 0; i < BR_COUNT(br_transports); i++) {
        if (strcmp(br_transports[i].name, driver) != 0)
            continue;
        rt_buf_append(out, "every backend (");
        for (size_t k = 0; k < BR_COUNT(br_backends); k++)
            rt_buf_printf(out, "%s%s", k ? ", " : "", br_backends[k].name);
        rt_buf_putc(out, ')');
        return;
    }
}

/* "name (or a, b)" / "name (a, b)" */
static void br_describe_one(rt_buf *out, const char *name, const char *const *aliases,
                            const char *lead)
{
    rt_buf_append(out, name);
    for (const char *const *a = aliases; a && *a; a++)
        rt_buf_printf(out, "%s%s", a == aliases ? lead : ", ", *a);
    if (aliases && *aliases)
        rt_buf_putc(out, ')');
}

void rt_backend_describe_names(rt_buf *out)
{
    size_t n = BR_COUNT(br_backends);
    for (size_t i = 0; i < n; i++) {
        br_list_sep(out, i, n);
        br_describe_one(out, br_backends[i].name, br_backends[i].aliases, " (or ");
    }
}

void rt_backend_describe_drivers(rt_buf *out)
{
    size_t n = BR_COUNT(br_backends) + BR_COUNT(br_transports);
    for (size_t i = 0; i < n; i++) {
        const rt_backend_driver *d = i < BR_COUNT(br_backends)
                                         ? &br_backends[i].native
                                         : &br_transports[i - BR_COUNT(br_backends)];
        br_list_sep(out, i, n);
        br_describe_one(out, d->name, d->aliases, " (");
    }
}
