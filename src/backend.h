/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one shape of every source of facts: chronyd, timesyncd, systemd's unit
 * states, the process probe, the kernel. A backend is one file exporting one
 * struct backend_ops; the collector (collect.c) runs every backend of the
 * table in backends.c on each tick and never knows which is which. Adding a
 * daemon means one new file and one table entry.
 *
 * A refresh: start() begins filling the backend's part of struct findings and
 * calls done() exactly once when that part is complete, possibly before
 * start() returns. Meanwhile the main loop polls the fds and deadline that
 * poll_fds() gives and calls dispatch() when one is ready or due. No backend
 * call ever blocks.
 */
#ifndef SCOUT_BACKEND_H
#define SCOUT_BACKEND_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "ktimex.h"
#include "snapshot.h"

/* What systemd says of a daemon's unit, where systemd runs. */
struct unit_state {
	bool known;    /* systemd answered for a unit of this daemon */
	bool loaded;   /* LoadState loaded: installed */
	bool active;   /* ActiveState active, activating or reloading */
	bool disabled; /* UnitFileState disabled or masked */
	char unit[64]; /* the unit systemd answered for, e.g. "chrony.service" */
};

/* What the backends of one refresh found, each filling its own part; all
 * indexed by enum daemon_type. */
struct findings {
	struct daemon_status daemons[DAEMON_TYPE_MAX + 1]; /* .type set: read */
	struct unit_state units[DAEMON_TYPE_MAX + 1];
	bool process[DAEMON_TYPE_MAX + 1];   /* a process of it runs */
	bool installed[DAEMON_TYPE_MAX + 1]; /* its files are there */
	struct kernel_time kernel;
};

/* Frees what the daemons' parts own and zeroes f. */
void findings_clear(struct findings *f);

typedef void (*backend_done_fn)(void *userdata);

struct backend_ops {
	const char *name;
	/* Sets the backend up: 1 when it runs, 0 when the configuration
	 * leaves it nothing to do, or -errno. NULL: it always runs. */
	int (*init)(const struct conf *conf, void **ret_state);
	/* Starts a refresh into f (NULL: a backend that only serves others,
	 * such as the shared bus); false when the last one is still running. */
	bool (*start)(
	    void *state, struct findings *f, backend_done_fn done, void *userdata);
	/* Up to max fds to poll, and the earliest CLOCK_MONOTONIC deadline in
	 * microseconds (0: none). NULL: the backend never waits. */
	unsigned (*poll_fds)(
	    void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us);
	/* An fd was ready or the deadline passed: read, retry, or give up. */
	void (*dispatch)(void *state, uint64_t now_us);
	void (*free)(void *state);
};

/* For poll_fds(): fd (if any, and if there is room) as the one to poll. */
static inline unsigned
backend_poll_one(struct pollfd *fds, unsigned max, int fd, short events)
{
	if (fd < 0 || max == 0)
		return 0;
	fds[0] = (struct pollfd) { .fd = fd, .events = events };
	return 1;
}

/* The backends of this build, NULL-terminated (backends.c). */
extern const struct backend_ops *const backends[];

#endif
