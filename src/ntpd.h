/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ntpd and NTPsec backend: mode 6 READSTAT and READVARs over UDP to
 * 127.0.0.1:123 (then [::1]:123), in bursts of independent requests, never
 * blocking; it fills the ntpsec(4) or ntpd(3) row as the daemon's version says.
 */
#ifndef SCOUT_NTPD_H
#define SCOUT_NTPD_H

struct backend_ops;
extern const struct backend_ops ntpd_backend;

/* Per-attempt reply timeout and attempts per request, as for chrony: a silent
 * or hung ntpd costs a refresh at most 3 x 250 ms per burst. */
#define NTPD_TIMEOUT_MS 250
#define NTPD_ATTEMPTS 3
/* Requests in flight at once, each with its reassembly buffer. */
#define NTPD_WINDOW 8
/* Associations read; more than any sane ntp.conf, the rest are left out. */
#define NTPD_MAX_ASSOCS 64

#endif
