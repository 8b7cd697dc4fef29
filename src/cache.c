/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Owns the snapshot. On each tick it starts every source of facts (the chrony
 * and timesyncd backends, systemd's unit states); when all have answered it
 * decides which daemons get a row, evaluates each, logs every change of a
 * verdict once, and publishes the new snapshot.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "chrony.h"
#include "detect.h"
#include "evaluate.h"
#include "log.h"
#include "units.h"
#include "util.h"
#ifdef HAVE_LIBSYSTEMD
#	include "bus.h"
#	include "timesyncd.h"
#endif

static struct cache cache;
static struct eval_limits limits;
static cache_updated_fn updated_cb;
static unsigned pending;		  /* sources still answering this refresh */
static bool enabled[DAEMON_TYPE_MAX + 1]; /* by the daemons directive */
/* this refresh's answers, until publish() evaluates them */
static struct daemon_status fresh[DAEMON_TYPE_MAX + 1];
static struct unit_state units[DAEMON_TYPE_MAX + 1];
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

/*
 * A daemon no backend reads (ntpd, ntpsec, openntpd, or one whose backend is
 * compiled out): running if a process or an active unit says so.
 */
static void
probe_status(struct daemon_status *d, enum daemon_type t, bool runs)
{
	status_clear(d);
	d->type = t;
	d->state = runs ? DAEMON_RUNNING : DAEMON_STOPPED;
	d->error = runs ? 0 : -ESRCH;
	snprintf(d->endpoint, sizeof(d->endpoint), "this host");
}

/* Every source has answered: decide the rows, evaluate, publish. */
static void
publish(void)
{
	static unsigned active_before;
	struct detect_result found;
	time_t now = time(NULL);
	unsigned active;

	detect_processes(&found);
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		struct daemon_status *d = &fresh[t];
		bool answered = d->type != 0;

		if (!enabled[t])
			continue;
		if (!answered)
			probe_status(d, (enum daemon_type)t,
			    found.running[t] || units[t].active);
		/* a stopped timesyncd whose unit is disabled: NTP is switched off */
		d->unit_disabled =
		    d->state == DAEMON_STOPPED && units[t].loaded && units[t].disabled;
		cache.present[t] = d->state == DAEMON_RUNNING || cache.configured[t] ||
		    found.running[t] || units[t].loaded ||
		    detect_installed((enum daemon_type)t);
		evaluate_daemon(d, &limits, now);
		if (cache.present[t])
			log_transition(&cache.daemons[t], d);
		status_clear(&cache.daemons[t]);
		cache.daemons[t] = *d;
		memset(d, 0, sizeof(*d));
	}

	active = cache_daemons_active(&cache);
	if (active == 0 && (!cache.refreshed || active_before > 0))
		log_warnx(
		    "no time daemon runs on this host: nothing keeps the clock in time "
		    "(looked for chronyd, systemd-timesyncd, ntpd, ntpsec, openntpd)");
	active_before = active;
	cache.refreshed = true;
	cache.refreshed_at = now;
	if (updated_cb)
		updated_cb(&cache);
}

static void
one_answered(void)
{
	if (pending > 0 && --pending == 0)
		publish();
}

static void
backend_done(struct daemon_status *st, void *userdata)
{
	struct daemon_status *d = &fresh[st->type];

	status_clear(d);
	*d = *st;
	memset(st, 0, sizeof(*st));
	one_answered();
}

#ifdef HAVE_LIBSYSTEMD
static void
units_done(const struct unit_state *states, void *userdata)
{
	memcpy(units, states, sizeof(units));
	one_answered();
}
#endif

int
cache_init(const struct conf *conf, cache_updated_fn updated)
{
	static const unsigned bits[DAEMON_TYPE_MAX + 1] = {
		[DAEMON_CHRONY] = CONF_DAEMON_CHRONY,
		[DAEMON_TIMESYNCD] = CONF_DAEMON_TIMESYNCD,
		[DAEMON_NTPD] = CONF_DAEMON_NTPD,
		[DAEMON_NTPSEC] = CONF_DAEMON_NTPSEC,
		[DAEMON_OPENNTPD] = CONF_DAEMON_OPENNTPD,
	};
	const char *const *addresses = conf_default_chrony_addresses;
	unsigned n = 0;
	int r;

	cache.refresh_s = conf->refresh_s;
	cache.offset_threshold_ms = conf->offset_threshold_ms;
	limits.max_root_distance_s = conf->max_root_distance_ms / 1000.0;
	limits.max_sync_age_s = conf->max_sync_age_s;
	updated_cb = updated;
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		enabled[t] = conf->daemons == 0 || (conf->daemons & bits[t]);
		/* asked for by name: its row shows even while it is down */
		cache.configured[t] = conf->daemons & bits[t];
	}
	cache.configured[DAEMON_CHRONY] |= conf->n_chrony_addresses > 0;

	if (enabled[DAEMON_CHRONY]) {
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
#ifdef HAVE_LIBSYSTEMD
	if (enabled[DAEMON_TIMESYNCD]) {
		r = timesyncd_client_new(&timesyncd);
		if (r < 0)
			return r;
	}
#else
	if (conf->daemons & CONF_DAEMON_TIMESYNCD)
		log_warnx("timesyncd: not compiled in (built without libsystemd)");
#endif
	return 0;
}

void
cache_fini(void)
{
	chrony = chrony_client_free(chrony);
#ifdef HAVE_LIBSYSTEMD
	timesyncd = timesyncd_client_free(timesyncd);
	units_fini();
	bus_close();
#endif
	for (int t = 0; t <= DAEMON_TYPE_MAX; t++) {
		status_clear(&cache.daemons[t]);
		status_clear(&fresh[t]);
	}
	memset(&cache, 0, sizeof(cache));
	memset(units, 0, sizeof(units));
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
	/* one count for this function, so that a source that finishes inside
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
	memset(units, 0, sizeof(units));
	if (units_systemd_runs()) {
		pending++;
		if (!units_start(units_done, NULL))
			pending--;
	}
#endif
	one_answered();
}

static void
earliest(uint64_t *deadline, uint64_t d)
{
	if (d && (!*deadline || d < *deadline))
		*deadline = d;
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
		earliest(&deadline, d);
	}
#ifdef HAVE_LIBSYSTEMD
	if (n < max) {
		short events;

		bus_poll_info(&fd, &events, &d);
		if (fd >= 0)
			fds[n++] = (struct pollfd) { .fd = fd, .events = events };
		earliest(&deadline, d);
	}
	if (timesyncd)
		earliest(&deadline, timesyncd_client_deadline(timesyncd));
	earliest(&deadline, units_deadline());
#endif
	*ret_deadline_us = deadline;
	return n;
}

void
cache_dispatch(uint64_t now_us)
{
	/* cheap when idle: each source checks its own socket and deadline */
	if (chrony)
		chrony_client_dispatch(chrony, now_us);
#ifdef HAVE_LIBSYSTEMD
	bus_dispatch();
	if (timesyncd)
		timesyncd_client_dispatch(timesyncd, now_us);
	units_dispatch(now_us);
#endif
}
