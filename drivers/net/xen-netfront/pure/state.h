/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * state.h - the frontend's reaction to xenbus state changes of the backend.
 *
 * The state values are the wire values of enum xenbus_state in the public
 * header xen/interface/io/xenbus.h (stored as decimal numbers in the
 * "state" keys of xenstore); they are part of the ABI and never change.
 */
#ifndef XENNET_PURE_STATE_H
#define XENNET_PURE_STATE_H

#include <xen/xendd-pure.h>

#define XENNET_XB_UNKNOWN	0
#define XENNET_XB_INITIALISING	1
#define XENNET_XB_INIT_WAIT	2
#define XENNET_XB_INITIALISED	3
#define XENNET_XB_CONNECTED	4
#define XENNET_XB_CLOSING	5
#define XENNET_XB_CLOSED	6
#define XENNET_XB_RECONFIGURING	7
#define XENNET_XB_RECONFIGURED	8

/* What to do about a backend state change. */
enum xennet_xb_action {
	XENNET_ACT_NONE,	/* nothing */
	XENNET_ACT_CONNECT,	/* build queues, write keys, go Connected */
	XENNET_ACT_NOTIFY,	/* link is up end to end: announce ourselves */
	XENNET_ACT_CLOSE,	/* drop the queues and go Closed */
	XENNET_ACT_RECONFIGURED, /* backend took the new xdp-headroom: Connected */
};

enum xennet_xb_action xennet_backend_action(u32 frontend, u32 backend);
bool xennet_backend_reached(u32 backend, u32 wanted);

#endif /* XENNET_PURE_STATE_H */
