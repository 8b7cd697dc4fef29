#!/bin/sh
# contrib/zabbix: the template imports into a real Zabbix 6.0 from Debian 12
# through its API (configuration.import), a host linked to it gets every item,
# discovery rule, trigger and value map, and a real zabbix_server polls the
# private world: the host-level items and the discovered daemon read
# "synchronized", and once the server chronyd is killed the problem "Clock not
# synchronised: <the agent's reason>" opens. All of Zabbix is private: Debian's
# PostgreSQL 15, Zabbix 6.0 server and frontend unpacked by
# tools/fetch-test-deps; the database in this test's directory (run as
# nobody, on a unix socket only); the frontend under PHP's own web server and
# the server, both on loopback.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
deps=${ZABBIX_DEPS:-$(dirname "$BASEMIBS")}
pgbin=$deps/postgresql-15/usr/lib/postgresql/15/bin
psql=$deps/postgresql-client-15/usr/lib/postgresql/15/bin/psql
schema=$deps/zabbix-server-pgsql/usr/share/zabbix-server-pgsql
ui=$deps/zabbix-frontend-php/usr/share/zabbix
zserver=$deps/zabbix-server-pgsql/usr/sbin/zabbix_server
zlibs=$deps/zabbix-server-libs
require_mibs
require "$pgbin/postgres" "$pgbin/initdb" "$psql" "$zserver" php python3 curl setpriv
[ -f "$schema/schema.sql.gz" ] || skip "no Zabbix schema in $schema (tools/fetch-test-deps)"
[ -f "$ui/conf/zabbix.conf.php" ] || skip "no prepared Zabbix frontend in $ui (tools/fetch-test-deps)"
php -r 'exit(extension_loaded("pgsql") && extension_loaded("bcmath") && extension_loaded("mbstring") ? 0 : 1);' ||
	skip "PHP lacks pgsql, bcmath or mbstring (tools/install-deps)"
require_root

# zabbix_server and postgres are process trees that need time to stop: lib.sh's
# cleanup would kill the parents after 1 s and leave the children running
PG_PID=
ZSERVER_PID=
# stop_tree PID SIGNAL SECONDS: signal the parent, wait for it, then kill
# whatever of its tree is left
stop_tree() {
	[ -n "$1" ] || return 0
	kids=$(pgrep -P "$1" || true)
	kill "-$2" "$1" 2>/dev/null || true
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt $(($3 * 5)) ]; do
		sleep 0.2
		n=$((n + 1))
	done
	# shellcheck disable=SC2086
	kill -9 "$1" $kids 2>/dev/null || true
}
zabbix_cleanup() {
	stop_tree "$ZSERVER_PID" TERM 30
	stop_tree "$PG_PID" INT 20
}
# shellcheck disable=SC2154 # rc is set inside the trap
trap 'rc=$?; zabbix_cleanup; (exit $rc); cleanup' EXIT

template=$srcdir/contrib/zabbix/scout-ntp-agent-zabbix6.0.yaml

# PostgreSQL refuses to run as root: nobody owns the cluster
mkdir -p "$T/pg/data" "$T/pg/sock"
chown -R nobody: "$T/pg"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
# nobody may not reach the unpacked tree (e.g. under /root): use a copy
if ! as_nobody test -x "$pgbin/postgres"; then
	cp -a "$deps/postgresql-15" "$T/postgresql-15"
	pgbin=$T/postgresql-15/usr/lib/postgresql/15/bin
fi
as_nobody "$pgbin/initdb" -D "$T/pg/data" -U zabbix --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$T/initdb.log" 2>&1 || fail "initdb failed"
PG_PORT=$(free_port)
# no TCP at all; durability is of no use to a test
# (setpriv itself, not a function, in the background: $! must be postgres)
setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$pgbin/postgres" -D "$T/pg/data" -k "$T/pg/sock" -p "$PG_PORT" -c listen_addresses= \
    -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c jit=off \
    >"$T/postgres.log" 2>&1 &
PG_PID=$!
wait_until 30 test -S "$T/pg/sock/.s.PGSQL.$PG_PORT" || fail "postgres did not start"
sql() { "$psql" -q -X -h "$T/pg/sock" -p "$PG_PORT" -U zabbix -v ON_ERROR_STOP=1 "$@"; }
sql -d postgres -c "CREATE DATABASE zabbix" >"$T/sql.log" 2>&1 || fail "CREATE DATABASE failed"
say "loading Zabbix's schema"
for f in schema images data; do
	gzip -dc "$schema/$f.sql.gz"
done | sql -d zabbix >>"$T/sql.log" 2>&1 || fail "loading the Zabbix schema failed"

# the private world the Zabbix server will poll
start_synced_chrony "daemons chrony"

WEB_PORT=$(free_port)
ZBX_TEST_DB_SOCKET=$T/pg/sock ZBX_TEST_DB_PORT=$PG_PORT \
php -S "127.0.0.1:$WEB_PORT" -t "$ui" >"$T/php.log" 2>&1 &
track $!
api=http://127.0.0.1:$WEB_PORT/api_jsonrpc.php
wait_until 20 curl -sf -o /dev/null "http://127.0.0.1:$WEB_PORT/" || fail "the frontend did not start"

cat >"$T/import.py" <<'EOF'
import json, sys, urllib.request

url, path, snmp_port = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, params, auth=None):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(url, json.dumps(body).encode(),
                                 {"Content-Type": "application/json-rpc"})
    reply = json.load(urllib.request.urlopen(req, timeout=300))
    if "error" in reply:
        sys.exit("%s: %s" % (method, json.dumps(reply["error"])))
    return reply["result"]


print("Zabbix API", call("apiinfo.version", {}))
token = call("user.login", {"username": "Admin", "password": "zabbix"})
rules = {k: {"createMissing": True, "updateExisting": True}
         for k in ("groups", "templates", "valueMaps")}
rules.update({k: {"createMissing": True, "updateExisting": True, "deleteMissing": True}
              for k in ("items", "discoveryRules", "triggers")})
with open(path, encoding="utf-8") as f:
    source = f.read()
if call("configuration.import", {"format": "yaml", "source": source, "rules": rules}, token) is not True:
    sys.exit("configuration.import did not return true")
# a second import is an update, and must not fail either
call("configuration.import", {"format": "yaml", "source": source, "rules": rules}, token)
tpl = call("template.get", {"filter": {"host": ["SCOUT-NTP-MIB SNMP"]},
                            "selectItems": ["key_"], "selectTriggers": ["description"],
                            "selectDiscoveries": ["key_"], "selectValueMaps": ["name"],
                            "selectMacros": ["macro"]}, token)
if len(tpl) != 1:
    sys.exit("template.get found %d templates" % len(tpl))
tpl = tpl[0]
print("template", tpl["templateid"], "items", len(tpl["items"]), "discoveries", len(tpl["discoveries"]),
      "triggers", len(tpl["triggers"]), "valuemaps", len(tpl["valuemaps"]))
print("triggers:", "; ".join(sorted(t["description"] for t in tpl["triggers"])))
protos = call("itemprototype.get", {"templateids": tpl["templateid"], "output": ["key_"]}, token)
tprotos = call("triggerprototype.get", {"templateids": tpl["templateid"], "output": ["description"]}, token)
print("item prototypes", len(protos), "trigger prototypes", len(tprotos))
# a host with an SNMP interface, linked to the template, inherits all of it
group = call("hostgroup.get", {"filter": {"name": ["Templates/Applications"]}}, token)[0]["groupid"]
host = call("host.create", {"host": "ntp-client-1", "groups": [{"groupid": group}],
                            "interfaces": [{"type": 2, "main": 1, "useip": 1, "ip": "127.0.0.1",
                                            "dns": "", "port": snmp_port,
                                            "details": {"version": 2, "community": "public"}}],
                            "templates": [{"templateid": tpl["templateid"]}],
                            # poll fast, so that the test sees a loss within seconds
                            "macros": [{"macro": "{$SCOUT.NTP.INTERVAL}", "value": "2s"},
                                       {"macro": "{$SCOUT.NTP.STATIC.INTERVAL}", "value": "2s"},
                                       {"macro": "{$SCOUT.NTP.LLD.INTERVAL}", "value": "5s"}]},
                   token)["hostids"][0]
items = call("item.get", {"hostids": host, "output": ["key_", "snmp_oid"]}, token)
rules_ = call("discoveryrule.get", {"hostids": host, "output": ["key_"]}, token)
trig = call("trigger.get", {"hostids": host, "output": ["description", "event_name"]}, token)
print("host items", len(items), "discoveries", len(rules_), "triggers", len(trig))
for t in trig:
    print("host trigger:", t["description"], "|", t["event_name"])
EOF
python3 "$T/import.py" "$api" "$template" "$SNMP_PORT" >"$T/import.log" 2>&1 || {
	cat "$T/import.log"
	fail "the Zabbix API rejected the template"
}
sed "s/^/$(basename "$0"): /" "$T/import.log"

# the numbers are the template file's own (tests/zabbix-template.sh checks it)
want() { grep -q "$1" "$T/import.log" || fail "after the import, no \"$1\""; }
want "^Zabbix API 6\.0\."
want "items 12 discoveries 2 triggers 5 valuemaps 7$"
want "^item prototypes 18 trigger prototypes 2$"
want "^host items 12 discoveries 2 triggers 5$"
want "^host trigger: Clock not synchronised | Clock not synchronised: {ITEM.LASTVALUE2}$"
say "ok: the template imports into Zabbix 6.0 and links to a host"

say "zabbix_server polls the private snmpd"
mkdir -p "$T/zbx"
cat >"$T/zbx/zabbix_server.conf" <<EOF
LogFile=$T/zabbix_server.log
LogFileSize=0
PidFile=$T/zbx/zabbix_server.pid
SocketDir=$T/zbx
DBHost=$T/pg/sock
DBPort=$PG_PORT
DBName=zabbix
DBUser=zabbix
StartPollers=2
StartPollersUnreachable=1
# no trapper, so no listening socket: the frontend needs none for this test
StartTrappers=0
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
StartLLDProcessors=1
CacheUpdateFrequency=1
HousekeepingFrequency=0
Timeout=3
AllowRoot=1
EOF
# the net-snmp inside zabbix_server reads no /etc/snmp and writes no /var/lib/snmp
SNMPCONFPATH=$T/snmpconf SNMP_PERSISTENT_DIR=$T/persist MIBS='' \
LD_LIBRARY_PATH=$zlibs/libodbc2/usr/lib/x86_64-linux-gnu:$zlibs/libopenipmi0/usr/lib/x86_64-linux-gnu:$zlibs/libltdl7/usr/lib/x86_64-linux-gnu \
"$zserver" -f -c "$T/zbx/zabbix_server.conf" >"$T/zabbix_server.out" 2>&1 &
ZSERVER_PID=$!
wait_until 30 grep -q "server #0 started" "$T/zabbix_server.log" || fail "zabbix_server did not start"

cat >"$T/zbx.py" <<'PYTHON'
import json, sys, time, urllib.request

url, what, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])


def call(method, params, auth=None):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(url, json.dumps(body).encode(),
                                 {"Content-Type": "application/json-rpc"})
    reply = json.load(urllib.request.urlopen(req, timeout=60))
    if "error" in reply:
        sys.exit("%s: %s" % (method, json.dumps(reply["error"])))
    return reply["result"]


token = call("user.login", {"username": "Admin", "password": "zabbix"})
host = call("host.get", {"filter": {"host": ["ntp-client-1"]}}, token)[0]["hostid"]
end = time.time() + timeout
last = None
while True:
    if what == "value":  # value KEY VALUE: the item's last value is VALUE
        key, want = sys.argv[4], sys.argv[5]
        items = call("item.get", {"hostids": host, "filter": {"key_": [key]},
                                  "output": ["lastvalue", "lastclock", "state", "error"]}, token)
        last = items[0] if items else "no item %s (not discovered yet)" % key
        if items and items[0]["lastclock"] != "0" and items[0]["lastvalue"] == want:
            print("%s = %s" % (key, want))
            break
    elif what == "problem":  # problem TEXT: an open problem whose name starts so
        text = sys.argv[4]
        probs = call("problem.get", {"hostids": host, "output": ["name", "severity"]}, token)
        last = [p["name"] for p in probs]
        hit = [p for p in probs if p["name"].startswith(text)]
        if hit:
            print("problem: %s (severity %s)" % (hit[0]["name"], hit[0]["severity"]))
            break
    elif what == "noproblem":  # noproblem TEXT: none starts so, now
        probs = call("problem.get", {"hostids": host, "output": ["name"]}, token)
        hit = [p["name"] for p in probs if p["name"].startswith(sys.argv[4])]
        if hit:
            sys.exit("unexpected problem: %s" % hit)
        print("no problem \"%s...\" among %s" % (sys.argv[4], [p["name"] for p in probs]))
        break
    if time.time() > end:
        sys.exit("timeout waiting for %s %s; last seen: %s" % (what, " ".join(sys.argv[4:]), last))
    time.sleep(1)
PYTHON
# zbx value SECONDS KEY VALUE | zbx problem SECONDS TEXT | zbx noproblem 0 TEXT
zbx() {
	python3 "$T/zbx.py" "$api" "$@" >"$T/zbx-wait.log" 2>&1 || {
		cat "$T/zbx-wait.log"
		fail "Zabbix: $*"
	}
	say "ok: Zabbix: $(cat "$T/zbx-wait.log")"
}
zbx value 60 scout.ntp.host.sync.status 1
zbx value 30 scout.ntp.host.sync.reason 1
zbx value 30 scout.ntp.host.source.name 127.0.0.1
zbx value 30 scout.ntp.active.daemon 1
# low-level discovery made the chrony row's items (index 1)
zbx value 60 "scout.ntp.daemon.sync.status[1]" 1
zbx value 30 "scout.ntp.daemon.sources.reachable[1]" 1
zbx noproblem 0 "Clock not synchronised"

say "kill the server chronyd"
stop_pid "$SERVER_PID"
expect_within 20 scoutNtpHostSyncReason.0 noReachableSources
reason=$(get scoutNtpHostSyncReasonText.0)
zbx value 30 scout.ntp.host.sync.status 2
zbx value 30 scout.ntp.host.sync.reason 6
zbx problem 30 "Clock not synchronised: $reason"
zbx problem 30 "chronyd reaches none of its sources"
