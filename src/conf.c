/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's configuration: built-in defaults, a table of directives whose values
 * are all range-checked, a pure line parser, and a loader that reports every error
 * of a file as "path:line: message" rather than stopping at the first.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "address.h"
#include "conf.h"
#include "daemons.h"
#include "message.h"

#define MAX_LINE_CHARS 1023	     /* longer lines are an error, not truncated */
#define MAX_FILE_BYTES (1024 * 1024) /* a config of a dozen directives is tiny */
#define MAX_REPORTED_ERRORS 20	     /* then "... and N more" */
#define QUOTE_SIZE MESSAGE_QUOTE_SIZE
#define WHITESPACE " \t\r\n\v\f"
#define ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

struct directive;
typedef int parse_fn(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg);

/* One configuration keyword: every one of them takes exactly one value. */
struct directive {
	const char *name;
	parse_fn *parse;
	unsigned min, max;   /* for numbers */
	size_t offset;	     /* of the field in struct conf */
	const char *allowed; /* for messages; NULL: "min..max" */
};

static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(FILE *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static parse_fn parse_uint, parse_uint_or_auto, parse_yes_no, parse_string,
    parse_chrony_address, parse_agentx_socket, parse_daemons, parse_ntpv4_notifications;

static const struct directive directives[] = {
	{ "refreshInterval", parse_uint, 1, 3600, offsetof(struct conf, refresh_s),
	    NULL },
	{ "chronyAddress", parse_chrony_address, 0, 0, 0,
	    "unix:/PATH, udp:IPV4[:PORT] or udp:[IPV6][:PORT]" },
	{ "daemons", parse_daemons, 0, 0, offsetof(struct conf, daemons),
	    "auto or a comma-separated list of chrony, timesyncd, ntpd, ntpsec, openntpd" },
	{ "offsetThreshold", parse_uint, 1, 3600000,
	    offsetof(struct conf, offset_threshold_ms), NULL },
	{ "maxRootDistance", parse_uint, 1, 3600000,
	    offsetof(struct conf, max_root_distance_ms), NULL },
	{ "maxSyncAge", parse_uint_or_auto, 1, 604800,
	    offsetof(struct conf, max_sync_age_s), "auto or 1..604800" },
	{ "lossHoldoff", parse_uint, 1, 100, offsetof(struct conf, loss_holdoff),
	    NULL },
	{ "restoreHoldoff", parse_uint, 1, 100, offsetof(struct conf, restore_holdoff),
	    NULL },
	{ "startupGrace", parse_uint, 0, 86400, offsetof(struct conf, startup_grace_s),
	    NULL },
	{ "traps", parse_yes_no, 0, 0, offsetof(struct conf, traps), "yes or no" },
	{ "agentXSocket", parse_agentx_socket, 0, 0,
	    offsetof(struct conf, agentx_socket),
	    "an address such as unix:/var/agentx/master or tcp:127.0.0.1:705" },
	{ "agentxPingInterval", parse_uint, 1, 86400,
	    offsetof(struct conf, agentx_ping_interval_s), NULL },
	{ "ntpv4Mib", parse_yes_no, 0, 0, offsetof(struct conf, ntpv4_mib),
	    "yes or no" },
	{ "ntpv4Notifications", parse_ntpv4_notifications, 0, 0,
	    offsetof(struct conf, ntpv4_notifications),
	    "none, all or a comma-separated list of " CONF_NTPV4_NOTIFICATION_NAMES },
	{ "ntpv4HeartbeatInterval", parse_uint, 0, 86400,
	    offsetof(struct conf, ntpv4_heartbeat_s), NULL },
};

void
conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	c->refresh_s = 5;
	c->daemons = 0;
	c->offset_threshold_ms = 100;
	c->max_root_distance_ms = 1000;
	c->max_sync_age_s = 0;
	c->loss_holdoff = 3;
	c->restore_holdoff = 2;
	c->startup_grace_s = 60;
	c->traps = true;
	c->agentx_socket = NULL;
	c->agentx_ping_interval_s = 5;
	c->ntpv4_mib = true;
	c->ntpv4_notifications = 0;
	c->ntpv4_heartbeat_s = 60;
}

void
conf_free(struct conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CONF_MAX_CHRONY_ADDRESSES; i++) {
		free(c->chrony_addresses[i]);
		c->chrony_addresses[i] = NULL;
	}
	c->n_chrony_addresses = 0;
	free(c->agentx_socket);
	c->agentx_socket = NULL;
}

/* Returns a new string made from fmt, or NULL when out of memory. */
static char *
vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	char *s;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *
strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

static const char *
allowed(const struct directive *d, char buf[static QUOTE_SIZE])
{
	if (d->allowed)
		return d->allowed;
	snprintf(buf, QUOTE_SIZE, "%u..%u", d->min, d->max);
	return buf;
}

static void *
field(struct conf *c, const struct directive *d)
{
	return (char *)c + d->offset;
}

/*
 * Parses a plain decimal number: digits only, no sign, no blank, no suffix.
 * Returns 0, -EINVAL when s is not such a number, -ERANGE when it exceeds max.
 */
static int
parse_number(const char *s, unsigned max, unsigned *ret)
{
	unsigned long long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v <= max)
			v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > max)
		return -ERANGE;
	*ret = (unsigned)v;
	return 0;
}

static int
parse_uint(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE], a[QUOTE_SIZE];
	unsigned v;
	int r;

	r = parse_number(value, d->max, &v);
	if (r == -EINVAL)
		return message_fail(reterr_msg, "%s: %s is not a number (allowed: %s)",
		    d->name, message_quote(q, value), allowed(d, a));
	if (r < 0 || v < d->min)
		return message_fail(reterr_msg, "%s: %s is out of range %u..%u",
		    d->name, message_quote(q, value), d->min, d->max);
	*(unsigned *)field(c, d) = v;
	return 0;
}

static int
parse_uint_or_auto(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE];
	unsigned v;
	int r;

	if (strcasecmp(value, "auto") == 0) {
		*(unsigned *)field(c, d) = 0;
		return 0;
	}
	r = parse_number(value, d->max, &v);
	if (r == -EINVAL)
		return message_fail(reterr_msg, "%s: %s is not a number (allowed: %s)",
		    d->name, message_quote(q, value), d->allowed);
	if (r < 0 || v < d->min)
		return message_fail(reterr_msg,
		    "%s: %s is out of range %u..%u (or auto)", d->name,
		    message_quote(q, value), d->min, d->max);
	*(unsigned *)field(c, d) = v;
	return 0;
}

static int
parse_yes_no(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE];

	if (strcasecmp(value, "yes") == 0)
		*(bool *)field(c, d) = true;
	else if (strcasecmp(value, "no") == 0)
		*(bool *)field(c, d) = false;
	else
		return message_fail(reterr_msg, "%s: %s is invalid (allowed: %s)",
		    d->name, message_quote(q, value), d->allowed);
	return 0;
}

/* The tokenizer guarantees a non-empty value without whitespace. */
static int
parse_string(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char **p = field(c, d);
	char *s = strdup(value);

	if (!s) {
		*reterr_msg = NULL;
		return -ENOMEM;
	}
	free(*p);
	*p = s;
	return 0;
}

/* Appends a chronyAddress, made canonical by address_format(). */
static int
parse_chrony_address(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE], canon[ADDRESS_PATH_MAX + ADDRESS_HOST_MAX + 16];
	struct address a;
	char *msg = NULL, *s;
	int r;

	if (c->n_chrony_addresses >= CONF_MAX_CHRONY_ADDRESSES)
		return message_fail(reterr_msg, "%s: too many addresses (at most %d)",
		    d->name, CONF_MAX_CHRONY_ADDRESSES);
	r = address_parse_chrony(value, &a, &msg);
	if (r == -EPROTONOSUPPORT)
		return message_fail(reterr_msg, "%s: %s is invalid (allowed: %s)",
		    d->name, message_quote(q, value), d->allowed);
	if (r == -EINVAL) {
		r = message_fail(
		    reterr_msg, "%s: %s: %s", d->name, message_quote(q, value), msg);
		free(msg);
		return r;
	}
	if (r < 0 || !address_format(&a, canon, sizeof(canon)) ||
	    !(s = strdup(canon))) {
		*reterr_msg = NULL;
		return -ENOMEM;
	}
	c->chrony_addresses[c->n_chrony_addresses++] = s;
	return 0;
}

/* Checks an agentXSocket as net-snmp will use it; keeps it as written. */
static int
parse_agentx_socket(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE];
	struct address a;
	char *msg = NULL;
	int r;

	r = address_parse_agentx(value, &a, &msg);
	if (r == -EPROTONOSUPPORT)
		return message_fail(reterr_msg, "%s: %s is invalid (allowed: %s)",
		    d->name, message_quote(q, value), d->allowed);
	if (r == -EINVAL) {
		r = message_fail(
		    reterr_msg, "%s: %s: %s", d->name, message_quote(q, value), msg);
		free(msg);
		return r;
	}
	if (r < 0) {
		*reterr_msg = NULL;
		return r;
	}
	return parse_string(c, d, value, reterr_msg);
}

static int
parse_daemons(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE];
	unsigned bits = 0;
	const char *p = value;

	if (strcasecmp(value, "auto") == 0) {
		*(unsigned *)field(c, d) = 0;
		return 0;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		enum daemon_type t;

		if (len == 0)
			return message_fail(reterr_msg, "%s: empty item in %s", d->name,
			    message_quote(q, value));
		t = daemon_of_token(p, len);
		if (!t && len == 4 && strncasecmp(p, "auto", 4) == 0)
			return message_fail(reterr_msg,
			    "%s: auto cannot be combined with daemon names", d->name);
		if (!t)
			return message_fail(reterr_msg,
			    "%s: unknown daemon %s (allowed: %s)", d->name,
			    message_quote_n(q, p, len), d->allowed);
		if (bits & CONF_DAEMON_BIT(t))
			return message_fail(reterr_msg, "%s: %s is listed twice",
			    d->name, message_quote(q, daemon_info(t)->conf_token));
		bits |= CONF_DAEMON_BIT(t);
		p += len;
		if (!*p)
			break;
		p++; /* the comma */
	}
	*(unsigned *)field(c, d) = bits;
	return 0;
}

/* As in NTPv4-MIB's ntpEntNotifBits, by bit: entNotifModeChange is 1. */
static const char *const ntpv4_notification_names[] = {
	[1] = "modeChange",
	[2] = "stratumChange",
	[3] = "syspeerChanged",
	[4] = "addAssociation",
	[5] = "removeAssociation",
	[7] = "leapSecondAnnounced",
	[8] = "heartbeat",
};

static int
parse_ntpv4_notifications(
    struct conf *c, const struct directive *d, const char *value, char **reterr_msg)
{
	char q[QUOTE_SIZE];
	unsigned bits = 0;
	const char *p = value;

	if (strcasecmp(value, "none") == 0) {
		*(unsigned *)field(c, d) = 0;
		return 0;
	}
	if (strcasecmp(value, "all") == 0) {
		for (size_t n = 0; n < ELEMENTS(ntpv4_notification_names); n++)
			if (ntpv4_notification_names[n])
				bits |= 1u << n;
		*(unsigned *)field(c, d) = bits;
		return 0;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		size_t n;

		for (n = 0; n < ELEMENTS(ntpv4_notification_names); n++)
			if (ntpv4_notification_names[n] &&
			    strlen(ntpv4_notification_names[n]) == len &&
			    strncasecmp(p, ntpv4_notification_names[n], len) == 0)
				break;
		if (len == 0)
			return message_fail(reterr_msg, "%s: empty item in %s", d->name,
			    message_quote(q, value));
		if (n == ELEMENTS(ntpv4_notification_names))
			return message_fail(reterr_msg,
			    "%s: unknown notification %s (allowed: %s)", d->name,
			    message_quote_n(q, p, len), d->allowed);
		if (bits & (1u << n))
			return message_fail(reterr_msg, "%s: %s is listed twice",
			    d->name, message_quote(q, ntpv4_notification_names[n]));
		bits |= 1u << n;
		p += len;
		if (!*p)
			break;
		p++; /* the comma */
	}
	*(unsigned *)field(c, d) = bits;
	return 0;
}

static const struct directive *
find_directive(const char *name)
{
	for (size_t i = 0; i < ELEMENTS(directives); i++)
		if (strcasecmp(name, directives[i].name) == 0)
			return &directives[i];
	return NULL;
}

int
conf_parse_line(struct conf *c, const char *line, char **reterr_msg)
{
	char q[QUOTE_SIZE], a[QUOTE_SIZE];
	const struct directive *d;
	char *buf, *p, *words[3];
	size_t n = 0;
	int r;

	buf = strdup(line);
	if (!buf) {
		*reterr_msg = NULL;
		return -ENOMEM;
	}
	/* words[0] is the directive, words[1] its value, words[2] one too many */
	for (p = buf; n < 3;) {
		p += strspn(p, WHITESPACE);
		if (*p == '\0' || *p == '#')
			break;
		words[n++] = p;
		p += strcspn(p, WHITESPACE);
		if (*p)
			*p++ = '\0';
	}

	if (n == 0)
		r = 0;
	else if (!(d = find_directive(words[0])))
		r = message_fail(
		    reterr_msg, "unknown directive %s", message_quote(q, words[0]));
	else if (n == 1)
		r = message_fail(reterr_msg, "%s: missing value (allowed: %s)", d->name,
		    allowed(d, a));
	else if (n == 3)
		r = message_fail(reterr_msg, "%s: extra word %s (one value allowed)",
		    d->name, message_quote(q, words[2]));
	else
		r = d->parse(c, d, words[1], reterr_msg);
	free(buf);
	return r;
}

static void
report(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/*
 * Reads one line, without its newline, into buf (MAX_LINE_CHARS + 1 bytes).
 * Returns 1 and the line's full length and whether it holds a NUL byte, 0 at
 * the end of the file, or -errno on a read error.
 */
static int
read_line(FILE *f, char *buf, size_t *ret_len, bool *ret_nul)
{
	size_t len = 0;
	bool nul = false;
	int ch;

	errno = 0;
	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0')
			nul = true;
		if (len < MAX_LINE_CHARS)
			buf[len] = (char)ch;
		len++;
	}
	if (ch == EOF && ferror(f))
		return errno > 0 ? -errno : -EIO;
	if (ch == EOF && len == 0)
		return 0;
	buf[len < MAX_LINE_CHARS ? len : MAX_LINE_CHARS] = '\0';
	*ret_len = len;
	*ret_nul = nul;
	return 1;
}

/* A short name for what st is, for "not a regular file" messages. */
static const char *
file_kind(const struct stat *st)
{
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISFIFO(st->st_mode))
		return "a fifo";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "not a regular file";
}

/*
 * Opens path for reading only if it is a regular file of at most
 * MAX_FILE_BYTES: /dev/zero, a fifo or a huge file would never end. Returns
 * the stream, or NULL after printing why (and *ret_err set to -errno), or
 * NULL with *ret_err 0 for /dev/null, an empty configuration.
 */
static FILE *
open_regular(const char *path, bool missing_ok, FILE *errout, int *ret_err)
{
	struct stat st;
	FILE *f;
	int fd;

	/* O_NONBLOCK: opening a fifo must not wait for a writer */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		*ret_err = -errno;
		if (!(*ret_err == -ENOENT && missing_ok))
			report(errout, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		*ret_err = -errno;
		report(errout, "%s: %s\n", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)) {
		/* /dev/null: "no configuration", as tools/demo and snmpd users write */
		*ret_err = 0;
	} else if (S_ISDIR(st.st_mode)) {
		*ret_err = -EISDIR;
		report(errout, "%s: %s\n", path, strerror(EISDIR));
	} else if (!S_ISREG(st.st_mode)) {
		*ret_err = -EINVAL;
		report(errout, "%s: not a regular file (%s)\n", path, file_kind(&st));
	} else if (st.st_size > MAX_FILE_BYTES) {
		*ret_err = -EFBIG;
		report(
		    errout, "%s: file is larger than %d bytes\n", path, MAX_FILE_BYTES);
	} else if (!(f = fdopen(fd, "r"))) {
		*ret_err = -errno;
		report(errout, "%s: %s\n", path, strerror(errno));
	} else {
		return f;
	}
	close(fd);
	return NULL;
}

/*
 * c must have been set up by conf_init(); directives in the file override
 * what it holds. On errors c keeps whatever the good lines set.
 */
int
conf_load(struct conf *c, const char *path, bool missing_ok, FILE *errout)
{
	char line[MAX_LINE_CHARS + 1];
	unsigned lineno = 0;
	int errors = 0, r;
	size_t total = 0;
	FILE *f;

	f = open_regular(path, missing_ok, errout, &r);
	if (!f)
		return r == -ENOENT && missing_ok ? 0 : r;
	for (;;) {
		char *msg = NULL;
		size_t len;
		bool nul;

		r = read_line(f, line, &len, &nul);
		if (r <= 0)
			break;
		lineno++;
		/* the file may grow after fstat(): the bound holds while reading too */
		total += len + 1;
		if (total > MAX_FILE_BYTES + 1) {
			report(errout, "%s:%u: file is larger than %d bytes\n", path,
			    lineno, MAX_FILE_BYTES);
			errors++;
			break;
		}
		if (len > MAX_LINE_CHARS)
			msg = strdup_printf(
			    "line is longer than %d characters", MAX_LINE_CHARS);
		else if (nul)
			msg = strdup_printf("line contains a NUL byte");
		else if (conf_parse_line(c, line, &msg) >= 0)
			continue;
		if (++errors <= MAX_REPORTED_ERRORS)
			report(errout, "%s:%u: %s\n", path, lineno,
			    msg ? msg : strerror(ENOMEM));
		free(msg);
	}
	fclose(f);
	if (errors > MAX_REPORTED_ERRORS)
		report(errout, "%s: ... and %d more errors\n", path,
		    errors - MAX_REPORTED_ERRORS);
	if (r < 0) {
		report(errout, "%s: %s\n", path, strerror(-r));
		return r;
	}
	return -errors;
}
