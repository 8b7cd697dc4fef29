/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test tool, not part of the agent: sends one chrony request built with the
 * chrony_proto encoders to 127.0.0.1:PORT and writes the raw reply to a file
 * (fixture capture), or replays fixtures to chronyc with its sequence patched in.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "chrony_proto.h"

#define MAX_FIXTURES 16

struct fixture {
	const char *path;
	uint8_t data[CHRONY_MAX_REPLY];
	size_t len;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: capture-chrony [-a ADDR] [-i INDEX] [-l LENGTH] [-V VERSION] PORT SEQ "
	    "REQUEST OUTFILE\n"
	    "       capture-chrony -r PORT FIXTURE...\n"
	    "PORT: a UDP port on 127.0.0.1, or the path of chronyd's unix socket.\n"
	    "REQUEST: null, tracking, n-sources, source-data (-i), ntp-source-name (-a),\n"
	    "         activity, ntp-data (-a),\n"
	    "         or a command number: header with the -a address at offset 20.\n"
	    "-l zero-pads or truncates the request; -V overwrites its version byte.\n"
	    "-r answers each request on 127.0.0.1:PORT with the fixture whose command\n"
	    "   matches, sequence patched in; exits after 10 s without requests.\n");
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
		fprintf(stderr, "capture-chrony: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void
parse_addr(const char *s, struct chrony_addr *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (inet_pton(AF_INET, s, ret->bytes) == 1)
		ret->family = CHRONY_FAMILY_INET4;
	else if (inet_pton(AF_INET6, s, ret->bytes) == 1)
		ret->family = CHRONY_FAMILY_INET6;
	else {
		fprintf(stderr, "capture-chrony: bad address '%s'\n", s);
		exit(2);
	}
}

static int
open_socket(uint16_t port, bool bind_it)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = bind_it ? 10 : 2 };
	int fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		perror("capture-chrony: socket");
		exit(1);
	}
	if ((bind_it ? bind(fd, (struct sockaddr *)&sin, sizeof(sin)) :
		       connect(fd, (struct sockaddr *)&sin, sizeof(sin))) < 0) {
		perror("capture-chrony: bind/connect");
		exit(1);
	}
	return fd;
}

static char client_path[sizeof(((struct sockaddr_un *)0)->sun_path)];

/* chronyd answers a unix-socket client at the path it is bound to, next to
 * the server's socket so that chronyd (maybe not root) can write to it. */
static int
open_unix_socket(const char *server)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX },
			   me = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 2 };
	const char *slash = strrchr(server, '/');
	int fd, n;

	n = snprintf(me.sun_path, sizeof(me.sun_path), "%.*s/capture.%ld.sock",
	    slash ? (int)(slash - server) : 1, slash ? server : ".", (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(me.sun_path) ||
	    strlen(server) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "capture-chrony: socket path too long\n");
		exit(2);
	}
	strcpy(sun.sun_path, server);
	unlink(me.sun_path);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
	    chmod(me.sun_path, 0666) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		perror("capture-chrony: unix socket");
		unlink(me.sun_path);
		exit(1);
	}
	strcpy(client_path, me.sun_path); /* removed after the reply */
	return fd;
}

static int
replay(uint16_t port, int n, char **paths)
{
	static struct fixture fixtures[MAX_FIXTURES];
	uint8_t req[2048];
	struct sockaddr_storage from;
	socklen_t fromlen;
	ssize_t n_req;
	int fd, i;

	if (n < 1 || n > MAX_FIXTURES)
		usage();
	for (i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");

		if (!f) {
			perror(paths[i]);
			return 1;
		}
		fixtures[i].path = paths[i];
		fixtures[i].len =
		    fread(fixtures[i].data, 1, sizeof(fixtures[i].data), f);
		fclose(f);
		if (fixtures[i].len < 28) {
			fprintf(stderr, "capture-chrony: %s: too short\n", paths[i]);
			return 1;
		}
	}

	fd = open_socket(port, true);
	for (;;) {
		uint8_t out[CHRONY_MAX_REPLY];
		const struct fixture *fx = NULL;

		fromlen = sizeof(from);
		n_req = recvfrom(
		    fd, req, sizeof(req), 0, (struct sockaddr *)&from, &fromlen);
		if (n_req < 0)
			break; /* idle timeout */
		if (n_req < 20)
			continue;
		for (i = 0; i < n && !fx; i++)
			if (memcmp(fixtures[i].data + 4, req + 4, 2) == 0)
				fx = &fixtures[i];
		fprintf(stderr,
		    "capture-chrony: request command %u seq 0x%02x%02x%02x%02x -> %s\n",
		    (unsigned)req[4] << 8 | req[5], req[8], req[9], req[10], req[11],
		    fx ? fx->path : "(no fixture)");
		if (!fx)
			continue;
		memcpy(out, fx->data, fx->len);
		memcpy(out + 16, req + 8, 4);
		if (sendto(fd, out, fx->len, 0, (struct sockaddr *)&from, fromlen) < 0)
			perror("capture-chrony: sendto");
	}
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	uint8_t req[CHRONY_MAX_REQUEST + 1], reply[2048];
	struct chrony_addr addr = { .family = CHRONY_FAMILY_UNSPEC };
	long length = -1, version = -1;
	int32_t index = 0;
	uint16_t port;
	uint32_t seq;
	const char *what;
	ssize_t len, n;
	FILE *f;
	int opt, fd;

	while ((opt = getopt(argc, argv, "a:i:l:V:r")) != -1) {
		switch (opt) {
		case 'a':
			parse_addr(optarg, &addr);
			break;
		case 'i':
			index = (int32_t)parse_ulong(optarg, INT32_MAX);
			break;
		case 'l':
			length = (long)parse_ulong(optarg, CHRONY_MAX_REQUEST + 1);
			break;
		case 'V':
			version = (long)parse_ulong(optarg, 255);
			break;
		case 'r':
			if (argc - optind < 2)
				usage();
			return replay((uint16_t)parse_ulong(argv[optind], 65535),
			    argc - optind - 1, argv + optind + 1);
		default:
			usage();
		}
	}
	if (argc - optind != 4)
		usage();
	if (strchr(argv[optind], '/'))
		port = 0;
	else
		port = (uint16_t)parse_ulong(argv[optind], 65535);
	seq = (uint32_t)parse_ulong(argv[optind + 1], UINT32_MAX);
	what = argv[optind + 2];

	memset(req, 0, sizeof(req));
	if (strcmp(what, "null") == 0)
		len = chrony_encode_null(req, sizeof(req), seq);
	else if (strcmp(what, "tracking") == 0)
		len = chrony_encode_tracking(req, sizeof(req), seq);
	else if (strcmp(what, "n-sources") == 0)
		len = chrony_encode_n_sources(req, sizeof(req), seq);
	else if (strcmp(what, "source-data") == 0)
		len = chrony_encode_source_data(req, sizeof(req), seq, index);
	else if (strcmp(what, "ntp-source-name") == 0)
		len = chrony_encode_ntp_source_name(req, sizeof(req), seq, &addr);
	else if (strcmp(what, "activity") == 0)
		len = chrony_encode_activity(req, sizeof(req), seq);
	else if (strcmp(what, "ntp-data") == 0)
		len = chrony_encode_ntp_data(req, sizeof(req), seq, &addr);
	else {
		/* Any other command: our IPAddr layout at 20, then padding. */
		uint16_t cmd = (uint16_t)parse_ulong(what, 65535);

		len = chrony_encode_ntp_source_name(req, sizeof(req), seq, &addr);
		if (len > 0) {
			req[4] = (uint8_t)(cmd >> 8);
			req[5] = (uint8_t)cmd;
			len = 28;
			if (addr.family != CHRONY_FAMILY_UNSPEC)
				len = 40;
		}
	}
	if (len < 0) {
		fprintf(stderr, "capture-chrony: encode: %s\n", strerror((int)-len));
		return 1;
	}
	if (length >= 0) {
		if (length > len)
			memset(req + len, 0, (size_t)(length - len));
		len = length;
	}
	if (version >= 0)
		req[0] = (uint8_t)version;

	fd = port ? open_socket(port, false) : open_unix_socket(argv[optind]);
	if (send(fd, req, (size_t)len, 0) != len) {
		perror("capture-chrony: send");
		return 1;
	}
	n = recv(fd, reply, sizeof(reply), 0);
	if (client_path[0])
		unlink(client_path);
	if (n < 0) {
		perror("capture-chrony: recv");
		return 1;
	}
	close(fd);

	f = fopen(argv[optind + 3], "wb");
	if (!f || fwrite(reply, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0) {
		perror(argv[optind + 3]);
		return 1;
	}
	printf("%s: sent %zd bytes (seq %" PRIu32 "), got %zd bytes, status %u (%s)\n",
	    argv[optind + 3], len, seq, n,
	    n >= 10 ? (unsigned)reply[8] << 8 | reply[9] : 0,
	    n >= 10 ? chrony_status_string((uint16_t)(reply[8] << 8 | reply[9])) : "-");
	return 0;
}
