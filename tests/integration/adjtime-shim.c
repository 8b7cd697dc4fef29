/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test fixture, LD_PRELOADed into OpenNTPD by tests/integration/openntpd.sh:
 * without CAP_SYS_TIME OpenNTPD never calls itself synchronised, because it
 * marks the clock synced only after adjtime() succeeds. Here every adjustment
 * reports success and changes nothing; reading the kernel's state still
 * reaches the kernel, and setting the clock is refused. The host's clock is
 * never touched (the test also drops CAP_SYS_TIME, so a call that slipped
 * past the shim would fail with EPERM, not move the clock).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

int
adjtime(const struct timeval *delta, struct timeval *olddelta)
{
	(void)delta;
	/* no correction is ever pending: OpenNTPD reads this as "synced" */
	if (olddelta) {
		olddelta->tv_sec = 0;
		olddelta->tv_usec = 0;
	}
	return 0;
}

/* A read of the kernel's state (modes 0) is passed on; a change is not. */
static int
read_only_adjtimex(clockid_t clock, struct timex *tx)
{
	int (*real)(clockid_t, struct timex *) =
	    (int (*)(clockid_t, struct timex *))dlsym(RTLD_NEXT, "clock_adjtime");
	struct timex cur = { .modes = 0 };
	int r;

	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	if (tx->modes == 0)
		return real(clock, tx);
	r = real(clock, &cur);
	if (r < 0)
		return r;
	cur.modes = tx->modes;
	*tx = cur;
	return r;
}

int
adjtimex(struct timex *tx)
{
	return read_only_adjtimex(CLOCK_REALTIME, tx);
}

int
ntp_adjtime(struct timex *tx)
{
	return read_only_adjtimex(CLOCK_REALTIME, tx);
}

int
clock_adjtime(clockid_t clock, struct timex *tx)
{
	return read_only_adjtimex(clock, tx);
}

int
settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	(void)tv;
	(void)tz;
	errno = EPERM;
	return -1;
}

int
clock_settime(clockid_t clock, const struct timespec *ts)
{
	(void)clock;
	(void)ts;
	errno = EPERM;
	return -1;
}
