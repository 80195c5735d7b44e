/* retort init DIR: the migration folder and a retort.ini pointing at it. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char init_help[] =
    "usage: retort init DIR\n"
    "\n"
    "Creates DIR/ and DIR/versions/ for revision files and writes the config\n"
    "file (./retort.ini, or the -c path) with script_location = DIR and\n"
    "url = sqlite:///app.db. Refuses when DIR exists and is not empty or the\n"
    "config file exists.\n";

/* 1 when path is a directory holding anything, 0 when empty, -1 when it
 * cannot be read. */
static int init_dir_nonempty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            found = 1;
    closedir(d);
    return found;
}

static int init_mkdir(const char *path, rt_error *err)
{
    char abs[PATH_MAX];
    struct stat st;
    if (stat(path, &st) == 0)
        return RT_OK; /* an empty folder the user made for us */
    if (mkdir(path, 0777) != 0)
        return rt_error_set(err, RT_EIO, "cannot create directory '%s': %s", path,
                            strerror(errno));
    printf("  Creating directory '%s' ...  done\n", realpath(path, abs) ? abs : path);
    return RT_OK;
}

/* script_location is read relative to the config file's folder: keep DIR as
 * typed when the config sits in the current folder, else use its absolute
 * path so that both stay in agreement. */
static char *init_location(const char *config_path, const char *dir)
{
    char *copy = rt_xstrdup(dir);
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    if (copy[0] == '/' || strchr(config_path, '/') == NULL)
        return copy;
    char abs[PATH_MAX];
    if (realpath(copy, abs)) {
        free(copy);
        return rt_xstrdup(abs);
    }
    return copy;
}

static int init_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *dir;
    int r = rt_cli_parse_one(c, argc, argv, "DIR", &dir, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!dir || !*dir)
        return rt_error_set(err, RT_EUSAGE,
                            "init needs the folder to create, e.g. 'retort init migrations'");

    if (access(c->config_path, F_OK) == 0)
        return rt_error_set(err, RT_EUSAGE,
                            "'%s' already exists: this folder is already set up (remove it, "
                            "or pass -c FILE to write another config)",
                            c->config_path);
    struct stat st;
    bool existed = stat(dir, &st) == 0;
    if (existed) {
        if (!S_ISDIR(st.st_mode))
            return rt_error_set(err, RT_EUSAGE, "'%s' exists and is not a directory", dir);
        if (init_dir_nonempty(dir) != 0)
            return rt_error_set(err, RT_EUSAGE, "directory '%s' already exists and is not empty",
                                dir);
    }

    char *versions = rt_xasprintf("%s/versions", dir);
    int rc = init_mkdir(dir, err);
    if (rc == RT_OK)
        rc = init_mkdir(versions, err);
    if (rc == RT_OK) {
        char *location = init_location(c->config_path, dir);
        rc = rt_config_write_default(c->config_path, location, err);
        free(location);
    }
    if (rc == RT_OK) {
        char abs[PATH_MAX];
        const char *shown = realpath(c->config_path, abs) ? abs : c->config_path;
        printf("  Generating %s ...  done\n", shown);
        printf("  Please edit the database URL in '%s' (url = sqlite:///app.db) before "
               "proceeding, or pass --url.\n",
               shown);
    } else {
        /* Leave nothing half set up: the folders are still empty. */
        rmdir(versions);
        if (!existed)
            rmdir(dir);
    }
    free(versions);
    return rc;
}

const rt_cli_command rt_cmd_init = {
    "init", "create a migration folder and retort.ini", init_help, init_run,
};
