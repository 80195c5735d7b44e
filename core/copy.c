/* retort copy: rows from one database to another (see copy.h). */
#include "copy.h"
#include "dialect.h"
#include "diff_order.h"
#include "rt_mem.h"
#include "sha256.h"
#include "sql_write.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parameters per statement: SQLite's default limit is 32,766, PostgreSQL's
 * and MySQL's 65,535. */
#define CP_MAX_PARAMS 30000
#define CP_DEFAULT_BATCH 500

static double cp_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rt_copy_wrap(rt_buf *out, const char *before, const rt_column *c, const char *after)
{
    rt_buf_append(out, before);
    rt_sql_write_ident(out, c->name);
    rt_buf_append(out, after);
}

static const rt_dialect_copy *cp_of(rt_db *db)
{
    return rt_db_dialect(db)->copy;
}

static void cp_quote(rt_db *db, rt_buf *out, const char *name)
{
    rt_db_dialect(db)->quote_ident(out, name);
}

/* A generated column is computed by the server, never written. */
static bool cp_copied(const rt_column *c)
{
    return c->generated_sql == NULL;
}

static int cp_count(rt_db *db, const char *table, size_t *n, rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT COUNT(*) FROM ");
    cp_quote(db, &sql, table);
    char *v = NULL;
    int rc = rt_db_query_value(db, rt_buf_cstr(&sql), &v, err);
    rt_buf_free(&sql);
    if (rc == RT_OK)
        *n = v ? (size_t)strtoull(v, NULL, 10) : 0;
    free(v);
    return rc;
}

static int cp_exec_all(rt_db *db, const char *const *sql, rt_error *err)
{
    for (size_t i = 0; sql && sql[i]; i++) {
        int rc = rt_db_exec(db, sql[i], err);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

/* ---- one table: read in key order, written in multi-row INSERTs ---- */

typedef struct cp_table {
    rt_db *src, *dst;
    const rt_table *st;     /* source table (borrowed) */
    const rt_table *dt;     /* the same table on the target (borrowed) */
    const rt_column **cols; /* target columns written, in order (owned array) */
    bool *as_null;          /* per written column: NULL in the first pass */
    size_t ncols;
    size_t batch;           /* rows per INSERT */
    char **vals;            /* batch * ncols values, NULL for SQL NULL (owned) */
    size_t nrows;
    size_t total;
    int rc;
    rt_error *err;
} cp_table;

static void cp_clear_batch(cp_table *ct)
{
    for (size_t i = 0; i < ct->nrows * ct->ncols; i++) {
        free(ct->vals[i]);
        ct->vals[i] = NULL;
    }
    ct->nrows = 0;
}

static int cp_flush(cp_table *ct)
{
    if (ct->nrows == 0)
        return RT_OK;
    const rt_dialect_copy *w = cp_of(ct->dst);
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "INSERT INTO ");
    cp_quote(ct->dst, &sql, ct->dt->name);
    rt_buf_append(&sql, " (");
    for (size_t c = 0; c < ct->ncols; c++) {
        if (c)
            rt_buf_append(&sql, ", ");
        cp_quote(ct->dst, &sql, ct->cols[c]->name);
    }
    rt_buf_append(&sql, ") VALUES ");
    const char **params = rt_xcalloc(ct->nrows * ct->ncols + 1, sizeof *params);
    size_t np = 0;
    for (size_t r = 0; r < ct->nrows; r++) {
        rt_buf_append(&sql, r ? ", (" : "(");
        for (size_t c = 0; c < ct->ncols; c++) {
            const char *v = ct->vals[r * ct->ncols + c];
            if (c)
                rt_buf_append(&sql, ", ");
            if (!v || ct->as_null[c])
                rt_buf_append(&sql, "NULL");
            else if (w->write(&sql, ct->cols[c], v, (int)np + 1))
                params[np++] = v;
        }
        rt_buf_putc(&sql, ')');
    }
    int rc = np ? rt_db_exec_params(ct->dst, rt_buf_cstr(&sql), np, params, ct->err)
                : rt_db_exec(ct->dst, rt_buf_cstr(&sql), ct->err);
    free(params);
    rt_buf_free(&sql);
    ct->total += ct->nrows;
    cp_clear_batch(ct);
    return rc;
}

static int cp_row(void *vctx, size_t ncols, const char *const *names, const char *const *v)
{
    (void)names;
    cp_table *ct = vctx;
    for (size_t c = 0; c < ct->ncols && c < ncols; c++)
        ct->vals[ct->nrows * ct->ncols + c] = v[c] ? rt_xstrdup(v[c]) : NULL;
    if (++ct->nrows == ct->batch && (ct->rc = cp_flush(ct)) != RT_OK)
        return 1;
    return 0;
}

/* "a, b" read through the source dialect. */
static void cp_select_list(rt_buf *sql, rt_db *src, const rt_table *st, const rt_strv *names)
{
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            rt_buf_append(sql, ", ");
        cp_of(src)->read(sql, rt_table_find_column(st, names->items[i]));
    }
}

static void cp_order_by(rt_buf *sql, rt_db *src, const rt_table *st)
{
    const rt_constraint *pk = rt_table_primary_key(st);
    if (!pk)
        return;
    rt_buf_append(sql, " ORDER BY ");
    for (size_t i = 0; i < pk->columns.n; i++) {
        if (i)
            rt_buf_append(sql, ", ");
        cp_quote(src, sql, pk->columns.items[i]);
    }
}

static int cp_copy_rows(cp_table *ct)
{
    rt_strv names = RT_STRV_INIT;
    for (size_t c = 0; c < ct->ncols; c++)
        rt_strv_push(&names, ct->cols[c]->name);
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT ");
    cp_select_list(&sql, ct->src, ct->st, &names);
    rt_buf_append(&sql, " FROM ");
    cp_quote(ct->src, &sql, ct->st->name);
    cp_order_by(&sql, ct->src, ct->st);
    rt_strv_free(&names);
    ct->rc = RT_OK;
    int rc = rt_db_query(ct->src, rt_buf_cstr(&sql), cp_row, ct, ct->err);
    rt_buf_free(&sql);
    if (ct->rc != RT_OK)
        rc = ct->rc;
    if (rc == RT_OK)
        rc = cp_flush(ct);
    cp_clear_batch(ct);
    return rc;
}

/* ---- the second pass: the keys that close a cycle ---- */

typedef struct cp_fix {
    rt_db *dst;
    const rt_table *dt;
    const rt_constraint *pk, *fk;
    int rc;
    rt_error *err;
} cp_fix;

static void cp_assign(rt_buf *sql, const cp_fix *f, const char *col, const char *v,
                      const char **params, size_t *np)
{
    cp_quote(f->dst, sql, col);
    rt_buf_append(sql, " = ");
    if (cp_of(f->dst)->write(sql, rt_table_find_column(f->dt, col), v, (int)*np + 1))
        params[(*np)++] = v;
}

/* values: the primary key's columns, then the foreign key's. */
static int cp_fix_row(void *vctx, size_t ncols, const char *const *names, const char *const *v)
{
    (void)names;
    cp_fix *f = vctx;
    size_t npk = f->pk->columns.n, nfk = f->fk->columns.n;
    if (ncols < npk + nfk)
        return 0;
    rt_buf sql = RT_BUF_INIT;
    const char **params = rt_xcalloc(npk + nfk + 1, sizeof *params);
    size_t np = 0;
    rt_buf_append(&sql, "UPDATE ");
    cp_quote(f->dst, &sql, f->dt->name);
    rt_buf_append(&sql, " SET ");
    for (size_t i = 0; i < nfk; i++) {
        if (i)
            rt_buf_append(&sql, ", ");
        if (v[npk + i])
            cp_assign(&sql, f, f->fk->columns.items[i], v[npk + i], params, &np);
        else {
            cp_quote(f->dst, &sql, f->fk->columns.items[i]);
            rt_buf_append(&sql, " = NULL");
        }
    }
    rt_buf_append(&sql, " WHERE ");
    for (size_t i = 0; i < npk; i++) {
        if (i)
            rt_buf_append(&sql, " AND ");
        cp_assign(&sql, f, f->pk->columns.items[i], v[i] ? v[i] : "", params, &np);
    }
    f->rc = rt_db_exec_params(f->dst, rt_buf_cstr(&sql), np, params, f->err);
    free(params);
    rt_buf_free(&sql);
    return f->rc != RT_OK;
}

static int cp_fix_key(rt_db *src, rt_db *dst, const rt_table *st, const rt_table *dt,
                      const rt_constraint *fk, rt_error *err)
{
    cp_fix f = { dst, dt, rt_table_primary_key(st), fk, RT_OK, err };
    rt_strv names = RT_STRV_INIT;
    for (size_t i = 0; i < f.pk->columns.n; i++)
        rt_strv_push(&names, f.pk->columns.items[i]);
    for (size_t i = 0; i < fk->columns.n; i++)
        rt_strv_push(&names, fk->columns.items[i]);
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT ");
    cp_select_list(&sql, src, st, &names);
    rt_buf_append(&sql, " FROM ");
    cp_quote(src, &sql, st->name);
    rt_buf_append(&sql, " WHERE ");
    for (size_t i = 0; i < fk->columns.n; i++) {
        if (i)
            rt_buf_append(&sql, " OR ");
        cp_quote(src, &sql, fk->columns.items[i]);
        rt_buf_append(&sql, " IS NOT NULL");
    }
    rt_strv_free(&names);
    int rc = rt_db_query(src, rt_buf_cstr(&sql), cp_fix_row, &f, err);
    rt_buf_free(&sql);
    return f.rc != RT_OK ? f.rc : rc;
}

/* ---- foreign-key order ---- */

static bool cp_key_nullable(const rt_table *t, const rt_constraint *k)
{
    for (size_t c = 0; c < k->columns.n; c++) {
        const rt_column *col = rt_table_find_column(t, k->columns.items[c]);
        if (!col || col->not_null)
            return false;
    }
    return true;
}

/* Tables in an order where each comes after the tables it references. A
 * nullable key to the table itself is always set in the second pass (its
 * rows may point at rows further on); where keys form a cycle, a nullable
 * key of it is set in the second pass. A cycle of NOT NULL keys cannot be
 * copied row by row: refused. */
static int cp_order(const rt_schema *s, size_t *order, rt_diff_fkref **deferred, size_t *nd,
                    rt_error *err)
{
    size_t n = s->ntables, placed = 0, cap = 0;
    bool *done = rt_xcalloc(n + 1, sizeof *done);
    *deferred = NULL;
    *nd = 0;
#define CP_DEFER(ti, ci)                                                                       do {                                                                                           if (*nd == cap) {                                                                              cap = cap ? 2 * cap : 4;                                                                   *deferred = rt_xrealloc(*deferred, cap * sizeof **deferred);                           }                                                                                          (*deferred)[(*nd)++] = (rt_diff_fkref){ (ti), (ci) };                                  } while (0)
    for (size_t ti = 0; ti < n; ti++) {
        const rt_table *t = &s->tables[ti];
        for (size_t ci = 0; ci < t->nconstraints; ci++) {
            const rt_constraint *k = &t->constraints[ci];
            if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && strcmp(k->ref_table, t->name) == 0 &&
                cp_key_nullable(t, k))
                CP_DEFER(ti, ci);
        }
    }
    int rc = RT_OK;
    while (placed < n && rc == RT_OK) {
        bool progress = false;
        for (size_t ti = 0; ti < n; ti++) {
            if (done[ti])
                continue;
            const rt_table *t = &s->tables[ti];
            bool ready = true;
            for (size_t ci = 0; ci < t->nconstraints && ready; ci++) {
                const rt_constraint *k = &t->constraints[ci];
                if (k->kind != RT_CONSTRAINT_FOREIGN_KEY || rt_diff_fkref_has(*deferred, *nd, ti, ci) ||
                    strcmp(k->ref_table, t->name) == 0)
                    continue;
                rt_table *ref = rt_schema_find_table(s, k->ref_table);
                if (ref && !done[ref - s->tables])
                    ready = false;
            }
            if (ready) {
                done[ti] = true;
                order[placed++] = ti;
                progress = true;
            }
        }
        if (progress)
            continue;
        /* A cycle among what is left: set one of its nullable keys later. */
        bool broke = false;
        for (size_t ti = 0; ti < n && !broke; ti++) {
            const rt_table *t = &s->tables[ti];
            for (size_t ci = 0; !done[ti] && ci < t->nconstraints && !broke; ci++) {
                const rt_constraint *k = &t->constraints[ci];
                rt_table *ref = k->kind == RT_CONSTRAINT_FOREIGN_KEY
                                    ? rt_schema_find_table(s, k->ref_table) : NULL;
                if (ref && !done[ref - s->tables] && !rt_diff_fkref_has(*deferred, *nd, ti, ci) &&
                    cp_key_nullable(t, k)) {
                    CP_DEFER(ti, ci);
                    broke = true;
                }
            }
        }
        if (!broke) {
            rt_buf names = RT_BUF_INIT;
            for (size_t ti = 0; ti < n; ti++)
                if (!done[ti])
                    rt_buf_printf(&names, "%s'%s'", names.len ? ", " : "",
                                  s->tables[ti].name);
            rc = rt_error_set(err, RT_ENOTSUPPORTED,
                              "Foreign keys of NOT NULL columns form a cycle among %s: copy "
                              "cannot insert either side first.",
                              rt_buf_cstr(&names));
            rt_buf_free(&names);
        }
    }
#undef CP_DEFER
    free(done);
    return rc;
}

/* ---- checks before anything is written ---- */

static bool cp_is_deferred_col(const rt_schema *s, const rt_diff_fkref *deferred, size_t nd,
                               size_t ti, const char *col)
{
    for (size_t i = 0; i < nd; i++) {
        if (deferred[i].table != ti)
            continue;
        const rt_constraint *k = &s->tables[ti].constraints[deferred[i].constraint];
        for (size_t c = 0; c < k->columns.n; c++)
            if (strcmp(k->columns.items[c], col) == 0)
                return true;
    }
    return false;
}

static int cp_check(rt_db *dst, const rt_schema *ss, const rt_schema *ds,
                    const rt_diff_fkref *deferred, size_t nd, bool truncate, rt_error *err)
{
    for (size_t ti = 0; ti < ss->ntables; ti++) {
        const rt_table *st = &ss->tables[ti];
        const rt_table *dt = rt_schema_find_table(ds, st->name);
        if (!dt)
            return rt_error_set(err, RT_EUSAGE,
                                "The target has no table '%s'; copy moves rows between "
                                "databases at the same revision.",
                                st->name);
        for (size_t c = 0; c < st->ncolumns; c++) {
            const rt_column *sc = &st->columns[c];
            const rt_column *dc = rt_table_find_column(dt, sc->name);
            if (cp_copied(sc) && (!dc || !cp_copied(dc)))
                return rt_error_set(err, RT_EUSAGE,
                                    "The target's table '%s' has no column '%s' to write; "
                                    "copy moves rows between databases at the same revision.",
                                    st->name, sc->name);
        }
    }
    for (size_t i = 0; i < nd; i++)
        if (!rt_table_primary_key(&ss->tables[deferred[i].table]))
            return rt_error_set(err, RT_ENOTSUPPORTED,
                                "Foreign keys form a cycle through table '%s', which has no "
                                "primary key: copy sets such a key in a second pass, row by "
                                "row, and needs the key to find the rows.",
                                ss->tables[deferred[i].table].name);
    if (truncate)
        return RT_OK;
    rt_buf full = RT_BUF_INIT;
    size_t nfull = 0;
    for (size_t ti = 0; ti < ss->ntables; ti++) {
        size_t n = 0;
        int rc = cp_count(dst, ss->tables[ti].name, &n, err);
        if (rc != RT_OK) {
            rt_buf_free(&full);
            return rc;
        }
        if (n && nfull++ < 5)
            rt_buf_printf(&full, "%s'%s' (%zu rows)", nfull > 1 ? ", " : "",
                          ss->tables[ti].name, n);
    }
    int rc = RT_OK;
    if (nfull)
        rc = rt_error_set(err, RT_EUSAGE,
                          "The target already holds rows: %s%s. Pass --truncate to replace "
                          "them.",
                          rt_buf_cstr(&full), nfull > 5 ? " and more" : "");
    rt_buf_free(&full);
    return rc;
}

/* Empties the target's tables, children first; the keys of a cycle are
 * cleared first so that no order is refused. */
static int cp_truncate(rt_db *dst, const rt_schema *ss, const size_t *order,
                       const rt_diff_fkref *deferred, size_t nd, rt_error *err)
{
    int rc = RT_OK;
    for (size_t i = 0; i < nd && rc == RT_OK; i++) {
        const rt_table *t = &ss->tables[deferred[i].table];
        const rt_constraint *k = &t->constraints[deferred[i].constraint];
        rt_buf sql = RT_BUF_INIT;
        rt_buf_append(&sql, "UPDATE ");
        cp_quote(dst, &sql, t->name);
        rt_buf_append(&sql, " SET ");
        for (size_t c = 0; c < k->columns.n; c++) {
            if (c)
                rt_buf_append(&sql, ", ");
            cp_quote(dst, &sql, k->columns.items[c]);
            rt_buf_append(&sql, " = NULL");
        }
        rc = rt_db_exec(dst, rt_buf_cstr(&sql), err);
        rt_buf_free(&sql);
    }
    for (size_t i = ss->ntables; i > 0 && rc == RT_OK; i--) {
        rt_buf sql = RT_BUF_INIT;
        rt_buf_append(&sql, "DELETE FROM ");
        cp_quote(dst, &sql, ss->tables[order[i - 1]].name);
        rc = rt_db_exec(dst, rt_buf_cstr(&sql), err);
        rt_buf_free(&sql);
    }
    return rc;
}

/* ---- --verify-data: a digest of each side's rows ---- */

/* The sum (mod 2^256) of every row's SHA-256: equal for equal multisets
 * of rows, whatever order each side returns them in. Key order would not
 * do: the backends sort text keys by different collations. */
typedef struct cp_digest {
    uint64_t sum[4];
    size_t rows;
    const rt_type_kind *kinds; /* of the columns read, borrowed */
} cp_digest;

/* The shortest text that reads back as x, as a float (REAL) or a double. */
static void cp_float_text(char *buf, size_t size, double x, bool single)
{
    for (int digits = single ? 6 : 15; digits <= (single ? 9 : 17); digits++) {
        snprintf(buf, size, "%.*g", digits, x);
        double back = strtod(buf, NULL);
        if (single ? (float)back == (float)x : back == x)
            return;
    }
}

/* Each value as the reader wrote it, but a REAL or DOUBLE PRECISION in one
 * spelling: the backends print the same number as "0.1" or
 * "0.10000000149011612" (a REAL widened to a double), so such a value is
 * hashed as the shortest text of the float (REAL) or double it stands for. */
static int cp_digest_row(void *ctx, size_t n, const char *const *names, const char *const *v)
{
    (void)names;
    cp_digest *d = ctx;
    rt_sha256 sha;
    rt_sha256_init(&sha);
    for (size_t i = 0; i < n; i++) {
        char buf[40];
        const char *text = v[i];
        bool single = d->kinds[i] == RT_TYPE_REAL;
        if (text && (single || d->kinds[i] == RT_TYPE_DOUBLE)) {
            char *end = NULL;
            double x = strtod(text, &end);
            if (end != text && *end == '\0') {
                cp_float_text(buf, sizeof buf, single ? (double)(float)x : x, single);
                text = buf;
            }
        }
        /* NULL and '' differ: a length prefix, -1 for NULL */
        char len[24];
        snprintf(len, sizeof len, "%ld:", text ? (long)strlen(text) : -1L);
        rt_sha256_update(&sha, len, strlen(len));
        if (text)
            rt_sha256_update(&sha, text, strlen(text));
    }
    char hex[RT_SHA256_HEX_LEN + 1];
    rt_sha256_final(&sha, hex);
    for (int lane = 0; lane < 4; lane++) {
        char part[17];
        memcpy(part, hex + 16 * lane, 16);
        part[16] = '\0';
        d->sum[lane] += strtoull(part, NULL, 16);
    }
    d->rows++;
    return 0;
}

static int cp_digest_table(rt_db *db, const rt_table *t, const rt_strv *cols,
                           const rt_type_kind *kinds, cp_digest *d, rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT ");
    cp_select_list(&sql, db, t, cols);
    rt_buf_append(&sql, " FROM ");
    cp_quote(db, &sql, t->name);
    *d = (cp_digest){ { 0, 0, 0, 0 }, 0, kinds };
    int rc = rt_db_query(db, rt_buf_cstr(&sql), cp_digest_row, d, err);
    rt_buf_free(&sql);
    return rc;
}

/* Both sides read through their own readers, every copied column: the
 * digests must match, or the copy rolls back. */
static int cp_verify_data(rt_db *src, rt_db *dst, const rt_schema *ss, const rt_schema *ds,
                          rt_error *err)
{
    int rc = RT_OK;
    for (size_t i = 0; i < ss->ntables && rc == RT_OK; i++) {
        const rt_table *st = &ss->tables[i];
        rt_strv cols = RT_STRV_INIT;
        rt_type_kind *kinds = rt_xcalloc(st->ncolumns + 1, sizeof *kinds);
        for (size_t c = 0; c < st->ncolumns; c++)
            if (cp_copied(&st->columns[c])) {
                kinds[cols.n] = st->columns[c].type.kind;
                rt_strv_push(&cols, st->columns[c].name);
            }
        cp_digest a, b;
        rc = cp_digest_table(src, st, &cols, kinds, &a, err);
        if (rc == RT_OK)
            rc = cp_digest_table(dst, rt_schema_find_table(ds, st->name), &cols, kinds, &b,
                                 err);
        if (rc == RT_OK && memcmp(a.sum, b.sum, sizeof a.sum) != 0)
            rc = rt_error_set(err, RT_EDB,
                              "--verify-data: the rows of table '%s' differ after the copy "
                              "(checksum %016llx... on the source, %016llx... on the target, "
                              "each row read as portable text); nothing was kept.",
                              st->name, (unsigned long long)a.sum[0],
                              (unsigned long long)b.sum[0]);
        free(kinds);
        rt_strv_free(&cols);
    }
    return rc;
}

/* ---- the whole copy ---- */

static int cp_table_copy(rt_db *src, rt_db *dst, const rt_schema *ss, size_t ti,
                         const rt_table *dt, const rt_diff_fkref *deferred, size_t nd,
                         const rt_copy_options *o, size_t *rows, rt_error *err)
{
    const rt_table *st = &ss->tables[ti];
    cp_table ct = { .src = src, .dst = dst, .st = st, .dt = dt, .err = err };
    ct.cols = rt_xcalloc(st->ncolumns + 1, sizeof *ct.cols);
    ct.as_null = rt_xcalloc(st->ncolumns + 1, sizeof *ct.as_null);
    for (size_t c = 0; c < st->ncolumns; c++) {
        if (!cp_copied(&st->columns[c]))
            continue;
        ct.as_null[ct.ncols] = cp_is_deferred_col(ss, deferred, nd, ti, st->columns[c].name);
        ct.cols[ct.ncols++] = rt_table_find_column(dt, st->columns[c].name);
    }
    size_t batch = o->batch_rows ? o->batch_rows : CP_DEFAULT_BATCH;
    if (ct.ncols && batch * ct.ncols > CP_MAX_PARAMS)
        batch = CP_MAX_PARAMS / ct.ncols;
    ct.batch = batch ? batch : 1;
    ct.vals = rt_xcalloc(ct.batch * (ct.ncols ? ct.ncols : 1), sizeof *ct.vals);
    int rc = ct.ncols ? cp_copy_rows(&ct) : RT_OK;
    *rows = ct.total;
    free(ct.vals);
    free(ct.cols);
    free(ct.as_null);
    return rc;
}

static int cp_run(rt_db *src, rt_db *dst, const rt_schema *ss, const rt_schema *ds,
                  const size_t *order, const rt_diff_fkref *deferred, size_t nd,
                  const rt_copy_options *o, rt_copy_report *rep, rt_error *err)
{
    int rc = o->truncate ? cp_truncate(dst, ss, order, deferred, nd, err) : RT_OK;
    for (size_t i = 0; i < ss->ntables && rc == RT_OK; i++) {
        const rt_table *st = &ss->tables[order[i]];
        const rt_table *dt = rt_schema_find_table(ds, st->name);
        double t0 = cp_seconds();
        size_t rows = 0;
        rc = cp_table_copy(src, dst, ss, order[i], dt, deferred, nd, o, &rows, err);
        if (rc != RT_OK) {
            rt_error_prefix(err, "copying table '%s': ", st->name);
            break;
        }
        rep->tables++;
        rep->rows += rows;
        if (o->progress)
            o->progress(o->progress_ctx, st->name, rows, cp_seconds() - t0);
    }
    for (size_t i = 0; i < nd && rc == RT_OK; i++) {
        const rt_table *st = &ss->tables[deferred[i].table];
        rc = cp_fix_key(src, dst, st, rt_schema_find_table(ds, st->name),
                        &st->constraints[deferred[i].constraint], err);
        if (rc != RT_OK)
            rt_error_prefix(err, "setting the foreign key of '%s' that closes a cycle: ",
                            st->name);
        rep->deferred_keys++;
    }
    const rt_dialect_copy *w = cp_of(dst);
    for (size_t i = 0; i < ss->ntables && rc == RT_OK && w->after_load; i++) {
        rt_strv stmts = RT_STRV_INIT;
        w->after_load(&stmts, rt_schema_find_table(ds, ss->tables[i].name));
        for (size_t k = 0; k < stmts.n && rc == RT_OK; k++)
            rc = rt_db_exec(dst, stmts.items[k], err);
        rt_strv_free(&stmts);
    }
    /* Both sides counted before the commit: a difference rolls back. */
    for (size_t i = 0; i < ss->ntables && rc == RT_OK; i++) {
        size_t a = 0, b = 0;
        rc = cp_count(src, ss->tables[i].name, &a, err);
        if (rc == RT_OK)
            rc = cp_count(dst, ss->tables[i].name, &b, err);
        if (rc == RT_OK && a != b)
            rc = rt_error_set(err, RT_EDB,
                              "Table '%s' holds %zu rows on the source but %zu on the target "
                              "after the copy (rows changed on the source meanwhile?); "
                              "nothing was kept.",
                              ss->tables[i].name, a, b);
    }
    if (rc == RT_OK && o->verify_data)
        rc = cp_verify_data(src, dst, ss, ds, err);
    return rc;
}

int rt_copy_data(rt_db *src, rt_db *dst, const char *version_table, const rt_copy_options *o,
                 rt_copy_report *report, rt_error *err)
{
    *report = (rt_copy_report){ 0, 0, 0 };
    if (!cp_of(src) || !cp_of(dst))
        return rt_error_set(err, RT_ENOTSUPPORTED, "copy: a backend without copy support");
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    rt_schema ss = RT_SCHEMA_INIT, ds = RT_SCHEMA_INIT;
    int rc = rt_dialect_reflect(src, &opts, version_table, &ss, err);
    if (rc == RT_OK)
        rc = rt_dialect_reflect(dst, &opts, version_table, &ds, err);
    size_t *order = rt_xcalloc(ss.ntables + 1, sizeof *order);
    rt_diff_fkref *deferred = NULL;
    size_t nd = 0;
    if (rc == RT_OK)
        rc = cp_order(&ss, order, &deferred, &nd, err);
    if (rc == RT_OK)
        rc = cp_check(dst, &ss, &ds, deferred, nd, o->truncate, err);
    if (rc == RT_OK)
        rc = cp_exec_all(src, cp_of(src)->session_sql, err);
    if (rc == RT_OK)
        rc = cp_exec_all(dst, cp_of(dst)->session_sql, err);
    if (rc == RT_OK)
        rc = rt_db_begin(dst, err);
    if (rc == RT_OK) {
        rc = cp_run(src, dst, &ss, &ds, order, deferred, nd, o, report, err);
        if (rc == RT_OK) {
            rc = rt_db_commit(dst, err);
        } else {
            rt_error ignored;
            rt_db_rollback(dst, &ignored);
        }
    }
    free(deferred);
    free(order);
    rt_schema_free(&ss);
    rt_schema_free(&ds);
    return rc;
}
