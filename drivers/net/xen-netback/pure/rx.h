/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/rx.h - guest-RX slot accounting.
 */
#ifndef XENVIF_PURE_RX_H
#define XENVIF_PURE_RX_H

#include <xen/xendd-pure.h>

/* Largest packet the RX path hands a frontend (netif.h, 16-bit sizes). */
#define XENVIF_RX_MAX_LEN	65535U

int xenvif_rx_slots_needed(unsigned int len, unsigned int headroom,
			   bool sg, unsigned int nr_extras);
unsigned int xenvif_rx_copy_ops_bound(unsigned int len, unsigned int nr_chunks,
				      unsigned int slots);

#endif /* XENVIF_PURE_RX_H */
