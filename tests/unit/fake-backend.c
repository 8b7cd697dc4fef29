/* SPDX-License-Identifier: BSD-2-Clause */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake-backend.h"

struct fake fake_chrony, fake_timesyncd;

void
fake_set_synced(struct fake *f, unsigned n_sources)
{
	struct daemon_status *d = &f->report;

	memset(d, 0, sizeof(*d));
	memset(f->sources, 0, sizeof(f->sources));
	d->type = f->type;
	d->state = DAEMON_RUNNING;
	snprintf(d->endpoint, sizeof(d->endpoint), "fake:%d", (int)f->type);
	d->has_tracking = true;
	d->ref_id = 0x7F000001u;
	snprintf(d->source_name, sizeof(d->source_name), "127.0.0.1");
	snprintf(d->source_address, sizeof(d->source_address), "127.0.0.1");
	d->stratum = 9;
	d->has_offset = true;
	d->offset_s = 0.000002;
	d->has_ref_time = true;
	d->ref_time.tv_sec = time(NULL) - 1;
	d->root_delay_s = 0.00001;
	d->leap = LEAP_NORMAL;
	d->has_poll = true;
	d->poll_log2 = 6;
	d->has_last_reply = true;
	d->last_reply.tv_sec = time(NULL) - 1;
	d->has_sources = true;
	f->n_sources = n_sources;
	for (unsigned i = 0; i < n_sources; i++) {
		struct source_status *s = &f->sources[i];

		snprintf(s->name, sizeof(s->name), "127.0.0.%u", i + 1);
		snprintf(s->address, sizeof(s->address), "127.0.0.%u", i + 1);
		s->mode = SOURCE_MODE_SERVER;
		s->state = i == 0 ? SOURCE_SELECTED : SOURCE_SELECTABLE;
		s->stratum = 8;
		s->has_reach = true;
		s->reach = 0377;
	}
}

void
fake_reset(void)
{
	memset(&fake_chrony, 0, sizeof(fake_chrony));
	memset(&fake_timesyncd, 0, sizeof(fake_timesyncd));
	fake_chrony.type = DAEMON_CHRONY;
	fake_timesyncd.type = DAEMON_TIMESYNCD;
	fake_chrony.enabled = fake_timesyncd.enabled = true;
	fake_set_synced(&fake_chrony, 2);
	fake_set_synced(&fake_timesyncd, 1);
}

void
fake_answer(struct fake *f)
{
	struct daemon_status *out = &f->findings->daemons[f->type];

	*out = f->report;
	out->sources = NULL;
	out->n_sources = 0;
	if (f->n_sources > 0) {
		out->sources = calloc(f->n_sources, sizeof(*out->sources));
		if (!out->sources)
			abort();
		memcpy(out->sources, f->sources, f->n_sources * sizeof(*out->sources));
		out->n_sources = f->n_sources;
	}
	f->busy = false;
	f->findings = NULL;
	f->done(f->userdata);
}

static int
fake_init(struct fake *f, void **ret_state)
{
	*ret_state = f;
	return f->enabled ? 1 : 0;
}

static int
init_chrony(const struct conf *conf, void **ret_state)
{
	return fake_init(&fake_chrony, ret_state);
}

static int
init_timesyncd(const struct conf *conf, void **ret_state)
{
	return fake_init(&fake_timesyncd, ret_state);
}

static bool
fake_start(void *state, struct findings *findings, backend_done_fn done, void *userdata)
{
	struct fake *f = state;

	if (f->busy)
		return false;
	f->starts++;
	f->busy = true;
	f->findings = findings;
	f->done = done;
	f->userdata = userdata;
	if (!f->async)
		fake_answer(f);
	return true;
}

static unsigned
fake_poll_fds(void *state, struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us)
{
	struct fake *f = state;

	*ret_deadline_us = f->busy ? f->deadline : 0;
	return 0;
}

static void
fake_dispatch(void *state, uint64_t now_us)
{
	struct fake *f = state;

	f->dispatches++;
	/* a deadline that passed: the daemon did not answer in time */
	if (f->busy && f->deadline && now_us >= f->deadline) {
		memset(&f->report, 0, sizeof(f->report));
		f->report.type = f->type;
		f->report.state = DAEMON_UNREACHABLE;
		f->report.error = -ETIMEDOUT;
		snprintf(f->report.endpoint, sizeof(f->report.endpoint), "fake");
		f->n_sources = 0;
		fake_answer(f);
	}
}

const struct backend_ops fake_chrony_ops = {
	.name = "fake chrony",
	.init = init_chrony,
	.start = fake_start,
	.poll_fds = fake_poll_fds,
	.dispatch = fake_dispatch,
};

const struct backend_ops fake_timesyncd_ops = {
	.name = "fake timesyncd",
	.init = init_timesyncd,
	.start = fake_start,
	.poll_fds = fake_poll_fds,
	.dispatch = fake_dispatch,
};
