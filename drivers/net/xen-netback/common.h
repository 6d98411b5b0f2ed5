/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * common.h - xen-netback shared structures and prototypes.
 *
 * One struct xenvif per "vif" xenbus device, owning the vifD.N netdev;
 * one struct xenvif_queue per negotiated queue, each with a TX ring
 * (guest transmit, served by NAPI) and an RX ring (guest receive, served
 * by a kthread).  Both paths move data with batched grant copies only, so
 * no frontend page is ever mapped into this domain.
 */
#ifndef XENVIF_COMMON_H
#define XENVIF_COMMON_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <xen/grant_table.h>
#include <xen/xenbus.h>
#include <xen/interface/io/netif.h>
#include <xen/xendd-event.h>
#include <xen/xendd-time.h>

#include "pure/credit.h"
#include "pure/hash.h"
#include "pure/mcast.h"
#include "pure/sgrant.h"
#include "pure/tx.h"

#define XENVIF_TX_RING_SIZE	__CONST_RING_SIZE(xen_netif_tx, XEN_PAGE_SIZE)
#define XENVIF_RX_RING_SIZE	__CONST_RING_SIZE(xen_netif_rx, XEN_PAGE_SIZE)

/*
 * Data slots after the first a guest-TX packet may use before it is
 * dropped (netif.h XEN_NETIF_NR_SLOTS_MIN; mainline's
 * XEN_NETBK_LEGACY_SLOTS_MAX counts the same way).
 */
#define XENVIF_TX_MAX_SLOTS	XEN_NETIF_NR_SLOTS_MIN
/* Upper bound of the fatal_skb_slots parameter (slots after the first). */
#define XENVIF_TX_FATAL_SLOTS_MAX	32
/* Slots copied out of the TX ring at once: more than the longest chain. */
#define XENVIF_TX_WINDOW	64
/* Packets per grant-copy hypercall on the TX path. */
#define XENVIF_TX_BATCH		32
#define XENVIF_TX_COPY_OPS	(XENVIF_TX_BATCH * 8)
/* Bytes of each guest-TX packet copied into the skb's linear area. */
#define XENVIF_TX_LINEAR	128

/* Packets and copy operations per grant-copy hypercall on the RX path. */
#define XENVIF_RX_BATCH		64
#define XENVIF_RX_COPY_OPS	256
/* Bytes queued towards one frontend before the netdev queue is stopped. */
#define XENVIF_RX_QUEUE_BYTES	(1024 * 1024)

/* Control-ring copy buffer: a key, a hash mapping or a static-grant table. */
#define XENVIF_CTRL_BUF_SIZE	XEN_PAGE_SIZE

/* eoi_pending bits: which path still owes the event channel its EOI. */
#define XENVIF_EOI_TX		BIT(0)
#define XENVIF_EOI_RX		BIT(1)

/*
 * struct xenvif_queue_stats - per-queue counters (ethtool -S).
 *
 * Guest-TX counters are written by the queue's NAPI poll only, guest-RX
 * counters under the queue's rx_lock (its RX thread, or ndo_start_xmit on
 * the direct path), event counters by the IRQ handlers; readers accept a
 * torn view.
 */
struct xenvif_queue_stats {
	unsigned long tx_packets;	/* guest TX delivered to the stack */
	unsigned long tx_bytes;
	unsigned long tx_dropped;	/* guest TX answered with an error */
	unsigned long tx_copy_errors;	/* failed grant-copy operations */
	unsigned long tx_gso_csum_fixup;/* GSO without csum_blank */
	unsigned long tx_credit_waits;	/* rate limiter stops */
	unsigned long tx_hypercalls;	/* grant-copy batches on TX */
	unsigned long tx_ns;		/* time in the TX poll's work (sampled) */
	unsigned long tx_copy_ns;	/* of which in grant-copy hypercalls */
	unsigned long tx_timed_polls;	/* polls that left req_event to a timer */
	unsigned long rx_packets;	/* packets delivered to the guest */
	unsigned long rx_bytes;
	unsigned long rx_dropped;	/* not deliverable or drained */
	unsigned long rx_copy_errors;
	unsigned long rx_hypercalls;
	unsigned long rx_ns;		/* time moving packets to the guest (sampled) */
	unsigned long rx_copy_ns;	/* of which in grant-copy hypercalls */
	unsigned long rx_direct;	/* of rx_packets, copied by start_xmit */
	unsigned long rx_static_slots;	/* slots filled by memcpy (static grants) */
	unsigned long rx_stalls;
	unsigned long spurious_events;	/* lateeoi with XEN_EOI_FLAG_SPURIOUS */
};

/**
 * struct xenvif_tx_cb - a guest-TX packet between building and delivery.
 * @skb: the packet, NULL once dropped
 * @pkt: the parsed chain
 * @ids: request ids of the data slots, in order (the first, then at most
 *	fatal_skb_slots more)
 * @first_op: index of its first grant copy in the batch
 * @nr_ops: grant copies it uses
 */
struct xenvif_tx_cb {
	struct sk_buff *skb;
	struct xenvif_tx_pkt pkt;
	u16 ids[1 + XENVIF_TX_FATAL_SLOTS_MAX];
	u16 first_op;
	u16 nr_ops;
};

/**
 * struct xenvif_rx_cb - a guest-RX packet between copying and response.
 * @skb: the packet
 * @slot: position of its first request in the batch's id array
 * @nr_slots: data slots
 * @nr_extras: extra-info slots (GSO)
 * @first_op: index of its first grant copy
 * @nr_ops: grant copies it uses
 */
struct xenvif_rx_cb {
	struct sk_buff *skb;
	u16 slot;
	u16 nr_slots;
	u16 nr_extras;
	u16 first_op;
	u16 nr_ops;
};

/**
 * struct xenvif_rx_local - a guest-RX copy into a statically mapped grant.
 * @dst: where in the mapped page
 * @src: the packet's bytes
 * @len: how many
 */
struct xenvif_rx_local {
	void *dst;
	const void *src;
	unsigned int len;
};

/**
 * struct xenvif_sgrant_queue - a queue's static grants (sgrant.c).
 * @table: grant reference -> slot; changed by the control work and read by
 *	guest RX, both under the queue's rx_lock
 * @pages: the mapped pages, by slot (under rx_lock with @table)
 * @handles: their grant handles, by slot
 * @mem: the one allocation behind the arrays, NULL until the first ADD
 */
struct xenvif_sgrant_queue {
	struct xenvif_sgrant table;
	struct page **pages;
	grant_handle_t *handles;
	void *mem;
};

struct xenvif;

/*
 * struct xenvif_queue - one TX/RX ring pair and its event channel(s).
 */
struct xenvif_queue {
	struct xenvif *vif;
	unsigned int id;
	char name[IFNAMSIZ + 8];
	char tx_irq_name[IFNAMSIZ + 16];
	char rx_irq_name[IFNAMSIZ + 16];

	/* Guest TX: everything below is touched by the NAPI poll only. */
	struct napi_struct napi;
	bool napi_added;
	struct xen_netif_tx_back_ring tx;
	unsigned int tx_irq;
	struct xenvif_tx_slot tx_window[XENVIF_TX_WINDOW];
	struct gnttab_copy tx_ops[XENVIF_TX_COPY_OPS];
	struct xenvif_tx_cb tx_cb[XENVIF_TX_BATCH];
	struct xenvif_credit credit;
	unsigned int credit_gen;
	struct timer_list credit_timer;
	struct xendd_coal tx_coal;	/* one-way stream coalescing */
	struct hrtimer tx_coal_timer;	/* polls while req_event is not set */
	u32 tx_poll_calls;		/* sampled timing (xendd-time.h) */
	u32 tx_copy_calls;

	/*
	 * Guest RX: the ring, rx_ops/rx_cb/rx_ids and the RX counters belong
	 * to whoever holds rx_lock: the RX thread (spin_lock_bh), or
	 * ndo_start_xmit on the direct path (spin_trylock; it never waits).
	 * rx_queue has its own lock.
	 */
	spinlock_t rx_lock;
	struct xen_netif_rx_back_ring rx;
	unsigned int rx_irq;
	struct task_struct *rx_task;
	wait_queue_head_t wq;
	struct sk_buff_head rx_queue;
	unsigned int rx_queue_bytes;	/* under rx_queue.lock */
	unsigned long rx_xmits;		/* start_xmit calls; txq lock */
	u32 rx_prod_seen;		/* req_prod at the last RX event */
	u32 tx_prod_seen;		/* req_prod at the last TX event */
	unsigned int rx_headroom;	/* vif->xdp_headroom for this batch */
	unsigned long rx_last_progress;
	bool rx_stalled;
	struct gnttab_copy rx_ops[XENVIF_RX_COPY_OPS];
	/* memcpy's into static grants; with rx_ops at most XENVIF_RX_COPY_OPS */
	struct xenvif_rx_local rx_local[XENVIF_RX_COPY_OPS];
	unsigned int rx_nr_local;
	u32 rx_calls;			/* sampled timing of rx_ns (xendd-time.h) */
	u32 rx_copy_calls;		/* and of rx_copy_ns */
	struct xenvif_sgrant_queue sgrant;
	struct xenvif_rx_cb rx_cb[XENVIF_RX_BATCH];
	u16 rx_ids[XENVIF_RX_RING_SIZE];

	atomic_t eoi_pending;
	struct xenvif_queue_stats stats;
};

/*
 * struct xenvif - per-vif state, the netdev's private area.
 */
struct xenvif {
	struct net_device *dev;
	struct xenbus_device *xbdev;
	domid_t domid;
	unsigned int handle;
	u8 fe_mac[ETH_ALEN];

	/* Frontend features, set at connect under rtnl. */
	bool can_sg;
	bool ip_csum;
	bool ipv6_csum;
	bool multicast_control;
	u8 gso_mask;			/* BIT(XEN_NETIF_GSO_TYPE_*) */
	unsigned int xdp_headroom;

	/* Queues: published by xenvif_connect(), cleared before teardown. */
	struct xenvif_queue *queues;
	unsigned int num_queues;

	/* Rate limit from the "rate" key; the TX path picks up rate_gen. */
	unsigned long credit_bytes;
	unsigned long credit_usec;
	unsigned int rate_gen;

	/*
	 * Control ring (hash.c), served by ctrl_work on system_unbound_wq;
	 * hash is read by ndo_select_queue.
	 */
	struct xen_netif_ctrl_back_ring ctrl;
	unsigned int ctrl_irq;
	struct work_struct ctrl_work;
	void *ctrl_buf;			/* one page, for grant copies */
	unsigned int sgrant_cap;	/* static_grants at connect; 0: off */
	struct xenvif_sgrant_scratch *sgrant_scratch;	/* sgrant.c, ctrl_work only */
	spinlock_t hash_lock;		/* protects hash */
	struct xenvif_hash hash;

	/* Multicast filter; updated by guest TX, read by ndo_start_xmit. */
	spinlock_t mcast_lock;		/* protects mcast */
	struct xenvif_mcast mcast;

	bool hotplug_ok;		/* hotplug-status is "connected" */
	atomic_t stalled_queues;
	bool disabled;			/* fatal frontend error (XSA-39/90) */
	struct work_struct disable_work;
	struct dentry *debugfs;
};

/* Module parameters (interface.c / netback.c). */
extern unsigned int xenvif_max_queues;
extern bool xenvif_separate_tx_rx_irq;
extern unsigned int xenvif_rx_stall_timeout_msecs;
extern unsigned int xenvif_rx_drain_timeout_msecs;
extern unsigned int xenvif_fatal_skb_slots;
extern bool xenvif_provides_xdp_headroom;
extern bool xenvif_rx_sched_batch;
extern bool xenvif_rx_direct;
extern unsigned int xenvif_tx_coalesce_usecs;
extern unsigned int xenvif_static_grants;

/* interface.c */
struct xenvif *xenvif_alloc(struct device *parent, domid_t domid,
			    unsigned int handle);
void xenvif_free(struct xenvif *vif);
void xenvif_init_queue(struct xenvif *vif, struct xenvif_queue *queue,
		       unsigned int id);
int xenvif_connect_queue(struct xenvif_queue *queue, grant_ref_t tx_ref,
			 grant_ref_t rx_ref, evtchn_port_t tx_evtchn,
			 evtchn_port_t rx_evtchn);
void xenvif_start_queue(struct xenvif_queue *queue);
void xenvif_disconnect_queue(struct xenvif_queue *queue);
void xenvif_update_carrier(struct xenvif *vif);
void xenvif_fatal(struct xenvif_queue *queue, const char *why);
void xenvif_eoi(struct xenvif_queue *queue, unsigned int path,
		unsigned int flags);
extern const struct ethtool_ops xenvif_ethtool_ops;

/* netback.c: guest TX */
int xenvif_tx_poll(struct napi_struct *napi, int budget);
enum hrtimer_restart xenvif_tx_coal_timeout(struct hrtimer *t);
void xenvif_credit_timer_fn(struct timer_list *t);
irqreturn_t xenvif_tx_interrupt(int irq, void *dev_id);
irqreturn_t xenvif_interrupt(int irq, void *dev_id);
bool xenvif_tx_event(struct xenvif_queue *queue);

/* rx.c: guest RX */
netdev_tx_t xenvif_start_xmit(struct sk_buff *skb, struct net_device *dev);
int xenvif_rx_thread(void *data);
void xenvif_rx_thread_policy(struct xenvif_queue *queue, struct task_struct *task);
irqreturn_t xenvif_rx_interrupt(int irq, void *dev_id);
bool xenvif_rx_event(struct xenvif_queue *queue);
void xenvif_rx_purge(struct xenvif_queue *queue);

/* hash.c: control ring */
int xenvif_connect_ctrl(struct xenvif *vif, grant_ref_t ref,
			evtchn_port_t evtchn);
void xenvif_disconnect_ctrl(struct xenvif *vif);
int xenvif_ctrl_copy(struct xenvif *vif, grant_ref_t gref, void *buf,
		     unsigned int len, bool out);
bool xenvif_hash_skb(struct xenvif *vif, const struct sk_buff *skb,
		     u32 *hash, int *type);
u16 xenvif_select_queue(struct net_device *dev, struct sk_buff *skb,
			struct net_device *sb_dev);

/* sgrant.c: static grants (control messages 8-10) */
u32 xenvif_sgrant_ctrl(struct xenvif *vif, u32 type, const u32 *data,
		       u32 *rdata);
void xenvif_sgrant_release(struct xenvif_queue *queue);
void xenvif_sgrant_release_vif(struct xenvif *vif);
void *xenvif_sgrant_rx_dest(struct xenvif_queue *queue, grant_ref_t gref);

/* debugfs (interface.c) */
void xenvif_debugfs_init(void);
void xenvif_debugfs_exit(void);
void xenvif_debugfs_add(struct xenvif *vif);
void xenvif_debugfs_del(struct xenvif *vif);

/* xenbus.c */
int xenvif_xenbus_init(void);
void xenvif_xenbus_fini(void);

#endif /* XENVIF_COMMON_H */
