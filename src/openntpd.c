/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * OpenNTPD over its control socket: a unix stream on which one connection
 * takes any number of requests. One refresh connects, writes SHOW_STATUS and
 * SHOW_PEERS together, and reads the replies as they come, each checked by
 * openntpd_proto.c, until the status and the end of the peer list are in.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include "openntpd.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "backend.h"
#include "daemons.h"
#include "util.h"

/* Room for several whole messages; a longer one is malformed anyway. */
#define READ_BUF 4096

struct openntpd_backend {
	const char *const *paths; /* the sockets tried, in order */
	int fd;
	uint64_t deadline_us;
	uint8_t buf[READ_BUF];
	size_t have;
	bool got_status, got_end;
	struct openntpd_status status;
	struct openntpd_peer *peers;
	unsigned n_peers;
	struct daemon_status st;
	struct findings *findings;
	backend_done_fn done;
	void *userdata;
};

static int
source_poll_log2(uint32_t poll_s)
{
	return poll_s > 0 ? (int)lround(log2((double)poll_s)) : 0;
}

int
openntpd_fill_status(struct daemon_status *d, const struct openntpd_status *st,
    const struct openntpd_peer *peers, unsigned n_peers, time_t now)
{
	const struct openntpd_peer *sel = NULL;
	uint32_t age;

	d->has_sources = true;
	d->n_sources = 0;
	if (n_peers > 0) {
		d->sources = calloc(n_peers, sizeof(*d->sources));
		if (!d->sources)
			return -ENOMEM;
	}
	for (unsigned i = 0; i < n_peers; i++) {
		const struct openntpd_peer *p = &peers[i];
		struct source_status *s = &d->sources[d->n_sources++];

		snprintf(s->name, sizeof(s->name), "%s", p->name);
		snprintf(s->address, sizeof(s->address), "%.*s",
		    (int)sizeof(s->address) - 1, p->address);
		s->mode = SOURCE_MODE_SERVER;
		s->stratum = p->stratum;
		s->has_poll = p->poll_s > 0;
		s->poll_log2 = source_poll_log2(p->poll_s);
		/* no reach register: 1 marks a peer that answers, for the counts */
		s->reach = openntpd_peer_answering(p);
		s->has_last_rx = openntpd_peer_reply_age(p, &age);
		s->last_rx_age_s = s->has_last_rx ? age : 0;
		/* OpenNTPD shows offsets of valid peers only */
		s->has_sample = p->trust >= OPENNTPD_TRUST_VALID;
		s->offset_s =
		    -p->offset_ms / 1e3; /* ours: positive when we are ahead */
		s->error_s = p->jitter_ms / 1e3;
		if (st->synced && p->synced_to && openntpd_peer_answering(p)) {
			s->state = SOURCE_SELECTED;
			if (!sel)
				sel = p;
		} else
			s->state = s->reach ? SOURCE_SELECTABLE : SOURCE_UNREACHABLE;
	}

	d->has_tracking = true;
	d->no_root_figures = true; /* not in OpenNTPD's messages */
	d->stratum = st->stratum;
	/* what OpenNTPD itself tells its clients: leap 3 until it is synced */
	d->leap = st->synced ? LEAP_NORMAL : LEAP_UNSYNCHRONISED;
	d->no_reference = !st->synced;
	if (sel) {
		snprintf(d->source_name, sizeof(d->source_name), "%s", sel->name);
		snprintf(d->source_address, sizeof(d->source_address), "%.*s",
		    (int)sizeof(d->source_address) - 1, sel->address);
		d->has_offset = true;
		d->offset_s = -sel->offset_ms / 1e3;
		d->has_poll = sel->poll_s > 0;
		d->poll_log2 = source_poll_log2(sel->poll_s);
		/* each reply of the peer it follows updates the clock */
		if (openntpd_peer_reply_age(sel, &age)) {
			d->has_ref_time = true;
			d->ref_time.tv_sec = now - (time_t)age;
			d->has_last_reply = true;
			d->last_reply = d->ref_time;
		}
	}
	return 0;
}

static void
close_socket(struct openntpd_backend *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	b->deadline_us = 0;
}

static void
finish(struct openntpd_backend *b, int error)
{
	struct daemon_status *out = &b->findings->daemons[DAEMON_OPENNTPD];
	int r;

	close_socket(b);
	if (error == 0 && b->status.sensors > 0 && b->status.peers == 0)
		b->st.incomplete = true; /* sensors only: not read yet */
	if (error == 0) {
		r = openntpd_fill_status(
		    &b->st, &b->status, b->peers, b->n_peers, time(NULL));
		if (r < 0)
			error = r;
	}
	if (error != 0) {
		b->st.error = error;
		if (error != -EBADMSG && error != -EPROTONOSUPPORT && error != -ENOMEM)
			b->st.state = status_state_of_error(error);
	}
	status_clear(out);
	*out = b->st;
	memset(&b->st, 0, sizeof(b->st));
	free(b->peers);
	b->peers = NULL;
	b->n_peers = 0;
	b->findings = NULL;
	b->done(b->userdata);
}

/* Connects to the first socket that takes the connection; -errno of the
 * most telling failure (refused access before absence) otherwise. */
static int
connect_socket(struct openntpd_backend *b)
{
	int worst = -ENOENT;

	for (unsigned i = 0; b->paths[i]; i++) {
		const char *path = b->paths[i];
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int fd;

		if (strncmp(path, "unix:", 5) == 0)
			path += 5;
		if (strlen(path) >= sizeof(sa.sun_path))
			continue;
		memcpy(sa.sun_path, path, strlen(path) + 1);
		snprintf(b->st.endpoint, sizeof(b->st.endpoint), "%s", b->paths[i]);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 ||
		    errno == EAGAIN || errno == EINPROGRESS) {
			b->fd = fd;
			return 0;
		}
		if (errno == EACCES || errno == EPERM || worst == -ENOENT)
			worst = -errno;
		close(fd);
	}
	/* the endpoint named in messages: the first, where it usually is */
	snprintf(b->st.endpoint, sizeof(b->st.endpoint), "%s",
	    b->paths[0] ? b->paths[0] : "no socket");
	return worst;
}

static bool
openntpd_backend_start(
    void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct openntpd_backend *b = state;
	uint8_t req[2 * OPENNTPD_HDR_LEN];
	ssize_t w;
	int r;

	if (b->findings)
		return false;
	b->findings = f;
	b->done = done;
	b->userdata = userdata;
	memset(&b->st, 0, sizeof(b->st));
	b->st.type = DAEMON_OPENNTPD;
	b->have = 0;
	b->got_status = b->got_end = false;
	r = connect_socket(b);
	if (r < 0) {
		finish(b, r);
		return true;
	}
	b->st.state = DAEMON_RUNNING;
	openntpd_encode_request(OPENNTPD_CTL_SHOW_STATUS, req, OPENNTPD_HDR_LEN);
	openntpd_encode_request(
	    OPENNTPD_CTL_SHOW_PEERS, req + OPENNTPD_HDR_LEN, OPENNTPD_HDR_LEN);
	/* 32 bytes into an empty socket buffer: all or nothing */
	w = send(b->fd, req, sizeof(req), MSG_NOSIGNAL);
	if (w != (ssize_t)sizeof(req)) {
		finish(b, w < 0 ? -errno : -EIO);
		return true;
	}
	b->deadline_us = monotonic_us() + OPENNTPD_TIMEOUT_MS * 1000ull;
	return true;
}

/* Takes one whole message: 0, or -errno when it is malformed. */
static int
take_message(struct openntpd_backend *b, const uint8_t *msg, size_t len,
    const struct openntpd_hdr *hdr)
{
	struct openntpd_peer *grown;
	uint32_t count;
	int r;

	switch (hdr->type) {
	case OPENNTPD_CTL_SHOW_STATUS:
		r = openntpd_decode_status(msg, len, &b->status);
		b->got_status = r == 0;
		return r;
	case OPENNTPD_CTL_SHOW_PEERS:
		if (b->got_end)
			return -EBADMSG;
		if (b->n_peers >= OPENNTPD_MAX_PEERS)
			return 0;
		grown = realloc(b->peers, (b->n_peers + 1) * sizeof(*b->peers));
		if (!grown)
			return -ENOMEM;
		b->peers = grown;
		r = openntpd_decode_peer(msg, len, &b->peers[b->n_peers]);
		if (r == 0)
			b->n_peers++;
		return r;
	case OPENNTPD_CTL_SHOW_PEERS_END:
		r = openntpd_decode_peers_end(msg, len, &count);
		if (r == 0 && count != b->n_peers && b->n_peers < OPENNTPD_MAX_PEERS)
			r = -EBADMSG; /* the count does not match the list */
		b->got_end = r == 0;
		return r;
	default:
		return -EBADMSG;
	}
}

static void
openntpd_backend_dispatch(void *state, uint64_t now_us)
{
	struct openntpd_backend *b = state;
	struct openntpd_hdr hdr;
	size_t off = 0;
	ssize_t n;
	int r;

	if (b->fd < 0)
		return;
	n = recv(b->fd, b->buf + b->have, sizeof(b->buf) - b->have, MSG_DONTWAIT);
	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		finish(b, -errno);
		return;
	}
	if (n == 0) {
		finish(b, -ECONNRESET); /* it closed before it finished */
		return;
	}
	if (n > 0)
		b->have += (size_t)n;
	while ((r = openntpd_frame(b->buf + off, b->have - off, &hdr)) > 0) {
		int e = take_message(b, b->buf + off, (size_t)r, &hdr);

		if (e < 0) {
			finish(b, e);
			return;
		}
		off += (size_t)r;
	}
	if (r < 0 || (r == 0 && off == 0 && b->have == sizeof(b->buf))) {
		finish(b, -EBADMSG);
		return;
	}
	memmove(b->buf, b->buf + off, b->have - off);
	b->have -= off;
	if (b->got_status && b->got_end) {
		finish(b, 0);
		return;
	}
	if (now_us >= b->deadline_us || monotonic_us() >= b->deadline_us)
		finish(b, -ETIMEDOUT);
}

static unsigned
openntpd_backend_poll_fds(
    void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	struct openntpd_backend *b = state;

	*ret_deadline_us = b->deadline_us;
	return backend_poll_one(fds, max, b->fd, POLLIN);
}

static int
openntpd_backend_init(const struct conf *conf, void **ret_state)
{
	struct openntpd_backend *b;

	if (conf->daemons && !(conf->daemons & CONF_DAEMON_OPENNTPD))
		return 0;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->fd = -1;
	b->paths = daemon_info(DAEMON_OPENNTPD)->default_endpoints;
	*ret_state = b;
	return 1;
}

void
openntpd_backend_use_paths(void *state, const char *const *paths)
{
	struct openntpd_backend *b = state;

	b->paths = paths;
}

static void
openntpd_backend_free(void *state)
{
	struct openntpd_backend *b = state;

	close_socket(b);
	status_clear(&b->st);
	free(b->peers);
	free(b);
}

const struct backend_ops openntpd_backend = {
	.name = "openntpd",
	.init = openntpd_backend_init,
	.start = openntpd_backend_start,
	.poll_fds = openntpd_backend_poll_fds,
	.dispatch = openntpd_backend_dispatch,
	.free = openntpd_backend_free,
};
