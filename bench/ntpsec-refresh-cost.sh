#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The refresh cost of the ntpd/NTPsec backend (src/ntpd.c), side by side with
# chrony's, in one run: the agent's CPU time (/proc/PID/schedstat) over
# DURATION seconds without SNMP requests, in three configurations:
#   ntpsec   refreshInterval 1, daemons ntpsec: the agent on the ntpd side of
#            tests/integration/ntpsec-lib.sh, reading the real NTPsec (one
#            association: READSTAT + 2 READVARs a refresh)
#   chrony   refreshInterval 1, daemons chrony: a chronyd client/server pair
#            on the host's loopback, over UDP (1 source), as refresh-cost.sh
#   floor    refreshInterval 3600, daemons ntpsec: the idle floor
# The cost of a refresh is (CPU - floor CPU) / refreshes.
# DURATION (30). Exit status 0 whatever the numbers.
set -eu

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
# shellcheck source=../tests/integration/ntpsec-lib.sh
. "$srcdir/tests/integration/ntpsec-lib.sh"

DURATION=${DURATION:-30}

require_mibs
ntpsec_require
ntpsec_start_world
start_snmpd
NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
machine_note

: > "$T/results"
for config in ntpsec chrony floor; do
	case $config in
	ntpsec)
		start_agent "daemons ntpsec
agentxPingInterval 5" $NTPSEC_ENTER
		expect_within 30 scoutNtpSyncStatus.ntpsec synchronized
		pid=$(_ntpsec_child "$AGENT_PID")
		;;
	chrony)
		start_agent "daemons chrony
chronyAddress udp:127.0.0.1:$CMD_PORT
agentxPingInterval 5"
		expect_within 30 scoutNtpSyncStatus.chrony synchronized
		pid=$AGENT_PID
		;;
	floor)
		start_agent "daemons ntpsec
agentxPingInterval 5
refreshInterval 3600" $NTPSEC_ENTER
		pid=$(_ntpsec_child "$AGENT_PID")
		;;
	esac
	sleep 2
	say "$config: $DURATION s without requests"
	measure_window "$pid" "$DURATION"
	echo "$config $M_WALL_NS $M_CPU_NS $M_CSW $(rss_kib "$pid")" >> "$T/results"
	stop_agent
done

echo
awk '
{ wall[$1] = $2; cpu[$1] = $3; csw[$1] = $4; rss[$1] = $5 }
END {
	floor = cpu["floor"] / wall["floor"]
	printf "%-8s %10s %12s %14s %10s %8s\n", "config", "wall s", "CPU ms", "CPU/refresh us", "csw", "RSS KiB"
	for (i = 1; i <= 3; i++) {
		c = i == 1 ? "ntpsec" : i == 2 ? "chrony" : "floor"
		n = wall[c] / 1e9
		per = c == "floor" ? "-" : sprintf("%.0f", (cpu[c] - floor * wall[c]) / n / 1e3)
		printf "%-8s %10.1f %12.2f %14s %10d %8d\n", c, n, cpu[c] / 1e6, per, csw[c], rss[c]
	}
}' "$T/results"
