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
		[REASON_NAMES_UNRESOLVED] = "namesUnresolved",
		[REASON_SOURCES_OFFLINE] = "sourcesOffline",
		[REASON_SOURCES_UNSYNCHRONISED] = "sourcesUnsynchronised",
		[REASON_SOURCES_REFUSE] = "sourcesRefuse",
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
		    "%s does not answer on %s (%s): it may be hung or overloaded", name,
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
		if (d->type == DAEMON_NTPD || d->type == DAEMON_NTPSEC) {
			verdict(d, REASON_ACCESS_DENIED,
			    "%s refuses or drops the agent's mode 6 queries on %s (%s): add 'restrict 127.0.0.1' and 'restrict ::1' to ntp.conf",
			    name, d->endpoint, strerror(-d->error));
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
		    "%s on %s speaks control protocol version %d, and this agent reads version %d",
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
		    "the last clock update is older than maxSyncAge %u s: %s is no longer updating the clock",
		    max_age, name);
		return true;
	}
	distance = d->root_delay_s / 2 + d->root_dispersion_s;
	if (distance > limits->max_root_distance_s) {
		verdict(d, REASON_ROOT_DISTANCE_TOO_LARGE,
		    "the root distance exceeds maxRootDistance %.0f ms: the time source is too far away or too uncertain",
		    limits->max_root_distance_s * 1e3);
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

/* A kiss-o'-death that refuses the client: access denied, or rate limited. */
static bool
refusing(const struct source_status *s)
{
	return s->has_reply && s->reply_stratum == 0 &&
	    (strcmp(s->kiss_code, "DENY") == 0 || strcmp(s->kiss_code, "RSTR") == 0 ||
		strcmp(s->kiss_code, "RATE") == 0);
}

/* Answers, but not synchronised itself: leap 3, stratum 16 or more, or
 * stratum 0 with any other kiss code (e.g. INIT). */
static bool
unsynchronised(const struct source_status *s)
{
	return s->has_reply && !refusing(s) &&
	    (s->reply_leap == LEAP_UNSYNCHRONISED || s->reply_stratum == 0 ||
		s->reply_stratum >= 16);
}

/* "name (address)" of a source, or whichever is known. */
static void
format_one_source(const struct source_status *s, char *buf, size_t size)
{
	if (s->name[0] && s->address[0] && strcmp(s->name, s->address) != 0)
		snprintf(buf, size, "%s (%s)", s->name, s->address);
	else
		snprintf(buf, size, "%s", s->name[0] ? s->name : s->address);
}

/*
 * No source of chronyd's is reachable: tell why from what chronyd reports
 * besides reach, most specific first. ACTIVITY (any transport) says whether
 * the sources are offline or their names unresolved; the last reply of each
 * source (unix socket only) tells a refusing or unsynchronised server from
 * silence. Without the replies the text says so instead of guessing.
 */
static void
evaluate_chrony_silence(struct daemon_status *d)
{
	const struct source_status *refuser = NULL, *unsynced = NULL;
	unsigned n_refuse = 0, n_unsync = 0, n_known = 0, n_heard = 0;
	char who[STATUS_NAME_MAX + STATUS_ADDR_MAX + 4];

	if (d->has_activity && d->sources_online == 0 && d->sources_offline > 0) {
		verdict(d, REASON_SOURCES_OFFLINE,
		    "chronyd was told its sources are offline (%u of %u): 'chronyc online' resumes polling: check what sets them offline, such as a network dispatcher script",
		    d->sources_offline, d->n_sources);
		return;
	}
	for (unsigned i = 0; i < d->n_sources; i++) {
		const struct source_status *s = &d->sources[i];

		if (s->has_reply_counts)
			n_known++;
		if (s->has_reply_counts && s->rx_count > 0)
			n_heard++;
		if (refusing(s) && n_refuse++ == 0)
			refuser = s;
		if (unsynchronised(s) && n_unsync++ == 0)
			unsynced = s;
	}
	if (refuser) {
		format_one_source(refuser, who, sizeof(who));
		verdict(d, REASON_SOURCES_REFUSE,
		    "%u of chronyd's %u sources refuse it: %s answers with kiss-o'-death %s (%s)",
		    n_refuse, d->n_sources, who, refuser->kiss_code,
		    strcmp(refuser->kiss_code, "RATE") == 0 ?
			"rate limited: poll it less often" :
			"access denied: check that this host may use that server");
		return;
	}
	if (unsynced) {
		format_one_source(unsynced, who, sizeof(who));
		verdict(d, REASON_SOURCES_UNSYNCHRONISED,
		    "%u of chronyd's %u sources answer but are not synchronised themselves: %s sends leap %d, stratum %u: fix or replace those servers",
		    n_unsync, d->n_sources, who, (int)unsynced->reply_leap - 1,
		    unsynced->reply_stratum);
		return;
	}
	if (d->has_activity && d->sources_unresolved > 0) {
		verdict(d, REASON_NAMES_UNRESOLVED,
		    "chronyd cannot resolve %u of its %u source names: check that DNS works on this host",
		    d->sources_unresolved, d->n_sources);
		return;
	}
	if (n_known == 0 && d->replies_refused) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "none of chronyd's %u sources gives a usable reply (reach 0): outbound UDP port 123 may be blocked, or the servers refuse or are unsynchronised, and over UDP the agent cannot tell which: let it use chronyd's unix socket",
		    d->n_sources);
		return;
	}
	if (n_known == 0) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "none of chronyd's %u sources answers (reach 0): check that outbound UDP port 123 is not blocked",
		    d->n_sources);
		return;
	}
	if (n_heard > 0) {
		/* what they sent last looked fine: they answered once and have
		 * stopped since (the last reply is kept however old it is) */
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "none of chronyd's %u sources has answered its last 8 polls (reach 0): check that outbound UDP port 123 is not blocked and that the servers are up",
		    d->n_sources);
		return;
	}
	verdict(d, REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's %u sources answers (reach 0, nothing received): check that outbound UDP port 123 is not blocked",
	    d->n_sources);
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
		evaluate_chrony_silence(d);
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
		    "systemd-timesyncd is not using any of its %u servers: none resolves or answers: check DNS, and that outbound UDP port 123 is not blocked",
		    d->n_sources);
		return;
	}
	/* timesyncd drops an unsynchronised or kiss-o'-death reply without a
	 * trace on D-Bus: it looks the same as no reply at all */
	if (!d->has_last_reply) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "systemd-timesyncd has no usable reply yet from %s: outbound UDP port 123 may be blocked, or the server refuses or is unsynchronised (timesyncd does not tell which)",
		    who);
		return;
	}
	silent = difftime(now, d->last_reply.tv_sec);
	allowed = d->silence_allowed_s;
	if (allowed > 0 && silent > allowed) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "no reply from %s for more than 2 poll intervals of %.0f s: check that outbound UDP port 123 is not blocked",
		    who, ldexp(1.0, d->poll_log2));
		return;
	}
	evaluate_reference(d, limits, now, "systemd-timesyncd");
}

/*
 * The ntpd/NTPsec column: its associations' reach and selection first (leap,
 * stratum and refid stay as they were when the last source is lost), then
 * its refid for the local clock or orphan mode, then the shared checks.
 */
static void
evaluate_ntpd(struct daemon_status *d, const struct verdict_limits *limits, time_t now)
{
	const char *name = daemon_name(d->type);
	unsigned reachable = status_reachable_sources(d);

	if (d->n_sources == 0) {
		if (d->local_clock)
			verdict(d, REASON_LOCAL_CLOCK_ONLY,
			    "%s serves its own clock only (stratum %u) and has no NTP sources: add server or pool lines to ntp.conf",
			    name, d->stratum);
		else
			verdict(d, REASON_NO_SERVERS_CONFIGURED,
			    "%s has no NTP sources: add server or pool lines to ntp.conf",
			    name);
		return;
	}
	if (reachable == 0) {
		verdict(d, REASON_NO_REACHABLE_SOURCES,
		    "none of %s's %u associations answers (reach 0): check that outbound UDP port 123 is not blocked",
		    name, d->n_sources);
		return;
	}
	if (!status_selected_source(d)) {
		verdict(d, REASON_NO_SELECTABLE_SOURCE,
		    "%s reaches %u of %u associations but has no sys.peer (falsetickers, too few samples or too far away): check 'ntpq -c peers'",
		    name, reachable, d->n_sources);
		return;
	}
	if (d->local_clock) {
		verdict(d, REASON_LOCAL_CLOCK_ONLY,
		    "%s follows its own clock (local clock or orphan mode, stratum %u), not an NTP source",
		    name, d->stratum);
		return;
	}
	evaluate_reference(d, limits, now, name);
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
	case DAEMON_NTPD:
	case DAEMON_NTPSEC:
		evaluate_ntpd(d, limits, now);
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
	/* no live value in the text: it stays the same while the state holds
	 * (an NMS that makes a label of it sees one series, not one a poll) */
	verdict(d, REASON_NONE, "synchronised to %s, stratum %u", who, d->stratum);
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
