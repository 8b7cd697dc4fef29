/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The collector through scripted backends (tests/unit/fake-backend.c): it
 * publishes once every backend has answered, never while one is still out,
 * follows a backend's deadline, judges what a failing or missing backend
 * leaves, and keeps the last snapshot whole when a refresh runs out of memory.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <string.h>

#include "collect.h"
#include "fake-backend.h"
#include "unit.h"
#include "util.h"

static const struct backend_ops *const both[] = { &fake_chrony_ops, &fake_timesyncd_ops,
	NULL };
static const struct backend_ops *const timesyncd_only[] = { &fake_timesyncd_ops, NULL };

static struct conf conf;
static unsigned updates;
static const struct snapshot *last;

static void
updated(const struct snapshot *s)
{
	updates++;
	last = s;
}

static void
setup(void)
{
	conf_init(&conf);
	fake_reset();
	updates = 0;
	last = NULL;
}

static void
teardown(void)
{
	collect_fini();
	conf_free(&conf);
}

static void
start(const struct backend_ops *const *table)
{
	CU_ASSERT_EQUAL_FATAL(collect_init(&conf, table, updated), 0);
}

static void
test_fan_in(void)
{
	const struct snapshot *s;

	fake_chrony.async = fake_timesyncd.async = true;
	start(both);
	collect_refresh();
	CU_ASSERT_EQUAL(fake_chrony.starts, 1);
	CU_ASSERT_EQUAL(fake_timesyncd.starts, 1);
	fake_answer(&fake_chrony);
	CU_ASSERT_EQUAL(updates, 0); /* timesyncd is still out */
	CU_ASSERT_FALSE(collect_snapshot()->refreshed);
	fake_answer(&fake_timesyncd);
	CU_ASSERT_EQUAL(updates, 1);

	s = collect_snapshot();
	CU_ASSERT_PTR_EQUAL(last, s);
	CU_ASSERT_TRUE(s->refreshed);
	CU_ASSERT_TRUE(s->present[DAEMON_CHRONY] && s->present[DAEMON_TIMESYNCD]);
	CU_ASSERT_FALSE(s->present[DAEMON_NTPD]);
	CU_ASSERT_EQUAL(s->daemons[DAEMON_CHRONY].sync, SYNC_SYNCHRONIZED);
	CU_ASSERT_EQUAL(s->daemons[DAEMON_CHRONY].n_sources, 2);
	CU_ASSERT_STRING_EQUAL(s->daemons[DAEMON_CHRONY].sources[1].name, "127.0.0.2");
	CU_ASSERT_EQUAL(s->daemons[DAEMON_TIMESYNCD].sync, SYNC_SYNCHRONIZED);
	CU_ASSERT_EQUAL(s->host.daemons_active, 2);
	CU_ASSERT_EQUAL(s->host.active, DAEMON_CHRONY);
	CU_ASSERT_EQUAL(s->host.sync, SYNC_SYNCHRONIZED);
	CU_ASSERT_EQUAL(s->refresh_s, 5);

	/* the next refresh swaps in a new snapshot; the rows follow */
	fake_chrony.async = fake_timesyncd.async = false;
	fake_chrony.report.state = DAEMON_STOPPED;
	fake_chrony.report.error = -ECONNREFUSED;
	fake_chrony.n_sources = 0;
	collect_refresh();
	CU_ASSERT_EQUAL(updates, 2);
	s = collect_snapshot();
	CU_ASSERT_EQUAL(s->daemons[DAEMON_CHRONY].reason, REASON_DAEMON_NOT_RUNNING);
	CU_ASSERT_EQUAL(s->host.active, DAEMON_TIMESYNCD);
	CU_ASSERT_EQUAL(s->host.daemons_active, 1);
}

static void
test_never_answers(void)
{
	fake_chrony.async = true;
	start(both);
	collect_refresh();
	collect_refresh(); /* skipped: the first is still running */
	CU_ASSERT_EQUAL(fake_chrony.starts, 1);
	CU_ASSERT_EQUAL(fake_timesyncd.starts, 1);
	CU_ASSERT_EQUAL(updates, 0);
	/* the MIB keeps reading the snapshot there is: none yet */
	CU_ASSERT_FALSE(collect_snapshot()->refreshed);
	CU_ASSERT_FALSE(collect_snapshot()->present[DAEMON_CHRONY]);
}

static void
test_deadline(void)
{
	struct pollfd fds[4];
	uint64_t deadline = 0;
	const struct daemon_status *d;

	fake_chrony.async = true;
	fake_chrony.deadline = monotonic_us() + 250000;
	conf.daemons = CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD;
	start(both);
	collect_refresh();
	CU_ASSERT_EQUAL(collect_poll_fds(fds, 4, &deadline), 0);
	CU_ASSERT_EQUAL(deadline, fake_chrony.deadline);
	collect_dispatch(deadline - 1);
	CU_ASSERT_EQUAL(updates, 0);
	collect_dispatch(deadline);
	CU_ASSERT_EQUAL(updates, 1);
	CU_ASSERT_TRUE(fake_timesyncd.dispatches >= 2); /* every backend is asked */
	d = snapshot_daemon(collect_snapshot(), DAEMON_CHRONY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->state, DAEMON_UNREACHABLE);
	CU_ASSERT_EQUAL(d->reason, REASON_DAEMON_NOT_RUNNING);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->reason_text, "does not answer"));
	/* idle again: no deadline */
	collect_poll_fds(fds, 4, &deadline);
	CU_ASSERT_EQUAL(deadline, 0);
}

static void
test_failing_backend(void)
{
	fake_chrony.report.state = DAEMON_STOPPED;
	fake_chrony.report.error = -ECONNREFUSED;
	fake_chrony.report.has_tracking = false;
	fake_chrony.n_sources = 0;
	start(both);
	collect_refresh();
	CU_ASSERT_EQUAL(updates, 1);
	/* not running, not installed, not asked for: no row */
	CU_ASSERT_FALSE(collect_snapshot()->present[DAEMON_CHRONY]);
	collect_fini();

	/* asked for by name: its row says why */
	conf.daemons = CONF_DAEMON_CHRONY;
	start(both);
	collect_refresh();
	CU_ASSERT_TRUE(collect_snapshot()->present[DAEMON_CHRONY]);
	CU_ASSERT_FALSE(collect_snapshot()->present[DAEMON_TIMESYNCD]);
	CU_ASSERT_EQUAL(collect_snapshot()->daemons[DAEMON_CHRONY].reason,
	    REASON_DAEMON_NOT_RUNNING);
	CU_ASSERT_EQUAL(collect_snapshot()->host.active, 0);
	CU_ASSERT_EQUAL(collect_snapshot()->host.sync, SYNC_UNSYNCHRONIZED);
}

static void
test_compiled_out(void)
{
	const struct daemon_status *d;

	conf.daemons = CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD;
	start(timesyncd_only);
	collect_refresh();
	CU_ASSERT_EQUAL(fake_chrony.starts, 0);
	CU_ASSERT_EQUAL(updates, 1);
	d = snapshot_daemon(collect_snapshot(), DAEMON_CHRONY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->state, DAEMON_STOPPED);
	CU_ASSERT_EQUAL(d->reason, REASON_DAEMON_NOT_RUNNING);
	CU_ASSERT_EQUAL(collect_snapshot()->host.active, DAEMON_TIMESYNCD);
}

static void
test_disabled_backend(void)
{
	fake_chrony.enabled = false;
	start(both);
	collect_refresh();
	CU_ASSERT_EQUAL(fake_chrony.starts, 0);
	CU_ASSERT_EQUAL(fake_timesyncd.starts, 1);
	CU_ASSERT_EQUAL(updates, 1);
}

static void
test_out_of_memory_keeps_snapshot(void)
{
	const struct snapshot *before;
	const struct source_status *src;
	time_t refreshed_at;

	start(both);
	collect_refresh();
	CU_ASSERT_EQUAL_FATAL(updates, 1);
	before = collect_snapshot();
	refreshed_at = before->refreshed_at;

	/* a backend that could not allocate its source list */
	fake_chrony.report.error = -ENOMEM;
	fake_chrony.report.has_sources = false;
	fake_chrony.n_sources = 0;
	collect_refresh();
	CU_ASSERT_EQUAL(updates, 1);
	CU_ASSERT_PTR_EQUAL(collect_snapshot(), before);
	CU_ASSERT_EQUAL(collect_snapshot()->refreshed_at, refreshed_at);
	src = snapshot_source(collect_snapshot(), DAEMON_CHRONY, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	CU_ASSERT_STRING_EQUAL(src->name, "127.0.0.2");
	CU_ASSERT_PTR_NULL(snapshot_source(collect_snapshot(), DAEMON_CHRONY, 2));
	CU_ASSERT_EQUAL(
	    collect_snapshot()->daemons[DAEMON_CHRONY].sync, SYNC_SYNCHRONIZED);

	/* and the next good refresh publishes again */
	fake_set_synced(&fake_chrony, 1);
	collect_refresh();
	CU_ASSERT_EQUAL(updates, 2);
	CU_ASSERT_EQUAL(collect_snapshot()->daemons[DAEMON_CHRONY].n_sources, 1);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "fan-in: published once all answered", test_fan_in },
		{ "a backend that never answers", test_never_answers },
		{ "a backend's deadline", test_deadline },
		{ "a failing backend", test_failing_backend },
		{ "a backend compiled out", test_compiled_out },
		{ "a backend the configuration disables", test_disabled_backend },
		{ "out of memory keeps the last snapshot",
		    test_out_of_memory_keeps_snapshot },
	};

	return unit_run("collect", setup, teardown, tests, UNIT_ELEMENTS(tests));
}
