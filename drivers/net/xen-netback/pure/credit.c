// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/credit.c - credit arithmetic for the "rate" limiter.
 *
 * The toolstack writes "rate" as "bytes,usec"; the backend then lets the
 * guest send at most bytes per usec.  Ticks are free-running and wrap, so
 * every comparison is made on the signed difference.
 */
#include <xen/xendd-pure.h>
#include "credit.h"

/**
 * xenvif_tick_after_eq() - @a is at or after @b on a wrapping clock.
 * @a: a tick
 * @b: another tick, less than half the clock's range away
 *
 * Return: true if @a - @b is not negative as a signed value.
 */
bool xenvif_tick_after_eq(unsigned long a, unsigned long b)
{
	return (long)(a - b) >= 0;
}

/**
 * xenvif_credit_init() - (re)start the bucket with new settings.
 * @c: the bucket
 * @bytes: bytes per period, or XENVIF_CREDIT_UNLIMITED
 * @period: period in ticks; 0 is taken as 1
 * @now: the current tick
 */
void xenvif_credit_init(struct xenvif_credit *c, unsigned long bytes,
			unsigned long period, unsigned long now)
{
	c->credit_bytes = bytes;
	c->period = period ? period : 1;
	c->remaining = bytes;
	c->expires = now + c->period;
}

/**
 * xenvif_credit_take() - try to spend @size bytes of credit.
 * @c: the bucket
 * @now: the current tick
 * @size: the packet's length
 * @retry: set to the end of the period when the credit does not suffice
 *
 * When the period has ended the bucket is refilled: the new credit is
 * added to what is left, capped at the larger of credit_bytes plus
 * XENVIF_CREDIT_CARRY and XENVIF_CREDIT_MIN_BURST.  The carry keeps the
 * credit a large packet could not use in one period for the next, so the
 * long-run rate is credit_bytes per period; the minimum burst lets a
 * packet larger than credit_bytes through after enough periods instead of
 * blocking the ring.
 *
 * Return: true if the bytes were taken; false if not, with the tick at
 * which to try again in @retry.
 */
bool xenvif_credit_take(struct xenvif_credit *c, unsigned long now,
			unsigned int size, unsigned long *retry)
{
	unsigned long cap, room;

	if (c->credit_bytes == XENVIF_CREDIT_UNLIMITED)
		return true;

	if (xenvif_tick_after_eq(now, c->expires)) {
		cap = max(c->credit_bytes + XENVIF_CREDIT_CARRY,
			  XENVIF_CREDIT_MIN_BURST);
		room = cap - min(c->remaining, cap);
		c->remaining += min(room, c->credit_bytes);
		/*
		 * Periods follow each other back to back while the sender is
		 * busy, so a timer firing a tick late costs no rate; after an
		 * idle spell the next period starts now.
		 */
		if (xenvif_tick_after_eq(now, c->expires + c->period))
			c->expires = now + c->period;
		else
			c->expires += c->period;
	}
	if (size > c->remaining) {
		*retry = c->expires;
		return false;
	}
	c->remaining -= size;
	return true;
}

/**
 * xenvif_credit_scale() - bytes per period of whole ticks.
 * @bytes: bytes allowed per @usec (from the "rate" key)
 * @usec: the key's period in microseconds
 * @period_usec: the period actually used, a whole number of ticks
 *
 * The clock has a coarse tick, so the toolstack's period is rounded up;
 * the credit is scaled to match so the rate stays what was asked.
 *
 * Return: the credit per period, at least 1, or XENVIF_CREDIT_UNLIMITED
 * when @bytes is.
 */
unsigned long xenvif_credit_scale(unsigned long bytes, unsigned long usec,
				  unsigned long period_usec)
{
	u64 scaled;

	if (bytes == XENVIF_CREDIT_UNLIMITED || !usec || !period_usec)
		return bytes;
	if (bytes > 0xffffffffUL) {
		if (bytes / usec > (XENVIF_CREDIT_UNLIMITED - 1) / period_usec)
			return XENVIF_CREDIT_UNLIMITED - 1;
		return bytes / usec * period_usec;
	}
	scaled = (u64)bytes * period_usec / usec;
	if (scaled >= XENVIF_CREDIT_UNLIMITED)
		return XENVIF_CREDIT_UNLIMITED - 1;
	return scaled ? (unsigned long)scaled : 1;
}
