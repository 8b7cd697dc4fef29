/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * snmp-latency: times SNMP requests from ONE client process, so that process
 * start-up (which dominates snmpget's run time) is not measured. The bench
 * scripts build it with cc against libnetsnmp.
 *
 *   snmp-latency -p PEER [-c COMMUNITY] [-n ROUNDS] [-w WARMUP] [-i MS] [-t TIMEOUT_MS]
 * SPEC...
 *
 * SPEC is LABEL=get:OID[,OID...] (one GET of one or more varbinds),
 * LABEL=bulk:OID:MAXREP (one GETBULK, non-repeaters 0),
 * LABEL=walk:OID:MAXREP (GETBULKs until the subtree ends, as snmpbulkwalk),
 * or LABEL=nextwalk:OID (GETNEXTs until the subtree ends, as snmpwalk). OIDs are
 * numeric (no MIB files are read). Each round runs every SPEC once, in the
 * order given, so the specs are interleaved and share the machine's noise;
 * -i sleeps MS milliseconds after each round. Only SNMPv2c.
 *
 * Output, one line per SPEC, times in microseconds:
 *   LABEL samples varbinds min median p95 max mean
 * (varbinds: with a value in the last round; inside the subtree for bulk and
 * walk). Exit status 0; 2 on any timeout or error status, a get whose every
 * varbind is an exception (noSuchObject, noSuchInstance, endOfMibView), or an
 * empty bulk or walk.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

enum kind { KIND_GET, KIND_BULK, KIND_WALK, KIND_NEXTWALK };

#define MAX_GET_VARBINDS 64

struct spec {
	const char *label;
	enum kind kind;
	oid name[MAX_OID_LEN]; /* the first OID; the subtree of bulk and walk */
	size_t name_len;
	oid (*more)[MAX_OID_LEN]; /* all OIDs of a get */
	size_t *more_len;
	int n_oids;
	long max_rep;
	double *samples; /* microseconds */
	long varbinds;
};

static void *sess;

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void __attribute__((noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fputs("snmp-latency: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void
parse_spec(const char *arg, struct spec *s)
{
	char *copy = strdup(arg), *eq, *kind, *oidtext, *rep;

	if (!copy)
		die("out of memory");
	eq = strchr(copy, '=');
	if (!eq)
		die("bad SPEC \"%s\": LABEL=get:OID[,OID...], LABEL=bulk:OID:MAXREP, "
		    "LABEL=walk:OID:MAXREP or LABEL=nextwalk:OID",
		    arg);
	*eq = '\0';
	s->label = copy;
	kind = eq + 1;
	oidtext = strchr(kind, ':');
	if (!oidtext)
		die("bad SPEC \"%s\"", arg);
	*oidtext++ = '\0';
	rep = strchr(oidtext, ':');
	if (rep)
		*rep++ = '\0';
	if (strcmp(kind, "get") == 0)
		s->kind = KIND_GET;
	else if (strcmp(kind, "bulk") == 0)
		s->kind = KIND_BULK;
	else if (strcmp(kind, "walk") == 0)
		s->kind = KIND_WALK;
	else if (strcmp(kind, "nextwalk") == 0)
		s->kind = KIND_NEXTWALK;
	else
		die("bad kind \"%s\" in \"%s\"", kind, arg);
	if (s->kind == KIND_BULK || s->kind == KIND_WALK) {
		if (!rep || (s->max_rep = strtol(rep, NULL, 10)) <= 0)
			die("\"%s\" needs :MAXREP", arg);
	}
	s->more = calloc(MAX_GET_VARBINDS, sizeof(*s->more));
	s->more_len = calloc(MAX_GET_VARBINDS, sizeof(*s->more_len));
	if (!s->more || !s->more_len)
		die("out of memory");
	for (char *save = NULL, *t = strtok_r(oidtext, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (s->n_oids == MAX_GET_VARBINDS ||
		    (s->n_oids > 0 && s->kind != KIND_GET))
			die("too many OIDs in \"%s\"", arg);
		s->more_len[s->n_oids] = MAX_OID_LEN;
		if (!read_objid(t, s->more[s->n_oids], &s->more_len[s->n_oids]))
			die("bad OID \"%s\"", t);
		s->n_oids++;
	}
	if (s->n_oids == 0)
		die("no OID in \"%s\"", arg);
	memcpy(s->name, s->more[0], s->more_len[0] * sizeof(oid));
	s->name_len = s->more_len[0];
}

/* One request; returns the response (caller frees) or dies. */
static netsnmp_pdu *
request(netsnmp_pdu *pdu, const char *label)
{
	netsnmp_pdu *response = NULL;
	int status = snmp_sess_synch_response(sess, pdu, &response);

	if (status != STAT_SUCCESS || !response) {
		char *err = NULL;
		snmp_sess_error(sess, NULL, NULL, &err);
		die("%s: %s", label, err ? err : "no response");
	}
	if (response->errstat != SNMP_ERR_NOERROR)
		die("%s: error status %s (index %ld)", label,
		    snmp_errstring((int)response->errstat), response->errindex);
	return response;
}

static int
in_subtree(const struct spec *s, const netsnmp_variable_list *vb)
{
	return vb->type != SNMP_NOSUCHOBJECT && vb->type != SNMP_NOSUCHINSTANCE &&
	    vb->type != SNMP_ENDOFMIBVIEW && vb->name_length > s->name_len &&
	    snmp_oid_compare(vb->name, s->name_len, s->name, s->name_len) == 0;
}

/* Runs one SPEC once; returns the varbinds it got. */
static long
run_once(struct spec *s)
{
	netsnmp_pdu *pdu, *response;
	long n = 0;

	if (s->kind == KIND_GET) {
		pdu = snmp_pdu_create(SNMP_MSG_GET);
		for (int i = 0; i < s->n_oids; i++)
			snmp_add_null_var(pdu, s->more[i], s->more_len[i]);
		response = request(pdu, s->label);
		for (netsnmp_variable_list *vb = response->variables; vb;
		     vb = vb->next_variable)
			if (vb->type != SNMP_NOSUCHOBJECT &&
			    vb->type != SNMP_NOSUCHINSTANCE &&
			    vb->type != SNMP_ENDOFMIBVIEW)
				n++;
		snmp_free_pdu(response);
		if (n == 0)
			die("%s: no value", s->label);
		return n;
	}

	oid next[MAX_OID_LEN];
	size_t next_len = s->name_len;
	memcpy(next, s->name, s->name_len * sizeof(oid));
	for (;;) {
		netsnmp_variable_list *vb, *last = NULL;
		int done = 0;

		if (s->kind == KIND_NEXTWALK)
			pdu = snmp_pdu_create(SNMP_MSG_GETNEXT);
		else {
			pdu = snmp_pdu_create(SNMP_MSG_GETBULK);
			pdu->non_repeaters = 0;
			pdu->max_repetitions = s->max_rep;
		}
		snmp_add_null_var(pdu, next, next_len);
		response = request(pdu, s->label);
		for (vb = response->variables; vb; vb = vb->next_variable) {
			if (!in_subtree(s, vb)) {
				done = 1;
				break;
			}
			n++;
			last = vb;
		}
		if (s->kind == KIND_BULK || done || !last) {
			snmp_free_pdu(response);
			break;
		}
		memcpy(next, last->name, last->name_length * sizeof(oid));
		next_len = last->name_length;
		snmp_free_pdu(response);
	}
	if (n == 0)
		die("%s: nothing in the subtree", s->label);
	return n;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	long rounds = 1000, warmup = 20, interval_ms = 0, timeout_ms = 2000;
	const char *peer = NULL, *community = "public";
	struct snmp_session session;
	struct spec *specs;
	int c, n_specs;
	static const char usage[] =
	    "usage: snmp-latency -p PEER [-c COMMUNITY] [-n ROUNDS] "
	    "[-w WARMUP] [-i MS] [-t TIMEOUT_MS] SPEC...";

	while ((c = getopt(argc, argv, "p:c:n:w:i:t:")) != -1) {
		switch (c) {
		case 'p':
			peer = optarg;
			break;
		case 'c':
			community = optarg;
			break;
		case 'n':
			rounds = strtol(optarg, NULL, 10);
			break;
		case 'w':
			warmup = strtol(optarg, NULL, 10);
			break;
		case 'i':
			interval_ms = strtol(optarg, NULL, 10);
			break;
		case 't':
			timeout_ms = strtol(optarg, NULL, 10);
			break;
		default:
			die("%s", usage);
		}
	}
	if (!peer || argc - optind < 1 || rounds < 1 || warmup < 0 || interval_ms < 0 ||
	    timeout_ms < 1)
		die("%s", usage);

	/* no MIB files, no snmp.conf: only numeric OIDs are used */
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/dev/null", 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	init_snmp("snmp-latency");

	n_specs = argc - optind;
	specs = calloc((size_t)n_specs, sizeof(*specs));
	if (!specs)
		die("out of memory");
	for (int i = 0; i < n_specs; i++) {
		parse_spec(argv[optind + i], &specs[i]);
		specs[i].samples = calloc((size_t)rounds, sizeof(double));
		if (!specs[i].samples)
			die("out of memory");
	}

	snmp_sess_init(&session);
	session.peername = (char *)peer;
	session.version = SNMP_VERSION_2c;
	session.community = (u_char *)community;
	session.community_len = strlen(community);
	session.timeout = timeout_ms * 1000L;
	session.retries = 0;
	sess = snmp_sess_open(&session);
	if (!sess)
		die("cannot open a session to %s", peer);

	for (long r = -warmup; r < rounds; r++) {
		for (int i = 0; i < n_specs; i++) {
			double t0 = now_us();
			long n = run_once(&specs[i]);
			double t1 = now_us();
			if (r >= 0) {
				specs[i].samples[r] = t1 - t0;
				specs[i].varbinds = n;
			}
		}
		if (interval_ms > 0) {
			struct timespec ts = { interval_ms / 1000,
				(interval_ms % 1000) * 1000000L };
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
	}

	for (int i = 0; i < n_specs; i++) {
		struct spec *s = &specs[i];
		double sum = 0, median;

		qsort(s->samples, (size_t)rounds, sizeof(double), cmp_double);
		for (long k = 0; k < rounds; k++)
			sum += s->samples[k];
		median = rounds % 2 ?
		    s->samples[rounds / 2] :
		    (s->samples[rounds / 2 - 1] + s->samples[rounds / 2]) / 2;
		long p95 = (long)((double)rounds * 0.95 + 0.999999) - 1;
		if (p95 < 0)
			p95 = 0;
		printf("%s %ld %ld %.0f %.0f %.0f %.0f %.0f\n", s->label, rounds,
		    s->varbinds, s->samples[0], median, s->samples[p95],
		    s->samples[rounds - 1], sum / (double)rounds);
	}
	snmp_sess_close(sess);
	snmp_shutdown("snmp-latency");
	return 0;
}
