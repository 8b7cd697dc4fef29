/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pure parts of detection: systemd unit properties to a daemon and its
 * state, and the kernel's timex to scoutNtpKernel* values. The kernel cases
 * are scripted timex values (a test cannot make the kernel unsynchronised).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>
#include <sys/timex.h>

#include "ktimex.h"
#include "units.h"
#include "unit.h"

static void
test_unit_ids(void)
{
	CU_ASSERT_EQUAL(units_classify("chrony.service"), DAEMON_CHRONY);
	/* RHEL's name, and Debian's alias of chrony.service */
	CU_ASSERT_EQUAL(units_classify("chronyd.service"), DAEMON_CHRONY);
	CU_ASSERT_EQUAL(units_classify("systemd-timesyncd.service"), DAEMON_TIMESYNCD);
	/* Debian's ntpsec.service is also ntp.service: its Id says ntpsec */
	CU_ASSERT_EQUAL(units_classify("ntpsec.service"), DAEMON_NTPSEC);
	CU_ASSERT_EQUAL(units_classify("ntp.service"), DAEMON_NTPD);
	CU_ASSERT_EQUAL(units_classify("ntpd.service"), DAEMON_NTPD);
	CU_ASSERT_EQUAL(units_classify("openntpd.service"), DAEMON_OPENNTPD);
	CU_ASSERT_EQUAL(units_classify("snmpd.service"), 0);
	CU_ASSERT_EQUAL(units_classify(""), 0);
}

static void
test_unit_states(void)
{
	struct unit_state s;

	units_map("loaded", "active", "enabled", &s);
	CU_ASSERT_TRUE(s.known && s.loaded && s.active && !s.disabled);
	units_map("loaded", "activating", "enabled", &s);
	CU_ASSERT_TRUE(s.active);
	units_map("loaded", "reloading", "static", &s);
	CU_ASSERT_TRUE(s.active && !s.disabled);
	units_map("loaded", "inactive", "disabled", &s);
	CU_ASSERT_TRUE(s.loaded && !s.active && s.disabled);
	units_map("loaded", "failed", "enabled", &s);
	CU_ASSERT_TRUE(s.loaded && !s.active && !s.disabled);
	units_map("masked", "inactive", "masked", &s);
	CU_ASSERT_TRUE(!s.loaded && s.disabled);
	units_map("loaded", "inactive", "masked-runtime", &s);
	CU_ASSERT_TRUE(s.disabled);
	/* what systemd answers for a unit it does not have */
	units_map("not-found", "inactive", "", &s);
	CU_ASSERT_TRUE(s.known && !s.loaded && !s.active && !s.disabled);
}

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
		{ "systemd unit Ids to daemons", test_unit_ids },
		{ "systemd unit states", test_unit_states },
		{ "kernel: synced is maxerror < 16 s", test_kernel_synced_by_maxerror },
		{ "kernel: offset units and sign", test_kernel_offset_units_and_sign },
		{ "kernel: adjtimex failing", test_kernel_unreadable },
	};

	return unit_run("detect", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
