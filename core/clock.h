/* Wall-clock seconds, behind a pointer so that code which reasons about
 * elapsed time (the header cache's settle delay) can be tested by moving a
 * clock forward instead of sleeping. */
#ifndef RT_CLOCK_H
#define RT_CLOCK_H

#include <time.h>

typedef struct rt_clock {
    time_t (*now)(void *ctx);
    void *ctx; /* borrowed, passed to now */
} rt_clock;

/* c->now(c->ctx), or time(NULL) when c is NULL: production passes NULL. */
time_t rt_clock_now(const rt_clock *c);

/* Seconds since an arbitrary point (CLOCK_MONOTONIC), for durations. */
double rt_clock_monotonic(void);

#endif
