/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Owns the snapshot: starts a refresh of each backend on the timer, evaluates
 * what comes back, logs every change of a daemon's verdict once, and swaps the
 * result in.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "chrony.h"
#include "evaluate.h"
#include "log.h"
#include "util.h"

static struct cache cache;
static struct chrony_client *chrony;
static bool chrony_always_shown;
static struct eval_limits limits;
static cache_updated_fn updated_cb;
static unsigned pending; /* backends still answering this refresh */

const struct cache *
cache_get(void)
{
	return &cache;
}

enum daemon_type
cache_active_daemon(const struct cache *c)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (c->present[t] && c->daemons[t].state == DAEMON_RUNNING)
			return (enum daemon_type)t;
	return 0;
}

unsigned
cache_daemons_active(const struct cache *c)
{
	unsigned n = 0;

	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (c->present[t] && c->daemons[t].state == DAEMON_RUNNING)
			n++;
	return n;
}

/* Is chronyd installed here, though perhaps not running? */
static bool
chrony_installed(void)
{
	return access("/usr/sbin/chronyd", F_OK) == 0 ||
	    access("/usr/bin/chronyd", F_OK) == 0;
}

static void
log_transition(const struct daemon_status *old, const struct daemon_status *new)
{
	const char *name = status_daemon_name(new->type);

	if (old->sync == new->sync && old->reason == new->reason)
		return;
	if (new->sync == SYNC_SYNCHRONIZED)
		log_notice("%s: %s", name, new->reason_text);
	else
		log_warnx("%s: not synchronised (%s): %s", name,
		    evaluate_reason_name(new->reason), new->reason_text);
}

/* Every backend has answered: the new snapshot is complete. */
static void
publish(void)
{
	cache.refreshed = true;
	cache.refreshed_at = time(NULL);
	if (updated_cb)
		updated_cb(&cache);
}

static void
chrony_done(struct daemon_status *st, void *userdata)
{
	struct daemon_status *slot = &cache.daemons[DAEMON_CHRONY];

	evaluate_daemon(st, &limits, time(NULL));
	log_transition(slot, st);
	if (st->state == DAEMON_RUNNING || chrony_always_shown || chrony_installed())
		cache.present[DAEMON_CHRONY] = true;
	status_clear(slot);
	*slot = *st;
	memset(st, 0, sizeof(*st));

	if (pending > 0 && --pending == 0)
		publish();
}

int
cache_init(const struct conf *conf, cache_updated_fn updated)
{
	const char *const *addresses = conf_default_chrony_addresses;
	unsigned n = 0;
	int r;

	cache.refresh_s = conf->refresh_s;
	cache.offset_threshold_ms = conf->offset_threshold_ms;
	limits.max_root_distance_s = conf->max_root_distance_ms / 1000.0;
	limits.max_sync_age_s = conf->max_sync_age_s;
	updated_cb = updated;

	if (conf->daemons != 0 && !(conf->daemons & CONF_DAEMON_CHRONY))
		return 0;
	if (conf->n_chrony_addresses > 0) {
		addresses = (const char *const *)conf->chrony_addresses;
		n = conf->n_chrony_addresses;
	} else
		while (addresses[n])
			n++;
	/* asked for by name or address: show its row even while it is down */
	chrony_always_shown = conf->n_chrony_addresses > 0 || conf->daemons != 0;
	r = chrony_client_new(addresses, n, &chrony);
	if (r < 0)
		return r;
	return 0;
}

void
cache_fini(void)
{
	chrony = chrony_client_free(chrony);
	for (int t = 0; t <= DAEMON_TYPE_MAX; t++)
		status_clear(&cache.daemons[t]);
	memset(&cache, 0, sizeof(cache));
	pending = 0;
}

void
cache_refresh(void)
{
	if (pending > 0) {
		log_info("the previous refresh is still running; skipping this one");
		return;
	}
	ktimex_read(&cache.kernel);
	/* one count for this function, so that a backend that finishes inside
	 * its start (ENOENT on a unix socket, say) cannot publish early */
	pending = 1;
	if (chrony) {
		pending++;
		if (!chrony_client_start(chrony, chrony_done, NULL))
			pending--;
	}
	if (--pending == 0)
		publish();
}

void
cache_poll_info(int *ret_fd, uint64_t *ret_deadline_us)
{
	*ret_fd = -1;
	*ret_deadline_us = 0;
	if (chrony)
		chrony_client_poll_info(chrony, ret_fd, ret_deadline_us);
}

void
cache_dispatch(uint64_t now_us)
{
	if (chrony)
		chrony_client_dispatch(chrony, now_us);
}
