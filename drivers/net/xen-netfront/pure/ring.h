/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring.h - validation of what a netback writes into the shared rings.
 *
 * The backend owns the response half of both rings and may be hostile
 * (a driver domain, not dom0).  The kernel side copies every response out
 * of shared memory exactly once and hands the copy to these checks; only a
 * response that passes is acted on.  Every check returns 0 or a negative
 * XENNET_V_* code naming the violation, which the kernel side logs.
 */
#ifndef XENNET_PURE_RING_H
#define XENNET_PURE_RING_H

#include <xen/xendd-pure.h>
#include "idlist.h"

/* Xen pages are 4 KiB on every architecture (netif.h, grant_table.h). */
#define XENNET_XEN_PAGE_SIZE	4096u

/* Mirrors of netif.h values; the module checks them at build time. */
#define XENNET_RSP_DROPPED	(-2)
#define XENNET_RSP_ERROR	(-1)
#define XENNET_RSP_OKAY		0
#define XENNET_RSP_NULL		1

#define XENNET_RXF_DATA_VALIDATED	0x01
#define XENNET_RXF_CSUM_BLANK		0x02
#define XENNET_RXF_MORE_DATA		0x04
#define XENNET_RXF_EXTRA_INFO		0x08
#define XENNET_RXF_GSO_PREFIX		0x10

#define XENNET_EXTRA_TYPE_GSO		1
#define XENNET_EXTRA_TYPE_MAX		6
#define XENNET_EXTRA_FLAG_MORE		0x01
#define XENNET_GSO_TYPE_TCPV4		1
#define XENNET_GSO_TYPE_TCPV6		2

/*
 * Most slots one received packet may use: XEN_NETIF_NR_SLOTS_MIN data
 * slots plus a GSO and a hash extra.
 */
#define XENNET_RX_MAX_SLOTS		20

/* Violations, returned negated; xennet_violation_name() spells them. */
enum xennet_violation {
	XENNET_V_NONE = 0,
	XENNET_V_PROD_OVERFLOW,		/* rsp_prod beyond outstanding requests */
	XENNET_V_TX_ID_RANGE,		/* tx response id >= ring size */
	XENNET_V_TX_ID_NOT_PENDING,	/* tx response for an id not in flight */
	XENNET_V_TX_STATUS,		/* tx status not OKAY/ERROR/DROPPED/NULL */
	XENNET_V_RX_ID,			/* rx response id not the slot's own */
	XENNET_V_RX_NOT_PENDING,	/* rx response for a slot with no buffer */
	XENNET_V_RX_OFFSET,		/* offset + size beyond the page */
	XENNET_V_RX_SLOTS,		/* packet uses too many slots */
	XENNET_V_RX_INCOMPLETE,		/* packet continues past rsp_prod */
	XENNET_V_RX_EXTRA,		/* unknown or malformed extra info */
	XENNET_V_GRANT_BUSY,		/* backend still holds a grant it returned */
	XENNET_V_MAX,
};

const char *xennet_violation_name(int err);

int xennet_check_rsp_prod(u32 rsp_prod, u32 rsp_cons, u32 req_prod_pvt);
int xennet_check_tx_rsp(const struct xennet_idlist *ids, u16 id, s16 status);

/**
 * struct xennet_rx_rsp - one rx response as copied out of the ring.
 * @id: netif_rx_response.id
 * @offset: netif_rx_response.offset
 * @flags: netif_rx_response.flags (XENNET_RXF_*)
 * @status: byte count, or a negative XENNET_RSP_* error
 */
struct xennet_rx_rsp {
	u16 id;
	u16 offset;
	u16 flags;
	s16 status;
};

int xennet_check_rx_rsp(const struct xennet_rx_rsp *rsp, u16 expected_id,
			bool pending, bool first);
int xennet_check_rx_extra(u8 type, u8 flags, u8 gso_type, u16 gso_size);
int xennet_check_rx_slots(u32 slots, u32 avail);

bool xennet_event_spurious(u32 rsp_prod, u32 *prev_prod, u32 rsp_cons);

/*
 * How many responses past rsp_cons a lazy tx queue asks its event for:
 * half the ring, out of reach while transmits keep reaping.
 */
#define XENNET_TX_LAZY_EVENT		128u

u32 xennet_tx_event(u32 rsp_cons, u32 req_prod, bool lazy, bool stopped);

/* What to do with a granted page whose slot completed (see ring.c). */
enum xennet_release {
	XENNET_REL_FREE,	/* grant ended; free our bounce page */
	XENNET_REL_KEEP,	/* grant ended; the page belongs to the skb */
	XENNET_REL_DEFER,	/* still mapped: hand our page to the deferred list */
	XENNET_REL_DEFER_GET,	/* still mapped: lend a page reference, then defer */
};

enum xennet_release xennet_release_plan(bool grant_ended, bool owned);

#endif /* XENNET_PURE_RING_H */
