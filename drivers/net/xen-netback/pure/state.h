/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/state.h - the backend's reaction to frontend state changes.
 */
#ifndef XENVIF_PURE_STATE_H
#define XENVIF_PURE_STATE_H

#include <xen/xendd-pure.h>

/* xenbus.h enum xenbus_state: wire values shared by every Xen driver. */
#define XENVIF_XB_UNKNOWN	0
#define XENVIF_XB_INITIALISING	1
#define XENVIF_XB_INITWAIT	2
#define XENVIF_XB_INITIALISED	3
#define XENVIF_XB_CONNECTED	4
#define XENVIF_XB_CLOSING	5
#define XENVIF_XB_CLOSED	6
#define XENVIF_XB_RECONFIGURING	7
#define XENVIF_XB_RECONFIGURED	8

/* What the backend does when the frontend changes state. */
enum xenvif_fe_action {
	XENVIF_FE_NOTHING,
	XENVIF_FE_INITWAIT,	/* frontend restarts: disconnect, advertise again */
	XENVIF_FE_CONNECT,	/* read keys, map rings, bind events */
	XENVIF_FE_CLOSING,	/* disconnect, go Closing */
	XENVIF_FE_CLOSED,	/* disconnect, go Closed, stay for a reconnect */
	XENVIF_FE_UNREGISTER,	/* disconnect, go Closed, remove the device */
	XENVIF_FE_RECONFIGURE,	/* re-read xdp-headroom, go Reconfigured */
	XENVIF_FE_RECONFIGURED,	/* frontend back to Connected: go Connected */
	XENVIF_FE_BAD_STATE,	/* state the protocol does not define */
};

enum xenvif_fe_action xenvif_fe_action(int fe_state, int be_state,
				       bool connected, bool online);

/* Vifs whose hotplug scripts run side by side that stretch the wait, at most. */
#define XENVIF_HOTPLUG_SHARE_MAX	4U

unsigned long xenvif_hotplug_deadline(unsigned long start,
				      unsigned long last_done,
				      unsigned int waiting,
				      unsigned long delay,
				      unsigned long max);

#endif /* XENVIF_PURE_STATE_H */
