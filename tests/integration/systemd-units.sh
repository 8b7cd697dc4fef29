#!/bin/sh
# Where systemd runs, the agent asks it for the time daemons' units. PID 1
# cannot be started here, so systemd's unit objects come from a mock on a
# private bus (fake-systemd1, answering as systemd does); everything else is
# real. A disabled timesyncd is ntpDisabled; an ntpsec unit that is active is
# a running daemon the agent cannot read yet; a chrony unit that is installed
# but stopped is a row saying so.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/timesyncd-lib.sh"
require_mibs
timesyncd_require
timesyncd_enter_namespace "$@"

[ -d /run/systemd/system ] || fail "the namespace has no /run/systemd/system"
start_dbus
cat > "$T/units" <<UNITS
systemd-timesyncd.service=loaded:inactive:disabled
UNITS
start_fake_systemd1 "$T/units"
start_snmpd
start_agent "startupGrace 0"

say "timesyncd installed, disabled, not running: network time is off"
expect_within 10 scoutNtpSyncReason.timesyncd ntpDisabled
expect scoutNtpSyncStatus.timesyncd unsynchronized
expect scoutNtpDaemonState.timesyncd stopped
text=$(get scoutNtpSyncReasonText.timesyncd)
case "$text" in *"timedatectl set-ntp true"*) say "ok: $text" ;; *) fail "reason text \"$text\"" ;; esac
expect scoutNtpDaemonsActive.0 0

say "an active ntpsec unit, a stopped chrony unit"
cat > "$T/units" <<UNITS
systemd-timesyncd.service=loaded:inactive:disabled
ntpsec.service=loaded:active:enabled
chrony.service=loaded:inactive:enabled
UNITS
fake_systemd1_reload
expect_within 10 scoutNtpDaemonState.ntpsec running
expect scoutNtpSyncReason.ntpsec unsupportedDaemon
expect scoutNtpSyncStatus.ntpsec unknown
expect scoutNtpDaemonsActive.0 1
expect scoutNtpActiveDaemon.0 ntpsec
expect scoutNtpDaemonState.chrony stopped
expect scoutNtpSyncReason.chrony daemonNotRunning

say "the unit goes away: so does the row"
cat > "$T/units" <<UNITS
systemd-timesyncd.service=loaded:inactive:disabled
UNITS
fake_systemd1_reload
wait_until 10 sh -c "! SNMPCONFPATH=$T/snmpconf MIBS= snmpget -v2c -c public -OqvU 127.0.0.1:$SNMP_PORT SCOUT-NTP-MIB::scoutNtpDaemonState.ntpsec | grep -q running" ||
	fail "the ntpsec row stayed"
expect scoutNtpDaemonsActive.0 0
