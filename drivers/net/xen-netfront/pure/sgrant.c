// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgrant.c - control-ring response checks and the static-grant decisions
 * (see sgrant.h).  Every input was copied out of shared memory by the
 * caller, once.
 */
#include <xen/xendd-pure.h>
#include <xen/xendd-sgrant.h>
#include "sgrant.h"

/**
 * xennet_ctrl_rsp_ready() - is the response to our request in?
 * @rsp_prod: the ctrl sring's rsp_prod, read once
 * @rsp_cons: our consumer index
 * @req_prod_pvt: our request producer index
 *
 * We keep at most one request outstanding, so a plausible backend has
 * answered nothing or exactly the outstanding requests; anything else
 * (going backwards, answering requests we never made) is a protocol
 * violation.
 *
 * Return: 1 when a response waits, 0 when none does, -EINVAL when
 * @rsp_prod is outside the outstanding requests.
 */
int xennet_ctrl_rsp_ready(u32 rsp_prod, u32 rsp_cons, u32 req_prod_pvt)
{
	u32 unconsumed = rsp_prod - rsp_cons;
	u32 outstanding = req_prod_pvt - rsp_cons;

	if (outstanding > XENNET_CTRL_RING_SIZE || unconsumed > outstanding)
		return -EINVAL;
	return unconsumed ? 1 : 0;
}

/**
 * xennet_check_ctrl_rsp() - does a response answer our request?
 * @rsp: the response, copied out of the ring
 * @id: the id of our request
 * @type: the XEN_NETIF_CTRL_TYPE_* of our request
 *
 * Only the id and the type are checked here; @rsp->status and @rsp->data
 * are the backend's word and each caller bounds what it does with them.
 *
 * Return: 0, or -EINVAL for a response to something else.
 */
int xennet_check_ctrl_rsp(const struct xennet_ctrl_rsp *rsp, u16 id, u16 type)
{
	if (rsp->id != id || rsp->type != type)
		return -EINVAL;
	return 0;
}

/**
 * xennet_sgrant_verdict() - may a queue go on to ADD_GREF_MAPPING?
 * @status: GET_GREF_MAPPING_SIZE's response status
 * @size: its data: how many entries the backend keeps for the queue
 * @ring_size: rx ring slots of the queue (one static grant each)
 *
 * Return: XENNET_SG_UPGRADE when the backend said SUCCESS and keeps at
 * least one entry per rx ring slot, else why not.
 */
enum xennet_sg_verdict xennet_sgrant_verdict(u32 status, u32 size,
					     u32 ring_size)
{
	if (status == XENNET_CTRL_STATUS_NOT_SUPPORTED)
		return XENNET_SG_UNSUPPORTED;
	if (status != XENNET_CTRL_STATUS_SUCCESS)
		return XENNET_SG_REFUSED;
	if (size < ring_size)
		return XENNET_SG_TOO_SMALL;
	return XENNET_SG_UPGRADE;
}

/**
 * xennet_sgrant_verdict_name() - words for a verdict, for the log.
 * @v: the verdict
 *
 * Return: a static string.
 */
const char *xennet_sgrant_verdict_name(enum xennet_sg_verdict v)
{
	switch (v) {
	case XENNET_SG_UPGRADE:
		return "supported";
	case XENNET_SG_UNSUPPORTED:
		return "backend does not support them";
	case XENNET_SG_TOO_SMALL:
		return "backend keeps fewer than one per rx slot";
	case XENNET_SG_REFUSED:
		return "backend refused the size request";
	}
	return "unknown";
}

/**
 * xennet_sgrant_due() - has a queue carried enough traffic to upgrade?
 * @packets: rx packets the queue received on this connection
 * @threshold: the static_grants_after parameter; 0 means at once
 *
 * Return: true once @packets reached @threshold.
 */
bool xennet_sgrant_due(u32 packets, u32 threshold)
{
	return packets >= threshold;
}

/**
 * xennet_sgrant_fill_table() - write an ADD_GREF_MAPPING table.
 * @table: the entries, in the page granted to the backend
 * @room: entries @table can hold
 * @refs: the grant of each rx ring slot's static page
 * @n: number of entries
 *
 * Every entry is granted read-write (no XENDD_NETIF_GREF_READONLY): the
 * backend copies received packets into them.
 *
 * Return: 0, or -EINVAL when @n entries do not fit @room or @n is 0.
 */
int xennet_sgrant_fill_table(struct xendd_netif_gref *table, u32 room,
			     const u32 *refs, u32 n)
{
	u32 i;

	if (!n || n > room)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		table[i].ref = refs[i];
		table[i].flags = 0;
		table[i].status = 0;
	}
	return 0;
}
