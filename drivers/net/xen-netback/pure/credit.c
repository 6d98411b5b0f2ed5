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

/* @a * @b, or ULONG_MAX - 1 (never "unlimited") if that does not fit. */
static unsigned long xenvif_credit_mul(unsigned long a, unsigned long b)
{
	if (a && b > (XENVIF_CREDIT_UNLIMITED - 1) / a)
		return XENVIF_CREDIT_UNLIMITED - 1;
	return a * b;
}

/* The most the bucket holds; see xenvif_credit_take(). */
static unsigned long xenvif_credit_cap(const struct xenvif_credit *c)
{
	unsigned long cap = xenvif_credit_mul(c->credit_bytes,
					      XENVIF_CREDIT_PERIODS);

	if (c->credit_bytes < XENVIF_CREDIT_UNLIMITED - 1 - XENVIF_CREDIT_CARRY)
		cap = max(cap, c->credit_bytes + XENVIF_CREDIT_CARRY);
	return max(cap, XENVIF_CREDIT_MIN_BURST);
}

/**
 * xenvif_credit_take() - try to spend @size bytes of credit.
 * @c: the bucket
 * @now: the current tick
 * @size: the packet's length
 * @retry: set to the end of the period when the credit does not suffice
 *
 * When periods have ended the bucket gets credit_bytes for each of them,
 * up to a cap: XENVIF_CREDIT_PERIODS periods' credit, at least
 * credit_bytes plus XENVIF_CREDIT_CARRY and XENVIF_CREDIT_MIN_BURST.
 * Periods stay back to back, so a timer that fires late (a busy or
 * descheduled backend domain) costs no rate as long as the cap holds the
 * credit of the periods missed; the carry keeps what a large packet could
 * not use in one period for the next; the minimum burst lets a packet
 * larger than credit_bytes through after enough periods instead of
 * blocking the ring.  After an idle spell the guest may send one cap at
 * once.
 *
 * Return: true if the bytes were taken; false if not, with the tick at
 * which to try again in @retry.
 */
bool xenvif_credit_take(struct xenvif_credit *c, unsigned long now,
			unsigned int size, unsigned long *retry)
{
	unsigned long cap, room, periods;

	if (c->credit_bytes == XENVIF_CREDIT_UNLIMITED)
		return true;

	if (xenvif_tick_after_eq(now, c->expires)) {
		periods = (now - c->expires) / c->period + 1;
		cap = xenvif_credit_cap(c);
		room = cap - min(c->remaining, cap);
		c->remaining += min(room, xenvif_credit_mul(c->credit_bytes,
							    periods));
		c->expires += periods * c->period;
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
