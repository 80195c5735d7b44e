/* Revision id -> index, so that history over 10000 revisions stays linear
 * (the graph's own lookups are per call; history needs one per edge). */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t idmap_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void idmap_alloc(rt_cli_idmap *m, size_t cap)
{
    m->cap = cap;
    m->n = 0;
    m->keys = rt_xcalloc(cap, sizeof *m->keys);
    m->values = rt_xcalloc(cap, sizeof *m->values);
}

void rt_cli_idmap_init(rt_cli_idmap *m, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    idmap_alloc(m, cap);
}

static size_t idmap_slot(const rt_cli_idmap *m, const char *key)
{
    size_t i = (size_t)idmap_hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void rt_cli_idmap_put(rt_cli_idmap *m, const char *key, size_t value)
{
    size_t i = idmap_slot(m, key);
    if (!m->keys[i] && (m->n + 1) * 2 > m->cap) {
        rt_cli_idmap old = *m;
        idmap_alloc(m, old.cap * 2);
        for (size_t k = 0; k < old.cap; k++)
            if (old.keys[k]) {
                size_t s = idmap_slot(m, old.keys[k]);
                m->keys[s] = old.keys[k];
                m->values[s] = old.values[k];
                m->n++;
            }
        rt_cli_idmap_free(&old);
        i = idmap_slot(m, key);
    }
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->values[i] = value;
}

bool rt_cli_idmap_get(const rt_cli_idmap *m, const char *key, size_t *value)
{
    size_t i = idmap_slot(m, key);
    if (!m->keys[i])
        return false;
    if (value)
        *value = m->values[i];
    return true;
}

void rt_cli_idmap_free(rt_cli_idmap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->cap = 0;
    m->n = 0;
}
