/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ntpd and NTPsec backend, over the mode 6 control protocol (the one ntpq
 * speaks) on UDP to 127.0.0.1:123, then [::1]:123. Two bursts of requests that
 * do not depend on each other: READSTAT with the system's READVAR; then one
 * READVAR per association, at most NTPD_WINDOW in flight. Replies are matched
 * by sequence number, reassembled and decoded by ntp_mode6.c, never trusted
 * unchecked. The daemon's version string tells the row: ntpsec(4) or ntpd(3).
 *
 * NTPsec and ntpd drop queries their restrict lines forbid without a word
 * (noquery), so silence from a bound port 123 reads as access denied, not as
 * a daemon that is down; nothing bound answers ICMP port unreachable.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "daemons.h"
#include "log.h"
#include "ntp_mode6.h"
#include "ntpd.h"
#include "udp_socket.h"
#include "util.h"

/* NTP timestamps count from 1900; Unix time from 1970. */
#define NTP_UNIX_OFFSET 2208988800u

enum phase {
	PHASE_IDLE,
	PHASE_HEAD,  /* READSTAT, READVAR of the system */
	PHASE_PEERS, /* READVAR of every association */
};

enum request_kind {
	KIND_READSTAT,
	KIND_SYSTEM,
	KIND_PEER,
};

struct request {
	enum request_kind kind;
	unsigned index;	   /* KIND_PEER: the association in assocs[] */
	bool default_list; /* KIND_SYSTEM: the daemon's own list (fallback) */
	uint16_t seq;
	unsigned attempt;
	uint64_t deadline_us;
	int slot; /* its reply buffer in slots[], -1 when not in flight */
};

struct ntpd_backend {
	const char *const *endpoints;
	unsigned n_endpoints, current, good, tried;
	bool answered; /* a datagram of this endpoint's was accepted */
	char tried_text[STATUS_NAME_MAX]; /* the endpoints of this refresh, ", " */
	bool named; /* the daemons directive names ntpd or ntpsec */
	int fd;

	enum phase phase;
	struct request requests[NTPD_MAX_ASSOCS];
	unsigned n_requests, next_unsent, n_done, n_flight;
	struct mode6_reply *slots[NTPD_WINDOW];
	bool slot_busy[NTPD_WINDOW];
	bool warned_bad_reply, warned_assocs;

	/* results of this refresh */
	struct mode6_system system;
	bool have_system;
	struct mode6_assoc assocs[NTPD_MAX_ASSOCS];
	unsigned n_assocs;
	struct mode6_peer peers[NTPD_MAX_ASSOCS];
	bool have_peer[NTPD_MAX_ASSOCS];
	int error;		    /* -errno of the refresh, 0 */
	enum daemon_type last_type; /* what the version said last time */

	struct findings *findings;
	backend_done_fn done;
	void *userdata;
};

static uint16_t
next_seq(void)
{
	static uint16_t seq;

	if (seq == 0)
		seq = (uint16_t)((uint32_t)getpid() ^ (uint32_t)monotonic_us());
	if (++seq == 0)
		seq = 1;
	return seq;
}

static void
close_socket(struct ntpd_backend *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}

static int
open_socket(struct ntpd_backend *b)
{
	struct address a;
	char *msg = NULL;
	int r;

	/* the registry's endpoints, "udp:127.0.0.1:123": the configuration's parser */
	r = address_parse_chrony(b->endpoints[b->current], &a, &msg);
	free(msg);
	if (r < 0 || a.transport != ADDRESS_UDP)
		return -EINVAL;
	r = udp_socket_connect(&a);
	if (r < 0)
		return r;
	b->fd = r;
	return 0;
}

static void
begin_phase(struct ntpd_backend *b, enum phase phase)
{
	b->phase = phase;
	b->n_requests = b->next_unsent = b->n_done = b->n_flight = 0;
	memset(b->slot_busy, 0, sizeof(b->slot_busy));
}

static void
add_request(struct ntpd_backend *b, enum request_kind kind, unsigned index)
{
	b->requests[b->n_requests++] =
	    (struct request) { .kind = kind, .index = index, .slot = -1 };
}

static int
send_attempt(struct ntpd_backend *b, struct request *r, uint64_t now_us)
{
	uint8_t buf[MODE6_MAX_DATAGRAM + 4];
	const char *vars = NULL;
	uint16_t assoc = 0;
	uint8_t opcode = MODE6_OP_READVAR;
	ssize_t n;

	switch (r->kind) {
	case KIND_READSTAT:
		opcode = MODE6_OP_READSTAT;
		break;
	case KIND_SYSTEM:
		vars = r->default_list ? NULL : MODE6_SYSTEM_VARS;
		break;
	case KIND_PEER:
		assoc = b->assocs[r->index].assoc;
		vars = MODE6_PEER_VARS;
		break;
	}
	/* a fresh sequence number: a late reply to an earlier attempt is not ours */
	r->seq = next_seq();
	r->attempt++;
	r->deadline_us = now_us + NTPD_TIMEOUT_MS * 1000u;
	mode6_reply_init(b->slots[r->slot], opcode, r->seq, assoc);
	n = mode6_build_request(buf, sizeof(buf), opcode, r->seq, assoc, vars);
	if (n < 0)
		return (int)n;
	/* a full socket buffer is as good as a lost datagram: the deadline retries */
	if (send(b->fd, buf, (size_t)n, 0) < 0 && errno != EAGAIN &&
	    errno != EWOULDBLOCK && errno != ENOBUFS)
		return -errno;
	return 0;
}

static int
free_slot(const struct ntpd_backend *b)
{
	for (int i = 0; i < NTPD_WINDOW; i++)
		if (!b->slot_busy[i])
			return i;
	return -1;
}

/* Fills the window with requests not sent yet. */
static int
pump(struct ntpd_backend *b)
{
	uint64_t now = monotonic_us();

	while (b->n_flight < NTPD_WINDOW && b->next_unsent < b->n_requests) {
		struct request *r = &b->requests[b->next_unsent++];
		int r2;

		r->slot = free_slot(b);
		b->slot_busy[r->slot] = true;
		b->n_flight++;
		r2 = send_attempt(b, r, now);
		if (r2 < 0)
			return r2;
	}
	return 0;
}

/* The version tells NTPsec from ntp.org's ntpd; without one, the package. */
static enum daemon_type
daemon_type_of(const struct ntpd_backend *b)
{
	if (b->have_system && (b->system.present & MODE6_F_VERSION))
		return strstr(b->system.version, "ntpsec") ? DAEMON_NTPSEC :
							     DAEMON_NTPD;
	if (b->last_type)
		return b->last_type;
	return b->findings->process[DAEMON_NTPSEC] ? DAEMON_NTPSEC : DAEMON_NTPD;
}

static void
ntp_time_to_timespec(const struct mode6_ntp_time *t, struct timespec *ret)
{
	/* era 1 (from 2036) wraps the seconds: small values are after 2036 */
	int64_t s = (int64_t)t->seconds - NTP_UNIX_OFFSET;

	if (t->seconds < 0x80000000u)
		s += (int64_t)1 << 32;
	ret->tv_sec = (time_t)s;
	ret->tv_nsec = (long)(((uint64_t)t->fraction * 1000000000u) >> 32);
}

static bool
ntp_time_zero(const struct mode6_ntp_time *t)
{
	return t->seconds == 0 && t->fraction == 0;
}

/* A refid as chrony's 32-bit one: an address's bytes, or a code's letters. */
static uint32_t
refid_value(const char *refid, uint8_t kind)
{
	struct in_addr a;
	uint32_t v = 0;
	unsigned n = 0;

	if (kind == MODE6_REFID_ADDRESS && inet_pton(AF_INET, refid, &a) == 1)
		return ntohl(a.s_addr);
	for (const char *p = refid; *p && n < 4; p++)
		if (*p != '.') {
			v = v << 8 | (uint8_t)*p;
			n++;
		}
	return v << (8 * (4 - n));
}

static bool
refid_is(const char *refid, const char *code)
{
	size_t n = strlen(code);

	if (refid[0] == '.')
		refid++;
	return strncmp(refid, code, n) == 0 &&
	    (refid[n] == '\0' || streq(refid + n, "."));
}

/* ntp.org's undisciplined local clock driver: 127.127.1.x */
static bool
is_local_refclock(const char *srcadr)
{
	return strncmp(srcadr, "127.127.1.", 10) == 0;
}

static enum source_state
source_state_of(uint8_t select, unsigned reach)
{
	switch (select) {
	case MODE6_SEL_SYSPEER:
	case MODE6_SEL_PPSPEER:
		return SOURCE_SELECTED;
	case MODE6_SEL_CANDIDATE:
		return SOURCE_COMBINED;
	case MODE6_SEL_BACKUP:
	case MODE6_SEL_EXCESS:
	case MODE6_SEL_OUTLIER:
		return SOURCE_SELECTABLE;
	case MODE6_SEL_FALSETICKER:
		return SOURCE_FALSETICKER;
	default:
		return reach ? SOURCE_NONSELECTABLE : SOURCE_UNREACHABLE;
	}
}

static int
fill_sources(struct ntpd_backend *b, struct daemon_status *st, time_t now)
{
	unsigned n = 0;

	st->has_sources = true;
	if (b->n_assocs == 0)
		return 0;
	st->sources = calloc(b->n_assocs, sizeof(*st->sources));
	if (!st->sources)
		return -ENOMEM;
	for (unsigned i = 0; i < b->n_assocs; i++) {
		const struct mode6_peer *p = &b->peers[i];
		struct source_status *s = &st->sources[n];
		struct mode6_peer_status ps;

		/* an association that went away meanwhile, or answered garbage */
		if (!b->have_peer[i])
			continue;
		n++;
		mode6_peer_status_decode(b->assocs[i].status, &ps);
		snprintf(s->name, sizeof(s->name), "%s", p->srcadr);
		snprintf(s->address, sizeof(s->address), "%s", p->srcadr);
		s->mode = strncmp(p->srcadr, "127.127.", 8) == 0 ?
		    SOURCE_MODE_REFCLOCK :
		    SOURCE_MODE_SERVER;
		s->state = source_state_of(ps.select, p->reach);
		s->stratum = p->stratum;
		s->has_poll = p->present & MODE6_F_HPOLL;
		s->poll_log2 = p->hpoll;
		s->has_reach = true;
		s->reach = p->reach;
		if ((p->present & MODE6_F_REC) && !ntp_time_zero(&p->rec)) {
			struct timespec rec;

			ntp_time_to_timespec(&p->rec, &rec);
			s->has_last_rx = rec.tv_sec <= now;
			s->last_rx_age_s =
			    s->has_last_rx ? (uint32_t)(now - rec.tv_sec) : 0;
		}
		/* ntpd's offset is the source's time minus ours: the other sign */
		s->has_sample = p->reach != 0 && (p->present & MODE6_F_OFFSET);
		s->offset_s = -p->offset_ms / 1e3;
		s->error_s = (p->delay_ms / 2 + p->dispersion_ms) / 1e3;
		if (ps.select == MODE6_SEL_SYSPEER || ps.select == MODE6_SEL_PPSPEER) {
			snprintf(
			    st->source_name, sizeof(st->source_name), "%s", p->srcadr);
			snprintf(st->source_address, sizeof(st->source_address), "%s",
			    p->srcadr);
			st->has_poll = s->has_poll;
			st->poll_log2 = p->hpoll;
			if (is_local_refclock(p->srcadr))
				st->local_clock = true;
		}
	}
	st->n_sources = n;
	return 0;
}

static void
fill_status(struct ntpd_backend *b, struct daemon_status *st)
{
	const struct mode6_system *s = &b->system;
	time_t now = time(NULL);

	st->has_tracking = true;
	st->ref_id = refid_value(s->refid, s->refid_kind);
	st->no_reference = !(s->present & MODE6_F_REFID) ||
	    refid_is(s->refid, "INIT") || refid_is(s->refid, "STEP");
	/* ntpd's refid while only its own clock counts: LOCL, or ORPH in orphan mode */
	st->local_clock = s->refid_kind == MODE6_REFID_TEXT &&
	    (refid_is(s->refid, "LOCL") || refid_is(s->refid, "ORPH"));
	st->stratum = s->stratum;
	/* the last clock offset, source minus local: the snapshot's other sign */
	st->has_offset = s->present & MODE6_F_OFFSET;
	st->offset_s = -s->offset_ms / 1e3;
	st->has_ref_time =
	    (s->present & MODE6_F_REFTIME) && !ntp_time_zero(&s->reftime);
	if (st->has_ref_time)
		ntp_time_to_timespec(&s->reftime, &st->ref_time);
	st->root_delay_s = s->rootdelay_ms / 1e3;
	st->root_dispersion_s = s->rootdisp_ms / 1e3;
	/* ntpd's frequency is the correction it adds: positive when the clock is slow
	 */
	st->has_freq = s->present & MODE6_F_FREQUENCY;
	st->freq_ppm = -s->frequency_ppm;
	st->leap = (enum leap_status)(s->leap + 1);
	if (fill_sources(b, st, now) < 0) {
		log_err("ntpd: out of memory for %u associations", b->n_assocs);
		st->has_sources = false;
		st->error = -ENOMEM;
	}
}

static void
finish(struct ntpd_backend *b)
{
	struct findings *f = b->findings;
	enum daemon_type t = daemon_type_of(b);
	struct daemon_status *st = &f->daemons[t];

	close_socket(b);
	b->phase = PHASE_IDLE;
	status_clear(st);
	st->type = t;
	/* where it answered; else every endpoint tried, for the reason text */
	snprintf(st->endpoint, sizeof(st->endpoint), "%s",
	    b->answered ? b->endpoints[b->current] : b->tried_text);
	if (b->error == -EACCES || (!b->answered && b->error == -ETIMEDOUT)) {
		/* refused, or bound but silent: restrict drops mode 6 queries */
		st->state = DAEMON_ACCESS_DENIED;
		st->error = b->error;
	} else if (!b->answered) {
		/* nothing on the port (ECONNREFUSED), or no socket at all */
		st->state = DAEMON_STOPPED;
		st->error = b->error ? b->error : -ECONNREFUSED;
	} else {
		st->state = DAEMON_RUNNING;
		st->error =
		    b->have_system ? b->error : (b->error ? b->error : -EBADMSG);
		if (b->have_system && !b->error)
			fill_status(b, st);
		if (b->have_system && (b->system.present & MODE6_F_VERSION))
			b->last_type = t;
	}
	/* the process probe told the two by their package: the version knows better */
	if (st->state == DAEMON_RUNNING) {
		enum daemon_type other =
		    t == DAEMON_NTPSEC ? DAEMON_NTPD : DAEMON_NTPSEC;

		f->process[t] = f->process[t] || f->process[other];
		f->process[other] = false;
	}
	b->findings = NULL;
	b->done(b->userdata);
}

static int try_endpoint(struct ntpd_backend *b);

/* The current endpoint failed: the next one, or the refresh ends. */
static void
fail_endpoint(struct ntpd_backend *b, int error)
{
	close_socket(b);
	b->have_system = false;
	b->n_assocs = 0;
	/* the worse is what a user must act on: denied over silent over refused */
	if (b->error != -EACCES && (error == -EACCES || b->error != -ETIMEDOUT))
		b->error = error;
	b->tried++;
	/* silence or a refusal comes from a daemon that is there: it stays so */
	if (b->tried >= b->n_endpoints || error == -ETIMEDOUT || error == -EACCES) {
		finish(b);
		return;
	}
	b->current = (b->current + 1) % b->n_endpoints;
	try_endpoint(b);
}

static int
try_endpoint(struct ntpd_backend *b)
{
	size_t used = strlen(b->tried_text);
	int r;

	snprintf(b->tried_text + used, sizeof(b->tried_text) - used, "%s%s",
	    used ? ", " : "", b->endpoints[b->current]);
	b->answered = false;
	r = open_socket(b);
	if (r >= 0) {
		begin_phase(b, PHASE_HEAD);
		add_request(b, KIND_READSTAT, 0);
		add_request(b, KIND_SYSTEM, 0);
		r = pump(b);
	}
	if (r < 0) {
		fail_endpoint(b, r);
		return r;
	}
	return 0;
}

static void
next_phase(struct ntpd_backend *b)
{
	if (b->phase == PHASE_HEAD && b->have_system && b->n_assocs > 0) {
		begin_phase(b, PHASE_PEERS);
		for (unsigned i = 0; i < b->n_assocs; i++)
			add_request(b, KIND_PEER, i);
		if (pump(b) < 0)
			fail_endpoint(b, -EIO);
		return;
	}
	b->good = b->current;
	finish(b);
}

static void
warn_bad_reply(struct ntpd_backend *b, const char *what, int r)
{
	if (!b->warned_bad_reply)
		log_warnx("ntpd on %s: rejected a malformed reply to %s (%s)",
		    b->endpoints[b->current], what, strerror(-r));
	b->warned_bad_reply = true;
}

static void
take_assocs(struct ntpd_backend *b, const struct mode6_reply *reply)
{
	static struct mode6_assoc all[MODE6_MAX_ASSOCS];
	int n = mode6_parse_assocs(reply->data, reply->total, all, MODE6_MAX_ASSOCS);

	if (n < 0) {
		warn_bad_reply(b, "READSTAT", n);
		b->error = -EBADMSG;
		return;
	}
	if ((unsigned)n > NTPD_MAX_ASSOCS) {
		if (!b->warned_assocs)
			log_warnx("ntpd reports %d associations; reading the first %u",
			    n, NTPD_MAX_ASSOCS);
		b->warned_assocs = true;
		n = NTPD_MAX_ASSOCS;
	}
	memcpy(b->assocs, all, (size_t)n * sizeof(*all));
	b->n_assocs = (unsigned)n;
	memset(b->have_peer, 0, sizeof(b->have_peer));
}

/* A complete reply (result 0) or an error reply to r. False: the refresh ended. */
static bool
handle_reply(struct ntpd_backend *b, struct request *r, int result)
{
	static struct mode6_var vars[MODE6_MAX_VARS];
	const struct mode6_reply *reply = b->slots[r->slot];
	int n;

	if (result == -EACCES) {
		log_warnx("ntpd on %s refused a query: %s", b->endpoints[b->current],
		    mode6_error_string(reply->error));
		fail_endpoint(b, -EACCES);
		return false;
	}
	switch (r->kind) {
	case KIND_READSTAT:
		if (result == 0)
			take_assocs(b, reply);
		else
			b->error = result;
		break;
	case KIND_SYSTEM:
		if (result == -ENOENT && !r->default_list) {
			/* an ntpd that lacks one of the variables: its own list */
			r->default_list = true;
			r->attempt = 0;
			if (send_attempt(b, r, monotonic_us()) == 0)
				return true;
			fail_endpoint(b, -EIO);
			return false;
		}
		if (result < 0) {
			b->error = result;
			break;
		}
		n = mode6_parse_vars(
		    (const char *)reply->data, reply->total, vars, MODE6_MAX_VARS);
		if (n < 0 || mode6_system_from_vars(vars, (size_t)n, &b->system) < 0) {
			warn_bad_reply(
			    b, "READVAR of the system", n < 0 ? n : -EBADMSG);
			b->error = -EBADMSG;
			break;
		}
		b->have_system = true;
		break;
	case KIND_PEER:
		/* -ENOENT: the association went away between the two bursts */
		if (result < 0)
			break;
		n = mode6_parse_vars(
		    (const char *)reply->data, reply->total, vars, MODE6_MAX_VARS);
		if (n < 0 ||
		    mode6_peer_from_vars(vars, (size_t)n, &b->peers[r->index]) < 0) {
			/* a source table with holes would mislead: none at all */
			warn_bad_reply(b, "READVAR of an association", -EBADMSG);
			b->error = -EBADMSG;
			break;
		}
		b->have_peer[r->index] = true;
		break;
	}
	b->slot_busy[r->slot] = false;
	r->slot = -1;
	b->n_flight--;
	b->n_done++;
	if (b->n_done == b->n_requests)
		next_phase(b);
	else if (pump(b) < 0)
		fail_endpoint(b, -EIO);
	return b->phase != PHASE_IDLE;
}

static void
handle_datagram(struct ntpd_backend *b, const uint8_t *buf, size_t len)
{
	for (unsigned i = 0; i < b->next_unsent; i++) {
		struct request *r = &b->requests[i];
		int result;

		if (r->slot < 0)
			continue;
		result = mode6_reply_add(b->slots[r->slot], buf, len);
		if (result == -ESRCH)
			continue;
		b->answered = true;
		if (result == -EAGAIN)
			return;
		if (result == -EBADMSG || result == -EMSGSIZE) {
			/* start over; the deadline bounds the wait */
			warn_bad_reply(b,
			    r->kind == KIND_READSTAT ? "READSTAT" : "READVAR", result);
			mode6_reply_init(b->slots[r->slot], b->slots[r->slot]->opcode,
			    r->seq, b->slots[r->slot]->assoc);
			return;
		}
		handle_reply(b, r, result);
		return;
	}
}

static void
retry_overdue(struct ntpd_backend *b, uint64_t now_us)
{
	for (unsigned i = 0; i < b->next_unsent && b->phase != PHASE_IDLE; i++) {
		struct request *r = &b->requests[i];

		if (r->slot < 0 || now_us < r->deadline_us)
			continue;
		if (r->attempt >= NTPD_ATTEMPTS) {
			fail_endpoint(b, -ETIMEDOUT);
			return;
		}
		if (send_attempt(b, r, now_us) < 0) {
			fail_endpoint(b, -EIO);
			return;
		}
	}
}

static void
ntpd_dispatch(void *state, uint64_t now_us)
{
	struct ntpd_backend *b = state;
	uint8_t buf[MODE6_MAX_DATAGRAM + 64];

	while (b->phase != PHASE_IDLE && b->fd >= 0) {
		ssize_t n = recv(b->fd, buf, sizeof(buf), MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				break;
			fail_endpoint(b, -errno);
			return;
		}
		/* MSG_TRUNC: n is the datagram's real size, too big to be ours */
		if ((size_t)n > sizeof(buf)) {
			warn_bad_reply(b, "a query", -EMSGSIZE);
			continue;
		}
		handle_datagram(b, buf, (size_t)n);
	}
	if (b->phase != PHASE_IDLE)
		retry_overdue(b, now_us);
}

static unsigned
ntpd_poll_fds(void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	struct ntpd_backend *b = state;
	uint64_t deadline = 0;

	*ret_deadline_us = 0;
	if (b->phase == PHASE_IDLE || b->fd < 0 || max == 0)
		return 0;
	for (unsigned i = 0; i < b->next_unsent; i++)
		if (b->requests[i].slot >= 0 &&
		    (!deadline || b->requests[i].deadline_us < deadline))
			deadline = b->requests[i].deadline_us;
	*ret_deadline_us = deadline;
	fds[0] = (struct pollfd) { .fd = b->fd, .events = POLLIN };
	return 1;
}

static bool
ntpd_start(void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct ntpd_backend *b = state;

	if (b->phase != PHASE_IDLE)
		return false;
	/*
	 * Only where an ntpd runs (the process probe, earlier in the table, has
	 * filled f->process) or is asked for: chronyd and OpenNTPD may hold port
	 * 123 and never answer mode 6, and waiting for them would delay every
	 * refresh.
	 */
	if (!b->named && !f->process[DAEMON_NTPD] && !f->process[DAEMON_NTPSEC]) {
		done(userdata);
		return true;
	}
	b->findings = f;
	b->done = done;
	b->userdata = userdata;
	b->error = 0;
	b->have_system = false;
	b->n_assocs = 0;
	b->warned_bad_reply = false;
	b->current = b->good;
	b->tried = 0;
	b->tried_text[0] = '\0';
	try_endpoint(b);
	return true;
}

static int
ntpd_init(const struct conf *conf, void **ret_state)
{
	const unsigned mine = CONF_DAEMON_NTPD | CONF_DAEMON_NTPSEC;
	struct ntpd_backend *b;
	unsigned n = 0;

	if (conf->daemons && !(conf->daemons & mine))
		return 0;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->fd = -1;
	b->named = conf->daemons & mine;
	b->endpoints = daemon_info(DAEMON_NTPSEC)->default_endpoints;
	while (b->endpoints[n])
		n++;
	b->n_endpoints = n;
	for (int i = 0; i < NTPD_WINDOW; i++) {
		b->slots[i] = malloc(sizeof(*b->slots[i]));
		if (!b->slots[i]) {
			while (i-- > 0)
				free(b->slots[i]);
			free(b);
			return -ENOMEM;
		}
	}
	*ret_state = b;
	return 1;
}

static void
ntpd_free(void *state)
{
	struct ntpd_backend *b = state;

	close_socket(b);
	for (int i = 0; i < NTPD_WINDOW; i++)
		free(b->slots[i]);
	free(b);
}

const struct backend_ops ntpd_backend = {
	.name = "ntpd",
	.init = ntpd_init,
	.start = ntpd_start,
	.poll_fds = ntpd_poll_fds,
	.dispatch = ntpd_dispatch,
	.free = ntpd_free,
};
