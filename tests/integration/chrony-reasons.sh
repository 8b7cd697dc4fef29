#!/bin/sh
# Issue 10 as an administrator sees it: the agent's scoutNtpSyncReason and its
# text when no chrony source is reachable, for a real chronyd whose server
# (tests/ntp-responder) answers leap 3 / stratum 16, a kiss-o'-death DENY or
# RATE, or nothing; whose only server name cannot resolve; and whose sources
# were switched offline with chronyc; and a server that stops. Each case read over chronyd's unix
# socket (every fact) and over UDP (no NTP_DATA: the text says what it cannot
# tell), plus the source table's last-reply columns, and the scoutNtpSyncLost
# that carries the new reason.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs

RESPONDER=$builddir/tests/ntp-responder
require "$RESPONDER"
CHRONYC_BIN="$(dirname "$CHRONYD")/../bin/chronyc"
require "$CHRONYC_BIN"

for m in normal unsync deny rate silent; do
	port=$(free_port)
	eval "NTP_$m=$port"
	"$RESPONDER" -m "$m" 127.0.0.1 1 "$port" > "$T/responder-$m.log" 2>&1 &
	track $!
done
for m in unsync deny rate silent; do
	eval "port=\$NTP_$m"
	cmd=$(free_port)
	eval "CMD_$m=$cmd"
	start_chrony_client "cli-$m" "$cmd" "$port"
done
CMD_invalid=$(free_port)
start_chronyd cli-invalid "server scout-test.invalid iburst minpoll $CHRONY_POLL maxpoll $CHRONY_POLL
port 0
cmdport $CMD_invalid
bindcmdaddress 127.0.0.1
bindcmdaddress $T/cli-invalid/run/chronyd.sock"
CMD_offline=$(free_port)
start_chrony_client cli-offline "$CMD_offline" "$NTP_normal"
# a server of its own, to be stopped
NTP_lost=$(free_port)
"$RESPONDER" 127.0.0.1 1 "$NTP_lost" > "$T/responder-lost.log" 2>&1 &
LOST_PID=$!
track $LOST_PID
CMD_lost=$(free_port)
start_chrony_client cli-lost "$CMD_lost" "$NTP_lost"
TRAP_PORT=$(free_port)
start_snmptrapd
start_snmpd

# agent_on NAME unix|udp [CONF]: the agent, alone, reading client NAME
AGENT_PID=
agent_on() {
	[ -z "$AGENT_PID" ] || stop_agent
	if [ "$2" = unix ]; then
		address="unix:$T/cli-$1/run/chronyd.sock"
	else
		eval "address=udp:127.0.0.1:\$CMD_$1"
	fi
	# chrony only: other time daemons on this host must not add rows or traps
	start_agent "chronyAddress $address
daemons chrony
${3:-}"
}

# reason NAME TRANSPORT REASON TEXT_PATTERN: the row says REASON within 10 s,
# with a text matching the shell pattern
reason() {
	agent_on "$1" "$2"
	expect_within 10 scoutNtpSyncReason.chrony "$3"
	expect scoutNtpSyncStatus.chrony unsynchronized
	text=$(get scoutNtpSyncReasonText.chrony)
	# shellcheck disable=SC2254 # the pattern is the point
	case "$text" in
	$4) say "ok: $1 over $2: $3: $text" ;;
	*) fail "$1 over $2: $3 text \"$text\", want $4" ;;
	esac
}

UDP_UNKNOWN="none of chronyd's 1 sources gives a usable reply (reach 0): outbound UDP port 123 may be blocked, or the servers refuse or are unsynchronised, and over UDP the agent cannot tell which: let it use chronyd's unix socket"

say "a server that answers leap 3 / stratum 16"
reason unsync unix sourcesUnsynchronised \
    "1 of chronyd's 1 sources answer but are not synchronised themselves: 127.0.0.1 sends leap 3, stratum 16: fix or replace those servers"
expect scoutNtpSrcState.chrony.1 unreachable
expect scoutNtpSrcReach.chrony.1 0
expect scoutNtpSrcReplyLeap.chrony.1 unsynchronised
expect scoutNtpSrcReplyStratum.chrony.1 16
expect_absent scoutNtpSrcKissCode.chrony.1
reason unsync udp noReachableSources "$UDP_UNKNOWN"
expect_absent scoutNtpSrcReplyLeap.chrony.1
expect_absent scoutNtpSrcReplyStratum.chrony.1

say "a server that answers with a kiss-o'-death DENY"
reason deny unix sourcesRefuse \
    "1 of chronyd's 1 sources refuse it: 127.0.0.1 answers with kiss-o'-death DENY (access denied: check that this host may use that server)"
expect scoutNtpSrcKissCode.chrony.1 DENY
expect scoutNtpSrcReplyStratum.chrony.1 0
expect scoutNtpSrcReplyLeap.chrony.1 unsynchronised
reason deny udp noReachableSources "$UDP_UNKNOWN"
expect_absent scoutNtpSrcKissCode.chrony.1

say "a server that rate-limits chronyd (RATE)"
reason rate unix sourcesRefuse "*kiss-o'-death RATE (rate limited: poll it less often)"
expect scoutNtpSrcKissCode.chrony.1 RATE
reason rate udp noReachableSources "$UDP_UNKNOWN"

say "a server that never answers"
reason silent unix noReachableSources \
    "none of chronyd's 1 sources answers (reach 0, nothing received): check that outbound UDP port 123 is not blocked"
expect_absent scoutNtpSrcReplyLeap.chrony.1
expect_absent scoutNtpSrcKissCode.chrony.1
reason silent udp noReachableSources "$UDP_UNKNOWN"

say "a server name that cannot resolve"
for transport in unix udp; do
	reason invalid $transport namesUnresolved \
	    "chronyd cannot resolve 1 of its 1 source names: check that DNS works on this host"
	expect scoutNtpSrcState.chrony.1 unresolved
	expect scoutNtpSrcName.chrony.1 scout-test.invalid
	expect_absent scoutNtpSrcAddress.chrony.1
done

say "a server that answered, then stopped: its last good reply stays in NTP_DATA"
agent_on lost unix
expect_within 20 scoutNtpSyncStatus.chrony synchronized
stop_pid "$LOST_PID"
expect_within 15 scoutNtpSyncReason.chrony noReachableSources
text=$(get scoutNtpSyncReasonText.chrony)
[ "$text" = "none of chronyd's 1 sources has answered its last 8 polls (reach 0): check that outbound UDP port 123 is not blocked and that the servers are up" ] ||
	fail "lost over unix: text \"$text\""
say "ok: lost over unix: $text"
expect scoutNtpSrcReplyLeap.chrony.1 normal
expect scoutNtpSrcReplyStratum.chrony.1 8

say "chronyc offline, while the agent reads over UDP: a scoutNtpSyncLost with the reason"
agent_on offline udp "startupGrace 0
lossHoldoff 1
restoreHoldoff 1"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
"$CHRONYC_BIN" -h "$T/cli-offline/run/chronyd.sock" offline > "$T/offline.out" 2>&1 ||
	fail "chronyc offline: $(cat "$T/offline.out")"
expect_within 10 scoutNtpSyncReason.chrony sourcesOffline
expect scoutNtpSrcState.chrony.1 offline
text=$(get scoutNtpSyncReasonText.chrony)
case "$text" in
"chronyd was told its sources are offline (1 of 1): 'chronyc online' resumes polling:"*) say "ok: $text" ;;
*) fail "offline text \"$text\"" ;;
esac
expect_traps 5 scoutNtpSyncLost 1
grep "scoutNtpSyncLost" "$T/traps.log" | grep -q "scoutNtpSyncReason.chrony sourcesOffline" ||
	fail "scoutNtpSyncLost does not carry sourcesOffline: $(grep scoutNtpSyncLost "$T/traps.log")"
say "ok: scoutNtpSyncLost carries scoutNtpSyncReason sourcesOffline"
reason offline unix sourcesOffline "chronyd was told its sources are offline (1 of 1)*"
"$CHRONYC_BIN" -h "$T/cli-offline/run/chronyd.sock" online > "$T/online.out" 2>&1 ||
	fail "chronyc online: $(cat "$T/online.out")"
expect_within 20 scoutNtpSyncStatus.chrony synchronized
say "ok: online again: synchronized"
