/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ownership and small queries of a snapshot.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

void
status_clear(struct daemon_status *d)
{
	free(d->sources);
	memset(d, 0, sizeof(*d));
}

unsigned
status_reachable_sources(const struct daemon_status *d)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->n_sources; i++)
		if (d->sources[i].reach != 0)
			n++;
	return n;
}

const struct source_status *
status_selected_source(const struct daemon_status *d)
{
	for (unsigned i = 0; i < d->n_sources; i++)
		if (d->sources[i].state == SOURCE_SELECTED)
			return &d->sources[i];
	return NULL;
}

enum daemon_state
status_state_of_error(int error)
{
	switch (error) {
	case -EACCES:
	case -EPERM:
		return DAEMON_ACCESS_DENIED;
	case -ETIMEDOUT:
	/* the agent's own reply socket cannot be made: chronyd may well run */
	case -EEXIST:
	case -EADDRINUSE:
		return DAEMON_UNREACHABLE;
	default:
		return DAEMON_STOPPED;
	}
}

const struct daemon_status *
snapshot_daemon(const struct snapshot *s, long t)
{
	if (t < 1 || t > DAEMON_TYPE_MAX || !s->present[t])
		return NULL;
	return &s->daemons[t];
}

const struct source_status *
snapshot_source(const struct snapshot *s, long t, long i)
{
	const struct daemon_status *d = snapshot_daemon(s, t);

	if (!d || i < 0 || (unsigned long)i >= d->n_sources)
		return NULL;
	return &d->sources[i];
}
