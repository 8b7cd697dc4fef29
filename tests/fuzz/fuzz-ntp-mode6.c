/* SPDX-License-Identifier: BSD-2-Clause */
// clang-format off
/* clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz-ntp-mode6.c src/ntp_mode6.c -lm -o /tmp/fuzz-ntp-mode6
 * mkdir -p /tmp/fuzz-corpus-mode6 && /tmp/fuzz-ntp-mode6 -max_total_time=60 /tmp/fuzz-corpus-mode6 tests/unit/data */
// clang-format on
/*
 * libFuzzer harness for ntp_mode6: the input as one datagram (answering the
 * request its own header names, so it reaches the checks past the header),
 * as a train of datagrams (2-byte big-endian length before each) into one
 * reassembly, as a READSTAT list and as a READVAR payload; aborts if a
 * successful decode breaks a documented bound.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ntp_mode6.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct mode6_reply reply;
static struct mode6_var vars[MODE6_MAX_VARS];
static struct mode6_assoc assocs[MODE6_MAX_ASSOCS];

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_add_result(int r)
{
	check(r == 0 || r == -EAGAIN || r == -ESRCH || r == -EBADMSG ||
	    r == -EMSGSIZE || r == -EACCES || r == -ENOENT || r == -EOPNOTSUPP ||
	    r == -EIO);
}

static void
check_string(const char *s, size_t max)
{
	size_t n = strlen(s);

	check(n <= max);
	for (size_t i = 0; i < n; i++)
		check(s[i] >= 0x20 && s[i] <= 0x7e);
}

static void
run_vars(const char *text, size_t len)
{
	struct mode6_system sys;
	struct mode6_peer peer;
	int n = mode6_parse_vars(text, len, vars, MODE6_MAX_VARS);

	if (n < 0) {
		check(n == -EBADMSG || n == -EMSGSIZE);
		return;
	}
	check(n <= MODE6_MAX_VARS);
	for (int i = 0; i < n; i++) {
		check(vars[i].key[0] != '\0');
		check_string(vars[i].key, MODE6_MAX_KEY);
		check_string(vars[i].value, MODE6_MAX_VALUE);
		for (int j = 0; j < i; j++)
			check(strcmp(vars[i].key, vars[j].key) != 0);
	}
	if (mode6_system_from_vars(vars, (size_t)n, &sys) == 0) {
		check(sys.leap <= 3 && sys.stratum <= 16);
		check_string(sys.refid, sizeof(sys.refid) - 1);
		check_string(sys.version, MODE6_MAX_VALUE);
	}
	if (mode6_peer_from_vars(vars, (size_t)n, &peer) == 0) {
		check(peer.leap <= 3 && peer.stratum <= 16);
		check(peer.srcadr[0] != '\0');
		check_string(peer.srcadr, sizeof(peer.srcadr) - 1);
		check_string(peer.refid, sizeof(peer.refid) - 1);
		check(peer.hpoll >= -32 && peer.hpoll <= 32);
	}
}

static void
check_complete(void)
{
	check(reply.have_last && reply.total <= MODE6_MAX_PAYLOAD);
	check(reply.received == reply.total);
	check(reply.n_fragments <= MODE6_MAX_FRAGMENTS);
	check(reply.data[reply.total] == '\0');
	if (reply.opcode == MODE6_OP_READSTAT) {
		int n = mode6_parse_assocs(
		    reply.data, reply.total, assocs, MODE6_MAX_ASSOCS);

		check(n == -EBADMSG || (n >= 0 && (size_t)n == reply.total / 4));
	} else
		run_vars((const char *)reply.data, reply.total);
}

/* a reply set up for the request the datagram's own header answers */
static void
init_from(const uint8_t *d, size_t len)
{
	if (len >= MODE6_HEADER_LEN)
		mode6_reply_init(&reply, d[1] & 0x1f, (uint16_t)(d[2] << 8 | d[3]),
		    (uint16_t)(d[6] << 8 | d[7]));
	else
		mode6_reply_init(&reply, MODE6_OP_READVAR, 0, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;
	int r;

	/* one datagram */
	init_from(data, size);
	r = mode6_reply_add(&reply, data, size);
	check_add_result(r);
	if (r == 0)
		check_complete();
	mode6_error_string(reply.error);

	/* a train: [len hi][len lo][datagram]... into one reply */
	if (size >= 2 + MODE6_HEADER_LEN)
		init_from(data + 2, size - 2);
	r = -EAGAIN;
	for (i = 0; r == -EAGAIN || r == -ESRCH;) {
		size_t len;

		if (i + 2 > size)
			break;
		len = (size_t)(data[i] << 8 | data[i + 1]);
		i += 2;
		if (len > size - i)
			len = size - i;
		r = mode6_reply_add(&reply, data + i, len);
		check_add_result(r);
		check(reply.n_fragments <= MODE6_MAX_FRAGMENTS);
		i += len;
	}
	if (r == 0)
		check_complete();

	/* the raw bytes as a list and as a payload */
	r = mode6_parse_assocs(data, size, assocs, MODE6_MAX_ASSOCS);
	check(r == -EBADMSG || r == -EMSGSIZE || (r >= 0 && (size_t)r == size / 4));
	for (int k = 0; k < r; k++) {
		struct mode6_peer_status st;

		mode6_peer_status_decode(assocs[k].status, &st);
		check(st.select <= 7);
		check(mode6_select_tally(st.select) != '\0');
		check(mode6_select_name(st.select) != NULL);
	}
	run_vars((const char *)data, size);
	return 0;
}
