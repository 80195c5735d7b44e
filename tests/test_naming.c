#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "naming.h"

static rt_strv cols(const char *a, const char *b)
{
    rt_strv v = RT_STRV_INIT;
    rt_strv_push(&v, a);
    if (b)
        rt_strv_push(&v, b);
    return v;
}

Test(naming, unique_lists_every_column)
{
    rt_strv v = cols("first", "last");
    char *n = rt_naming_unique("people", &v);
    cr_assert_str_eq(n, "uq_people_first_last");
    free(n);
    rt_strv_free(&v);
}

Test(naming, foreign_key_uses_first_column_and_ref_table)
{
    rt_strv v = cols("a", "b");
    char *n = rt_naming_foreign_key("orders", &v, "Customers");
    cr_assert_str_eq(n, "fk_orders_a_Customers");
    free(n);
    rt_strv_free(&v);
}

Test(naming, checks_by_column_and_by_position)
{
    char *a = rt_naming_check_column("t", "price");
    char *b = rt_naming_check_table("t", 2);
    cr_assert_str_eq(a, "ck_t_price");
    cr_assert_str_eq(b, "ck_t_2");
    free(a);
    free(b);
}

Test(naming, shorten_keeps_63_and_hashes_longer)
{
    char name63[64], name64[65], other64[65];
    memset(name63, 'x', 63);
    name63[63] = '\0';
    memset(name64, 'x', 64);
    name64[64] = '\0';
    memcpy(other64, name64, sizeof other64);
    other64[63] = 'y';

    char *s63 = rt_naming_shorten(name63);
    cr_assert_str_eq(s63, name63);

    char *s64 = rt_naming_shorten(name64);
    char *again = rt_naming_shorten(name64);
    char *o64 = rt_naming_shorten(other64);
    cr_assert_eq(strlen(s64), 63);
    cr_assert_eq(strncmp(s64, name64, 54), 0);
    cr_assert_eq(s64[54], '_');
    for (int i = 55; i < 63; i++)
        cr_assert(strchr("0123456789abcdef", s64[i]), "hash digit %d is '%c'", i, s64[i]);
    cr_assert_str_eq(s64, again, "the hash must be stable");
    /* and stable across releases: names like this one live in databases */
    cr_assert_str_eq(s64 + 54, "_d19b1ac5");
    cr_assert_str_neq(s64, o64, "names sharing a long prefix must differ");
    free(s63);
    free(s64);
    free(again);
    free(o64);
}

Test(naming, generated_names_are_shortened)
{
    char col[80];
    memset(col, 'c', 79);
    col[79] = '\0';
    rt_strv v = cols(col, NULL);
    char *n = rt_naming_unique("t", &v);
    cr_assert_eq(strlen(n), RT_NAME_MAX);
    cr_assert_eq(strncmp(n, "uq_t_ccc", 8), 0);
    free(n);
    rt_strv_free(&v);
}
