/* `-- dialect:` blocks (see sql_blocks.h). */
#include "sql_blocks.h"

#include "sql_lex.h"
#include "sql_parse.h"
#include "backend_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every error here is about a place in a revision file. */
#define sb_error(err, path, line, col, ...)                                     \
    rt_error_at(err, RT_EPARSE, path, line, col, __VA_ARGS__)

static bool sb_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Column (1-based, in characters as the lexer counts them) of byte off. */
static int sb_col(const char *line, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* "-- dialect:" at the start of the line (blanks allowed around each part,
 * any case): true with *list at the byte after the ':'. */
static bool sb_is_directive(const char *s, size_t len, size_t *list)
{
    size_t i = 0;
    while (i < len && sb_blank(s[i]))
        i++;
    if (len - i < 2 || s[i] != '-' || s[i + 1] != '-')
        return false;
    i += 2;
    while (i < len && sb_blank(s[i]))
        i++;
    if (len - i < 7 || strncasecmp(s + i, "dialect", 7) != 0)
        return false;
    i += 7;
    while (i < len && sb_blank(s[i]))
        i++;
    if (i >= len || s[i] != ':')
        return false;
    *list = i + 1;
    return true;
}

/* The names after the ':' into out (empty for `all`). */
static int sb_names(rt_strv *out, const char *s, size_t len, size_t i, const char *path,
                    int line, rt_error *err)
{
    bool all = false;
    size_t count = 0;
    for (;;) {
        while (i < len && sb_blank(s[i]))
            i++;
        size_t start = i;
        while (i < len && s[i] != ',' && !sb_blank(s[i]))
            i++;
        size_t end = i;
        while (i < len && sb_blank(s[i]))
            i++;
        if (end == start) {
            if (count == 0 && i >= len) {
                rt_buf known = RT_BUF_INIT;
                rt_backend_describe_names(&known);
                sb_error(err, path, line, sb_col(s, start),
                         "'-- dialect:' names no backend; name one or more of %s, or "
                         "write 'all' to lift the limit",
                         rt_buf_cstr(&known));
                rt_buf_free(&known);
                return err->code;
            }
            return sb_error(err, path, line, sb_col(s, start),
                            "empty dialect name in the '-- dialect:' list");
        }
        if (i < len && s[i] != ',')
            return sb_error(err, path, line, sb_col(s, i),
                            "expected ',' between two dialect names");
        count++;
        if (end - start == 3 && strncasecmp(s + start, "all", 3) == 0) {
            all = true;
        } else {
            const rt_backend *b = rt_backend_find(s + start, end - start);
            if (!b) {
                rt_buf known = RT_BUF_INIT;
                rt_backend_describe_names(&known);
                sb_error(err, path, line, sb_col(s, start),
                         "unknown dialect '%.*s' in '-- dialect:'; known are %s, or 'all'",
                         (int)(end - start > 64 ? 64 : end - start), s + start,
                         rt_buf_cstr(&known));
                rt_buf_free(&known);
                return err->code;
            }
            const char *name = b->name;
            if (!(rt_strv_find(out, name) >= 0))
                rt_strv_push(out, name);
        }
        if (all && count > 1)
            return sb_error(err, path, line, sb_col(s, start),
                            "'all' stands alone in '-- dialect:'; it cannot be combined "
                            "with dialect names");
        if (i >= len)
            return RT_OK;
        i++; /* the ',' */
    }
}

static rt_sql_block *sb_push(rt_sql_blocks *b, int line, int directive_line)
{
    b->items = rt_xrealloc(b->items, (b->n + 1) * sizeof *b->items);
    rt_sql_block *blk = &b->items[b->n++];
    *blk = (rt_sql_block){ NULL, line, directive_line, RT_STRV_INIT };
    return blk;
}

int rt_sql_blocks_split(rt_sql_blocks *out, const char *text, const char *path, int first_line,
                        rt_error *err)
{
    *out = (rt_sql_blocks)RT_SQL_BLOCKS_INIT;
    int line = first_line > 0 ? first_line : 1;
    rt_sql_block *cur = sb_push(out, line, 0);
    const char *from = text; /* start of the current block's text */
    for (const char *p = text; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *next = nl ? nl + 1 : p + len;
        size_t list;
        if (sb_is_directive(p, len, &list)) {
            cur->text = rt_xstrndup(from, (size_t)(p - from));
            cur = sb_push(out, line + 1, line);
            int rc = sb_names(&cur->dialects, p, len, list, path, line, err);
            if (rc != RT_OK) {
                rt_sql_blocks_free(out);
                return rc;
            }
            from = next;
        }
        p = next;
    }
    cur->text = rt_xstrdup(from);
    return RT_OK;
}

void rt_sql_blocks_free(rt_sql_blocks *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].text);
        rt_strv_free(&b->items[i].dialects);
    }
    free(b->items);
    *b = (rt_sql_blocks)RT_SQL_BLOCKS_INIT;
}

bool rt_sql_block_applies(const rt_sql_block *b, const char *dialect)
{
    return b->dialects.n == 0 || rt_strv_find(&b->dialects, dialect) >= 0;
}

/* A block cut off by the next directive must not end inside a statement:
 * its last token is ';' (or it has none). */
static int sb_check_ended(const rt_sql_block *b, int directive_line, const char *path,
                          rt_error *err)
{
    rt_lexer lx;
    rt_lex_init(&lx, b->text, b->line);
    rt_token tok, last = { RT_TOK_EOF, 0, 0, 0, 0 };
    for (;;) {
        if (rt_lex_next(&lx, &tok, err) != RT_OK)
            return rt_error_prefix(err, "%s:%d:%d: ", path ? path : "<input>", tok.line,
                                   tok.col);
        if (tok.kind == RT_TOK_EOF)
            break;
        last = tok;
    }
    if (last.kind == RT_TOK_EOF ||
        (last.kind == RT_TOK_PUNCT && last.len == 1 && b->text[last.start] == ';'))
        return RT_OK;
    return sb_error(err, path, directive_line, 1,
                    "'-- dialect:' line inside a statement; end the statement before it "
                    "(line %d) with ';'",
                    last.line);
}

int rt_sql_parse_for(rt_oplist *out, const char *text, const char *path, int first_line,
                     const char *dialect, rt_error *err)
{
    rt_sql_blocks blocks;
    int rc = rt_sql_blocks_split(&blocks, text, path, first_line, err);
    if (rc != RT_OK)
        return rc;
    if (blocks.n == 1) { /* no directive: the common case, parsed as it is */
        rt_sql_blocks_free(&blocks);
        return rt_sql_parse(out, text, path, first_line, err);
    }
    /* One text for the parser, with every line where it was: other
     * backends' blocks and the directives become empty lines. Parsing it
     * whole keeps per-section rules (the numbering of unnamed CHECKs). */
    rt_buf mine = RT_BUF_INIT;
    rt_buf_append(&mine, "");
    /* The lines of this backend's blocks that name it: statements there may
     * be backend-only syntax (rt_sql_parse_blocks). */
    rt_sql_lines *only = rt_xmalloc(blocks.n * sizeof *only);
    size_t nonly = 0;
    for (size_t i = 0; i < blocks.n && rc == RT_OK; i++) {
        const rt_sql_block *b = &blocks.items[i];
        if (b->directive_line)
            rt_buf_putc(&mine, '\n');
        if (rt_sql_block_applies(b, dialect)) {
            if (b->dialects.n > 0) {
                only[nonly] = (rt_sql_lines){ b->line, b->line };
                for (const char *p = b->text; *p; p++)
                    only[nonly].last += *p == '\n';
                nonly++;
            }
            rt_buf_append(&mine, b->text);
            if (i + 1 < blocks.n)
                rc = sb_check_ended(b, blocks.items[i + 1].directive_line, path, err);
        } else {
            for (const char *p = b->text; *p; p++)
                if (*p == '\n')
                    rt_buf_putc(&mine, '\n');
        }
    }
    if (rc == RT_OK)
        rc = rt_sql_parse_blocks(out, rt_buf_cstr(&mine), path, blocks.items[0].line, only,
                                 nonly, err);
    free(only);
    rt_buf_free(&mine);
    rt_sql_blocks_free(&blocks);
    return rc;
}
