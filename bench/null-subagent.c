/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null-subagent: the least an AgentX subagent can do, to tell what AgentX
 * itself costs from what scout-ntp-agent adds. It serves, under
 * netSnmpPlaypen.1 (never inside SCOUT-NTP-MIB's subtree):
 *   .1.3.6.1.4.1.8072.9999.9999.1.1.0       an integer
 *   .1.3.6.1.4.1.8072.9999.9999.1.2.N.0     integers N, N = 1..23: one
 *                                            scalar group as wide as
 *                                            scoutNtpDaemonTable
 * with net-snmp's stock helpers and agent_check_and_process().
 *
 *   null-subagent AGENTX_SOCKET
 *
 * Runs in the foreground until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#define WIDTH 23

static volatile sig_atomic_t stop;
static long one_value = 42;
static const oid row_oid[] = { 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 1, 2 };

static int
row_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	(void)handler;
	(void)reginfo;
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (netsnmp_request_info *r = requests; r; r = r->next)
		if (!r->processed)
			snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER,
			    (long)r->requestvb->name[OID_LENGTH(row_oid)]);
	return SNMP_ERR_NOERROR;
}

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
	netsnmp_handler_registration *reg;

	if (argc != 2) {
		fprintf(stderr, "usage: null-subagent AGENTX_SOCKET\n");
		return 2;
	}
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/dev/null", 1);
	snmp_enable_stderrlog();
	netsnmp_enable_subagent();
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_string(
	    NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, argv[1]);
	init_agent("null-subagent");

	if (netsnmp_register_read_only_long_instance(
		"nullOne", one, OID_LENGTH(one), &one_value, NULL) != MIB_REGISTERED_OK)
		return 1;
	reg = netsnmp_create_handler_registration(
	    "nullRow", row_handler, row_oid, OID_LENGTH(row_oid), HANDLER_CAN_RONLY);
	if (!reg || netsnmp_register_scalar_group(reg, 1, WIDTH) != MIB_REGISTERED_OK)
		return 1;
	init_snmp("null-subagent");

	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	while (!stop)
		agent_check_and_process(1);
	snmp_shutdown("null-subagent");
	return 0;
}
