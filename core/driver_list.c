/* dlinfo and struct link_map are GNU extensions. */
#define _GNU_SOURCE
#include "driver_list.h"
#include "driver_load.h"
#include "backend_registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LIST_PREFIX "retort_driver_"
#define LIST_SUFFIX ".so"

/* The C runtime every module links: not what a user asks about. */
static bool list_is_runtime(const char *soname)
{
    static const char *const runtime[] = { "libc.so", "libm.so", "libdl.so", "libpthread.so",
                                           "ld-linux", "libgcc_s.so" };
    for (size_t i = 0; i < sizeof runtime / sizeof runtime[0]; i++)
        if (strncmp(soname, runtime[i], strlen(runtime[i])) == 0)
            return true;
    return false;
}

/* "libpq.so.5 => /usr/lib/x86_64-linux-gnu/libpq.so.5.15": the real file
 * name carries the library's version. */
static char *list_client_line(const char *soname)
{
    void *h = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
    struct link_map *lm = NULL;
    char *line = NULL;
    if (h && dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name && lm->l_name[0]) {
        char *real = realpath(lm->l_name, NULL);
        line = rt_xasprintf("%s => %s", soname, real ? real : lm->l_name);
        free(real);
    }
    if (h)
        dlclose(h);
    return line ? line : rt_xasprintf("%s => (not found)", soname);
}

/* The DT_NEEDED entries of the loaded module at path. */
static void list_clients(const char *path, rt_strv *out)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_NOLOAD);
    struct link_map *lm = NULL;
    if (!h)
        return;
    if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || !lm || !lm->l_ld) {
        dlclose(h);
        return;
    }
    const char *strtab = NULL;
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++)
        if (d->d_tag == DT_STRTAB) {
            /* glibc relocates l_ld's pointers on most targets, not on all. */
            uintptr_t p = (uintptr_t)d->d_un.d_ptr;
            if (p < (uintptr_t)lm->l_addr)
                p += (uintptr_t)lm->l_addr;
            strtab = (const char *)p;
        }
    if (strtab)
        for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++)
            if (d->d_tag == DT_NEEDED && !list_is_runtime(strtab + d->d_un.d_val))
                rt_strv_push_owned(out, list_client_line(strtab + d->d_un.d_val));
    dlclose(h);
}

static int list_by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Module names in one folder, sorted. */
static void list_dir(const char *dir, rt_strv *names)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const size_t plen = strlen(LIST_PREFIX), slen = strlen(LIST_SUFFIX);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > plen + slen && strncmp(e->d_name, LIST_PREFIX, plen) == 0 &&
            strcmp(e->d_name + len - slen, LIST_SUFFIX) == 0)
            rt_strv_push_owned(names, rt_xstrndup(e->d_name + plen, len - plen - slen));
    }
    closedir(d);
    if (names->n > 1)
        qsort(names->items, names->n, sizeof names->items[0], list_by_name);
}

static bool list_has(const rt_driver_list *list, const char *name)
{
    for (size_t i = 0; i < list->n; i++)
        if (strcmp(list->items[i].name, name) == 0)
            return true;
    return false;
}

static void list_add(rt_driver_list *list, const char *dir, const char *name)
{
    list->items = rt_xrealloc(list->items, (list->n + 1) * sizeof *list->items);
    rt_driver_info *info = &list->items[list->n];
    memset(info, 0, sizeof *info);
    info->shadowed = list_has(list, name);
    list->n++;
    info->name = rt_xstrdup(name);
    info->path = rt_xasprintf("%s/" LIST_PREFIX "%s" LIST_SUFFIX, dir, name);
    rt_buf reach = RT_BUF_INIT;
    rt_backend_describe_reach(&reach, name);
    info->reaches = rt_buf_steal(&reach);
    if (info->shadowed)
        return;
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    if (rt_driver_load_path(&m, name, info->path, rt_backend_client_package(name), &err) != RT_OK) {
        info->error = rt_xstrdup(err.message);
        return;
    }
    info->loaded = true;
    const struct rt_driver *t = rt_driver_module_table(m);
    info->description = rt_xstrdup(t->description ? t->description : "");
    list_clients(info->path, &info->clients);
    rt_driver_unload(m);
}

void rt_driver_list_scan(rt_driver_list *list)
{
    memset(list, 0, sizeof *list);
    rt_driver_search_path(&list->dirs);
    for (size_t i = 0; i < list->dirs.n; i++) {
        rt_strv names = RT_STRV_INIT;
        list_dir(list->dirs.items[i], &names);
        for (size_t j = 0; j < names.n; j++)
            list_add(list, list->dirs.items[i], names.items[j]);
        rt_strv_free(&names);
    }
}

void rt_driver_list_free(rt_driver_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        rt_driver_info *info = &list->items[i];
        free(info->name);
        free(info->path);
        free(info->description);
        rt_strv_free(&info->clients);
        free(info->error);
        free(info->reaches);
    }
    free(list->items);
    rt_strv_free(&list->dirs);
    memset(list, 0, sizeof *list);
}
