/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pure part of systemd_units.c: unit Ids to daemons (from the daemon
 * registry) and unit properties to a state.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>

#include "systemd_units.h"
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

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "systemd unit Ids to daemons", test_unit_ids },
		{ "systemd unit states", test_unit_states },
	};

	return unit_run("systemd-units", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
