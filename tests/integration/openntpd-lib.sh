# SPDX-License-Identifier: BSD-2-Clause
# The real OpenNTPD for the tests, sourced after lib.sh: ntpd and ntpctl
# unpacked from Debian 12's openntpd package (never installed), in a world of
# two sides made by the test:
#
#   server side: own network + mount namespace, veth 10.124.0.1/30, a chronyd
#                -x server (local stratum 8) on 10.124.0.1:123
#   client side: own network, mount and PID namespace, veth 10.124.0.2/30,
#                OpenNTPD without CAP_SYS_TIME, LD_PRELOADed with
#                adjtime-shim.so (adjustments report success, change nothing)
#
# The veth pair is made inside the namespaces and 10.124.0.0/30 is routed
# nowhere. Each side mounts its own empty /run; the client side also an empty
# /var/lib (OpenNTPD's socket is compiled in as /var/lib/openntpd/run/ntpd.sock)
# and an /etc/passwd with OpenNTPD's privilege-separation user "ntpd", so the
# host's files stay as they are. snmpd stays on the host's loopback; the agent
# runs on the client side and reaches snmpd over the AgentX socket in $T.
#
#   openntpd_require
#   openntpd_start_world        # both sides, the server, OpenNTPD
#   openntpd_run CMD...         # CMD on the client side
#   start_agent BODY $OPENNTPD_ENTER
#   openntpd_ctl -s all         # Debian's ntpctl there
#   openntpd_stop_server / openntpd_stop_ntpd
#
# Environment: OPENNTPD_DIR (the unpacked openntpd package; else
# $builddir/deps/openntpd, $srcdir/.deps-cache/openntpd,
# $HOME/.cache/scout-ntp-agent/openntpd), CC.

OPENNTPD_SERVER_ADDR=10.124.0.1
OPENNTPD_CLIENT_ADDR=10.124.0.2

openntpd_require() {
	require_root
	require "$CHRONYD" unshare nsenter setpriv ip mount ss "${CC:-cc}"
	if [ -z "${OPENNTPD_DIR:-}" ]; then
		for d in "$builddir/deps/openntpd" "$srcdir/.deps-cache/openntpd" \
		    "$HOME/.cache/scout-ntp-agent/openntpd"; do
			[ -d "$d" ] && OPENNTPD_DIR=$d && break
		done
	fi
	[ -n "${OPENNTPD_DIR:-}" ] ||
		skip "openntpd not unpacked (tools/fetch-test-deps puts it in DIR/openntpd)"
	OPENNTPD=$OPENNTPD_DIR/usr/sbin/ntpd
	NTPCTL=$OPENNTPD_DIR/usr/sbin/ntpctl
	[ -x "$OPENNTPD" ] && [ -x "$NTPCTL" ] || skip "no ntpd or ntpctl in $OPENNTPD_DIR"
	err=$(unshare --net --mount --pid --fork --mount-proc true 2>&1) ||
		skip "cannot create network, mount and PID namespaces: $err"
	case "$T/" in /run/* | /var/lib/*) fail "TMPDIR ($T) would be hidden by a private mount" ;; esac
	"${CC:-cc}" -shared -fPIC -O2 -o "$T/adjtime-shim.so" "$srcdir/tests/integration/adjtime-shim.c" -ldl ||
		fail "cannot build the adjtime shim"
}

# _openntpd_side NAME [--client]: a holder in new network and mount
# namespaces (the client side: a PID namespace too, an empty /var/lib, the
# ntpd user); sets OPENNTPD_HOLDER (tracked) and OPENNTPD_NS (to nsenter)
_openntpd_side() {
	rm -f "$T/$1.ready"
	{
		cat /etc/passwd
		echo "ntpd:x:65534:65534:OpenNTPD:/run/openntpd:/usr/sbin/nologin"
	} > "$T/passwd"
	chmod 644 "$T/passwd"
	unshare --net --mount --propagation private ${2:+--pid --mount-proc} --fork --kill-child \
	    -- sh -c '
		ip link set lo up &&
		mount -n -t tmpfs -o mode=755 tmpfs /run &&
		mkdir -m 770 /run/chrony &&
		if [ -n "$2" ]; then
			mount -n -t tmpfs -o mode=755 tmpfs /var/lib &&
			mkdir -p /var/lib/openntpd/run /var/lib/openntpd/db &&
			mkdir -m 755 /run/openntpd &&
			mount -n --bind "$3" /etc/passwd
		fi && : > "$1" && exec sleep 100000' sh "$T/$1.ready" "${2:-}" "$T/passwd" &
	OPENNTPD_HOLDER=$!
	track $OPENNTPD_HOLDER
	command -v disown >/dev/null 2>&1 && disown $OPENNTPD_HOLDER 2>/dev/null || true
	wait_until 10 test -e "$T/$1.ready" || fail "the $1 namespace did not come up"
	OPENNTPD_NS=$OPENNTPD_HOLDER
	if [ -n "${2:-}" ]; then
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			OPENNTPD_NS=$(tr -d ' ' < "/proc/$OPENNTPD_HOLDER/task/$OPENNTPD_HOLDER/children")
			[ -z "$OPENNTPD_NS" ] || break
			sleep 0.1
		done
	fi
	[ -n "$OPENNTPD_NS" ] &&
	    [ "$(readlink /proc/$OPENNTPD_NS/ns/net)" != "$(readlink /proc/self/ns/net)" ] ||
		fail "the $1 side shares the host's network namespace"
}

openntpd_run() { nsenter -t "$OPENNTPD_CLIENT_NS" -n -m -p -- "$@"; }
openntpd_server_run() { nsenter -t "$OPENNTPD_SERVER_NS" -n -m -- "$@"; }
openntpd_ctl() { openntpd_run "$NTPCTL" "$@"; }

openntpd_start_server() {
	start_netns_chrony_server "$OPENNTPD_SERVER_NS" "$OPENNTPD_SERVER_ADDR" "$OPENNTPD_CLIENT_ADDR"
	OPENNTPD_SERVER_PID=$NETNS_SERVER_PID
}

openntpd_stop_server() { stop_pid "$OPENNTPD_SERVER_PID"; }

# openntpd_start_ntpd: OpenNTPD in the foreground (-d) on the client side,
# CAP_SYS_TIME gone from every set, the shim preloaded
openntpd_start_ntpd() {
	mkdir -p "$T/openntpd"
	echo "server $OPENNTPD_SERVER_ADDR" > "$T/openntpd/ntpd.conf"
	$OPENNTPD_ENTER env LD_PRELOAD="$T/adjtime-shim.so" \
	    setpriv --inh-caps=-sys_time --ambient-caps=-sys_time --bounding-set=-sys_time \
	    "$OPENNTPD" -d -v -f "$T/openntpd/ntpd.conf" > "$T/openntpd.log" 2>&1 &
	OPENNTPD_PID=$!
	track $OPENNTPD_PID
	wait_until 10 openntpd_run test -S /var/lib/openntpd/run/ntpd.sock ||
		fail "OpenNTPD did not make its control socket (see $T/openntpd.log)"
	for p in $(openntpd_run pgrep -x ntpd); do
		caps=$(openntpd_run awk '/^CapEff:/ { print $2 }' "/proc/$p/status")
		[ $((0x$caps >> 25 & 1)) -eq 0 ] || fail "OpenNTPD has CAP_SYS_TIME (CapEff $caps)"
	done
}

openntpd_stop_ntpd() { stop_pid "$OPENNTPD_PID"; }

openntpd_synced() { openntpd_ctl -s status 2>/dev/null | grep -q "clock synced"; }

openntpd_start_world() {
	_openntpd_side server
	OPENNTPD_SERVER_NS=$OPENNTPD_NS
	_openntpd_side client --client
	OPENNTPD_CLIENT_NS=$OPENNTPD_NS
	OPENNTPD_ENTER="nsenter -t $OPENNTPD_CLIENT_NS -n -m -p -- setpriv --pdeathsig TERM --"
	openntpd_server_run ip link add scout-osrv type veth peer name scout-ontp netns "$OPENNTPD_CLIENT_NS" ||
		fail "cannot make the veth pair"
	openntpd_run ip addr add "$OPENNTPD_CLIENT_ADDR/30" dev scout-ontp
	openntpd_run ip link set scout-ontp up
	openntpd_server_run ip addr add "$OPENNTPD_SERVER_ADDR/30" dev scout-osrv
	openntpd_server_run ip link set scout-osrv up
	openntpd_start_server
	openntpd_start_ntpd
}
