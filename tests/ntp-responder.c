/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ntp-responder: NTP servers on loopback for the tests and for
 * bench/many-sources.sh, answering in one of several modes, to show a real
 * client the replies a public server can send.
 *
 * chronyd tells its sources apart by IP address, and a server chronyd binds
 * one address, so 200 reachable sources would need 200 chronyd servers. This
 * binds COUNT sockets, one per address FIRST, FIRST+1, ... (all inside
 * 127.0.0.0/8: it refuses anything else), on PORT, and answers each NTP
 * client request (mode 3) with a plain server reply (mode 4): stratum 8,
 * reference 127.127.1.1 as a chronyd "local stratum 8" server would say, the
 * request's transmit timestamp as origin, the system clock for receive and
 * transmit. No authentication, no extension fields, no interleaved mode.
 *
 *   ntp-responder [-m MODE] FIRST_ADDRESS COUNT PORT
 *
 * MODE is what every reply says:
 *   normal   the plain reply above (default)
 *   unsync   leap 3 (alarm), stratum 16, reference 0: a server that is up but
 *            not synchronised itself
 *   deny, rstr, rate
 *            a kiss-o'-death: leap 3, stratum 0, the kiss code as reference
 *            id ("DENY", "RSTR", "RATE"), as RFC 5905 section 7.4 describes
 *   silent   the port is bound (no ICMP port unreachable) but nothing answers
 *
 * Runs in the foreground until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum reply_mode {
	MODE_NORMAL,
	MODE_UNSYNC,
	MODE_DENY,
	MODE_RSTR,
	MODE_RATE,
	MODE_SILENT
};

static const struct {
	const char *name;
	uint32_t kiss_code; /* reference id of a kiss-o'-death, else 0 */
} modes[] = {
	[MODE_NORMAL] = { "normal", 0 },
	[MODE_UNSYNC] = { "unsync", 0 },
	[MODE_DENY] = { "deny", 0x44454e59 }, /* "DENY" */
	[MODE_RSTR] = { "rstr", 0x52535452 }, /* "RSTR" */
	[MODE_RATE] = { "rate", 0x52415445 }, /* "RATE" */
	[MODE_SILENT] = { "silent", 0 },
};

static enum reply_mode mode = MODE_NORMAL;

#define NTP_PACKET 48
#define NTP_UNIX_OFFSET 2208988800u

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
put_now(uint8_t *p)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	put32(p, (uint32_t)ts.tv_sec + NTP_UNIX_OFFSET);
	put32(p + 4, (uint32_t)(((uint64_t)ts.tv_nsec << 32) / 1000000000u));
}

static void
answer(int fd)
{
	uint8_t req[1024], rep[NTP_PACKET];
	struct sockaddr_in from;
	socklen_t from_len = sizeof(from);
	ssize_t n;

	n = recvfrom(
	    fd, req, sizeof(req), MSG_DONTWAIT, (struct sockaddr *)&from, &from_len);
	if (n < NTP_PACKET || (req[0] & 7) != 3 || mode == MODE_SILENT)
		return;
	memset(rep, 0, sizeof(rep));
	put_now(rep + 32);			 /* receive */
	rep[0] = (uint8_t)((req[0] & 0x38) | 4); /* LI 0, request's VN, mode 4 */
	rep[1] = 8;				 /* stratum */
	rep[2] = req[2];			 /* poll */
	rep[3] = (uint8_t)-20;			 /* precision, ~1 µs */
	put32(rep + 4, 0);			 /* root delay */
	put32(rep + 8, 0x10);			 /* root dispersion, ~0.24 ms */
	put32(rep + 12, 0x7f7f0101);		 /* reference id */
	put_now(rep + 16);			 /* reference time */
	memcpy(rep + 24, req + 40, 8);		 /* origin = their transmit */
	put_now(rep + 40);			 /* transmit */
	if (mode != MODE_NORMAL) {
		/* not synchronised or kissing: alarm, no reference */
		rep[0] |= 0xc0;
		rep[1] = mode == MODE_UNSYNC ? 16 : 0;
		put32(rep + 12, modes[mode].kiss_code);
		memset(rep + 16, 0, 8);
	}
	sendto(fd, rep, sizeof(rep), 0, (struct sockaddr *)&from, from_len);
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: ntp-responder [-m normal|unsync|deny|rstr|rate|silent] "
	    "FIRST_ADDRESS COUNT PORT\n");
	return 2;
}

static bool
parse_long(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*ret = v;
	return true;
}

int
main(int argc, char **argv)
{
	struct in_addr first;
	struct pollfd *fds;
	long count, port;
	int opt;

	while ((opt = getopt(argc, argv, "m:")) != -1) {
		size_t i;

		if (opt != 'm')
			return usage();
		for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			if (strcmp(optarg, modes[i].name) == 0)
				break;
		if (i == sizeof(modes) / sizeof(modes[0])) {
			fprintf(stderr, "ntp-responder: unknown mode '%s'\n", optarg);
			return usage();
		}
		mode = (enum reply_mode)i;
	}
	argc -= optind - 1;
	argv += optind - 1;
	if (argc != 4 || inet_pton(AF_INET, argv[1], &first) != 1 ||
	    !parse_long(argv[2], 1, 10000, &count) ||
	    !parse_long(argv[3], 1, 65535, &port))
		return usage();
	fds = calloc((size_t)count, sizeof(*fds));
	if (!fds)
		return 1;
	for (long i = 0; i < count; i++) {
		uint32_t a = ntohl(first.s_addr) + (uint32_t)i;
		struct sockaddr_in sa = { .sin_family = AF_INET,
			.sin_port = htons((uint16_t)port) };

		if ((a >> 24) != 127) {
			fprintf(stderr,
			    "ntp-responder: %ld addresses from %s leave 127.0.0.0/8\n",
			    count, argv[1]);
			return 2;
		}
		sa.sin_addr.s_addr = htonl(a);
		fds[i].fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		fds[i].events = POLLIN;
		if (fds[i].fd < 0 ||
		    bind(fds[i].fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			fprintf(stderr, "ntp-responder: cannot bind %s:%ld: %s\n",
			    inet_ntoa(sa.sin_addr), port, strerror(errno));
			return 1;
		}
	}
	fprintf(stderr, "ntp-responder: %ld address(es) from %s port %ld, mode %s\n",
	    count, argv[1], port, modes[mode].name);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop) {
		int n = poll(fds, (nfds_t)count, -1);
		if (n < 0 && errno != EINTR)
			return 1;
		for (long i = 0; n > 0 && i < count; i++)
			if (fds[i].revents & POLLIN)
				answer(fds[i].fd);
	}
	return 0;
}
