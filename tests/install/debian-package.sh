#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/install/debian-package.sh DEB: installs the built package the way an
# administrator does, into a clean Debian 12 root, and checks that it works
# on Debian's stock snmpd.conf and goes away again on purge.
#
# - The root is made by mmdebstrap from the mirrors this machine's apt uses and
#   cached as a tarball, with the package lists and the .debs of snmpd, in
#   ${XDG_CACHE_HOME:-$HOME/.cache}/scout-ntp-agent/debian-root (outside the
#   checkout, which CI clones afresh); it is made again after 7 days or when
#   the mirrors change.
# - apt-get installs snmpd and DEB into an unpacked copy. snmpd.conf stays as
#   Debian ships it but for its agentaddress (a high port on loopback).
# - There is no systemd inside: snmpd and the agent are started as their
#   units' ExecStart= lines, User=, SupplementaryGroups=, UMask= and
#   RuntimeDirectory= say, by chroot + setpriv (ProcSubset=pid as a /proc of
#   its own; the system calls it makes, recorded by strace, are held against
#   its SystemCallFilter=), in a private network, PID and
#   mount namespace, beside a chronyd -x server and client (host binaries,
#   $CHRONYD). The client's command port is 127.0.0.1:323 in that namespace,
#   so the agent finds it with the package's own configuration, untouched.
# - snmpget from outside the root (the host's client, the MIB as installed in
#   the root) asks the stock community "public".
# - apt-get purge, then: no file of the package is left, and what stays is
#   what Debian policy keeps (the system user).
#
# Needs root, mmdebstrap, unshare, nsenter, chroot, snmpget, $CHRONYD and
# $BASEMIBS. In CI (CI=true) a missing tool fails.

deb=${1:-${SCOUT_NTP_DEB:-}}
. "$(dirname "$0")/../integration/lib.sh"
require_root
require mmdebstrap unshare nsenter chroot snmpget ip ps strace systemd-analyze "$CHRONYD"
require_mibs
[ -n "$deb" ] && [ -f "$deb" ] || fail "usage: $0 scout-ntp-agent_VERSION_ARCH.deb (tools/build-deb makes it)"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

started=$(date +%s)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/scout-ntp-agent/debian-root
root=$T/root
mkdir -p "$cache"
# fetched into the root's apt cache when it is made; installed by the test
cached_debs="snmpd systemd"

# --- the cached Debian 12 root --------------------------------------------

# the bookworm main entries of this machine's apt: "URI SUITE" lines
mirrors=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT) $(IDENTIFIER)' |
	awk '$3 == "main" && $4 == "Packages" && $2 ~ /^bookworm(-updates|-security)?$/ { print $1, $2 }' |
	sort -u)
[ -n "$mirrors" ] || fail "this machine's apt has no Debian 12 (bookworm) main mirror"
tarball=$cache/bookworm.tar
if [ ! -s "$tarball" ] || [ "$(cat "$cache/key" 2>/dev/null)" != "$mirrors $cached_debs" ] ||
	[ -n "$(find "$tarball" -mtime +7)" ]; then
	say "making a Debian 12 root with mmdebstrap from: $(echo "$mirrors" | tr '\n' ' ')"
	set --
	while read -r uri suite; do
		set -- "$@" "deb $uri $suite main"
	done <<-EOF
	$mirrors
	EOF
	# keep the package lists and fetch snmpd's .debs now, so that a warm run
	# installs without the network
	nice mmdebstrap --quiet --mode=root --variant=apt --skip=cleanup/apt \
		--customize-hook='chroot "$1" apt-get install -y -q --download-only --no-install-recommends '"$cached_debs" \
		bookworm "$cache/new.$$.tar" "$@" >"$T/mmdebstrap.log" 2>&1 || {
		rm -rf "$cache/new.$$.tar"
		fail "mmdebstrap failed"
	}
	mv "$cache/new.$$.tar" "$tarball"
	echo "$mirrors $cached_debs" >"$cache/key"
	say "made $tarball in $(($(date +%s) - started)) s"
fi
mkdir "$root"
tar -xf "$tarball" -C "$root"

# in_root CMD...: CMD inside the root, in a mount and PID namespace of its own
# with /proc (nothing started there outlives it), on the host's network (apt)
in_root() {
	unshare --mount --pid --fork --mount-proc="$root/proc" chroot "$root" "$@"
}

# --- install ---------------------------------------------------------------

# snmpd's postinst would start snmpd through invoke-rc.d: a root without an
# init system says no, as Debian's build chroots do
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	snmpd "/tmp/$(basename "$deb")" >"$T/apt-install.log" 2>&1 ||
	fail "apt-get install snmpd $(basename "$deb") failed"
rm -f "$root/usr/sbin/policy-rc.d" "$root/tmp/$(basename "$deb")"
say "ok: apt-get installed snmpd and $(basename "$deb") in $(($(date +%s) - started)) s"

agent_user=_scout-ntp-agent
in_root getent passwd $agent_user >/dev/null || fail "no user $agent_user after install"
in_root id -Gn $agent_user | tr ' ' '\n' | grep -qx Debian-snmp ||
	fail "$agent_user is not in group Debian-snmp: $(in_root id -Gn $agent_user)"
say "ok: system user $agent_user, in group Debian-snmp"
conffiles=$(in_root dpkg-query -W -f='${Conffiles}' scout-ntp-agent)
for f in /etc/snmp/scout-ntp-agent.conf /etc/snmp/snmpd.conf.d/scout-ntp-agent.conf; do
	echo "$conffiles" | grep -q "^ $f " || fail "$f is not a conffile: $conffiles"
done
say "ok: both files in /etc are conffiles"
[ -L "$root/etc/systemd/system/multi-user.target.wants/scout-ntp-agent.service" ] ||
	fail "scout-ntp-agent.service is not enabled"
say "ok: scout-ntp-agent.service is enabled"

# Debian's snmpd.conf as shipped, but for the listening address
SNMP_PORT=$(free_port)
conf=$root/etc/snmp/snmpd.conf
cp "$conf" "$T/snmpd.conf.stock"
sed -i "s|^agentaddress .*|agentaddress udp:127.0.0.1:$SNMP_PORT|" "$conf"
[ "$(diff "$T/snmpd.conf.stock" "$conf" | grep -c '^[<>]')" -eq 2 ] ||
	fail "snmpd.conf: expected one line changed, got: $(diff "$T/snmpd.conf.stock" "$conf")"

# --- the namespace and the daemons ------------------------------------------

# unit_key UNIT KEY: the value of KEY= in /lib/systemd/system/UNIT (last wins)
unit_key() {
	sed -n "s/^$2=//p" "$root/lib/systemd/system/$1" | tail -n 1
}

# A holder process keeps a private network, PID and mount namespace; inside,
# the root gets its own /proc (of that PID namespace) and an empty /run.
unshare --net --pid --mount --fork --mount-proc="$root/proc" sh -c "
	mount -t tmpfs -o mode=755 tmpfs '$root/run' &&
	ip link set lo up && touch '$T/ns-ready' && exec sleep 3600" 2>>"$T/holder.log" &
track $!
wait_until 10 test -e "$T/ns-ready" || fail "the namespace did not come up"
HOLDER=$(ps -o pid= --ppid $! | tr -d ' ')
track "$HOLDER"
# the root as processes in the namespace see it (its own /run and /proc)
nsroot=/proc/$HOLDER/root$root

# in_ns CMD...: CMD in the holder's namespaces
in_ns() { nsenter -t "$HOLDER" -n -m -p -- "$@"; }

# start_in_ns NAME CMD...: CMD in the background inside the namespaces, output
# in $T/NAME.log; sets STARTED to its pid as the host sees it
start_in_ns() {
	name=$1
	shift
	nsenter -t "$HOLDER" -n -m -p -- "$@" >"$T/$name.log" 2>&1 &
	nsenter_pid=$!
	track $nsenter_pid
	wait_until 5 sh -c "ps -o pid= --ppid $nsenter_pid | grep -q ." ||
		fail "$name did not start"
	STARTED=$(ps -o pid= --ppid $nsenter_pid | tr -d ' ')
	track "$STARTED"
}

# stop_started PID: a process start_in_ns started, gone once this returns
stop_started() {
	kill "$1" 2>/dev/null || true
	wait_until 5 sh -c "! kill -0 $1" || kill -9 "$1" 2>/dev/null || true
	untrack "$1"
}

# runtime_dir UNIT USER: RuntimeDirectory= as systemd makes it (mode 0755)
runtime_dir() {
	for d in $(unit_key "$1" RuntimeDirectory); do
		in_ns chroot "$root" install -d -m 755 -o "$2" "/run/$d"
	done
}

# start_unit UNIT: the unit's ExecStartPre= and ExecStart= lines with its
# User=, SupplementaryGroups= and UMask=, in the root; sets STARTED
start_unit() {
	unit=$1
	[ -f "$root/lib/systemd/system/$unit" ] || fail "no $unit in the root"
	user=$(unit_key "$unit" User)
	user=${user:-root}
	groups=$(
		in_root id -Gn "$user" | tr ' ' '\n' | tail -n +2
		unit_key "$unit" SupplementaryGroups | tr ' ' '\n'
	)
	groups=$(echo "$groups" | sort -u | grep . | paste -sd, -)
	umask_=$(unit_key "$unit" UMask)
	runtime_dir "$unit" "$user"
	wrap="umask ${umask_:-0022}; exec setpriv --reuid=$user --regid=$user"
	if [ -n "$groups" ]; then wrap="$wrap --groups=$groups"; else wrap="$wrap --clear-groups"; fi
	[ "$user" = root ] || wrap="$wrap --inh-caps=-all --bounding-set=-all"
	[ "$(unit_key "$unit" NoNewPrivileges)" != yes ] || wrap="$wrap --no-new-privs"
	pre=$(unit_key "$unit" ExecStartPre)
	if [ -n "$pre" ]; then
		# shellcheck disable=SC2086 # the unit's words, as systemd splits them
		in_ns chroot "$root" sh -c "$wrap -- \"\$@\"" sh $pre >"$T/$unit-pre.log" 2>&1 ||
			fail "$unit: ExecStartPre=$pre failed: $(cat "$T/$unit-pre.log")"
	fi
	start=$(unit_key "$unit" ExecStart)
	case "$start" in [-+!@:]*) fail "$unit: ExecStart=$start: prefix not mirrored here" ;; esac
	say "starting $unit: ExecStart=$start as $user (groups ${groups:-none})"
	{
		echo 'set -e'
		# ProcSubset=pid: a /proc of its own, with the processes and nothing else
		[ "$(unit_key "$unit" ProcSubset)" != pid ] ||
			echo "mount -t proc -o subset=pid proc '$root/proc'"
		# SystemCallFilter=: record the calls made, to hold them against it
		tracer=
		[ -z "$(unit_key "$unit" SystemCallFilter)" ] || tracer="strace -f -qq -o '$T/$unit.trace'"
		echo "exec $tracer chroot '$root' sh -c '$wrap -- \"\$@\"' sh \"\$@\""
	} >"$T/$unit.launch"
	# shellcheck disable=SC2086
	start_in_ns "$unit" unshare --mount sh "$T/$unit.launch" $start
	if [ -n "$tracer" ]; then
		# STARTED is strace: the unit's process is its child
		tracer_pid=$STARTED
		wait_until 5 sh -c "ps -o pid= --ppid $tracer_pid | grep -q ." || fail "$unit did not start"
		STARTED=$(ps -o pid= --ppid "$tracer_pid" | tr -d ' ')
		track "$STARTED"
	fi
}

# syscall_group NAME: the system calls of a systemd group (@...) or NAME itself
syscall_group() {
	case "$1" in
	@*)
		systemd-analyze syscall-filter "$1" | tail -n +2 | awk '$1 !~ /^#/ { print $1 }' |
			while read -r name; do syscall_group "$name"; done
		;;
	*) echo "$1" ;;
	esac
}

# check_syscalls UNIT: every system call the unit's ExecStart= made (strace,
# from its execve on) is one its SystemCallFilter= lines allow, taken in
# order as systemd does: an allow list, then ~ removes, then later lines add
check_syscalls() {
	allowed=$T/$1.allowed
	: >"$allowed"
	first=yes
	sed -n 's/^SystemCallFilter=//p' "$root/lib/systemd/system/$1" >"$T/$1.filters"
	while read -r line; do
		case "$line" in
		"~"*)
			[ $first = no ] || fail "$1: a deny-list SystemCallFilter= is not mirrored here"
			for g in ${line#\~}; do syscall_group "$g"; done | sort -u >"$T/removed"
			sort -u "$allowed" | comm -23 - "$T/removed" >"$allowed.new"
			;;
		*)
			{
				cat "$allowed"
				for g in $line; do syscall_group "$g"; done
			} | sort -u >"$allowed.new"
			;;
		esac
		mv "$allowed.new" "$allowed"
		first=no
	done <"$T/$1.filters"
	bin=$(unit_key "$1" ExecStart | cut -d' ' -f1)
	awk -v exec="execve(\"$bin\"" 'found; index($0, exec) && / = 0$/ { found = 1 }' "$T/$1.trace" |
		sed -E 's/^[0-9]+ +//' | grep -oE '^[a-z_0-9]+\(' | tr -d '(' | sort -u >"$T/$1.used"
	[ -s "$T/$1.used" ] || fail "$1: strace recorded no system call of $bin"
	denied=$(comm -23 "$T/$1.used" "$allowed" | paste -sd' ' -)
	[ -z "$denied" ] || fail "$1: SystemCallFilter= would deny what $bin calls: $denied"
	say "ok: the $(wc -l <"$T/$1.used") system calls $bin made are all in its SystemCallFilter= ($(wc -l <"$allowed") allowed)"
}

# chronyd -x pair: a local stratum 8 server, and a client polling it 8 times
# a second, whose command port is chronyd's default 127.0.0.1:323
NTP_PORT=$(free_port)
chrony_conf() {
	mkdir -p "$T/$1"
	printf '%s\n' "$2" "pidfile $T/$1/chronyd.pid" "driftfile $T/$1/drift" \
		"bindcmdaddress $T/$1/run/chronyd.sock" >"$T/$1/chrony.conf"
}
chrony_conf server "port $NTP_PORT
bindaddress 127.0.0.1
allow 127.0.0.0/8
local stratum 8
cmdport 0"
chrony_conf client "server 127.0.0.1 port $NTP_PORT iburst minpoll -3 maxpoll -3
port 0
cmdport 323
bindcmdaddress 127.0.0.1"
start_in_ns chrony-server "$CHRONYD" -x -d -u root -f "$T/server/chrony.conf"
SERVER_PID=$STARTED
start_in_ns chrony-client "$CHRONYD" -x -d -u root -f "$T/client/chrony.conf"

start_unit snmpd.service
SNMPD_PID=$STARTED
socket=$(sed -n 's/^agentXSocket[[:space:]]*unix://p' "$root/etc/snmp/snmpd.conf.d/scout-ntp-agent.conf")
wait_until 10 test -S "$nsroot$socket" || fail "snmpd made no AgentX socket $socket"
perms=$(in_ns chroot "$root" stat -c '%A %U %G' "$socket")
[ "$perms" = "srw-rw---- Debian-snmp Debian-snmp" ] || fail "$socket is $perms"
say "ok: snmpd listens on udp:127.0.0.1:$SNMP_PORT and $socket ($perms)"

start_unit scout-ntp-agent.service
AGENT_PID=$STARTED

# --- what an administrator checks, from outside ------------------------------

mkdir -p "$T/snmpconf"
# get OBJECT...: values by name, one a line; the MIB as installed in the root
get() {
	SNMPCONFPATH=$T/snmpconf MIBS=SNMPv2-MIB:SCOUT-NTP-MIB \
		MIBDIRS=$BASEMIBS:$root/usr/share/snmp/mibs \
		nsenter -t "$HOLDER" -n snmpget -v2c -c public -t 2 -r 1 -OqvU "127.0.0.1:$SNMP_PORT" "$@" |
		sed -e 's/^"//' -e 's/"$//'
}
is() { [ "$(get "$1")" = "$2" ]; }
expect_within() {
	wait_until "$1" is "$2" "$3" || fail "$2 did not become $3 within $1 s (is \"$(get "$2")\")"
	say "ok: $2 = $3"
}

expect_within 20 SCOUT-NTP-MIB::scoutNtpAgentVersion.0 "$(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')"
# the ids as the root's own passwd and group files give them
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$AGENT_PID/status")
gids=$(awk '/^Groups:/ { $1 = ""; print substr($0, 2) }' "/proc/$AGENT_PID/status")
[ "$uid" = "$(in_root id -u $agent_user)" ] || fail "the agent runs as uid $uid"
snmp_gid=$(in_root getent group Debian-snmp | cut -d: -f3)
echo " $gids " | grep -q " $snmp_gid " || fail "the agent's groups ($gids) lack Debian-snmp ($snmp_gid)"
say "ok: the agent runs as $agent_user (uid $uid), groups $gids (Debian-snmp is $snmp_gid)"
grep -q ' /proc .*subset=pid' "/proc/$AGENT_PID/mountinfo" || fail "the agent's /proc is not subset=pid"
say "ok: the agent sees /proc with subset=pid (ProcSubset=pid)"
expect_within 30 SCOUT-NTP-MIB::scoutNtpSyncStatus.chrony synchronized
expect_within 5 SCOUT-NTP-MIB::scoutNtpHostSyncStatus.0 synchronized
expect_within 5 SCOUT-NTP-MIB::scoutNtpActiveDaemon.0 chrony
# the README's check, numeric, without any MIB
for oid in .1.3.6.1.4.1.8072.9999.9999.4185.1.1.4.0 .1.3.6.1.4.1.8072.9999.9999.4185.1.2.1.5.1; do
	got=$(SNMPCONFPATH=$T/snmpconf MIBS= MIBDIRS=/nonexistent nsenter -t "$HOLDER" -n \
		snmpget -v2c -c public -t 2 -r 1 -Oqv "127.0.0.1:$SNMP_PORT" "$oid" 2>/dev/null)
	[ "$got" = 1 ] || fail "numeric $oid is \"$got\", expected 1 (synchronized)"
done
say "ok: by number, without MIBs: both are 1 (synchronized)"
# the stock view still serves what it served
get SNMPv2-MIB::sysLocation.0 | grep -q "Sitting on the Dock of the Bay" ||
	fail "sysLocation.0 is \"$(get SNMPv2-MIB::sysLocation.0)\""
say "ok: the stock systemonly view still answers sysLocation.0"

stop_started "$SERVER_PID"
say "killed the server chronyd"
expect_within 20 SCOUT-NTP-MIB::scoutNtpSyncStatus.chrony unsynchronized
expect_within 5 SCOUT-NTP-MIB::scoutNtpHostSyncStatus.0 unsynchronized
# the reach register empties after 8 polls of 1/8 s
expect_within 20 SCOUT-NTP-MIB::scoutNtpSyncReason.chrony noReachableSources
say "ok: reason text: $(get SCOUT-NTP-MIB::scoutNtpSyncReasonText.chrony)"

check_syscalls scout-ntp-agent.service

# the agent first: killing it with snmpd at once trips a net-snmp assert
stop_started "$AGENT_PID"
stop_started "$SNMPD_PID"

# --- purge -----------------------------------------------------------------

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q scout-ntp-agent \
	>"$T/apt-purge.log" 2>&1 || fail "apt-get purge scout-ntp-agent failed"
state=$(in_root dpkg-query -W -f='${db:Status-Abbrev}' scout-ntp-agent 2>/dev/null || true)
case "$state" in "" | "un"* | "pn"*) ;; *) fail "after purge dpkg says \"$state\"" ;; esac
for f in /usr/sbin/scout-ntp-agent /usr/share/snmp/mibs/SCOUT-NTP-MIB.txt \
	/etc/snmp/scout-ntp-agent.conf /etc/snmp/snmpd.conf.d/scout-ntp-agent.conf \
	/lib/systemd/system/scout-ntp-agent.service /usr/lib/sysusers.d/scout-ntp-agent.conf \
	/usr/share/man/man8/scout-ntp-agent.8.gz /usr/share/man/man5/scout-ntp-agent.conf.5.gz \
	/usr/share/doc/scout-ntp-agent \
	/etc/systemd/system/multi-user.target.wants/scout-ntp-agent.service \
	/var/lib/systemd/deb-systemd-helper-enabled/scout-ntp-agent.service.dsh-also; do
	[ ! -e "$root$f" ] && [ ! -L "$root$f" ] || fail "$f is still there after purge"
done
left=$(cd "$root" && find . -xdev -name '*scout-ntp-agent*' ! -path './proc/*' | sort)
[ -z "$left" ] || fail "left after purge: $left"
say "ok: purge removed the binary, the MIB, the man pages, the unit and its enablement, both conffiles"
# kept, as Debian does for system users: files may still carry its uid
in_root getent passwd $agent_user >/dev/null || fail "purge removed $agent_user"
sed -i "s|^agentaddress .*|$(grep '^agentaddress' "$T/snmpd.conf.stock")|" "$conf"
cmp -s "$T/snmpd.conf.stock" "$conf" || fail "snmpd.conf changed: $(diff "$T/snmpd.conf.stock" "$conf")"
say "ok: kept: the system user $agent_user; snmpd.conf as Debian ships it"
say "PASS in $(($(date +%s) - started)) s"
