/* The ini reader (core/config.c through libinih) on any file content. */
#include "config.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = rt_fuzz_file("retort.ini", data, size);
    rt_error err;
    rt_config *cfg = NULL;
    if (rt_config_load(&cfg, path, &err) == RT_OK) {
        rt_config_pick_url(cfg, NULL);
        rt_config_free(cfg);
    }
    return 0;
}
