/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A net-snmp transport domain for the subagent's one client connection. It
 * connects without blocking: a Unix socket whose listen queue is full fails at
 * once with EAGAIN (net-snmp's own transport would sleep in connect() until
 * snmpd runs again), a TCP connect gets AGENTX_TRANSPORT_CONNECT_MS. Once
 * connected it behaves as net-snmp's stream transports do, with a send
 * timeout so that a master that stops reading cannot block a write for long.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "agentx_transport.h"
#include "mib_oids.h"

#define DOMAIN_PREFIX "scout-agentx"
#define MAX_TCP_ADDRESSES 2 /* bounds a name's connect time too */
#define SEND_TIMEOUT_S 1

/* Our domain's name in net-snmp's list; it never goes on the wire. */
static const oid domain_name[] = { SCOUT_NTP_MIB_OID, 99, 1 };
/* TRANSPORT-ADDRESS-MIB's transportDomainLocal, TcpIpv4 and TcpIpv6 */
static const oid domain_local[] = { 1, 3, 6, 1, 2, 1, 100, 1, 13 };
static const oid domain_tcp4[] = { 1, 3, 6, 1, 2, 1, 100, 1, 5 };
static const oid domain_tcp6[] = { 1, 3, 6, 1, 2, 1, 100, 1, 6 };

static netsnmp_tdomain tdomain;
static struct address master;
static char master_text[ADDRESS_PATH_MAX + ADDRESS_HOST_MAX + 16];
static agentx_transport_event_fn *event_fn;

static void
report(enum agentx_transport_event event, int err)
{
	if (event_fn)
		event_fn(event, err);
}

/*
 * Connects fd to sa within AGENTX_TRANSPORT_CONNECT_MS. Returns 0 or -errno;
 * -EAGAIN is a Unix listener whose queue is full, -ETIMEDOUT a TCP one that
 * did not answer in time.
 */
static int
connect_bounded(int fd, const struct sockaddr *sa, socklen_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	socklen_t errlen = sizeof(int);
	int r, err = 0;

	if (connect(fd, sa, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	do
		r = poll(&pfd, 1, AGENTX_TRANSPORT_CONNECT_MS);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
		return -errno;
	return -err;
}

/* A new socket of family connected to sa, blocking again; or -errno. */
static int
open_connected(int family, const struct sockaddr *sa, socklen_t len)
{
	struct timeval send_timeout = { SEND_TIMEOUT_S, 0 };
	int fd, r, flags;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	r = connect_bounded(fd, sa, len);
	if (r == 0 &&
	    ((flags = fcntl(fd, F_GETFL)) < 0 ||
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_timeout,
		    sizeof(send_timeout)) < 0))
		r = -errno;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static int
connect_unix(const struct address *a)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memcpy(sun.sun_path, a->path, strlen(a->path) + 1);
	return open_connected(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun));
}

/* Tries the first MAX_TCP_ADDRESSES addresses of the host; sets *ret_v6. */
static int
connect_tcp(const struct address *a, bool *ret_v6)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICSERV },
			*list, *ai;
	char port[8];
	int fd = -EHOSTUNREACH, i = 0, r;

	hints.ai_family = a->ipv6 ? AF_INET6 : AF_UNSPEC;
	snprintf(port, sizeof(port), "%u", a->port);
	r = getaddrinfo(a->host, port, &hints, &list);
	if (r != 0)
		return r == EAI_SYSTEM ? -errno : -EHOSTUNREACH;
	for (ai = list; ai && i < MAX_TCP_ADDRESSES; ai = ai->ai_next, i++) {
		fd = open_connected(ai->ai_family, ai->ai_addr, ai->ai_addrlen);
		if (fd >= 0) {
			*ret_v6 = ai->ai_family == AF_INET6;
			break;
		}
	}
	freeaddrinfo(list);
	return fd;
}

static int
transport_recv(netsnmp_transport *t, void *buf, int size, void **opaque, int *olength)
{
	ssize_t n;

	*opaque = NULL;
	*olength = 0;
	if (t->sock < 0)
		return -1;
	do
		n = recv(t->sock, buf, (size_t)size, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	return (int)n;
}

static int
transport_send(
    netsnmp_transport *t, const void *buf, int size, void **opaque, int *olength)
{
	ssize_t n;

	if (t->sock < 0)
		return -1;
	do
		n = send(t->sock, buf, (size_t)size, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return (int)n;
}

static int
transport_close(netsnmp_transport *t)
{
	int r;

	if (t->sock < 0)
		return -1;
	r = close(t->sock);
	t->sock = -1;
	report(AGENTX_TRANSPORT_CLOSED, 0);
	return r;
}

static char *
transport_fmtaddr(netsnmp_transport *t, const void *data, int len)
{
	return strdup(master_text);
}

/*
 * net-snmp's constructor for "scout-agentx:ADDRESS": always the configured
 * master (ADDRESS is only its text); clients only.
 */
static netsnmp_transport *
transport_create(const char *string, int local, const char *default_target)
{
	netsnmp_transport *t;
	bool v6 = false;
	int fd;

	if (local)
		return NULL;
	fd = master.transport == ADDRESS_UNIX ? connect_unix(&master) :
						connect_tcp(&master, &v6);
	if (fd < 0) {
		report(AGENTX_TRANSPORT_FAILED, fd);
		return NULL;
	}
	t = SNMP_MALLOC_TYPEDEF(netsnmp_transport);
	if (!t) {
		close(fd);
		report(AGENTX_TRANSPORT_FAILED, -ENOMEM);
		return NULL;
	}
	if (master.transport == ADDRESS_UNIX)
		t->domain = domain_local;
	else
		t->domain = v6 ? domain_tcp6 : domain_tcp4;
	t->domain_length = (int)OID_LENGTH(domain_local);
	t->sock = fd;
	t->flags = NETSNMP_TRANSPORT_FLAG_STREAM;
	t->msgMaxSize = SNMP_MAX_PACKET_LEN;
	t->f_recv = transport_recv;
	t->f_send = transport_send;
	t->f_close = transport_close;
	t->f_fmtaddr = transport_fmtaddr;
	report(AGENTX_TRANSPORT_CONNECTED, 0);
	return t;
}

int
agentx_transport_init(const struct address *address,
    agentx_transport_event_fn *on_event, char *spec, size_t size)
{
	int n;

	if (!address_format(address, master_text, sizeof(master_text)))
		return -ENAMETOOLONG;
	master = *address;
	event_fn = on_event;
	n = snprintf(spec, size, DOMAIN_PREFIX ":%s", master_text);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	if (!tdomain.name) {
		/* net-snmp frees the prefix list at shutdown: it must be malloc'd */
		tdomain.prefix = calloc(2, sizeof(*tdomain.prefix));
		if (!tdomain.prefix)
			return -ENOMEM;
		tdomain.prefix[0] = DOMAIN_PREFIX;
		tdomain.name = domain_name;
		tdomain.name_length = OID_LENGTH(domain_name);
		tdomain.f_create_from_tstring_new = transport_create;
		netsnmp_tdomain_register(&tdomain);
	}
	return 0;
}

void
agentx_transport_fini(void)
{
	event_fn = NULL;
}
