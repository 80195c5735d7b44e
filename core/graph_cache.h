/* A cache of revision headers in <versions>/.retort-cache, so that loading
 * a large history costs one stat per file instead of open + read + close
 * (`retort current` over 10,000 revisions must stay under 10 ms).
 *
 * An entry is used only when the file's inode, size, mtime and ctime are
 * all unchanged, and files changed in the last seconds before the cache was
 * written are never stored (an edit within the same clock tick would keep
 * the mtime). The cache is best effort: unreadable, corrupt or unwritable
 * means headers are simply read from the files. Internal to graph.c.
 */
#ifndef RT_GRAPH_CACHE_H
#define RT_GRAPH_CACHE_H

#include "script.h"

#include <stdbool.h>
#include <sys/stat.h>

typedef struct rt_hcache rt_hcache;

/* Reads dirfd/.retort-cache; NULL when absent or unusable. Caller frees. */
rt_hcache *rt_hcache_open(int dirfd);
void rt_hcache_free(rt_hcache *c);

/* Fills out (zeroed by the caller) from the entry for name when st matches
 * it; path becomes out->path. Names must be asked in strcmp order. */
bool rt_hcache_get(rt_hcache *c, const char *name, const struct stat *st, const char *path,
                   rt_revision *out);

/* After every name was asked: true when the cache had exactly the entries
 * asked for (nothing to rewrite unless an entry missed). */
bool rt_hcache_clean(const rt_hcache *c);

/* Replaces the cache with the n revisions read from names[i] (sorted) with
 * stats sts[i]. Errors are ignored. */
void rt_hcache_write(int dirfd, char *const *names, const struct stat *sts,
                     const rt_revision *revs, size_t n);

#endif
