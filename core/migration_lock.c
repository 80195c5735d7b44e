#include "migration_lock.h"
#include "dialect.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static long lk_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void lk_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

int rt_lock_take(rt_lock *lk, rt_db *db, const char *table, long timeout_ms, FILE *log,
                 rt_error *err)
{
    *lk = (rt_lock){ .db = db, .table = rt_xstrdup(table), .fd = -1 };
    const rt_dialect_lock *ops = rt_db_dialect(db)->lock;
    long start = lk_now_ms();
    long pause = 20;
    bool told = false;
    for (;;) {
        bool got = false;
        int rc = ops->try_take(lk, &got, err);
        if (rc != RT_OK)
            return rt_error_prefix(err, "Cannot take the migration lock for %s: ", table);
        if (got) {
            lk->held = true;
            return RT_OK;
        }
        long waited = lk_now_ms() - start;
        if (!told || waited >= timeout_ms) {
            char *who = ops->holder(lk);
            if (waited >= timeout_ms) {
                rt_error_set(err, RT_ELOCK,
                             "another migration is running on this database (it holds the "
                             "migration lock for %s%s%s) and it did not finish within "
                             "lock_timeout (%ld.%03ld s); run the command again once it "
                             "is done, or raise --lock-timeout",
                             table, who ? ": " : "", who ? who : "", timeout_ms / 1000,
                             timeout_ms % 1000);
                free(who);
                return RT_ELOCK;
            }
            if (log) {
                fprintf(log,
                        "Waiting for the migration lock for %s, held by %s (up to %ld s)\n",
                        table, who ? who : "another runner", (timeout_ms + 999) / 1000);
                fflush(log);
            }
            free(who);
            told = true;
        }
        /* Short pauses first: a runner that finished a moment ago gives the
         * lock back at once. */
        long left = timeout_ms - waited;
        lk_sleep_ms(pause < left ? pause : left);
        if (pause < 250)
            pause *= 2;
    }
}

void rt_lock_release(rt_lock *lk)
{
    if (lk->held)
        rt_db_dialect(lk->db)->lock->release(lk);
    lk->held = false;
    free(lk->table);
    lk->table = NULL;
}

int rt_lock_sql_flag(rt_db *db, const char *sql, bool *flag, rt_error *err)
{
    char *v = NULL;
    int rc = rt_db_query_value(db, sql, &v, err);
    *flag = rc == RT_OK && v && strcmp(v, "1") == 0;
    free(v);
    return rc;
}

char *rt_lock_sql_text(rt_db *db, const char *sql)
{
    char *v = NULL;
    rt_error err;
    if (rt_db_query_value(db, sql, &v, &err) != RT_OK)
        return NULL;
    return v;
}
