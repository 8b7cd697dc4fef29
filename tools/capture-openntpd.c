/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test tool, not part of the agent: asks OpenNTPD's control socket what
 * `ntpctl -s status` and `ntpctl -s peers` ask (one request each) and writes
 * the raw reply stream to OUTFILE, split at message boundaries with
 * openntpd_frame() so that the file ends where OpenNTPD's last message ends.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "openntpd_proto.h"

int
main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static uint8_t buf[1 << 20];
	uint8_t req[2 * OPENNTPD_HDR_LEN];
	struct openntpd_hdr hdr;
	size_t have = 0, off = 0;
	bool got_status = false, got_end = false;
	FILE *out;
	int fd, n;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: capture-openntpd SOCKET OUTFILE\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "capture-openntpd: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	openntpd_encode_request(OPENNTPD_CTL_SHOW_STATUS, req, OPENNTPD_HDR_LEN);
	openntpd_encode_request(
	    OPENNTPD_CTL_SHOW_PEERS, req + OPENNTPD_HDR_LEN, OPENNTPD_HDR_LEN);
	if (write(fd, req, sizeof(req)) != (ssize_t)sizeof(req)) {
		perror("capture-openntpd: write");
		return 1;
	}
	while (!(got_status && got_end)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 2000) != 1) {
			fprintf(
			    stderr, "capture-openntpd: no complete reply within 2 s\n");
			return 1;
		}
		r = read(fd, buf + have, sizeof(buf) - have);
		if (r <= 0) {
			fprintf(stderr, "capture-openntpd: read: %s\n",
			    r == 0 ? "end of stream" : strerror(errno));
			return 1;
		}
		have += (size_t)r;
		while ((n = openntpd_frame(buf + off, have - off, &hdr)) > 0) {
			got_status |= hdr.type == OPENNTPD_CTL_SHOW_STATUS;
			got_end |= hdr.type == OPENNTPD_CTL_SHOW_PEERS_END;
			off += (size_t)n;
		}
		if (n < 0) {
			fprintf(stderr,
			    "capture-openntpd: malformed header at byte %zu\n", off);
			return 1;
		}
	}
	out = fopen(argv[2], "wb");
	if (!out || fwrite(buf, 1, off, out) != off || fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	close(fd);
	return 0;
}
