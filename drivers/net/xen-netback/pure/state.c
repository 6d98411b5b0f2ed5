// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/state.c - the backend half of the xenbus state machine.
 *
 * The backend goes InitWait at probe and whenever the frontend starts
 * over (Initialising), Connected once the frontend is Connected and the
 * hotplug script reported success, Closing and Closed following the
 * frontend, and unregisters when the frontend is Closed and the toolstack
 * has set "online" to 0.
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
		/*
		 * A frontend back at Initialising starts over, whatever we
		 * were doing: after a close, but also one that failed its
		 * probe (left Closing) and was loaded again, or one that
		 * restarted without closing.  Waiting for a Closed that
		 * never comes would leave the vif dead.
		 */
		return be_state == XENVIF_XB_INITWAIT ||
		       be_state == XENVIF_XB_INITIALISING ? XENVIF_FE_NOTHING :
							    XENVIF_FE_INITWAIT;
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

/* a is after b, on a counter that wraps (jiffies). */
static bool xenvif_tick_after(unsigned long a, unsigned long b)
{
	return (long)(b - a) < 0;
}

/**
 * xenvif_hotplug_deadline() - when a vif's missing hotplug-status is news.
 * @start: when the vif went InitWait, the toolstack's cue to run the script
 * @last_done: when a vif of this domain last got hotplug-status
 *	"connected" (0: none yet)
 * @waiting: vifs of this domain waiting for theirs, this one included
 * @delay: what a script running alone may take
 * @max: the longest wait after @start, however busy the toolstack
 *
 * Ticks of a wrapping counter throughout.  Alone, a script has @delay.
 * When several vifs are created at once their scripts run side by side
 * and share the CPU (22 of them took 30 s on a loaded lab host), so the
 * wait grows with the number waiting, up to XENVIF_HOTPLUG_SHARE_MAX of
 * them, and counts again from the last script that completed after
 * @start: while scripts keep completing the toolstack is working through
 * them, and this vif's could not have run earlier.  Never later than
 * @start + @max, so a script that does not run at all is still reported.
 *
 * Return: the deadline, in the same ticks.
 */
unsigned long xenvif_hotplug_deadline(unsigned long start,
				      unsigned long last_done,
				      unsigned int waiting,
				      unsigned long delay,
				      unsigned long max)
{
	unsigned long share = waiting < 1 ? 1 :
			      waiting > XENVIF_HOTPLUG_SHARE_MAX ?
			      XENVIF_HOTPLUG_SHARE_MAX : waiting;
	unsigned long from = start, deadline;

	if (waiting > 1 && last_done && xenvif_tick_after(last_done, start))
		from = last_done;
	deadline = from + share * delay;
	if (xenvif_tick_after(deadline, start + max))
		deadline = start + max;
	return deadline;
}
