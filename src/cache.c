/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Owns the snapshot: on each tick starts every backend, and when all have
 * answered evaluates each daemon, logs every change of a verdict once, and
 * publishes the new snapshot. Which daemons get a row is decided here too.
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
#include "detect.h"
#include "evaluate.h"
#include "log.h"
#include "util.h"
#ifdef HAVE_LIBSYSTEMD
#	include "timesyncd.h"
#endif

static struct cache cache;
static struct eval_limits limits;
static cache_updated_fn updated_cb;
static unsigned pending; /* backends still answering this refresh */
static struct chrony_client *chrony;
#ifdef HAVE_LIBSYSTEMD
static struct timesyncd_client *timesyncd;
#endif

const struct cache *
cache_get(void)
{
	return &cache;
}

static bool
running(const struct cache *c, int t)
{
	return c->present[t] && c->daemons[t].state == DAEMON_RUNNING;
}

/* The daemon that runs the clock: the synchronised one of those running,
 * else the running one with the lowest type number. */
enum daemon_type
cache_active_daemon(const struct cache *c)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (running(c, t) && c->daemons[t].sync == SYNC_SYNCHRONIZED)
			return (enum daemon_type)t;
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (running(c, t))
			return (enum daemon_type)t;
	return 0;
}

unsigned
cache_daemons_active(const struct cache *c)
{
	unsigned n = 0;

	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (running(c, t))
			n++;
	return n;
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
	static unsigned active_before;
	struct detect_result found;
	unsigned active;

	/* daemons this agent cannot read still get a row saying so */
	detect_processes(&found);
	for (int t = DAEMON_NTPD; t <= DAEMON_TYPE_MAX; t++) {
		struct daemon_status *d = &cache.daemons[t];
		struct daemon_status probe = { .type = (enum daemon_type)t };

		cache.present[t] = found.running[t] || cache.configured[t];
		if (!cache.present[t])
			continue;
		probe.state = found.running[t] ? DAEMON_RUNNING : DAEMON_STOPPED;
		probe.error = found.running[t] ? 0 : -ESRCH;
		snprintf(probe.endpoint, sizeof(probe.endpoint), "this host");
		evaluate_daemon(&probe, &limits, time(NULL));
		log_transition(d, &probe);
		status_clear(d);
		*d = probe;
	}
	active = cache_daemons_active(&cache);
	if (active == 0 && (!cache.refreshed || active_before > 0))
		log_warnx(
		    "no time daemon runs on this host: nothing keeps the clock in time "
		    "(looked for chronyd, systemd-timesyncd, ntpd, ntpsec, openntpd)");
	active_before = active;
	cache.refreshed = true;
	cache.refreshed_at = time(NULL);
	if (updated_cb)
		updated_cb(&cache);
}

/* A backend's snapshot: evaluated, logged if its verdict changed, stored. */
static void
backend_done(struct daemon_status *st, void *userdata)
{
	struct daemon_status *slot = &cache.daemons[st->type];

	evaluate_daemon(st, &limits, time(NULL));
	log_transition(slot, st);
	cache.present[st->type] = st->state == DAEMON_RUNNING ||
	    cache.configured[st->type] || detect_installed(st->type);
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

	cache.configured[DAEMON_CHRONY] =
	    conf->n_chrony_addresses > 0 || (conf->daemons & CONF_DAEMON_CHRONY);
	cache.configured[DAEMON_TIMESYNCD] = conf->daemons & CONF_DAEMON_TIMESYNCD;
	cache.configured[DAEMON_NTPD] = conf->daemons & CONF_DAEMON_NTPD;
	cache.configured[DAEMON_NTPSEC] = conf->daemons & CONF_DAEMON_NTPSEC;
	cache.configured[DAEMON_OPENNTPD] = conf->daemons & CONF_DAEMON_OPENNTPD;

	if (conf->daemons == 0 || (conf->daemons & CONF_DAEMON_CHRONY)) {
		if (conf->n_chrony_addresses > 0) {
			addresses = (const char *const *)conf->chrony_addresses;
			n = conf->n_chrony_addresses;
		} else
			while (addresses[n])
				n++;
		r = chrony_client_new(addresses, n, &chrony);
		if (r < 0)
			return r;
	}
	if (conf->daemons == 0 || (conf->daemons & CONF_DAEMON_TIMESYNCD)) {
#ifdef HAVE_LIBSYSTEMD
		r = timesyncd_client_new(&timesyncd);
		if (r < 0)
			return r;
#else
		if (conf->daemons & CONF_DAEMON_TIMESYNCD)
			log_warnx(
			    "timesyncd: not compiled in (built without libsystemd)");
#endif
	}
	return 0;
}

void
cache_fini(void)
{
	chrony = chrony_client_free(chrony);
#ifdef HAVE_LIBSYSTEMD
	timesyncd = timesyncd_client_free(timesyncd);
#endif
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
		if (!chrony_client_start(chrony, backend_done, NULL))
			pending--;
	}
#ifdef HAVE_LIBSYSTEMD
	if (timesyncd) {
		pending++;
		if (!timesyncd_client_start(timesyncd, backend_done, NULL))
			pending--;
	}
#endif
	if (--pending == 0)
		publish();
}

unsigned
cache_poll_fds(struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	uint64_t deadline = 0, d;
	unsigned n = 0;
	int fd;

	if (chrony && n < max) {
		chrony_client_poll_info(chrony, &fd, &d);
		if (fd >= 0)
			fds[n++] = (struct pollfd) { .fd = fd, .events = POLLIN };
		if (d && (!deadline || d < deadline))
			deadline = d;
	}
#ifdef HAVE_LIBSYSTEMD
	if (timesyncd && n < max) {
		short events;

		timesyncd_client_poll_info(timesyncd, &fd, &events, &d);
		if (fd >= 0)
			fds[n++] = (struct pollfd) { .fd = fd, .events = events };
		if (d && (!deadline || d < deadline))
			deadline = d;
	}
#endif
	*ret_deadline_us = deadline;
	return n;
}

void
cache_dispatch(const struct pollfd *fds, unsigned n, uint64_t now_us)
{
	/* cheap when idle: each backend checks its own socket and deadline */
	if (chrony)
		chrony_client_dispatch(chrony, now_us);
#ifdef HAVE_LIBSYSTEMD
	if (timesyncd)
		timesyncd_client_dispatch(timesyncd);
#endif
}
