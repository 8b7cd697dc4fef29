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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "daemons.h"
#include "sdbus.h"
#include "systemd_units.h"
#include "util.h"

/* Enough for every unit name of every daemon in the registry. */
#define MAX_CANDIDATES 16

struct units;

struct query {
	struct units *owner;
	const char *unit;
	sd_bus_slot *slot;
	bool pending;
};

struct units {
	struct query queries[MAX_CANDIDATES];
	unsigned n_queries;
	struct findings *findings; /* of the refresh in flight */
	unsigned outstanding;
	uint64_t started_us;
	backend_done_fn done;
	void *done_userdata;
};

bool
units_systemd_runs(void)
{
	return access("/run/systemd/system", F_OK) == 0;
}

enum daemon_type
units_classify(const char *id)
{
	return daemon_of_unit(id);
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
one_done(struct units *u, struct query *q)
{
	if (q) {
		q->slot = sd_bus_slot_unref(q->slot);
		q->pending = false;
	}
	if (u->outstanding > 0 && --u->outstanding == 0) {
		u->findings = NULL;
		u->done(u->done_userdata);
	}
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
	struct units *u = q->owner;
	struct unit_state st = { 0 };
	enum daemon_type t = 0;

	if (u->findings && !sd_bus_message_is_method_error(m, NULL) &&
	    read_unit(m, &st, &t) == 0 && t && st.loaded) {
		struct unit_state *have = &u->findings->units[t];

		/* of two units of one daemon, the loaded and active one counts */
		if (!have->loaded || (st.active && !have->active))
			*have = st;
	}
	one_done(u, q);
	return 0;
}

static int
units_init(const struct conf *conf, void **ret_state)
{
	struct units *u;

	u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const char *const *unit = daemon_info((enum daemon_type)t)->units;

		for (; unit && *unit && u->n_queries < MAX_CANDIDATES; unit++)
			u->queries[u->n_queries++] =
			    (struct query) { .owner = u, .unit = *unit };
	}
	*ret_state = u;
	return 1;
}

static bool
units_start(void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct units *u = state;

	if (u->outstanding > 0)
		return false;
	if (!units_systemd_runs()) {
		/* no systemd, no units: detection goes by processes and files */
		done(userdata);
		return true;
	}
	u->findings = f;
	u->done = done;
	u->done_userdata = userdata;
	u->started_us = monotonic_us();
	/* counted first: a call that fails at once finishes inside this loop */
	u->outstanding = 1;
	for (unsigned i = 0; i < u->n_queries; i++) {
		struct query *q = &u->queries[i];
		char *path = NULL;

		if (sd_bus_path_encode(
			"/org/freedesktop/systemd1/unit", q->unit, &path) < 0)
			continue;
		u->outstanding++;
		q->pending = true;
		if (bus_call_get_all("org.freedesktop.systemd1", path,
			"org.freedesktop.systemd1.Unit", on_reply, q,
			UNITS_TIMEOUT_MS * 1000ull, &q->slot) < 0)
			one_done(u, q);
		free(path);
	}
	one_done(u, NULL);
	return true;
}

static uint64_t
units_deadline(const struct units *u)
{
	return u->outstanding ? u->started_us + (UNITS_TIMEOUT_MS + 1000) * 1000ull : 0;
}

static unsigned
units_poll_fds(void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	/* the bus fd is sdbus's; only the backstop deadline is ours */
	*ret_deadline_us = units_deadline(state);
	return 0;
}

static void
units_dispatch(void *state, uint64_t now_us)
{
	struct units *u = state;

	/* the backstop, should the bus go away without answering */
	if (!u->outstanding || now_us < units_deadline(u))
		return;
	for (unsigned i = 0; i < u->n_queries; i++)
		if (u->queries[i].pending)
			one_done(u, &u->queries[i]);
}

static void
units_free(void *state)
{
	struct units *u = state;

	for (unsigned i = 0; i < u->n_queries; i++)
		u->queries[i].slot = sd_bus_slot_unref(u->queries[i].slot);
	free(u);
}

const struct backend_ops systemd_units_backend = {
	.name = "systemd units",
	.init = units_init,
	.start = units_start,
	.poll_fds = units_poll_fds,
	.dispatch = units_dispatch,
	.free = units_free,
};
