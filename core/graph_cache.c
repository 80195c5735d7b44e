#include "graph_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A folder of its own: writing the cache there leaves the versions folder's
 * mtime alone, so that mtime still says whether a file came or went. */
#define HC_DIR ".retort-cache"
#define HC_NAME HC_DIR "/headers"
/* A new layout gets a new magic: an old file is then simply not used. */
#define HC_MAGIC "retort-hcache-3"
#define HC_ENDIAN 0x01020304u
/* Files changed this recently are left out: within one clock tick an edit
 * may keep the mtime and ctime the cache recorded. */
#define HC_SETTLE_SECONDS 3

/* Every field is naturally aligned and the sizes are multiples of 8, so the
 * records are used in place in the read buffer. */
typedef struct hc_head {
    char magic[16];
    uint32_t endian;
    uint32_t rec_size;
    uint32_t n;     /* records, in strcmp order of name */
    uint32_t nlist; /* list items (string offsets) */
    uint32_t blob;  /* bytes of strings, the last one NUL */
    uint32_t listed; /* 1: the records are every *.sql file of the folder as stamped */
    int64_t dir_dev, dir_ino, dir_mtime, dir_ctime;
    int32_t dir_mtime_ns, dir_ctime_ns;
} hc_head;

typedef struct hc_rec {
    int64_t ino, size, mtime, ctime;
    int32_t mtime_ns, ctime_ns;
    int32_t id_line, down_line, depends_line, labels_line;
    uint32_t name, id, date, message; /* string offsets */
    uint32_t list;                    /* first list item: down, labels, then depends */
    uint32_t ndown, nlabels, ndeps;
} hc_rec;

_Static_assert(sizeof(hc_head) % 8 == 0, "records follow the header aligned");
_Static_assert(sizeof(hc_rec) % 8 == 0, "records stay aligned");

struct rt_hcache {
    hc_head head;
    char *index;      /* records, then list items; only needed while loading */
    const hc_rec *recs;
    uint32_t n;
    char *blob;       /* every string: what revisions borrow */
    char **items;     /* list items as pointers into blob */
    uint32_t cur;     /* next record to match */
    bool stale;       /* an entry was passed over: its file is gone */
};

static bool hc_read_all(int fd, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

/* Every offset in range, so that nothing read later can leave the buffer:
 * the blob ends with a NUL, so any offset into it starts a terminated
 * string. */
static bool hc_valid(const hc_head *h, const hc_rec *recs, const uint32_t *list)
{
    if (h->blob == 0)
        return false;
    for (uint32_t i = 0; i < h->nlist; i++)
        if (list[i] >= h->blob)
            return false;
    for (uint32_t i = 0; i < h->n; i++) {
        const hc_rec *r = &recs[i];
        uint64_t items = (uint64_t)r->ndown + r->nlabels + r->ndeps;
        if (r->name >= h->blob || r->id >= h->blob || r->date >= h->blob ||
            r->message >= h->blob || r->list > h->nlist || items > h->nlist - r->list)
            return false;
    }
    return true;
}

rt_hcache *rt_hcache_open(int dirfd)
{
    int fd = openat(dirfd, HC_NAME, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    hc_head h;
    if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof h || st.st_size > (1L << 30) ||
        !hc_read_all(fd, (char *)&h, sizeof h) || memcmp(h.magic, HC_MAGIC, sizeof HC_MAGIC) ||
        h.endian != HC_ENDIAN || h.rec_size != sizeof(hc_rec) ||
        (uint64_t)st.st_size != sizeof h + (uint64_t)h.n * sizeof(hc_rec) +
                                    (uint64_t)h.nlist * sizeof(uint32_t) + h.blob) {
        close(fd);
        return NULL;
    }
    /* Two buffers: the records are dropped once the graph is loaded, the
     * strings stay for the revisions that borrow them. */
    size_t isize = (size_t)h.n * sizeof(hc_rec) + (size_t)h.nlist * sizeof(uint32_t);
    char *index = rt_xmalloc(isize + 1); /* malloc's alignment suits the records */
    char *blob = rt_xmalloc(h.blob);
    bool ok = hc_read_all(fd, index, isize) && hc_read_all(fd, blob, h.blob);
    close(fd);
    const hc_rec *recs = (const hc_rec *)index;
    const uint32_t *list = (const uint32_t *)(index + (size_t)h.n * sizeof(hc_rec));
    if (!ok || !hc_valid(&h, recs, list) || blob[h.blob - 1] != '\0') {
        free(index);
        free(blob);
        return NULL;
    }
    rt_hcache *c = rt_xcalloc(1, sizeof *c);
    c->head = h;
    c->index = index;
    c->recs = recs;
    c->n = h.n;
    c->blob = blob;
    c->items = rt_xmalloc(((size_t)h.nlist + 1) * sizeof *c->items);
    for (uint32_t i = 0; i < h.nlist; i++)
        c->items[i] = blob + list[i];
    return c;
}

void rt_hcache_drop_index(rt_hcache *c)
{
    if (!c)
        return;
    free(c->index);
    c->index = NULL;
    c->recs = NULL;
    c->n = 0;
}

void rt_hcache_free(rt_hcache *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->index);
    free(c->blob);
    free(c);
}

static void hc_list(rt_strv *v, char **items, uint32_t n)
{
    v->items = n ? items : NULL;
    v->n = n;
    v->cap = n;
}

bool rt_hcache_get(rt_hcache *c, const char *name, const struct stat *st, char *path,
                   rt_revision *out)
{
    if (!c)
        return false;
    int cmp = 1;
    while (c->cur < c->n && (cmp = strcmp(c->blob + c->recs[c->cur].name, name)) < 0) {
        c->stale = true;
        c->cur++;
    }
    if (c->cur >= c->n || cmp != 0)
        return false;
    const hc_rec *r = &c->recs[c->cur++];
    if (r->ino != (int64_t)st->st_ino || r->size != (int64_t)st->st_size ||
        r->mtime != (int64_t)st->st_mtim.tv_sec || r->mtime_ns != (int32_t)st->st_mtim.tv_nsec ||
        r->ctime != (int64_t)st->st_ctim.tv_sec || r->ctime_ns != (int32_t)st->st_ctim.tv_nsec ||
        !c->blob[r->id])
        return false;
    out->id = c->blob + r->id;
    out->create_date = c->blob + r->date;
    out->message = c->blob + r->message;
    out->path = path;
    char **items = c->items + r->list;
    hc_list(&out->down, items, r->ndown);
    hc_list(&out->branch_labels, items + r->ndown, r->nlabels);
    hc_list(&out->depends_on, items + r->ndown + r->nlabels, r->ndeps);
    out->id_line = r->id_line;
    out->down_line = r->down_line;
    out->depends_line = r->depends_line;
    out->labels_line = r->labels_line;
    return true;
}

static bool hc_same_dir(const hc_head *h, const struct stat *st)
{
    return h->dir_dev == (int64_t)st->st_dev && h->dir_ino == (int64_t)st->st_ino &&
           h->dir_mtime == (int64_t)st->st_mtim.tv_sec &&
           h->dir_mtime_ns == (int32_t)st->st_mtim.tv_nsec &&
           h->dir_ctime == (int64_t)st->st_ctim.tv_sec &&
           h->dir_ctime_ns == (int32_t)st->st_ctim.tv_nsec;
}

static bool hc_settled(const struct stat *st, time_t settled)
{
    return st->st_mtim.tv_sec < settled && st->st_ctim.tv_sec < settled;
}

size_t rt_hcache_names(const rt_hcache *c, const struct stat *dir_st, const char **names)
{
    if (!c || !c->head.listed || !hc_same_dir(&c->head, dir_st))
        return SIZE_MAX;
    const char *prev = NULL;
    for (uint32_t i = 0; i < c->n; i++) {
        const char *name = c->blob + c->recs[i].name;
        /* Sorted and plain names only: they are opened relative to the
         * folder. */
        if ((prev && strcmp(prev, name) >= 0) || !*name || strchr(name, '/'))
            return SIZE_MAX;
        names[i] = prev = name;
    }
    return c->n;
}

size_t rt_hcache_count(const rt_hcache *c)
{
    return c ? c->n : 0;
}

bool rt_hcache_clean(const rt_hcache *c, const struct stat *dir_st, time_t now)
{
    if (!c || c->stale || c->cur != c->n)
        return false;
    if (c->head.listed && hc_same_dir(&c->head, dir_st))
        return true;
    /* A folder that settled since its stamp was taken is worth one more
     * write: afterwards loads need not list it. */
    return !hc_settled(dir_st, now - HC_SETTLE_SECONDS);
}

/* Appends s with its NUL to the blob; returns its offset. */
static uint32_t hc_put(char *blob, size_t *len, const char *s)
{
    size_t n = strlen(s) + 1;
    uint32_t at = (uint32_t)*len;
    memcpy(blob + *len, s, n);
    *len += n;
    return at;
}

static bool hc_write_fd(int fd, const char *p, size_t left)
{
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        left -= (size_t)w;
    }
    return true;
}

void rt_hcache_write(int dirfd, const struct stat *dir_st, const char *const *names,
                     const struct stat *sts, const rt_revision *revs, size_t n, time_t now)
{
    time_t settled = now - HC_SETTLE_SECONDS;
    bool *keep = rt_xcalloc(n + 1, sizeof *keep);
    size_t nrec = 0, nlist = 0, blob = 0;
    for (size_t i = 0; i < n; i++) {
        const struct stat *st = &sts[i];
        const rt_revision *r = &revs[i];
        if (!hc_settled(st, settled))
            continue;
        keep[i] = true;
        nrec++;
        nlist += r->down.n + r->branch_labels.n + r->depends_on.n;
        blob += strlen(names[i]) + strlen(r->id) + strlen(r->create_date ? r->create_date : "") +
                strlen(r->message ? r->message : "") + 4 + rt_strv_text_size(&r->down) +
                rt_strv_text_size(&r->branch_labels) + rt_strv_text_size(&r->depends_on);
    }
    if (blob == 0)
        blob = 1; /* an empty cache still ends with a NUL */
    if (nrec > UINT32_MAX / 2 || nlist > UINT32_MAX / 2 || blob >= UINT32_MAX) {
        free(keep);
        return;
    }
    size_t total = sizeof(hc_head) + nrec * sizeof(hc_rec) + nlist * sizeof(uint32_t) + blob;
    char *buf = rt_xcalloc(1, total);
    hc_head *h = (hc_head *)buf;
    memcpy(h->magic, HC_MAGIC, sizeof HC_MAGIC);
    h->endian = HC_ENDIAN;
    h->rec_size = sizeof(hc_rec);
    h->n = (uint32_t)nrec;
    h->nlist = (uint32_t)nlist;
    h->blob = (uint32_t)blob;
    /* The listing may be trusted later only when it is complete and the
     * folder, stamped before it was listed, had been still for a while: a
     * file added within the same clock tick as the stamp would keep it. */
    h->listed = nrec == n && hc_settled(dir_st, settled);
    h->dir_dev = (int64_t)dir_st->st_dev;
    h->dir_ino = (int64_t)dir_st->st_ino;
    h->dir_mtime = (int64_t)dir_st->st_mtim.tv_sec;
    h->dir_mtime_ns = (int32_t)dir_st->st_mtim.tv_nsec;
    h->dir_ctime = (int64_t)dir_st->st_ctim.tv_sec;
    h->dir_ctime_ns = (int32_t)dir_st->st_ctim.tv_nsec;
    hc_rec *recs = (hc_rec *)(buf + sizeof *h);
    uint32_t *list = (uint32_t *)(recs + nrec);
    char *bl = (char *)(list + nlist);
    size_t blen = 0, li = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        const struct stat *st = &sts[i];
        const rt_revision *r = &revs[i];
        hc_rec *o = &recs[k++];
        o->ino = (int64_t)st->st_ino;
        o->size = (int64_t)st->st_size;
        o->mtime = (int64_t)st->st_mtim.tv_sec;
        o->mtime_ns = (int32_t)st->st_mtim.tv_nsec;
        o->ctime = (int64_t)st->st_ctim.tv_sec;
        o->ctime_ns = (int32_t)st->st_ctim.tv_nsec;
        o->id_line = r->id_line;
        o->down_line = r->down_line;
        o->depends_line = r->depends_line;
        o->labels_line = r->labels_line;
        o->name = hc_put(bl, &blen, names[i]);
        o->id = hc_put(bl, &blen, r->id);
        o->date = hc_put(bl, &blen, r->create_date ? r->create_date : "");
        o->message = hc_put(bl, &blen, r->message ? r->message : "");
        o->list = (uint32_t)li;
        o->ndown = (uint32_t)r->down.n;
        o->nlabels = (uint32_t)r->branch_labels.n;
        o->ndeps = (uint32_t)r->depends_on.n;
        const rt_strv *lists[3] = { &r->down, &r->branch_labels, &r->depends_on };
        for (int s = 0; s < 3; s++)
            for (size_t j = 0; j < lists[s]->n; j++)
                list[li++] = hc_put(bl, &blen, lists[s]->items[j]);
    }
    free(keep);
    /* Written aside and renamed, so a concurrent reader sees the old cache
     * or the new one, never half of one. */
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", HC_NAME, (long)getpid());
    /* The cache lives beside the revisions, which users commit: it ignores
     * itself, as pytest's cache folder does, so no project has to add it to
     * its own .gitignore. */
    if (mkdirat(dirfd, HC_DIR, 0755) == 0) {
        int gfd = openat(dirfd, HC_DIR "/.gitignore", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                         0644);
        if (gfd >= 0) {
            /* Best effort: without it the cache works, git just lists it. */
            static const char ignore_all[] = "# retort's header cache; safe to delete\n*\n";
            hc_write_fd(gfd, ignore_all, sizeof ignore_all - 1);
            close(gfd);
        }
    }
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        bool ok = hc_write_fd(fd, buf, total);
        if (close(fd) != 0)
            ok = false;
        if (!ok || renameat(dirfd, tmp, dirfd, HC_NAME) != 0)
            unlinkat(dirfd, tmp, 0);
    }
    free(buf);
}
