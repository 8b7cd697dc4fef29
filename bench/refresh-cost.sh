#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# doc/DESIGN.md §8: one refresh under 200 µs of CPU with chrony over UDP; idle CPU
# below 0.1 % of a core at refreshInterval 1; resident memory under 8 MiB.
#
# One snmpd, one chronyd server/client pair on loopback (1 source), and the
# agent reading the client chronyd over UDP with the default
# agentxPingInterval 5 and no SNMP request at all, DURATION seconds in each
# of three configurations, one after the other in the same run:
#   chrony      refreshInterval 1, daemons chrony: chrony's refresh alone
#   auto        refreshInterval 1, daemons auto (the default: timesyncd is
#               asked too, /proc is scanned every 30 s)
#   floor       refreshInterval 3600, daemons chrony: no refresh after the
#               first, the idle floor (AgentX pings, timers)
#   openntpd    refreshInterval 1, daemons openntpd: the real OpenNTPD of
#               Debian 12 in the namespaces of tests/integration/openntpd-lib.sh
#               (OPENNTPD_BENCH=0, or no unpacked openntpd, leaves it out);
#               whether OpenNTPD is synced yet does not change the exchange
# CPU time comes from /proc/PID/schedstat (ns); utime + stime from
# /proc/PID/stat are shown too, but count 10 ms ticks, too coarse for a few
# ms in 30 s. Refreshes are counted as timer periods elapsed and cross-checked
# with the command requests chronyd received / 4 (TRACKING, N_SOURCES,
# SOURCE_DATA, ACTIVITY; a name is asked once, and NTP_DATA only until UDP
# refuses it in the first refresh).
#
# Context switches (about as many wake-ups) are counted too, and
# bench/wakeup-cost.c measures what one wake-up costs a process that does
# nothing else: on a VM that alone can be tens of µs.
#
# With valgrind, the agent (daemons chrony) also runs CALLGRIND_SECONDS
# under callgrind: instructions per refresh, deterministic where time on a
# shared machine is not.
#
# DURATION (30), CALLGRIND_SECONDS (20; 0 skips).
# Exit status 0 whatever the numbers; non-zero only if something is broken.
set -eu

# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"

DURATION=${DURATION:-30}
# shellcheck source=../tests/integration/openntpd-lib.sh
. "$srcdir/tests/integration/openntpd-lib.sh"
configs="chrony auto floor"
if [ "${OPENNTPD_BENCH:-1}" = 1 ] && (openntpd_require) > /dev/null 2>&1; then
	openntpd_require
	configs="$configs openntpd"
fi
CALLGRIND_SECONDS=${CALLGRIND_SECONDS:-20}

require "$CHRONYC"
require_root
require_mibs
build_tool wakeup-cost plain

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_snmpd
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
SOCK=$T/client/run/chronyd.sock
wait_until 10 test -S "$SOCK" || fail "the client chronyd has no command socket"
machine_note

# lib.sh's start_agent writes refreshInterval 1 and agentxPingInterval 1
# first; later lines win
agent_conf() {
	printf 'chronyAddress udp:127.0.0.1:%s\nagentxPingInterval 5\n' "$CMD_PORT"
	case $1 in
	chrony) echo "daemons chrony" ;;
	auto) echo "daemons auto" ;;
	floor) printf 'daemons chrony\nrefreshInterval 3600\n' ;;
	openntpd) printf 'daemons openntpd\nagentxPingInterval 5\n' ;;
	esac
}

: > "$T/results"
for config in $configs; do
	pid=
	if [ $config = openntpd ]; then
		openntpd_start_world
		start_agent "$(agent_conf $config)" $OPENNTPD_ENTER
		# $AGENT_PID is nsenter (it forks into the PID namespace): its child
		pid=$(tr -d ' ' < "/proc/$AGENT_PID/task/$AGENT_PID/children")
		expect_within 10 scoutNtpDaemonState.openntpd running
	else
		start_agent "$(agent_conf $config)"
		[ $config = floor ] || expect_within 30 scoutNtpSyncStatus.chrony synchronized
	fi
	pid=${pid:-$AGENT_PID}
	sleep 2
	say "$config: $DURATION s without requests"
	measure_window "$pid" "$DURATION" "$SOCK"
	echo "$config $M_WALL_NS $M_CPU_NS $M_TICKS $M_PKTS $(rss_kib "$pid") $(rss_kib "$pid" RssAnon) $(rss_kib "$pid" VmHWM) $M_CSW $(pss_kib "$pid")" >> "$T/results"
	stop_agent
done
say "calibration: one wake-up of a process doing nothing else"
"$T/wakeup-cost" > "$T/wakeup" || fail "wakeup-cost failed"
wake_us=$(awk '$1 == "wake" { print $2 }' "$T/wakeup")
wake_dgram_us=$(awk '$1 == "wake+datagram" { print $2 }' "$T/wakeup")

echo
awk -v tck="$(getconf CLK_TCK)" '
{ c[NR] = $1; wall[NR] = $2; cpu[NR] = $3; ticks[NR] = $4; pkts[NR] = $5
  rss[NR] = $6; anon[NR] = $7; hwm[NR] = $8; csw[NR] = $9; pss[NR] = $10
  if ($1 == "floor") floor = $3 / $2 }
function line(label, fmt, what,   i) {
	printf "%-30s", label
	for (i = 1; i <= NR; i++) {
		if (what == "wall") v = wall[i] / 1e9
		else if (what == "cpu") v = cpu[i] / 1e6
		else if (what == "ticks") v = ticks[i] * 1000 / tck
		else if (what == "pct") v = cpu[i] / wall[i] * 100
		else if (what == "pkts") v = pkts[i]
		else if (what == "periods") v = int(wall[i] / 1e9)
		else if (what == "byreq") v = pkts[i] / 4
		else if (what == "per") v = cpu[i] / (wall[i] / 1e9) / 1000
		else if (what == "net") v = (cpu[i] - floor * wall[i]) / (wall[i] / 1e9) / 1000
		else if (what == "rss") v = rss[i]
		else if (what == "anon") v = anon[i]
		else if (what == "hwm") v = hwm[i]
		else if (what == "csw") v = csw[i] / (wall[i] / 1e9)
		else if (what == "pss") v = pss[i]
		printf " %12" fmt, v
	}
	printf "\n"
}
END {
	printf "%-30s", ""
	for (i = 1; i <= NR; i++)
		printf " %12s", c[i]
	printf "\n"
	line("wall s", ".1f", "wall")
	line("CPU ms (schedstat)", ".2f", "cpu")
	line("CPU ms (utime+stime ticks)", ".0f", "ticks")
	line("CPU % of a core", ".4f", "pct")
	line("chronyd requests", "d", "pkts")
	line("timer periods of 1 s", "d", "periods")
	line("refreshes (requests / 4)", ".1f", "byreq")
	line("CPU µs per second", ".1f", "per")
	line("  less the idle floor", ".1f", "net")
	line("context switches per second", ".1f", "csw")
	line("VmRSS KiB", "d", "rss")
	line("  of which RssAnon KiB", "d", "anon")
	line("  Pss KiB", "d", "pss")
	line("VmHWM KiB", "d", "hwm")
}' "$T/results"

r() { awk -v c="$1" -v f="$2" '$1 == c { print $f }' "$T/results"; }
floor_rate=$(calc "$(r floor 3) / $(r floor 2)" 12)
refreshes=$(calc "$(r chrony 2) / 1e9" 0)
by_requests=$(calc "$(r chrony 5) / 4" 0)
if [ "$refreshes" -le 0 ] || [ "$by_requests" -le 0 ]; then
	fail "no refresh seen"
fi
# the timer and chronyd should agree within a refresh or two
if [ $((refreshes - by_requests)) -gt 2 ] || [ $((by_requests - refreshes)) -gt 2 ]; then
	say "note: $refreshes timer periods but $by_requests refreshes by chronyd's count"
fi
per_refresh=$(calc "$(r chrony 3) / $refreshes / 1000" 1)
per_refresh_auto=$(calc "$(r auto 3) / $refreshes / 1000" 1)
net_refresh=$(calc "($(r chrony 3) - $floor_rate * $(r chrony 2)) / $refreshes / 1000" 1)
idle_pct=$(calc "$(r chrony 3) / $(r chrony 2) * 100" 4)
idle_pct_auto=$(calc "$(r auto 3) / $(r auto 2) * 100" 4)
rss=$(r chrony 6)
rss_anon=$(r chrony 7)
pss=$(r chrony 10)

printf '\none wake-up of an empty process costs %s µs of CPU here (%s µs with a datagram);\n' \
    "$wake_us" "$wake_dgram_us"
printf 'the agent wakes %s times a second at refreshInterval 1, %s at 3600\n' \
    "$(calc "$(r chrony 9) / ($(r chrony 2) / 1e9)" 1)" "$(calc "$(r floor 9) / ($(r floor 2) / 1e9)" 1)"

case " $configs " in *" openntpd "*)
	per_refresh_openntpd=$(calc "$(r openntpd 3) / ($(r openntpd 2) / 1e9) / 1000" 1)
	printf 'openntpd backend (daemons openntpd): %s µs of CPU per refresh, beside %s µs for chrony over UDP\n' \
	    "$per_refresh_openntpd" "$per_refresh"
	;;
esac

if [ "$CALLGRIND_SECONDS" -gt 0 ] && command -v valgrind > /dev/null 2>&1; then
	say "callgrind: $CALLGRIND_SECONDS s at refreshInterval 1, daemons chrony"
	start_agent "$(agent_conf chrony)" valgrind --tool=callgrind \
	    --callgrind-out-file="$T/callgrind.out" --log-file="$T/valgrind.log"
	sleep "$CALLGRIND_SECONDS"
	stop_agent
	[ -s "$T/callgrind.out" ] || fail "callgrind wrote nothing"
	# the collector's entry points (cache_* in builds before the reshape)
	callgrind_costs "$T/callgrind.out" collect_refresh collect_dispatch cache_refresh \
	    cache_dispatch loop_run mib_update > "$T/cg.txt"
	cg() { awk -v f="$1" -v c="$2" '$1 == f { print $c }' "$T/cg.txt"; }
	refresh_fn=collect_refresh dispatch_fn=collect_dispatch
	[ "$(cg collect_refresh 2)" -gt 0 ] 2>/dev/null || refresh_fn=cache_refresh dispatch_fn=cache_dispatch
	n=$(cg $refresh_fn 2)
	[ "${n:-0}" -gt 0 ] || fail "callgrind saw no refresh"
	echo
	printf 'callgrind, %s refreshes, instructions per refresh:\n' "$n"
	printf '  refresh code (%s + %s) %10s\n' "$refresh_fn" "$dispatch_fn" \
	    "$(calc "($(cg $refresh_fn 3) + $(cg $dispatch_fn 3)) / $n" 0)"
	printf '    of which mib_update (rebuilding the rows)   %10s\n' \
	    "$(calc "$(cg mib_update 3) / ($(cg mib_update 2) + 0.000001)" 0)"
	printf '  the whole main loop (loop_run)                %10s\n' \
	    "$(calc "$(cg loop_run 3) / $n" 0)"
fi

echo
verdict "CPU per refresh < 200 µs (chrony over UDP)" "$(cmp_le "$per_refresh" 199.999)" \
    "$per_refresh µs ($net_refresh µs less the idle floor; $per_refresh_auto µs with daemons auto)"
verdict "idle CPU < 0.1 % of a core at refreshInterval 1" "$(cmp_le "$idle_pct" 0.0999)" \
    "$idle_pct % ($idle_pct_auto % with daemons auto)"
verdict "RSS < 8 MiB" "$(cmp_le "$rss" 8191)" \
    "VmRSS $rss KiB: $rss_anon KiB anonymous, the rest shared library pages (Pss $pss KiB)"
exit 0
