#!/bin/sh
# The mode 6 codec (src/ntp_mode6.c) against the real NTPsec of Debian 12 (see
# ntpsec-lib.sh: two private network namespaces, a chronyd -x server, ntpd
# without CAP_SYS_TIME): tools/ntp-mode6-query, one READSTAT and the READVARs
# of the system and the association sent together, reads the same leap,
# stratum, refid, offset, reach and tally code as NTPsec's own
# `ntpq -c rv -c peers`; after the server stops, reach falls to 0 and no
# association is sys.peer any more (leap, stratum, refid stay); after it comes
# back, the association is sys.peer again.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
. "$srcdir/tests/integration/ntpsec-lib.sh"
ntpsec_require
QUERY=${NTP_MODE6_QUERY:-$builddir/tools/ntp-mode6-query}
[ -x "$QUERY" ] || fail "$QUERY not built (make builds it)"

start=$(date +%s.%N)
ntpsec_start_world
say "ok: NTPsec synchronised (leap 00) after" \
    "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
grep -q "ntp_adjtime: Operation not permitted" "$T/ntpd.log" ||
	fail "ntpd could adjust the clock (no EPERM from ntp_adjtime in its log)"

# field KEY LINE: the value of KEY=value in one line of the query's output
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | tr -d '"'; }

# ntpq_rv KEY: from the saved `ntpq -c rv`
ntpq_rv() { tr -d '\r' < "$T/ntpq.out" | tr ',' '\n' | sed -n "s/^ *$1=//p" | head -n 1; }

# abs_le A B LIMIT: |A - B| <= LIMIT
abs_le() { awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= l) }'; }

# compare: one query and one ntpq run, the peer line as ntpq shows it
compare() {
	ntpsec_run "$QUERY" -t 2000 > "$T/query.out" || fail "query failed: $(cat "$T/query.out")"
	ntpsec_ntpq -c rv -c peers > "$T/ntpq.out" || fail "ntpq failed"
	sys=$(grep '^system ' "$T/query.out") || fail "no system line: $(cat "$T/query.out")"
	[ "$(grep -c '^assoc ' "$T/query.out")" -eq 1 ] || fail "not one association: $(cat "$T/query.out")"
	peer=$(grep '^assoc ' "$T/query.out")
	# ntpq prints leap in binary: 00 01 10 11
	leap=$(ntpq_rv leap)
	[ "$(field leap "$sys")" -eq $((${leap%?} * 2 + ${leap#?})) ] ||
		fail "leap: query $(field leap "$sys"), ntpq $leap"
	for k in stratum refid peer; do
		[ "$(field $k "$sys")" = "$(ntpq_rv $k)" ] ||
			fail "$k: query $(field $k "$sys"), ntpq $(ntpq_rv $k)"
	done
	version=$(echo "$sys" | sed -n 's/.* version="\([^"]*\)".*/\1/p')
	[ "$version" = "$(ntpq_rv version | tr -d '"')" ] || fail "version: query $version, ntpq $(ntpq_rv version)"
	case "$version" in "ntpd ntpsec-"*) ;; *) fail "version $version: not NTPsec" ;; esac
	# a new sample may land between the two reads: offsets agree within jitter
	off=$(field offset "$sys")
	tol=$(awk -v j="$(field jitter "$peer")" 'BEGIN { print 4 * j + 0.01 }')
	abs_le "$off" "$(ntpq_rv offset)" "$tol" ||
		fail "offset: query $off ms, ntpq $(ntpq_rv offset) ms (tolerance $tol)"
	# ntpq -c peers: tally+remote refid st t when poll reach delay offset jitter
	line=$(grep -E '^[ x.+#*o-]?[0-9]' "$T/ntpq.out" | tail -n 1)
	tally=$(echo "$line" | cut -c1 | tr ' ' _)
	set -- $(echo "$line" | cut -c2-)
	[ "$(field tally "$peer")" = "$tally" ] ||
		fail "tally: query '$(field tally "$peer")', ntpq '$tally' ($line)"
	[ "$(field srcadr "$peer")" = "$1" ] || fail "remote: query $(field srcadr "$peer"), ntpq $1"
	[ "$(field refid "$peer")" = "$2" ] || fail "peer refid: query $(field refid "$peer"), ntpq $2"
	[ "$(field stratum "$peer")" = "$3" ] || fail "st: query $(field stratum "$peer"), ntpq $3"
	[ $((1 << $(field hpoll "$peer"))) -eq "$6" ] || fail "poll: query 2^$(field hpoll "$peer"), ntpq $6"
	# reach: ntpq prints octal without leading zeros; it shifts every poll,
	# so both reads must be in the same poll interval: retry once
	[ "$(field reach "$peer" | sed 's/^0*\(.\)/\1/')" = "$7" ] || return 1
	say "ok: query and ntpq agree: leap $leap, stratum $(field stratum "$sys"), refid" \
	    "$(field refid "$sys"), offset $off/$(ntpq_rv offset) ms, tally '$tally', reach $7, poll $6"
	SYS=$sys PEER=$peer
}
agree() { compare || { sleep 0.5 && compare; } || fail "reach: query $(field reach "$PEER"), ntpq differs"; }

say "synchronised: the codec reads what ntpq shows"
agree
[ "$(field select "$PEER")" = sys.peer ] || fail "the server is not sys.peer: $PEER"
[ "$(field peer "$SYS")" = "$(echo "$PEER" | awk '{ print $2 }')" ] ||
	fail "system peer $(field peer "$SYS") is not the association"

reach_is() { ntpsec_run "$QUERY" | grep -q "^assoc .* reach=$1 "; }
wait_until 30 reach_is 377 || fail "reach did not fill up (377) within 30 s"
say "ok: reach 377"
agree
sys_before=$SYS

say "the server stops: reach falls to 0, no sys.peer"
ntpsec_stop_server
stopped=$(date +%s)
wait_until 40 reach_is 000 || fail "reach did not fall to 0 within 40 s: $(ntpsec_run "$QUERY")"
say "ok: reach 0 after $(($(date +%s) - stopped)) s"
agree
[ "$(field select "$PEER")" != sys.peer ] || fail "still sys.peer at reach 0: $PEER"
grep -q '^\*' "$T/ntpq.out" && fail "ntpq still shows '*' at reach 0"
for k in leap stratum refid; do
	[ "$(field $k "$SYS")" = "$(field $k "$sys_before")" ] ||
		fail "$k changed to $(field $k "$SYS") (was $(field $k "$sys_before"))"
done
say "ok: leap, stratum, refid kept: $(field leap "$SYS") $(field stratum "$SYS") $(field refid "$SYS")"

say "the server comes back: sys.peer again"
ntpsec_start_server
sys_peer() { ntpsec_run "$QUERY" | grep -q "^assoc .* select=sys.peer "; }
wait_until 40 sys_peer || fail "no sys.peer within 40 s after the server came back"
agree

ntpsec_stop_ntpd
ntpsec_stop_server
ntpsec_check_no_leftovers
say "ok: nothing but the namespace holders was left"
