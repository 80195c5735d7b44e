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
 * (rt_driver_unload). A module not found, a client library missing (message
 * names the Debian package to install), a missing entry symbol or an ABI
 * mismatch: RT_EDRIVER, one line naming the driver. */
int rt_driver_load(rt_driver_module **out, const char *name, rt_error *err);

/* Loads the module at an explicit path (tests of the loader use this). */
int rt_driver_load_path(rt_driver_module **out, const char *name, const char *path,
                        rt_error *err);

/* Borrowed; valid until rt_driver_unload. */
const struct rt_driver *rt_driver_module_table(const rt_driver_module *m);
const char *rt_driver_module_path(const rt_driver_module *m);

void rt_driver_unload(rt_driver_module *m); /* NULL is a no-op */

/* Debian package that provides the client library of a driver, or NULL. */
const char *rt_driver_debian_package(const char *name);

/* The folders searched, in order (the list above); dirs gets owned copies.
 * Read-only: `retort drivers` lists what they hold. */
void rt_driver_search_path(rt_strv *dirs);

#endif
