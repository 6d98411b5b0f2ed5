// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for xen-netback's multicast filter list
 * (drivers/net/xen-netback/pure/mcast.c).
 */
#include "../../drivers/net/xen-netback/pure/mcast.c"
#include "xtest.h"

static const u8 group1[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const u8 group2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x02 };
static const u8 unicast[6] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x02 };
static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

XTEST(empty_list_drops_multicast_only)
{
	struct xenvif_mcast m;

	xenvif_mcast_init(&m);
	XCHECK(!xenvif_mcast_wanted(&m, group1));
	XCHECK(xenvif_mcast_wanted(&m, unicast));
	XCHECK(xenvif_mcast_wanted(&m, bcast));
}

XTEST(added_group_is_delivered)
{
	struct xenvif_mcast m;

	xenvif_mcast_init(&m);
	XCHECK_EQ(xenvif_mcast_add(&m, group1), 0);
	XCHECK(xenvif_mcast_wanted(&m, group1));
	XCHECK(!xenvif_mcast_wanted(&m, group2));
}

XTEST(adding_twice_keeps_one_entry)
{
	struct xenvif_mcast m;

	xenvif_mcast_init(&m);
	xenvif_mcast_add(&m, group1);
	xenvif_mcast_add(&m, group1);
	XCHECK_EQ(m.n, 1);
	xenvif_mcast_del(&m, group1);
	XCHECK(!xenvif_mcast_wanted(&m, group1));
}

XTEST(unicast_address_cannot_be_added)
{
	struct xenvif_mcast m;

	xenvif_mcast_init(&m);
	XCHECK_EQ(xenvif_mcast_add(&m, unicast), -EINVAL);
	XCHECK_EQ(m.n, 0);
}

XTEST(delete_keeps_the_others)
{
	struct xenvif_mcast m;

	xenvif_mcast_init(&m);
	xenvif_mcast_add(&m, group1);
	xenvif_mcast_add(&m, group2);
	xenvif_mcast_del(&m, group1);
	XCHECK(!xenvif_mcast_wanted(&m, group1));
	XCHECK(xenvif_mcast_wanted(&m, group2));
	xenvif_mcast_del(&m, group1);
	XCHECK_EQ(m.n, 1);
}

XTEST(sixty_fifth_group_turns_filtering_off)
{
	struct xenvif_mcast m;
	u8 a[6] = { 0x01, 0x00, 0x5e, 0, 0, 0 };
	unsigned int i;

	xenvif_mcast_init(&m);
	for (i = 0; i < XENVIF_MCAST_MAX; i++) {
		a[5] = (u8)i;
		XCHECK_EQ(xenvif_mcast_add(&m, a), 0);
	}
	XCHECK(!xenvif_mcast_wanted(&m, group2));
	a[5] = 200;
	XCHECK_EQ(xenvif_mcast_add(&m, a), -ENOSPC);
	XCHECK_EQ(m.n, XENVIF_MCAST_MAX);
	XCHECK(xenvif_mcast_wanted(&m, group2));
}
