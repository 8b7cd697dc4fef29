#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A soak: the agent for DURATION seconds (default 1800) under what a long
# life brings, all at once:
#   - CLIENTS (4) processes walking the whole MIB with snmpbulkwalk, over
#     and over;
#   - snmpd restarted, and the client chronyd stopped and started again, each
#     at a random moment every RESTART_MIN..RESTART_MAX s (20..90);
#   - the agent at refreshInterval 1 with agentxPingInterval 1.
# Every SAMPLE seconds (10) it samples the agent's VmRSS, RssAnon, open fds
# and CPU time; at the end it prints the first and last samples and the
# growth per hour from a least-squares fit of the samples after the first
# minute (a leak grows linearly; a cache filling up does not).
#
# Exit status 0 whatever the numbers; non-zero only if something is broken
# (the agent died, or never answered again).
set -eu

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"

DURATION=${DURATION:-1800}
CLIENTS=${CLIENTS:-4}
SAMPLE=${SAMPLE:-10}
RESTART_MIN=${RESTART_MIN:-20}
RESTART_MAX=${RESTART_MAX:-90}

require_root
require_mibs
require snmpbulkwalk

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_snmpd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
agentxPingInterval 1"
expect_within 30 scoutNtpSyncStatus.chrony synchronized
machine_note

# (lib.sh's wait_until sets $end: the soak's times have their own names)
walker() {
	walk_end=$1
	while [ "$(date +%s)" -lt "$walk_end" ]; do
		SNMPCONFPATH=$T/snmpconf MIBS= snmpbulkwalk -v2c -c public -t 2 -r 0 -Cr25 \
		    "127.0.0.1:$SNMP_PORT" "$MIB_ROOT" > /dev/null 2>&1 || sleep 0.5
	done
}

soak_start=$(date +%s)
soak_end=$((soak_start + DURATION))
for _ in $(seq "$CLIENTS"); do
	walker "$soak_end" &
	track $!
done

# sample: seconds rss_kib anon_kib fds cpu_ms
sample() {
	pid=$1
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
	anon=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status")
	fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
	cpu=$(awk '{ printf "%.0f", $1 / 1e6 }' "/proc/$pid/schedstat")
	echo "$(($(date +%s) - soak_start)) $rss $anon $fds $cpu"
}

next_snmpd=$((soak_start + RESTART_MIN + RANDOM % (RESTART_MAX - RESTART_MIN)))
next_chronyd=$((soak_start + RESTART_MIN + RANDOM % (RESTART_MAX - RESTART_MIN)))
restarts_snmpd=0
restarts_chronyd=0
: > "$T/samples"
say "soak: $DURATION s, $CLIENTS walkers, restarts every $RESTART_MIN..$RESTART_MAX s"
while [ "$(date +%s)" -lt "$soak_end" ]; do
	kill -0 "$AGENT_PID" 2> /dev/null || fail "the agent died"
	sample "$AGENT_PID" >> "$T/samples"
	now=$(date +%s)
	if [ "$now" -ge "$next_snmpd" ]; then
		stop_snmpd
		start_snmpd
		restarts_snmpd=$((restarts_snmpd + 1))
		next_snmpd=$((now + RESTART_MIN + RANDOM % (RESTART_MAX - RESTART_MIN)))
	fi
	if [ "$now" -ge "$next_chronyd" ]; then
		stop_pid "$CLIENT_PID"
		sleep 2
		start_chrony_client client "$CMD_PORT" "$NTP_PORT"
		restarts_chronyd=$((restarts_chronyd + 1))
		next_chronyd=$((now + RESTART_MIN + RANDOM % (RESTART_MAX - RESTART_MIN)))
	fi
	sleep "$SAMPLE"
done
# the agent is still whole: registered again and synchronised
expect_within 30 scoutNtpSyncStatus.chrony synchronized
kill -0 "$AGENT_PID" 2> /dev/null || fail "the agent died"

echo
say "$restarts_snmpd snmpd restarts, $restarts_chronyd chronyd restarts"
printf '%8s %10s %10s %6s %10s\n' seconds "VmRSS KiB" "anon KiB" fds "CPU ms"
head -n 1 "$T/samples" | awk '{ printf "%8d %10d %10d %6d %10d\n", $1, $2, $3, $4, $5 }'
tail -n 1 "$T/samples" | awk '{ printf "%8d %10d %10d %6d %10d\n", $1, $2, $3, $4, $5 }'
# least-squares slope per hour of each column, after the first minute
awk '$1 >= 60 { n++; x += $1; xx += $1 * $1
	for (c = 2; c <= 5; c++) { y[c] += $c; xy[c] += $1 * $c } }
END {
	if (n < 3) { print "too few samples for a trend (run longer)"; exit }
	d = n * xx - x * x
	printf "growth per hour: VmRSS %+.0f KiB, RssAnon %+.0f KiB, fds %+.1f; CPU %.2f %% of a core\n",
	    (n * xy[2] - x * y[2]) / d * 3600, (n * xy[3] - x * y[3]) / d * 3600,
	    (n * xy[4] - x * y[4]) / d * 3600, (n * xy[5] - x * y[5]) / d / 10
}' "$T/samples"
exit 0
