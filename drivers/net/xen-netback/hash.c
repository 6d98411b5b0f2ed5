// SPDX-License-Identifier: GPL-2.0-only
/*
 * hash.c - the control ring (netif.h "Control ring"): the frontend's hash
 * configuration, and queue selection with it.
 *
 * The interrupt only queues the vif's ctrl_work on system_unbound_wq, so
 * a control ring costs no thread of its own; the work drains the ring and
 * then gives the event channel its late EOI.  Each request is copied out
 * of the ring once, its parameters checked by pure/hash.c or
 * pure/sgrant.c before any grant copy sized by them (XSA-270), and
 * answered in order.  Static grants (messages 8-10) are in sgrant.c.
 */
#include <linux/interrupt.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/flow_dissector.h>
#include <xen/events.h>
#include <xen/page.h>
#include <xen/xendd-sgrant.h>

#include "common.h"

#define XENVIF_CTRL_RING_SIZE	__CONST_RING_SIZE(xen_netif_ctrl, XEN_PAGE_SIZE)

static_assert(XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW == XENVIF_CTRL_BUFFER_OVERFLOW);
static_assert(XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ == XENVIF_HASH_ALG_TOEPLITZ);
static_assert(XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP == XENVIF_HASH_IPV6_TCP);

/**
 * xenvif_ctrl_copy() - grant copy between the start of a frontend page and @buf.
 * @vif: the vif
 * @gref: the frontend's grant
 * @buf: kernel buffer within one page (ctrl_buf)
 * @len: bytes, at most a page
 * @out: copy @buf into the grant instead of out of it
 *
 * Return: 0, or -EIO if Xen refused the copy (a bad or read-only grant).
 */
int xenvif_ctrl_copy(struct xenvif *vif, grant_ref_t gref, void *buf,
		     unsigned int len, bool out)
{
	struct gnttab_copy op = {
		.len = len,
	};

	if (!len)
		return 0;
	if (out) {
		op.source.u.gmfn = virt_to_gfn(buf);
		op.source.domid = DOMID_SELF;
		op.source.offset = xen_offset_in_page(buf);
		op.dest.u.ref = gref;
		op.dest.domid = vif->domid;
		op.flags = GNTCOPY_dest_gref;
	} else {
		op.source.u.ref = gref;
		op.source.domid = vif->domid;
		op.dest.u.gmfn = virt_to_gfn(buf);
		op.dest.domid = DOMID_SELF;
		op.dest.offset = xen_offset_in_page(buf);
		op.flags = GNTCOPY_source_gref;
	}
	/* buf is ctrl_buf, a whole page: the copy stays in one frame. */
	gnttab_batch_copy(&op, 1);
	return op.status == GNTST_okay ? 0 : -EIO;
}

static u32 xenvif_ctrl_op(struct xenvif *vif,
			  const struct xen_netif_ctrl_request *req, u32 *data)
{
	struct xenvif_hash *h = &vif->hash;
	u32 status, len;

	*data = 0;
	switch (req->type) {
	case XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS:
		*data = XENVIF_HASH_ALL;
		return XENVIF_CTRL_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS:
		spin_lock_bh(&vif->hash_lock);
		status = xenvif_hash_set_flags(h, req->data[0]);
		spin_unlock_bh(&vif->hash_lock);
		return status;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM:
		spin_lock_bh(&vif->hash_lock);
		status = xenvif_hash_set_algorithm(h, req->data[0]);
		spin_unlock_bh(&vif->hash_lock);
		return status;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_KEY:
		len = req->data[1];
		status = xenvif_hash_check_key(len);
		if (status != XENVIF_CTRL_SUCCESS)
			return status;
		if (xenvif_ctrl_copy(vif, req->data[0], vif->ctrl_buf, len, false))
			return XENVIF_CTRL_INVALID_PARAMETER;
		spin_lock_bh(&vif->hash_lock);
		xenvif_hash_set_key(h, vif->ctrl_buf, len);
		spin_unlock_bh(&vif->hash_lock);
		return XENVIF_CTRL_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE:
		*data = XENVIF_HASH_MAPPING_MAX;
		return XENVIF_CTRL_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		spin_lock_bh(&vif->hash_lock);
		status = xenvif_hash_set_mapping_size(h, req->data[0]);
		spin_unlock_bh(&vif->hash_lock);
		return status;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		len = req->data[1];
		status = xenvif_hash_check_mapping(h, len, req->data[2]);
		if (status != XENVIF_CTRL_SUCCESS)
			return status;
		if (xenvif_ctrl_copy(vif, req->data[0], vif->ctrl_buf,
				     len * sizeof(u32), false))
			return XENVIF_CTRL_INVALID_PARAMETER;
		spin_lock_bh(&vif->hash_lock);
		status = xenvif_hash_set_mapping(h, (u32 *)vif->ctrl_buf, len,
						 req->data[2],
						 READ_ONCE(vif->num_queues));
		spin_unlock_bh(&vif->hash_lock);
		return status;
	case XENDD_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE:
	case XENDD_NETIF_CTRL_TYPE_ADD_GREF_MAPPING:
	case XENDD_NETIF_CTRL_TYPE_DEL_GREF_MAPPING:
		return xenvif_sgrant_ctrl(vif, req->type, req->data, data);
	default:
		return XENVIF_CTRL_NOT_SUPPORTED;
	}
}

/*
 * Drain the control ring, then EOI.  Until then the lateeoi channel stays
 * masked, so the interrupt cannot queue this work again while it runs
 * and at most one instance per vif is ever pending or running.
 */
static void xenvif_ctrl_work(struct work_struct *work)
{
	struct xenvif *vif = container_of(work, struct xenvif, ctrl_work);
	unsigned int eoi_flags = XEN_EOI_FLAG_SPURIOUS;
	int more, avail;

	do {
		u32 prod = READ_ONCE(vif->ctrl.sring->req_prod);

		/* Pairs with the frontend's wmb() before publishing req_prod. */
		rmb();
		avail = xenvif_ring_unconsumed(prod, vif->ctrl.req_cons,
					       XENVIF_CTRL_RING_SIZE);
		if (avail < 0) {
			netdev_err(vif->dev, "control ring producer more than a ring ahead; control ring ignored\n");
			return;		/* no EOI: the channel stays masked */
		}
		while (avail--) {
			struct xen_netif_ctrl_request req;
			struct xen_netif_ctrl_response *rsp;
			u32 status, rdata;

			RING_COPY_REQUEST(&vif->ctrl, vif->ctrl.req_cons, &req);
			vif->ctrl.req_cons++;
			status = xenvif_ctrl_op(vif, &req, &rdata);
			rsp = RING_GET_RESPONSE(&vif->ctrl, vif->ctrl.rsp_prod_pvt);
			rsp->id = req.id;
			rsp->type = req.type;
			rsp->status = status;
			rsp->data = rdata;
			vif->ctrl.rsp_prod_pvt++;
			eoi_flags = 0;
		}
		/* Bodies before rsp_prod; pairs with the frontend's rmb(). */
		RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&vif->ctrl, more);
		if (more)
			notify_remote_via_irq(vif->ctrl_irq);
		/* req_event, then req_prod again behind a full barrier. */
		RING_FINAL_CHECK_FOR_REQUESTS(&vif->ctrl, more);
	} while (more);

	xen_irq_lateeoi(vif->ctrl_irq, eoi_flags);
}

/* Hard interrupt: hand the ring to ctrl_work; it sends the EOI. */
static irqreturn_t xenvif_ctrl_interrupt(int irq, void *data)
{
	struct xenvif *vif = data;

	/* The first event may beat the binder's store; queue_work orders it. */
	WRITE_ONCE(vif->ctrl_irq, irq);
	queue_work(system_unbound_wq, &vif->ctrl_work);
	return IRQ_HANDLED;
}

/**
 * xenvif_connect_ctrl() - map the control ring and bind its event channel.
 * @vif: the vif
 * @ref: grant of the shared ring (ctrl-ring-ref)
 * @evtchn: its event channel (event-channel-ctrl)
 *
 * Return: 0 or a negative errno, after which xenvif_disconnect_ctrl()
 * still must be called.
 */
int xenvif_connect_ctrl(struct xenvif *vif, grant_ref_t ref,
			evtchn_port_t evtchn)
{
	struct xen_netif_ctrl_sring *sring;
	grant_ref_t r = ref;
	void *addr;
	int err;

	xenvif_hash_init(&vif->hash);
	INIT_WORK(&vif->ctrl_work, xenvif_ctrl_work);
	vif->sgrant_cap = min(READ_ONCE(xenvif_static_grants), XENVIF_SGRANT_MAX);
	vif->ctrl_buf = (void *)get_zeroed_page(GFP_KERNEL);
	if (!vif->ctrl_buf)
		return -ENOMEM;
	err = xenbus_map_ring_valloc(vif->xbdev, &r, 1, &addr);
	if (err)
		return err;
	sring = addr;
	BACK_RING_ATTACH(&vif->ctrl, sring, READ_ONCE(sring->rsp_prod),
			 XEN_PAGE_SIZE);
	if (xenvif_ring_unconsumed(sring->req_prod, vif->ctrl.req_cons,
				   XENVIF_CTRL_RING_SIZE) < 0)
		return -EINVAL;

	err = bind_interdomain_evtchn_to_irqhandler_lateeoi(vif->xbdev, evtchn,
							    xenvif_ctrl_interrupt,
							    0, "xen-netback-ctrl",
							    vif);
	if (err < 0) {
		netdev_err(vif->dev, "no handler for the control ring irq: %d\n",
			   err);
		return err;
	}
	vif->ctrl_irq = err;
	return 0;
}

/**
 * xenvif_disconnect_ctrl() - undo xenvif_connect_ctrl(), in any state.
 * @vif: the vif
 */
void xenvif_disconnect_ctrl(struct xenvif *vif)
{
	if (vif->ctrl_irq) {
		/*
		 * No new work once the handler cannot run; the work may still
		 * EOI and notify through the irq, so it goes before the binding.
		 */
		disable_irq(vif->ctrl_irq);
		cancel_work_sync(&vif->ctrl_work);
		/* Frees the handler and closes the binding. */
		unbind_from_irqhandler(vif->ctrl_irq, vif);
		vif->ctrl_irq = 0;
	}
	/* The frontend's static grants go with the ring that brought them. */
	xenvif_sgrant_release_vif(vif);
	if (vif->ctrl.sring) {
		xenbus_unmap_ring_vfree(vif->xbdev, vif->ctrl.sring);
		vif->ctrl.sring = NULL;
	}
	free_page((unsigned long)vif->ctrl_buf);
	vif->ctrl_buf = NULL;
	spin_lock_bh(&vif->hash_lock);
	xenvif_hash_init(&vif->hash);
	spin_unlock_bh(&vif->hash_lock);
}

/*
 * The Toeplitz input for @skb under the enabled hash types: addresses,
 * then ports for the TCP types.  Returns its length, 0 when no enabled
 * type applies; *type gets the XENVIF_HASH_TYPE_* used.
 */
static unsigned int xenvif_hash_input(const struct sk_buff *skb, u32 flags,
				      u8 *buf, int *type)
{
	struct flow_keys fk;
	unsigned int n;
	bool tcp;

	if (!skb_flow_dissect_flow_keys(skb, &fk, 0))
		return 0;
	tcp = fk.basic.ip_proto == IPPROTO_TCP &&
	      !(fk.control.flags & FLOW_DIS_IS_FRAGMENT);

	if (fk.basic.n_proto == htons(ETH_P_IP)) {
		*type = xenvif_hash_type(flags, false, tcp);
		memcpy(buf, &fk.addrs.v4addrs.src, 4);
		memcpy(buf + 4, &fk.addrs.v4addrs.dst, 4);
		n = 8;
	} else if (fk.basic.n_proto == htons(ETH_P_IPV6)) {
		*type = xenvif_hash_type(flags, true, tcp);
		memcpy(buf, &fk.addrs.v6addrs.src, 16);
		memcpy(buf + 16, &fk.addrs.v6addrs.dst, 16);
		n = 32;
	} else {
		return 0;
	}
	if (*type < 0)
		return 0;
	if (*type == XENVIF_HASH_TYPE_IPV4_TCP ||
	    *type == XENVIF_HASH_TYPE_IPV6_TCP) {
		memcpy(buf + n, &fk.ports.src, 2);
		memcpy(buf + n + 2, &fk.ports.dst, 2);
		n += 4;
	}
	return n;
}

/**
 * xenvif_hash_skb() - the frontend's hash of a packet for it.
 * @vif: the vif
 * @skb: the packet
 * @hash: the Toeplitz hash under the frontend's key
 * @type: the XENVIF_HASH_TYPE_* it covers
 *
 * Return: false while the frontend has not enabled hashing, or when no
 * enabled hash type applies to @skb.
 */
bool xenvif_hash_skb(struct xenvif *vif, const struct sk_buff *skb,
		     u32 *hash, int *type)
{
	unsigned int n;
	u8 in[36];

	if (READ_ONCE(vif->hash.alg) == XENVIF_HASH_ALG_NONE)
		return false;
	spin_lock(&vif->hash_lock);
	n = xenvif_hash_input(skb, vif->hash.flags, in, type);
	if (n)
		*hash = xenvif_toeplitz(vif->hash.key, XENVIF_HASH_KEY_MAX, in, n);
	spin_unlock(&vif->hash_lock);
	return n != 0;
}

/**
 * xenvif_select_queue() - ndo_select_queue: the frontend's hash, if set.
 * @dev: the vif
 * @skb: the packet for the guest
 * @sb_dev: subordinate device (unused)
 *
 * Return: the queue the frontend's mapping names, or the stack's choice
 * while the frontend has configured no hash.
 */
u16 xenvif_select_queue(struct net_device *dev, struct sk_buff *skb,
			struct net_device *sb_dev)
{
	struct xenvif *vif = netdev_priv(dev);
	unsigned int num = READ_ONCE(vif->num_queues);
	u32 hash;
	int type;
	u16 q;

	if (READ_ONCE(vif->hash.alg) == XENVIF_HASH_ALG_NONE || num <= 1)
		return netdev_pick_tx(dev, skb, NULL);
	if (!xenvif_hash_skb(vif, skb, &hash, &type))
		return 0;
	spin_lock(&vif->hash_lock);
	q = xenvif_hash_queue(&vif->hash, hash, num);
	spin_unlock(&vif->hash_lock);
	return q;
}
