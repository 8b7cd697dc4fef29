#!/bin/sh
# Nobody local can fake a time daemon: processes named "ntpd" that are not
# ntpd give no row, no active daemon and no notification. Faked here, in the
# test's own PID namespace, by
#   - nobody's shell that renamed itself ntpd (as prctl(PR_SET_NAME) does),
#   - nobody running a copy of sleep called ntpd,
#   - root's shell that renamed itself ntpd (its executable is not ntpd);
# and, to show the checks let a real one through, root running a file
# called ntpd: that one is an ntpd row, read over mode 6 (src/ntpd.c); this
# one serves nothing on port 123, so the row says daemonNotRunning.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require setpriv

mkdir -p "$T/fake"
cp /bin/sleep "$T/fake/ntpd"
chmod 755 "$T/fake" "$T/fake/ntpd"

# fake_renamed USER, fake_copy USER: a process of USER that calls itself
# ntpd; sets FAKE_PID
as_user() {
	user=$1
	shift
	# run in the background: exec, so that $! is the process itself
	exec setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups "$@"
}
fake_renamed() {
	as_user "$1" \
	    sh -c 'printf ntpd > /proc/$$/comm; while :; do sleep 1; done' &
	FAKE_PID=$!
	track $FAKE_PID
}
fake_copy() {
	as_user "$1" "$T/fake/ntpd" 600 &
	FAKE_PID=$!
	track $FAKE_PID
}
is_ntpd() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = ntpd ]; }

fake_renamed nobody
A=$FAKE_PID
fake_copy nobody
B=$FAKE_PID
fake_renamed root
C=$FAKE_PID
for p in $A $B $C; do
	wait_until 5 is_ntpd "$p" || fail "fake $p did not call itself ntpd"
done
say "fakes: $A (nobody, renamed), $B (nobody, a copy), $C (root, renamed)"

start_snmptrapd
# the agent scans /proc as it starts, so it sees all three
start_synced_chrony "startupGrace 0"
expect scoutNtpDaemonsActive.0 1
expect scoutNtpActiveDaemon.0 chrony
expect_absent scoutNtpDaemonName.ntpd
sleep 4 # more than lossHoldoff refreshes
[ "$(traps scoutNtpDaemonConflict)" -eq 0 ] || fail "a fake made a scoutNtpDaemonConflict"
[ "$(traps scoutNtpSyncLost)" -eq 0 ] || fail "a fake made a scoutNtpSyncLost"
say "ok: no fake counts as a daemon"

say "root running a file called ntpd: that one counts"
stop_agent
for p in $A $B $C; do stop_pid "$p"; done
fake_copy root
wait_until 5 is_ntpd "$FAKE_PID" || fail "root's ntpd did not start"
# the agent now asks this ntpd over mode 6 on 127.0.0.1:123: in a network
# namespace of its own (loopback only), so that no ntpd of the host answers;
# chronyd over its unix socket, AgentX over snmpd's (files reach across)
start_agent "chronyAddress unix:$T/client/run/chronyd.sock
startupGrace 0" unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh
expect_within 10 scoutNtpDaemonName.ntpd ntpd
expect scoutNtpSyncReason.ntpd daemonNotRunning
get scoutNtpSyncReasonText.ntpd | grep -q "udp:127.0.0.1:123, udp:\[::1\]:123" ||
	fail "the reason does not name where ntpd was asked: $(get scoutNtpSyncReasonText.ntpd)"
expect scoutNtpDaemonsActive.0 1
