/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connected, non-blocking UDP socket the datagram backends (chronyd over
 * UDP, ntpd's mode 6) ask their daemon on.
 */
#ifndef SCOUT_UDP_SOCKET_H
#define SCOUT_UDP_SOCKET_H

#include "address.h"

/* A socket connected to a's IP literal and port (an ICMP port unreachable
 * then comes back as ECONNREFUSED); returns the fd, or -errno (-EINVAL when
 * a is not an IP literal). */
int udp_socket_connect(const struct address *a);

#endif
