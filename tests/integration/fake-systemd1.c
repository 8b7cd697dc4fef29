/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fake-systemd1: a MOCK of systemd's unit objects on D-Bus, for the
 * integration tests only. The tests cannot run the real systemd as PID 1, so
 * the unit states the agent reads from it (a time daemon active, inactive,
 * failed, masked, not installed) cannot be reached here with the real
 * program; this serves them instead. It is not systemd: it has no manager
 * object, no jobs, no other interfaces and no other properties.
 *
 * It owns org.freedesktop.systemd1 on the system bus that
 * DBUS_SYSTEM_BUS_ADDRESS names (it refuses to run without it, so that it
 * never touches the host's bus) and answers, on every unit path
 * /org/freedesktop/systemd1/unit/<name escaped as sd_bus_path_encode does>,
 * the org.freedesktop.systemd1.Unit properties
 *
 *   Id LoadState ActiveState SubState UnitFileState   (all "s")
 *
 * through Properties.Get and GetAll. As the real systemd loads a unit object
 * for any valid unit name it is asked about, a unit not in the table answers
 * LoadState "not-found", ActiveState "inactive", SubState "dead",
 * UnitFileState ""; a path that is not a loadable unit name (no known type
 * suffix, a template "x@.service", bad characters) is an unknown object.
 *
 *   fake-systemd1 [-f FILE] [UNIT...]
 *
 * UNIT, on the command line or one a line in FILE (blank lines and lines
 * starting with # ignored; later entries win):
 *
 *   NAME=LoadState:ActiveState:UnitFileState[:SubState]
 *   NAME=@TARGET     NAME is an alias of TARGET (Id is TARGET, as for
 *                    chronyd.service, Debian's Alias= of chrony.service)
 *
 * SubState, unless given: "running" when ActiveState is "active", else
 * "dead". The values are not checked against systemd's state names, so a
 * test may serve odd ones; they must be printable ASCII without blanks.
 *
 * SIGHUP rebuilds the table from the command line and FILE again; every
 * SIGHUP logs one line "reload N: loaded M units" or "reload N: FAILED ...",
 * in which case the previous table stays. Property changes are not signalled
 * (the real systemd sends PropertiesChanged only to clients that called
 * Subscribe). Runs in the foreground, logs to stderr, exits on SIGTERM or
 * SIGINT, and when the bus goes away.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#define SYSTEMD1_SERVICE "org.freedesktop.systemd1"
#define UNIT_PREFIX "/org/freedesktop/systemd1/unit"
#define UNIT_INTERFACE "org.freedesktop.systemd1.Unit"
#define UNIT_NAME_MAX 255

struct unit {
	char *name;
	char *load_state;
	char *active_state;
	char *file_state;
	char *sub_state; /* NULL: derived from active_state */
	char *alias_of;	 /* NULL, or the unit NAME is an alias of */
};

struct table {
	struct unit *units;
	size_t n;
};

struct fake {
	struct table table;
	const char *file;
	char **args;
	int nargs;
	unsigned reloads;
};

/* What one unit path answers. */
struct view {
	const char *id;
	const char *load_state;
	const char *active_state;
	const char *sub_state;
	const char *file_state;
};

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
logmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fake-systemd1[%ld]: ", (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr(":-_.\\", c) != NULL);
}

/* A name the real systemd would load a unit for: PREFIX[@INSTANCE].TYPE with
 * systemd's characters and a known type; not a template ("x@.service"). */
static bool
unit_name_loadable(const char *name)
{
	static const char *const types[] = { "service", "socket", "target", "device",
		"mount", "automount", "swap", "timer", "path", "slice", "scope" };
	const char *dot = strrchr(name, '.');
	const char *at = strchr(name, '@');
	bool known = false;

	if (name[0] == '\0' || strlen(name) > UNIT_NAME_MAX || !dot || dot == name)
		return false;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (strcmp(dot + 1, types[i]) == 0)
			known = true;
	}
	if (!known)
		return false;
	if (at && (at == name || at + 1 >= dot))
		return false;
	for (const char *p = name; p < dot; p++) {
		if (!name_char(*p) && !(*p == '@' && at && p >= at))
			return false;
	}
	return true;
}

/* A state value: printable ASCII, no blanks; empty only if may_be_empty. */
static bool
state_ok(const char *s, bool may_be_empty)
{
	if (s[0] == '\0')
		return may_be_empty;
	for (; *s; s++) {
		if (*s <= ' ' || *s > '~')
			return false;
	}
	return true;
}

static void
unit_clear(struct unit *u)
{
	free(u->name);
	free(u->load_state);
	free(u->active_state);
	free(u->file_state);
	free(u->sub_state);
	free(u->alias_of);
	memset(u, 0, sizeof *u);
}

static void
table_clear(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		unit_clear(&t->units[i]);
	free(t->units);
	t->units = NULL;
	t->n = 0;
}

static struct unit *
table_find(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->units[i].name, name) == 0)
			return &t->units[i];
	}
	return NULL;
}

static char *
dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

/* Adds (or replaces) the unit one "NAME=..." entry describes; NULL, or why
 * the entry is wrong. */
static const char *
table_add(struct table *t, const char *entry)
{
	char *copy = strdup(entry);
	char *name, *value, *fields[4];
	int nfields = 0;
	struct unit u = { 0 };
	struct unit *old;
	bool oom = false;
	const char *why = NULL;

	if (!copy)
		return "out of memory";
	name = copy;
	value = strchr(copy, '=');
	if (!value) {
		why =
		    "no '=' (NAME=LoadState:ActiveState:UnitFileState or NAME=@TARGET)";
		goto out;
	}
	*value++ = '\0';
	if (!unit_name_loadable(name)) {
		why = "not a unit name systemd would load (such as chrony.service)";
		goto out;
	}
	if (value[0] == '@') {
		if (!unit_name_loadable(value + 1) || strcmp(value + 1, name) == 0) {
			why = "the alias target is not another unit name";
			goto out;
		}
		u.alias_of = dup_or_null(value + 1, &oom);
	} else {
		for (char *p = value;; p++) {
			if (nfields == 4) {
				why = "more than 4 fields";
				goto out;
			}
			fields[nfields++] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p = '\0';
		}
		if (nfields < 3) {
			why =
			    "fewer than 3 fields (LoadState:ActiveState:UnitFileState)";
			goto out;
		}
		if (!state_ok(fields[0], false) || !state_ok(fields[1], false) ||
		    !state_ok(fields[2], true) ||
		    (nfields == 4 && !state_ok(fields[3], false))) {
			why =
			    "an empty or non-printable LoadState, ActiveState or SubState, or a "
			    "non-printable UnitFileState";
			goto out;
		}
		u.load_state = dup_or_null(fields[0], &oom);
		u.active_state = dup_or_null(fields[1], &oom);
		u.file_state = dup_or_null(fields[2], &oom);
		u.sub_state = dup_or_null(nfields == 4 ? fields[3] : NULL, &oom);
	}
	u.name = dup_or_null(name, &oom);
	if (oom) {
		why = "out of memory";
		goto out;
	}
	old = table_find(t, name);
	if (old) {
		unit_clear(old);
		*old = u;
	} else {
		struct unit *grown = realloc(t->units, (t->n + 1) * sizeof *grown);
		if (!grown) {
			why = "out of memory";
			goto out;
		}
		t->units = grown;
		t->units[t->n++] = u;
	}
	memset(&u, 0, sizeof u);
out:
	unit_clear(&u);
	free(copy);
	return why;
}

/* Builds a table from the command line, then FILE; logs what is wrong. */
static int
table_load(const struct fake *f, struct table *t)
{
	const char *why;
	int bad = 0;

	for (int i = 0; i < f->nargs; i++) {
		why = table_add(t, f->args[i]);
		if (why) {
			logmsg("argument \"%s\": %s", f->args[i], why);
			bad = 1;
		}
	}
	if (f->file) {
		FILE *fp = fopen(f->file, "r");
		char *line = NULL;
		size_t size = 0;
		unsigned lineno = 0;

		if (!fp) {
			logmsg("%s: %s", f->file, strerror(errno));
			return -1;
		}
		while (getline(&line, &size, fp) != -1) {
			char *s = line;
			size_t len;

			lineno++;
			while (*s == ' ' || *s == '\t')
				s++;
			len = strlen(s);
			while (len > 0 &&
			    (s[len - 1] == '\n' || s[len - 1] == '\r' ||
				s[len - 1] == ' ' || s[len - 1] == '\t'))
				s[--len] = '\0';
			if (s[0] == '\0' || s[0] == '#')
				continue;
			why = table_add(t, s);
			if (why) {
				logmsg("%s:%u: %s", f->file, lineno, why);
				bad = 1;
			}
		}
		if (ferror(fp)) {
			logmsg("%s: %s", f->file, strerror(errno));
			bad = 1;
		}
		free(line);
		fclose(fp);
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct unit *u = &t->units[i];
		const struct unit *target;

		if (!u->alias_of)
			continue;
		target = table_find(t, u->alias_of);
		if (!target || target->alias_of) {
			logmsg(
			    "%s=@%s: the target must be a unit of the table, not an alias",
			    u->name, u->alias_of);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static void
unit_view(const struct table *t, const char *name, struct view *v)
{
	const struct unit *u = table_find(t, name);

	if (u && u->alias_of)
		u = table_find(t, u->alias_of);
	if (!u) {
		v->id = name;
		v->load_state = "not-found";
		v->active_state = "inactive";
		v->sub_state = "dead";
		v->file_state = "";
		return;
	}
	v->id = u->name;
	v->load_state = u->load_state;
	v->active_state = u->active_state;
	v->file_state = u->file_state;
	if (u->sub_state)
		v->sub_state = u->sub_state;
	else
		v->sub_state =
		    strcmp(u->active_state, "active") == 0 ? "running" : "dead";
}

static void
table_log(const struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct unit *u = &t->units[i];
		struct view v;

		unit_view(t, u->name, &v);
		logmsg(
		    "  %s: Id=%s LoadState=%s ActiveState=%s SubState=%s UnitFileState=%s",
		    u->name, v.id, v.load_state, v.active_state, v.sub_state,
		    v.file_state);
	}
}

static void
reload(struct fake *f)
{
	struct table t = { 0 };

	f->reloads++;
	if (table_load(f, &t) < 0) {
		logmsg("reload %u: FAILED, keeping the previous %zu units", f->reloads,
		    f->table.n);
		table_clear(&t);
		return;
	}
	table_clear(&f->table);
	f->table = t;
	logmsg("reload %u: loaded %zu units", f->reloads, f->table.n);
	table_log(&f->table);
}

/* The unit name a path under UNIT_PREFIX stands for, if loadable: 1 and
 * *name (to free), 0 if none, < 0 on error. */
static int
path_unit(const char *path, char **name)
{
	int r = sd_bus_path_decode(path, UNIT_PREFIX, name);

	if (r <= 0)
		return r;
	if (!unit_name_loadable(*name)) {
		free(*name);
		*name = NULL;
		return 0;
	}
	return 1;
}

static int
find_unit(sd_bus *bus, const char *path, const char *interface, void *userdata,
    void **found, sd_bus_error *error)
{
	struct fake *f = userdata;
	sd_bus_message *m = sd_bus_get_current_message(bus);
	const char *member = m ? sd_bus_message_get_member(m) : NULL;
	char *name = NULL;
	struct view v;
	int r = path_unit(path, &name);

	if (r < 0)
		return r;
	if (r == 0) {
		logmsg("%s %s: not a unit path, unknown object", member ? member : "?",
		    path);
		return 0;
	}
	unit_view(&f->table, name, &v);
	logmsg("%s %s: Id=%s %s %s %s \"%s\"", member ? member : "?", name, v.id,
	    v.load_state, v.active_state, v.sub_state, v.file_state);
	free(name);
	*found = f;
	return 1;
}

static int
get_property(sd_bus *bus, const char *path, const char *interface, const char *property,
    sd_bus_message *reply, void *userdata, sd_bus_error *error)
{
	struct fake *f = userdata;
	char *name = NULL;
	const char *value;
	struct view v;
	int r = path_unit(path, &name);

	if (r < 0)
		return r;
	if (r == 0)
		return sd_bus_error_setf(
		    error, SD_BUS_ERROR_UNKNOWN_OBJECT, "Unknown object '%s'.", path);
	unit_view(&f->table, name, &v);
	if (strcmp(property, "Id") == 0)
		value = v.id;
	else if (strcmp(property, "LoadState") == 0)
		value = v.load_state;
	else if (strcmp(property, "ActiveState") == 0)
		value = v.active_state;
	else if (strcmp(property, "SubState") == 0)
		value = v.sub_state;
	else
		value = v.file_state;
	r = sd_bus_message_append(reply, "s", value);
	free(name);
	return r;
}

/* The table's units as child nodes, for introspection (busctl tree). */
static int
enumerate_units(
    sd_bus *bus, const char *path, void *userdata, char ***nodes, sd_bus_error *error)
{
	const struct fake *f = userdata;
	char **l = calloc(f->table.n + 1, sizeof *l);

	if (!l)
		return -ENOMEM;
	for (size_t i = 0; i < f->table.n; i++) {
		int r = sd_bus_path_encode(UNIT_PREFIX, f->table.units[i].name, &l[i]);
		if (r < 0) {
			for (size_t k = 0; k < i; k++)
				free(l[k]);
			free(l);
			return r;
		}
	}
	*nodes = l;
	return 0;
}

/* The flags are the real systemd's, for the introspection data. */
static const sd_bus_vtable unit_vtable[] = {
	SD_BUS_VTABLE_START(0),
	SD_BUS_PROPERTY("Id", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY(
	    "LoadState", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_CONST),
	SD_BUS_PROPERTY(
	    "ActiveState", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY(
	    "SubState", "s", get_property, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
	SD_BUS_PROPERTY("UnitFileState", "s", get_property, 0, 0),
	SD_BUS_VTABLE_END,
};

static int
on_sighup(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	reload(userdata);
	return 0;
}

static int
on_exit_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	logmsg("%s: exiting", strsignal((int)si->ssi_signo));
	return sd_event_exit(sd_event_source_get_event(s), 0);
}

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: fake-systemd1 [-f FILE] [NAME=LoadState:ActiveState:UnitFileState[:SubState] | NAME=@TARGET ...]\n"
	    "A MOCK of systemd's org.freedesktop.systemd1.Unit properties, for tests only.\n"
	    "Needs DBUS_SYSTEM_BUS_ADDRESS; SIGHUP re-reads the units, SIGTERM exits.\n");
}

int
main(int argc, char **argv)
{
	struct fake f = { 0 };
	sd_event *event = NULL;
	sd_bus *bus = NULL;
	struct sigaction dfl = { 0 };
	sigset_t mask;
	const char *address = getenv("DBUS_SYSTEM_BUS_ADDRESS");
	int c, r;

	while ((c = getopt(argc, argv, "+f:h")) != -1) {
		switch (c) {
		case 'f':
			f.file = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	f.args = argv + optind;
	f.nargs = argc - optind;
	if (!address || address[0] == '\0') {
		logmsg(
		    "DBUS_SYSTEM_BUS_ADDRESS is not set: refusing to use the host's system bus");
		return 2;
	}
	if (table_load(&f, &f.table) < 0) {
		table_clear(&f.table);
		return 2;
	}

	/* signalfd needs them blocked; a shell's background job has SIGINT
	 * ignored, and an ignored signal never reaches a signalfd */
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGINT, &dfl, NULL);
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	r = sd_event_default(&event);
	if (r >= 0)
		r = sd_event_add_signal(event, NULL, SIGHUP, on_sighup, &f);
	if (r >= 0)
		r = sd_event_add_signal(event, NULL, SIGTERM, on_exit_signal, NULL);
	if (r >= 0)
		r = sd_event_add_signal(event, NULL, SIGINT, on_exit_signal, NULL);
	if (r < 0) {
		logmsg("event loop: %s", strerror(-r));
		goto out;
	}
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		logmsg("cannot connect to %s: %s", address, strerror(-r));
		goto out;
	}
	/* the objects first: whoever sees the name owned finds them */
	r = sd_bus_add_fallback_vtable(
	    bus, NULL, UNIT_PREFIX, UNIT_INTERFACE, unit_vtable, find_unit, &f);
	if (r >= 0)
		r = sd_bus_add_node_enumerator(
		    bus, NULL, UNIT_PREFIX, enumerate_units, &f);
	if (r >= 0)
		r = sd_bus_set_exit_on_disconnect(bus, 1);
	if (r >= 0)
		r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
	if (r < 0) {
		logmsg("cannot set up the unit objects: %s", strerror(-r));
		goto out;
	}
	r = sd_bus_request_name(bus, SYSTEMD1_SERVICE, 0);
	if (r < 0) {
		logmsg(
		    "cannot own %s on %s: %s", SYSTEMD1_SERVICE, address, strerror(-r));
		goto out;
	}
	logmsg("MOCK of systemd's unit objects: owns %s on %s, %zu units%s%s",
	    SYSTEMD1_SERVICE, address, f.table.n, f.file ? ", SIGHUP re-reads " : "",
	    f.file ? f.file : "");
	table_log(&f.table);
	r = sd_event_loop(event);
	if (r < 0)
		logmsg("event loop: %s", strerror(-r));
	else if (r > 0)
		logmsg("the bus went away: exiting");
out:
	sd_bus_flush_close_unref(bus);
	sd_event_unref(event);
	table_clear(&f.table);
	return r == 0 ? 0 : 1;
}
