/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one main loop: net-snmp's sockets and alarms, the backends' sockets and
 * deadlines, and a signalfd, all in one poll().
 */
#ifndef SCOUT_LOOP_H
#define SCOUT_LOOP_H

/* Runs until SIGTERM or SIGINT arrives on signal_fd; returns the signal, or
 * -errno if poll() fails. */
int loop_run(int signal_fd);

#endif
