/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OpenNTPD's control messages, decoded from fixed offsets: never a cast of
 * the bytes onto a struct, every size and range checked first.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "openntpd_proto.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* No interval OpenNTPD sets comes near a day; more is not its data. */
#define MAX_INTERVAL_S 86400
/* Offsets, delays and jitter beyond a million seconds are not measurements. */
#define MAX_MS 1e9
#define MAX_STRATUM 16

static uint32_t
get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t
get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int64_t
get_i64(const uint8_t *p)
{
	int64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool
get_ms(const uint8_t *p, double *ret)
{
	double v;

	memcpy(&v, p, sizeof(v));
	if (!isfinite(v) || fabs(v) > MAX_MS)
		return false;
	*ret = v;
	return true;
}

static bool
get_interval(const uint8_t *p, uint32_t *ret)
{
	int64_t v = get_i64(p);

	if (v < 0 || v > MAX_INTERVAL_S)
		return false;
	*ret = (uint32_t)v;
	return true;
}

int
openntpd_encode_request(uint32_t type, uint8_t *buf, size_t size)
{
	uint16_t len = OPENNTPD_HDR_LEN;

	if (size < OPENNTPD_HDR_LEN)
		return -ENOBUFS;
	memset(buf, 0, OPENNTPD_HDR_LEN);
	memcpy(buf, &type, sizeof(type));
	memcpy(buf + 4, &len, sizeof(len));
	return OPENNTPD_HDR_LEN;
}

int
openntpd_frame(const uint8_t *buf, size_t len, struct openntpd_hdr *hdr)
{
	if (len < OPENNTPD_HDR_LEN)
		return 0;
	hdr->type = get_u32(buf);
	hdr->len = get_u16(buf + 4);
	hdr->flags = get_u16(buf + 6);
	hdr->peerid = get_u32(buf + 8);
	hdr->pid = get_u32(buf + 12);
	if (hdr->len < OPENNTPD_HDR_LEN || hdr->len > OPENNTPD_MAX_MSG)
		return -EBADMSG;
	return len < hdr->len ? 0 : hdr->len;
}

/* The payload of a whole message of the type wanted, or NULL. */
static const uint8_t *
payload(const uint8_t *msg, size_t len, uint32_t type, size_t *ret_len)
{
	struct openntpd_hdr hdr;

	if (openntpd_frame(msg, len, &hdr) != (int)len || len == 0 || hdr.type != type)
		return NULL;
	*ret_len = len - OPENNTPD_HDR_LEN;
	return msg + OPENNTPD_HDR_LEN;
}

int
openntpd_decode_status(const uint8_t *msg, size_t len, struct openntpd_status *out)
{
	struct openntpd_status s = { 0 };
	const uint8_t *p;
	size_t n;
	unsigned synced, stratum;
	double offset;

	p = payload(msg, len, OPENNTPD_CTL_SHOW_STATUS, &n);
	if (!p)
		return -EBADMSG;
	if (n == OPENNTPD_STATUS_LEN_6_2) {
		s.layout = 62;
		s.peers = get_u32(p);
		s.sensors = get_u32(p + 4);
		s.valid_peers = get_u32(p + 8);
		s.valid_sensors = get_u32(p + 12);
		synced = p[16];
		stratum = p[17];
		if (!get_ms(p + 24, &offset))
			return -EBADMSG;
	} else if (n == OPENNTPD_STATUS_LEN_6_8) {
		s.layout = 68;
		if (!get_ms(p + 16, &offset))
			return -EBADMSG;
		s.peers = get_u32(p + 24);
		s.sensors = get_u32(p + 28);
		s.valid_peers = get_u32(p + 32);
		s.valid_sensors = get_u32(p + 36);
		synced = p[44];
		stratum = p[45];
	} else {
		return -EPROTONOSUPPORT;
	}
	if (synced > 1 || stratum > MAX_STRATUM || s.valid_peers > s.peers ||
	    s.valid_sensors > s.sensors)
		return -EBADMSG;
	s.synced = synced;
	s.stratum = stratum;
	s.clock_offset_ms = offset;
	*out = s;
	return 0;
}

/* "ADDR NAME", "ADDR from pool NAME", "not resolved NAME"; NAME may be
 * empty (then it is ADDR). */
static void
split_desc(struct openntpd_peer *p)
{
	static const char unresolved[] = "not resolved";
	static const char pool[] = "from pool ";
	const char *rest;
	size_t alen;

	if (strncmp(p->desc, unresolved, sizeof(unresolved) - 1) == 0) {
		p->address[0] = '\0';
		rest = p->desc + sizeof(unresolved) - 1;
	} else {
		alen = strcspn(p->desc, " ");
		memcpy(p->address, p->desc, alen);
		p->address[alen] = '\0';
		rest = p->desc + alen;
	}
	while (*rest == ' ')
		rest++;
	if (strncmp(rest, pool, sizeof(pool) - 1) == 0)
		rest += sizeof(pool) - 1;
	snprintf(p->name, sizeof(p->name), "%s", *rest ? rest : p->address);
	/* the description ends in a space when NAME is empty */
	p->name[strcspn(p->name, " ")] = '\0';
}

int
openntpd_decode_peer(const uint8_t *msg, size_t len, struct openntpd_peer *out)
{
	struct openntpd_peer peer = { 0 };
	const uint8_t *p;
	size_t n, i;

	p = payload(msg, len, OPENNTPD_CTL_SHOW_PEERS, &n);
	if (!p || n != OPENNTPD_PEER_LEN)
		return -EBADMSG;
	for (i = 0; i < OPENNTPD_PEER_DESC_MAX && p[i]; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return -EBADMSG;
	if (i == OPENNTPD_PEER_DESC_MAX || i == 0)
		return -EBADMSG;
	memcpy(peer.desc, p, i);
	if (p[80] > 1 || p[82] > OPENNTPD_TRUST_MAX || p[83] > MAX_STRATUM)
		return -EBADMSG;
	peer.synced_to = p[80];
	peer.weight = p[81];
	peer.trust = p[82];
	peer.stratum = p[83];
	if (!get_interval(p + 88, &peer.next_s) ||
	    !get_interval(p + 96, &peer.poll_s) || !get_ms(p + 104, &peer.offset_ms) ||
	    !get_ms(p + 112, &peer.delay_ms) || !get_ms(p + 120, &peer.jitter_ms) ||
	    peer.delay_ms < 0 || peer.jitter_ms < 0)
		return -EBADMSG;
	split_desc(&peer);
	*out = peer;
	return 0;
}

int
openntpd_decode_peers_end(const uint8_t *msg, size_t len, uint32_t *count)
{
	const uint8_t *p;
	size_t n;

	p = payload(msg, len, OPENNTPD_CTL_SHOW_PEERS_END, &n);
	if (!p || n != sizeof(uint32_t))
		return -EBADMSG;
	*count = get_u32(p);
	return 0;
}

bool
openntpd_peer_answering(const struct openntpd_peer *p)
{
	return p->trust >= OPENNTPD_TRUST_VALID &&
	    p->poll_s <= OPENNTPD_MAX_REPLY_INTERVAL_S;
}

bool
openntpd_peer_reply_age(const struct openntpd_peer *p, uint32_t *ret_age_s)
{
	/* the interval began at the reply: its elapsed part is the age */
	if (!openntpd_peer_answering(p) || p->next_s > p->poll_s)
		return false;
	*ret_age_s = p->poll_s - p->next_s;
	return true;
}
