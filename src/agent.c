/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Subagent setup in the order doc/AGENTX.md measured: subagent role, no config or
 * persistent files of net-snmp's own (ours is read by conf.c), short
 * synchronous AgentX timeouts, init_agent, the ping interval (init_agent
 * resets it), our MIB, then init_snmp, which connects.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "address.h"
#include "agent.h"
#include "agentx_report.h"
#include "agentx_transport.h"
#include "log.h"
#include "mib.h"
#include "ntpv4_mib.h"

/*
 * The library's AgentX ping, open and register calls are synchronous: with a
 * hung master the defaults stall the loop for 18 s, one try of 1/3 s for 1 s.
 */
static int
short_timeouts(int major, int minor, void *serverarg, void *clientarg)
{
	netsnmp_session *session = serverarg;

	if (session) {
		session->timeout = ONE_SEC / 3;
		session->retries = 0;
	}
	return 0;
}

/* The master took our Open: net-snmp calls this on every (re)connection. */
static int
session_opened(int major, int minor, void *serverarg, void *clientarg)
{
	agentx_report_registered();
	return 0;
}

/*
 * Hands net-snmp our own transport for the master's address (net-snmp's
 * default, unix:/var/agentx/master, when none is configured), so that a hung
 * master cannot block connect(), and silences the library's own connection
 * warnings: agentx_report.c says what is wrong instead, once.
 */
static int
use_bounded_transport(const struct conf *conf)
{
	const char *text =
	    conf->agentx_socket ? conf->agentx_socket : "unix:" NETSNMP_AGENTX_SOCKET;
	char spec[ADDRESS_PATH_MAX + ADDRESS_HOST_MAX + 32], *msg = NULL;
	struct address master;
	int r;

	r = address_parse_agentx(text, &master, &msg);
	if (r < 0) {
		log_err("agentXSocket \"%s\": %s", text,
		    msg ? msg : "not an AgentX address");
		free(msg);
		return -EINVAL;
	}
	agentx_report_init(&master, conf->agentx_ping_interval_s);
	r = agentx_transport_init(&master, agentx_report_event, spec, sizeof(spec));
	if (r < 0) {
		log_err("agentXSocket \"%s\": %s", text, strerror(-r));
		return r;
	}
	netsnmp_ds_set_string(
	    NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, spec);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 1);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
	    session_opened, NULL);
	return 0;
}

int
agent_init(const struct conf *conf)
{
	int r;

	/* the subagent needs no MIB files; without this net-snmp looks for its
	 * default list and complains about every module Debian does not ship */
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/dev/null", 1);

	netsnmp_enable_subagent();
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	snmp_register_callback(
	    SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_SESSION_INIT, short_timeouts, NULL);

	SOCK_STARTUP;
	if (init_agent(AGENT_APP_NAME) != 0) {
		log_err("cannot initialise the net-snmp agent library");
		return -EIO;
	}
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, (int)conf->agentx_ping_interval_s);

	r = use_bounded_transport(conf);
	if (r < 0)
		return r;

	r = mib_init();
	if (r < 0) {
		log_err("cannot register SCOUT-NTP-MIB with the agent library");
		return r;
	}
	r = ntpv4_mib_init(conf);
	if (r < 0) {
		log_err("cannot register NTPv4-MIB with the agent library");
		return r;
	}
	/* connects to the master; on failure the library retries every ping interval */
	init_snmp(AGENT_APP_NAME);
	mib_register_sysor();
	ntpv4_mib_register_sysor();
	return 0;
}

void
agent_fini(void)
{
	agentx_transport_fini();
	mib_fini();
	ntpv4_mib_fini();
	snmp_shutdown(AGENT_APP_NAME);
	SOCK_CLEANUP;
}
