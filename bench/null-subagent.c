/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null-subagent: the least an AgentX subagent can do, to tell what AgentX
 * itself costs from what scout-ntp-agent adds. It serves, under
 * netSnmpPlaypen.1 (never inside SCOUT-NTP-MIB's subtree):
 *   .1.3.6.1.4.1.8072.9999.9999.1.1.0       an integer
 *   .1.3.6.1.4.1.8072.9999.9999.1.2.N.0     integers, N = 1..23 (a "row"
 *                                            as wide as scoutNtpDaemonTable)
 * with net-snmp's stock instance helpers and agent_check_and_process().
 *
 *   null-subagent AGENTX_SOCKET
 *
 * Runs in the foreground until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define WIDTH 23

static volatile sig_atomic_t stop;
static long values[WIDTH + 1];

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	oid one[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 1, 0 };
	oid row[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 2, 0, 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: null-subagent AGENTX_SOCKET\n");
		return 2;
	}
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/dev/null", 1);
	snmp_enable_stderrlog();
	netsnmp_enable_subagent();
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, argv[1]);
	init_agent("null-subagent");

	values[0] = 42;
	if (netsnmp_register_read_only_long_instance("nullOne", one, OID_LENGTH(one), &values[0], NULL) !=
	    MIB_REGISTERED_OK)
		return 1;
	for (int i = 1; i <= WIDTH; i++) {
		char name[32];
		values[i] = i;
		row[OID_LENGTH(row) - 2] = (oid)i;
		snprintf(name, sizeof(name), "nullRow%d", i);
		if (netsnmp_register_read_only_long_instance(strdup(name), row, OID_LENGTH(row), &values[i],
			NULL) != MIB_REGISTERED_OK)
			return 1;
	}
	init_snmp("null-subagent");

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop)
		agent_check_and_process(1);
	snmp_shutdown("null-subagent");
	return 0;
}
