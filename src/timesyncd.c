/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reads systemd-timesyncd's state from its D-Bus properties: one GetAll per
 * refresh, asynchronous, with auto-start off so that asking never starts
 * timesyncd. Every property is read with its expected signature; a value of
 * another type makes the whole reply rejected, never half-trusted.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <systemd/sd-bus.h>

#include "backend.h"
#include "sdbus.h"
#include "log.h"
#include "timesyncd.h"
#include "timesyncd_message.h"
#include "util.h"

#define TIMESYNC_SERVICE "org.freedesktop.timesync1"
#define TIMESYNC_PATH "/org/freedesktop/timesync1"
#define TIMESYNC_INTERFACE "org.freedesktop.timesync1.Manager"

enum server_list {
	LIST_SYSTEM,
	LIST_LINK,
	LIST_RUNTIME,
	LIST_FALLBACK,
	LIST_MAX,
};

static const char *const list_names[LIST_MAX] = {
	[LIST_SYSTEM] = "SystemNTPServers",
	[LIST_LINK] = "LinkNTPServers",
	[LIST_RUNTIME] = "RuntimeNTPServers",
	[LIST_FALLBACK] = "FallbackNTPServers",
};

/* What GetAll told, before it is mapped to a daemon_status. */
struct properties {
	char *server_name;
	int address_family;
	uint8_t address[16];
	size_t address_len;
	uint64_t poll_usec;
	bool has_poll;
	int64_t frequency;
	bool has_frequency;
	char **lists[LIST_MAX];
	struct ntp_message message;
	bool has_message;
};

struct timesyncd_client {
	sd_bus_slot *call;
	bool busy;
	uint64_t started_us; /* CLOCK_MONOTONIC */
	bool warned_malformed;
	struct findings *findings; /* of the refresh in flight */
	backend_done_fn done;
	void *userdata;
	struct daemon_status st;
};

/* How long the server in use may stay silent before it counts as lost
 * (0 while the poll interval is not known): timesyncd's own retry logic
 * gives up after TIMESYNCD_LOST_POLLS unanswered requests and a timeout. */
static double
silence_allowed_s(const struct daemon_status *d)
{
	return d->has_poll ?
	    TIMESYNCD_LOST_POLLS * ldexp(1.0, d->poll_log2) + TIMESYNCD_LOST_MARGIN_S :
	    0;
}

static void
properties_clear(struct properties *p)
{
	free(p->server_name);
	for (int i = 0; i < LIST_MAX; i++) {
		char **l = p->lists[i];
		for (size_t k = 0; l && l[k]; k++)
			free(l[k]);
		free(l);
	}
	memset(p, 0, sizeof(*p));
}

/* Reads one property's variant into p; -EBADMSG if it has another type. */
static int
read_property(sd_bus_message *m, const char *name, struct properties *p)
{
	const void *bytes;
	size_t len;
	int r;

	if (streq(name, "ServerName")) {
		const char *s;
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0 && !(p->server_name = strdup(s)))
			return -ENOMEM;
	} else if (streq(name, "ServerAddress")) {
		r = sd_bus_message_enter_container(m, 'v', "(iay)");
		if (r >= 0)
			r = sd_bus_message_enter_container(m, 'r', "iay");
		if (r >= 0)
			r = sd_bus_message_read(m, "i", &p->address_family);
		if (r >= 0)
			r = sd_bus_message_read_array(m, 'y', &bytes, &len);
		if (r >= 0 && len <= sizeof(p->address)) {
			memcpy(p->address, bytes, len);
			p->address_len = len;
		}
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	} else if (streq(name, "PollIntervalUSec")) {
		r = sd_bus_message_read(m, "v", "t", &p->poll_usec);
		p->has_poll = r >= 0;
	} else if (streq(name, "Frequency")) {
		r = sd_bus_message_read(m, "v", "x", &p->frequency);
		p->has_frequency = r >= 0;
	} else if (streq(name, "NTPMessage")) {
		struct ntp_message *n = &p->message;
		int spike = 0;

		r = sd_bus_message_enter_container(m, 'v', "(uuuuittayttttbtt)");
		if (r >= 0)
			r = sd_bus_message_enter_container(m, 'r', "uuuuittayttttbtt");
		if (r >= 0)
			r = sd_bus_message_read(m, "uuuuitt", &n->leap, &n->version,
			    &n->mode, &n->stratum, &n->precision, &n->root_delay_us,
			    &n->root_dispersion_us);
		if (r >= 0)
			r = sd_bus_message_read_array(m, 'y', &bytes, &len);
		if (r >= 0) {
			n->refid_len = len;
			memcpy(n->refid, bytes, len < 4 ? len : 4);
			r = sd_bus_message_read(m, "ttttbtt", &n->origin_us,
			    &n->receive_us, &n->transmit_us, &n->dest_us, &spike,
			    &n->packet_count, &n->jitter_us);
		}
		n->spike = spike;
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		p->has_message = r >= 0;
	} else {
		r = 0;
		for (int i = 0; i < LIST_MAX; i++) {
			if (!streq(name, list_names[i]))
				continue;
			r = sd_bus_message_enter_container(m, 'v', "as");
			if (r >= 0)
				r = sd_bus_message_read_strv(m, &p->lists[i]);
			if (r >= 0)
				r = sd_bus_message_exit_container(m);
			return r < 0 ? (r == -ENOMEM ? r : -EBADMSG) : 0;
		}
		return sd_bus_message_skip(m, "v") < 0 ? -EBADMSG : 0;
	}
	if (r == -ENOMEM)
		return r;
	return r < 0 ? -EBADMSG : 0;
}

static int
read_properties(sd_bus_message *m, struct properties *p)
{
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	if (r < 0)
		return -EBADMSG;
	while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		const char *name;

		if (sd_bus_message_read(m, "s", &name) < 0)
			return -EBADMSG;
		r = read_property(m, name, p);
		if (r < 0)
			return r;
		if (sd_bus_message_exit_container(m) < 0)
			return -EBADMSG;
	}
	if (r < 0 || !p->has_message ||
	    (p->has_message && !ntp_message_valid(&p->message)))
		return -EBADMSG;
	return 0;
}

static void
format_address(const struct properties *p, char *buf, size_t size)
{
	buf[0] = '\0';
	if ((p->address_family == AF_INET && p->address_len == 4) ||
	    (p->address_family == AF_INET6 && p->address_len == 16))
		inet_ntop(p->address_family, p->address, buf, (socklen_t)size);
}

/* The servers timesyncd chooses from: its configured lists, or the
 * fallback list when they are all empty, as timesyncd does. */
static char **
server_candidates(const struct properties *p, int *ret_list)
{
	for (int i = LIST_SYSTEM; i < LIST_FALLBACK; i++)
		if (p->lists[i] && p->lists[i][0]) {
			*ret_list = i;
			return p->lists[i];
		}
	*ret_list = LIST_FALLBACK;
	return p->lists[LIST_FALLBACK];
}

static int
fill_sources(
    struct daemon_status *st, const struct properties *p, bool replying, time_t now)
{
	char **servers;
	unsigned n = 0, count = 0;
	bool current_listed = false;
	int list;

	servers = server_candidates(p, &list);
	for (size_t i = 0; servers && servers[i]; i++)
		count++;
	/* the server in use may come from a list that changed since */
	for (size_t i = 0; servers && servers[i]; i++)
		if (p->server_name && streq(servers[i], p->server_name))
			current_listed = true;
	if (p->server_name && p->server_name[0] && !current_listed)
		count++;
	st->has_sources = true;
	if (count == 0)
		return 0;
	st->sources = calloc(count, sizeof(*st->sources));
	if (!st->sources)
		return -ENOMEM;
	for (size_t i = 0; servers && servers[i]; i++) {
		struct source_status *s = &st->sources[n++];
		snprintf(s->name, sizeof(s->name), "%s", servers[i]);
		s->mode = SOURCE_MODE_SERVER;
	}
	if (p->server_name && p->server_name[0] && !current_listed) {
		struct source_status *s = &st->sources[n++];
		snprintf(s->name, sizeof(s->name), "%s", p->server_name);
		s->mode = SOURCE_MODE_SERVER;
	}
	st->n_sources = n;

	/* only the server in use is known beyond its name */
	for (unsigned i = 0; i < n; i++) {
		struct source_status *s = &st->sources[i];
		const struct ntp_message *m = &p->message;
		struct ntp_sample sample;

		if (!p->server_name || !streq(s->name, p->server_name))
			continue;
		snprintf(s->address, sizeof(s->address), "%s", st->source_address);
		s->state = replying ? SOURCE_SELECTED : SOURCE_UNREACHABLE;
		if (m->packet_count == 0)
			continue;
		s->stratum = m->stratum;
		s->has_poll = st->has_poll;
		s->poll_log2 = st->poll_log2;
		s->has_last_rx = true;
		s->last_rx_age_s = now > (time_t)(m->dest_us / 1000000) ?
		    (uint32_t)(now - (time_t)(m->dest_us / 1000000)) :
		    0;
		ntp_message_sample(m, &sample);
		s->has_sample = sample.valid;
		s->offset_s = sample.offset_s;
		s->error_s = sample.root_distance_s;
	}
	return 0;
}

/* Maps what timesyncd told to the snapshot the evaluation and MIB read. */
static int
fill_status(struct daemon_status *st, const struct properties *p, time_t now)
{
	const struct ntp_message *m = &p->message;
	struct ntp_sample sample;
	struct stat sb;
	bool replying = false;

	st->state = DAEMON_RUNNING;
	snprintf(st->source_name, sizeof(st->source_name), "%s",
	    p->server_name ? p->server_name : "");
	format_address(p, st->source_address, sizeof(st->source_address));
	if (p->has_poll && p->poll_usec >= 1000000) {
		st->has_poll = true;
		st->poll_log2 = (int)floor(log2(p->poll_usec / 1e6));
	}
	if (m->packet_count > 0) {
		st->has_last_reply = true;
		st->last_reply.tv_sec = (time_t)(m->dest_us / 1000000);
		st->last_reply.tv_nsec = (long)(m->dest_us % 1000000) * 1000;
		/* the rule the verdict uses, so the row and its source agree */
		st->silence_allowed_s = silence_allowed_s(st);
		replying = st->source_address[0] &&
		    (st->silence_allowed_s == 0 ||
			difftime(now, st->last_reply.tv_sec) <= st->silence_allowed_s);

		st->has_tracking = true;
		ntp_message_sample(m, &sample);
		/* the host is one stratum below its server */
		st->stratum = m->stratum > 0 && m->stratum < 16 ? m->stratum + 1 : 0;
		st->leap = (enum leap_status)(m->leap + 1);
		st->root_delay_s = m->root_delay_us / 1e6;
		st->root_dispersion_s = m->root_dispersion_us / 1e6;
		st->has_offset = sample.valid;
		st->offset_s = sample.offset_s;
		if (p->address_family == AF_INET && p->address_len == 4)
			st->ref_id = (uint32_t)p->address[0] << 24 |
			    (uint32_t)p->address[1] << 16 |
			    (uint32_t)p->address[2] << 8 | p->address[3];
	}
	if (p->has_frequency && !m->spike) {
		st->has_freq = true;
		/* the kernel's correction: positive speeds up a clock that is slow */
		st->freq_ppm = -(double)p->frequency / 65536.0;
	}
	if (stat(TIMESYNCD_SYNCHRONIZED_FILE, &sb) == 0) {
		st->has_ref_time = true;
		st->ref_time = sb.st_mtim;
	} else if (st->has_last_reply && !m->spike) {
		/* a timesyncd without the file (older than 239, or no /run) */
		st->has_ref_time = true;
		st->ref_time = st->last_reply;
	}
	return fill_sources(st, p, replying, now);
}

static void
finish(struct timesyncd_client *c)
{
	struct daemon_status *out = &c->findings->daemons[DAEMON_TIMESYNCD];

	c->busy = false;
	status_clear(out);
	*out = c->st;
	memset(&c->st, 0, sizeof(c->st));
	c->findings = NULL;
	c->done(c->userdata);
}

/* A bus error as the daemon's state. */
static void
fail(struct timesyncd_client *c, const sd_bus_error *e, int error)
{
	if (e &&
	    (sd_bus_error_has_name(e, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
		sd_bus_error_has_name(e, SD_BUS_ERROR_NAME_HAS_NO_OWNER))) {
		c->st.state = DAEMON_STOPPED;
		c->st.error = -ESRCH;
	} else if (e && sd_bus_error_has_name(e, SD_BUS_ERROR_ACCESS_DENIED)) {
		c->st.state = DAEMON_ACCESS_DENIED;
		c->st.error = -EACCES;
	} else if (e &&
	    (sd_bus_error_has_name(e, SD_BUS_ERROR_NO_REPLY) ||
		sd_bus_error_has_name(e, SD_BUS_ERROR_TIMEOUT))) {
		c->st.state = DAEMON_UNREACHABLE;
		c->st.error = -ETIMEDOUT;
	} else {
		c->st.state = status_state_of_error(error);
		c->st.error = error;
	}
	if (e && e->message && c->st.state != DAEMON_STOPPED)
		log_info("timesyncd: %s: %s", e->name, e->message);
	finish(c);
}

static int
on_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct timesyncd_client *c = userdata;
	struct properties p = { 0 };
	int r;

	c->call = sd_bus_slot_unref(c->call);
	if (sd_bus_message_is_method_error(m, NULL)) {
		fail(c, sd_bus_message_get_error(m), -EIO);
		return 0;
	}
	r = read_properties(m, &p);
	if (r == -EBADMSG) {
		if (!c->warned_malformed)
			log_warnx("timesyncd: rejected malformed properties from %s",
			    TIMESYNC_SERVICE);
		c->warned_malformed = true;
		c->st.state = DAEMON_RUNNING;
		c->st.error = -EBADMSG;
	} else if (r < 0) {
		c->st.state = DAEMON_RUNNING;
		c->st.error = r;
	} else if (fill_status(&c->st, &p, time(NULL)) < 0) {
		c->st.error = -ENOMEM;
	}
	properties_clear(&p);
	finish(c);
	return 0;
}

static bool
timesyncd_start(void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct timesyncd_client *c = state;
	int r;

	if (c->busy)
		return false;
	status_clear(&c->st);
	c->st.type = DAEMON_TIMESYNCD;
	snprintf(c->st.endpoint, sizeof(c->st.endpoint), "%s on the system bus",
	    TIMESYNC_SERVICE);
	c->findings = f;
	c->done = done;
	c->userdata = userdata;
	c->busy = true;
	c->started_us = monotonic_us();

	r = bus_call_get_all(TIMESYNC_SERVICE, TIMESYNC_PATH, TIMESYNC_INTERFACE,
	    on_reply, c, (uint64_t)TIMESYNCD_TIMEOUT_MS * 1000, &c->call);
	if (r < 0) {
		snprintf(c->st.endpoint, sizeof(c->st.endpoint), "the system bus");
		fail(c, NULL, r);
	}
	return true;
}

/* sd-bus times the call out itself; this is the backstop should the
 * connection go away without answering it. */
static uint64_t
deadline(const struct timesyncd_client *c)
{
	return c->busy ? c->started_us + (TIMESYNCD_TIMEOUT_MS + 1000) * 1000ull : 0;
}

static unsigned
timesyncd_poll_fds(
    void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	/* the bus fd is sdbus's */
	*ret_deadline_us = deadline(state);
	return 0;
}

static void
timesyncd_dispatch(void *state, uint64_t now_us)
{
	struct timesyncd_client *c = state;

	if (!c->busy || now_us < deadline(c))
		return;
	c->call = sd_bus_slot_unref(c->call);
	fail(c, NULL, -ETIMEDOUT);
}

static int
timesyncd_init(const struct conf *conf, void **ret_state)
{
	struct timesyncd_client *c;

	if (conf->daemons && !(conf->daemons & CONF_DAEMON_TIMESYNCD))
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	*ret_state = c;
	return 1;
}

static void
timesyncd_free(void *state)
{
	struct timesyncd_client *c = state;

	c->call = sd_bus_slot_unref(c->call);
	status_clear(&c->st);
	free(c);
}

const struct backend_ops timesyncd_backend = {
	.name = "timesyncd",
	.init = timesyncd_init,
	.start = timesyncd_start,
	.poll_fds = timesyncd_poll_fds,
	.dispatch = timesyncd_dispatch,
	.free = timesyncd_free,
};
