/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * systemd loads a unit object for any path it is asked about, so a missing
 * unit answers LoadState "not-found" rather than an error: every candidate
 * name can simply be asked. Aliases answer with the real unit's Id (Debian's
 * ntpsec.service is also ntp.service), which says whose unit it is.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "units.h"
#include "util.h"

static const char *const candidates[] = {
	"chrony.service",
	"chronyd.service",
	"systemd-timesyncd.service",
	"ntpsec.service",
	"ntp.service",
	"ntpd.service",
	"openntpd.service",
};

struct query {
	sd_bus_slot *slot;
	bool pending;
};

static struct query queries[ELEMENTSOF(candidates)];
static struct unit_state states[DAEMON_TYPE_MAX + 1];
static unsigned outstanding;
static uint64_t started_us;
static units_done_fn done_cb;
static void *done_userdata;

bool
units_systemd_runs(void)
{
	return access("/run/systemd/system", F_OK) == 0;
}

enum daemon_type
units_classify(const char *id)
{
	if (streq(id, "chrony.service") || streq(id, "chronyd.service"))
		return DAEMON_CHRONY;
	if (streq(id, "systemd-timesyncd.service"))
		return DAEMON_TIMESYNCD;
	if (streq(id, "ntpsec.service"))
		return DAEMON_NTPSEC;
	if (streq(id, "ntp.service") || streq(id, "ntpd.service"))
		return DAEMON_NTPD;
	if (streq(id, "openntpd.service"))
		return DAEMON_OPENNTPD;
	return 0;
}

void
units_map(const char *load_state, const char *active_state, const char *unit_file_state,
    struct unit_state *ret)
{
	ret->known = true;
	ret->loaded = streq(load_state, "loaded");
	ret->active = streq(active_state, "active") ||
	    streq(active_state, "activating") || streq(active_state, "reloading");
	ret->disabled = streq(unit_file_state, "disabled") ||
	    streq(unit_file_state, "masked") ||
	    streq(unit_file_state, "masked-runtime");
}

/* One answer (or failure) is in; q is NULL for units_start()'s own count. */
static void
one_done(struct query *q)
{
	if (q) {
		q->slot = sd_bus_slot_unref(q->slot);
		q->pending = false;
	}
	if (outstanding > 0 && --outstanding == 0 && done_cb)
		done_cb(states, done_userdata);
}

/* Reads Id, LoadState, ActiveState and UnitFileState out of a{sv}. */
static int
read_unit(sd_bus_message *m, struct unit_state *ret, enum daemon_type *ret_type)
{
	const char *id = "", *load = "", *active = "", *file = "";
	int r;

	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		const char *name, **want = NULL;

		r = sd_bus_message_read(m, "s", &name);
		if (r < 0)
			break;
		if (streq(name, "Id"))
			want = &id;
		else if (streq(name, "LoadState"))
			want = &load;
		else if (streq(name, "ActiveState"))
			want = &active;
		else if (streq(name, "UnitFileState"))
			want = &file;
		r = want ? sd_bus_message_read(m, "v", "s", want) :
			   sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r < 0)
		return -EBADMSG;
	*ret_type = units_classify(id);
	units_map(load, active, file, ret);
	snprintf(ret->unit, sizeof(ret->unit), "%s", id);
	return 0;
}

static int
on_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct query *q = userdata;
	struct unit_state st = { 0 };
	enum daemon_type t = 0;

	if (!sd_bus_message_is_method_error(m, NULL) && read_unit(m, &st, &t) == 0 &&
	    t && st.loaded) {
		/* of two units of one daemon, the loaded and active one counts */
		if (!states[t].loaded || (st.active && !states[t].active))
			states[t] = st;
	}
	one_done(q);
	return 0;
}

bool
units_start(units_done_fn done, void *userdata)
{
	if (outstanding > 0)
		return false;
	memset(states, 0, sizeof(states));
	done_cb = done;
	done_userdata = userdata;
	started_us = monotonic_us();
	/* counted first: a call that fails at once finishes inside this loop */
	outstanding = 1;
	for (size_t i = 0; i < ELEMENTSOF(candidates); i++) {
		char *path = NULL;

		if (sd_bus_path_encode(
			"/org/freedesktop/systemd1/unit", candidates[i], &path) < 0)
			continue;
		outstanding++;
		queries[i].pending = true;
		if (bus_call_get_all("org.freedesktop.systemd1", path,
			"org.freedesktop.systemd1.Unit", on_reply, &queries[i],
			UNITS_TIMEOUT_MS * 1000ull, &queries[i].slot) < 0)
			one_done(&queries[i]);
		free(path);
	}
	one_done(NULL);
	return true;
}

uint64_t
units_deadline(void)
{
	return outstanding ? started_us + (UNITS_TIMEOUT_MS + 1000) * 1000ull : 0;
}

void
units_dispatch(uint64_t now_us)
{
	/* the backstop, should the bus go away without answering */
	if (!outstanding || now_us < units_deadline())
		return;
	for (size_t i = 0; i < ELEMENTSOF(queries); i++)
		if (queries[i].pending)
			one_done(&queries[i]);
}

void
units_fini(void)
{
	for (size_t i = 0; i < ELEMENTSOF(queries); i++)
		queries[i].slot = sd_bus_slot_unref(queries[i].slot);
	outstanding = 0;
	done_cb = NULL;
}
