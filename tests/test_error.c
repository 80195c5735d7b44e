/* The error record: every code has one class and a stable name, the exit
 * status follows the class, and rt_error_keep_first keeps the first error
 * when a clean-up after it fails too. */
#include <criterion/criterion.h>
#include <string.h>

#include "rt_error.h"

static const int all_codes[] = {
    RT_EUSAGE, RT_ECONFIG, RT_EPARSE,  RT_EGRAPH,  RT_EDRIVER,       RT_EDB,
    RT_EMIGRATE, RT_EIO,   RT_ENOTFOUND, RT_ENOTSUPPORTED, RT_ECONNECT, RT_ELOCK,
    RT_EEXIST, RT_ENOMEM,  RT_ENOREV,  RT_ENOSLOT,
};
#define NCODES (sizeof all_codes / sizeof all_codes[0])

Test(error_class, every_code_has_a_class_a_name_and_a_text)
{
    for (size_t i = 0; i < NCODES; i++) {
        int c = all_codes[i];
        enum rt_error_class cls = rt_error_class(c);
        cr_expect(cls != RT_CLASS_NONE && cls != RT_CLASS_UNKNOWN, "code %d has no class", c);
        cr_expect_str_neq(rt_error_code_name(c), "unknown", "code %d", c);
        cr_expect_str_neq(rt_strerror(c), "unknown error", "code %d", c);
        cr_expect_str_neq(rt_error_class_name(cls), "unknown", "code %d", c);
        for (size_t k = 0; k < i; k++) {
            cr_expect_neq(all_codes[k], c, "code %d listed twice", c);
            cr_expect_str_neq(rt_error_code_name(all_codes[k]), rt_error_code_name(c));
        }
    }
    cr_expect_eq(rt_error_class(RT_OK), RT_CLASS_NONE);
    cr_expect_str_eq(rt_error_code_name(RT_OK), "ok");
    cr_expect_eq(rt_error_class(-999), RT_CLASS_UNKNOWN);
    cr_expect_str_eq(rt_error_code_name(-999), "unknown");
    cr_expect_str_eq(rt_strerror(-999), "unknown error");
    cr_expect_str_eq(rt_error_class_name((enum rt_error_class)99), "unknown");
}

/* The split codes sit in the class of the code they came out of, except
 * the lock's, which is its own; the names are what scripts read. */
Test(error_class, split_codes_keep_their_family)
{
    cr_expect_eq(rt_error_class(RT_ECONNECT), rt_error_class(RT_EDB));
    cr_expect_eq(rt_error_class(RT_EEXIST), rt_error_class(RT_EIO));
    cr_expect_eq(rt_error_class(RT_ENOREV), rt_error_class(RT_EGRAPH));
    cr_expect_eq(rt_error_class(RT_ENOMEM), rt_error_class(RT_EDRIVER));
    cr_expect_eq(rt_error_class(RT_ENOSLOT), rt_error_class(RT_EDRIVER));
    cr_expect_eq(rt_error_class(RT_ENOTFOUND), rt_error_class(RT_ENOTSUPPORTED));
    cr_expect_str_eq(rt_error_class_name(rt_error_class(RT_ELOCK)), "lock");
    cr_expect_str_eq(rt_error_class_name(rt_error_class(RT_ECONNECT)), "db");
    cr_expect_str_eq(rt_error_class_name(rt_error_class(RT_ENOTSUPPORTED)), "dialect");
    cr_expect_str_eq(rt_error_code_name(RT_ECONNECT), "connect");
    cr_expect_str_eq(rt_error_code_name(RT_ELOCK), "lock");
}

/* Exit statuses did not change with the split: 1 only for a failed
 * migration, 2 for everything else. */
Test(error_class, exit_status_follows_the_class)
{
    cr_expect_eq(rt_exit_status(RT_OK), 0);
    for (size_t i = 0; i < NCODES; i++)
        cr_expect_eq(rt_exit_status(all_codes[i]), all_codes[i] == RT_EMIGRATE ? 1 : 2,
                     "code %d", all_codes[i]);
}

Test(error_keep_first, a_later_failure_is_context_of_the_first)
{
    rt_error err, rb;
    rt_error_set(&err, RT_EMIGRATE, "statement 3 failed");
    memcpy(err.sqlstate, "23505", 6);
    err.native = 7;
    rt_error_set(&rb, RT_EDB, "cannot roll back: server closed the connection");
    memcpy(rb.sqlstate, "08006", 6);
    cr_assert_eq(rt_error_keep_first(&err, &rb, "The rollback"), RT_EMIGRATE);
    cr_assert_eq(err.code, RT_EMIGRATE);
    cr_assert_str_eq(err.sqlstate, "23505");
    cr_assert_eq(err.native, 7);
    cr_assert_str_eq(err.message, "statement 3 failed\nThe rollback failed too: cannot roll "
                                  "back: server closed the connection");
}

Test(error_keep_first, no_first_error_makes_the_later_one_the_error)
{
    rt_error err, later;
    rt_error_clear(&err);
    rt_error_set(&later, RT_EDB, "cannot roll back: gone");
    memcpy(later.sqlstate, "08006", 6);
    cr_assert_eq(rt_error_keep_first(&err, &later, "The rollback"), RT_EDB);
    cr_assert_str_eq(err.message, "cannot roll back: gone");
    cr_assert_str_eq(err.sqlstate, "08006");
}

Test(error_keep_first, a_full_message_is_cut_not_overrun)
{
    rt_error err, later;
    rt_error_set(&err, RT_EDB, "%s", "");
    memset(err.message, 'x', sizeof err.message - 10);
    err.message[sizeof err.message - 10] = '\0';
    rt_error_set(&later, RT_EDB, "a long rollback failure that does not fit");
    rt_error_keep_first(&err, &later, "The rollback");
    cr_assert_eq(strlen(err.message), sizeof err.message - 1);
    cr_assert_eq(strncmp(err.message + sizeof err.message - 10, "\nThe rol", 8), 0);
}
