#include "driver_load.h"
#include "rt_mem.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RT_BUILD_DRIVER_DIR
#define RT_BUILD_DRIVER_DIR ""
#endif
#ifndef RT_INSTALL_DRIVER_RELDIR
#define RT_INSTALL_DRIVER_RELDIR "../lib/retort/drivers"
#endif

struct rt_driver_module {
    void *handle;
    const struct rt_driver *table;
    char *path;
};

static bool dl_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Names end up in a file name: keep them to what a module name can be, so
 * that "../x" never reaches dlopen. */
static bool dl_valid_name(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return true;
}

/* "; install the Debian package X ..." or "" when the driver has none.
 * needs_only: the module itself is missing, so the package alone will not do. */
static void dl_package_hint(char *out, size_t size, const char *pkg, bool needs_only)
{
    if (!pkg)
        out[0] = '\0';
    else if (needs_only)
        snprintf(out, size, "; it also needs the Debian package %s", pkg);
    else
        snprintf(out, size, "; install the Debian package %s (apt-get install %s)", pkg,
                 pkg);
}

/* dlopen reports a missing dependency as "<path>: libX.so.N: cannot open
 * shared object file"; the module itself being present tells the two apart. */
static bool dl_missing_dependency(const char *path, const char *dlmsg)
{
    return dl_is_file(path) && strstr(dlmsg, "cannot open shared object file") != NULL;
}

static void dl_flatten(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

int rt_driver_load_path(rt_driver_module **out, const char *name, const char *path,
                        const char *client_package, rt_error *err)
{
    char hint[128];
    *out = NULL;
    dlerror();
    /* RTLD_NODELETE: client libraries keep process-wide state (unixODBC's
     * driver cache, OpenSSL's exit handlers under libpq/libmariadb) that
     * must not be unmapped before exit; dlclose then only drops our handle. */
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!handle) {
        const char *e = dlerror();
        char dlmsg[2048];
        snprintf(dlmsg, sizeof dlmsg, "%s", e ? e : "unknown dlopen error");
        dl_flatten(dlmsg);
        bool missing_dep = dl_missing_dependency(path, dlmsg);
        dl_package_hint(hint, sizeof hint, client_package, !missing_dep);
        if (missing_dep)
            return rt_error_set(err, RT_EDRIVER,
                                "driver '%s' cannot be loaded: its client library is "
                                "missing (%s)%s",
                                name, dlmsg, hint);
        if (!dl_is_file(path))
            return rt_error_set(err, RT_EDRIVER,
                                "driver '%s' is not installed: %s does not exist (%s)%s",
                                name, path, dlmsg, hint);
        return rt_error_set(err, RT_EDRIVER, "driver '%s' cannot be loaded from %s: %s",
                            name, path, dlmsg);
    }

    dlerror();
    /* POSIX sanctions this object-to-function pointer conversion for dlsym. */
    void *sym = dlsym(handle, RT_DRIVER_ENTRY_SYMBOL);
    if (!sym) {
        const char *e = dlerror();
        char dlmsg[1024];
        snprintf(dlmsg, sizeof dlmsg, "%s", e ? e : "symbol not found");
        dl_flatten(dlmsg);
        dlclose(handle);
        return rt_error_set(err, RT_EDRIVER,
                            "driver '%s' at %s is not a retort driver: it exports no %s "
                            "(%s)",
                            name, path, RT_DRIVER_ENTRY_SYMBOL, dlmsg);
    }
    rt_driver_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const struct rt_driver *t = entry(RT_DRIVER_ABI_VERSION);
    const char *refusal = NULL;
    char why[256];
    if (!t) {
        snprintf(why, sizeof why, "it refused driver ABI %u", RT_DRIVER_ABI_VERSION);
        refusal = why;
    } else if (t->abi_version > RT_DRIVER_ABI_VERSION) {
        snprintf(why, sizeof why,
                 "it was built for driver ABI %u, newer than the ABI %u of this retort; "
                 "upgrade retort or use a driver built for ABI %u",
                 (unsigned)t->abi_version, RT_DRIVER_ABI_VERSION, RT_DRIVER_ABI_VERSION);
        refusal = why;
    } else if (t->abi_version == 0) {
        refusal = "its function table claims driver ABI 0, which never existed";
    } else if (t->struct_size < RT_DRIVER_ABI1_SIZE) {
        snprintf(why, sizeof why,
                 "its function table is %u bytes, smaller than the %zu of ABI 1",
                 (unsigned)t->struct_size, (size_t)RT_DRIVER_ABI1_SIZE);
        refusal = why;
    } else if (!t->name || !t->create || !t->destroy || !t->connect || !t->exec ||
               !t->query || !t->begin || !t->commit || !t->rollback || !t->error) {
        refusal = "its function table has empty ABI 1 slots";
    }
    if (refusal) {
        dlclose(handle);
        return rt_error_set(err, RT_EDRIVER, "driver '%s' at %s refused: %s", name, path,
                            refusal);
    }

    rt_driver_module *m = rt_xcalloc(1, sizeof *m);
    m->handle = handle;
    m->table = t;
    m->path = rt_xstrdup(path);
    *out = m;
    return RT_OK;
}

/* <folder of the executable>/RT_INSTALL_DRIVER_RELDIR, or NULL. */
static char *dl_install_dir(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char *dir = rt_xasprintf("%s/%s", exe, RT_INSTALL_DRIVER_RELDIR);
    /* "/usr/bin/../lib/..." reads badly in a message; resolve it when it exists. */
    char *real = realpath(dir, NULL);
    if (real) {
        free(dir);
        dir = rt_xstrdup(real);
        free(real);
    }
    return dir;
}

static void dl_search_dirs(rt_strv *dirs)
{
    const char *env = getenv("RETORT_DRIVER_PATH");
    if (env) {
        const char *p = env;
        while (*p) {
            const char *colon = strchr(p, ':');
            size_t len = colon ? (size_t)(colon - p) : strlen(p);
            if (len > 0)
                rt_strv_push_owned(dirs, rt_xstrndup(p, len));
            p += len;
            if (*p == ':')
                p++;
        }
    }
    char *inst = dl_install_dir();
    if (inst)
        rt_strv_push_owned(dirs, inst);
    if (RT_BUILD_DRIVER_DIR[0])
        rt_strv_push(dirs, RT_BUILD_DRIVER_DIR);
}

int rt_driver_load(rt_driver_module **out, const char *name, const char *client_package,
                   rt_error *err)
{
    *out = NULL;
    if (!dl_valid_name(name))
        return rt_error_set(err, RT_EDRIVER,
                            "'%s' is not a valid driver name (lower-case letters, digits "
                            "and '_' only)",
                            name ? name : "");
    rt_strv dirs = RT_STRV_INIT;
    dl_search_dirs(&dirs);
    for (size_t i = 0; i < dirs.n; i++) {
        char *path = rt_xasprintf("%s/retort_driver_%s.so", dirs.items[i], name);
        if (dl_is_file(path)) {
            int rc = rt_driver_load_path(out, name, path, client_package, err);
            free(path);
            rt_strv_free(&dirs);
            return rc;
        }
        free(path);
    }
    char *where = rt_strv_join(&dirs, ", ");
    char hint[128];
    dl_package_hint(hint, sizeof hint, client_package, true);
    rt_error_set(err, RT_EDRIVER,
                 "driver '%s' is not installed: no retort_driver_%s.so in %s (set "
                 "RETORT_DRIVER_PATH to its folder)%s",
                 name, name, dirs.n ? where : "any folder", hint);
    free(where);
    rt_strv_free(&dirs);
    return RT_EDRIVER;
}

const struct rt_driver *rt_driver_module_table(const rt_driver_module *m)
{
    return m->table;
}

const char *rt_driver_module_path(const rt_driver_module *m)
{
    return m->path;
}

void rt_driver_unload(rt_driver_module *m)
{
    if (!m)
        return;
    dlclose(m->handle);
    free(m->path);
    free(m);
}

void rt_driver_search_path(rt_strv *dirs)
{
    dl_search_dirs(dirs);
}
