// SPDX-License-Identifier: GPL-2.0-only
/*
 * rx.c - the receive path: rx buffers posted to the backend (request-rx-
 * copy: the backend copies each packet into pages we grant it), responses
 * turned into skbs in NAPI poll.
 *
 * The producer side of the rx ring is written by xennet_rx_refill() and
 * the consumer side by xennet_poll(); both run only in NAPI context (or
 * before NAPI is enabled), so the rx ring needs no lock.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/mm.h>
#include <linux/sched/clock.h>
#include <linux/filter.h>
#include <xen/events.h>
#include <xen/page.h>

#include "netfront.h"

/* Refill again only once this many slots are free, to batch notifies. */
#define XENNET_RX_REFILL_BATCH	16

static RING_IDX xennet_rx_idx(RING_IDX i)
{
	return i & (XENNET_RX_RING_SIZE - 1);
}

/**
 * xennet_rx_refill() - post free rx buffers and notify the backend.
 * @queue: the queue; called from NAPI poll or with NAPI disabled
 *
 * rx pages of an untrusted backend are zeroed so the backend, which may
 * read them as well as write, never sees stale guest data (XSA-403).
 * Once the queue has static grants (sgrant.c) every slot refilled posts
 * its own static page instead; slots still holding a page of their own
 * finish as before.
 * When memory runs out while the ring is nearly empty a timer retries.
 */
void xennet_rx_refill(struct xennet_queue *queue)
{
	gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN;
	domid_t otherend = queue->info->xbdev->otherend_id;
	RING_IDX prod = queue->rx.req_prod_pvt;
	/* Pairs with the release in xennet_sgrant_work(). */
	struct xennet_sgrant *sg = smp_load_acquire(&queue->sgrant);
	unsigned int posted = 0;
	int notify;

	if (xennet_broken(queue->info))
		return;
	if (XENNET_RX_RING_SIZE - (prod - queue->rx.rsp_cons) <
	    XENNET_RX_REFILL_BATCH)
		return;
	if (queue->info->bounce)
		gfp |= __GFP_ZERO;

	while (prod - queue->rx.rsp_cons < XENNET_RX_RING_SIZE) {
		struct xennet_rx_slot *slot = &queue->rx_slots[xennet_rx_idx(prod)];
		struct xen_netif_rx_request *req;
		grant_ref_t ref;
		struct page *page;

		if (WARN_ON_ONCE(slot->page))
			break;
		if (sg) {
			/* The slot's own page, granted and mapped for good. */
			slot->page = sg->pages[xennet_rx_idx(prod)];
			slot->ref = sg->refs[xennet_rx_idx(prod)];
			slot->is_static = true;
			goto post;
		}
		page = alloc_page(gfp);
		if (!page) {
			xennet_rx_stat_add(queue, XENNET_RX_REFILL_FAIL, 1);
			break;
		}
		ref = gnttab_claim_grant_reference(&queue->gref_rx_head);
		if (WARN_ON_ONCE((int)ref < 0)) {
			__free_page(page);
			break;
		}
		gnttab_page_grant_foreign_access_ref_one(ref, otherend, page, 0);
		slot->page = page;
		slot->ref = ref;
post:
		req = RING_GET_REQUEST(&queue->rx, prod);
		req->id = xennet_rx_idx(prod);
		req->gref = slot->ref;
		prod++;
		posted++;
	}
	queue->rx.req_prod_pvt = prod;

	/* Too few buffers left for the backend to make progress: retry. */
	if (prod - queue->rx.rsp_cons < XENNET_RX_RING_SIZE / 4)
		mod_timer(&queue->refill_timer, jiffies + HZ / 10);
	if (!posted)
		return;

	/*
	 * wmb() orders the requests before req_prod (pairs with the
	 * backend's rmb() after reading req_prod); mb() orders req_prod
	 * before reading req_event (pairs with the backend's mb() in
	 * RING_FINAL_CHECK_FOR_REQUESTS).
	 */
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&queue->rx, notify);
	if (notify) {
		notify_remote_via_irq(queue->rx_irq);
		xennet_rx_stat_add(queue, XENNET_RX_NOTIFY, 1);
	}
}

/**
 * xennet_refill_timeout() - refill timer: retry the refill from NAPI.
 * @t: the queue's refill_timer
 */
void xennet_refill_timeout(struct timer_list *t)
{
	struct xennet_queue *queue = from_timer(queue, t, refill_timer);

	napi_schedule(&queue->napi);
}

/*
 * Take the buffer of rx slot @idx back from the backend.  Return NULL when
 * the backend still has the grant mapped; the page then belongs to the
 * grant table's deferred list and must not be touched again (XSA-396).
 */
static struct page *xennet_rx_take(struct xennet_queue *queue, RING_IDX idx)
{
	struct xennet_rx_slot *slot = &queue->rx_slots[idx];
	struct page *page = slot->page;

	slot->page = NULL;
	if (!xennet_end_owned_grant(slot->ref, page))
		return NULL;
	gnttab_release_grant_reference(&queue->gref_rx_head, slot->ref);
	return page;
}

/*
 * Consume static rx slot @idx: its page stays granted and mapped, ready to
 * be posted again.  When @len >= 0, copy the @len bytes at @offset (both
 * already checked against the page) into a fresh page at the same offset
 * and return it; the backend may write the static page at any time, so
 * only the copy is parsed.  With @pooled (no XDP program runs) the page
 * comes from the queue's page pool.  NULL when no copy was asked for or
 * no memory.
 */
static struct page *xennet_rx_static_copy(struct xennet_queue *queue,
					  RING_IDX idx, u16 offset, int len,
					  bool pooled)
{
	struct xennet_rx_slot *slot = &queue->rx_slots[idx];
	struct page *src = slot->page;
	struct page *page;
	u8 *dst;

	slot->page = NULL;
	slot->is_static = false;
	xennet_rx_stat_add(queue, XENNET_RX_STATIC_SLOTS, 1);
	if (len < 0)
		return NULL;
	page = pooled ? page_pool_dev_alloc_pages(queue->rx_pool) :
			alloc_page(GFP_ATOMIC | __GFP_NOWARN);
	if (!page)
		return NULL;
	if (pooled)
		xennet_rx_stat_add(queue, XENNET_RX_POOLED, 1);
	dst = page_address(page);
	memcpy(dst + offset, page_address(src) + offset, len);
	/*
	 * The page never reaches the backend, but XDP may widen the frame
	 * into head- and tailroom and XDP_TX it: with an untrusted backend
	 * that room must hold nothing of ours, as in a zeroed rx page.  A
	 * pooled page is never seen by XDP and never read outside its frag,
	 * so what it held before needs no zeroing.
	 */
	if (queue->info->bounce && !pooled) {
		memset(dst, 0, offset);
		memset(dst + offset + len, 0, PAGE_SIZE - offset - len);
	}
	return page;
}

/**
 * struct xennet_rx_pkt - a packet being assembled from rx responses.
 * @skb: the skb, NULL once the packet is to be dropped
 * @gso: the GSO extra, type 0 when none came
 * @flags: flags of the first response
 * @error: a slot carried an error status
 * @head_ok: no XDP program runs on the packet, so the data of a static
 *	first slot may go straight into the skb's head
 */
struct xennet_rx_pkt {
	struct sk_buff *skb;
	struct xen_netif_extra_info gso;
	u16 flags;
	bool error;
	bool head_ok;
};

/* Consume one data slot; its page goes into the skb or is freed. */
static int xennet_rx_data_slot(struct xennet_queue *queue, RING_IDX i,
			       bool first, struct xennet_rx_pkt *pkt, u16 *flags)
{
	RING_IDX idx = xennet_rx_idx(i);
	struct xen_netif_rx_response rsp;
	struct xennet_rx_rsp r;
	bool pooled = false;
	struct page *page;
	int err;

	RING_COPY_RESPONSE(&queue->rx, i, &rsp);
	r.id = rsp.id;
	r.offset = rsp.offset;
	r.flags = rsp.flags;
	r.status = rsp.status;
	err = xennet_check_rx_rsp(&r, idx, queue->rx_slots[idx].page, first);
	if (err)
		return err;
	*flags = r.flags;

	if (r.status < 0)
		pkt->error = true;
	if (pkt->skb && (r.status < 0 ||
			 skb_shinfo(pkt->skb)->nr_frags >= MAX_SKB_FRAGS)) {
		kfree_skb(pkt->skb);
		pkt->skb = NULL;
	}
	if (queue->rx_slots[idx].is_static && pkt->skb && pkt->head_ok &&
	    first && r.status <= (int)skb_tailroom(pkt->skb)) {
		/*
		 * A packet that fits the head (64-byte UDP, ACKs): copy it
		 * there, sparing a page, its zeroing and a frag.
		 */
		skb_put_data(pkt->skb, page_address(queue->rx_slots[idx].page) +
			     r.offset, r.status);
		xennet_rx_static_copy(queue, idx, 0, -1, false);
		return 0;
	}
	if (queue->rx_slots[idx].is_static) {
		pooled = pkt->head_ok && queue->rx_pool;
		page = xennet_rx_static_copy(queue, idx, r.offset,
					     pkt->skb ? r.status : -1, pooled);
		if (!page && pkt->skb) {
			/* No memory for the copy: counted as a drop. */
			kfree_skb(pkt->skb);
			pkt->skb = NULL;
		}
	} else {
		page = xennet_rx_take(queue, idx);
		if (!page)
			return -XENNET_V_GRANT_BUSY;
	}
	if (!pkt->skb) {
		if (page && pooled)
			page_pool_put_full_page(queue->rx_pool, page, true);
		else if (page)
			put_page(page);
		return 0;
	}
	if (pooled)
		skb_mark_for_recycle(pkt->skb);
	skb_add_rx_frag(pkt->skb, skb_shinfo(pkt->skb)->nr_frags, page,
			r.offset, r.status, PAGE_SIZE);
	return 0;
}

/* Consume one extra-info slot; its buffer is simply freed. */
static int xennet_rx_extra_slot(struct xennet_queue *queue, RING_IDX i,
				struct xennet_rx_pkt *pkt, u8 *flags)
{
	RING_IDX idx = xennet_rx_idx(i);
	const struct xen_netif_extra_info *shared;
	struct xen_netif_extra_info ex = {};
	struct page *page;
	int err;

	if (!queue->rx_slots[idx].page)
		return -XENNET_V_RX_NOT_PENDING;
	/* Each field read once: the backend may rewrite the slot meanwhile. */
	shared = (const struct xen_netif_extra_info *)RING_GET_RESPONSE(&queue->rx, i);
	ex.type = READ_ONCE(shared->type);
	ex.flags = READ_ONCE(shared->flags);
	ex.u.gso.size = READ_ONCE(shared->u.gso.size);
	ex.u.gso.type = READ_ONCE(shared->u.gso.type);
	err = xennet_check_rx_extra(ex.type, ex.flags, ex.u.gso.type,
				    ex.u.gso.size);
	if (err)
		return err;
	if (queue->rx_slots[idx].is_static) {
		xennet_rx_static_copy(queue, idx, 0, -1, false);
	} else {
		page = xennet_rx_take(queue, idx);
		if (!page)
			return -XENNET_V_GRANT_BUSY;
		put_page(page);
	}
	if (ex.type == XEN_NETIF_EXTRA_TYPE_GSO)
		pkt->gso = ex;
	*flags = ex.flags;
	return 0;
}

/* Set checksum and GSO state of a received skb; false to drop it. */
static bool xennet_rx_offloads(struct xennet_queue *queue, struct sk_buff *skb,
			       const struct xennet_rx_pkt *pkt)
{
	struct net_device *dev = queue->info->netdev;

	if (pkt->flags & XEN_NETRXF_csum_blank) {
		/* Another guest left the checksum for its NIC to fill in. */
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb_reset_network_header(skb);
		if (skb_checksum_setup(skb, false))
			return false;
	} else if ((pkt->flags & XEN_NETRXF_data_validated) &&
		   (dev->features & NETIF_F_RXCSUM)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}

	if (pkt->gso.type == XEN_NETIF_EXTRA_TYPE_GSO) {
		if (skb->ip_summed != CHECKSUM_PARTIAL)
			return false;
		skb_shinfo(skb)->gso_size = pkt->gso.u.gso.size;
		skb_shinfo(skb)->gso_type =
			(pkt->gso.u.gso.type == XEN_NETIF_GSO_TYPE_TCPV6 ?
			 SKB_GSO_TCPV6 : SKB_GSO_TCPV4) | SKB_GSO_DODGY;
		skb_shinfo(skb)->gso_segs = 0;
	}
	return true;
}

/*
 * Consume the responses of one packet starting at rsp_cons and run @prog,
 * the XDP program if any, on it.  *skbp gets the packet for the stack, or
 * NULL when it was dropped or XDP took it.  Returns 0 or a violation.
 */
static int xennet_rx_packet(struct xennet_queue *queue, RING_IDX avail,
			    struct bpf_prog *prog, struct sk_buff **skbp)
{
	RING_IDX cons = queue->rx.rsp_cons;
	struct xennet_rx_pkt pkt = {};
	u32 slots = 1;
	u16 flags;
	u8 xflags;
	int err;

	*skbp = NULL;
	pkt.skb = napi_alloc_skb(&queue->napi, XENNET_RX_PULL);
	pkt.head_ok = !prog;
	err = xennet_rx_data_slot(queue, cons, true, &pkt, &flags);
	if (err)
		goto out;
	pkt.flags = flags;

	xflags = (flags & XEN_NETRXF_extra_info) ? XEN_NETIF_EXTRA_FLAG_MORE : 0;
	while (xflags & XEN_NETIF_EXTRA_FLAG_MORE) {
		err = xennet_check_rx_slots(slots + 1, avail);
		if (err)
			goto out;
		err = xennet_rx_extra_slot(queue, cons + slots, &pkt, &xflags);
		if (err)
			goto out;
		slots++;
	}
	while (flags & XEN_NETRXF_more_data) {
		err = xennet_check_rx_slots(slots + 1, avail);
		if (err)
			goto out;
		err = xennet_rx_data_slot(queue, cons + slots, false, &pkt, &flags);
		if (err)
			goto out;
		slots++;
	}
	queue->rx.rsp_cons = cons + slots;

	if (!pkt.skb || pkt.skb->len < ETH_HLEN) {
		xennet_rx_stat_add(queue, pkt.error ? XENNET_RX_ERRORS :
				   XENNET_RX_DROPS, 1);
		goto out;
	}
	if (prog) {
		/* Consumes the skb unless the program said XDP_PASS. */
		xennet_xdp_rx(queue, prog, &pkt.skb);
		if (!pkt.skb)
			return 0;
	}
	/* The head may hold the whole packet already (static slots). */
	if (!pskb_may_pull(pkt.skb, min_t(unsigned int, pkt.skb->len,
					  XENNET_RX_PULL))) {
		xennet_rx_stat_add(queue, XENNET_RX_DROPS, 1);
		goto out;
	}
	pkt.skb->protocol = eth_type_trans(pkt.skb, queue->info->netdev);
	if (!xennet_rx_offloads(queue, pkt.skb, &pkt)) {
		xennet_rx_stat_add(queue, XENNET_RX_ERRORS, 1);
		goto out;
	}
	*skbp = pkt.skb;
	return 0;

out:
	kfree_skb(pkt.skb);
	return err;
}

/*
 * Packets sent by every queue of the device, ever: what tells a one-way
 * stream (nothing sent between polls) from an exchange.  Read without the
 * stats' seqcount; a torn or stale sum only delays the decision a poll.
 */
static u64 xennet_tx_sent(const struct xennet_info *info)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < info->max_queues; i++)
		sum += u64_stats_read(&info->stats[i].tx[XENNET_TX_PACKETS]);
	return sum;
}

/**
 * xennet_poll() - NAPI poll: receive packets, refill, re-arm the event.
 * @napi: the queue's NAPI context
 * @budget: most packets to deliver
 *
 * Return: packets processed (delivered or dropped).
 */
int xennet_poll(struct napi_struct *napi, int budget)
{
	struct xennet_queue *queue = container_of(napi, struct xennet_queue, napi);
	u64 t0 = xendd_time_start(&queue->rx_poll_calls, local_clock);
	struct bpf_prog *prog;
	u64 bytes = u64_stats_read(&queue->stats->rx[XENNET_RX_BYTES]);
	RING_IDX cons = queue->rx.rsp_cons;
	int work = 0, more, err;
	RING_IDX prod;

	if (xennet_broken(queue->info)) {
		napi_complete_done(napi, 0);
		return 0;
	}

	prod = READ_ONCE(queue->rx.sring->rsp_prod);
	/*
	 * Read rsp_prod before the responses it covers; pairs with the
	 * wmb() in the backend's RING_PUSH_RESPONSES.
	 */
	virt_rmb();
	err = xennet_check_rsp_prod(prod, queue->rx.rsp_cons,
				    queue->rx.req_prod_pvt);
	rcu_read_lock();
	prog = rcu_dereference(queue->info->xdp_prog);
	while (!err && queue->rx.rsp_cons != prod && work < budget) {
		unsigned int len;
		struct sk_buff *skb;

		err = xennet_rx_packet(queue, prod - queue->rx.rsp_cons, prog,
				       &skb);
		work++;
		if (err || !skb)
			continue;
		len = skb->len + ETH_HLEN;
		napi_gro_receive(napi, skb);
		u64_stats_update_begin(&queue->stats->rx_syncp);
		u64_stats_inc(&queue->stats->rx[XENNET_RX_PACKETS]);
		u64_stats_add(&queue->stats->rx[XENNET_RX_BYTES], len);
		u64_stats_update_end(&queue->stats->rx_syncp);
	}
	rcu_read_unlock();
	xennet_sgrant_rx_count(queue, work);
	if (queue->xdp_flush) {
		queue->xdp_flush = false;
		xdp_do_flush();
	}
	if (err) {
		xennet_violation(queue, err);
		napi_complete_done(napi, 0);
		return 0;
	}

	xennet_rx_refill(queue);
	xennet_rx_stat_add(queue, XENNET_RX_NS, xendd_time_since(t0, local_clock));

	if (work < budget && napi_complete_done(napi, work)) {
		u64 wait = xendd_coal_next(&queue->rx_coal, ktime_get_ns,
					   queue->rx.rsp_cons - cons,
					   u64_stats_read(&queue->stats->rx[XENNET_RX_BYTES]) -
					   bytes,
					   xennet_tx_sent(queue->info),
					   (u64)READ_ONCE(xennet_rx_coalesce_usecs) *
					   NSEC_PER_USEC);

		if (wait) {
			/*
			 * A one-way stream: rsp_event stays behind rsp_prod, so
			 * the backend sends no events; the timer polls instead.
			 */
			hrtimer_start(&queue->rx_coal_timer, ns_to_ktime(wait),
				      HRTIMER_MODE_REL);
			xennet_rx_stat_add(queue, XENNET_RX_TIMED, 1);
			return work;
		}
		/*
		 * Sets rsp_event and re-reads rsp_prod behind an mb(); pairs
		 * with the backend's mb() in RING_PUSH_RESPONSES_AND_CHECK_NOTIFY.
		 */
		RING_FINAL_CHECK_FOR_RESPONSES(&queue->rx, more);
		if (more)
			napi_schedule(napi);
	}
	return work;
}

/**
 * xennet_rx_coal_timeout() - a timed rx poll is due.
 * @t: the queue's rx_coal_timer
 *
 * Return: HRTIMER_NORESTART; the poll decides whether another is due.
 */
enum hrtimer_restart xennet_rx_coal_timeout(struct hrtimer *t)
{
	struct xennet_queue *queue = container_of(t, struct xennet_queue,
						  rx_coal_timer);

	napi_schedule(&queue->napi);
	return HRTIMER_NORESTART;
}

/**
 * xennet_handle_rx() - rx part of an event: schedule NAPI if there is work.
 * @queue: the queue
 *
 * Return: true when responses are waiting.
 */
bool xennet_handle_rx(struct xennet_queue *queue)
{
	bool spurious = xennet_event_spurious(READ_ONCE(queue->rx.sring->rsp_prod),
					      &queue->rx_event_prod,
					      queue->rx.rsp_cons);

	xennet_ev_stat_inc(queue, XENNET_EV_RX_IRQ);
	if (xennet_broken(queue->info) || spurious)
		return false;
	napi_schedule(&queue->napi);
	return true;
}

/**
 * xennet_rx_release_all() - take back every posted rx buffer.
 * @queue: a queue whose irqs are unbound and whose NAPI is disabled
 *
 * Buffers the backend still maps go to the grant table's deferred list.
 */
void xennet_rx_release_all(struct xennet_queue *queue)
{
	RING_IDX idx;

	for (idx = 0; idx < XENNET_RX_RING_SIZE; idx++) {
		struct page *page;

		if (!queue->rx_slots[idx].page)
			continue;
		if (queue->rx_slots[idx].is_static) {
			/* Its page is the queue's: xennet_sgrant_stop(). */
			queue->rx_slots[idx].page = NULL;
			queue->rx_slots[idx].is_static = false;
			continue;
		}
		page = xennet_rx_take(queue, idx);
		if (page)
			put_page(page);
	}
}
