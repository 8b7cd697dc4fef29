# SPDX-License-Identifier: BSD-2-Clause
# The real NTPsec for the tests, sourced after lib.sh: ntpd and ntpq unpacked
# from Debian's ntpsec and python3-ntp packages (never installed), in a world
# of two sides made by the test:
#
#   server side: own network + mount namespace, veth 10.123.0.1/30, a chronyd
#                -x server (local stratum 8) on 10.123.0.1:123
#   ntpd side:   own network + mount namespace, veth 10.123.0.2/30, NTPsec
#                ntpd without CAP_SYS_TIME, synchronised to the server
#
# The veth pair is made inside the namespaces (it never exists on the host)
# and 10.123.0.0/30 is routed nowhere. Each side mounts its own empty /run, so
# the server's chronyd socket (/run/chrony/chronyd.sock there) and the host's
# /run (its chronyd or dbus sockets) are invisible on the ntpd side. NTPsec
# binds the wildcard :123 and refuses a loopback alias as server, hence the
# two network namespaces. The namespaces end with their holder processes,
# which cleanup stops; the host keeps nothing.
#
# snmpd (lib.sh start_snmpd) stays on the host's loopback; an agent started
# with `start_agent BODY ntpsec_run` runs on the ntpd side and reaches snmpd
# over the AgentX unix socket in $T (a file: reachable from any network
# namespace), so snmpget on the host sees the ntpd side's daemon.
#
#   ntpsec_require
#   ntpsec_start_world          # both sides, server, ntpd; waits for leap 00
#   ntpsec_run CMD...           # CMD in the ntpd side's namespaces
#   start_agent BODY $NTPSEC_ENTER  # the agent there (unquoted: words)
#   ntpsec_ntpq -c rv -c peers  # NTPsec's ntpq there, numeric
#   ntpsec_stop_server / ntpsec_start_server
#
# Environment: NTPSEC_DIR (the unpacked ntpsec package; else $builddir/deps/ntpsec,
# $srcdir/.deps-cache/ntpsec), PYTHON3_NTP_DIR (python3-ntp, likewise).

NTPSEC_SERVER_ADDR=10.123.0.1
NTPSEC_CLIENT_ADDR=10.123.0.2

_ntpsec_find() {
	for d in "$builddir/deps/$1" "$srcdir/.deps-cache/$1" "$HOME/.cache/scout-ntp-agent/$1"; do
		if [ -d "$d" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# ntpsec_require: the unpacked packages, the tools, root, namespaces
ntpsec_require() {
	require_root
	require "$CHRONYD" unshare nsenter setpriv ip mount ss /usr/bin/python3
	NTPSEC_DIR=${NTPSEC_DIR:-$(_ntpsec_find ntpsec)} ||
		skip "ntpsec not unpacked (tools/fetch-test-deps puts it in DIR/ntpsec)"
	PYTHON3_NTP_DIR=${PYTHON3_NTP_DIR:-$(_ntpsec_find python3-ntp)} ||
		skip "python3-ntp not unpacked (tools/fetch-test-deps puts it in DIR/python3-ntp)"
	NTPD=$NTPSEC_DIR/usr/sbin/ntpd
	NTPQ=$NTPSEC_DIR/usr/bin/ntpq
	[ -x "$NTPD" ] || skip "$NTPD is not an executable"
	[ -f "$NTPQ" ] || skip "$NTPQ missing"
	missing=$(ldd "$NTPD" 2>&1 | awk '/not found/ { printf " %s", $1 }')
	[ -z "$missing" ] || skip "$NTPD lacks$missing (tools/install-deps installs them)"
	err=$(unshare --net --mount true 2>&1) || skip "cannot create network and mount namespaces: $err"
	case "$T/" in /run/*) fail "TMPDIR ($T) would be hidden by the private /run" ;; esac
}

# _ntpsec_side NAME ADDR: a holder process in new network and mount
# namespaces, with lo up and an empty /run; sets NTPSEC_HOLDER
_ntpsec_side() {
	rm -f "$T/$1.ready"
	# --kill-child: the holder's sleep dies with it, and the namespaces with both
	unshare --net --mount --propagation private --fork --kill-child -- sh -c '
		ip link set lo up &&
		mount -n -t tmpfs -o mode=755 tmpfs /run &&
		mkdir -p /run/chrony && : > "$1" && exec sleep 100000' sh "$T/$1.ready" &
	NTPSEC_HOLDER=$!
	track $NTPSEC_HOLDER
	wait_until 10 test -e "$T/$1.ready" || fail "the $1 namespace did not come up"
	[ "$(readlink /proc/$NTPSEC_HOLDER/ns/net)" != "$(readlink /proc/self/ns/net)" ] ||
		fail "the $1 side shares the host's network namespace"
}

_ntpsec_in() {
	holder=$1
	shift
	nsenter -t "$holder" -n -m -- "$@"
}

# ntpsec_run CMD...: CMD in the ntpd side's network and mount namespaces.
# A shell function: for a background daemon whose $! must be the daemon
# itself use the words of $NTPSEC_ENTER (e.g. start_agent BODY $NTPSEC_ENTER).
ntpsec_run() { _ntpsec_in "$NTPSEC_NTPD_SIDE" "$@"; }

ntpsec_server_run() { _ntpsec_in "$NTPSEC_SERVER_SIDE" "$@"; }

# ntpsec_ntpq ARGS...: NTPsec's ntpq on the ntpd side, numeric, to 127.0.0.1
ntpsec_ntpq() {
	ntpsec_run env PYTHONPATH="$PYTHON3_NTP_DIR/usr/lib/python3/dist-packages" \
	    LD_LIBRARY_PATH="$PYTHON3_NTP_DIR/usr/lib/x86_64-linux-gnu/ntp" \
	    /usr/bin/python3 "$NTPQ" -n "$@" 127.0.0.1
}

# ntpsec_start_server: chronyd -x on the server side, local stratum 8
ntpsec_start_server() {
	mkdir -p "$T/server"
	cat > "$T/server/chrony.conf" <<-EOF
	port 123
	bindaddress $NTPSEC_SERVER_ADDR
	allow $NTPSEC_CLIENT_ADDR
	local stratum 8
	cmdport 0
	bindcmdaddress /run/chrony/chronyd.sock
	pidfile /run/chrony/chronyd.pid
	driftfile $T/server/drift
	EOF
	# nsenter execs (no fork, no subshell): $! is chronyd itself
	nsenter -t "$NTPSEC_SERVER_SIDE" -n -m -- "$CHRONYD" -x -d -u root -f "$T/server/chrony.conf" \
	    > "$T/chronyd-server.log" 2>&1 &
	NTPSEC_SERVER_PID=$!
	track $NTPSEC_SERVER_PID
	wait_until 10 ntpsec_server_run sh -c "ss -Hlun '( sport = :123 )' | grep -q ." ||
		fail "the chronyd server does not listen on $NTPSEC_SERVER_ADDR:123"
}

ntpsec_stop_server() { stop_pid "$NTPSEC_SERVER_PID"; }

# ntpsec_start_ntpd [EXTRA_CONF]: NTPsec on the ntpd side, polling the server
# every 2 s; root, but CAP_SYS_TIME is gone from every capability set, so
# ntp_adjtime() fails with EPERM and the clock is never touched
ntpsec_start_ntpd() {
	mkdir -p "$T/ntpd"
	cat > "$T/ntpd/ntp.conf" <<-EOF
	server $NTPSEC_SERVER_ADDR iburst minpoll 1 maxpoll 1
	# mode 6 is refused (silently) unless the query's source is allowed
	restrict 127.0.0.1
	restrict ::1
	driftfile $T/ntpd/drift
	${1:-}
	EOF
	nsenter -t "$NTPSEC_NTPD_SIDE" -n -m -- setpriv --inh-caps=-sys_time --ambient-caps=-sys_time \
	    --bounding-set=-sys_time "$NTPD" -n -c "$T/ntpd/ntp.conf" -l "$T/ntpd.log" \
	    > "$T/ntpd-stdout.log" 2>&1 &
	NTPSEC_NTPD_PID=$!
	track $NTPSEC_NTPD_PID
	wait_until 10 grep -q "Listen normally on .* 127.0.0.1:123" "$T/ntpd.log" ||
		fail "ntpd did not start"
	caps=$(awk '/^CapEff:/ { print $2 }' "/proc/$NTPSEC_NTPD_PID/status")
	[ $((0x$caps >> 25 & 1)) -eq 0 ] || fail "ntpd has CAP_SYS_TIME (CapEff $caps)"
}

ntpsec_stop_ntpd() { stop_pid "$NTPSEC_NTPD_PID"; }

# ntpsec_check_no_leftovers: no process but the holders is left in the
# sides' namespaces (call after stopping what the test started)
ntpsec_check_no_leftovers() {
	left=""
	for side in "$NTPSEC_SERVER_SIDE" "$NTPSEC_NTPD_SIDE"; do
		ns=$(readlink "/proc/$side/ns/net")
		for p in /proc/[0-9]*; do
			pid=${p#/proc/}
			[ "$(readlink "$p/ns/net" 2>/dev/null)" = "$ns" ] || continue
			[ "$pid" = "$side" ] || [ "$(awk '/^PPid:/ { print $2 }' "$p/status")" = "$side" ] ||
				left="$left $pid($(cat "$p/comm"))"
		done
	done
	[ -z "$left" ] || fail "processes left in the namespaces:$left"
}

# ntpsec_rv VAR: one system variable as ntpq prints it
ntpsec_rv() {
	ntpsec_ntpq -c "rv 0 $1" | tr -d '\r' | tr ',' '\n' | sed -n "s/^ *$1=//p"
}

ntpsec_leap_is() { [ "$(ntpsec_rv leap)" = "$1" ]; }

# ntpsec_start_world: both sides, the veth between them, the server and
# ntpd; returns once ntpd says leap 00 (synchronised)
ntpsec_start_world() {
	_ntpsec_side server
	NTPSEC_SERVER_SIDE=$NTPSEC_HOLDER
	_ntpsec_side ntpd
	NTPSEC_NTPD_SIDE=$NTPSEC_HOLDER
	NTPSEC_ENTER="nsenter -t $NTPSEC_NTPD_SIDE -n -m --"
	ntpsec_run ip link add scout-ntpd type veth peer name scout-srv netns "$NTPSEC_SERVER_SIDE" ||
		fail "cannot make the veth pair"
	ntpsec_run ip addr add "$NTPSEC_CLIENT_ADDR/30" dev scout-ntpd
	ntpsec_run ip link set scout-ntpd up
	ntpsec_server_run ip addr add "$NTPSEC_SERVER_ADDR/30" dev scout-srv
	ntpsec_server_run ip link set scout-srv up
	! ip link show scout-ntpd >/dev/null 2>&1 && ! ip link show scout-srv >/dev/null 2>&1 ||
		fail "the veth pair is on the host"
	ntpsec_start_server
	ntpsec_start_ntpd
	wait_until 40 ntpsec_leap_is 00 || fail "ntpd not synchronised within 40 s (leap $(ntpsec_rv leap))"
}
