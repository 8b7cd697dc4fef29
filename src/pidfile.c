/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A pid file in a directory others may write to must not be an attack
 * vector: O_NOFOLLOW refuses a planted symlink, nothing is truncated before
 * the lock is ours, and flock() (which follows the open file across the
 * daemonizing forks) tells a live agent from a stale file.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

#define PID_TEXT_SIZE 24

static int pid_fd = -1;
static char *pid_path;

/* The pid written in fd, or 0 if it holds none. */
static pid_t
read_holder(int fd)
{
	char buf[PID_TEXT_SIZE];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return pid > 0 && (*end == '\n' || *end == '\0') ? (pid_t)pid : 0;
}

int
pidfile_acquire(const char *path, pid_t *ret_holder)
{
	struct stat st;
	int fd, r;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = -errno;
		if (r == -EWOULDBLOCK && ret_holder)
			*ret_holder = read_holder(fd);
		close(fd);
		return r;
	}
	pid_path = strdup(path);
	if (!pid_path) {
		close(fd);
		return -ENOMEM;
	}
	pid_fd = fd;
	return 0;
}

int
pidfile_write(void)
{
	char text[PID_TEXT_SIZE];
	int n;

	if (pid_fd < 0)
		return -EBADF;
	n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(pid_fd, 0) < 0 || pwrite(pid_fd, text, (size_t)n, 0) != n)
		return errno ? -errno : -EIO;
	return 0;
}

void
pidfile_release(void)
{
	struct stat ours, there;

	if (pid_fd < 0)
		return;
	/* someone may have replaced the path meanwhile: remove only our file */
	if (fstat(pid_fd, &ours) == 0 && lstat(pid_path, &there) == 0 &&
	    ours.st_dev == there.st_dev && ours.st_ino == there.st_ino)
		unlink(pid_path);
	close(pid_fd);
	pid_fd = -1;
	free(pid_path);
	pid_path = NULL;
}
