/* SHA-256 of the migration log's checksums: the FIPS 180-4 examples, and
 * every length around the block and padding boundaries against the
 * coreutils sha256sum. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_mem.h"
#include "rt_test.h"
#include "sha256.h"

static void expect(const char *data, size_t n, const char *want)
{
    char hex[RT_SHA256_HEX_LEN + 1];
    rt_sha256_hex(data, n, hex);
    cr_assert_str_eq(hex, want, "length %zu", n);
}

Test(sha256, fips_examples)
{
    expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = rt_xmalloc(1000000);
    memset(million, 'a', 1000000);
    expect(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

Test(sha256, every_length_to_200_matches_sha256sum)
{
    /* One sha256sum over all 200 files: a process per length made this
     * suite the slowest one under valgrind, which follows every child. */
    char *dir = rt_test_tmpdir();
    char buf[200];
    for (size_t n = 0; n < sizeof buf; n++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)('!' + (i * 7 + n) % 90);
        char *path = rt_xasprintf("%s/d%03zu", dir, n);
        char *text = rt_xstrndup(buf, n);
        rt_test_write_file(path, text);
        free(text);
        free(path);
    }
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "sha256sum d*"), 0);
    const char *line = out;
    for (size_t n = 0; n < sizeof buf; n++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)('!' + (i * 7 + n) % 90);
        char want[RT_SHA256_HEX_LEN + 1];
        cr_assert(line && strlen(line) > RT_SHA256_HEX_LEN, "sha256sum printed too little");
        memcpy(want, line, RT_SHA256_HEX_LEN);
        want[RT_SHA256_HEX_LEN] = '\0';
        char name[16];
        snprintf(name, sizeof name, "d%03zu", n);
        cr_assert(strncmp(line + RT_SHA256_HEX_LEN + 2, name, strlen(name)) == 0,
                  "line for %s out of order", name);
        expect(buf, n, want);
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    free(out);
    rt_test_rmtree(dir);
    free(dir);
}
