#!/bin/sh
# The facts chronyd 4.3 gives for each "no source answers" case of issue 10,
# read by tests/chrony-facts (the chrony_proto codec) over the unix socket and
# over UDP, and cross-checked with chronyc. A real chronyd client per case,
# pointed at tests/ntp-responder in one mode, at a name that cannot resolve,
# or switched offline. What must hold for the agent's future reasons:
#   sourcesUnsynchronised  NTP_DATA leap 3, stratum 16 (or 0 without a kiss)
#   sourcesRefuse          NTP_DATA stratum 0, kiss code as refid
#   noReachableSources     NTP_DATA received 0 (nothing ever answered)
#   namesUnresolved        ACTIVITY unresolved > 0 (UDP too)
#   sourcesOffline         ACTIVITY offline > 0 (UDP too)
# Every reply-based case must look the same over UDP, where NTP_DATA is
# refused: reach 0 and nothing more, which is why the agent cannot tell them
# apart there.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"

FACTS=$builddir/tests/chrony-facts
RESPONDER=$builddir/tests/ntp-responder
require "$FACTS" "$RESPONDER"
CHRONYC_BIN="$(dirname "$CHRONYD")/../bin/chronyc"
require "$CHRONYC_BIN"

MODES="normal unsync deny rstr rate silent"
for m in $MODES; do
	port=$(free_port)
	eval "NTP_$m=$port"
	"$RESPONDER" -m "$m" 127.0.0.1 1 "$port" > "$T/responder-$m.log" 2>&1 &
	track $!
done
DEAD_PORT=$(free_port)

# one client per case, all started together: each case's clock starts here
START=$(date +%s)
for m in $MODES; do
	eval "port=\$NTP_$m"
	cmd=$(free_port)
	eval "CMD_$m=$cmd"
	start_chrony_client "cli-$m" "$cmd" "$port"
done
CMD_dead=$(free_port)
start_chrony_client cli-dead "$CMD_dead" "$DEAD_PORT"
CMD_invalid=$(free_port)
start_chronyd cli-invalid "server scout-test.invalid iburst minpoll $CHRONY_POLL maxpoll $CHRONY_POLL
server 127.0.0.1 port $NTP_normal iburst minpoll $CHRONY_POLL maxpoll $CHRONY_POLL
port 0
cmdport $CMD_invalid
bindcmdaddress 127.0.0.1
bindcmdaddress $T/cli-invalid/run/chronyd.sock"
CMD_cfgoff=$(free_port)
start_chronyd cli-cfgoff "server 127.0.0.1 port $NTP_normal iburst minpoll $CHRONY_POLL maxpoll $CHRONY_POLL offline
port 0
cmdport $CMD_cfgoff
bindcmdaddress 127.0.0.1
bindcmdaddress $T/cli-cfgoff/run/chronyd.sock"

# one source polled: online, or in its initial (iburst) burst, then online
ONLINE_ONE='(online=1 offline=0 burst_online=0|online=0 offline=0 burst_online=1)'

sock() { echo "$T/cli-$1/run/chronyd.sock"; }

# facts NAME unix|udp: chrony-facts' lines for client NAME in $T/NAME.TRANSPORT
facts() {
	if [ "$2" = unix ]; then
		target=$(sock "$1")
	else
		eval "target=\$CMD_$1"
	fi
	"$FACTS" "$target" > "$T/$1.$2" 2> "$T/$1.$2.err"
}

# has NAME TRANSPORT REGEX: a fresh reading has a line matching REGEX
has() {
	facts "$1" "$2" && grep -Eq "$3" "$T/$1.$2"
}

# shows SECONDS NAME TRANSPORT REGEX: waits, says how long since START
shows() {
	wait_until "$1" has "$2" "$3" "$4" ||
		fail "$2 over $3: no line /$4/ within $1 s; last reading: $(cat "$T/$2.$3" "$T/$2.$3.err")"
	say "ok: $2 over $3 after $(($(date +%s) - START)) s: $(grep -E "$4" "$T/$2.$3" | head -n 1)"
}

# lacks NAME TRANSPORT REGEX: the last reading has no such line
lacks() {
	! grep -Eq "$3" "$T/$1.$2" || fail "$1 over $2: unexpected /$3/: $(cat "$T/$1.$2")"
}

# field NAME TRANSPORT LINE_REGEX KEY: KEY=value of the first matching line
field() {
	grep -E "$3" "$T/$1.$2" | head -n 1 | tr ' ' '\n' | sed -n "s/^$4=//p"
}

# over UDP, every case: ACTIVITY answered, NTP_DATA refused, nothing faked
udp_refuses_ntpdata() {
	has "$1" udp '^activity ' || fail "$1: no ACTIVITY over UDP: $(cat "$T/$1.udp.err")"
	grep -q '^ntpdata 127.0.0.1 error=-13 status=2 (not authorised)$' "$T/$1.udp" ||
		fail "$1: NTP_DATA over UDP was not refused: $(cat "$T/$1.udp")"
	lacks "$1" udp '^ntpdata .* leap='
}

# chronyc's own reading of the same instance over the unix socket
chronyc_sock() {
	name=$1
	shift
	"$CHRONYC_BIN" -n -c -h "$(sock "$name")" "$@"
}

say "control: a server that answers normally"
shows 10 normal unix '^source 0 .* state=0 .* reach=377 '
shows 5 normal unix '^ntpdata 127.0.0.1 leap=0 version=4 mode=4 stratum=8 .* refid=7F7F0101 .* tests=11111111'
good=$(field normal unix '^ntpdata' good)
[ "$good" -gt 0 ] || fail "normal: no good packet: $(cat "$T/normal.unix")"
udp_refuses_ntpdata normal

say "leap 3 / stratum 16: the server answers but is not synchronised"
shows 10 unsync unix '^ntpdata 127.0.0.1 leap=3 version=4 mode=4 stratum=16 .* refid=00000000 kiss=.... tests=1111010000 '
grep -Eq '^source 0 addr=127.0.0.1 state=1 .* reach=0 stratum=0 ' "$T/unsync.unix" ||
	fail "unsync: the source is not unreachable: $(cat "$T/unsync.unix")"
rx=$(field unsync unix '^ntpdata' rx)
valid=$(field unsync unix '^ntpdata' valid)
good=$(field unsync unix '^ntpdata' good)
[ "$rx" -gt 0 ] && [ "$valid" = "$rx" ] && [ "$good" = 0 ] ||
	fail "unsync: rx $rx valid $valid good $good"
say "ok: unsync: received $rx, valid $valid, good 0; reach 0"
grep -Eq "^activity $ONLINE_ONE burst_offline=0 unresolved=0$" "$T/unsync.unix" ||
	fail "unsync: activity $(cat "$T/unsync.unix")"
udp_refuses_ntpdata unsync
grep -Eq '^source 0 addr=127.0.0.1 state=1 .* reach=0 ' "$T/unsync.udp" ||
	fail "unsync over UDP: $(cat "$T/unsync.udp")"

for kiss in deny rstr rate; do
	code=$(echo "$kiss" | tr a-z A-Z)
	say "kiss-o'-death $code"
	shows 10 "$kiss" unix "^ntpdata 127.0.0.1 leap=3 version=4 mode=4 stratum=0 .* kiss=$code tests=1111010000 "
	grep -Eq '^source 0 addr=127.0.0.1 state=1 .* reach=0 ' "$T/$kiss.unix" ||
		fail "$kiss: the source is not unreachable: $(cat "$T/$kiss.unix")"
	rx=$(field "$kiss" unix '^ntpdata' rx)
	good=$(field "$kiss" unix '^ntpdata' good)
	[ "$rx" -gt 0 ] && [ "$good" = 0 ] || fail "$kiss: rx $rx good $good"
	udp_refuses_ntpdata "$kiss"
	# the same reading by chronyc: refid and its name
	chronyc_sock "$kiss" ntpdata 127.0.0.1 > "$T/$kiss.chronyc"
	cut -d, -f6,9,16,17 "$T/$kiss.chronyc" | grep -qx "Not synchronised,0,[0-9A-F]*,$code" ||
		fail "$kiss: chronyc ntpdata says $(cat "$T/$kiss.chronyc")"
done
# RATE: chronyd backs off; DENY and RSTR are polled on as before
rate_tx=$(field rate unix '^ntpdata' tx)
deny_tx=$(field deny unix '^ntpdata' tx)
say "ok: after RATE chronyd sent $rate_tx requests, after DENY $deny_tx"
[ "$rate_tx" -lt "$deny_tx" ] || fail "RATE did not slow chronyd down ($rate_tx vs $deny_tx)"

say "a bound port that never answers (a firewall dropping replies)"
shows 10 silent unix '^ntpdata 127.0.0.1 leap=0 version=0 mode=0 stratum=0 .* refid=00000000 .* tests=0000000000 tx=[1-9][0-9]* rx=0 valid=0 good=0 rx_tss=-$'
udp_refuses_ntpdata silent

say "a port nobody listens on (ICMP port unreachable)"
shows 10 dead unix '^ntpdata 127.0.0.1 leap=0 version=0 mode=0 stratum=0 .* tx=[1-9][0-9]* rx=0 valid=0 good=0 '
udp_refuses_ntpdata dead

say "a server name that cannot resolve"
for transport in unix udp; do
	shows 10 invalid $transport "^activity $ONLINE_ONE burst_offline=0 unresolved=1$"
	grep -Eq '^source [01] addr=ID#0000000001 state=1 .* reach=0 ' "$T/invalid.$transport" ||
		fail "invalid: no unresolved source row: $(cat "$T/invalid.$transport")"
done
chronyc_sock invalid activity | grep -qx '1,0,0,0,1' || fail "invalid: chronyc activity"

say "a source configured offline"
for transport in unix udp; do
	shows 5 cfgoff $transport '^activity online=0 offline=1 burst_online=0 burst_offline=0 unresolved=0$'
done
shows 5 cfgoff unix '^ntpdata 127.0.0.1 leap=0 version=0 .* tx=0 rx=0 valid=0 good=0 '

say "chronyc offline: refused over UDP, accepted over the unix socket"
shows 10 normal unix '^source 0 .* reach=377 '
"$CHRONYC_BIN" -h 127.0.0.1 -p "$CMD_normal" offline > "$T/offline-udp.out" 2>&1 || true
grep -q '501 Not authorised' "$T/offline-udp.out" ||
	fail "chronyc offline over UDP: $(cat "$T/offline-udp.out")"
START=$(date +%s)
"$CHRONYC_BIN" -h "$(sock normal)" offline > "$T/offline-unix.out" 2>&1 ||
	fail "chronyc offline over the unix socket: $(cat "$T/offline-unix.out")"
for transport in unix udp; do
	shows 5 normal $transport '^activity online=0 offline=1 burst_online=0 burst_offline=0 unresolved=0$'
done
shows 5 normal unix '^source 0 addr=127.0.0.1 state=1 .* reach=0 '
# NTP_DATA still shows the last (good) reply, and no more requests go out
tx1=$(field normal unix '^ntpdata' tx)
shows 1 normal unix '^ntpdata 127.0.0.1 leap=0 version=4 mode=4 stratum=8 '
sleep 2
facts normal unix
tx2=$(field normal unix '^ntpdata' tx)
[ "$tx1" = "$tx2" ] || fail "offline chronyd still polls: tx $tx1 then $tx2"
say "ok: offline: tx stays at $tx2"
chronyc_sock normal activity | grep -qx '0,1,0,0,0' || fail "offline: chronyc activity"
"$CHRONYC_BIN" -h "$(sock normal)" online > "$T/online.out" 2>&1 || fail "chronyc online"
shows 10 normal unix "^activity $ONLINE_ONE burst_offline=0 unresolved=0$"
shows 10 normal unix '^source 0 .* reach=[1-7]*[1-7] '

say "ok: all cases"
