#!/bin/sh
# What the real systemd-timesyncd (252, private namespaces and bus, see
# timesyncd-lib.sh) shows on D-Bus when its one server answers but refuses to
# be used (tests/ntp-responder: leap 3 / stratum 16, or a kiss-o'-death DENY),
# compared with a server that never answers: the facts issue 10's rules for
# timesyncd would be built on. timesyncd runs with debug logging so that the
# test can see which case it is in; its D-Bus properties are what the agent
# can read.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/timesyncd-lib.sh"
RESPONDER=$builddir/tests/ntp-responder
require "$RESPONDER"
require_mibs
timesyncd_require
timesyncd_enter_namespace "$@"

TIMESYNCD_POLL_MAX=16
# NTPMessage before any reply was accepted: leap .. refid zero, no spike,
# packet count 0, jitter 0 (T1..T4, fields 9-12, are left out)
NO_MESSAGE="0 0 0 0 0 0 0 00000000 false 0 0"

# responder MODE: the one NTP server on 127.0.0.1:123, in MODE
responder() {
	[ -z "${RESPONDER_PID:-}" ] || stop_pid "$RESPONDER_PID"
	"$RESPONDER" -m "$1" 127.0.0.1 1 123 >> "$T/responder.log" 2>&1 &
	RESPONDER_PID=$!
	track $RESPONDER_PID
	wait_udp_port 123
}

message() { timesyncd_property NTPMessage | cut -d' ' -f1-8,13-15; }

# the agent's row: with nothing on D-Bus to tell the cases apart, the same
# reason for all three, and a text that says it cannot tell
agent_cannot_tell() {
	expect_within 10 scoutNtpSyncReason.timesyncd noReachableSources
	text=$(get scoutNtpSyncReasonText.timesyncd)
	[ "$text" = "systemd-timesyncd has no usable reply yet from 127.0.0.1: outbound UDP port 123 may be blocked, or the server refuses or is unsynchronised (timesyncd does not tell which)" ] ||
		fail "$1: reason text \"$text\""
	say "ok: $1: agent: noReachableSources: $text"
}

# same_facts: the D-Bus view with the server named, nothing accepted
same_facts() {
	[ "$(message)" = "$NO_MESSAGE" ] || fail "$1: NTPMessage \"$(message)\""
	[ "$(timesyncd_property ServerName)" = 127.0.0.1 ] ||
		fail "$1: ServerName \"$(timesyncd_property ServerName)\""
	[ "$(timesyncd_property ServerAddress)" = "2 7f000001" ] ||
		fail "$1: ServerAddress \"$(timesyncd_property ServerAddress)\""
	[ ! -e /run/systemd/timesync/synchronized ] || fail "$1: synchronized file exists"
	say "ok: $1: NTPMessage \"$(message)\", ServerName 127.0.0.1, ServerAddress 2 7f000001, not synchronized"
}

start_dbus
start_snmpd
start_agent "startupGrace 0
daemons timesyncd"

for mode in unsync deny; do
	say "a server that answers $mode"
	responder "$mode"
	start=$(date +%s)
	start_timesyncd 127.0.0.1
	wait_until 15 timesyncd_logged 'Server is not synchronized\. Disconnecting\.' ||
		fail "$mode: timesyncd did not reject the reply"
	say "ok: $mode: rejected after $(($(date +%s) - start)) s (\"Server is not synchronized. Disconnecting.\", a debug message)"
	# it keeps the server and tries it again; the rejected reply is nowhere
	same_facts "$mode"
	timesyncd_logged 'NTP response:' && fail "$mode: timesyncd took the reply"
	agent_cannot_tell "$mode"
	stop_timesyncd
done

say "a server that never answers"
responder silent
start=$(date +%s)
start_timesyncd 127.0.0.1
wait_until 30 timesyncd_logged 'Timed out waiting for reply from 127\.0\.0\.1:123' ||
	fail "silent: no timeout logged"
say "ok: silent: timed out after $(($(date +%s) - start)) s"
same_facts silent
agent_cannot_tell silent
stop_timesyncd

say "a server that answered, then says it is not synchronised"
responder normal
start_timesyncd 127.0.0.1
wait_until 20 timesyncd_synced || fail "timesyncd did not synchronise to the normal responder"
good=$(message)
responder unsync
wait_until 40 timesyncd_logged 'Server is not synchronized\. Disconnecting\.' ||
	fail "timesyncd did not poll the server again"
# the last accepted reply stays, as if nothing had changed
[ "$(message)" = "$good" ] || fail "NTPMessage changed from \"$good\" to \"$(message)\""
case "$good" in "0 4 4 8 "*) ;; *) fail "NTPMessage of the normal reply \"$good\"" ;; esac
[ -e /run/systemd/timesync/synchronized ] || fail "synchronized file gone"
say "ok: NTPMessage still \"$good\" (leap 0, stratum 8) after the rejected reply"
# until the reply is older than 2 polls + 10 s, nothing looks wrong
expect scoutNtpSyncReason.timesyncd none
stop_timesyncd
