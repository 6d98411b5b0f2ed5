// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring.c - checks on responses a (possibly hostile) backend produced.
 *
 * Each function looks at values the caller already copied out of shared
 * memory, so the backend cannot change them between check and use.
 */
#include <xen/xendd-pure.h>
#include <xen/xendd-event.h>
#include "ring.h"

static const char *const xennet_violation_names[XENNET_V_MAX] = {
	[XENNET_V_NONE]			= "none",
	[XENNET_V_PROD_OVERFLOW]	= "rsp_prod outside the outstanding requests",
	[XENNET_V_TX_ID_RANGE]		= "tx response id out of range",
	[XENNET_V_TX_ID_NOT_PENDING]	= "tx response id not pending",
	[XENNET_V_TX_STATUS]		= "tx response status invalid",
	[XENNET_V_RX_ID]		= "rx response id does not match its slot",
	[XENNET_V_RX_NOT_PENDING]	= "rx response for a slot without a buffer",
	[XENNET_V_RX_OFFSET]		= "rx offset + size beyond the page",
	[XENNET_V_RX_SLOTS]		= "rx packet uses too many slots",
	[XENNET_V_RX_INCOMPLETE]	= "rx packet continues past rsp_prod",
	[XENNET_V_RX_EXTRA]		= "rx extra info invalid",
	[XENNET_V_GRANT_BUSY]		= "backend still maps a returned grant",
};

/**
 * xennet_violation_name() - human-readable name of a violation.
 * @err: a negative XENNET_V_* code as returned by the checks
 *
 * Return: a static string, "unknown" for anything else.
 */
const char *xennet_violation_name(int err)
{
	int v = -err;

	if (v <= 0 || v >= XENNET_V_MAX)
		return "unknown";
	return xennet_violation_names[v];
}

/**
 * xennet_check_rsp_prod() - is a response producer index plausible?
 * @rsp_prod: sring->rsp_prod as read once from the shared page
 * @rsp_cons: our consumer index
 * @req_prod_pvt: our private request producer index
 *
 * The backend can only have answered requests we made: the number of
 * unconsumed responses must not exceed the number of outstanding requests,
 * which itself never exceeds the ring size.  Free-running u32 arithmetic
 * makes a producer that went backwards look like a huge count.
 *
 * Return: 0 or -XENNET_V_PROD_OVERFLOW.
 */
int xennet_check_rsp_prod(u32 rsp_prod, u32 rsp_cons, u32 req_prod_pvt)
{
	u32 unconsumed = rsp_prod - rsp_cons;
	u32 outstanding = req_prod_pvt - rsp_cons;

	if (outstanding > XENNET_RING_SIZE || unconsumed > outstanding)
		return -XENNET_V_PROD_OVERFLOW;
	return 0;
}

/**
 * xennet_check_tx_rsp() - validate one tx response.
 * @ids: the queue's id list (which ids are in flight)
 * @id: netif_tx_response.id
 * @status: netif_tx_response.status
 *
 * A XENNET_RSP_NULL response answers an extra-info slot and names no id;
 * the caller skips it.  Every other response must carry a known status and
 * an id that is in flight.
 *
 * Return: 0 or a negative XENNET_V_* code.
 */
int xennet_check_tx_rsp(const struct xennet_idlist *ids, u16 id, s16 status)
{
	if (status == XENNET_RSP_NULL)
		return 0;
	if (status != XENNET_RSP_OKAY && status != XENNET_RSP_ERROR &&
	    status != XENNET_RSP_DROPPED)
		return -XENNET_V_TX_STATUS;
	if (id >= XENNET_RING_SIZE)
		return -XENNET_V_TX_ID_RANGE;
	if (!xennet_idlist_pending(ids, id))
		return -XENNET_V_TX_ID_NOT_PENDING;
	return 0;
}

/**
 * xennet_check_rx_rsp() - validate one rx data response.
 * @rsp: the response, copied out of the ring
 * @expected_id: the id we put in the request of this slot
 * @pending: whether that slot holds a posted buffer
 * @first: whether this is the first slot of a packet
 *
 * A negative status is a per-packet error the caller counts and drops; it
 * is not a protocol violation.  A non-negative status is a byte count that
 * together with the offset must stay within the granted page.
 *
 * Return: 0 or a negative XENNET_V_* code.
 */
int xennet_check_rx_rsp(const struct xennet_rx_rsp *rsp, u16 expected_id,
			bool pending, bool first)
{
	if (rsp->id != expected_id)
		return -XENNET_V_RX_ID;
	if (!pending)
		return -XENNET_V_RX_NOT_PENDING;
	if (rsp->status < 0)
		return 0;
	if ((u32)rsp->offset + (u32)rsp->status > XENNET_XEN_PAGE_SIZE)
		return -XENNET_V_RX_OFFSET;
	if (!first && (rsp->flags & XENNET_RXF_EXTRA_INFO))
		return -XENNET_V_RX_EXTRA;
	return 0;
}

/**
 * xennet_check_rx_extra() - validate one rx extra-info slot.
 * @type: netif_extra_info.type
 * @flags: netif_extra_info.flags
 * @gso_type: u.gso.type, looked at for XENNET_EXTRA_TYPE_GSO only
 * @gso_size: u.gso.size, likewise
 *
 * Return: 0 or -XENNET_V_RX_EXTRA.
 */
int xennet_check_rx_extra(u8 type, u8 flags, u8 gso_type, u16 gso_size)
{
	if (type == 0 || type >= XENNET_EXTRA_TYPE_MAX)
		return -XENNET_V_RX_EXTRA;
	if (flags & ~XENNET_EXTRA_FLAG_MORE)
		return -XENNET_V_RX_EXTRA;
	if (type != XENNET_EXTRA_TYPE_GSO)
		return 0;
	if (gso_type != XENNET_GSO_TYPE_TCPV4 && gso_type != XENNET_GSO_TYPE_TCPV6)
		return -XENNET_V_RX_EXTRA;
	if (gso_size == 0)
		return -XENNET_V_RX_EXTRA;
	return 0;
}

/**
 * xennet_check_rx_slots() - may a packet occupy one more slot?
 * @slots: slots the packet would use including the next one
 * @avail: responses available (rsp_prod - rsp_cons)
 *
 * The backend pushes whole packets, so a packet that runs past the
 * producer index is malformed, as is one longer than the protocol allows.
 *
 * Return: 0 or a negative XENNET_V_* code.
 */
int xennet_check_rx_slots(u32 slots, u32 avail)
{
	if (slots > XENNET_RX_MAX_SLOTS)
		return -XENNET_V_RX_SLOTS;
	if (slots > avail)
		return -XENNET_V_RX_INCOMPLETE;
	return 0;
}

/**
 * xennet_event_spurious() - did an event bring nothing to do?
 * @rsp_prod: rsp_prod as read from the shared page by this event
 * @prev_prod: rsp_prod as the previous event on this ring read it;
 *             set to @rsp_prod for the next event
 * @rsp_cons: our consumer index
 *
 * Events are bound with lateeoi: an event without new responses is
 * reported to Xen as spurious, which throttles a backend that floods us
 * with events (XSA-391).  New means published since the previous event,
 * not merely unconsumed: NAPI or transmit often takes the responses that
 * raised an event before the event is delivered, and calling that event
 * spurious would make Linux delay the EOI of the next ones, by up to a
 * second after a run of them.
 *
 * Return: true when rsp_prod has not moved since the previous event and
 * no response waits unconsumed.
 */
bool xennet_event_spurious(u32 rsp_prod, u32 *prev_prod, u32 rsp_cons)
{
	return !xendd_event_moved(rsp_prod, prev_prod) && rsp_prod == rsp_cons;
}

/**
 * xennet_tx_event() - the tx rsp_event to publish once responses are reaped.
 * @rsp_cons: our consumer index, every response before it reaped
 * @req_prod: the requests we have produced (req_prod_pvt)
 * @lazy: nothing in flight holds memory the stack waits for (every tx
 *        request is a copy in a page of ours), so completions may wait
 * @stopped: the queue is stopped until completions free room
 *
 * An eager queue asks for an event at the next response, the ring
 * protocol's usual choice.  A lazy queue that is not stopped asks for none
 * within reach (XENNET_TX_LAZY_EVENT responses on): its next transmit
 * reaps whatever is done, and a timer reaps what is left once transmits
 * stop, so a steady sender takes no completion interrupts at all.  A lazy
 * queue that is stopped asks for an event once half of what is in flight
 * has completed, which leaves room for any packet.
 *
 * Return: the value for the shared ring's rsp_event.
 */
u32 xennet_tx_event(u32 rsp_cons, u32 req_prod, bool lazy, bool stopped)
{
	u32 inflight = req_prod - rsp_cons;

	if (!lazy)
		return rsp_cons + 1;
	if (stopped && inflight)
		return rsp_cons + (inflight + 1) / 2;
	return rsp_cons + XENNET_TX_LAZY_EVENT;
}

/**
 * xennet_release_plan() - how to release a page granted to the backend.
 * @grant_ended: whether ending the backend's access succeeded
 * @owned: whether the page is ours (a bounce or rx page) rather than the
 *         skb's
 *
 * A page whose grant the backend still maps must never be freed or
 * reused: it goes to the grant table's deferred list, which drops a page
 * reference only once the grant is released (XSA-396).  For a page we do
 * not own we first take a reference of our own to hand over.
 *
 * Return: the plan.
 */
enum xennet_release xennet_release_plan(bool grant_ended, bool owned)
{
	if (grant_ended)
		return owned ? XENNET_REL_FREE : XENNET_REL_KEEP;
	return owned ? XENNET_REL_DEFER : XENNET_REL_DEFER_GET;
}
