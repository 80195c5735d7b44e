/* Helpers shared by the libFuzzer targets of this folder. */
#ifndef RT_FUZZ_INPUT_H
#define RT_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* data as a NUL-terminated string (caller frees). */
char *rt_fuzz_cstr(const uint8_t *data, size_t size);

/* Writes data to a file of this process's own temporary folder, named
 * name, and returns its path (static storage, valid until the next call):
 * the readers under test take paths. */
const char *rt_fuzz_file(const char *name, const uint8_t *data, size_t size);

#endif
