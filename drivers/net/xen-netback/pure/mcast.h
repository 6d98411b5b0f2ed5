/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/mcast.h - the frontend's multicast filter list.
 */
#ifndef XENVIF_PURE_MCAST_H
#define XENVIF_PURE_MCAST_H

#include <xen/xendd-pure.h>

/* Addresses a frontend may subscribe before filtering is given up. */
#define XENVIF_MCAST_MAX	64U

/**
 * struct xenvif_mcast - the addresses a frontend subscribed to.
 * @addr: the addresses, the first @n in use
 * @n: how many are in use
 * @overflow: the frontend asked for more than XENVIF_MCAST_MAX: flood
 */
struct xenvif_mcast {
	u8 addr[XENVIF_MCAST_MAX][6];
	unsigned int n;
	bool overflow;
};

void xenvif_mcast_init(struct xenvif_mcast *m);
int xenvif_mcast_add(struct xenvif_mcast *m, const u8 *addr);
void xenvif_mcast_del(struct xenvif_mcast *m, const u8 *addr);
bool xenvif_mcast_wanted(const struct xenvif_mcast *m, const u8 *dest);

#endif /* XENVIF_PURE_MCAST_H */
