/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OIDs of the standard NTPv4-MIB (RFC 5907), mirroring mibs/NTPv4-MIB.txt
 * (tests/ntpv4-oids.sh checks every name here against snmptranslate).
 */
#ifndef SCOUT_NTPV4_OIDS_H
#define SCOUT_NTPV4_OIDS_H

/* ntpSnmpMIB: mib-2 197 */
#define NTPV4_MIB_OID 1, 3, 6, 1, 2, 1, 197
#define NTPV4_NOTIFICATIONS_OID NTPV4_MIB_OID, 0
#define NTPV4_OBJECTS_OID NTPV4_MIB_OID, 1
#define NTPV4_ENT_INFO_OID NTPV4_OBJECTS_OID, 1
#define NTPV4_ENT_STATUS_OID NTPV4_OBJECTS_OID, 2
#define NTPV4_ASSOC_TABLE_OID NTPV4_OBJECTS_OID, 3, 1
#define NTPV4_ASSOC_STATS_TABLE_OID NTPV4_OBJECTS_OID, 3, 2
#define NTPV4_ENT_CONTROL_OID NTPV4_OBJECTS_OID, 4
#define NTPV4_NOTIF_OBJECTS_OID NTPV4_OBJECTS_OID, 5

/* ntpEntInfo scalars */
enum ntpv4_info_scalar {
	NTPV4_SOFTWARE_NAME = 1, /* ntpEntSoftwareName */
	NTPV4_SOFTWARE_VERSION,	 /* ntpEntSoftwareVersion */
	NTPV4_SOFTWARE_VENDOR,	 /* ntpEntSoftwareVendor */
	NTPV4_SYSTEM_TYPE,	 /* ntpEntSystemType */
	NTPV4_TIME_RESOLUTION,	 /* ntpEntTimeResolution */
	NTPV4_TIME_PRECISION,	 /* ntpEntTimePrecision */
	NTPV4_TIME_DISTANCE,	 /* ntpEntTimeDistance */
	NTPV4_INFO_MAX = NTPV4_TIME_DISTANCE,
};

/* ntpEntStatus scalars (17 is ntpEntStatPktModeTable) */
enum ntpv4_status_scalar {
	NTPV4_CURRENT_MODE = 1,	      /* ntpEntStatusCurrentMode */
	NTPV4_STRATUM,		      /* ntpEntStatusStratum */
	NTPV4_ACTIVE_REF_SOURCE_ID,   /* ntpEntStatusActiveRefSourceId */
	NTPV4_ACTIVE_REF_SOURCE_NAME, /* ntpEntStatusActiveRefSourceName */
	NTPV4_ACTIVE_OFFSET,	      /* ntpEntStatusActiveOffset */
	NTPV4_NUMBER_OF_REF_SOURCES,  /* ntpEntStatusNumberOfRefSources */
	NTPV4_DISPERSION,	      /* ntpEntStatusDispersion */
	NTPV4_ENTITY_UPTIME,	      /* ntpEntStatusEntityUptime */
	NTPV4_DATE_TIME,	      /* ntpEntStatusDateTime */
	NTPV4_LEAP_SECOND,	      /* ntpEntStatusLeapSecond */
	NTPV4_LEAP_SEC_DIRECTION,     /* ntpEntStatusLeapSecDirection */
	NTPV4_IN_PKTS,		      /* ntpEntStatusInPkts */
	NTPV4_OUT_PKTS,		      /* ntpEntStatusOutPkts */
	NTPV4_BAD_VERSION,	      /* ntpEntStatusBadVersion */
	NTPV4_PROTOCOL_ERROR,	      /* ntpEntStatusProtocolError */
	NTPV4_NOTIFICATIONS,	      /* ntpEntStatusNotifications */
	NTPV4_STATUS_MAX = NTPV4_NOTIFICATIONS,
};

/* ntpAssociationEntry columns (ntpAssociationTable.1.N) */
enum ntpv4_assoc_column {
	NTPV4_ASSOC_ID = 1,	  /* ntpAssocId (index) */
	NTPV4_ASSOC_NAME,	  /* ntpAssocName */
	NTPV4_ASSOC_REF_ID,	  /* ntpAssocRefId */
	NTPV4_ASSOC_ADDRESS_TYPE, /* ntpAssocAddressType */
	NTPV4_ASSOC_ADDRESS,	  /* ntpAssocAddress */
	NTPV4_ASSOC_OFFSET,	  /* ntpAssocOffset */
	NTPV4_ASSOC_STRATUM,	  /* ntpAssocStratum */
	NTPV4_ASSOC_JITTER,	  /* ntpAssocStatusJitter */
	NTPV4_ASSOC_DELAY,	  /* ntpAssocStatusDelay */
	NTPV4_ASSOC_DISPERSION,	  /* ntpAssocStatusDispersion */
	NTPV4_ASSOC_MAX = NTPV4_ASSOC_DISPERSION,
};

/* ntpAssociationStatisticsEntry columns */
enum ntpv4_assoc_stat_column {
	NTPV4_ASSOC_STAT_IN_PKTS = 1,	 /* ntpAssocStatInPkts */
	NTPV4_ASSOC_STAT_OUT_PKTS,	 /* ntpAssocStatOutPkts */
	NTPV4_ASSOC_STAT_PROTOCOL_ERROR, /* ntpAssocStatProtocolError */
	NTPV4_ASSOC_STAT_MAX = NTPV4_ASSOC_STAT_PROTOCOL_ERROR,
};

/* ntpEntControl scalars */
enum ntpv4_control_scalar {
	NTPV4_HEARTBEAT_INTERVAL = 1, /* ntpEntHeartbeatInterval */
	NTPV4_NOTIF_BITS,	      /* ntpEntNotifBits */
	NTPV4_CONTROL_MAX = NTPV4_NOTIF_BITS,
};

/* ntpEntNotifMessage, ntpEntNotifObjects.1 */
#define NTPV4_NOTIF_MESSAGE 1

/* Notifications (ntpEntNotifications.N); also the bits of ntpEntNotifBits */
enum ntpv4_notification {
	NTPV4_NOTIF_MODE_CHANGE = 1,	   /* ntpEntNotifModeChange */
	NTPV4_NOTIF_STRATUM_CHANGE,	   /* ntpEntNotifStratumChange */
	NTPV4_NOTIF_SYSPEER_CHANGED,	   /* ntpEntNotifSyspeerChanged */
	NTPV4_NOTIF_ADD_ASSOCIATION,	   /* ntpEntNotifAddAssociation */
	NTPV4_NOTIF_REMOVE_ASSOCIATION,	   /* ntpEntNotifRemoveAssociation */
	NTPV4_NOTIF_CONFIG_CHANGED,	   /* ntpEntNotifConfigChanged */
	NTPV4_NOTIF_LEAP_SECOND_ANNOUNCED, /* ntpEntNotifLeapSecondAnnounced */
	NTPV4_NOTIF_HEARTBEAT,		   /* ntpEntNotifHeartbeat */
	NTPV4_NOTIF_MAX = NTPV4_NOTIF_HEARTBEAT,
};

#endif
