/* Helpers shared by the driver suites (test_driver_*.c), which talk to a
 * driver module through its table directly, as core/db.c does. */
#ifndef RT_TEST_DRIVER_H
#define RT_TEST_DRIVER_H

#include "driver_load.h"
#include "url.h"

#include <stddef.h>

/* Loads the named module (the test fails when it cannot); *drv is its
 * table. Unload with rt_driver_unload(*mod). */
void rt_test_driver_load(rt_driver_module **mod, const struct rt_driver **drv,
                         const char *name);
/* rt_test_driver_load, then a new handle (caller destroys it with
 * drv->destroy). */
void *rt_test_driver_open(rt_driver_module **mod, const struct rt_driver **drv,
                          const char *name);

/* Destroys h (NULL: none) and unloads mod. */
void rt_test_driver_close(rt_driver_module *mod, const struct rt_driver *drv, void *h);

/* drv->connect(h) to the server of url (its dialect, port, user and
 * database) at host with password, and params. Returns drv->connect's
 * status. */
int rt_test_driver_connect(const struct rt_driver *drv, void *h, const rt_url *url,
                           const char *host, const char *password,
                           const struct rt_driver_param *params, size_t n);

/* A drv->query row callback: appends the row to the rt_buf at ctx as
 * "a|b|NULL;" (SQL NULL as NULL), so a whole result compares as one string.
 * Column names are ignored; never stops early. */
int rt_test_collect_rows(void *ctx, size_t n, const char *const *names,
                         const char *const *values);

/* The statement succeeds on h (else the test fails with the driver's
 * message). */
void rt_test_driver_exec_ok(const struct rt_driver *drv, void *h, const char *sql);
/* The query succeeds on h and its rows, as rt_test_collect_rows writes them,
 * are exactly expect. */
void rt_test_driver_assert_query(const struct rt_driver *drv, void *h, const char *sql,
                                 const char *expect);

#endif
