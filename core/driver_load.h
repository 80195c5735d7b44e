/* Finds, dlopens and checks driver modules (drivers/rt_driver.h).
 *
 * Search order for retort_driver_<name>.so:
 *   1. each folder of $RETORT_DRIVER_PATH (colon separated)
 *   2. <folder of the executable>/../lib/retort/drivers   (cmake --install)
 *   3. the build tree's driver folder (compiled in as RT_BUILD_DRIVER_DIR)
 */
#ifndef RT_DRIVER_LOAD_H
#define RT_DRIVER_LOAD_H

#include "rt_driver.h"
#include "rt_error.h"
#include "rt_mem.h"

typedef struct rt_driver_module rt_driver_module; /* dlopen handle + table */

/* Loads driver `name` (canonical name). The module is owned by the caller
 * (rt_driver_unload). A module not found, a client library missing, a
 * missing entry symbol or an ABI mismatch: RT_EDRIVER, one line naming the
 * driver. client_package is the Debian package that message tells to
 * install when the module or its client library is missing, NULL for none:
 * callers pass the registry's (rt_backend_client_package), so that the
 * loader, also compiled into test modules, knows nothing of backends. */
int rt_driver_load(rt_driver_module **out, const char *name, const char *client_package,
                   rt_error *err);

/* Loads the module at an explicit path (tests of the loader use this). */
int rt_driver_load_path(rt_driver_module **out, const char *name, const char *path,
                        const char *client_package, rt_error *err);

/* Borrowed; valid until rt_driver_unload. */
const struct rt_driver *rt_driver_module_table(const rt_driver_module *m);
const char *rt_driver_module_path(const rt_driver_module *m);

void rt_driver_unload(rt_driver_module *m); /* NULL is a no-op */

/* The folders searched, in order (the list above); dirs gets owned copies.
 * Read-only: `retort drivers` lists what they hold. */
void rt_driver_search_path(rt_strv *dirs);

#endif
