/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/credit.h - the guest-TX rate limiter's credit arithmetic.
 */
#ifndef XENVIF_PURE_CREDIT_H
#define XENVIF_PURE_CREDIT_H

#include <xen/xendd-pure.h>

/* Unlimited: the value of credit_bytes when no "rate" key is set. */
#define XENVIF_CREDIT_UNLIMITED	(~0UL)
/* Smallest bucket: two 64 KiB packets always fit. */
#define XENVIF_CREDIT_MIN_BURST	131072UL
/* Credit kept across a period end: one packet's worth. */
#define XENVIF_CREDIT_CARRY	65536UL
/* Periods of credit the bucket holds: a timer 3 periods late loses none. */
#define XENVIF_CREDIT_PERIODS	4UL

/**
 * struct xenvif_credit - a token bucket refilled once per period.
 * @credit_bytes: bytes allowed per period (XENVIF_CREDIT_UNLIMITED: off)
 * @period: period length in the caller's clock ticks (jiffies)
 * @remaining: bytes left in the current period
 * @expires: tick at which the current period ends
 */
struct xenvif_credit {
	unsigned long credit_bytes;
	unsigned long period;
	unsigned long remaining;
	unsigned long expires;
};

void xenvif_credit_init(struct xenvif_credit *c, unsigned long bytes,
			unsigned long period, unsigned long now);
bool xenvif_credit_take(struct xenvif_credit *c, unsigned long now,
			unsigned int size, unsigned long *retry);
unsigned long xenvif_credit_scale(unsigned long bytes, unsigned long usec,
				  unsigned long period_usec);
bool xenvif_tick_after_eq(unsigned long a, unsigned long b);

#endif /* XENVIF_PURE_CREDIT_H */
