#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# DESIGN §8: an SNMP GET of a SCOUT-NTP-MIB object within 1.5x the median
# latency of snmpd's own sysUpTime.0; one GETBULK of the daemon table at least
# 10x faster than the usual alternative, an snmpd "extend" running
# "chronyc -c tracking", measured cold.
#
# One snmpd, one chronyd server/client pair on loopback, the agent reading
# the client chronyd over UDP. All requests come from ONE client process
# (bench/snmp-latency.c, built here), interleaved round by round.
#
# ROUNDS (2000): GETs of each object; EXTEND_ROUNDS (100): GETBULK/extend
# pairs; COLD_SAMPLES (3): extra extend polls with the default 5 s cache,
# 5.5 s apart, to show that -cacheTime -1 measures what a real poll finds
# (0 skips them).
#
# Exit status 0 whatever the numbers; non-zero only if something is broken.
set -eu

. "$(dirname "$0")/common.sh"

ROUNDS=${ROUNDS:-2000}
EXTEND_ROUNDS=${EXTEND_ROUNDS:-100}
COLD_SAMPLES=${COLD_SAMPLES:-3}

require "$CHRONYC"
require_root
require_mibs
build_latency_client

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
# The usual alternative, as an NMS would find it. net-snmp 5.9.3's extend
# caches the output 5 s; "-cacheTime -1" (snmpd.conf(5)) makes every GET run
# chronyc, i.e. every poll is cold, as real polls (60-300 s apart) are.
# nsExtendCacheTime cannot be SET instead: 5.9.3 answers genError.
SNMPD_EXTRA_CONF="extend -cacheTime -1 chronytracking $CHRONYC -n -c -h 127.0.0.1 -p $CMD_PORT tracking
extend chronytracking5 $CHRONYC -n -c -h 127.0.0.1 -p $CMD_PORT tracking"
start_snmpd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT"
expect_within 30 scoutNtpSyncStatus.chrony synchronized

# nsExtendOutputFull."NAME"
EXT_OUT=.1.3.6.1.4.1.8072.1.3.2.3.1.2
OID_EXTEND_COLD=$EXT_OUT$(oid_of_string chronytracking)
OID_EXTEND_5S=$EXT_OUT$(oid_of_string chronytracking5)
# 23 columns, one row: one GETBULK with max-repetitions 23 reads it all
DAEMON_COLUMNS=23

machine_note
say "GET latency, $ROUNDS interleaved rounds, one client process"
latency -n "$ROUNDS" -w 50 \
    "sysUpTime.0=get:$OID_SYSUPTIME" \
    "scoutNtpSyncStatus.chrony=get:$OID_SYNC_STATUS_CHRONY" \
    "scoutNtpAgentVersion.0=get:$OID_AGENT.1.0" > "$T/get.out" ||
	fail "the latency client failed"

say "GETBULK of scoutNtpDaemonTable vs extend (cold), $EXTEND_ROUNDS interleaved rounds"
forks0=$(awk '$1 == "processes" { print $2 }' /proc/stat)
latency -n "$EXTEND_ROUNDS" -w 3 \
    "scoutNtpDaemonTable(bulk)=bulk:$OID_DAEMON_TABLE:$DAEMON_COLUMNS" \
    "extend-chronyc-tracking(cold)=get:$OID_EXTEND_COLD" > "$T/bulk.out" ||
	fail "the latency client failed"
forks1=$(awk '$1 == "processes" { print $2 }' /proc/stat)

# forks while only the agent is asked (system-wide counter: other tenants
# of a shared machine count too)
latency -n "$EXTEND_ROUNDS" -w 0 \
    "scoutNtpDaemonTable(bulk)=bulk:$OID_DAEMON_TABLE:$DAEMON_COLUMNS" > /dev/null ||
	fail "the latency client failed"
forks2=$(awk '$1 == "processes" { print $2 }' /proc/stat)

if [ "$COLD_SAMPLES" -gt 0 ]; then
	say "extend with its default 5 s cache, polled 5.5 s apart ($COLD_SAMPLES samples)"
	latency -n "$COLD_SAMPLES" -w 1 -i 5500 \
	    "extend-default-cache(5.5s apart)=get:$OID_EXTEND_5S" \
	    "extend-default-cache(warm)=get:$OID_EXTEND_5S" > "$T/cold.out" ||
		fail "the latency client failed"
fi

echo
printf '%-36s %7s %4s %9s %9s %9s %9s\n' request samples vbs "min µs" "median µs" "p95 µs" "max µs"
cat "$T/get.out" "$T/bulk.out" "$T/cold.out" 2> /dev/null |
	awk '{ printf "%-36s %7d %4d %9d %9d %9d %9d\n", $1, $2, $3, $4, $5, $6, $7 }'
echo
printf 'processes forked per request: extend+bulk pairs %s, bulk alone %s (system-wide)\n' \
    "$(awk -v f=$((forks1 - forks0)) -v n="$EXTEND_ROUNDS" 'BEGIN { printf "%.2f", f / (n + 3) }')" \
    "$(awk -v f=$((forks2 - forks1)) -v n="$EXTEND_ROUNDS" 'BEGIN { printf "%.2f", f / n }')"

med() { awk -v l="$1" '$1 == l { print $5 }' "$2"; }
p95() { awk -v l="$1" '$1 == l { print $6 }' "$2"; }
up=$(med sysUpTime.0 "$T/get.out")
scout=$(med scoutNtpSyncStatus.chrony "$T/get.out")
bulk=$(med "scoutNtpDaemonTable(bulk)" "$T/bulk.out")
ext=$(med "extend-chronyc-tracking(cold)" "$T/bulk.out")
[ -n "$up" ] && [ -n "$scout" ] && [ -n "$bulk" ] && [ -n "$ext" ] || fail "no numbers"
vbs=$(awk '$1 == "scoutNtpDaemonTable(bulk)" { print $3 }' "$T/bulk.out")
[ "$vbs" -ge 20 ] || fail "the GETBULK returned only $vbs varbinds of the daemon table"

ratio=$(awk -v a="$scout" -v b="$up" 'BEGIN { printf "%.2f", a / b }')
ratio95=$(awk -v a="$(p95 scoutNtpSyncStatus.chrony "$T/get.out")" -v b="$(p95 sysUpTime.0 "$T/get.out")" \
    'BEGIN { printf "%.2f", a / b }')
speedup=$(awk -v a="$ext" -v b="$bulk" 'BEGIN { printf "%.1f", a / b }')
echo
verdict "GET median <= 1.5x sysUpTime.0" "$(cmp_le "$ratio" 1.5)" \
    "${scout} µs vs ${up} µs = ${ratio}x (p95 ${ratio95}x)"
verdict "GETBULK daemon table >= 10x faster than cold extend" "$(cmp_le 10 "$speedup")" \
    "${bulk} µs ($vbs varbinds) vs ${ext} µs = ${speedup}x"
exit 0
