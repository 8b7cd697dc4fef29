/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two scripted backends for the collector and MIB tests: each reports the
 * daemon status a test sets, at once or when the test says (fake_answer),
 * and is counted. They stand in for chronyd and timesyncd only where a test
 * needs states on demand (never answering, failing, out of memory); the
 * integration tests run the real daemons.
 */
#ifndef FAKE_BACKEND_H
#define FAKE_BACKEND_H

#include "backend.h"

#define FAKE_MAX_SOURCES 8

struct fake {
	enum daemon_type type;
	bool enabled;	   /* init says 1, else 0 */
	bool async;	   /* answer only on fake_answer() */
	bool busy;	   /* a refresh is in flight */
	uint64_t deadline; /* reported by poll_fds while busy */
	unsigned starts, dispatches;
	struct daemon_status report; /* what it reports; sources below */
	struct source_status sources[FAKE_MAX_SOURCES];
	unsigned n_sources;
	struct findings *findings;
	backend_done_fn done;
	void *userdata;
};

extern struct fake fake_chrony, fake_timesyncd;
extern const struct backend_ops fake_chrony_ops, fake_timesyncd_ops;

/* Both fakes enabled, synchronous, reporting a synchronised daemon with
 * n_sources reachable sources, the first selected. */
void fake_reset(void);
void fake_set_synced(struct fake *f, unsigned n_sources);
/* Ends the refresh in flight with what f->report says. */
void fake_answer(struct fake *f);

#endif
