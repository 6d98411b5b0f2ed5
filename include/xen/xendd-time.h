/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xendd-time.h - sampled timing of the drivers' hot paths.
 *
 * Both drivers count the time they spend in their hot paths (the *_ns
 * counters of ethtool -S and netback's debugfs, from which the bench takes
 * each driver's share of its domain's CPU).  A clock read is cheap where a
 * guest reads the TSC itself, but Xen emulates RDTSC for a PV guest when
 * the TSC is not invariant or the guest migrated to a host with another
 * TSC rate (tsc_mode "default"): each read then traps into the hypervisor
 * and can cost more than the few microseconds of work it times.  So only
 * one call in XENDD_TIME_EVERY of each path reads the clock, and its time
 * is counted for all of them: the counters are estimates over many calls,
 * at a sixteenth of the reads.  A timed call's window holds about one
 * clock read, which the untimed calls no longer make, so the estimates
 * err high by about one read per call.
 *
 * Pure: the clock is the caller's (local_clock() in the modules, a fake
 * one in tests/unit/event.c).
 */
#ifndef XENDD_TIME_H
#define XENDD_TIME_H

#include <xen/xendd-pure.h>

#define XENDD_TIME_SHIFT	4
#define XENDD_TIME_EVERY	BIT(XENDD_TIME_SHIFT)

/**
 * xendd_time_due() - is this call of a timed path one to time?
 * @calls: the path's call counter, kept by the caller under the path's
 *	   own serialisation; updated (wrapping is fine)
 *
 * Return: true for one call in XENDD_TIME_EVERY.
 */
static inline bool xendd_time_due(u32 *calls)
{
	return !(++*calls & (XENDD_TIME_EVERY - 1));
}

/**
 * xendd_time_scale() - what a timed call adds to its counter.
 * @ns: the timed call's nanoseconds
 *
 * Return: @ns for each of the XENDD_TIME_EVERY calls it stands for.
 */
static inline u64 xendd_time_scale(u64 ns)
{
	return ns << XENDD_TIME_SHIFT;
}

/**
 * xendd_time_start() - start timing one call of a path, if it is due.
 * @calls: the path's call counter, as for xendd_time_due()
 * @clock: the clock (always inlined, so called directly)
 *
 * Return: the clock now for a call that is due, else 0 without reading it.
 */
static __always_inline u64 xendd_time_start(u32 *calls, u64 (*clock)(void))
{
	return xendd_time_due(calls) ? clock() : 0;
}

/**
 * xendd_time_since() - what a call started by xendd_time_start() adds.
 * @t0: xendd_time_start()'s value
 * @clock: the same clock
 *
 * Return: 0 for a call that was not timed (the clock is not read), else
 * its nanoseconds scaled by xendd_time_scale().
 */
static __always_inline u64 xendd_time_since(u64 t0, u64 (*clock)(void))
{
	if (!t0)
		return 0;
	return xendd_time_scale(clock() - t0);
}

#endif /* XENDD_TIME_H */
