/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test tool, not part of the agent: asks ntpd or NTPsec over mode 6 with the
 * ntp_mode6 codec, the way the agent will. Default: one READSTAT, then the
 * READVARs of the system and of every association sent together, answered in
 * any order, all within one timeout on a non-blocking socket; prints one line
 * of key values for the system and one per association. With -o it sends one
 * raw request instead and, with -w, saves every datagram of the reply (fixture
 * capture for tests/unit/data). With -R it is a mock server that replays
 * such captures, for the states a real ntpd never reaches.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ntp_mode6.h"

#define MAX_QUERY_ASSOCS 64

struct pending {
	struct mode6_reply reply;
	int result; /* -EAGAIN until done */
	unsigned n_datagrams;
	const char *save_name;
};

#define MAX_FIXTURES 16

struct fixture {
	const char *path;
	uint8_t data[MODE6_MAX_DATAGRAM + 64];
	size_t len;
};

static const char *save_dir;
static struct sockaddr_storage server;
static socklen_t server_len;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ntp-mode6-query [-a ADDR] [-p PORT] [-t MS] [-s SEQ]\n"
	    "       ntp-mode6-query [-a ADDR] [-p PORT] [-t MS] [-s SEQ] -o OPCODE [-A ASSOC]\n"
	    "                       [-v VARS] [-w DIR -n NAME]\n"
	    "Default: READSTAT, then READVAR of the system and every association; prints\n"
	    "  system leap=.. stratum=.. refid=.. offset=.. ...\n"
	    "  assoc ID status=0x.. tally=C select=NAME reach=OOO srcadr=.. ...\n"
	    "  (tally: ntpq's character, '_' for its blank)\n"
	    "-o sends one request (1 READSTAT, 2 READVAR, any opcode) for association -A\n"
	    "   with the variable list -v, prints the payload; -w DIR -n NAME saves the\n"
	    "   datagrams as DIR/NAME-1.bin, DIR/NAME-2.bin, ... in arrival order.\n"
	    "Exit: 0 answered, 1 error reply or malformed, 3 no answer within -t (default 2000).\n"
	    "\n"
	    "       ntp-mode6-query -R PORT [-F] FIXTURE...\n"
	    "A MOCK mode 6 server for the states a real ntpd does not reach (malformed or\n"
	    "error replies): on 127.0.0.1:PORT it answers each request with every fixture\n"
	    "(one datagram each) whose opcode and association match the request, in the\n"
	    "order given, the request's sequence patched in; -F answers every request with\n"
	    "the first fixture, opcode and association patched too. Runs until killed.\n");
	exit(2);
}

static unsigned long
parse_ulong(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > max) {
		fprintf(stderr, "ntp-mode6-query: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void
parse_server(const char *addr, uint16_t port)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&server;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&server;

	memset(&server, 0, sizeof(server));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		server_len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		server_len = sizeof(*sin6);
	} else {
		fprintf(stderr, "ntp-mode6-query: bad address '%s'\n", addr);
		exit(2);
	}
}

static int
open_socket(void)
{
	int fd = socket(server.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&server, server_len) < 0) {
		perror("ntp-mode6-query: socket");
		exit(1);
	}
	return fd;
}

static void
send_request(int fd, uint8_t opcode, uint16_t seq, uint16_t assoc, const char *vars)
{
	uint8_t buf[MODE6_MAX_DATAGRAM + 4];
	ssize_t len = mode6_build_request(buf, sizeof(buf), opcode, seq, assoc, vars);

	if (len < 0) {
		fprintf(stderr, "ntp-mode6-query: cannot build request: %s\n",
		    strerror((int)-len));
		exit(2);
	}
	if (send(fd, buf, (size_t)len, 0) != len) {
		perror("ntp-mode6-query: send");
		exit(1);
	}
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int
replay(uint16_t port, bool force, int n, char **paths)
{
	static struct fixture fixtures[MAX_FIXTURES];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd;

	if (n < 1 || n > MAX_FIXTURES)
		usage();
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");

		if (!f) {
			perror(paths[i]);
			return 1;
		}
		fixtures[i].path = paths[i];
		fixtures[i].len =
		    fread(fixtures[i].data, 1, sizeof(fixtures[i].data), f);
		fclose(f);
		if (fixtures[i].len < 8) {
			fprintf(stderr, "ntp-mode6-query: %s: too short\n", paths[i]);
			return 1;
		}
	}
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("ntp-mode6-query: bind");
		return 1;
	}
	for (;;) {
		uint8_t req[2048], out[sizeof(fixtures[0].data)];
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof(from);
		ssize_t len = recvfrom(
		    fd, req, sizeof(req), 0, (struct sockaddr *)&from, &fromlen);
		unsigned sent = 0;

		if (len < MODE6_HEADER_LEN || (req[0] & 7) != 6)
			continue;
		for (int i = 0; i < n; i++) {
			const struct fixture *fx = &fixtures[i];

			if (!force &&
			    ((fx->data[1] & 0x1f) != (req[1] & 0x1f) ||
				get16(fx->data + 6) != get16(req + 6)))
				continue;
			memcpy(out, fx->data, fx->len);
			memcpy(out + 2, req + 2, 2);
			if (force) {
				out[1] = (uint8_t)((out[1] & 0xe0) | (req[1] & 0x1f));
				memcpy(out + 6, req + 6, 2);
			}
			if (sendto(fd, out, fx->len, 0, (struct sockaddr *)&from,
				fromlen) < 0)
				perror("ntp-mode6-query: sendto");
			sent++;
			if (force)
				break;
		}
		fprintf(stderr,
		    "ntp-mode6-query: opcode %u assoc %u seq %u: %u datagrams\n",
		    req[1] & 0x1f, get16(req + 6), get16(req + 2), sent);
	}
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
save(const struct pending *p, const uint8_t *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(
	    path, sizeof(path), "%s/%s-%u.bin", save_dir, p->save_name, p->n_datagrams);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* Feeds datagrams to the pending replies until all are done or the deadline passes. */
static bool
collect(int fd, struct pending *p, size_t n, long deadline)
{
	uint8_t buf[2048];
	size_t open = n;

	while (open) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t len;

		if (left <= 0 || poll(&pfd, 1, (int)left) == 0)
			return false;
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			/* ECONNREFUSED: nothing listens on the port */
			fprintf(stderr, "ntp-mode6-query: recv: %s\n", strerror(errno));
			exit(3);
		}
		for (size_t i = 0; i < n; i++) {
			int r;

			if (p[i].result != -EAGAIN)
				continue;
			r = mode6_reply_add(&p[i].reply, buf, (size_t)len);
			if (r == -ESRCH)
				continue;
			p[i].n_datagrams++;
			if (save_dir)
				save(&p[i], buf, (size_t)len);
			p[i].result = r;
			if (r != -EAGAIN)
				open--;
			break;
		}
	}
	return true;
}

static int
report_error(const char *what, const struct pending *p)
{
	if (p->reply.error || p->result == -EACCES || p->result == -ENOENT ||
	    p->result == -EOPNOTSUPP || p->result == -EIO)
		printf("%s error %u (%s)\n", what, p->reply.error,
		    mode6_error_string(p->reply.error));
	else
		printf("%s malformed (%s)\n", what, strerror(-p->result));
	return 1;
}

static void
print_system(const struct mode6_system *s)
{
	printf("system leap=%u stratum=%u refid=%s offset=%.6f sys_jitter=%.6f "
	       "rootdelay=%.3f rootdisp=%.3f reftime=%08x.%08x peer=%u tc=%d "
	       "precision=%d frequency=%.6f version=\"%s\"\n",
	    s->leap, s->stratum, s->refid, s->offset_ms, s->sys_jitter_ms,
	    s->rootdelay_ms, s->rootdisp_ms, s->reftime.seconds, s->reftime.fraction,
	    s->peer, s->tc, s->precision, s->frequency_ppm, s->version);
}

static void
print_peer(uint16_t assoc, uint16_t status, const struct mode6_peer *p)
{
	struct mode6_peer_status st;
	char tally;

	mode6_peer_status_decode(status, &st);
	tally = mode6_select_tally(st.select);
	printf(
	    "assoc %u status=0x%04x tally=%c select=%s reach=%03o srcadr=%s srcport=%u "
	    "stratum=%u refid=%s offset=%.6f delay=%.6f dispersion=%.6f jitter=%.6f "
	    "hpoll=%d ppoll=%d flash=0x%x leap=%u\n",
	    assoc, status, tally == ' ' ? '_' : tally, mode6_select_name(st.select),
	    p->reach, p->srcadr, p->srcport, p->stratum, p->refid, p->offset_ms,
	    p->delay_ms, p->dispersion_ms, p->jitter_ms, p->hpoll, p->ppoll, p->flash,
	    p->leap);
}

static int
parse_payload_vars(const struct mode6_reply *r, struct mode6_var *vars)
{
	return mode6_parse_vars((const char *)r->data, r->total, vars, MODE6_MAX_VARS);
}

static int
query_all(int fd, uint16_t seq, long timeout_ms)
{
	static struct pending p[1 + MAX_QUERY_ASSOCS];
	static struct mode6_assoc assocs[MAX_QUERY_ASSOCS];
	static struct mode6_var vars[MODE6_MAX_VARS];
	long deadline = now_ms() + timeout_ms;
	struct mode6_system sys;
	int n, nv, status = 0;

	mode6_reply_init(&p[0].reply, MODE6_OP_READSTAT, seq, 0);
	p[0].result = -EAGAIN;
	p[0].save_name = "readstat";
	send_request(fd, MODE6_OP_READSTAT, seq, 0, NULL);
	if (!collect(fd, p, 1, deadline)) {
		printf("timeout (no answer to READSTAT)\n");
		return 3;
	}
	if (p[0].result != 0)
		return report_error("READSTAT", &p[0]);
	n = mode6_parse_assocs(
	    p[0].reply.data, p[0].reply.total, assocs, MAX_QUERY_ASSOCS);
	if (n < 0) {
		printf("READSTAT malformed list (%s)\n", strerror(-n));
		return 1;
	}

	/* the READVARs do not depend on each other: send them all at once */
	for (int i = 0; i <= n; i++) {
		uint16_t assoc = i ? assocs[i - 1].assoc : 0;
		uint16_t s = (uint16_t)(seq + 1 + i);

		mode6_reply_init(&p[i].reply, MODE6_OP_READVAR, s, assoc);
		p[i].result = -EAGAIN;
		p[i].n_datagrams = 0;
		p[i].save_name = i ? "readvar-peer" : "readvar-system";
		send_request(fd, MODE6_OP_READVAR, s, assoc,
		    i ? MODE6_PEER_VARS : MODE6_SYSTEM_VARS);
	}
	if (!collect(fd, p, (size_t)n + 1, deadline)) {
		printf("timeout (READVAR)\n");
		return 3;
	}
	if (p[0].result != 0)
		return report_error("READVAR system", &p[0]);
	nv = parse_payload_vars(&p[0].reply, vars);
	if (nv < 0 || mode6_system_from_vars(vars, (size_t)nv, &sys) < 0) {
		printf("READVAR system malformed payload\n");
		return 1;
	}
	print_system(&sys);
	for (int i = 1; i <= n; i++) {
		struct mode6_peer peer;

		if (p[i].result != 0) {
			status = report_error("READVAR peer", &p[i]);
			continue;
		}
		nv = parse_payload_vars(&p[i].reply, vars);
		if (nv < 0 || mode6_peer_from_vars(vars, (size_t)nv, &peer) < 0) {
			printf(
			    "READVAR peer %u malformed payload\n", assocs[i - 1].assoc);
			status = 1;
			continue;
		}
		print_peer(assocs[i - 1].assoc, assocs[i - 1].status, &peer);
	}
	return status;
}

static int
query_one(int fd, uint16_t seq, long timeout_ms, uint8_t opcode, uint16_t assoc,
    const char *vars, const char *name)
{
	static struct pending p;

	mode6_reply_init(&p.reply, opcode, seq, assoc);
	p.result = -EAGAIN;
	p.save_name = name;
	send_request(fd, opcode, seq, assoc, vars);
	if (!collect(fd, &p, 1, now_ms() + timeout_ms)) {
		printf("timeout after %u datagrams\n", p.n_datagrams);
		return 3;
	}
	printf("datagrams=%u status=0x%04x\n", p.n_datagrams, p.reply.status);
	if (p.result != 0)
		return report_error("reply", &p);
	if (opcode == MODE6_OP_READSTAT) {
		static struct mode6_assoc assocs[MODE6_MAX_ASSOCS];
		int n = mode6_parse_assocs(
		    p.reply.data, p.reply.total, assocs, MODE6_MAX_ASSOCS);

		for (int i = 0; i < n; i++)
			printf("assoc %u status=0x%04x\n", assocs[i].assoc,
			    assocs[i].status);
		return n < 0;
	}
	fwrite(p.reply.data, 1, p.reply.total, stdout);
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	const char *addr = "127.0.0.1", *vars = NULL, *name = NULL;
	long timeout_ms = 2000, opcode = -1, replay_port = -1;
	bool force = false;
	uint16_t port = 123, assoc = 0, seq;
	int opt, fd;

	seq = (uint16_t)(getpid() & 0x7fff) + 1;
	while ((opt = getopt(argc, argv, "a:p:t:s:o:A:v:w:n:R:F")) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = (uint16_t)parse_ulong(optarg, 65535);
			break;
		case 't':
			timeout_ms = (long)parse_ulong(optarg, 600000);
			break;
		case 's':
			seq = (uint16_t)parse_ulong(optarg, 65535);
			break;
		case 'o':
			opcode = (long)parse_ulong(optarg, 31);
			break;
		case 'A':
			assoc = (uint16_t)parse_ulong(optarg, 65535);
			break;
		case 'v':
			vars = optarg;
			break;
		case 'w':
			save_dir = optarg;
			break;
		case 'R':
			replay_port = (long)parse_ulong(optarg, 65535);
			break;
		case 'F':
			force = true;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			usage();
		}
	}
	if (replay_port >= 0)
		return replay(
		    (uint16_t)replay_port, force, argc - optind, argv + optind);
	if (optind != argc || (save_dir && (!name || opcode < 0)))
		usage();
	parse_server(addr, port);
	fd = open_socket();
	if (opcode >= 0)
		return query_one(
		    fd, seq, timeout_ms, (uint8_t)opcode, assoc, vars, name);
	return query_all(fd, seq, timeout_ms);
}
