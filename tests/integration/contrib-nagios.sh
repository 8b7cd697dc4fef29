#!/bin/sh
# contrib/nagios and contrib/icinga2: the three Nagios commands, taken from
# the shipped scout-ntp.cfg as Nagios would expand them, run the real
# check_snmp against the private world: OK while chronyd is synchronised,
# CRITICAL with the agent's reason once the server chronyd is killed. The
# Icinga 2 file passes `icinga2 daemon -C` in a private configuration (never
# /etc/icinga2), with its three services and the offset and sources checks
# depending on the sync check; then the real icinga2 daemon runs them, and
# writes OK, and after the kill CRITICAL with the reason.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
plugins=/usr/lib/nagios/plugins
require "$plugins/check_snmp" icinga2

cfg=$srcdir/contrib/nagios/scout-ntp.cfg

# icinga2 runs as a tree of processes that lib.sh's cleanup (parent only,
# killed after 1 s) would leave behind: stop it first, then all of its tree
ICINGA_PID=
icinga_cleanup() {
	[ -n "$ICINGA_PID" ] || return 0
	tree=$(pgrep -P "$ICINGA_PID" || true)
	for p in $tree; do tree="$tree $(pgrep -P "$p" || true)"; done
	kill "$ICINGA_PID" 2>/dev/null || true
	n=0
	while kill -0 "$ICINGA_PID" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	# shellcheck disable=SC2086
	kill -9 "$ICINGA_PID" $tree 2>/dev/null || true
}
# shellcheck disable=SC2154 # rc is set inside the trap
trap 'rc=$?; icinga_cleanup; (exit $rc); cleanup' EXIT

# nagios_command NAME ARG...: the command_line of NAME with Nagios's macros
# expanded ($USER1$, $HOSTADDRESS$, $ARGn$), run by /bin/sh as Nagios does;
# prints the plugin's output, returns its exit status
nagios_command() {
	name=$1
	shift
	line=$(awk -v name="$name" '
		/define command/ { inside = 1; found = 0; cl = "" }
		inside && $1 == "command_name" && $2 == name { found = 1 }
		inside && $1 == "command_line" { sub(/^[ \t]*command_line[ \t]+/, ""); cl = $0 }
		inside && /}/ { if (found) print cl; inside = 0 }' "$cfg")
	[ -n "$line" ] || fail "no command $name in $cfg"
	line=$(printf '%s' "$line" | sed -e "s|\\\$USER1\\\$|$plugins|g" -e 's|\$HOSTADDRESS\$|127.0.0.1|g')
	n=1
	for arg in "$@"; do
		line=$(printf '%s' "$line" | sed "s|\\\$ARG$n\\\$|$arg|g")
		n=$((n + 1))
	done
	case "$line" in *'$'*) fail "$name: a macro is left in: $line" ;; esac
	sh -c "$line"
}

# check EXPECTED-STATUS OUTPUT-PATTERN NAME ARG...
check() {
	want=$1
	pattern=$2
	shift 2
	rc=0
	out=$(nagios_command "$@") || rc=$?
	[ "$rc" -eq "$want" ] || fail "$1 exited $rc, expected $want: $out"
	# shellcheck disable=SC2254 # the pattern is a glob on purpose
	case "$out" in
	$pattern) say "ok: $1 ($rc): $out" ;;
	*) fail "$1: output does not match \"$pattern\": $out" ;;
	esac
}

start_synced_chrony "daemons chrony"
check 0 'SNMP OK - status 1 reason "synchronised to 127.0.0.1*' \
    check_scout_ntp_sync public "$SNMP_PORT"
check 0 'SNMP OK - offset * us | offset=*;-100000:100000;-1000000:1000000*' \
    check_scout_ntp_offset public "$SNMP_PORT" -100000:100000 -1000000:1000000
check 0 "SNMP OK - reachable sources 1 | 'reachable sources'=1;1:;1:*" \
    check_scout_ntp_sources public "$SNMP_PORT" 1 1: 1:
# the offset thresholds are really applied: a range that excludes 0 fails
check 2 'SNMP CRITICAL - offset *' \
    check_scout_ntp_offset public "$SNMP_PORT" 1000000:2000000 1000000:2000000


say "Icinga 2: the configuration is accepted"
ic=$T/icinga2
for d in cache data log/crash spool run; do mkdir -p "$ic/$d"; done
# icinga2 reads its configuration as the nagios user, who may not reach a
# checkout under a private directory: it reads a byte-for-byte copy
cp "$srcdir/contrib/icinga2/scout-ntp.conf" "$ic/scout-ntp.conf"
cat >"$ic/icinga2.conf" <<EOF
const PluginDir = "$plugins"
include <itl>
include <plugins>
object Host "ntp-client-1" {
	check_command = "dummy"
	address = "127.0.0.1"
	vars.scout_ntp = true
	vars.scout_ntp_port = $SNMP_PORT
}
object Host "other" {
	check_command = "dummy"
	address = "127.0.0.2"
}
include "$ic/scout-ntp.conf"
EOF
# Debian's icinga2 drops to the nagios user: it must write its cache here
chown -R nagios: "$ic" 2>/dev/null || true
dirs="-DConfiguration.CacheDir=$ic/cache -DConfiguration.DataDir=$ic/data
-DConfiguration.LogDir=$ic/log -DConfiguration.SpoolDir=$ic/spool -DConfiguration.InitRunDir=$ic/run"
# shellcheck disable=SC2086
icinga2 daemon -C -c "$ic/icinga2.conf" $dirs >"$ic/validate.log" 2>&1 ||
	fail "icinga2 daemon -C rejected the configuration: $(cat "$ic/validate.log")"
grep -q "Instantiated 3 Services" "$ic/validate.log" ||
	fail "not 3 services (one host has vars.scout_ntp): $(grep Instantiated "$ic/validate.log")"
grep -q "Instantiated 2 Dependencies" "$ic/validate.log" ||
	fail "not 2 dependencies: $(grep Instantiated "$ic/validate.log")"
# shellcheck disable=SC2086
icinga2 object list --type Dependency $dirs >"$ic/deps.txt" 2>&1 || fail "icinga2 object list failed"
for child in time-offset time-sources; do
	awk -v c="$child" '/^Object /{ o = $0 } /child_service_name/ && $0 ~ "\"" c "\"" { print o }' \
	    "$ic/deps.txt" | grep -q "ntp-client-1!$child!" ||
		fail "no dependency for $child: $(cat "$ic/deps.txt")"
done
grep -q 'parent_service_name = "time-sync"' "$ic/deps.txt" || fail "the parent is not time-sync"
say "ok: icinga2 daemon -C: 3 services, time-offset and time-sources depend on time-sync"

say "Icinga 2 runs the checks: OK while synchronised"
# the checker, and a PerfdataWriter that writes each result as one line
cat >"$ic/run.conf" <<EOF
include "$ic/icinga2.conf"
object CheckerComponent "checker" { }
object PerfdataWriter "results" {
	host_perfdata_path = "$ic/results/host"
	host_temp_path = "$ic/results/host.tmp"
	host_format_template = "HOST \$host.name\$"
	service_perfdata_path = "$ic/results/service"
	service_temp_path = "$ic/results/service.tmp"
	service_format_template = "RESULT \$service.name\$ STATE \$service.state\$ OUTPUT \$service.output\$"
	rotation_interval = 1s
}
EOF
# poll every 2 s, and with the one source of this world, 1 is enough
sed -i -e 's|^\tvars.scout_ntp = true$|\tvars.scout_ntp = true\n\tvars.scout_ntp_check_interval = 2s\n\tvars.scout_ntp_sources_warning = "1:"|' \
    "$ic/icinga2.conf"
mkdir -p "$ic/results"
chown -R nagios: "$ic"
# shellcheck disable=SC2086
icinga2 daemon -c "$ic/run.conf" $dirs >"$ic/daemon.log" 2>&1 &
ICINGA_PID=$!
# result SERVICE STATE OUTPUT-PATTERN: Icinga wrote such a result
result() {
	cat "$ic"/results/service.[0-9]* 2>/dev/null | grep -q "^RESULT $1 STATE $2 OUTPUT $3"
}
# expect_result SECONDS SERVICE STATE OUTPUT-PATTERN (a grep pattern)
expect_result() {
	wait_until "$1" result "$2" "$3" "$4" ||
		fail "Icinga 2 wrote no $2 $3 \"$4\": $(cat "$ic"/results/service.[0-9]* 2>/dev/null | tail -n 5)"
	say "ok: Icinga 2: $2 $3: $(cat "$ic"/results/service.[0-9]* | grep "^RESULT $2 STATE $3 OUTPUT $4" | tail -n 1 | sed 's/^RESULT [^ ]* STATE [A-Z]* OUTPUT //')"
}
expect_result 30 time-sync OK 'SNMP OK - status 1 reason "synchronised to 127.0.0.1'
expect_result 30 time-offset OK 'SNMP OK - offset -\?[0-9]* us'
expect_result 30 time-sources OK 'SNMP OK - reachable sources 1'

say "kill the server chronyd"
stop_pid "$SERVER_PID"
expect_within 20 scoutNtpHostSyncStatus.0 unsynchronized
expect_within 20 scoutNtpSourcesReachable.chrony 0
reason=$(get scoutNtpHostSyncReasonText.0)
check 2 "SNMP CRITICAL - status \\*2\\* reason \"$reason\"*" \
    check_scout_ntp_sync public "$SNMP_PORT"
check 2 "SNMP CRITICAL - reachable sources \\*0\\* *" \
    check_scout_ntp_sources public "$SNMP_PORT" 1 1: 1:
# the reason as a grep pattern: its '?', '.', '(' are literal
pattern=$(printf '%s' "$reason" | sed 's/[].[*^$\\]/\\&/g')
expect_result 30 time-sync CRITICAL "SNMP CRITICAL - status \\*2\\* reason \"$pattern\""
expect_result 30 time-sources CRITICAL 'SNMP CRITICAL - reachable sources \*0\*'
