// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of xen-netfront's response validation (pure/ring.c) and tx id
 * list (pure/idlist.c): what a rogue backend may write into the rings.
 */
#include "../../drivers/net/xen-netfront/pure/idlist.c"
#include "../../drivers/net/xen-netfront/pure/ring.c"
#include "xtest.h"

static struct xennet_idlist ids;

/* ids with the first @n handed out (0 .. n-1, in order). */
static void ids_with_pending(unsigned int n)
{
	unsigned int i;

	xennet_idlist_init(&ids);
	for (i = 0; i < n; i++)
		xennet_idlist_get(&ids);
}

/* --- producer index --------------------------------------------------- */

XTEST(prod_equal_to_cons_is_valid)
{
	XCHECK_EQ(xennet_check_rsp_prod(10, 10, 20), 0);
}

XTEST(prod_up_to_outstanding_requests_is_valid)
{
	XCHECK_EQ(xennet_check_rsp_prod(20, 10, 20), 0);
}

XTEST(rogue_prod_beyond_outstanding_requests_is_rejected)
{
	XCHECK_EQ(xennet_check_rsp_prod(21, 10, 20), -XENNET_V_PROD_OVERFLOW);
}

XTEST(rogue_prod_going_backwards_is_rejected)
{
	XCHECK_EQ(xennet_check_rsp_prod(9, 10, 20), -XENNET_V_PROD_OVERFLOW);
}

XTEST(prod_valid_across_u32_wrap)
{
	XCHECK_EQ(xennet_check_rsp_prod(5, 0xfffffff0u, 10), 0);
}

XTEST(rogue_prod_backwards_across_u32_wrap_is_rejected)
{
	XCHECK_EQ(xennet_check_rsp_prod(0xffffffffu, 0, 10),
		  -XENNET_V_PROD_OVERFLOW);
}

XTEST(corrupt_private_producer_beyond_ring_is_rejected)
{
	XCHECK_EQ(xennet_check_rsp_prod(0, 0, XENNET_RING_SIZE + 1),
		  -XENNET_V_PROD_OVERFLOW);
}

XTEST(full_ring_of_responses_is_valid)
{
	XCHECK_EQ(xennet_check_rsp_prod(XENNET_RING_SIZE, 0, XENNET_RING_SIZE), 0);
}

/* --- tx responses ---------------------------------------------------- */

XTEST(tx_ok_response_for_pending_id_is_valid)
{
	ids_with_pending(3);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 2, XENNET_RSP_OKAY), 0);
}

XTEST(tx_error_and_dropped_statuses_are_valid)
{
	ids_with_pending(1);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0, XENNET_RSP_ERROR), 0);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0, XENNET_RSP_DROPPED), 0);
}

XTEST(tx_null_response_for_extra_slot_needs_no_id)
{
	ids_with_pending(0);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0xffff, XENNET_RSP_NULL), 0);
}

XTEST(rogue_tx_id_out_of_range_is_rejected)
{
	ids_with_pending(XENNET_RING_SIZE);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, XENNET_RING_SIZE, XENNET_RSP_OKAY),
		  -XENNET_V_TX_ID_RANGE);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0xffff, XENNET_RSP_OKAY),
		  -XENNET_V_TX_ID_RANGE);
}

XTEST(rogue_tx_id_never_sent_is_rejected)
{
	ids_with_pending(2);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 5, XENNET_RSP_OKAY),
		  -XENNET_V_TX_ID_NOT_PENDING);
}

XTEST(rogue_tx_double_completion_is_rejected)
{
	ids_with_pending(2);
	XCHECK_EQ(xennet_idlist_put(&ids, 1), 0);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 1, XENNET_RSP_OKAY),
		  -XENNET_V_TX_ID_NOT_PENDING);
}

XTEST(rogue_tx_unknown_status_is_rejected)
{
	ids_with_pending(1);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0, 2), -XENNET_V_TX_STATUS);
	XCHECK_EQ(xennet_check_tx_rsp(&ids, 0, -3), -XENNET_V_TX_STATUS);
}

/* --- rx responses ---------------------------------------------------- */

static struct xennet_rx_rsp rx(u16 id, u16 offset, u16 flags, s16 status)
{
	struct xennet_rx_rsp r = { id, offset, flags, status };

	return r;
}

XTEST(rx_response_within_page_is_valid)
{
	struct xennet_rx_rsp r = rx(7, 0, 0, 1514);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), 0);
}

XTEST(rx_response_filling_page_exactly_is_valid)
{
	struct xennet_rx_rsp r = rx(7, 96, 0, 4000);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, false), 0);
}

XTEST(rogue_rx_offset_plus_size_beyond_page_is_rejected)
{
	struct xennet_rx_rsp r = rx(7, 100, 0, 4000);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), -XENNET_V_RX_OFFSET);
}

XTEST(rogue_rx_huge_offset_is_rejected)
{
	struct xennet_rx_rsp r = rx(7, 0xffff, 0, 1);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), -XENNET_V_RX_OFFSET);
}

XTEST(rogue_rx_id_of_another_slot_is_rejected)
{
	struct xennet_rx_rsp r = rx(8, 0, 0, 60);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), -XENNET_V_RX_ID);
}

XTEST(rogue_rx_response_for_slot_without_buffer_is_rejected)
{
	struct xennet_rx_rsp r = rx(7, 0, 0, 60);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, false, true),
		  -XENNET_V_RX_NOT_PENDING);
}

XTEST(rx_error_status_is_a_drop_not_a_violation)
{
	struct xennet_rx_rsp r = rx(7, 0xffff, 0, XENNET_RSP_ERROR);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), 0);
}

XTEST(rogue_rx_extra_flag_on_continuation_slot_is_rejected)
{
	struct xennet_rx_rsp r = rx(7, 0, XENNET_RXF_EXTRA_INFO, 60);

	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, false), -XENNET_V_RX_EXTRA);
	XCHECK_EQ(xennet_check_rx_rsp(&r, 7, true, true), 0);
}

XTEST(rx_gso_extra_tcpv4_and_tcpv6_are_valid)
{
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_GSO, 0,
					XENNET_GSO_TYPE_TCPV4, 1448), 0);
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_GSO,
					XENNET_EXTRA_FLAG_MORE,
					XENNET_GSO_TYPE_TCPV6, 1428), 0);
}

XTEST(rogue_rx_extra_type_none_or_unknown_is_rejected)
{
	XCHECK_EQ(xennet_check_rx_extra(0, 0, 0, 0), -XENNET_V_RX_EXTRA);
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_MAX, 0, 0, 0),
		  -XENNET_V_RX_EXTRA);
}

XTEST(rogue_rx_extra_unknown_flag_is_rejected)
{
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_GSO, 0x80,
					XENNET_GSO_TYPE_TCPV4, 1448),
		  -XENNET_V_RX_EXTRA);
}

XTEST(rogue_rx_gso_extra_bad_type_or_zero_size_is_rejected)
{
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_GSO, 0, 3, 1448),
		  -XENNET_V_RX_EXTRA);
	XCHECK_EQ(xennet_check_rx_extra(XENNET_EXTRA_TYPE_GSO, 0,
					XENNET_GSO_TYPE_TCPV4, 0),
		  -XENNET_V_RX_EXTRA);
}

XTEST(rx_non_gso_extra_types_are_accepted_and_ignored)
{
	XCHECK_EQ(xennet_check_rx_extra(4, 0, 0xff, 0), 0);
}

XTEST(rx_packet_of_max_slots_is_valid)
{
	XCHECK_EQ(xennet_check_rx_slots(XENNET_RX_MAX_SLOTS, 100), 0);
}

XTEST(rogue_rx_packet_of_too_many_slots_is_rejected)
{
	XCHECK_EQ(xennet_check_rx_slots(XENNET_RX_MAX_SLOTS + 1, 100),
		  -XENNET_V_RX_SLOTS);
}

XTEST(rogue_rx_packet_past_rsp_prod_is_rejected)
{
	XCHECK_EQ(xennet_check_rx_slots(3, 2), -XENNET_V_RX_INCOMPLETE);
}

/* --- XSA-derived rules ---------------------------------------------- */

XTEST(xsa391_event_without_responses_is_spurious)
{
	u32 prev = 42;

	XCHECK(xennet_event_spurious(42, &prev, 42));
	prev = 43;
	XCHECK(!xennet_event_spurious(43, &prev, 42));
}

XTEST(event_whose_responses_were_already_consumed_is_not_spurious)
{
	u32 prev = 42;

	/* rsp_prod moved since the previous event, NAPI took it all. */
	XCHECK(!xennet_event_spurious(50, &prev, 50));
	XCHECK_EQ(prev, 50u);
	/* The next event with nothing new is spurious. */
	XCHECK(xennet_event_spurious(50, &prev, 50));
	prev = 0xfffffff0u;
	XCHECK(!xennet_event_spurious(0x2u, &prev, 0x2u));
}

XTEST(tx_event_eager_queue_asks_for_the_next_response)
{
	XCHECK_EQ(xennet_tx_event(100, 110, false, false), 101u);
	XCHECK_EQ(xennet_tx_event(100, 110, false, true), 101u);
	XCHECK_EQ(xennet_tx_event(100, 100, false, false), 101u);
}

XTEST(tx_event_lazy_running_queue_asks_for_none_within_reach)
{
	/* Beyond every request in flight: the backend never crosses it. */
	XCHECK_EQ(xennet_tx_event(100, 110, true, false),
		  100u + XENNET_TX_LAZY_EVENT);
	XCHECK_EQ(xennet_tx_event(100, 100, true, false),
		  100u + XENNET_TX_LAZY_EVENT);
	XCHECK(XENNET_TX_LAZY_EVENT <= 256u);
}

XTEST(tx_event_lazy_stopped_queue_asks_at_half_in_flight)
{
	XCHECK_EQ(xennet_tx_event(100, 340, true, true), 220u);
	XCHECK_EQ(xennet_tx_event(100, 101, true, true), 101u);
	/* Nothing in flight: no completion can come, ask as if running. */
	XCHECK_EQ(xennet_tx_event(100, 100, true, true),
		  100u + XENNET_TX_LAZY_EVENT);
}

XTEST(tx_event_across_u32_wrap)
{
	XCHECK_EQ(xennet_tx_event(0xfffffff0u, 0x10u, true, true), 0x0u);
	XCHECK_EQ(xennet_tx_event(0xffffffffu, 0x10u, false, false), 0x0u);
}

XTEST(xsa396_busy_grant_never_frees_page)
{
	XCHECK_EQ(xennet_release_plan(false, true), XENNET_REL_DEFER);
	XCHECK_EQ(xennet_release_plan(false, false), XENNET_REL_DEFER_GET);
}

XTEST(xsa396_ended_grant_frees_only_our_own_page)
{
	XCHECK_EQ(xennet_release_plan(true, true), XENNET_REL_FREE);
	XCHECK_EQ(xennet_release_plan(true, false), XENNET_REL_KEEP);
}

XTEST(xsa396_busy_grant_is_a_named_violation)
{
	XCHECK_STR(xennet_violation_name(-XENNET_V_GRANT_BUSY),
		   "backend still maps a returned grant");
}

/* --- violation names ------------------------------------------------- */

XTEST(every_violation_has_a_name)
{
	int v;

	for (v = 1; v < XENNET_V_MAX; v++) {
		XCHECK(xennet_violation_name(-v) != NULL);
		XCHECK(strcmp(xennet_violation_name(-v), "unknown") != 0);
	}
}

XTEST(out_of_range_violation_is_unknown)
{
	XCHECK_STR(xennet_violation_name(0), "unknown");
	XCHECK_STR(xennet_violation_name(-XENNET_V_MAX), "unknown");
	XCHECK_STR(xennet_violation_name(5), "unknown");
}

/* --- id list --------------------------------------------------------- */

XTEST(idlist_hands_out_every_id_once)
{
	unsigned char seen[XENNET_RING_SIZE] = { 0 };
	int i, id;

	xennet_idlist_init(&ids);
	for (i = 0; i < XENNET_RING_SIZE; i++) {
		id = xennet_idlist_get(&ids);
		XCHECK(id >= 0 && id < XENNET_RING_SIZE);
		if (id >= 0 && id < XENNET_RING_SIZE) {
			XCHECK_EQ(seen[id], 0);
			seen[id] = 1;
		}
	}
	XCHECK_EQ(ids.nr_free, 0);
}

XTEST(idlist_empty_returns_enospc)
{
	ids_with_pending(XENNET_RING_SIZE);
	XCHECK_EQ(xennet_idlist_get(&ids), -ENOSPC);
}

XTEST(idlist_put_makes_id_reusable)
{
	ids_with_pending(XENNET_RING_SIZE);
	XCHECK_EQ(xennet_idlist_put(&ids, 17), 0);
	XCHECK_EQ(ids.nr_free, 1);
	XCHECK_EQ(xennet_idlist_get(&ids), 17);
	XCHECK(xennet_idlist_pending(&ids, 17));
}

XTEST(idlist_double_put_is_refused_and_harmless)
{
	ids_with_pending(4);
	XCHECK_EQ(xennet_idlist_put(&ids, 2), 0);
	XCHECK_EQ(xennet_idlist_put(&ids, 2), -EINVAL);
	XCHECK_EQ(ids.nr_free, XENNET_RING_SIZE - 3);
}

XTEST(idlist_put_out_of_range_is_refused)
{
	ids_with_pending(1);
	XCHECK_EQ(xennet_idlist_put(&ids, XENNET_RING_SIZE), -ERANGE);
	XCHECK(!xennet_idlist_pending(&ids, 0xffff));
}
