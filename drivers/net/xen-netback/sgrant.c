// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgrant.c - static grants (netif.h "Static Grants", control messages
 * 8-10): grants of the frontend's guest-RX buffers that this backend keeps
 * mapped, so guest RX fills them with memcpy instead of a grant copy.
 *
 * Each queue has a table (pure/sgrant.c) from grant reference to a slot of
 * its page and handle arrays.  The control work is the only writer; guest
 * RX reads it.  Both hold the queue's rx_lock while they touch the table
 * and the arrays, so a grant removed under the lock is no longer written
 * once the lock is released, and is unmapped after.  Mapping and unmapping
 * (hypercalls that may sleep in gnttab_alloc_pages) happen outside it.
 *
 * The frontend only ever exposes pages it chose to grant, and each queue
 * keeps at most static_grants of them mapped: what a frontend can make
 * this domain hold is bounded by the parameter, whatever it sends.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <xen/xendd-sgrant.h>

#include "common.h"

unsigned int xenvif_static_grants = XENVIF_RX_RING_SIZE;
module_param_named(static_grants, xenvif_static_grants, uint, 0644);
MODULE_PARM_DESC(static_grants,
		 "Grants per queue a frontend may ask to keep mapped for guest RX (netif.h static grants; 0: off; at most 1024; default: 256, the RX ring)");

/* Unmap operations per hypercall, on the stack. */
#define XENVIF_SGRANT_UNMAP_BATCH	16

/*
 * struct xenvif_sgrant_scratch - per-vif room for one ADD or DEL, used by
 * the control work only.
 */
struct xenvif_sgrant_scratch {
	struct gnttab_map_grant_ref map[XENVIF_SGRANT_PER_PAGE];
	struct page *pages[XENVIF_SGRANT_PER_PAGE];
	grant_handle_t handles[XENVIF_SGRANT_PER_PAGE];
	u32 refs[XENVIF_SGRANT_PER_PAGE];
};

static unsigned long xenvif_sgrant_vaddr(struct page *page)
{
	return (unsigned long)pfn_to_kaddr(page_to_pfn(page));
}

/* Unmap and free at most XENVIF_SGRANT_UNMAP_BATCH mapped pages. */
static void xenvif_sgrant_unmap_batch(struct xenvif *vif, struct page **pages,
				      const grant_handle_t *handles,
				      unsigned int n)
{
	struct gnttab_unmap_grant_ref op[XENVIF_SGRANT_UNMAP_BATCH];
	struct page *done[XENVIF_SGRANT_UNMAP_BATCH];
	unsigned int i, nr_done = 0;

	for (i = 0; i < n; i++)
		gnttab_set_unmap_op(&op[i], xenvif_sgrant_vaddr(pages[i]),
				    GNTMAP_host_map, handles[i]);
	if (gnttab_unmap_refs(op, NULL, pages, n)) {
		/* A page still mapped must not be reused: keep it. */
		netdev_err(vif->dev, "unmapping %u static grants failed; pages kept\n", n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (op[i].status == GNTST_okay)
			done[nr_done++] = pages[i];
		else
			netdev_err(vif->dev, "unmapping a static grant: status %d; page kept\n",
				   op[i].status);
	}
	gnttab_free_pages(nr_done, done);
}

/* Unmap and free @n mapped pages. */
static void xenvif_sgrant_unmap(struct xenvif *vif, struct page **pages,
				const grant_handle_t *handles, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i += k) {
		k = min(n - i, XENVIF_SGRANT_UNMAP_BATCH);
		xenvif_sgrant_unmap_batch(vif, pages + i, handles + i, k);
	}
}

/* The queue's arrays and table, for @cap entries, at the first ADD. */
static int xenvif_sgrant_queue_alloc(struct xenvif_queue *queue,
				     unsigned int cap)
{
	struct xenvif_sgrant_queue *sg = &queue->sgrant;
	struct xenvif_sgrant_entry *entries;
	grant_handle_t *handles;
	struct page **pages;
	u16 *free;
	void *mem;

	mem = kvzalloc(cap * (sizeof(*pages) + sizeof(*entries) +
			      sizeof(*handles) + sizeof(*free)), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	pages = mem;
	entries = (void *)(pages + cap);
	handles = (void *)(entries + cap);
	free = (void *)(handles + cap);

	spin_lock_bh(&queue->rx_lock);
	sg->mem = mem;
	sg->pages = pages;
	sg->handles = handles;
	xenvif_sgrant_init(&sg->table, entries, free, cap);
	spin_unlock_bh(&queue->rx_lock);
	return 0;
}

/*
 * ADD_GREF_MAPPING: map the @n grants of the table at @tref, all or none.
 * Everything is checked before the first map; a map Xen refuses undoes
 * the others.
 */
static u32 xenvif_sgrant_add(struct xenvif *vif, struct xenvif_queue *queue,
			     grant_ref_t tref, u32 n)
{
	struct xenvif_sgrant_scratch *s = vif->sgrant_scratch;
	struct xenvif_sgrant_queue *sg = &queue->sgrant;
	struct xendd_netif_gref *tbl = vif->ctrl_buf;
	unsigned int i, ok, left = 0;
	bool failed = false;
	int err;

	if (xenvif_sgrant_check_del(&sg->table, n) != XENVIF_CTRL_SUCCESS ||
	    n > vif->sgrant_cap)
		return XENVIF_CTRL_INVALID_PARAMETER;
	if (!sg->mem && xenvif_sgrant_queue_alloc(queue, vif->sgrant_cap))
		return XENVIF_CTRL_INVALID_PARAMETER;
	if (xenvif_ctrl_copy(vif, tref, tbl, n * sizeof(*tbl), false))
		return XENVIF_CTRL_INVALID_PARAMETER;
	/* Only this work changes the table: the check holds until the insert. */
	if (xenvif_sgrant_check_add(&sg->table, tbl, n, s->refs) != XENVIF_CTRL_SUCCESS)
		return XENVIF_CTRL_INVALID_PARAMETER;

	if (gnttab_alloc_pages(n, s->pages)) {
		if (net_ratelimit())
			netdev_warn(vif->dev, "queue %u: no pages to map %u static grants\n",
				    queue->id, n);
		return XENVIF_CTRL_INVALID_PARAMETER;
	}
	for (i = 0; i < n; i++) {
		u32 flags = GNTMAP_host_map;

		if (tbl[i].flags & XENDD_NETIF_GREF_READONLY)
			flags |= GNTMAP_readonly;
		gnttab_set_map_op(&s->map[i], xenvif_sgrant_vaddr(s->pages[i]),
				  flags, tbl[i].ref, vif->domid);
		s->map[i].status = GNTST_general_error;
	}
	err = gnttab_map_refs(s->map, NULL, s->pages, n);
	for (i = 0; i < n; i++)
		if (s->map[i].status != GNTST_okay)
			failed = true;

	if (err || failed) {
		/* The mapped ones to the front, to be unmapped; free the rest. */
		for (i = 0, ok = 0; i < n; i++) {
			if (s->map[i].status != GNTST_okay)
				continue;
			swap(s->pages[ok], s->pages[i]);
			s->handles[ok++] = s->map[i].handle;
		}
		xenvif_sgrant_unmap(vif, s->pages, s->handles, ok);
		gnttab_free_pages(n - ok, s->pages + ok);
		if (net_ratelimit())
			netdev_warn(vif->dev, "queue %u: static grant ADD of %u refused by Xen (%d)\n",
				    queue->id, n, err);
		return XENVIF_CTRL_INVALID_PARAMETER;
	}

	spin_lock_bh(&queue->rx_lock);
	for (i = 0; i < n; i++) {
		int slot = xenvif_sgrant_insert(&sg->table, tbl[i].ref, tbl[i].flags);

		if (slot < 0) {
			/* Not reached: checked above, and nothing else inserts. */
			s->handles[left] = s->map[i].handle;
			s->pages[left++] = s->pages[i];
			continue;
		}
		sg->pages[slot] = s->pages[i];
		sg->handles[slot] = s->map[i].handle;
	}
	spin_unlock_bh(&queue->rx_lock);
	if (left) {
		xenvif_sgrant_unmap(vif, s->pages, s->handles, left);
		return XENVIF_CTRL_INVALID_PARAMETER;
	}
	return XENVIF_CTRL_SUCCESS;
}

/*
 * DEL_GREF_MAPPING: unmap the grants of the table at @tref that are
 * mapped, set each entry's status and copy the table back.  The grants
 * are unmapped before the response, so the frontend may end their access
 * as soon as it reads it.
 */
static u32 xenvif_sgrant_del(struct xenvif *vif, struct xenvif_queue *queue,
			     grant_ref_t tref, u32 n, u32 *removed)
{
	struct xenvif_sgrant_scratch *s = vif->sgrant_scratch;
	struct xenvif_sgrant_queue *sg = &queue->sgrant;
	struct xendd_netif_gref *tbl = vif->ctrl_buf;
	unsigned int i, k = 0;

	if (xenvif_sgrant_check_del(&sg->table, n) != XENVIF_CTRL_SUCCESS)
		return XENVIF_CTRL_INVALID_PARAMETER;
	if (xenvif_ctrl_copy(vif, tref, tbl, n * sizeof(*tbl), false))
		return XENVIF_CTRL_INVALID_PARAMETER;

	spin_lock_bh(&queue->rx_lock);
	for (i = 0; i < n; i++) {
		int slot = sg->mem ? xenvif_sgrant_remove(&sg->table, tbl[i].ref) :
				     -ENOENT;

		if (slot < 0) {
			tbl[i].status = XENVIF_CTRL_INVALID_PARAMETER;
			continue;
		}
		tbl[i].status = XENVIF_CTRL_SUCCESS;
		s->pages[k] = sg->pages[slot];
		s->handles[k++] = sg->handles[slot];
		sg->pages[slot] = NULL;
	}
	spin_unlock_bh(&queue->rx_lock);
	xenvif_sgrant_unmap(vif, s->pages, s->handles, k);

	*removed = k;
	if (xenvif_ctrl_copy(vif, tref, tbl, n * sizeof(*tbl), true))
		return XENVIF_CTRL_INVALID_PARAMETER;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_sgrant_ctrl() - serve control messages 8-10 (static grants).
 * @vif: the vif; called from its control work only
 * @type: XENDD_NETIF_CTRL_TYPE_{GET,ADD,DEL}_GREF_MAPPING*
 * @data: the request's data[0..2]: queue, table grant, entries
 * @rdata: the response's data: the capacity (GET), entries removed (DEL)
 *
 * Return: a XEN_NETIF_CTRL_STATUS_* value; NOT_SUPPORTED while
 * static_grants was 0 when the control ring connected.
 */
u32 xenvif_sgrant_ctrl(struct xenvif *vif, u32 type, const u32 *data,
		       u32 *rdata)
{
	unsigned int num = READ_ONCE(vif->num_queues);
	struct xenvif_queue *queue;

	*rdata = 0;
	if (!vif->sgrant_cap)
		return XENVIF_CTRL_NOT_SUPPORTED;
	if (data[0] >= num)
		return XENVIF_CTRL_INVALID_PARAMETER;
	queue = &READ_ONCE(vif->queues)[data[0]];

	if (type == XENDD_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE) {
		*rdata = vif->sgrant_cap;
		return XENVIF_CTRL_SUCCESS;
	}
	if (!vif->sgrant_scratch) {
		vif->sgrant_scratch = kvmalloc(sizeof(*vif->sgrant_scratch),
					       GFP_KERNEL);
		if (!vif->sgrant_scratch)
			return XENVIF_CTRL_INVALID_PARAMETER;
	}
	if (type == XENDD_NETIF_CTRL_TYPE_ADD_GREF_MAPPING)
		return xenvif_sgrant_add(vif, queue, data[1], data[2]);
	return xenvif_sgrant_del(vif, queue, data[1], data[2], rdata);
}

/**
 * xenvif_sgrant_release() - unmap every static grant of a queue.
 * @queue: the queue; its control work must not be running
 *
 * The table is emptied under rx_lock, so guest RX stops using the pages
 * before they are unmapped.  Idempotent.
 */
void xenvif_sgrant_release(struct xenvif_queue *queue)
{
	struct xenvif_sgrant_queue *sg = &queue->sgrant;
	struct page *pages[XENVIF_SGRANT_UNMAP_BATCH];
	grant_handle_t handles[XENVIF_SGRANT_UNMAP_BATCH];
	struct xenvif_sgrant_queue old;
	unsigned int i, k = 0;

	if (!sg->mem)
		return;
	spin_lock_bh(&queue->rx_lock);
	old = *sg;
	memset(sg, 0, sizeof(*sg));
	spin_unlock_bh(&queue->rx_lock);

	for (i = 0; i < old.table.count; i++) {
		u16 slot = old.table.entries[i].slot;

		pages[k] = old.pages[slot];
		handles[k++] = old.handles[slot];
		if (k == XENVIF_SGRANT_UNMAP_BATCH || i + 1 == old.table.count) {
			xenvif_sgrant_unmap_batch(queue->vif, pages, handles, k);
			k = 0;
		}
	}
	kvfree(old.mem);
}

/**
 * xenvif_sgrant_release_vif() - unmap the static grants of every queue.
 * @vif: the vif; its control work cancelled, its queues still allocated
 */
void xenvif_sgrant_release_vif(struct xenvif *vif)
{
	struct xenvif_queue *queues = READ_ONCE(vif->queues);
	unsigned int i, num = READ_ONCE(vif->num_queues);

	for (i = 0; queues && i < num; i++)
		xenvif_sgrant_release(&queues[i]);
	kvfree(vif->sgrant_scratch);
	vif->sgrant_scratch = NULL;
}

/**
 * xenvif_sgrant_rx_dest() - where guest RX may memcpy into @gref.
 * @queue: the queue; rx_lock held
 * @gref: the grant of an RX request
 *
 * Return: the kernel address of the page @gref is statically mapped at,
 * or NULL if it is not mapped, or only read-only (it then gets a grant
 * copy, which Xen refuses if the frontend granted it read-only).
 */
void *xenvif_sgrant_rx_dest(struct xenvif_queue *queue, grant_ref_t gref)
{
	const struct xenvif_sgrant_queue *sg = &queue->sgrant;
	u16 flags;
	int slot;

	if (likely(!sg->table.count))
		return NULL;
	slot = xenvif_sgrant_lookup(&sg->table, gref, &flags);
	if (slot < 0 || (flags & XENDD_NETIF_GREF_READONLY))
		return NULL;
	return page_address(sg->pages[slot]);
}
