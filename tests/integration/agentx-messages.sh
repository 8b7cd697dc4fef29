#!/bin/sh
# When the agent cannot reach its AgentX master it says why, once per change
# of state: for a permission error the socket, the agent's user and groups and
# the agentXPerms line that lets it in; for a missing socket the address tried
# and that snmpd must run there with "master agentx"; net-snmp's default
# address is printed as unix:/var/agentx/master, never "[NIL]". It says
# "started, waiting for snmpd" until registered, then "registered with snmpd".
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require setpriv unshare

# run_agent NAME CONF_BODY [WRAPPER...]: an agent logging to $T/NAME.log,
# without waiting for it to register; sets AGENT_PID
run_agent() {
	name=$1
	# chrony only, at a port where nothing answers: never the host's own
	printf '%s\nagentxPingInterval 1\nrefreshInterval 1\ndaemons chrony\nchronyAddress udp:127.0.0.1:%s\n' \
	    "$2" "$(free_port)" > "$T/$name.conf"
	chmod 644 "$T/$name.conf"
	: > "$T/$name.log"
	chmod 666 "$T/$name.log"
	shift 2
	DBUS_SYSTEM_BUS_ADDRESS=$(test_system_bus) \
	    "$@" "$SCOUT_NTP_AGENT" -f -c "$T/$name.conf" -Lf "$T/$name.log" &
	AGENT_PID=$!
	track $AGENT_PID
}

# count NAME PATTERN: lines of $T/NAME.log matching PATTERN (grep -F)
count() { grep -cF "$2" "$T/$1.log" || true; }
has() { grep -qF "$2" "$T/$1.log"; }

no_nil() {
	! grep -q 'NIL\|Failed to connect' "$T/$1.log" ||
		fail "$1: net-snmp's bare message: $(grep 'NIL\|Failed to connect' "$T/$1.log")"
}

say "no socket: the address tried, and what snmpd must have"
run_agent nosock "agentXSocket unix:$T/nothing/master"
wait_until 10 has nosock "started, waiting for snmpd at unix:$T/nothing/master" ||
	fail "no \"started, waiting for snmpd\": $(cat "$T/nosock.log")"
sleep 4 # four more tries at agentxPingInterval 1
want="cannot connect to snmpd at unix:$T/nothing/master: no socket at $T/nothing/master: snmpd is not running there, or its snmpd.conf has no \"master agentx\" with \"agentXSocket unix:$T/nothing/master\""
[ "$(count nosock "$want")" -eq 1 ] ||
	fail "expected the no-socket line once: $(cat "$T/nosock.log")"
has nosock "registered with snmpd" && fail "says registered without snmpd"
no_nil nosock
say "ok: $want"
stop_agent

say "tcp where nothing listens: the host, the port, and what snmpd must have"
port=$(free_port)
run_agent tcp "agentXSocket tcp:127.0.0.1:$port"
want="cannot connect to snmpd at tcp:127.0.0.1:$port: nothing listens on 127.0.0.1 port $port: snmpd is not running there, or its snmpd.conf has no \"master agentx\" with an agentXSocket on that port"
wait_until 10 has tcp "$want" || fail "no tcp message: $(cat "$T/tcp.log")"
sleep 3
[ "$(count tcp "$want")" -eq 1 ] || fail "the tcp message came more than once"
no_nil tcp
say "ok: $want"
stop_agent

say "the default address, in a mount namespace where /var is empty"
# a private tmpfs over /var: the host's own snmpd socket is never tried
run_agent default "" unshare -m --propagation private sh -c 'mount -t tmpfs none /var && exec "$@"' sh
wait_until 10 has default "cannot connect to snmpd at unix:/var/agentx/master: no socket at /var/agentx/master" ||
	fail "the default address is not named: $(cat "$T/default.log")"
has default "started, waiting for snmpd at unix:/var/agentx/master" ||
	fail "no \"waiting for snmpd at unix:/var/agentx/master\""
no_nil default
say "ok: the default address is named unix:/var/agentx/master"
stop_agent

say "permission denied: a 0600 socket owned by root, the agent as nobody"
AGENTX_PERMS="0600 0755"
start_snmpd
perms=$(stat -c '%a %U' "$T/agentx.sock")
[ "$perms" = "600 root" ] || fail "snmpd's socket is $perms, expected 600 root"
run_agent perm "agentXSocket unix:$T/agentx.sock" setpriv --reuid=nobody --regid=nogroup --clear-groups
wait_until 10 has perm "permission denied" || fail "no permission message: $(cat "$T/perm.log")"
sleep 3
want="cannot connect to snmpd at unix:$T/agentx.sock: permission denied on the socket $T/agentx.sock (owner root, group root, mode 0600) for user nobody (uid 65534), groups nogroup; let it in with \"agentXPerms 0660 0755 root nogroup\" in snmpd.conf (and restart snmpd)"
[ "$(count perm "$want")" -eq 1 ] || fail "expected once: $want; got: $(cat "$T/perm.log")"
has perm "started, waiting for snmpd at unix:$T/agentx.sock" || fail "no \"waiting for snmpd\""
no_nil perm
say "ok: $want"

say "snmpd restarted with the line the message gave: the agent registers"
stop_snmpd
AGENTX_PERMS="0660 0755 root nogroup"
start_snmpd
wait_until 10 agent_registered || fail "the agent did not register: $(tail -5 "$T/perm.log")"
wait_until 5 has perm "registered with snmpd at unix:$T/agentx.sock" ||
	fail "no \"registered with snmpd\" line"
[ "$(count perm "permission denied")" -eq 1 ] || fail "the permission line came more than once"
say "ok: registered, one line each"
