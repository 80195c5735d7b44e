/* SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits.
 *
 * The checksums of the migration log need nothing else from a crypto
 * library: a hundred lines here spare every build and package a dependency
 * on libssl or libgcrypt. */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>

#define RT_SHA256_HEX_LEN 64

/* Writes the digest of data[0..n) to hex (RT_SHA256_HEX_LEN + 1 bytes, NUL
 * terminated). */
void rt_sha256_hex(const void *data, size_t n, char hex[RT_SHA256_HEX_LEN + 1]);

#endif
