# shellcheck shell=bash disable=SC2034 # variables for the scripts that source this
# SPDX-License-Identifier: BSD-2-Clause
# Shared by the bench/ scripts (sourced, bash). It sources the integration
# tests' lib.sh, so everything runs the way the tests run it: a private snmpd
# on a high loopback port, chronyd pairs with -x on loopback, the agent on a
# private AgentX socket, all stopped again on exit, nothing of the host's
# touched.
#
# Environment, as for the tests: srcdir, builddir, CHRONYD, BASEMIBS,
# SCOUT_NTP_AGENT, KEEP_TEST_DIR; defaults suit a checkout with a build in
# ./build and the test dependencies in ./build/deps or ./.deps-cache.

srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
if [ -z "${builddir:-}" ]; then
	if [ -x "$srcdir/build/src/scout-ntp-agent" ]; then
		builddir=$srcdir/build
	else
		builddir=$srcdir
	fi
fi
if [ -z "${CHRONYD:-}" ]; then
	for c in "$builddir/deps/chrony/usr/sbin/chronyd" \
	    "$srcdir/.deps-cache/chrony/usr/sbin/chronyd" /usr/sbin/chronyd; do
		if [ -x "$c" ]; then
			CHRONYD=$c
			break
		fi
	done
fi
if [ -z "${BASEMIBS:-}" ]; then
	BASEMIBS=$builddir/deps/basemibs
	[ -s "$BASEMIBS/SNMPv2-SMI.mib" ] || BASEMIBS=$srcdir/.deps-cache/basemibs
fi
export srcdir builddir CHRONYD BASEMIBS

# shellcheck source-path=SCRIPTDIR source=../tests/integration/lib.sh
. "$srcdir/tests/integration/lib.sh"

# A benchmark informs; a missing tool means it cannot run at all, so it fails
# (lib.sh's skip exits 77, which is non-zero as well).
CHRONYC=$(dirname "$CHRONYD")/../bin/chronyc

# The agent is copied first: a rebuild during a long run must not swap the
# binary between two measurements.
[ -x "$SCOUT_NTP_AGENT" ] || fail "no agent at $SCOUT_NTP_AGENT (build it, or set SCOUT_NTP_AGENT)"
AGENT_BUILT=$(date -u -r "$SCOUT_NTP_AGENT" '+%Y-%m-%d %H:%M UTC')
AGENT_COMMIT=$(git -C "$srcdir" log -1 --format=%h 2> /dev/null || echo unknown)
if ! git -C "$srcdir" diff --quiet HEAD -- src 2> /dev/null; then
	AGENT_COMMIT="$AGENT_COMMIT + uncommitted src/ changes"
fi
cp "$SCOUT_NTP_AGENT" "$T/scout-ntp-agent"
SCOUT_NTP_AGENT=$T/scout-ntp-agent

MIB_ROOT=.1.3.6.1.4.1.8072.9999.9999.4185
OID_SYSUPTIME=.1.3.6.1.2.1.1.3.0
OID_AGENT=$MIB_ROOT.1.1
OID_DAEMON_TABLE=$MIB_ROOT.1.2
OID_SOURCE_TABLE=$MIB_ROOT.1.3
OID_SYNC_STATUS_CHRONY=$MIB_ROOT.1.2.1.5.1

# lib.sh's start_snmpd writes its own snmpd.conf and starts "snmpd" at once;
# it has no hook for more configuration. Until it has one, this function
# stands in for the snmpd binary: it appends to the file start_snmpd just
# wrote, then becomes the real snmpd (exec keeps the pid lib.sh tracks).
# It always adds dontLogTCPWrappersConnects: lib.sh logs to a file at info
# level, where snmpd writes a "Connection from UDP" line for every request,
# which a production snmpd (Debian: -LS4d) does not; then SNMPD_EXTRA_CONF.
SNMPD_BIN=$(command -v snmpd || true)
SNMPD_EXTRA_CONF=""
snmpd() {
	[ -n "$SNMPD_BIN" ] || {
		echo "snmpd not found" >&2
		exit 1
	}
	printf 'dontLogTCPWrappersConnects yes\n%s\n' "$SNMPD_EXTRA_CONF" >> "$T/snmpd.conf"
	export MIBS SNMP_PERSISTENT_DIR
	exec "$SNMPD_BIN" "$@"
}

# oid_of_string TEXT: a string index as SNMP encodes it (length, then bytes)
oid_of_string() {
	printf '%s' "$1" | od -An -tu1 -v | tr -s ' \n' '..' |
	    sed -e "s/^/.${#1}/" -e 's/\.$//' -e 's/\.\././g'
	echo
}

# build_tool NAME [plain]: bench/NAME.c into $T/NAME, against libnetsnmp
# (and libnetsnmpagent, which only null-subagent needs), or plain
build_tool() {
	require cc
	if [ "${2:-}" = plain ]; then
		cc -O2 -o "$T/$1" "$srcdir/bench/$1.c" 2> "$T/cc.log" ||
			fail "cannot build bench/$1.c: $(cat "$T/cc.log")"
		return
	fi
	require net-snmp-config
	# shellcheck disable=SC2046 # word splitting of the flags is wanted
	cc -O2 -o "$T/$1" "$srcdir/bench/$1.c" \
	    $(net-snmp-config --cflags) -lnetsnmpagent $(net-snmp-config --libs) 2> "$T/cc.log" ||
		fail "cannot build bench/$1.c: $(cat "$T/cc.log")"
}

# start_null_subagent: bench/null-subagent.c on the private master, to
# measure what AgentX itself costs
OID_NULL_ONE=.1.3.6.1.4.1.8072.9999.9999.1.1.0
OID_NULL_ROW=.1.3.6.1.4.1.8072.9999.9999.1.2
null_registered() {
	snmp snmpget -Oqv "$OID_NULL_ONE" | grep -qx 42
}
start_null_subagent() {
	build_tool null-subagent
	"$T/null-subagent" "unix:$T/agentx.sock" > "$T/null-subagent.log" 2>&1 &
	NULL_PID=$!
	track $NULL_PID
	wait_until 10 null_registered || fail "null-subagent did not register with snmpd"
}

# latency ARGS...: the client against the private snmpd
latency() {
	"$T/snmp-latency" -p "127.0.0.1:$SNMP_PORT" -c public "$@"
}

# cpu_ns PID: CPU time (user + system) so far in nanoseconds, from
# /proc/PID/schedstat (exact; /proc/PID/stat counts 10 ms ticks)
cpu_ns() {
	read -r ns _ < "/proc/$1/schedstat" || fail "no /proc/$1/schedstat"
	echo "$ns"
}

# cpu_ticks PID: utime + stime from /proc/PID/stat, in clock ticks
cpu_ticks() {
	sed -e 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# rss_kib PID [FIELD]: VmRSS (or FIELD, e.g. VmHWM) in KiB
rss_kib() {
	awk -v f="${2:-VmRSS}:" '$1 == f { print $2 }' "/proc/$1/status"
}

# ctx_switches PID: voluntary + involuntary context switches so far
ctx_switches() {
	awk '$1 ~ /ctxt_switches:$/ { n += $2 } END { print n }' "/proc/$1/status"
}

# pss_kib PID: proportional set size (shared pages divided among their users)
pss_kib() {
	awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup" 2> /dev/null || echo 0
}

# cmd_packets SOCKET: chronyd's count of command requests received
cmd_packets() {
	"$CHRONYC" -n -h "$1" serverstats | awk -F: '/^Command packets received/ { gsub(/ /, "", $2); print $2 }'
}

now_ns() { date +%s%N; }

# verdict NAME OK DETAIL: one PASS/MISS line
verdict() {
	if [ "$2" = 1 ]; then
		printf 'PASS  %s: %s\n' "$1" "$3"
	else
		printf 'MISS  %s: %s\n' "$1" "$3"
	fi
}

# cmp_le A B: 1 if A <= B (decimals)
cmp_le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? 1 : 0 }'; }

machine_note() {
	printf 'machine: %s, %s cores (%s), load %s\n' "$(uname -r)" "$(nproc)" \
	    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
	    "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf 'agent: built %s, tree at %s; %s\n' "$AGENT_BUILT" "$AGENT_COMMIT" \
	    "$("$SCOUT_NTP_AGENT" -V 2> /dev/null | head -n 1)"
}

# measure_window PID SECONDS [CHRONYD_SOCKET]: sleeps SECONDS and sets
# M_WALL_NS, M_CPU_NS (schedstat), M_TICKS (utime + stime), M_CSW (context
# switches, i.e. about as many wake-ups) and, given the
# chronyd socket, M_PKTS (command requests chronyd received, less the
# serverstats request that read the second count)
measure_window() {
	mw_pid=$1
	mw_pkts0=0
	[ -z "${3:-}" ] || mw_pkts0=$(cmd_packets "$3")
	mw_t0=$(now_ns)
	mw_cpu0=$(cpu_ns "$mw_pid")
	mw_ticks0=$(cpu_ticks "$mw_pid")
	mw_csw0=$(ctx_switches "$mw_pid")
	sleep "$2"
	mw_cpu1=$(cpu_ns "$mw_pid")
	mw_ticks1=$(cpu_ticks "$mw_pid")
	mw_csw1=$(ctx_switches "$mw_pid")
	mw_t1=$(now_ns)
	M_PKTS=0
	[ -z "${3:-}" ] || M_PKTS=$(($(cmd_packets "$3") - mw_pkts0 - 1))
	M_WALL_NS=$((mw_t1 - mw_t0))
	M_CPU_NS=$((mw_cpu1 - mw_cpu0))
	M_TICKS=$((mw_ticks1 - mw_ticks0))
	M_CSW=$((mw_csw1 - mw_csw0))
}

# calc EXPR: awk arithmetic, printed with %.Nf (N = $2, default 1)
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }

# callgrind_costs FILE FUNCTION...: for each FUNCTION, "NAME CALLS INCLUSIVE_IR"
# summed over every call arc into it, read from a callgrind output file
callgrind_costs() {
	cg_file=$1
	shift
	awk -v want=" $* " '
	function name_of(s,   id, rest) {
		# "(12) name" defines id 12, "(12)" refers to it
		if (match(s, /^\([0-9]+\)/)) {
			id = substr(s, 2, RLENGTH - 2)
			rest = substr(s, RLENGTH + 1)
			sub(/^ /, "", rest)
			if (rest != "")
				names[id] = rest
			return names[id]
		}
		return s
	}
	/^fn=/ { name_of(substr($0, 4)) }
	/^cfn=/ { callee = name_of(substr($0, 5)) }
	/^calls=/ {
		split(substr($0, 7), c, " ")
		pending = callee
		ncalls = c[1]
		next
	}
	pending != "" {
		# the cost line after calls=: position, then the inclusive Ir
		if (index(want, " " pending " ")) {
			calls[pending] += ncalls
			incl[pending] += $2
		}
		pending = ""
	}
	END {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++)
			printf "%s %d %.0f\n", w[i], calls[w[i]], incl[w[i]]
	}' "$cg_file"
}
