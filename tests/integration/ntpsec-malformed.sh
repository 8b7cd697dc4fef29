#!/bin/sh
# The ntpd backend against replies a real NTPsec does not send. A MOCK, said
# so: tools/ntp-mode6-query -R replays the replies captured from NTPsec 1.2.2
# (tests/unit/data/ntpsec-*.bin) on 127.0.0.1:123 of the ntpd side of
# ntpsec-lib.sh, unchanged or corrupted; the real daemon is tested in
# ntpsec-agent.sh. Unchanged captures are read as ntpq read them (the lost
# state: noReachableSources, stratum 9); a corrupted value, a truncated
# datagram, an error reply and silence each give their reason, and the agent
# never trusts, crashes or hangs.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpsec-lib.sh"
require_mibs
ntpsec_require
QUERY=${NTP_MODE6_QUERY:-$builddir/tools/ntp-mode6-query}
[ -x "$QUERY" ] || fail "$QUERY not built (make builds it)"
DATA=${TEST_DATA_DIR:-$srcdir/tests/unit/data}
ntpsec_start_world --unsynced

FAKE_PID=
# fake [-F] FIXTURE...: the mock on the ntpd side, replacing the last one
fake() {
	[ -z "$FAKE_PID" ] || stop_pid "$FAKE_PID"
	$NTPSEC_ENTER "$QUERY" -R 123 "$@" 2>> "$T/fake.log" &
	FAKE_PID=$!
	track $FAKE_PID
	wait_until 10 ntpsec_run sh -c "ss -Hlun '( sport = :123 )' | grep -q ." ||
		fail "the mock does not listen on 127.0.0.1:123"
}

text_has() { get scoutNtpSyncReasonText.ntpsec | grep -q "$1"; }

# expect_reason SECONDS REASON TEXT: each step waits for its own reason and
# text, so that a step never passes on the previous step's row
expect_reason() {
	wait_until "$1" text_has "$3" ||
		fail "the reason text does not say \"$3\" within $1 s: $(get scoutNtpSyncReasonText.ntpsec)"
	expect scoutNtpSyncReason.ntpsec "$2"
	say "ok: $(get scoutNtpSyncReasonText.ntpsec)"
}

agent_alive() {
	[ -n "$(_ntpsec_child "$AGENT_PID")" ] || fail "the agent died"
}

say "the captures as they are: the lost state, read as ntpq read it"
fake "$DATA/ntpsec-lost-readstat-1.bin" "$DATA/ntpsec-lost-readvar-system-1.bin" \
    "$DATA/ntpsec-lost-readvar-peer-1.bin"
start_snmpd
start_agent "daemons ntpsec
startupGrace 0" $NTPSEC_ENTER
expect_reason 15 noReachableSources "reach 0"
expect scoutNtpDaemonState.ntpsec running
expect scoutNtpStratum.ntpsec 9
expect scoutNtpLeapStatus.ntpsec normal
expect scoutNtpSourcesTotal.ntpsec 1
expect scoutNtpSrcAddress.ntpsec.1 10.123.0.1
expect scoutNtpSrcStratum.ntpsec.1 8
expect scoutNtpSrcState.ntpsec.1 unreachable

say "a corrupted value (stratum=x): rejected, not believed"
sed 's/stratum=9,/stratum=x,/' "$DATA/ntpsec-synced-readvar-system-1.bin" > "$T/bad-stratum.bin"
cmp -s "$T/bad-stratum.bin" "$DATA/ntpsec-synced-readvar-system-1.bin" && fail "sed changed nothing"
[ "$(wc -c < "$T/bad-stratum.bin")" -eq "$(wc -c < "$DATA/ntpsec-synced-readvar-system-1.bin")" ] ||
	fail "the corrupted reply changed length"
fake "$DATA/ntpsec-synced-readstat-1.bin" "$T/bad-stratum.bin" "$DATA/ntpsec-synced-readvar-peer-1.bin"
expect_reason 15 unsupportedDaemon "Bad message"
expect scoutNtpDaemonState.ntpsec running
expect scoutNtpSyncStatus.ntpsec unknown
expect_absent scoutNtpStratum.ntpsec
grep -q "rejected a malformed reply" "$T/agent.log" || fail "the agent did not log the rejection"
agent_alive

say "the captures again: the row recovers"
fake "$DATA/ntpsec-lost-readstat-1.bin" "$DATA/ntpsec-lost-readvar-system-1.bin" \
    "$DATA/ntpsec-lost-readvar-peer-1.bin"
expect_reason 15 noReachableSources "reach 0"
expect scoutNtpStratum.ntpsec 9

say "a truncated datagram: rejected, retried, given up within the refresh"
head -c 100 "$DATA/ntpsec-synced-readvar-system-1.bin" > "$T/short.bin"
fake "$DATA/ntpsec-synced-readstat-1.bin" "$T/short.bin"
expect_reason 15 unsupportedDaemon "timed out"
agent_alive

say "an error reply (authentication failure) to every request: accessDenied"
fake -F "$DATA/ntpsec-error-auth-writeclock-1.bin"
expect_reason 15 accessDenied "Permission denied"
expect scoutNtpDaemonState.ntpsec accessDenied
agent_alive

say "silence: a bound port that never answers (ntpd with noquery): accessDenied"
# opcode 20 matches no request: the mock reads every query and answers none
fake "$DATA/ntpsec-error-unknown-opcode-1.bin"
expect_reason 15 accessDenied "timed out"

say "nothing on port 123: daemonNotRunning"
stop_pid "$FAKE_PID"
FAKE_PID=
expect_reason 15 daemonNotRunning "refused"
expect scoutNtpDaemonState.ntpsec stopped
agent_alive
