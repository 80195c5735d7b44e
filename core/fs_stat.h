/* Stats many files of one folder at once.
 *
 * Loading a large history stats every revision file (content edits do not
 * change the folder, so nothing cheaper shows them). The kernel's path
 * lookup is about 1.4 us a file here, so 10,000 files cost 14 ms on one
 * core: past a threshold the work is split across threads, one per online
 * CPU (at most RT_FS_STAT_THREADS).
 */
#ifndef RT_FS_STAT_H
#define RT_FS_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define RT_FS_STAT_THREADS 4

/* fstatat(dirfd, paths[i] + name_off) for i < n into sts[i]; ok[i] says
 * whether it succeeded. Both arrays are the caller's, with room for n. */
void rt_fs_stat_many(int dirfd, char *const *paths, size_t name_off, size_t n,
                     struct stat *sts, bool *ok);

#endif
