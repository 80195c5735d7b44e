/* A cache of revision headers in <versions>/.retort-cache/headers, so that
 * loading a large history costs one stat per file instead of open + read +
 * close (`retort current` over 10,000 revisions must stay under 10 ms).
 *
 * An entry is used only when the file's inode, size, mtime and ctime are
 * all unchanged, and files changed in the last seconds before the cache was
 * written are never stored (an edit within the same clock tick would keep
 * the mtime). The ctime is what makes this safe: nothing but the clock sets
 * it, so an in-place edit that restores size and mtime is still seen.
 *
 * The file is binary: fixed-size records, then the list items (string
 * offsets), then every string NUL-terminated, read with two read()s into
 * two buffers. Revisions taken from it point into the strings, so a hit
 * costs no allocation and no number parsing; the records are dropped once
 * the graph is loaded.
 *
 * The folder itself is stamped too (device, inode, mtime, ctime, taken
 * before it is listed): adding, removing or renaming a file changes its
 * mtime and ctime, so while the stamp holds, the file names come from the
 * cache instead of readdir + sort. The cache lives in a subfolder so that
 * writing it does not touch that stamp. Content edits do not change the
 * folder, which is why every file is still stat'ed. The cache is best effort: unreadable, corrupt, from
 * another byte order or unwritable means headers are read from the files.
 * Internal to graph_load.c.
 */
#ifndef RT_GRAPH_CACHE_H
#define RT_GRAPH_CACHE_H

#include "script.h"

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

typedef struct rt_hcache rt_hcache;

/* Reads dirfd/.retort-cache; NULL when absent or unusable. Caller frees,
 * after every revision filled by rt_hcache_get is gone. */
rt_hcache *rt_hcache_open(int dirfd);
void rt_hcache_free(rt_hcache *c);

/* Fills out (zeroed by the caller) from the entry for name when st matches
 * it. Every member of out is borrowed: strings and list arrays from c,
 * out->path is path itself; never rt_revision_free such a revision. Names
 * must be asked in strcmp order. */
bool rt_hcache_get(rt_hcache *c, const char *name, const struct stat *st, char *path,
                   rt_revision *out);

/* Frees the records once loading is over, keeping the strings revisions
 * borrow; only rt_hcache_free may follow. */
void rt_hcache_drop_index(rt_hcache *c);

/* Entries in the cache (0 for NULL). */
size_t rt_hcache_count(const rt_hcache *c);

/* When dir_st (fstat of the versions folder) matches the stamp of a
 * complete listing: the sorted *.sql names, borrowed from c, into names
 * (room for rt_hcache_count entries), and their number. Else SIZE_MAX. */
size_t rt_hcache_names(const rt_hcache *c, const struct stat *dir_st, const char **names);

/* After every name was asked: true when the cache had exactly the entries
 * asked for and nothing is gained by writing it again. now: the current
 * time (rt_clock_now). */
bool rt_hcache_clean(const rt_hcache *c, const struct stat *dir_st, time_t now);

/* Replaces the cache with the n revisions read from names[i] (sorted) with
 * stats sts[i]; dir_st is the folder's stat taken before it was listed.
 * Errors are ignored. */
void rt_hcache_write(int dirfd, const struct stat *dir_st, const char *const *names,
                     const struct stat *sts, const rt_revision *revs, size_t n, time_t now);

#endif
