// SPDX-License-Identifier: GPL-2.0-only
/*
 * slots.c - tx slot arithmetic (see slots.h).
 */
#include <xen/xendd-pure.h>
#include "ring.h"
#include "slots.h"

/**
 * xennet_seg_slots() - slots one contiguous buffer needs.
 * @offset: offset of the buffer within its first page (any value; only the
 *          part within a page counts)
 * @len: length in bytes
 *
 * Return: the number of Xen pages [offset, offset + len) touches; 0 for an
 * empty buffer.
 */
u32 xennet_seg_slots(u32 offset, u32 len)
{
	u64 start, end;

	if (!len)
		return 0;
	start = offset % XENNET_XEN_PAGE_SIZE;
	end = start + len;
	return (u32)((end + XENNET_XEN_PAGE_SIZE - 1) / XENNET_XEN_PAGE_SIZE);
}

/**
 * xennet_count_tx_slots() - slots a packet needs as it lies in memory.
 * @segs: the linear area and the fragments, in order
 * @nr: number of entries in @segs
 * @slots: where to store the count
 *
 * Return: 0 when the packet fits the XENNET_TX_MAX_SLOTS a backend
 * accepts, -E2BIG when it must be copied into whole pages first (*@slots
 * still holds the count), -EINVAL for a packet without data.
 */
int xennet_count_tx_slots(const struct xennet_seg *segs, unsigned int nr,
			  u32 *slots)
{
	u32 total = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		total += xennet_seg_slots(segs[i].offset, segs[i].len);
		/* A packet is at most 64 KiB: this cannot wrap, but stay sure. */
		if (total > 0x10000)
			break;
	}
	*slots = total;
	if (!total)
		return -EINVAL;
	if (total > XENNET_TX_MAX_SLOTS)
		return -E2BIG;
	return 0;
}

/**
 * xennet_copy_slots() - slots a packet needs once copied into whole pages.
 * @len: packet length in bytes
 *
 * Return: DIV_ROUND_UP(@len, 4096).
 */
u32 xennet_copy_slots(u32 len)
{
	return (u32)(((u64)len + XENNET_XEN_PAGE_SIZE - 1) / XENNET_XEN_PAGE_SIZE);
}
