#!/bin/sh
# contrib/prometheus: Debian's prometheus-snmp-generator turns generator.yml
# into the shipped snmp.yml; the alert rules pass `promtool check rules`; the
# real prometheus-snmp-exporter, on a private port, scrapes the private world
# synchronised, after the server chronyd is killed, and with the agent
# stopped; those scrapes become `promtool test rules` input, and each alert
# fires exactly where it should. Three states this world cannot reach (an
# offset beyond the threshold, a daemon conflict, a stuck agent) are the
# synchronised scrape with one value changed, and said so below.
. "${srcdir:-$(dirname "$0")/../..}/tests/integration/lib.sh"
require_mibs
require prometheus-snmp-generator prometheus-snmp-exporter promtool curl

contrib=$srcdir/contrib/prometheus

say "the generator makes the shipped snmp.yml"
# only the MIBs the module needs: the generator reads every file it is given
mkdir -p "$T/mibs" "$T/gen"
cp "$BASEMIBS"/SNMPv2-SMI.mib "$BASEMIBS"/SNMPv2-TC.mib "$BASEMIBS"/SNMPv2-CONF.mib \
    /usr/share/snmp/mibs/NET-SNMP-MIB.txt "$srcdir/mibs/SCOUT-NTP-MIB.txt" "$T/mibs/"
cp "$contrib/generator.yml" "$T/gen/"
(cd "$T/gen" && MIBDIRS=$T/mibs prometheus-snmp-generator --fail-on-parse-errors generate \
    >generate.log 2>&1) || fail "the generator failed: $(cat "$T/gen/generate.log")"
diff -u "$contrib/snmp.yml" "$T/gen/snmp.yml" >"$T/gen/diff" ||
	fail "contrib/prometheus/snmp.yml is stale; regenerate it (README): $(head -n 40 "$T/gen/diff")"
say "ok: snmp.yml is the generator's output"

promtool check rules "$contrib/scout-ntp-alerts.yml" >"$T/check-rules.log" 2>&1 ||
	fail "promtool check rules: $(cat "$T/check-rules.log")"
say "ok: promtool check rules"

start_synced_chrony "daemons chrony"
EXPORTER_PORT=$(free_port)
prometheus-snmp-exporter --config.file="$contrib/snmp.yml" \
    --web.listen-address="127.0.0.1:$EXPORTER_PORT" >"$T/exporter.log" 2>&1 &
track $!
scrape_url="http://127.0.0.1:$EXPORTER_PORT/snmp?module=scout_ntp&target=127.0.0.1:$SNMP_PORT"
wait_until 10 curl -sf "http://127.0.0.1:$EXPORTER_PORT/" || fail "the exporter did not start"

# scrape NAME: the exporter's page for the private snmpd, in $T/NAME.prom
scrape() {
	curl -sf "$scrape_url" >"$T/$1.prom" || fail "scrape $1 failed: $(cat "$T/$1.prom")"
}
# has NAME SAMPLE-REGEX: the scrape has a sample line matching it
has() {
	grep -Eq "^$2\$" "$T/$1.prom" || fail "scrape $1 has no line matching '$2'"
}

scrape synced
has synced 'scoutNtpHostSyncStatus 1'
has synced 'scoutNtpHostSyncReason_info\{scoutNtpHostSyncReason="none"\} 1'
has synced 'scoutNtpHostSourceName\{scoutNtpHostSourceName="127.0.0.1"\} 1'
has synced 'scoutNtpSyncStatus\{scoutNtpDaemonName="chronyd",scoutNtpDaemonType="1"\} 1'
has synced 'scoutNtpSrcReach\{scoutNtpDaemonName="chronyd",scoutNtpDaemonType="1",scoutNtpSrcIndex="1",scoutNtpSrcName="127.0.0.1"\} [0-9]+'
has synced 'scoutNtpHostOffset -?[0-9.e+-]+'
say "ok: the synchronised scrape has the host, daemon and source metrics"

say "kill the server chronyd"
stop_pid "$SERVER_PID"
expect_within 20 scoutNtpHostSyncStatus.0 unsynchronized
expect_within 20 scoutNtpSourcesReachable.chrony 0
scrape lost
has lost 'scoutNtpHostSyncStatus 2'
has lost 'scoutNtpSourcesReachable\{scoutNtpDaemonName="chronyd",scoutNtpDaemonType="1"\} 0'
reason=$(sed -n 's/^scoutNtpHostSyncReason_info{scoutNtpHostSyncReason="\([A-Za-z]*\)"} 1$/\1/p' "$T/lost.prom")
reason_text=$(sed -n 's/^scoutNtpHostSyncReasonText{scoutNtpHostSyncReasonText="\(.*\)"} 1$/\1/p' "$T/lost.prom")
[ "$reason" = "$(get scoutNtpHostSyncReason.0)" ] ||
	fail "the exporter's reason \"$reason\" is not the agent's \"$(get scoutNtpHostSyncReason.0)\""
[ -n "$reason_text" ] || fail "the lost scrape has no scoutNtpHostSyncReasonText"
say "ok: the lost scrape says $reason: $reason_text"

stop_agent
wait_until 10 sh -c "! SNMPCONFPATH=$T/snmpconf MIBS= snmpget -v2c -c public -t 1 -r 0 \
    127.0.0.1:$SNMP_PORT SCOUT-NTP-MIB::scoutNtpAgentVersion.0 | grep -q STRING" ||
	fail "the agent's objects stayed after it stopped"
scrape absent
has absent 'snmp_scrape_pdus_returned 0'
say "ok: with the agent stopped, snmp_scrape_pdus_returned is 0"

# series FILE [SED-SCRIPT]: a scrape as promtool input series, as Prometheus
# would store it (job and instance added), constant for 30 minutes
series() {
	sed -e "${2:-}" "$T/$1.prom" | awk '
	/^#/ || NF < 2 { next }
	{
		value = $NF
		sample = substr($0, 1, length($0) - length(value) - 1)
		if (index(sample, "{")) sub(/\{/, "{job=\"snmp\",instance=\"host1\",", sample)
		else sample = sample "{job=\"snmp\",instance=\"host1\"}"
		gsub(/'\''/, "'\'''\''", sample)
		printf "      - series: '\''%s'\''\n        values: '\''%sx30'\''\n", sample, sprintf("%.6f", value)
	}'
}
# no_alerts NAME...: the expectation that none of these fires at 20m
no_alerts() {
	for a in "$@"; do
		printf '      - eval_time: 20m\n        alertname: %s\n        exp_alerts: []\n' "$a"
	done
}
all="ScoutNtpNotSynchronised ScoutNtpOffsetHigh ScoutNtpNoReachableSource ScoutNtpDaemonConflict ScoutNtpStaleData ScoutNtpAgentAbsent"
except() { echo " $all " | sed "s/ $1 / /"; }
yq() { printf '%s' "$1" | sed "s/'/''/g"; }
# the threshold as the agent serves it, in microseconds
threshold=$(sed -n 's/^scoutNtpOffsetThreshold \([0-9]*\)$/\1/p' "$T/synced.prom")
[ -n "$threshold" ] || fail "no scoutNtpOffsetThreshold in the scrape"

{
	printf 'rule_files:\n  - %s\nevaluation_interval: 1m\ntests:\n' "$contrib/scout-ntp-alerts.yml"

	echo "  # scraped: synchronised; nothing fires"
	printf '  - interval: 1m\n    input_series:\n'
	series synced
	printf '    alert_rule_test:\n'
	# shellcheck disable=SC2086
	no_alerts $all

	echo "  # scraped: the server killed"
	printf '  - interval: 1m\n    input_series:\n'
	series lost
	printf '    alert_rule_test:\n'
	cat <<-EOF
	      - eval_time: 1m
	        alertname: ScoutNtpNotSynchronised
	        exp_alerts: []
	      - eval_time: 20m
	        alertname: ScoutNtpNotSynchronised
	        exp_alerts:
	          - exp_labels:
	              severity: critical
	              job: snmp
	              instance: host1
	              scoutNtpHostSyncReason: $reason
	              scoutNtpHostSyncReasonText: '$(yq "$reason_text")'
	            exp_annotations:
	              summary: 'host1: the clock is not synchronised'
	              description: 'host1: $(yq "$reason_text") (reason $reason)'
	      - eval_time: 20m
	        alertname: ScoutNtpNoReachableSource
	        exp_alerts:
	          - exp_labels:
	              severity: critical
	              job: snmp
	              instance: host1
	              scoutNtpDaemonName: chronyd
	              scoutNtpDaemonType: 1
	            exp_annotations:
	              summary: 'host1: chronyd reaches none of its sources'
	              description: 'host1: no source of chronyd answered in its last 8 polls: is outbound UDP port 123 blocked, or are the servers down'
	EOF
	# shellcheck disable=SC2046
	no_alerts $(except ScoutNtpNotSynchronised | sed 's/ScoutNtpNoReachableSource//')

	echo "  # scraped: the agent stopped, snmpd still answers"
	printf '  - interval: 1m\n    input_series:\n'
	series absent
	printf '    alert_rule_test:\n'
	cat <<-EOF
	      - eval_time: 20m
	        alertname: ScoutNtpAgentAbsent
	        exp_alerts:
	          - exp_labels:
	              severity: warning
	              job: snmp
	              instance: host1
	            exp_annotations:
	              summary: 'host1: scout-ntp-agent does not answer'
	              description: 'host1: snmpd answers, but returns nothing under SCOUT-NTP-MIB: is scout-ntp-agent running and registered (master agentx)'
	EOF
	# shellcheck disable=SC2046
	no_alerts $(except ScoutNtpAgentAbsent)

	echo "  # not reachable here: the synchronised scrape, offset 2 x the threshold"
	printf '  - interval: 1m\n    input_series:\n'
	series synced "s/^scoutNtpHostOffset .*/scoutNtpHostOffset -$((threshold * 2))/"
	printf '    alert_rule_test:\n'
	cat <<-EOF
	      - eval_time: 20m
	        alertname: ScoutNtpOffsetHigh
	        exp_alerts:
	          - exp_labels:
	              severity: warning
	              job: snmp
	              instance: host1
	            exp_annotations:
	              summary: 'host1: the clock is $((threshold * 2)) microseconds off its source'
	              description: "host1: the offset of the host's clock is above the agent's offsetThreshold."
	EOF
	# shellcheck disable=SC2046
	no_alerts $(except ScoutNtpOffsetHigh)

	echo "  # not reachable here: the synchronised scrape, offset at the threshold"
	printf '  - interval: 1m\n    input_series:\n'
	series synced "s/^scoutNtpHostOffset .*/scoutNtpHostOffset $threshold/"
	printf '    alert_rule_test:\n'
	# shellcheck disable=SC2086
	no_alerts $all

	echo "  # not reachable here: the synchronised scrape, two daemons running"
	printf '  - interval: 1m\n    input_series:\n'
	series synced "s/^scoutNtpDaemonsActive .*/scoutNtpDaemonsActive 2/"
	printf '    alert_rule_test:\n'
	cat <<-EOF
	      - eval_time: 20m
	        alertname: ScoutNtpDaemonConflict
	        exp_alerts:
	          - exp_labels:
	              severity: warning
	              job: snmp
	              instance: host1
	            exp_annotations:
	              summary: 'host1: 2 time daemons fight over the clock'
	              description: 'host1: more than one time daemon runs; stop all but one.'
	EOF
	# shellcheck disable=SC2046
	no_alerts $(except ScoutNtpDaemonConflict)

	echo "  # not reachable here: the synchronised scrape, the agent stuck for 100 s"
	printf '  - interval: 1m\n    input_series:\n'
	series synced "s/^scoutNtpDataAge .*/scoutNtpDataAge 100/"
	printf '    alert_rule_test:\n'
	cat <<-EOF
	      - eval_time: 20m
	        alertname: ScoutNtpStaleData
	        exp_alerts:
	          - exp_labels:
	              severity: warning
	              job: snmp
	              instance: host1
	            exp_annotations:
	              summary: "host1: scout-ntp-agent's data is 100 s old"
	              description: 'host1: the agent answers from a refresh long past; its values are old.'
	EOF
	# shellcheck disable=SC2046
	no_alerts $(except ScoutNtpStaleData)
} >"$T/alerts-test.yml"

promtool test rules "$T/alerts-test.yml" >"$T/promtool-test.log" 2>&1 || {
	cat "$T/promtool-test.log"
	fail "promtool test rules failed on the scraped series ($T/alerts-test.yml)"
}
say "ok: promtool test rules: 7 cases, 3 of them scraped from the private world"
