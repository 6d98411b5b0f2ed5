// SPDX-License-Identifier: GPL-2.0-only
/*
 * sgrant.c - static grants for the rx ring (netif.h "Static Grants",
 * control messages 8-10; wire format in xen/xendd-sgrant.h).
 *
 * Without them the backend copies every received packet into a page we
 * granted for that one buffer, with a GNTTABOP_copy hypercall per slot.
 * With them each rx ring slot owns one page, granted once; the backend
 * keeps the grants mapped and memcpy's into them, and we copy each packet
 * out into a fresh page before parsing it (rx.c).
 *
 * A queue upgrades lazily, so an idle vif costs no memory: once it has
 * received static_grants_after packets on this connection, a work item
 * asks GET_GREF_MAPPING_SIZE, allocates one zeroed page per rx slot,
 * grants each read-write and sends ADD_GREF_MAPPING.  Any failure leaves
 * the queue in dynamic mode for the rest of the connection, with one
 * line in the log.
 *
 * State of a queue (@sg_state): OFF (no control ring, gave up, or the
 * connection is going), COUNTING (NAPI counts packets), PENDING (the work
 * item runs), ON.  NAPI moves COUNTING to PENDING and queues the work;
 * the work moves PENDING to ON or OFF; teardown forces OFF, all with
 * cmpxchg/xchg, so NAPI never queues the work after teardown has claimed
 * the state.  @sgrant is published with a release store once ADD
 * succeeded and read by NAPI's refill with an acquire load; it is freed
 * only with NAPI disabled and the work cancelled.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/page.h>

#include "netfront.h"
#include "pure/sgrant.h"

static_assert(XENNET_RX_RING_SIZE * sizeof(struct xendd_netif_gref) <=
	      XEN_PAGE_SIZE);

/*
 * End a grant of ours and free it with its page, or hand both to the grant
 * table's deferred list while the backend still maps the page (XSA-396):
 * false then.  Quietly: a backend whose domain died keeps every static
 * page mapped until Xen tears it down, and the grant table would warn
 * once per page; the caller counts them instead.
 */
static bool xennet_sgrant_release(grant_ref_t ref, struct page *page)
{
	if (gnttab_try_end_foreign_access(ref)) {
		__free_page(page);
		return true;
	}
	gnttab_end_foreign_access(ref, page);
	return false;
}

/* Free @sg; how many of its pages went to the deferred list. */
static unsigned int xennet_sgrant_free(struct xennet_sgrant *sg)
{
	unsigned int i, deferred = 0;

	for (i = 0; i < sg->nr; i++)
		deferred += !xennet_sgrant_release(sg->refs[i], sg->pages[i]);
	if (sg->table)
		deferred += !xennet_sgrant_release(sg->table_ref, sg->table);
	kfree(sg);
	return deferred;
}

/* One zeroed page granted to @domid; the page or NULL. */
static struct page *xennet_sgrant_page(domid_t domid, grant_ref_t *ref)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	int r;

	if (!page)
		return NULL;
	r = gnttab_grant_foreign_access(domid, xen_page_to_gfn(page), 0);
	if (r < 0) {
		__free_page(page);
		return NULL;
	}
	*ref = r;
	return page;
}

/*
 * The pages of every rx slot and the table naming their grants.  The
 * pages start zeroed, so they only ever hold what the backend wrote.
 */
static struct xennet_sgrant *xennet_sgrant_alloc(struct xennet_queue *queue)
{
	domid_t domid = queue->info->xbdev->otherend_id;
	struct xennet_sgrant *sg;
	unsigned int i;

	sg = kzalloc(sizeof(*sg), GFP_KERNEL);
	if (!sg)
		return NULL;
	for (i = 0; i < XENNET_RX_RING_SIZE; i++) {
		sg->pages[i] = xennet_sgrant_page(domid, &sg->refs[i]);
		if (!sg->pages[i])
			goto fail;
		sg->nr++;
	}
	/* Read-write: DEL_GREF_MAPPING writes each entry's status. */
	sg->table = xennet_sgrant_page(domid, &sg->table_ref);
	if (!sg->table)
		goto fail;
	if (xennet_sgrant_fill_table(page_address(sg->table),
				     XEN_PAGE_SIZE / sizeof(struct xendd_netif_gref),
				     sg->refs, sg->nr))
		goto fail;
	return sg;

fail:
	xennet_sgrant_free(sg);
	return NULL;
}

static void xennet_sgrant_give_up(struct xennet_queue *queue,
				  const char *why, int err, u32 status)
{
	cmpxchg(&queue->sg_state, XENNET_SGS_PENDING, XENNET_SGS_OFF);
	netdev_info(queue->info->netdev,
		    "queue %u: no static grants on this connection: %s (%d, status %u)\n",
		    queue->id, why, err, status);
}

/* The upgrade of one queue (work item; process context, no RTNL). */
static void xennet_sgrant_work(struct work_struct *work)
{
	struct xennet_queue *queue = container_of(work, struct xennet_queue,
						  sg_work);
	struct xennet_info *info = queue->info;
	enum xennet_sg_verdict v;
	struct xennet_sgrant *sg;
	u32 status = 0, size = 0;
	int err;

	err = xennet_ctrl_call(info, XENDD_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE,
			       queue->id, 0, 0, &status, &size);
	if (err) {
		xennet_sgrant_give_up(queue, "size request failed", err, 0);
		return;
	}
	v = xennet_sgrant_verdict(status, size, XENNET_RX_RING_SIZE);
	if (v != XENNET_SG_UPGRADE) {
		xennet_sgrant_give_up(queue, xennet_sgrant_verdict_name(v), 0,
				      status);
		return;
	}
	sg = xennet_sgrant_alloc(queue);
	if (!sg) {
		xennet_sgrant_give_up(queue, "no memory or grants", -ENOMEM, 0);
		return;
	}
	err = xennet_ctrl_call(info, XENDD_NETIF_CTRL_TYPE_ADD_GREF_MAPPING,
			       queue->id, sg->table_ref, sg->nr, &status, &size);
	if (err || status != XENNET_CTRL_STATUS_SUCCESS) {
		/* Grants it mapped anyway are deferred, not freed under it. */
		xennet_sgrant_free(sg);
		xennet_sgrant_give_up(queue, "backend refused the grants", err,
				      status);
		return;
	}
	/* Pairs with the acquire in xennet_rx_refill(): pages are set up. */
	smp_store_release(&queue->sgrant, sg);
	cmpxchg(&queue->sg_state, XENNET_SGS_PENDING, XENNET_SGS_ON);
	atomic_long_set(&queue->stats->ev[XENNET_EV_STATIC_GRANTS], sg->nr);
	netdev_info(info->netdev,
		    "queue %u: receiving through %u static grants (backend domain %d)\n",
		    queue->id, sg->nr, info->xbdev->otherend_id);
}

/**
 * xennet_sgrant_init_queue() - static-grant state of a new queue.
 * @queue: the queue, not yet carrying traffic
 */
void xennet_sgrant_init_queue(struct xennet_queue *queue)
{
	INIT_WORK(&queue->sg_work, xennet_sgrant_work);
	queue->sg_state = XENNET_SGS_OFF;
	queue->sgrant = NULL;
	queue->rx_seen = 0;
}

/**
 * xennet_sgrant_arm() - let the queues count towards an upgrade; RTNL held.
 * @info: the device, queues created, before NAPI is enabled
 */
void xennet_sgrant_arm(struct xennet_info *info)
{
	unsigned int i;

	if (!info->ctrl)
		return;
	for (i = 0; i < info->num_queues; i++)
		WRITE_ONCE(info->queues[i].sg_state, XENNET_SGS_COUNTING);
}

/**
 * xennet_sgrant_rx_count() - count received packets; NAPI only.
 * @queue: the queue
 * @packets: packets this poll consumed
 *
 * Queues the upgrade once the queue is due (xennet_sgrant_due()).
 */
void xennet_sgrant_rx_count(struct xennet_queue *queue, unsigned int packets)
{
	if (READ_ONCE(queue->sg_state) != XENNET_SGS_COUNTING)
		return;
	queue->rx_seen += packets;
	if (!xennet_sgrant_due(queue->rx_seen,
			       READ_ONCE(xennet_static_grants_after)))
		return;
	if (cmpxchg(&queue->sg_state, XENNET_SGS_COUNTING,
		    XENNET_SGS_PENDING) == XENNET_SGS_COUNTING)
		schedule_work(&queue->sg_work);
}

/* Stop every queue's upgrade and wait for a running one. */
static void xennet_sgrant_cancel(struct xennet_info *info)
{
	unsigned int i;

	for (i = 0; i < info->num_queues; i++) {
		xchg(&info->queues[i].sg_state, XENNET_SGS_OFF);
		cancel_work_sync(&info->queues[i].sg_work);
	}
}

/**
 * xennet_sgrant_del_all() - ask the backend to drop its mappings; RTNL held.
 * @info: the device
 *
 * Best effort, and only while the backend is Connected (unbind and unload
 * call this before closing): a closing backend drops its mappings itself.
 * The grants stay valid until xennet_sgrant_stop(), so a backend that
 * still receives into a slot afterwards copies into it by grant.
 */
void xennet_sgrant_del_all(struct xennet_info *info)
{
	struct xenbus_device *dev = info->xbdev;
	unsigned int i;
	u32 status, removed;

	ASSERT_RTNL();
	if (!info->queues || !info->ctrl)
		return;
	if (xenbus_read_driver_state(dev->otherend) != XENNET_XB_CONNECTED)
		return;
	xennet_sgrant_cancel(info);
	for (i = 0; i < info->num_queues; i++) {
		struct xennet_sgrant *sg = info->queues[i].sgrant;

		if (!sg)
			continue;
		if (xennet_ctrl_call(info, XENDD_NETIF_CTRL_TYPE_DEL_GREF_MAPPING,
				     i, sg->table_ref, sg->nr, &status, &removed))
			return;
	}
}

/**
 * xennet_sgrant_stop() - free every queue's static pages and the control
 * ring; RTNL held.
 * @info: the device, quiesced (NAPI disabled)
 *
 * Pages the backend still maps go to the grant table's deferred list.
 * The rx slots that pointed at them are cleared by xennet_rx_release_all().
 */
void xennet_sgrant_stop(struct xennet_info *info)
{
	unsigned int i;

	ASSERT_RTNL();
	xennet_ctrl_abort(info);
	xennet_sgrant_cancel(info);
	for (i = 0; i < info->num_queues; i++) {
		struct xennet_queue *queue = &info->queues[i];

		if (queue->sgrant) {
			unsigned int n = xennet_sgrant_free(queue->sgrant);

			if (n)
				netdev_info(info->netdev,
					    "queue %u: the backend still maps %u static grant pages: the grant table frees them once it lets go\n",
					    queue->id, n);
		}
		queue->sgrant = NULL;
		atomic_long_set(&queue->stats->ev[XENNET_EV_STATIC_GRANTS], 0);
	}
	xennet_ctrl_destroy(info);
}
