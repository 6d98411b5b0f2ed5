// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenbus.c - the "vif" backend: feature keys, the frontend's keys, the
 * hotplug handshake and the connection state machine.
 *
 * Every callback here (probe, remove, otherend_changed and the watches)
 * runs in the xenwatch thread, so they are serialised against each other.
 */
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <xen/xen.h>
#include <xen/xenbus.h>

#include "common.h"
#include "pure/state.h"
#include "pure/xsparse.h"

/*
 * How long the toolstack's hotplug script may take before we say so:
 * well within libxl's 40 s, after which it gives up and removes the
 * device (and with it this backend and any chance to log).  That is for a
 * vif whose script runs alone; see xenvif_hotplug_deadline() (pure/state.c)
 * for several.
 */
#define XENVIF_HOTPLUG_DIAG_DELAY	(10 * HZ)
/* The latest a warning waits after probe, however busy the toolstack. */
#define XENVIF_HOTPLUG_DIAG_MAX		(60 * HZ)

/* Vifs of this domain probed and still without hotplug-status "connected". */
static atomic_t xenvif_hotplug_waiting = ATOMIC_INIT(0);
/* When the last of them got it (jiffies); 0 before the first. */
static unsigned long xenvif_hotplug_last_done;

/**
 * struct backend_info - per xenbus device state.
 * @dev: the xenbus device
 * @vif: the vif, created at probe
 * @script: the backend "script" key, for the hotplug uevent
 * @hotplug_watch: watch on <backend>/hotplug-status
 * @hotplug_watch_on: @hotplug_watch is registered
 * @rate_watch: watch on <backend>/rate
 * @rate_watch_on: @rate_watch is registered
 * @mcast_watch: watch on <frontend>/request-multicast-control
 * @mcast_watch_on: @mcast_watch is registered
 * @hotplug_diag: logs once if hotplug-status never says "connected"
 * @hotplug_start: when the script could first run (InitWait, jiffies)
 * @hotplug_waiting: counted in xenvif_hotplug_waiting
 * @fe_connected: the frontend is Connected and our queues are attached
 */
struct backend_info {
	struct xenbus_device *dev;
	struct xenvif *vif;
	char *script;
	struct xenbus_watch hotplug_watch;
	bool hotplug_watch_on;
	struct xenbus_watch rate_watch;
	bool rate_watch_on;
	struct xenbus_watch mcast_watch;
	bool mcast_watch_on;
	struct delayed_work hotplug_diag;
	unsigned long hotplug_start;
	bool hotplug_waiting;
	bool fe_connected;
};

/* Switch our state; states are named by their wire values (pure/state.h). */
static void xenvif_switch(struct xenbus_device *dev, int state)
{
	xenbus_switch_state(dev, (enum xenbus_state)state);
}

/* Read @dir/@node as an unsigned number no larger than @max. */
static int xenvif_read_uint(const char *dir, const char *node,
			    unsigned long max, unsigned long *val)
{
	unsigned int len;
	char *buf;
	int err;

	buf = xenbus_read(XBT_NIL, dir, node, &len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = xenvif_parse_uint(buf, len, max, val);
	kfree(buf);
	return err;
}

/*
 * Queues a frontend may ask for: max_queues as it is now (it is writable
 * at run time), but never more than the vif's netdev was created with.
 */
static unsigned int xenvif_queue_limit(const struct xenvif *vif)
{
	unsigned int max = READ_ONCE(xenvif_max_queues);

	if (vif)
		max = min(max, vif->dev->num_tx_queues);
	return max ?: 1;
}

static int xenvif_write_features(struct backend_info *be)
{
	struct xenbus_device *dev = be->dev;
	static const char * const on[] = {
		"feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
		"feature-ipv6-csum-offload", "feature-rx-copy",
		"feature-multicast-control", "feature-dynamic-multicast-control",
	};
	struct xenbus_transaction xbt;
	unsigned int i;
	int err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(on) && !err; i++)
		err = xenbus_printf(xbt, dev->nodename, on[i], "%d", 1);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, "feature-rx-flip", "%d", 0);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename,
				    "feature-split-event-channels", "%u",
				    xenvif_separate_tx_rx_irq);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, "multi-queue-max-queues",
				    "%u", xenvif_queue_limit(be->vif));
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, "feature-ctrl-ring", "%u", 1);
	if (!err)
		err = xenbus_printf(xbt, dev->nodename, "feature-xdp-headroom",
				    "%u", xenvif_provides_xdp_headroom);
	if (err) {
		xenbus_transaction_end(xbt, 1);
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;
}

/* Emit the uevent udev's vif hotplug rule runs the script from. */
static void xenvif_hotplug_uevent(struct backend_info *be,
				  enum kobject_action action)
{
	char script[128], vif[IFNAMSIZ + 8];
	char *envp[3];

	snprintf(script, sizeof(script), "script=%s", be->script ?: "");
	snprintf(vif, sizeof(vif), "vif=%s", be->vif->dev->name);
	envp[0] = script;
	envp[1] = vif;
	envp[2] = NULL;
	kobject_uevent_env(&be->dev->dev.kobj, action, envp);
}

static bool xenvif_hotplug_connected(struct backend_info *be)
{
	unsigned int len;
	bool ok;
	char *s;

	s = xenbus_read(XBT_NIL, be->dev->nodename, "hotplug-status", &len);
	if (IS_ERR(s))
		return false;
	ok = len >= 9 && !strncmp(s, "connected", 9) && (len == 9 || !s[9]);
	kfree(s);
	return ok;
}

/* Connected once the frontend is and the hotplug script said so. */
static void xenvif_maybe_connected(struct backend_info *be)
{
	if (!be->fe_connected || !READ_ONCE(be->vif->hotplug_ok) ||
	    be->dev->state == XENVIF_XB_CONNECTED)
		return;
	xenvif_switch(be->dev, XENVIF_XB_CONNECTED);
	xenvif_update_carrier(be->vif);
}

/* This vif no longer waits for its script (it ran, or the vif goes away). */
static void xenvif_hotplug_done(struct backend_info *be, bool ran)
{
	if (!be->hotplug_waiting)
		return;
	be->hotplug_waiting = false;
	atomic_dec(&xenvif_hotplug_waiting);
	if (ran)
		WRITE_ONCE(xenvif_hotplug_last_done, jiffies ?: 1);
}

static void xenvif_hotplug_changed(struct xenbus_watch *watch,
				   const char *path, const char *token)
{
	struct backend_info *be = container_of(watch, struct backend_info,
					       hotplug_watch);

	if (!xenvif_hotplug_connected(be))
		return;
	WRITE_ONCE(be->vif->hotplug_ok, true);
	xenvif_hotplug_done(be, true);
	xenvif_maybe_connected(be);
}

static void xenvif_hotplug_diag(struct work_struct *work)
{
	struct backend_info *be = container_of(to_delayed_work(work),
					       struct backend_info, hotplug_diag);
	unsigned int waiting = max(atomic_read(&xenvif_hotplug_waiting), 1);
	unsigned long deadline;

	if (READ_ONCE(be->vif->hotplug_ok))
		return;
	deadline = xenvif_hotplug_deadline(be->hotplug_start,
					   READ_ONCE(xenvif_hotplug_last_done),
					   waiting, XENVIF_HOTPLUG_DIAG_DELAY,
					   XENVIF_HOTPLUG_DIAG_MAX);
	if (time_before(jiffies, deadline)) {
		schedule_delayed_work(&be->hotplug_diag, deadline - jiffies);
		return;
	}
	dev_warn(&be->dev->dev,
		 "%s: still waiting for %s/hotplug-status = \"connected\" after %lu s (%u vif(s) waiting for theirs); the vif will not go Connected. Usual causes: no hotplug script ran (script=\"%s\"; is xl devd running in this backend domain, or udev's xen-backend rules in dom0?), or the script failed (xenstore-write or ip missing, bridge absent in this domain)\n",
		 be->vif->dev->name, be->dev->nodename,
		 (jiffies - be->hotplug_start) / HZ,
		 waiting, be->script ?: "");
}

static void xenvif_rate_changed(struct xenbus_watch *watch,
				const char *path, const char *token)
{
	struct backend_info *be = container_of(watch, struct backend_info,
					       rate_watch);
	struct xenvif *vif = be->vif;
	unsigned long bytes = XENVIF_CREDIT_UNLIMITED, usec = 0;
	unsigned int len;
	char *s;

	s = xenbus_read(XBT_NIL, be->dev->nodename, "rate", &len);
	if (!IS_ERR(s)) {
		if (xenvif_parse_rate(s, len, &bytes, &usec)) {
			netdev_warn(vif->dev, "ignoring malformed rate \"%.*s\"\n",
				    (int)min(len, 32U), s);
			bytes = XENVIF_CREDIT_UNLIMITED;
			usec = 0;
		}
		kfree(s);
	}
	WRITE_ONCE(vif->credit_bytes, bytes);
	WRITE_ONCE(vif->credit_usec, usec);
	/* Values before the generation; pairs with smp_rmb() in the TX path. */
	smp_wmb();
	WRITE_ONCE(vif->rate_gen, vif->rate_gen + 1);
	if (bytes != XENVIF_CREDIT_UNLIMITED)
		netdev_info(vif->dev, "guest TX limited to %lu bytes per %lu us\n",
			    bytes, usec);
}

/* The toolstack's "mac" for the frontend, kept for diagnostics. */
static void xenvif_read_mac(struct backend_info *be)
{
	unsigned int len;
	char *s;

	s = xenbus_read(XBT_NIL, be->dev->nodename, "mac", &len);
	if (IS_ERR(s))
		return;
	if (xenvif_parse_mac(s, len, be->vif->fe_mac))
		netdev_warn(be->vif->dev, "ignoring malformed mac\n");
	kfree(s);
}

/* feature-dynamic-multicast-control: the frontend may flip the request. */
static void xenvif_mcast_changed(struct xenbus_watch *watch,
				 const char *path, const char *token)
{
	struct backend_info *be = container_of(watch, struct backend_info,
					       mcast_watch);

	WRITE_ONCE(be->vif->multicast_control,
		   !!xenbus_read_unsigned(be->dev->otherend,
					  "request-multicast-control", 0));
}

/*
 * xdp-headroom: where the frontend wants the first RX slot's data.  Absent
 * (or not offered by us) means 0; anything else must be a number leaving
 * half a page for data.
 */
static int xenvif_read_headroom(struct backend_info *be)
{
	unsigned long val = 0;
	int err = 0;

	if (xenvif_provides_xdp_headroom) {
		err = xenvif_read_uint(be->dev->otherend, "xdp-headroom",
				       XEN_NETIF_MAX_XDP_HEADROOM, &val);
		if (err == -ENOENT) {
			val = 0;
			err = 0;
		}
	}
	if (!err)
		err = xenvif_check_xdp_headroom(val);
	if (err) {
		xenbus_dev_fatal(be->dev, err, "bad xdp-headroom (%lu)", val);
		return err;
	}
	/* The RX threads take it at their next batch. */
	WRITE_ONCE(be->vif->xdp_headroom, val);
	return 0;
}

/* Read the frontend's global keys into the vif. */
static int xenvif_read_frontend(struct backend_info *be, unsigned int *num)
{
	struct xenbus_device *dev = be->dev;
	const char *fe = dev->otherend;
	struct xenvif *vif = be->vif;
	unsigned long val;
	int err;

	if (!xenbus_read_unsigned(fe, "request-rx-copy", 0)) {
		xenbus_dev_fatal(dev, -EOPNOTSUPP, "frontend lacks request-rx-copy");
		return -EOPNOTSUPP;
	}
	if (!xenbus_read_unsigned(fe, "feature-rx-notify", 0)) {
		xenbus_dev_fatal(dev, -EOPNOTSUPP, "frontend lacks feature-rx-notify");
		return -EOPNOTSUPP;
	}

	err = xenvif_read_uint(fe, "multi-queue-num-queues", UINT_MAX, &val);
	if (err == -ENOENT)
		val = 1;
	else if (err)
		val = 0;
	err = xenvif_check_num_queues(val, xenvif_queue_limit(vif));
	if (err < 0) {
		xenbus_dev_fatal(dev, err,
				 "multi-queue-num-queues %lu not in 1..%u", val,
				 xenvif_queue_limit(vif));
		return err;
	}
	*num = err;

	err = xenvif_read_headroom(be);
	if (err)
		return err;

	vif->can_sg = !!xenbus_read_unsigned(fe, "feature-sg", 0);
	vif->gso_mask = 0;
	if (xenbus_read_unsigned(fe, "feature-gso-tcpv4", 0))
		vif->gso_mask |= BIT(XEN_NETIF_GSO_TYPE_TCPV4);
	if (xenbus_read_unsigned(fe, "feature-gso-tcpv6", 0))
		vif->gso_mask |= BIT(XEN_NETIF_GSO_TYPE_TCPV6);
	vif->ip_csum = !xenbus_read_unsigned(fe, "feature-no-csum-offload", 0);
	vif->ipv6_csum = !!xenbus_read_unsigned(fe, "feature-ipv6-csum-offload", 0);
	spin_lock_bh(&vif->mcast_lock);
	xenvif_mcast_init(&vif->mcast);
	spin_unlock_bh(&vif->mcast_lock);
	WRITE_ONCE(vif->multicast_control,
		   !!xenbus_read_unsigned(fe, "request-multicast-control", 0));

	xenvif_read_mac(be);
	return 0;
}

static int xenvif_queue_keys(struct xenbus_device *dev, const char *dir,
			     unsigned long *tx_ref, unsigned long *rx_ref,
			     unsigned long *tx_evt, unsigned long *rx_evt)
{
	int err;

	err = xenvif_read_uint(dir, "tx-ring-ref", U32_MAX, tx_ref);
	if (!err)
		err = xenvif_read_uint(dir, "rx-ring-ref", U32_MAX, rx_ref);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading %s/{tx,rx}-ring-ref", dir);
		return err;
	}
	*rx_evt = 0;
	if (!xenvif_read_uint(dir, "event-channel-tx", U32_MAX, tx_evt)) {
		err = xenvif_read_uint(dir, "event-channel-rx", U32_MAX, rx_evt);
		if (!err && !*rx_evt)
			err = -EINVAL;
	} else {
		err = xenvif_read_uint(dir, "event-channel", U32_MAX, tx_evt);
	}
	if (err)
		xenbus_dev_fatal(dev, err, "reading %s/event-channel(-tx/-rx)", dir);
	return err;
}

/* The optional control ring: ctrl-ring-ref and event-channel-ctrl. */
static int xenvif_read_ctrl(struct backend_info *be)
{
	struct xenbus_device *dev = be->dev;
	unsigned long ref, evtchn;
	int err;

	if (xenvif_read_uint(dev->otherend, "ctrl-ring-ref", U32_MAX, &ref))
		return 0;
	err = xenvif_read_uint(dev->otherend, "event-channel-ctrl", U32_MAX,
			       &evtchn);
	if (!err)
		err = xenvif_connect_ctrl(be->vif, ref, evtchn);
	if (err) {
		xenvif_disconnect_ctrl(be->vif);
		xenbus_dev_fatal(dev, err, "connecting the control ring");
	}
	return err;
}

static void xenvif_backend_disconnect(struct backend_info *be)
{
	struct xenvif *vif = be->vif;
	struct xenvif_queue *queues = vif->queues;
	unsigned int i, num = vif->num_queues;

	cancel_delayed_work_sync(&be->hotplug_diag);
	be->fe_connected = false;
	if (be->mcast_watch_on) {
		unregister_xenbus_watch(&be->mcast_watch);
		kfree(be->mcast_watch.node);
		be->mcast_watch_on = false;
	}
	if (!queues)
		return;

	xenvif_debugfs_del(vif);
	xenvif_disconnect_ctrl(vif);
	rtnl_lock();
	WRITE_ONCE(vif->num_queues, 0);
	netif_carrier_off(vif->dev);
	rtnl_unlock();
	/* No ndo_start_xmit or stats reader still sees the old queues. */
	synchronize_net();

	for (i = 0; i < num; i++)
		xenvif_disconnect_queue(&queues[i]);
	WRITE_ONCE(vif->queues, NULL);
	vfree(queues);
	flush_work(&vif->disable_work);
	WRITE_ONCE(vif->disabled, false);
	netdev_info(vif->dev, "disconnected\n");
}

static void xenvif_backend_connect(struct backend_info *be)
{
	struct xenbus_device *dev = be->dev;
	struct xenvif *vif = be->vif;
	struct xenvif_queue *queues;
	unsigned int num, i;
	int err;

	err = xenvif_read_frontend(be, &num);
	if (err)
		return;

	queues = vzalloc(array_size(num, sizeof(*queues)));
	if (!queues) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating %u queues", num);
		return;
	}
	WRITE_ONCE(vif->disabled, false);
	for (i = 0; i < num; i++)
		xenvif_init_queue(vif, &queues[i], i);
	for (i = 0; i < num; i++) {
		unsigned long tx_ref, rx_ref, tx_evt, rx_evt;
		char *dir;

		if (num == 1)
			dir = kstrdup(dev->otherend, GFP_KERNEL);
		else
			dir = kasprintf(GFP_KERNEL, "%s/queue-%u", dev->otherend, i);
		if (!dir) {
			err = -ENOMEM;
			break;
		}
		err = xenvif_queue_keys(dev, dir, &tx_ref, &rx_ref, &tx_evt, &rx_evt);
		kfree(dir);
		if (err)
			break;
		err = xenvif_connect_queue(&queues[i], tx_ref, rx_ref, tx_evt, rx_evt);
		if (err) {
			xenbus_dev_fatal(dev, err, "connecting queue %u", i);
			break;
		}
	}
	if (err) {
		for (i = 0; i < num; i++)
			xenvif_disconnect_queue(&queues[i]);
		vfree(queues);
		return;
	}

	rtnl_lock();
	netif_set_real_num_tx_queues(vif->dev, num);
	WRITE_ONCE(vif->queues, queues);
	/* queues before num_queues; start_xmit reads them in reverse order. */
	smp_wmb();
	WRITE_ONCE(vif->num_queues, num);
	netdev_update_features(vif->dev);
	if (!vif->can_sg && vif->dev->mtu > ETH_DATA_LEN)
		dev_set_mtu(vif->dev, ETH_DATA_LEN);
	rtnl_unlock();

	err = xenvif_read_ctrl(be);
	if (err) {
		xenvif_backend_disconnect(be);
		return;
	}
	for (i = 0; i < num; i++)
		xenvif_start_queue(&queues[i]);
	xenvif_debugfs_add(vif);
	netdev_info(vif->dev, "connected: %u queue(s), %s event channels%s\n",
		    num, queues[0].tx_irq == queues[0].rx_irq ? "shared" : "split",
		    vif->can_sg ? ", sg" : "");

	if (!xenbus_watch_pathfmt(dev, &be->mcast_watch, NULL,
				  xenvif_mcast_changed, "%s/%s", dev->otherend,
				  "request-multicast-control"))
		be->mcast_watch_on = true;

	be->fe_connected = true;
	if (!READ_ONCE(vif->hotplug_ok))
		schedule_delayed_work(&be->hotplug_diag, XENVIF_HOTPLUG_DIAG_DELAY);
	xenvif_maybe_connected(be);
}

static void xenvif_frontend_changed(struct xenbus_device *dev,
				    enum xenbus_state fe_state)
{
	struct backend_info *be = dev_get_drvdata(&dev->dev);
	enum xenvif_fe_action act;

	dev_dbg(&dev->dev, "frontend %s, backend %s\n",
		xenbus_strstate(fe_state), xenbus_strstate(dev->state));

	act = xenvif_fe_action(fe_state, dev->state, be->fe_connected,
			       xenbus_dev_is_online(dev));
	switch (act) {
	case XENVIF_FE_NOTHING:
		break;
	case XENVIF_FE_INITWAIT:
		if (be->fe_connected || dev->state != XENVIF_XB_CLOSED)
			dev_info(&dev->dev, "frontend starts over (Initialising) while we are %s: reconnecting\n",
				 xenbus_strstate(dev->state));
		xenvif_backend_disconnect(be);
		xenvif_write_features(be);
		xenvif_switch(dev, XENVIF_XB_INITWAIT);
		break;
	case XENVIF_FE_CONNECT:
		if (dev->state == XENVIF_XB_CLOSED)
			xenvif_switch(dev, XENVIF_XB_INITWAIT);
		xenvif_backend_connect(be);
		break;
	case XENVIF_FE_CLOSING:
		xenvif_backend_disconnect(be);
		xenvif_switch(dev, XENVIF_XB_CLOSING);
		break;
	case XENVIF_FE_CLOSED:
	case XENVIF_FE_UNREGISTER:
		xenvif_backend_disconnect(be);
		xenvif_switch(dev, XENVIF_XB_CLOSED);
		if (act == XENVIF_FE_UNREGISTER)
			device_unregister(&dev->dev);
		break;
	case XENVIF_FE_RECONFIGURE:
		if (!xenvif_read_headroom(be))
			xenvif_switch(dev, XENVIF_XB_RECONFIGURED);
		break;
	case XENVIF_FE_RECONFIGURED:
		xenvif_switch(dev, XENVIF_XB_CONNECTED);
		break;
	case XENVIF_FE_BAD_STATE:
		xenbus_dev_fatal(dev, -EINVAL, "frontend in unexpected state %d",
				 fe_state);
		break;
	}
}

static void xenvif_unwatch(struct backend_info *be)
{
	if (be->hotplug_watch_on) {
		unregister_xenbus_watch(&be->hotplug_watch);
		kfree(be->hotplug_watch.node);
		be->hotplug_watch_on = false;
	}
	if (be->rate_watch_on) {
		unregister_xenbus_watch(&be->rate_watch);
		kfree(be->rate_watch.node);
		be->rate_watch_on = false;
	}
}

static void xenvif_remove(struct xenbus_device *dev)
{
	struct backend_info *be = dev_get_drvdata(&dev->dev);

	xenvif_unwatch(be);
	cancel_delayed_work_sync(&be->hotplug_diag);
	xenvif_hotplug_done(be, false);
	if (be->vif) {
		xenvif_backend_disconnect(be);
		xenvif_hotplug_uevent(be, KOBJ_OFFLINE);
		xenbus_rm(XBT_NIL, dev->nodename, "hotplug-status");
		xenvif_free(be->vif);
		be->vif = NULL;
	}
	kfree(be->script);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(be);
}

static int xenvif_probe(struct xenbus_device *dev,
			const struct xenbus_device_id *id)
{
	struct backend_info *be;
	unsigned long handle;
	struct xenvif *vif;
	char *script;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	be->dev = dev;
	INIT_DELAYED_WORK(&be->hotplug_diag, xenvif_hotplug_diag);
	dev_set_drvdata(&dev->dev, be);

	err = xenvif_read_uint(dev->nodename, "handle", UINT_MAX, &handle);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading handle");
		goto fail;
	}
	script = xenbus_read(XBT_NIL, dev->nodename, "script", NULL);
	if (!IS_ERR(script))
		be->script = script;

	err = xenvif_write_features(be);
	if (err) {
		xenbus_dev_fatal(dev, err, "writing feature keys");
		goto fail;
	}

	vif = xenvif_alloc(&dev->dev, dev->otherend_id, handle);
	if (IS_ERR(vif)) {
		err = PTR_ERR(vif);
		xenbus_dev_fatal(dev, err, "creating vif%u.%lu",
				 dev->otherend_id, handle);
		goto fail;
	}
	vif->xbdev = dev;
	be->vif = vif;

	/* Counted before the watch can see the script's answer. */
	be->hotplug_waiting = true;
	atomic_inc(&xenvif_hotplug_waiting);
	err = xenbus_watch_pathfmt(dev, &be->hotplug_watch, NULL,
				   xenvif_hotplug_changed, "%s/%s",
				   dev->nodename, "hotplug-status");
	if (err)
		goto fail;
	be->hotplug_watch_on = true;
	err = xenbus_watch_pathfmt(dev, &be->rate_watch, NULL,
				   xenvif_rate_changed, "%s/%s",
				   dev->nodename, "rate");
	if (err)
		goto fail;
	be->rate_watch_on = true;

	/* The netdev exists before InitWait: the toolstack's script needs it. */
	err = xenbus_switch_state(dev, (enum xenbus_state)XENVIF_XB_INITWAIT);
	if (err)
		goto fail;
	be->hotplug_start = jiffies;
	xenvif_hotplug_uevent(be, KOBJ_ONLINE);
	schedule_delayed_work(&be->hotplug_diag, XENVIF_HOTPLUG_DIAG_DELAY);
	return 0;

fail:
	xenvif_remove(dev);
	return err;
}

static const struct xenbus_device_id xenvif_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver xenvif_driver = {
	.ids = xenvif_ids,
	.probe = xenvif_probe,
	.remove = xenvif_remove,
	.otherend_changed = xenvif_frontend_changed,
	.allow_rebind = true,
};

/**
 * xenvif_xenbus_init() - register the "vif" backend driver.
 *
 * Return: 0 or a negative errno.
 */
int xenvif_xenbus_init(void)
{
	return xenbus_register_backend(&xenvif_driver);
}

/**
 * xenvif_xenbus_fini() - unregister the backend driver.
 */
void xenvif_xenbus_fini(void)
{
	xenbus_unregister_driver(&xenvif_driver);
}
