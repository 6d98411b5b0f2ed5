// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for xen-netback's guest-TX chain parser
 * (drivers/net/xen-netback/pure/tx.c), in the spirit of FreeBSD's
 * netback_unit_tests.c: empty ring, one, two and many slots, extras,
 * partial chains, wrap-around of the ring indices, and every drop and
 * fatal rule, each named after the XSA or bug class it guards.
 *
 * Slot arrays are heap copies of exactly the length passed, so ASan
 * catches the parser reading a slot it was not given.
 */
#include "../../drivers/net/xen-netback/pure/tx.c"
#include "xtest.h"

#define MORE	XENVIF_TXF_MORE_DATA
#define EXTRA	XENVIF_TXF_EXTRA_INFO

static const struct xenvif_tx_limits lim = {
	.max_slots = 18,
	.fatal_slots = 20,
};

static struct xenvif_tx_slot data(u16 id, u16 off, u16 size, u16 flags)
{
	struct xenvif_tx_slot s = {
		.gref = 100 + id, .offset = off, .flags = flags,
		.id = id, .size = size,
	};

	return s;
}

static struct xenvif_tx_slot extra_raw(u8 type, u8 flags, const u8 *u6)
{
	struct xenvif_tx_slot s;
	u8 raw[sizeof(s)];

	memset(raw, 0, sizeof(raw));
	raw[0] = type;
	raw[1] = flags;
	if (u6)
		memcpy(&raw[2], u6, 6);
	memcpy(&s, raw, sizeof(s));
	return s;
}

static struct xenvif_tx_slot gso(u16 size, u8 type, u8 flags)
{
	u8 u6[6] = { 0 };

	memcpy(u6, &size, 2);
	u6[2] = type;
	return extra_raw(XENVIF_EXTRA_TYPE_GSO, flags, u6);
}

static enum xenvif_tx_verdict parse(const struct xenvif_tx_slot *in,
				    unsigned int n, struct xenvif_tx_pkt *pkt)
{
	struct xenvif_tx_slot *copy = malloc(n ? n * sizeof(*copy) : 1);
	enum xenvif_tx_verdict v;

	if (!copy)
		abort();
	memcpy(copy, in, n * sizeof(*copy));
	v = xenvif_tx_parse(copy, n, &lim, pkt);
	free(copy);
	return v;
}

/*
 * parse_chain() - parse a chain of @n data slots of 100 bytes each, all
 * published; @more_after_last sets more_data on the last one too (the
 * chain announces a slot it does not publish).
 */
static enum xenvif_tx_verdict parse_chain(unsigned int n, bool more_after_last,
					  const struct xenvif_tx_limits *l,
					  struct xenvif_tx_pkt *pkt)
{
	struct xenvif_tx_slot *s = malloc(n * sizeof(*s));
	enum xenvif_tx_verdict v;
	unsigned int i;

	if (!s)
		abort();
	s[0] = data(0, 0, n * 100, n > 1 || more_after_last ? MORE : 0);
	for (i = 1; i < n; i++)
		s[i] = data(i, 0, 100, i < n - 1 || more_after_last ? MORE : 0);
	v = xenvif_tx_parse(s, n, l, pkt);
	free(s);
	return v;
}

/* Ring indices */

XTEST(ring_empty_has_nothing_to_consume)
{
	XCHECK_EQ(xenvif_ring_unconsumed(5, 5, 256), 0);
}

XTEST(ring_full_ring_is_consumable)
{
	XCHECK_EQ(xenvif_ring_unconsumed(256, 0, 256), 256);
}

XTEST(xsa39_ring_producer_one_past_a_ring_ahead_is_fatal)
{
	XCHECK_EQ(xenvif_ring_unconsumed(257, 0, 256), -EINVAL);
}

XTEST(xsa39_ring_producer_behind_consumer_is_fatal)
{
	/* prod - cons wraps to a huge value: a producer moved backwards. */
	XCHECK_EQ(xenvif_ring_unconsumed(4, 5, 256), -EINVAL);
}

XTEST(ring_indices_wrap_at_2_pow_32)
{
	XCHECK_EQ(xenvif_ring_unconsumed(3, 0xfffffffeU, 256), 5);
	XCHECK_EQ(xenvif_ring_unconsumed(0, 0xffffffffU, 256), 1);
}

/* Empty, one, two, many slots */

XTEST(no_slot_is_incomplete)
{
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(xenvif_tx_parse(NULL, 0, &lim, &pkt), XENVIF_TX_INCOMPLETE);
}

XTEST(one_slot_packet)
{
	struct xenvif_tx_slot s[] = { data(7, 100, 60, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.consumed, 1);
	XCHECK_EQ(pkt.nr_slots, 1);
	XCHECK_EQ(pkt.nr_extras, 0);
	XCHECK_EQ(pkt.len, 60);
	XCHECK_EQ(pkt.first_len, 60);
	XCHECK_EQ(xenvif_tx_slot_len(s, &pkt, 0), 60);
}

XTEST(one_slot_packet_stops_before_next_packet)
{
	struct xenvif_tx_slot s[] = { data(1, 0, 60, 0), data(2, 0, 70, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.consumed, 1);
	XCHECK_EQ(parse(&s[1], 1, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.len, 70);
}

XTEST(two_slot_packet_splits_length)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 3000, MORE), data(2, 0, 1000, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_slots, 2);
	XCHECK_EQ(pkt.first_len, 2000);
	XCHECK_EQ(xenvif_tx_slot_len(s, &pkt, 1), 1000);
	XCHECK_EQ(xenvif_tx_data_index(&pkt, 1), 1);
}

XTEST(three_slot_packet)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 9000, MORE), data(2, 0, 4096, MORE),
		data(3, 0, 904, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 3, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.consumed, 3);
	XCHECK_EQ(pkt.first_len, 4000);
}

/*
 * Slot limits: netif.h and mainline count the slots after the first.
 * With max_slots 18 and fatal_slots 20 (the defaults): 19 data slots are
 * delivered, 20 and 21 dropped, a 22nd announced is fatal.
 */

XTEST(slot_limit_18_slots_are_delivered)
{
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(18, false, &lim, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_slots, 18);
	XCHECK_EQ(pkt.consumed, 18);
}

XTEST(slot_limit_19_slots_are_the_most_delivered)
{
	/* The first slot and XEN_NETIF_NR_SLOTS_MIN (18) after it. */
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(19, false, &lim, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_slots, 19);
	XCHECK_EQ(pkt.consumed, 19);
	XCHECK_EQ(pkt.first_len, 100);
}

XTEST(slot_limit_20_slots_are_dropped_not_fatal)
{
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(20, false, &lim, &pkt), XENVIF_TX_DROP);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_OVERSIZE_SLOTS);
	/* The whole chain is consumed so every slot gets its error. */
	XCHECK_EQ(pkt.consumed, 20);
}

XTEST(slot_limit_21_slots_are_dropped_not_fatal)
{
	/* 20 after the first: at fatal_skb_slots, not above it. */
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(21, false, &lim, &pkt), XENVIF_TX_DROP);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_OVERSIZE_SLOTS);
	XCHECK_EQ(pkt.consumed, 21);
}

XTEST(xsa90_slot_limit_22_slots_are_fatal)
{
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(22, false, &lim, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_TOO_MANY_SLOTS);
	XCHECK_EQ(pkt.consumed, 0);
}

XTEST(xsa90_slot_limit_22nd_slot_announced_is_fatal_unpublished)
{
	/* 21 slots published, the last announcing a 22nd: no need to wait. */
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(21, true, &lim, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_TOO_MANY_SLOTS);
}

XTEST(slot_limit_21st_slot_announced_unpublished_is_incomplete)
{
	/* 20 published, a 21st announced: still within the limit. */
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(20, true, &lim, &pkt), XENVIF_TX_INCOMPLETE);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_TRUNCATED);
}

XTEST(slot_limit_extras_do_not_count)
{
	/* 19 data slots plus a GSO and a hash extra: still delivered. */
	u8 hash6[6] = { 0 };
	struct xenvif_tx_slot s[21];
	struct xenvif_tx_pkt pkt;
	unsigned int i;

	s[0] = data(0, 0, 19 * 100, EXTRA | MORE);
	s[1] = gso(1448, XENVIF_GSO_TYPE_TCPV4, XENVIF_EXTRA_FLAG_MORE);
	s[2] = extra_raw(XENVIF_EXTRA_TYPE_HASH, 0, hash6);
	for (i = 3; i < 21; i++)
		s[i] = data(i, 0, 100, i < 20 ? MORE : 0);
	XCHECK_EQ(parse(s, 21, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_slots, 19);
	XCHECK_EQ(pkt.nr_extras, 2);
	XCHECK_EQ(pkt.consumed, 21);
}

XTEST(slot_limit_follows_fatal_skb_slots)
{
	/* fatal_skb_slots at its 32 maximum: 33 data slots dropped, 34 fatal. */
	const struct xenvif_tx_limits wide = { .max_slots = 18, .fatal_slots = 32 };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse_chain(33, false, &wide, &pkt), XENVIF_TX_DROP);
	XCHECK_EQ(pkt.nr_slots, 33);
	XCHECK_EQ(parse_chain(34, false, &wide, &pkt), XENVIF_TX_FATAL);
	/* At its 18 minimum: 19 delivered, 20 fatal. */
	XCHECK_EQ(parse_chain(19, false, &(const struct xenvif_tx_limits){ 18, 18 },
			      &pkt), XENVIF_TX_OK);
	XCHECK_EQ(parse_chain(20, false, &(const struct xenvif_tx_limits){ 18, 18 },
			      &pkt), XENVIF_TX_FATAL);
}

/* Partial chains */

XTEST(chain_without_its_last_slot_is_incomplete)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 3000, MORE), data(2, 0, 1000, MORE),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_INCOMPLETE);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_TRUNCATED);
}

XTEST(missing_extra_is_incomplete)
{
	struct xenvif_tx_slot s[] = { data(1, 0, 100, EXTRA) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_INCOMPLETE);
}

XTEST(missing_second_extra_is_incomplete)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), gso(1400, XENVIF_GSO_TYPE_TCPV4,
					   XENVIF_EXTRA_FLAG_MORE),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_INCOMPLETE);
}

/* Extras */

XTEST(gso_extra_is_decoded)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 5000, EXTRA | MORE),
		gso(1448, XENVIF_GSO_TYPE_TCPV6, 0),
		data(2, 0, 1000, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 3, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_extras, 1);
	XCHECK_EQ(pkt.consumed, 3);
	XCHECK_EQ(pkt.nr_slots, 2);
	XCHECK(pkt.extra_mask & (1U << XENVIF_EXTRA_TYPE_GSO));
	XCHECK_EQ(pkt.gso.gso_size, 1448);
	XCHECK_EQ(pkt.gso.gso_type, XENVIF_GSO_TYPE_TCPV6);
	/* The fragment sits after the extra. */
	XCHECK_EQ(xenvif_tx_data_index(&pkt, 1), 2);
	XCHECK_EQ(xenvif_tx_slot_len(s, &pkt, 1), 1000);
	XCHECK_EQ(pkt.first_len, 4000);
}

XTEST(chained_extras_gso_and_mcast)
{
	u8 mac[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA),
		gso(1448, XENVIF_GSO_TYPE_TCPV4, XENVIF_EXTRA_FLAG_MORE),
		extra_raw(XENVIF_EXTRA_TYPE_MCAST_ADD, 0, mac),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 3, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_extras, 2);
	XCHECK_EQ(pkt.consumed, 3);
	XCHECK(!memcmp(pkt.mcast_add.addr, mac, 6));
}

XTEST(hash_extra_is_decoded)
{
	u8 u6[6] = { 3, 0, 0x78, 0x56, 0x34, 0x12 };
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA),
		extra_raw(XENVIF_EXTRA_TYPE_HASH, 0, u6),
	};
	struct xenvif_tx_pkt pkt;
	u32 expect;

	memcpy(&expect, &u6[2], 4);
	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.hash.hash_type, 3);
	XCHECK_EQ(pkt.hash.hash_value, expect);
}

XTEST(xdp_extra_from_frontend_is_ignored)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA),
		extra_raw(XENVIF_EXTRA_TYPE_XDP, 0, NULL),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.consumed, 2);
}

XTEST(xsa39_extra_type_zero_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), extra_raw(0, 0, NULL),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_BAD_EXTRA_TYPE);
}

XTEST(xsa39_extra_type_unknown_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), extra_raw(XENVIF_EXTRA_TYPE_MAX, 0, NULL),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_BAD_EXTRA_TYPE);
}

XTEST(xsa39_duplicate_extra_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA),
		gso(1448, XENVIF_GSO_TYPE_TCPV4, XENVIF_EXTRA_FLAG_MORE),
		gso(1448, XENVIF_GSO_TYPE_TCPV4, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 3, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_DUP_EXTRA);
}

XTEST(xsa39_gso_size_zero_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), gso(0, XENVIF_GSO_TYPE_TCPV4, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_GSO_SIZE_ZERO);
}

XTEST(xsa39_gso_type_none_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), gso(1448, XENVIF_GSO_TYPE_NONE, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_GSO_BAD_TYPE);
}

XTEST(xsa39_gso_type_unknown_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, EXTRA), gso(1448, 9, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
}

/* Fatal slot rules (XSA-39/90) */

XTEST(xsa39_first_slot_beyond_page_is_fatal)
{
	struct xenvif_tx_slot s[] = { data(1, 4000, 200, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_CROSS_PAGE);
}

XTEST(first_slot_ending_exactly_at_page_end_is_ok)
{
	struct xenvif_tx_slot s[] = { data(1, 4000, 96, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_OK);
}

XTEST(xsa39_fragment_beyond_page_is_fatal)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 3000, MORE), data(2, 4095, 2, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_CROSS_PAGE);
}

XTEST(xsa39_fragment_offset_and_size_do_not_wrap)
{
	/* 0xffff + 0xffff must not wrap to a small u16 sum. */
	struct xenvif_tx_slot s[] = {
		data(1, 0, 60, MORE), data(2, 0xffff, 0xffff, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_FATAL);
}

XTEST(xsa90_more_slots_than_fatal_limit_is_fatal)
{
	struct xenvif_tx_slot s[22];
	struct xenvif_tx_pkt pkt;
	unsigned int i;

	for (i = 0; i < 22; i++)
		s[i] = data(i, 0, 10, MORE);
	XCHECK_EQ(parse(s, 22, &pkt), XENVIF_TX_FATAL);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_TOO_MANY_SLOTS);
}

XTEST(xsa90_too_many_slots_is_fatal_before_chain_end_is_known)
{
	/* A chain that never ends is caught by the limit, not by waiting. */
	struct xenvif_tx_slot s[21];
	struct xenvif_tx_pkt pkt;
	unsigned int i;

	for (i = 0; i < 21; i++)
		s[i] = data(i, 0, 10, MORE);
	XCHECK_EQ(parse(s, 21, &pkt), XENVIF_TX_FATAL);
}

/* Non-fatal drops */

XTEST(oversize_benign_fragments_larger_than_packet_are_dropped)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 1000, MORE), data(2, 0, 1001, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_DROP);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_FRAG_TOO_BIG);
	XCHECK_EQ(pkt.consumed, 2);
}

XTEST(runt_packet_is_dropped)
{
	struct xenvif_tx_slot s[] = { data(1, 0, 13, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_DROP);
	XCHECK_EQ(pkt.reason, XENVIF_TXR_RUNT);
}

XTEST(ethernet_header_sized_packet_is_ok)
{
	struct xenvif_tx_slot s[] = { data(1, 0, 14, 0) };
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 1, &pkt), XENVIF_TX_OK);
}

/* Degenerate splits (XSA-423, XSA-432, XSA-448) */

XTEST(xsa448_zero_length_fragment_is_valid)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, MORE), data(2, 0, 0, MORE), data(3, 0, 50, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 3, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.nr_slots, 3);
	XCHECK_EQ(xenvif_tx_slot_len(s, &pkt, 1), 0);
	XCHECK_EQ(pkt.first_len, 50);
}

XTEST(xsa423_one_byte_first_slot_is_valid)
{
	/* Headers split over slots: the skb builder linearises them. */
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, MORE), data(2, 0, 99, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.first_len, 1);
}

XTEST(xsa432_empty_first_slot_is_valid)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 100, MORE), data(2, 0, 100, 0),
	};
	struct xenvif_tx_pkt pkt;

	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	XCHECK_EQ(pkt.first_len, 0);
}

/* XSA-155: the parser works on the caller's copy only */

XTEST(xsa155_parse_reads_nothing_but_the_copy)
{
	struct xenvif_tx_slot s[] = {
		data(1, 0, 200, MORE), data(2, 0, 100, 0),
	};
	struct xenvif_tx_pkt pkt;

	/* parse() hands over an exact-size heap copy: ASan guards the rest. */
	XCHECK_EQ(parse(s, 2, &pkt), XENVIF_TX_OK);
	s[1].size = 4000;	/* the frontend rewrites the ring afterwards */
	XCHECK_EQ(pkt.first_len, 100);
}

XTEST(reason_strings_cover_every_reason)
{
	int r;

	for (r = 0; r < XENVIF_TXR_COUNT; r++)
		XCHECK(xenvif_tx_reason_str(r) != NULL);
	XCHECK_STR(xenvif_tx_reason_str(XENVIF_TXR_COUNT), "unknown");
}
