/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What systemd says of the time daemons' units, where systemd runs: loaded,
 * active, disabled. Asked asynchronously on the shared bus, one GetAll per
 * candidate unit, never starting anything.
 */
#ifndef SCOUT_SYSTEMD_UNITS_H
#define SCOUT_SYSTEMD_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

#define UNITS_TIMEOUT_MS 1000

extern const struct backend_ops systemd_units_backend;

/* systemd runs this host (sd_booted(3): /run/systemd/system exists). */
bool units_systemd_runs(void);

/* Pure: a unit's properties to a state; the daemon type its Id names. */
enum daemon_type units_classify(const char *id);
void units_map(const char *load_state, const char *active_state,
    const char *unit_file_state, struct unit_state *ret);

#endif
