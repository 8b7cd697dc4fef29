/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wakeup-cost: what one wake-up costs a process that does nothing else on
 * this machine, to read bench/refresh-cost.sh's numbers against. It sleeps
 * in poll() COUNT times for MS milliseconds and prints the CPU time
 * (/proc/self/schedstat, user + system) per wake-up in microseconds; then the
 * same with one datagram sent and received over a socketpair per wake-up.
 *
 *   wakeup-cost [COUNT [MS]]      (default 25 x 200 ms)
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static long long
cpu_ns(void)
{
	FILE *f = fopen("/proc/self/schedstat", "r");
	long long v = -1;

	if (!f || fscanf(f, "%lld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

int
main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 25, ms = argc > 2 ? atoi(argv[2]) : 200;
	long long c0, c1;
	char buf[64] = { 0 };
	int sv[2];

	if (count < 1 || ms < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return 2;
	c0 = cpu_ns();
	for (int i = 0; i < count; i++)
		poll(NULL, 0, ms);
	c1 = cpu_ns();
	if (c0 < 0 || c1 < 0)
		return 1;
	printf("wake %.1f\n", (double)(c1 - c0) / 1000.0 / count);
	c0 = cpu_ns();
	for (int i = 0; i < count; i++) {
		poll(NULL, 0, ms);
		if (send(sv[0], buf, 48, 0) < 0 || recv(sv[1], buf, sizeof(buf), 0) < 0)
			return 1;
	}
	c1 = cpu_ns();
	printf("wake+datagram %.1f\n", (double)(c1 - c0) / 1000.0 / count);
	return 0;
}
