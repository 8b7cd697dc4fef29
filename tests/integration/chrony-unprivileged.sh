#!/bin/sh
# chronyd's unix command socket is for root (and chronyd's user) only; any
# user may ask over UDP on localhost. Run as root, the agent reads chronyd
# over the unix socket; run as nobody with the same list, it is refused there
# and falls back to UDP, and still reports the host synchronised.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require setpriv

NTP_PORT=$(free_port)
CMD_PORT=$(free_port)
start_chrony_server server "$NTP_PORT"
start_chrony_client client "$CMD_PORT" "$NTP_PORT"
start_snmpd
SOCKET=$T/client/run/chronyd.sock
wait_until 10 test -S "$SOCKET" || fail "chronyd made no unix command socket"

say "as root, over the unix socket alone"
start_agent "chronyAddress unix:$SOCKET"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
expect scoutNtpSourceAddress.chrony 127.0.0.1
stop_agent
ls "$T/client/run" | grep -q scout-ntp-agent && fail "the agent left its client socket behind"

say "as nobody: the unix socket is refused, UDP answers"
start_agent "chronyAddress unix:$SOCKET
chronyAddress udp:127.0.0.1:$CMD_PORT" setpriv --reuid=nobody --regid=nogroup --clear-groups
user=$(ps -o user= -p "$AGENT_PID")
[ "$user" = nobody ] || fail "the agent runs as \"$user\""
expect_within 20 scoutNtpSyncStatus.chrony synchronized
expect scoutNtpStratum.chrony 9
grep -q "reading chronyd on udp:127.0.0.1:$CMD_PORT" "$T/agent.log" ||
	fail "the agent did not say it reads chronyd over UDP"
say "ok: $(grep 'reading chronyd' "$T/agent.log")"

say "as nobody with the unix socket alone: accessDenied, and what to do"
stop_agent
start_agent "chronyAddress unix:$SOCKET" setpriv --reuid=nobody --regid=nogroup --clear-groups
expect_within 10 scoutNtpSyncReason.chrony accessDenied
expect scoutNtpDaemonState.chrony accessDenied
text=$(get scoutNtpSyncReasonText.chrony)
case "$text" in *"udp:127.0.0.1:323"*) say "ok: $text" ;; *) fail "reason text \"$text\"" ;; esac
