/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One tick: every backend starts into this refresh's findings; the last to
 * finish publishes. Publishing builds the next snapshot beside the current
 * one and swaps, so readers only ever see a whole snapshot.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collect.h"
#include "daemons.h"
#include "log.h"
#include "util.h"
#include "verdict.h"

#define MAX_BACKENDS 16

struct slot {
	const struct backend_ops *ops;
	void *state;
};

static struct slot slots[MAX_BACKENDS];
static unsigned n_slots;
static struct verdict_policy policy;
static collect_updated_fn updated_cb;
static unsigned pending; /* backends still answering this refresh */
static struct findings findings;
static struct snapshot snapshots[2];
static unsigned current; /* index of the published snapshot */
static bool warned_no_memory;
static bool none_before; /* the last refresh found no time daemon at all */

void
findings_clear(struct findings *f)
{
	for (int t = 0; t <= DAEMON_TYPE_MAX; t++)
		status_clear(&f->daemons[t]);
	memset(f, 0, sizeof(*f));
}

const struct snapshot *
collect_snapshot(void)
{
	return &snapshots[current];
}

static void
log_transition(const struct daemon_status *old, const struct daemon_status *new)
{
	const char *name = daemon_name(new->type);

	if (old->sync == new->sync && old->reason == new->reason)
		return;
	if (new->sync == SYNC_SYNCHRONIZED)
		log_notice("%s: %s", name, new->reason_text);
	else
		log_warnx("%s: not synchronised (%s): %s", name,
		    verdict_reason_name(new->reason), new->reason_text);
}

/* A backend that could not allocate: the last snapshot stays, whole. */
static bool
out_of_memory(const struct findings *f)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (f->daemons[t].error == -ENOMEM)
			return true;
	return false;
}

/* No daemon answers, refuses or hangs: none is there at all (a hung
 * chronyd is there, and its row says so). */
static bool
no_daemon_at_all(const struct snapshot *s)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (s->present[t] && s->daemons[t].state != DAEMON_STOPPED)
			return false;
	return true;
}

/* Every backend has answered: judge, log, publish. */
static void
publish(void)
{
	const struct snapshot *old = &snapshots[current];
	struct snapshot *next = &snapshots[!current];
	time_t now = time(NULL);
	bool none;

	if (out_of_memory(&findings)) {
		if (!warned_no_memory)
			log_err(
			    "out of memory during a refresh: serving the last snapshot");
		warned_no_memory = true;
		findings_clear(&findings);
		return;
	}
	warned_no_memory = false;
	memcpy(next->configured, policy.configured, sizeof(next->configured));
	next->refresh_s = old->refresh_s;
	next->offset_threshold_ms = old->offset_threshold_ms;
	next->kernel = findings.kernel;
	verdict_rows(&findings, &policy, now, next);
	none = no_daemon_at_all(next);
	findings_clear(&findings);
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (next->present[t])
			log_transition(&old->daemons[t], &next->daemons[t]);
	if (none && (!old->refreshed || !none_before))
		log_warnx(
		    "no time daemon runs on this host: nothing keeps the clock in time "
		    "(looked for chronyd, systemd-timesyncd, ntpd, ntpsec, openntpd)");
	none_before = none;
	next->refreshed = true;
	next->refreshed_at = now;
	current = !current;
	if (updated_cb)
		updated_cb(next);
}

static void
one_answered(void *userdata)
{
	if (pending > 0 && --pending == 0)
		publish();
}

int
collect_init(const struct conf *conf, const struct backend_ops *const *table,
    collect_updated_fn updated)
{
	int r;

	memset(&policy, 0, sizeof(policy));
	policy.limits.max_root_distance_s = conf->max_root_distance_ms / 1000.0;
	policy.limits.max_sync_age_s = conf->max_sync_age_s;
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		policy.enabled[t] =
		    conf->daemons == 0 || (conf->daemons & CONF_DAEMON_BIT(t));
		/* asked for by name: its row shows even while it is down */
		policy.configured[t] = conf->daemons & CONF_DAEMON_BIT(t);
	}
	policy.configured[DAEMON_CHRONY] |= conf->n_chrony_addresses > 0;
	for (int i = 0; i < 2; i++) {
		snapshots[i].refresh_s = conf->refresh_s;
		snapshots[i].offset_threshold_ms = conf->offset_threshold_ms;
	}
	updated_cb = updated;

	for (; *table; table++) {
		void *state = NULL;

		if (n_slots == MAX_BACKENDS)
			return -E2BIG;
		r = (*table)->init ? (*table)->init(conf, &state) : 1;
		if (r < 0) {
			log_err("%s: cannot set up: %s", (*table)->name, strerror(-r));
			return r;
		}
		if (r > 0)
			slots[n_slots++] = (struct slot) { *table, state };
	}
	return 0;
}

void
collect_fini(void)
{
	/* the last first: the bus goes after the backends that use it */
	while (n_slots > 0) {
		struct slot *s = &slots[--n_slots];

		if (s->ops->free)
			s->ops->free(s->state);
	}
	findings_clear(&findings);
	for (int i = 0; i < 2; i++) {
		for (int t = 0; t <= DAEMON_TYPE_MAX; t++)
			status_clear(&snapshots[i].daemons[t]);
		memset(&snapshots[i], 0, sizeof(snapshots[i]));
	}
	current = 0;
	pending = 0;
	none_before = false;
	warned_no_memory = false;
}

void
collect_refresh(void)
{
	if (pending > 0) {
		log_info("the previous refresh is still running; skipping this one");
		return;
	}
	findings_clear(&findings);
	/* one count for this function, so that a backend that finishes inside
	 * its start (ENOENT on a unix socket, say) cannot publish early */
	pending = 1;
	for (unsigned i = 0; i < n_slots; i++) {
		if (!slots[i].ops->start)
			continue;
		pending++;
		if (!slots[i].ops->start(slots[i].state, &findings, one_answered, NULL))
			pending--;
	}
	one_answered(NULL);
}

unsigned
collect_poll_fds(struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	uint64_t deadline = 0;
	unsigned n = 0;

	for (unsigned i = 0; i < n_slots; i++) {
		uint64_t d = 0;

		if (!slots[i].ops->poll_fds)
			continue;
		n += slots[i].ops->poll_fds(slots[i].state, fds + n, max - n, &d);
		if (d && (!deadline || d < deadline))
			deadline = d;
	}
	*ret_deadline_us = deadline;
	return n;
}

void
collect_dispatch(uint64_t now_us)
{
	/* cheap when idle: each backend checks its own socket and deadline */
	for (unsigned i = 0; i < n_slots; i++)
		if (slots[i].ops->dispatch)
			slots[i].ops->dispatch(slots[i].state, now_us);
}
