#!/bin/sh
# The pid file (-p) and the log file (-Lf) are written without following a
# symlink planted at their path, and the pid file is locked: a second agent
# with the same -p refuses to start and leaves the first one's file alone;
# the file is removed by the agent that holds it, on exit.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

# no snmpd and no chronyd here: the agent waits for a master that is absent,
# and reads chrony where nothing answers (never the host's own daemons)
cat > "$T/agent.conf" <<CONF
agentXSocket unix:$T/no-master
agentxPingInterval 1
daemons chrony
chronyAddress udp:127.0.0.1:$(free_port)
CONF

# agent ARGS...: the agent in the foreground with that config, in the background
agent() {
	DBUS_SYSTEM_BUS_ADDRESS=$(test_system_bus) "$SCOUT_NTP_AGENT" -c "$T/agent.conf" "$@" &
	AGENT_PID=$!
	track $AGENT_PID
}

# refuses OUT ARGS...: the agent exits non-zero within 5 s; its output in $T/OUT
refuses() {
	out=$1
	shift
	status=0
	DBUS_SYSTEM_BUS_ADDRESS=$(test_system_bus) timeout 5 "$SCOUT_NTP_AGENT" -c "$T/agent.conf" "$@" \
	    > "$T/$out" 2>&1 || status=$?
	[ "$status" -ne 124 ] || fail "the agent did not exit within 5 s with $*"
	[ "$status" -ne 0 ] || fail "the agent exited 0 with $*"
}

pid_in() { [ "$(cat "$1" 2>/dev/null)" = "$2" ]; }

say "a symlink at the pid file's path is not followed"
echo precious > "$T/target"
ln -s "$T/target" "$T/link.pid"
refuses symlink.out -f -Le -p "$T/link.pid"
grep -q "pid file $T/link.pid is a symbolic link; refusing to follow it" "$T/symlink.out" ||
	fail "no clear message: $(cat "$T/symlink.out")"
[ "$(cat "$T/target")" = precious ] || fail "the symlink's target was changed"
[ -L "$T/link.pid" ] || fail "the symlink was removed"
say "ok: refused, target untouched"

say "a second agent with the same -p refuses; the first keeps its file"
agent -f -Lf "$T/first.log" -p "$T/agent.pid"
FIRST=$AGENT_PID
wait_until 10 pid_in "$T/agent.pid" "$FIRST" || fail "the first agent did not write its pid"
mode=$(stat -c %a "$T/agent.pid")
[ "$mode" = 644 ] || fail "the pid file has mode $mode, expected 644"
refuses second.out -f -Le -p "$T/agent.pid"
grep -q "not starting: another scout-ntp-agent (pid $FIRST) holds $T/agent.pid" "$T/second.out" ||
	fail "no clear message: $(cat "$T/second.out")"
pid_in "$T/agent.pid" "$FIRST" || fail "the pid file now says \"$(cat "$T/agent.pid")\""
kill -0 "$FIRST" || fail "the first agent died"
say "ok: second refused, first still holds $T/agent.pid"
stop_pid "$FIRST"
[ ! -e "$T/agent.pid" ] || fail "the first agent left its pid file behind"
say "ok: removed on exit"

say "a stale pid file (no live holder) is taken over, without O_TRUNC before the lock"
echo 999999 > "$T/agent.pid"
agent -f -Lf "$T/stale.log" -p "$T/agent.pid"
wait_until 10 pid_in "$T/agent.pid" "$AGENT_PID" || fail "the stale pid file was not taken over"
stop_agent
say "ok: taken over"

say "in the background: the lock survives daemonizing"
DBUS_SYSTEM_BUS_ADDRESS=$(test_system_bus) \
    "$SCOUT_NTP_AGENT" -c "$T/agent.conf" -Lf "$T/daemon.log" -p "$T/daemon.pid" ||
	fail "the agent did not go into the background"
wait_until 10 test -s "$T/daemon.pid" || fail "the daemon wrote no pid file"
DAEMON=$(cat "$T/daemon.pid")
track "$DAEMON"
kill -0 "$DAEMON" || fail "pid $DAEMON from the file does not run"
refuses daemon2.out -p "$T/daemon.pid"
grep -q "another scout-ntp-agent (pid $DAEMON) holds $T/daemon.pid" "$T/daemon2.out" ||
	fail "the second background agent did not say why on its terminal: $(cat "$T/daemon2.out")"
# gone, or a zombie: the daemon's parent is this namespace's init, the test
gone() {
	state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -z "$state" ] || [ "$state" = Z ]
}
kill "$DAEMON"
wait_until 10 gone "$DAEMON" || fail "the daemon did not stop"
untrack "$DAEMON"
[ ! -e "$T/daemon.pid" ] || fail "the daemon left its pid file behind"
say "ok: second refused on its terminal; file removed when the daemon stopped"

say "-Lf: a symlink at the log file's path is not followed"
echo precious > "$T/logtarget"
ln -s "$T/logtarget" "$T/link.log"
refuses loglink.out -f -Lf "$T/link.log"
grep -q -- "-Lf $T/link.log: it is a symbolic link; refusing to follow it" "$T/loglink.out" ||
	fail "no clear message: $(cat "$T/loglink.out")"
[ "$(cat "$T/logtarget")" = precious ] || fail "the log symlink's target was written"
say "ok: refused, target untouched"

say "-Lf and SIGHUP: a symlink planted after rotation is not followed either"
agent -f -Lf "$T/rot.log"
wait_until 10 grep -q "started, waiting for snmpd" "$T/rot.log" || fail "the agent did not log to -Lf"
mv "$T/rot.log" "$T/rot.log.1"
ln -s "$T/logtarget" "$T/rot.log"
kill -HUP "$AGENT_PID"
wait_until 5 grep -q "cannot reopen $T/rot.log: it is a symbolic link" "$T/rot.log.1" ||
	fail "no message in the old log: $(tail -3 "$T/rot.log.1")"
[ "$(cat "$T/logtarget")" = precious ] || fail "SIGHUP wrote through the symlink"
rm "$T/rot.log"
kill -HUP "$AGENT_PID"
wait_until 5 grep -q "reopened $T/rot.log on SIGHUP" "$T/rot.log" || fail "no reopen after rotation"
kill -0 "$AGENT_PID" || fail "the agent died"
say "ok: kept the old file on a symlink, reopened a real one"
