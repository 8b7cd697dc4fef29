/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chrony's command and monitoring protocol (version 6): request encoders and
 * reply decoders. Pure functions over byte buffers, written from the protocol
 * facts in doc/PROTOCOLS.md; no I/O here.
 */
#ifndef SCOUT_CHRONY_PROTO_H
#define SCOUT_CHRONY_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define CHRONY_PROTO_VERSION 6
/* chronyd drops requests longer than this (sizeof(CMD_Request) in 4.x). */
#define CHRONY_MAX_REQUEST 860
/* Large enough for any reply we ask for. */
#define CHRONY_MAX_REPLY 1024

enum chrony_command {
	CHRONY_REQ_NULL = 0,
	CHRONY_REQ_N_SOURCES = 14,
	CHRONY_REQ_SOURCE_DATA = 15,
	CHRONY_REQ_TRACKING = 33,
	CHRONY_REQ_ACTIVITY = 44,
	CHRONY_REQ_NTP_DATA = 57,
	CHRONY_REQ_NTP_SOURCE_NAME = 65,
};

/* Status codes of a reply (STT_*); only the ones we act on are named. */
enum chrony_status {
	CHRONY_STT_SUCCESS = 0,
	CHRONY_STT_FAILED = 1,
	CHRONY_STT_UNAUTH = 2,
	CHRONY_STT_INVALID = 3,
	CHRONY_STT_NOSUCHSOURCE = 4,
	CHRONY_STT_BADPKTVERSION = 18,
	CHRONY_STT_BADPKTLENGTH = 19,
};

/* Address family on the wire (IPADDR_*). */
enum chrony_family {
	CHRONY_FAMILY_UNSPEC = 0,
	CHRONY_FAMILY_INET4 = 1,
	CHRONY_FAMILY_INET6 = 2,
	CHRONY_FAMILY_ID = 3, /* unresolved source, identified by id */
};

struct chrony_addr {
	uint16_t family;   /* enum chrony_family */
	uint8_t bytes[16]; /* INET4: first 4 bytes, network order; INET6: 16 bytes */
	uint32_t id;	   /* FAMILY_ID only */
};

enum chrony_leap {
	CHRONY_LEAP_NORMAL = 0,
	CHRONY_LEAP_INSERT = 1,
	CHRONY_LEAP_DELETE = 2,
	CHRONY_LEAP_UNSYNC = 3,
};

/* Reference ID chronyd reports while only its local clock is in use. */
#define CHRONY_REFID_LOCAL 0x7F7F0101u

struct chrony_tracking {
	uint32_t ref_id;
	struct chrony_addr addr;
	uint16_t stratum;
	uint16_t leap; /* enum chrony_leap */
	struct timespec ref_time;
	double current_correction; /* s; negative: system clock is fast */
	double last_offset;	   /* s; positive: local clock was ahead */
	double rms_offset;	   /* s */
	double freq_ppm;	   /* negative: clock runs slow */
	double resid_freq_ppm;
	double skew_ppm;
	double root_delay;	     /* s */
	double root_dispersion;	     /* s */
	double last_update_interval; /* s */
};

enum chrony_source_state {
	CHRONY_SRC_SELECTED = 0,
	CHRONY_SRC_NONSELECTABLE = 1,
	CHRONY_SRC_FALSETICKER = 2,
	CHRONY_SRC_JITTERY = 3,
	CHRONY_SRC_UNSELECTED = 4, /* combined */
	CHRONY_SRC_SELECTABLE = 5,
};

enum chrony_source_mode {
	CHRONY_MODE_CLIENT = 0,
	CHRONY_MODE_PEER = 1,
	CHRONY_MODE_REF = 2,
};

#define CHRONY_NEVER_SAMPLED 0xFFFFFFFFu

struct chrony_source {
	struct chrony_addr addr;
	int16_t poll; /* log2 seconds */
	uint16_t stratum;
	uint16_t state; /* enum chrony_source_state */
	uint16_t mode;	/* enum chrony_source_mode */
	uint16_t flags;
	uint16_t reach;		 /* 8-bit shift register */
	uint32_t since_sample;	 /* s, CHRONY_NEVER_SAMPLED if none */
	double orig_latest_meas; /* s */
	double latest_meas;	 /* s; positive: local clock ahead of source */
	double latest_meas_err;	 /* s */
};

/* What chronyd knows of its sources' reachability setting (RPY_Activity). */
struct chrony_activity {
	uint32_t online;	/* sources being polled */
	uint32_t offline;	/* `offline` option or `chronyc offline` */
	uint32_t burst_online;	/* in a burst, then back online */
	uint32_t burst_offline; /* in a burst, then back offline */
	uint32_t unresolved;	/* names not resolved (yet) */
};

/* The ten tests of a received packet (flags bit set: passed), RFC 5905 style. */
#define CHRONY_NTP_FLAGS_TESTS 0x3ffu
#define CHRONY_NTP_FLAG_INTERLEAVED 0x4000u
#define CHRONY_NTP_FLAG_AUTHENTICATED 0x8000u

/* The last NTP packet from one source, and counters (RPY_NTPData, unix socket
 * only). leap..ref_time are the source's own header fields; ref_id carries the
 * kiss code ("DENY", "RATE", ...) when the source sent a kiss-o'-death. */
struct chrony_ntp_data {
	struct chrony_addr remote_addr;
	struct chrony_addr local_addr;
	uint16_t remote_port;
	uint8_t leap; /* enum chrony_leap */
	uint8_t version;
	uint8_t mode;
	uint8_t stratum;
	int8_t poll;
	int8_t precision;
	double root_delay;	/* s */
	double root_dispersion; /* s */
	uint32_t ref_id;
	struct timespec ref_time;
	double offset;		 /* s */
	double peer_delay;	 /* s */
	double peer_dispersion;	 /* s */
	double response_time;	 /* s */
	double jitter_asymmetry; /* -0.5 .. 0.5 */
	uint16_t flags;		 /* CHRONY_NTP_FLAG* */
	char tx_tss_char;	 /* 'D' daemon, 'K' kernel, 'H' hardware */
	char rx_tss_char;
	uint32_t total_tx_count;
	uint32_t total_rx_count;
	uint32_t total_valid_count;
	uint32_t total_good_count;
};

/*
 * Encoders write a complete request, zero-padded to the length of its reply
 * (chronyd never answers with more bytes than it was sent), and return its
 * length, or -ENOBUFS if size is too small.
 */
ssize_t chrony_encode_null(uint8_t *buf, size_t size, uint32_t seq);
ssize_t chrony_encode_tracking(uint8_t *buf, size_t size, uint32_t seq);
ssize_t chrony_encode_n_sources(uint8_t *buf, size_t size, uint32_t seq);
ssize_t chrony_encode_source_data(
    uint8_t *buf, size_t size, uint32_t seq, int32_t index);
ssize_t chrony_encode_ntp_source_name(
    uint8_t *buf, size_t size, uint32_t seq, const struct chrony_addr *addr);
ssize_t chrony_encode_activity(uint8_t *buf, size_t size, uint32_t seq);
/* Padded to the longer reply of chrony >= 4.6, which 4.3 accepts as well. */
ssize_t chrony_encode_ntp_data(
    uint8_t *buf, size_t size, uint32_t seq, const struct chrony_addr *addr);

/*
 * Decoders validate the whole reply before they write *ret:
 *   0              success
 *   -EBADMSG       short, oversized, wrong packet type, non-zero reserved
 *                  bytes, or a field out of its range
 *   -ESRCH         not the reply to this request (command or sequence differ):
 *                  a stale or foreign datagram; the caller keeps waiting
 *   -EPROTONOSUPPORT  protocol version is not 6 (or status BADPKTVERSION)
 *   -EACCES        status UNAUTH: the command is not allowed on this transport
 *   -ENOENT        status NOSUCHSOURCE
 *   -EIO           any other non-success status, or an unexpected reply code
 * ret_status (may be NULL) receives the reply's status word whenever the
 * header could be read, for logging.
 */
/* The sequence number of a reply, to find the request it answers among
 * several in flight; -EBADMSG when too short to have one. */
int chrony_reply_seq(const uint8_t *buf, size_t len, uint32_t *ret);
int chrony_decode_null(
    const uint8_t *buf, size_t len, uint32_t seq, uint16_t *ret_status);
int chrony_decode_tracking(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_tracking *ret);
int chrony_decode_n_sources(
    const uint8_t *buf, size_t len, uint32_t seq, uint16_t *ret_status, uint32_t *ret);
int chrony_decode_source_data(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_source *ret);
/* ret gets the NUL-terminated name; size must be at least 1. */
int chrony_decode_ntp_source_name(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, char *ret, size_t size);

int chrony_decode_activity(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_activity *ret);
/* Accepts chrony 4.3's reply (RPY_NTP_DATA, 152 bytes) and the longer one of
 * 4.6 and later (RPY_NTP_DATA2, 172 bytes; its extra counters are ignored). */
int chrony_decode_ntp_data(const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status, struct chrony_ntp_data *ret);

/* chrony's 32-bit Float (7-bit exponent, 25-bit coefficient), host order in. */
double chrony_float_decode(uint32_t wire);
/* chrony's 12-byte Timespec at p (TV_NOHIGHSEC handled, nsec clamped). */
struct timespec chrony_timespec_decode(const uint8_t *p);

/* "ADDR" text of an address ("" for UNSPEC, "ID#0000000001" style for ID). */
void chrony_addr_format(const struct chrony_addr *addr, char *buf, size_t size);
/* Name of a status code, e.g. "not authorised"; never NULL. */
const char *chrony_status_string(uint16_t status);

#endif
