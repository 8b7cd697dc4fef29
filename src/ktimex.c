/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * adjtimex(2) with modes 0 needs no privilege and changes nothing. In a
 * container it describes the host's kernel.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>
#include <sys/timex.h>

#include "backend.h"
#include "ktimex.h"

int (*ktimex_adjtimex)(struct timex *buf) = adjtimex;

static uint32_t
clamp_us(long us)
{
	if (us < 0)
		return 0;
	return (unsigned long)us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
}

void
ktimex_map(const struct timex *t, struct kernel_time *ret)
{
	double unit = (t->status & STA_NANO) ? 1e-9 : 1e-6;

	memset(ret, 0, sizeof(*ret));
	ret->valid = true;
	ret->synced = t->maxerror < KTIMEX_SYNC_LIMIT_US;
	ret->maxerror_us = clamp_us(t->maxerror);
	ret->esterror_us = clamp_us(t->esterror);
	/* the kernel's offset is what it still has to add: positive when behind */
	ret->offset_s = -(double)t->offset * unit;
	ret->status = (uint32_t)t->status;
}

void
ktimex_read(struct kernel_time *ret)
{
	struct timex t;

	memset(&t, 0, sizeof(t));
	t.modes = 0;
	if (ktimex_adjtimex(&t) < 0) {
		memset(ret, 0, sizeof(*ret));
		return;
	}
	ktimex_map(&t, ret);
}

static bool
kernel_start(void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	ktimex_read(&f->kernel);
	done(userdata);
	return true;
}

const struct backend_ops kernel_backend = {
	.name = "kernel",
	.start = kernel_start,
};
