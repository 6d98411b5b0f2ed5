// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for xen-netback's RX slot accounting (pure/rx.c), the rate
 * limiter's credit arithmetic (pure/credit.c), the xenstore value parsers
 * (pure/xsparse.c), the frontend-state reactions and the hotplug warning
 * deadline (pure/state.c).
 */
#include "../../drivers/net/xen-netback/pure/rx.c"
#include "../../drivers/net/xen-netback/pure/credit.c"
#include "../../drivers/net/xen-netback/pure/xsparse.c"
#include "../../drivers/net/xen-netback/pure/state.c"
#include "xtest.h"

#include <limits.h>

static char *exact(const char *s, size_t len)
{
	char *b = malloc(len ? len : 1);

	if (!b)
		abort();
	memcpy(b, s, len);
	return b;
}

#define WITH(str, call)							\
	({								\
		char *in_ = exact(str, sizeof(str) - 1);		\
		size_t len_ = sizeof(str) - 1;				\
		int r_ = call;						\
		free(in_);						\
		r_;							\
	})

/* RX slots */

XTEST(rx_small_packet_takes_one_slot)
{
	XCHECK_EQ(xenvif_rx_slots_needed(60, 0, true, 0), 1);
}

XTEST(rx_page_sized_packet_takes_one_slot)
{
	XCHECK_EQ(xenvif_rx_slots_needed(4096, 0, true, 0), 1);
	XCHECK_EQ(xenvif_rx_slots_needed(4097, 0, true, 0), 2);
}

XTEST(rx_headroom_shifts_the_data)
{
	XCHECK_EQ(xenvif_rx_slots_needed(4096 - 256, 256, true, 0), 1);
	XCHECK_EQ(xenvif_rx_slots_needed(4096 - 255, 256, true, 0), 2);
}

XTEST(rx_gso_extra_takes_a_slot)
{
	XCHECK_EQ(xenvif_rx_slots_needed(9000, 0, true, 1), 4);
}

XTEST(rx_largest_packet_fits_the_netif_minimum)
{
	XCHECK_EQ(xenvif_rx_slots_needed(65535, 0, true, 1), 17);
	XCHECK(xenvif_rx_slots_needed(65535, 256, true, 1) <= 18);
}

XTEST(rx_without_sg_one_page_only)
{
	XCHECK_EQ(xenvif_rx_slots_needed(1514, 0, false, 0), 1);
	XCHECK_EQ(xenvif_rx_slots_needed(4097, 0, false, 0), -EMSGSIZE);
}

XTEST(rx_undeliverable_packets)
{
	XCHECK_EQ(xenvif_rx_slots_needed(0, 0, true, 0), -EMSGSIZE);
	XCHECK_EQ(xenvif_rx_slots_needed(65536, 0, true, 0), -EMSGSIZE);
	XCHECK_EQ(xenvif_rx_slots_needed(60, 4096, true, 0), -EMSGSIZE);
}

XTEST(rx_copy_bound_covers_split_chunks)
{
	/* One linear chunk crossing a page, into two slots: at most 4 ops. */
	XCHECK(xenvif_rx_copy_ops_bound(5000, 1, 2) >= 4);
}

/* Credit */

XTEST(credit_unlimited_always_passes)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, XENVIF_CREDIT_UNLIMITED, 10, 0);
	XCHECK(xenvif_credit_take(&c, 0, 65535, &retry));
	XCHECK(xenvif_credit_take(&c, 0, 65535, &retry));
}

XTEST(credit_spends_within_a_period)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 10000, 10, 1000);
	XCHECK(xenvif_credit_take(&c, 1000, 6000, &retry));
	XCHECK(xenvif_credit_take(&c, 1005, 4000, &retry));
	XCHECK(!xenvif_credit_take(&c, 1009, 1, &retry));
	XCHECK_EQ(retry, 1010);
}

XTEST(credit_refills_at_period_end)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 10000, 10, 1000);
	XCHECK(xenvif_credit_take(&c, 1000, 10000, &retry));
	XCHECK(xenvif_credit_take(&c, 1010, 10000, &retry));
	XCHECK_EQ(c.expires, 1020);
}

XTEST(credit_packet_above_credit_passes_after_enough_periods)
{
	struct xenvif_credit c;
	unsigned long retry = 0, now = 0;
	unsigned int periods = 0;

	xenvif_credit_init(&c, 1000, 1, 0);
	while (!xenvif_credit_take(&c, now, 65535, &retry) && periods < 100) {
		now = retry;
		periods++;
	}
	XCHECK(periods < 100);
	XCHECK(periods >= 60);
}

XTEST(credit_burst_is_capped)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 200000, 1, 0);
	/* A long idle time does not accumulate more than one cap. */
	XCHECK(xenvif_credit_take(&c, 1000000, 1, &retry));
	XCHECK_EQ(c.remaining, XENVIF_CREDIT_PERIODS * 200000 - 1);
}

XTEST(credit_timer_late_by_periods_loses_no_rate)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 100000, 10, 0);
	XCHECK(xenvif_credit_take(&c, 0, 100000, &retry));
	/* Periods ended at 10, 20 and 30: three periods' credit at 35. */
	XCHECK(xenvif_credit_take(&c, 35, 300000, &retry));
	XCHECK(!xenvif_credit_take(&c, 35, 1, &retry));
	XCHECK_EQ(retry, 40);
}

XTEST(credit_timer_late_beyond_the_cap_gets_one_cap)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 100000, 10, 0);
	XCHECK(xenvif_credit_take(&c, 0, 100000, &retry));
	XCHECK(xenvif_credit_take(&c, 95, 1, &retry));
	XCHECK_EQ(c.remaining, XENVIF_CREDIT_PERIODS * 100000 - 1);
	XCHECK_EQ(c.expires, 100);
}

XTEST(credit_huge_rate_does_not_wrap)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, ULONG_MAX - 1, 1, 0);
	XCHECK(xenvif_credit_take(&c, 0, 65535, &retry));
	/* The cap saturates instead of wrapping to a small number. */
	XCHECK(xenvif_credit_take(&c, 1000, 65535, &retry));
	XCHECK(c.remaining > ULONG_MAX / 2);
}

XTEST(credit_period_end_survives_tick_wrap)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 1000, 10, ULONG_MAX - 4);
	XCHECK(xenvif_credit_take(&c, ULONG_MAX - 4, 1000, &retry));
	XCHECK(!xenvif_credit_take(&c, ULONG_MAX, 1, &retry));
	XCHECK_EQ(retry, 5);
	XCHECK(xenvif_credit_take(&c, 5, 1000, &retry));
}

XTEST(tick_comparison_wraps)
{
	XCHECK(xenvif_tick_after_eq(2, ULONG_MAX));
	XCHECK(!xenvif_tick_after_eq(ULONG_MAX, 2));
	XCHECK(xenvif_tick_after_eq(7, 7));
}

XTEST(credit_zero_period_is_one_tick)
{
	struct xenvif_credit c;

	xenvif_credit_init(&c, 1000, 0, 50);
	XCHECK_EQ(c.period, 1);
}

/* xenstore values */

XTEST(uint_parses_decimal)
{
	unsigned long v = 0;

	XCHECK_EQ(WITH("42", xenvif_parse_uint(in_, len_, 100, &v)), 0);
	XCHECK_EQ(v, 42);
}

XTEST(uint_accepts_trailing_nul)
{
	unsigned long v = 0;

	XCHECK_EQ(WITH("7\0", xenvif_parse_uint(in_, len_, 100, &v)), 0);
	XCHECK_EQ(v, 7);
}

XTEST(uint_rejects_garbage)
{
	unsigned long v;

	XCHECK_EQ(WITH("", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
	XCHECK_EQ(WITH("-1", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
	XCHECK_EQ(WITH(" 1", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
	XCHECK_EQ(WITH("1 ", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
	XCHECK_EQ(WITH("0x10", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
	XCHECK_EQ(WITH("1\0\0", xenvif_parse_uint(in_, len_, 100, &v)), -EINVAL);
}

XTEST(uint_rejects_above_max)
{
	unsigned long v;

	XCHECK_EQ(WITH("101", xenvif_parse_uint(in_, len_, 100, &v)), -ERANGE);
	XCHECK_EQ(WITH("4294967296", xenvif_parse_uint(in_, len_, 0xffffffffUL, &v)),
		  -ERANGE);
	XCHECK_EQ(WITH("99999999999999999999999", xenvif_parse_uint(in_, len_, ULONG_MAX, &v)),
		  -ERANGE);
}

XTEST(rate_parses_bytes_and_usec)
{
	unsigned long b = 0, u = 0;

	XCHECK_EQ(WITH("1250000,50000", xenvif_parse_rate(in_, len_, &b, &u)), 0);
	XCHECK_EQ(b, 1250000);
	XCHECK_EQ(u, 50000);
}

XTEST(rate_rejects_malformed)
{
	unsigned long b, u;

	XCHECK_EQ(WITH("1000", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH("1000,", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH(",1000", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH("0,1000", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH("1000,0", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH("10Mb/s@20ms", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
	XCHECK_EQ(WITH("1,2,3", xenvif_parse_rate(in_, len_, &b, &u)), -EINVAL);
}

XTEST(rate_rejects_usec_above_32_bits)
{
	unsigned long b, u;

	XCHECK_EQ(WITH("1,4294967296", xenvif_parse_rate(in_, len_, &b, &u)), -ERANGE);
}

XTEST(mac_parses)
{
	u8 mac[6];
	static const u8 expect[6] = { 0x00, 0x16, 0x3e, 0x0a, 0xBC, 0xff };

	XCHECK_EQ(WITH("00:16:3e:0a:bC:FF", xenvif_parse_mac(in_, len_, mac)), 0);
	XCHECK(!memcmp(mac, expect, 6));
}

XTEST(mac_rejects_malformed)
{
	u8 mac[6] = { 1, 2, 3, 4, 5, 6 };

	XCHECK_EQ(WITH("00:16:3e:0a:bc", xenvif_parse_mac(in_, len_, mac)), -EINVAL);
	XCHECK_EQ(WITH("00-16-3e-0a-bc-ff", xenvif_parse_mac(in_, len_, mac)), -EINVAL);
	XCHECK_EQ(WITH("00:16:3e:0a:bc:fg", xenvif_parse_mac(in_, len_, mac)), -EINVAL);
	XCHECK_EQ(WITH("0:16:3e:0a:bc:ff:", xenvif_parse_mac(in_, len_, mac)), -EINVAL);
	XCHECK_EQ(WITH("00:16:3e:0a:bc:ff:", xenvif_parse_mac(in_, len_, mac)), -EINVAL);
	XCHECK_EQ(mac[0], 1);
}

XTEST(num_queues_zero_or_above_max_is_rejected)
{
	XCHECK_EQ(xenvif_check_num_queues(0, 4), -EINVAL);
	XCHECK_EQ(xenvif_check_num_queues(1, 4), 1);
	XCHECK_EQ(xenvif_check_num_queues(4, 4), 4);
	XCHECK_EQ(xenvif_check_num_queues(5, 4), -EINVAL);
	XCHECK_EQ(xenvif_check_num_queues(ULONG_MAX, 4), -EINVAL);
}

XTEST(xdp_headroom_below_half_a_page_is_accepted)
{
	XCHECK_EQ(xenvif_check_xdp_headroom(0), 0);
	XCHECK_EQ(xenvif_check_xdp_headroom(256), 0);
	XCHECK_EQ(xenvif_check_xdp_headroom(2047), 0);
}

XTEST(xdp_headroom_of_half_a_page_or_more_is_rejected)
{
	/* netif.h allows up to 0x7fff; a page must still hold data after it. */
	XCHECK_EQ(xenvif_check_xdp_headroom(2048), -EINVAL);
	XCHECK_EQ(xenvif_check_xdp_headroom(0x7fff), -EINVAL);
	XCHECK_EQ(xenvif_check_xdp_headroom(ULONG_MAX), -EINVAL);
}

/* Frontend state reactions */

XTEST(state_frontend_connected_connects_once)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CONNECTED, XENVIF_XB_INITWAIT,
				   false, true), XENVIF_FE_CONNECT);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CONNECTED, XENVIF_XB_INITWAIT,
				   true, true), XENVIF_FE_NOTHING);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CONNECTED, XENVIF_XB_CONNECTED,
				   true, true), XENVIF_FE_NOTHING);
}

XTEST(state_frontend_restart_after_close_readvertises)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_CLOSED,
				   false, true), XENVIF_FE_INITWAIT);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_INITWAIT,
				   false, true), XENVIF_FE_NOTHING);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_INITIALISING,
				   false, true), XENVIF_FE_NOTHING);
}

/* A frontend that failed its probe is left Closing; reloaded, it says
 * Initialising while we are still Closing (lab run 20261123-061114-rwRJ:
 * the reload waited forever).  One that restarts without closing says it
 * while we are Connected. */
XTEST(state_frontend_starting_over_is_never_ignored)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_CLOSING,
				   false, true), XENVIF_FE_INITWAIT);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_CONNECTED,
				   true, true), XENVIF_FE_INITWAIT);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_INITIALISING, XENVIF_XB_RECONFIGURED,
				   true, true), XENVIF_FE_INITWAIT);
}

XTEST(state_closed_and_offline_unregisters)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CLOSED, XENVIF_XB_CLOSING,
				   false, false), XENVIF_FE_UNREGISTER);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CLOSED, XENVIF_XB_CLOSING,
				   false, true), XENVIF_FE_CLOSED);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_UNKNOWN, XENVIF_XB_CONNECTED,
				   true, true), XENVIF_FE_UNREGISTER);
}

XTEST(state_closing_disconnects)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CLOSING, XENVIF_XB_CONNECTED,
				   true, true), XENVIF_FE_CLOSING);
}

XTEST(state_undefined_is_rejected)
{
	XCHECK_EQ(xenvif_fe_action(9, XENVIF_XB_CONNECTED, true, true),
		  XENVIF_FE_BAD_STATE);
	XCHECK_EQ(xenvif_fe_action(-1, XENVIF_XB_CONNECTED, true, true),
		  XENVIF_FE_BAD_STATE);
}

XTEST(credit_late_timer_keeps_periods_back_to_back)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 1000, 10, 0);
	XCHECK(xenvif_credit_take(&c, 0, 1000, &retry));
	/* The timer fires 2 ticks late: the next period still ends at 20. */
	XCHECK(xenvif_credit_take(&c, 12, 1000, &retry));
	XCHECK_EQ(c.expires, 20);
}

XTEST(credit_after_idle_period_starts_now)
{
	struct xenvif_credit c;
	unsigned long retry = 0;

	xenvif_credit_init(&c, 1000, 10, 0);
	XCHECK(xenvif_credit_take(&c, 500, 1000, &retry));
	XCHECK_EQ(c.expires, 510);
}

XTEST(credit_scale_matches_rounded_period)
{
	/* 125000 bytes per 50 ms, used over 52 ms ticks: 130000 bytes. */
	XCHECK_EQ(xenvif_credit_scale(125000, 50000, 52000), 130000);
	XCHECK_EQ(xenvif_credit_scale(XENVIF_CREDIT_UNLIMITED, 50000, 52000),
		  XENVIF_CREDIT_UNLIMITED);
	XCHECK_EQ(xenvif_credit_scale(1, 1000000, 4000), 1);
}

XTEST(credit_scale_never_reaches_unlimited)
{
	XCHECK_EQ(xenvif_credit_scale(ULONG_MAX - 1, 1, 4000), ULONG_MAX - 1);
}

XTEST(credit_long_run_rate_with_large_packets)
{
	/* 130000 bytes per period, 64 KiB packets: no credit is lost. */
	struct xenvif_credit c;
	unsigned long retry = 0, now = 0, sent = 0;

	xenvif_credit_init(&c, 130000, 13, 0);
	while (now < 13 * 1000) {
		if (xenvif_credit_take(&c, now, 65535, &retry))
			sent += 65535;
		else
			now = retry;
	}
	/* 1000 periods: within one bucket of 1000 * 130000. */
	XCHECK(sent >= 1000UL * 130000 - 65535);
	XCHECK(sent <= 1000UL * 130000 + 130000 + XENVIF_CREDIT_CARRY);
}

XTEST(state_reconfiguring_rereads_headroom_when_connected)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_RECONFIGURING, XENVIF_XB_CONNECTED,
				   true, true), XENVIF_FE_RECONFIGURE);
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_RECONFIGURING, XENVIF_XB_INITWAIT,
				   false, true), XENVIF_FE_NOTHING);
}

XTEST(state_connected_after_reconfigured_reconnects_without_remap)
{
	XCHECK_EQ(xenvif_fe_action(XENVIF_XB_CONNECTED, XENVIF_XB_RECONFIGURED,
				   true, true), XENVIF_FE_RECONFIGURED);
}

/*
 * Hotplug warning deadline (pure/state.c): ticks of 1, a 10-tick delay
 * for a script alone and 60 at most, as xenbus.c uses 10 s and 60 s.
 */

XTEST(hotplug_alone_waits_the_delay)
{
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 0, 1, 10, 60), 1010);
	/* A completion of another vif does not matter when none else waits. */
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 1005, 1, 10, 60), 1010);
}

XTEST(hotplug_side_by_side_scripts_share_the_wait)
{
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 0, 2, 10, 60), 1020);
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 0, 4, 10, 60), 1040);
	/* 22 vifs at once: four shares at most, well inside the cap. */
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 0, 22, 10, 60), 1040);
}

XTEST(hotplug_wait_counts_again_from_the_last_completion)
{
	/* Scripts keep completing: measured from the last one. */
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 1015, 3, 10, 60), 1045);
	/* A completion before this vif went InitWait says nothing. */
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 990, 3, 10, 60), 1030);
}

XTEST(hotplug_wait_never_exceeds_the_cap)
{
	XCHECK_EQ(xenvif_hotplug_deadline(1000, 1050, 4, 10, 60), 1060);
}

XTEST(hotplug_deadline_across_tick_wrap)
{
	unsigned long start = ULONG_MAX - 5;

	XCHECK_EQ(xenvif_hotplug_deadline(start, 0, 1, 10, 60), 4);
	/* last_done wrapped past zero: still after start. */
	XCHECK_EQ(xenvif_hotplug_deadline(start, 3, 2, 10, 60), 23);
	XCHECK_EQ(xenvif_hotplug_deadline(start, 50, 4, 10, 60), start + 60);
}
