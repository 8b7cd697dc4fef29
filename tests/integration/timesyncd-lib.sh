# SPDX-License-Identifier: BSD-2-Clause
# The real systemd-timesyncd for the tests, sourced after lib.sh: the binary
# unpacked from its Debian package (never installed), on a private system
# bus, synchronising to a chronyd server on 127.0.0.1:123, all inside private
# mount, network and PID namespaces (doc/PROTOCOLS.md 9.3, doc/DESIGN.md 7):
#
#   timesyncd_require
#   timesyncd_enter_namespace "$@"   # the rest of the test runs inside
#   start_chrony_server ntp 123
#   wait_udp_port 123
#   start_dbus
#   start_timesyncd 127.0.0.1
#   wait_until 30 timesyncd_synced || fail ...
#
# Safety: timesyncd runs as an unprivileged user with an empty capability
# bounding set, so its clock_adjtime() fails with EPERM and the host's clock
# is never touched. Inside the namespaces /run, /etc/systemd and
# /var/lib/systemd are private tmpfs and the network has loopback only; the
# namespaces, their mounts and every process in them end with the test. The
# outer half of the test then checks that nothing of it is left on the host.
#
# Environment: TIMESYNCD (the binary; else the unpacked package under
# $builddir/deps or $srcdir/.deps-cache), TIMESYNCD_LIBDIR (where
# libsystemd-shared-*.so is; else the unpacked libsystemd-shared package next
# to the binary's, else the system's), TIMESYNCD_USER (default
# systemd-timesync, else nobody).

TIMESYNC_BUS=org.freedesktop.timesync1
TIMESYNC_PATH=/org/freedesktop/timesync1
TIMESYNC_IFACE=org.freedesktop.timesync1.Manager

# timesyncd_require: the binary, its libraries, the tools, root, namespaces
timesyncd_require() {
	require_root
	require unshare setpriv dbus-daemon dbus-send ip mount findmnt ss ldd
	if [ -z "${TIMESYNCD:-}" ]; then
		for c in "$builddir/deps/systemd-timesyncd" "$srcdir/.deps-cache/systemd-timesyncd"; do
			for b in "$c/lib/systemd/systemd-timesyncd" "$c/usr/lib/systemd/systemd-timesyncd"; do
				if [ -x "$b" ]; then
					TIMESYNCD=$b
					break 2
				fi
			done
		done
	fi
	[ -n "${TIMESYNCD:-}" ] ||
		skip "systemd-timesyncd not unpacked (tools/fetch-test-deps puts it in DIR/systemd-timesyncd)"
	[ -x "$TIMESYNCD" ] || skip "TIMESYNCD=$TIMESYNCD is not an executable"
	# libsystemd-shared of the same version, unpacked next to it, else the
	# system's (the binary's RUNPATH): it is systemd's private library
	if [ -z "${TIMESYNCD_LIBDIR:-}" ]; then
		root=${TIMESYNCD%/systemd-timesyncd}
		root=${root%/lib/systemd}
		root=${root%/usr}
		for d in "$(dirname "$root")"/libsystemd-shared/usr/lib/*/systemd; do
			if ls "$d"/libsystemd-shared-*.so >/dev/null 2>&1; then
				TIMESYNCD_LIBDIR=$d
				break
			fi
		done
	fi
	missing=$(LD_LIBRARY_PATH=${TIMESYNCD_LIBDIR:-} ldd "$TIMESYNCD" 2>&1 |
	    awk '/not found/ { printf " %s", $1 }')
	[ -z "$missing" ] ||
		skip "$TIMESYNCD lacks$missing (tools/fetch-test-deps unpacks libsystemd-shared," \
		    "tools/install-deps installs what that needs)"
	if [ -z "${TIMESYNCD_USER:-}" ]; then
		TIMESYNCD_USER=nobody
		getent passwd systemd-timesync >/dev/null 2>&1 && TIMESYNCD_USER=systemd-timesync
	fi
	TIMESYNCD_UID=$(id -u "$TIMESYNCD_USER" 2>/dev/null) || skip "no user $TIMESYNCD_USER"
	TIMESYNCD_GID=$(id -g "$TIMESYNCD_USER")
	[ "$TIMESYNCD_UID" -ne 0 ] || fail "timesyncd must not run as root: it would keep CAP_SYS_TIME"
	if [ -z "${SCOUT_TIMESYNCD_NS:-}" ]; then
		err=$(unshare --mount --net --pid --fork --mount-proc true 2>&1) ||
			skip "cannot create mount, network and PID namespaces: $err"
	fi
	export TIMESYNCD TIMESYNCD_LIBDIR TIMESYNCD_USER
}

# timesyncd_enter_namespace "$@": runs this test script again, from the
# start, inside new mount, network and PID namespaces (the PID namespace ends
# every process of the test with it, and /proc there shows only the test's
# processes); the inner run returns from here with the private directories in
# place. The outer run waits, checks the host for leftovers, and exits with
# the inner's status.
timesyncd_enter_namespace() {
	if [ -n "${SCOUT_TIMESYNCD_NS:-}" ]; then
		_ts_inner
		return 0
	fi
	_ts_host_state > "$T/host.before"
	# the same shell (dash, or bash from make), tracing if this one does
	sh=$(readlink /proc/$$/exe)
	trace=""
	case $- in *x*) trace=-x ;; esac
	start=$(date +%s.%N)
	status=0
	SCOUT_TIMESYNCD_NS=$(readlink /proc/self/ns/mnt) SCOUT_TIMESYNCD_NET=$(readlink /proc/self/ns/net) \
	    SCOUT_TIMESYNCD_OUTER=$T \
	    unshare --mount --net --pid --fork --mount-proc --kill-child -- "$sh" $trace "$0" "$@" ||
		status=$?
	end=$(date +%s.%N)
	_ts_host_state > "$T/host.after"
	if ! cmp -s "$T/host.before" "$T/host.after"; then
		diff "$T/host.before" "$T/host.after" || true
		fail "the test changed the host (above: before / after)"
	fi
	left=""
	if [ -s "$T/ns" ]; then
		read -r mnt net < "$T/ns"
		for p in /proc/[0-9]*; do
			case "$(readlink "$p/ns/mnt" 2>/dev/null) $(readlink "$p/ns/net" 2>/dev/null)" in
			"$mnt "* | *" $net") left="$left ${p#/proc/}" ;;
			esac
		done
	fi
	[ -z "$left" ] || fail "processes of the test's namespaces are left:$left"
	say "ok: the host is untouched: mounts, /run, /etc/systemd, /var/lib/systemd, no process left" \
	    "($(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s in the namespaces)"
	exit $status
}

# What a leak would change on the host: mounts on the directories made
# private, and the files timesyncd, libmount and chronyd would write.
_ts_host_state() {
	findmnt -rn -o TARGET,FSTYPE,SOURCE | awk '$1 == "/run" || $1 == "/proc" ||
	    $1 ~ /^\/(etc|var\/lib|usr\/lib|usr\/local\/lib|lib)\/systemd($|\/)/'
	for p in /run/mount /run/dbus /run/chrony /run/systemd /run/systemd/timesync \
	    /run/systemd/timesync/synchronized /run/systemd/netif /run/systemd/system /etc/systemd \
	    /etc/systemd/timesyncd.conf /etc/systemd/timesyncd.conf.d /var/lib/systemd \
	    /var/lib/systemd/timesync /var/lib/systemd/timesync/clock; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			stat -c '%n %F %U:%G %a %s' "$p"
		else
			echo "$p absent"
		fi
	done
	ls -A /run/systemd /etc/systemd /var/lib/systemd 2>/dev/null || true
	sha256sum /etc/systemd/timesyncd.conf 2>/dev/null || true
	# mtimes too, unless the host's own timesyncd may be writing them
	if ! cat /proc/[0-9]*/comm 2>/dev/null | grep -qx systemd-timesyn; then
		stat -c '%n %Y' /run/systemd/timesync/synchronized /var/lib/systemd/timesync/clock \
		    2>/dev/null || true
	fi
}

# Inside: check that this is not the host, then make the directories private.
_ts_inner() {
	if [ "$(readlink /proc/self/ns/mnt)" = "$SCOUT_TIMESYNCD_NS" ] ||
	    [ "$(readlink /proc/self/ns/net)" = "${SCOUT_TIMESYNCD_NET:-}" ] || [ $$ -ne 1 ]; then
		fail "not in private namespaces; refusing to mount anything"
	fi
	echo "$(readlink /proc/self/ns/mnt) $(readlink /proc/self/ns/net)" > "$SCOUT_TIMESYNCD_OUTER/ns"
	case "$T/" in
	/run/* | /etc/systemd/* | /var/lib/systemd/* | /proc/*) fail "TMPDIR ($T) would be hidden" ;;
	esac
	ip link set lo up
	# mount -n: libmount would create /run/mount on the host's /run
	mount -n -t tmpfs -o mode=755 tmpfs /run
	mkdir -m 1777 /run/lock
	# /run/systemd/system: "booted with systemd" (sd_booted(), timedatectl);
	# rmdir it for a container without systemd
	mkdir -p /run/dbus /run/systemd/netif/links /run/systemd/timesync /run/systemd/system
	_ts_private_dir /etc/systemd
	_ts_private_dir /var/lib/systemd
	mkdir -p /var/lib/systemd/timesync
	chown "$TIMESYNCD_UID:$TIMESYNCD_GID" /run/systemd/timesync /var/lib/systemd/timesync
	# drop-ins the host may have would override the test's configuration
	for d in /usr/local/lib/systemd/timesyncd.conf.d /usr/lib/systemd/timesyncd.conf.d \
	    /lib/systemd/timesyncd.conf.d; do
		[ ! -d "$d" ] || mount -n -t tmpfs -o ro,mode=755 tmpfs "$d"
	done
	_timesyncd_conf
}

# _ts_private_dir DIR: an empty tmpfs on DIR. A DIR the host lacks is made in
# an overlay of its nearest existing parent, upper layer in the private /run,
# so that the host's directory stays as it is (mounts below that parent, such
# as a container's /etc/hosts, are then hidden).
_ts_private_dir() {
	if [ ! -d "$1" ]; then
		parent=$(dirname "$1")
		while [ ! -d "$parent" ]; do parent=$(dirname "$parent"); done
		o=/run/.overlay$(echo "$parent" | tr / _)
		mkdir -p "$o/upper" "$o/work"
		mount -n -t overlay overlay -o "lowerdir=$parent,upperdir=$o/upper,workdir=$o/work" "$parent"
		mkdir -p "$1"
	fi
	mount -n -t tmpfs -o mode=755 tmpfs "$1"
}

# wait_udp_port PORT: until something listens on UDP PORT
wait_udp_port() {
	wait_until 10 _ts_udp_listening "$1" || fail "nothing listens on UDP port $1"
}
_ts_udp_listening() { ss -Hlun "( sport = :$1 )" | grep -q .; }

# start_dbus: a private system bus, allowing everything, on $T/bus and at
# the standard address /run/dbus/system_bus_socket (this namespace's own);
# exports DBUS_SYSTEM_BUS_ADDRESS. No service is ever bus-activated.
start_dbus() {
	mkdir -p "$T/bus"
	chmod 755 "$T/bus"
	cat > "$T/bus.conf" <<-EOF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>system</type>
	  <listen>unix:path=$T/bus/system_bus_socket</listen>
	  <listen>unix:path=/run/dbus/system_bus_socket</listen>
	  <auth>EXTERNAL</auth>
	  <policy context="default">
	    <allow user="*"/>
	    <allow own="*"/>
	    <allow send_destination="*"/>
	    <allow receive_sender="*"/>
	  </policy>
	</busconfig>
	EOF
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=$T/bus/system_bus_socket
	export DBUS_SYSTEM_BUS_ADDRESS
	dbus-daemon --config-file="$T/bus.conf" --nofork --nopidfile --nosyslog > "$T/dbus.log" 2>&1 &
	DBUS_PID=$!
	track $DBUS_PID
	wait_until 10 _ts_bus_up || fail "dbus-daemon did not start"
}

_ts_bus_up() {
	dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	    org.freedesktop.DBus.GetId
}

stop_dbus() { stop_pid "$DBUS_PID"; }

# start_fake_systemd1 FILE: a MOCK of systemd's unit objects on the private
# bus (tests/integration/fake-systemd1.c: the real systemd cannot run as PID
# 1 here), serving org.freedesktop.systemd1.Unit's Id, LoadState,
# ActiveState, SubState and UnitFileState for the units in FILE, one a line:
#   chrony.service=loaded:active:enabled     (SubState derived: running)
#   chronyd.service=@chrony.service          (an alias: Id chrony.service)
# and not-found/inactive/dead/"" for any other unit. After start_dbus; sets
# FAKE_SYSTEMD1_PID, returns once org.freedesktop.systemd1 is owned. The
# binary: FAKE_SYSTEMD1, else $builddir/tests/integration/fake-systemd1.
# Logs every query to $T/fake-systemd1.log (appended).
start_fake_systemd1() {
	[ -n "${DBUS_PID:-}" ] || fail "start_fake_systemd1: start_dbus first (never the host's bus)"
	_fs1_bin=${FAKE_SYSTEMD1:-$builddir/tests/integration/fake-systemd1}
	[ -x "$_fs1_bin" ] || skip "$_fs1_bin not built (make check builds it)"
	[ -z "${FAKE_SYSTEMD1_PID:-}" ] || ! kill -0 "$FAKE_SYSTEMD1_PID" 2>/dev/null ||
		fail "start_fake_systemd1: one is running already"
	echo "---- start_fake_systemd1 $1" >> "$T/fake-systemd1.log"
	"$_fs1_bin" -f "$1" >> "$T/fake-systemd1.log" 2>&1 &
	FAKE_SYSTEMD1_PID=$!
	track $FAKE_SYSTEMD1_PID
	wait_until 10 _fs1_started || fail "fake-systemd1 did not take org.freedesktop.systemd1"
	kill -0 "$FAKE_SYSTEMD1_PID" 2>/dev/null || fail "fake-systemd1 exited (its log is above)"
}

# fake_systemd1_reload: the mock re-reads its FILE (SIGHUP); returns once it
# has, fails if FILE is wrong (the mock then keeps the previous units)
fake_systemd1_reload() {
	_fs1_n=$(_fs1_reloads)
	kill -HUP "$FAKE_SYSTEMD1_PID" 2>/dev/null || fail "fake-systemd1 is not running"
	wait_until 10 _fs1_reloaded "$_fs1_n" || fail "fake-systemd1 did not reload"
	grep '^fake-systemd1\[[0-9]*\]: reload [0-9]*: ' "$T/fake-systemd1.log" | tail -n 1 |
	    grep -qv ': FAILED' || fail "fake-systemd1 could not reload its units (its log is above)"
}

# owned, or the mock is gone (start_fake_systemd1 tells which)
_fs1_started() {
	! kill -0 "$FAKE_SYSTEMD1_PID" 2>/dev/null ||
	    dbus-send --system --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.systemd1 2>/dev/null | grep -q true
}
# one "reload N: ..." line per SIGHUP handled, over all starts
_fs1_reloads() { grep -c '^fake-systemd1\[[0-9]*\]: reload [0-9]*: ' "$T/fake-systemd1.log" || true; }
_fs1_reloaded() { [ "$(_fs1_reloads)" -gt "$1" ]; }

# _timesyncd_conf [SERVER...]: /etc/systemd/timesyncd.conf (private) with
# these servers and no fallback ones: none at all without arguments.
# timesyncd 252 treats an empty FallbackNTP= as "the compiled-in defaults"
# (Debian's pool); an invalid name is ignored ("Invalid NTP server name or
# address, ignoring: none..") and leaves the fallback list empty.
_timesyncd_conf() {
	cat > /etc/systemd/timesyncd.conf <<-EOF
	[Time]
	NTP=$*
	FallbackNTP=none..
	PollIntervalMinSec=16
	PollIntervalMaxSec=${TIMESYNCD_POLL_MAX:-32}
	EOF
	chmod 644 /etc/systemd/timesyncd.conf
}

# start_timesyncd [SERVER...]: the real timesyncd on the private bus, as
# $TIMESYNCD_USER with no capabilities at all (no CAP_SYS_TIME: it cannot
# change the clock); sets TIMESYNCD_PID, waits until it owns its bus name.
# Logs at debug level to $T/timesyncd.log (appended, a line
# "---- start_timesyncd SERVERS" before each start).
start_timesyncd() {
	_timesyncd_conf "$@"
	echo "---- start_timesyncd $*" >> "$T/timesyncd.log"
	SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_COLOR=0 \
	    LD_LIBRARY_PATH=${TIMESYNCD_LIBDIR:-} \
	    setpriv --reuid="$TIMESYNCD_UID" --regid="$TIMESYNCD_GID" --clear-groups \
	    --inh-caps=-all --ambient-caps=-all --bounding-set=-all --no-new-privs \
	    "$TIMESYNCD" >> "$T/timesyncd.log" 2>&1 &
	TIMESYNCD_PID=$!
	track $TIMESYNCD_PID
	wait_until 10 timesyncd_on_bus || fail "timesyncd did not take $TIMESYNC_BUS"
}

stop_timesyncd() { stop_pid "$TIMESYNCD_PID"; }

# timesyncd_log: what the last timesyncd started has logged
timesyncd_log() {
	awk '/^---- start_timesyncd/ { n = NR } { l[NR] = $0 } END { for (i = n; i <= NR; i++) print l[i] }' \
	    "$T/timesyncd.log"
}

# timesyncd_logged REGEX: it has logged a line matching REGEX (grep -E)
timesyncd_logged() { timesyncd_log | grep -Eq "$1"; }

# timesyncd_on_bus: org.freedesktop.timesync1 has an owner (never starts it)
timesyncd_on_bus() {
	dbus-send --system --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
	    org.freedesktop.DBus.NameHasOwner string:$TIMESYNC_BUS 2>/dev/null | grep -q true
}

# timesyncd_property NAME: the property's value on one line, space-separated
# in signature order, strings bare, a byte array as one hex word
# ("7f000001"). ServerName: 127.0.0.1; ServerAddress: 2 7f000001, or 0 when
# none (dbus-send prints an empty byte array as an empty array); NTPMessage:
# 0 4 4 8 -26 0 0 7f7f0101 T1 T2 T3 T4 false 1 0 (doc/PROTOCOLS.md 4.1 numbering);
# an empty string array prints nothing.
timesyncd_property() {
	reply=$(dbus-send --system --print-reply --reply-timeout=2000 --dest=$TIMESYNC_BUS \
	    $TIMESYNC_PATH org.freedesktop.DBus.Properties.Get string:$TIMESYNC_IFACE string:"$1") ||
		return 1
	printf '%s\n' "$reply" | awk '
	NR == 1 { next }                      # "method return time=..."
	/array of bytes \[/ { inbytes = 1; bytes = ""; next }
	inbytes && /^ *\]/ { out = out (out == "" ? "" : " ") (bytes == "" ? "-" : bytes); inbytes = 0; next }
	inbytes { gsub(/[ \t]/, ""); bytes = bytes $0; next }
	/array of bytes "/ {                  # printable bytes come as a string
		s = $0; z = s ~ /" \+ \\0$/; sub(/^[^"]*"/, "", s); sub(/"[^"]*$/, "", s)
		h = ""; for (i = 1; i <= length(s); i++) h = h sprintf("%02x", ord[substr(s, i, 1)])
		if (z) h = h "00"
		out = out (out == "" ? "" : " ") (h == "" ? "-" : h); next
	}
	{
		sub(/^[ \t]*(variant[ \t]*)?/, "")
		if ($0 ~ /^(struct|array) [{\[]$/ || $0 ~ /^[}\]]$/ || $0 == "") next
		if ($1 == "string") { v = $0; sub(/^[^"]*"/, "", v); sub(/"$/, "", v) }
		else v = $2
		out = out (out == "" ? "" : " ") v
	}
	BEGIN { for (i = 32; i < 127; i++) ord[sprintf("%c", i)] = i }
	END { print out }'
}

# ntp_message_field N: field N (1-based, doc/PROTOCOLS.md 4.1) of NTPMessage:
# 1 leap 2 version 3 mode 4 stratum 5 precision 6 root delay 7 root
# dispersion 8 refid 9-12 T1-T4 13 spike 14 packet count 15 jitter
ntp_message_field() {
	timesyncd_property NTPMessage | cut -d' ' -f"$1"
}

# timesyncd_synced: at least one reply accepted, and the file timesyncd
# touches after each accepted sample is there
timesyncd_synced() {
	[ "$(ntp_message_field 14)" -ge 1 ] && [ -e /run/systemd/timesync/synchronized ]
}
