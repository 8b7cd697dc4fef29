#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# DESIGN §8: one refresh under 200 µs of CPU with chrony over UDP; idle CPU
# below 0.1 % of a core at refreshInterval 1; resident memory under 8 MiB.
#
# One snmpd, one chronyd server/client pair on loopback (1 source), the agent
# reading the client chronyd over UDP with refreshInterval 1 and the default
# agentxPingInterval 5, for DURATION seconds with no SNMP request at all.
# Then, in the same run, the same agent with refreshInterval 3600 (no refresh
# after the first): the idle floor (AgentX pings, timers), to tell the cost
# of the refreshes themselves. CPU time comes from /proc/PID/schedstat (in
# ns); utime + stime from /proc/PID/stat are printed too, but count 10 ms
# ticks, too coarse for ~3 ms over 30 s. Refreshes are counted twice: timer
# periods elapsed, and command requests chronyd received / 3 (TRACKING,
# N_SOURCES, SOURCE_DATA; names are asked once).
#
# With valgrind, the agent also runs CALLGRIND_SECONDS under callgrind:
# instructions per refresh (deterministic, unlike time on a shared machine).
#
# DURATION (30), CALLGRIND_SECONDS (20; 0 skips).
# Exit status 0 whatever the numbers; non-zero only if something is broken.
set -eu

. "$(dirname "$0")/common.sh"

DURATION=${DURATION:-30}
CALLGRIND_SECONDS=${CALLGRIND_SECONDS:-20}

require "$CHRONYC"
require_root
require_mibs

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_snmpd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
SOCK=$T/client/run/chronyd.sock
wait_until 10 test -S "$SOCK" || fail "the client chronyd has no command socket"

machine_note
# lib.sh's start_agent sets refreshInterval 1 and agentxPingInterval 1;
# later lines win, so the ping goes back to its default of 5 s
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
agentxPingInterval 5"
expect_within 30 scoutNtpSyncStatus.chrony synchronized
sleep 2
say "refreshInterval 1: $DURATION s without requests"
measure_window "$AGENT_PID" "$DURATION" "$SOCK"
r1_wall=$M_WALL_NS r1_cpu=$M_CPU_NS r1_ticks=$M_TICKS r1_pkts=$M_PKTS
rss=$(rss_kib "$AGENT_PID")
hwm=$(rss_kib "$AGENT_PID" VmHWM)
stop_agent

start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
agentxPingInterval 5
refreshInterval 3600"
sleep 2
say "refreshInterval 3600 (the idle floor): $DURATION s without requests"
measure_window "$AGENT_PID" "$DURATION" "$SOCK"
r0_wall=$M_WALL_NS r0_cpu=$M_CPU_NS r0_ticks=$M_TICKS r0_pkts=$M_PKTS
stop_agent

refreshes_timer=$((r1_wall / 1000000000))
refreshes_chrony=$(calc "$r1_pkts / 3" 0)
[ "$refreshes_timer" -gt 0 ] && [ "$refreshes_chrony" -gt 0 ] || fail "no refresh seen"
[ "$r0_pkts" -le 3 ] || say "note: $r0_pkts requests reached chronyd with refreshInterval 3600"
tck=$(getconf CLK_TCK)

printf '\n%-28s %10s %10s\n' "" "interval 1" "interval 3600"
printf '%-28s %10s %10s\n' "wall s" "$(calc "$r1_wall / 1e9")" "$(calc "$r0_wall / 1e9")"
printf '%-28s %10s %10s\n' "CPU ms (schedstat)" "$(calc "$r1_cpu / 1e6" 2)" "$(calc "$r0_cpu / 1e6" 2)"
printf '%-28s %10s %10s\n' "CPU ms (utime+stime ticks)" "$(calc "$r1_ticks * 1000 / $tck" 0)" \
    "$(calc "$r0_ticks * 1000 / $tck" 0)"
printf '%-28s %10s %10s\n' "CPU % of a core" "$(calc "$r1_cpu / $r1_wall * 100" 4)" \
    "$(calc "$r0_cpu / $r0_wall * 100" 4)"
printf '%-28s %10s %10s\n' "chronyd requests" "$r1_pkts" "$r0_pkts"
printf '%-28s %10s\n' "refreshes (timer periods)" "$refreshes_timer"
printf '%-28s %10s\n' "refreshes (requests / 3)" "$refreshes_chrony"
per_refresh=$(calc "$r1_cpu / $refreshes_chrony / 1000" 1)
floor_rate=$(calc "$r0_cpu / $r0_wall")
net_refresh=$(calc "($r1_cpu - $floor_rate * $r1_wall) / $refreshes_chrony / 1000" 1)
printf '%-28s %10s µs (all CPU / refreshes)\n' "CPU per refresh" "$per_refresh"
printf '%-28s %10s µs (less the idle floor)\n' "CPU per refresh, net" "$net_refresh"
printf '%-28s %10s KiB (peak %s KiB)\n' "VmRSS" "$rss" "$hwm"
idle_pct=$(calc "$r1_cpu / $r1_wall * 100" 4)

if [ "$CALLGRIND_SECONDS" -gt 0 ] && command -v valgrind > /dev/null 2>&1; then
	say "callgrind: $CALLGRIND_SECONDS s at refreshInterval 1"
	start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
agentxPingInterval 5" valgrind --tool=callgrind --callgrind-out-file="$T/callgrind.out" \
	    --log-file="$T/valgrind.log"
	sleep "$CALLGRIND_SECONDS"
	stop_agent
	[ -s "$T/callgrind.out" ] || fail "callgrind wrote nothing"
	callgrind_costs "$T/callgrind.out" cache_refresh cache_dispatch loop_run mib_update \
	    > "$T/cg.txt"
	cg() { awk -v f="$1" -v c="$2" '$1 == f { print $c }' "$T/cg.txt"; }
	n=$(cg cache_refresh 2)
	[ "${n:-0}" -gt 0 ] || fail "callgrind saw no refresh"
	work=$(calc "$(cg cache_refresh 3) + $(cg cache_dispatch 3)" 0)
	echo
	printf 'callgrind, %s refreshes (instructions):\n' "$n"
	printf '  per refresh, refresh code (cache_refresh + cache_dispatch): %s\n' \
	    "$(calc "$work / $n" 0)"
	printf '    of which mib_update (rebuilding the tables):             %s\n' \
	    "$(calc "$(cg mib_update 3) / $(cg mib_update 2)" 0)"
	printf '  per refresh, whole main loop (loop_run / refreshes):        %s\n' \
	    "$(calc "$(cg loop_run 3) / $n" 0)"
fi

echo
verdict "CPU per refresh < 200 µs" "$(cmp_le "$per_refresh" 199.999)" \
    "$per_refresh µs ($net_refresh µs less the idle floor), $refreshes_chrony refreshes"
verdict "idle CPU < 0.1 % of a core at refreshInterval 1" "$(cmp_le "$idle_pct" 0.0999)" \
    "$idle_pct %"
verdict "RSS < 8 MiB" "$(cmp_le "$rss" 8191)" "$rss KiB"
exit 0
