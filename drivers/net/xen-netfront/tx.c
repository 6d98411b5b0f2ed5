// SPDX-License-Identifier: GPL-2.0-only
/*
 * tx.c - the transmit path: packets to tx requests, tx responses back.
 *
 * Each data slot grants one page read-only to the backend.  A trusted
 * backend gets the skb's own pages; an untrusted one (and any packet that
 * would need more than XEN_NETIF_NR_SLOTS_MIN slots) gets copies in pages
 * of ours whose unused tail is zeroed, so no other guest memory is
 * exposed (XSA-403).  Once the backend's access to such a page has ended,
 * the queue keeps it for its next copies (up to XENNET_TX_BOUNCE_CACHE
 * pages, until the queue is torn down): whatever its tail holds then was
 * zeroed or already sent to the same backend, so it is not zeroed again.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/mm.h>
#include <linux/sched/clock.h>
#include <xen/events.h>
#include <xen/page.h>

#include "netfront.h"

/**
 * struct xennet_chunk - one page-sized piece of a packet about to be sent.
 * @page: the page to grant
 * @offset: offset of the data in @page
 * @len: bytes of data
 * @owned: @page is a bounce page we allocated
 */
struct xennet_chunk {
	struct page *page;
	u32 offset;
	u32 len;
	bool owned;
};

static_assert(XENNET_TX_LAZY_EVENT <= XENNET_TX_RING_SIZE);

/* Room for the largest packet plus its GSO extra. */
#define XENNET_TX_WAKE_SLOTS	(XENNET_TX_MAX_SLOTS + 1)

static unsigned int xennet_tx_ring_free(const struct xennet_queue *queue)
{
	return XENNET_TX_RING_SIZE -
	       (queue->tx.req_prod_pvt - queue->tx.rsp_cons);
}

static bool xennet_tx_has_room(const struct xennet_queue *queue,
			       unsigned int ring_slots, unsigned int ids)
{
	return xennet_tx_ring_free(queue) >= ring_slots &&
	       queue->tx_ids.nr_free >= ids;
}

/* Split [data, data + len) of a kernel-mapped buffer at page boundaries. */
static unsigned int xennet_chunk_buffer(struct xennet_chunk *c,
					struct page *page, u32 offset, u32 len)
{
	unsigned int n = 0;

	page += offset >> PAGE_SHIFT;
	offset &= ~PAGE_MASK;
	while (len) {
		u32 take = min_t(u32, len, PAGE_SIZE - offset);

		c[n].page = page;
		c[n].offset = offset;
		c[n].len = take;
		c[n].owned = false;
		n++;
		len -= take;
		offset = 0;
		page++;
	}
	return n;
}

/* Chunks of the skb as it lies in memory; @slots was counted before. */
static unsigned int xennet_chunk_skb(struct xennet_chunk *c,
				     struct sk_buff *skb)
{
	unsigned int n, i;

	n = xennet_chunk_buffer(c, virt_to_page(skb->data),
				offset_in_page(skb->data), skb_headlen(skb));
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		n += xennet_chunk_buffer(c + n, skb_frag_page(frag),
					 skb_frag_off(frag), skb_frag_size(frag));
	}
	return n;
}

/*
 * A page for a bounce copy to @queue's backend: one the queue kept, which
 * has held only zeroes and data this backend was given, or a new one.
 * Return: the page, NULL when none could be had; *fresh tells the caller
 * to zero what its copy leaves unused.
 */
static struct page *xennet_tx_bounce_get(struct xennet_queue *queue,
					 bool *fresh)
{
	struct page *page = NULL;
	unsigned long flags;

	if (READ_ONCE(queue->tx_bounce_nr)) {
		spin_lock_irqsave(&queue->tx_lock, flags);
		if (queue->tx_bounce_nr) {
			page = queue->tx_bounce[queue->tx_bounce_nr - 1];
			WRITE_ONCE(queue->tx_bounce_nr, queue->tx_bounce_nr - 1);
		}
		spin_unlock_irqrestore(&queue->tx_lock, flags);
	}
	*fresh = !page;
	return page ?: alloc_page(GFP_ATOMIC | __GFP_NOWARN);
}

/* Keep a bounce page whose grant ended, or free it; tx_lock held. */
static void xennet_tx_bounce_put(struct xennet_queue *queue, struct page *page)
{
	if (queue->tx_bounce_nr < XENNET_TX_BOUNCE_CACHE) {
		queue->tx_bounce[queue->tx_bounce_nr] = page;
		WRITE_ONCE(queue->tx_bounce_nr, queue->tx_bounce_nr + 1);
	} else {
		__free_page(page);
	}
}

/**
 * xennet_tx_bounce_flush() - free the bounce pages a queue kept.
 * @queue: a queue being torn down, with no request in flight
 *
 * A page kept may hold data sent to this backend: it must not reach
 * another, so the cache lives no longer than the connection.
 */
void xennet_tx_bounce_flush(struct xennet_queue *queue)
{
	while (queue->tx_bounce_nr)
		__free_page(queue->tx_bounce[--queue->tx_bounce_nr]);
}

/*
 * Copy the skb into bounce pages, zeroing what the data leaves unused;
 * *@reused: how many of the pages came from the queue's cache.
 */
static int xennet_chunk_copy(struct xennet_queue *queue, struct xennet_chunk *c,
			     unsigned int slots, struct sk_buff *skb,
			     unsigned int *reused)
{
	unsigned int i;

	*reused = 0;

	for (i = 0; i < slots; i++) {
		u32 off = i * PAGE_SIZE;
		u32 take = min_t(u32, skb->len - off, PAGE_SIZE);
		bool fresh;
		struct page *page = xennet_tx_bounce_get(queue, &fresh);

		if (!page)
			goto fail;
		if (skb_copy_bits(skb, off, page_address(page), take)) {
			__free_page(page);
			goto fail;
		}
		if (!fresh)
			(*reused)++;
		else if (take < PAGE_SIZE)
			memset(page_address(page) + take, 0, PAGE_SIZE - take);
		c[i].page = page;
		c[i].offset = 0;
		c[i].len = take;
		c[i].owned = true;
	}
	return 0;
fail:
	while (i--)
		__free_page(c[i].page);
	return -ENOMEM;
}

static void xennet_segs_of_skb(struct sk_buff *skb, struct xennet_seg *segs,
			       unsigned int *nr)
{
	unsigned int i;

	segs[0].offset = offset_in_page(skb->data);
	segs[0].len = skb_headlen(skb);
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		segs[i + 1].offset = skb_frag_off(frag);
		segs[i + 1].len = skb_frag_size(frag);
	}
	*nr = i + 1;
}

static u16 xennet_tx_csum_flags(const struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return XEN_NETTXF_csum_blank | XEN_NETTXF_data_validated;
	if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		return XEN_NETTXF_data_validated;
	return 0;
}

/*
 * Queue the requests of one packet; tx_lock held and room checked.  @skb
 * is NULL for an XDP frame: one copied chunk, no offloads.
 */
static void xennet_tx_queue_chunks(struct xennet_queue *queue,
				   struct sk_buff *skb,
				   const struct xennet_chunk *c,
				   unsigned int n, bool copied)
{
	domid_t otherend = queue->info->xbdev->otherend_id;
	struct xen_netif_tx_request *req, *prev = NULL;
	RING_IDX i = queue->tx.req_prod_pvt;
	unsigned int k;

	for (k = 0; k < n; k++) {
		struct xennet_tx_slot *slot;
		int id = xennet_idlist_get(&queue->tx_ids);
		grant_ref_t ref = gnttab_claim_grant_reference(&queue->gref_tx_head);

		/* Room was checked and every id owns at most one reference. */
		if (WARN_ON_ONCE(id < 0 || (int)ref < 0))
			break;
		gnttab_page_grant_foreign_access_ref_one(ref, otherend,
							 c[k].page, 1);
		slot = &queue->tx_slots[id];
		slot->page = c[k].page;
		slot->ref = ref;
		slot->owned = c[k].owned;
		slot->skb = copied ? NULL : (k ? skb_get(skb) : skb);

		req = RING_GET_REQUEST(&queue->tx, i++);
		req->id = id;
		req->gref = ref;
		req->offset = c[k].offset;
		req->flags = 0;
		/* The first request's size is that of the whole packet. */
		req->size = (k || !skb) ? c[k].len : skb->len;
		if (prev)
			prev->flags |= XEN_NETTXF_more_data;
		prev = req;

		if (k || !skb)
			continue;
		req->flags |= xennet_tx_csum_flags(skb);
		if (skb_is_gso(skb)) {
			struct xen_netif_extra_info *gso;

			req->flags |= XEN_NETTXF_extra_info;
			gso = (struct xen_netif_extra_info *)
				RING_GET_REQUEST(&queue->tx, i++);
			gso->type = XEN_NETIF_EXTRA_TYPE_GSO;
			gso->flags = 0;
			gso->u.gso.size = skb_shinfo(skb)->gso_size;
			gso->u.gso.type =
				(skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6) ?
				XEN_NETIF_GSO_TYPE_TCPV6 :
				XEN_NETIF_GSO_TYPE_TCPV4;
			gso->u.gso.pad = 0;
			gso->u.gso.features = 0;
		}
	}
	queue->tx.req_prod_pvt = i;
}

static void xennet_tx_push(struct xennet_queue *queue)
{
	int notify;

	/*
	 * The macro's wmb() orders the requests before req_prod; it pairs
	 * with the backend's rmb() after reading req_prod.  Its mb() then
	 * orders req_prod before reading req_event, pairing with the
	 * backend's mb() in RING_FINAL_CHECK_FOR_REQUESTS.
	 */
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&queue->tx, notify);
	if (notify) {
		notify_remote_via_irq(queue->tx_irq);
		xennet_tx_stat_add(queue, XENNET_TX_NOTIFY, 1);
	}
}

/*
 * Completions may wait for the next transmit or the reap timer: with an
 * untrusted backend every request is a copy in a page of ours and the
 * skb is already freed, so nothing the stack waits on (socket memory, TCP
 * small queues) hangs on a completion.  Requests that lend the skb's own
 * pages keep the usual event at every response.
 */
static bool xennet_tx_lazy(const struct xennet_queue *queue)
{
	return queue->info->bounce;
}

/* A lazy queue's leftovers are reaped by the timer; tx_lock held. */
static void xennet_tx_arm_reap(struct xennet_queue *queue)
{
	if (xennet_tx_lazy(queue) && !timer_pending(&queue->tx_reap_timer))
		mod_timer(&queue->tx_reap_timer, jiffies + XENNET_TX_REAP_DELAY);
}

static bool xennet_tx_gso_ok(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return true;
	return skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6);
}

/**
 * xennet_start_xmit() - ndo_start_xmit: put one packet on its queue's ring.
 * @skb: the packet
 * @dev: the vif netdev
 *
 * Return: NETDEV_TX_OK (sent or dropped) or NETDEV_TX_BUSY when the ring
 * is full, in which case the queue is stopped until completions free room.
 */
netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xennet_info *info = netdev_priv(dev);
	struct xennet_seg segs[MAX_SKB_FRAGS + 1];
	struct xennet_chunk c[XENNET_TX_MAX_SLOTS];
	unsigned int qid = skb_get_queue_mapping(skb);
	struct xennet_queue *queue;
	unsigned int nsegs, ring_slots, n, reused = 0;
	unsigned long flags;
	bool copy;
	u32 slots;
	int err;
	u64 t0;

	BUILD_BUG_ON(PAGE_SIZE != XEN_PAGE_SIZE);

	if (unlikely(qid >= info->num_queues || !info->queues)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	queue = &info->queues[qid];
	t0 = xendd_time_start(&queue->tx_xmit_calls, local_clock);

	if (unlikely(xennet_broken(info) || skb->len > XEN_NETIF_MAX_TX_SIZE ||
		     !xennet_tx_gso_ok(skb)))
		goto drop;

	xennet_segs_of_skb(skb, segs, &nsegs);
	err = xennet_count_tx_slots(segs, nsegs, &slots);
	if (err && err != -E2BIG)
		goto drop;
	copy = info->bounce || err == -E2BIG;
	if (copy) {
		slots = xennet_copy_slots(skb->len);
		if (slots > XENNET_TX_MAX_SLOTS || xennet_chunk_copy(queue, c, slots, skb, &reused))
			goto drop;
		n = slots;
	} else {
		n = xennet_chunk_skb(c, skb);
	}
	ring_slots = n + (skb_is_gso(skb) ? 1 : 0);

	spin_lock_irqsave(&queue->tx_lock, flags);
	if (unlikely(!xennet_tx_has_room(queue, ring_slots, n))) {
		netif_stop_subqueue(dev, qid);
		xennet_tx_stat_add(queue, XENNET_TX_RING_FULL, 1);
		/* Ask for the event that will wake the queue. */
		xennet_tx_gc(queue);
		/* Bounce pages hold only zeroes and data for this backend. */
		if (copy)
			while (n--)
				xennet_tx_bounce_put(queue, c[n].page);
		xennet_tx_stat_add(queue, XENNET_TX_NS, xendd_time_since(t0, local_clock));
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		return NETDEV_TX_BUSY;
	}

	if (!copy)
		skb_tx_timestamp(skb);
	xennet_tx_queue_chunks(queue, skb, c, n, copy);
	xennet_tx_push(queue);

	u64_stats_update_begin(&queue->stats->tx_syncp);
	u64_stats_inc(&queue->stats->tx[XENNET_TX_PACKETS]);
	u64_stats_add(&queue->stats->tx[XENNET_TX_BYTES], skb->len);
	if (copy) {
		u64_stats_inc(&queue->stats->tx[XENNET_TX_BOUNCED]);
		u64_stats_add(&queue->stats->tx[XENNET_TX_BOUNCE_REUSED], reused);
	}
	u64_stats_update_end(&queue->stats->tx_syncp);

	/* Reap what the backend has finished, then make room for the next. */
	xennet_tx_gc(queue);
	if (!xennet_tx_has_room(queue, XENNET_TX_WAKE_SLOTS, XENNET_TX_MAX_SLOTS)) {
		netif_stop_subqueue(dev, qid);
		/* Stopped: ask for the event that will wake the queue. */
		xennet_tx_gc(queue);
	}
	xennet_tx_arm_reap(queue);
	xennet_tx_stat_add(queue, XENNET_TX_NS, xendd_time_since(t0, local_clock));
	spin_unlock_irqrestore(&queue->tx_lock, flags);

	if (copy)
		dev_consume_skb_any(skb);
	return NETDEV_TX_OK;

drop:
	spin_lock_irqsave(&queue->tx_lock, flags);
	xennet_tx_stat_add(queue, XENNET_TX_DROPS, 1);
	xennet_tx_stat_add(queue, XENNET_TX_NS, xendd_time_since(t0, local_clock));
	spin_unlock_irqrestore(&queue->tx_lock, flags);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/**
 * xennet_tx_xdp_buf() - send a copy of one linear frame (XDP_TX, ndo_xdp_xmit).
 * @queue: the queue whose tx ring takes the frame
 * @data: the frame, starting with its Ethernet header
 * @len: its length, at most a page
 *
 * The frame is copied into a bounce page of ours (xennet_tx_bounce_get()),
 * so the caller keeps (and may free at once) its buffer and the backend
 * never sees anything else of the page it came from: XDP frames are
 * treated like bounced packets.
 * Callable from any context.
 *
 * Return: 0, -EINVAL for a bad length, -ENOMEM, or -ENOSPC when the ring
 * is full or the device is broken.
 */
int xennet_tx_xdp_buf(struct xennet_queue *queue, const void *data, u32 len)
{
	struct xennet_chunk c = { .offset = 0, .len = len, .owned = true };
	unsigned long flags;
	bool fresh;

	if (len < ETH_HLEN || len > XEN_PAGE_SIZE)
		return -EINVAL;
	c.page = xennet_tx_bounce_get(queue, &fresh);
	if (!c.page)
		return -ENOMEM;
	memcpy(page_address(c.page), data, len);
	if (fresh)
		memset(page_address(c.page) + len, 0, PAGE_SIZE - len);

	spin_lock_irqsave(&queue->tx_lock, flags);
	if (unlikely(xennet_broken(queue->info) ||
		     !xennet_tx_has_room(queue, 1, 1))) {
		xennet_tx_stat_add(queue, XENNET_TX_XDP_FULL, 1);
		xennet_tx_bounce_put(queue, c.page);
		spin_unlock_irqrestore(&queue->tx_lock, flags);
		return -ENOSPC;
	}
	xennet_tx_queue_chunks(queue, NULL, &c, 1, true);
	xennet_tx_push(queue);
	xennet_tx_arm_reap(queue);
	u64_stats_update_begin(&queue->stats->tx_syncp);
	u64_stats_inc(&queue->stats->tx[XENNET_TX_PACKETS]);
	u64_stats_add(&queue->stats->tx[XENNET_TX_BYTES], len);
	u64_stats_inc(&queue->stats->tx[XENNET_TX_XDP]);
	if (!fresh)
		u64_stats_inc(&queue->stats->tx[XENNET_TX_BOUNCE_REUSED]);
	u64_stats_update_end(&queue->stats->tx_syncp);
	spin_unlock_irqrestore(&queue->tx_lock, flags);
	return 0;
}

/*
 * End the backend's access to one tx slot's page and release what the
 * slot holds.  Return false when the backend still maps the page: the
 * page then goes to the grant table's deferred list, which frees our
 * reference only once the backend has let go (XSA-396), and the grant
 * reference leaves our pool for good.
 */
static bool xennet_tx_release_slot(struct xennet_queue *queue, u16 id,
				   bool ok)
{
	struct xennet_tx_slot *slot = &queue->tx_slots[id];
	bool ended = gnttab_end_foreign_access_ref(slot->ref);

	switch (xennet_release_plan(ended, slot->owned)) {
	case XENNET_REL_FREE:
		xennet_tx_bounce_put(queue, slot->page);
		fallthrough;
	case XENNET_REL_KEEP:
		gnttab_release_grant_reference(&queue->gref_tx_head, slot->ref);
		break;
	case XENNET_REL_DEFER_GET:
		/* An skb page is not ours to give away: lend a reference. */
		get_page(slot->page);
		fallthrough;
	case XENNET_REL_DEFER:
		gnttab_end_foreign_access(slot->ref, slot->page);
		break;
	}
	if (slot->skb) {
		if (ok)
			dev_consume_skb_any(slot->skb);
		else
			dev_kfree_skb_any(slot->skb);
	}
	slot->skb = NULL;
	slot->page = NULL;
	slot->ref = INVALID_GRANT_REF;
	xennet_idlist_put(&queue->tx_ids, id);
	return ended;
}

/**
 * xennet_tx_gc() - consume tx responses; tx_lock held.
 * @queue: the queue
 *
 * Every response is copied out of the ring once and validated before it
 * is acted on; a violation marks the device broken and stops the scan.
 *
 * Return: number of responses consumed.
 */
unsigned int xennet_tx_gc(struct xennet_queue *queue)
{
	struct net_device *dev = queue->info->netdev;
	unsigned int done = 0;
	RING_IDX cons, prod;
	int more, err;

	if (xennet_broken(queue->info))
		return 0;
	do {
		prod = READ_ONCE(queue->tx.sring->rsp_prod);
		/*
		 * Read rsp_prod before the responses it covers; pairs with
		 * the wmb() in the backend's RING_PUSH_RESPONSES.
		 */
		virt_rmb();
		err = xennet_check_rsp_prod(prod, queue->tx.rsp_cons,
					    queue->tx.req_prod_pvt);
		if (err)
			goto violation;

		for (cons = queue->tx.rsp_cons; cons != prod; cons++) {
			struct xen_netif_tx_response rsp;

			RING_COPY_RESPONSE(&queue->tx, cons, &rsp);
			err = xennet_check_tx_rsp(&queue->tx_ids, rsp.id,
						  rsp.status);
			if (err)
				goto violation;
			done++;
			if (rsp.status == XEN_NETIF_RSP_NULL)
				continue;
			if (!xennet_tx_release_slot(queue, rsp.id,
						    rsp.status == XEN_NETIF_RSP_OKAY)) {
				queue->tx.rsp_cons = cons + 1;
				err = -XENNET_V_GRANT_BUSY;
				goto violation;
			}
		}
		queue->tx.rsp_cons = prod;
		WRITE_ONCE(queue->tx.sring->rsp_event,
			   xennet_tx_event(prod, queue->tx.req_prod_pvt,
					   xennet_tx_lazy(queue),
					   __netif_subqueue_stopped(dev, queue->id)));
		/*
		 * rsp_event before re-reading rsp_prod; pairs with the
		 * backend's mb() in RING_PUSH_RESPONSES_AND_CHECK_NOTIFY.
		 */
		virt_mb();
		more = READ_ONCE(queue->tx.sring->rsp_prod) != prod;
	} while (more);

	if (__netif_subqueue_stopped(dev, queue->id) &&
	    xennet_tx_has_room(queue, XENNET_TX_WAKE_SLOTS, XENNET_TX_MAX_SLOTS) &&
	    netif_carrier_ok(dev))
		netif_wake_subqueue(dev, queue->id);
	return done;

violation:
	xennet_violation(queue, err);
	return done;
}

/**
 * xennet_tx_reap_timeout() - reap timer: take in a lazy queue's completions.
 * @t: the queue's tx_reap_timer
 *
 * Runs while responses stay unreaped after transmits stopped, and again
 * every XENNET_TX_REAP_DELAY while requests remain in flight.
 */
void xennet_tx_reap_timeout(struct timer_list *t)
{
	struct xennet_queue *queue = from_timer(queue, t, tx_reap_timer);
	unsigned long flags;
	unsigned int done;
	u64 t0;

	spin_lock_irqsave(&queue->tx_lock, flags);
	t0 = xendd_time_start(&queue->tx_gc_calls, local_clock);
	done = xennet_tx_gc(queue);
	if (done)
		xennet_tx_stat_add(queue, XENNET_TX_REAPED_BY_TIMER, done);
	xennet_tx_stat_add(queue, XENNET_TX_NS, xendd_time_since(t0, local_clock));
	if (queue->tx.req_prod_pvt != queue->tx.rsp_cons &&
	    !xennet_broken(queue->info))
		mod_timer(&queue->tx_reap_timer, jiffies + XENNET_TX_REAP_DELAY);
	spin_unlock_irqrestore(&queue->tx_lock, flags);
}

/**
 * xennet_tx_release_all() - drop every tx request still in flight.
 * @queue: a queue whose irqs are unbound and whose netdev queue is stopped
 *
 * Pages the backend still maps are left to the grant table's deferred
 * list rather than freed.
 */
void xennet_tx_release_all(struct xennet_queue *queue)
{
	u16 id;

	for (id = 0; id < XENNET_TX_RING_SIZE; id++)
		if (xennet_idlist_pending(&queue->tx_ids, id))
			xennet_tx_release_slot(queue, id, false);
}

/**
 * xennet_handle_tx() - tx part of an event: reap completed requests.
 * @queue: the queue
 *
 * Return: true when the event brought at least one response, whether
 * this reaped it or a transmit did before the event came.
 */
bool xennet_handle_tx(struct xennet_queue *queue)
{
	unsigned long flags;
	bool work;
	u64 t0;

	xennet_ev_stat_inc(queue, XENNET_EV_TX_IRQ);
	spin_lock_irqsave(&queue->tx_lock, flags);
	t0 = xendd_time_start(&queue->tx_gc_calls, local_clock);
	/* Reaped by a transmit before the event came is work all the same. */
	work = !xennet_event_spurious(READ_ONCE(queue->tx.sring->rsp_prod),
				      &queue->tx_event_prod, queue->tx.rsp_cons);
	xennet_tx_gc(queue);
	xennet_tx_stat_add(queue, XENNET_TX_NS, xendd_time_since(t0, local_clock));
	spin_unlock_irqrestore(&queue->tx_lock, flags);
	return work;
}
