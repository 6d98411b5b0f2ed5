// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenbus.c - the "vif" xenbus frontend: probe and remove, the connection
 * state machine, the backend's feature keys and our own.
 *
 * Connection: the backend reaches InitWait after writing its features; we
 * read them, build the queues, write our keys and go Connected.  Suspend
 * and resume (xl save/restore) drop the queues in .resume; the xenbus core
 * then restarts the handshake from Initialising.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <xen/xenbus.h>

#include "netfront.h"

/* How long remove waits for the backend at each step of closing. */
#define XENNET_CLOSE_TIMEOUT_MS	5000
#define XENNET_CLOSE_POLL_MS	20

/* Read a xenstore value into a string; ERR_PTR(-ENOENT) when missing. */
static char *xennet_read_key(const char *dir, const char *key,
			     unsigned int *len)
{
	return xenbus_read(XBT_NIL, dir, key, len);
}

static int xennet_read_mac(struct xenbus_device *dev, u8 mac[ETH_ALEN])
{
	unsigned int len;
	char *s;
	int err;

	s = xennet_read_key(dev->nodename, "mac", &len);
	if (IS_ERR(s)) {
		dev_err(&dev->dev, "cannot read xenstore key %s/mac: %ld\n",
			dev->nodename, PTR_ERR(s));
		return PTR_ERR(s);
	}
	err = xennet_parse_mac(s, len, mac);
	if (err)
		dev_err(&dev->dev, "malformed xenstore key %s/mac: \"%.*s\"\n",
			dev->nodename, min(len, 32u), s);
	kfree(s);
	return err;
}

/*
 * Read an optional unsigned backend key: *val keeps its default when the
 * key is missing; a malformed value is an error naming the key.
 */
static int xennet_read_backend_uint(struct xenbus_device *dev,
				    const char *key, u32 max, u32 *val)
{
	unsigned int len;
	char *s;
	int err;

	s = xennet_read_key(dev->otherend, key, &len);
	if (IS_ERR(s))
		return PTR_ERR(s) == -ENOENT ? 0 : PTR_ERR(s);
	err = xennet_parse_uint(s, len, max, val);
	if (err)
		dev_err(&dev->dev, "malformed xenstore key %s/%s: \"%.*s\"\n",
			dev->otherend, key, min(len, 32u), s);
	kfree(s);
	return err;
}

/* Read an optional 0/1 key of our own directory; -ENOENT when missing. */
static int xennet_read_frontend_uint(struct xenbus_device *dev,
				     const char *key, u32 *val)
{
	unsigned int len;
	char *s;
	int err;

	s = xennet_read_key(dev->nodename, key, &len);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = xennet_parse_uint(s, len, 1, val);
	if (err)
		dev_warn(&dev->dev, "ignoring malformed xenstore key %s/%s\n",
			 dev->nodename, key);
	kfree(s);
	return err;
}

static const struct {
	const char *key;
	u32 bit;
} xennet_backend_keys[] = {
	{ "feature-rx-copy",			XENNET_BF_RX_COPY },
	{ "feature-sg",				XENNET_BF_SG },
	{ "feature-gso-tcpv4",			XENNET_BF_GSO_TCPV4 },
	{ "feature-gso-tcpv6",			XENNET_BF_GSO_TCPV6 },
	{ "feature-ipv6-csum-offload",		XENNET_BF_IPV6_CSUM },
	{ "feature-split-event-channels",	XENNET_BF_SPLIT_EVTCHN },
	{ "feature-xdp-headroom",		XENNET_BF_XDP_HEADROOM },
	{ "feature-ctrl-ring",			XENNET_BF_CTRL_RING },
};

static int xennet_read_backend(struct xennet_info *info, u32 *features,
			       u32 *max_queues)
{
	struct xenbus_device *dev = info->xbdev;
	unsigned int i;
	int err;

	*features = 0;
	for (i = 0; i < ARRAY_SIZE(xennet_backend_keys); i++) {
		u32 v = 0;

		err = xennet_read_backend_uint(dev, xennet_backend_keys[i].key,
					       U32_MAX, &v);
		if (err)
			return err;
		if (v)
			*features |= xennet_backend_keys[i].bit;
	}
	if (!(*features & XENNET_BF_RX_COPY)) {
		dev_err(&dev->dev,
			"backend %s lacks feature-rx-copy, which this frontend requires\n",
			dev->otherend);
		return -ENODEV;
	}
	*max_queues = 0;
	return xennet_read_backend_uint(dev, "multi-queue-max-queues", 0xffff,
					max_queues);
}

/* Is the backend trusted with stale guest memory?  See module.c. */
static bool xennet_trust(struct xenbus_device *dev)
{
	int key = -1;
	u32 v;

	if (!xennet_read_frontend_uint(dev, "trusted", &v))
		key = v;
	return xennet_backend_trusted(READ_ONCE(xennet_trusted), key,
				      dev->otherend_id);
}

static int xennet_write_features(struct xenbus_transaction xbt,
				 const char *node)
{
	static const char *const keys[] = {
		"request-rx-copy", "feature-rx-notify", "feature-sg",
		"feature-gso-tcpv4", "feature-gso-tcpv6",
		"feature-ipv6-csum-offload",
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		err = xenbus_write(xbt, node, keys[i], "1");
		if (err)
			return err;
	}
	return 0;
}

/*
 * Write our keys in one transaction.  @headroom is the xdp-headroom for a
 * backend that offers feature-xdp-headroom (netif.h), 0 without a program.
 */
static int xennet_write_keys(struct xennet_info *info, u32 headroom)
{
	struct xenbus_device *dev = info->xbdev;
	struct xenbus_transaction xbt;
	const char *what;
	int err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err) {
		xenbus_dev_fatal(dev, err, "starting transaction");
		return err;
	}
	what = "writing ring and event-channel keys";
	err = xennet_write_queue_keys(info, xbt);
	if (!err) {
		what = "writing feature keys";
		err = xennet_write_features(xbt, dev->nodename);
	}
	if (!err) {
		what = "writing control ring keys";
		err = xennet_ctrl_write_keys(info, xbt);
	}
	if (!err && (info->backend_features & XENNET_BF_XDP_HEADROOM)) {
		what = "writing xdp-headroom";
		err = xenbus_printf(xbt, dev->nodename, "xdp-headroom", "%u",
				    headroom);
	}
	if (err) {
		xenbus_transaction_end(xbt, 1);
		xenbus_dev_fatal(dev, err, "%s", what);
		return err;
	}
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	if (err)
		xenbus_dev_fatal(dev, err, "completing transaction");
	return err;
}

/* Backend in InitWait: build the queues and publish them. */
static int xennet_connect(struct xennet_info *info)
{
	struct xenbus_device *dev = info->xbdev;
	u32 features, backend_queues, headroom;
	unsigned int num;
	int err, ctrl_err;

	err = xennet_read_backend(info, &features, &backend_queues);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading backend features");
		return err;
	}
	num = xennet_num_queues(info->max_queues, backend_queues);

	rtnl_lock();
	xennet_destroy_queues(info);
	info->backend_features = features;
	info->bounce = !xennet_trust(dev);
	err = xennet_create_queues(info, num);
	if (!err) {
		netdev_update_features(info->netdev);
		/* Only static grants need it: the vif works without. */
		ctrl_err = xennet_ctrl_create(info);
		if (ctrl_err)
			netdev_info(info->netdev,
				    "no control ring: %d; no static grants\n",
				    ctrl_err);
		xennet_sgrant_arm(info);
	}
	headroom = xennet_xdp_headroom(info);
	rtnl_unlock();
	if (err)
		return err;

	err = xennet_write_keys(info, headroom);
	rtnl_lock();
	if (err) {
		xennet_destroy_queues(info);
	} else {
		info->xdp_headroom_sent = headroom;
		xennet_start_queues(info);
	}
	rtnl_unlock();
	if (!err)
		netdev_info(info->netdev,
			    "connected to domain %d: %u queue(s), %s event channels, %s backend, %s\n",
			    dev->otherend_id, num,
			    (features & XENNET_BF_SPLIT_EVTCHN) ? "split" : "shared",
			    info->bounce ? "untrusted" : "trusted",
			    info->ctrl ? "control ring" : "no control ring");
	return err;
}

static void xennet_disconnect(struct xennet_info *info)
{
	rtnl_lock();
	xennet_destroy_queues(info);
	rtnl_unlock();
}

static void xennet_backend_changed(struct xenbus_device *dev,
				   enum xenbus_state backend_state)
{
	struct xennet_info *info = dev_get_drvdata(&dev->dev);

	dev_dbg(&dev->dev, "backend %s\n", xenbus_strstate(backend_state));
	if (xennet_rebind_backend_gone(info, backend_state))
		return;

	switch (xennet_backend_action(dev->state, backend_state)) {
	case XENNET_ACT_NONE:
		break;
	case XENNET_ACT_CONNECT:
		if (!xennet_connect(info))
			xenbus_switch_state(dev, XENNET_XB_CONNECTED);
		break;
	case XENNET_ACT_NOTIFY:
		netdev_notify_peers(info->netdev);
		/* A program attached while we were connecting. */
		rtnl_lock();
		xennet_xdp_tell_backend(info);
		rtnl_unlock();
		break;
	case XENNET_ACT_CLOSE:
		/*
		 * The toolstack writes Closing for the backend before netback
		 * has let go of our pages; netback unmaps them once it sees
		 * us Closed.  Stop here, free on remove or reconnect.
		 */
		rtnl_lock();
		xennet_quiesce_queues(info);
		rtnl_unlock();
		xenbus_frontend_closed(dev);
		break;
	case XENNET_ACT_RECONFIGURED:
		xennet_xdp_reconfigured(info);
		break;
	}
}

static int xennet_probe(struct xenbus_device *dev,
			const struct xenbus_device_id *id)
{
	struct xennet_info *info;
	struct net_device *netdev;
	u8 mac[ETH_ALEN];
	int err;

	err = xennet_read_mac(dev, mac);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading mac");
		return err;
	}
	netdev = xennet_create_netdev(dev);
	if (IS_ERR(netdev)) {
		err = PTR_ERR(netdev);
		xenbus_dev_fatal(dev, err, "creating netdev");
		return err;
	}
	info = netdev_priv(netdev);
	eth_hw_addr_set(netdev, mac);
	dev_set_drvdata(&dev->dev, info);

	err = register_netdev(netdev);
	if (err) {
		dev_set_drvdata(&dev->dev, NULL);
		xennet_free_netdev(netdev);
		xenbus_dev_fatal(dev, err, "registering netdev");
		return err;
	}
	/*
	 * After an unbind the device is left Closed; Initialising asks the
	 * backend to come back to InitWait, where we connect.
	 */
	xenbus_switch_state(dev, XENNET_XB_INITIALISING);
	return 0;
}

/*
 * The xenbus core drops our watch on the backend before calling remove,
 * so its state is polled rather than waited for.  The bound is wall-clock
 * time: each poll costs a xenstore round trip on top of the sleep, which
 * on a loaded host is more than the sleep (counting polls stretched the
 * 5 s to 20 s in the lab, rogue-backend's close-ignored).
 */
static void xennet_wait_backend(struct xenbus_device *dev, u32 wanted)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(XENNET_CLOSE_TIMEOUT_MS);

	for (;;) {
		if (xennet_backend_reached(xenbus_read_driver_state(dev->otherend),
					   wanted))
			return;
		if (time_after(jiffies, deadline))
			break;
		msleep(XENNET_CLOSE_POLL_MS);
	}
	dev_warn(&dev->dev, "backend did not reach %s in %u ms\n",
		 xenbus_strstate(wanted), XENNET_CLOSE_TIMEOUT_MS);
}

/* Walk the backend through Closing and Closed, bounded in time. */
static void xennet_bus_close(struct xenbus_device *dev)
{
	if (xennet_backend_reached(xenbus_read_driver_state(dev->otherend),
				   XENNET_XB_CLOSED))
		return;
	xenbus_switch_state(dev, XENNET_XB_CLOSING);
	xennet_wait_backend(dev, XENNET_XB_CLOSING);
	xenbus_switch_state(dev, XENNET_XB_CLOSED);
	xennet_wait_backend(dev, XENNET_XB_CLOSED);
}

static void xennet_remove(struct xenbus_device *dev)
{
	struct xennet_info *info = dev_get_drvdata(&dev->dev);

	xennet_rebind_stop(info);
	/* While the backend is still Connected and reads its control ring. */
	rtnl_lock();
	xennet_sgrant_del_all(info);
	rtnl_unlock();
	xennet_bus_close(dev);
	unregister_netdev(info->netdev);
	xennet_disconnect(info);
	dev_set_drvdata(&dev->dev, NULL);
	xennet_free_netdev(info->netdev);
}

static int xennet_resume(struct xenbus_device *dev)
{
	struct xennet_info *info = dev_get_drvdata(&dev->dev);

	dev_dbg(&dev->dev, "resuming: reconnecting from scratch\n");
	xennet_rebind_stop(info);
	xennet_disconnect(info);
	return 0;
}

static const struct xenbus_device_id xennet_ids[] = {
	{ "vif" },
	{ "" }
};

struct xenbus_driver xennet_driver = {
	.ids			= xennet_ids,
	.probe			= xennet_probe,
	.remove			= xennet_remove,
	.resume			= xennet_resume,
	.otherend_changed	= xennet_backend_changed,
};
