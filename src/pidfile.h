/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The -p pid file: created without following a symlink, locked for as long
 * as the agent runs, so that a second agent with the same file refuses to
 * start, and removed on exit only by the agent that holds it.
 */
#ifndef SCOUT_PIDFILE_H
#define SCOUT_PIDFILE_H

#include <sys/types.h>

/*
 * Opens (creating, mode 0644) and locks path. Returns 0; -ELOOP for a
 * symlink, -EINVAL for what is not a regular file, -EWOULDBLOCK when another
 * process holds it (then *ret_holder is its pid from the file, or 0), or
 * another -errno. The lock survives fork(), so this may come before
 * daemonizing.
 */
int pidfile_acquire(const char *path, pid_t *ret_holder);

/* Writes getpid() into the file, replacing what it held. Returns 0 or -errno. */
int pidfile_write(void);

/* Unlinks the file if it is still the one we locked, and releases it. */
void pidfile_release(void);

#endif
