// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/tx.c - guest-TX request chain parsing and validation.
 *
 * A chain on the TX ring (netif.h "Guest transmit") is a first slot whose
 * size is the whole packet, then the extra-info slots its
 * XEN_NETTXF_extra_info flag announces, then one slot per further
 * fragment while XEN_NETTXF_more_data is set.  Every rule below is checked
 * on the caller's private copy of the slots, never on the shared ring.
 */
#include <xen/xendd-pure.h>
#include "tx.h"

static const char *const xenvif_tx_reasons[XENVIF_TXR_COUNT] = {
	[XENVIF_TXR_NONE]		= "no error",
	[XENVIF_TXR_RUNT]		= "packet shorter than an Ethernet header",
	[XENVIF_TXR_OVERSIZE_SLOTS]	= "packet uses more slots than supported",
	[XENVIF_TXR_FRAG_TOO_BIG]	= "fragments larger than the packet",
	[XENVIF_TXR_TOO_MANY_SLOTS]	= "too many slots in one packet",
	[XENVIF_TXR_CROSS_PAGE]		= "slot data crosses the page boundary",
	[XENVIF_TXR_BAD_EXTRA_TYPE]	= "bad extra-info type",
	[XENVIF_TXR_DUP_EXTRA]		= "duplicate extra-info type",
	[XENVIF_TXR_GSO_SIZE_ZERO]	= "GSO size is zero",
	[XENVIF_TXR_GSO_BAD_TYPE]	= "bad GSO type",
	[XENVIF_TXR_TRUNCATED]		= "request chain not terminated",
};

/**
 * xenvif_tx_reason_str() - a short text for a drop or fatal reason.
 * @reason: the reason from struct xenvif_tx_pkt
 *
 * Return: a constant string, never NULL.
 */
const char *xenvif_tx_reason_str(enum xenvif_tx_reason reason)
{
	if ((unsigned int)reason >= XENVIF_TXR_COUNT)
		return "unknown";
	return xenvif_tx_reasons[reason];
}

/**
 * xenvif_ring_unconsumed() - requests published but not yet consumed.
 * @prod: the frontend's req_prod, read once
 * @cons: our req_cons
 * @ring_size: entries in the ring
 *
 * The indices are free-running and wrap at 2^32.  A producer more than a
 * ring ahead of the consumer can only be a hostile or broken frontend.
 *
 * Return: the number of requests to consume, or -EINVAL when @prod is
 * more than @ring_size ahead of @cons.
 */
int xenvif_ring_unconsumed(u32 prod, u32 cons, u32 ring_size)
{
	u32 n = prod - cons;

	if (n > ring_size)
		return -EINVAL;
	return (int)n;
}

/**
 * xenvif_tx_decode_extra() - read a slot as struct xen_netif_extra_info.
 * @slot: the copied slot
 * @extra: decoded result
 *
 * The extra-info layout overlays the request: type and flags bytes, then
 * a six-byte union (gso {size, type, pad, features}, mcast {addr[6]},
 * hash {type, pad, value[4]}).
 */
void xenvif_tx_decode_extra(const struct xenvif_tx_slot *slot,
			    struct xenvif_tx_extra *extra)
{
	u8 raw[sizeof(*slot)];

	memcpy(raw, slot, sizeof(raw));
	memset(extra, 0, sizeof(*extra));
	extra->type = raw[0];
	extra->flags = raw[1];
	memcpy(&extra->gso_size, &raw[2], sizeof(extra->gso_size));
	extra->gso_type = raw[4];
	memcpy(extra->addr, &raw[2], sizeof(extra->addr));
	extra->hash_type = raw[2];
	memcpy(&extra->hash_value, &raw[4], sizeof(extra->hash_value));
}

static enum xenvif_tx_verdict xenvif_tx_verdict(struct xenvif_tx_pkt *pkt,
						enum xenvif_tx_verdict v,
						enum xenvif_tx_reason r)
{
	pkt->verdict = v;
	pkt->reason = r;
	return v;
}

/* Check one extra and record it; returns false on a fatal error. */
static bool xenvif_tx_take_extra(struct xenvif_tx_pkt *pkt,
				 const struct xenvif_tx_extra *ex)
{
	if (ex->type == XENVIF_EXTRA_TYPE_NONE ||
	    ex->type >= XENVIF_EXTRA_TYPE_MAX) {
		xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
				  XENVIF_TXR_BAD_EXTRA_TYPE);
		return false;
	}
	if (pkt->extra_mask & (1U << ex->type)) {
		xenvif_tx_verdict(pkt, XENVIF_TX_FATAL, XENVIF_TXR_DUP_EXTRA);
		return false;
	}
	pkt->extra_mask |= 1U << ex->type;

	switch (ex->type) {
	case XENVIF_EXTRA_TYPE_GSO:
		if (ex->gso_type != XENVIF_GSO_TYPE_TCPV4 &&
		    ex->gso_type != XENVIF_GSO_TYPE_TCPV6) {
			xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
					  XENVIF_TXR_GSO_BAD_TYPE);
			return false;
		}
		if (ex->gso_size == 0) {
			xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
					  XENVIF_TXR_GSO_SIZE_ZERO);
			return false;
		}
		pkt->gso = *ex;
		break;
	case XENVIF_EXTRA_TYPE_MCAST_ADD:
		pkt->mcast_add = *ex;
		break;
	case XENVIF_EXTRA_TYPE_MCAST_DEL:
		pkt->mcast_del = *ex;
		break;
	case XENVIF_EXTRA_TYPE_HASH:
		pkt->hash = *ex;
		break;
	default:
		/* XDP headroom is a backend-to-frontend extra: ignored here. */
		break;
	}
	return true;
}

/**
 * xenvif_tx_parse() - parse and validate the chain starting at @slots[0].
 * @slots: private copies of the slots from the consumer index on
 * @avail: number of slots in @slots
 * @lim: slot limits
 * @pkt: result
 *
 * Slot limits count the data slots after the first (struct
 * xenvif_tx_limits).  Fatal rules (the caller disables the vif,
 * XSA-39/90): a chain announcing more than @lim->fatal_slots slots after
 * the first (caught as soon as the slot after the limit is announced,
 * published or not), any slot whose offset + size passes the page, an
 * extra of type 0 or unknown, the same extra twice, a GSO extra with
 * size 0 or an unknown type.  Drop rules (every slot is answered with an
 * error and the ring goes on): fragments adding up to more than the
 * packet, more than @lim->max_slots slots after the first, a packet
 * shorter than an Ethernet header.  Zero-length fragments are valid
 * (XSA-448).  A chain that runs past @avail is XENVIF_TX_INCOMPLETE; the
 * slot limit is checked first, so a window of more than 1 + fatal_slots
 * plus the extra types never yields it for a chain that starts at
 * @slots[0] unless the frontend stopped publishing in the middle of a
 * packet.
 *
 * Return: the verdict, also stored in @pkt->verdict.
 */
enum xenvif_tx_verdict xenvif_tx_parse(const struct xenvif_tx_slot *slots,
				       unsigned int avail,
				       const struct xenvif_tx_limits *lim,
				       struct xenvif_tx_pkt *pkt)
{
	const struct xenvif_tx_slot *first = &slots[0];
	struct xenvif_tx_extra ex;
	unsigned int idx = 1, frag_bytes = 0;
	u16 more;

	memset(pkt, 0, sizeof(*pkt));
	if (avail == 0)
		return xenvif_tx_verdict(pkt, XENVIF_TX_INCOMPLETE,
					 XENVIF_TXR_TRUNCATED);

	pkt->flags = first->flags;
	pkt->len = first->size;
	pkt->nr_slots = 1;

	if (first->flags & XENVIF_TXF_EXTRA_INFO) {
		do {
			if (idx >= avail)
				return xenvif_tx_verdict(pkt,
							 XENVIF_TX_INCOMPLETE,
							 XENVIF_TXR_TRUNCATED);
			xenvif_tx_decode_extra(&slots[idx++], &ex);
			pkt->nr_extras++;
			if (!xenvif_tx_take_extra(pkt, &ex))
				return pkt->verdict;
		} while (ex.flags & XENVIF_EXTRA_FLAG_MORE);
	}

	more = first->flags & XENVIF_TXF_MORE_DATA;
	while (more) {
		const struct xenvif_tx_slot *s;

		/* nr_slots - 1 slots after the first so far, and one more announced. */
		if (pkt->nr_slots - 1 >= lim->fatal_slots)
			return xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
						 XENVIF_TXR_TOO_MANY_SLOTS);
		if (idx >= avail)
			return xenvif_tx_verdict(pkt, XENVIF_TX_INCOMPLETE,
						 XENVIF_TXR_TRUNCATED);
		s = &slots[idx++];
		pkt->nr_slots++;
		if ((u32)s->offset + s->size > XENVIF_PAGE_SIZE)
			return xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
						 XENVIF_TXR_CROSS_PAGE);
		frag_bytes += s->size;
		more = s->flags & XENVIF_TXF_MORE_DATA;
	}
	if (frag_bytes <= pkt->len) {
		pkt->first_len = pkt->len - frag_bytes;
		if ((u32)first->offset + pkt->first_len > XENVIF_PAGE_SIZE)
			return xenvif_tx_verdict(pkt, XENVIF_TX_FATAL,
						 XENVIF_TXR_CROSS_PAGE);
	}
	/* From here on the chain is consumed, answered or delivered. */
	pkt->consumed = idx;
	if (frag_bytes > pkt->len)
		return xenvif_tx_verdict(pkt, XENVIF_TX_DROP,
					 XENVIF_TXR_FRAG_TOO_BIG);
	if (pkt->nr_slots - 1 > lim->max_slots)
		return xenvif_tx_verdict(pkt, XENVIF_TX_DROP,
					 XENVIF_TXR_OVERSIZE_SLOTS);
	if (pkt->len < XENVIF_ETH_HLEN)
		return xenvif_tx_verdict(pkt, XENVIF_TX_DROP, XENVIF_TXR_RUNT);
	return xenvif_tx_verdict(pkt, XENVIF_TX_OK, XENVIF_TXR_NONE);
}

/**
 * xenvif_tx_data_index() - where the @i-th data slot of a chain sits.
 * @pkt: a parsed chain
 * @i: 0 for the first slot, 1.. for the fragments
 *
 * Return: the index into the slot array the chain was parsed from.
 */
unsigned int xenvif_tx_data_index(const struct xenvif_tx_pkt *pkt,
				  unsigned int i)
{
	return i == 0 ? 0 : pkt->nr_extras + i;
}

/**
 * xenvif_tx_slot_len() - bytes carried by the @i-th data slot.
 * @slots: the slot array the chain was parsed from
 * @pkt: the parsed chain (verdict XENVIF_TX_OK or XENVIF_TX_DROP)
 * @i: data slot number, 0 for the first
 *
 * Return: the first slot's share of the packet, or a fragment's size.
 */
u16 xenvif_tx_slot_len(const struct xenvif_tx_slot *slots,
		       const struct xenvif_tx_pkt *pkt, unsigned int i)
{
	if (i == 0)
		return (u16)pkt->first_len;
	return slots[xenvif_tx_data_index(pkt, i)].size;
}
