/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's view of the clock, read with adjtimex(2) in read-only mode.
 * Shown as scoutNtpKernel*, never used to decide a daemon's verdict: it lags
 * hours behind a loss.
 */
#ifndef SCOUT_KTIMEX_H
#define SCOUT_KTIMEX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/timex.h>

struct backend_ops;

/* systemd's rule (time-util.c ntp_synced()): synchronised while the kernel's
 * maximum error is below 16 s, whatever STA_UNSYNC says. */
#define KTIMEX_SYNC_LIMIT_US 16000000L

struct kernel_time {
	bool valid;  /* adjtimex answered */
	bool synced; /* maxerror < 16 s */
	uint32_t maxerror_us;
	uint32_t esterror_us;
	double offset_s; /* positive: local clock ahead */
	uint32_t status; /* STA_* bits */
};

/* The seam tests replace; adjtimex(2) by default. */
extern int (*ktimex_adjtimex)(struct timex *buf);

/* Pure: a timex as returned by the kernel, to our units. */
void ktimex_map(const struct timex *t, struct kernel_time *ret);
/* Reads the kernel (modes 0: changes nothing); ret->valid says if it could. */
void ktimex_read(struct kernel_time *ret);

extern const struct backend_ops kernel_backend;

#endif
