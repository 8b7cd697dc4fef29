/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NTP mode 6 control messages, written from RFC 1305 appendix B and RFC 9327:
 *
 *   byte 0   LI (2 bits) | version (3) | mode (3) = 6
 *   byte 1   response (0x80) | error (0x40) | more (0x20) | opcode (5 bits)
 *   2..3     sequence      4..5  status      6..7  association id
 *   8..9     offset of this fragment's data in the whole payload
 *   10..11   count of data bytes, then the data, zero-padded to 4 bytes
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ntp_mode6.h"

#define MODE6_MODE 6
#define BIT_RESPONSE 0x80
#define BIT_ERROR 0x40
#define BIT_MORE 0x20
#define OPCODE_MASK 0x1f

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

ssize_t
mode6_build_request(uint8_t *buf, size_t size, uint8_t opcode, uint16_t seq,
    uint16_t assoc, const char *vars)
{
	size_t n = vars ? strlen(vars) : 0, len = pad4(MODE6_HEADER_LEN + n);

	if (n > MODE6_MAX_FRAGMENT_DATA || (opcode & ~OPCODE_MASK) || opcode == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)vars[i] < 0x20 || (unsigned char)vars[i] > 0x7e)
			return -EINVAL;
	if (size < len)
		return -ENOBUFS;
	memset(buf, 0, len);
	buf[0] = (uint8_t)(MODE6_VERSION << 3 | MODE6_MODE);
	buf[1] = opcode;
	put16(buf + 2, seq);
	put16(buf + 6, assoc);
	put16(buf + 10, (uint16_t)n);
	if (n)
		memcpy(buf + MODE6_HEADER_LEN, vars, n);
	return (ssize_t)len;
}

void
mode6_reply_init(struct mode6_reply *r, uint8_t opcode, uint16_t seq, uint16_t assoc)
{
	r->opcode = opcode;
	r->seq = seq;
	r->assoc = assoc;
	r->status = 0;
	r->leap = 0;
	r->error = 0;
	r->have_last = false;
	r->total = 0;
	r->received = 0;
	r->n_fragments = 0;
	r->data[0] = '\0';
}

static int
error_to_errno(uint8_t code)
{
	switch (code) {
	case MODE6_ERR_AUTH:
	case MODE6_ERR_PROHIBITED:
		return -EACCES;
	case MODE6_ERR_UNKNOWN_ASSOC:
	case MODE6_ERR_UNKNOWN_VAR:
		return -ENOENT;
	case MODE6_ERR_OPCODE:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

int
mode6_reply_add(struct mode6_reply *r, const uint8_t *buf, size_t len)
{
	uint8_t version, flags;
	uint16_t offset, count;
	size_t end;

	if (len < MODE6_HEADER_LEN)
		return -EBADMSG;
	flags = buf[1];
	/* Whose datagram is it? Anything not answering this request is ignored. */
	if ((buf[0] & 7) != MODE6_MODE || !(flags & BIT_RESPONSE) ||
	    (flags & OPCODE_MASK) != r->opcode || get16(buf + 2) != r->seq)
		return -ESRCH;
	version = (buf[0] >> 3) & 7;
	if (version < 1 || version > 4)
		return -EBADMSG;
	offset = get16(buf + 8);
	count = get16(buf + 10);
	/*
	 * The padding's content is not checked: NTPsec 1.2.2 leaves stale buffer
	 * bytes there (tests/unit/data/ntpsec-synced-readvar-peer-default-2.bin).
	 */
	if (count > MODE6_MAX_FRAGMENT_DATA || len != pad4(MODE6_HEADER_LEN + count))
		return -EBADMSG;
	if (flags & BIT_ERROR) {
		/*
		 * An error reply carries no data and ends the reply. Its offset
		 * means nothing: NTPsec 1.2.2 sends 468 there.
		 */
		if (count || (flags & BIT_MORE))
			return -EBADMSG;
		r->error = buf[4];
		r->status = get16(buf + 4);
		return error_to_errno(r->error);
	}
	/* the list of associations is system-wide: its association id is 0 */
	if (get16(buf + 6) != r->assoc)
		return -ESRCH;
	end = (size_t)offset + count;
	if (end > MODE6_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (r->n_fragments == MODE6_MAX_FRAGMENTS)
		return -EMSGSIZE;
	/* only an empty single-fragment reply may have no data */
	if (count == 0 && (offset || (flags & BIT_MORE) || r->n_fragments))
		return -EBADMSG;
	if (r->have_last && end > r->total)
		return -EBADMSG;
	if (!(flags & BIT_MORE)) {
		if (r->have_last)
			return -EBADMSG;
		for (unsigned i = 0; i < r->n_fragments; i++)
			if ((size_t)r->fragments[i].offset + r->fragments[i].count >
			    end)
				return -EBADMSG;
		r->have_last = true;
		r->total = end;
	}
	for (unsigned i = 0; i < r->n_fragments; i++) {
		size_t o = r->fragments[i].offset, e = o + r->fragments[i].count;

		if (offset < e && o < end)
			return -EBADMSG; /* overlap, or the same fragment twice */
	}
	r->fragments[r->n_fragments].offset = offset;
	r->fragments[r->n_fragments].count = count;
	r->n_fragments++;
	if (count)
		memcpy(r->data + offset, buf + MODE6_HEADER_LEN, count);
	r->received += count;
	if (offset == 0) {
		r->status = get16(buf + 4);
		r->leap = buf[0] >> 6;
	}
	/* no overlap, so the payload is whole when the byte counts agree */
	if (!r->have_last || r->received != r->total)
		return -EAGAIN;
	r->data[r->total] = '\0';
	return 0;
}

int
mode6_parse_assocs(const uint8_t *data, size_t len, struct mode6_assoc *out, size_t max)
{
	size_t n = len / 4;

	if (len % 4)
		return -EBADMSG;
	if (n > max)
		return -EMSGSIZE;
	for (size_t i = 0; i < n; i++) {
		out[i].assoc = get16(data + 4 * i);
		out[i].status = get16(data + 4 * i + 2);
		if (out[i].assoc == 0)
			return -EBADMSG;
		for (size_t j = 0; j < i; j++)
			if (out[j].assoc == out[i].assoc)
				return -EBADMSG;
	}
	return (int)n;
}

void
mode6_peer_status_decode(uint16_t word, struct mode6_peer_status *ret)
{
	ret->configured = word & 0x8000;
	ret->auth_enabled = word & 0x4000;
	ret->authentic = word & 0x2000;
	ret->reachable = word & 0x1000;
	ret->broadcast = word & 0x0800;
	ret->select = (word >> 8) & 7;
	ret->event_count = (word >> 4) & 0xf;
	ret->event_code = word & 0xf;
}

void
mode6_sys_status_decode(uint16_t word, struct mode6_sys_status *ret)
{
	ret->leap = word >> 14;
	ret->source = (word >> 8) & 0x3f;
	ret->event_count = (word >> 4) & 0xf;
	ret->event_code = word & 0xf;
}

char
mode6_select_tally(uint8_t select)
{
	return " x.-+#*o"[select & 7];
}

const char *
mode6_select_name(uint8_t select)
{
	static const char *const names[] = { "reject", "falsetick", "excess", "outlier",
		"candidate", "backup", "sys.peer", "pps.peer" };

	return names[select & 7];
}

const char *
mode6_error_string(uint8_t error)
{
	static const char *const names[] = { "unspecified error",
		"authentication failure", "invalid message length or format",
		"invalid opcode", "unknown association", "unknown variable",
		"invalid variable value", "administratively prohibited" };

	return error < sizeof(names) / sizeof(names[0]) ? names[error] :
							  "unknown error";
}

static bool
is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static bool
is_printable(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* Skips spaces and CR LF pairs; a lone CR or LF is malformed (returns false). */
static bool
skip_space(const char *s, size_t len, size_t *i)
{
	while (*i < len) {
		if (s[*i] == ' ')
			(*i)++;
		else if (s[*i] == '\r') {
			if (*i + 1 >= len || s[*i + 1] != '\n')
				return false;
			*i += 2;
		} else if (s[*i] == '\n')
			return false;
		else
			break;
	}
	return true;
}

static int
parse_value(const char *s, size_t len, size_t *i, struct mode6_var *v)
{
	size_t n = 0;

	v->has_value = true;
	if (*i < len && s[*i] == '"') {
		v->quoted = true;
		for ((*i)++; *i < len && s[*i] != '"'; (*i)++) {
			if (!is_printable(s[*i]) || n == MODE6_MAX_VALUE)
				return -EBADMSG;
			v->value[n++] = s[*i];
		}
		if (*i == len)
			return -EBADMSG; /* unterminated */
		(*i)++;
	} else {
		for (; *i < len && s[*i] != ','; (*i)++) {
			if (s[*i] == '\r' || s[*i] == '\n')
				break;
			if (!is_printable(s[*i]) || s[*i] == '"' ||
			    n == MODE6_MAX_VALUE)
				return -EBADMSG;
			v->value[n++] = s[*i];
		}
		while (n && v->value[n - 1] == ' ')
			n--;
	}
	v->value[n] = '\0';
	return 0;
}

int
mode6_parse_vars(const char *s, size_t len, struct mode6_var *out, size_t max)
{
	size_t i = 0, n = 0;

	if (!skip_space(s, len, &i))
		return -EBADMSG;
	while (i < len) {
		struct mode6_var *v;
		size_t k = 0;

		if (n == max)
			return -EMSGSIZE;
		v = &out[n];
		memset(v, 0, sizeof(*v));
		for (; i < len && is_key_char(s[i]); i++) {
			if (k == MODE6_MAX_KEY)
				return -EBADMSG;
			v->key[k++] = s[i];
		}
		if (k == 0)
			return -EBADMSG; /* empty item, or a stray character */
		if (i < len && s[i] == '=') {
			i++;
			if (parse_value(s, len, &i, v) < 0)
				return -EBADMSG;
		}
		for (size_t j = 0; j < n; j++)
			if (strcmp(out[j].key, v->key) == 0)
				return -EBADMSG;
		n++;
		/* after an item: spaces, then a comma and the next item, or the end */
		if (!skip_space(s, len, &i))
			return -EBADMSG;
		if (i == len)
			break;
		if (s[i] != ',')
			return -EBADMSG;
		i++;
		if (!skip_space(s, len, &i) || i == len)
			return -EBADMSG; /* trailing comma */
	}
	return (int)n;
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
parse_hex32(const char *s, uint32_t *ret)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -EBADMSG;
		v = v << 4 | (uint32_t)d;
	}
	*ret = v;
	return 0;
}

int
mode6_parse_ntp_time(const char *s, struct mode6_ntp_time *ret)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (strlen(s) != 17 || s[8] != '.' || parse_hex32(s, &ret->seconds) < 0 ||
	    parse_hex32(s + 9, &ret->fraction) < 0)
		return -EBADMSG;
	return 0;
}

int
mode6_parse_double(const char *s, double *ret)
{
	char *end;
	double v;

	/* decimal only: no hex floats, inf, nan or leading spaces */
	if (!*s || !strchr("+-0123456789.", s[0]) || strpbrk(s, "xXnNiI"))
		return -EBADMSG;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return -EBADMSG;
	*ret = v;
	return 0;
}

static int
parse_long(const char *s, int base, long min, long max, long *ret)
{
	char *end;
	long v;

	if (!*s || !strchr("+-0123456789abcdefABCDEF", s[0]))
		return -EBADMSG;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno || *end || v < min || v > max)
		return -EBADMSG;
	*ret = v;
	return 0;
}

/* ntp.org ntpd prints leap as two binary digits ("00".."11"), NTPsec as 0..3. */
static int
parse_leap(const char *s, uint8_t *ret)
{
	size_t n = strlen(s);

	if (n == 1 && s[0] >= '0' && s[0] <= '3')
		*ret = (uint8_t)(s[0] - '0');
	else if (n == 2 && (s[0] == '0' || s[0] == '1') && (s[1] == '0' || s[1] == '1'))
		*ret = (uint8_t)((s[0] - '0') << 1 | (s[1] - '0'));
	else
		return -EBADMSG;
	return 0;
}

static int
parse_refid(const char *s, char *out, size_t size, uint8_t *kind)
{
	struct in_addr a;
	size_t n = strlen(s);

	if (n == 0 || n >= size)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++)
		if (!is_printable(s[i]) || s[i] == ' ')
			return -EBADMSG;
	memcpy(out, s, n + 1);
	*kind = inet_pton(AF_INET, s, &a) == 1 ? MODE6_REFID_ADDRESS : MODE6_REFID_TEXT;
	return 0;
}

/* reach is octal ("377"); accept ntp.org's hex form "0xff" as well */
static int
parse_reach(const char *s, uint8_t *ret)
{
	long v;
	int base = 8;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	}
	if (strlen(s) > 3 || parse_long(s, base, 0, 255, &v) < 0 || s[0] == '-' ||
	    s[0] == '+')
		return -EBADMSG;
	*ret = (uint8_t)v;
	return 0;
}

/* flash: hex with or without "0x"; NTPsec may append the names of the failed tests */
static int
parse_flash(const char *s, uint16_t *ret)
{
	char digits[8];
	size_t n;
	long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strcspn(s, " ");
	if (n == 0 || n >= sizeof(digits))
		return -EBADMSG;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (parse_long(digits, 16, 0, 0xffff, &v) < 0 || digits[0] == '-' ||
	    digits[0] == '+')
		return -EBADMSG;
	*ret = (uint16_t)v;
	return 0;
}

static int
parse_int(const char *s, long min, long max, int *ret)
{
	long v;

	if (parse_long(s, 10, min, max, &v) < 0)
		return -EBADMSG;
	*ret = (int)v;
	return 0;
}

#define KEY(name) (strcmp(v->key, name) == 0)

int
mode6_system_from_vars(const struct mode6_var *vars, size_t n, struct mode6_system *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < n; i++) {
		const struct mode6_var *v = &vars[i];
		const char *s = v->value;
		int x = 0, r = 0;
		uint32_t bit = 0;

		if (!v->has_value)
			continue;
		if (KEY("leap")) {
			bit = MODE6_F_LEAP;
			r = parse_leap(s, &ret->leap);
		} else if (KEY("stratum")) {
			bit = MODE6_F_STRATUM;
			r = parse_int(s, 0, 16, &x);
			ret->stratum = (uint8_t)x;
		} else if (KEY("refid")) {
			bit = MODE6_F_REFID;
			r = parse_refid(
			    s, ret->refid, sizeof(ret->refid), &ret->refid_kind);
		} else if (KEY("offset")) {
			bit = MODE6_F_OFFSET;
			r = mode6_parse_double(s, &ret->offset_ms);
		} else if (KEY("sys_jitter")) {
			bit = MODE6_F_JITTER;
			r = mode6_parse_double(s, &ret->sys_jitter_ms);
		} else if (KEY("rootdelay")) {
			bit = MODE6_F_ROOTDELAY;
			r = mode6_parse_double(s, &ret->rootdelay_ms);
		} else if (KEY("rootdisp")) {
			bit = MODE6_F_ROOTDISP;
			r = mode6_parse_double(s, &ret->rootdisp_ms);
		} else if (KEY("frequency")) {
			bit = MODE6_F_FREQUENCY;
			r = mode6_parse_double(s, &ret->frequency_ppm);
		} else if (KEY("reftime")) {
			bit = MODE6_F_REFTIME;
			r = mode6_parse_ntp_time(s, &ret->reftime);
		} else if (KEY("clock")) {
			bit = MODE6_F_CLOCK;
			r = mode6_parse_ntp_time(s, &ret->clock);
		} else if (KEY("peer")) {
			bit = MODE6_F_PEER;
			r = parse_int(s, 0, 65535, &x);
			ret->peer = (uint16_t)x;
		} else if (KEY("tc")) {
			bit = MODE6_F_TC;
			r = parse_int(s, 0, 64, &ret->tc);
		} else if (KEY("precision")) {
			bit = MODE6_F_PRECISION;
			r = parse_int(s, -64, 64, &ret->precision);
		} else if (KEY("version")) {
			bit = MODE6_F_VERSION;
			memcpy(ret->version, s, sizeof(ret->version));
		}
		if (r < 0 || (bit && (ret->present & bit)))
			return -EBADMSG;
		ret->present |= bit;
	}
	if ((ret->present & (MODE6_F_LEAP | MODE6_F_STRATUM)) !=
	    (MODE6_F_LEAP | MODE6_F_STRATUM))
		return -EBADMSG;
	return 0;
}

int
mode6_peer_from_vars(const struct mode6_var *vars, size_t n, struct mode6_peer *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < n; i++) {
		const struct mode6_var *v = &vars[i];
		const char *s = v->value;
		int x = 0, r = 0;
		uint32_t bit = 0;

		if (!v->has_value)
			continue;
		if (KEY("srcadr")) {
			bit = MODE6_F_SRCADR;
			if (!*s || strlen(s) >= sizeof(ret->srcadr) || strchr(s, ' '))
				r = -EBADMSG;
			else
				memcpy(ret->srcadr, s, strlen(s) + 1);
		} else if (KEY("srcport")) {
			bit = MODE6_F_SRCPORT;
			r = parse_int(s, 0, 65535, &x);
			ret->srcport = (uint16_t)x;
		} else if (KEY("leap")) {
			bit = MODE6_F_LEAP;
			r = parse_leap(s, &ret->leap);
		} else if (KEY("stratum")) {
			bit = MODE6_F_STRATUM;
			r = parse_int(s, 0, 16, &x);
			ret->stratum = (uint8_t)x;
		} else if (KEY("refid")) {
			bit = MODE6_F_REFID;
			r = parse_refid(
			    s, ret->refid, sizeof(ret->refid), &ret->refid_kind);
		} else if (KEY("reach")) {
			bit = MODE6_F_REACH;
			r = parse_reach(s, &ret->reach);
		} else if (KEY("offset")) {
			bit = MODE6_F_OFFSET;
			r = mode6_parse_double(s, &ret->offset_ms);
		} else if (KEY("delay")) {
			bit = MODE6_F_DELAY;
			r = mode6_parse_double(s, &ret->delay_ms);
		} else if (KEY("dispersion")) {
			bit = MODE6_F_DISPERSION;
			r = mode6_parse_double(s, &ret->dispersion_ms);
		} else if (KEY("jitter")) {
			bit = MODE6_F_JITTER;
			r = mode6_parse_double(s, &ret->jitter_ms);
		} else if (KEY("rootdelay")) {
			bit = MODE6_F_ROOTDELAY;
			r = mode6_parse_double(s, &ret->rootdelay_ms);
		} else if (KEY("rootdisp")) {
			bit = MODE6_F_ROOTDISP;
			r = mode6_parse_double(s, &ret->rootdisp_ms);
		} else if (KEY("hpoll")) {
			bit = MODE6_F_HPOLL;
			r = parse_int(s, -32, 32, &ret->hpoll);
		} else if (KEY("ppoll")) {
			bit = MODE6_F_PPOLL;
			/* the peer's poll as its packets say: any int8 (NTPsec shows 99
			 * for chronyd) */
			r = parse_int(s, -128, 127, &ret->ppoll);
		} else if (KEY("rec")) {
			bit = MODE6_F_REC;
			r = mode6_parse_ntp_time(s, &ret->rec);
		} else if (KEY("reftime")) {
			bit = MODE6_F_REFTIME;
			r = mode6_parse_ntp_time(s, &ret->reftime);
		} else if (KEY("flash")) {
			bit = MODE6_F_FLASH;
			r = parse_flash(s, &ret->flash);
		}
		if (r < 0 || (bit && (ret->present & bit)))
			return -EBADMSG;
		ret->present |= bit;
	}
	if ((ret->present & (MODE6_F_SRCADR | MODE6_F_REACH)) !=
	    (MODE6_F_SRCADR | MODE6_F_REACH))
		return -EBADMSG;
	return 0;
}
