/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * netfront.h - shared structures of xen-netfront.
 *
 * One struct xennet_info per vif device (the netdev's private area) and
 * one struct xennet_queue per tx/rx ring pair.  The queues array exists
 * only while connected to a backend; it is created and destroyed under
 * the RTNL, which also serialises ndo_open/ndo_stop against it.
 */
#ifndef XENNET_NETFRONT_H
#define XENNET_NETFRONT_H

#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>
#include <xen/grant_table.h>
#include <xen/interface/io/netif.h>
#include <linux/bpf.h>
#include <net/xdp.h>
#include XENDD_PAGE_POOL_H	/* compat/compat.h */
#include <xen/xendd-event.h>
#include <xen/xendd-time.h>

#include "pure/idlist.h"
#include "pure/ring.h"
#include "pure/slots.h"
#include "pure/state.h"
#include "pure/xenstore.h"

#define XENNET_TX_RING_SIZE	__CONST_RING_SIZE(xen_netif_tx, XEN_PAGE_SIZE)
/* Bounce pages a queue keeps between copies (128 KiB with 4 KiB pages). */
#define XENNET_TX_BOUNCE_CACHE	32
#define XENNET_RX_RING_SIZE	__CONST_RING_SIZE(xen_netif_rx, XEN_PAGE_SIZE)

/* Bytes of a received packet copied into the skb head for the stack. */
#define XENNET_RX_PULL		256
/* How long a lazy tx queue's completions may wait when transmits stop. */
#define XENNET_TX_REAP_DELAY	(HZ / 100 ? HZ / 100 : 1)

/*
 * Largest MTU with an XDP program attached: a frame must fit one rx page
 * behind XDP_PACKET_HEADROOM and leave the tailroom of an xdp_frame.
 */
#define XENNET_XDP_MAX_MTU \
	(XEN_PAGE_SIZE - XDP_PACKET_HEADROOM - \
	 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) - ETH_HLEN)

/* Per-queue counters, shown by ethtool -S as "q<N>_<name>". */
enum xennet_tx_stat {
	XENNET_TX_PACKETS,
	XENNET_TX_BYTES,
	XENNET_TX_DROPS,
	XENNET_TX_RING_FULL,
	XENNET_TX_NOTIFY,
	XENNET_TX_BOUNCED,
	XENNET_TX_BOUNCE_REUSED,
	XENNET_TX_XDP,
	XENNET_TX_XDP_FULL,
	XENNET_TX_REAPED_BY_TIMER,
	XENNET_TX_NS,
	XENNET_TX_NSTATS,
};

enum xennet_rx_stat {
	XENNET_RX_PACKETS,
	XENNET_RX_BYTES,
	XENNET_RX_DROPS,
	XENNET_RX_ERRORS,
	XENNET_RX_NOTIFY,
	XENNET_RX_REFILL_FAIL,
	XENNET_RX_XDP_DROP,
	XENNET_RX_XDP_TX,
	XENNET_RX_XDP_REDIRECT,
	XENNET_RX_NS,
	XENNET_RX_TIMED,
	XENNET_RX_STATIC_SLOTS,
	XENNET_RX_POOLED,
	XENNET_RX_NSTATS,
};

enum xennet_ev_stat {
	XENNET_EV_TX_IRQ,
	XENNET_EV_RX_IRQ,
	XENNET_EV_REJECTED,
	XENNET_EV_STATIC_GRANTS,	/* a level, not an event: sgrant.c */
	XENNET_EV_NSTATS,
};

#define XENNET_NSTATS (XENNET_TX_NSTATS + XENNET_RX_NSTATS + XENNET_EV_NSTATS)

/**
 * struct xennet_stats - counters of one queue; outlive the queue itself.
 * @tx_syncp: guards @tx; written with the queue's tx_lock held
 * @tx: enum xennet_tx_stat counters
 * @rx_syncp: guards @rx; written from NAPI poll only
 * @rx: enum xennet_rx_stat counters
 * @ev: enum xennet_ev_stat counters, written from any context (and
 *      XENNET_EV_STATIC_GRANTS, the static grants the queue holds now)
 */
struct xennet_stats {
	struct u64_stats_sync tx_syncp;
	u64_stats_t tx[XENNET_TX_NSTATS];
	struct u64_stats_sync rx_syncp;
	u64_stats_t rx[XENNET_RX_NSTATS];
	atomic_long_t ev[XENNET_EV_NSTATS];
};

/**
 * struct xennet_tx_slot - a tx request in flight, indexed by its id.
 * @skb: reference dropped on completion, or NULL when the data was copied
 * @page: the granted page
 * @ref: grant reference of @page
 * @owned: @page is a bounce page of ours, freed on completion
 */
struct xennet_tx_slot {
	struct sk_buff *skb;
	struct page *page;
	grant_ref_t ref;
	bool owned;
};

/**
 * struct xennet_rx_slot - an rx buffer posted to the backend.
 * @page: the page, NULL when the slot holds no buffer
 * @ref: its grant reference
 * @is_static: @page is the slot's static page (sgrant.c): it stays
 *	granted and mapped, received data is copied out of it
 */
struct xennet_rx_slot {
	struct page *page;
	grant_ref_t ref;
	bool is_static;
};

/* Static-grant state of a queue (sgrant.c). */
enum {
	XENNET_SGS_OFF,		/* not now, not on this connection */
	XENNET_SGS_COUNTING,	/* counting rx packets towards the upgrade */
	XENNET_SGS_PENDING,	/* the upgrade work is queued or running */
	XENNET_SGS_ON,		/* refill posts the static pages */
};

/**
 * struct xennet_sgrant - the static rx pages of a queue.
 * @pages: the page of each rx ring slot
 * @refs: its grant
 * @nr: entries of @pages and @refs in use
 * @table: the ADD/DEL table (struct xendd_netif_gref entries)
 * @table_ref: its grant
 */
struct xennet_sgrant {
	struct page *pages[XENNET_RX_RING_SIZE];
	grant_ref_t refs[XENNET_RX_RING_SIZE];
	unsigned int nr;
	struct page *table;
	grant_ref_t table_ref;
};

struct xennet_ctrl;

struct xennet_info;
struct xennet_rebind;

/**
 * struct xennet_queue - one tx/rx ring pair and its event channel(s).
 * @info: the device
 * @id: queue number
 * @stats: this queue's counters (in @info, so they outlive the queue)
 * @napi: rx (and nothing else) runs here
 * @tx_evtchn: tx event channel, also rx's when not split
 * @rx_evtchn: rx event channel (equal to @tx_evtchn when not split)
 * @tx_irq: irq bound to @tx_evtchn, 0 when unbound
 * @rx_irq: irq bound to @rx_evtchn, equal to @tx_irq when not split
 * @tx_irq_name: name of @tx_irq
 * @rx_irq_name: name of @rx_irq
 * @tx_lock: protects @tx, @tx_ids, @tx_slots, @gref_tx_head, @tx_event_prod
 *           and @tx_stopped
 * @tx: tx front ring
 * @tx_ring_ref: grant of the tx shared page
 * @gref_tx_head: pool of grant references for tx data
 * @tx_ids: free list and in-flight set of tx request ids
 * @tx_slots: state of each in-flight tx id
 * @tx_event_prod: tx rsp_prod as the previous tx event read it
 * @tx_bounce: bounce pages whose grant ended, kept for the next copies to
 *	this backend (tx_lock; xennet_tx_bounce_get() in tx.c)
 * @tx_bounce_nr: how many @tx_bounce holds
 * @rx: rx front ring; producer side written by refill, consumer by NAPI
 * @rx_ring_ref: grant of the rx shared page
 * @gref_rx_head: pool of grant references for rx buffers
 * @rx_slots: posted rx buffers, indexed by ring index & (size - 1)
 * @rx_event_prod: rx rsp_prod as the previous rx event read it (IRQ only)
 * @refill_timer: retries an rx refill that could not allocate
 * @tx_reap_timer: reaps the tx completions of a lazy queue (tx.c)
 * @rx_coal: coalescing state of the rx ring (NAPI only)
 * @rx_coal_timer: polls the rx ring while no rx event is asked for
 * @xdp_rxq: XDP receive queue info (memory model: order-0 pages)
 * @xdp_flush: an XDP_REDIRECT happened in this NAPI poll (NAPI only)
 * @sg_state: XENNET_SGS_* (cmpxchg; see sgrant.c)
 * @sg_work: the upgrade to static grants
 * @sgrant: the static rx pages once the backend took them (release/acquire)
 * @rx_seen: packets received on this connection, while counting (NAPI)
 * @rx_pool: pages the copies out of static rx slots go into, recycled
 *	when the stack frees them; NULL when none could be made
 * @tx_xmit_calls: transmits, for the sampled timing of XENNET_TX_NS
 *	(xendd-time.h; serialised by the netdev queue's lock)
 * @tx_gc_calls: the same for tx events and reap timers (under @tx_lock)
 * @rx_poll_calls: the same for NAPI polls (XENNET_RX_NS)
 */
struct xennet_queue {
	struct xennet_info *info;
	unsigned int id;
	struct xennet_stats *stats;
	struct napi_struct napi;

	evtchn_port_t tx_evtchn;
	evtchn_port_t rx_evtchn;
	unsigned int tx_irq;
	unsigned int rx_irq;
	char tx_irq_name[IFNAMSIZ + 16];
	char rx_irq_name[IFNAMSIZ + 16];

	/* Serialises xmit, completions and teardown on the tx side. */
	spinlock_t tx_lock;
	struct xen_netif_tx_front_ring tx;
	grant_ref_t tx_ring_ref;
	grant_ref_t gref_tx_head;
	struct xennet_idlist tx_ids;
	struct xennet_tx_slot tx_slots[XENNET_TX_RING_SIZE];
	u32 tx_event_prod;
	struct page *tx_bounce[XENNET_TX_BOUNCE_CACHE];
	unsigned int tx_bounce_nr;

	struct xen_netif_rx_front_ring rx;
	grant_ref_t rx_ring_ref;
	grant_ref_t gref_rx_head;
	struct xennet_rx_slot rx_slots[XENNET_RX_RING_SIZE];
	u32 rx_event_prod;
	struct timer_list refill_timer;
	struct timer_list tx_reap_timer;
	struct xendd_coal rx_coal;
	struct hrtimer rx_coal_timer;
	struct xdp_rxq_info xdp_rxq;
	bool xdp_flush;

	int sg_state;
	struct work_struct sg_work;
	struct xennet_sgrant *sgrant;
	u32 rx_seen;
	struct page_pool *rx_pool;
	u32 tx_xmit_calls;
	u32 tx_gc_calls;
	u32 rx_poll_calls;
};

/* Bits of xennet_info.flags. */
enum {
	XENNET_BROKEN,		/* the backend violated the protocol */
};

/**
 * struct xennet_info - a vif device; the netdev's private area.
 * @netdev: the ethN device
 * @xbdev: its xenbus device
 * @queues: the connected queues, NULL while disconnected (RTNL)
 * @num_queues: entries in @queues (RTNL)
 * @max_queues: entries in @stats, the most queues we ever use
 * @stats: per-queue counters, allocated with the device
 * @backend_features: XENNET_BF_* bits the backend advertised
 * @bounce: the backend is not trusted: copy tx data into zeroed pages and
 *          post zeroed rx pages, so it never sees other guest memory
 * @started: rx buffers are posted and the queues may carry traffic (RTNL)
 * @napi_on: the queues' NAPI contexts are enabled (RTNL)
 * @flags: XENNET_* bits
 * @rebind: driver-domain restart state, NULL until a backend first
 *          vanished (rebind.c; used in the xenwatch thread)
 * @xdp_prog: the attached XDP program (written under RTNL, read in NAPI)
 * @xdp_headroom_sent: the xdp-headroom last written for the backend (RTNL)
 * @ctrl: the control ring, NULL without one (created and freed under RTNL
 *        with the queues; ctrl.c)
 */
struct xennet_info {
	struct net_device *netdev;
	struct xenbus_device *xbdev;
	struct xennet_queue *queues;
	unsigned int num_queues;
	unsigned int max_queues;
	struct xennet_stats *stats;
	u32 backend_features;
	bool bounce;
	bool started;
	bool napi_on;
	unsigned long flags;
	struct xennet_rebind *rebind;
	struct bpf_prog __rcu *xdp_prog;
	u32 xdp_headroom_sent;
	struct xennet_ctrl *ctrl;
};

/* module.c */
extern unsigned int xennet_max_queues;
extern int xennet_trusted;
extern unsigned int xennet_rx_coalesce_usecs;
extern bool xennet_static_grants;
extern unsigned int xennet_static_grants_after;

/* xenbus.c */
extern struct xenbus_driver xennet_driver;

/* netdev.c */
struct net_device *xennet_create_netdev(struct xenbus_device *xbdev);
void xennet_free_netdev(struct net_device *netdev);
void xennet_violation(struct xennet_queue *queue, int err);

/* queue.c */
int xennet_create_queues(struct xennet_info *info, unsigned int num);
void xennet_quiesce_queues(struct xennet_info *info);
void xennet_destroy_queues(struct xennet_info *info);
int xennet_write_queue_keys(struct xennet_info *info,
			    struct xenbus_transaction xbt);
void xennet_start_queues(struct xennet_info *info);
void xennet_napi_enable_all(struct xennet_info *info);
void xennet_napi_disable_all(struct xennet_info *info);

/* tx.c */
netdev_tx_t xennet_start_xmit(struct sk_buff *skb, struct net_device *dev);
unsigned int xennet_tx_gc(struct xennet_queue *queue);
void xennet_tx_release_all(struct xennet_queue *queue);
void xennet_tx_bounce_flush(struct xennet_queue *queue);
bool xennet_handle_tx(struct xennet_queue *queue);
int xennet_tx_xdp_buf(struct xennet_queue *queue, const void *data, u32 len);

/* rx.c */
int xennet_poll(struct napi_struct *napi, int budget);
void xennet_rx_refill(struct xennet_queue *queue);
enum hrtimer_restart xennet_rx_coal_timeout(struct hrtimer *t);
void xennet_rx_release_all(struct xennet_queue *queue);
void xennet_refill_timeout(struct timer_list *t);
void xennet_tx_reap_timeout(struct timer_list *t);
bool xennet_handle_rx(struct xennet_queue *queue);

/* rebind.c */
bool xennet_rebind_backend_gone(struct xennet_info *info,
				enum xenbus_state state);
void xennet_rebind_stop(struct xennet_info *info);

/* ctrl.c */
int xennet_ctrl_create(struct xennet_info *info);
void xennet_ctrl_abort(struct xennet_info *info);
void xennet_ctrl_destroy(struct xennet_info *info);
int xennet_ctrl_write_keys(struct xennet_info *info,
			   struct xenbus_transaction xbt);
int xennet_ctrl_call(struct xennet_info *info, u16 type, u32 d0, u32 d1,
		     u32 d2, u32 *status, u32 *data);

/* sgrant.c */
void xennet_sgrant_init_queue(struct xennet_queue *queue);
void xennet_sgrant_arm(struct xennet_info *info);
void xennet_sgrant_rx_count(struct xennet_queue *queue, unsigned int packets);
void xennet_sgrant_del_all(struct xennet_info *info);
void xennet_sgrant_stop(struct xennet_info *info);

/* xdp.c */
void xennet_xdp_init_netdev(struct net_device *dev);
u32 xennet_xdp_headroom(const struct xennet_info *info);
void xennet_xdp_tell_backend(struct xennet_info *info);
void xennet_xdp_reconfigured(struct xennet_info *info);
int xennet_bpf(struct net_device *dev, struct netdev_bpf *bpf);
void xennet_xdp_rx(struct xennet_queue *queue, struct bpf_prog *prog,
		   struct sk_buff **skbp);
int xennet_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		    u32 flags);

/* ethtool.c */
extern const struct ethtool_ops xennet_ethtool_ops;

/**
 * xennet_end_owned_grant() - end the backend's access to a page of ours.
 * @ref: the grant reference
 * @page: the page it grants, allocated by us
 *
 * Return: true when the grant ended and both @ref and @page are the
 * caller's again (the reference goes back to the pool it came from).
 * False when the backend still maps the page: the page went to the grant
 * table's deferred list, which frees it and the reference once the
 * backend lets go (XSA-396); the caller must touch neither again.
 */
static inline bool xennet_end_owned_grant(grant_ref_t ref, struct page *page)
{
	if (xennet_release_plan(gnttab_end_foreign_access_ref(ref), true) ==
	    XENNET_REL_FREE)
		return true;
	gnttab_end_foreign_access(ref, page);
	return false;
}

static inline bool xennet_broken(const struct xennet_info *info)
{
	return test_bit(XENNET_BROKEN, &info->flags);
}

static inline void xennet_tx_stat_add(struct xennet_queue *queue,
				      enum xennet_tx_stat s, u64 v)
{
	u64_stats_update_begin(&queue->stats->tx_syncp);
	u64_stats_add(&queue->stats->tx[s], v);
	u64_stats_update_end(&queue->stats->tx_syncp);
}

static inline void xennet_rx_stat_add(struct xennet_queue *queue,
				      enum xennet_rx_stat s, u64 v)
{
	u64_stats_update_begin(&queue->stats->rx_syncp);
	u64_stats_add(&queue->stats->rx[s], v);
	u64_stats_update_end(&queue->stats->rx_syncp);
}

static inline void xennet_ev_stat_inc(struct xennet_queue *queue,
				      enum xennet_ev_stat s)
{
	atomic_long_inc(&queue->stats->ev[s]);
}

#endif /* XENNET_NETFRONT_H */
