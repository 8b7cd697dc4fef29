/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What systemd says of the time daemons' units, where systemd runs: loaded,
 * active, disabled. Asked asynchronously on the shared bus, one GetAll per
 * candidate unit, never starting anything.
 */
#ifndef SCOUT_UNITS_H
#define SCOUT_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"

#define UNITS_TIMEOUT_MS 1000

struct unit_state {
	bool known;    /* systemd answered for a unit of this daemon */
	bool loaded;   /* LoadState loaded: installed */
	bool active;   /* ActiveState active, activating or reloading */
	bool disabled; /* UnitFileState disabled or masked */
	char unit[64]; /* the unit systemd answered for, e.g. "chrony.service" */
};

/* Indexed by enum daemon_type. */
typedef void (*units_done_fn)(const struct unit_state *states, void *userdata);

/* systemd runs this host (sd_booted(3): /run/systemd/system exists). */
bool units_systemd_runs(void);

/* Starts the queries; false when the previous ones are still out. */
bool units_start(units_done_fn done, void *userdata);
/* When the queries in flight are overdue (0 when idle), and what ends them. */
uint64_t units_deadline(void);
void units_dispatch(uint64_t now_us);
void units_fini(void);

/* Pure: a unit's properties to a state; the daemon type its Id names. */
enum daemon_type units_classify(const char *id);
void units_map(const char *load_state, const char *active_state,
    const char *unit_file_state, struct unit_state *ret);

#endif
