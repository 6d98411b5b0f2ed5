// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of xen-netfront's control-ring checks and static-grant
 * decisions (pure/sgrant.c).  The backend answering the control ring may
 * be hostile: a response is only acted on when it answers our request.
 */
#include "../../drivers/net/xen-netfront/pure/sgrant.c"
#include "xtest.h"

XTEST(no_response_yet_is_not_ready)
{
	XCHECK_EQ(xennet_ctrl_rsp_ready(5, 5, 6), 0);
}

XTEST(response_to_the_outstanding_request_is_ready)
{
	XCHECK_EQ(xennet_ctrl_rsp_ready(6, 5, 6), 1);
}

XTEST(ready_across_index_wraparound)
{
	XCHECK_EQ(xennet_ctrl_rsp_ready(0, 0xffffffffu, 0), 1);
}

XTEST(rsp_prod_beyond_our_requests_is_rejected)
{
	XCHECK_EQ(xennet_ctrl_rsp_ready(7, 5, 6), -EINVAL);
}

XTEST(rsp_prod_going_backwards_is_rejected)
{
	XCHECK_EQ(xennet_ctrl_rsp_ready(4, 5, 6), -EINVAL);
}

XTEST(response_with_our_id_and_type_is_accepted)
{
	struct xennet_ctrl_rsp r = { .id = 3, .type = 8, .status = 0 };

	XCHECK_EQ(xennet_check_ctrl_rsp(&r, 3, 8), 0);
}

XTEST(response_with_another_id_is_rejected)
{
	struct xennet_ctrl_rsp r = { .id = 2, .type = 8 };

	XCHECK_EQ(xennet_check_ctrl_rsp(&r, 3, 8), -EINVAL);
}

XTEST(response_with_another_type_is_rejected)
{
	struct xennet_ctrl_rsp r = { .id = 3, .type = 9 };

	XCHECK_EQ(xennet_check_ctrl_rsp(&r, 3, 8), -EINVAL);
}

XTEST(mainline_netback_not_supported_means_no_upgrade)
{
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_NOT_SUPPORTED, 0, 256),
		  XENNET_SG_UNSUPPORTED);
}

XTEST(not_supported_wins_over_a_large_size)
{
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_NOT_SUPPORTED, 4096, 256),
		  XENNET_SG_UNSUPPORTED);
}

XTEST(success_with_one_entry_per_slot_upgrades)
{
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_SUCCESS, 256, 256),
		  XENNET_SG_UPGRADE);
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_SUCCESS, 0xffffffffu, 256),
		  XENNET_SG_UPGRADE);
}

XTEST(success_with_fewer_entries_than_slots_does_not_upgrade)
{
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_SUCCESS, 255, 256),
		  XENNET_SG_TOO_SMALL);
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_SUCCESS, 0, 256),
		  XENNET_SG_TOO_SMALL);
}

XTEST(unknown_status_is_a_refusal)
{
	XCHECK_EQ(xennet_sgrant_verdict(XENNET_CTRL_STATUS_INVALID_PARAMETER, 256, 256),
		  XENNET_SG_REFUSED);
	XCHECK_EQ(xennet_sgrant_verdict(0xdeadbeef, 256, 256), XENNET_SG_REFUSED);
}

XTEST(every_verdict_has_a_name)
{
	XCHECK_STR(xennet_sgrant_verdict_name(XENNET_SG_UNSUPPORTED),
		   "backend does not support them");
	XCHECK_STR(xennet_sgrant_verdict_name((enum xennet_sg_verdict)99),
		   "unknown");
}

XTEST(queue_is_due_only_once_threshold_reached)
{
	XCHECK(!xennet_sgrant_due(2047, 2048));
	XCHECK(xennet_sgrant_due(2048, 2048));
	XCHECK(xennet_sgrant_due(0, 0));
}

XTEST(table_entries_are_read_write_with_zero_status)
{
	struct xendd_netif_gref t[3];
	u32 refs[3] = { 10, 11, 12 };

	memset(t, 0xff, sizeof(t));
	XCHECK_EQ(xennet_sgrant_fill_table(t, 3, refs, 3), 0);
	XCHECK_EQ(t[0].ref, 10);
	XCHECK_EQ(t[2].ref, 12);
	XCHECK_EQ(t[1].flags, 0);
	XCHECK_EQ(t[1].status, 0);
}

XTEST(table_larger_than_its_page_is_refused)
{
	struct xendd_netif_gref t[2];
	u32 refs[3] = { 1, 2, 3 };

	XCHECK_EQ(xennet_sgrant_fill_table(t, 2, refs, 3), -EINVAL);
	XCHECK_EQ(xennet_sgrant_fill_table(t, 2, refs, 0), -EINVAL);
}

XTEST(a_page_holds_the_table_of_a_full_rx_ring)
{
	XCHECK(256 * sizeof(struct xendd_netif_gref) <= 4096);
}
