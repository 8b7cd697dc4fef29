/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's timex to scoutNtpKernel* values: scripted timex values (a test
 * cannot make the kernel unsynchronised), and the real kernel read-only.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>
#include <sys/timex.h>

#include "ktimex.h"
#include "unit.h"

static void
test_kernel_synced_by_maxerror(void)
{
	struct timex t;
	struct kernel_time k;

	memset(&t, 0, sizeof(t));
	/* chrony without rtcsync leaves STA_UNSYNC set: maxerror decides */
	t.status = STA_UNSYNC | STA_PLL;
	t.maxerror = 15999999;
	t.esterror = 12;
	ktimex_map(&t, &k);
	CU_ASSERT_TRUE(k.valid && k.synced);
	CU_ASSERT_EQUAL(k.maxerror_us, 15999999);
	CU_ASSERT_EQUAL(k.esterror_us, 12);
	CU_ASSERT_EQUAL(k.status, STA_UNSYNC | STA_PLL);
	t.maxerror = 16000000;
	ktimex_map(&t, &k);
	CU_ASSERT_FALSE(k.synced);
	/* a negative error from a confused kernel reads as 0, never wraps */
	t.maxerror = -5;
	t.esterror = -1;
	ktimex_map(&t, &k);
	CU_ASSERT_EQUAL(k.maxerror_us, 0);
	CU_ASSERT_EQUAL(k.esterror_us, 0);
}

static void
test_kernel_offset_units_and_sign(void)
{
	struct timex t;
	struct kernel_time k;

	memset(&t, 0, sizeof(t));
	/* the kernel still has to add 250 us: the clock is behind */
	t.offset = 250;
	ktimex_map(&t, &k);
	CU_ASSERT_DOUBLE_EQUAL(k.offset_s, -0.000250, 1e-12);
	/* STA_NANO: nanoseconds */
	t.status = STA_NANO;
	t.offset = -1500;
	ktimex_map(&t, &k);
	CU_ASSERT_DOUBLE_EQUAL(k.offset_s, 0.0000015, 1e-12);
}

static int
failing_adjtimex(struct timex *buf)
{
	return -1;
}

static void
test_kernel_unreadable(void)
{
	int (*saved)(struct timex *) = ktimex_adjtimex;
	struct kernel_time k = { .valid = true };

	ktimex_adjtimex = failing_adjtimex;
	ktimex_read(&k);
	ktimex_adjtimex = saved;
	CU_ASSERT_FALSE(k.valid);
	/* and the real kernel answers, read-only */
	ktimex_read(&k);
	CU_ASSERT_TRUE(k.valid);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "kernel: synced is maxerror < 16 s", test_kernel_synced_by_maxerror },
		{ "kernel: offset units and sign", test_kernel_offset_units_and_sign },
		{ "kernel: adjtimex failing", test_kernel_unreadable },
	};

	return unit_run("ktimex", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
