// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of include/xen/xendd-event.h, the event decisions netback and
 * netfront share: the "producer moved" test of an event and the
 * coalescing of one-way streams; and of include/xen/xendd-time.h, the
 * sampled timing of their hot paths.
 */
#include <xen/xendd-event.h>
#include <xen/xendd-time.h>
#include "xtest.h"

#define US 1000ull
#define CAP (500 * US)

/* --- xendd_event_moved ------------------------------------------------- */

XTEST(event_after_its_work_was_consumed_still_moved)
{
	u32 seen = 10;

	/* A poll consumed 10..12 before the event came: not spurious. */
	XCHECK(xendd_event_moved(12, &seen));
	XCHECK_EQ(seen, 12u);
	/* A second event with nothing new is. */
	XCHECK(!xendd_event_moved(12, &seen));
	/* Producer indexes wrap. */
	seen = 0xfffffff0u;
	XCHECK(xendd_event_moved(0x1u, &seen));
	XCHECK_EQ(seen, 0x1u);
}

/* --- xendd_coal_next --------------------------------------------------- */

static u64 coal_now;
static unsigned int coal_reads;

/* The coalescing's clock: coal_now, with its reads counted. */
static u64 coal_clock(void)
{
	coal_reads++;
	return coal_now;
}

/* One poll at @now (ns) of @work slots and @bytes; the decision. */
static u64 poll_at(struct xendd_coal *c, u64 now, unsigned int work,
		   u64 bytes, u64 peer, u64 cap)
{
	coal_now = now;
	return xendd_coal_next(c, coal_clock, work, bytes, peer, cap);
}

/*
 * Feed @n polls, each @gap_us after the previous and finding @work slots,
 * with the peer counter @peer (advanced by @peer_step each poll) and the
 * cap @cap; returns the last decision.
 */
static u64 polls_cap(struct xendd_coal *c, u64 *now, unsigned int n,
		     u64 gap_us, unsigned int work, u64 *peer, u64 peer_step,
		     u64 cap)
{
	u64 wait = 0;

	while (n--) {
		*now += gap_us * US;
		*peer += peer_step;
		wait = poll_at(c, *now, work, 100ull * work, *peer, cap);
	}
	return wait;
}

/* The same with the usual 500 us cap. */
static u64 polls(struct xendd_coal *c, u64 *now, unsigned int n, u64 gap_us,
		 unsigned int work, u64 *peer, u64 peer_step)
{
	return polls_cap(c, now, n, gap_us, work, peer, peer_step, CAP);
}

XTEST(coal_one_way_stream_waits_after_the_streak)
{
	struct xendd_coal c = { 0 };
	u64 now = 1000000 * US, peer = 0;

	/* The first polls of a stream still ask for an event each. */
	XCHECK_EQ(polls(&c, &now, XENDD_COAL_STREAK - 1, 200, 1, &peer, 0), 0);
	/* Then: the cap, since 32 packets at 200 us take longer. */
	XCHECK_EQ(polls(&c, &now, 1, 200, 1, &peer, 0), CAP);
	XCHECK_EQ(polls(&c, &now, 5, 500, 3, &peer, 0), CAP);
}

XTEST(coal_fast_stream_waits_for_a_batch_not_the_cap)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;
	u64 wait;

	/* 64 packets every 128 us: 2 us apart, 32 of them take 64 us. */
	wait = polls(&c, &now, 8, 128, 64, &peer, 0);
	XCHECK_EQ(wait, 64 * US);
}

XTEST(coal_exchange_never_waits)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	/* Ping, RPC, TCP ACKs: something goes back between any two polls. */
	XCHECK_EQ(polls(&c, &now, 50, 100, 1, &peer, 1), 0);
	XCHECK_EQ(c.streak, 0u);
}

XTEST(coal_a_packet_back_restarts_the_streak)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	XCHECK(polls(&c, &now, 4, 100, 1, &peer, 0) != 0);
	XCHECK_EQ(polls(&c, &now, 1, 100, 1, &peer, 1), 0);
	XCHECK_EQ(polls(&c, &now, XENDD_COAL_STREAK - 1, 100, 1, &peer, 0), 0);
	XCHECK(polls(&c, &now, 1, 100, 1, &peer, 0) != 0);
}

XTEST(coal_empty_poll_ends_the_wait)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	XCHECK(polls(&c, &now, 4, 100, 1, &peer, 0) != 0);
	/* The timed poll found nothing: the stream paused, ask for events. */
	XCHECK_EQ(polls(&c, &now, 1, 500, 0, &peer, 0), 0);
	XCHECK_EQ(c.streak, 0u);
	/* It has to prove itself one-way again. */
	XCHECK_EQ(polls(&c, &now, 1, 100, 1, &peer, 0), 0);
}

XTEST(coal_stream_slower_than_the_cap_never_waits)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	/* 1 ms apart with a 500 us cap: a timed poll would find nothing. */
	XCHECK_EQ(polls(&c, &now, 20, 1000, 1, &peer, 0), 0);
	XCHECK_EQ(c.streak, 1u);
}

XTEST(coal_off_when_the_cap_is_zero)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	XCHECK_EQ(polls_cap(&c, &now, 10, 100, 4, &peer, 0, 0), 0);
	XCHECK_EQ(c.streak, 0u);
}

XTEST(coal_cap_is_bounded)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	/* A stream 50 ms apart and an absurd cap: never beyond 0.1 s. */
	XCHECK_EQ(polls_cap(&c, &now, 10, 50000, 1, &peer, 0, ~0ull),
		  XENDD_COAL_MAX_NS);
}

XTEST(coal_wait_is_never_zero_when_waiting)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	/* Many packets in no time at all (a coarse clock): wait 1 ns. */
	XCHECK_EQ(polls(&c, &now, 10, 0, 64, &peer, 0), 1);
}

XTEST(coal_clock_wrap)
{
	struct xendd_coal c = { 0 };
	u64 now = ~0ull - 250 * US, peer = ~0ull - 1;
	u64 wait;

	/* The clock passes 2^64 ns between two polls of the streak. */
	c.last_ns = now - 100 * US;
	c.clocked = true;
	c.peer_seen = peer;
	wait = polls(&c, &now, 6, 100, 1, &peer, 0);
	XCHECK(wait != 0);
}

XTEST(coal_stream_of_large_packets_never_waits)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, wait = 0;
	unsigned int i;

	/* TCP's full-size segments, one slot each, no ACK between polls. */
	for (i = 0; i < 10; i++) {
		now += 100 * US;
		wait = poll_at(&c, now, 4, 4 * 1514, 0, CAP);
		XCHECK_EQ(wait, 0);
	}
	XCHECK_EQ(c.streak, 0u);
	/* The same stream turned small qualifies after the streak. */
	for (i = 0; i < XENDD_COAL_STREAK; i++) {
		now += 100 * US;
		wait = poll_at(&c, now, 4, 4 * XENDD_COAL_SMALL, 0, CAP);
	}
	XCHECK(wait != 0);
}

XTEST(coal_late_timed_poll_keeps_waiting)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	XCHECK_EQ(polls(&c, &now, XENDD_COAL_STREAK, 200, 1, &peer, 0), CAP);
	/* The timer fires the capped wait plus 20 us late: still a stream. */
	XCHECK_EQ(polls(&c, &now, 5, 520, 3, &peer, 0), CAP);
	/* An event-driven poll that long after a kicked one is too slow. */
	XCHECK_EQ(polls(&c, &now, 1, 0, 0, &peer, 0), 0);
	XCHECK_EQ(polls(&c, &now, 1, 520, 1, &peer, 0), 0);
	XCHECK_EQ(c.streak, 1u);
}

XTEST(coal_reads_the_clock_only_for_small_one_way_polls)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	coal_reads = 0;
	/* An exchange, full-size packets, empty polls, coalescing off. */
	XCHECK_EQ(polls(&c, &now, 20, 100, 1, &peer, 1), 0);
	XCHECK_EQ(poll_at(&c, now += 100 * US, 4, 4 * 1514, peer, CAP), 0);
	XCHECK_EQ(polls(&c, &now, 3, 100, 0, &peer, 0), 0);
	XCHECK_EQ(polls_cap(&c, &now, 5, 100, 1, &peer, 0, 0), 0);
	XCHECK_EQ(coal_reads, 0u);
	/* A one-way stream of small packets reads it at every poll. */
	XCHECK(polls(&c, &now, 2 * XENDD_COAL_STREAK, 100, 1, &peer, 0) != 0);
	XCHECK_EQ(coal_reads, 2 * XENDD_COAL_STREAK);
}

XTEST(coal_stream_after_an_exchange_waits_after_the_streak)
{
	struct xendd_coal c = { 0 };
	u64 now = 0, peer = 0;

	/* Its first one-way poll has no clocked poll before it. */
	XCHECK_EQ(polls(&c, &now, 10, 100, 1, &peer, 1), 0);
	XCHECK_EQ(polls(&c, &now, XENDD_COAL_STREAK - 1, 100, 1, &peer, 0), 0);
	XCHECK_EQ(c.streak, XENDD_COAL_STREAK - 1);
	XCHECK(polls(&c, &now, 1, 100, 1, &peer, 0) != 0);
}

/* --- xendd_time_* ------------------------------------------------------ */

static u64 fake_now;
static unsigned int fake_reads;

/* A clock that counts its reads and advances 7 ns per read. */
static u64 fake_clock(void)
{
	fake_reads++;
	fake_now += 7;
	return fake_now;
}

XTEST(time_reads_the_clock_for_one_call_in_every)
{
	u32 calls = 0;
	unsigned int i, timed = 0;
	u64 total = 0;

	fake_now = 1000;
	fake_reads = 0;
	for (i = 0; i < 100 * XENDD_TIME_EVERY; i++) {
		u64 t0 = xendd_time_start(&calls, fake_clock);

		fake_now += 93;		/* the call's own work */
		if (t0)
			timed++;
		total += xendd_time_since(t0, fake_clock);
	}
	XCHECK_EQ(timed, 100u);
	XCHECK_EQ(fake_reads, 200u);
	/* Each timed call saw 93 + 7 ns and stands for XENDD_TIME_EVERY. */
	XCHECK_EQ(total, 100ull * XENDD_TIME_EVERY * 100);
}

XTEST(time_counter_wraps_without_a_gap)
{
	u32 calls = 0xffffffffu - 2 * XENDD_TIME_EVERY;
	unsigned int i, timed = 0;

	for (i = 0; i < 4 * XENDD_TIME_EVERY; i++)
		timed += xendd_time_due(&calls);
	XCHECK_EQ(timed, 4u);
	XCHECK_EQ(xendd_time_scale(5), 5ull * XENDD_TIME_EVERY);
	/* A call that was not timed adds nothing, and reads no clock. */
	fake_reads = 0;
	XCHECK_EQ(xendd_time_since(0, fake_clock), 0ull);
	XCHECK_EQ(fake_reads, 0u);
}
