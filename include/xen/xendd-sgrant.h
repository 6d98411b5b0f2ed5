/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xendd-sgrant.h - static grants on the netif control ring, shared by
 * netback and netfront.
 *
 * Xen's public io/netif.h defines control messages 8 to 10 and the table
 * entry they carry ("Static Grants"); the netif.h that Linux ships stops at
 * message 7.  Both drivers take the wire format from here, once.
 *
 * A frontend that wants the backend to keep some of its grants mapped asks
 * GET_GREF_MAPPING_SIZE (data[0]: queue; the answer's data: how many
 * entries the backend keeps for that queue), then sends ADD_GREF_MAPPING
 * with data[0] the queue, data[1] the grant of a page that starts with the
 * table (struct xendd_netif_gref entries) and data[2] the number of
 * entries.  ADD is all or nothing: the response's status says whether every
 * entry was mapped.  DEL_GREF_MAPPING takes the same arguments, sets each
 * entry's status and answers with the number of entries removed.
 *
 * Pure code: only <xen/xendd-pure.h>.
 */
#ifndef XENDD_SGRANT_H
#define XENDD_SGRANT_H

#include <xen/xendd-pure.h>

#define XENDD_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE	8
#define XENDD_NETIF_CTRL_TYPE_ADD_GREF_MAPPING		9
#define XENDD_NETIF_CTRL_TYPE_DEL_GREF_MAPPING		10

/* Entry flag: the backend maps the grant read-only. */
#define XENDD_NETIF_GREF_READONLY	0x1U

/**
 * struct xendd_netif_gref - one entry of an ADD or DEL table (8 bytes)
 * @ref: the grant reference (in)
 * @flags: XENDD_NETIF_GREF_* (in)
 * @status: XEN_NETIF_CTRL_STATUS_* of this entry (out, DEL only)
 */
struct xendd_netif_gref {
	u32 ref;
	u16 flags;
	u16 status;
};

/* netif.h: 8-byte entries; the users assert it (static_assert differs by host). */

#endif /* XENDD_SGRANT_H */
