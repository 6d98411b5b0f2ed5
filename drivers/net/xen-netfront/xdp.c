// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdp.c - native XDP.  A program attached with ndo_bpf runs in NAPI poll
 * on every received packet that fits one rx slot; XDP_TX and
 * ndo_xdp_xmit put copies of frames on a tx ring; and the "xdp-headroom"
 * key tells a backend offering "feature-xdp-headroom" to leave
 * XDP_PACKET_HEADROOM bytes in front of each packet (netif.h), announced
 * by the Reconfiguring/Reconfigured handshake while connected.
 *
 * The handshake only saves a copy: a packet that arrives without the
 * headroom (a backend without the feature, or one that has not yet seen
 * the new value) is copied into a fresh page before the program sees it,
 * so correctness never depends on the backend's cooperation.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/bpf_trace.h>
#include <linux/rtnetlink.h>
#include <net/xdp.h>
#include <xen/xenbus.h>
#include <xen/page.h>

#include "netfront.h"

/* Where packet data must end for an xdp_frame to be built on the page. */
#define XENNET_XDP_DATA_END \
	(XEN_PAGE_SIZE - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/* The XDP actions implemented here (netdev->xdp_features, 6.3 and later). */
#define XENNET_XDP_FEATURES \
	(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT | NETDEV_XDP_ACT_NDO_XMIT)

/**
 * xennet_xdp_init_netdev() - advertise the XDP actions of the device.
 * @dev: the netdev, not yet registered
 */
void xennet_xdp_init_netdev(struct net_device *dev)
{
	xdp_set_features_flag(dev, XENNET_XDP_FEATURES);
}

/**
 * xennet_xdp_headroom() - the xdp-headroom value for the backend.
 * @info: the device
 *
 * Return: XDP_PACKET_HEADROOM while a program is attached, else 0.
 */
u32 xennet_xdp_headroom(const struct xennet_info *info)
{
	return rcu_access_pointer(info->xdp_prog) ? XDP_PACKET_HEADROOM : 0;
}

/**
 * xennet_xdp_tell_backend() - publish a changed xdp-headroom; RTNL held.
 * @info: the device
 *
 * Only while connected to a backend with feature-xdp-headroom: connect
 * writes the key in its own transaction.  The key is written first, then
 * our state goes to Reconfiguring, on which the backend reads it and
 * answers Reconfigured (xennet_xdp_reconfigured() completes).  A netback
 * already showing Reconfigured from an earlier round does not switch
 * again, so an unfinished round is not waited for: going through
 * Connected makes the next Reconfiguring a change the backend sees.
 */
void xennet_xdp_tell_backend(struct xennet_info *info)
{
	struct xenbus_device *dev = info->xbdev;
	u32 want = xennet_xdp_headroom(info);
	int err;

	ASSERT_RTNL();
	if (!(info->backend_features & XENNET_BF_XDP_HEADROOM) || !info->queues)
		return;
	if (dev->state != XENNET_XB_CONNECTED &&
	    dev->state != XENNET_XB_RECONFIGURING)
		return;
	if (want == info->xdp_headroom_sent)
		return;
	err = xenbus_printf(XBT_NIL, dev->nodename, "xdp-headroom", "%u", want);
	if (err) {
		netdev_warn(info->netdev,
			    "cannot write xenstore key %s/xdp-headroom: %d; packets will be copied for XDP\n",
			    dev->nodename, err);
		return;
	}
	info->xdp_headroom_sent = want;
	if (dev->state == XENNET_XB_RECONFIGURING)
		xenbus_switch_state(dev, XENNET_XB_CONNECTED);
	xenbus_switch_state(dev, XENNET_XB_RECONFIGURING);
}

/**
 * xennet_xdp_reconfigured() - the backend answered Reconfigured.
 * @info: the device
 *
 * Back to Connected, and start another round if the program changed
 * since the key was written.
 */
void xennet_xdp_reconfigured(struct xennet_info *info)
{
	rtnl_lock();
	xenbus_switch_state(info->xbdev, XENNET_XB_CONNECTED);
	xennet_xdp_tell_backend(info);
	rtnl_unlock();
}

static int xennet_xdp_setup(struct net_device *dev, struct bpf_prog *prog,
			    struct netlink_ext_ack *extack)
{
	struct xennet_info *info = netdev_priv(dev);
	struct bpf_prog *old;

	if (prog && dev->mtu > XENNET_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_MOD(extack, "MTU too large for XDP (one rx slot per packet)");
		netdev_warn(dev, "XDP needs an MTU of at most %lu\n",
			    (unsigned long)XENNET_XDP_MAX_MTU);
		return -EINVAL;
	}
	old = rtnl_dereference(info->xdp_prog);
	rcu_assign_pointer(info->xdp_prog, prog);
	/* Programs are freed after an RCU grace period: NAPI may still run @old. */
	if (old)
		bpf_prog_put(old);
	if (!old != !prog)
		xennet_xdp_tell_backend(info);
	return 0;
}

/**
 * xennet_bpf() - ndo_bpf: attach or detach the native XDP program.
 * @dev: the vif netdev
 * @bpf: the command
 *
 * Return: 0 or a negative errno.
 */
int xennet_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return xennet_xdp_setup(dev, bpf->prog, bpf->extack);
	default:
		return -EINVAL;
	}
}

/*
 * Make the single page of @skb hold its packet at XDP_PACKET_HEADROOM or
 * later with the tailroom an xdp_frame needs, copying it into a new page
 * when the backend put it elsewhere.  Returns false to drop the packet.
 */
static bool xennet_xdp_place(struct sk_buff *skb)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[0];
	u32 off = skb_frag_off(frag), len = skb_frag_size(frag);
	struct page *page;

	if (off >= XDP_PACKET_HEADROOM && off + len <= XENNET_XDP_DATA_END)
		return true;
	if (XDP_PACKET_HEADROOM + len > XENNET_XDP_DATA_END)
		return false;
	page = alloc_page(GFP_ATOMIC | __GFP_NOWARN | __GFP_ZERO);
	if (!page)
		return false;
	memcpy(page_address(page) + XDP_PACKET_HEADROOM,
	       page_address(skb_frag_page(frag)) + off, len);
	put_page(skb_frag_page(frag));
	skb_frag_fill_page_desc(frag, page, XDP_PACKET_HEADROOM, len);
	return true;
}

/**
 * xennet_xdp_rx() - run the attached program on a received packet.
 * @queue: the queue, in its NAPI poll, under rcu_read_lock()
 * @prog: the program
 * @skbp: the packet, its data in page fragments only; set to NULL when
 *        the program consumed it (anything but XDP_PASS)
 *
 * A packet of several slots cannot be shown to the program whole and is
 * dropped, as is one that cannot be placed with the headroom.
 */
void xennet_xdp_rx(struct xennet_queue *queue, struct bpf_prog *prog,
		   struct sk_buff **skbp)
{
	struct net_device *dev = queue->info->netdev;
	struct sk_buff *skb = *skbp;
	struct xdp_buff xdp;
	struct page *page;
	skb_frag_t *frag;
	u32 act, len;
	int err;

	*skbp = NULL;
	if (skb_headlen(skb) || skb_shinfo(skb)->nr_frags != 1 ||
	    !xennet_xdp_place(skb)) {
		xennet_rx_stat_add(queue, XENNET_RX_DROPS, 1);
		kfree_skb(skb);
		return;
	}
	frag = &skb_shinfo(skb)->frags[0];
	page = skb_frag_page(frag);
	xdp_init_buff(&xdp, XEN_PAGE_SIZE, &queue->xdp_rxq);
	xdp_prepare_buff(&xdp, page_address(page), skb_frag_off(frag),
			 skb_frag_size(frag), false);

	act = bpf_prog_run_xdp(prog, &xdp);
	len = xdp.data_end - xdp.data;
	switch (act) {
	case XDP_PASS:
		if (len < ETH_HLEN)
			break;
		/* The program may have moved either end of the packet. */
		skb_frag_off_set(frag, xdp.data - page_address(page));
		skb_frag_size_set(frag, len);
		skb->len = len;
		skb->data_len = len;
		*skbp = skb;
		return;
	case XDP_TX:
		err = xennet_tx_xdp_buf(queue, xdp.data, len);
		if (err)
			break;
		xennet_rx_stat_add(queue, XENNET_RX_XDP_TX, 1);
		consume_skb(skb);
		return;
	case XDP_REDIRECT:
		/* The page leaves the skb: the redirect target frees it. */
		get_page(page);
		err = xdp_do_redirect(dev, &xdp, prog);
		if (err) {
			put_page(page);
			break;
		}
		queue->xdp_flush = true;
		xennet_rx_stat_add(queue, XENNET_RX_XDP_REDIRECT, 1);
		consume_skb(skb);
		return;
	case XDP_DROP:
		xennet_rx_stat_add(queue, XENNET_RX_XDP_DROP, 1);
		kfree_skb(skb);
		return;
	default:
		bpf_warn_invalid_xdp_action(dev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		break;
	}
	trace_xdp_exception(dev, prog, act);
	xennet_rx_stat_add(queue, XENNET_RX_XDP_DROP, 1);
	kfree_skb(skb);
}

/**
 * xennet_xdp_xmit() - ndo_xdp_xmit: send frames redirected to this device.
 * @dev: the vif netdev
 * @n: number of frames
 * @frames: the frames
 * @flags: XDP_XMIT_* flags
 *
 * Called in softirq context, inside an RCU read-side section, which
 * xennet_destroy_queues() waits out before freeing the queues.  Each frame
 * is copied onto the tx ring of the queue of the current CPU and returned
 * at once; requests are pushed as they are queued, so XDP_XMIT_FLUSH asks
 * for nothing more.
 *
 * Return: the number of frames sent (the caller frees the rest), or a
 * negative errno when none could be.
 */
int xennet_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		    u32 flags)
{
	struct xennet_info *info = netdev_priv(dev);
	struct xennet_queue *queue;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* Pairs with the release in xennet_start_queues(). */
	if (!smp_load_acquire(&info->started) || xennet_broken(info) ||
	    !netif_running(dev) || !netif_carrier_ok(dev))
		return -ENETDOWN;
	queue = &info->queues[smp_processor_id() % info->num_queues];
	for (i = 0; i < n; i++) {
		if (xennet_tx_xdp_buf(queue, frames[i]->data, frames[i]->len))
			break;
		xdp_return_frame(frames[i]);
	}
	return i;
}
