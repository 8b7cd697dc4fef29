/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What "synchronised" means, from facts alone: every check in order, the
 * first that fails names the reason, with a line of text that says what to
 * fix. chronyd keeps leap "Normal" and its old reference after it loses its
 * only source, so the source states come before leap and age: they change
 * within a poll, the tracking data never does. Also which daemons get a row,
 * and the host's verdict. No backend or protocol header is included here.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "daemons.h"
#include "verdict.h"

static void verdict(struct daemon_status *d, enum sync_reason reason, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
verdict(struct daemon_status *d, enum sync_reason reason, const char *fmt, ...)
{
	va_list ap;

	d->reason = reason;
	d->sync = reason == REASON_NONE ? SYNC_SYNCHRONIZED : SYNC_UNSYNCHRONIZED;
	/* the daemon may well keep time; the agent just cannot tell */
	if (reason == REASON_UNSUPPORTED_DAEMON || reason == REASON_ACCESS_DENIED)
		d->sync = SYNC_UNKNOWN;
	va_start(ap, fmt);
	vsnprintf(d->reason_text, sizeof(d->reason_text), fmt, ap);
	va_end(ap);
}

const char *
verdict_reason_name(enum sync_reason reason)
{
	static const char *const names[] = {
		[REASON_NONE] = "none",
		[REASON_DAEMON_NOT_RUNNING] = "daemonNotRunning",
		[REASON_ACCESS_DENIED] = "accessDenied",
		[REASON_NTP_DISABLED] = "ntpDisabled",
		[REASON_NO_SERVERS_CONFIGURED] = "noServersConfigured",
		[REASON_NO_REACHABLE_SOURCES] = "noReachableSources",
		[REASON_NO_SELECTABLE_SOURCE] = "noSelectableSource",
		[REASON_LOCAL_CLOCK_ONLY] = "localClockOnly",
		[REASON_LEAP_UNSYNCHRONISED] = "leapUnsynchronised",
		[REASON_SOURCE_STALE] = "sourceStale",
		[REASON_ROOT_DISTANCE_TOO_LARGE] = "rootDistanceTooLarge",
		[REASON_UNSUPPORTED_DAEMON] = "unsupportedDaemon",
	};

	if (reason < REASON_NONE || reason > REASON_MAX)
		return "unknown";
	return names[reason];
}

unsigned
verdict_max_sync_age(const struct daemon_status *d, const struct verdict_limits *limits)
{
	double poll_s;

	if (limits->max_sync_age_s)
		return limits->max_sync_age_s;
	if (!d->has_poll)
		return VERDICT_MIN_AUTO_SYNC_AGE;
	poll_s = ldexp(1.0, d->poll_log2 < 30 ? d->poll_log2 : 30); /* 3 x 2^30 fits */
	return 3 * poll_s > VERDICT_MIN_AUTO_SYNC_AGE ? (unsigned)(3 * poll_s) :
							VERDICT_MIN_AUTO_SYNC_AGE;
}

static bool
evaluate_unreadable(struct daemon_status *d)
{
	const char *name = daemon_name(d->type);

	switch (d->state) {
	case DAEMON_RUNNING:
		break;
	case DAEMON_STOPPED:
		if (d->type == DAEMON_TIMESYNCD && d->unit_disabled) {
			verdict(d, REASON_NTP_DISABLED,
			    "systemd-timesyncd is disabled: network time is off (timedatectl set-ntp true turns it on)");
			return true;
		}
		verdict(d, REASON_DAEMON_NOT_RUNNING,
		    "%s is not running: nothing answers on %s (%s)", name, d->endpoint,
		    strerror(-d->error));
		return true;
	case DAEMON_UNREACHABLE:
		if (d->error == -EEXIST || d->error == -EADDRINUSE) {
			verdict(d, REASON_DAEMON_NOT_RUNNING,
			    "the agent cannot create its reply socket beside %s on %s: something else is at its path (%s)",
			    name, d->endpoint, strerror(-d->error));
			return true;
		}
		verdict(d, REASON_DAEMON_NOT_RUNNING,
		    "%s does not answer on %s (%s): is it hung or overloaded?", name,
		    d->endpoint, strerror(-d->error));
		return true;
	case DAEMON_ACCESS_DENIED:
		if (d->type == DAEMON_OPENNTPD) {
			/* its socket is root's (mode 0660, group root) */
			verdict(d, REASON_ACCESS_DENIED,
			    "OpenNTPD refuses the agent on %s (%s): its control socket is root's only, run the agent as root",
			    d->endpoint, strerror(-d->error));
			return true;
		}
		verdict(d, REASON_ACCESS_DENIED,
		    "%s refuses the agent on %s (%s): run the agent as root or %s's user, or use udp:127.0.0.1:323",
		    name, d->endpoint, strerror(-d->error), name);
		return true;
	}
	if (d->unread) {
		verdict(d, REASON_UNSUPPORTED_DAEMON,
		    "%s runs here, but this agent cannot read it yet", name);
		return true;
	}
	if (d->error == -EPROTONOSUPPORT) {
		verdict(d, REASON_UNSUPPORTED_DAEMON,
		    "%s on %s speaks control protocol version %d; this agent reads version %d",
		    name, d->endpoint, d->proto_version, d->proto_version_read);
		return true;
	}
	if (d->error != 0 || d->incomplete) {
		verdict(d, REASON_UNSUPPORTED_DAEMON,
		    "%s on %s answered, but not with the data this agent needs (%s)",
		    name, d->endpoint,
		    d->error ? strerror(-d->error) : "incomplete reply");
		return true;
	}
	return false;
}

/*
 * The checks every daemon shares once it has a source: leap status, age of
 * the last clock update, root distance. True when one failed.
 */
static bool
evaluate_reference(struct daemon_status *d, const struct verdict_limits *limits,
    time_t now, const char *name)
{
	unsigned max_age;
	double distance, age;

	if (d->leap == LEAP_UNSYNCHRONISED || d->no_reference) {
		verdict(d, REASON_LEAP_UNSYNCHRONISED,
		    "%s reports leap status 'not synchronised': it has not set the clock from any source yet",
		    name);
		return true;
	}
	max_age = verdict_max_sync_age(d, limits);
	if (!d->has_ref_time) {
		verdict(d, REASON_SOURCE_STALE,
		    "%s has not updated the clock since it started", name);
		return true;
	}
	age = difftime(now, d->ref_time.tv_sec);
	if (age > max_age) {
		verdict(d, REASON_SOURCE_STALE,
		    "the last clock update was %.0f s ago, more than maxSyncAge %u s: %s is no longer updating the clock",
		    age, max_age, name);
		return true;
	}
	distance = d->root_delay_s / 2 + d->root_dispersion_s;
	if (distance > limits->max_root_distance_s) {
		verdict(d, REASON_ROOT_DISTANCE_TOO_LARGE,
		    "root distance %.3f ms exceeds maxRootDistance %.0f ms: the time source is too far away or too uncertain",
		    distance * 1e3, limits->max_root_distance_s * 1e3);
		return true;
	}
	return false;
}

/* "name (address)", or whichever of the two is known. */
static void
format_source(const struct daemon_status *d, char *buf, size_t size)
{
	if (d->source_name[0] && d->source_address[0] &&
	    strcmp(d->source_name, d->source_address) != 0)
		snprintf(buf, size, "%s (%s)", d->source_name, d->source_address);
	else if (d->source_name[0])
		snprintf(buf, size, "%s", d->source_name);
	else if (d->source_address[0])
		snprintf(buf, size, "%s", d->source_address);
	else
		snprintf(buf, size, "refid %08X", (unsigned)d->ref_id);
}

/* The chrony column of the sync rules. */
static void
evaluate_chrony(
    struct daemon_status *d, const struct verdict_limits *limits, time_t now)
{
	unsigned reachable = status_reachable_sources(d);

	if (d->n_sources == 0) {
		if (d->local_clock)
			verdict(d, REASON_LOCAL_CLOCK_ONLY,
			    "chronyd serves its own clock only (local stratum %u) and has no NTP sources: add server or pool lines to chrony.conf",
			    d->stratum);
		else
			verdict(d, REASON_NO_SERVERS_CONFIGURED,
			    "chronyd has no NTP sources: add server or pool lines to chrony.conf");
		return;
	}
	if (reachable == 0) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "none of chronyd's %u sources answers (reach 0): is outbound UDP port 123 blocked?",
		    d->n_sources);
		return;
	}
	if (!status_selected_source(d)) {
		verdict(d, REASON_NO_SELECTABLE_SOURCE,
		    "chronyd reaches %u of %u sources but can select none (too few samples, falsetickers, jitter or no majority): check 'chronyc sources'",
		    reachable, d->n_sources);
		return;
	}
	if (d->local_clock && d->source_address[0] == '\0') {
		verdict(d, REASON_LOCAL_CLOCK_ONLY,
		    "chronyd has fallen back to its own clock (local stratum %u): its sources are too far away or too uncertain",
		    d->stratum);
		return;
	}
	evaluate_reference(d, limits, now, "chronyd");
}

/*
 * The timesyncd column: it has no "lost" flag, so a server silent for longer
 * than the backend allows (silence_allowed_s) is lost.
 */
static void
evaluate_timesyncd(
    struct daemon_status *d, const struct verdict_limits *limits, time_t now)
{
	char who[STATUS_NAME_MAX + STATUS_ADDR_MAX + 4];
	double silent, allowed;

	if (d->n_sources == 0) {
		verdict(d, REASON_NO_SERVERS_CONFIGURED,
		    "systemd-timesyncd has no NTP servers: set NTP= in /etc/systemd/timesyncd.conf, or get them from DHCP");
		return;
	}
	format_source(d, who, sizeof(who));
	if (!d->source_name[0] && !d->source_address[0]) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "systemd-timesyncd is not using any of its %u servers: none resolves or answers; is outbound UDP port 123 blocked?",
		    d->n_sources);
		return;
	}
	if (!d->has_last_reply) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "systemd-timesyncd has no reply yet from %s: is outbound UDP port 123 blocked?",
		    who);
		return;
	}
	silent = difftime(now, d->last_reply.tv_sec);
	allowed = d->silence_allowed_s;
	if (allowed > 0 && silent > allowed) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "no reply from %s for %.0f s (poll interval %.0f s): is outbound UDP port 123 blocked?",
		    who, silent, ldexp(1.0, d->poll_log2));
		return;
	}
	evaluate_reference(d, limits, now, "systemd-timesyncd");
}

/*
 * The OpenNTPD column. OpenNTPD never calls itself unsynchronised when its
 * peers fall silent, and a peer whose queries meet an ICMP error (a server
 * that is down: port unreachable) even stays "valid" while OpenNTPD waits
 * out its error back-off; the backend marks such a peer unreachable, with its
 * sample kept (has_sample: OpenNTPD still trusts it).
 */
static void
evaluate_openntpd(
    struct daemon_status *d, const struct verdict_limits *limits, time_t now)
{
	unsigned reachable = status_reachable_sources(d), still_trusted = 0;

	if (d->n_sources == 0) {
		verdict(d, REASON_NO_SERVERS_CONFIGURED,
		    "OpenNTPD has no peers: add server or servers lines to ntpd.conf");
		return;
	}
	if (reachable == 0) {
		for (unsigned i = 0; i < d->n_sources; i++)
			still_trusted += d->sources[i].has_sample;
		if (still_trusted)
			verdict(d, REASON_NO_REACHABLE_SOURCES,
			    "none of OpenNTPD's %u peers answers: the last query to %u of them failed (ICMP error: server down or no route) and OpenNTPD, which still counts them valid, waits 50-55 min before asking again",
			    d->n_sources, still_trusted);
		else
			verdict(d, REASON_NO_REACHABLE_SOURCES,
			    "none of OpenNTPD's %u peers is valid (no replies to its recent queries): is outbound UDP port 123 blocked?",
			    d->n_sources);
		return;
	}
	if (!status_selected_source(d)) {
		verdict(d, REASON_NO_SELECTABLE_SOURCE,
		    "OpenNTPD has %u valid peers of %u but its clock is not synchronised to any of them yet: check 'ntpctl -s all'",
		    reachable, d->n_sources);
		return;
	}
	evaluate_reference(d, limits, now, "OpenNTPD");
}

void
verdict_daemon(struct daemon_status *d, const struct verdict_limits *limits, time_t now)
{
	char who[STATUS_NAME_MAX + STATUS_ADDR_MAX + 4];

	d->reason = 0;
	if (evaluate_unreadable(d))
		return;
	switch (d->type) {
	case DAEMON_CHRONY:
		evaluate_chrony(d, limits, now);
		break;
	case DAEMON_TIMESYNCD:
		evaluate_timesyncd(d, limits, now);
		break;
	case DAEMON_OPENNTPD:
		evaluate_openntpd(d, limits, now);
		break;
	default:
		verdict(d, REASON_UNSUPPORTED_DAEMON,
		    "%s runs here, but this agent cannot read it yet",
		    daemon_name(d->type));
		break;
	}
	if (d->reason)
		return;
	format_source(d, who, sizeof(who));
	if (d->has_offset)
		verdict(d, REASON_NONE,
		    "synchronised to %s, stratum %u, offset %+.9f s", who, d->stratum,
		    d->offset_s);
	else
		verdict(
		    d, REASON_NONE, "synchronised to %s, stratum %u", who, d->stratum);
}

static bool
running(const struct snapshot *s, int t)
{
	return s->present[t] && s->daemons[t].state == DAEMON_RUNNING;
}

/* The daemon that runs the clock: the synchronised one of those running,
 * else the running one with the lowest type number. */
void
verdict_host(const struct snapshot *s, struct host_verdict *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		if (!running(s, t))
			continue;
		ret->daemons_active++;
		if (!ret->active ||
		    (s->daemons[t].sync == SYNC_SYNCHRONIZED &&
			s->daemons[ret->active].sync != SYNC_SYNCHRONIZED))
			ret->active = (enum daemon_type)t;
	}
	/* no daemon runs the clock: nothing keeps it synchronised */
	ret->sync = ret->active ? s->daemons[ret->active].sync : SYNC_UNSYNCHRONIZED;
}

/*
 * A daemon no backend read (ntpd, ntpsec, openntpd, or one whose backend is
 * compiled out): running if a process or an active unit says so.
 */
static void
probe_status(struct daemon_status *d, enum daemon_type t, bool runs)
{
	status_clear(d);
	d->type = t;
	d->state = runs ? DAEMON_RUNNING : DAEMON_STOPPED;
	d->error = runs ? 0 : -ESRCH;
	d->unread = runs;
	snprintf(d->endpoint, sizeof(d->endpoint), "this host");
}

void
verdict_rows(struct findings *f, const struct verdict_policy *policy, time_t now,
    struct snapshot *out)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		struct daemon_status *d = &f->daemons[t];
		const struct unit_state *u = &f->units[t];

		out->present[t] = false;
		if (!policy->enabled[t])
			continue;
		if (d->type == 0)
			probe_status(
			    d, (enum daemon_type)t, f->process[t] || u->active);
		/* a stopped timesyncd whose unit is disabled: NTP is switched off */
		d->unit_disabled =
		    d->state == DAEMON_STOPPED && u->loaded && u->disabled;
		out->present[t] = d->state == DAEMON_RUNNING || policy->configured[t] ||
		    f->process[t] || u->loaded || f->installed[t];
		verdict_daemon(d, &policy->limits, now);
		/* the row takes the daemon's part over, sources and all */
		status_clear(&out->daemons[t]);
		out->daemons[t] = *d;
		memset(d, 0, sizeof(*d));
	}
	verdict_host(out, &out->host);
}
