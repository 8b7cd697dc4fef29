#!/bin/sh
# The systemd-timesyncd test environment alone, without the agent: in private
# namespaces, the real timesyncd on a private bus synchronises to a chronyd
# server on 127.0.0.1:123, cannot change the clock, and leaves nothing on the
# host. Then, configured with no servers at all, it has none.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/timesyncd-lib.sh"
timesyncd_require
timesyncd_enter_namespace "$@"

t0=$(date +%s.%N)
since() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f s", b - a }'; }

# the private directories are there, and only here
findmnt -n -o FSTYPE /run | grep -qx tmpfs || fail "/run is not private"
findmnt -n -o FSTYPE /etc/systemd | grep -qx tmpfs || fail "/etc/systemd is not private"
findmnt -n -o FSTYPE /var/lib/systemd | grep -qx tmpfs || fail "/var/lib/systemd is not private"
[ "$(ip -o link show up | awk -F': ' '{ print $2 }')" = lo ] || fail "links other than lo: $(ip -o link)"
say "ok: private /run, /etc/systemd, /var/lib/systemd, loopback only ($(since))"

start_chrony_server ntp 123
wait_udp_port 123
say "ok: chronyd serves 127.0.0.1:123 ($(since))"
start_dbus
say "ok: private bus at $DBUS_SYSTEM_BUS_ADDRESS ($(since))"
start_timesyncd 127.0.0.1
say "ok: timesyncd (pid $TIMESYNCD_PID, user $TIMESYNCD_USER) owns $TIMESYNC_BUS ($(since))"

# no capabilities at all, not even in the bounding set, and not root
status=/proc/$TIMESYNCD_PID/status
awk '$1 == "CapEff:" || $1 == "CapPrm:" || $1 == "CapBnd:" || $1 == "CapAmb:" { if ($2 !~ /^0+$/) exit 1 }' \
    "$status" || fail "timesyncd has capabilities: $(grep Cap "$status")"
uid=$(awk '$1 == "Uid:" { print $3 }' "$status")
[ "$uid" -ne 0 ] || fail "timesyncd runs as root"
say "ok: timesyncd runs as uid $uid without capabilities"

wait_until 30 timesyncd_synced ||
	fail "timesyncd did not synchronise within 30 s: NTPMessage $(timesyncd_property NTPMessage)"
say "ok: synchronised ($(since))"

msg=$(timesyncd_property NTPMessage)
say "NTPMessage: $msg"
# shellcheck disable=SC2086 # one field a word
set -- $msg
[ $# -eq 15 ] || fail "NTPMessage has $# fields"
[ "$1" = 0 ] || fail "leap $1"
[ "$3" = 4 ] || fail "mode $3"
[ "$4" = 8 ] || fail "stratum $4 (chronyd's local stratum is 8)"
[ "$8" = 7f7f0101 ] || fail "reference ID $8 (chronyd's local reference is 7f7f0101)"
[ "${14}" -ge 1 ] || fail "packet count ${14}"
[ "${12}" -ge "$9" ] || fail "T4 ${12} before T1 $9"
say "ok: NTPMessage: leap 0, mode 4, stratum 8, refid 7f7f0101, packet count ${14}"

[ "$(timesyncd_property ServerName)" = 127.0.0.1 ] ||
	fail "ServerName \"$(timesyncd_property ServerName)\""
[ "$(timesyncd_property ServerAddress)" = "2 7f000001" ] ||
	fail "ServerAddress \"$(timesyncd_property ServerAddress)\""
[ "$(timesyncd_property SystemNTPServers)" = 127.0.0.1 ] ||
	fail "SystemNTPServers \"$(timesyncd_property SystemNTPServers)\""
[ -z "$(timesyncd_property FallbackNTPServers)" ] ||
	fail "FallbackNTPServers \"$(timesyncd_property FallbackNTPServers)\""
[ "$(timesyncd_property PollIntervalMinUSec)" = 16000000 ] ||
	fail "PollIntervalMinUSec $(timesyncd_property PollIntervalMinUSec): not the test's timesyncd.conf"
say "ok: ServerName 127.0.0.1, ServerAddress 2 7f000001, no fallback servers, poll 16-32 s"

f=/run/systemd/timesync/synchronized
[ -f "$f" ] || fail "no $f"
[ "$(stat -c %u "$f")" = "$uid" ] || fail "$f is owned by $(stat -c %U "$f")"
say "ok: $f exists ($(stat -c %y "$f"))"

# it tried to steer the clock, and the kernel said no
wait_until 5 timesyncd_logged 'clock_adjtime.*Operation not permitted' ||
	fail "no \"Operation not permitted\" from clock_adjtime in the log"
say "ok: the clock is untouched: $(timesyncd_log | grep -m1 'clock_adjtime')"
! grep -q 'Operation not permitted' "$T/ntp.log" || fail "chronyd tried to change the clock"

# configured with no servers at all: none, and no Debian fallback servers
stop_timesyncd
start_timesyncd
wait_until 5 timesyncd_logged 'No server found' || fail "timesyncd did not say \"No server found\""
[ -z "$(timesyncd_property SystemNTPServers)" ] ||
	fail "SystemNTPServers \"$(timesyncd_property SystemNTPServers)\""
[ -z "$(timesyncd_property FallbackNTPServers)" ] ||
	fail "FallbackNTPServers \"$(timesyncd_property FallbackNTPServers)\""
[ -z "$(timesyncd_property ServerName)" ] || fail "ServerName \"$(timesyncd_property ServerName)\""
[ "$(timesyncd_property ServerAddress)" = 0 ] ||
	fail "ServerAddress \"$(timesyncd_property ServerAddress)\""
[ "$(ntp_message_field 14)" = 0 ] || fail "packet count $(ntp_message_field 14)"
say "ok: without servers: no server, packet count 0 ($(since))"
