#!/bin/sh
# A bad configuration file: the agent names FILE:LINE for every error, exits
# non-zero, and never connects to snmpd. -n checks a file and starts nothing.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

cat > "$T/bad.conf" <<CONF
# three errors and two good lines
refreshInterval 0
offsetThreshold 100
chronyAddress udp:localhost:323
traps maybe
lossHoldoff 3
CONF

say "-n on a bad file"
if "$SCOUT_NTP_AGENT" -n -c "$T/bad.conf" > "$T/check.out" 2>&1; then
	fail "-n accepted a bad file: $(cat "$T/check.out")"
fi
cat "$T/check.out"
for line in 2 4 5; do
	grep -q "^$T/bad.conf:$line: " "$T/check.out" || fail "no error for line $line"
done
[ "$(grep -c "^$T/bad.conf:" "$T/check.out")" -eq 3 ] || fail "expected exactly 3 errors"
grep -q 'refreshInterval: "0" is out of range 1..3600' "$T/check.out" ||
	fail "the refreshInterval error does not say the range"
say "ok: every error named with file and line"

say "-n on a good file, and on the shipped example"
printf 'refreshInterval 10\ntraps no\n' > "$T/good.conf"
"$SCOUT_NTP_AGENT" -n -c "$T/good.conf" > "$T/good.out" 2>&1 || fail "-n refused a good file: $(cat "$T/good.out")"
grep -q "configuration OK" "$T/good.out" || fail "-n said: $(cat "$T/good.out")"
"$SCOUT_NTP_AGENT" -n -c "$srcdir/conf/scout-ntp-agent.conf" > "$T/example.out" 2>&1 ||
	fail "the shipped example has errors: $(cat "$T/example.out")"
say "ok: good files pass"

say "a missing file given with -c"
if "$SCOUT_NTP_AGENT" -n -c "$T/missing.conf" > "$T/missing.out" 2>&1; then
	fail "a missing -c file was accepted"
fi
grep -q "$T/missing.conf" "$T/missing.out" || fail "the error does not name the file: $(cat "$T/missing.out")"

say "-n on what is not a config file: refused at once, one clear line"
for bad in /dev/zero /dev/urandom "$T"; do
	start=$(date +%s)
	if timeout 10 "$SCOUT_NTP_AGENT" -n -c "$bad" > "$T/notreg.out" 2>&1; then
		fail "-n accepted $bad"
	fi
	[ $(($(date +%s) - start)) -le 2 ] || fail "-n -c $bad took more than 2 s"
	[ "$(wc -l < "$T/notreg.out")" -le 2 ] || fail "-n -c $bad wrote $(wc -l < "$T/notreg.out") lines"
	grep -q "^$bad: \(not a regular file\|Is a directory\)" "$T/notreg.out" ||
		fail "-n -c $bad said: $(head -c 300 "$T/notreg.out")"
done
say "ok: /dev/zero, /dev/urandom and a directory refused at once"

say "-n on addresses that cannot work: each one a FILE:LINE error"
cat > "$T/addr.conf" <<CONF
agentXSocket foo
agentXSocket unix:
agentXSocket tcp:999.1.1.1:99999
agentXSocket udp:127.0.0.1:1
chronyAddress unix:/
chronyAddress udp:127.0.0.1:0
agentXSocket tcp:127.0.0.1:705
CONF
if "$SCOUT_NTP_AGENT" -n -c "$T/addr.conf" > "$T/addr.out" 2>&1; then
	fail "-n accepted addresses that cannot work"
fi
cat "$T/addr.out"
for line in 1 2 3 4 5 6; do
	grep -q "^$T/addr.conf:$line: " "$T/addr.out" || fail "no error for address line $line"
done
[ "$(grep -c "^$T/addr.conf:" "$T/addr.out")" -eq 6 ] || fail "expected exactly 6 address errors"
if "$SCOUT_NTP_AGENT" -f -x udp:127.0.0.1:1 -c "$T/good.conf" > "$T/x.out" 2>&1; then
	fail "-x udp: was accepted"
fi
grep -q 'AgentX needs a stream' "$T/x.out" || fail "-x udp: said: $(cat "$T/x.out")"
say "ok: bad agentXSocket, chronyAddress and -x values refused"

say "an unknown flag"
if "$SCOUT_NTP_AGENT" -Q > "$T/flag.out" 2>&1; then
	fail "an unknown flag was accepted"
fi
grep -q "usage:" "$T/flag.out" || fail "no usage for an unknown flag"

say "starting with the bad file: refuses before touching snmpd"
require snmpd
# snmpd logs every AgentX session it is asked to open with -Dagentx/master
SNMP_PORT=$(free_port)
TRAP_PORT=$(free_port)
start_snmpd
kill "$SNMPD_PID"
wait "$SNMPD_PID" 2>/dev/null || true
untrack "$SNMPD_PID"
rm -f "$T/agentx.sock"
MIBS= SNMP_PERSISTENT_DIR=$T/persist snmpd -f -Lf "$T/snmpd.log" -C -c "$T/snmpd.conf" \
    -I -smux,mteTrigger,mteTriggerConf -Dagentx/master &
SNMPD_PID=$!
track $SNMPD_PID
wait_until 10 test -S "$T/agentx.sock" || fail "snmpd did not start"
cp "$T/bad.conf" "$T/agent-bad.conf"
echo "agentXSocket unix:$T/agentx.sock" >> "$T/agent-bad.conf"
if "$SCOUT_NTP_AGENT" -f -c "$T/agent-bad.conf" -Le > "$T/start.out" 2>&1; then
	fail "the agent started with a bad file"
fi
grep -q "^$T/agent-bad.conf:2: " "$T/start.out" || fail "start: no FILE:LINE error: $(cat "$T/start.out")"
grep -q "not starting" "$T/start.out" || fail "start: no word that it is not starting"
sleep 0.5
if grep -q "session" "$T/snmpd.log"; then
	fail "the agent talked to snmpd: $(grep session "$T/snmpd.log")"
fi
say "ok: refused to start, snmpd saw no AgentX session"
