// SPDX-License-Identifier: GPL-2.0-only
/*
 * rebind.c - surviving a restart of the driver domain that runs our
 * backend.
 *
 * When the backend's domain is destroyed the toolstack deletes its
 * xenstore tree, so the backend's "state" reads as Unknown without ever
 * having gone through Closing.  We then drop the queues (the grants the
 * dead domain still maps are left to the grant table's deferred list),
 * keep the netdev registered with its name, addresses and routes, carrier
 * off, go back to Initialising and watch our own "backend" key.
 *
 * A dom0 service (utils/xendd-rebind, see
 * Documentation/admin-guide/driver-domain-restart.rst) re-creates the
 * backend directory in the new driver domain and rewrites our "backend"
 * and "backend-id" keys.  We then point the device's view of the other
 * end at it, watch its "state" with a watch of our own, and connect as on
 * first probe when it reaches InitWait.
 *
 * The xenbus core keeps its own watch on the old backend's "state"; its
 * callback drops events whose path is not under dev->otherend, so once we
 * have moved dev->otherend that watch is inert, and the core frees it on
 * remove as usual.
 *
 * Locking: every function here except xennet_rebind_stop() runs in the
 * xenwatch thread, which runs all xenbus watch callbacks one at a time,
 * the core's (that reads dev->otherend) included.  So dev->otherend and
 * struct xennet_rebind change only there, without a lock of their own.
 * xennet_rebind_stop() runs from remove and resume, and unregisters the
 * watches (which waits for a callback in progress) before freeing.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include "netfront.h"
#include "pure/rebind.h"

#define XENNET_DOMID_MAX	0x7fef

/**
 * struct xennet_rebind - restart state of one device.
 * @info: the device
 * @backend_watch: on our "backend" key; armed from the first loss on
 * @state_watch: on "<backend>/state" of a backend we moved to, else unset
 * @lost: the backend is gone and we wait for the toolstack to name a new one
 */
struct xennet_rebind {
	struct xennet_info *info;
	struct xenbus_watch backend_watch;
	struct xenbus_watch state_watch;
	bool lost;
};

static void xennet_unwatch(struct xenbus_watch *watch)
{
	if (!watch->node)
		return;
	unregister_xenbus_watch(watch);
	kfree(watch->node);
	watch->node = NULL;
}

/* The moved-to backend changed state: what the core's watch does for it. */
static void xennet_rebind_state_changed(struct xenbus_watch *watch,
					const char *path, const char *token)
{
	struct xennet_rebind *rb = container_of(watch, struct xennet_rebind,
						state_watch);
	struct xenbus_device *dev = rb->info->xbdev;

	/* An event queued before we moved again is about an older backend. */
	if (!dev->otherend ||
	    strncmp(path, dev->otherend, strlen(dev->otherend)))
		return;
	/* Like the core: no reconnection work while the guest shuts down. */
	if (system_state > SYSTEM_RUNNING)
		return;
	xennet_driver.otherend_changed(dev,
				       xenbus_read_driver_state(dev->otherend));
}

/* Read our "backend-id"; -errno when missing or malformed. */
static int xennet_read_backend_id(struct xenbus_device *dev, u32 *id)
{
	unsigned int len;
	char *s;
	int err;

	s = xenbus_read(XBT_NIL, dev->nodename, "backend-id", &len);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = xennet_parse_uint(s, len, XENNET_DOMID_MAX, id);
	kfree(s);
	return err;
}

/* Make @path (ours now) the other end, and watch its state. */
static void xennet_rebind_repoint(struct xennet_rebind *rb, char *path,
				  u32 id)
{
	struct xennet_info *info = rb->info;
	struct xenbus_device *dev = info->xbdev;
	const char *old = dev->otherend;

	netdev_info(info->netdev,
		    "new backend %s (domain %u): reconnecting\n", path, id);
	xennet_unwatch(&rb->state_watch);
	dev->otherend = path;
	dev->otherend_id = id;
	kfree(old);
	rb->lost = false;
	/* Fires once at once: a backend already in InitWait connects now. */
	if (xenbus_watch_pathfmt(dev, &rb->state_watch, NULL,
				 xennet_rebind_state_changed, "%s/state",
				 dev->otherend))
		netdev_err(info->netdev, "cannot watch %s/state\n",
			   dev->otherend);
}

/* Our "backend" key changed (or the watch was just armed). */
static void xennet_rebind_backend_key(struct xenbus_watch *watch,
				      const char *path, const char *token)
{
	struct xennet_rebind *rb = container_of(watch, struct xennet_rebind,
						backend_watch);
	struct xenbus_device *dev = rb->info->xbdev;
	unsigned int len;
	u32 id, devid;
	char *be;

	if (!rb->lost)
		return;
	be = xenbus_read(XBT_NIL, dev->nodename, "backend", &len);
	if (IS_ERR(be))
		return;
	/* Still the dead backend: the toolstack has not moved us yet. */
	if (dev->otherend && !strcmp(be, dev->otherend))
		goto out;
	if (xennet_read_backend_id(dev, &id) ||
	    xennet_parse_devid(dev->nodename, strlen(dev->nodename), &devid) ||
	    xennet_rebind_target_ok(be, len, id, devid)) {
		netdev_warn(rb->info->netdev,
			    "ignoring inconsistent backend keys in %s: \"%.*s\"\n",
			    dev->nodename, (int)min(len, 64u), be);
		goto out;
	}
	/* Written before the keys that name it; absent or unreadable: wait. */
	if (!xenbus_exists(XBT_NIL, be, ""))
		goto out;
	xennet_rebind_repoint(rb, be, id);
	return;
out:
	kfree(be);
}

/**
 * xennet_rebind_backend_gone() - keep the device when its backend vanished.
 * @info: the device
 * @state: the backend state just read (xenbus otherend_changed)
 *
 * Called from the otherend_changed handler in the xenwatch thread.  When
 * xennet_backend_lost() says the backend's domain is gone, drop the queues
 * (carrier off, grants still mapped by the dead domain deferred), go back
 * to Initialising and wait for the toolstack to name a new backend.
 *
 * Return: true when the change was handled here.
 */
bool xennet_rebind_backend_gone(struct xennet_info *info,
				enum xenbus_state state)
{
	struct xenbus_device *dev = info->xbdev;
	struct xennet_rebind *rb = info->rebind;

	/* Unknown is also a garbage state: is the backend really gone? */
	if (!xennet_backend_lost(dev->state, state,
				 state == XENNET_XB_UNKNOWN &&
				 xenbus_exists(XBT_NIL, dev->otherend, "")))
		return false;
	if (!rb) {
		rb = kzalloc(sizeof(*rb), GFP_KERNEL);
		if (!rb)
			return false;
		rb->info = info;
		info->rebind = rb;
	}
	if (rb->lost)
		return true;
	netdev_info(info->netdev,
		    "backend %s (domain %d) is gone: keeping %s for a new backend\n",
		    dev->otherend, dev->otherend_id, info->netdev->name);
	rtnl_lock();
	xennet_destroy_queues(info);
	rtnl_unlock();
	rb->lost = true;
	xenbus_switch_state(dev, XENNET_XB_INITIALISING);
	if (!rb->backend_watch.node &&
	    xenbus_watch_pathfmt(dev, &rb->backend_watch, NULL,
				 xennet_rebind_backend_key, "%s/backend",
				 dev->nodename))
		netdev_err(info->netdev, "cannot watch %s/backend\n",
			   dev->nodename);
	return true;
}

/**
 * xennet_rebind_stop() - drop the restart watches and state.
 * @info: the device
 *
 * Called from remove (before anything reads dev->otherend) and resume
 * (where the core re-reads the backend keys and watches the backend
 * itself).  Waits for a watch callback of ours in progress.
 */
void xennet_rebind_stop(struct xennet_info *info)
{
	struct xennet_rebind *rb = info->rebind;

	if (!rb)
		return;
	xennet_unwatch(&rb->backend_watch);
	xennet_unwatch(&rb->state_watch);
	info->rebind = NULL;
	kfree(rb);
}
