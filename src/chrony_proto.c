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
#include <stdbool.h>
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
#define RPY_ACTIVITY 12
#define RPY_NTP_DATA 16
#define RPY_NTP_SOURCE_NAME 19
#define RPY_NTP_DATA2 26

/* Reply lengths; every request is zero-padded to the length of its reply. */
#define LEN_NULL 28
#define LEN_N_SOURCES 32
#define LEN_SOURCE_DATA 76
#define LEN_TRACKING 104
#define LEN_NTP_SOURCE_NAME 284
#define LEN_ACTIVITY 48
#define LEN_NTP_DATA 152  /* chrony 4.3 to 4.5 */
#define LEN_NTP_DATA2 172 /* chrony 4.6 and later */

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

/* RPY_Activity: five i32 counts */
#define ACT_OFF_ONLINE 28
#define ACT_OFF_OFFLINE 32
#define ACT_OFF_BURST_ONLINE 36
#define ACT_OFF_BURST_OFFLINE 40
#define ACT_OFF_UNRESOLVED 44

/* RPY_NTPData; the 4.6 form appends counters after TOTAL_GOOD */
#define NTP_OFF_REMOTE_ADDR 28
#define NTP_OFF_LOCAL_ADDR 48
#define NTP_OFF_REMOTE_PORT 68
#define NTP_OFF_LEAP 70
#define NTP_OFF_VERSION 71
#define NTP_OFF_MODE 72
#define NTP_OFF_STRATUM 73
#define NTP_OFF_POLL 74
#define NTP_OFF_PRECISION 75
#define NTP_OFF_ROOT_DELAY 76
#define NTP_OFF_ROOT_DISPERSION 80
#define NTP_OFF_REF_ID 84
#define NTP_OFF_REF_TIME 88
#define NTP_OFF_OFFSET 100
#define NTP_OFF_PEER_DELAY 104
#define NTP_OFF_PEER_DISPERSION 108
#define NTP_OFF_RESPONSE_TIME 112
#define NTP_OFF_JITTER_ASYMMETRY 116
#define NTP_OFF_FLAGS 120
#define NTP_OFF_TX_TSS_CHAR 122
#define NTP_OFF_RX_TSS_CHAR 123
#define NTP_OFF_TOTAL_TX 124
#define NTP_OFF_TOTAL_RX 128
#define NTP_OFF_TOTAL_VALID 132
#define NTP_OFF_TOTAL_GOOD 136
#define NTP_KNOWN_FLAGS                                         \
	(CHRONY_NTP_FLAGS_TESTS | CHRONY_NTP_FLAG_INTERLEAVED | \
	    CHRONY_NTP_FLAG_AUTHENTICATED)
#define NTP_VERSION_MAX 7
#define NTP_MODE_MAX 7

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

static int8_t
get_i8(const uint8_t *p)
{
	return (int8_t)(p[0] >= 0x80u ? (int)p[0] - 0x100 : (int)p[0]);
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

static void
put_addr(uint8_t *p, const struct chrony_addr *addr)
{
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
}

ssize_t
chrony_encode_ntp_source_name(
    uint8_t *buf, size_t size, uint32_t seq, const struct chrony_addr *addr)
{
	ssize_t r = encode_header(
	    buf, size, CHRONY_REQ_NTP_SOURCE_NAME, seq, LEN_NTP_SOURCE_NAME);

	if (r < 0)
		return r;
	put_addr(buf + REQ_OFF_DATA, addr);
	return r;
}

ssize_t
chrony_encode_activity(uint8_t *buf, size_t size, uint32_t seq)
{
	return encode_header(buf, size, CHRONY_REQ_ACTIVITY, seq, LEN_ACTIVITY);
}

ssize_t
chrony_encode_ntp_data(
    uint8_t *buf, size_t size, uint32_t seq, const struct chrony_addr *addr)
{
	ssize_t r = encode_header(buf, size, CHRONY_REQ_NTP_DATA, seq, LEN_NTP_DATA2);

	if (r < 0)
		return r;
	put_addr(buf + REQ_OFF_DATA, addr);
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

/* A count chronyd keeps as int: never negative. */
static int
get_count(const uint8_t *p, uint32_t *ret)
{
	uint32_t v = get_u32(p);

	if (v > INT32_MAX)
		return -EBADMSG;
	*ret = v;
	return 0;
}

int
chrony_decode_activity(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_activity *ret)
{
	static const struct reply_spec spec = { CHRONY_REQ_ACTIVITY, RPY_ACTIVITY,
		LEN_ACTIVITY };
	struct chrony_activity a;
	int r;

	r = check_reply(buf, len, seq, &spec, ret_status);
	if (r < 0)
		return r;
	if (get_count(buf + ACT_OFF_ONLINE, &a.online) < 0 ||
	    get_count(buf + ACT_OFF_OFFLINE, &a.offline) < 0 ||
	    get_count(buf + ACT_OFF_BURST_ONLINE, &a.burst_online) < 0 ||
	    get_count(buf + ACT_OFF_BURST_OFFLINE, &a.burst_offline) < 0 ||
	    get_count(buf + ACT_OFF_UNRESOLVED, &a.unresolved) < 0)
		return -EBADMSG;
	*ret = a;
	return 0;
}

/* Timestamp source: daemon, kernel, hardware; NUL before the first packet. */
static bool
valid_tss_char(uint8_t c)
{
	return c == 'D' || c == 'K' || c == 'H' || c == '\0';
}

int
chrony_decode_ntp_data(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_ntp_data *ret)
{
	static const struct reply_spec spec = { CHRONY_REQ_NTP_DATA, RPY_NTP_DATA,
		LEN_NTP_DATA };
	static const struct reply_spec spec2 = { CHRONY_REQ_NTP_DATA, RPY_NTP_DATA2,
		LEN_NTP_DATA2 };
	struct chrony_ntp_data d;
	int r;

	r = check_reply(
	    buf, len, seq, len == LEN_NTP_DATA2 ? &spec2 : &spec, ret_status);
	if (r < 0)
		return r;

	memset(&d, 0, sizeof(d));
	if (decode_addr(buf + NTP_OFF_REMOTE_ADDR, &d.remote_addr) < 0 ||
	    decode_addr(buf + NTP_OFF_LOCAL_ADDR, &d.local_addr) < 0)
		return -EBADMSG;
	/* NTP sources have IP addresses; an ID means the name is unresolved,
	 * and chronyd answers NOSUCHSOURCE for those */
	if ((d.remote_addr.family != CHRONY_FAMILY_INET4 &&
		d.remote_addr.family != CHRONY_FAMILY_INET6) ||
	    d.local_addr.family == CHRONY_FAMILY_ID)
		return -EBADMSG;
	d.remote_port = get_u16(buf + NTP_OFF_REMOTE_PORT);
	d.leap = buf[NTP_OFF_LEAP];
	d.version = buf[NTP_OFF_VERSION];
	d.mode = buf[NTP_OFF_MODE];
	d.stratum = buf[NTP_OFF_STRATUM];
	d.poll = get_i8(buf + NTP_OFF_POLL);
	d.precision = get_i8(buf + NTP_OFF_PRECISION);
	if (d.leap > CHRONY_LEAP_UNSYNC || d.version > NTP_VERSION_MAX ||
	    d.mode > NTP_MODE_MAX)
		return -EBADMSG;
	d.root_delay = get_float(buf + NTP_OFF_ROOT_DELAY);
	d.root_dispersion = get_float(buf + NTP_OFF_ROOT_DISPERSION);
	d.ref_id = get_u32(buf + NTP_OFF_REF_ID);
	d.ref_time = chrony_timespec_decode(buf + NTP_OFF_REF_TIME);
	d.offset = get_float(buf + NTP_OFF_OFFSET);
	d.peer_delay = get_float(buf + NTP_OFF_PEER_DELAY);
	d.peer_dispersion = get_float(buf + NTP_OFF_PEER_DISPERSION);
	d.response_time = get_float(buf + NTP_OFF_RESPONSE_TIME);
	d.jitter_asymmetry = get_float(buf + NTP_OFF_JITTER_ASYMMETRY);
	d.flags = get_u16(buf + NTP_OFF_FLAGS);
	if (d.flags & ~NTP_KNOWN_FLAGS)
		return -EBADMSG;
	if (!valid_tss_char(buf[NTP_OFF_TX_TSS_CHAR]) ||
	    !valid_tss_char(buf[NTP_OFF_RX_TSS_CHAR]))
		return -EBADMSG;
	d.tx_tss_char = (char)buf[NTP_OFF_TX_TSS_CHAR];
	d.rx_tss_char = (char)buf[NTP_OFF_RX_TSS_CHAR];
	d.total_tx_count = get_u32(buf + NTP_OFF_TOTAL_TX);
	d.total_rx_count = get_u32(buf + NTP_OFF_TOTAL_RX);
	d.total_valid_count = get_u32(buf + NTP_OFF_TOTAL_VALID);
	d.total_good_count = get_u32(buf + NTP_OFF_TOTAL_GOOD);

	*ret = d;
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
