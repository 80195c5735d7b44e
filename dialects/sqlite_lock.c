/* SQLite's migration lock: flock() on "<database>.retort-lock" beside the
 * database file, held for the whole run.
 *
 * Not a lock inside the database: an exclusive transaction would shut out
 * the run's own connection, and a lock row outlives a kill -9. The kernel
 * drops an flock when its process dies. flock and SQLite's own fcntl locks
 * are independent on Linux, and a separate file keeps us from closing a
 * descriptor of the database itself, which would drop SQLite's locks.
 * The holder writes "pid N on HOST since TIME" into the file for the
 * runners that wait. */
#include "migration_lock.h"
#include "rt_mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static bool sql_in_memory(const char *path)
{
    return !path || !*path || strcmp(path, ":memory:") == 0;
}

static int sql_try(rt_lock *lk, bool *got, rt_error *err)
{
    const rt_url *url = rt_db_url(lk->db);
    const char *path = url->database;
    *got = false;
    /* Over ODBC a DSN or odbc_connect names the file where retort cannot
     * see it: no lock could be taken, and running without one is what
     * lets two runners apply a revision twice. */
    if (sql_in_memory(path) && strcmp(url->driver, "odbc") == 0)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "the SQLite database file is not named in the URL (a DSN or "
                            "odbc_connect), so the migration lock beside it cannot be taken; "
                            "write the URL as sqlite+odbc:///path/to/file.db?driver=...");
    if (sql_in_memory(path)) { /* private to this connection: nobody to wait for */
        *got = true;
        return RT_OK;
    }
    if (lk->fd < 0) {
        char *lock_path = rt_xasprintf("%s.retort-lock", path);
        lk->fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        int e = errno;
        if (lk->fd < 0) {
            rt_error_set(err, RT_EIO, "cannot open %s: %s", lock_path, strerror(e));
            free(lock_path);
            return RT_EIO;
        }
        free(lock_path);
    }
    if (flock(lk->fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return RT_OK;
        return rt_error_set(err, RT_EIO, "flock on the lock file of %s: %s", path,
                            strerror(errno));
    }
    *got = true;
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char line[400];
    int n = snprintf(line, sizeof line, "pid %ld on %s since %04d-%02d-%02d %02d:%02d:%02d UTC",
                     (long)getpid(), host, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
    /* Only a courtesy for those who wait: a failed write changes nothing. */
    if (ftruncate(lk->fd, 0) == 0 && n > 0 && pwrite(lk->fd, line, (size_t)n, 0) < 0)
        (void)0;
    return RT_OK;
}

static char *sql_holder(rt_lock *lk)
{
    char line[400];
    if (lk->fd < 0)
        return NULL;
    ssize_t n = pread(lk->fd, line, sizeof line - 1, 0);
    if (n <= 0)
        return NULL;
    line[n] = '\0';
    return rt_xstrdup(line);
}

static void sql_release(rt_lock *lk)
{
    if (lk->fd >= 0) {
        if (ftruncate(lk->fd, 0) != 0)
            (void)0;
        close(lk->fd); /* drops the flock */
    }
    lk->fd = -1;
}

/* No write_with or step_sql: in-process, a statement costs no round trip,
 * and the log row rides in the revision's transaction. */
const rt_dialect_lock rt_sqlite_lock = {
    .try_take = sql_try,
    .holder = sql_holder,
    .release = sql_release,
};
