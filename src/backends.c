/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The backends of this build. One compiled out is simply not in the table;
 * its daemon's row then shows what detection finds.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stddef.h>

#include "backend.h"

extern const struct backend_ops chrony_backend, kernel_backend, proc_probe_backend,
    ntpd_backend;
extern const struct backend_ops openntpd_backend;
#ifdef HAVE_LIBSYSTEMD
extern const struct backend_ops sdbus_backend, timesyncd_backend, systemd_units_backend;
#endif

const struct backend_ops *const backends[] = {
	&kernel_backend,
	&proc_probe_backend,
	&chrony_backend,
	&openntpd_backend,
	/* after proc_probe: it starts only where an ntpd process runs */
	&ntpd_backend,
#ifdef HAVE_LIBSYSTEMD
	&sdbus_backend,
	&timesyncd_backend,
	&systemd_units_backend,
#endif
	NULL,
};
