/* What `retort drivers` shows: every driver module in the loader's search
 * path (core/driver_load.h), whether it loads, and the client library it
 * links. Read-only: it loads each module once and unloads it. */
#ifndef RT_DRIVER_LIST_H
#define RT_DRIVER_LIST_H

#include "rt_mem.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct rt_driver_info {
    char *name;        /* "libpq", from the file name retort_driver_<name>.so */
    char *path;        /* the module file */
    bool shadowed;     /* an earlier folder has a module of the same name: never loaded */
    bool loaded;       /* it loads and passes the loader's checks */
    char *description; /* the module's own line, when loaded */
    rt_strv clients;   /* "libpq.so.5 => /usr/lib/.../libpq.so.5.15" per shared
                          library the module needs itself (libc aside) */
    char *error;       /* why it does not load (the loader's message), or NULL */
    char *reaches;     /* the backends it connects to, from the registry
                          (rt_backend_describe_reach): "postgresql", "every
                          backend (...)"; "" for a module the registry does
                          not list */
} rt_driver_info;

typedef struct rt_driver_list {
    rt_strv dirs;          /* the search path, in order */
    rt_driver_info *items; /* in search order, then by name */
    size_t n;
} rt_driver_list;

/* Fills list (owned by the caller: rt_driver_list_free). Never fails: a
 * folder that cannot be read lists nothing. */
void rt_driver_list_scan(rt_driver_list *list);
void rt_driver_list_free(rt_driver_list *list);

#endif
