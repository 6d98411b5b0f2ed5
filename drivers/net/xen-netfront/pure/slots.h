/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * slots.h - how many tx ring slots a packet needs.
 *
 * Each tx request grants one Xen page, so a buffer costs one slot per page
 * it touches.  netback drops packets of more than XEN_NETIF_NR_SLOTS_MIN
 * (18) data slots; such packets are copied into whole pages first, which
 * needs DIV_ROUND_UP(len, 4096) slots.
 */
#ifndef XENNET_PURE_SLOTS_H
#define XENNET_PURE_SLOTS_H

#include <xen/xendd-pure.h>

/* XEN_NETIF_NR_SLOTS_MIN: the most data slots every backend accepts. */
#define XENNET_TX_MAX_SLOTS	18

/**
 * struct xennet_seg - one contiguous piece of a packet.
 * @offset: offset of the first byte within its (first) page
 * @len: length in bytes
 */
struct xennet_seg {
	u32 offset;
	u32 len;
};

u32 xennet_seg_slots(u32 offset, u32 len);
int xennet_count_tx_slots(const struct xennet_seg *segs, unsigned int nr,
			  u32 *slots);
u32 xennet_copy_slots(u32 len);

#endif /* XENNET_PURE_SLOTS_H */
