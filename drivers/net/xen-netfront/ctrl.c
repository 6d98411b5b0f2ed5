// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctrl.c - the control ring (netif.h "Control ring"): one shared page and
 * one event channel per device, offered when the backend writes
 * feature-ctrl-ring and published as ctrl-ring-ref and event-channel-ctrl.
 *
 * We only use it for static grants (sgrant.c), from process context, one
 * request at a time: xennet_ctrl_call() posts a request, waits a bounded
 * time for its response and checks that the response answers it.  A
 * backend that does not answer in time, or answers something else, loses
 * the ring for the rest of the connection (@broken): a late answer could
 * otherwise be taken for the next request's.  The data path never depends
 * on the control ring.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <xen/events.h>
#include <xen/xenbus.h>
#include <xen/page.h>

#include "netfront.h"
#include "pure/sgrant.h"

/* Longest wait for a control response (a loaded TCG lab answers in ms). */
#define XENNET_CTRL_TIMEOUT_MS	5000

static_assert(XENNET_CTRL_STATUS_SUCCESS == XEN_NETIF_CTRL_STATUS_SUCCESS);
static_assert(XENNET_CTRL_STATUS_NOT_SUPPORTED ==
	      XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED);
static_assert(XENNET_CTRL_STATUS_INVALID_PARAMETER ==
	      XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
static_assert(XENNET_CTRL_STATUS_BUFFER_OVERFLOW ==
	      XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW);
static_assert(XENNET_CTRL_RING_SIZE ==
	      __CONST_RING_SIZE(xen_netif_ctrl, XEN_PAGE_SIZE));

/**
 * struct xennet_ctrl - the control ring of a connected device.
 * @info: the device
 * @ring: front ring; @lock covers the private indexes
 * @ring_ref: grant of the shared page
 * @evtchn: event channel
 * @irq: irq bound to @evtchn
 * @irq_name: its name
 * @lock: one request at a time; covers @ring, @next_id and @broken
 * @wq: xennet_ctrl_call() waits here for its response
 * @event_prod: rsp_prod as the previous event saw it (irq handler only)
 * @next_id: id of the next request
 * @broken: the backend timed out or answered wrongly: no more requests
 * @abort: the connection is going away: stop waiting at once
 */
struct xennet_ctrl {
	struct xennet_info *info;
	struct xen_netif_ctrl_front_ring ring;
	grant_ref_t ring_ref;
	evtchn_port_t evtchn;
	unsigned int irq;
	char irq_name[IFNAMSIZ + 8];
	struct mutex lock;	/* one request at a time (see @lock) */
	wait_queue_head_t wq;
	u32 event_prod;
	u16 next_id;
	bool broken;
	bool abort;
};

/* Bound with lateeoi (XSA-391): an event that brought nothing is spurious. */
static irqreturn_t xennet_ctrl_interrupt(int irq, void *dev_id)
{
	struct xennet_ctrl *ctrl = dev_id;
	u32 prod = READ_ONCE(ctrl->ring.sring->rsp_prod);
	bool work = prod != ctrl->event_prod;

	ctrl->event_prod = prod;
	if (work)
		wake_up(&ctrl->wq);
	xen_irq_lateeoi(irq, work ? 0 : XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

/**
 * xennet_ctrl_create() - set up the control ring of a device; RTNL held.
 * @info: the device, with backend features read
 *
 * Does nothing when the backend offers no control ring or static grants
 * are off (the only use we have for the ring).
 *
 * Return: 0 or a negative errno; info->ctrl is NULL on error.
 */
int xennet_ctrl_create(struct xennet_info *info)
{
	struct xenbus_device *dev = info->xbdev;
	struct xen_netif_ctrl_sring *sring;
	struct xennet_ctrl *ctrl;
	int err;

	if (!(info->backend_features & XENNET_BF_CTRL_RING) ||
	    !READ_ONCE(xennet_static_grants))
		return 0;
	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		return -ENOMEM;
	ctrl->info = info;
	mutex_init(&ctrl->lock);
	init_waitqueue_head(&ctrl->wq);
	err = xenbus_setup_ring(dev, GFP_NOIO | __GFP_HIGH, (void **)&sring, 1,
				&ctrl->ring_ref);
	if (err)
		goto fail;
	XEN_FRONT_RING_INIT(&ctrl->ring, sring, XEN_PAGE_SIZE);
	err = xenbus_alloc_evtchn(dev, &ctrl->evtchn);
	if (err)
		goto fail_ring;
	snprintf(ctrl->irq_name, sizeof(ctrl->irq_name), "%s-ctrl",
		 info->netdev->name);
	err = bind_evtchn_to_irqhandler_lateeoi(ctrl->evtchn,
						xennet_ctrl_interrupt, 0,
						ctrl->irq_name, ctrl);
	if (err < 0) {
		xenbus_free_evtchn(dev, ctrl->evtchn);
		goto fail_ring;
	}
	ctrl->irq = err;
	info->ctrl = ctrl;
	return 0;

fail_ring:
	xenbus_teardown_ring((void **)&ctrl->ring.sring, 1, &ctrl->ring_ref);
fail:
	kfree(ctrl);
	return err;
}

/**
 * xennet_ctrl_abort() - make a waiting or future request fail at once.
 * @info: the device; callable while a request waits
 */
void xennet_ctrl_abort(struct xennet_info *info)
{
	struct xennet_ctrl *ctrl = info->ctrl;

	if (!ctrl)
		return;
	WRITE_ONCE(ctrl->abort, true);
	wake_up(&ctrl->wq);
}

/**
 * xennet_ctrl_destroy() - free the control ring; RTNL held.
 * @info: the device; nobody calls xennet_ctrl_call() any more
 *
 * The shared page goes to the deferred list if the backend still maps it.
 */
void xennet_ctrl_destroy(struct xennet_info *info)
{
	struct xennet_ctrl *ctrl = info->ctrl;

	if (!ctrl)
		return;
	info->ctrl = NULL;
	unbind_from_irqhandler(ctrl->irq, ctrl);
	xenbus_teardown_ring((void **)&ctrl->ring.sring, 1, &ctrl->ring_ref);
	kfree(ctrl);
}

/**
 * xennet_ctrl_write_keys() - publish ctrl-ring-ref and event-channel-ctrl.
 * @info: the device
 * @xbt: the transaction to write in
 *
 * Return: 0 (also without a control ring) or a negative errno.
 */
int xennet_ctrl_write_keys(struct xennet_info *info,
			   struct xenbus_transaction xbt)
{
	const char *node = info->xbdev->nodename;
	struct xennet_ctrl *ctrl = info->ctrl;
	int err;

	if (!ctrl)
		return 0;
	err = xenbus_printf(xbt, node, "ctrl-ring-ref", "%u", ctrl->ring_ref);
	if (err)
		return err;
	return xenbus_printf(xbt, node, "event-channel-ctrl", "%u",
			     ctrl->evtchn);
}

/*
 * Wait condition: a response is in, or we are told to stop.  rsp_prod is
 * re-read and checked under @lock by the caller.
 */
static bool xennet_ctrl_done(struct xennet_ctrl *ctrl)
{
	return READ_ONCE(ctrl->abort) ||
	       READ_ONCE(ctrl->ring.sring->rsp_prod) != ctrl->ring.rsp_cons;
}

/* Mark the ring unusable and say why, once.  @lock held. */
static int xennet_ctrl_fail(struct xennet_ctrl *ctrl, const char *why, int err)
{
	if (!ctrl->broken)
		netdev_info(ctrl->info->netdev,
			    "control ring: %s; not using it on this connection\n",
			    why);
	ctrl->broken = true;
	return err;
}

/**
 * xennet_ctrl_call() - one control request and its checked response.
 * @info: the device
 * @type: XEN_NETIF_CTRL_TYPE_* (or XENDD_NETIF_CTRL_TYPE_*)
 * @d0: data[0]
 * @d1: data[1]
 * @d2: data[2]
 * @status: the response's status (the backend's word: bound before use)
 * @data: the response's data (likewise)
 *
 * Process context; sleeps up to XENNET_CTRL_TIMEOUT_MS.
 *
 * Return: 0 with *@status and *@data set; -ENODEV without a usable ring,
 * -ETIMEDOUT without an answer, -EPROTO for an answer to something else.
 */
int xennet_ctrl_call(struct xennet_info *info, u16 type, u32 d0, u32 d1,
		     u32 d2, u32 *status, u32 *data)
{
	struct xennet_ctrl *ctrl = info->ctrl;
	struct xen_netif_ctrl_request *req;
	struct xen_netif_ctrl_response rsp;
	struct xennet_ctrl_rsp r;
	int notify, ready, err;
	u16 id;
	u32 prod;

	if (!ctrl)
		return -ENODEV;
	mutex_lock(&ctrl->lock);
	err = -ENODEV;
	if (ctrl->broken || READ_ONCE(ctrl->abort))
		goto out;
	id = ctrl->next_id++;
	req = RING_GET_REQUEST(&ctrl->ring, ctrl->ring.req_prod_pvt);
	req->id = id;
	req->type = type;
	req->data[0] = d0;
	req->data[1] = d1;
	req->data[2] = d2;
	ctrl->ring.req_prod_pvt++;
	/*
	 * wmb() orders the request before req_prod (pairs with the backend's
	 * rmb() after reading req_prod); mb() orders req_prod before reading
	 * req_event.
	 */
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ctrl->ring, notify);
	if (notify)
		notify_remote_via_irq(ctrl->irq);

	if (!wait_event_timeout(ctrl->wq, xennet_ctrl_done(ctrl),
				msecs_to_jiffies(XENNET_CTRL_TIMEOUT_MS))) {
		err = xennet_ctrl_fail(ctrl, "no response in time", -ETIMEDOUT);
		goto out;
	}
	err = -ENODEV;
	if (READ_ONCE(ctrl->abort))
		goto out;
	prod = READ_ONCE(ctrl->ring.sring->rsp_prod);
	/* Read rsp_prod before the response; pairs with the backend's wmb(). */
	virt_rmb();
	ready = xennet_ctrl_rsp_ready(prod, ctrl->ring.rsp_cons,
				      ctrl->ring.req_prod_pvt);
	if (ready <= 0) {
		err = xennet_ctrl_fail(ctrl, "rsp_prod beyond our requests",
				       -EPROTO);
		goto out;
	}
	RING_COPY_RESPONSE(&ctrl->ring, ctrl->ring.rsp_cons, &rsp);
	ctrl->ring.rsp_cons++;
	/*
	 * Ask for an event at the next response: sets rsp_event behind an
	 * mb(); pairs with the backend's RING_PUSH_RESPONSES_AND_CHECK_NOTIFY.
	 */
	RING_FINAL_CHECK_FOR_RESPONSES(&ctrl->ring, notify);
	r.id = rsp.id;
	r.type = rsp.type;
	r.status = rsp.status;
	r.data = rsp.data;
	if (xennet_check_ctrl_rsp(&r, id, type)) {
		err = xennet_ctrl_fail(ctrl, "response does not match the request",
				       -EPROTO);
		goto out;
	}
	*status = r.status;
	*data = r.data;
	err = 0;
out:
	mutex_unlock(&ctrl->lock);
	return err;
}
