// SPDX-License-Identifier: GPL-2.0-only
/*
 * state.c - the frontend state machine as a table of reactions (state.h).
 */
#include <xen/xendd-pure.h>
#include "state.h"

/**
 * xennet_backend_action() - what a backend state change asks of us.
 * @frontend: our current state (XENNET_XB_*)
 * @backend: the backend's new state, any value it wrote
 *
 * We connect only from Initialising when the backend waits for us (after
 * resume the xenbus core, and after a rebind our probe, put us back to
 * Initialising), announce the device once both ends are Connected, and
 * close whenever the backend closes or disappears while we are set up.
 * While we are Reconfiguring (a new xdp-headroom), the backend's
 * Reconfigured says it has read the key: we go back to Connected.
 * Unknown and out-of-range states are ignored.
 *
 * Return: the action to take.
 */
enum xennet_xb_action xennet_backend_action(u32 frontend, u32 backend)
{
	switch (backend) {
	case XENNET_XB_INIT_WAIT:
		return frontend == XENNET_XB_INITIALISING ?
		       XENNET_ACT_CONNECT : XENNET_ACT_NONE;
	case XENNET_XB_CONNECTED:
		return frontend == XENNET_XB_CONNECTED ?
		       XENNET_ACT_NOTIFY : XENNET_ACT_NONE;
	case XENNET_XB_RECONFIGURED:
		return frontend == XENNET_XB_RECONFIGURING ?
		       XENNET_ACT_RECONFIGURED : XENNET_ACT_NONE;
	case XENNET_XB_CLOSING:
	case XENNET_XB_CLOSED:
		/*
		 * Initialising: nothing is connected yet and the backend is
		 * being (re)started after a rebind; it will come to InitWait.
		 */
		if (frontend == XENNET_XB_CLOSED ||
		    frontend == XENNET_XB_INITIALISING)
			return XENNET_ACT_NONE;
		return XENNET_ACT_CLOSE;
	default:
		return XENNET_ACT_NONE;
	}
}

/**
 * xennet_backend_reached() - has the backend got far enough in closing?
 * @backend: the backend's state as read from xenstore
 * @wanted: XENNET_XB_CLOSING or XENNET_XB_CLOSED
 *
 * A backend that is gone (Unknown: its directory was removed) counts as
 * closed, and Closed is further than Closing.
 *
 * Return: true when waiting for @wanted is over.
 */
bool xennet_backend_reached(u32 backend, u32 wanted)
{
	if (backend == XENNET_XB_UNKNOWN || backend == XENNET_XB_CLOSED)
		return true;
	return wanted == XENNET_XB_CLOSING && backend == XENNET_XB_CLOSING;
}
