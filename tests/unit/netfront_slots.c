// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of xen-netfront's tx slot counting (pure/slots.c).
 */
#include "../../drivers/net/xen-netfront/pure/slots.c"
#include "xtest.h"

XTEST(empty_buffer_needs_no_slot)
{
	XCHECK_EQ(xennet_seg_slots(100, 0), 0);
}

XTEST(buffer_within_one_page_needs_one_slot)
{
	XCHECK_EQ(xennet_seg_slots(0, 4096), 1);
	XCHECK_EQ(xennet_seg_slots(100, 1514), 1);
}

XTEST(buffer_crossing_a_page_boundary_needs_two_slots)
{
	XCHECK_EQ(xennet_seg_slots(4000, 200), 2);
	XCHECK_EQ(xennet_seg_slots(1, 4096), 2);
}

XTEST(offset_in_a_compound_page_counts_modulo_page)
{
	XCHECK_EQ(xennet_seg_slots(8192 + 4000, 200), 2);
}

XTEST(max_size_buffer_at_worst_offset)
{
	XCHECK_EQ(xennet_seg_slots(4095, 65535), 17);
}

XTEST(packet_counts_linear_area_and_frags)
{
	struct xennet_seg segs[] = { { 3900, 300 }, { 0, 4096 }, { 10, 100 } };
	u32 slots;

	XCHECK_EQ(xennet_count_tx_slots(segs, 3, &slots), 0);
	XCHECK_EQ(slots, 4);
}

XTEST(packet_of_18_slots_fits)
{
	struct xennet_seg segs[18];
	u32 slots;
	int i;

	for (i = 0; i < 18; i++) {
		segs[i].offset = 0;
		segs[i].len = 1000;
	}
	XCHECK_EQ(xennet_count_tx_slots(segs, 18, &slots), 0);
	XCHECK_EQ(slots, 18);
}

XTEST(packet_of_19_slots_must_be_copied)
{
	struct xennet_seg segs[19];
	u32 slots;
	int i;

	for (i = 0; i < 19; i++) {
		segs[i].offset = 4000;
		segs[i].len = 50;
	}
	XCHECK_EQ(xennet_count_tx_slots(segs, 19, &slots), -E2BIG);
	XCHECK_EQ(slots, 19);
}

XTEST(packet_without_data_is_invalid)
{
	struct xennet_seg seg = { 0, 0 };
	u32 slots;

	XCHECK_EQ(xennet_count_tx_slots(&seg, 1, &slots), -EINVAL);
}

XTEST(copied_packet_uses_whole_pages)
{
	XCHECK_EQ(xennet_copy_slots(1), 1);
	XCHECK_EQ(xennet_copy_slots(4096), 1);
	XCHECK_EQ(xennet_copy_slots(4097), 2);
	XCHECK_EQ(xennet_copy_slots(65535), 16);
}

XTEST(largest_copied_packet_fits_the_backend_limit)
{
	XCHECK(xennet_copy_slots(0xffff) <= XENNET_TX_MAX_SLOTS);
}
