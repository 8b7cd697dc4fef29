/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chrony command protocol v6: builds requests and strictly validates and decodes
 * replies, from the layouts in doc/PROTOCOLS.md section 1. Pure functions over
 * byte buffers; no I/O and no global state.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "chrony_proto.h"

#define PKT_TYPE_REQUEST 1
#define PKT_TYPE_REPLY 2

/* Request header: version, pkt_type, res1, res2, command, attempt, sequence. */
#define REQ_OFF_VERSION 0
#define REQ_OFF_PKT_TYPE 1
#define REQ_OFF_COMMAND 4
#define REQ_OFF_ATTEMPT 6
#define REQ_OFF_SEQUENCE 8
#define REQ_OFF_DATA 20

/* Reply header; pad1..pad5 are not interpreted. */
#define RPY_OFF_VERSION 0
#define RPY_OFF_PKT_TYPE 1
#define RPY_OFF_RES1 2
#define RPY_OFF_RES2 3
#define RPY_OFF_COMMAND 4
#define RPY_OFF_REPLY 6
#define RPY_OFF_STATUS 8
#define RPY_OFF_SEQUENCE 16
#define RPY_HEADER_LEN 28

/* Reply codes (RPY_*). */
#define RPY_NULL 1
#define RPY_N_SOURCES 2
#define RPY_SOURCE_DATA 3
#define RPY_TRACKING 5
#define RPY_NTP_SOURCE_NAME 19

/* Reply lengths; every request is zero-padded to the length of its reply. */
#define LEN_NULL 28
#define LEN_N_SOURCES 32
#define LEN_SOURCE_DATA 76
#define LEN_TRACKING 104
#define LEN_NTP_SOURCE_NAME 284

/* IPAddr: 16 address bytes, u16 family, u16 padding. */
#define IPADDR_OFF_FAMILY 16

/* RPY_Tracking */
#define TRK_OFF_REF_ID 28
#define TRK_OFF_ADDR 32
#define TRK_OFF_STRATUM 52
#define TRK_OFF_LEAP 54
#define TRK_OFF_REF_TIME 56
#define TRK_OFF_CURRENT_CORRECTION 68
#define TRK_OFF_LAST_OFFSET 72
#define TRK_OFF_RMS_OFFSET 76
#define TRK_OFF_FREQ 80
#define TRK_OFF_RESID_FREQ 84
#define TRK_OFF_SKEW 88
#define TRK_OFF_ROOT_DELAY 92
#define TRK_OFF_ROOT_DISPERSION 96
#define TRK_OFF_UPDATE_INTERVAL 100

/* RPY_Source_Data */
#define SRC_OFF_ADDR 28
#define SRC_OFF_POLL 48
#define SRC_OFF_STRATUM 50
#define SRC_OFF_STATE 52
#define SRC_OFF_MODE 54
#define SRC_OFF_FLAGS 56
#define SRC_OFF_REACH 58
#define SRC_OFF_SINCE_SAMPLE 60
#define SRC_OFF_ORIG_LATEST_MEAS 64
#define SRC_OFF_LATEST_MEAS 68
#define SRC_OFF_LATEST_MEAS_ERR 72

/* RPY_N_Sources and RPY_NTPSourceName */
#define NSRC_OFF_COUNT 28
#define NAME_OFF 28
#define NAME_FIELD_LEN 256

/* Timespec on the wire: u32 sec_high, u32 sec_low, u32 nsec. */
#define TV_NOHIGHSEC 0x7fffffffu
#define NSEC_MAX 999999999L

struct reply_spec {
	uint16_t command;
	uint16_t reply;
	size_t len;
};

static uint16_t
get_u16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int16_t
get_i16(const uint8_t *p)
{
	uint16_t v = get_u16(p);

	return (int16_t)(v >= 0x8000u ? (int32_t)v - 0x10000 : (int32_t)v);
}

static double
get_float(const uint8_t *p)
{
	return chrony_float_decode(get_u32(p));
}

static void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static ssize_t
encode_header(uint8_t *buf, size_t size, uint16_t command, uint32_t seq, size_t len)
{
	if (!buf || size < len)
		return -ENOBUFS;
	memset(buf, 0, len);
	buf[REQ_OFF_VERSION] = CHRONY_PROTO_VERSION;
	buf[REQ_OFF_PKT_TYPE] = PKT_TYPE_REQUEST;
	put_u16(buf + REQ_OFF_COMMAND, command);
	put_u16(buf + REQ_OFF_ATTEMPT, 0);
	put_u32(buf + REQ_OFF_SEQUENCE, seq);
	return (ssize_t)len;
}

ssize_t
chrony_encode_null(uint8_t *buf, size_t size, uint32_t seq)
{
	return encode_header(buf, size, CHRONY_REQ_NULL, seq, LEN_NULL);
}

ssize_t
chrony_encode_tracking(uint8_t *buf, size_t size, uint32_t seq)
{
	return encode_header(buf, size, CHRONY_REQ_TRACKING, seq, LEN_TRACKING);
}

ssize_t
chrony_encode_n_sources(uint8_t *buf, size_t size, uint32_t seq)
{
	return encode_header(buf, size, CHRONY_REQ_N_SOURCES, seq, LEN_N_SOURCES);
}

ssize_t
chrony_encode_source_data(uint8_t *buf, size_t size, uint32_t seq, int32_t index)
{
	ssize_t r =
	    encode_header(buf, size, CHRONY_REQ_SOURCE_DATA, seq, LEN_SOURCE_DATA);

	if (r < 0)
		return r;
	/* Two's complement on the wire; the conversion to unsigned is well defined. */
	put_u32(buf + REQ_OFF_DATA, (uint32_t)index);
	return r;
}

ssize_t
chrony_encode_ntp_source_name(
    uint8_t *buf, size_t size, uint32_t seq, const struct chrony_addr *addr)
{
	ssize_t r = encode_header(
	    buf, size, CHRONY_REQ_NTP_SOURCE_NAME, seq, LEN_NTP_SOURCE_NAME);
	uint8_t *p;

	if (r < 0)
		return r;
	p = buf + REQ_OFF_DATA;
	switch (addr->family) {
	case CHRONY_FAMILY_UNSPEC:
		break;
	case CHRONY_FAMILY_INET4:
		memcpy(p, addr->bytes, 4);
		break;
	case CHRONY_FAMILY_ID:
		put_u32(p, addr->id);
		break;
	case CHRONY_FAMILY_INET6:
	default:
		/* An unknown family is sent as given, with the raw address bytes. */
		memcpy(p, addr->bytes, sizeof(addr->bytes));
		break;
	}
	put_u16(p + IPADDR_OFF_FAMILY, addr->family);
	return r;
}

static int
map_status(uint16_t status)
{
	switch (status) {
	case CHRONY_STT_UNAUTH:
		return -EACCES;
	case CHRONY_STT_NOSUCHSOURCE:
		return -ENOENT;
	case CHRONY_STT_BADPKTVERSION:
		return -EPROTONOSUPPORT;
	default:
		return -EIO;
	}
}

/*
 * Checks everything but the command-specific data. The status comes before the
 * reply code because chronyd sends error replies as a bare header with reply
 * code RPY_NULL.
 */
static int
check_reply(const uint8_t *buf, size_t len, uint32_t seq, const struct reply_spec *spec,
    uint16_t *ret_status)
{
	uint16_t status;

	if (!buf || len < RPY_HEADER_LEN)
		return -EBADMSG;
	status = get_u16(buf + RPY_OFF_STATUS);
	if (ret_status)
		*ret_status = status;

	/* not ours first: a stray datagram must not end the refresh, whatever
	 * version byte it carries (the header is the same in versions 5 and 6) */
	if (get_u16(buf + RPY_OFF_COMMAND) != spec->command ||
	    get_u32(buf + RPY_OFF_SEQUENCE) != seq)
		return -ESRCH;
	if (buf[RPY_OFF_VERSION] != CHRONY_PROTO_VERSION)
		return -EPROTONOSUPPORT;
	if (buf[RPY_OFF_PKT_TYPE] != PKT_TYPE_REPLY || buf[RPY_OFF_RES1] != 0 ||
	    buf[RPY_OFF_RES2] != 0)
		return -EBADMSG;
	if (status != CHRONY_STT_SUCCESS) {
		if (len != RPY_HEADER_LEN && len != spec->len)
			return -EBADMSG;
		return map_status(status);
	}
	if (len != spec->len)
		return -EBADMSG;
	if (get_u16(buf + RPY_OFF_REPLY) != spec->reply)
		return -EIO;
	return 0;
}

static int
decode_addr(const uint8_t *p, struct chrony_addr *ret)
{
	uint16_t family = get_u16(p + IPADDR_OFF_FAMILY);

	memset(ret, 0, sizeof(*ret));
	ret->family = family;
	switch (family) {
	case CHRONY_FAMILY_UNSPEC:
		return 0;
	case CHRONY_FAMILY_INET4:
		memcpy(ret->bytes, p, 4);
		return 0;
	case CHRONY_FAMILY_INET6:
		memcpy(ret->bytes, p, sizeof(ret->bytes));
		return 0;
	case CHRONY_FAMILY_ID:
		ret->id = get_u32(p);
		return 0;
	default:
		return -EBADMSG;
	}
}

int
chrony_reply_seq(const uint8_t *buf, size_t len, uint32_t *ret)
{
	if (len < RPY_OFF_SEQUENCE + 4)
		return -EBADMSG;
	*ret = get_u32(buf + RPY_OFF_SEQUENCE);
	return 0;
}

int
chrony_decode_null(const uint8_t *buf, size_t len, uint32_t seq, uint16_t *ret_status)
{
	static const struct reply_spec spec = { CHRONY_REQ_NULL, RPY_NULL, LEN_NULL };

	return check_reply(buf, len, seq, &spec, ret_status);
}

int
chrony_decode_tracking(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_tracking *ret)
{
	static const struct reply_spec spec = { CHRONY_REQ_TRACKING, RPY_TRACKING,
		LEN_TRACKING };
	struct chrony_tracking t;
	int r;

	r = check_reply(buf, len, seq, &spec, ret_status);
	if (r < 0)
		return r;

	memset(&t, 0, sizeof(t));
	t.ref_id = get_u32(buf + TRK_OFF_REF_ID);
	r = decode_addr(buf + TRK_OFF_ADDR, &t.addr);
	if (r < 0)
		return r;
	t.stratum = get_u16(buf + TRK_OFF_STRATUM);
	t.leap = get_u16(buf + TRK_OFF_LEAP);
	if (t.leap > CHRONY_LEAP_UNSYNC)
		return -EBADMSG;
	t.ref_time = chrony_timespec_decode(buf + TRK_OFF_REF_TIME);
	t.current_correction = get_float(buf + TRK_OFF_CURRENT_CORRECTION);
	t.last_offset = get_float(buf + TRK_OFF_LAST_OFFSET);
	t.rms_offset = get_float(buf + TRK_OFF_RMS_OFFSET);
	t.freq_ppm = get_float(buf + TRK_OFF_FREQ);
	t.resid_freq_ppm = get_float(buf + TRK_OFF_RESID_FREQ);
	t.skew_ppm = get_float(buf + TRK_OFF_SKEW);
	t.root_delay = get_float(buf + TRK_OFF_ROOT_DELAY);
	t.root_dispersion = get_float(buf + TRK_OFF_ROOT_DISPERSION);
	t.last_update_interval = get_float(buf + TRK_OFF_UPDATE_INTERVAL);

	*ret = t;
	return 0;
}

int
chrony_decode_n_sources(
    const uint8_t *buf, size_t len, uint32_t seq, uint16_t *ret_status, uint32_t *ret)
{
	static const struct reply_spec spec = { CHRONY_REQ_N_SOURCES, RPY_N_SOURCES,
		LEN_N_SOURCES };
	int r;

	r = check_reply(buf, len, seq, &spec, ret_status);
	if (r < 0)
		return r;
	*ret = get_u32(buf + NSRC_OFF_COUNT);
	return 0;
}

int
chrony_decode_source_data(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_source *ret)
{
	static const struct reply_spec spec = { CHRONY_REQ_SOURCE_DATA, RPY_SOURCE_DATA,
		LEN_SOURCE_DATA };
	struct chrony_source s;
	int r;

	r = check_reply(buf, len, seq, &spec, ret_status);
	if (r < 0)
		return r;

	memset(&s, 0, sizeof(s));
	r = decode_addr(buf + SRC_OFF_ADDR, &s.addr);
	if (r < 0)
		return r;
	s.poll = get_i16(buf + SRC_OFF_POLL);
	s.stratum = get_u16(buf + SRC_OFF_STRATUM);
	s.state = get_u16(buf + SRC_OFF_STATE);
	s.mode = get_u16(buf + SRC_OFF_MODE);
	if (s.state > CHRONY_SRC_SELECTABLE || s.mode > CHRONY_MODE_REF)
		return -EBADMSG;
	s.flags = get_u16(buf + SRC_OFF_FLAGS);
	s.reach = get_u16(buf + SRC_OFF_REACH);
	s.since_sample = get_u32(buf + SRC_OFF_SINCE_SAMPLE);
	s.orig_latest_meas = get_float(buf + SRC_OFF_ORIG_LATEST_MEAS);
	s.latest_meas = get_float(buf + SRC_OFF_LATEST_MEAS);
	s.latest_meas_err = get_float(buf + SRC_OFF_LATEST_MEAS_ERR);

	*ret = s;
	return 0;
}

int
chrony_decode_ntp_source_name(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, char *ret, size_t size)
{
	static const struct reply_spec spec = { CHRONY_REQ_NTP_SOURCE_NAME,
		RPY_NTP_SOURCE_NAME, LEN_NTP_SOURCE_NAME };
	const uint8_t *name, *nul;
	size_t n, i;
	int r;

	assert(size >= 1);
	r = check_reply(buf, len, seq, &spec, ret_status);
	if (r < 0)
		return r;

	name = buf + NAME_OFF;
	nul = memchr(name, '\0', NAME_FIELD_LEN);
	if (!nul)
		return -EBADMSG;
	n = (size_t)(nul - name);
	for (i = 0; i < n; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			return -EBADMSG;

	/* A name longer than the caller's buffer is cut short, still terminated. */
	if (n > size - 1)
		n = size - 1;
	memcpy(ret, name, n);
	ret[n] = '\0';
	return 0;
}

double
chrony_float_decode(uint32_t wire)
{
	/* Top 7 bits: signed exponent; low 25 bits: signed coefficient. */
	int32_t exp = (int32_t)(wire >> 25);
	int32_t coef = (int32_t)(wire & 0x1ffffffu);

	if (exp >= 64)
		exp -= 128;
	if (coef >= 0x1000000)
		coef -= 0x2000000;
	return ldexp((double)coef, exp - 25);
}

struct timespec
chrony_timespec_decode(const uint8_t *p)
{
	uint32_t high = get_u32(p), low = get_u32(p + 4), nsec = get_u32(p + 8);
	struct timespec ts;
	int64_t shigh;

	if (high == TV_NOHIGHSEC)
		high = 0;
	/* The high word is the upper half of a signed 64-bit count of seconds. */
	shigh = high >= 0x80000000u ? (int64_t)high - 0x100000000 : (int64_t)high;
	ts.tv_sec = (time_t)(shigh * 0x100000000 + (int64_t)low);
	ts.tv_nsec = nsec > NSEC_MAX ? NSEC_MAX : (long)nsec;
	return ts;
}

void
chrony_addr_format(const struct chrony_addr *addr, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];

	if (!buf || size == 0)
		return;
	buf[0] = '\0';
	switch (addr->family) {
	case CHRONY_FAMILY_INET4:
		snprintf(buf, size, "%u.%u.%u.%u", addr->bytes[0], addr->bytes[1],
		    addr->bytes[2], addr->bytes[3]);
		break;
	case CHRONY_FAMILY_INET6:
		if (inet_ntop(AF_INET6, addr->bytes, tmp, sizeof(tmp)))
			snprintf(buf, size, "%s", tmp);
		break;
	case CHRONY_FAMILY_ID:
		snprintf(buf, size, "ID#%010" PRIu32, addr->id);
		break;
	default:
		break;
	}
}

const char *
chrony_status_string(uint16_t status)
{
	static const char *const names[] = {
		[0] = "success",
		[1] = "failed",
		[2] = "not authorised",
		[3] = "invalid command",
		[4] = "no such source",
		[5] = "invalid timestamp",
		[6] = "not enabled",
		[7] = "bad subnet",
		[8] = "access allowed",
		[9] = "access denied",
		[10] = "no host access",
		[11] = "source already known",
		[12] = "too many sources",
		[13] = "no RTC",
		[14] = "bad RTC file",
		[15] = "inactive",
		[16] = "bad sample",
		[17] = "invalid address family",
		[18] = "bad packet version",
		[19] = "bad packet length",
		[21] = "invalid name",
	};

	if (status < sizeof(names) / sizeof(names[0]) && names[status])
		return names[status];
	return "unknown status";
}
