/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sgrant.h - the control ring and the static-grant upgrade of an rx
 * queue: checks on what the backend answers, and the decisions taken on
 * them (see sgrant.c, and ctrl.c / sgrant.c in the driver for the kernel
 * side).
 *
 * Wire format: netif.h "Control ring" (struct xen_netif_ctrl_request and
 * _response) and include/xen/xendd-sgrant.h (messages 8-10).
 */
#ifndef XENNET_PURE_SGRANT_H
#define XENNET_PURE_SGRANT_H

#include <xen/xendd-pure.h>
#include <xen/xendd-sgrant.h>

/* Mirrors of netif.h's XEN_NETIF_CTRL_STATUS_*; checked at build time. */
#define XENNET_CTRL_STATUS_SUCCESS		0
#define XENNET_CTRL_STATUS_NOT_SUPPORTED	1
#define XENNET_CTRL_STATUS_INVALID_PARAMETER	2
#define XENNET_CTRL_STATUS_BUFFER_OVERFLOW	3

/* Requests on a ctrl ring page (netif.h: 4 KiB page, 16-byte entries). */
#define XENNET_CTRL_RING_SIZE	128u

/**
 * struct xennet_ctrl_rsp - a control response as copied out of the ring.
 * @id: xen_netif_ctrl_response.id
 * @type: xen_netif_ctrl_response.type
 * @status: xen_netif_ctrl_response.status
 * @data: xen_netif_ctrl_response.data
 */
struct xennet_ctrl_rsp {
	u16 id;
	u16 type;
	u32 status;
	u32 data;
};

int xennet_ctrl_rsp_ready(u32 rsp_prod, u32 rsp_cons, u32 req_prod_pvt);
int xennet_check_ctrl_rsp(const struct xennet_ctrl_rsp *rsp, u16 id,
			  u16 type);

/* What GET_GREF_MAPPING_SIZE's answer means for a queue. */
enum xennet_sg_verdict {
	XENNET_SG_UPGRADE,		/* go ahead: send ADD */
	XENNET_SG_UNSUPPORTED,		/* NOT_SUPPORTED (mainline netback) */
	XENNET_SG_TOO_SMALL,		/* fewer entries than rx ring slots */
	XENNET_SG_REFUSED,		/* any other status */
};

enum xennet_sg_verdict xennet_sgrant_verdict(u32 status, u32 size,
					     u32 ring_size);
const char *xennet_sgrant_verdict_name(enum xennet_sg_verdict v);
bool xennet_sgrant_due(u32 packets, u32 threshold);
int xennet_sgrant_fill_table(struct xendd_netif_gref *table, u32 room,
			     const u32 *refs, u32 n);

#endif /* XENNET_PURE_SGRANT_H */
