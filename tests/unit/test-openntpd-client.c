/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for the OpenNTPD backend in openntpd.c, against a fake OpenNTPD:
 * a unix stream socket of this process that reads the backend's two requests
 * and answers with the bytes captured from the real OpenNTPD 6.2p3
 * (tests/unit/data/openntpd-*.bin), whole, byte by byte, cut short, or
 * altered.
 *
 * This is a mock, for the states a real OpenNTPD cannot be brought into on
 * demand: hung mid-reply, closing mid-reply, a peer count that does not match
 * the list, junk. tests/integration/openntpd.sh runs the real one.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <CUnit/Basic.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "backend.h"
#include "conf.h"
#include "openntpd.h"
#include "openntpd_proto.h"
#include "unit.h"
#include "util.h"

/* A refresh never takes longer than this here, however it fails. */
#define RUN_LIMIT_MS (OPENNTPD_TIMEOUT_MS + 1000)

static char dir[32], path[64], missing[64];
static int listen_fd = -1;
static void *state;
static struct findings findings;
static bool done;

static void
on_done(void *userdata)
{
	(void)userdata;
	done = true;
}

static int
setup(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct conf conf;

	snprintf(dir, sizeof(dir), "/tmp/scout-openntpd.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/ntpd.sock", dir);
	snprintf(missing, sizeof(missing), "%s/absent.sock", dir);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(listen_fd, 4) < 0)
		return -1;
	conf_init(&conf);
	if (openntpd_backend.init(&conf, &state) != 1)
		return -1;
	conf_free(&conf);
	return 0;
}

static int
cleanup(void)
{
	openntpd_backend.free(state);
	close(listen_fd);
	unlink(path);
	rmdir(dir);
	return 0;
}

/* Starts a refresh against paths; returns the fake daemon's end, the two
 * requests read and checked (-1: the backend did not connect). */
static int
begin(const char *const *paths)
{
	uint8_t req[2 * OPENNTPD_HDR_LEN];
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };
	int fd;

	findings_clear(&findings);
	done = false;
	openntpd_backend_use_paths(state, paths);
	CU_ASSERT_TRUE(openntpd_backend.start(state, &findings, on_done, NULL));
	if (done || poll(&p, 1, 0) != 1)
		return -1;
	fd = accept(listen_fd, NULL, NULL);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(read(fd, req, sizeof(req)), (ssize_t)sizeof(req));
	CU_ASSERT_EQUAL(req[0], OPENNTPD_CTL_SHOW_STATUS);
	CU_ASSERT_EQUAL(req[OPENNTPD_HDR_LEN], OPENNTPD_CTL_SHOW_PEERS);
	return fd;
}

/* Runs the backend's loop until it is done; false if it overran. */
static bool
run(void)
{
	uint64_t limit = monotonic_us() + RUN_LIMIT_MS * 1000ull;

	while (!done && monotonic_us() < limit) {
		struct pollfd fds[4];
		uint64_t deadline = 0, now;
		unsigned n = openntpd_backend.poll_fds(state, fds, 4, &deadline);
		int timeout = 50;

		now = monotonic_us();
		if (deadline)
			timeout =
			    deadline > now ? (int)((deadline - now) / 1000 + 1) : 0;
		poll(fds, n, timeout);
		openntpd_backend.dispatch(state, monotonic_us());
	}
	return done;
}

static size_t
fixture(const char *name, uint8_t *buf, size_t max)
{
	size_t len = unit_fixture(name, buf, max);

	CU_ASSERT_FATAL(len > 0);
	return len;
}

static const struct daemon_status *
row(void)
{
	return &findings.daemons[DAEMON_OPENNTPD];
}

static void
test_whole(void)
{
	const char *const paths[] = { missing, path, NULL };
	uint8_t buf[1024];
	size_t len = fixture("openntpd-synced.bin", buf, sizeof(buf));
	int fd = begin(paths); /* the first path is absent: the second answers */

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, buf, len), (ssize_t)len);
	CU_ASSERT_TRUE(run());
	close(fd);
	CU_ASSERT_EQUAL(row()->type, DAEMON_OPENNTPD);
	CU_ASSERT_EQUAL(row()->state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(row()->error, 0);
	CU_ASSERT_STRING_EQUAL(row()->endpoint, path);
	CU_ASSERT_EQUAL(row()->stratum, 9);
	CU_ASSERT_EQUAL(row()->n_sources, 1);
	CU_ASSERT_STRING_EQUAL(row()->source_address, "10.124.0.1");
	CU_ASSERT_EQUAL(row()->sources[0].state, SOURCE_SELECTED);
}

static void
test_byte_by_byte(void)
{
	const char *const paths[] = { path, NULL };
	uint8_t buf[1024];
	size_t len = fixture("openntpd-backoff.bin", buf, sizeof(buf));
	int fd = begin(paths);

	CU_ASSERT_FATAL(fd >= 0);
	for (size_t i = 0; i < len && !done; i++) {
		CU_ASSERT_EQUAL(write(fd, buf + i, 1), 1);
		openntpd_backend.dispatch(state, monotonic_us());
	}
	CU_ASSERT_TRUE(run());
	close(fd);
	CU_ASSERT_EQUAL(row()->state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(row()->error, 0);
	CU_ASSERT_EQUAL(row()->n_sources, 1);
	CU_ASSERT_EQUAL(row()->sources[0].state, SOURCE_UNREACHABLE);
}

/* The daemon sends len bytes of the capture, then closes (or hangs). */
static void
cut(size_t len, bool hang, int want_error)
{
	const char *const paths[] = { path, NULL };
	uint8_t buf[1024];
	size_t all = fixture("openntpd-synced.bin", buf, sizeof(buf));
	int fd = begin(paths);

	CU_ASSERT_FATAL(fd >= 0 && len < all);
	if (len)
		CU_ASSERT_EQUAL(write(fd, buf, len), (ssize_t)len);
	if (!hang)
		close(fd);
	CU_ASSERT_TRUE(run());
	if (hang)
		close(fd);
	CU_ASSERT_EQUAL(row()->error, want_error);
	CU_ASSERT_FALSE(row()->has_sources);
}

static void
test_closed_mid_reply(void)
{
	cut(0, false, -ECONNRESET);
	cut(100, false, -ECONNRESET);
	CU_ASSERT_EQUAL(row()->state, DAEMON_STOPPED);
}

static void
test_hung_mid_reply(void)
{
	uint64_t t0 = monotonic_us();

	cut(100, true, -ETIMEDOUT);
	CU_ASSERT_EQUAL(row()->state, DAEMON_UNREACHABLE);
	CU_ASSERT(monotonic_us() - t0 >= OPENNTPD_TIMEOUT_MS * 1000ull);
}

/* The capture with bytes changed: rejected, the row says answered-but-bad. */
static void
altered(size_t off, uint8_t value)
{
	const char *const paths[] = { path, NULL };
	uint8_t buf[1024];
	size_t len = fixture("openntpd-synced.bin", buf, sizeof(buf));
	int fd = begin(paths);

	CU_ASSERT_FATAL(fd >= 0 && off < len);
	buf[off] = value;
	CU_ASSERT_EQUAL(write(fd, buf, len), (ssize_t)len);
	CU_ASSERT_TRUE(run());
	close(fd);
	CU_ASSERT_EQUAL(row()->state, DAEMON_RUNNING);
	CU_ASSERT_EQUAL(row()->error, -EBADMSG);
	CU_ASSERT_FALSE(row()->has_sources);
}

static void
test_malformed(void)
{
	/* the end of the list says 2 peers, one came */
	altered(72 + 144 + OPENNTPD_HDR_LEN, 2);
	/* a header shorter than itself */
	altered(4, 5);
	/* a message type the backend never asked for */
	altered(72, 99);
	/* trust out of range in the peer */
	altered(72 + OPENNTPD_HDR_LEN + 82, 11);
}

static void
test_absent(void)
{
	const char *const paths[] = { missing, NULL };

	CU_ASSERT_EQUAL(begin(paths), -1);
	CU_ASSERT_TRUE(done);
	CU_ASSERT_EQUAL(row()->state, DAEMON_STOPPED);
	CU_ASSERT_EQUAL(row()->error, -ENOENT);
	CU_ASSERT_STRING_EQUAL(row()->endpoint, missing);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "whole reply, second path", test_whole },
		{ "byte by byte", test_byte_by_byte },
		{ "closed mid-reply", test_closed_mid_reply },
		{ "hung mid-reply: timeout", test_hung_mid_reply },
		{ "malformed: rejected", test_malformed },
		{ "no socket: stopped", test_absent },
	};
	static const struct unit_suite suites[] = {
		{ .name = "openntpd client",
		    .init = setup,
		    .cleanup = cleanup,
		    UNIT_TESTS(tests) },
	};

	return unit_run_suites(suites, UNIT_ELEMENTS(suites));
}
