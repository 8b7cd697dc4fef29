# SPDX-License-Identifier: BSD-2-Clause
# The real NTPsec for the tests, sourced after lib.sh: ntpd and ntpq unpacked
# from Debian's ntpsec and python3-ntp packages (never installed), in a world
# of two sides made by the test:
#
#   server side: own network + mount namespace, veth 10.123.0.1/30, a chronyd
#                -x server (local stratum 8) on 10.123.0.1:123
#   ntpd side:   own network, mount and PID namespace (/proc shows only its
#                processes: an agent there sees neither the server's chronyd
#                nor the host's daemons), veth 10.123.0.2/30, NTPsec ntpd
#                without CAP_SYS_TIME, synchronised to the server
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
#                               # (--unsynced: the sides only, start them later)
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
	err=$(unshare --net --mount --pid --fork --mount-proc true 2>&1) ||
		skip "cannot create network, mount and PID namespaces: $err"
	case "$T/" in /run/*) fail "TMPDIR ($T) would be hidden by the private /run" ;; esac
}

# _ntpsec_side NAME [--pid]: a holder process in new network and mount
# namespaces (with --pid a PID namespace too, /proc remounted), lo up and an
# empty /run; sets NTPSEC_HOLDER (tracked) and NTPSEC_NS (the process to
# nsenter: with --pid the namespace's init, the holder's child)
_ntpsec_side() {
	rm -f "$T/$1.ready"
	# --kill-child: the holder's child dies with it (unshare ignores SIGTERM;
	# cleanup's SIGKILL ends it), and with a PID namespace's init all in it
	unshare --net --mount --propagation private ${2:+--pid --mount-proc} --fork --kill-child \
	    -- sh -c '
		ip link set lo up &&
		mount -n -t tmpfs -o mode=755 tmpfs /run &&
		mkdir -m 770 /run/chrony && : > "$1" && exec sleep 100000' sh "$T/$1.ready" &
	NTPSEC_HOLDER=$!
	track $NTPSEC_HOLDER
	# bash (bench/) would report the SIGKILL that cleanup ends it with
	command -v disown >/dev/null 2>&1 && disown $NTPSEC_HOLDER 2>/dev/null || true
	wait_until 10 test -e "$T/$1.ready" || fail "the $1 namespace did not come up"
	NTPSEC_NS=$NTPSEC_HOLDER
	[ -z "${2:-}" ] || NTPSEC_NS=$(_ntpsec_child "$NTPSEC_HOLDER")
	[ -n "$NTPSEC_NS" ] && [ "$(readlink /proc/$NTPSEC_NS/ns/net)" != "$(readlink /proc/self/ns/net)" ] ||
		fail "the $1 side shares the host's network namespace"
}

# _ntpsec_child PID: PID's only child (host's view)
_ntpsec_child() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null | tr -d ' ')
		[ -z "$c" ] || break
		sleep 0.1
	done
	echo "$c"
}

# ntpsec_run CMD...: CMD in the ntpd side's network, mount and PID namespaces
ntpsec_run() { nsenter -t "$NTPSEC_NTPD_NS" -n -m -p -- "$@"; }

ntpsec_server_run() { nsenter -t "$NTPSEC_SERVER_NS" -n -m -- "$@"; }

# ntpsec_ntpq ARGS...: NTPsec's ntpq on the ntpd side, numeric, to 127.0.0.1
ntpsec_ntpq() {
	ntpsec_run env PYTHONPATH="$PYTHON3_NTP_DIR/usr/lib/python3/dist-packages" \
	    LD_LIBRARY_PATH="$PYTHON3_NTP_DIR/usr/lib/x86_64-linux-gnu/ntp" \
	    /usr/bin/python3 "$NTPQ" -n "$@" 127.0.0.1
}

# ntpsec_start_server: chronyd -x on the server side, local stratum 8
ntpsec_start_server() {
	start_netns_chrony_server "$NTPSEC_SERVER_NS" "$NTPSEC_SERVER_ADDR" "$NTPSEC_CLIENT_ADDR"
	NTPSEC_SERVER_PID=$NETNS_SERVER_PID
}

ntpsec_stop_server() { stop_pid "$NTPSEC_SERVER_PID"; }

# ntpsec_start_ntpd [EXTRA_CONF]: NTPsec on the ntpd side, polling the server
# every 2 s; root, but CAP_SYS_TIME is gone from every capability set, so
# ntp_adjtime() fails with EPERM and the clock is never touched
ntpsec_start_ntpd() {
	mkdir -p "$T/ntpd"
	cat > "$T/ntpd/ntp.conf" <<-EOF
	server $NTPSEC_SERVER_ADDR iburst minpoll 1 maxpoll 1
	# mode 6 is dropped (silently) unless the query's source is allowed;
	# NTPSEC_RESTRICT="" leaves NTPsec's built-in noquery in force
	${NTPSEC_RESTRICT-restrict 127.0.0.1
	restrict ::1}
	driftfile $T/ntpd/drift
	${1:-}
	EOF
	# $! is nsenter (entering a PID namespace forks): --pdeathsig makes
	# stopping it stop ntpd
	$NTPSEC_ENTER setpriv --inh-caps=-sys_time --ambient-caps=-sys_time \
	    --bounding-set=-sys_time "$NTPD" -n -c "$T/ntpd/ntp.conf" -l "$T/ntpd.log" \
	    > "$T/ntpd-stdout.log" 2>&1 &
	NTPSEC_NTPD_PID=$!
	track $NTPSEC_NTPD_PID
	wait_until 10 grep -q "Listen normally on .* 127.0.0.1:123" "$T/ntpd.log" ||
		fail "ntpd did not start"
	ntpd=$(_ntpsec_child "$NTPSEC_NTPD_PID")
	[ "$(cat "/proc/$ntpd/comm")" = ntpd ] || fail "no ntpd under nsenter $NTPSEC_NTPD_PID"
	caps=$(awk '/^CapEff:/ { print $2 }' "/proc/$ntpd/status")
	[ $((0x$caps >> 25 & 1)) -eq 0 ] || fail "ntpd has CAP_SYS_TIME (CapEff $caps)"
}

ntpsec_stop_ntpd() { stop_pid "$NTPSEC_NTPD_PID"; }

# ntpsec_check_no_leftovers: after the test stopped what it started, no
# process but the holders and their sleeps is left in the sides' namespaces
ntpsec_check_no_leftovers() {
	left=""
	for ns in "$NTPSEC_SERVER_NS" "$NTPSEC_NTPD_NS"; do
		net=$(readlink "/proc/$ns/ns/net")
		for p in /proc/[0-9]*; do
			pid=${p#/proc/}
			[ "$(readlink "$p/ns/net" 2>/dev/null)" = "$net" ] || continue
			case " $NTPSEC_SERVER_SIDE $NTPSEC_SERVER_NS $NTPSEC_NTPD_SIDE $NTPSEC_NTPD_NS " in
			*" $pid "*) ;;
			*" $(awk '/^PPid:/ { print $2 }' "$p/status" 2>/dev/null) "*) ;; # a holder's sleep
			*) left="$left $pid($(cat "$p/comm" 2>/dev/null))" ;;
			esac
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
	NTPSEC_SERVER_SIDE=$NTPSEC_HOLDER NTPSEC_SERVER_NS=$NTPSEC_NS
	_ntpsec_side ntpd --pid
	NTPSEC_NTPD_SIDE=$NTPSEC_HOLDER NTPSEC_NTPD_NS=$NTPSEC_NS
	# a daemon there: stopping the nsenter (its $!) sends the daemon SIGTERM
	NTPSEC_ENTER="nsenter -t $NTPSEC_NTPD_NS -n -m -p -- setpriv --pdeathsig TERM --"
	# made on the server side, whose /proc is the host's: the PID names the
	# ntpd side's network namespace (inside the ntpd side PIDs differ)
	ntpsec_server_run ip link add scout-srv type veth peer name scout-ntpd netns "$NTPSEC_NTPD_NS" ||
		fail "cannot make the veth pair"
	ntpsec_run ip addr add "$NTPSEC_CLIENT_ADDR/30" dev scout-ntpd
	ntpsec_run ip link set scout-ntpd up
	ntpsec_server_run ip addr add "$NTPSEC_SERVER_ADDR/30" dev scout-srv
	ntpsec_server_run ip link set scout-srv up
	! ip link show scout-ntpd >/dev/null 2>&1 && ! ip link show scout-srv >/dev/null 2>&1 ||
		fail "the veth pair is on the host"
	if [ "${1:-}" != --unsynced ]; then
		ntpsec_start_server
		ntpsec_start_ntpd
		wait_until 40 ntpsec_leap_is 00 ||
			fail "ntpd not synchronised within 40 s (leap $(ntpsec_rv leap))"
	fi
}
