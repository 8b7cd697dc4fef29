/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Transport addresses as the configuration writes them ("unix:/PATH",
 * "udp:HOST[:PORT]", "tcp:HOST:PORT", IPv6 in brackets), parsed into a struct
 * and checked as chronyd and net-snmp's AgentX will use them. Pure: no I/O.
 */
#ifndef SCOUT_ADDRESS_H
#define SCOUT_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#define ADDRESS_PATH_MAX 107 /* sun_path less its NUL */
#define ADDRESS_HOST_MAX 253 /* a DNS name; IP literals are shorter */
#define ADDRESS_AGENTX_PORT 705

enum address_transport {
	ADDRESS_UNIX,
	ADDRESS_UDP,
	ADDRESS_TCP,
	ADDRESS_TRANSPORT_MAX,
};

struct address {
	enum address_transport transport;
	char path[ADDRESS_PATH_MAX + 1]; /* ADDRESS_UNIX: absolute */
	char host[ADDRESS_HOST_MAX + 1]; /* IP literal (no brackets) or name */
	bool ipv6;			 /* host is an IPv6 literal */
	unsigned port;			 /* 1..65535 */
};

/*
 * Parses a chronyAddress: "unix:/PATH", "udp:IPV4[:PORT]" or
 * "udp:[IPV6][:PORT]" (the port defaults to 323). Returns 0; -EPROTONOSUPPORT
 * with *reterr_msg NULL when s is none of these forms; -EINVAL with a malloc'd
 * message that says what is wrong (without s itself); -ENOMEM.
 */
int address_parse_chrony(const char *s, struct address *ret, char **reterr_msg);

/*
 * Parses an agentXSocket as net-snmp's subagent would take it: "unix:/PATH" or
 * "/PATH", "tcp:IPV4|NAME[:PORT]", "tcp6:[IPV6]|NAME[:PORT]", or a bare
 * "HOST:PORT" (net-snmp tries tcp then); the port defaults to 705. UDP is
 * refused: AgentX needs a stream. Errors as address_parse_chrony().
 */
int address_parse_agentx(const char *s, struct address *ret, char **reterr_msg);

/* Writes a's canonical form ("unix:/p", "udp:[::1]:323"); false if it does not fit. */
bool address_format(const struct address *a, char *buf, size_t size);

#endif
