/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OIDs of SCOUT-NTP-MIB, mirroring mibs/SCOUT-NTP-MIB.txt (tests/mib-oids.sh
 * checks every name here against snmptranslate). The root is written here and
 * nowhere else in the C code.
 */
#ifndef SCOUT_MIB_OIDS_H
#define SCOUT_MIB_OIDS_H

/* netSnmpPlaypen.4185 until the project has its own IANA enterprise number. */
#define SCOUT_NTP_MIB_OID 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 4185

#define SCOUT_NTP_NOTIFICATIONS_OID SCOUT_NTP_MIB_OID, 0
#define SCOUT_NTP_OBJECTS_OID SCOUT_NTP_MIB_OID, 1
#define SCOUT_NTP_AGENT_OID SCOUT_NTP_OBJECTS_OID, 1
#define SCOUT_NTP_DAEMON_TABLE_OID SCOUT_NTP_OBJECTS_OID, 2
#define SCOUT_NTP_SOURCE_TABLE_OID SCOUT_NTP_OBJECTS_OID, 3
#define SCOUT_NTP_KERNEL_OID SCOUT_NTP_OBJECTS_OID, 4

/* scoutNtpAgent scalars */
enum mib_agent_scalar {
	MIB_AGENT_VERSION = 1,	    /* scoutNtpAgentVersion */
	MIB_AGENT_REFRESH_INTERVAL, /* scoutNtpRefreshInterval */
	MIB_AGENT_DATA_AGE,	    /* scoutNtpDataAge */
	MIB_AGENT_HOST_SYNC_STATUS, /* scoutNtpHostSyncStatus */
	MIB_AGENT_ACTIVE_DAEMON,    /* scoutNtpActiveDaemon */
	MIB_AGENT_DAEMONS_ACTIVE,   /* scoutNtpDaemonsActive */
	MIB_AGENT_OFFSET_THRESHOLD, /* scoutNtpOffsetThreshold */
	/* the row of scoutNtpActiveDaemon, so that an NMS needs no index */
	MIB_AGENT_HOST_SYNC_REASON,	 /* scoutNtpHostSyncReason */
	MIB_AGENT_HOST_SYNC_REASON_TEXT, /* scoutNtpHostSyncReasonText */
	MIB_AGENT_HOST_SOURCE_NAME,	 /* scoutNtpHostSourceName */
	MIB_AGENT_HOST_OFFSET,		 /* scoutNtpHostOffset */
	MIB_AGENT_HOST_LAST_SYNC_AGE,	 /* scoutNtpHostLastSyncAge */
	MIB_AGENT_MAX = MIB_AGENT_HOST_LAST_SYNC_AGE,
};

/* scoutNtpDaemonEntry columns (scoutNtpDaemonTable.1.N) */
enum mib_daemon_column {
	MIB_DAEMON_TYPE = 1,	      /* scoutNtpDaemonType (index) */
	MIB_DAEMON_NAME,	      /* scoutNtpDaemonName */
	MIB_DAEMON_VERSION,	      /* scoutNtpDaemonVersion */
	MIB_DAEMON_STATE,	      /* scoutNtpDaemonState */
	MIB_DAEMON_SYNC_STATUS,	      /* scoutNtpSyncStatus */
	MIB_DAEMON_SYNC_REASON,	      /* scoutNtpSyncReason */
	MIB_DAEMON_SYNC_REASON_TEXT,  /* scoutNtpSyncReasonText */
	MIB_DAEMON_SOURCE_NAME,	      /* scoutNtpSourceName */
	MIB_DAEMON_SOURCE_ADDRESS,    /* scoutNtpSourceAddress */
	MIB_DAEMON_REF_ID,	      /* scoutNtpRefId */
	MIB_DAEMON_STRATUM,	      /* scoutNtpStratum */
	MIB_DAEMON_OFFSET,	      /* scoutNtpOffset */
	MIB_DAEMON_LAST_OFFSET,	      /* scoutNtpLastOffset */
	MIB_DAEMON_RMS_OFFSET,	      /* scoutNtpRmsOffset */
	MIB_DAEMON_OFFSET_TEXT,	      /* scoutNtpOffsetText */
	MIB_DAEMON_LAST_SYNC,	      /* scoutNtpLastSync */
	MIB_DAEMON_LAST_SYNC_AGE,     /* scoutNtpLastSyncAge */
	MIB_DAEMON_ROOT_DELAY,	      /* scoutNtpRootDelay */
	MIB_DAEMON_ROOT_DISPERSION,   /* scoutNtpRootDispersion */
	MIB_DAEMON_FREQUENCY,	      /* scoutNtpFrequency */
	MIB_DAEMON_LEAP_STATUS,	      /* scoutNtpLeapStatus */
	MIB_DAEMON_POLL_INTERVAL,     /* scoutNtpPollInterval */
	MIB_DAEMON_SOURCES_TOTAL,     /* scoutNtpSourcesTotal */
	MIB_DAEMON_SOURCES_REACHABLE, /* scoutNtpSourcesReachable */
	MIB_DAEMON_MAX = MIB_DAEMON_SOURCES_REACHABLE,
};

/* scoutNtpSourceEntry columns (scoutNtpSourceTable.1.N); INDEX type, srcIndex */
enum mib_source_column {
	MIB_SRC_INDEX = 1,     /* scoutNtpSrcIndex (index) */
	MIB_SRC_NAME,	       /* scoutNtpSrcName */
	MIB_SRC_ADDRESS,       /* scoutNtpSrcAddress */
	MIB_SRC_MODE,	       /* scoutNtpSrcMode */
	MIB_SRC_STATE,	       /* scoutNtpSrcState */
	MIB_SRC_STRATUM,       /* scoutNtpSrcStratum */
	MIB_SRC_POLL,	       /* scoutNtpSrcPoll */
	MIB_SRC_REACH,	       /* scoutNtpSrcReach */
	MIB_SRC_LAST_RX_AGE,   /* scoutNtpSrcLastRxAge */
	MIB_SRC_OFFSET,	       /* scoutNtpSrcOffset */
	MIB_SRC_ERROR,	       /* scoutNtpSrcError */
	MIB_SRC_REPLY_LEAP,    /* scoutNtpSrcReplyLeap */
	MIB_SRC_REPLY_STRATUM, /* scoutNtpSrcReplyStratum */
	MIB_SRC_KISS_CODE,     /* scoutNtpSrcKissCode */
	MIB_SRC_MAX = MIB_SRC_KISS_CODE,
};

/* scoutNtpKernel scalars */
enum mib_kernel_scalar {
	MIB_KERNEL_SYNCED = 1, /* scoutNtpKernelSynced */
	MIB_KERNEL_MAX_ERROR,  /* scoutNtpKernelMaxError */
	MIB_KERNEL_EST_ERROR,  /* scoutNtpKernelEstError */
	MIB_KERNEL_OFFSET,     /* scoutNtpKernelOffset */
	MIB_KERNEL_STATUS,     /* scoutNtpKernelStatus */
	MIB_KERNEL_MAX = MIB_KERNEL_STATUS,
};

/* scoutNtpNotifications.N */
enum mib_notification {
	MIB_NOTIFY_SYNC_LOST = 1,   /* scoutNtpSyncLost */
	MIB_NOTIFY_SYNC_RESTORED,   /* scoutNtpSyncRestored */
	MIB_NOTIFY_OFFSET_HIGH,	    /* scoutNtpOffsetHigh */
	MIB_NOTIFY_OFFSET_NORMAL,   /* scoutNtpOffsetNormal */
	MIB_NOTIFY_SOURCE_CHANGED,  /* scoutNtpSourceChanged */
	MIB_NOTIFY_DAEMON_CONFLICT, /* scoutNtpDaemonConflict */
	MIB_NOTIFY_LEAP_PENDING,    /* scoutNtpLeapPending */
	MIB_NOTIFY_MAX = MIB_NOTIFY_LEAP_PENDING,
};

#endif
