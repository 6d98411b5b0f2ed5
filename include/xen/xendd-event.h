/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xendd-event.h - event-channel decisions shared by netback and netfront.
 *
 * Both ends of a netif ring poll it from NAPI and ask the peer for the
 * next event through the ring's req_event or rsp_event.  What they decide
 * with is the same on either end, so it lives here once, as pure code
 * (only <xen/xendd-pure.h>), compiled into both modules and into the host
 * unit tests (tests/unit/event.c).
 */
#ifndef XENDD_EVENT_H
#define XENDD_EVENT_H

#include <xen/xendd-pure.h>

/**
 * xendd_event_moved() - did the peer's producer move since the previous event?
 * @prod: the producer index, read once by this event
 * @seen: the producer as the previous event on this ring read it; updated
 *
 * An event whose work a poll already took before the event was delivered
 * still moved the producer.  Reporting it as spurious would make Linux
 * hold back later EOIs, so both drivers compare with the producer the
 * previous event saw, not with what they have consumed.
 *
 * Return: true when @prod differs from *@seen.
 */
static inline bool xendd_event_moved(u32 prod, u32 *seen)
{
	bool moved = prod != *seen;

	*seen = prod;
	return moved;
}

/*
 * Coalescing of one-way streams.  A receiver that asks for an event after
 * every poll makes the peer pay one notification hypercall per packet, and
 * itself one interrupt, whenever packets come further apart than a poll
 * takes.  When nothing goes back the other way, no packet's latency
 * matters to the sender, so the receiver stops asking for events and polls
 * on a timer instead, until a timed poll finds nothing.
 *
 * One-way means: XENDD_COAL_STREAK polls in a row found work while the
 * device sent nothing in the other direction, each within the cap of the
 * previous one.  A request/response exchange (ping, RPC) sends between any
 * two of its polls, so it never qualifies and keeps one event per poll.
 * Only streams of small packets (XENDD_COAL_SMALL bytes a slot at most, on
 * average over the poll) are coalesced: an event is the whole per-packet
 * overhead of a small packet but not of a full-size one, and a stream of
 * full-size packets is nearly always TCP, whose receiver delays its ACKs
 * over several polls and whose sender then waits for them (the bench saw
 * TCP lose a tenth to a fifth of its rate when such streams qualified).
 */
#define XENDD_COAL_STREAK	3u
/* Largest average bytes a slot of a stream that is coalesced. */
#define XENDD_COAL_SMALL	256u
/* Ring slots a timed poll aims to find: an eighth of a 256-slot ring. */
#define XENDD_COAL_BATCH	32u
/* Longest wait honoured (0.1 s), whatever the caller's cap says. */
#define XENDD_COAL_MAX_NS	100000000ull

/**
 * struct xendd_coal - one receive ring's coalescing state.
 * @last_ns: when the previous poll that read the clock decided
 * @peer_seen: the opposite direction's packet count at that poll
 * @gap_ns: smoothed time between packets of the current stream
 * @streak: one-way polls in a row, up to XENDD_COAL_STREAK
 * @timed: the previous decision was a wait: the next poll is the timed one
 * @clocked: the previous poll that found work read the clock (@last_ns)
 *
 * Zero-initialised means idle.
 */
struct xendd_coal {
	u64 last_ns;
	u64 peer_seen;
	u32 gap_ns;
	u32 streak;
	bool timed;
	bool clocked;
};

/**
 * xendd_coal_next() - after a poll: ask for an event, or poll again later?
 * @c: the ring's state
 * @clock: a monotonic nanosecond clock (always inlined, so called
 *	   directly); read only for a poll of small packets with nothing
 *	   sent the other way, the only kind that can lead to a wait: a
 *	   read may trap into Xen (see <xen/xendd-time.h>), and a TCP
 *	   stream's polls, either way, never need one
 * @work: ring slots this poll consumed (a packet may take several)
 * @bytes: the bytes of the packets this poll took
 * @peer: packets the device has sent the other way, ever (a counter that
 *        only grows; wrapping is fine)
 * @cap_ns: the longest the caller may wait for a timed poll, at most
 *          XENDD_COAL_MAX_NS; 0 disables coalescing
 *
 * The wait is what XENDD_COAL_BATCH slots take at the stream's rate, at
 * most @cap_ns: on fast hardware a few microseconds, under emulation the
 * cap.  Counting slots, not packets, keeps the ring from filling while
 * the poll waits, whatever the packets' size.  A poll that did not read
 * the clock leaves the next one without a gap to measure: that one only
 * starts the streak, as a poll after a long pause does.
 *
 * Return: 0 to ask the peer for an event now (the usual final check), or
 * the nanoseconds until a timed poll, with no event asked for meanwhile.
 */
static __always_inline u64 xendd_coal_next(struct xendd_coal *c,
					   u64 (*clock)(void),
					   unsigned int work, u64 bytes,
					   u64 peer, u64 cap_ns)
{
	bool oneway = peer == c->peer_seen;
	bool timed = c->timed;
	bool clocked = c->clocked;
	u64 now_ns, dt, gap, wait;

	c->peer_seen = peer;
	c->timed = false;
	if (cap_ns > XENDD_COAL_MAX_NS)
		cap_ns = XENDD_COAL_MAX_NS;
	if (!cap_ns || !work) {
		/* Off, or a poll (timed or not) that found nothing: the stream
		 * has paused or ended.
		 */
		c->streak = 0;
		return 0;
	}
	if (!oneway || bytes > (u64)work * XENDD_COAL_SMALL) {
		/* Something went back, or its packets are not small. */
		c->streak = 0;
		c->gap_ns = 0;
		c->clocked = false;
		return 0;
	}
	now_ns = clock();
	dt = now_ns - c->last_ns;
	c->last_ns = now_ns;
	c->clocked = true;
	/*
	 * A timed poll comes a capped wait after the previous one, plus the
	 * timer's own lateness: only an event-driven poll can tell that the
	 * stream is too slow to batch.
	 */
	if (!clocked || (!timed && dt > cap_ns)) {
		/* No gap to measure yet, or the stream is too slow to batch. */
		c->streak = 1;
		c->gap_ns = 0;
		return 0;
	}
	gap = dt / work;
	if (gap > cap_ns)
		gap = cap_ns;
	/* Time per slot, averaged over about four polls. */
	c->gap_ns = c->gap_ns ? (u32)((3 * (u64)c->gap_ns + gap) / 4) : (u32)gap;
	if (c->streak < XENDD_COAL_STREAK)
		c->streak++;
	if (c->streak < XENDD_COAL_STREAK)
		return 0;
	wait = (u64)c->gap_ns * XENDD_COAL_BATCH;
	if (wait > cap_ns)
		wait = cap_ns;
	c->timed = true;
	return wait ? wait : 1;
}

#endif /* XENDD_EVENT_H */
