// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/rx.c - guest-RX slot accounting.
 *
 * The RX path packs a packet contiguously into the frontend's posted
 * pages: the first at offset xdp-headroom, the rest from offset 0, one
 * response per page, plus one slot per extra-info response after the
 * first.  The backend must see that many unconsumed requests before it
 * takes the packet off its queue.
 */
#include <xen/xendd-pure.h>
#include "tx.h"
#include "rx.h"

/**
 * xenvif_rx_slots_needed() - ring slots one packet takes on the RX ring.
 * @len: packet length in bytes
 * @headroom: offset of the data in the first page (xdp-headroom)
 * @sg: the frontend accepts multi-slot packets (feature-sg)
 * @nr_extras: extra-info responses (GSO, hash)
 *
 * Return: the number of requests to consume, or -EMSGSIZE when the packet
 * cannot be delivered: empty, longer than XENVIF_RX_MAX_LEN, headroom not
 * inside the first page, or more than one page without @sg.
 */
int xenvif_rx_slots_needed(unsigned int len, unsigned int headroom,
			   bool sg, unsigned int nr_extras)
{
	unsigned int pages;

	if (len == 0 || len > XENVIF_RX_MAX_LEN || headroom >= XENVIF_PAGE_SIZE)
		return -EMSGSIZE;
	pages = (headroom + len + XENVIF_PAGE_SIZE - 1) / XENVIF_PAGE_SIZE;
	if (pages > 1 && !sg)
		return -EMSGSIZE;
	return (int)(pages + nr_extras);
}

/**
 * xenvif_rx_copy_ops_bound() - grant-copy operations one packet may need.
 * @len: packet length in bytes
 * @nr_chunks: contiguous source pieces (linear area plus fragments)
 * @slots: data slots from xenvif_rx_slots_needed() (extras excluded)
 *
 * Each copy ends at the end of a source piece, a source page or a
 * destination slot, so the operations are bounded by the sum of those.
 *
 * Return: an upper bound on the operations.
 */
unsigned int xenvif_rx_copy_ops_bound(unsigned int len, unsigned int nr_chunks,
				      unsigned int slots)
{
	return slots + 2 * nr_chunks + len / XENVIF_PAGE_SIZE;
}
