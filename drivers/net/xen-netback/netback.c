// SPDX-License-Identifier: GPL-2.0-only
/*
 * netback.c - guest TX: frontend requests to skbs for the local stack.
 *
 * The NAPI poll copies TX requests out of the shared ring once (XSA-155),
 * validates each chain with pure/tx.c, builds an skb whose first
 * XENVIF_TX_LINEAR bytes are linear whatever the slot split (XSA-423,
 * XSA-432), and fills the whole batch with one GNTTABOP_copy hypercall.
 * Responses are written only after the copy, so the frontend never sees a
 * slot completed whose grant we still read.
 */
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched/clock.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <xen/events.h>
#include <xen/page.h>

#include "common.h"

unsigned int xenvif_fatal_skb_slots = 20;
module_param_named(fatal_skb_slots, xenvif_fatal_skb_slots, uint, 0444);
MODULE_PARM_DESC(fatal_skb_slots,
		 "Data slots after the first in a guest-TX packet above which the vif is disabled");

static_assert(sizeof(struct xenvif_tx_slot) == sizeof(struct xen_netif_tx_request));
static_assert(offsetof(struct xenvif_tx_slot, size) ==
	      offsetof(struct xen_netif_tx_request, size));
static_assert(sizeof(struct xen_netif_extra_info) <= sizeof(struct xen_netif_tx_request));
static_assert(XEN_NETTXF_more_data == XENVIF_TXF_MORE_DATA);
static_assert(XEN_NETTXF_extra_info == XENVIF_TXF_EXTRA_INFO);
static_assert(XEN_NETTXF_csum_blank == XENVIF_TXF_CSUM_BLANK);
static_assert(XEN_NETTXF_data_validated == XENVIF_TXF_DATA_VALIDATED);
static_assert(XENVIF_EXTRA_TYPE_MAX == XEN_NETIF_EXTRA_TYPE_MAX);
static_assert(XENVIF_GSO_TYPE_TCPV6 == XEN_NETIF_GSO_TYPE_TCPV6);
static_assert(XENVIF_PAGE_SIZE == XEN_PAGE_SIZE);

/* Write one response; extras after the first slot get NETIF_RSP_NULL. */
static void xenvif_tx_respond(struct xenvif_queue *queue, u16 id, s16 status)
{
	struct xen_netif_tx_response *rsp;

	rsp = RING_GET_RESPONSE(&queue->tx, queue->tx.rsp_prod_pvt);
	rsp->id = id;
	rsp->status = status;
	queue->tx.rsp_prod_pvt++;
}

static void xenvif_tx_respond_pkt(struct xenvif_queue *queue,
				  const struct xenvif_tx_cb *cb, s16 status)
{
	unsigned int i;

	xenvif_tx_respond(queue, cb->ids[0], status);
	for (i = 0; i < cb->pkt.nr_extras; i++)
		xenvif_tx_respond(queue, 0, XEN_NETIF_RSP_NULL);
	for (i = 1; i < cb->pkt.nr_slots; i++)
		xenvif_tx_respond(queue, cb->ids[i], status);
}

static void xenvif_tx_push(struct xenvif_queue *queue)
{
	int notify;

	/*
	 * RING_PUSH_RESPONSES_AND_CHECK_NOTIFY orders the response bodies
	 * before rsp_prod (wmb) and rsp_prod before reading rsp_event (mb);
	 * it pairs with the frontend's RING_FINAL_CHECK_FOR_RESPONSES.
	 */
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&queue->tx, notify);
	if (notify)
		notify_remote_via_irq(queue->tx_irq);
}

/* Record the ids of a parsed chain's data slots. */
static void xenvif_tx_take_ids(struct xenvif_tx_cb *cb,
			       const struct xenvif_tx_slot *slots)
{
	unsigned int i;

	for (i = 0; i < cb->pkt.nr_slots; i++)
		cb->ids[i] = slots[xenvif_tx_data_index(&cb->pkt, i)].id;
}

/* Destination address of byte @pos of the packet being built. */
static void *xenvif_tx_dest(struct sk_buff *skb, unsigned int linear,
			    unsigned int pos, unsigned int *room)
{
	skb_frag_t *frag;
	unsigned int off;
	void *addr;

	if (pos < linear) {
		addr = skb->data + pos;
		*room = min_t(unsigned int, linear - pos,
			      XEN_PAGE_SIZE - xen_offset_in_page(addr));
		return addr;
	}
	pos -= linear;
	frag = &skb_shinfo(skb)->frags[pos / PAGE_SIZE];
	off = pos % PAGE_SIZE;
	*room = XEN_PAGE_SIZE - off;
	return page_address(skb_frag_page(frag)) + off;
}

/* Allocate the skb for a chain: XENVIF_TX_LINEAR linear, pages after. */
static struct sk_buff *xenvif_tx_alloc_skb(struct xenvif_queue *queue,
					   unsigned int len, unsigned int *linear)
{
	unsigned int rest, i, nr;
	struct sk_buff *skb;

	*linear = min_t(unsigned int, len, XENVIF_TX_LINEAR);
	skb = napi_alloc_skb(&queue->napi, *linear);
	if (!skb)
		return NULL;
	skb_put(skb, *linear);
	rest = len - *linear;
	nr = DIV_ROUND_UP(rest, PAGE_SIZE);
	if (nr > MAX_SKB_FRAGS)
		goto err;
	for (i = 0; i < nr; i++) {
		unsigned int flen = min_t(unsigned int, rest, PAGE_SIZE);
		struct page *page = alloc_page(GFP_ATOMIC);

		if (!page)
			goto err;
		skb_add_rx_frag(skb, i, page, 0, flen, PAGE_SIZE);
		rest -= flen;
	}
	return skb;
err:
	kfree_skb(skb);
	return NULL;
}

/* Queue the grant copies filling @cb->skb from the chain's data slots. */
static void xenvif_tx_build_ops(struct xenvif_queue *queue,
				struct xenvif_tx_cb *cb,
				const struct xenvif_tx_slot *slots,
				unsigned int linear, unsigned int *nr_ops)
{
	unsigned int i, pos = 0;

	cb->first_op = *nr_ops;
	for (i = 0; i < cb->pkt.nr_slots; i++) {
		const struct xenvif_tx_slot *s =
			&slots[xenvif_tx_data_index(&cb->pkt, i)];
		unsigned int len = xenvif_tx_slot_len(slots, &cb->pkt, i);
		unsigned int src_off = s->offset;

		/* Zero-length slots need no copy and no grant (XSA-448). */
		while (len) {
			struct gnttab_copy *op = &queue->tx_ops[(*nr_ops)++];
			unsigned int room, chunk;
			void *dst;

			dst = xenvif_tx_dest(cb->skb, linear, pos, &room);
			chunk = min(len, room);
			op->source.u.ref = s->gref;
			op->source.domid = queue->vif->domid;
			op->source.offset = src_off;
			op->dest.u.gmfn = virt_to_gfn(dst);
			op->dest.domid = DOMID_SELF;
			op->dest.offset = xen_offset_in_page(dst);
			op->len = chunk;
			op->flags = GNTCOPY_source_gref;
			src_off += chunk;
			pos += chunk;
			len -= chunk;
		}
	}
	cb->nr_ops = *nr_ops - cb->first_op;
}

/* Worst case copies of one chain: each slot split twice, the linear area once. */
static unsigned int xenvif_tx_ops_bound(const struct xenvif_tx_pkt *pkt)
{
	return 2 * pkt->nr_slots + 2;
}

/* Checksum and GSO metadata from the first slot's flags and the GSO extra. */
static int xenvif_tx_set_offloads(struct xenvif_queue *queue,
				  struct sk_buff *skb,
				  const struct xenvif_tx_pkt *pkt)
{
	bool recalc = false;
	int err;

	if (pkt->flags & XEN_NETTXF_csum_blank)
		skb->ip_summed = CHECKSUM_PARTIAL;
	else if (pkt->flags & XEN_NETTXF_data_validated)
		skb->ip_summed = CHECKSUM_UNNECESSARY;

	if (pkt->extra_mask & BIT(XEN_NETIF_EXTRA_TYPE_GSO)) {
		struct skb_shared_info *shinfo = skb_shinfo(skb);

		shinfo->gso_size = pkt->gso.gso_size;
		shinfo->gso_type = SKB_GSO_DODGY |
			(pkt->gso.gso_type == XEN_NETIF_GSO_TYPE_TCPV4 ?
			 SKB_GSO_TCPV4 : SKB_GSO_TCPV6);
		shinfo->gso_segs = 0;
		/* A GSO packet must be CHECKSUM_PARTIAL; some frontends omit it. */
		if (skb->ip_summed != CHECKSUM_PARTIAL) {
			skb->ip_summed = CHECKSUM_PARTIAL;
			recalc = true;
			queue->stats.tx_gso_csum_fixup++;
		}
	}

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	/* Parses and pulls the IP and L4 headers into the linear area. */
	err = skb_checksum_setup(skb, recalc);
	if (err)
		return err;

	if (skb_is_gso(skb)) {
		unsigned int hdr = skb_transport_offset(skb) + tcp_hdrlen(skb);

		if (hdr >= skb->len)
			return -EINVAL;
		skb_shinfo(skb)->gso_segs =
			DIV_ROUND_UP(skb->len - hdr, skb_shinfo(skb)->gso_size);
	}
	return 0;
}

/* Hand a copied packet to the stack, or drop it. */
static void xenvif_tx_deliver(struct xenvif_queue *queue,
			      struct xenvif_tx_cb *cb)
{
	struct net_device *dev = queue->vif->dev;
	struct sk_buff *skb = cb->skb;
	unsigned int len = skb->len;

	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	if (xenvif_tx_set_offloads(queue, skb, &cb->pkt)) {
		net_dbg_ratelimited("%s: bad offload metadata, dropped\n",
				    queue->name);
		queue->stats.tx_dropped++;
		kfree_skb(skb);
		return;
	}
	if (cb->pkt.extra_mask & BIT(XEN_NETIF_EXTRA_TYPE_HASH)) {
		/* The frontend's hash covers the ports only for the TCP types. */
		bool l4 = cb->pkt.hash.hash_type == XENVIF_HASH_TYPE_IPV4_TCP ||
			  cb->pkt.hash.hash_type == XENVIF_HASH_TYPE_IPV6_TCP;

		skb_set_hash(skb, cb->pkt.hash.hash_value,
			     l4 ? PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);
	}
	skb_record_rx_queue(skb, queue->id);
	queue->stats.tx_packets++;
	queue->stats.tx_bytes += len;
	napi_gro_receive(&queue->napi, skb);
}

/* Check a batch's copies and complete every packet in it. */
static void xenvif_tx_complete(struct xenvif_queue *queue, unsigned int nr_cb,
			       unsigned int nr_ops)
{
	unsigned int i, j;

	if (nr_ops) {
		u64 t0 = xendd_time_start(&queue->tx_copy_calls, local_clock);

		gnttab_batch_copy(queue->tx_ops, nr_ops);
		queue->stats.tx_copy_ns += xendd_time_since(t0, local_clock);
		queue->stats.tx_hypercalls++;
	}

	for (i = 0; i < nr_cb; i++) {
		struct xenvif_tx_cb *cb = &queue->tx_cb[i];
		s16 status = XEN_NETIF_RSP_OKAY;

		/* Each operation can fail on its own (XSA-362/367). */
		for (j = 0; j < cb->nr_ops; j++) {
			if (queue->tx_ops[cb->first_op + j].status != GNTST_okay) {
				status = XEN_NETIF_RSP_ERROR;
				break;
			}
		}
		xenvif_tx_respond_pkt(queue, cb, status);
		if (status != XEN_NETIF_RSP_OKAY) {
			net_dbg_ratelimited("%s: grant copy failed: %d\n",
					    queue->name,
					    queue->tx_ops[cb->first_op + j].status);
			queue->stats.tx_copy_errors++;
			queue->stats.tx_dropped++;
			kfree_skb(cb->skb);
			continue;
		}
		xenvif_tx_deliver(queue, cb);
	}
	if (nr_cb)
		xenvif_tx_push(queue);
}

/* Apply the MCAST_ADD / MCAST_DEL extras of a chain to the filter. */
static void xenvif_tx_mcast(struct xenvif_queue *queue,
			    const struct xenvif_tx_pkt *pkt)
{
	struct xenvif *vif = queue->vif;

	spin_lock(&vif->mcast_lock);
	if (pkt->extra_mask & BIT(XEN_NETIF_EXTRA_TYPE_MCAST_ADD) &&
	    xenvif_mcast_add(&vif->mcast, pkt->mcast_add.addr) == -ENOSPC)
		net_info_ratelimited("%s: over %u multicast groups, filter off\n",
				     queue->name, XENVIF_MCAST_MAX);
	if (pkt->extra_mask & BIT(XEN_NETIF_EXTRA_TYPE_MCAST_DEL))
		xenvif_mcast_del(&vif->mcast, pkt->mcast_del.addr);
	spin_unlock(&vif->mcast_lock);
}

/* Pick up a new "rate" setting published by the xenbus watch. */
static void xenvif_tx_credit_refresh(struct xenvif_queue *queue)
{
	struct xenvif *vif = queue->vif;
	unsigned int gen = READ_ONCE(vif->rate_gen);
	unsigned long bytes, usec, period;

	if (gen == queue->credit_gen)
		return;
	/* Pairs with the smp_wmb() in the rate watch: values before rate_gen. */
	smp_rmb();
	bytes = READ_ONCE(vif->credit_bytes);
	usec = READ_ONCE(vif->credit_usec);
	period = usecs_to_jiffies(usec);
	bytes = xenvif_credit_scale(bytes, usec, jiffies_to_usecs(period));
	xenvif_credit_init(&queue->credit, bytes, period, jiffies);
	queue->credit_gen = gen;
}

/**
 * xenvif_credit_timer_fn() - the credit period ended; resume guest TX.
 * @t: the queue's credit_timer
 */
void xenvif_credit_timer_fn(struct timer_list *t)
{
	struct xenvif_queue *queue = from_timer(queue, t, credit_timer);

	napi_schedule(&queue->napi);
}

/* Copy @n slots from the ring, once each, into the queue's window. */
static void xenvif_tx_copy_window(struct xenvif_queue *queue, unsigned int n)
{
	struct xen_netif_tx_request req;
	unsigned int i;

	for (i = 0; i < n; i++) {
		RING_COPY_REQUEST(&queue->tx, queue->tx.req_cons + i, &req);
		memcpy(&queue->tx_window[i], &req, sizeof(req));
	}
}

/*
 * Consume up to @budget packets.  Returns the number consumed; sets
 * *blocked when the rate limiter stopped the ring.
 */
static int xenvif_tx_action(struct xenvif_queue *queue, int budget,
			    bool *blocked)
{
	struct xenvif_tx_limits lim = {
		.max_slots = XENVIF_TX_MAX_SLOTS,
		.fatal_slots = xenvif_fatal_skb_slots,
	};
	unsigned int nr_cb = 0, nr_ops = 0, done = 0;
	bool stop = false;

	*blocked = false;
	xenvif_tx_credit_refresh(queue);

	while (!stop && done < budget && nr_cb < XENVIF_TX_BATCH) {
		unsigned int window, off = 0;
		int avail;
		u32 prod;

		prod = READ_ONCE(queue->tx.sring->req_prod);
		/* Pairs with the wmb() in the frontend's RING_PUSH_REQUESTS. */
		rmb();
		avail = xenvif_ring_unconsumed(prod, queue->tx.req_cons,
					       XENVIF_TX_RING_SIZE);
		if (avail < 0) {
			xenvif_fatal(queue, "TX request producer more than a ring ahead");
			stop = true;
			break;
		}
		if (!avail)
			break;
		window = min_t(unsigned int, avail, XENVIF_TX_WINDOW);
		xenvif_tx_copy_window(queue, window);

		while (off < window && done < budget && nr_cb < XENVIF_TX_BATCH) {
			const struct xenvif_tx_slot *slots = &queue->tx_window[off];
			struct xenvif_tx_cb *cb = &queue->tx_cb[nr_cb];
			enum xenvif_tx_verdict v;
			unsigned long retry;
			unsigned int linear;

			v = xenvif_tx_parse(slots, window - off, &lim, &cb->pkt);
			if (v == XENVIF_TX_INCOMPLETE) {
				/* Only fatal if the frontend published no more. */
				if (off == 0 && window == avail) {
					xenvif_fatal(queue,
						     xenvif_tx_reason_str(cb->pkt.reason));
					stop = true;
				}
				break;
			}
			if (v == XENVIF_TX_FATAL) {
				xenvif_fatal(queue, xenvif_tx_reason_str(cb->pkt.reason));
				stop = true;
				break;
			}
			if (nr_ops + xenvif_tx_ops_bound(&cb->pkt) > XENVIF_TX_COPY_OPS) {
				stop = true;
				break;
			}
			if (v == XENVIF_TX_OK &&
			    !xenvif_credit_take(&queue->credit, jiffies,
						cb->pkt.len, &retry)) {
				queue->stats.tx_credit_waits++;
				mod_timer(&queue->credit_timer, retry);
				*blocked = true;
				stop = true;
				break;
			}

			xenvif_tx_take_ids(cb, slots);
			queue->tx.req_cons += cb->pkt.consumed;
			off += cb->pkt.consumed;
			done++;

			if (cb->pkt.extra_mask & (BIT(XEN_NETIF_EXTRA_TYPE_MCAST_ADD) |
						  BIT(XEN_NETIF_EXTRA_TYPE_MCAST_DEL))) {
				/* A filter update: answered, never delivered. */
				xenvif_tx_mcast(queue, &cb->pkt);
				xenvif_tx_respond_pkt(queue, cb, XEN_NETIF_RSP_OKAY);
				continue;
			}
			if (v == XENVIF_TX_DROP) {
				net_dbg_ratelimited("%s: dropped: %s\n", queue->name,
						    xenvif_tx_reason_str(cb->pkt.reason));
				xenvif_tx_respond_pkt(queue, cb, XEN_NETIF_RSP_ERROR);
				queue->stats.tx_dropped++;
				continue;
			}
			cb->skb = xenvif_tx_alloc_skb(queue, cb->pkt.len, &linear);
			if (!cb->skb) {
				xenvif_tx_respond_pkt(queue, cb, XEN_NETIF_RSP_ERROR);
				queue->stats.tx_dropped++;
				continue;
			}
			xenvif_tx_build_ops(queue, cb, slots, linear, &nr_ops);
			nr_cb++;
		}
	}

	xenvif_tx_complete(queue, nr_cb, nr_ops);
	if (done && !nr_cb)
		xenvif_tx_push(queue);
	return done;
}

/*
 * Packets handed to the vif for the guest, on every queue, ever: what
 * tells a one-way stream from the guest (nothing sent back between polls)
 * from an exchange.  Read without locks; a stale sum only delays the
 * decision a poll.  NAPI is disabled before the queues go.
 */
static u64 xenvif_xmits(const struct xenvif *vif)
{
	const struct xenvif_queue *queues = READ_ONCE(vif->queues);
	unsigned int i, num = READ_ONCE(vif->num_queues);
	u64 sum = 0;

	for (i = 0; queues && i < num; i++)
		sum += READ_ONCE(queues[i].rx_xmits);
	return sum;
}

/**
 * xenvif_tx_coal_timeout() - a timed guest-TX poll is due.
 * @t: the queue's tx_coal_timer
 *
 * Return: HRTIMER_NORESTART; the poll decides whether another is due.
 */
enum hrtimer_restart xenvif_tx_coal_timeout(struct hrtimer *t)
{
	struct xenvif_queue *queue = container_of(t, struct xenvif_queue,
						  tx_coal_timer);

	napi_schedule(&queue->napi);
	return HRTIMER_NORESTART;
}

/**
 * xenvif_tx_poll() - NAPI poll: consume guest-TX requests.
 * @napi: the queue's NAPI context
 * @budget: packets allowed this round
 *
 * Return: packets consumed; less than @budget completes NAPI.
 */
int xenvif_tx_poll(struct napi_struct *napi, int budget)
{
	struct xenvif_queue *queue = container_of(napi, struct xenvif_queue, napi);
	RING_IDX cons = queue->tx.req_cons;
	unsigned long bytes = queue->stats.tx_bytes;
	bool blocked = false;
	int done = 0, more;

	if (!READ_ONCE(queue->vif->disabled)) {
		u64 t0 = xendd_time_start(&queue->tx_poll_calls, local_clock);

		done = xenvif_tx_action(queue, budget, &blocked);
		queue->stats.tx_ns += xendd_time_since(t0, local_clock);
	}

	if (done < budget && napi_complete_done(napi, done)) {
		u64 wait;

		if (READ_ONCE(queue->vif->disabled)) {
			/* Leave the channel masked: no EOI for a disabled vif. */
			return done;
		}
		wait = xendd_coal_next(&queue->tx_coal, ktime_get_ns,
				       queue->tx.req_cons - cons,
				       queue->stats.tx_bytes - bytes,
				       xenvif_xmits(queue->vif),
				       (u64)READ_ONCE(xenvif_tx_coalesce_usecs) *
				       NSEC_PER_USEC);
		if (wait && !blocked) {
			/*
			 * A one-way stream from the guest: req_event stays
			 * behind req_prod, so the frontend sends no events
			 * and the timer polls instead.
			 */
			hrtimer_start(&queue->tx_coal_timer, ns_to_ktime(wait),
				      HRTIMER_MODE_REL);
			queue->stats.tx_timed_polls++;
			xenvif_eoi(queue, XENVIF_EOI_TX, 0);
			return done;
		}
		/*
		 * Sets req_event and re-reads req_prod behind a full barrier,
		 * pairing with the frontend's RING_PUSH_REQUESTS_AND_CHECK_NOTIFY.
		 */
		RING_FINAL_CHECK_FOR_REQUESTS(&queue->tx, more);
		if (more && !blocked)
			napi_schedule(napi);
		else
			xenvif_eoi(queue, XENVIF_EOI_TX, 0);
	}
	return done;
}

/**
 * xenvif_tx_event() - is there TX work for this event?
 * @queue: the queue; called from the queue's IRQ handler only
 *
 * An event finds work when the frontend published requests since the
 * previous event, or requests wait unconsumed.  The first test matters
 * when the NAPI poll already consumed the requests that raised the event,
 * which the event channel then delivers after the poll's EOI: that event
 * is not spurious, and calling it so would make Linux delay later EOIs.
 *
 * Return: false for a spurious event.
 */
bool xenvif_tx_event(struct xenvif_queue *queue)
{
	return xendd_event_moved(READ_ONCE(queue->tx.sring->req_prod),
				 &queue->tx_prod_seen) ||
	       RING_HAS_UNCONSUMED_REQUESTS(&queue->tx);
}

/**
 * xenvif_tx_interrupt() - the TX event channel fired (split channels).
 * @irq: the TX irq
 * @dev_id: the queue
 *
 * Return: IRQ_HANDLED.
 */
irqreturn_t xenvif_tx_interrupt(int irq, void *dev_id)
{
	struct xenvif_queue *queue = dev_id;

	if (xenvif_tx_event(queue)) {
		atomic_or(XENVIF_EOI_TX, &queue->eoi_pending);
		napi_schedule(&queue->napi);
	} else {
		/* Nothing published: a spurious event (XSA-332). */
		queue->stats.spurious_events++;
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
	}
	return IRQ_HANDLED;
}

/**
 * xenvif_interrupt() - the single event channel fired (no split).
 * @irq: the irq shared by both rings
 * @dev_id: the queue
 *
 * Return: IRQ_HANDLED.
 */
irqreturn_t xenvif_interrupt(int irq, void *dev_id)
{
	struct xenvif_queue *queue = dev_id;
	bool tx = xenvif_tx_event(queue);
	bool rx = xenvif_rx_event(queue);

	if (!tx && !rx) {
		queue->stats.spurious_events++;
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	atomic_or((tx ? XENVIF_EOI_TX : 0) | (rx ? XENVIF_EOI_RX : 0),
		  &queue->eoi_pending);
	if (tx)
		napi_schedule(&queue->napi);
	if (rx)
		wake_up(&queue->wq);
	return IRQ_HANDLED;
}
