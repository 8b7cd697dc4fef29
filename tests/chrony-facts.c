/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chrony-facts: test tool, not part of the agent. Asks one chronyd, through
 * the chrony_proto codec, for the facts a diagnosis needs and prints them one
 * line each, for the integration tests to grep:
 *
 *   activity online=1 offline=0 burst_online=0 burst_offline=0 unresolved=0
 *   source 0 addr=127.0.0.1 state=1 mode=0 reach=0 stratum=0 poll=-3
 *   ntpdata 127.0.0.1 leap=3 version=4 mode=4 stratum=0 refid=44454E59
 *     kiss=DENY tests=1110000000 tx=5 rx=5 valid=0 good=0
 *   ntpdata 127.0.0.1 error=-13 status=2 (not authorised)
 *
 *   chrony-facts TARGET      TARGET: chronyd's unix socket (a path) or a UDP
 *                            command port on 127.0.0.1
 *
 * Exits 0 when every request was answered (an error status is an answer), 1
 * when chronyd did not answer or sent a reply the codec rejects, 2 on usage.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "chrony_proto.h"

#define ATTEMPTS 3
#define MAX_LISTED_SOURCES 64

static char client_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static uint32_t next_seq = 0x66000001u;

static void
remove_client_path(void)
{
	if (client_path[0])
		unlink(client_path);
}

static int
open_udp(const char *port_text)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char *end;
	long port;
	int fd;

	errno = 0;
	port = strtol(port_text, &end, 10);
	if (errno || end == port_text || *end || port < 1 || port > 65535) {
		fprintf(stderr, "chrony-facts: bad port '%s'\n", port_text);
		exit(2);
	}
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("chrony-facts: udp");
		exit(1);
	}
	return fd;
}

/* Bound next to the server's socket, world-writable, so that a chronyd that
 * dropped root can answer. */
static int
open_unix(const char *server)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX },
			   me = { .sun_family = AF_UNIX };
	const char *slash = strrchr(server, '/');
	int fd, n;

	n = snprintf(me.sun_path, sizeof(me.sun_path), "%.*s/facts.%ld.sock",
	    (int)(slash - server), server, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(me.sun_path) ||
	    strlen(server) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "chrony-facts: socket path too long\n");
		exit(2);
	}
	strcpy(sun.sun_path, server);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("chrony-facts: socket");
		exit(1);
	}
	unlink(me.sun_path);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
		perror("chrony-facts: bind");
		exit(1);
	}
	strcpy(client_path, me.sun_path);
	atexit(remove_client_path);
	if (chmod(me.sun_path, 0666) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		perror("chrony-facts: connect");
		exit(1);
	}
	return fd;
}

/* Sends req and waits for the datagram with its sequence; returns its
 * length, or -1 after ATTEMPTS timeouts of 1 s. */
static ssize_t
exchange(int fd, const uint8_t *req, size_t req_len, uint8_t *reply, size_t size)
{
	struct timeval tv = { .tv_sec = 1 };
	int attempt;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (attempt = 0; attempt < ATTEMPTS; attempt++) {
		ssize_t n;

		if (send(fd, req, req_len, 0) != (ssize_t)req_len) {
			perror("chrony-facts: send");
			return -1;
		}
		for (;;) {
			n = recv(fd, reply, size, 0);
			if (n < 0)
				break; /* timeout: send again */
			if (n >= 20 && memcmp(reply + 16, req + 8, 4) == 0)
				return n;
		}
	}
	return -1;
}

static bool failed;

static void
report_error(const char *what, int r, uint16_t status)
{
	printf("%s error=%d status=%u (%s)\n", what, r, status,
	    chrony_status_string(status));
	/* a refusal is a fact; a reply the codec rejects is not */
	if (r != -EACCES && r != -ENOENT && r != -EIO)
		failed = true;
}

static void
format_kiss(uint32_t ref_id, char *buf)
{
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)(ref_id >> (24 - 8 * i));

		buf[i] = (c >= 0x20 && c <= 0x7e) ? (char)c : '.';
	}
	buf[4] = '\0';
}

static void
print_ntp_data(int fd, const struct chrony_addr *addr, const char *name)
{
	uint8_t req[CHRONY_MAX_REQUEST], reply[CHRONY_MAX_REPLY];
	struct chrony_ntp_data d;
	uint16_t status = 0;
	char what[96], kiss[5], tests[11];
	uint32_t seq = next_seq++;
	ssize_t len, n;
	int r, i;

	snprintf(what, sizeof(what), "ntpdata %s", name);
	len = chrony_encode_ntp_data(req, sizeof(req), seq, addr);
	n = len < 0 ? -1 : exchange(fd, req, (size_t)len, reply, sizeof(reply));
	if (n < 0) {
		printf("%s error=timeout\n", what);
		failed = true;
		return;
	}
	r = chrony_decode_ntp_data(reply, (size_t)n, seq, &status, &d);
	if (r < 0) {
		report_error(what, r, status);
		return;
	}
	format_kiss(d.ref_id, kiss);
	/* test 1 is the highest bit, the order chronyc prints ("NTP tests") */
	for (i = 0; i < 10; i++)
		tests[i] = (d.flags & (1u << (9 - i))) ? '1' : '0';
	tests[10] = '\0';
	printf("%s leap=%u version=%u mode=%u stratum=%u poll=%d refid=%08" PRIX32
	       " kiss=%s tests=%s tx=%" PRIu32 " rx=%" PRIu32 " valid=%" PRIu32
	       " good=%" PRIu32 " rx_tss=%c\n",
	    what, d.leap, d.version, d.mode, d.stratum, d.poll, d.ref_id, kiss, tests,
	    d.total_tx_count, d.total_rx_count, d.total_valid_count, d.total_good_count,
	    d.rx_tss_char ? d.rx_tss_char : '-');
}

static void
print_activity(int fd)
{
	uint8_t req[CHRONY_MAX_REQUEST], reply[CHRONY_MAX_REPLY];
	struct chrony_activity a;
	uint16_t status = 0;
	uint32_t seq = next_seq++;
	ssize_t len, n;
	int r;

	len = chrony_encode_activity(req, sizeof(req), seq);
	n = len < 0 ? -1 : exchange(fd, req, (size_t)len, reply, sizeof(reply));
	if (n < 0) {
		printf("activity error=timeout\n");
		failed = true;
		return;
	}
	r = chrony_decode_activity(reply, (size_t)n, seq, &status, &a);
	if (r < 0) {
		report_error("activity", r, status);
		return;
	}
	printf("activity online=%" PRIu32 " offline=%" PRIu32 " burst_online=%" PRIu32
	       " burst_offline=%" PRIu32 " unresolved=%" PRIu32 "\n",
	    a.online, a.offline, a.burst_online, a.burst_offline, a.unresolved);
}

static void
print_sources(int fd)
{
	uint8_t req[CHRONY_MAX_REQUEST], reply[CHRONY_MAX_REPLY];
	uint16_t status = 0;
	uint32_t seq = next_seq++, count, i;
	ssize_t len, n;
	int r;

	len = chrony_encode_n_sources(req, sizeof(req), seq);
	n = len < 0 ? -1 : exchange(fd, req, (size_t)len, reply, sizeof(reply));
	if (n < 0 ||
	    (r = chrony_decode_n_sources(reply, (size_t)n, seq, &status, &count)) < 0) {
		printf("sources error\n");
		failed = true;
		return;
	}
	printf("sources %" PRIu32 "\n", count);
	for (i = 0; i < count && i < MAX_LISTED_SOURCES; i++) {
		struct chrony_source s;
		char addr[64], what[32];

		seq = next_seq++;
		len = chrony_encode_source_data(req, sizeof(req), seq, (int32_t)i);
		n = len < 0 ? -1 : exchange(fd, req, (size_t)len, reply, sizeof(reply));
		snprintf(what, sizeof(what), "source %" PRIu32, i);
		if (n < 0) {
			printf("%s error=timeout\n", what);
			failed = true;
			continue;
		}
		r = chrony_decode_source_data(reply, (size_t)n, seq, &status, &s);
		if (r < 0) {
			report_error(what, r, status);
			continue;
		}
		chrony_addr_format(&s.addr, addr, sizeof(addr));
		printf("%s addr=%s state=%u mode=%u reach=%o stratum=%u poll=%d\n",
		    what, addr, s.state, s.mode, s.reach, s.stratum, s.poll);
		if (s.addr.family == CHRONY_FAMILY_INET4 ||
		    s.addr.family == CHRONY_FAMILY_INET6)
			print_ntp_data(fd, &s.addr, addr);
	}
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: chrony-facts SOCKET_PATH|UDP_PORT\n");
		return 2;
	}
	fd = strchr(argv[1], '/') ? open_unix(argv[1]) : open_udp(argv[1]);
	print_activity(fd);
	print_sources(fd);
	close(fd);
	return failed ? 1 : 0;
}
