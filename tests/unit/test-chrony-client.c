/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for the asynchronous chronyd client in chrony.c, against a fake
 * chronyd: a datagram socket of this process (UDP on 127.0.0.1, or a unix
 * socket) that answers each request with a reply captured from chronyd 4.3
 * (tests/unit/data, TEST_DATA_DIR), the request's sequence number patched in.
 *
 * This is a mock, for the states a real chronyd cannot be brought into on
 * demand: hung, answering junk, stale or truncated replies, protocol version
 * 5, 5000 sources, a source vanishing between two requests. The integration
 * tests (tests/integration) run the real chronyd.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "chrony.h"
#include "chrony_proto.h"
#include "snapshot.h"
#include "unit.h"
#include "util.h"

/* Offsets in the command protocol's header (doc/PROTOCOLS.md section 1). */
#define REQ_COMMAND 4
#define REQ_SEQUENCE 8
#define REQ_DATA 20
#define RPY_COMMAND 4
#define RPY_STATUS 8
#define RPY_SEQUENCE 16
#define NSRC_COUNT 28
#define SRC_ADDR 28

#define CMD_SLOTS 66 /* commands 0..65 are counted one by one */
#define MAX_SEQS 16

/* A refresh never takes longer than this here, however it fails. */
#define RUN_LIMIT_MS (CHRONY_TIMEOUT_MS * CHRONY_ATTEMPTS * 3 + 1000)

/* ---- fixtures ---- */

struct fixture {
	uint8_t data[CHRONY_MAX_REPLY];
	size_t len;
};

static struct fixture fx_tracking, fx_n_sources, fx_source_data, fx_source_data_nosuch,
    fx_name, fx_name_nosuch, fx_null, fx_unauth, fx_bad_version, fx_activity,
    fx_ntp_data, fx_ntp_data_unauth;

static bool
load(const char *name, struct fixture *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->len = unit_fixture(name, ret->data, sizeof(ret->data));
	return ret->len >= 28;
}

static int
load_fixtures(void)
{
	bool ok = load("tracking-synced.bin", &fx_tracking) &&
	    load("n-sources.bin", &fx_n_sources) &&
	    load("source-data-selected.bin", &fx_source_data) &&
	    load("source-data-nosuchsource.bin", &fx_source_data_nosuch) &&
	    load("ntp-source-name.bin", &fx_name) &&
	    load("ntp-source-name-nosuchsource.bin", &fx_name_nosuch) &&
	    load("null.bin", &fx_null) && load("unauth.bin", &fx_unauth) &&
	    load("bad-version.bin", &fx_bad_version) &&
	    load("activity-online.bin", &fx_activity) &&
	    load("ntp-data-synced.bin", &fx_ntp_data) &&
	    load("ntp-data-unauth.bin", &fx_ntp_data_unauth);

	return ok ? 0 : -1;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- the fake chronyd ---- */

struct fake;
/* Answers one well-formed request; the default is fake_answer(). */
typedef void (*script_fn)(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd);

struct fake {
	int fd;
	char address[sizeof(((struct sockaddr_un *)0)->sun_path) +
	    8]; /* a chronyAddress */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char dir[64];

	/* the peer of the request being answered */
	struct sockaddr_storage peer;
	socklen_t peer_len;

	/* what the client asked */
	unsigned count[CMD_SLOTS];
	unsigned total;
	bool bad_request; /* a request that was not as chrony_proto.c builds them */
	uint32_t seqs[MAX_SEQS]; /* of the TRACKING requests */
	unsigned n_seqs;
	uint32_t next_index; /* SOURCE_DATA indices must come in order */
	bool index_out_of_order;
	uint8_t last_name_request[4]; /* IPv4 address of the last NTP_SOURCE_NAME */

	/* what it answers */
	script_fn script;
	uint32_t n_sources;   /* N_SOURCES count */
	int32_t nosuch_index; /* SOURCE_DATA index answered NOSUCHSOURCE, -1 for none */
	uint8_t source_ip_last; /* last byte of the source address (127.0.0.x) */
	bool name_nosuch;	/* NTP_SOURCE_NAME answered NOSUCHSOURCE */
	bool udp;		/* NTP_DATA answered UNAUTH, as chronyd does over UDP */
};

static void
fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->n_sources = 1;
	f->nosuch_index = -1;
	f->source_ip_last = 1;
}

static bool
fake_open_udp(struct fake *f)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);

	fake_init(f);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(f->fd, (struct sockaddr *)&sa, &len) < 0)
		return false;
	snprintf(f->address, sizeof(f->address), "udp:127.0.0.1:%u",
	    (unsigned)ntohs(sa.sin_port));
	f->udp = true;
	return true;
}

static bool
fake_open_unix(struct fake *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	fake_init(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/test-chrony-client.XXXXXX");
	if (!mkdtemp(f->dir)) {
		f->dir[0] = '\0';
		return false;
	}
	snprintf(f->path, sizeof(f->path), "%s/chronyd.sock", f->dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (f->fd < 0 || bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return false;
	snprintf(f->address, sizeof(f->address), "unix:%s", f->path);
	return true;
}

static void
fake_close(struct fake *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->path[0])
		unlink(f->path);
	if (f->dir[0])
		rmdir(f->dir);
	f->path[0] = f->dir[0] = '\0';
}

static void
fake_send(struct fake *f, const void *buf, size_t len)
{
	ssize_t n =
	    sendto(f->fd, buf, len, 0, (struct sockaddr *)&f->peer, f->peer_len);

	/* the client may have gone on to another address already */
	if (n < 0 && errno != ECONNREFUSED && errno != ENOENT)
		CU_FAIL("fake chronyd: sendto failed");
}

/* Sends fixture fx as the reply to req (the request's sequence patched in). */
static void
fake_reply(struct fake *f, const struct fixture *fx, const uint8_t *req)
{
	struct fixture r = *fx;

	memcpy(r.data + RPY_SEQUENCE, req + REQ_SEQUENCE, 4);
	fake_send(f, r.data, r.len);
}

/* The right reply to req, as chronyd 4.3 in sync with one source gives it. */
static void
fake_good_reply(struct fake *f, const uint8_t *req, uint16_t cmd, struct fixture *ret)
{
	memset(ret, 0, sizeof(*ret));
	switch (cmd) {
	case CHRONY_REQ_TRACKING:
		*ret = fx_tracking;
		break;
	case CHRONY_REQ_N_SOURCES:
		*ret = fx_n_sources;
		put32(ret->data + NSRC_COUNT, f->n_sources);
		break;
	case CHRONY_REQ_SOURCE_DATA:
		/* as chronyd: no such source past the end of the list, too */
		if ((int32_t)get32(req + REQ_DATA) == f->nosuch_index ||
		    get32(req + REQ_DATA) >= f->n_sources)
			*ret = fx_source_data_nosuch;
		else {
			*ret = fx_source_data;
			ret->data[SRC_ADDR + 3] = f->source_ip_last;
		}
		break;
	case CHRONY_REQ_NTP_SOURCE_NAME:
		*ret = f->name_nosuch ? fx_name_nosuch : fx_name;
		break;
	case CHRONY_REQ_ACTIVITY:
		*ret = fx_activity;
		break;
	case CHRONY_REQ_NTP_DATA:
		*ret = f->udp ? fx_ntp_data_unauth : fx_ntp_data;
		break;
	default:
		ret->len = 0;
		return;
	}
	memcpy(ret->data + RPY_SEQUENCE, req + REQ_SEQUENCE, 4);
}

static void
fake_answer(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture r;

	fake_good_reply(f, req, cmd, &r);
	if (r.len > 0)
		fake_send(f, r.data, r.len);
}

/* Length of each request as chrony_proto.c encodes it (that of the reply). */
static size_t
request_length(uint16_t cmd)
{
	switch (cmd) {
	case CHRONY_REQ_TRACKING:
		return 104;
	case CHRONY_REQ_N_SOURCES:
		return 32;
	case CHRONY_REQ_SOURCE_DATA:
		return 76;
	case CHRONY_REQ_NTP_SOURCE_NAME:
		return 284;
	case CHRONY_REQ_ACTIVITY:
		return 48;
	case CHRONY_REQ_NTP_DATA:
		return 172;
	}
	return 0;
}

/* Reads and answers every request that is waiting. */
static void
fake_serve(struct fake *f)
{
	uint8_t req[2048];

	for (;;) {
		ssize_t n;
		uint16_t cmd;

		f->peer_len = sizeof(f->peer);
		n = recvfrom(f->fd, req, sizeof(req), 0, (struct sockaddr *)&f->peer,
		    &f->peer_len);
		if (n < 0)
			return;
		f->total++;
		if (n < REQ_DATA || req[0] != CHRONY_PROTO_VERSION || req[1] != 1 ||
		    req[2] != 0 || req[3] != 0) {
			f->bad_request = true;
			continue;
		}
		cmd = get16(req + REQ_COMMAND);
		f->count[cmd < CMD_SLOTS ? cmd : 0]++;
		if ((size_t)n != request_length(cmd))
			f->bad_request = true;
		if (cmd == CHRONY_REQ_TRACKING && f->n_seqs < MAX_SEQS)
			f->seqs[f->n_seqs++] = get32(req + REQ_SEQUENCE);
		if (cmd == CHRONY_REQ_SOURCE_DATA) {
			uint32_t index = get32(req + REQ_DATA);
			/* a retry asks for the same index again */
			if (index != f->next_index && index + 1 != f->next_index)
				f->index_out_of_order = true;
			f->next_index = index + 1;
		}
		if (cmd == CHRONY_REQ_NTP_SOURCE_NAME) {
			memcpy(f->last_name_request, req + REQ_DATA, 4);
			if (get16(req + REQ_DATA + 16) != CHRONY_FAMILY_INET4)
				f->bad_request = true;
		}
		(f->script ? f->script : fake_answer)(f, req, (size_t)n, cmd);
	}
}

/* Starts a new refresh: SOURCE_DATA indices begin at 0 again. */
static void
fake_new_refresh(struct fake *f)
{
	f->next_index = 0;
}

/* ---- driving the client ---- */

struct result {
	unsigned calls;
	struct daemon_status st;
	uint64_t elapsed_us;
};

static void
on_done(struct daemon_status *st, void *userdata)
{
	struct result *res = userdata;

	res->calls++;
	status_clear(&res->st);
	/* take the snapshot, as cache.c does */
	res->st = *st;
	memset(st, 0, sizeof(*st));
}

/*
 * Runs one refresh to its end: polls the client's fd (and the fake's), and
 * calls chrony_client_dispatch() when the fd is readable or the deadline has
 * passed, as the agent's main loop does.
 */
static void
run_refresh(struct chrony_client *c, struct fake *f, struct result *res)
{
	uint64_t start = monotonic_us();
	uint64_t end = start + RUN_LIMIT_MS * 1000ull;

	if (f)
		fake_new_refresh(f);
	status_clear(&res->st);
	res->calls = 0;
	CU_ASSERT_FATAL(chrony_client_start(c, on_done, res));
	for (;;) {
		struct pollfd p[2];
		uint64_t deadline, now;
		int fd, timeout;

		chrony_client_poll_info(c, &fd, &deadline);
		if (fd < 0 && deadline == 0)
			break; /* idle: the refresh has ended */
		now = monotonic_us();
		if (now >= end) {
			CU_FAIL("the refresh did not end in time");
			break;
		}
		timeout = deadline > now ? (int)((deadline - now + 999) / 1000) : 0;
		if ((uint64_t)timeout * 1000 > end - now)
			timeout = (int)((end - now) / 1000) + 1;
		p[0].fd = fd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		p[1].fd = f ? f->fd : -1;
		p[1].events = POLLIN;
		p[1].revents = 0;
		if (poll(p, 2, timeout) < 0 && errno != EINTR) {
			CU_FAIL("poll failed");
			break;
		}
		if (f && (p[1].revents & POLLIN))
			fake_serve(f);
		now = monotonic_us();
		if (p[0].revents || (deadline && now >= deadline))
			chrony_client_dispatch(c, now);
	}
	res->elapsed_us = monotonic_us() - start;
	CU_ASSERT_EQUAL(res->calls, 1);
}

static struct chrony_client *
new_client(const char *a0, const char *a1)
{
	const char *addresses[2] = { a0, a1 };
	struct chrony_client *c = NULL;

	CU_ASSERT_FATAL(chrony_client_new(addresses, a1 ? 2 : 1, &c) == 0);
	CU_ASSERT_FATAL(c != NULL);
	return c;
}

/* A UDP port on 127.0.0.1 with nothing behind it. */
static unsigned
closed_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	close(fd);
	return ntohs(sa.sin_port);
}

/* What chronyd 4.3 in sync with its one source (127.0.0.1) gives. */
static void
check_synced(const struct result *res, const struct fake *f)
{
	const struct daemon_status *st = &res->st;
	const struct source_status *s;

	CU_ASSERT_EQUAL(st->type, DAEMON_CHRONY);
	CU_ASSERT_EQUAL(st->state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(st->error, 0);
	CU_ASSERT_STRING_EQUAL(st->endpoint, f->address);
	CU_ASSERT_FATAL(st->has_tracking);
	CU_ASSERT_EQUAL(st->ref_id, 0x7F000001u);
	CU_ASSERT_STRING_EQUAL(st->source_address, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(st->source_name, "127.0.0.1");
	CU_ASSERT_EQUAL(st->stratum, 9);
	/* "System time: 0.000000939 seconds fast of NTP time" */
	CU_ASSERT(st->has_offset);
	CU_ASSERT(st->has_offset_stats);
	CU_ASSERT(st->has_freq);
	CU_ASSERT_DOUBLE_EQUAL(st->offset_s, 0.000000939, 5e-10);
	CU_ASSERT_DOUBLE_EQUAL(st->last_offset_s, -0.000000020, 5e-10);
	CU_ASSERT_DOUBLE_EQUAL(st->rms_offset_s, 0.000000021, 5e-10);
	CU_ASSERT(st->has_ref_time);
	CU_ASSERT_EQUAL(st->ref_time.tv_sec, 1795675037);
	CU_ASSERT_EQUAL(st->ref_time.tv_nsec, 112230159);
	CU_ASSERT_DOUBLE_EQUAL(st->root_delay_s, 0.000003017, 5e-10);
	CU_ASSERT_DOUBLE_EQUAL(st->root_dispersion_s, 0.000000225, 5e-10);
	CU_ASSERT_DOUBLE_EQUAL(st->freq_ppm, -0.003, 5e-4);
	CU_ASSERT_EQUAL(st->leap, LEAP_NORMAL);
	CU_ASSERT(st->has_poll);
	CU_ASSERT_EQUAL(st->poll_log2, -6);

	CU_ASSERT_FATAL(st->has_sources);
	CU_ASSERT_FATAL(st->n_sources == 1);
	CU_ASSERT_FATAL(st->sources != NULL);
	s = &st->sources[0];
	CU_ASSERT_STRING_EQUAL(s->name, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(s->address, "127.0.0.1");
	CU_ASSERT_EQUAL(s->mode, SOURCE_MODE_SERVER);
	CU_ASSERT_EQUAL(s->state, SOURCE_SELECTED);
	CU_ASSERT_EQUAL(s->stratum, 8);
	CU_ASSERT(s->has_poll);
	CU_ASSERT_EQUAL(s->poll_log2, -6);
	CU_ASSERT(s->has_reach);
	CU_ASSERT_EQUAL(s->reach, 0377);
	CU_ASSERT(s->has_last_rx);
	CU_ASSERT_EQUAL(s->last_rx_age_s, 0);
	CU_ASSERT(s->has_sample);
	CU_ASSERT_DOUBLE_EQUAL(s->offset_s, -0.000000056, 5e-10);
	CU_ASSERT_DOUBLE_EQUAL(s->error_s, 0.000001906, 5e-10);
}

/* The fake saw each command so often, and nothing malformed (ACTIVITY and
 * NTP_DATA, asked for diagnosis, are counted by the tests that need them). */
static void
check_counts(unsigned line, const struct fake *f, unsigned tracking, unsigned n_sources,
    unsigned source_data, unsigned names)
{
	char cond[256];
	bool ok = f->count[CHRONY_REQ_TRACKING] == tracking &&
	    f->count[CHRONY_REQ_N_SOURCES] == n_sources &&
	    f->count[CHRONY_REQ_SOURCE_DATA] == source_data &&
	    f->count[CHRONY_REQ_NTP_SOURCE_NAME] == names &&
	    f->total - f->count[CHRONY_REQ_ACTIVITY] - f->count[CHRONY_REQ_NTP_DATA] ==
		tracking + n_sources + source_data + names;

	snprintf(cond, sizeof(cond),
	    "requests: TRACKING %u N_SOURCES %u SOURCE_DATA %u NTP_SOURCE_NAME %u (total %u), "
	    "want %u %u %u %u",
	    f->count[CHRONY_REQ_TRACKING], f->count[CHRONY_REQ_N_SOURCES],
	    f->count[CHRONY_REQ_SOURCE_DATA], f->count[CHRONY_REQ_NTP_SOURCE_NAME],
	    f->total, tracking, n_sources, source_data, names);
	CU_assertImplementation(ok, line, cond, __FILE__, "", CU_FALSE);
	CU_assertImplementation(
	    !f->bad_request, line, "every request well-formed", __FILE__, "", CU_FALSE);
	CU_assertImplementation(!f->index_out_of_order, line,
	    "SOURCE_DATA indices in order", __FILE__, "", CU_FALSE);
}

#define COUNTS(f, t, n, s, names) check_counts(__LINE__, (f), (t), (n), (s), (names))

static bool
idle(const struct chrony_client *c)
{
	uint64_t deadline;
	int fd;

	chrony_client_poll_info(c, &fd, &deadline);
	return fd == -1 && deadline == 0;
}

/* ---- the API ---- */

static void
test_new_free(void)
{
	const char *one[] = { "udp:127.0.0.1:323" };
	struct chrony_client *c = (struct chrony_client *)&c; /* not NULL */

	CU_ASSERT_EQUAL(chrony_client_new(one, 0, &c), -EINVAL);
	CU_ASSERT_PTR_NULL(chrony_client_free(NULL));
	c = NULL;
	CU_ASSERT_EQUAL(chrony_client_new(one, 1, &c), 0);
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT(idle(c));
	CU_ASSERT_PTR_NULL(chrony_client_free(c));
}

static void
test_bad_addresses(void)
{
	static const char *const bad[] = {
		"tcp:127.0.0.1:323",
		"udp:",
		"udp:localhost",
		"udp:127.0.0.1:0",
		"udp:127.0.0.1:65536",
		"udp:127.0.0.1:x",
		"udp:[::1",
		"udp:[::1]x",
		"127.0.0.1",
		"",
	};

	/* each fails at once, inside chrony_client_start() */
	for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
		struct chrony_client *c = new_client(bad[i], NULL);
		struct result res = { 0 };

		CU_ASSERT(chrony_client_start(c, on_done, &res));
		CU_ASSERT_EQUAL(res.calls, 1);
		CU_ASSERT_EQUAL(res.st.state, DAEMON_STOPPED);
		CU_ASSERT(res.st.error < 0);
		CU_ASSERT(!res.st.has_tracking);
		CU_ASSERT(!res.st.has_sources);
		CU_ASSERT_STRING_EQUAL(res.st.endpoint, bad[i]);
		CU_ASSERT(idle(c));
		status_clear(&res.st);
		chrony_client_free(c);
	}
}

/* ---- a good refresh, and the name cache ---- */

static void
test_good_refresh(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 1, 1);
	CU_ASSERT(idle(c));
	CU_ASSERT_EQUAL(memcmp(f.last_name_request, "\x7f\0\0\x01", 4), 0);

	/* again: the name is known now, and not asked for */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 2, 2, 2, 1);

	/* the source's address changes: a new name is needed */
	f.source_ip_last = 2;
	run_refresh(c, &f, &res);
	COUNTS(&f, 3, 3, 3, 2);
	CU_ASSERT_EQUAL(memcmp(f.last_name_request, "\x7f\0\0\x02", 4), 0);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_FATAL(res.st.n_sources == 1);
	CU_ASSERT_STRING_EQUAL(res.st.sources[0].address, "127.0.0.2");
	CU_ASSERT_STRING_EQUAL(
	    res.st.sources[0].name, "127.0.0.1"); /* what the fake said */
	/* tracking says 127.0.0.1, which is no source now: no name for it */
	CU_ASSERT_STRING_EQUAL(res.st.source_address, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(res.st.source_name, "");
	/* and back: both names are not kept, only the last refresh's */
	f.source_ip_last = 1;
	run_refresh(c, &f, &res);
	COUNTS(&f, 4, 4, 4, 3);
	check_synced(&res, &f);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_busy(void)
{
	struct result res = { 0 }, other = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	c = new_client(f.address, NULL);

	/* a refresh under way: a second start is refused, the first goes on */
	CU_ASSERT_FATAL(chrony_client_start(c, on_done, &res));
	CU_ASSERT(!idle(c));
	CU_ASSERT(!chrony_client_start(c, on_done, &other));
	while (!idle(c)) {
		struct pollfd p = { .fd = f.fd, .events = POLLIN };

		/* dispatching early is harmless: it reads what is there */
		if (poll(&p, 1, 10) > 0)
			fake_serve(&f);
		chrony_client_dispatch(c, monotonic_us());
	}
	CU_ASSERT_EQUAL(res.calls, 1);
	CU_ASSERT_EQUAL(other.calls, 0);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 1, 1);

	/* dispatch while idle does nothing */
	chrony_client_dispatch(c, monotonic_us() + 10000000u);
	CU_ASSERT_EQUAL(res.calls, 1);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_free_while_busy(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;
	struct pollfd p;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 3;
	c = new_client(f.address, NULL);

	/* through TRACKING and N_SOURCES, then gone in the middle of SOURCE_DATA
	 * (all three asked at once) */
	CU_ASSERT_FATAL(chrony_client_start(c, on_done, &res));
	for (int i = 0; i < 100 && f.count[CHRONY_REQ_SOURCE_DATA] == 0; i++) {
		p.fd = f.fd;
		p.events = POLLIN;
		if (poll(&p, 1, 10) > 0)
			fake_serve(&f);
		chrony_client_dispatch(c, monotonic_us());
	}
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_SOURCE_DATA], 3);
	CU_ASSERT(!idle(c));
	chrony_client_free(c); /* the sources asked so far are freed (valgrind) */
	CU_ASSERT_EQUAL(res.calls, 0);
	fake_close(&f);
}

static void
test_unix_socket(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;
	unsigned entries = 0;
	DIR *dir;

	CU_ASSERT_FATAL(fake_open_unix(&f));
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 1, 1);

	/* the client's own socket is in the server's directory, until freed */
	chrony_client_free(c);
	dir = opendir(f.dir);
	CU_ASSERT_FATAL(dir != NULL);
	for (struct dirent *e; (e = readdir(dir)) != NULL;)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			CU_ASSERT_STRING_EQUAL(e->d_name, "chronyd.sock");
			entries++;
		}
	closedir(dir);
	CU_ASSERT_EQUAL(entries, 1);

	status_clear(&res.st);
	fake_close(&f);
}

/* The reply socket's path: nothing already there is removed or followed. */
static void
test_reply_socket_path(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;
	char mine[100], target[100];
	struct stat st;
	FILE *fp;

	CU_ASSERT_FATAL(fake_open_unix(&f));
	snprintf(
	    mine, sizeof(mine), "%s/scout-ntp-agent.%ld.sock", f.dir, (long)getpid());
	snprintf(target, sizeof(target), "%s/target", f.dir);
	c = new_client(f.address, NULL);

	/* a regular file of someone's: kept, and the row says what is wrong */
	fp = fopen(mine, "w");
	CU_ASSERT_FATAL(fp != NULL);
	fputs("keep me\n", fp);
	fclose(fp);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE);
	CU_ASSERT_EQUAL(res.st.error, -EEXIST);
	CU_ASSERT(stat(mine, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 8);
	CU_ASSERT_EQUAL(f.total, 0);
	unlink(mine);

	/* a directory: the same */
	CU_ASSERT_FATAL(mkdir(mine, 0700) == 0);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE);
	CU_ASSERT(stat(mine, &st) == 0 && S_ISDIR(st.st_mode));
	rmdir(mine);

	/* a symlink to a file elsewhere: neither followed nor its target touched */
	fp = fopen(target, "w");
	CU_ASSERT_FATAL(fp != NULL);
	fclose(fp);
	CU_ASSERT_FATAL(chmod(target, 0600) == 0);
	CU_ASSERT_FATAL(symlink(target, mine) == 0);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE);
	CU_ASSERT(lstat(mine, &st) == 0 && S_ISLNK(st.st_mode));
	CU_ASSERT(stat(target, &st) == 0 && (st.st_mode & 07777) == 0600);
	unlink(mine);
	unlink(target);

	/* a stale socket of our own (an earlier agent with this pid): replaced,
	 * and the new one is open to chronyd's user, whatever our umask */
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		mode_t saved = umask(077);

		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", mine);
		CU_ASSERT_FATAL(
		    fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
		close(fd);
		run_refresh(c, &f, &res);
		umask(saved);
	}
	check_synced(&res, &f);
	CU_ASSERT(lstat(mine, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    (st.st_mode & 0666) == 0666);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* ---- replies that are not the reply ---- */

/* Before each right reply, every kind of datagram the decoders must reject. */
static void
script_junk_first(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	uint8_t big[1500];
	struct fixture good, bad;

	fake_good_reply(f, req, cmd, &good);
	if (good.len == 0)
		return;

	/* empty, one byte, a header too short */
	fake_send(f, "", 0);
	fake_send(f, good.data, 1);
	fake_send(f, good.data, 27);
	/* truncated by one byte; the bare header of a successful reply */
	fake_send(f, good.data, good.len - 1);
	if (good.len > 28)
		fake_send(f, good.data, 28);
	/* one byte too many; larger than any reply (and the client's buffer) */
	memset(big, 0, sizeof(big));
	memcpy(big, good.data, good.len);
	fake_send(f, big, good.len + 1);
	fake_send(f, big, sizeof(big));
	/* a stale one: an earlier sequence number */
	bad = good;
	put32(bad.data + RPY_SEQUENCE, get32(req + REQ_SEQUENCE) - 1);
	fake_send(f, bad.data, bad.len);
	/* the reply to another command, with the right sequence number */
	fake_reply(f, cmd == CHRONY_REQ_TRACKING ? &fx_n_sources : &fx_tracking, req);
	fake_reply(f, &fx_null, req);
	/* a request, not a reply; reserved bytes set */
	bad = good;
	bad.data[1] = 1;
	fake_send(f, bad.data, bad.len);
	bad = good;
	bad.data[3] = 0x80;
	fake_send(f, bad.data, bad.len);
	/* garbage that starts like a reply of this protocol version */
	memset(big, 0xA5, sizeof(big));
	big[0] = CHRONY_PROTO_VERSION;
	fake_send(f, big, good.len);
	fake_send(f, big, 28);
	/* a field out of range: leap 4, state 6 */
	bad = good;
	if (cmd == CHRONY_REQ_TRACKING)
		put16(bad.data + 54, 4);
	else if (cmd == CHRONY_REQ_SOURCE_DATA)
		put16(bad.data + 52, 6);
	else if (cmd == CHRONY_REQ_NTP_SOURCE_NAME)
		memset(bad.data + 28, 'x', 256); /* no terminating NUL */
	else
		bad.len = 0;
	if (bad.len)
		fake_send(f, bad.data, bad.len);

	/* and finally the right one */
	fake_send(f, good.data, good.len);
}

static void
test_junk_then_reply(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_junk_first;
	c = new_client(f.address, NULL);

	/* everything ignored, nothing retried: one request per step */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 1, 1);
	CU_ASSERT(res.elapsed_us < CHRONY_TIMEOUT_MS * 1000u);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* Junk only, never the right reply. */
static void
script_junk_only(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture good, bad;

	fake_good_reply(f, req, cmd, &good);
	fake_send(f, "", 0);
	fake_send(f, good.data, good.len - 1);
	bad = good;
	put32(bad.data + RPY_SEQUENCE, get32(req + REQ_SEQUENCE) + 1);
	fake_send(f, bad.data, bad.len);
	fake_reply(f, &fx_null, req);
}

static void
test_junk_only(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_junk_only;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE);
	CU_ASSERT_EQUAL(res.st.error, -ETIMEDOUT);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);
	COUNTS(&f, CHRONY_ATTEMPTS, CHRONY_ATTEMPTS, 0, 0);
	CU_ASSERT(res.elapsed_us >= (CHRONY_ATTEMPTS * CHRONY_TIMEOUT_MS - 10) * 1000u);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/*
 * Datagrams with another first byte that are not the reply to this request:
 * a stale reply, garbage. Only the reply to this request (its sequence and
 * command) may say that chronyd speaks another protocol version.
 */
static void
script_other_version_first(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	uint8_t junk[104];
	struct fixture good, bad;

	fake_good_reply(f, req, cmd, &good);
	if (cmd == CHRONY_REQ_TRACKING) {
		bad = good;
		bad.data[0] = 5;
		put32(bad.data + RPY_SEQUENCE, get32(req + REQ_SEQUENCE) ^ 1);
		fake_send(f, bad.data, bad.len);
		memset(junk, 0xff, sizeof(junk));
		fake_send(f, junk, sizeof(junk));
		memset(junk, 0, sizeof(junk));
		fake_send(f, junk, 28);
	}
	fake_send(f, good.data, good.len);
}

static void
test_other_version_not_ours(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_other_version_first;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT(res.st.has_tracking);
	CU_ASSERT(res.st.has_sources);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* The first TRACKING goes unanswered; the reply to it comes late, after the retry. */
static void
script_late_reply(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture late;

	if (cmd != CHRONY_REQ_TRACKING) {
		fake_answer(f, req, len, cmd);
		return;
	}
	if (f->n_seqs == 1)
		return; /* the first attempt: no answer */
	/* the second: only the reply to the first (stale now) */
	late = fx_tracking;
	put32(late.data + RPY_SEQUENCE, f->seqs[f->n_seqs - 2]);
	fake_send(f, late.data, late.len);
	if (f->n_seqs >= 3)
		fake_answer(f, req, len, cmd);
}

static void
test_late_reply(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_late_reply;
	c = new_client(f.address, NULL);

	/* the late reply to attempt 1 does not complete attempt 2; attempt 3 does */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 3, 1, 1, 1);
	CU_ASSERT_EQUAL(f.n_seqs, 3);
	CU_ASSERT(res.elapsed_us >= (2 * CHRONY_TIMEOUT_MS - 10) * 1000u);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* ---- chronyd says no ---- */

static void
script_unauth(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture r = fx_unauth; /* captured for command 57 */

	put16(r.data + RPY_COMMAND, cmd);
	memcpy(r.data + RPY_SEQUENCE, req + REQ_SEQUENCE, 4);
	fake_send(f, r.data, r.len);
}

static void
test_unauth(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_unauth;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_ACCESS_DENIED);
	CU_ASSERT_EQUAL(res.st.error, -EACCES);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);
	/* an answer is an answer: no retry */
	COUNTS(&f, 1, 1, 0, 0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
script_failed(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture r = fx_null;

	put16(r.data + RPY_COMMAND, cmd);
	put16(r.data + RPY_STATUS, CHRONY_STT_FAILED);
	memcpy(r.data + RPY_SEQUENCE, req + REQ_SEQUENCE, 4);
	fake_send(f, r.data, r.len);
}

static void
test_failed_status(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_failed;
	c = new_client(f.address, NULL);

	/* any other refusal ends the refresh without data, and without a retry */
	run_refresh(c, &f, &res);
	CU_ASSERT(res.st.error < 0);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	COUNTS(&f, 1, 1, 0, 0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* A chronyd of protocol version 5 answers a version 6 request like this. */
static void
script_v5(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	struct fixture r = fx_bad_version; /* status 18, command TRACKING */

	r.data[0] = 5;
	put16(r.data + RPY_COMMAND, cmd);
	memcpy(r.data + RPY_SEQUENCE, req + REQ_SEQUENCE, 4);
	fake_send(f, r.data, r.len);
}

static void
test_protocol_v5(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_v5;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, -EPROTONOSUPPORT);
	CU_ASSERT_EQUAL(res.st.proto_version, 5);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);
	COUNTS(&f, 1, 1, 0, 0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/*
 * The second address answers with another protocol version. The next refresh
 * starts with the address that answered, and the endpoint names the address
 * that was really asked.
 */
static void
test_protocol_v5_second_address(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	char closed[64], want[512];
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_v5;
	snprintf(closed, sizeof(closed), "udp:127.0.0.1:%u", closed_port());
	c = new_client(closed, f.address);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, -EPROTONOSUPPORT);
	snprintf(want, sizeof(want), "%s, %s", closed, f.address);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, want);
	COUNTS(&f, 1, 1, 0, 0);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, -EPROTONOSUPPORT);
	COUNTS(&f, 2, 2, 0, 0);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
script_bad_version_status(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
	fake_reply(f, &fx_bad_version, req);
}

static void
test_bad_version_status(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_bad_version_status;
	c = new_client(f.address, NULL);

	/* bad-version.bin as captured: version byte 6, status BADPKTVERSION */
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, -EPROTONOSUPPORT);
	CU_ASSERT(!res.st.has_tracking);
	COUNTS(&f, 1, 1, 0, 0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* ---- chronyd is not there ---- */

static void
script_silent(struct fake *f, const uint8_t *req, size_t len, uint16_t cmd)
{
}

static void
test_no_answer(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.script = script_silent;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE);
	CU_ASSERT_EQUAL(res.st.error, -ETIMEDOUT);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);

	/* CHRONY_ATTEMPTS requests, each with its own sequence number */
	COUNTS(&f, CHRONY_ATTEMPTS, CHRONY_ATTEMPTS, 0, 0);
	CU_ASSERT_EQUAL_FATAL(f.n_seqs, CHRONY_ATTEMPTS);
	for (unsigned i = 0; i < f.n_seqs; i++)
		for (unsigned j = i + 1; j < f.n_seqs; j++)
			CU_ASSERT_NOT_EQUAL(f.seqs[i], f.seqs[j]);
	/* each attempt waited its CHRONY_TIMEOUT_MS, and not much more */
	CU_ASSERT(res.elapsed_us >= (CHRONY_ATTEMPTS * CHRONY_TIMEOUT_MS - 10) * 1000u);
	CU_ASSERT(res.elapsed_us < (CHRONY_ATTEMPTS * CHRONY_TIMEOUT_MS + 500) * 1000u);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_closed_port(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	char address[64];

	snprintf(address, sizeof(address), "udp:127.0.0.1:%u", closed_port());
	c = new_client(address, NULL);

	/* the ICMP port unreachable: at once, no retry */
	run_refresh(c, NULL, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_STOPPED);
	CU_ASSERT_EQUAL(res.st.error, -ECONNREFUSED);
	CU_ASSERT(!res.st.has_tracking);
	CU_ASSERT(!res.st.has_sources);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, address);
	CU_ASSERT(res.elapsed_us < CHRONY_TIMEOUT_MS * 1000u);

	/* and the same again on the next refresh (the socket is not stuck) */
	run_refresh(c, NULL, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_STOPPED);
	CU_ASSERT_EQUAL(res.st.error, -ECONNREFUSED);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, address);

	status_clear(&res.st);
	chrony_client_free(c);
}

static void
test_unix_missing(void)
{
	struct result res = { 0 };
	struct chrony_client *c = new_client("unix:/nonexistent/path", NULL);

	/* no directory to bind the client's socket in: over inside start() */
	CU_ASSERT(chrony_client_start(c, on_done, &res));
	CU_ASSERT_EQUAL(res.calls, 1);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_STOPPED);
	/* -ENOENT would say more; the client reports its -ECONNREFUSED default */
	CU_ASSERT(res.st.error < 0);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, "unix:/nonexistent/path");
	CU_ASSERT(idle(c));

	status_clear(&res.st);
	chrony_client_free(c);
}

/* ---- several addresses ---- */

static void
test_fallback_closed_port(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	char closed[64], want[512];
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	snprintf(closed, sizeof(closed), "udp:127.0.0.1:%u", closed_port());
	c = new_client(closed, f.address);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT(res.st.has_tracking);
	CU_ASSERT(res.st.has_sources);
	CU_ASSERT_EQUAL(res.st.n_sources, 1);
	snprintf(want, sizeof(want), "%s, %s", closed, f.address);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, want);
	COUNTS(&f, 1, 1, 1, 1);

	/* the next refresh starts with the address that answered */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 2, 2, 2, 1);

	/* it stops answering: back to the first, then to it again */
	f.script = script_silent;
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_UNREACHABLE); /* worse than stopped */
	CU_ASSERT_EQUAL(res.st.error, -ETIMEDOUT);
	snprintf(want, sizeof(want), "%s, %s", f.address, closed);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, want);
	CU_ASSERT(!res.st.has_tracking);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_fallback_unix_missing(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	char want[512];
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	c = new_client("unix:/nonexistent/path", f.address);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT(res.st.has_tracking);
	CU_ASSERT(res.st.has_sources);
	snprintf(want, sizeof(want), "unix:/nonexistent/path, %s", f.address);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, want);
	COUNTS(&f, 1, 1, 1, 1);

	/* the next refresh starts with the address that answered */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 2, 2, 2, 1);
	CU_ASSERT_STRING_EQUAL(res.st.endpoint, f.address);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/*
 * Requests that do not depend on each other go together: TRACKING with
 * N_SOURCES, then every SOURCE_DATA, at most CHRONY_WINDOW in flight. Counts
 * the rounds in which the fake had requests to answer, and the most it had
 * in one round.
 */
static unsigned
burst_rounds(struct chrony_client *c, struct fake *f, unsigned *ret_widest)
{
	struct result res = { 0 };
	unsigned rounds = 0;

	*ret_widest = 0;
	fake_new_refresh(f);
	CU_ASSERT_FATAL(chrony_client_start(c, on_done, &res));
	for (int i = 0; i < 1000 && res.calls == 0; i++) {
		struct pollfd p = { .fd = f->fd, .events = POLLIN };
		unsigned before = f->total;

		if (poll(&p, 1, 100) > 0)
			fake_serve(f);
		if (f->total > before) {
			rounds++;
			if (f->total - before > *ret_widest)
				*ret_widest = f->total - before;
		}
		/* the replies are all queued: one dispatch takes them all */
		chrony_client_dispatch(c, monotonic_us());
	}
	CU_ASSERT_EQUAL(res.calls, 1);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	status_clear(&res.st);
	return rounds;
}

static void
test_bursts(void)
{
	struct chrony_client *c;
	struct fake f;
	unsigned widest;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 3;
	c = new_client(f.address, NULL);
	/* the first refresh also asks the names: three rounds, the widest the
	 * three names with the three NTP_DATA (refused over UDP) */
	CU_ASSERT_EQUAL(burst_rounds(c, &f, &widest), 3);
	CU_ASSERT_EQUAL(widest, 6);
	/* names known, sources known, NTP_DATA refused: one round of TRACKING,
	 * N_SOURCES, ACTIVITY and the three SOURCE_DATA */
	CU_ASSERT_EQUAL(burst_rounds(c, &f, &widest), 1);
	CU_ASSERT_EQUAL(widest, 6);
	/* a source more than last time: asked once N_SOURCES says so */
	f.n_sources = 4;
	/* (its address is the others', so its name is known) */
	CU_ASSERT_EQUAL(burst_rounds(c, &f, &widest), 2);
	CU_ASSERT_EQUAL(widest, 6);
	/* one fewer: the extra SOURCE_DATA gets NOSUCHSOURCE, ignored */
	f.n_sources = 3;
	CU_ASSERT_EQUAL(burst_rounds(c, &f, &widest), 1);
	CU_ASSERT_EQUAL(widest, 7);
	chrony_client_free(c);
	fake_close(&f);

	/* more sources than the window: never more than it at once */
	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 3 * CHRONY_WINDOW;
	c = new_client(f.address, NULL);
	burst_rounds(c, &f, &widest);
	/* 2 + 24 requests, 8 at a time */
	CU_ASSERT_EQUAL(burst_rounds(c, &f, &widest), 4);
	CU_ASSERT_EQUAL(widest, CHRONY_WINDOW);
	CU_ASSERT_FALSE(f.bad_request);
	chrony_client_free(c);
	fake_close(&f);
}

/* ---- the source list ---- */

static void
test_source_vanishes(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 2;
	f.nosuch_index = 1;
	c = new_client(f.address, NULL);

	/* N_SOURCES says 2; SOURCE_DATA 1 says NOSUCHSOURCE: one source */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 2, 1);

	/* the first one vanishes instead: no sources at all (both were asked at
	 * once) */
	f.nosuch_index = 0;
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT(res.st.has_tracking);
	CU_ASSERT(res.st.has_sources);
	CU_ASSERT_EQUAL(res.st.n_sources, 0);
	CU_ASSERT_STRING_EQUAL(res.st.source_name, "");
	COUNTS(&f, 2, 2, 4, 1);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_no_sources(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 0;
	c = new_client(f.address, NULL);

	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT(res.st.has_tracking);
	CU_ASSERT(res.st.has_sources);
	CU_ASSERT_EQUAL(res.st.n_sources, 0);
	CU_ASSERT_PTR_NULL(res.st.sources);
	CU_ASSERT(!res.st.has_poll);
	COUNTS(&f, 1, 1, 0, 0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_name_refused(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.name_nosuch = true;
	c = new_client(f.address, NULL);

	/* no name from chronyd: the address stands in */
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT_FATAL(res.st.n_sources == 1);
	CU_ASSERT_STRING_EQUAL(res.st.sources[0].name, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(res.st.source_name, "127.0.0.1");
	COUNTS(&f, 1, 1, 1, 1);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

static void
test_many_sources(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	c = new_client(f.address, NULL);

	/* a first refresh names 127.0.0.1, so the big one asks for no names */
	run_refresh(c, &f, &res);
	check_synced(&res, &f);
	COUNTS(&f, 1, 1, 1, 1);

	/* 5000 sources claimed: the first CHRONY_MAX_SOURCES are read */
	f.n_sources = 5000;
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT(res.st.has_sources);
	CU_ASSERT_EQUAL_FATAL(res.st.n_sources, CHRONY_MAX_SOURCES);
	CU_ASSERT_EQUAL(f.next_index, CHRONY_MAX_SOURCES);
	COUNTS(&f, 2, 2, 1 + CHRONY_MAX_SOURCES, 1);
	CU_ASSERT_STRING_EQUAL(
	    res.st.sources[CHRONY_MAX_SOURCES - 1].name, "127.0.0.1");
	CU_ASSERT_EQUAL(res.st.sources[CHRONY_MAX_SOURCES - 1].state, SOURCE_SELECTED);
	printf("(%u SOURCE_DATA in %.0f ms) ", CHRONY_MAX_SOURCES,
	    res.elapsed_us / 1000.0);

	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* ---- diagnostic facts: ACTIVITY, and NTP_DATA where chronyd allows it ---- */

static void
test_diagnosis_unix(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_unix(&f));
	f.n_sources = 3;
	c = new_client(f.address, NULL);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_ACTIVITY], 1);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_NTP_DATA], 3); /* one per source */
	CU_ASSERT(res.st.has_activity);
	CU_ASSERT_EQUAL(res.st.sources_online, 1); /* activity-online.bin */
	CU_ASSERT_EQUAL(res.st.sources_offline, 0);
	CU_ASSERT_EQUAL(res.st.sources_unresolved, 0);
	CU_ASSERT(!res.st.replies_refused);
	CU_ASSERT_EQUAL_FATAL(res.st.n_sources, 3);
	for (unsigned i = 0; i < 3; i++) {
		const struct source_status *s = &res.st.sources[i];

		/* ntp-data-synced.bin */
		CU_ASSERT(s->has_reply_counts);
		CU_ASSERT(s->has_reply);
		CU_ASSERT_EQUAL(s->reply_leap, LEAP_NORMAL);
		CU_ASSERT_EQUAL(s->reply_stratum, 8);
		CU_ASSERT_STRING_EQUAL(s->kiss_code, "");
		CU_ASSERT_EQUAL(s->tx_count, 44);
		CU_ASSERT_EQUAL(s->rx_count, 44);
		CU_ASSERT_EQUAL(s->good_count, 17);
	}
	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

/* Over UDP chronyd refuses NTP_DATA: asked in the first refresh, then no
 * more of that address. */
static void
test_diagnosis_udp(void)
{
	struct result res = { 0 };
	struct chrony_client *c;
	struct fake f;

	CU_ASSERT_FATAL(fake_open_udp(&f));
	f.n_sources = 3;
	c = new_client(f.address, NULL);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(res.st.state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(res.st.error, 0);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_ACTIVITY], 1);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_NTP_DATA], 3);
	CU_ASSERT(res.st.has_activity);
	CU_ASSERT(res.st.replies_refused);
	status_clear(&res.st);
	memset(&res, 0, sizeof(res));
	fake_new_refresh(&f);
	run_refresh(c, &f, &res);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_ACTIVITY], 2);
	CU_ASSERT_EQUAL(f.count[CHRONY_REQ_NTP_DATA], 3);
	CU_ASSERT(res.st.replies_refused);
	CU_ASSERT_EQUAL_FATAL(res.st.n_sources, 3);
	for (unsigned i = 0; i < 3; i++) {
		CU_ASSERT(!res.st.sources[i].has_reply_counts);
		CU_ASSERT(!res.st.sources[i].has_reply);
	}
	status_clear(&res.st);
	chrony_client_free(c);
	fake_close(&f);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "new and free", test_new_free },
		{ "bad addresses", test_bad_addresses },
		{ "good refresh, name cache", test_good_refresh },
		{ "busy: second start refused", test_busy },
		{ "free while busy", test_free_while_busy },
		{ "independent requests in bursts", test_bursts },
		{ "unix socket", test_unix_socket },
		{ "the reply socket's path", test_reply_socket_path },
		{ "junk before each reply", test_junk_then_reply },
		{ "junk only: unreachable", test_junk_only },
		{ "another version, not our reply", test_other_version_not_ours },
		{ "late reply after a retry", test_late_reply },
		{ "UNAUTH: accessDenied", test_unauth },
		{ "FAILED status", test_failed_status },
		{ "protocol version 5", test_protocol_v5 },
		{ "protocol version 5 on the second address",
		    test_protocol_v5_second_address },
		{ "BADPKTVERSION status", test_bad_version_status },
		{ "no answer: retries, unreachable", test_no_answer },
		{ "closed port: stopped", test_closed_port },
		{ "unix socket missing: stopped", test_unix_missing },
		{ "closed port, then chronyd", test_fallback_closed_port },
		{ "missing unix socket, then chronyd", test_fallback_unix_missing },
		{ "a source vanishes", test_source_vanishes },
		{ "no sources", test_no_sources },
		{ "name refused", test_name_refused },
		{ "5000 sources", test_many_sources },
		{ "diagnosis facts over the unix socket", test_diagnosis_unix },
		{ "diagnosis facts over UDP", test_diagnosis_udp },
	};
	const struct unit_suite suite = {
		.name = "chrony client", .init = load_fixtures, UNIT_TESTS(tests)
	};

	return unit_run_suites(&suite, 1);
}
