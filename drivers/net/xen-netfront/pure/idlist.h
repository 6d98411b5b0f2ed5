/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * idlist.h - the tx request id free list of one queue.
 *
 * Every tx request carries an id (netif_tx_request.id) in [0, ring size)
 * that the backend echoes in its response.  The list hands out free ids
 * and records which ones are in flight, so a response naming an id that
 * was never sent, or was already completed, is caught rather than acted
 * on (a hostile backend could otherwise make us free a buffer twice).
 */
#ifndef XENNET_PURE_IDLIST_H
#define XENNET_PURE_IDLIST_H

#include <xen/xendd-pure.h>

/* __CONST_RING_SIZE(xen_netif_tx, 4096); the module checks it. */
#define XENNET_RING_SIZE	256
#define XENNET_ID_NONE		0xffff

/**
 * struct xennet_idlist - free list and in-flight set of tx ids.
 * @next: link of the free list, XENNET_ID_NONE at its end
 * @pending: non-zero while the id is in flight
 * @head: first free id, or XENNET_ID_NONE when all are in flight
 * @nr_free: how many ids are free
 */
struct xennet_idlist {
	u16 next[XENNET_RING_SIZE];
	u8 pending[XENNET_RING_SIZE];
	u16 head;
	u16 nr_free;
};

void xennet_idlist_init(struct xennet_idlist *l);
int xennet_idlist_get(struct xennet_idlist *l);
int xennet_idlist_put(struct xennet_idlist *l, u16 id);
bool xennet_idlist_pending(const struct xennet_idlist *l, u16 id);

#endif /* XENNET_PURE_IDLIST_H */
