// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of xen-netfront's xenstore parsing, feature negotiation,
 * trust policy (pure/xenstore.c) and state machine (pure/state.c).
 */
#include "../../drivers/net/xen-netfront/pure/xenstore.c"
#include "../../drivers/net/xen-netfront/pure/state.c"
#include "xtest.h"

static int mac_of(const char *s, u8 *mac)
{
	return xennet_parse_mac(s, strlen(s), mac);
}

XTEST(mac_lowercase_parses)
{
	u8 mac[6];

	XCHECK_EQ(mac_of("00:16:3e:0a:bc:ff", mac), 0);
	XCHECK_EQ(mac[0], 0x00);
	XCHECK_EQ(mac[2], 0x3e);
	XCHECK_EQ(mac[5], 0xff);
}

XTEST(mac_uppercase_parses)
{
	u8 mac[6];

	XCHECK_EQ(mac_of("00:16:3E:0A:BC:FF", mac), 0);
	XCHECK_EQ(mac[4], 0xbc);
}

XTEST(mac_with_trailing_nul_in_length_parses)
{
	u8 mac[6];

	XCHECK_EQ(xennet_parse_mac("00:16:3e:00:00:01", 18, mac), 0);
	XCHECK_EQ(mac[5], 1);
}

XTEST(mac_too_short_or_long_is_rejected)
{
	u8 mac[6];

	XCHECK_EQ(mac_of("00:16:3e:00:00:1", mac), -EINVAL);
	XCHECK_EQ(mac_of("00:16:3e:00:00:011", mac), -EINVAL);
	XCHECK_EQ(mac_of("", mac), -EINVAL);
}

XTEST(mac_bad_separator_or_digit_is_rejected)
{
	u8 mac[6];

	XCHECK_EQ(mac_of("00-16-3e-00-00-01", mac), -EINVAL);
	XCHECK_EQ(mac_of("00:16:3g:00:00:01", mac), -EINVAL);
	XCHECK_EQ(mac_of("00:16:3e:00:00: 1", mac), -EINVAL);
}

XTEST(mac_multicast_or_zero_is_rejected)
{
	u8 mac[6];

	XCHECK_EQ(mac_of("01:16:3e:00:00:01", mac), -EINVAL);
	XCHECK_EQ(mac_of("00:00:00:00:00:00", mac), -EINVAL);
}

XTEST(mac_left_untouched_on_error)
{
	u8 mac[6] = { 1, 2, 3, 4, 5, 6 };

	XCHECK_EQ(mac_of("00:16:3e:00:00:zz", mac), -EINVAL);
	XCHECK_EQ(mac[0], 1);
	XCHECK_EQ(mac[5], 6);
}

XTEST(mac_is_not_read_past_its_length)
{
	u8 mac[6];
	char buf[17];

	memcpy(buf, "00:16:3e:00:00:01", 17);	/* no NUL */
	XCHECK_EQ(xennet_parse_mac(buf, sizeof(buf), mac), 0);
	XCHECK_EQ(xennet_parse_mac(buf, 16, mac), -EINVAL);
}

XTEST(uint_parses_decimal)
{
	u32 v = 0;

	XCHECK_EQ(xennet_parse_uint("8", 1, 16, &v), 0);
	XCHECK_EQ(v, 8);
	XCHECK_EQ(xennet_parse_uint("16\0", 3, 16, &v), 0);
	XCHECK_EQ(v, 16);
}

XTEST(uint_above_max_is_erange)
{
	u32 v = 7;

	XCHECK_EQ(xennet_parse_uint("17", 2, 16, &v), -ERANGE);
	XCHECK_EQ(xennet_parse_uint("99999999999999999999", 20, 0xffff, &v),
		  -ERANGE);
	XCHECK_EQ(v, 7);
}

XTEST(uint_malformed_is_einval)
{
	u32 v;

	XCHECK_EQ(xennet_parse_uint("", 0, 16, &v), -EINVAL);
	XCHECK_EQ(xennet_parse_uint("-1", 2, 16, &v), -EINVAL);
	XCHECK_EQ(xennet_parse_uint("4 ", 2, 16, &v), -EINVAL);
	XCHECK_EQ(xennet_parse_uint("0x4", 3, 16, &v), -EINVAL);
}

XTEST(backend_with_everything_allows_every_offload)
{
	u32 f = xennet_tx_offloads(XENNET_BF_RX_COPY | XENNET_BF_SG |
				   XENNET_BF_GSO_TCPV4 | XENNET_BF_GSO_TCPV6 |
				   XENNET_BF_IPV6_CSUM);

	XCHECK_EQ(f, XENNET_TXF_IP_CSUM | XENNET_TXF_IPV6_CSUM | XENNET_TXF_SG |
		  XENNET_TXF_TSO | XENNET_TXF_TSO6);
}

XTEST(backend_without_sg_gets_no_gso)
{
	u32 f = xennet_tx_offloads(XENNET_BF_GSO_TCPV4 | XENNET_BF_GSO_TCPV6 |
				   XENNET_BF_IPV6_CSUM);

	XCHECK(!(f & XENNET_TXF_SG));
	XCHECK(!(f & XENNET_TXF_TSO));
	XCHECK(!(f & XENNET_TXF_TSO6));
	XCHECK(f & XENNET_TXF_IP_CSUM);
}

XTEST(backend_without_ipv6_csum_gets_no_tso6)
{
	u32 f = xennet_tx_offloads(XENNET_BF_SG | XENNET_BF_GSO_TCPV6);

	XCHECK(!(f & XENNET_TXF_IPV6_CSUM));
	XCHECK(!(f & XENNET_TXF_TSO6));
}

XTEST(minimal_backend_gets_only_ipv4_csum)
{
	XCHECK_EQ(xennet_tx_offloads(XENNET_BF_RX_COPY), XENNET_TXF_IP_CSUM);
}

XTEST(queues_limited_by_backend_and_parameter)
{
	XCHECK_EQ(xennet_num_queues(8, 4), 4);
	XCHECK_EQ(xennet_num_queues(2, 16), 2);
	XCHECK_EQ(xennet_num_queues(8, 0), 1);
	XCHECK_EQ(xennet_num_queues(8, 1), 1);
	XCHECK_EQ(xennet_num_queues(0, 4), 1);
}

XTEST(xsa403_backend_outside_dom0_is_untrusted_by_default)
{
	XCHECK(!xennet_backend_trusted(-1, -1, 1));
	XCHECK(xennet_backend_trusted(-1, -1, 0));
}

XTEST(xsa403_trusted_key_zero_distrusts_dom0)
{
	XCHECK(!xennet_backend_trusted(-1, 0, 0));
}

XTEST(xsa403_trusted_key_one_does_not_trust_driver_domain)
{
	XCHECK(!xennet_backend_trusted(-1, 1, 7));
	XCHECK(xennet_backend_trusted(-1, 1, 0));
}

XTEST(xsa403_parameter_forces_either_way)
{
	XCHECK(!xennet_backend_trusted(0, 1, 0));
	XCHECK(xennet_backend_trusted(1, 0, 7));
}

/* --- state machine ---------------------------------------------------- */

XTEST(connect_when_backend_waits_and_we_initialise)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_INITIALISING,
					XENNET_XB_INIT_WAIT), XENNET_ACT_CONNECT);
}

XTEST(no_second_connect_when_already_connected)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED,
					XENNET_XB_INIT_WAIT), XENNET_ACT_NONE);
}

XTEST(notify_peers_once_both_connected)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED,
					XENNET_XB_CONNECTED), XENNET_ACT_NOTIFY);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_INITIALISING,
					XENNET_XB_CONNECTED), XENNET_ACT_NONE);
}

XTEST(backend_closing_closes_us)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED,
					XENNET_XB_CLOSING), XENNET_ACT_CLOSE);
}

XTEST(backend_vanishing_to_closed_closes_us)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED,
					XENNET_XB_CLOSED), XENNET_ACT_CLOSE);
}

XTEST(closed_frontend_ignores_backend_closing)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CLOSED,
					XENNET_XB_CLOSED), XENNET_ACT_NONE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CLOSED,
					XENNET_XB_CLOSING), XENNET_ACT_NONE);
}

XTEST(backend_closed_while_we_initialise_is_awaited_not_closed)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_INITIALISING,
					XENNET_XB_CLOSED), XENNET_ACT_NONE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_INITIALISING,
					XENNET_XB_CLOSING), XENNET_ACT_NONE);
}

XTEST(rogue_backend_state_out_of_range_is_ignored)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED, 9),
		  XENNET_ACT_NONE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED, 0xffffffffu),
		  XENNET_ACT_NONE);
}

XTEST(intermediate_backend_states_need_no_action)
{
	u32 s[] = { XENNET_XB_UNKNOWN, XENNET_XB_INITIALISING,
		    XENNET_XB_INITIALISED, XENNET_XB_RECONFIGURING,
		    XENNET_XB_RECONFIGURED };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s); i++)
		XCHECK_EQ(xennet_backend_action(XENNET_XB_CONNECTED, s[i]),
			  XENNET_ACT_NONE);
}

XTEST(backend_reconfigured_ends_our_xdp_headroom_round)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_RECONFIGURING,
					XENNET_XB_RECONFIGURED),
		  XENNET_ACT_RECONFIGURED);
}

XTEST(backend_still_connected_while_we_reconfigure_is_awaited)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_RECONFIGURING,
					XENNET_XB_CONNECTED), XENNET_ACT_NONE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_RECONFIGURING,
					XENNET_XB_INIT_WAIT), XENNET_ACT_NONE);
}

XTEST(backend_closing_during_reconfiguration_closes_us)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_RECONFIGURING,
					XENNET_XB_CLOSING), XENNET_ACT_CLOSE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_RECONFIGURING,
					XENNET_XB_CLOSED), XENNET_ACT_CLOSE);
}

XTEST(unsolicited_reconfigured_is_ignored)
{
	XCHECK_EQ(xennet_backend_action(XENNET_XB_INITIALISING,
					XENNET_XB_RECONFIGURED), XENNET_ACT_NONE);
	XCHECK_EQ(xennet_backend_action(XENNET_XB_CLOSED,
					XENNET_XB_RECONFIGURED), XENNET_ACT_NONE);
}

XTEST(close_wait_ends_at_closing_closed_or_gone)
{
	XCHECK(xennet_backend_reached(XENNET_XB_CLOSING, XENNET_XB_CLOSING));
	XCHECK(xennet_backend_reached(XENNET_XB_CLOSED, XENNET_XB_CLOSING));
	XCHECK(xennet_backend_reached(XENNET_XB_UNKNOWN, XENNET_XB_CLOSED));
	XCHECK(!xennet_backend_reached(XENNET_XB_CLOSING, XENNET_XB_CLOSED));
	XCHECK(!xennet_backend_reached(XENNET_XB_CONNECTED, XENNET_XB_CLOSING));
}

XTEST(uint_syntax_error_wins_over_range)
{
	u32 v;

	XCHECK_EQ(xennet_parse_uint("01:16", 5, 0, &v), -EINVAL);
	XCHECK_EQ(xennet_parse_uint("99999999999999999999x", 21, 16, &v),
		  -EINVAL);
}
