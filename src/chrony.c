/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The chronyd backend in bursts of requests that do not depend on each other:
 * TRACKING, N_SOURCES and a SOURCE_DATA for each source the last refresh saw
 * (more once N_SOURCES says there are more; NOSUCHSOURCE for those that went
 * away) and ACTIVITY, then NTP_SOURCE_NAME for the names not yet known and
 * NTP_DATA for each NTP source (unless this address refused it before, as
 * chronyd does over UDP). At most
 * CHRONY_WINDOW requests are in flight (a unix socket's queue is short);
 * replies are matched by sequence number, decoded by chrony_proto.c and never
 * trusted unchecked. The replies to a burst are read together
 * CHRONY_GATHER_US after it, so that a refresh costs the agent two wake-ups:
 * the timer, and the replies.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "address.h"
#include "backend.h"
#include "chrony.h"
#include "daemons.h"
#include "chrony_facts.h"
#include "chrony_proto.h"
#include "log.h"
#include "udp_socket.h"
#include "util.h"

enum phase {
	PHASE_IDLE,
	PHASE_HEAD,  /* TRACKING, N_SOURCES, SOURCE_DATA of every source */
	PHASE_NAMES, /* NTP_SOURCE_NAME of the sources not named yet */
};

enum request_kind {
	KIND_TRACKING,
	KIND_N_SOURCES,
	KIND_SOURCE_DATA,
	KIND_SOURCE_NAME,
	KIND_ACTIVITY, /* for the diagnosis only, as is NTP_DATA */
	KIND_NTP_DATA,
};

struct request {
	enum request_kind kind;
	unsigned index; /* the source it is about */
	uint32_t seq;	/* of the attempt in flight */
	unsigned attempt;
	uint64_t deadline_us;
};

struct name_entry {
	struct chrony_addr addr;
	char name[STATUS_NAME_MAX];
};

struct chrony_client {
	char **addresses;
	unsigned n_addresses;
	unsigned good;	  /* index of the address that answered last */
	unsigned current; /* index being tried in this refresh */
	unsigned tried;	  /* addresses tried in this refresh */

	int fd;
	char local_path[sizeof(((struct sockaddr_un *)0)->sun_path)];

	/* the requests of the phase, sent in order, CHRONY_WINDOW at most in
	 * flight (their indices in flight[]) */
	enum phase phase;
	struct request *requests;
	unsigned n_requests, requests_cap;
	unsigned next_unsent, n_done;
	unsigned flight[CHRONY_WINDOW], n_flight;
	uint64_t gather_until_us; /* the replies to a burst are read then */
	bool warned_bad_reply;
	bool warned_in_the_way;	 /* the reply socket's path is taken */
	uint32_t warned_sources; /* the oversized count last warned about */

	/* results of this refresh */
	struct daemon_status st;
	struct chrony_tracking tracking;
	struct chrony_source *sources; /* capacity entries, n_sources used */
	uint32_t n_sources, capacity;
	unsigned n_asked;	      /* SOURCE_DATA asked for the indices below */
	unsigned first_gone;	      /* sources from here went away meanwhile */
	struct name_entry *names;     /* names[i] belongs to sources[i] */
	struct chrony_reply *replies; /* replies[i] belongs to sources[i] */
	struct chrony_activity activity;
	bool has_activity;
	/* the address (index) that refused NTP_DATA: not asked again */
	int refuses_ntp_data;
	int worst_error; /* of the addresses that failed */
	enum daemon_state worst_state;

	/* names from the previous refresh, to ask only for new sources */
	struct name_entry *known_names;
	unsigned n_known_names;

	chrony_done_fn done;
	void *userdata;
};

static uint32_t
next_seq(void)
{
	static uint32_t state;

	if (state == 0)
		state = (uint32_t)getpid() ^ (uint32_t)monotonic_us() ^ 0x9e3779b9u;
	/* xorshift32: unpredictable enough to tell our replies from stale ones */
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

int
chrony_client_new(
    const char *const *addresses, unsigned n_addresses, struct chrony_client **ret)
{
	struct chrony_client *c;

	if (n_addresses == 0)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fd = -1;
	c->refuses_ntp_data = -1;
	c->addresses = calloc(n_addresses, sizeof(*c->addresses));
	if (!c->addresses) {
		free(c);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < n_addresses; i++) {
		c->addresses[i] = strdup(addresses[i]);
		c->n_addresses = i + 1;
		if (!c->addresses[i]) {
			chrony_client_free(c);
			return -ENOMEM;
		}
	}
	*ret = c;
	return 0;
}

static void
close_socket(struct chrony_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (c->local_path[0])
		unlink(c->local_path);
	c->local_path[0] = '\0';
}

static void
begin_phase(struct chrony_client *c, enum phase phase)
{
	c->phase = phase;
	c->n_requests = c->n_flight = c->next_unsent = c->n_done = 0;
}

/* Forgets what this address told so far. */
static void
drop_results(struct chrony_client *c)
{
	free(c->sources);
	free(c->names);
	free(c->replies);
	c->sources = NULL;
	c->names = NULL;
	c->replies = NULL;
	c->has_activity = false;
	c->n_sources = c->capacity = c->n_asked = 0;
	c->first_gone = UINT_MAX;
	begin_phase(c, PHASE_IDLE);
}

static void
reset_refresh(struct chrony_client *c)
{
	status_clear(&c->st);
	drop_results(c);
}

struct chrony_client *
chrony_client_free(struct chrony_client *c)
{
	if (!c)
		return NULL;
	close_socket(c);
	reset_refresh(c);
	for (unsigned i = 0; i < c->n_addresses; i++)
		free(c->addresses[i]);
	free(c->addresses);
	free(c->requests);
	free(c->known_names);
	free(c);
	return NULL;
}

/*
 * The agent's reply socket, next to chronyd's as chronyc's is: nothing that
 * is already at its path is removed or followed, except a socket of our own
 * (an earlier agent of the same pid). Its mode comes from the umask around
 * bind(), never from a chmod() that would follow a symlink put there.
 */
static int
bind_reply_socket(int fd, const struct sockaddr_un *local, bool *ret_in_the_way)
{
	struct stat st;
	mode_t saved;
	int r = 0;

	*ret_in_the_way = false;
	if (lstat(local->sun_path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid()) {
			*ret_in_the_way = true;
			return -EEXIST;
		}
		if (unlink(local->sun_path) < 0)
			return -errno;
	}
	/* chronyd runs as its own user: it must be able to send to us */
	saved = umask(0111);
	if (bind(fd, (const struct sockaddr *)local, sizeof(*local)) < 0)
		r = -errno;
	umask(saved);
	/* bind() never replaces what appeared there meanwhile */
	if (r == -EADDRINUSE)
		*ret_in_the_way = true;
	return r;
}

static int
open_unix(struct chrony_client *c, const char *path)
{
	struct sockaddr_un server = { .sun_family = AF_UNIX };
	struct sockaddr_un local = { .sun_family = AF_UNIX };
	_cleanup_free_ char *dir_copy = NULL;
	bool in_the_way;
	int fd, r;

	if (strlen(path) >= sizeof(server.sun_path))
		return -ENAMETOOLONG;
	strcpy(server.sun_path, path);
	dir_copy = strdup(path);
	if (!dir_copy)
		return -ENOMEM;
	if (snprintf(local.sun_path, sizeof(local.sun_path),
		"%s/scout-ntp-agent.%ld.sock", dirname(dir_copy),
		(long)getpid()) >= (int)sizeof(local.sun_path))
		return -ENAMETOOLONG;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = bind_reply_socket(fd, &local, &in_the_way);
	if (r < 0) {
		if (in_the_way && !c->warned_in_the_way)
			log_warnx("chronyd: cannot create the agent's reply socket %s: "
				  "something else is there (left as it is)",
			    local.sun_path);
		c->warned_in_the_way = in_the_way;
		close(fd);
		return r;
	}
	c->warned_in_the_way = false;
	strcpy(c->local_path, local.sun_path);
	c->fd = fd;
	if (connect(fd, (struct sockaddr *)&server, sizeof(server)) < 0) {
		r = -errno;
		close_socket(c);
		return r;
	}
	return 0;
}

static int
open_socket(struct chrony_client *c)
{
	struct address a;
	char *msg = NULL;
	int r;

	if (c->fd >= 0)
		return 0;
	/* the one parser the configuration used too */
	r = address_parse_chrony(c->addresses[c->current], &a, &msg);
	free(msg);
	if (r < 0)
		return -EINVAL;
	if (a.transport == ADDRESS_UNIX)
		return open_unix(c, a.path);
	r = udp_socket_connect(&a);
	if (r < 0)
		return r;
	c->fd = r;
	return 0;
}

static ssize_t
encode(
    const struct chrony_client *c, const struct request *r, uint8_t *buf, size_t size)
{
	switch (r->kind) {
	case KIND_TRACKING:
		return chrony_encode_tracking(buf, size, r->seq);
	case KIND_N_SOURCES:
		return chrony_encode_n_sources(buf, size, r->seq);
	case KIND_SOURCE_DATA:
		return chrony_encode_source_data(buf, size, r->seq, (int32_t)r->index);
	case KIND_SOURCE_NAME:
		return chrony_encode_ntp_source_name(
		    buf, size, r->seq, &c->sources[r->index].addr);
	case KIND_ACTIVITY:
		return chrony_encode_activity(buf, size, r->seq);
	case KIND_NTP_DATA:
		return chrony_encode_ntp_data(
		    buf, size, r->seq, &c->sources[r->index].addr);
	}
	return -EINVAL;
}

/* Sends one attempt of r with a fresh sequence number, so that a late reply
 * to an earlier attempt is told apart. A full socket buffer is as good as a
 * lost datagram: the deadline retries it. */
static int
send_attempt(struct chrony_client *c, struct request *r, uint64_t now_us)
{
	uint8_t buf[CHRONY_MAX_REQUEST];
	ssize_t n;

	r->seq = next_seq();
	r->attempt++;
	r->deadline_us = now_us + CHRONY_TIMEOUT_MS * 1000u;
	n = encode(c, r, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (send(c->fd, buf, (size_t)n, 0) < 0 && errno != EAGAIN &&
	    errno != EWOULDBLOCK && errno != ENOBUFS)
		return -errno;
	return 0;
}

/* Fills the window with requests not sent yet. */
static int
pump(struct chrony_client *c)
{
	uint64_t now = monotonic_us();
	int r;

	while (c->n_flight < CHRONY_WINDOW && c->next_unsent < c->n_requests) {
		r = send_attempt(c, &c->requests[c->next_unsent], now);
		if (r < 0)
			return r;
		c->flight[c->n_flight++] = c->next_unsent++;
		c->gather_until_us = now + CHRONY_GATHER_US;
	}
	return 0;
}

/* Room for n sources; the ones decoded so far are kept. */
static int
grow_sources(struct chrony_client *c, uint32_t n)
{
	struct chrony_source *s;
	struct name_entry *names;
	struct chrony_reply *replies;

	if (n <= c->capacity)
		return 0;
	s = reallocarray(c->sources, n, sizeof(*s));
	if (!s)
		return -ENOMEM;
	c->sources = s;
	names = reallocarray(c->names, n, sizeof(*names));
	if (!names)
		return -ENOMEM;
	c->names = names;
	replies = reallocarray(c->replies, n, sizeof(*replies));
	if (!replies)
		return -ENOMEM;
	c->replies = replies;
	memset(c->sources + c->capacity, 0, (n - c->capacity) * sizeof(*s));
	memset(c->names + c->capacity, 0, (n - c->capacity) * sizeof(*names));
	memset(c->replies + c->capacity, 0, (n - c->capacity) * sizeof(*replies));
	c->capacity = n;
	return 0;
}

static bool
add_request(struct chrony_client *c, enum request_kind kind, unsigned index)
{
	if (c->n_requests == c->requests_cap) {
		unsigned cap = c->requests_cap ? 2 * c->requests_cap : 4;
		struct request *r = reallocarray(c->requests, cap, sizeof(*r));

		if (!r)
			return false;
		c->requests = r;
		c->requests_cap = cap;
	}
	c->requests[c->n_requests++] =
	    (struct request) { .kind = kind, .index = index };
	return true;
}

static int
state_rank(enum daemon_state s)
{
	switch (s) {
	case DAEMON_STOPPED:
		return 1;
	case DAEMON_UNREACHABLE:
		return 2;
	case DAEMON_ACCESS_DENIED:
		return 3;
	case DAEMON_RUNNING:
		return 4;
	}
	return 0;
}

static void
append_endpoint(struct chrony_client *c, const char *address)
{
	size_t used = strlen(c->st.endpoint);

	snprintf(c->st.endpoint + used, sizeof(c->st.endpoint) - used, "%s%s",
	    used ? ", " : "", address);
}

static void finish(struct chrony_client *c);
static int try_address(struct chrony_client *c);

/* The current address failed: remember why, and go on to the next one. */
static void
fail_address(struct chrony_client *c, int error)
{
	enum daemon_state s = status_state_of_error(error);

	close_socket(c);
	/* what this address told us so far is not to be mixed with the next one */
	drop_results(c);
	c->st.state = 0;
	c->st.error = 0;
	if (state_rank(s) > state_rank(c->worst_state)) {
		c->worst_state = s;
		c->worst_error = error;
	}
	c->tried++;
	if (c->tried >= c->n_addresses) {
		c->st.state = c->worst_state;
		c->st.error = c->worst_error;
		finish(c);
		return;
	}
	c->current = (c->current + 1) % c->n_addresses;
	try_address(c);
}

/* SOURCE_DATA for the sources from n_asked up to n. */
static int
ask_sources(struct chrony_client *c, uint32_t n)
{
	int r = grow_sources(c, n);

	for (; r >= 0 && c->n_asked < n; c->n_asked++)
		if (!add_request(c, KIND_SOURCE_DATA, c->n_asked))
			r = -ENOMEM;
	return r;
}

/* The first burst: the sources the last refresh saw are asked at once. */
static int
begin_refresh(struct chrony_client *c)
{
	int r;

	begin_phase(c, PHASE_HEAD);
	if (!add_request(c, KIND_TRACKING, 0) || !add_request(c, KIND_N_SOURCES, 0) ||
	    !add_request(c, KIND_ACTIVITY, 0))
		return -ENOMEM;
	r = ask_sources(c, c->n_known_names);
	return r < 0 ? r : pump(c);
}

/* Returns < 0 when the refresh ended here. */
static int
try_address(struct chrony_client *c)
{
	int r;

	append_endpoint(c, c->addresses[c->current]);
	r = open_socket(c);
	if (r >= 0)
		r = begin_refresh(c);
	if (r < 0) {
		fail_address(c, r);
		return r;
	}
	return 0;
}

bool
chrony_client_start(struct chrony_client *c, chrony_done_fn done, void *userdata)
{
	if (c->phase != PHASE_IDLE)
		return false;
	reset_refresh(c);
	c->st.type = DAEMON_CHRONY;
	c->done = done;
	c->userdata = userdata;
	c->current = c->good;
	c->tried = 0;
	c->worst_state = 0;
	c->worst_error = 0;
	c->warned_bad_reply = false;
	try_address(c);
	return true;
}

void
chrony_client_poll_info(
    const struct chrony_client *c, int *ret_fd, uint64_t *ret_deadline_us)
{
	uint64_t deadline = 0;
	bool gathering;

	for (unsigned i = 0; i < c->n_flight; i++) {
		uint64_t d = c->requests[c->flight[i]].deadline_us;

		if (!deadline || d < deadline)
			deadline = d;
	}
	/* while the replies to a burst come in, wake once for all of them */
	gathering = c->n_flight > 0 && monotonic_us() < c->gather_until_us;
	if (gathering && c->gather_until_us < deadline)
		deadline = c->gather_until_us;
	*ret_fd = c->phase != PHASE_IDLE && !gathering ? c->fd : -1;
	*ret_deadline_us = c->phase != PHASE_IDLE ? deadline : 0;
}

static bool
same_addr(const struct chrony_addr *a, const struct chrony_addr *b)
{
	return a->family == b->family && a->id == b->id &&
	    memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

/* The name source i had last time: sources keep their order, so the same
 * index is tried first and the lookup stays linear in the sources. */
static const char *
lookup_known_name(
    const struct chrony_client *c, unsigned i, const struct chrony_addr *addr)
{
	if (i < c->n_known_names && same_addr(&c->known_names[i].addr, addr))
		return c->known_names[i].name;
	for (unsigned k = 0; k < c->n_known_names; k++)
		if (same_addr(&c->known_names[k].addr, addr))
			return c->known_names[k].name;
	return NULL;
}

/* A source needs NTP_SOURCE_NAME only if it is an NTP source we have not named. */
static bool
needs_name(struct chrony_client *c, unsigned i)
{
	const struct chrony_source *s = &c->sources[i];
	const char *known;

	if (s->mode == CHRONY_MODE_REF) {
		/* a refclock's "address" is its refid: four printable bytes */
		char *name = c->names[i].name;
		unsigned n = 0;
		for (unsigned k = 0; k < 4; k++)
			if (s->addr.bytes[k] >= 0x20 && s->addr.bytes[k] < 0x7f)
				name[n++] = (char)s->addr.bytes[k];
		name[n] = '\0';
		return false;
	}
	/* an unresolved source (an ID) has its name too: chronyd tells it */
	if (s->addr.family != CHRONY_FAMILY_INET4 &&
	    s->addr.family != CHRONY_FAMILY_INET6 && s->addr.family != CHRONY_FAMILY_ID)
		return false;
	known = lookup_known_name(c, i, &s->addr);
	if (known) {
		snprintf(c->names[i].name, sizeof(c->names[i].name), "%s", known);
		return false;
	}
	return true;
}

/* The phase after the one whose replies are all in. */
static int
next_phase(struct chrony_client *c)
{
	switch (c->phase) {
	case PHASE_HEAD:
		/* a source that went away between N_SOURCES and now ends the list */
		if (c->first_gone < c->n_sources)
			c->n_sources = c->first_gone;
		begin_phase(c, PHASE_NAMES);
		for (unsigned i = 0; i < c->n_sources; i++) {
			memcpy(&c->names[i].addr, &c->sources[i].addr,
			    sizeof(c->names[i].addr));
			if (needs_name(c, i) && !add_request(c, KIND_SOURCE_NAME, i))
				return -ENOMEM;
			if (c->refuses_ntp_data != (int)c->current &&
			    chrony_facts_has_reply(&c->sources[i]) &&
			    !add_request(c, KIND_NTP_DATA, i))
				return -ENOMEM;
		}
		if (c->n_requests == 0)
			break;
		return pump(c);
	case PHASE_NAMES:
	case PHASE_IDLE:
		break;
	}
	finish(c);
	return 0;
}

static void
map_source(const struct chrony_source *in, const char *name, struct source_status *out)
{
	static const enum source_state states[] = {
		[CHRONY_SRC_SELECTED] = SOURCE_SELECTED,
		[CHRONY_SRC_NONSELECTABLE] = SOURCE_NONSELECTABLE,
		[CHRONY_SRC_FALSETICKER] = SOURCE_FALSETICKER,
		[CHRONY_SRC_JITTERY] = SOURCE_JITTERY,
		[CHRONY_SRC_UNSELECTED] = SOURCE_COMBINED,
		[CHRONY_SRC_SELECTABLE] = SOURCE_SELECTABLE,
	};
	static const enum source_mode modes[] = {
		[CHRONY_MODE_CLIENT] = SOURCE_MODE_SERVER,
		[CHRONY_MODE_PEER] = SOURCE_MODE_PEER,
		[CHRONY_MODE_REF] = SOURCE_MODE_REFCLOCK,
	};

	snprintf(out->name, sizeof(out->name), "%s", name);
	if (in->mode != CHRONY_MODE_REF)
		chrony_addr_format(&in->addr, out->address, sizeof(out->address));
	out->mode = modes[in->mode];
	out->state = states[in->state];
	/* chronyc's '?': unreachable when the reach register is empty */
	if (out->state == SOURCE_NONSELECTABLE && in->reach == 0)
		out->state = SOURCE_UNREACHABLE;
	out->stratum = in->stratum;
	out->has_poll = true;
	out->poll_log2 = in->poll;
	out->has_reach = true;
	out->reach = in->reach & 0xff;
	out->has_last_rx = in->since_sample != CHRONY_NEVER_SAMPLED;
	out->last_rx_age_s = in->since_sample;
	out->has_sample = out->has_last_rx;
	out->offset_s = in->latest_meas;
	out->error_s = in->latest_meas_err;
}

static void
fill_tracking(struct chrony_client *c)
{
	const struct chrony_tracking *t = &c->tracking;
	struct daemon_status *st = &c->st;

	st->has_tracking = true;
	st->ref_id = t->ref_id;
	st->no_reference = t->ref_id == 0;
	st->local_clock = t->ref_id == CHRONY_REFID_LOCAL;
	st->stratum = t->stratum;
	/* chrony's correction is what it still has to apply: negative when fast */
	st->has_offset = true;
	st->offset_s = -t->current_correction;
	st->has_offset_stats = true;
	st->last_offset_s = t->last_offset;
	st->rms_offset_s = t->rms_offset;
	st->has_ref_time = t->ref_time.tv_sec != 0 || t->ref_time.tv_nsec != 0;
	st->ref_time = t->ref_time;
	st->root_delay_s = t->root_delay;
	st->root_dispersion_s = t->root_dispersion;
	st->has_freq = true;
	st->freq_ppm = t->freq_ppm; /* chronyc: positive is "fast" */
	st->leap = (enum leap_status)(t->leap + 1);
	chrony_addr_format(&t->addr, st->source_address, sizeof(st->source_address));
}

static void
fill_sources(struct chrony_client *c)
{
	struct daemon_status *st = &c->st;
	struct name_entry *keep;

	st->has_sources = true;
	if (c->n_sources > 0) {
		st->sources = calloc(c->n_sources, sizeof(*st->sources));
		if (!st->sources) {
			log_err("chronyd: out of memory for %u sources",
			    (unsigned)c->n_sources);
			st->has_sources = false;
			st->error = -ENOMEM;
			return;
		}
	}
	st->n_sources = c->n_sources;
	for (unsigned i = 0; i < c->n_sources; i++) {
		map_source(&c->sources[i], c->names[i].name, &st->sources[i]);
		if (same_addr(&c->sources[i].addr, &c->tracking.addr) &&
		    c->tracking.addr.family != CHRONY_FAMILY_UNSPEC)
			snprintf(st->source_name, sizeof(st->source_name), "%s",
			    c->names[i].name);
		if (c->sources[i].state == CHRONY_SRC_SELECTED) {
			st->has_poll = true;
			st->poll_log2 = c->sources[i].poll;
			/* a refclock is tracked by refid, not address */
			if (c->sources[i].mode == CHRONY_MODE_REF &&
			    !st->source_name[0])
				snprintf(st->source_name, sizeof(st->source_name), "%s",
				    c->names[i].name);
		}
	}

	/* this refresh's names become the cache for the next one */
	keep = c->names;
	c->names = NULL;
	free(c->known_names);
	c->known_names = keep;
	c->n_known_names = c->n_sources;
}

static void
finish(struct chrony_client *c)
{
	if (c->st.state == DAEMON_RUNNING && c->st.error == 0) {
		fill_tracking(c);
		fill_sources(c);
		chrony_facts_fill(&c->st, c->has_activity ? &c->activity : NULL,
		    c->sources, c->replies, c->refuses_ntp_data == (int)c->current);
	}
	c->st.incomplete = c->st.state == DAEMON_RUNNING && c->st.error == 0 &&
	    (!c->st.has_tracking || !c->st.has_sources);
	c->phase = PHASE_IDLE;
	if (c->done)
		c->done(&c->st, c->userdata);
	reset_refresh(c);
}

static const char *
kind_name(enum request_kind kind)
{
	switch (kind) {
	case KIND_TRACKING:
		return "TRACKING";
	case KIND_N_SOURCES:
		return "N_SOURCES";
	case KIND_SOURCE_DATA:
		return "SOURCE_DATA";
	case KIND_SOURCE_NAME:
		return "NTP_SOURCE_NAME";
	case KIND_ACTIVITY:
		return "ACTIVITY";
	case KIND_NTP_DATA:
		return "NTP_DATA";
	}
	return "?";
}

/* Takes N_SOURCES' count: capped (told once per count); the sources not
 * asked for yet are asked now. */
static int
take_n_sources(struct chrony_client *c, uint32_t n)
{
	if (n > CHRONY_MAX_SOURCES) {
		if (n != c->warned_sources)
			log_warnx("chronyd reports %u sources; reading the first %u",
			    (unsigned)n, CHRONY_MAX_SOURCES);
		c->warned_sources = n;
		n = CHRONY_MAX_SOURCES;
	} else
		c->warned_sources = 0;
	c->n_sources = n;
	return ask_sources(c, n);
}

/* Decodes a datagram as the reply to r; 0 when it was consumed. */
static int
decode_reply(struct chrony_client *c, const struct request *r, const uint8_t *buf,
    size_t len, uint16_t *status)
{
	uint32_t n;
	int e;

	switch (r->kind) {
	case KIND_TRACKING:
		return chrony_decode_tracking(buf, len, r->seq, status, &c->tracking);
	case KIND_N_SOURCES:
		e = chrony_decode_n_sources(buf, len, r->seq, status, &n);
		return e < 0 ? e : take_n_sources(c, n);
	case KIND_SOURCE_DATA:
		return chrony_decode_source_data(
		    buf, len, r->seq, status, &c->sources[r->index]);
	case KIND_SOURCE_NAME:
		return chrony_decode_ntp_source_name(buf, len, r->seq, status,
		    c->names[r->index].name, sizeof(c->names[r->index].name));
	case KIND_ACTIVITY:
		e = chrony_decode_activity(buf, len, r->seq, status, &c->activity);
		c->has_activity = e == 0;
		return e;
	case KIND_NTP_DATA:
		e = chrony_decode_ntp_data(
		    buf, len, r->seq, status, &c->replies[r->index].data);
		c->replies[r->index].known = e == 0;
		return e;
	}
	return -EINVAL;
}

/* A reply that decoded to an error status. Returns true when the refresh
 * goes on (the request counts as answered), false when it ended here. */
static bool
handle_refusal(
    struct chrony_client *c, const struct request *req, int r, uint16_t status)
{
	if (req->kind == KIND_SOURCE_NAME) {
		/* older chronyd, or a name it will not tell: show the address */
		chrony_addr_format(&c->sources[req->index].addr,
		    c->names[req->index].name, sizeof(c->names[req->index].name));
		return true;
	}
	if (req->kind == KIND_SOURCE_DATA && r == -ENOENT) {
		if (req->index < c->first_gone)
			c->first_gone = req->index;
		return true;
	}
	/* diagnostic facts only: without them the verdict says less */
	if (req->kind == KIND_ACTIVITY)
		return true;
	if (req->kind == KIND_NTP_DATA) {
		/* chronyd 4.3 allows NTP_DATA on its unix socket only */
		if (r == -EACCES)
			c->refuses_ntp_data = (int)c->current;
		return true;
	}
	if (r != -EPROTONOSUPPORT)
		log_warnx("chronyd on %s refused %s: %s", c->addresses[c->current],
		    kind_name(req->kind), chrony_status_string(status));
	if (r == -EACCES) {
		fail_address(c, -EACCES);
		return false;
	}
	/* it answers, but not with what this agent can read: its socket stays */
	c->good = c->current;
	c->st.state = DAEMON_RUNNING;
	c->st.error = r;
	finish(c);
	return false;
}

/* The slot in flight[] of the request with this sequence number, or -1. */
static int
find_in_flight(const struct chrony_client *c, uint32_t seq)
{
	for (unsigned i = 0; i < c->n_flight; i++)
		if (c->requests[c->flight[i]].seq == seq)
			return (int)i;
	return -1;
}

/* The request in this slot is answered: out of the window, and on. */
static void
answered(struct chrony_client *c, unsigned slot)
{
	int r;

	c->flight[slot] = c->flight[--c->n_flight];
	c->n_done++;
	r = c->n_done == c->n_requests ? next_phase(c) : pump(c);
	if (r < 0 && c->phase != PHASE_IDLE)
		fail_address(c, r);
}

static void
handle_datagram(struct chrony_client *c, const uint8_t *buf, size_t len)
{
	struct request copy;
	const struct request *req = &copy;
	uint16_t status = 0;
	uint32_t seq;
	int slot, r;

	slot = chrony_reply_seq(buf, len, &seq) < 0 ? -1 : find_in_flight(c, seq);
	if (slot < 0)
		return; /* a late reply to an earlier attempt, or not ours */
	/* a copy: decoding N_SOURCES may add requests, and move them */
	copy = c->requests[c->flight[slot]];
	r = decode_reply(c, req, buf, len, &status);
	if (r == -ESRCH)
		return;
	if (r == -EBADMSG || (r == -EIO && status == CHRONY_STT_SUCCESS)) {
		if (!c->warned_bad_reply)
			log_warnx(
			    "chronyd on %s: rejected a malformed %zu-byte reply to %s",
			    c->addresses[c->current], len, kind_name(req->kind));
		c->warned_bad_reply = true;
		return; /* keep waiting: the deadline bounds it */
	}
	if (r == -ENOMEM) {
		log_err("chronyd: out of memory");
		fail_address(c, -EIO);
		return;
	}
	if (r < 0) {
		if (r == -EPROTONOSUPPORT) {
			c->st.proto_version = len > 0 ? buf[0] : 0;
			c->st.proto_version_read = CHRONY_PROTO_VERSION;
		}
		if (!handle_refusal(c, req, r, status))
			return;
	} else if (req->kind == KIND_TRACKING) {
		c->st.state = DAEMON_RUNNING;
		if (c->good != c->current)
			log_info("reading chronyd on %s", c->addresses[c->current]);
		c->good = c->current;
	}
	answered(c, (unsigned)slot);
}

/* Requests whose deadline passed: another attempt, or the address failed. */
static void
retry_overdue(struct chrony_client *c, uint64_t now_us)
{
	for (unsigned i = 0; i < c->n_flight; i++) {
		struct request *r = &c->requests[c->flight[i]];

		if (now_us < r->deadline_us)
			continue;
		if (r->attempt >= CHRONY_ATTEMPTS) {
			fail_address(c, -ETIMEDOUT);
			return;
		}
		if (send_attempt(c, r, now_us) < 0) {
			fail_address(c, -EIO);
			return;
		}
	}
}

void
chrony_client_dispatch(struct chrony_client *c, uint64_t now_us)
{
	uint8_t buf[CHRONY_MAX_REPLY];

	/* drain every queued datagram; stop when the refresh ends */
	while (c->phase != PHASE_IDLE && c->fd >= 0) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				break;
			fail_address(c, -errno);
			return;
		}
		handle_datagram(c, buf, (size_t)n);
	}
	if (c->phase != PHASE_IDLE)
		retry_overdue(c, now_us);
}

struct chrony_backend {
	struct chrony_client *client;
	struct findings *findings;
	backend_done_fn done;
	void *userdata;
};

static void
chrony_backend_done(struct daemon_status *st, void *userdata)
{
	struct chrony_backend *b = userdata;
	struct daemon_status *out = &b->findings->daemons[DAEMON_CHRONY];

	status_clear(out);
	*out = *st;
	memset(st, 0, sizeof(*st));
	b->findings = NULL;
	b->done(b->userdata);
}

static int
chrony_backend_init(const struct conf *conf, void **ret_state)
{
	const char *const *addresses = conf_default_chrony_addresses;
	struct chrony_backend *b;
	unsigned n = 0;
	int r;

	if (conf->daemons && !(conf->daemons & CONF_DAEMON_CHRONY))
		return 0;
	if (conf->n_chrony_addresses > 0) {
		addresses = (const char *const *)conf->chrony_addresses;
		n = conf->n_chrony_addresses;
	} else
		while (addresses[n])
			n++;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	r = chrony_client_new(addresses, n, &b->client);
	if (r < 0) {
		free(b);
		return r;
	}
	*ret_state = b;
	return 1;
}

static bool
chrony_backend_start(
    void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct chrony_backend *b = state;

	if (b->findings)
		return false;
	b->findings = f;
	b->done = done;
	b->userdata = userdata;
	if (!chrony_client_start(b->client, chrony_backend_done, b)) {
		b->findings = NULL;
		return false;
	}
	return true;
}

static unsigned
chrony_backend_poll_fds(
    void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	struct chrony_backend *b = state;
	int fd;

	chrony_client_poll_info(b->client, &fd, ret_deadline_us);
	return backend_poll_one(fds, max, fd, POLLIN);
}

static void
chrony_backend_dispatch(void *state, uint64_t now_us)
{
	struct chrony_backend *b = state;

	chrony_client_dispatch(b->client, now_us);
}

static void
chrony_backend_free(void *state)
{
	struct chrony_backend *b = state;

	chrony_client_free(b->client);
	free(b);
}

const struct backend_ops chrony_backend = {
	.name = "chrony",
	.init = chrony_backend_init,
	.start = chrony_backend_start,
	.poll_fds = chrony_backend_poll_fds,
	.dispatch = chrony_backend_dispatch,
	.free = chrony_backend_free,
};
