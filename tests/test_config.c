#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "rt_test.h"

static char *dir;

static void setup(void)
{
    char *made = rt_test_tmpdir();
    dir = realpath(made, NULL); /* the config resolves its folder this way */
    free(made);
    unsetenv("RETORT_URL");
    unsetenv("DATABASE_URL");
}

static void teardown(void)
{
    rt_test_rmtree(dir);
    free(dir);
}

static char *write_ini(const char *name, const char *text)
{
    char *path = rt_xasprintf("%s/%s", dir, name);
    rt_test_write_file(path, text);
    return path;
}

static rt_config *load_ok(const char *path)
{
    rt_config *cfg = NULL;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_config_load(&cfg, path, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_assert_not_null(cfg);
    return cfg;
}

static void load_fails(const char *path, const char *needle)
{
    rt_config *cfg = (rt_config *)1;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_config_load(&cfg, path, &err);
    cr_assert_eq(rc, RT_ECONFIG, "expected failure, got %d", rc);
    cr_assert_null(cfg);
    cr_assert(strstr(err.message, needle), "'%s' not in '%s'", needle, err.message);
}

TestSuite(config, .init = setup, .fini = teardown);

Test(config, retort_section_and_defaults)
{
    char *path = write_ini("retort.ini", "[retort]\n"
                                         "script_location = migrations\n"
                                         "url = sqlite:///app.db\n");
    rt_config *cfg = load_ok(path);
    cr_assert_str_eq(cfg->path, path);
    cr_assert_str_eq(cfg->dir, dir);
    char *loc = rt_xasprintf("%s/migrations", dir);
    cr_assert_str_eq(cfg->script_location, loc);
    cr_assert_str_eq(cfg->url, "sqlite:///app.db");
    cr_assert_str_eq(cfg->version_table, "retort_version");
    cr_assert_str_eq(cfg->file_template, "%(rev)s_%(slug)s");
    cr_assert_eq(cfg->models.n, 0);
    cr_assert_eq(cfg->version_locations.n, 0);
    cr_assert_eq(cfg->dialect_settings.n, 0); /* each dialect's default */
    free(loc);
    rt_config_free(cfg);
    free(path);
}

Test(config, alembic_section_as_alembic_writes_it)
{
    char *path = write_ini("alembic.ini",
                           "# A generic, single database configuration.\n"
                           "\n"
                           "[alembic]\n"
                           "# path to migration scripts\n"
                           "script_location = %(here)s/alembic\n"
                           "file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s\n"
                           "prepend_sys_path = .\n"
                           "version_path_separator = os\n"
                           "sqlalchemy.url = postgresql+psycopg2://test:p%%40ss@localhost:5432/test\n"
                           "\n"
                           "[post_write_hooks]\n"
                           "\n"
                           "[loggers]\n"
                           "keys = root,sqlalchemy,alembic\n"
                           "\n"
                           "[formatter_generic]\n"
                           "format = %(levelname)-5.5s [%(name)s] %(message)s\n"
                           "datefmt = %H:%M:%S\n");
    rt_config *cfg = load_ok(path);
    char *loc = rt_xasprintf("%s/alembic", dir);
    cr_assert_str_eq(cfg->script_location, loc);
    cr_assert_str_eq(cfg->url, "postgresql+psycopg2://test:p%40ss@localhost:5432/test");
    cr_assert_str_eq(cfg->file_template, "%(year)d_%(month).2d_%(day).2d_%(rev)s_%(slug)s");
    /* Alembic's own version table, as Alembic uses it with this file. */
    cr_assert_str_eq(cfg->version_table, "alembic_version");
    free(loc);
    rt_config_free(cfg);
    free(path);
}

Test(config, retort_wins_over_alembic_and_url_over_sqlalchemy_url)
{
    char *path = write_ini("retort.ini", "[alembic]\n"
                                         "script_location = old\n"
                                         "sqlalchemy.url = mysql://a/b\n"
                                         "version_table = alembic_version\n"
                                         "[retort]\n"
                                         "sqlalchemy.url = sqlite:///x.db\n"
                                         "URL = sqlite:///y.db\n"
                                         "script_location = /abs/migrations\n");
    rt_config *cfg = load_ok(path);
    cr_assert_str_eq(cfg->url, "sqlite:///y.db");
    cr_assert_str_eq(cfg->script_location, "/abs/migrations");
    cr_assert_str_eq(cfg->version_table, "alembic_version");
    rt_config_free(cfg);
    free(path);
}

Test(config, models_split_and_resolved)
{
    char *path = write_ini("retort.ini", "[retort]\n"
                                         "models = models/a.sql, models/b.sql\n"
                                         "   /abs/c.sql,models/*.sql\n"
                                         "MySQL_Default_Varchar_Length = 191\n"
                                         "version_table = my_versions\n"
                                         "unknown_key = whatever\n");
    rt_config *cfg = load_ok(path);
    cr_assert_eq(cfg->models.n, 4);
    char *a = rt_xasprintf("%s/models/a.sql", dir);
    char *star = rt_xasprintf("%s/models/*.sql", dir);
    cr_assert_str_eq(cfg->models.items[0], a);
    cr_assert_str_eq(cfg->models.items[2], "/abs/c.sql");
    cr_assert_str_eq(cfg->models.items[3], star);
    cr_assert_eq(cfg->dialect_settings.n, 1);
    cr_assert_str_eq(cfg->dialect_settings.items[0], "mysql_default_varchar_length=191");
    cr_assert_str_eq(cfg->version_table, "my_versions");
    cr_assert_null(cfg->script_location);
    cr_assert_null(cfg->url);
    free(a);
    free(star);
    rt_config_free(cfg);
    free(path);
}

Test(config, long_lines_and_semicolons_survive)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "[retort]\nurl = mysql+odbc:///?odbc_connect=DRIVER%3D%7BMariaDB%7D;");
    for (int i = 0; i < 100; i++)
        rt_buf_append(&b, "X%3D1;");
    rt_buf_append(&b, "END\nscript_location = m\n");
    char *path = write_ini("retort.ini", rt_buf_cstr(&b));
    rt_config *cfg = load_ok(path);
    cr_assert(strlen(cfg->url) > 600);
    cr_assert(strstr(cfg->url, ";END"), "%s", cfg->url);
    cr_assert_not_null(cfg->script_location);
    rt_config_free(cfg);
    rt_buf_free(&b);
    free(path);
}

Test(config, relative_path_in_cwd)
{
    char *path = write_ini("retort.ini", "[retort]\nscript_location = migrations\n");
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(dir), 0);
    rt_config *cfg = load_ok("retort.ini");
    /* Resolved against the file's folder, absolute, whatever the cwd. */
    char *want = rt_xasprintf("%s/migrations", dir);
    cr_assert_str_eq(cfg->dir, dir);
    cr_assert_str_eq(cfg->script_location, want);
    free(want);
    rt_config_free(cfg);
    cr_assert_eq(chdir(cwd), 0);
    free(path);
}

Test(config, syntax_error_names_line)
{
    char *path = write_ini("retort.ini", "[retort]\n"
                                         "url = sqlite:///a.db\n"
                                         "\n"
                                         "this line has no equals sign\n"
                                         "script_location = m\n");
    char *needle = rt_xasprintf("%s:4: syntax error", path);
    load_fails(path, needle);
    free(needle);
    free(path);
}

Test(config, bad_section_header_names_line)
{
    char *path = write_ini("retort.ini", "[retort]\nurl = x\n[broken\n");
    char *needle = rt_xasprintf("%s:3:", path);
    load_fails(path, needle);
    free(needle);
    free(path);
}

Test(config, bad_values_name_line)
{
    char *path = write_ini("retort.ini", "[retort]\nurl = x\n\nmysql_default_varchar_length = lots\n");
    char *needle = rt_xasprintf("%s:4: mysql_default_varchar_length", path);
    load_fails(path, needle);
    free(needle);
    free(path);
    path = write_ini("r2.ini", "[retort]\nscript_location = %(nothing)s/x\n");
    needle = rt_xasprintf("%s:2: '%%(nothing)s'", path);
    load_fails(path, needle);
    free(needle);
    free(path);
}

Test(config, missing_file_and_section)
{
    char *path = rt_xasprintf("%s/nope.ini", dir);
    load_fails(path, "Cannot read the configuration file");
    free(path);
    path = write_ini("other.ini", "[something]\nurl = x\n");
    load_fails(path, "no [retort] section");
    free(path);
}

Test(config, url_precedence)
{
    char *path = write_ini("retort.ini", "[retort]\nurl = sqlite:///cfg.db\n");
    rt_config *cfg = load_ok(path);
    cr_assert_str_eq(rt_config_pick_url(cfg, NULL), "sqlite:///cfg.db");
    setenv("DATABASE_URL", "sqlite:///database_url.db", 1);
    cr_assert_str_eq(rt_config_pick_url(cfg, NULL), "sqlite:///database_url.db");
    setenv("RETORT_URL", "sqlite:///retort_url.db", 1);
    cr_assert_str_eq(rt_config_pick_url(cfg, NULL), "sqlite:///retort_url.db");
    cr_assert_str_eq(rt_config_pick_url(cfg, "sqlite:///cli.db"), "sqlite:///cli.db");
    setenv("RETORT_URL", "", 1);
    cr_assert_str_eq(rt_config_pick_url(cfg, ""), "sqlite:///database_url.db");
    unsetenv("RETORT_URL");
    unsetenv("DATABASE_URL");
    cr_assert_null(rt_config_pick_url(NULL, NULL));
    cr_assert_str_eq(rt_config_pick_url(NULL, "sqlite://"), "sqlite://");
    rt_config_free(cfg);
    free(path);
}

Test(config, write_default_round_trip_and_refuses_overwrite)
{
    char *path = rt_xasprintf("%s/retort.ini", dir);
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_config_write_default(path, "migrations", &err), RT_OK, "%s", err.message);
    rt_config *cfg = load_ok(path);
    char *loc = rt_xasprintf("%s/migrations", dir);
    cr_assert_str_eq(cfg->script_location, loc);
    cr_assert_str_eq(cfg->url, "sqlite:///app.db");
    cr_assert_str_eq(cfg->file_template, "%(rev)s_%(slug)s");
    rt_config_free(cfg);
    cr_assert_eq(rt_config_write_default(path, "other", &err), RT_EEXIST);
    cr_assert(strstr(err.message, "already exists"), "%s", err.message);
    char *text = rt_test_read_file(path);
    cr_assert(strstr(text, "script_location = migrations"));
    free(text);
    free(loc);
    free(path);
}

Test(config, version_locations_split_and_resolved)
{
    char *path = write_ini("retort.ini", "[retort]\n"
                                         "script_location = migrations\n"
                                         "version_locations = %(here)s/a/versions b,/abs/c\n");
    rt_config *cfg = load_ok(path);
    cr_assert_eq(cfg->version_locations.n, 3);
    char *a = rt_xasprintf("%s/a/versions", dir);
    char *b = rt_xasprintf("%s/b", dir);
    cr_assert_str_eq(cfg->version_locations.items[0], a);
    cr_assert_str_eq(cfg->version_locations.items[1], b);
    cr_assert_str_eq(cfg->version_locations.items[2], "/abs/c");
    free(a);
    free(b);
    rt_config_free(cfg);
    free(path);
}
