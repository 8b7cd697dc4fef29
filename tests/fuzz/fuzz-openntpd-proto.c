/* SPDX-License-Identifier: BSD-2-Clause */
// clang-format off
/* clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz-openntpd-proto.c src/openntpd_proto.c -lm -o /tmp/fuzz-openntpd-proto
 * mkdir -p /tmp/fuzz-corpus-o && /tmp/fuzz-openntpd-proto -max_total_time=60 /tmp/fuzz-corpus-o tests/unit/data */
// clang-format on
/*
 * libFuzzer harness: splits each input into messages as the backend does and
 * feeds every message to every openntpd_proto decoder, with its own type and
 * with each of the others patched in (so inputs reach the field checks), and
 * aborts if a successful decode breaks a documented range.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "openntpd_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
run_decoders(const uint8_t *msg, size_t len)
{
	struct openntpd_status st;
	struct openntpd_peer p;
	uint32_t count, age;
	int r;

	r = openntpd_decode_status(msg, len, &st);
	check(r == 0 || r == -EBADMSG || r == -EPROTONOSUPPORT);
	if (r == 0)
		check((st.layout == 62 || st.layout == 68) &&
		    st.valid_peers <= st.peers && st.valid_sensors <= st.sensors &&
		    st.stratum <= 16 && isfinite(st.clock_offset_ms));
	r = openntpd_decode_peer(msg, len, &p);
	check(r == 0 || r == -EBADMSG);
	if (r == 0) {
		check(strlen(p.desc) > 0 && strlen(p.desc) < sizeof(p.desc));
		check(strlen(p.address) < sizeof(p.address) &&
		    strlen(p.name) < sizeof(p.name));
		check(p.trust <= OPENNTPD_TRUST_MAX && p.stratum <= 16);
		check(isfinite(p.offset_ms) && p.delay_ms >= 0 && p.jitter_ms >= 0);
		if (openntpd_peer_reply_age(&p, &age))
			check(age <= p.poll_s && openntpd_peer_answering(&p));
	}
	r = openntpd_decode_peers_end(msg, len, &count);
	check(r == 0 || r == -EBADMSG);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t types[] = { OPENNTPD_CTL_SHOW_STATUS,
		OPENNTPD_CTL_SHOW_PEERS, OPENNTPD_CTL_SHOW_PEERS_END };
	struct openntpd_hdr hdr;
	size_t off = 0;
	int n;

	while ((n = openntpd_frame(data + off, size - off, &hdr)) > 0) {
		uint8_t *copy = malloc((size_t)n);

		check(n >= OPENNTPD_HDR_LEN && (size_t)n <= size - off && hdr.len == n);
		if (!copy)
			return 0;
		memcpy(copy, data + off, (size_t)n);
		run_decoders(copy, (size_t)n);
		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			memcpy(copy, &types[t], sizeof(types[t]));
			run_decoders(copy, (size_t)n);
		}
		free(copy);
		off += (size_t)n;
	}
	check(n == 0 || n == -EBADMSG);
	/* the whole input as one message, whatever its header says */
	run_decoders(data, size);
	return 0;
}
