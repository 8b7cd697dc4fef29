/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system bus connection the D-Bus backends share (timesyncd, systemd's
 * unit states): opened on first use and again after it broke, polled by the
 * main loop like any other socket.
 */
#ifndef SCOUT_SDBUS_H
#define SCOUT_SDBUS_H

#include <stdint.h>

#include <systemd/sd-bus.h>

struct backend_ops;
extern const struct backend_ops sdbus_backend;

/* The open connection (DBUS_SYSTEM_BUS_ADDRESS, else the standard socket). */
int bus_get(sd_bus **ret);

/* The bus fd (-1 when not connected), its poll events, and sd-bus's
 * CLOCK_MONOTONIC deadline in microseconds (0 for none). */
void bus_poll_info(int *ret_fd, short *ret_events, uint64_t *ret_deadline_us);
/* Processes whatever is ready; a broken connection is dropped here, after
 * sd-bus has answered its pending calls with errors. */
void bus_dispatch(void);
void bus_close(void);

/* An asynchronous method call with auto-start off: asking must never start
 * the service it asks (timesyncd is D-Bus activatable). */
int bus_call_get_all(const char *destination, const char *path, const char *interface,
    sd_bus_message_handler_t callback, void *userdata, uint64_t timeout_usec,
    sd_bus_slot **ret_slot);

#endif
