// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/mcast.c - multicast filtering requested by the frontend
 * (request-multicast-control, XEN_NETIF_EXTRA_TYPE_MCAST_ADD/DEL extras).
 */
#include <xen/xendd-pure.h>
#include "mcast.h"

/**
 * xenvif_mcast_init() - empty list: no multicast frame is wanted.
 * @m: the list
 */
void xenvif_mcast_init(struct xenvif_mcast *m)
{
	memset(m, 0, sizeof(*m));
}

static int xenvif_mcast_find(const struct xenvif_mcast *m, const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (!memcmp(m->addr[i], addr, 6))
			return (int)i;
	return -1;
}

/**
 * xenvif_mcast_add() - subscribe @addr (an MCAST_ADD extra).
 * @m: the list
 * @addr: a multicast Ethernet address
 *
 * Return: 0; -EINVAL if @addr is not multicast; -ENOSPC when the list is
 * full, after which filtering is off (every multicast frame delivered).
 */
int xenvif_mcast_add(struct xenvif_mcast *m, const u8 *addr)
{
	if (!(addr[0] & 1))
		return -EINVAL;
	if (xenvif_mcast_find(m, addr) >= 0)
		return 0;
	if (m->n >= XENVIF_MCAST_MAX) {
		m->overflow = true;
		return -ENOSPC;
	}
	memcpy(m->addr[m->n++], addr, 6);
	return 0;
}

/**
 * xenvif_mcast_del() - unsubscribe @addr (an MCAST_DEL extra).
 * @m: the list
 * @addr: the address; absent addresses are ignored
 */
void xenvif_mcast_del(struct xenvif_mcast *m, const u8 *addr)
{
	int i = xenvif_mcast_find(m, addr);

	if (i < 0)
		return;
	m->n--;
	memcpy(m->addr[i], m->addr[m->n], 6);
}

/**
 * xenvif_mcast_wanted() - deliver a frame for @dest to the frontend?
 * @m: the list
 * @dest: the frame's destination address
 *
 * Return: true for unicast and broadcast, for subscribed groups, and for
 * every multicast frame once the list overflowed.
 */
bool xenvif_mcast_wanted(const struct xenvif_mcast *m, const u8 *dest)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (!(dest[0] & 1) || !memcmp(dest, bcast, 6) || m->overflow)
		return true;
	return xenvif_mcast_find(m, dest) >= 0;
}
