/* Loads the target metadata of autogenerate: model files named by globs,
 * parsed as portable SQL and replayed strictly on an empty schema. */
#include "models.h"
#include "file_text.h"
#include "ops.h"
#include "sql_blocks.h"
#include "source_text.h"
#include "sql_parse.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int md_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* All files matched by all globs, sorted by name without duplicates, so
 * that the model does not depend on the order the globs were written in. */
static int md_expand(const rt_strv *globs, rt_strv *files, rt_error *err)
{
    for (size_t i = 0; i < globs->n; i++) {
        glob_t g;
        memset(&g, 0, sizeof g);
        int rc = glob(globs->items[i], 0, NULL, &g);
        if (rc == GLOB_NOMATCH) {
            globfree(&g);
            continue;
        }
        if (rc != 0) {
            globfree(&g);
            return rt_error_set(err, RT_EIO, "Cannot expand the models pattern '%s'%s.",
                                globs->items[i],
                                rc == GLOB_ABORTED ? ": a folder could not be read" : "");
        }
        for (size_t k = 0; k < g.gl_pathc; k++)
            rt_strv_push(files, g.gl_pathv[k]);
        globfree(&g);
    }
    if (files->n == 0) {
        char *all = rt_strv_join(globs, ", ");
        rt_error_set(err, RT_ECONFIG,
                     "No model file matches the models setting (%s); "
                     "check `models` in the configuration file.", all);
        free(all);
        return RT_ECONFIG;
    }
    qsort(files->items, files->n, sizeof *files->items, md_cmp_str);
    size_t w = 1;
    for (size_t r = 1; r < files->n; r++) {
        if (strcmp(files->items[r], files->items[w - 1]) == 0)
            free(files->items[r]);
        else
            files->items[w++] = files->items[r];
    }
    files->n = w;
    return RT_OK;
}

static int md_read(const char *path, char **out, rt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = rt_file_text(path, "model file ", &text, &len, err);
    if (rc != RT_OK)
        return rc;
    size_t skip = 0;
    if (rt_source_text_check(text, len, path, &skip, err) != RT_OK) {
        free(text);
        return err->code;
    }
    *out = rt_xstrdup(text + skip);
    free(text);
    return RT_OK;
}

/* Models describe a state, not a change: statements that drop things or
 * touch data have no meaning there and would hide mistakes. */
static bool md_allowed(rt_op_kind k)
{
    switch (k) {
    case RT_OP_CREATE_TABLE:
    case RT_OP_CREATE_INDEX:
    case RT_OP_RENAME_TABLE:
    case RT_OP_ADD_COLUMN:
    case RT_OP_DROP_COLUMN:
    case RT_OP_RENAME_COLUMN:
    case RT_OP_ALTER_TYPE:
    case RT_OP_SET_NOT_NULL:
    case RT_OP_DROP_NOT_NULL:
    case RT_OP_SET_DEFAULT:
    case RT_OP_DROP_DEFAULT:
    case RT_OP_ADD_CONSTRAINT:
    case RT_OP_DROP_CONSTRAINT:
    case RT_OP_COMMENT:
        return true;
    case RT_OP_DROP_TABLE:
    case RT_OP_DROP_INDEX:
    case RT_OP_RAW:
        return false;
    }
    return false;
}

/* The statement's leading keywords, for the error message ("INSERT"). */
static char *md_statement_word(const rt_op *op)
{
    if (op->kind != RT_OP_RAW)
        return rt_xstrdup(rt_op_kind_name(op->kind));
    const char *p = op->expr ? op->expr : "";
    while (*p && isspace((unsigned char)*p))
        p++;
    size_t n = 0;
    while (p[n] && (isalpha((unsigned char)p[n]) || p[n] == '_'))
        n++;
    char *w = rt_xstrndup(p, n ? n : 1);
    for (char *c = w; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    return w;
}

static int md_load_file(const char *path, rt_schema *out, rt_error *err)
{
    char *text = NULL;
    int rc = md_read(path, &text, err);
    if (rc != RT_OK)
        return rc;
    /* A model is the schema every backend ends up with: a statement for
     * some backends only has no place in it. */
    rt_sql_blocks blocks;
    rc = rt_sql_blocks_split(&blocks, text, path, 1, err);
    if (rc == RT_OK && blocks.n > 1)
        rc = rt_error_set(err, RT_EPARSE,
                          "%s:%d:1: '-- dialect:' is not allowed in a model: a model "
                          "describes the schema of every backend; put backend-specific "
                          "statements in a revision.",
                          path, blocks.items[1].directive_line);
    rt_sql_blocks_free(&blocks);
    rt_oplist ops = RT_OPLIST_INIT;
    if (rc == RT_OK)
        rc = rt_sql_parse(&ops, text, path, 1, err);
    free(text);
    for (size_t i = 0; rc == RT_OK && i < ops.n; i++) {
        const rt_op *op = &ops.items[i];
        if (!md_allowed(op->kind)) {
            char *word = md_statement_word(op);
            rc = rt_error_set(err, RT_EPARSE,
                              "%s:%d:%d: %s is not allowed in a model: a model holds only "
                              "CREATE TABLE, CREATE INDEX and ALTER TABLE statements.",
                              path, op->line, op->col, word);
            free(word);
            break;
        }
        rc = rt_schema_apply(out, op, true, err);
        if (rc != RT_OK)
            rt_error_prefix(err, "%s:%d:%d: ", path, op->line, op->col);
    }
    rt_oplist_free(&ops);
    return rc;
}

int rt_models_load(const rt_strv *globs, rt_schema *out, rt_error *err)
{
    if (!globs || globs->n == 0)
        return rt_error_set(err, RT_ECONFIG,
                            "No models are configured: set `models = models/*.sql` in the "
                            "[retort] section of the configuration file.");
    rt_strv files = RT_STRV_INIT;
    int rc = md_expand(globs, &files, err);
    for (size_t i = 0; rc == RT_OK && i < files.n; i++)
        rc = md_load_file(files.items[i], out, err);
    rt_strv_free(&files);
    if (rc != RT_OK)
        rt_schema_free(out);
    return rc;
}
