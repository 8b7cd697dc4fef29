/* SPDX-License-Identifier: BSD-2-Clause */
// clang-format off
/* clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/fuzz-chrony-proto.c src/chrony_proto.c -lm -o /tmp/fuzz-chrony-proto
 * mkdir -p /tmp/fuzz-corpus && /tmp/fuzz-chrony-proto -max_total_time=60 /tmp/fuzz-corpus tests/unit/data */
// clang-format on
/*
 * libFuzzer harness: feeds each input to every chrony_proto decoder, with the
 * sequence the input itself carries (so replies reach the field checks) and with
 * a fixed one, and aborts if a successful decode breaks a documented range.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chrony_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_result(int r)
{
	check(r == 0 || r == -EBADMSG || r == -ESRCH || r == -EPROTONOSUPPORT ||
	    r == -EACCES || r == -ENOENT || r == -EIO);
}

static void
run_decoders(const uint8_t *data, size_t size, uint32_t seq)
{
	struct chrony_tracking t;
	struct chrony_source s;
	struct chrony_activity a;
	struct chrony_ntp_data d;
	char name[CHRONY_MAX_REPLY], small[8], addr[64];
	uint16_t status;
	uint32_t n;
	size_t i, len;
	int r;

	r = chrony_decode_null(data, size, seq, &status);
	check_result(r);
	chrony_status_string(status);

	r = chrony_decode_n_sources(data, size, seq, &status, &n);
	check_result(r);

	r = chrony_decode_tracking(data, size, seq, &status, &t);
	check_result(r);
	if (r == 0) {
		check(t.leap <= CHRONY_LEAP_UNSYNC);
		check(t.addr.family <= CHRONY_FAMILY_ID);
		check(t.ref_time.tv_nsec >= 0 && t.ref_time.tv_nsec <= 999999999);
		chrony_addr_format(&t.addr, addr, sizeof(addr));
		check(strlen(addr) < sizeof(addr));
	}

	r = chrony_decode_source_data(data, size, seq, &status, &s);
	check_result(r);
	if (r == 0) {
		check(s.state <= CHRONY_SRC_SELECTABLE);
		check(s.mode <= CHRONY_MODE_REF);
		check(s.addr.family <= CHRONY_FAMILY_ID);
		chrony_addr_format(&s.addr, addr, sizeof(addr));
		check(strlen(addr) < sizeof(addr));
	}

	r = chrony_decode_ntp_source_name(data, size, seq, &status, name, sizeof(name));
	check_result(r);
	if (r == 0) {
		len = strlen(name);
		check(len < 256);
		for (i = 0; i < len; i++)
			check(name[i] >= 0x20 && name[i] <= 0x7e);
	}
	r = chrony_decode_ntp_source_name(data, size, seq, NULL, small, sizeof(small));
	check_result(r);
	if (r == 0)
		check(strlen(small) < sizeof(small));

	r = chrony_decode_activity(data, size, seq, &status, &a);
	check_result(r);
	if (r == 0)
		check(a.online <= INT32_MAX && a.offline <= INT32_MAX &&
		    a.burst_online <= INT32_MAX && a.burst_offline <= INT32_MAX &&
		    a.unresolved <= INT32_MAX);

	r = chrony_decode_ntp_data(data, size, seq, &status, &d);
	check_result(r);
	if (r == 0) {
		check(size == 152 || size == 172);
		check(d.leap <= CHRONY_LEAP_UNSYNC && d.version <= 7 && d.mode <= 7);
		check(d.remote_addr.family == CHRONY_FAMILY_INET4 ||
		    d.remote_addr.family == CHRONY_FAMILY_INET6);
		check(d.local_addr.family <= CHRONY_FAMILY_INET6);
		check((d.flags &
			  ~(CHRONY_NTP_FLAGS_TESTS | CHRONY_NTP_FLAG_INTERLEAVED |
			      CHRONY_NTP_FLAG_AUTHENTICATED)) == 0);
		check(d.ref_time.tv_nsec >= 0 && d.ref_time.tv_nsec <= 999999999);
		chrony_addr_format(&d.remote_addr, addr, sizeof(addr));
		check(strlen(addr) < sizeof(addr));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seq = 0;
	size_t i;

	/* the reply's own sequence (bytes 16..19), and a fixed one */
	if (size >= 20)
		seq = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 |
		    (uint32_t)data[18] << 8 | data[19];
	run_decoders(data, size, seq);
	run_decoders(data, size, 0x5c000001u);

	for (i = 0; i + 4 <= size && i < 128; i += 4)
		chrony_float_decode((uint32_t)data[i] << 24 |
		    (uint32_t)data[i + 1] << 16 | (uint32_t)data[i + 2] << 8 |
		    data[i + 3]);
	if (size >= 12) {
		struct timespec ts = chrony_timespec_decode(data);

		check(ts.tv_nsec >= 0 && ts.tv_nsec <= 999999999);
	}
	return 0;
}
