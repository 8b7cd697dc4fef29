/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for address.c: the forms chronyd and net-snmp's AgentX accept,
 * parsed into their parts and written back canonical, and the forms that
 * cannot work refused with a message that says why.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "address.h"
#include "unit.h"

typedef int parse_address_fn(const char *, struct address *, char **);

struct good_case {
	const char *in, *canon;
	enum address_transport transport;
	unsigned port;
};

struct bad_case {
	const char *in;
	int want;	 /* -EINVAL or -EPROTONOSUPPORT */
	const char *msg; /* for -EINVAL */
};

static void
check_good(parse_address_fn *parse, const struct good_case *c)
{
	char canon[512], unset[] = "unset", *msg = unset;
	struct address a;
	int r;

	memset(&a, 0x5a, sizeof(a));
	r = parse(c->in, &a, &msg);
	if (r != 0)
		fprintf(stderr, "\n%s: %d %s\n", c->in, r, msg ? msg : "(null)");
	CU_ASSERT_EQUAL_FATAL(r, 0);
	CU_ASSERT_PTR_NULL(msg);
	CU_ASSERT_EQUAL(a.transport, c->transport);
	if (c->transport != ADDRESS_UNIX)
		CU_ASSERT_EQUAL(a.port, c->port);
	CU_ASSERT_TRUE_FATAL(address_format(&a, canon, sizeof(canon)));
	if (strcmp(canon, c->canon) != 0)
		fprintf(stderr, "\n%s: canonical \"%s\", want \"%s\"\n", c->in, canon,
		    c->canon);
	CU_ASSERT_STRING_EQUAL(canon, c->canon);
}

static void
check_bad(parse_address_fn *parse, const struct bad_case *c)
{
	struct address a;
	char *msg = NULL;
	int r;

	r = parse(c->in, &a, &msg);
	if (r != c->want || (c->msg && (!msg || strcmp(msg, c->msg) != 0)))
		fprintf(stderr, "\n%s: %d \"%s\", want %d \"%s\"\n", c->in, r,
		    msg ? msg : "(null)", c->want, c->msg ? c->msg : "(null)");
	CU_ASSERT_EQUAL(r, c->want);
	if (c->want == -EPROTONOSUPPORT) {
		CU_ASSERT_PTR_NULL(msg);
	} else {
		CU_ASSERT_TRUE(msg && c->msg && strcmp(msg, c->msg) == 0);
	}
	free(msg);
}

static void
test_chrony_good(void)
{
	static const struct good_case cases[] = {
		{ "unix:/run/chrony/chronyd.sock", "unix:/run/chrony/chronyd.sock",
		    ADDRESS_UNIX, 0 },
		{ "UNIX:/x", "unix:/x", ADDRESS_UNIX, 0 },
		{ "udp:127.0.0.1", "udp:127.0.0.1:323", ADDRESS_UDP, 323 },
		{ "udp:10.0.0.1:65535", "udp:10.0.0.1:65535", ADDRESS_UDP, 65535 },
		{ "udp:[::1]", "udp:[::1]:323", ADDRESS_UDP, 323 },
		{ "udp:[2001:db8::7]:1", "udp:[2001:db8::7]:1", ADDRESS_UDP, 1 },
	};

	for (size_t i = 0; i < UNIT_ELEMENTS(cases); i++)
		check_good(address_parse_chrony, &cases[i]);
}

static void
test_chrony_bad(void)
{
	static const struct bad_case cases[] = {
		{ "unix:/", -EINVAL,
		    "the socket path names a directory, not a socket file" },
		{ "unix:", -EINVAL, "the socket path must be absolute" },
		{ "unix:/run/chrony/", -EINVAL,
		    "the socket path names a directory, not a socket file" },
		{ "unix:/a/.", -EINVAL,
		    "the socket path names a directory, not a socket file" },
		{ "udp:", -EINVAL, "\"\" is not an IPv4 address" },
		{ "udp:localhost", -EINVAL, "\"localhost\" is not an IPv4 address" },
		{ "udp:999.1.1.1", -EINVAL, "\"999.1.1.1\" is not an IPv4 address" },
		{ "udp:1.2.3.4:0", -EINVAL, "the port must be 1..65535" },
		{ "udp:1.2.3.4:99999", -EINVAL, "the port must be 1..65535" },
		{ "udp:1.2.3.4:", -EINVAL, "the port must be 1..65535" },
		{ "udp:::1", -EINVAL,
		    "an IPv6 address goes in brackets, as in udp:[::1]:323" },
		{ "udp:[::1", -EINVAL, "missing \"]\" after the IPv6 address" },
		{ "udp:[::1]x", -EINVAL, "unexpected \"x\" after the address" },
		{ "tcp:127.0.0.1:323", -EPROTONOSUPPORT, NULL },
		{ "/run/chrony/chronyd.sock", -EPROTONOSUPPORT, NULL },
	};
	char path[200];

	for (size_t i = 0; i < UNIT_ELEMENTS(cases); i++)
		check_bad(address_parse_chrony, &cases[i]);

	/* sun_path holds 107 bytes and a NUL */
	memset(path, 'a', sizeof(path));
	memcpy(path, "unix:/", 6);
	path[5 + 107] = '\0';
	check_good(
	    address_parse_chrony, &(struct good_case) { path, path, ADDRESS_UNIX, 0 });
	path[5 + 107] = 'a';
	path[5 + 108] = '\0';
	check_bad(address_parse_chrony,
	    &(struct bad_case) {
		path, -EINVAL, "the socket path is longer than 107 bytes" });
}

static void
test_agentx_good(void)
{
	static const struct good_case cases[] = {
		{ "unix:/var/agentx/master", "unix:/var/agentx/master", ADDRESS_UNIX,
		    0 },
		{ "/var/agentx/master", "unix:/var/agentx/master", ADDRESS_UNIX, 0 },
		{ "tcp:127.0.0.1:705", "tcp:127.0.0.1:705", ADDRESS_TCP, 705 },
		{ "tcp:127.0.0.1", "tcp:127.0.0.1:705", ADDRESS_TCP, 705 },
		{ "TCP:localhost:7050", "tcp:localhost:7050", ADDRESS_TCP, 7050 },
		{ "tcp:snmp-master.example.org:1", "tcp:snmp-master.example.org:1",
		    ADDRESS_TCP, 1 },
		{ "tcp6:[::1]:705", "tcp6:[::1]:705", ADDRESS_TCP, 705 },
		{ "tcp6:localhost", "tcp:localhost:705", ADDRESS_TCP, 705 },
		{ "localhost:705", "tcp:localhost:705", ADDRESS_TCP, 705 },
		{ "192.0.2.1:705", "tcp:192.0.2.1:705", ADDRESS_TCP, 705 },
	};

	for (size_t i = 0; i < UNIT_ELEMENTS(cases); i++)
		check_good(address_parse_agentx, &cases[i]);
}

static void
test_agentx_bad(void)
{
	static const struct bad_case cases[] = {
		{ "foo", -EPROTONOSUPPORT, NULL },
		{ "var/agentx/master", -EPROTONOSUPPORT, NULL },
		{ "unix:", -EINVAL, "the socket path must be absolute" },
		{ "unix:master", -EINVAL, "the socket path must be absolute" },
		{ "unix:/", -EINVAL,
		    "the socket path names a directory, not a socket file" },
		{ "/var/agentx/", -EINVAL,
		    "the socket path names a directory, not a socket file" },
		{ "tcp:999.1.1.1:99999", -EINVAL,
		    "\"999.1.1.1\" is not an IPv4 address" },
		{ "tcp:127.0.0.1:99999", -EINVAL, "the port must be 1..65535" },
		{ "tcp:127.0.0.1:0", -EINVAL, "the port must be 1..65535" },
		{ "tcp:", -EINVAL, "\"\" is not an IPv4 address" },
		{ "tcp:bad_name:705", -EINVAL,
		    "\"bad_name\" is not a host name or an IPv4 address" },
		{ "tcp:-x.org:705", -EINVAL,
		    "\"-x.org\" is not a host name or an IPv4 address" },
		{ "tcp:[::1]:705", -EINVAL,
		    "an IPv6 address needs tcp6:, as in tcp6:[::1]:705" },
		{ "tcp:::1", -EINVAL,
		    "an IPv6 address goes in brackets, as in tcp6:[::1]:705" },
		{ "tcp6:[::1]:70000", -EINVAL, "the port must be 1..65535" },
		{ "tcp6:[127.0.0.1]:705", -EINVAL,
		    "\"127.0.0.1\" is not an IPv6 address" },
		{ "udp:127.0.0.1:1", -EINVAL,
		    "AgentX needs a stream: use unix:/PATH or tcp:HOST:PORT, not udp" },
		{ "udp6:[::1]:705", -EINVAL,
		    "AgentX needs a stream: use unix:/PATH or tcp:HOST:PORT, not udp" },
		{ "ssh:host", -EPROTONOSUPPORT, NULL },
		{ ":705", -EPROTONOSUPPORT, NULL },
	};

	for (size_t i = 0; i < UNIT_ELEMENTS(cases); i++)
		check_bad(address_parse_agentx, &cases[i]);
}

static void
test_format_too_small(void)
{
	struct address a;
	char *msg, buf[8];

	CU_ASSERT_EQUAL_FATAL(address_parse_chrony("udp:127.0.0.1", &a, &msg), 0);
	CU_ASSERT_FALSE(address_format(&a, buf, sizeof(buf)));
	a.transport = ADDRESS_TRANSPORT_MAX;
	CU_ASSERT_FALSE(address_format(&a, buf, sizeof(buf)));
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "chrony: good", test_chrony_good },
		{ "chrony: bad", test_chrony_bad },
		{ "agentx: good", test_agentx_good },
		{ "agentx: bad", test_agentx_bad },
		{ "format: too small", test_format_too_small },
	};

	return unit_run("address", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
