// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/state.c - the backend half of the xenbus state machine.
 *
 * The backend goes InitWait at probe, Connected once the frontend is
 * Connected and the hotplug script reported success, Closing and Closed
 * following the frontend, and unregisters when the frontend is Closed
 * and the toolstack has set "online" to 0.
 */
#include <xen/xendd-pure.h>
#include "state.h"

/**
 * xenvif_fe_action() - decide the reaction to a frontend state.
 * @fe_state: the frontend's new state (XENVIF_XB_*)
 * @be_state: our current state
 * @connected: our queues are attached
 * @online: the backend's "online" key is 1
 *
 * Return: the action; the caller performs it.
 */
enum xenvif_fe_action xenvif_fe_action(int fe_state, int be_state,
				       bool connected, bool online)
{
	switch (fe_state) {
	case XENVIF_XB_INITIALISING:
		return be_state == XENVIF_XB_CLOSED ? XENVIF_FE_INITWAIT :
						      XENVIF_FE_NOTHING;
	case XENVIF_XB_INITIALISED:
	case XENVIF_XB_RECONFIGURED:
		return XENVIF_FE_NOTHING;
	case XENVIF_XB_RECONFIGURING:
		/* netfront changes xdp-headroom this way (XDP on or off). */
		return connected ? XENVIF_FE_RECONFIGURE : XENVIF_FE_NOTHING;
	case XENVIF_XB_CONNECTED:
		if (be_state == XENVIF_XB_RECONFIGURED)
			return XENVIF_FE_RECONFIGURED;
		if (be_state == XENVIF_XB_CONNECTED || connected)
			return XENVIF_FE_NOTHING;
		return XENVIF_FE_CONNECT;
	case XENVIF_XB_CLOSING:
		return XENVIF_FE_CLOSING;
	case XENVIF_XB_CLOSED:
		return online ? XENVIF_FE_CLOSED : XENVIF_FE_UNREGISTER;
	case XENVIF_XB_UNKNOWN:
		return XENVIF_FE_UNREGISTER;
	default:
		return XENVIF_FE_BAD_STATE;
	}
}
