/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The NTP mode 6 control protocol (RFC 1305 appendix B, RFC 9327), the one
 * ntpq speaks to ntpd and NTPsec: request builders, a fragment reassembler,
 * and strict decoders of READSTAT and READVAR replies into neutral structs.
 * Pure functions over byte buffers; no I/O here.
 */
#ifndef SCOUT_NTP_MODE6_H
#define SCOUT_NTP_MODE6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MODE6_HEADER_LEN 12
/* Version we send: every ntpd since 1992 and NTPsec answer it (ntpq too). */
#define MODE6_VERSION 2
/* Largest data part of one fragment (RFC 9327); a datagram adds header and padding. */
#define MODE6_MAX_FRAGMENT_DATA 468
#define MODE6_MAX_DATAGRAM (MODE6_HEADER_LEN + MODE6_MAX_FRAGMENT_DATA)
/* Reassembly caps: a READVAR of one association is < 2 KiB on NTPsec 1.2. */
#define MODE6_MAX_PAYLOAD 8192
#define MODE6_MAX_FRAGMENTS 24
/* READVAR payload caps, checked while parsing. */
#define MODE6_MAX_KEY 32
#define MODE6_MAX_VALUE 255
#define MODE6_MAX_VARS 96
/* Associations one READSTAT may list (4 bytes each). */
#define MODE6_MAX_ASSOCS (MODE6_MAX_PAYLOAD / 4)

enum mode6_opcode {
	MODE6_OP_READSTAT = 1,
	MODE6_OP_READVAR = 2,
};

/* Error codes of a reply with the error bit set (high byte of its status). */
enum mode6_error {
	MODE6_ERR_UNSPEC = 0,
	MODE6_ERR_AUTH = 1,
	MODE6_ERR_FORMAT = 2,
	MODE6_ERR_OPCODE = 3,
	MODE6_ERR_UNKNOWN_ASSOC = 4,
	MODE6_ERR_UNKNOWN_VAR = 5,
	MODE6_ERR_BAD_VALUE = 6,
	MODE6_ERR_PROHIBITED = 7,
};

/* Peer selection code, bits 10..8 of a peer status word. */
enum mode6_select {
	MODE6_SEL_REJECT = 0,
	MODE6_SEL_FALSETICKER = 1,
	MODE6_SEL_EXCESS = 2,
	MODE6_SEL_OUTLIER = 3,
	MODE6_SEL_CANDIDATE = 4,
	MODE6_SEL_BACKUP = 5,
	MODE6_SEL_SYSPEER = 6,
	MODE6_SEL_PPSPEER = 7,
};

struct mode6_peer_status {
	bool configured;
	bool auth_enabled;
	bool authentic;
	bool reachable;
	bool broadcast;
	uint8_t select; /* enum mode6_select */
	uint8_t event_count;
	uint8_t event_code;
};

/* System status word: leap, clock source, last event. */
struct mode6_sys_status {
	uint8_t leap;	/* 0..3, 3 = unsynchronised */
	uint8_t source; /* 0 unspecified (not synced), 5 local clock, 6 NTP, ... */
	uint8_t event_count;
	uint8_t event_code;
};

/*
 * Builds a request: READSTAT (assoc 0 for the list of associations) or READVAR
 * (assoc 0 = system variables, else one association) with the comma-separated
 * variable list vars (NULL or "" for the daemon's default set). Returns the
 * datagram's length (padded to 4 bytes), -ENOBUFS if size is too small, -EINVAL
 * if vars is longer than one fragment or holds a control character.
 */
ssize_t mode6_build_request(uint8_t *buf, size_t size, uint8_t opcode, uint16_t seq,
    uint16_t assoc, const char *vars);

/* One reply in reassembly; set up by mode6_reply_init for one request. */
struct mode6_reply {
	uint8_t opcode;
	uint16_t seq;
	uint16_t assoc;
	uint16_t status; /* of the fragment at offset 0 */
	uint8_t leap;	 /* LI bits of the fragment at offset 0 */
	uint8_t error;	 /* enum mode6_error, when an error reply came */
	bool have_last;
	size_t total; /* payload length, known once have_last */
	size_t received;
	unsigned n_fragments;
	struct {
		uint16_t offset, count;
	} fragments[MODE6_MAX_FRAGMENTS];
	uint8_t data[MODE6_MAX_PAYLOAD + 1]; /* NUL-terminated once complete */
};

void mode6_reply_init(
    struct mode6_reply *r, uint8_t opcode, uint16_t seq, uint16_t assoc);

/*
 * Adds one received datagram. Returns:
 *   0          the reply is complete: r->data[0..r->total) is the payload
 *   -EAGAIN    a valid fragment; more are needed
 *   -ESRCH     not a response to this request (not mode 6, not a response, other
 *              opcode, sequence or association): a stale or foreign datagram,
 *              ignored; the caller keeps waiting
 *   -EBADMSG   malformed: bad version, short or oversized, count beyond the
 *              datagram or above one fragment, a length other than header +
 *              count padded to 4, overlapping or inconsistent fragments
 *   -EMSGSIZE  the reply would exceed MODE6_MAX_PAYLOAD or MODE6_MAX_FRAGMENTS
 *   -EACCES    error reply: authentication failure or administratively prohibited
 *   -ENOENT    error reply: unknown association or variable
 *   -EOPNOTSUPP  error reply: unknown opcode
 *   -EIO       any other error reply (r->error holds the code)
 * After anything but -EAGAIN and -ESRCH the reply is finished; r is not changed
 * by -ESRCH.
 */
int mode6_reply_add(struct mode6_reply *r, const uint8_t *buf, size_t len);

/*
 * READSTAT payload: (association id, peer status word) pairs. Returns the
 * number of associations written to out, or -EBADMSG (length not a multiple of
 * 4, association id 0, a duplicate id) or -EMSGSIZE (more than max).
 */
struct mode6_assoc {
	uint16_t assoc;
	uint16_t status;
};
int mode6_parse_assocs(
    const uint8_t *data, size_t len, struct mode6_assoc *out, size_t max);

void mode6_peer_status_decode(uint16_t word, struct mode6_peer_status *ret);
void mode6_sys_status_decode(uint16_t word, struct mode6_sys_status *ret);
/* ntpq's tally character for a selection code: ' ', 'x', '.', '-', '+', '#', '*', 'o'.
 */
char mode6_select_tally(uint8_t select);
/* "reject", "falsetick", "excess", "outlier", "candidate", "backup", "sys.peer",
 * "pps.peer" */
const char *mode6_select_name(uint8_t select);
/* "unspecified", "authentication failure", ... for enum mode6_error; never NULL. */
const char *mode6_error_string(uint8_t error);

/* One key=value of a READVAR payload; value is "" for a key without '='. */
struct mode6_var {
	char key[MODE6_MAX_KEY + 1];
	char value[MODE6_MAX_VALUE + 1]; /* quotes removed */
	bool has_value;
	bool quoted;
};

/*
 * Parses a READVAR payload strictly: items "key", "key=value" or
 * key="quoted value", separated by a comma and optional spaces or CR LF, with
 * optional CR LF at the end. Keys are [A-Za-z0-9_.-], at most MODE6_MAX_KEY
 * long and unique; values printable ASCII, at most MODE6_MAX_VALUE; no empty
 * item, no trailing comma, no NUL, no lone CR or LF. Returns the number of
 * variables written to out, -EBADMSG, or -EMSGSIZE (more than max).
 */
int mode6_parse_vars(const char *data, size_t len, struct mode6_var *out, size_t max);

/* An NTP timestamp as ntpd prints it: "0x" optional, 8 hex digits '.' 8 hex digits. */
struct mode6_ntp_time {
	uint32_t seconds; /* since 1900, era 0 */
	uint32_t fraction;
};

enum mode6_refid_kind {
	MODE6_REFID_TEXT = 0,	 /* a code such as "INIT", ".LOCL.", "LOCL" */
	MODE6_REFID_ADDRESS = 1, /* dotted IPv4 (of the upstream, or a hash of IPv6) */
};

/* Which fields of mode6_system / mode6_peer were in the reply. */
enum mode6_field {
	MODE6_F_LEAP = 1u << 0,
	MODE6_F_STRATUM = 1u << 1,
	MODE6_F_REFID = 1u << 2,
	MODE6_F_OFFSET = 1u << 3,
	MODE6_F_JITTER = 1u << 4,
	MODE6_F_ROOTDELAY = 1u << 5,
	MODE6_F_ROOTDISP = 1u << 6,
	MODE6_F_REFTIME = 1u << 7,
	MODE6_F_PEER = 1u << 8,
	MODE6_F_TC = 1u << 9,
	MODE6_F_VERSION = 1u << 10,
	MODE6_F_PRECISION = 1u << 11,
	MODE6_F_FREQUENCY = 1u << 12,
	MODE6_F_CLOCK = 1u << 13,
	/* peer only */
	MODE6_F_SRCADR = 1u << 16,
	MODE6_F_SRCPORT = 1u << 17,
	MODE6_F_REACH = 1u << 18,
	MODE6_F_DELAY = 1u << 19,
	MODE6_F_DISPERSION = 1u << 20,
	MODE6_F_HPOLL = 1u << 21,
	MODE6_F_PPOLL = 1u << 22,
	MODE6_F_REC = 1u << 23,
	MODE6_F_FLASH = 1u << 24,
};

/* System variables (READVAR association 0). Times in milliseconds as ntpd sends them.
 */
struct mode6_system {
	uint32_t present; /* enum mode6_field bits */
	uint8_t leap;	  /* 0..3 */
	uint8_t stratum;  /* 0..16; 16 = unsynchronised */
	uint8_t refid_kind;
	char refid[40];
	double offset_ms;
	double sys_jitter_ms;
	double rootdelay_ms;
	double rootdisp_ms;
	double frequency_ppm;
	struct mode6_ntp_time reftime;
	struct mode6_ntp_time clock;
	uint16_t peer; /* association id of the system peer, 0 = none */
	int tc;	       /* log2 s, time constant */
	int precision; /* log2 s */
	char version[MODE6_MAX_VALUE + 1];
};

/* Peer variables (READVAR of one association). Times in milliseconds. */
struct mode6_peer {
	uint32_t present;
	char srcadr[48];
	uint16_t srcport;
	uint8_t leap;
	uint8_t stratum;
	uint8_t refid_kind;
	char refid[40];
	uint8_t reach; /* 8-bit shift register (ntpd prints it in octal) */
	double offset_ms;
	double delay_ms;
	double dispersion_ms;
	double jitter_ms;
	double rootdelay_ms;
	double rootdisp_ms;
	int hpoll; /* log2 s */
	int ppoll; /* log2 s */
	struct mode6_ntp_time rec;
	struct mode6_ntp_time reftime;
	uint16_t flash; /* bits of the failed packet tests, 0 = all passed */
};

/*
 * Fill *ret from parsed variables; unknown keys are ignored, a known key with a
 * malformed or out-of-range value is -EBADMSG. The system needs leap and
 * stratum, a peer srcadr and reach, else -EBADMSG.
 */
int mode6_system_from_vars(
    const struct mode6_var *vars, size_t n, struct mode6_system *ret);
int mode6_peer_from_vars(
    const struct mode6_var *vars, size_t n, struct mode6_peer *ret);

/* Strict value parsers, exposed for tests: 0 or -EBADMSG. */
int mode6_parse_ntp_time(const char *s, struct mode6_ntp_time *ret);
int mode6_parse_double(const char *s, double *ret);

/* The variable lists the agent asks for (both ntpd and NTPsec know them). */
#define MODE6_SYSTEM_VARS                                                         \
	"leap,stratum,precision,rootdelay,rootdisp,refid,reftime,tc,peer,offset," \
	"frequency,sys_jitter,clock,version"
#define MODE6_PEER_VARS                                                           \
	"srcadr,srcport,leap,stratum,rootdelay,rootdisp,refid,reach,hpoll,ppoll," \
	"offset,delay,dispersion,jitter,rec,reftime,flash"

#endif
