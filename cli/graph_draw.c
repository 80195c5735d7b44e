/* `history --graph`: the revision graph drawn in columns, as git's graph.c
 * does. Each column ("lane") waits for one revision; lanes keep their
 * left-to-right order and a lane moves one column per drawn row:
 *
 *   *   m000 ...          a revision in its lane
 *   |\                    a merge point opens a lane per further parent
 *   | * b200 ...
 *   * | b100 ...
 *   |/                    two lanes waiting for one revision join
 *   * a000 ...
 *
 * Revises links only: Depends On is not a lane, the line shows it as
 * history does ("down (dependency) -> rev"). Only the revisions of the
 * range are drawn; a link to one outside it ends its lane. When a lane
 * ends (a root) and the next revision would start a new lane in that same
 * column, a row without it comes between, so that two unrelated revisions
 * never look linked. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* One lane of the row below a revision: where it starts and ends, and the
 * revision it waits for. */
typedef struct gd_move {
    size_t from, to;
    size_t rev;
} gd_move;

typedef struct gd_state {
    const rt_graph *g;
    const bool *in;
    size_t *lanes;   /* lanes[i]: topological index of the revision awaited */
    size_t nlanes;
    gd_move *moves;
    size_t nmoves;
    rt_buf row;
} gd_state;

static size_t gd_find(const gd_state *s, size_t rev)
{
    for (size_t i = 0; i < s->nlanes; i++)
        if (s->lanes[i] == rev)
            return i;
    return SIZE_MAX;
}

/* The row with a revision: '*' in its lane, '|' in the others. */
static void gd_commit_row(gd_state *s, size_t col)
{
    rt_buf_reset(&s->row);
    for (size_t i = 0; i < s->nlanes; i++) {
        rt_buf_putc(&s->row, i == col ? '*' : '|');
        rt_buf_putc(&s->row, ' ');
    }
}

/* Moves after the revision in column col: every other lane stays where it
 * is (shifted over by lanes opened or closed to its left), col gives way to
 * the parents no lane waits for yet (in Revises order, in adjacent lanes),
 * and an edge to a parent another lane already waits for goes to that lane,
 * as git draws it: lanes are never pulled over, so each revision is awaited
 * in one lane only. */
static void gd_plan(gd_state *s, size_t col, const rt_revision *r)
{
    size_t cap = s->nlanes + 2 * r->down.n;
    s->moves = rt_xrealloc(s->moves, (cap ? cap : 1) * sizeof *s->moves);
    s->nmoves = 0;
    size_t *next = rt_xmalloc((cap ? cap : 1) * sizeof *next);
    size_t *edges = rt_xmalloc((r->down.n ? r->down.n : 1) * sizeof *edges);
    size_t nnext = 0, nedges = 0;
    for (size_t i = 0; i < s->nlanes; i++) {
        if (i != col) {
            next[nnext] = s->lanes[i];
            s->moves[s->nmoves++] = (gd_move){ i, nnext++, s->lanes[i] };
            continue;
        }
        for (size_t p = 0; p < r->down.n; p++) {
            size_t rev = rt_graph_index(s->g, rt_graph_get(s->g, r->down.items[p]));
            if (!s->in[rev])
                continue;
            edges[nedges++] = rev;
            if (gd_find(s, rev) == SIZE_MAX)
                next[nnext++] = rev;
        }
    }
    for (size_t e = 0; e < nedges; e++)
        for (size_t k = 0; k < nnext; k++)
            if (next[k] == edges[e])
                s->moves[s->nmoves++] = (gd_move){ col, k, edges[e] };
    free(edges);
    free(s->lanes);
    s->lanes = next;
    s->nlanes = nnext;
}

/* Rows drawing the moves, one column per row, until each lane is where it
 * goes. A lane that ends (a root) just stops. */
static void gd_transition(gd_state *s, FILE *out)
{
    for (;;) {
        bool moving = false;
        for (size_t k = 0; k < s->nmoves; k++)
            moving = moving || s->moves[k].from != s->moves[k].to;
        if (!moving)
            return;
        size_t width = 0;
        for (size_t k = 0; k < s->nmoves; k++)
            if (2 * s->moves[k].from + 2 > width)
                width = 2 * s->moves[k].from + 2;
        char *line = rt_xmalloc(width + 1);
        memset(line, ' ', width);
        for (size_t k = 0; k < s->nmoves; k++) {
            gd_move *m = &s->moves[k];
            /* An edge crossing a lane that moves the other way (a merge
             * reaching over to a lane already waiting for its parent). */
            if (m->to > m->from) {
                char *c = &line[2 * m->from + 1];
                *c = *c == '/' ? 'X' : '\\';
                m->from++;
            } else if (m->to < m->from) {
                char *c = &line[2 * m->from - 1];
                *c = *c == '\\' ? 'X' : '/';
                m->from--;
            } else if (line[2 * m->from] == ' ') {
                line[2 * m->from] = '|';
            }
        }
        size_t n = width;
        while (n > 0 && line[n - 1] == ' ')
            n--;
        fprintf(out, "%.*s\n", (int)n, line);
        free(line);
    }
}

void rt_cli_draw_graph(FILE *out, const rt_graph *g, const bool *in, const rt_strv *current,
                       const struct rt_log *log)
{
    gd_state s = { .g = g, .in = in, .row = RT_BUF_INIT };
    size_t ended = SIZE_MAX; /* column of the lane the last revision ended */
    for (size_t i = rt_graph_count(g); i-- > 0;) {
        if (!in[i])
            continue;
        const rt_revision *r = rt_graph_at(g, i);
        size_t col = gd_find(&s, i);
        if (col == SIZE_MAX && ended == s.nlanes) {
            gd_commit_row(&s, SIZE_MAX);
            fprintf(out, "%.*s\n", (int)(s.row.len ? s.row.len - 1 : 0), rt_buf_cstr(&s.row));
        }
        if (col == SIZE_MAX) { /* a head of the range: a new lane on the right */
            s.lanes = rt_xrealloc(s.lanes, (s.nlanes + 1) * sizeof *s.lanes);
            col = s.nlanes;
            s.lanes[s.nlanes++] = i;
        }
        gd_commit_row(&s, col);
        fputs(rt_buf_cstr(&s.row), out);
        rt_cli_marks m;
        rt_cli_marks_of(g, r, current, &m);
        rt_cli_print_short(out, r, &m, true, true);
        /* The applied line sits under the revision, its lane continued
         * when the revision has a parent drawn below. */
        size_t before = s.nlanes;
        gd_plan(&s, col, r);
        bool parents = false;
        for (size_t k = 0; k < s.nmoves; k++)
            parents = parents || s.moves[k].from == col;
        ended = !parents && col == before - 1 ? col : SIZE_MAX;
        if (log) {
            rt_buf_reset(&s.row);
            size_t lanes = 0;
            for (size_t k = 0; k < s.nmoves; k++)
                if (s.moves[k].from + 1 > lanes)
                    lanes = s.moves[k].from + 1;
            for (size_t l = 0; l < lanes; l++) {
                bool has = false;
                for (size_t k = 0; k < s.nmoves; k++)
                    has = has || s.moves[k].from == l;
                rt_buf_append(&s.row, has ? "| " : "  ");
            }
            rt_buf_append(&s.row, "    ");
            rt_cli_print_applied(out, log, r->id, rt_buf_cstr(&s.row));
        }
        gd_transition(&s, out);
    }
    free(s.lanes);
    free(s.moves);
    rt_buf_free(&s.row);
}
