/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Transport address parsing for chronyAddress and agentXSocket. The rules are
 * those of the programs at the other end: chronyd answers commands on a Unix
 * socket or UDP (IP literals only, as the agent never resolves names for it);
 * net-snmp's AgentX subagent connects over a Unix or TCP stream, and takes a
 * bare path as unix and a bare HOST:PORT as tcp.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "daemons.h"
#include "message.h"

#define QUOTE_SIZE MESSAGE_QUOTE_SIZE

static bool
has_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * A Unix socket path that connect() can use: absolute, naming a file (not
 * ending in "/", "/." or "/.."), and fitting in sun_path with its NUL.
 */
static int
parse_unix_path(const char *path, struct address *ret, char **reterr_msg)
{
	const char *base = strrchr(path, '/');
	size_t len = strlen(path);

	if (path[0] != '/')
		return message_fail(reterr_msg, "the socket path must be absolute");
	if (len > ADDRESS_PATH_MAX)
		return message_fail(reterr_msg,
		    "the socket path is longer than %d bytes", ADDRESS_PATH_MAX);
	base++;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return message_fail(
		    reterr_msg, "the socket path names a directory, not a socket file");
	ret->transport = ADDRESS_UNIX;
	memcpy(ret->path, path, len + 1);
	return 0;
}

/* Parses "" (default_port) or ":PORT" after a host. */
static int
parse_port(const char *s, unsigned default_port, unsigned *ret)
{
	unsigned long v = 0;

	if (!*s) {
		*ret = default_port;
		return 0;
	}
	if (*s != ':' || !s[1])
		return -EINVAL;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 65535)
			return -EINVAL;
	}
	if (v == 0)
		return -EINVAL;
	*ret = (unsigned)v;
	return 0;
}

/* A DNS name: labels of letters, digits and inner hyphens, at most 63 each. */
static bool
is_host_name(const char *s, size_t len)
{
	size_t label = 0;

	if (len == 0 || len > ADDRESS_HOST_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];

		if (ch == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9') || (ch == '-' && label > 0)))
			return false;
		if (++label > 63)
			return false;
	}
	return s[len - 1] != '-';
}

/* Digits and dots only: meant as an IPv4 literal, so it must be one. */
static bool
looks_numeric(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return true;
}

/*
 * Parses HOST[:PORT] after a "udp:", "tcp:" or "tcp6:" prefix. IPv6 goes in
 * brackets; names are allowed when names_ok; example is the form shown when
 * an IPv6 address lacks brackets.
 */
static int
parse_host_port(const char *s, bool names_ok, unsigned default_port,
    const char *example, struct address *ret, char **reterr_msg)
{
	char q[QUOTE_SIZE], literal[INET6_ADDRSTRLEN];
	const char *end, *port_str;
	struct in6_addr addr;
	bool v6 = s[0] == '[';
	size_t len;

	if (v6) {
		s++;
		end = strchr(s, ']');
		if (!end)
			return message_fail(
			    reterr_msg, "missing \"]\" after the IPv6 address");
		port_str = end + 1;
	} else {
		end = s + strcspn(s, ":");
		if (*end && strchr(end + 1, ':'))
			return message_fail(reterr_msg,
			    "an IPv6 address goes in brackets, as in %s", example);
		port_str = end;
	}
	len = (size_t)(end - s);
	if (len < sizeof(literal)) {
		memcpy(literal, s, len);
		literal[len] = '\0';
	}
	if (len < sizeof(literal) &&
	    inet_pton(v6 ? AF_INET6 : AF_INET, literal, &addr) == 1) {
		memcpy(ret->host, literal, len + 1);
	} else if (!v6 && names_ok && !looks_numeric(s, len) && is_host_name(s, len)) {
		memcpy(ret->host, s, len);
		ret->host[len] = '\0';
	} else if (!v6 && names_ok && !looks_numeric(s, len)) {
		return message_fail(reterr_msg,
		    "%s is not a host name or an IPv4 address",
		    message_quote_n(q, s, len));
	} else {
		return message_fail(reterr_msg, "%s is not an %s address",
		    message_quote_n(q, s, len), v6 ? "IPv6" : "IPv4");
	}
	if (*port_str && *port_str != ':')
		return message_fail(reterr_msg, "unexpected %s after the address",
		    message_quote_n(q, port_str, strlen(port_str)));
	if (parse_port(port_str, default_port, &ret->port) < 0)
		return message_fail(reterr_msg, "the port must be 1..65535");
	ret->ipv6 = v6;
	return 0;
}

int
address_parse_chrony(const char *s, struct address *ret, char **reterr_msg)
{
	struct address a = { 0 };
	int r;

	*reterr_msg = NULL;
	if (has_prefix(s, "unix:")) {
		r = parse_unix_path(s + 5, &a, reterr_msg);
	} else if (has_prefix(s, "udp:")) {
		a.transport = ADDRESS_UDP;
		r = parse_host_port(s + 4, false,
		    daemon_info(DAEMON_CHRONY)->default_port, "udp:[::1]:323", &a,
		    reterr_msg);
	} else {
		return -EPROTONOSUPPORT;
	}
	if (r == 0)
		*ret = a;
	return r;
}

int
address_parse_agentx(const char *s, struct address *ret, char **reterr_msg)
{
	struct address a = { 0 };
	int r;

	*reterr_msg = NULL;
	if (has_prefix(s, "unix:")) {
		r = parse_unix_path(s + 5, &a, reterr_msg);
	} else if (s[0] == '/') {
		r = parse_unix_path(s, &a, reterr_msg);
	} else if (has_prefix(s, "tcp:")) {
		a.transport = ADDRESS_TCP;
		/* net-snmp's tcp domain is IPv4: IPv6 needs tcp6 */
		if (s[4] == '[')
			return message_fail(reterr_msg,
			    "an IPv6 address needs tcp6:, as in tcp6:[::1]:705");
		r = parse_host_port(
		    s + 4, true, ADDRESS_AGENTX_PORT, "tcp6:[::1]:705", &a, reterr_msg);
	} else if (has_prefix(s, "tcp6:")) {
		a.transport = ADDRESS_TCP;
		r = parse_host_port(
		    s + 5, true, ADDRESS_AGENTX_PORT, "tcp6:[::1]:705", &a, reterr_msg);
		if (r == 0 && !a.ipv6 &&
		    inet_pton(AF_INET, a.host, &(struct in_addr) {}))
			return message_fail(reterr_msg,
			    "%s is an IPv4 address: use tcp:%s", a.host, s + 5);
	} else if (has_prefix(s, "udp:") || has_prefix(s, "udp6:")) {
		return message_fail(reterr_msg,
		    "AgentX needs a stream: use unix:/PATH or tcp:HOST:PORT, not udp");
	} else if (strchr(s, ':') && !strchr(s, '/')) {
		/* bare HOST:PORT: net-snmp's default domains end with tcp */
		char *colon = strrchr(s, ':');

		a.transport = ADDRESS_TCP;
		/* "ssh:host" names a transport, not a port */
		if (colon == s || strchr(s, ':') != colon ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1))
			return -EPROTONOSUPPORT;
		r = parse_host_port(
		    s, true, ADDRESS_AGENTX_PORT, "tcp6:[::1]:705", &a, reterr_msg);
	} else {
		return -EPROTONOSUPPORT;
	}
	if (r == 0)
		*ret = a;
	return r;
}

bool
address_format(const struct address *a, char *buf, size_t size)
{
	static const char *const names[ADDRESS_TRANSPORT_MAX] = {
		[ADDRESS_UNIX] = "unix",
		[ADDRESS_UDP] = "udp",
		[ADDRESS_TCP] = "tcp",
	};
	int n;

	if ((unsigned)a->transport >= ADDRESS_TRANSPORT_MAX)
		return false;
	if (a->transport == ADDRESS_UNIX)
		n = snprintf(buf, size, "unix:%s", a->path);
	else if (a->ipv6)
		n = snprintf(buf, size, "%s%s:[%s]:%u", names[a->transport],
		    a->transport == ADDRESS_TCP ? "6" : "", a->host, a->port);
	else
		n = snprintf(
		    buf, size, "%s:%s:%u", names[a->transport], a->host, a->port);
	return n >= 0 && (size_t)n < size;
}
