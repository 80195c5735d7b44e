#include "fs_stat.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

/* Below this many files one thread is faster than starting others. */
#define FS_PARALLEL_MIN 2048

typedef struct fs_slice {
    int dirfd;
    char *const *paths;
    size_t name_off, from, to;
    struct stat *sts;
    bool *ok;
} fs_slice;

static void *fs_stat_slice(void *arg)
{
    fs_slice *s = arg;
    for (size_t i = s->from; i < s->to; i++)
        s->ok[i] = fstatat(s->dirfd, s->paths[i] + s->name_off, &s->sts[i], 0) == 0;
    return NULL;
}

void rt_fs_stat_many(int dirfd, char *const *paths, size_t name_off, size_t n,
                     struct stat *sts, bool *ok)
{
    long cpus = n >= FS_PARALLEL_MIN ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
    size_t parts = cpus < 1 ? 1 : cpus > RT_FS_STAT_THREADS ? RT_FS_STAT_THREADS : (size_t)cpus;
    fs_slice slices[RT_FS_STAT_THREADS];
    pthread_t tids[RT_FS_STAT_THREADS];
    bool started[RT_FS_STAT_THREADS] = { false };
    for (size_t t = 0; t < parts; t++)
        slices[t] = (fs_slice){ dirfd, paths, name_off, n * t / parts, n * (t + 1) / parts,
                                sts, ok };
    /* Slice 0 runs here; a thread that cannot start leaves its slice to
     * this thread too, so the result never depends on threads. */
    for (size_t t = 1; t < parts; t++)
        started[t] = pthread_create(&tids[t], NULL, fs_stat_slice, &slices[t]) == 0;
    fs_stat_slice(&slices[0]);
    for (size_t t = 1; t < parts; t++) {
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            fs_stat_slice(&slices[t]);
    }
}
