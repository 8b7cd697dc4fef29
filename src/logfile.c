/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Our own opening of the -Lf file, so that a symlink planted at its path is
 * refused rather than followed; net-snmp only writes to the stream we give
 * its file log handler.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "log.h"
#include "logfile.h"

static netsnmp_log_handler *handler;

/* A stream appending to path, or NULL with errno set. */
static FILE *
open_nofollow(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path,
	    O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return NULL;
	}
	/* a character device such as /dev/null is fine; a fifo would block */
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	f = fdopen(fd, "a");
	if (!f) {
		int err = errno;

		close(fd);
		errno = err;
		return NULL;
	}
	netsnmp_set_line_buffering(f);
	return f;
}

int
logfile_open(const char *path)
{
	FILE *f = open_nofollow(path);

	if (!f)
		return -errno;
	handler = netsnmp_register_loghandler(NETSNMP_LOGHANDLER_FILE, LOG_DEBUG);
	if (!handler || !(handler->token = strdup(path))) {
		fclose(f);
		return -ENOMEM;
	}
	handler->pri_max = LOG_EMERG;
	handler->magic = f;
	netsnmp_enable_this_loghandler(handler);
	return 0;
}

void
logfile_reopen(void)
{
	FILE *f;

	if (!handler)
		return;
	f = open_nofollow(handler->token);
	if (!f) {
		log_err("cannot reopen %s: %s; still writing to the file it was",
		    handler->token,
		    errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return;
	}
	fclose(handler->magic);
	handler->magic = f;
	log_info("reopened %s on SIGHUP", handler->token);
}
