/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NTPMessage arithmetic in unsigned microseconds, as timedatectl does it,
 * checked before every subtraction so a malformed message cannot wrap.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "timesyncd_message.h"

bool
ntp_message_valid(const struct ntp_message *m)
{
	return m->leap <= 3 && m->stratum <= 16 && m->refid_len == 4;
}

void
ntp_message_sample(const struct ntp_message *m, struct ntp_sample *ret)
{
	uint64_t t1 = m->origin_us, t2 = m->receive_us, t3 = m->transmit_us,
		 t4 = m->dest_us;

	memset(ret, 0, sizeof(*ret));
	ret->root_distance_s = m->root_delay_us / 2e6 + m->root_dispersion_us / 1e6;
	if (m->packet_count == 0 || t4 < t1 || t3 < t2 || t4 - t1 < t3 - t2)
		return;
	ret->valid = true;
	ret->delay_s = ((t4 - t1) - (t3 - t2)) / 1e6;
	/* halves first: the sums of two epoch microsecond stamps fit in 64 bits,
	 * but halving keeps the difference exact in a double */
	ret->offset_s = (((double)t1 - (double)t2) + ((double)t4 - (double)t3)) / 2e6;
}

void
ntp_message_refid(const struct ntp_message *m, char *buf, size_t size)
{
	if (m->stratum <= 1) {
		size_t n = 0;
		for (size_t i = 0; i < m->refid_len && i < 4 && n + 1 < size; i++)
			if (m->refid[i] >= 0x20 && m->refid[i] < 0x7f)
				buf[n++] = (char)m->refid[i];
		if (size)
			buf[n < size ? n : size - 1] = '\0';
		return;
	}
	snprintf(buf, size, "%02X%02X%02X%02X", m->refid[0], m->refid[1], m->refid[2],
	    m->refid[3]);
}
