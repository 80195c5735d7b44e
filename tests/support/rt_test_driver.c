#include "rt_test_driver.h"
#include "backend_registry.h"
#include "rt_mem.h"
#include "url.h"

#include <criterion/criterion.h>

void rt_test_driver_load(rt_driver_module **mod, const struct rt_driver **drv,
                         const char *name)
{
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(mod, name, rt_backend_client_package(name), &err), RT_OK, "%s", err.message);
    *drv = rt_driver_module_table(*mod);
}

void *rt_test_driver_open(rt_driver_module **mod, const struct rt_driver **drv,
                          const char *name)
{
    rt_test_driver_load(mod, drv, name);
    void *h = (*drv)->create();
    cr_assert_not_null(h);
    return h;
}

void rt_test_driver_close(rt_driver_module *mod, const struct rt_driver *drv, void *h)
{
    if (h)
        drv->destroy(h);
    rt_driver_unload(mod);
}

int rt_test_driver_connect(const struct rt_driver *drv, void *h, const rt_url *url,
                           const char *host, const char *password,
                           const struct rt_driver_param *params, size_t n)
{
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a,
        .dialect = url->dialect,
        .host = host,
        .port = url->port,
        .user = url->user,
        .password = password,
        .database = url->database,
        .params = params,
        .nparams = n,
    };
    return drv->connect(h, &a);
}

int rt_test_collect_rows(void *ctx, size_t n, const char *const *names,
                         const char *const *values)
{
    rt_buf *b = ctx;
    (void)names;
    for (size_t i = 0; i < n; i++)
        rt_buf_printf(b, "%s%s", i ? "|" : "", values[i] ? values[i] : "NULL");
    rt_buf_putc(b, ';');
    return 0;
}

void rt_test_driver_exec_ok(const struct rt_driver *drv, void *h, const char *sql)
{
    cr_assert_eq(drv->exec(h, sql), RT_DRV_OK, "%s: %s", sql, drv->error(h)->message);
}

void rt_test_driver_assert_query(const struct rt_driver *drv, void *h, const char *sql,
                                 const char *expect)
{
    rt_buf b = RT_BUF_INIT;
    cr_assert_eq(drv->query(h, sql, rt_test_collect_rows, &b), RT_DRV_OK, "%s: %s", sql,
                 drv->error(h)->message);
    cr_assert_str_eq(rt_buf_cstr(&b), expect, "%s", sql);
    rt_buf_free(&b);
}
