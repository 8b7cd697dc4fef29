/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The snapshot a refresh produces: the facts each backend reported, in SI
 * units, and the verdict computed from them (verdict.c). The MIB and the
 * notifications read only this.
 */
#ifndef SCOUT_SNAPSHOT_H
#define SCOUT_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ktimex.h"

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
	REASON_NAMES_UNRESOLVED,
	REASON_SOURCES_OFFLINE,
	REASON_SOURCES_UNSYNCHRONISED,
	REASON_SOURCES_REFUSE,
	REASON_MAX = REASON_SOURCES_REFUSE,
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
	SOURCE_UNRESOLVED = 8, /* its name has no address yet */
	SOURCE_OFFLINE = 9,    /* the daemon was told not to poll it */
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

	/* the last packet the daemon received from the source (chrony:
	 * NTP_DATA, unix socket only); rx_count 0: nothing ever came */
	bool has_reply_counts; /* the counts below are known */
	uint32_t tx_count, rx_count, good_count;
	bool has_reply; /* reply_leap .. kiss_code are known: rx_count > 0 */
	enum leap_status reply_leap;
	unsigned reply_stratum; /* as sent: 0 for a kiss-o'-death */
	char kiss_code[5];	/* "" unless the reply was a kiss-o'-death */
};

struct daemon_status {
	enum daemon_type type;
	enum daemon_state state;
	char endpoint[STATUS_NAME_MAX]; /* where it was asked, for messages */
	int error;			/* -errno of a failed query, else 0 */
	/* when error is -EPROTONOSUPPORT: the version the daemon speaks, and
	 * the one the agent reads */
	int proto_version, proto_version_read;
	bool unit_disabled; /* systemd: its unit is disabled or masked */
	bool unread;	    /* found (process, unit), but no backend reads it */
	bool incomplete;    /* it answered without all the data a verdict needs */

	bool has_tracking; /* the fields below up to sources are known */
	uint32_t ref_id;
	bool no_reference; /* the daemon has no reference yet (chrony: refid 0) */
	bool local_clock;  /* its reference is its own clock (chrony: LOCL) */
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
	bool no_root_figures; /* the daemon tells neither (OpenNTPD): absent */
	bool has_freq;
	double freq_ppm; /* positive: the clock would run fast uncorrected */
	enum leap_status leap;

	/* the last reply from the source (timesyncd: NTPMessage T4), and how
	 * long the daemon may hear nothing before its source counts as lost
	 * (0: the daemon tells by itself, through its sources' reach) */
	bool has_last_reply;
	struct timespec last_reply;
	double silence_allowed_s;

	bool has_poll;
	int poll_log2; /* of the selected source */

	/* how the daemon polls its sources (chrony: ACTIVITY), bursts counted
	 * with their state */
	bool has_activity;
	unsigned sources_online, sources_offline, sources_unresolved;
	/* the daemon will not tell the agent its sources' last replies (chrony
	 * over UDP: NTP_DATA is not authorised) */
	bool replies_refused;

	bool has_sources; /* the source list below was read */
	struct source_status *sources;
	unsigned n_sources;

	/* filled by verdict_daemon() */
	enum sync_status sync;
	enum sync_reason reason;
	char reason_text[STATUS_TEXT_MAX];
};

/* The host's verdict: which daemon runs the clock, and how many run. */
struct host_verdict {
	enum daemon_type active; /* 0: none runs */
	unsigned daemons_active;
	enum sync_status sync;
};

/* What the MIB and the notifications read: the last published refresh. */
struct snapshot {
	/* indexed by enum daemon_type; present[t] says whether the row exists */
	struct daemon_status daemons[DAEMON_TYPE_MAX + 1];
	bool present[DAEMON_TYPE_MAX + 1];
	/* asked for by the configuration (daemons, chronyAddress) */
	bool configured[DAEMON_TYPE_MAX + 1];
	struct host_verdict host;
	struct kernel_time kernel; /* adjtimex at the last refresh */
	bool refreshed;		   /* at least one refresh has completed */
	time_t refreshed_at;	   /* CLOCK_REALTIME seconds of the last one */
	unsigned refresh_s;
	unsigned offset_threshold_ms;
};

/* Frees the source list and zeroes the struct, keeping nothing. */
void status_clear(struct daemon_status *d);

unsigned status_reachable_sources(const struct daemon_status *d);
const struct source_status *status_selected_source(const struct daemon_status *d);
/* How a daemon that could not be read looks: refused, silent, or absent. */
enum daemon_state status_state_of_error(int error);

/* The row of type t, NULL when it has none; source i (0-based) of it, NULL
 * when there is no such source. Bounds-checked: MIB rows look up by index. */
const struct daemon_status *snapshot_daemon(const struct snapshot *s, long t);
const struct source_status *snapshot_source(const struct snapshot *s, long t, long i);

#endif
