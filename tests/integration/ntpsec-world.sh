#!/bin/sh
# The NTPsec test world is hermetic and reachable: an agent started on the
# ntpd side (ntpsec-lib.sh) registers with snmpd on the host's loopback over
# the AgentX unix socket in $T, so snmpget sees what the agent sees there;
# and it sees only that side: one daemon, NTPsec's ntpd, no chrony row
# although a chronyd serves time on the server side (its /run/chrony socket
# and its process are out of the ntpd side's sight), nor any daemon of the
# host. Stopping the agent's nsenter stops the agent.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpsec-lib.sh"
require_mibs
ntpsec_require
ntpsec_start_world

ntpsec_server_run test -S /run/chrony/chronyd.sock ||
	fail "the server's chronyd has no command socket: nothing to hide"
! ntpsec_run test -e /run/chrony/chronyd.sock || fail "a chronyd socket is visible on the ntpd side"
procs=$(ntpsec_run sh -c 'cat /proc/[0-9]*/comm' | sort | tr '\n' ' ')
case " $procs " in *" chronyd "*) fail "chronyd is visible on the ntpd side: $procs" ;; esac
case " $procs " in *" ntpd "*) ;; *) fail "ntpd is not visible on the ntpd side: $procs" ;; esac
say "ok: the ntpd side sees only its own processes: $procs"

start_snmpd
start_agent "startupGrace 0" $NTPSEC_ENTER
agent=$(_ntpsec_child "$AGENT_PID")
[ "$(cat "/proc/$agent/comm")" = scout-ntp-agent ] || fail "no agent under nsenter $AGENT_PID"
[ "$(readlink "/proc/$agent/ns/net")" = "$(readlink "/proc/$NTPSEC_NTPD_NS/ns/net")" ] ||
	fail "the agent is not in the ntpd side's network namespace"
say "ok: the agent runs on the ntpd side (pid $agent) and snmpd on the host answers for it"
expect_within 15 scoutNtpDaemonsActive.0 1
# the process probe calls a bare "ntpd" ntp.org's (no ntpsec package here);
# the mode 6 backend reads its version and makes it the ntpsec row
expect scoutNtpDaemonState.ntpsec running
expect_absent scoutNtpDaemonState.ntpd
expect_absent scoutNtpDaemonState.chrony
# timesyncd may be installed on the host (its binary is on the shared
# disk), but no timesyncd runs on the ntpd side
state=$(get scoutNtpDaemonState.timesyncd)
[ "$state" != running ] || fail "a running timesyncd is visible on the ntpd side"
expect scoutNtpActiveDaemon.0 ntpsec
expect_within 15 scoutNtpSyncStatus.ntpsec synchronized

stop_agent
wait_until 5 sh -c "! kill -0 $agent" || fail "the agent outlived its nsenter"
say "ok: stopping the agent's nsenter stopped the agent"
ntpsec_stop_ntpd
ntpsec_stop_server
ntpsec_check_no_leftovers
say "ok: nothing but the namespace holders was left"
