/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * systemd-timesyncd's NTPMessage property, (uuuuittayttttbtt): the last
 * server reply, and what timedatectl computes from it. Pure functions.
 */
#ifndef SCOUT_TIMESYNCD_MESSAGE_H
#define SCOUT_TIMESYNCD_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ntp_message {
	uint32_t leap; /* 0..3 */
	uint32_t version;
	uint32_t mode;
	uint32_t stratum;
	int32_t precision; /* log2 s */
	uint64_t root_delay_us;
	uint64_t root_dispersion_us;
	uint8_t refid[4];
	size_t refid_len;     /* as sent; 4 when well formed */
	uint64_t origin_us;   /* T1, client transmit, CLOCK_REALTIME */
	uint64_t receive_us;  /* T2, server receive */
	uint64_t transmit_us; /* T3, server transmit */
	uint64_t dest_us;     /* T4, client receive, CLOCK_REALTIME */
	bool spike;	      /* the sample was ignored */
	uint64_t packet_count;
	uint64_t jitter_us;
};

struct ntp_sample {
	bool valid;		/* the timestamps are consistent */
	double offset_s;	/* positive: local clock ahead of the server */
	double delay_s;		/* round trip */
	double root_distance_s; /* root delay / 2 + root dispersion */
};

/*
 * What timedatectl shows: offset ((T1 + T4) - (T2 + T3)) / 2 with our sign,
 * delay (T4 - T1) - (T3 - T2); invalid when there is no packet yet, when
 * T4 < T1, T3 < T2 or the server took longer than the round trip.
 */
void ntp_message_sample(const struct ntp_message *m, struct ntp_sample *ret);

/* Checks the ranges a well-formed message has; false for a malformed one. */
bool ntp_message_valid(const struct ntp_message *m);

/* The reference ID as timedatectl prints it: text for stratum <= 1, else hex. */
void ntp_message_refid(const struct ntp_message *m, char *buf, size_t size);

#endif
