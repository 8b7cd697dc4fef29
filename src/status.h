/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The snapshot a refresh produces: what each time daemon reported, in SI units,
 * and how it was evaluated. The MIB and the notifications read only this.
 */
#ifndef SCOUT_STATUS_H
#define SCOUT_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Values are those of the MIB's enumerations. */
enum daemon_type {
	DAEMON_CHRONY = 1,
	DAEMON_TIMESYNCD = 2,
	DAEMON_NTPD = 3,
	DAEMON_NTPSEC = 4,
	DAEMON_OPENNTPD = 5,
	DAEMON_TYPE_MAX = DAEMON_OPENNTPD,
};

enum daemon_state {
	DAEMON_RUNNING = 1,
	DAEMON_STOPPED = 2,
	DAEMON_UNREACHABLE = 3,
	DAEMON_ACCESS_DENIED = 4,
};

enum sync_status {
	SYNC_SYNCHRONIZED = 1,
	SYNC_UNSYNCHRONIZED = 2,
	SYNC_UNKNOWN = 3,
};

enum sync_reason {
	REASON_NONE = 1,
	REASON_DAEMON_NOT_RUNNING,
	REASON_ACCESS_DENIED,
	REASON_NTP_DISABLED,
	REASON_NO_SERVERS_CONFIGURED,
	REASON_NO_REACHABLE_SOURCES,
	REASON_NO_SELECTABLE_SOURCE,
	REASON_LOCAL_CLOCK_ONLY,
	REASON_LEAP_UNSYNCHRONISED,
	REASON_SOURCE_STALE,
	REASON_ROOT_DISTANCE_TOO_LARGE,
	REASON_UNSUPPORTED_DAEMON,
	REASON_MAX = REASON_UNSUPPORTED_DAEMON,
};

enum leap_status {
	LEAP_NORMAL = 1,
	LEAP_INSERT_SECOND = 2,
	LEAP_DELETE_SECOND = 3,
	LEAP_UNSYNCHRONISED = 4,
};

enum source_mode {
	SOURCE_MODE_SERVER = 1,
	SOURCE_MODE_PEER = 2,
	SOURCE_MODE_REFCLOCK = 3,
};

enum source_state {
	SOURCE_STATE_UNKNOWN = 0,
	SOURCE_SELECTED = 1,
	SOURCE_COMBINED = 2,
	SOURCE_SELECTABLE = 3,
	SOURCE_JITTERY = 4,
	SOURCE_FALSETICKER = 5,
	SOURCE_UNREACHABLE = 6,
	SOURCE_NONSELECTABLE = 7,
};

#define STATUS_NAME_MAX 256
#define STATUS_ADDR_MAX 64
#define STATUS_TEXT_MAX 256

struct source_status {
	char name[STATUS_NAME_MAX];
	char address[STATUS_ADDR_MAX];
	enum source_mode mode;
	enum source_state state;
	unsigned stratum;
	bool has_poll;
	int poll_log2;
	bool has_reach;
	unsigned reach;
	bool has_last_rx;
	uint32_t last_rx_age_s;
	bool has_sample; /* offset_s and error_s are known */
	double offset_s; /* positive: local clock ahead of the source */
	double error_s;
};

struct daemon_status {
	enum daemon_type type;
	enum daemon_state state;
	char endpoint[STATUS_NAME_MAX]; /* where it was asked, for messages */
	int error;			/* -errno of a failed query, else 0 */
	int proto_version;		/* when error is -EPROTONOSUPPORT */
	bool unit_disabled;		/* systemd: its unit is disabled or masked */

	bool has_tracking; /* the fields below up to sources are known */
	uint32_t ref_id;
	char source_name[STATUS_NAME_MAX];    /* "" when unknown */
	char source_address[STATUS_ADDR_MAX]; /* "" when unknown */
	unsigned stratum;		      /* 0 when unknown */
	bool has_offset;		      /* offset_s is known */
	double offset_s;       /* positive: local clock ahead of its reference */
	bool has_offset_stats; /* last_offset_s and rms_offset_s are known */
	double last_offset_s;  /* same sign */
	double rms_offset_s;
	bool has_ref_time;
	struct timespec ref_time; /* last clock update, UTC */
	double root_delay_s;
	double root_dispersion_s;
	bool has_freq;
	double freq_ppm; /* positive: the clock would run fast uncorrected */
	enum leap_status leap;

	/* the last reply from the source (timesyncd: NTPMessage T4) */
	bool has_last_reply;
	struct timespec last_reply;

	bool has_poll;
	int poll_log2; /* of the selected source */

	bool has_sources; /* the source list below was read */
	struct source_status *sources;
	unsigned n_sources;

	/* filled by evaluate_daemon() */
	enum sync_status sync;
	enum sync_reason reason;
	char reason_text[STATUS_TEXT_MAX];
};

/* Frees the source list and zeroes the struct, keeping nothing. */
void status_clear(struct daemon_status *d);

unsigned status_reachable_sources(const struct daemon_status *d);
const struct source_status *status_selected_source(const struct daemon_status *d);
const char *status_daemon_name(enum daemon_type type);
/* How a daemon that could not be read looks: refused, silent, or absent. */
enum daemon_state status_state_of_error(int error);

#endif
