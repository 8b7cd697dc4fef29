/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OpenNTPD's control socket, the imsg messages that `ntpctl -s status` and
 * `ntpctl -s peers` exchange: a pure codec, no I/O. Every message is a 16-byte
 * header (type, len, flags, peerid, pid, host byte order: the socket never
 * leaves the host) and a fixed C struct of OpenNTPD's. The structs are those
 * of the LP64 ABIs (x86_64, aarch64) with a 64-bit time_t; any other ABI
 * gives other sizes, which the size checks reject.
 *
 * Layouts read (OpenNTPD portable releases):
 *   6.2p3 (Debian 11, 12): ctl_show_status 56 bytes, peers valid/total,
 *         synced, stratum, clock offset, constraint fields
 *   6.8p1 (Alpine, later): ctl_show_status 48 bytes, the same fields
 *         reordered and a constraints flag added
 * ctl_show_peer is 128 bytes in both, and the message types are the same.
 */
#ifndef SCOUT_OPENNTPD_PROTO_H
#define SCOUT_OPENNTPD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPENNTPD_HDR_LEN 16
/* OpenNTPD's own cap on one imsg (MAX_IMSGSIZE) */
#define OPENNTPD_MAX_MSG 16384

enum openntpd_msg_type {
	OPENNTPD_CTL_SHOW_STATUS = 10,
	OPENNTPD_CTL_SHOW_PEERS = 11,
	OPENNTPD_CTL_SHOW_PEERS_END = 12,
};

#define OPENNTPD_STATUS_LEN_6_2 56
#define OPENNTPD_STATUS_LEN_6_8 48
#define OPENNTPD_PEER_LEN 128
#define OPENNTPD_PEER_DESC_MAX 80 /* MAX_DISPLAY_WIDTH, NUL included */

/* OpenNTPD's trust levels: a peer counts as valid from 6 on, 10 at most. */
#define OPENNTPD_TRUST_VALID 6
#define OPENNTPD_TRUST_MAX 10
/*
 * The longest interval OpenNTPD (6.2p3, 6.8p1) waits after a reply from a
 * valid peer: 30 s x its query scale (at most 0.050 / 0.001 = 50) plus up to
 * 10 % at random. A valid peer waiting longer is in its error back-off
 * (60 s x 50 plus up to 10 %: 3000-3300 s): its last query failed with an
 * ICMP error, which OpenNTPD does not count against the peer's trust.
 */
#define OPENNTPD_MAX_REPLY_INTERVAL_S 1650

struct openntpd_hdr {
	uint32_t type;
	uint16_t len; /* the whole message, header included */
	uint16_t flags;
	uint32_t peerid;
	uint32_t pid;
};

struct openntpd_status {
	unsigned layout; /* 62 or 68: which release's struct it was */
	unsigned peers, valid_peers;
	unsigned sensors, valid_sensors;
	bool synced;
	unsigned stratum;
	double clock_offset_ms; /* the adjustment still pending, OpenNTPD's sign */
};

struct openntpd_peer {
	char desc[OPENNTPD_PEER_DESC_MAX];    /* "ADDR [from pool ]NAME" */
	char address[OPENNTPD_PEER_DESC_MAX]; /* ADDR, "" when not resolved */
	char name[OPENNTPD_PEER_DESC_MAX];    /* NAME as configured, or ADDR */
	bool synced_to;			      /* the clock follows this peer */
	unsigned weight, trust, stratum;
	uint32_t next_s, poll_s; /* to the next query; the interval it began */
	/* milliseconds, OpenNTPD's sign: positive when the peer is ahead */
	double offset_ms, delay_ms, jitter_ms;
};

/* A request of `type` with no payload into buf; returns its length (16) or
 * -ENOBUFS. */
int openntpd_encode_request(uint32_t type, uint8_t *buf, size_t size);

/*
 * The first message of a byte stream: its total length when all of it is in
 * buf (hdr filled), 0 when more bytes are needed, -EBADMSG when the header
 * cannot be one (shorter than itself, longer than OPENNTPD_MAX_MSG).
 */
int openntpd_frame(const uint8_t *buf, size_t len, struct openntpd_hdr *hdr);

/* One whole message (header included) of the given type: 0, -EBADMSG (wrong
 * type, size or out-of-range field) or, for a status of a size no known
 * release sends, -EPROTONOSUPPORT. */
int openntpd_decode_status(const uint8_t *msg, size_t len, struct openntpd_status *out);
int openntpd_decode_peer(const uint8_t *msg, size_t len, struct openntpd_peer *out);
int openntpd_decode_peers_end(const uint8_t *msg, size_t len, uint32_t *count);

/* Whether the peer answered its last query: valid, and not in the error
 * back-off that follows an ICMP error. */
bool openntpd_peer_answering(const struct openntpd_peer *p);
/* Seconds since the peer's last reply, when the peer data tells (a valid
 * peer, not in back-off): false otherwise. */
bool openntpd_peer_reply_age(const struct openntpd_peer *p, uint32_t *ret_age_s);

#endif
