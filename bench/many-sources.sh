#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# doc/DESIGN.md §8: with 200 chrony sources, a walk of scoutNtpSourceTable under
# 100 ms, and the refresh cost linear in the number of sources.
#
# chronyd tells its sources apart by IP address, so 200 sources need 200
# addresses, and a server chronyd binds one. So the servers are
# tests/ntp-responder.c, one process answering NTP on 127.0.0.2 and up (one
# socket per address, nothing outside 127.0.0.0/8, no wildcard bind): every
# source is reachable and has a sample, so every row of the source table has
# all 10 columns, the most a walk can meet. REACHABLE (default: all) limits
# the addresses that answer; sources beyond it are unreachable (6 columns).
# Sources are polled every 64 s: chronyd spaces its requests to all sources
# 0.2 s apart (SAMPLING_SEPARATION), so 200 sources need 40 s to start and
# cannot be polled faster than ~5 a second; the script waits until chronyd
# has heard from every reachable source.
#
# For each N in SOURCES (1 50 100 200), one after the other in the same run,
# on the same snmpd: a client chronyd with N sources, the agent reading it
# over UDP (daemons chrony, refreshInterval 1), then
#   - its CPU for DURATION s (schedstat), per refresh; refreshes counted by
#     chronyd's command requests / (N + 3): TRACKING, N_SOURCES, N x
#     SOURCE_DATA, ACTIVITY (NTP_DATA only until UDP refuses it once)
#   - with valgrind, instructions per refresh under callgrind
#     (CALLGRIND_SECONDS; 0 skips), the deterministic test of linearity
#   - walks of scoutNtpSourceTable: in one process (bench/snmp-latency.c:
#     GETBULK max-repetitions 10 as snmpbulkwalk does, and GETNEXT as snmpwalk
#     does), and snmpbulkwalk / snmpwalk themselves, less the time they take
#     to walk the 7 scoutNtpAgent scalars (process start-up, MIB loading),
#     median of WALK_REPEATS.
#
# Exit status 0 whatever the numbers; non-zero only if something is broken.
set -eu

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"

SOURCES=${SOURCES:-1 50 100 200}
max_n=$(for n in $SOURCES; do echo "$n"; done | sort -n | tail -n 1)
REACHABLE=${REACHABLE:-$max_n}
DURATION=${DURATION:-20}
CALLGRIND_SECONDS=${CALLGRIND_SECONDS:-15}
WALK_REPEATS=${WALK_REPEATS:-5}
WALK_ROUNDS=${WALK_ROUNDS:-10}

require "$CHRONYC" snmpwalk snmpbulkwalk
require_root
require_mibs
build_tool snmp-latency
use_callgrind=0
if [ "$CALLGRIND_SECONDS" -gt 0 ] && command -v valgrind > /dev/null 2>&1; then
	use_callgrind=1
fi

[ "$max_n" -le 250 ] || fail "at most 250 sources (127.0.0.2 to 127.0.0.251)"
# the tests' responder, in its default (normal) mode
require cc
cc -O2 -o "$T/ntp-responder" "$srcdir/tests/ntp-responder.c" 2> "$T/cc.log" ||
	fail "cannot build tests/ntp-responder.c: $(cat "$T/cc.log")"
start_snmpd
NTP_PORT=$(free_port)
if [ "$REACHABLE" -gt 0 ]; then
	"$T/ntp-responder" 127.0.0.2 "$REACHABLE" "$NTP_PORT" > "$T/ntp-responder.log" 2>&1 &
	track $!
fi
machine_note

# client_conf N CMD_PORT NAME
client_conf() {
	for i in $(seq 2 $(($1 + 1))); do
		echo "server 127.0.0.$i port $NTP_PORT minpoll 6 maxpoll 6"
	done
	printf 'port 0\ncmdport %s\nbindcmdaddress 127.0.0.1\nbindcmdaddress %s\n' \
	    "$2" "$T/$3/run/chronyd.sock"
}

# shellcheck disable=SC2317 # called through wait_until
chronyd_sources() { "$CHRONYC" -n -c -h "$1" sources | wc -l; }
# shellcheck disable=SC2317
has_sources() { [ "$(chronyd_sources "$1")" -eq "$2" ]; }
# sources whose reach register is not 0
reachable() { "$CHRONYC" -n -c -h "$1" sources | awk -F, '$6 != 0' | wc -l; }
# shellcheck disable=SC2317
has_reachable() { [ "$(reachable "$1")" -ge "$2" ]; }

# median_ms CMD...: the median wall time of WALK_REPEATS runs, in ms
median_ms() {
	for _ in $(seq "$WALK_REPEATS"); do
		t0=$(now_ns)
		"$@" > "$T/walk.txt" 2>&1 || fail "$* failed: $(tail -n 3 "$T/walk.txt")"
		t1=$(now_ns)
		echo $((t1 - t0))
	done | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1e6 }'
}

: > "$T/results"
for n in $SOURCES; do
	cmd_port=$(free_port)
	name=client$n
	start_chronyd "$name" "$(client_conf "$n" "$cmd_port" "$name")"
	client_pid=$CHRONYD_PID
	sock=$T/$name/run/chronyd.sock
	wait_until 20 has_sources "$sock" "$n" || fail "chronyd does not report $n sources"
	want=$((n < REACHABLE ? n : REACHABLE))
	say "$n sources: waiting for chronyd to hear from $want"
	wait_until $((30 + n / 2)) has_reachable "$sock" "$want" ||
		say "note: chronyd heard from $(reachable "$sock") of $want sources only"
	conf="chronyAddress udp:127.0.0.1:$cmd_port
agentxPingInterval 5
daemons chrony"
	start_agent "$conf"
	expect_within 30 scoutNtpSourcesTotal.chrony "$n"
	sleep 2

	say "$n sources: CPU for $DURATION s"
	measure_window "$AGENT_PID" "$DURATION" "$sock"
	refreshes=$(calc "$M_PKTS / ($n + 3)" 2)
	periods=$((M_WALL_NS / 1000000000))
	cpu_per=$(calc "$M_CPU_NS / $periods / 1000" 1)
	rss=$(rss_kib "$AGENT_PID")

	say "$n sources: walks"
	latency -n "$WALK_ROUNDS" -w 2 \
	    "bulkwalk=walk:$OID_SOURCE_TABLE:10" \
	    "nextwalk=nextwalk:$OID_SOURCE_TABLE" > "$T/walk-$n.out" ||
		fail "the latency client failed"
	vbs=$(awk '$1 == "bulkwalk" { print $3 }' "$T/walk-$n.out")
	inproc_bulk=$(awk '$1 == "bulkwalk" { printf "%.1f", $5 / 1000 }' "$T/walk-$n.out")
	inproc_next=$(awk '$1 == "nextwalk" { printf "%.1f", $5 / 1000 }' "$T/walk-$n.out")
	bulk_full=$(median_ms snmp snmpbulkwalk SCOUT-NTP-MIB::scoutNtpSourceTable)
	lines=$(wc -l < "$T/walk.txt")
	[ "$lines" -eq "$vbs" ] ||
		say "note: snmpbulkwalk printed $lines lines, snmp-latency saw $vbs varbinds (the table changed)"
	bulk_tiny=$(median_ms snmp snmpbulkwalk SCOUT-NTP-MIB::scoutNtpAgent)
	next_full=$(median_ms snmp snmpwalk SCOUT-NTP-MIB::scoutNtpSourceTable)
	next_tiny=$(median_ms snmp snmpwalk SCOUT-NTP-MIB::scoutNtpAgent)
	stop_agent

	instr=- mibu=-
	if [ $use_callgrind = 1 ]; then
		say "$n sources: callgrind for $CALLGRIND_SECONDS s"
		start_agent "$conf" valgrind --tool=callgrind \
		    --callgrind-out-file="$T/callgrind-$n.out" --log-file="$T/valgrind-$n.log"
		expect_within 60 scoutNtpSourcesTotal.chrony "$n"
		sleep "$CALLGRIND_SECONDS"
		stop_agent
		callgrind_costs "$T/callgrind-$n.out" cache_refresh cache_dispatch mib_update \
		    > "$T/cg-$n.txt"
		cg() { awk -v f="$1" -v c="$2" '$1 == f { print $c }' "$T/cg-$n.txt"; }
		calls=$(cg cache_refresh 2)
		[ "${calls:-0}" -gt 0 ] || fail "callgrind saw no refresh"
		instr=$(calc "($(cg cache_refresh 3) + $(cg cache_dispatch 3)) / $calls" 0)
		mibu=$(calc "$(cg mib_update 3) / ($(cg mib_update 2) + 0.000001)" 0)
	fi
	stop_pid "$client_pid"

	echo "$n $periods $refreshes $cpu_per $instr $mibu $vbs $inproc_bulk $inproc_next" \
	    "$bulk_full $bulk_tiny $next_full $next_tiny $rss" >> "$T/results"
done

echo
printf '%7s %10s %9s %11s %10s %5s %8s %8s %11s %11s %8s\n' sources "refreshes" \
    "CPU µs" "instr" "mib_update" vbs "bulk ms" "next ms" "snmpbulkwalk" "snmpwalk" "RSS KiB"
printf '%7s %10s %9s %11s %10s %5s %8s %8s %11s %11s %8s\n' "" "(by chronyd)" \
    "/refresh" "/refresh" "instr" "" "(1 proc)" "(1 proc)" "full-tiny ms" "full-tiny ms" ""
awk '{ printf "%7d %6.1f/%-3d %9.1f %11s %10s %5d %8.1f %8.1f %5.1f-%-5.1f %5.1f-%-5.1f %8d\n",
    $1, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }' "$T/results"

# linearity: the cost of one more source, between successive N
echo
echo "cost of one more source (between successive N):"
awk '{ n[NR] = $1; cpu[NR] = $4; ins[NR] = $5 }
END {
	for (i = 2; i <= NR; i++)
		printf "  %3d -> %3d: %7.2f µs CPU, %9s instructions\n", n[i - 1], n[i],
		    (cpu[i] - cpu[i - 1]) / (n[i] - n[i - 1]),
		    ins[i] == "-" ? "-" : sprintf("%.0f", (ins[i] - ins[i - 1]) / (n[i] - n[i - 1]))
}' "$T/results"

last=$(tail -n 1 "$T/results")
# shellcheck disable=SC2086 # split into fields
set -- $last
n_last=$1
walk_ms=$(calc "${10} - ${11}" 1)
inproc=$8
echo
verdict "a walk of scoutNtpSourceTable with $n_last sources < 100 ms" "$(cmp_le "$walk_ms" 99.999)" \
    "snmpbulkwalk $walk_ms ms less start-up (${10} - ${11} ms), $inproc ms in one process, $7 varbinds; snmpwalk $(calc "${12} - ${13}" 1) ms"
# linear: the last step's cost per source within 1.5x of the first step's
first_last=$(awk -v col="$([ $use_callgrind = 1 ] && echo 5 || echo 4)" '
	{ n[NR] = $1; v[NR] = $col }
	END {
		if (NR < 3) { print "- -"; exit }
		a = (v[2] - v[1]) / (n[2] - n[1]); b = (v[NR] - v[NR - 1]) / (n[NR] - n[NR - 1])
		printf "%.2f %.2f\n", a, b
	}' "$T/results")
# shellcheck disable=SC2086
set -- $first_last
what=$([ $use_callgrind = 1 ] && echo "instructions" || echo "µs of CPU")
if [ "$1" = - ]; then
	say "linearity needs at least 3 values in SOURCES"
else
	ratio=$(calc "$2 / $1" 2)
	verdict "refresh cost linear in sources" "$(cmp_le "$ratio" 1.5)" \
	    "one more source costs $1 $what at the first step, $2 at the last (${ratio}x)"
fi
exit 0
