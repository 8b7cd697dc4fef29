#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# doc/DESIGN.md §8: an SNMP GET of a SCOUT-NTP-MIB object within 1.5x the median
# latency of snmpd's own sysUpTime.0; one GETBULK of the daemon table at least
# 10x faster than the usual alternative, an snmpd "extend" running
# "chronyc -c tracking", measured cold.
#
# One snmpd, one chronyd server/client pair on loopback, the agent reading
# the client chronyd over UDP, and bench/null-subagent.c (the least an AgentX
# subagent can do) to show what AgentX itself costs. All requests come from
# ONE client process (bench/snmp-latency.c, built here), interleaved round by
# round, so every row shares the same noise.
#
# It also prints the CPU time each process (snmpd, the agent, null-subagent)
# spends per request, from /proc/PID/schedstat, one kind of request at a time.
#
# ROUNDS (2000): GETs of each object; EXTEND_ROUNDS (200): rounds of the
# table reads and the extend; CPU_ROUNDS (3000): requests of each kind for
# the CPU table; COLD_SAMPLES (3): extra extend polls with the default 5 s
# cache, 5.5 s apart, to show that "-cacheTime -1" measures what a real poll
# finds (0 skips them, and saves ~20 s).
#
# Exit status 0 whatever the numbers; non-zero only if something is broken.
set -eu

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"

ROUNDS=${ROUNDS:-2000}
EXTEND_ROUNDS=${EXTEND_ROUNDS:-200}
CPU_ROUNDS=${CPU_ROUNDS:-3000}
COLD_SAMPLES=${COLD_SAMPLES:-3}

require "$CHRONYC"
require_root
require_mibs
build_tool snmp-latency

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
# The usual alternative, as an NMS finds it. net-snmp 5.9.3's extend caches
# the output 5 s (nsExtendCacheTime); "extend -cacheTime -1" (snmpd.conf(5))
# runs chronyc on every GET, i.e. every poll is cold, as real polls (60-300 s
# apart) are. SETting nsExtendCacheTime instead fails with genError in
# Debian's 5.9.3, and "-cacheTime 0" keeps the 5 s default.
SNMPD_EXTRA_CONF="extend -cacheTime -1 chronytracking $CHRONYC -n -c -h 127.0.0.1 -p $CMD_PORT tracking
extend chronytracking5 $CHRONYC -n -c -h 127.0.0.1 -p $CMD_PORT tracking"
start_snmpd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT"
start_null_subagent
expect_within 30 scoutNtpSyncStatus.chrony synchronized

# nsExtendOutputFull."NAME"
EXT_OUT=.1.3.6.1.4.1.8072.1.3.2.3.1.2
OID_EXTEND_COLD=$EXT_OUT$(oid_of_string chronytracking)
OID_EXTEND_5S=$EXT_OUT$(oid_of_string chronytracking5)
# 23 columns (2..24), one row: one GETBULK with max-repetitions 23 reads it
# all, and so does one GET of the 23 instances
DAEMON_COLUMNS=23
all_columns=""
null_row=""
for col in $(seq 2 24); do
	all_columns="$all_columns${all_columns:+,}$OID_DAEMON_TABLE.1.$col.1"
done
for col in $(seq 1 23); do
	null_row="$null_row${null_row:+,}$OID_NULL_ROW.$col.0"
done

machine_note
say "GETs, $ROUNDS interleaved rounds, one client process"
latency -n "$ROUNDS" -w 50 \
    "sysUpTime.0=get:$OID_SYSUPTIME" \
    "null-subagent.scalar=get:$OID_NULL_ONE" \
    "scoutNtpSyncStatus.chrony=get:$OID_SYNC_STATUS_CHRONY" \
    "scoutNtpAgentVersion.0=get:$OID_AGENT.1.0" > "$T/get.out" ||
	fail "the latency client failed"

say "the daemon table vs extend (cold), $EXTEND_ROUNDS interleaved rounds"
forks0=$(awk '$1 == "processes" { print $2 }' /proc/stat)
latency -n "$EXTEND_ROUNDS" -w 3 \
    "scoutNtpDaemonTable(GETBULK)=bulk:$OID_DAEMON_TABLE:$DAEMON_COLUMNS" \
    "null-subagent.23(GETBULK)=bulk:$OID_NULL_ROW:$DAEMON_COLUMNS" \
    "scoutNtpDaemonTable(GET-23-vbs)=get:$all_columns" \
    "null-subagent.23(GET-23-vbs)=get:$null_row" \
    "extend-chronyc-tracking(cold)=get:$OID_EXTEND_COLD" > "$T/bulk.out" ||
	fail "the latency client failed"
forks1=$(awk '$1 == "processes" { print $2 }' /proc/stat)
# forks while only the agent is asked (a system-wide counter: this script's
# own few and other tenants of a shared machine count too)
latency -n "$EXTEND_ROUNDS" -w 0 \
    "scoutNtpDaemonTable(GETBULK)=bulk:$OID_DAEMON_TABLE:$DAEMON_COLUMNS" > /dev/null ||
	fail "the latency client failed"
forks2=$(awk '$1 == "processes" { print $2 }' /proc/stat)

# CPU per request in each process: one kind of request at a time, so the
# schedstat deltas belong to it (the agent's own refresh adds ~0.1 ms a second)
: > "$T/cpu.out"
cpu_segment() {
	label=$1
	shift
	s0=$(cpu_ns "$SNMPD_PID")
	a0=$(cpu_ns "$AGENT_PID")
	n0=$(cpu_ns "$NULL_PID")
	latency -n "$CPU_ROUNDS" -w 0 "$@" > /dev/null || fail "the latency client failed"
	s1=$(cpu_ns "$SNMPD_PID")
	a1=$(cpu_ns "$AGENT_PID")
	n1=$(cpu_ns "$NULL_PID")
	awk -v l="$label" -v n="$CPU_ROUNDS" -v s=$((s1 - s0)) -v a=$((a1 - a0)) -v z=$((n1 - n0)) \
	    'BEGIN { printf "%-34s %9.1f %9.1f %9.1f\n", l, s / n / 1000, a / n / 1000, z / n / 1000 }' \
	    >> "$T/cpu.out"
}
say "CPU per request, $CPU_ROUNDS requests of each kind"
cpu_segment sysUpTime.0 "x=get:$OID_SYSUPTIME"
cpu_segment null-subagent.scalar "x=get:$OID_NULL_ONE"
cpu_segment scoutNtpSyncStatus.chrony "x=get:$OID_SYNC_STATUS_CHRONY"
cpu_segment "null-subagent.23(GETBULK)" "x=bulk:$OID_NULL_ROW:$DAEMON_COLUMNS"
cpu_segment "scoutNtpDaemonTable(GETBULK)" "x=bulk:$OID_DAEMON_TABLE:$DAEMON_COLUMNS"
cpu_segment "null-subagent.23(GET-23-vbs)" "x=get:$null_row"
cpu_segment "scoutNtpDaemonTable(GET-23-vbs)" "x=get:$all_columns"

: > "$T/cold.out"
if [ "$COLD_SAMPLES" -gt 0 ]; then
	say "extend with its default 5 s cache, polled 5.5 s apart ($COLD_SAMPLES samples)"
	latency -n "$COLD_SAMPLES" -w 1 -i 5500 \
	    "extend-5s-cache(5.5s-apart)=get:$OID_EXTEND_5S" \
	    "extend-5s-cache(warm)=get:$OID_EXTEND_5S" > "$T/cold.out" ||
		fail "the latency client failed"
fi

echo
printf '%-34s %7s %4s %8s %9s %8s %8s\n' request samples vbs "min µs" "median µs" "p95 µs" "max µs"
cat "$T/get.out" "$T/bulk.out" "$T/cold.out" |
	awk '{ printf "%-34s %7d %4d %8d %9d %8d %8d\n", $1, $2, $3, $4, $5, $6, $7 }'
echo
printf '%-34s %9s %9s %9s\n' "CPU per request (µs)" snmpd agent null-sub
cat "$T/cpu.out"
echo
printf 'processes forked per round: with the extend %s, agent GETBULK alone %s (system-wide)\n' \
    "$(awk -v f=$((forks1 - forks0)) -v n="$EXTEND_ROUNDS" 'BEGIN { printf "%.2f", f / (n + 3) }')" \
    "$(awk -v f=$((forks2 - forks1)) -v n="$EXTEND_ROUNDS" 'BEGIN { printf "%.2f", f / n }')"

col() { awk -v l="$1" -v c="$2" '$1 == l { print $c }' "$T/get.out" "$T/bulk.out"; }
up=$(col sysUpTime.0 5)
null=$(col null-subagent.scalar 5)
scout=$(col scoutNtpSyncStatus.chrony 5)
bulk=$(col "scoutNtpDaemonTable(GETBULK)" 5)
nullbulk=$(col "null-subagent.23(GETBULK)" 5)
get23=$(col "scoutNtpDaemonTable(GET-23-vbs)" 5)
ext=$(col "extend-chronyc-tracking(cold)" 5)
vbs=$(col "scoutNtpDaemonTable(GETBULK)" 3)
for v in "$up" "$null" "$scout" "$bulk" "$nullbulk" "$get23" "$ext" "$vbs"; do
	[ -n "$v" ] || fail "missing numbers"
done
[ "$vbs" -ge 20 ] || fail "the GETBULK returned only $vbs varbinds of the daemon table"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
r=$(ratio "$scout" "$up")
r95=$(ratio "$(col scoutNtpSyncStatus.chrony 6)" "$(col sysUpTime.0 6)")
speedup=$(ratio "$ext" "$bulk")
echo
echo "AgentX floor (null-subagent): GET $(ratio "$null" "$up")x sysUpTime.0;" \
    "the agent's GET is $(ratio "$scout" "$null")x the floor, its GETBULK $(ratio "$bulk" "$nullbulk")x"
echo "one GET of the 23 columns instead of the GETBULK: ${get23} µs, $(ratio "$ext" "$get23")x faster than the cold extend"
echo
verdict "GET median <= 1.5x sysUpTime.0" "$(cmp_le "$r" 1.5)" \
    "${scout} µs vs ${up} µs = ${r}x (p95 ${r95}x)"
verdict "GETBULK of the daemon table >= 10x faster than cold extend" "$(cmp_le 10 "$speedup")" \
    "${bulk} µs ($vbs varbinds) vs ${ext} µs = ${speedup}x"
exit 0
