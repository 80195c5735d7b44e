/* SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits.
 *
 * The checksums of the migration log need nothing else from a crypto
 * library: a hundred lines here spare every build and package a dependency
 * on libssl or libgcrypt. */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define RT_SHA256_HEX_LEN 64

/* Writes the digest of data[0..n) to hex (RT_SHA256_HEX_LEN + 1 bytes, NUL
 * terminated). */
void rt_sha256_hex(const void *data, size_t n, char hex[RT_SHA256_HEX_LEN + 1]);

/* The same over data given in pieces (retort copy --verify-data hashes a
 * table row by row): init, update any number of times, then final, which
 * writes the hex digest. The context is the caller's, on its stack. */
typedef struct rt_sha256 {
    uint32_t h[8];
    unsigned char buf[64];
    size_t nbuf;
    uint64_t total;
} rt_sha256;

void rt_sha256_init(rt_sha256 *s);
void rt_sha256_update(rt_sha256 *s, const void *data, size_t n);
void rt_sha256_final(rt_sha256 *s, char hex[RT_SHA256_HEX_LEN + 1]);

#endif
