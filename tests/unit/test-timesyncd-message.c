/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timesyncd's NTPMessage arithmetic and the process classification of
 * detect.c. The message values are the ones the real timesyncd 252 reported
 * on a private bus (doc/PROTOCOLS.md §4.1), plus the edge cases it can send.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "timesyncd_message.h"
#include "unit.h"

/* (uuuuittayttttbtt) 0 4 4 8 -26 0 0 4 127 127 1 1 1795673723416281
 * 1795673723416763 1795673723416839 1795673723416857 false 1 0 */
static struct ntp_message
observed(void)
{
	struct ntp_message m = {
		.leap = 0,
		.version = 4,
		.mode = 4,
		.stratum = 8,
		.precision = -26,
		.refid = { 127, 127, 1, 1 },
		.refid_len = 4,
		.origin_us = 1795673723416281ull,
		.receive_us = 1795673723416763ull,
		.transmit_us = 1795673723416839ull,
		.dest_us = 1795673723416857ull,
		.packet_count = 1,
	};
	return m;
}

static void
test_observed_message(void)
{
	struct ntp_message m = observed();
	struct ntp_sample s;
	char refid[16];

	CU_ASSERT_TRUE(ntp_message_valid(&m));
	ntp_message_sample(&m, &s);
	CU_ASSERT_TRUE(s.valid);
	/* timedatectl would show Offset +232us (the server ahead of us, so our
	 * local-ahead-is-positive offset is negative) and Delay 500us */
	CU_ASSERT_DOUBLE_EQUAL(s.offset_s, -0.000232, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s.delay_s, 0.000500, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s.root_distance_s, 0.0, 1e-12);
	ntp_message_refid(&m, refid, sizeof(refid));
	CU_ASSERT_STRING_EQUAL(refid, "7F7F0101");
}

static void
test_no_packet_yet(void)
{
	struct ntp_message m;
	struct ntp_sample s;

	memset(&m, 0, sizeof(m));
	m.refid_len = 4;
	ntp_message_sample(&m, &s);
	CU_ASSERT_FALSE(s.valid);
	CU_ASSERT_EQUAL(s.offset_s, 0);
}

static void
test_inconsistent_timestamps(void)
{
	struct ntp_message m = observed();
	struct ntp_sample s;

	/* T4 < T1: the clock stepped back under the request */
	m.dest_us = m.origin_us - 1;
	ntp_message_sample(&m, &s);
	CU_ASSERT_FALSE(s.valid);

	/* T3 < T2 */
	m = observed();
	m.transmit_us = m.receive_us - 1;
	ntp_message_sample(&m, &s);
	CU_ASSERT_FALSE(s.valid);

	/* the server took longer than the whole round trip */
	m = observed();
	m.transmit_us = m.receive_us + (m.dest_us - m.origin_us) + 1;
	ntp_message_sample(&m, &s);
	CU_ASSERT_FALSE(s.valid);

	/* zero delay is fine */
	m = observed();
	m.transmit_us = m.receive_us + (m.dest_us - m.origin_us);
	ntp_message_sample(&m, &s);
	CU_ASSERT_TRUE(s.valid);
	CU_ASSERT_DOUBLE_EQUAL(s.delay_s, 0, 1e-12);
}

static void
test_offset_sign_and_size(void)
{
	struct ntp_message m = observed();
	struct ntp_sample s;

	/* local clock 2 s ahead: the server's stamps are 2 s behind ours */
	m.origin_us = 2000000000000000ull;
	m.receive_us = m.origin_us - 2000000 + 100;
	m.transmit_us = m.receive_us + 10;
	m.dest_us = m.origin_us + 200;
	ntp_message_sample(&m, &s);
	CU_ASSERT_TRUE(s.valid);
	CU_ASSERT_DOUBLE_EQUAL(s.offset_s, 2.0 - 0.000005, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(s.delay_s, 0.000190, 1e-9);
}

static void
test_spike_and_root_distance(void)
{
	struct ntp_message m = observed();
	struct ntp_sample s;

	m.spike = true;
	m.root_delay_us = 3000;
	m.root_dispersion_us = 500;
	ntp_message_sample(&m, &s);
	/* a spike is still a sample timedatectl shows; the backend decides */
	CU_ASSERT_TRUE(s.valid);
	CU_ASSERT_DOUBLE_EQUAL(s.root_distance_s, 0.002, 1e-12);
}

static void
test_leap_values_and_ranges(void)
{
	struct ntp_message m = observed();

	for (uint32_t leap = 0; leap <= 3; leap++) {
		m.leap = leap;
		CU_ASSERT_TRUE(ntp_message_valid(&m));
	}
	m.leap = 4;
	CU_ASSERT_FALSE(ntp_message_valid(&m));
	m = observed();
	m.stratum = 17;
	CU_ASSERT_FALSE(ntp_message_valid(&m));
	m = observed();
	m.refid_len = 3;
	CU_ASSERT_FALSE(ntp_message_valid(&m));
	m.refid_len = 5;
	CU_ASSERT_FALSE(ntp_message_valid(&m));
}

static void
test_refid_text_for_stratum_one(void)
{
	struct ntp_message m = observed();
	char refid[16];

	m.stratum = 1;
	memcpy(m.refid, "GPS", 4);
	ntp_message_refid(&m, refid, sizeof(refid));
	CU_ASSERT_STRING_EQUAL(refid, "GPS");
	memcpy(m.refid, "\x01\x02PP", 4);
	ntp_message_refid(&m, refid, sizeof(refid));
	CU_ASSERT_STRING_EQUAL(refid, "PP");
	ntp_message_refid(&m, refid, 2);
	CU_ASSERT_STRING_EQUAL(refid, "P");
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "the message timesyncd 252 sent", test_observed_message },
		{ "no packet yet", test_no_packet_yet },
		{ "T4 < T1, T3 < T2, slow server", test_inconsistent_timestamps },
		{ "offset sign: positive when local is ahead",
		    test_offset_sign_and_size },
		{ "spike and root distance", test_spike_and_root_distance },
		{ "every leap value, and out-of-range fields",
		    test_leap_values_and_ranges },
		{ "refid text for stratum 1", test_refid_text_for_stratum_one },
	};

	return unit_run("timesyncd_message", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
