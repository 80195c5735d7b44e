/* The schema model: lookups, deep copies, frees, and the table name index.
 *
 * Why an index: the engine replays the whole history on the model before an
 * upgrade, and every op looks its table up; with 10,000 revisions a linear
 * search made the replay quadratic. The index maps a name to a position in
 * s->tables with open addressing. It remembers which array and length it
 * was built for, so code that edits s->tables by hand only costs a rebuild,
 * never a wrong answer (every hit is checked with strcmp). */
#include "schema.h"

#include "sql_lex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct sc_index {
    const rt_table *arr; /* s->tables the slots describe */
    size_t n;            /* s->ntables the slots describe */
    size_t cap;          /* allocated entries of s->tables */
    size_t *slots;       /* table position + 1; 0 = empty */
    size_t nslots;       /* power of two, at least twice n */
} sc_index;

static void sc_index_insert(sc_index *ix, const rt_table *tables, size_t pos)
{
    size_t mask = ix->nslots - 1;
    size_t i = rt_str_hash(tables[pos].name) & mask;
    while (ix->slots[i] != 0)
        i = (i + 1) & mask;
    ix->slots[i] = pos + 1;
}

static void sc_index_rebuild(sc_index *ix, const rt_schema *s)
{
    size_t want = 16;
    while (want < s->ntables * 2 + 2)
        want *= 2;
    free(ix->slots);
    ix->slots = rt_xcalloc(want, sizeof *ix->slots);
    ix->nslots = want;
    for (size_t i = 0; i < s->ntables; i++)
        sc_index_insert(ix, s->tables, i);
    if (ix->arr != s->tables)
        ix->cap = s->ntables;
    ix->arr = s->tables;
    ix->n = s->ntables;
}

/* The index for s, rebuilt when s->tables was changed behind our back.
 * Casting away const is sound: the index is a cache, not part of the value. */
static sc_index *sc_index_get(const rt_schema *s)
{
    rt_schema *ms = (rt_schema *)s;
    sc_index *ix = ms->lookup;
    if (!ix) {
        ix = rt_xcalloc(1, sizeof *ix);
        ix->arr = s->tables;
        ix->cap = s->ntables;
        ms->lookup = ix;
        sc_index_rebuild(ix, s);
    } else if (ix->arr != s->tables || ix->n != s->ntables) {
        sc_index_rebuild(ix, s);
    }
    return ix;
}

static long sc_index_find(const rt_schema *s, const char *name)
{
    if (!name)
        return -1;
    sc_index *ix = sc_index_get(s);
    size_t mask = ix->nslots - 1;
    for (size_t i = rt_str_hash(name) & mask; ix->slots[i] != 0; i = (i + 1) & mask) {
        size_t pos = ix->slots[i] - 1;
        if (pos < s->ntables && strcmp(s->tables[pos].name, name) == 0)
            return (long)pos;
    }
    return -1;
}

rt_table *rt_schema_find_table(const rt_schema *s, const char *name)
{
    long pos = sc_index_find(s, name);
    return pos < 0 ? NULL : &s->tables[pos];
}

rt_column *rt_table_find_column(const rt_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}

rt_constraint *rt_table_find_constraint(const rt_table *t, const char *name)
{
    for (size_t i = 0; i < t->nconstraints; i++)
        if (t->constraints[i].name && strcmp(t->constraints[i].name, name) == 0)
            return &t->constraints[i];
    return NULL;
}

rt_constraint *rt_table_primary_key(const rt_table *t)
{
    for (size_t i = 0; i < t->nconstraints; i++)
        if (t->constraints[i].kind == RT_CONSTRAINT_PRIMARY_KEY)
            return &t->constraints[i];
    return NULL;
}

rt_index *rt_table_find_index(const rt_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (strcmp(t->indexes[i].name, name) == 0)
            return &t->indexes[i];
    return NULL;
}

rt_index *rt_schema_find_index(const rt_schema *s, const char *name, rt_table **table_out)
{
    for (size_t i = 0; i < s->ntables; i++) {
        rt_index *ix = rt_table_find_index(&s->tables[i], name);
        if (ix) {
            if (table_out)
                *table_out = &s->tables[i];
            return ix;
        }
    }
    if (table_out)
        *table_out = NULL;
    return NULL;
}

const rt_column *rt_table_autoincrement_column(const rt_table *t)
{
    const rt_constraint *pk = rt_table_primary_key(t);
    if (!pk || pk->columns.n != 1)
        return NULL;
    const char *col = pk->columns.items[0];
    const rt_column *c = rt_table_find_column(t, col);
    if (!c || (c->type.kind != RT_TYPE_INTEGER && c->type.kind != RT_TYPE_BIGINT))
        return NULL;
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && rt_strv_find(&k->columns, col) >= 0)
            return NULL;
    }
    return c;
}

const rt_strv *rt_schema_fk_ref_columns(const rt_schema *s, const rt_constraint *fk)
{
    if (fk->ref_columns.n > 0)
        return &fk->ref_columns;
    const rt_table *ref = rt_schema_find_table(s, fk->ref_table);
    if (!ref)
        return NULL;
    const rt_constraint *pk = rt_table_primary_key(ref);
    return pk ? &pk->columns : NULL;
}

void rt_schema_fk_spell_ref_columns(const rt_schema *s, rt_constraint *fk)
{
    if (fk->kind != RT_CONSTRAINT_FOREIGN_KEY || fk->ref_columns.n > 0 || !fk->ref_table)
        return;
    const rt_strv *ref = rt_schema_fk_ref_columns(s, fk);
    if (ref)
        rt_strv_copy(&fk->ref_columns, ref);
}

const rt_constraint *rt_schema_next_fk_to(const rt_schema *s, const char *table,
                                          const char *column, size_t *cursor,
                                          const rt_table **owner)
{
    size_t pos = 0;
    for (size_t i = 0; i < s->ntables; i++) {
        const rt_table *t = &s->tables[i];
        for (size_t j = 0; j < t->nconstraints; j++, pos++) {
            const rt_constraint *k = &t->constraints[j];
            if (pos < *cursor || k->kind != RT_CONSTRAINT_FOREIGN_KEY || !k->ref_table ||
                strcmp(k->ref_table, table) != 0 || strcmp(t->name, table) == 0)
                continue;
            const rt_strv *refs = column ? rt_schema_fk_ref_columns(s, k) : NULL;
            if (column && (!refs || rt_strv_find(refs, column) < 0))
                continue;
            *cursor = pos + 1;
            *owner = t;
            return k;
        }
    }
    *cursor = pos;
    return NULL;
}

void rt_table_pk_not_null(rt_table *t)
{
    for (size_t k = 0; k < t->nconstraints; k++) {
        const rt_constraint *pk = &t->constraints[k];
        if (pk->kind != RT_CONSTRAINT_PRIMARY_KEY)
            continue;
        for (size_t i = 0; i < pk->columns.n; i++) {
            rt_column *c = rt_table_find_column(t, pk->columns.items[i]);
            if (c)
                c->not_null = true;
        }
    }
}

rt_table *rt_schema_add_table(rt_schema *s, const rt_table *t)
{
    sc_index *ix = sc_index_get(s);
    if (s->ntables == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 16;
        s->tables = rt_xrealloc(s->tables, ix->cap * sizeof *s->tables);
        ix->arr = s->tables;
    }
    rt_table *dst = &s->tables[s->ntables];
    rt_table_copy(dst, t);
    s->ntables++;
    ix->n = s->ntables;
    if (ix->n * 2 + 2 > ix->nslots)
        sc_index_rebuild(ix, s);
    else
        sc_index_insert(ix, s->tables, s->ntables - 1);
    return dst;
}

bool rt_schema_remove_table(rt_schema *s, const char *name)
{
    long pos = sc_index_find(s, name);
    if (pos < 0)
        return false;
    rt_table_free(&s->tables[pos]);
    memmove(&s->tables[pos], &s->tables[pos + 1],
            (s->ntables - (size_t)pos - 1) * sizeof *s->tables);
    s->ntables--;
    /* positions after pos shifted: cheaper to rebuild than to patch */
    sc_index_rebuild(sc_index_get(s), s);
    return true;
}

bool rt_schema_rename_table(rt_schema *s, const char *name, const char *new_name)
{
    long pos = sc_index_find(s, name);
    if (pos < 0)
        return false;
    char *copy = rt_xstrdup(new_name);
    free(s->tables[pos].name);
    s->tables[pos].name = copy;
    sc_index_rebuild(sc_index_get(s), s);
    return true;
}

void rt_type_init(rt_type *t, rt_type_kind kind)
{
    t->kind = kind;
    t->length = 0;
    t->precision = -1;
    t->scale = -1;
    t->values = (rt_strv)RT_STRV_INIT;
}

void rt_type_copy(rt_type *dst, const rt_type *src)
{
    *dst = *src;
    dst->values = (rt_strv)RT_STRV_INIT;
    rt_strv_copy(&dst->values, &src->values);
}

void rt_type_free(rt_type *t)
{
    rt_strv_free(&t->values);
}

bool rt_type_equal(const rt_type *a, const rt_type *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == RT_TYPE_VARCHAR || a->kind == RT_TYPE_CHAR)
        return a->length == b->length;
    if (a->kind == RT_TYPE_NUMERIC)
        return a->precision == b->precision && a->scale == b->scale;
    if (a->kind == RT_TYPE_ENUM)
        return rt_strv_equal(&a->values, &b->values);
    return true;
}

const char *rt_type_kind_name(rt_type_kind k)
{
    switch (k) {
    case RT_TYPE_INTEGER: return "INTEGER";
    case RT_TYPE_BIGINT: return "BIGINT";
    case RT_TYPE_SMALLINT: return "SMALLINT";
    case RT_TYPE_BOOLEAN: return "BOOLEAN";
    case RT_TYPE_VARCHAR: return "VARCHAR";
    case RT_TYPE_TEXT: return "TEXT";
    case RT_TYPE_NUMERIC: return "NUMERIC";
    case RT_TYPE_REAL: return "REAL";
    case RT_TYPE_DOUBLE: return "DOUBLE PRECISION";
    case RT_TYPE_DATE: return "DATE";
    case RT_TYPE_TIME: return "TIME";
    case RT_TYPE_TIMESTAMP: return "TIMESTAMP";
    case RT_TYPE_TIMESTAMPTZ: return "TIMESTAMP WITH TIME ZONE";
    case RT_TYPE_BLOB: return "BLOB";
    case RT_TYPE_JSON: return "JSON";
    case RT_TYPE_UUID: return "UUID";
    case RT_TYPE_CHAR: return "CHAR";
    case RT_TYPE_ENUM: return "ENUM";
    }
    return "UNKNOWN";
}

static bool sc_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool rt_column_equal(const rt_column *a, const rt_column *b)
{
    return sc_str_eq(a->name, b->name) && rt_type_equal(&a->type, &b->type) &&
           a->not_null == b->not_null && sc_str_eq(a->default_sql, b->default_sql) &&
           sc_str_eq(a->comment, b->comment) && sc_str_eq(a->generated_sql, b->generated_sql);
}

bool rt_constraint_equal(const rt_constraint *a, const rt_constraint *b)
{
    return a->kind == b->kind && sc_str_eq(a->name, b->name) &&
           rt_strv_equal(&a->columns, &b->columns) && sc_str_eq(a->ref_table, b->ref_table) &&
           rt_strv_equal(&a->ref_columns, &b->ref_columns) && a->on_delete == b->on_delete &&
           a->on_update == b->on_update && sc_str_eq(a->check_sql, b->check_sql) &&
           a->deferrable == b->deferrable && a->initially_deferred == b->initially_deferred;
}

bool rt_index_equal(const rt_index *a, const rt_index *b)
{
    return sc_str_eq(a->name, b->name) && a->unique == b->unique &&
           rt_strv_equal(&a->columns, &b->columns) && a->desc == b->desc &&
           sc_str_eq(a->where_sql, b->where_sql);
}

bool rt_index_element_is_expr(const char *element)
{
    return element && element[0] == '(';
}

bool rt_index_element_desc(const rt_index *ix, size_t i)
{
    return i < RT_INDEX_MAX_ELEMENTS && (ix->desc >> i) & 1u;
}

bool rt_index_uses_column(const rt_index *ix, const char *column)
{
    for (size_t i = 0; i < ix->columns.n; i++) {
        const char *e = ix->columns.items[i];
        if (rt_index_element_is_expr(e) ? rt_sql_expr_mentions(e, column)
                                         : strcmp(e, column) == 0)
            return true;
    }
    return ix->where_sql && rt_sql_expr_mentions(ix->where_sql, column);
}

void rt_index_remove_element(rt_index *ix, size_t i)
{
    if (i >= ix->columns.n)
        return;
    rt_strv_remove(&ix->columns, i);
    if (i < RT_INDEX_MAX_ELEMENTS) {
        unsigned low = ix->desc & ((1u << i) - 1u);
        unsigned high = i + 1 < RT_INDEX_MAX_ELEMENTS ? ix->desc >> (i + 1) << i : 0;
        ix->desc = low | high;
    }
}

bool rt_table_equal(const rt_table *a, const rt_table *b)
{
    if (!sc_str_eq(a->name, b->name) || !sc_str_eq(a->comment, b->comment) ||
        a->ncolumns != b->ncolumns ||
        a->nconstraints != b->nconstraints || a->nindexes != b->nindexes)
        return false;
    for (size_t i = 0; i < a->ncolumns; i++)
        if (!rt_column_equal(&a->columns[i], &b->columns[i]))
            return false;
    for (size_t i = 0; i < a->nconstraints; i++)
        if (!rt_constraint_equal(&a->constraints[i], &b->constraints[i]))
            return false;
    for (size_t i = 0; i < a->nindexes; i++)
        if (!rt_index_equal(&a->indexes[i], &b->indexes[i]))
            return false;
    return true;
}

void rt_column_copy(rt_column *dst, const rt_column *src)
{
    dst->name = rt_xstrdup(src->name);
    rt_type_copy(&dst->type, &src->type);
    dst->not_null = src->not_null;
    dst->default_sql = rt_xstrdup(src->default_sql);
    dst->comment = rt_xstrdup(src->comment);
    dst->generated_sql = rt_xstrdup(src->generated_sql);
}

void rt_constraint_copy(rt_constraint *dst, const rt_constraint *src)
{
    memset(dst, 0, sizeof *dst);
    dst->kind = src->kind;
    dst->name = rt_xstrdup(src->name);
    rt_strv_copy(&dst->columns, &src->columns);
    dst->ref_table = rt_xstrdup(src->ref_table);
    rt_strv_copy(&dst->ref_columns, &src->ref_columns);
    dst->on_delete = src->on_delete;
    dst->on_update = src->on_update;
    dst->check_sql = rt_xstrdup(src->check_sql);
    dst->deferrable = src->deferrable;
    dst->initially_deferred = src->initially_deferred;
}

void rt_index_copy(rt_index *dst, const rt_index *src)
{
    memset(dst, 0, sizeof *dst);
    dst->name = rt_xstrdup(src->name);
    dst->unique = src->unique;
    rt_strv_copy(&dst->columns, &src->columns);
    dst->desc = src->desc;
    dst->where_sql = rt_xstrdup(src->where_sql);
}

void rt_table_copy(rt_table *dst, const rt_table *src)
{
    memset(dst, 0, sizeof *dst);
    dst->name = rt_xstrdup(src->name);
    dst->comment = rt_xstrdup(src->comment);
    if (src->ncolumns) {
        dst->columns = rt_xcalloc(src->ncolumns, sizeof *dst->columns);
        for (size_t i = 0; i < src->ncolumns; i++)
            rt_column_copy(&dst->columns[i], &src->columns[i]);
        dst->ncolumns = src->ncolumns;
    }
    if (src->nconstraints) {
        dst->constraints = rt_xcalloc(src->nconstraints, sizeof *dst->constraints);
        for (size_t i = 0; i < src->nconstraints; i++)
            rt_constraint_copy(&dst->constraints[i], &src->constraints[i]);
        dst->nconstraints = src->nconstraints;
    }
    if (src->nindexes) {
        dst->indexes = rt_xcalloc(src->nindexes, sizeof *dst->indexes);
        for (size_t i = 0; i < src->nindexes; i++)
            rt_index_copy(&dst->indexes[i], &src->indexes[i]);
        dst->nindexes = src->nindexes;
    }
}

void rt_schema_copy(rt_schema *dst, const rt_schema *src)
{
    for (size_t i = 0; i < src->ntables; i++)
        rt_schema_add_table(dst, &src->tables[i]);
}

void rt_column_free(rt_column *c)
{
    free(c->name);
    rt_type_free(&c->type);
    free(c->default_sql);
    free(c->comment);
    free(c->generated_sql);
    c->name = c->default_sql = c->comment = c->generated_sql = NULL;
}

void rt_constraint_free(rt_constraint *c)
{
    free(c->name);
    rt_strv_free(&c->columns);
    free(c->ref_table);
    rt_strv_free(&c->ref_columns);
    free(c->check_sql);
    c->name = c->ref_table = c->check_sql = NULL;
}

void rt_index_free(rt_index *i)
{
    free(i->name);
    i->name = NULL;
    rt_strv_free(&i->columns);
    i->desc = 0;
    free(i->where_sql);
    i->where_sql = NULL;
}

void rt_table_free(rt_table *t)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        rt_column_free(&t->columns[i]);
    for (size_t i = 0; i < t->nconstraints; i++)
        rt_constraint_free(&t->constraints[i]);
    for (size_t i = 0; i < t->nindexes; i++)
        rt_index_free(&t->indexes[i]);
    free(t->columns);
    free(t->constraints);
    free(t->indexes);
    free(t->name);
    free(t->comment);
    memset(t, 0, sizeof *t);
}

void rt_schema_free(rt_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++)
        rt_table_free(&s->tables[i]);
    free(s->tables);
    sc_index *ix = s->lookup;
    if (ix)
        free(ix->slots);
    free(ix);
    s->tables = NULL;
    s->ntables = 0;
    s->lookup = NULL;
}

/* Member arrays grow one at a time: tables have a handful of columns, and
 * rt_table has no capacity field to amortise with. */
void rt_table_add_column(rt_table *t, const rt_column *c)
{
    t->columns = rt_xrealloc(t->columns, (t->ncolumns + 1) * sizeof *t->columns);
    rt_column_copy(&t->columns[t->ncolumns++], c);
}

void rt_table_add_constraint(rt_table *t, const rt_constraint *c)
{
    t->constraints = rt_xrealloc(t->constraints, (t->nconstraints + 1) * sizeof *t->constraints);
    rt_constraint_copy(&t->constraints[t->nconstraints++], c);
}

void rt_table_add_index(rt_table *t, const rt_index *i)
{
    t->indexes = rt_xrealloc(t->indexes, (t->nindexes + 1) * sizeof *t->indexes);
    rt_index_copy(&t->indexes[t->nindexes++], i);
}
