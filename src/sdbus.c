/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One sd-bus connection for the whole agent. sd-bus answers every pending
 * call of a connection that breaks with an error, so the callers' state
 * machines always finish; this file only has to reconnect on next use.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>

#include "backend.h"
#include "sdbus.h"
#include "util.h"

/* After a failed connect, how long to answer with that error instead of
 * trying again: a host without a system bus costs nothing per refresh. */
#define BUS_RETRY_US (5 * 1000000ull)

static sd_bus *bus;
static int last_error;
static uint64_t failed_at_us;

int
bus_get(sd_bus **ret)
{
	uint64_t now = monotonic_us();
	int r;

	if (!bus || sd_bus_is_open(bus) <= 0) {
		bus = sd_bus_flush_close_unref(bus);
		if (last_error && now - failed_at_us < BUS_RETRY_US)
			return last_error;
		r = sd_bus_open_system(&bus);
		if (r < 0) {
			last_error = r;
			failed_at_us = now;
			return r;
		}
		last_error = 0;
	}
	*ret = bus;
	return 0;
}

void
bus_poll_info(int *ret_fd, short *ret_events, uint64_t *ret_deadline_us)
{
	uint64_t usec = UINT64_MAX;
	int events;

	*ret_fd = -1;
	*ret_events = 0;
	*ret_deadline_us = 0;
	if (!bus)
		return;
	events = sd_bus_get_events(bus);
	if (events < 0)
		return;
	*ret_fd = sd_bus_get_fd(bus);
	*ret_events = (short)events;
	if (sd_bus_get_timeout(bus, &usec) >= 0 && usec != UINT64_MAX)
		*ret_deadline_us = usec ? usec : 1;
}

void
bus_dispatch(void)
{
	int r;

	if (!bus)
		return;
	do
		r = sd_bus_process(bus, NULL);
	while (r > 0);
	if (r < 0 || sd_bus_is_open(bus) <= 0)
		bus = sd_bus_flush_close_unref(bus);
}

void
bus_close(void)
{
	bus = sd_bus_flush_close_unref(bus);
}

int
bus_call_get_all(const char *destination, const char *path, const char *interface,
    sd_bus_message_handler_t callback, void *userdata, uint64_t timeout_usec,
    sd_bus_slot **ret_slot)
{
	sd_bus_message *m = NULL;
	sd_bus *b;
	int r;

	r = bus_get(&b);
	if (r >= 0)
		r = sd_bus_message_new_method_call(b, &m, destination, path,
		    "org.freedesktop.DBus.Properties", "GetAll");
	if (r >= 0)
		r = sd_bus_message_append(m, "s", interface);
	if (r >= 0)
		r = sd_bus_message_set_auto_start(m, 0);
	if (r >= 0)
		r = sd_bus_call_async(b, ret_slot, m, callback, userdata, timeout_usec);
	sd_bus_message_unref(m);
	return r;
}

/* The shared connection as a backend: it reads no daemon, but its fd and
 * sd-bus's timeouts sit in the main loop like any backend's. */
static unsigned
sdbus_poll_fds(void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	short events;
	int fd;

	bus_poll_info(&fd, &events, ret_deadline_us);
	return backend_poll_one(fds, max, fd, events);
}

static void
sdbus_dispatch(void *state, uint64_t now_us)
{
	bus_dispatch();
}

static void
sdbus_free(void *state)
{
	bus_close();
}

const struct backend_ops sdbus_backend = {
	.name = "system bus",
	.poll_fds = sdbus_poll_fds,
	.dispatch = sdbus_dispatch,
	.free = sdbus_free,
};
