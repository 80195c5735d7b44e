#include "clock.h"

time_t rt_clock_now(const rt_clock *c)
{
    return c && c->now ? c->now(c->ctx) : time(NULL);
}

double rt_clock_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
