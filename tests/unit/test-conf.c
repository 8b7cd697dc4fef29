/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for conf.c: every directive's default, range, syntax errors and
 * their messages, and conf_load() on real files, including the example
 * configuration shipped in conf/ (TEST_CONF_DIR).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "conf.h"
#include "unit.h"

#define ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
#define DAEMONS_ALLOWED \
	"auto or a comma-separated list of chrony, timesyncd, ntpd, ntpsec, openntpd"
#define QUOTED_CHARS 74 /* a word in a message is cut after so many bytes */
#define ADDRESS_ALLOWED "unix:/PATH, udp:IPV4[:PORT] or udp:[IPV6][:PORT]"

static struct conf cfg;

static void
setup(void)
{
	conf_init(&cfg);
}

static void
teardown(void)
{
	conf_free(&cfg);
}

/* Parses line into cfg and checks the result: 0, or -EINVAL and this message. */
static void
check_parse(const char *line, const char *want_msg, unsigned at)
{
	int want = want_msg ? -EINVAL : 0;
	char *msg = NULL, cond[2048];
	bool ok;
	int r;

	r = conf_parse_line(&cfg, line, &msg);
	ok = r == want && (want_msg ? msg && strcmp(msg, want_msg) == 0 : !msg);
	snprintf(cond, sizeof(cond),
	    "conf_parse_line(\"%s\") = %d \"%s\", want %d \"%s\"", line, r,
	    msg ? msg : "(null)", want, want_msg ? want_msg : "(null)");
	CU_assertImplementation(ok, at, cond, __FILE__, "", CU_FALSE);
	free(msg);
}

#define PARSE_OK(line) check_parse((line), NULL, __LINE__)
#define PARSE_ERR(line, msg) check_parse((line), (msg), __LINE__)

/* The same with a formatted line and message (msg NULL: success). */
static void __attribute__((format(printf, 3, 4)))
check_parsef(unsigned at, const char *msg, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	check_parse(line, msg, at);
}

static char *__attribute__((format(printf, 1, 2))) msgf(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

/* Returns a new formatted string (the test stops if it cannot). */
static char *__attribute__((format(printf, 1, 2))) strf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	CU_ASSERT_FATAL(n >= 0);
	s = malloc((size_t)n + 1);
	CU_ASSERT_FATAL(s != NULL);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- conf_init, conf_free ---- */

static void
check_defaults(const struct conf *c)
{
	CU_ASSERT_EQUAL(c->refresh_s, 5);
	CU_ASSERT_EQUAL(c->n_chrony_addresses, 0);
	for (size_t i = 0; i < CONF_MAX_CHRONY_ADDRESSES; i++)
		CU_ASSERT_PTR_NULL(c->chrony_addresses[i]);
	CU_ASSERT_EQUAL(c->daemons, 0);
	CU_ASSERT_EQUAL(c->offset_threshold_ms, 100);
	CU_ASSERT_EQUAL(c->max_root_distance_ms, 1000);
	CU_ASSERT_EQUAL(c->max_sync_age_s, 0);
	CU_ASSERT_EQUAL(c->loss_holdoff, 3);
	CU_ASSERT_EQUAL(c->restore_holdoff, 2);
	CU_ASSERT_EQUAL(c->startup_grace_s, 60);
	CU_ASSERT_TRUE(c->traps);
	CU_ASSERT_PTR_NULL(c->agentx_socket);
	CU_ASSERT_EQUAL(c->agentx_ping_interval_s, 5);
}

static void
test_defaults(void)
{
	check_defaults(&cfg);

	CU_ASSERT_STRING_EQUAL(
	    conf_default_chrony_addresses[0], "unix:/run/chrony/chronyd.sock");
	CU_ASSERT_STRING_EQUAL(conf_default_chrony_addresses[1], "udp:127.0.0.1:323");
	CU_ASSERT_STRING_EQUAL(conf_default_chrony_addresses[2], "udp:[::1]:323");
	CU_ASSERT_PTR_NULL(conf_default_chrony_addresses[3]);

	/* the built-in addresses are valid chronyAddress values, already canonical */
	for (size_t i = 0; conf_default_chrony_addresses[i]; i++) {
		check_parsef(__LINE__, NULL, "chronyAddress %s",
		    conf_default_chrony_addresses[i]);
		CU_ASSERT_FATAL(cfg.n_chrony_addresses == i + 1);
		CU_ASSERT_STRING_EQUAL(
		    cfg.chrony_addresses[i], conf_default_chrony_addresses[i]);
	}
}

static void
test_free(void)
{
	PARSE_OK("agentXSocket unix:/tmp/agentx");
	PARSE_OK("chronyAddress udp:127.0.0.1");
	PARSE_OK("chronyAddress udp:[::1]");
	PARSE_OK("refreshInterval 9");
	conf_free(&cfg);
	CU_ASSERT_PTR_NULL(cfg.agentx_socket);
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 0);
	CU_ASSERT_PTR_NULL(cfg.chrony_addresses[0]);
	CU_ASSERT_PTR_NULL(cfg.chrony_addresses[1]);
	conf_free(&cfg); /* twice is harmless */
	conf_free(NULL);
	conf_init(&cfg); /* and the struct can be set up again */
	check_defaults(&cfg);
	PARSE_OK("chronyAddress udp:127.0.0.1");
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 1);
}

/* ---- numbers ---- */

static const struct number {
	const char *name;
	unsigned min, max, def;
	size_t offset;
} numbers[] = {
	{ "refreshInterval", 1, 3600, 5, offsetof(struct conf, refresh_s) },
	{ "offsetThreshold", 1, 3600000, 100,
	    offsetof(struct conf, offset_threshold_ms) },
	{ "maxRootDistance", 1, 3600000, 1000,
	    offsetof(struct conf, max_root_distance_ms) },
	{ "lossHoldoff", 1, 100, 3, offsetof(struct conf, loss_holdoff) },
	{ "restoreHoldoff", 1, 100, 2, offsetof(struct conf, restore_holdoff) },
	{ "startupGrace", 0, 86400, 60, offsetof(struct conf, startup_grace_s) },
	{ "agentxPingInterval", 1, 86400, 5,
	    offsetof(struct conf, agentx_ping_interval_s) },
	{ "ntpv4HeartbeatInterval", 0, 86400, 60,
	    offsetof(struct conf, ntpv4_heartbeat_s) },
};

static unsigned
value_of(const struct number *n)
{
	return *(const unsigned *)((const char *)&cfg + n->offset);
}

static void
check_number(const struct number *n)
{
	static const struct {
		const char *in, *shown;
	} junk[] = { { "5x", "5x" }, { "+5", "+5" }, { "-5", "-5" }, { "0x10", "0x10" },
		{ "5.0", "5.0" }, { "1e3", "1e3" }, { "five", "five" }, { "5s", "5s" },
		{ "5,0", "5,0" }, { "-0", "-0" }, { "\"5\"", "\\x225\\x22" },
		{ "\xd9\xa5", "\\xd9\\xa5" } /* ARABIC-INDIC DIGIT FIVE */ };
	char upper[64], lower[64];
	size_t i;

	CU_ASSERT_EQUAL(value_of(n), n->def);

	check_parsef(__LINE__, NULL, "%s %u", n->name, n->min);
	CU_ASSERT_EQUAL(value_of(n), n->min);
	check_parsef(__LINE__, NULL, "%s %u", n->name, n->max);
	CU_ASSERT_EQUAL(value_of(n), n->max);
	check_parsef(__LINE__, NULL, "%s %u", n->name, n->def);
	CU_ASSERT_EQUAL(value_of(n), n->def);

	/* errors leave the value alone */
	if (n->min > 0)
		check_parsef(__LINE__,
		    msgf("%s: \"%u\" is out of range %u..%u", n->name, n->min - 1,
			n->min, n->max),
		    "%s %u", n->name, n->min - 1);
	check_parsef(__LINE__,
	    msgf("%s: \"%u\" is out of range %u..%u", n->name, n->max + 1, n->min,
		n->max),
	    "%s %u", n->name, n->max + 1);
	check_parsef(__LINE__,
	    msgf("%s: \"4294967296\" is out of range %u..%u", n->name, n->min, n->max),
	    "%s 4294967296", n->name);
	check_parsef(__LINE__,
	    msgf("%s: \"184467440737095516160000\" is out of range %u..%u", n->name,
		n->min, n->max),
	    "%s 184467440737095516160000", n->name);
	for (i = 0; i < ELEMENTS(junk); i++)
		check_parsef(__LINE__,
		    msgf("%s: \"%s\" is not a number (allowed: %u..%u)", n->name,
			junk[i].shown, n->min, n->max),
		    "%s %s", n->name, junk[i].in);
	check_parsef(__LINE__,
	    msgf("%s: missing value (allowed: %u..%u)", n->name, n->min, n->max), "%s",
	    n->name);
	check_parsef(__LINE__,
	    msgf("%s: missing value (allowed: %u..%u)", n->name, n->min, n->max),
	    "  %s   # 7", n->name);
	check_parsef(__LINE__,
	    msgf("%s: extra word \"8\" (one value allowed)", n->name), "%s 7 8",
	    n->name);
	check_parsef(__LINE__,
	    msgf("%s: extra word \"seconds\" (one value allowed)", n->name),
	    "%s 7 seconds", n->name);
	CU_ASSERT_EQUAL(value_of(n), n->def);

	/* leading zeros are plain decimal; a trailing comment is fine */
	check_parsef(__LINE__, NULL, "%s 00%u # leading zeros", n->name, n->max);
	CU_ASSERT_EQUAL(value_of(n), n->max);

	/* names are case-insensitive, as net-snmp's */
	for (i = 0; n->name[i] && i < sizeof(upper) - 1; i++) {
		upper[i] = (char)toupper((unsigned char)n->name[i]);
		lower[i] = (char)tolower((unsigned char)n->name[i]);
	}
	upper[i] = lower[i] = '\0';
	check_parsef(__LINE__, NULL, "%s %u", upper, n->min);
	CU_ASSERT_EQUAL(value_of(n), n->min);
	check_parsef(__LINE__, NULL, "%s\t%u", lower, n->def);
	CU_ASSERT_EQUAL(value_of(n), n->def);
}

static void
test_numbers(void)
{
	for (size_t i = 0; i < ELEMENTS(numbers); i++)
		check_number(&numbers[i]);
}

static void
test_number_messages(void)
{
	/* the exact wording, spelled out once */
	PARSE_ERR(
	    "refreshInterval 0", "refreshInterval: \"0\" is out of range 1..3600");
	PARSE_ERR("refreshInterval 3601",
	    "refreshInterval: \"3601\" is out of range 1..3600");
	PARSE_ERR("refreshInterval -1",
	    "refreshInterval: \"-1\" is not a number (allowed: 1..3600)");
	PARSE_ERR(
	    "refreshInterval", "refreshInterval: missing value (allowed: 1..3600)");
	PARSE_ERR("refreshInterval 5 6",
	    "refreshInterval: extra word \"6\" (one value allowed)");
	PARSE_ERR("startupGrace -1",
	    "startupGrace: \"-1\" is not a number (allowed: 0..86400)");
	PARSE_OK("startupGrace 0");
	CU_ASSERT_EQUAL(cfg.startup_grace_s, 0);
	/* the canonical spelling in messages, whatever the file says */
	PARSE_ERR("AGENTXPINGINTERVAL 0",
	    "agentxPingInterval: \"0\" is out of range 1..86400");
	/* a '#' inside a word is not a comment */
	PARSE_ERR("refreshInterval 5#x",
	    "refreshInterval: \"5#x\" is not a number (allowed: 1..3600)");
}

static void
test_max_sync_age(void)
{
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 0);
	PARSE_OK("maxSyncAge 1");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 1);
	PARSE_OK("maxSyncAge auto");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 0);
	PARSE_OK("maxSyncAge 604800");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 604800);
	PARSE_OK("MAXSYNCAGE AUTO");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 0);
	PARSE_OK("maxsyncage 1024 # like auto's floor");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 1024);

	PARSE_ERR(
	    "maxSyncAge 0", "maxSyncAge: \"0\" is out of range 1..604800 (or auto)");
	PARSE_ERR("maxSyncAge 604801",
	    "maxSyncAge: \"604801\" is out of range 1..604800 (or auto)");
	PARSE_ERR("maxSyncAge 99999999999999999999",
	    "maxSyncAge: \"99999999999999999999\" is out of range 1..604800 (or auto)");
	PARSE_ERR("maxSyncAge autox",
	    "maxSyncAge: \"autox\" is not a number (allowed: auto or 1..604800)");
	PARSE_ERR("maxSyncAge -5",
	    "maxSyncAge: \"-5\" is not a number (allowed: auto or 1..604800)");
	PARSE_ERR(
	    "maxSyncAge", "maxSyncAge: missing value (allowed: auto or 1..604800)");
	PARSE_ERR(
	    "maxSyncAge auto 5", "maxSyncAge: extra word \"5\" (one value allowed)");
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 1024);
}

static void
test_traps(void)
{
	static const char *const bad[] = { "true", "false", "1", "0", "on", "off", "y",
		"n", "yess", "" };

	CU_ASSERT_TRUE(cfg.traps);
	PARSE_OK("traps no");
	CU_ASSERT_FALSE(cfg.traps);
	PARSE_OK("traps yes");
	CU_ASSERT_TRUE(cfg.traps);
	PARSE_OK("TRAPS NO");
	CU_ASSERT_FALSE(cfg.traps);
	PARSE_OK("Traps Yes # comment");
	CU_ASSERT_TRUE(cfg.traps);
	for (size_t i = 0; i < ELEMENTS(bad); i++) {
		if (!*bad[i])
			continue;
		check_parsef(__LINE__,
		    msgf("traps: \"%s\" is invalid (allowed: yes or no)", bad[i]),
		    "traps %s", bad[i]);
	}
	PARSE_ERR("traps", "traps: missing value (allowed: yes or no)");
	PARSE_ERR("traps yes no", "traps: extra word \"no\" (one value allowed)");
	CU_ASSERT_TRUE(cfg.traps);
}

static void
test_agentx_socket(void)
{
	static const char *const good[] = { "unix:/var/agentx/master",
		"/var/agentx/master", "tcp:127.0.0.1:705", "tcp:localhost:705",
		"tcp6:[::1]:705", "localhost:705", "unix:/tmp/a#b", "tcp:192.0.2.1" };

	CU_ASSERT_PTR_NULL(cfg.agentx_socket);
	for (size_t i = 0; i < ELEMENTS(good); i++) {
		check_parsef(__LINE__, NULL, "agentXSocket %s", good[i]);
		CU_ASSERT_FATAL(cfg.agentx_socket != NULL);
		CU_ASSERT_STRING_EQUAL(
		    cfg.agentx_socket, good[i]); /* the last one wins */
	}
	PARSE_OK("agentxsocket\tunix:/run/agentx/master  # Debian's");
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "unix:/run/agentx/master");
	PARSE_OK("AGENTXSOCKET tcp:192.0.2.1:705");
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "tcp:192.0.2.1:705");

	PARSE_ERR("agentXSocket",
	    "agentXSocket: missing value (allowed: an address such as unix:/var/agentx/master or tcp:127.0.0.1:705)");
	PARSE_ERR("agentXSocket # unix:/x",
	    "agentXSocket: missing value (allowed: an address such as unix:/var/agentx/master or tcp:127.0.0.1:705)");
	PARSE_ERR("agentXSocket unix:/a b",
	    "agentXSocket: extra word \"b\" (one value allowed)");

	/* values net-snmp's subagent cannot connect to (issue 8) */
	PARSE_ERR("agentXSocket foo",
	    "agentXSocket: \"foo\" is invalid (allowed: an address such as unix:/var/agentx/master or tcp:127.0.0.1:705)");
	PARSE_ERR("agentXSocket unix:",
	    "agentXSocket: \"unix:\": the socket path must be absolute");
	PARSE_ERR("agentXSocket unix:/",
	    "agentXSocket: \"unix:/\": the socket path names a directory, not a socket file");
	PARSE_ERR("agentXSocket tcp:999.1.1.1:99999",
	    "agentXSocket: \"tcp:999.1.1.1:99999\": \"999.1.1.1\" is not an IPv4 address");
	PARSE_ERR("agentXSocket tcp:127.0.0.1:99999",
	    "agentXSocket: \"tcp:127.0.0.1:99999\": the port must be 1..65535");
	PARSE_ERR("agentXSocket udp:127.0.0.1:1",
	    "agentXSocket: \"udp:127.0.0.1:1\": AgentX needs a stream: use unix:/PATH or tcp:HOST:PORT, not udp");
	PARSE_ERR("agentXSocket udp:[::1]:705",
	    "agentXSocket: \"udp:[::1]:705\": AgentX needs a stream: use unix:/PATH or tcp:HOST:PORT, not udp");
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "tcp:192.0.2.1:705");
}

/* ---- chronyAddress ---- */

static void
test_chrony_address_forms(void)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "unix:/run/chrony/chronyd.sock", "unix:/run/chrony/chronyd.sock" },
		{ "UNIX:/tmp/x.sock", "unix:/tmp/x.sock" },
		{ "udp:127.0.0.1:323", "udp:127.0.0.1:323" },
		{ "udp:127.0.0.1", "udp:127.0.0.1:323" },
		{ "Udp:10.0.0.1:65535", "udp:10.0.0.1:65535" },
		{ "udp:[::1]:11323", "udp:[::1]:11323" },
		{ "udp:[::1]", "udp:[::1]:323" },
		{ "udp:[2001:db8::7]:1", "udp:[2001:db8::7]:1" },
	};
	char path[200];

	for (size_t i = 0; i < ELEMENTS(good); i++) {
		check_parsef(__LINE__, NULL, "chronyAddress %s", good[i].in);
		CU_ASSERT_FATAL(cfg.n_chrony_addresses == i + 1);
		CU_ASSERT_STRING_EQUAL(cfg.chrony_addresses[i], good[i].out);
	}
	conf_free(&cfg);
	conf_init(&cfg);

	PARSE_ERR("chronyAddress /run/chrony/chronyd.sock",
	    "chronyAddress: \"/run/chrony/chronyd.sock\" is invalid (allowed: " ADDRESS_ALLOWED
	    ")");
	PARSE_ERR("chronyAddress tcp:127.0.0.1:323",
	    "chronyAddress: \"tcp:127.0.0.1:323\" is invalid (allowed: " ADDRESS_ALLOWED
	    ")");
	PARSE_ERR("chronyAddress 127.0.0.1:323",
	    "chronyAddress: \"127.0.0.1:323\" is invalid (allowed: " ADDRESS_ALLOWED
	    ")");
	PARSE_ERR("chronyAddress udp6:[::1]:323",
	    "chronyAddress: \"udp6:[::1]:323\" is invalid (allowed: " ADDRESS_ALLOWED
	    ")");
	PARSE_ERR("chronyAddress unix:",
	    "chronyAddress: \"unix:\": the socket path must be absolute");
	PARSE_ERR("chronyAddress unix:/",
	    "chronyAddress: \"unix:/\": the socket path names a directory, not a socket file");
	PARSE_ERR("chronyAddress unix:/run/chrony/",
	    "chronyAddress: \"unix:/run/chrony/\": the socket path names a directory, not a socket file");
	PARSE_ERR("chronyAddress unix:/run/..",
	    "chronyAddress: \"unix:/run/..\": the socket path names a directory, not a socket file");
	PARSE_ERR("chronyAddress unix:run/chronyd.sock",
	    "chronyAddress: \"unix:run/chronyd.sock\": the socket path must be absolute");
	PARSE_ERR("chronyAddress udp:",
	    "chronyAddress: \"udp:\": \"\" is not an IPv4 address");
	PARSE_ERR("chronyAddress udp:localhost",
	    "chronyAddress: \"udp:localhost\": \"localhost\" is not an IPv4 address");
	PARSE_ERR("chronyAddress udp:1.2.3:323",
	    "chronyAddress: \"udp:1.2.3:323\": \"1.2.3\" is not an IPv4 address");
	PARSE_ERR("chronyAddress udp:256.0.0.1",
	    "chronyAddress: \"udp:256.0.0.1\": \"256.0.0.1\" is not an IPv4 address");
	PARSE_ERR("chronyAddress udp:1.2.3.4:0",
	    "chronyAddress: \"udp:1.2.3.4:0\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:1.2.3.4:65536",
	    "chronyAddress: \"udp:1.2.3.4:65536\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:1.2.3.4:",
	    "chronyAddress: \"udp:1.2.3.4:\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:1.2.3.4:+5",
	    "chronyAddress: \"udp:1.2.3.4:+5\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:1.2.3.4:ntp",
	    "chronyAddress: \"udp:1.2.3.4:ntp\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:::1",
	    "chronyAddress: \"udp:::1\": an IPv6 address goes in brackets, as in udp:[::1]:323");
	PARSE_ERR("chronyAddress udp:[::1",
	    "chronyAddress: \"udp:[::1\": missing \"]\" after the IPv6 address");
	PARSE_ERR("chronyAddress udp:[]",
	    "chronyAddress: \"udp:[]\": \"\" is not an IPv6 address");
	PARSE_ERR("chronyAddress udp:[127.0.0.1]:323",
	    "chronyAddress: \"udp:[127.0.0.1]:323\": \"127.0.0.1\" is not an IPv6 address");
	PARSE_ERR("chronyAddress udp:[fe80::1%eth0]",
	    "chronyAddress: \"udp:[fe80::1%eth0]\": \"fe80::1%eth0\" is not an IPv6 address");
	PARSE_ERR("chronyAddress udp:[::1]323",
	    "chronyAddress: \"udp:[::1]323\": unexpected \"323\" after the address");
	PARSE_ERR("chronyAddress udp:[::1]:",
	    "chronyAddress: \"udp:[::1]:\": the port must be 1..65535");
	PARSE_ERR("chronyAddress udp:[::1]:99999",
	    "chronyAddress: \"udp:[::1]:99999\": the port must be 1..65535");
	PARSE_ERR("chronyAddress",
	    "chronyAddress: missing value (allowed: " ADDRESS_ALLOWED ")");
	PARSE_ERR("chronyAddress udp:127.0.0.1 udp:[::1]",
	    "chronyAddress: extra word \"udp:[::1]\" (one value allowed)");
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 0);

	/* a socket path fits in sun_path: 107 bytes and a NUL */
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[107] = '\0';
	check_parsef(__LINE__, NULL, "chronyAddress unix:%s", path);
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 1);
	path[107] = 'a';
	path[108] = '\0';
	check_parsef(__LINE__,
	    msgf(
		"chronyAddress: \"unix:%.*s...\": the socket path is longer than 107 bytes",
		QUOTED_CHARS - 5, path),
	    "chronyAddress unix:%s", path);
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 1);
}

static void
test_chrony_address_order_and_limit(void)
{
	char want[CONF_MAX_CHRONY_ADDRESSES][32];

	CU_ASSERT_EQUAL(CONF_MAX_CHRONY_ADDRESSES, 8);
	for (unsigned i = 0; i < CONF_MAX_CHRONY_ADDRESSES; i++) {
		snprintf(
		    want[i], sizeof(want[i]), "udp:127.0.0.%u:%u", i + 1, 1000 + i);
		check_parsef(
		    __LINE__, NULL, "chronyAddress %s # number %u", want[i], i);
	}
	PARSE_ERR(
	    "chronyAddress udp:[::1]", "chronyAddress: too many addresses (at most 8)");
	PARSE_ERR(
	    "chronyAddress junk", "chronyAddress: too many addresses (at most 8)");
	CU_ASSERT_FATAL(cfg.n_chrony_addresses == CONF_MAX_CHRONY_ADDRESSES);
	for (unsigned i = 0; i < CONF_MAX_CHRONY_ADDRESSES; i++)
		CU_ASSERT_STRING_EQUAL(cfg.chrony_addresses[i], want[i]);
}

/* ---- daemons ---- */

/* NTPv4-MIB's view and notifications: on, and none, by default */
static void
test_ntpv4(void)
{
	const unsigned all =
	    1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 7 | 1u << 8;

	CU_ASSERT_TRUE(cfg.ntpv4_mib);
	CU_ASSERT_EQUAL(cfg.ntpv4_notifications, 0);
	PARSE_OK("ntpv4Mib no");
	CU_ASSERT_FALSE(cfg.ntpv4_mib);
	PARSE_ERR("ntpv4Mib off", "ntpv4Mib: \"off\" is invalid (allowed: yes or no)");
	PARSE_OK("ntpv4Notifications all");
	CU_ASSERT_EQUAL(cfg.ntpv4_notifications, all);
	PARSE_OK("ntpv4Notifications none");
	CU_ASSERT_EQUAL(cfg.ntpv4_notifications, 0);
	PARSE_OK("ntpv4Notifications modeChange,Heartbeat");
	CU_ASSERT_EQUAL(cfg.ntpv4_notifications, 1u << 1 | 1u << 8);
	PARSE_OK("ntpv4Notifications stratumChange,syspeerChanged,addAssociation,"
		 "removeAssociation,leapSecondAnnounced");
	CU_ASSERT_EQUAL(
	    cfg.ntpv4_notifications, 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 7);
	PARSE_ERR("ntpv4Notifications modeChange,,heartbeat",
	    "ntpv4Notifications: empty item in \"modeChange,,heartbeat\"");
	PARSE_ERR("ntpv4Notifications heartbeat,heartbeat",
	    "ntpv4Notifications: \"heartbeat\" is listed twice");
	/* ntpEntNotifConfigChanged is never sent, so it cannot be asked for */
	PARSE_ERR("ntpv4Notifications configChanged",
	    "ntpv4Notifications: unknown notification \"configChanged\" (allowed: "
	    "none, all or a comma-separated list of " CONF_NTPV4_NOTIFICATION_NAMES
	    ")");
	PARSE_ERR("ntpv4Notifications modeChange,all",
	    "ntpv4Notifications: unknown notification \"all\" (allowed: none, all "
	    "or a comma-separated list of " CONF_NTPV4_NOTIFICATION_NAMES ")");
}

static void
test_daemons(void)
{
	static const struct {
		const char *in;
		unsigned out;
	} good[] = {
		{ "chrony", CONF_DAEMON_CHRONY },
		{ "timesyncd", CONF_DAEMON_TIMESYNCD },
		{ "ntpd", CONF_DAEMON_NTPD },
		{ "ntpsec", CONF_DAEMON_NTPSEC },
		{ "openntpd", CONF_DAEMON_OPENNTPD },
		{ "auto", 0 },
		{ "chrony,timesyncd", CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD },
		{ "timesyncd,chrony", CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD },
		{ "Chrony,TIMESYNCD", CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD },
		{ "AUTO", 0 },
		{ "openntpd,ntpsec,ntpd,timesyncd,chrony",
		    CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD | CONF_DAEMON_NTPD |
			CONF_DAEMON_NTPSEC | CONF_DAEMON_OPENNTPD },
	};

	CU_ASSERT_EQUAL(cfg.daemons, 0);
	for (size_t i = 0; i < ELEMENTS(good); i++) {
		check_parsef(__LINE__, NULL, "daemons %s", good[i].in);
		CU_ASSERT_EQUAL(cfg.daemons, good[i].out);
	}
	PARSE_OK("DAEMONS ntpd # comment");
	CU_ASSERT_EQUAL(cfg.daemons, CONF_DAEMON_NTPD);

	PARSE_ERR("daemons chrony,,ntpd", "daemons: empty item in \"chrony,,ntpd\"");
	PARSE_ERR("daemons ,chrony", "daemons: empty item in \",chrony\"");
	PARSE_ERR("daemons chrony,", "daemons: empty item in \"chrony,\"");
	PARSE_ERR("daemons ,", "daemons: empty item in \",\"");
	PARSE_ERR("daemons chrony,chrony", "daemons: \"chrony\" is listed twice");
	PARSE_ERR("daemons chrony,ntpd,CHRONY", "daemons: \"chrony\" is listed twice");
	PARSE_ERR("daemons foo",
	    "daemons: unknown daemon \"foo\" (allowed: " DAEMONS_ALLOWED ")");
	PARSE_ERR("daemons chrony,ntp",
	    "daemons: unknown daemon \"ntp\" (allowed: " DAEMONS_ALLOWED ")");
	PARSE_ERR("daemons chronyd",
	    "daemons: unknown daemon \"chronyd\" (allowed: " DAEMONS_ALLOWED ")");
	PARSE_ERR("daemons auto,chrony",
	    "daemons: auto cannot be combined with daemon names");
	PARSE_ERR("daemons chrony,auto",
	    "daemons: auto cannot be combined with daemon names");
	PARSE_ERR("daemons chrony, timesyncd",
	    "daemons: extra word \"timesyncd\" (one value allowed)");
	PARSE_ERR("daemons", "daemons: missing value (allowed: " DAEMONS_ALLOWED ")");
	CU_ASSERT_EQUAL(cfg.daemons, CONF_DAEMON_NTPD);
}

/* ---- line syntax ---- */

static void
test_syntax(void)
{
	static const char *const names[] = { "refreshInterval", "chronyAddress",
		"daemons", "offsetThreshold", "maxRootDistance", "maxSyncAge",
		"lossHoldoff", "restoreHoldoff", "startupGrace", "traps",
		"agentXSocket", "agentxPingInterval", "ntpv4Mib", "ntpv4Notifications",
		"ntpv4HeartbeatInterval" };
	char longname[300];

	PARSE_OK("");
	PARSE_OK("   ");
	PARSE_OK("\t \t");
	PARSE_OK("#");
	PARSE_OK("# a comment");
	PARSE_OK("   # an indented comment");
	PARSE_OK("#refreshInterval 0");
	PARSE_OK("#bogus directive");
	PARSE_OK("refreshInterval 7 # a trailing comment");
	CU_ASSERT_EQUAL(cfg.refresh_s, 7);
	PARSE_OK("refreshInterval\t8\t#tab");
	CU_ASSERT_EQUAL(cfg.refresh_s, 8);
	PARSE_OK("  refreshInterval   9   ");
	CU_ASSERT_EQUAL(cfg.refresh_s, 9);
	PARSE_OK("refreshInterval 10\r"); /* CRLF files */
	CU_ASSERT_EQUAL(cfg.refresh_s, 10);
	PARSE_OK("refreshInterval 11 #");
	CU_ASSERT_EQUAL(cfg.refresh_s, 11);

	PARSE_ERR("foo", "unknown directive \"foo\"");
	PARSE_ERR("foo 1", "unknown directive \"foo\"");
	PARSE_ERR("  foo 1 2 # c", "unknown directive \"foo\"");
	PARSE_ERR("refresh_interval 5", "unknown directive \"refresh_interval\"");
	PARSE_ERR("refreshInterval5", "unknown directive \"refreshInterval5\"");
	PARSE_ERR("refreshInterval=5", "unknown directive \"refreshInterval=5\"");
	PARSE_ERR("master agentx", "unknown directive \"master\"");
	CU_ASSERT_EQUAL(cfg.refresh_s, 11);

	/* bytes that are not printable ASCII are escaped, long words cut short */
	PARSE_ERR("foo\x1b[31m 1", "unknown directive \"foo\\x1b[31m\"");
	PARSE_ERR("\xef\xbb\xbfrefreshInterval 5",
	    "unknown directive \"\\xef\\xbb\\xbfrefreshInterval\"");
	PARSE_ERR("a\"b\\c", "unknown directive \"a\\x22b\\x5cc\"");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	check_parse(longname,
	    msgf("unknown directive \"%.*s...\"", QUOTED_CHARS, longname), __LINE__);

	/* every directive: exactly one value, name in any case */
	for (size_t i = 0; i < ELEMENTS(names); i++) {
		char *msg = NULL;

		CU_ASSERT_EQUAL(conf_parse_line(&cfg, names[i], &msg), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, ": missing value (allowed: "));
		CU_ASSERT_EQUAL(strncmp(msg, names[i], strlen(names[i])), 0);
		free(msg);
		msg = NULL;
		CU_ASSERT_EQUAL(
		    conf_parse_line(&cfg, msgf("%s a b", names[i]), &msg), -EINVAL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
		CU_ASSERT_STRING_EQUAL(
		    msg, msgf("%s: extra word \"b\" (one value allowed)", names[i]));
		free(msg);
	}
}

static void
test_case_insensitive_names(void)
{
	static const char *const lines[] = { "REFRESHINTERVAL 2",
		"chronyaddress udp:127.0.0.1", "DaEmOnS chrony", "offsetthreshold 3",
		"MAXROOTDISTANCE 4", "maxsyncage 5", "LossHoldOff 6",
		"RESTOREHOLDOFF 7", "startupgrace 8", "TRAPS no",
		"agentxsocket tcp:127.0.0.1:705", "AgentXPingInterval 9" };

	for (size_t i = 0; i < ELEMENTS(lines); i++)
		check_parse(lines[i], NULL, __LINE__);
	CU_ASSERT_EQUAL(cfg.refresh_s, 2);
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 1);
	CU_ASSERT_EQUAL(cfg.daemons, CONF_DAEMON_CHRONY);
	CU_ASSERT_EQUAL(cfg.offset_threshold_ms, 3);
	CU_ASSERT_EQUAL(cfg.max_root_distance_ms, 4);
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 5);
	CU_ASSERT_EQUAL(cfg.loss_holdoff, 6);
	CU_ASSERT_EQUAL(cfg.restore_holdoff, 7);
	CU_ASSERT_EQUAL(cfg.startup_grace_s, 8);
	CU_ASSERT_FALSE(cfg.traps);
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "tcp:127.0.0.1:705");
	CU_ASSERT_EQUAL(cfg.agentx_ping_interval_s, 9);
}

/* ---- conf_load ---- */

static const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

/* Writes len bytes to a new temporary file and returns its malloc'd path. */
static char *
write_temp(const char *data, size_t len)
{
	char *path;
	FILE *f;
	int fd;

	path = strf("%s/test-conf.XXXXXX", tmp_dir());
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(data, 1, len, f) == len);
	CU_ASSERT_FATAL(fclose(f) == 0);
	return path;
}

static char *
write_temp_str(const char *s)
{
	return write_temp(s, strlen(s));
}

/* Runs conf_load() into cfg and returns its result; *ret_out gets what it printed. */
static int
load(const char *path, bool missing_ok, char **ret_out)
{
	size_t size;
	FILE *out;
	int r;

	*ret_out = NULL;
	out = open_memstream(ret_out, &size);
	CU_ASSERT_FATAL(out != NULL);
	r = conf_load(&cfg, path, missing_ok, out);
	fclose(out);
	return r;
}

static void
remove_temp(char *path)
{
	unlink(path);
	free(path);
}

static void
test_load_all_errors(void)
{
	char *path, *out, *want;
	int r;

	path = write_temp_str("# scout-ntp-agent.conf\n"
			      "refreshInterval 10\n"
			      "bogus 1\n"
			      "lossHoldoff 0\n"
			      "\n"
			      "traps maybe # no\n"
			      "daemons chrony\n"
			      "chronyAddress udp:1.2.3.4:0\n"
			      "restoreHoldoff 7"); /* no newline at the end */
	CU_ASSERT_FATAL(path != NULL);
	r = load(path, false, &out);
	CU_ASSERT_EQUAL(r, -4);
	want = strf(
	    "%1$s:3: unknown directive \"bogus\"\n"
	    "%1$s:4: lossHoldoff: \"0\" is out of range 1..100\n"
	    "%1$s:6: traps: \"maybe\" is invalid (allowed: yes or no)\n"
	    "%1$s:8: chronyAddress: \"udp:1.2.3.4:0\": the port must be 1..65535\n",
	    path);
	CU_ASSERT_STRING_EQUAL(out, want);
	/* the good lines took effect, before and after the bad ones */
	CU_ASSERT_EQUAL(cfg.refresh_s, 10);
	CU_ASSERT_EQUAL(cfg.loss_holdoff, 3);
	CU_ASSERT_TRUE(cfg.traps);
	CU_ASSERT_EQUAL(cfg.daemons, CONF_DAEMON_CHRONY);
	CU_ASSERT_EQUAL(cfg.n_chrony_addresses, 0);
	CU_ASSERT_EQUAL(cfg.restore_holdoff, 7);
	free(want);
	free(out);

	/* no stream: the errors are still counted */
	CU_ASSERT_EQUAL(conf_load(&cfg, path, false, NULL), -4);
	remove_temp(path);
}

static void
test_load_long_lines_and_nul(void)
{
	char buf[8192], *path, *out, *want;
	size_t n = 0;
	int r;

	/* line 1: a comment of exactly 1023 characters */
	buf[n++] = '#';
	memset(buf + n, 'x', 1022);
	n += 1022;
	buf[n++] = '\n';
	/* line 2: 1024 characters */
	buf[n++] = '#';
	memset(buf + n, 'x', 1023);
	n += 1023;
	buf[n++] = '\n';
	/* line 3: a NUL byte in a directive */
	memcpy(buf + n, "refreshInterval 1\0002\n", 20);
	n += 20;
	/* line 4: a directive of exactly 1023 characters, padded with blanks */
	memcpy(buf + n, "lossHoldoff", 11);
	memset(buf + n + 11, ' ', 1023 - 11 - 2);
	memcpy(buf + n + 1023 - 2, "42", 2);
	n += 1023;
	buf[n++] = '\n';
	/* line 5: far too long, and valid if cut at 1023 */
	memcpy(buf + n, "refreshInterval 3", 17);
	memset(buf + n + 17, ' ', 5000);
	n += 5017;
	buf[n++] = '\n';
	/* lines 6, 7 */
	memcpy(buf + n, "startupGrace 12\nbogus\n", 22);
	n += 22;
	CU_ASSERT_FATAL(n <= sizeof(buf));

	path = write_temp(buf, n);
	CU_ASSERT_FATAL(path != NULL);
	r = load(path, false, &out);
	CU_ASSERT_EQUAL(r, -4);
	want = strf("%1$s:2: line is longer than 1023 characters\n"
		    "%1$s:3: line contains a NUL byte\n"
		    "%1$s:5: line is longer than 1023 characters\n"
		    "%1$s:7: unknown directive \"bogus\"\n",
	    path);
	CU_ASSERT_STRING_EQUAL(out, want);
	CU_ASSERT_EQUAL(cfg.refresh_s, 5);
	CU_ASSERT_EQUAL(cfg.loss_holdoff, 42);
	CU_ASSERT_EQUAL(cfg.startup_grace_s, 12);
	free(want);
	free(out);
	remove_temp(path);
}

static void
test_load_empty_and_crlf(void)
{
	char *path, *out;

	path = write_temp_str("");
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	remove_temp(path);
	check_defaults(&cfg);

	path = write_temp_str("\n\n   \n# only comments\n\t# and blanks\n");
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	remove_temp(path);
	check_defaults(&cfg);

	path = write_temp_str("refreshInterval 9\r\ntraps no\r\n\r\n# c\r\n");
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_EQUAL(cfg.refresh_s, 9);
	CU_ASSERT_FALSE(cfg.traps);
	free(out);
	remove_temp(path);
}

static void
test_load_missing_file(void)
{
	char *path, *out, *want;

	/* a path that surely does not exist: a temporary file, removed */
	path = write_temp_str("");
	CU_ASSERT_FATAL(path != NULL);
	unlink(path);

	CU_ASSERT_EQUAL(load(path, true, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	check_defaults(&cfg);
	free(out);

	CU_ASSERT_EQUAL(load(path, false, &out), -ENOENT);
	want = strf("%s: %s\n", path, strerror(ENOENT));
	CU_ASSERT_STRING_EQUAL(out, want);
	free(want);
	free(out);
	free(path);

	/* not a missing file, so missing_ok does not hide it */
	CU_ASSERT_EQUAL(load(tmp_dir(), true, &out), -EISDIR);
	want = strf("%s: %s\n", tmp_dir(), strerror(EISDIR));
	CU_ASSERT_STRING_EQUAL(out, want);
	free(want);
	free(out);
}

/* What cannot be a config file is refused at once, before a byte is read. */
static void
test_load_not_regular(void)
{
	static const char *const devices[] = { "/dev/zero", "/dev/urandom",
		"/dev/full" };
	char *fifo, *out, *want;

	for (size_t i = 0; i < ELEMENTS(devices); i++) {
		CU_ASSERT_EQUAL(load(devices[i], false, &out), -EINVAL);
		want =
		    strf("%s: not a regular file (a character device)\n", devices[i]);
		CU_ASSERT_STRING_EQUAL(out, want);
		free(want);
		free(out);
		check_defaults(&cfg);
	}

	/* /dev/null is an empty configuration */
	CU_ASSERT_EQUAL(load("/dev/null", false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	check_defaults(&cfg);

	/* a fifo without a writer: neither open() nor reading may wait */
	fifo = strf("%s/test-conf-fifo.%ld", tmp_dir(), (long)getpid());
	unlink(fifo);
	CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
	CU_ASSERT_EQUAL(load(fifo, false, &out), -EINVAL);
	want = strf("%s: not a regular file (a fifo)\n", fifo);
	CU_ASSERT_STRING_EQUAL(out, want);
	free(want);
	free(out);
	unlink(fifo);
	free(fifo);
}

static void
test_load_too_large(void)
{
	size_t n = 1024 * 1024 + 1;
	char *buf = malloc(n), *path, *out, *want;

	CU_ASSERT_FATAL(buf != NULL);
	/* comments only: harmless, but more than a config file can be */
	for (size_t i = 0; i < n; i++)
		buf[i] = i % 64 == 63 ? '\n' : '#';
	path = write_temp(buf, n);
	free(buf);
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(load(path, false, &out), -EFBIG);
	want = strf("%s: file is larger than 1048576 bytes\n", path);
	CU_ASSERT_STRING_EQUAL(out, want);
	free(want);
	free(out);
	remove_temp(path);

	/* exactly the limit is fine */
	buf = malloc(n - 1);
	CU_ASSERT_FATAL(buf != NULL);
	for (size_t i = 0; i < n - 1; i++)
		buf[i] = i % 64 == 63 ? '\n' : '#';
	path = write_temp(buf, n - 1);
	free(buf);
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	remove_temp(path);
}

/* 20 errors are printed, then one line says how many more there were. */
static void
test_load_error_limit(void)
{
	char *text = NULL, *path, *out, *want = NULL, *line;
	size_t size = 0, wsize = 0;
	FILE *f, *w;

	f = open_memstream(&text, &size);
	CU_ASSERT_FATAL(f != NULL);
	for (int i = 1; i <= 35; i++)
		fprintf(f, "bogus%d\n", i);
	fclose(f);
	path = write_temp(text, size);
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(load(path, false, &out), -35);

	w = open_memstream(&want, &wsize);
	CU_ASSERT_FATAL(w != NULL);
	for (int i = 1; i <= 20; i++)
		fprintf(w, "%s:%d: unknown directive \"bogus%d\"\n", path, i, i);
	fprintf(w, "%s: ... and 15 more errors\n", path);
	fclose(w);
	CU_ASSERT_STRING_EQUAL(out, want);
	line = strstr(out, ":21:");
	CU_ASSERT_PTR_NULL(line);
	free(want);
	free(out);
	remove_temp(path);
	free(text);
}

static void
test_load_full_file(void)
{
	char *path, *out;

	path = write_temp_str("# every directive, none at its default\n"
			      "refreshInterval 17\n"
			      "chronyAddress udp:[::1]:11323\n"
			      "chronyAddress unix:/tmp/chronyd.sock # second\n"
			      "chronyAddress udp:127.0.0.1\n"
			      "daemons chrony,timesyncd\n"
			      "offsetThreshold 250\n"
			      "maxRootDistance 1500\n"
			      "maxSyncAge 4096\n"
			      "lossHoldoff 4\n"
			      "restoreHoldoff 5\n"
			      "startupGrace 0\n"
			      "traps no\n"
			      "agentXSocket tcp:127.0.0.1:1705\n"
			      "agentxPingInterval 2\n");
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(out);
	remove_temp(path);

	CU_ASSERT_EQUAL(cfg.refresh_s, 17);
	CU_ASSERT_EQUAL_FATAL(cfg.n_chrony_addresses, 3);
	CU_ASSERT_STRING_EQUAL(cfg.chrony_addresses[0], "udp:[::1]:11323");
	CU_ASSERT_STRING_EQUAL(cfg.chrony_addresses[1], "unix:/tmp/chronyd.sock");
	CU_ASSERT_STRING_EQUAL(cfg.chrony_addresses[2], "udp:127.0.0.1:323");
	CU_ASSERT_PTR_NULL(cfg.chrony_addresses[3]);
	CU_ASSERT_EQUAL(cfg.daemons, CONF_DAEMON_CHRONY | CONF_DAEMON_TIMESYNCD);
	CU_ASSERT_EQUAL(cfg.offset_threshold_ms, 250);
	CU_ASSERT_EQUAL(cfg.max_root_distance_ms, 1500);
	CU_ASSERT_EQUAL(cfg.max_sync_age_s, 4096);
	CU_ASSERT_EQUAL(cfg.loss_holdoff, 4);
	CU_ASSERT_EQUAL(cfg.restore_holdoff, 5);
	CU_ASSERT_EQUAL(cfg.startup_grace_s, 0);
	CU_ASSERT_FALSE(cfg.traps);
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "tcp:127.0.0.1:1705");
	CU_ASSERT_EQUAL(cfg.agentx_ping_interval_s, 2);

	/* conf_free() then conf_init() gives the defaults back */
	conf_free(&cfg);
	conf_init(&cfg);
	check_defaults(&cfg);
}

/* ---- the shipped example, conf/scout-ntp-agent.conf ---- */

static char *
read_file(const char *path, size_t *ret_len)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f, *out;
	int ch;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	out = open_memstream(&data, &size);
	CU_ASSERT_FATAL(out != NULL);
	while ((ch = getc(f)) != EOF)
		putc(ch, out);
	fclose(f);
	fclose(out);
	*ret_len = size;
	return data;
}

static void
test_example_file(void)
{
	static const char *const names[] = { "refreshInterval", "chronyAddress",
		"daemons", "offsetThreshold", "maxRootDistance", "maxSyncAge",
		"lossHoldoff", "restoreHoldoff", "startupGrace", "traps",
		"agentXSocket", "agentxPingInterval", "ntpv4Mib", "ntpv4Notifications",
		"ntpv4HeartbeatInterval" };
	const char *dir = getenv("TEST_CONF_DIR");
	char *example, *text, *path, *out, *line, *save;
	bool seen[ELEMENTS(names)] = { false };
	FILE *uncommented;
	size_t len, size;

	if (!dir || !*dir)
		dir = "conf";
	example = strf("%s/scout-ntp-agent.conf", dir);
	text = read_file(example, &len);
	if (!text)
		fprintf(stderr, "\ncannot read %s (set TEST_CONF_DIR): %s\n", example,
		    strerror(errno));
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);

	/* as shipped, everything is commented out */
	CU_ASSERT_EQUAL(load(example, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	check_defaults(&cfg);
	free(out);

	/* uncomment every "#directive value" line ("# prose" stays a comment) */
	path = NULL;
	size = 0;
	uncommented = open_memstream(&path, &size);
	CU_ASSERT_FATAL(uncommented != NULL);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' && isalpha((unsigned char)line[1])) {
			size_t n = strcspn(line + 1, " \t");

			line++;
			for (size_t i = 0; i < ELEMENTS(names); i++)
				if (strlen(names[i]) == n &&
				    strncmp(line, names[i], n) == 0)
					seen[i] = true;
		}
		fprintf(uncommented, "%s\n", line);
	}
	fclose(uncommented);
	for (size_t i = 0; i < ELEMENTS(names); i++)
		if (!seen[i])
			fprintf(stderr, "\n%s does not show \"#%s ...\"\n", example,
			    names[i]);
	for (size_t i = 0; i < ELEMENTS(names); i++)
		CU_ASSERT_TRUE(seen[i]);

	free(text);
	text = path;
	path = write_temp(text, size);
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(load(path, false, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	if (*out)
		fprintf(stderr, "\n%s", out);
	free(out);
	remove_temp(path);
	free(text);
	free(example);

	/* the values shown are the defaults; chronyAddress shows the built-in list */
	CU_ASSERT(cfg.n_chrony_addresses >= 1 && cfg.n_chrony_addresses <= 3);
	for (size_t i = 0; i < cfg.n_chrony_addresses && i < 3; i++)
		CU_ASSERT_STRING_EQUAL(
		    cfg.chrony_addresses[i], conf_default_chrony_addresses[i]);
	/* agentXSocket shows net-snmp's default address */
	CU_ASSERT_FATAL(cfg.agentx_socket != NULL);
	CU_ASSERT_STRING_EQUAL(cfg.agentx_socket, "unix:/var/agentx/master");
	conf_free(&cfg);
	check_defaults(&cfg);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "defaults", test_defaults },
		{ "free", test_free },
		{ "numbers", test_numbers },
		{ "number messages", test_number_messages },
		{ "maxSyncAge", test_max_sync_age },
		{ "traps", test_traps },
		{ "agentXSocket", test_agentx_socket },
		{ "chronyAddress forms", test_chrony_address_forms },
		{ "chronyAddress order and limit",
		    test_chrony_address_order_and_limit },
		{ "daemons", test_daemons },
		{ "ntpv4 directives", test_ntpv4 },
		{ "syntax", test_syntax },
		{ "case-insensitive names", test_case_insensitive_names },
		{ "load: all errors", test_load_all_errors },
		{ "load: long lines and NUL", test_load_long_lines_and_nul },
		{ "load: empty and CRLF", test_load_empty_and_crlf },
		{ "load: missing file", test_load_missing_file },
		{ "load: full file", test_load_full_file },
		{ "load: not a regular file", test_load_not_regular },
		{ "load: too large", test_load_too_large },
		{ "load: error limit", test_load_error_limit },
		{ "example file", test_example_file },
	};

	return unit_run("conf", setup, teardown, tests, ELEMENTS(tests));
}
