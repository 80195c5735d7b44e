#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_test.h"
#include "script.h"

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

TestSuite(script, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);

static char *put(const char *name, const char *text)
{
    char *path = rt_xasprintf("%s/%s", dir, name);
    rt_test_write_file(path, text);
    return path;
}

static void header_fails(const char *text, const char *where, const char *needle)
{
    char *path = put("bad.sql", text);
    rt_revision r;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_EPARSE, "accepted: %s", text);
    char *pos = rt_xasprintf("%s:%s: ", path, where);
    cr_assert(strncmp(err.message, pos, strlen(pos)) == 0, "'%s' does not start with '%s'",
              err.message, pos);
    cr_assert(strstr(err.message, needle), "'%s' not in '%s'", needle, err.message);
    free(pos);
    free(path);
}

static const char *sample =
    "-- Revision ID: 100559f72c66\n"
    "-- Revises: \n"
    "-- Create Date: 2026-11-25 14:28:59.084794\n"
    "-- Message: baseline\n"
    "-- Branch Labels: \n"
    "-- Depends On: \n"
    "\n"
    "-- upgrade\n"
    "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n"
    "\n"
    "-- downgrade\n"
    "DROP TABLE \"A\";\n";

Test(script, header_of_the_issue_example)
{
    char *path = put("100559f72c66_baseline.sql", sample);
    rt_revision r;
    rt_error err;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(r.id, "100559f72c66");
    cr_assert_eq(r.down.n, 0);
    cr_assert_str_eq(r.create_date, "2026-11-25 14:28:59.084794");
    cr_assert_str_eq(r.message, "baseline");
    cr_assert_eq(r.branch_labels.n, 0);
    cr_assert_eq(r.depends_on.n, 0);
    cr_assert_str_eq(r.path, path);
    cr_assert_eq(r.id_line, 1);
    cr_assert_eq(r.down_line, 2);
    rt_revision_free(&r);
    free(path);
}

Test(script, header_lists_crlf_and_comments)
{
    char *path = put("m.sql", "-- a free comment above\r\n"
                              "--Revision ID:   m1  \r\n"
                              "-- Revises: a1,b2 , c3\r\n"
                              "-- note: not a header key\r\n"
                              "-- Message: merge it: all\r\n"
                              "-- Branch Labels: feature, x.y\r\n"
                              "-- Depends On: d4\r\n"
                              "\r\n"
                              "-- upgrade\r\n");
    rt_revision r;
    rt_error err;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(r.id, "m1");
    cr_assert_eq(r.id_line, 2);
    cr_assert_eq(r.down.n, 3);
    cr_assert_str_eq(r.down.items[0], "a1");
    cr_assert_str_eq(r.down.items[1], "b2");
    cr_assert_str_eq(r.down.items[2], "c3");
    cr_assert_eq(r.down_line, 3);
    cr_assert_str_eq(r.message, "merge it: all");
    cr_assert_str_eq(r.create_date, "");
    cr_assert_eq(r.branch_labels.n, 2);
    cr_assert_str_eq(r.branch_labels.items[1], "x.y");
    cr_assert_eq(r.labels_line, 6);
    cr_assert_eq(r.depends_on.n, 1);
    cr_assert_str_eq(r.depends_on.items[0], "d4");
    cr_assert_eq(r.depends_line, 7);
    cr_assert_eq(rt_script_item_col(path, 3, "b2"), 16);
    cr_assert_eq(rt_script_item_col(path, 3, "c3"), 21);
    cr_assert_eq(rt_script_item_col(path, 3, "zz"), 1);
    rt_revision_free(&r);
    free(path);
}

Test(script, header_longer_than_one_read)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "-- Message: ");
    for (int i = 0; i < 300; i++)
        rt_buf_append(&b, "word ");
    rt_buf_append(&b, "\n-- Revises: ");
    for (int i = 0; i < 100; i++)
        rt_buf_printf(&b, "%sr%04d", i ? ", " : "", i);
    rt_buf_append(&b, "\n-- Revision ID: late\n-- upgrade\nSELECT 1;\n");
    char *path = put("long.sql", rt_buf_cstr(&b));
    rt_revision r;
    rt_error err;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(r.id, "late");
    cr_assert_eq(r.down.n, 100);
    cr_assert_str_eq(r.down.items[99], "r0099");
    rt_revision_free(&r);
    rt_buf_free(&b);
    free(path);
}

Test(script, header_errors_with_positions)
{
    header_fails("-- Revises: \n-- upgrade\n", "1:1", "missing the '-- Revision ID");
    header_fails("-- Revision ID: \n-- upgrade\n", "1:16", "Revision ID is empty");
    header_fails("-- Revision ID: a b\n", "1:19", "expected ','");
    header_fails("-- Revision ID: a,b\n", "1:17", "exactly one Revision ID");
    header_fails("-- Revision ID: ab'c\n", "1:19", "unexpected character '''");
    header_fails("-- Revision ID: 0123456789012345678901234567890123\n", "1:17",
                 "longer than 32");
    header_fails("-- Revision ID: a\n-- Revises: b,,c\n", "2:15", "empty revision id");
    header_fails("-- Revision ID: a\n-- Revision ID: b\n", "2:4",
                 "second 'Revision ID' line (the first is on line 1)");
    header_fails("-- Revision ID: a\nCREATE TABLE t (x INTEGER);\n-- upgrade\n", "2:1",
                 "SQL before the '-- upgrade' line");
    header_fails("-- Revision ID: a\n-- Branch Labels: ok, n@pe\n", "2:24",
                 "unexpected character '@' in a branch label");
}

Test(script, body_sections_and_lines)
{
    char *path = put("x.sql", sample);
    rt_script_body b;
    rt_error err;
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(b.upgrade,
                     "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n\n");
    cr_assert_eq(b.upgrade_line, 9);
    cr_assert_str_eq(b.downgrade, "DROP TABLE \"A\";\n");
    cr_assert_eq(b.downgrade_line, 12);
    rt_script_body_free(&b);
    free(path);
}

Test(script, body_without_downgrade)
{
    char *path = put("x.sql", "-- Revision ID: a\n-- upgrade\nSELECT 1;\n");
    rt_script_body b;
    rt_error err;
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(b.upgrade, "SELECT 1;\n");
    cr_assert_eq(b.upgrade_line, 3);
    cr_assert_str_eq(b.downgrade, "");
    rt_script_body_free(&b);
    free(path);
}

Test(script, body_errors)
{
    rt_script_body b;
    rt_error err;
    char *path = put("x.sql", "-- Revision ID: a\n\nSELECT 1;\n");
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "missing the '-- upgrade' line"), "%s", err.message);
    free(path);
    path = put("y.sql", "-- Revision ID: a\n-- upgrade\n-- downgrade\n-- upgrade\n");
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_EPARSE);
    char *pos = rt_xasprintf("%s:4:1: second '-- upgrade' line", path);
    cr_assert(strstr(err.message, pos), "%s", err.message);
    free(pos);
    free(path);
    path = rt_xasprintf("%s/none.sql", dir);
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_EIO);
    cr_assert(strstr(err.message, "none.sql"), "%s", err.message);
    free(path);
}

Test(script, new_id_is_random_hex)
{
    char *a = rt_script_new_id();
    char *b = rt_script_new_id();
    cr_assert_eq(strlen(a), 12);
    cr_assert_eq(strspn(a, "0123456789abcdef"), 12);
    cr_assert_str_neq(a, b);
    free(a);
    free(b);
}

Test(script, slug_like_alembic)
{
    char *s = rt_script_slug("add thing to A");
    cr_assert_str_eq(s, "add_thing_to_a");
    free(s);
    s = rt_script_slug("  Fix: users' e-mail (v2)!  ");
    cr_assert_str_eq(s, "fix_users_e_mail_v2");
    free(s);
    s = rt_script_slug("this message is definitely much longer than forty characters");
    cr_assert(strlen(s) <= 40, "%s", s);
    cr_assert_str_eq(s, "this_message_is_definitely_much_longer_");
    free(s);
    s = rt_script_slug("");
    cr_assert_str_eq(s, "");
    free(s);
}

Test(script, write_then_read_round_trip)
{
    rt_revision r = { 0 };
    r.id = "3c4d5e6f7a8b";
    rt_strv_push(&r.down, "100559f72c66");
    rt_strv_push(&r.down, "200559f72c66");
    rt_strv_push(&r.branch_labels, "feature");
    r.message = "add thing to A";
    char *path = NULL;
    rt_error err;
    cr_assert_eq(rt_script_write(&path, dir, "%(rev)s_%(slug)s", &r,
                                 "ALTER TABLE \"A\" ADD COLUMN thing VARCHAR(50);",
                                 "ALTER TABLE \"A\" DROP COLUMN thing;\n", &err),
                 RT_OK, "%s", err.message);
    char *want = rt_xasprintf("%s/3c4d5e6f7a8b_add_thing_to_a.sql", dir);
    cr_assert_str_eq(path, want);
    char *text = rt_test_read_file(path);
    regex_t re;
    cr_assert_eq(regcomp(&re,
                         "^-- Revision ID: 3c4d5e6f7a8b\n"
                         "-- Revises: 100559f72c66, 200559f72c66\n"
                         "-- Create Date: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}\n"
                         "-- Message: add thing to A\n"
                         "-- Branch Labels: feature\n"
                         "-- Depends On: \n"
                         "\n"
                         "-- upgrade\n"
                         "ALTER TABLE \"A\" ADD COLUMN thing VARCHAR\\(50\\);\n"
                         "\n"
                         "-- downgrade\n"
                         "ALTER TABLE \"A\" DROP COLUMN thing;\n$",
                         REG_EXTENDED),
                 0);
    cr_assert_eq(regexec(&re, text, 0, NULL, 0), 0, "unexpected file:\n%s", text);
    regfree(&re);

    rt_revision back;
    cr_assert_eq(rt_script_read_header(&back, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(back.id, r.id);
    cr_assert(rt_strv_equal(&back.down, &r.down));
    cr_assert(rt_strv_equal(&back.branch_labels, &r.branch_labels));
    cr_assert_str_eq(back.message, r.message);
    rt_revision_free(&back);
    rt_script_body body;
    cr_assert_eq(rt_script_read_body(&body, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(body.upgrade, "ALTER TABLE \"A\" ADD COLUMN thing VARCHAR(50);\n\n");
    cr_assert_eq(body.upgrade_line, 9);
    cr_assert_str_eq(body.downgrade, "ALTER TABLE \"A\" DROP COLUMN thing;\n");
    rt_script_body_free(&body);

    /* Same name again: refused, the file stays. */
    char *again = NULL;
    cr_assert_eq(rt_script_write(&again, dir, "%(rev)s_%(slug)s", &r, "", "", &err), RT_EEXIST);
    cr_assert_null(again);
    cr_assert(strstr(err.message, "File exists"), "%s", err.message);
    char *still = rt_test_read_file(path);
    cr_assert_str_eq(still, text);
    free(still);

    rt_strv_free(&r.down);
    rt_strv_free(&r.branch_labels);
    free(text);
    free(want);
    free(path);
}

Test(script, empty_sections_and_base_header)
{
    rt_revision r = { 0 };
    r.id = "aaaaaaaaaaaa";
    r.message = "baseline";
    char *path = NULL;
    rt_error err;
    cr_assert_eq(rt_script_write(&path, dir, "%(rev)s_%(slug)s", &r, "", NULL, &err), RT_OK,
                 "%s", err.message);
    char *text = rt_test_read_file(path);
    const char *tail = "-- Revises: \n";
    cr_assert(strstr(text, tail), "%s", text);
    cr_assert(strstr(text, "\n-- Branch Labels: \n-- Depends On: \n\n-- upgrade\n\n-- downgrade\n"),
              "%s", text);
    free(text);
    free(path);
}

Test(script, file_template_placeholders)
{
    rt_revision r = { 0 };
    r.id = "abc";
    r.message = "Hello World";
    char *path = NULL;
    rt_error err;
    cr_assert_eq(rt_script_write(&path, dir,
                                 "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d%(second).2d-%(rev)s_%(slug)s",
                                 &r, "", "", &err),
                 RT_OK, "%s", err.message);
    regex_t re;
    char *pat = rt_xasprintf("^%s/[0-9]{4}_[0-9]{2}_[0-9]{2}_[0-9]{6}-abc_hello_world\\.sql$", dir);
    cr_assert_eq(regcomp(&re, pat, REG_EXTENDED), 0);
    cr_assert_eq(regexec(&re, path, 0, NULL, 0), 0, "%s", path);
    regfree(&re);
    free(pat);
    free(path);

    cr_assert_eq(rt_script_write(&path, dir, "%(epoch)s_%%_%(rev)s", &r, "", "", &err), RT_OK,
                 "%s", err.message);
    cr_assert(strstr(path, "_%_abc.sql"), "%s", path);
    free(path);

    cr_assert_eq(rt_script_write(&path, dir, "%(nope)s", &r, "", "", &err), RT_ECONFIG);
    cr_assert(strstr(err.message, "unknown placeholder %(nope)"), "%s", err.message);
    cr_assert_eq(rt_script_write(&path, dir, "50%_%(rev)s", &r, "", "", &err), RT_ECONFIG);
    cr_assert_null(path);
}

static char *put_bytes(const char *name, const char *bytes, size_t n)
{
    char *path = rt_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

/* Before: the C string ended at the NUL and only the statements above it ran. */
Test(script, nul_byte_is_refused_with_its_position)
{
    static const char text[] = "-- Revision ID: a\n-- upgrade\nCREATE TABLE t (id INTEGER);\n"
                               "INSERT INTO t VALUES (1);\0INSERT INTO t VALUES (2);\n";
    char *path = put_bytes("nul.sql", text, sizeof text - 1);
    rt_script_body b;
    rt_error err;
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_EPARSE);
    char *pos = rt_xasprintf("%s:4:26: a NUL byte", path);
    cr_assert(strncmp(err.message, pos, strlen(pos)) == 0, "%s", err.message);
    free(pos);
    free(path);

    static const char head[] = "-- Revision ID: a\0b\n-- upgrade\n";
    path = put_bytes("nulh.sql", head, sizeof head - 1);
    rt_revision r;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_EPARSE);
    pos = rt_xasprintf("%s:1:18: a NUL byte", path);
    cr_assert(strncmp(err.message, pos, strlen(pos)) == 0, "%s", err.message);
    free(pos);
    free(path);
}

/* Before: "SQL before the '-- upgrade' line" on line 1. */
Test(script, utf8_bom_is_accepted)
{
    char *text = rt_xasprintf("\xEF\xBB\xBF%s", sample);
    char *path = put("bom.sql", text);
    free(text);
    rt_revision r;
    rt_error err;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(r.id, "100559f72c66");
    rt_revision_free(&r);
    rt_script_body b;
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_OK, "%s", err.message);
    cr_assert_eq(b.upgrade_line, 9);
    cr_assert(strncmp(b.upgrade, "CREATE TABLE", 12) == 0, "%s", b.upgrade);
    rt_script_body_free(&b);
    free(path);
}

/* Before: "(line )" with the number missing. */
Test(script, reversed_sections_name_the_downgrade_line)
{
    char *path = put("rev.sql", "-- Revision ID: a\n\n-- downgrade\nDROP TABLE t;\n-- upgrade\n");
    rt_script_body b;
    rt_error err;
    cr_assert_eq(rt_script_read_body(&b, path, &err), RT_EPARSE);
    char *want = rt_xasprintf("%s:5:1: '-- upgrade' must come before '-- downgrade' (line 3)",
                              path);
    cr_assert(strstr(err.message, want), "%s", err.message);
    free(want);
    free(path);
}

/* Before: the file was written outside versions/ (or hidden in it) and the
 * history never saw it. */
Test(script, file_template_outside_versions_is_refused)
{
    rt_revision r = { 0 };
    r.id = "abc";
    r.message = "m";
    const char *bad[] = { "../x", "/tmp/%(rev)s", "%(rev)s/../../y", "sub/%(rev)s",
                          ".hidden_%(rev)s" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path = NULL;
        rt_error err;
        cr_assert_eq(rt_script_write(&path, dir, bad[i], &r, "", "", &err), RT_ECONFIG,
                     "accepted %s", bad[i]);
        cr_assert_null(path);
        cr_assert(strstr(err.message, "the history would not see it"), "%s", err.message);
        cr_assert(strstr(err.message, bad[i]), "%s", err.message);
    }
    char *out = NULL;
    rt_test_sh(&out, dir, "find . -type f | wc -l");
    cr_assert_eq(atoi(out), 0, "files written: %s", out);
    free(out);
}
Test(script, one_id_rule_for_files_and_the_command_line)
{
    const char *good[] = { "a", "a.b-1", "ABC_123", "12345678901234567890123456789012" };
    const char *bad[] = { "", "a b", "a/b", "a,b", "a@b", "123456789012345678901234567890123" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_expect(rt_script_valid_id(good[i]), "'%s' should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_not(rt_script_valid_id(bad[i]), "'%s' should be refused", bad[i]);

    /* What the reader accepts in a file is what the validator accepts. */
    char *path = rt_xasprintf("%s/x.sql", dir);
    rt_test_write_file(path, "-- Revision ID: a.b-1\n-- Revises: \n\n-- upgrade\n");
    rt_revision r = { 0 };
    rt_error err;
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_OK, "%s", err.message);
    cr_assert(rt_script_valid_id(r.id));
    rt_revision_free(&r);
    rt_test_write_file(path, "-- Revision ID: a@b\n-- Revises: \n\n-- upgrade\n");
    cr_assert_eq(rt_script_read_header(&r, path, &err), RT_EPARSE);
    rt_revision_free(&r);
    free(path);
}
