#include "clock.h"

time_t rt_clock_now(const rt_clock *c)
{
    return c && c->now ? c->now(c->ctx) : time(NULL);
}
