/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AgentX session messages. The state is what the last attempt found (or the
 * session being up); a message is logged when it changes, so that a master
 * that stays away for a day logs one line, not one a second.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "agentx_report.h"
#include "log.h"

#define MAX_GROUPS 64
#define NAME_SIZE 64

enum state {
	STATE_NONE,
	STATE_REGISTERED,
	STATE_CONNECT_FAILED, /* with the errno */
	STATE_NO_OPEN_ANSWER, /* connected, but the Open was not answered */
	STATE_LOST,	      /* a registered session ended */
};

static struct address master;
static char master_text[ADDRESS_PATH_MAX + ADDRESS_HOST_MAX + 16];
static unsigned retry_interval_s;
static enum state state = STATE_NONE;
static int state_err;
static bool connected, registered;

void
agentx_report_init(const struct address *m, unsigned retry_s)
{
	master = *m;
	if (!address_format(m, master_text, sizeof(master_text)))
		snprintf(master_text, sizeof(master_text), "(address too long)");
	retry_interval_s = retry_s;
	state = STATE_NONE;
	connected = registered = false;
}

bool
agentx_report_is_registered(void)
{
	return registered;
}

const char *
agentx_report_master(void)
{
	return master_text;
}

static void
user_name(uid_t uid, char buf[static NAME_SIZE])
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, NAME_SIZE, "%s", pw->pw_name);
	else
		snprintf(buf, NAME_SIZE, "%lu", (unsigned long)uid);
}

static void
group_name(gid_t gid, char buf[static NAME_SIZE])
{
	struct group *gr = getgrgid(gid);

	if (gr)
		snprintf(buf, NAME_SIZE, "%s", gr->gr_name);
	else
		snprintf(buf, NAME_SIZE, "%lu", (unsigned long)gid);
}

/* "user nobody (uid 65534), groups nogroup, adm" */
static char *
describe_user(void)
{
	gid_t groups[MAX_GROUPS];
	char name[NAME_SIZE], *text = NULL;
	size_t size = 0;
	int n = getgroups(MAX_GROUPS, groups);
	gid_t egid = getegid();
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	user_name(geteuid(), name);
	fprintf(f, "user %s (uid %lu), groups ", name, (unsigned long)geteuid());
	group_name(egid, name);
	fputs(name, f);
	for (int i = 0; i < n; i++) {
		if (groups[i] == egid)
			continue;
		group_name(groups[i], name);
		fprintf(f, ", %s", name);
	}
	fclose(f);
	return text;
}

/*
 * The socket's owner and mode, when its directory lets us see them, and the
 * owner to keep in the agentXPerms line (root when unknown).
 */
static void
describe_socket(const char *path, char *buf, size_t size, char owner[static NAME_SIZE])
{
	char group[NAME_SIZE];
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(buf, size, "%s", "");
		snprintf(owner, NAME_SIZE, "root");
		return;
	}
	user_name(st.st_uid, owner);
	group_name(st.st_gid, group);
	snprintf(buf, size, " (owner %s, group %s, mode %04o)", owner, group,
	    (unsigned)(st.st_mode & 07777));
}

char *
agentx_report_why(const struct address *m, int err)
{
	char *text = NULL, *who, group[NAME_SIZE], owner[NAME_SIZE],
	     sock[3 * NAME_SIZE];
	int n = -1;

	switch (err) {
	case -EACCES:
	case -EPERM:
		if (m->transport != ADDRESS_UNIX)
			break;
		who = describe_user();
		group_name(getegid(), group);
		describe_socket(m->path, sock, sizeof(sock), owner);
		n = asprintf(&text,
		    "permission denied on the socket %s%s for %s; let it in with "
		    "\"agentXPerms 0660 0755 %s %s\" in snmpd.conf (and restart snmpd)",
		    m->path, sock, who ? who : "this user", owner, group);
		free(who);
		return n < 0 ? NULL : text;
	case -ENOENT:
		n = asprintf(&text,
		    "no socket at %s: snmpd is not running there, or its snmpd.conf "
		    "has no \"master agentx\" with \"agentXSocket unix:%s\"",
		    m->path, m->path);
		return n < 0 ? NULL : text;
	case -ECONNREFUSED:
		if (m->transport == ADDRESS_UNIX)
			n = asprintf(&text,
			    "nothing listens on %s: snmpd is not running there, or its "
			    "snmpd.conf has no \"master agentx\" with \"agentXSocket unix:%s\"",
			    m->path, m->path);
		else
			n = asprintf(&text,
			    "nothing listens on %s port %u: snmpd is not running there, or "
			    "its snmpd.conf has no \"master agentx\" with an agentXSocket "
			    "on that port",
			    m->host, m->port);
		return n < 0 ? NULL : text;
	case -EAGAIN:
		n = asprintf(&text,
		    "snmpd is not accepting connections (its queue is full): it is "
		    "hung or overloaded");
		return n < 0 ? NULL : text;
	case -ETIMEDOUT:
		n = asprintf(&text,
		    "no answer within %d ms: snmpd is hung, or a "
		    "firewall drops the connection",
		    AGENTX_TRANSPORT_CONNECT_MS);
		return n < 0 ? NULL : text;
	case -EHOSTUNREACH:
		n = asprintf(&text, "cannot resolve or reach the host %s", m->host);
		return n < 0 ? NULL : text;
	default:
		break;
	}
	n = asprintf(&text, "%s", strerror(-err));
	return n < 0 ? NULL : text;
}

/* Logs msg when the state differs from the last one logged. */
static void
enter(enum state s, int err)
{
	char *why;

	if (s == state && err == state_err)
		return;
	state = s;
	state_err = err;
	switch (s) {
	case STATE_REGISTERED:
		log_notice("registered with snmpd at %s", master_text);
		break;
	case STATE_CONNECT_FAILED:
		why = agentx_report_why(&master, err);
		log_warnx("cannot connect to snmpd at %s: %s; retrying every %u s",
		    master_text, why ? why : strerror(-err), retry_interval_s);
		free(why);
		break;
	case STATE_NO_OPEN_ANSWER:
		log_warnx("snmpd at %s accepted the connection but did not answer the "
			  "AgentX Open: it is hung or overloaded; retrying every %u s",
		    master_text, retry_interval_s);
		break;
	case STATE_LOST:
		log_warnx("lost the AgentX session with snmpd at %s; reconnecting "
			  "every %u s",
		    master_text, retry_interval_s);
		break;
	case STATE_NONE:
		break;
	}
}

void
agentx_report_event(enum agentx_transport_event event, int err)
{
	switch (event) {
	case AGENTX_TRANSPORT_CONNECTED:
		connected = true;
		break;
	case AGENTX_TRANSPORT_FAILED:
		enter(STATE_CONNECT_FAILED, err);
		break;
	case AGENTX_TRANSPORT_CLOSED:
		if (registered)
			enter(STATE_LOST, 0);
		else if (connected)
			enter(STATE_NO_OPEN_ANSWER, 0);
		connected = registered = false;
		break;
	case AGENTX_TRANSPORT_EVENT_MAX:
		break;
	}
}

void
agentx_report_registered(void)
{
	registered = true;
	enter(STATE_REGISTERED, 0);
}
