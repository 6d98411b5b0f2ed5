/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/tx.h - guest-TX request chains: ring index checks, chain parsing
 * and validation, extras and GSO metadata.
 *
 * The kernel copies each request out of the shared ring exactly once
 * (XSA-155) into an array of struct xenvif_tx_slot and hands the array
 * here; everything decided about a packet is decided from that copy.
 */
#ifndef XENVIF_PURE_TX_H
#define XENVIF_PURE_TX_H

#include <xen/xendd-pure.h>

/* The Xen page the ring protocol is defined on (netif.h XEN_PAGE_SIZE). */
#define XENVIF_PAGE_SIZE	4096U
#define XENVIF_ETH_HLEN		14U

/* netif.h XEN_NETTXF_* (the kernel asserts the values match). */
#define XENVIF_TXF_CSUM_BLANK		0x1U
#define XENVIF_TXF_DATA_VALIDATED	0x2U
#define XENVIF_TXF_MORE_DATA		0x4U
#define XENVIF_TXF_EXTRA_INFO		0x8U

/* netif.h XEN_NETIF_EXTRA_* */
#define XENVIF_EXTRA_TYPE_NONE		0U
#define XENVIF_EXTRA_TYPE_GSO		1U
#define XENVIF_EXTRA_TYPE_MCAST_ADD	2U
#define XENVIF_EXTRA_TYPE_MCAST_DEL	3U
#define XENVIF_EXTRA_TYPE_HASH		4U
#define XENVIF_EXTRA_TYPE_XDP		5U
#define XENVIF_EXTRA_TYPE_MAX		6U
#define XENVIF_EXTRA_FLAG_MORE		0x1U

/* netif.h XEN_NETIF_GSO_TYPE_* */
#define XENVIF_GSO_TYPE_NONE		0U
#define XENVIF_GSO_TYPE_TCPV4		1U
#define XENVIF_GSO_TYPE_TCPV6		2U

/**
 * struct xenvif_tx_slot - one ring slot, laid out as netif.h's
 *	struct xen_netif_tx_request (the kernel asserts the layout).
 * @gref: grant reference of the page holding the data
 * @offset: offset of the data in that page
 * @flags: XENVIF_TXF_*
 * @id: echoed in the response
 * @size: first slot: the whole packet's length; others: this slot's
 *
 * A slot following one with XENVIF_TXF_EXTRA_INFO (or an extra with
 * XENVIF_EXTRA_FLAG_MORE) holds a struct xen_netif_extra_info in its
 * first eight bytes instead; xenvif_tx_decode_extra() reads it.
 */
struct xenvif_tx_slot {
	u32 gref;
	u16 offset;
	u16 flags;
	u16 id;
	u16 size;
};

/**
 * struct xenvif_tx_extra - a decoded struct xen_netif_extra_info.
 * @type: XENVIF_EXTRA_TYPE_*
 * @flags: XENVIF_EXTRA_FLAG_*
 * @gso_size: GSO: MSS
 * @gso_type: GSO: XENVIF_GSO_TYPE_*
 * @addr: MCAST_ADD/MCAST_DEL: the Ethernet address
 * @hash_value: HASH: the frontend-computed hash
 * @hash_type: HASH: netif.h _XEN_NETIF_CTRL_HASH_TYPE_* bit number
 */
struct xenvif_tx_extra {
	u8 type;
	u8 flags;
	u16 gso_size;
	u8 gso_type;
	u8 addr[6];
	u32 hash_value;
	u8 hash_type;
};

/* How a chain is to be treated. */
enum xenvif_tx_verdict {
	XENVIF_TX_OK,		/* build and deliver the packet */
	XENVIF_TX_DROP,		/* benign but unusable: answer every slot with an error */
	XENVIF_TX_FATAL,	/* protocol violation: disable the vif (XSA-39/90) */
	XENVIF_TX_INCOMPLETE,	/* the chain runs past the slots given */
};

/* Why a chain was dropped or found fatal; see xenvif_tx_reason_str(). */
enum xenvif_tx_reason {
	XENVIF_TXR_NONE,
	XENVIF_TXR_RUNT,		/* drop: shorter than an Ethernet header */
	XENVIF_TXR_OVERSIZE_SLOTS,	/* drop: more slots than a packet may use */
	XENVIF_TXR_FRAG_TOO_BIG,	/* drop: fragments add up to more than the packet */
	XENVIF_TXR_TOO_MANY_SLOTS,	/* fatal: more slots than fatal_skb_slots */
	XENVIF_TXR_CROSS_PAGE,		/* fatal: offset + size beyond the page */
	XENVIF_TXR_BAD_EXTRA_TYPE,	/* fatal: extra of type 0 or unknown */
	XENVIF_TXR_DUP_EXTRA,		/* fatal: the same extra type twice */
	XENVIF_TXR_GSO_SIZE_ZERO,	/* fatal: GSO extra with size 0 */
	XENVIF_TXR_GSO_BAD_TYPE,	/* fatal: GSO extra with an unknown type */
	XENVIF_TXR_TRUNCATED,		/* the chain is not terminated */
	XENVIF_TXR_COUNT,
};

/**
 * struct xenvif_tx_limits - the limits a chain is checked against.
 * @max_slots: data slots after the first a packet may use; above it the
 *	packet is dropped (netif.h's XEN_NETIF_NR_SLOTS_MIN, mainline's
 *	XEN_NETBK_LEGACY_SLOTS_MAX)
 * @fatal_slots: data slots after the first above which the frontend is
 *	deemed hostile (the fatal_skb_slots parameter)
 *
 * Both count the slots that follow the first data slot, as the protocol
 * and mainline do: with 18 and 20 a chain of 19 data slots is delivered,
 * 20 and 21 are dropped, and a chain announcing a 22nd is fatal.  Extras
 * are not counted.
 */
struct xenvif_tx_limits {
	unsigned int max_slots;
	unsigned int fatal_slots;
};

/**
 * struct xenvif_tx_pkt - what xenvif_tx_parse() learnt about one chain.
 * @verdict: enum xenvif_tx_verdict
 * @reason: enum xenvif_tx_reason, for the log line
 * @consumed: slots the chain occupies (data and extras); valid unless
 *	the verdict is XENVIF_TX_INCOMPLETE
 * @nr_slots: data slots, the first included
 * @nr_extras: extra-info slots; they follow the first slot
 * @len: the packet's length (the first slot's size field)
 * @first_len: bytes carried by the first slot
 * @flags: the first slot's XENVIF_TXF_* flags
 * @extra_mask: bit (1 << type) set for each extra seen
 * @gso: the GSO extra, if (extra_mask & (1 << XENVIF_EXTRA_TYPE_GSO))
 * @mcast_add: the MCAST_ADD extra, likewise
 * @mcast_del: the MCAST_DEL extra, likewise
 * @hash: the HASH extra, likewise
 */
struct xenvif_tx_pkt {
	enum xenvif_tx_verdict verdict;
	enum xenvif_tx_reason reason;
	unsigned int consumed;
	unsigned int nr_slots;
	unsigned int nr_extras;
	unsigned int len;
	unsigned int first_len;
	u16 flags;
	u16 extra_mask;
	struct xenvif_tx_extra gso;
	struct xenvif_tx_extra mcast_add;
	struct xenvif_tx_extra mcast_del;
	struct xenvif_tx_extra hash;
};

int xenvif_ring_unconsumed(u32 prod, u32 cons, u32 ring_size);
void xenvif_tx_decode_extra(const struct xenvif_tx_slot *slot,
			    struct xenvif_tx_extra *extra);
enum xenvif_tx_verdict xenvif_tx_parse(const struct xenvif_tx_slot *slots,
				       unsigned int avail,
				       const struct xenvif_tx_limits *lim,
				       struct xenvif_tx_pkt *pkt);
unsigned int xenvif_tx_data_index(const struct xenvif_tx_pkt *pkt,
				  unsigned int i);
u16 xenvif_tx_slot_len(const struct xenvif_tx_slot *slots,
		       const struct xenvif_tx_pkt *pkt, unsigned int i);
const char *xenvif_tx_reason_str(enum xenvif_tx_reason reason);

#endif /* XENVIF_PURE_TX_H */
