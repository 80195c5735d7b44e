#include <criterion/criterion.h>
#include <stdlib.h>

#include "rt_error.h"
#include "rt_mem.h"

Test(mem, buf_grows_and_formats)
{
    rt_buf b = RT_BUF_INIT;
    cr_assert_str_eq(rt_buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        rt_buf_printf(&b, "%d,", i % 10);
    cr_assert_eq(b.len, 2000);
    cr_assert_eq(strncmp(b.data, "0,1,2,", 6), 0);
    char *s = rt_buf_steal(&b);
    cr_assert_null(b.data);
    free(s);
}

Test(mem, strv_find_remove_join)
{
    rt_strv v = RT_STRV_INIT;
    rt_strv_push(&v, "a");
    rt_strv_push(&v, "b");
    rt_strv_push(&v, "c");
    cr_assert_eq(rt_strv_find(&v, "b"), 1);
    rt_strv_remove(&v, 1);
    cr_assert_eq(rt_strv_find(&v, "b"), -1);
    char *j = rt_strv_join(&v, ", ");
    cr_assert_str_eq(j, "a, c");
    free(j);
    rt_strv_free(&v);
}

Test(error, prefix_keeps_code_and_sqlstate)
{
    rt_error err;
    rt_error_clear(&err);
    rt_error_set(&err, RT_EDB, "relation \"x\" does not exist");
    memcpy(err.sqlstate, "42P01", 6);
    rt_error_prefix(&err, "%s:%d:%d: ", "v.sql", 3, 1);
    cr_assert_str_eq(err.message, "v.sql:3:1: relation \"x\" does not exist");
    cr_assert_str_eq(err.sqlstate, "42P01");
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_eq(rt_exit_status(RT_EMIGRATE), 1);
}

/* The FNV-1a reference vectors: the hash is part of constraint names stored
 * in databases, so a change of its values would break every later diff. */
Test(mem, str_hash_is_fnv1a)
{
    cr_assert_eq(rt_str_hash(""), 0x811c9dc5u);
    cr_assert_eq(rt_str_hash("a"), 0xe40c292cu);
    cr_assert_eq(rt_str_hash("foobar"), 0xbf9cf968u);
}
