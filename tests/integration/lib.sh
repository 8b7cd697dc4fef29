# SPDX-License-Identifier: BSD-2-Clause
# Shared by the integration tests: a private directory, free ports, and real
# snmpd, snmptrapd, chronyd and scout-ntp-agent started on loopback and
# private sockets, all stopped again on exit. Nothing here touches the host's
# own snmpd or time daemon, or its clock (chronyd runs with -x).
#
# Environment: SCOUT_NTP_AGENT (the binary), srcdir, builddir, CHRONYD (else
# the unpacked package under $builddir/deps, else /usr/sbin/chronyd),
# BASEMIBS (the SMIv2 base MIBs), CI (true: a missing tool fails, never skips),
# KEEP_TEST_DIR (keep $T for a post-mortem).

set -eu

srcdir=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
builddir=${builddir:-$srcdir}
SCOUT_NTP_AGENT=${SCOUT_NTP_AGENT:-$builddir/src/scout-ntp-agent}
BASEMIBS=${BASEMIBS:-$builddir/deps/basemibs}
if [ -z "${CHRONYD:-}" ]; then
	if [ -x "$builddir/deps/chrony/usr/sbin/chronyd" ]; then
		CHRONYD=$builddir/deps/chrony/usr/sbin/chronyd
	else
		CHRONYD=/usr/sbin/chronyd
	fi
fi

say() { printf '%s: %s\n' "$(basename "$0")" "$*"; }

# Hermetic: the test runs again, from the start, in its own PID namespace
# with a private /proc (and so a private mount namespace), so that the
# agent sees the test's daemons only, never a chronyd, ntpd or timesyncd of
# the host; when the test ends, the namespace's last process ends with it.
# The outer run waits and exits with the inner's status (its EXIT trap, if
# the test set one before sourcing this file, runs then).
if [ -z "${SCOUT_TEST_PIDNS:-}" ]; then
	if [ "$(id -u)" -eq 0 ] && nserr=$(unshare --pid --fork --mount-proc true 2>&1); then
		sh=$(readlink /proc/$$/exe)
		trace=""
		case $- in *x*) trace=-x ;; esac
		status=0
		# inside, $$ is 1 in every test: free_port starts from this pid
		SCOUT_TEST_PIDNS=$(readlink /proc/self/ns/pid) SCOUT_TEST_OUTER_PID=$$ \
		    unshare --pid --fork --mount-proc --kill-child -- "$sh" $trace "$0" "$@" ||
			status=$?
		exit $status
	fi
	if [ "${CI:-}" = true ]; then
		say "FAIL (CI must be hermetic): cannot make a PID namespace: ${nserr:-not root}"
		exit 1
	fi
	say "WARNING: not hermetic (no PID namespace: ${nserr:-not root}): host daemons may show"
	SCOUT_TEST_PIDNS=none
fi
export SCOUT_TEST_PIDNS

T=$(mktemp -d "${TMPDIR:-/tmp}/scout-test.XXXXXX")
chmod 755 "$T"
PIDS=""

# A missing prerequisite skips the test (77), except in CI, where it fails.
skip() {
	if [ "${CI:-}" = true ]; then
		say "FAIL (CI must not skip): $*"
		exit 1
	fi
	say "SKIP: $*"
	exit 77
}

fail() {
	say "FAIL: $*"
	for f in "$T"/*.log; do
		[ -f "$f" ] || continue
		echo "----- $f (last 30 lines)"
		tail -n 30 "$f"
	done
	exit 1
}

require() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || skip "$tool not found"
	done
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (chronyd binds and drops privileges)"
}

cleanup() {
	status=$?
	# the agent first: killing it with snmpd at once trips a net-snmp assert
	for pid in $PIDS; do
		kill "$pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	done
	if [ "${KEEP_TEST_DIR:-}" ]; then
		say "kept $T"
	else
		rm -rf "$T"
	fi
	exit $status
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# free_port: a port nothing listens on, different on every call. It runs in
# $(...) subshells, so the last port handed out is kept in a file.
# Seeded at random, not from $$: in the test's own PID namespace every test
# is pid 1 or 2, and tests that run at once would try the same ports.
echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000)) > "$T/last-port"
free_port() {
	port=$(cat "$T/last-port")
	while :; do
		port=$((port + 1))
		[ $port -lt 60000 ] || port=20000
		ss -Hln "( sport = :$port )" 2>/dev/null | grep -q . || break
	done
	echo $port > "$T/last-port"
	echo $port
}

# wait_until SECONDS COMMAND...: polls every 0.2 s
wait_until() {
	limit=$1
	shift
	end=$(($(date +%s) + limit))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# Processes started here are stopped by cleanup, newest first.
track() { PIDS="$1 $PIDS"; }
untrack() { PIDS=$(echo " $PIDS " | sed "s/ $1 / /"); }

stop_pid() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
	untrack "$1"
}

CHRONY_POLL=${CHRONY_POLL:--3}
SNMP_PORT=
TRAP_PORT=
start_snmpd() {
	require snmpd snmpget
	SNMP_PORT=${SNMP_PORT:-$(free_port)}
	TRAP_PORT=${TRAP_PORT:-$(free_port)}
	mkdir -p "$T/persist" "$T/snmpconf"
	cat > "$T/snmpd.conf" <<-EOF
	agentAddress udp:127.0.0.1:$SNMP_PORT
	master agentx
	agentXSocket unix:$T/agentx.sock
	agentXPerms ${AGENTX_PERMS:-0666 0755}
	agentXTimeout 1
	agentXRetries 1
	rocommunity public 127.0.0.1
	rwcommunity private 127.0.0.1
	trap2sink 127.0.0.1:$TRAP_PORT public
	EOF
	# clients read only this, never /etc/snmp or ~/.snmp
	cat > "$T/snmpconf/snmp.conf" <<-EOF
	mibdirs $BASEMIBS:/usr/share/snmp/mibs:$srcdir/mibs
	mibs SNMPv2-MIB:SCOUT-NTP-MIB
	EOF
	MIBS= SNMP_PERSISTENT_DIR=$T/persist snmpd -f -Lf "$T/snmpd.log" -C -c "$T/snmpd.conf" \
	    -I -smux,mteTrigger,mteTriggerConf -p "$T/snmpd.pid" &
	SNMPD_PID=$!
	track $SNMPD_PID
	wait_until 10 test -S "$T/agentx.sock" || fail "snmpd did not start"
}

stop_snmpd() { stop_pid "$SNMPD_PID"; }

# start_snmptrapd: a receiver on $TRAP_PORT writing one line a notification
# to $T/traps.log: "TRAP <trap OID> <varbinds, tab-separated>"
start_snmptrapd() {
	require snmptrapd
	TRAP_PORT=${TRAP_PORT:-$(free_port)}
	cat > "$T/snmptrapd.conf" <<-EOF
	disableAuthorization yes
	format2 TRAP %v\n
	EOF
	: > "$T/traps.log"
	MIBS=${TRAP_MIBS:-SNMPv2-MIB:SCOUT-NTP-MIB} MIBDIRS=$BASEMIBS:/usr/share/snmp/mibs:$srcdir/mibs \
	SNMP_PERSISTENT_DIR=$T/persist snmptrapd -f -C -c "$T/snmptrapd.conf" -OqU \
	    -Lf "$T/traps.log" "udp:127.0.0.1:$TRAP_PORT" &
	SNMPTRAPD_PID=$!
	track $SNMPTRAPD_PID
	wait_until 10 grep -q "NET-SNMP version" "$T/traps.log" || fail "snmptrapd did not start"
}

# traps NAME: how many notifications NAME (e.g. scoutNtpSyncLost) arrived
traps() { grep -c "^TRAP .*snmpTrapOID.0 SCOUT-NTP-MIB::$1\b" "$T/traps.log" || true; }

traps_at_least() { [ "$(traps "$1")" -ge "$2" ]; }

# expect_traps SECONDS NAME COUNT: exactly COUNT of NAME within SECONDS
expect_traps() {
	wait_until "$1" traps_at_least "$2" "$3" ||
		fail "$(traps "$2") $2 within $1 s, expected $3"
	[ "$(traps "$2")" -eq "$3" ] || fail "$(traps "$2") $2, expected exactly $3"
	say "ok: $3 x $2"
}

require_mibs() {
	[ -s "$BASEMIBS/SNMPv2-SMI.mib" ] ||
		skip "base MIBs not in $BASEMIBS (tools/fetch-test-deps puts them there)"
}

# snmp CMD ARGS...: a net-snmp client against the private snmpd, with our MIB
snmp() {
	cmd=$1
	shift
	SNMPCONFPATH=$T/snmpconf MIBS= "$cmd" -v2c -c public -t 2 -r 1 "127.0.0.1:$SNMP_PORT" "$@"
}

# get OBJECT: the value alone, quotes removed ("synchronized", 9, ...)
get() {
	snmp snmpget -OqvU "SCOUT-NTP-MIB::$1" | sed -e 's/^"//' -e 's/"$//'
}

# expect OBJECT VALUE: get equals VALUE
expect() {
	got=$(get "$1")
	[ "$got" = "$2" ] || fail "$1 is \"$got\", expected \"$2\""
	say "ok: $1 = $got"
}

is_value() { [ "$(get "$1")" = "$2" ]; }

# expect_within SECONDS OBJECT VALUE
expect_within() {
	wait_until "$1" is_value "$2" "$3" ||
		fail "$2 did not become \"$3\" within $1 s (is \"$(get "$2")\")"
	say "ok: $2 = $3"
}

expect_absent() {
	out=$(snmp snmpget -Oqv "SCOUT-NTP-MIB::$1")
	case "$out" in
	*"No Such Instance"*) say "ok: $1 is absent" ;;
	*) fail "$1 is \"$out\", expected noSuchInstance" ;;
	esac
}

# start_chronyd NAME CONF_BODY: a private chronyd in $T/NAME; sets CHRONYD_PID
start_chronyd() {
	require "$CHRONYD"
	require_root
	name=$1
	mkdir -p "$T/$name"
	chmod 755 "$T/$name"
	{
		printf '%s\n' "$2"
		echo "pidfile $T/$name/chronyd.pid"
		echo "driftfile $T/$name/drift"
	} > "$T/$name/chrony.conf"
	# -x: never touch the clock; -d: stay in the foreground; -u root: this
	# machine need not have chrony's _chrony user
	"$CHRONYD" -x -d -u root -f "$T/$name/chrony.conf" > "$T/$name.log" 2>&1 &
	CHRONYD_PID=$!
	track $CHRONYD_PID
}

# start_netns_chrony_server NS_PID SERVER_ADDR CLIENT_ADDR: a chronyd -x
# server (local stratum 8) on SERVER_ADDR:123 inside the network and mount
# namespaces of NS_PID, serving CLIENT_ADDR, its socket in that side's /run;
# sets NETNS_SERVER_PID (chronyd itself: nsenter execs). For the worlds of
# ntpsec-lib.sh and openntpd-lib.sh, whose daemons need a real port 123.
start_netns_chrony_server() {
	mkdir -p "$T/server"
	cat > "$T/server/chrony.conf" <<-EOF
	port 123
	bindaddress $2
	allow $3
	local stratum 8
	cmdport 0
	bindcmdaddress /run/chrony/chronyd.sock
	pidfile /run/chrony/chronyd.pid
	driftfile $T/server/drift
	EOF
	nsenter -t "$1" -n -m -- "$CHRONYD" -x -d -u root -f "$T/server/chrony.conf" \
	    > "$T/chronyd-server.log" 2>&1 &
	NETNS_SERVER_PID=$!
	track $NETNS_SERVER_PID
	wait_until 10 nsenter -t "$1" -n -m -- sh -c "ss -Hlun '( sport = :123 )' | grep -q ." ||
		fail "the chronyd server does not listen on $2:123"
}

# start_chrony_server NAME NTP_PORT [CMD_PORT [ADDRESS]]: local stratum 8 on
# loopback (ADDRESS: any of 127.0.0.0/8, default 127.0.0.1)
start_chrony_server() {
	# cmdport 0 leaves the unix socket on: keep it private, never /run/chrony
	cmd="cmdport 0
bindcmdaddress $T/$1/run/chronyd.sock"
	[ -z "${3:-}" ] || cmd="cmdport $3
bindcmdaddress ${4:-127.0.0.1}
bindcmdaddress $T/$1/run/chronyd.sock"
	start_chronyd "$1" "port $2
bindaddress ${4:-127.0.0.1}
allow 127.0.0.0/8
local stratum 8
$cmd"
	SERVER_PID=$CHRONYD_PID
}

# start_chrony_client NAME CMD_PORT SERVER...: polls every 2^CHRONY_POLL s
# (1/8 s: fast, yet a loaded CI machine does not empty the reach register).
# SERVER is PORT (on 127.0.0.1) or ADDRESS:PORT.
start_chrony_client() {
	name=$1
	cmdport=$2
	shift 2
	servers=""
	for p in "$@"; do
		case "$p" in *:*) addr=${p%:*} p=${p#*:} ;; *) addr=127.0.0.1 ;; esac
		servers="${servers}server $addr port $p iburst minpoll $CHRONY_POLL maxpoll $CHRONY_POLL
"
	done
	start_chronyd "$name" "${servers}port 0
cmdport $cmdport
bindcmdaddress 127.0.0.1
bindcmdaddress $T/$name/run/chronyd.sock"
	CLIENT_PID=$CHRONYD_PID
}

# chronyc CMD_PORT ARGS...: what chronyc says about the same instance
chronyc_at() {
	port=$1
	shift
	"$(dirname "$CHRONYD")/../bin/chronyc" -n -c -h 127.0.0.1 -p "$port" "$@"
}

# test_system_bus: the system bus the agent may use (timesyncd, systemd's
# units): the test's own (timesyncd-lib.sh's start_dbus, or /run/dbus in its
# private /run), never the host's: else an address where nothing listens
test_system_bus() {
	if [ -n "${DBUS_SYSTEM_BUS_ADDRESS:-}" ]; then
		echo "$DBUS_SYSTEM_BUS_ADDRESS"
	elif [ -n "${SCOUT_TIMESYNCD_NS:-}" ]; then
		echo unix:path=/run/dbus/system_bus_socket
	else
		echo "unix:path=$T/no-system-bus"
	fi
}

# start_agent CONF_BODY [WRAPPER...]: the agent on the private master
start_agent() {
	body=$1
	shift
	{
		echo "agentXSocket unix:$T/agentx.sock"
		echo "agentxPingInterval 1"
		echo "refreshInterval 1"
		printf '%s\n' "$body"
	} > "$T/agent.conf"
	chmod 644 "$T/agent.conf"
	# the agent may run as another user (nobody): let it write its log
	: > "$T/agent.log"
	chmod 666 "$T/agent.log"
	DBUS_SYSTEM_BUS_ADDRESS=$(test_system_bus) \
	    "$@" "$SCOUT_NTP_AGENT" -f -c "$T/agent.conf" -Lf "$T/agent.log" &
	AGENT_PID=$!
	track $AGENT_PID
	wait_until 10 agent_registered || fail "the agent did not register with snmpd"
}

# start_synced_chrony [AGENT_CONF [WRAPPER...]]: what most tests start from:
# a chronyd server, a client synchronised to it, snmpd, and the agent reading
# the client (plus AGENT_CONF lines); returns once the row says synchronized.
# Sets NTP_PORT, CMD_PORT, SERVER_PID, CLIENT_PID, AGENT_PID.
start_synced_chrony() {
	conf=${1:-}
	[ $# -eq 0 ] || shift
	NTP_PORT=$(free_port)
	CMD_PORT=$(free_port)
	start_chrony_server server "$NTP_PORT"
	start_chrony_client client "$CMD_PORT" "$NTP_PORT"
	start_snmpd
	start_agent "chronyAddress udp:127.0.0.1:$CMD_PORT
$conf" "$@"
	expect_within 30 scoutNtpSyncStatus.chrony synchronized
}

agent_registered() {
	snmp snmpget -Oqv SCOUT-NTP-MIB::scoutNtpAgentVersion.0 | grep -qv "No Such"
}

stop_agent() { stop_pid "$AGENT_PID"; }
