/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The daemon registry: which daemon a process, a unit or a daemons token
 * names, and that every entry is whole.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>

#include "daemons.h"
#include "proc_probe.h"
#include "unit.h"

static void
test_classify_processes(void)
{
	bool none[DAEMON_TYPE_MAX + 1] = { false };
	bool ntpsec[DAEMON_TYPE_MAX + 1] = { [DAEMON_NTPSEC] = true };
	bool openntpd[DAEMON_TYPE_MAX + 1] = { [DAEMON_OPENNTPD] = true };

	CU_ASSERT_EQUAL(proc_probe_classify("chronyd", none), DAEMON_CHRONY);
	CU_ASSERT_EQUAL(proc_probe_classify("systemd-timesyn", none), DAEMON_TIMESYNCD);
	CU_ASSERT_EQUAL(proc_probe_classify("ntpd", none), DAEMON_NTPD);
	CU_ASSERT_EQUAL(proc_probe_classify("ntpd", ntpsec), DAEMON_NTPSEC);
	CU_ASSERT_EQUAL(proc_probe_classify("ntpd", openntpd), DAEMON_OPENNTPD);
	CU_ASSERT_EQUAL(proc_probe_classify("openntpd", none), DAEMON_OPENNTPD);
	CU_ASSERT_EQUAL(proc_probe_classify("chronyc", none), 0);
	CU_ASSERT_EQUAL(proc_probe_classify("", none), 0);
}

static void
test_tokens(void)
{
	CU_ASSERT_EQUAL(daemon_of_token("chrony", 6), DAEMON_CHRONY);
	CU_ASSERT_EQUAL(daemon_of_token("TimeSyncd", 9), DAEMON_TIMESYNCD);
	CU_ASSERT_EQUAL(daemon_of_token("ntpsec,chrony", 6), DAEMON_NTPSEC);
	CU_ASSERT_EQUAL(daemon_of_token("chrony", 5), 0);
	CU_ASSERT_EQUAL(daemon_of_token("auto", 4), 0);
}

static void
test_entries_whole(void)
{
	CU_ASSERT_PTR_NULL(daemon_info(0));
	CU_ASSERT_PTR_NULL(daemon_info(DAEMON_TYPE_MAX + 1));
	CU_ASSERT_STRING_EQUAL(daemon_name(0), "unknown");
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const struct daemon_info *d = daemon_info((enum daemon_type)t);

		CU_ASSERT_EQUAL(d->type, t);
		CU_ASSERT_PTR_NOT_NULL(d->label);
		CU_ASSERT_PTR_NOT_NULL(d->name);
		CU_ASSERT_PTR_NOT_NULL(d->conf_token);
		CU_ASSERT_PTR_NOT_NULL(d->process_names && d->process_names[0]);
		CU_ASSERT_PTR_NOT_NULL(d->units && d->units[0]);
		/* a unit names its own daemon */
		for (const char *const *u = d->units; u && *u; u++)
			CU_ASSERT_EQUAL(daemon_of_unit(*u), t);
		for (const char *const *p = d->process_names; p && *p; p++)
			CU_ASSERT(strlen(*p) <= 15); /* comm's limit */
	}
	CU_ASSERT_STRING_EQUAL(daemon_name(DAEMON_CHRONY), "chronyd");
	CU_ASSERT_EQUAL(daemon_info(DAEMON_CHRONY)->default_port, 323);
	CU_ASSERT_STRING_EQUAL(
	    daemon_info(DAEMON_CHRONY)->default_endpoints[1], "udp:127.0.0.1:323");
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "which daemon a process is", test_classify_processes },
		{ "daemons directive tokens", test_tokens },
		{ "every entry whole", test_entries_whole },
	};

	return unit_run("daemons", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
