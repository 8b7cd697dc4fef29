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

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"
#include "mib.h"

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
	if (conf->agentx_socket)
		netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
		    NETSNMP_DS_AGENT_X_SOCKET, conf->agentx_socket);

	SOCK_STARTUP;
	if (init_agent(AGENT_APP_NAME) != 0) {
		log_err("cannot initialise the net-snmp agent library");
		return -EIO;
	}
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, (int)conf->agentx_ping_interval_s);

	r = mib_init();
	if (r < 0) {
		log_err("cannot register SCOUT-NTP-MIB with the agent library");
		return r;
	}
	/* connects to the master; on failure the library retries every ping interval */
	init_snmp(AGENT_APP_NAME);
	mib_register_sysor();
	return 0;
}

void
agent_fini(void)
{
	mib_fini();
	snmp_shutdown(AGENT_APP_NAME);
	SOCK_CLEANUP;
}
