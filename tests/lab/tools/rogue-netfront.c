// SPDX-License-Identifier: GPL-2.0-only
/*
 * rogue-netfront - a hostile network frontend in user space.
 *
 * It runs in a client domU that has no netfront loaded, takes over one
 * vif the toolstack created for it (device/vif/<devid>, backend waiting in
 * InitWait), connects to the backend through the normal xenstore
 * handshake (netif.h "Frontend" keys, xenbus states 1 -> 3 -> 4), and then
 * runs one named case that writes crafted requests into the TX ring.
 *
 * What it observed goes to stdout, one fact a line, and ends with
 *   VERDICT case=NAME first=okay|error|silent|partial|none followup=okay|error|silent
 * "first" is what the crafted request(s) got back (every response OKAY,
 * at least one ERROR/DROPPED, nothing at all within the wait, fewer
 * responses than slots, or no request sent); "followup" is what one
 * well-formed packet sent afterwards got, i.e. whether the backend still
 * serves this vif.  The queue-count cases (queues-*) report
 * first=refused|connected instead.  The control-ring cases (ctrl-*) also
 * connect a control ring (netif.h "Control ring": ctrl-ring-ref,
 * event-channel-ctrl) and report first=STATUS[+STATUS...]/CTRL: the
 * XEN_NETIF_CTRL_STATUS_* of each crafted control request (success,
 * not-supported, invalid, overflow; silent: no response), then whether a
 * well-formed control request sent afterwards is answered (ok, silent).
 *
 * Afterwards a child process stays behind (bounded) holding the rings and
 * grants: when the toolstack detaches the vif (backend online=0, Closing)
 * it answers with Closing/Closed, so that "xl network-detach" completes as
 * with a real frontend, and for the rx-never-consumed case it posts RX
 * buffers on request (data/rogue/<devid>/post-rx), keeps giving them back
 * for 15 s and then reports what arrived (data/rogue/<devid>/rx-result).
 *
 * A second mode runs in the backend domain: "flood IFACE MAC SECONDS"
 * sends Ethernet frames to MAC out of IFACE (the rogue's vif) as fast as
 * it can.
 *
 * lab-ldlibs: -lxenstore -lxengnttab -lxenevtchn
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include <xenstore.h>
#include <xengnttab.h>
#include <xenevtchn.h>

#include "rogue-util.h"	/* first: ring.h's barriers */
#include <xen/io/netif.h>

#define DATA_PAGES	4U
#define RX_PAGES	64U
/* An id no real request uses: the well-formed follow-up packet. */
#define FOLLOWUP_ID	0x7777
#define BAD_GREF	0x0ffffff0U
#define ETHERTYPE_LAB	0x88b5	/* IEEE local experimental */
/* connect_backend's @queues: one more than multi-queue-max-queues. */
#define QUEUES_OVER_MAX	(-2L)
/* ctrl_call's status when no response came. */
#define CTRL_SILENT	(-1L)

struct rogue {
	struct xs_handle *xs;
	xengntshr_handle *gs;
	xenevtchn_handle *xce;
	unsigned int devid;
	unsigned int backend_id;
	char fe[64];		/* device/vif/<devid> (relative to our home) */
	char be[256];		/* the backend's directory */
	uint8_t mac[6];
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	void *tx_page, *rx_page;
	uint8_t *data;		/* DATA_PAGES pages the backend may read */
	uint32_t tx_ref, rx_ref, data_ref[DATA_PAGES];
	evtchn_port_t port;
	/* The control ring, for the ctrl-* cases only. */
	xen_netif_ctrl_front_ring_t ctrl;
	void *ctrl_page;
	uint32_t ctrl_ref;
	evtchn_port_t ctrl_port;
	uint16_t ctrl_id;
	char ctrl_verdict[320];	/* the crafted control requests' statuses */
	uint8_t *sg_page;	/* static grants: the ADD/DEL table, writable */
	uint32_t sg_ref;
	unsigned int wait_ms;	/* how long to wait for responses */
	/* Responses seen for the crafted requests. */
	unsigned int nr_rsp, nr_okay, nr_err, nr_null;
};

/* pick_vif: the given devid, else the newest vif whose frontend is Initialising. */
static void pick_vif(struct rogue *r, long want)
{
	unsigned int n, i;
	char **ents;
	long best = -1;

	if (want >= 0) {
		best = want;
	} else {
		ents = xs_directory(r->xs, XBT_NULL, "device/vif", &n);
		if (!ents)
			die("no device/vif directory: does this domain have a vif?");
		for (i = 0; i < n; i++) {
			char dir[64];
			long id = strtol(ents[i], NULL, 10);

			snprintf(dir, sizeof(dir), "device/vif/%ld", id);
			if (xread_long(r->xs, dir, "state", -1) == XB_INITIALISING &&
			    id > best)
				best = id;
		}
		free(ents);
		if (best < 0)
			die("no vif in state Initialising under device/vif");
	}
	r->devid = (unsigned int)best;
	snprintf(r->fe, sizeof(r->fe), "device/vif/%u", r->devid);
}

static void read_mac(struct rogue *r)
{
	char *s = xread(r->xs, XBT_NULL, r->fe, "mac");
	unsigned int m[6], i;

	if (!s || sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
			 &m[4], &m[5]) != 6)
		die("cannot read %s/mac", r->fe);
	for (i = 0; i < 6; i++)
		r->mac[i] = (uint8_t)m[i];
	free(s);
}

/*
 * connect_backend: the frontend half of the xenbus handshake.  With
 * @queues >= 0 it also asks for that many queues (and publishes the
 * single-queue keys all the same); with @ctrl it offers a control ring.
 * Returns the backend's state once it settled: Connected, or
 * Closing/Closed if it refused the frontend.
 */
static long connect_backend(struct rogue *r, long want_devid, long queues, bool ctrl)
{
	static const char *const features[] = {
		"feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6",
		"feature-rx-copy", "feature-split-event-channels",
		"multi-queue-max-queues", "feature-ctrl-ring",
	};
	xs_transaction_t t;
	char *s;
	unsigned int i;
	long st;

	r->xs = open_xs();
	r->gs = xengntshr_open(NULL, 0);
	if (!r->gs)
		die("xengntshr_open (is xen-gntalloc loaded?)");
	r->xce = open_evtchn();

	pick_vif(r, want_devid);
	if (!read_backend(r->xs, r->fe, r->be, sizeof(r->be), &r->backend_id))
		die("no %s/backend", r->fe);
	read_mac(r);
	say("rogue: vif %u, backend %s (domain %u)", r->devid, r->be, r->backend_id);

	st = wait_key(r->xs, r->be, "state", XB_INITWAIT, XB_CONNECTED, 20000);
	if (st != XB_INITWAIT)
		die("backend state %ld, expected InitWait (2)", st);
	for (i = 0; i < ARRAY_SIZE(features); i++)
		say("rogue: backend %s = %ld", features[i],
		    xread_long(r->xs, r->be, features[i], 0));
	if (queues == QUEUES_OVER_MAX) {
		queues = xread_long(r->xs, r->be, "multi-queue-max-queues", 1) + 1;
		say("rogue: asking for %ld queues, one more than the backend offers", queues);
	}

	r->tx_page = xengntshr_share_pages(r->gs, r->backend_id, 1, &r->tx_ref, 1);
	r->rx_page = xengntshr_share_pages(r->gs, r->backend_id, 1, &r->rx_ref, 1);
	r->data = xengntshr_share_pages(r->gs, r->backend_id, DATA_PAGES,
					r->data_ref, 0);
	if (!r->tx_page || !r->rx_page || !r->data)
		die("xengntshr_share_pages");
	SHARED_RING_INIT((netif_tx_sring_t *)r->tx_page);
	FRONT_RING_INIT(&r->tx, (netif_tx_sring_t *)r->tx_page, PAGE);
	SHARED_RING_INIT((netif_rx_sring_t *)r->rx_page);
	FRONT_RING_INIT(&r->rx, (netif_rx_sring_t *)r->rx_page, PAGE);

	r->port = evtchn_offer(r->xce, r->backend_id);
	if (ctrl) {
		if (xread_long(r->xs, r->be, "feature-ctrl-ring", 0) != 1)
			die("the backend offers no control ring (feature-ctrl-ring)");
		r->ctrl_page = xengntshr_share_pages(r->gs, r->backend_id, 1,
						     &r->ctrl_ref, 1);
		if (!r->ctrl_page)
			die("xengntshr_share_pages (control ring)");
		SHARED_RING_INIT((xen_netif_ctrl_sring_t *)r->ctrl_page);
		FRONT_RING_INIT(&r->ctrl, (xen_netif_ctrl_sring_t *)r->ctrl_page, PAGE);
		r->ctrl_port = evtchn_offer(r->xce, r->backend_id);
	}

	do {
		t = xtx_start(r->xs);
		if (!xwrite(r->xs, t, r->fe, "tx-ring-ref", "%u", r->tx_ref) ||
		    !xwrite(r->xs, t, r->fe, "rx-ring-ref", "%u", r->rx_ref) ||
		    !xwrite(r->xs, t, r->fe, "event-channel", "%u", r->port) ||
		    !xwrite(r->xs, t, r->fe, "request-rx-copy", "1") ||
		    !xwrite(r->xs, t, r->fe, "feature-rx-notify", "1") ||
		    !xwrite(r->xs, t, r->fe, "feature-sg", "1") ||
		    !xwrite(r->xs, t, r->fe, "feature-gso-tcpv4", "1") ||
		    (queues >= 0 && !xwrite(r->xs, t, r->fe, "multi-queue-num-queues",
					    "%ld", queues)) ||
		    (ctrl && (!xwrite(r->xs, t, r->fe, "ctrl-ring-ref", "%u", r->ctrl_ref) ||
			      !xwrite(r->xs, t, r->fe, "event-channel-ctrl", "%u",
				      r->ctrl_port))) ||
		    !xwrite(r->xs, t, r->fe, "state", "%d", XB_INITIALISED))
			die("writing the frontend keys");
	} while (!xtx_commit(r->xs, t));
	if (!xwrite(r->xs, XBT_NULL, r->fe, "state", "%d", XB_CONNECTED))
		die("writing state Connected");
	st = wait_key(r->xs, r->be, "state", XB_CONNECTED, XB_CLOSED, 30000);
	if (st != XB_CONNECTED) {
		s = backend_error(r->xs, r->backend_id, r->be);
		say("rogue: backend state %ld, not Connected%s%s", st,
		    s ? "; backend error: " : "", s ? s : "");
		free(s);
		if (queues < 0)
			die("the backend refused a well-formed frontend");
		return st;
	}
	say("rogue: connected: tx-ring-ref %u rx-ring-ref %u event-channel %u",
	    r->tx_ref, r->rx_ref, r->port);
	if (ctrl)
		say("rogue: control ring: ctrl-ring-ref %u event-channel-ctrl %u",
		    r->ctrl_ref, r->ctrl_port);
	return st;
}

/* kick: notify the backend; never blocks.  Returns -1 on failure. */
static int kick(struct rogue *r)
{
	return xenevtchn_notify(r->xce, r->port);
}

/*
 * collect: read TX responses until @want arrived or @ms passed; tallies
 * into the rogue's counters and returns the number read.
 */
static unsigned int collect(struct rogue *r, unsigned int want, unsigned int ms)
{
	uint64_t end = now_ms() + ms;
	unsigned int got = 0;

	for (;;) {
		RING_IDX prod = r->tx.sring->rsp_prod;

		rmb();	/* the responses after the producer, as the backend wrote them */
		while (r->tx.rsp_cons != prod) {
			netif_tx_response_t *rsp = RING_GET_RESPONSE(&r->tx, r->tx.rsp_cons);

			/* The first few and the follow-up: enough to read, short enough for the log. */
			if (r->nr_rsp < 4 || rsp->id == FOLLOWUP_ID)
				say("rogue: response id %u status %d", rsp->id, rsp->status);
			if (rsp->status == NETIF_RSP_OKAY)
				r->nr_okay++;
			else if (rsp->status == NETIF_RSP_NULL)
				r->nr_null++;
			else
				r->nr_err++;
			r->nr_rsp++;
			r->tx.rsp_cons++;
			got++;
		}
		r->tx.sring->rsp_event = r->tx.rsp_cons + 1;
		mb();
		evtchn_drain(r->xce);
		if (got >= want || now_ms() >= end)
			return got;
		sleep_ms(10);
	}
}

/* The packet bytes: Ethernet header to a nobody unicast address, then a pattern. */
static void fill_data(struct rogue *r)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 0x99 };
	uint8_t *p = r->data;
	unsigned int i;

	for (i = 0; i < DATA_PAGES * PAGE; i++)
		p[i] = (uint8_t)(i * 7 + 3);
	/* Every 64-byte cell of page 0 starts like a frame, so any offset works. */
	for (i = 0; i < PAGE; i += 64) {
		memcpy(p + i, dst, 6);
		memcpy(p + i + 6, r->mac, 6);
		p[i + 12] = ETHERTYPE_LAB >> 8;
		p[i + 13] = ETHERTYPE_LAB & 0xff;
	}
}

/* put: one TX request at the private producer. */
static void put(struct rogue *r, uint32_t gref, uint16_t off, uint16_t flags,
		uint16_t id, uint16_t size)
{
	netif_tx_request_t *req = RING_GET_REQUEST(&r->tx, r->tx.req_prod_pvt);

	req->gref = gref;
	req->offset = off;
	req->flags = flags;
	req->id = id;
	req->size = size;
	r->tx.req_prod_pvt++;
}

/* put_extra: an extra-info slot at the private producer. */
static void put_extra(struct rogue *r, const netif_extra_info_t *ex)
{
	void *slot = RING_GET_REQUEST(&r->tx, r->tx.req_prod_pvt);

	memset(slot, 0, sizeof(netif_tx_request_t));
	memcpy(slot, ex, sizeof(*ex));
	r->tx.req_prod_pvt++;
}

/* publish: requests before the producer (RING_PUSH_REQUESTS), then a kick. */
static void publish(struct rogue *r)
{
	RING_PUSH_REQUESTS(&r->tx);
	if (kick(r) < 0)
		say("rogue: event channel notify failed: %s", strerror(errno));
}

/*
 * chain: one packet of @nslots data slots (plus @nextra extras after the
 * first, already built by the caller through @extras), @frag bytes per
 * fragment; the first slot carries @first bytes of its own.
 */
static unsigned int chain(struct rogue *r, unsigned int nslots, unsigned int first,
			  unsigned int frag, const netif_extra_info_t *extras,
			  unsigned int nextra, uint16_t first_flags)
{
	unsigned int i, total = first + (nslots - 1) * frag;
	uint16_t flags = first_flags;

	if (nslots > 1)
		flags |= NETTXF_more_data;
	if (nextra)
		flags |= NETTXF_extra_info;
	put(r, r->data_ref[0], 0, flags, 0, (uint16_t)total);
	for (i = 0; i < nextra; i++)
		put_extra(r, &extras[i]);
	for (i = 1; i < nslots; i++)
		put(r, r->data_ref[0], (uint16_t)((i * 64) % PAGE),
		    i + 1 < nslots ? NETTXF_more_data : 0, (uint16_t)i,
		    (uint16_t)frag);
	return nslots + nextra;
}

/* first_verdict: what the crafted requests got back. */
static const char *first_verdict(const struct rogue *r, unsigned int slots)
{
	if (r->nr_rsp == 0)
		return "silent";
	if (r->nr_err)
		return "error";
	if (r->nr_rsp < slots)
		return "partial";
	return "okay";
}

/* followup: one well-formed 60-byte packet; does the backend still serve us? */
static const char *followup(struct rogue *r)
{
	unsigned int before_err = r->nr_err, before_okay = r->nr_okay, got;

	put(r, r->data_ref[0], 0, 0, FOLLOWUP_ID, 60);
	publish(r);
	got = collect(r, 1, r->wait_ms);
	if (!got)
		return "silent";
	if (r->nr_err > before_err)
		return "error";
	return r->nr_okay > before_okay ? "okay" : "silent";
}

/* Cases: each builds and publishes its requests and returns the slot count. */
static unsigned int case_good(struct rogue *r)
{
	unsigned int n = chain(r, 1, 60, 0, NULL, 0, 0);

	publish(r);
	return n;
}

static unsigned int case_prod_ahead(struct rogue *r)
{
	unsigned int n = chain(r, 1, 60, 0, NULL, 0, 0);

	/* The producer a thousand slots ahead of anything written (XSA-39). */
	wmb();
	r->tx.sring->req_prod = r->tx.req_prod_pvt + 1000;
	kick(r);
	return n;
}

static unsigned int case_slot_cross_page(struct rogue *r)
{
	/* The first slot's data runs 104 bytes past the page (XSA-39 class). */
	put(r, r->data_ref[0], 4000, 0, 0, 200);
	publish(r);
	return 1;
}

static unsigned int case_frag_cross_page(struct rogue *r)
{
	put(r, r->data_ref[0], 0, NETTXF_more_data, 0, 260);
	put(r, r->data_ref[1], 4000, 0, 1, 200);
	publish(r);
	return 2;
}

static unsigned int case_first_small(struct rogue *r)
{
	/* The packet's size (first slot) is smaller than its fragments' sum. */
	put(r, r->data_ref[0], 0, NETTXF_more_data, 0, 100);
	put(r, r->data_ref[0], 128, NETTXF_more_data, 1, 80);
	put(r, r->data_ref[0], 256, 0, 2, 80);
	publish(r);
	return 3;
}

static unsigned int case_first_runt(struct rogue *r)
{
	/* Ten bytes: shorter than an Ethernet header. */
	put(r, r->data_ref[0], 0, 0, 0, 10);
	publish(r);
	return 1;
}

static unsigned int case_zero_frag(struct rogue *r)
{
	/* 60 bytes: 30 in the first slot, then fragments of 0, 30 and 0 (XSA-448). */
	put(r, r->data_ref[0], 0, NETTXF_more_data, 0, 60);
	put(r, r->data_ref[0], 64, NETTXF_more_data, 1, 0);
	put(r, r->data_ref[0], 30, NETTXF_more_data, 2, 30);
	put(r, r->data_ref[0], 128, 0, 3, 0);
	publish(r);
	return 4;
}

static unsigned int case_tiny_header(struct rogue *r)
{
	/* 60 bytes over 18 slots: 9, then 17 fragments of 3 (XSA-423/432). */
	unsigned int i;

	put(r, r->data_ref[0], 0, NETTXF_more_data, 0, 60);
	for (i = 1; i < 18; i++)
		put(r, r->data_ref[0], (uint16_t)(9 + 3 * (i - 1)),
		    i < 17 ? NETTXF_more_data : 0, (uint16_t)i, 3);
	publish(r);
	return 18;
}

static unsigned int case_bad_extra(struct rogue *r)
{
	netif_extra_info_t ex = { .type = 0x7f };
	unsigned int n = chain(r, 1, 60, 0, &ex, 1, 0);

	publish(r);
	return n;
}

static unsigned int case_gso_zero(struct rogue *r)
{
	netif_extra_info_t ex = { .type = XEN_NETIF_EXTRA_TYPE_GSO };
	unsigned int n;

	ex.u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
	ex.u.gso.size = 0;
	n = chain(r, 2, 1000, 1000, &ex, 1, NETTXF_csum_blank);
	publish(r);
	return n;
}

static unsigned int case_bad_gref(struct rogue *r)
{
	put(r, BAD_GREF, 0, 0, 0, 60);
	publish(r);
	return 1;
}

static unsigned int case_bad_gref_frag(struct rogue *r)
{
	/* A valid 200-byte head, then 1000 bytes from a grant that does not exist. */
	put(r, r->data_ref[0], 0, NETTXF_more_data, 0, 1200);
	put(r, BAD_GREF, 0, 0, 1, 1000);
	publish(r);
	return 2;
}

static unsigned int case_evtchn_storm(struct rogue *r)
{
	uint64_t t0 = now_ms();
	unsigned long fail;

	/* Twenty thousand events with nothing published (XSA-332). */
	fail = evtchn_kicks(r->xce, r->port, 20000);

	say("rogue: 20000 kicks in %llu ms, %lu failed",
	    (unsigned long long)(now_ms() - t0), fail);
	return 0;
}

static unsigned int case_rx_never_consumed(struct rogue *r)
{
	(void)r;
	say("rogue: no RX buffer posted; the lingering child posts them on request");
	return 0;
}

static unsigned int case_chain(struct rogue *r, unsigned int n)
{
	unsigned int slots = chain(r, n, 64, 64, NULL, 0, 0);

	publish(r);
	return slots;
}

/* Control ring (netif.h "Control messages") ------------------------------ */

static const char *ctrl_status_name(long st, char *buf, size_t n)
{
	switch (st) {
	case CTRL_SILENT: return "silent";
	case XEN_NETIF_CTRL_STATUS_SUCCESS: return "success";
	case XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED: return "not-supported";
	case XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER: return "invalid";
	case XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW: return "overflow";
	}
	snprintf(buf, n, "status-%ld", st);
	return buf;
}

/* ctrl_put: one control request at the private producer; returns its id. */
static uint16_t ctrl_put(struct rogue *r, uint16_t type, uint32_t d0,
			 uint32_t d1, uint32_t d2)
{
	struct xen_netif_ctrl_request *req = RING_GET_REQUEST(&r->ctrl, r->ctrl.req_prod_pvt);

	req->id = ++r->ctrl_id;
	req->type = type;
	req->data[0] = d0;
	req->data[1] = d1;
	req->data[2] = d2;
	r->ctrl.req_prod_pvt++;
	return req->id;
}

/*
 * ctrl_wait: until the response to request @id arrived or @ms passed.
 * Takes every response up to rsp_prod; of a producer that moved more than
 * a ring (a backend that answered a producer far ahead) only the last
 * ring's worth can be read.  *moved (if given) adds how far rsp_prod
 * moved.  Returns the status, or CTRL_SILENT.
 */
static long ctrl_wait(struct rogue *r, uint16_t id, unsigned int ms,
		      uint32_t *data, unsigned int *moved)
{
	uint64_t end = now_ms() + ms;
	long st = CTRL_SILENT;

	for (;;) {
		RING_IDX prod = r->ctrl.sring->rsp_prod, i = r->ctrl.rsp_cons;

		rmb();	/* the responses after their producer */
		if (prod - i > RING_SIZE(&r->ctrl))
			i = prod - RING_SIZE(&r->ctrl);
		if (moved)
			*moved += prod - r->ctrl.rsp_cons;
		for (; i != prod; i++) {
			const struct xen_netif_ctrl_response *rsp = RING_GET_RESPONSE(&r->ctrl, i);

			if (rsp->id == id) {
				st = (long)rsp->status;
				if (data)
					*data = rsp->data;
			}
		}
		r->ctrl.rsp_cons = prod;
		r->ctrl.sring->rsp_event = prod + 1;
		mb();
		evtchn_drain(r->xce);
		if (st != CTRL_SILENT || now_ms() >= end)
			return st;
		sleep_ms(10);
	}
}

/* ctrl_call: one control request, published and signalled; its status. */
static long ctrl_call(struct rogue *r, uint16_t type, uint32_t d0, uint32_t d1,
		      uint32_t d2, uint32_t *data)
{
	uint16_t id = ctrl_put(r, type, d0, d1, d2);

	RING_PUSH_REQUESTS(&r->ctrl);
	if (xenevtchn_notify(r->xce, r->ctrl_port) < 0)
		say("rogue: control event channel notify failed: %s", strerror(errno));
	return ctrl_wait(r, id, r->wait_ms, data, NULL);
}

/* ctrl_note: one more word of the case's verdict ("a+b+..."). */
static void ctrl_note(struct rogue *r, const char *word)
{
	size_t n = strlen(r->ctrl_verdict);

	snprintf(r->ctrl_verdict + n, sizeof(r->ctrl_verdict) - n, "%s%s",
		 n ? "+" : "", word);
}

/* setup: a control request the case needs to succeed first. */
static bool setup(struct rogue *r, uint16_t type, uint32_t d0, uint32_t d1,
		  uint32_t d2)
{
	long st = ctrl_call(r, type, d0, d1, d2, NULL);
	char b[24];

	if (st == XEN_NETIF_CTRL_STATUS_SUCCESS)
		return true;
	say("rogue: setup request type %u (%#x %#x %#x) got %s", type, d0, d1, d2,
	    ctrl_status_name(st, b, sizeof(b)));
	ctrl_note(r, "setup-failed");
	return false;
}

/* crafted: a crafted control request; its status joins the verdict. */
static void crafted(struct rogue *r, uint16_t type, uint32_t d0, uint32_t d1,
		    uint32_t d2)
{
	long st = ctrl_call(r, type, d0, d1, d2, NULL);
	char b[24];
	const char *name = ctrl_status_name(st, b, sizeof(b));

	say("rogue: control request type %u data %#x %#x %#x: %s", type, d0, d1, d2, name);
	ctrl_note(r, name);
}

/* ctrl_followup: is a well-formed control request still answered? */
static const char *ctrl_followup(struct rogue *r, char *buf, size_t n)
{
	uint32_t data = 0;
	long st = ctrl_call(r, XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0, &data);

	say("rogue: control follow-up (get-hash-mapping-size): %s, data %u",
	    ctrl_status_name(st, buf, n), data);
	return st == XEN_NETIF_CTRL_STATUS_SUCCESS ? "ok" : ctrl_status_name(st, buf, n);
}

/*
 * The control cases.  data page 1 holds a key (the fill pattern), page 2
 * a mapping table of zeros (queue 0, always valid), page 3 one whose entry
 * 3 names a queue the vif does not have (it connected one queue).
 */
#define TYPE(x)		XEN_NETIF_CTRL_TYPE_##x
#define TOEPLITZ	XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ
#define MAP_MAX		128U	/* the mapping size both backends accept */

/*
 * Most control cases are a list of requests: one row a request, in the
 * case's order.  A setup row must succeed or the case ends there; a
 * crafted row's status joins the verdict.  @page, when not 0, is the data
 * page whose grant reference goes in data[0] (the row's d0 is unused).
 */
struct ctrl_row {
	const char *name;
	bool setup;
	uint16_t type;
	unsigned int page;
	uint32_t d0, d1, d2;
};

#define SETUP(n, t, pg, d0, d1, d2)	{ n, true, t, pg, d0, d1, d2 }
#define CRAFT(n, t, pg, d0, d1, d2)	{ n, false, t, pg, d0, d1, d2 }
static const struct ctrl_row ctrl_script[] = {
	/* The reference: a whole configuration, the table last. */
	SETUP("ctrl-good", TYPE(SET_HASH_ALGORITHM), 0, TOEPLITZ, 0, 0),
	SETUP("ctrl-good", TYPE(SET_HASH_FLAGS), 0, XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
	      XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP, 0, 0),
	SETUP("ctrl-good", TYPE(SET_HASH_KEY), 1, 0, 40, 0),
	SETUP("ctrl-good", TYPE(SET_HASH_MAPPING_SIZE), 0, MAP_MAX, 0, 0),
	CRAFT("ctrl-good", TYPE(SET_HASH_MAPPING), 2, 0, MAP_MAX, 0),

	CRAFT("ctrl-alg-unknown", TYPE(SET_HASH_ALGORITHM), 0, 7, 0, 0),
	CRAFT("ctrl-alg-unknown", TYPE(SET_HASH_ALGORITHM), 0, 0xffffffffU, 0, 0),

	SETUP("ctrl-flags-unknown", TYPE(SET_HASH_ALGORITHM), 0, TOEPLITZ, 0, 0),
	CRAFT("ctrl-flags-unknown", TYPE(SET_HASH_FLAGS), 0, 0x10, 0, 0),
	CRAFT("ctrl-flags-unknown", TYPE(SET_HASH_FLAGS), 0, 0xffffffffU, 0, 0),

	/* One octet over the 40 both backends take, then 4 GB. */
	CRAFT("ctrl-key-too-long", TYPE(SET_HASH_KEY), 1, 0, 41, 0),
	CRAFT("ctrl-key-too-long", TYPE(SET_HASH_KEY), 1, 0, 0xffffffffU, 0),

	CRAFT("ctrl-key-bad-gref", TYPE(SET_HASH_KEY), 0, BAD_GREF, 40, 0),

	/* netif.h: size 0 is modular mapping; then no entry exists to set. */
	SETUP("ctrl-mapsize-zero", TYPE(SET_HASH_ALGORITHM), 0, TOEPLITZ, 0, 0),
	CRAFT("ctrl-mapsize-zero", TYPE(SET_HASH_MAPPING_SIZE), 0, 0, 0, 0),
	CRAFT("ctrl-mapsize-zero", TYPE(SET_HASH_MAPPING), 2, 0, 1, 0),

	CRAFT("ctrl-mapsize-huge", TYPE(SET_HASH_MAPPING_SIZE), 0, MAP_MAX + 1, 0, 0),
	CRAFT("ctrl-mapsize-huge", TYPE(SET_HASH_MAPPING_SIZE), 0, 0xffffffffU, 0, 0),

	/* Entries 124..131 of 128; then an offset whose sum with the size wraps. */
	SETUP("ctrl-map-past-end", TYPE(SET_HASH_MAPPING_SIZE), 0, MAP_MAX, 0, 0),
	CRAFT("ctrl-map-past-end", TYPE(SET_HASH_MAPPING), 2, 0, 8, MAP_MAX - 4),
	CRAFT("ctrl-map-past-end", TYPE(SET_HASH_MAPPING), 2, 0, 2, 0xffffffffU),

	SETUP("ctrl-map-bad-gref", TYPE(SET_HASH_MAPPING_SIZE), 0, MAP_MAX, 0, 0),
	CRAFT("ctrl-map-bad-gref", TYPE(SET_HASH_MAPPING), 0, BAD_GREF, 8, 0),

	/* 1025 entries: more than the one page a sub-table comes in. */
	SETUP("ctrl-map-over-page", TYPE(SET_HASH_MAPPING_SIZE), 0, MAP_MAX, 0, 0),
	CRAFT("ctrl-map-over-page", TYPE(SET_HASH_MAPPING), 2, 0, PAGE / 4 + 1, 0),

	/* INVALID (0), GET_GREF_MAPPING_SIZE (static grants), and 0xffff. */
	CRAFT("ctrl-type-unknown", TYPE(INVALID), 0, 0, 0, 0),
	CRAFT("ctrl-type-unknown", TYPE(GET_GREF_MAPPING_SIZE), 0, 0, 0, 0),
	CRAFT("ctrl-type-unknown", 0xffff, 0, 1, 2, 3),
};
#undef SETUP
#undef CRAFT

/* ctrl_run_script: the rows of ctrl_script for case @name. */
static void ctrl_run_script(struct rogue *r, const char *name)
{
	const struct ctrl_row *row;
	uint32_t d0;

	for (row = ctrl_script; row < ctrl_script + ARRAY_SIZE(ctrl_script); row++) {
		if (strcmp(row->name, name))
			continue;
		d0 = row->page ? r->data_ref[row->page] : row->d0;
		if (!row->setup)
			crafted(r, row->type, d0, row->d1, row->d2);
		else if (!setup(r, row->type, d0, row->d1, row->d2))
			return;
	}
}

static void ctrl_map_queue_range(struct rogue *r)
{
	uint32_t *table = (uint32_t *)(r->data + 3 * PAGE);

	if (!setup(r, TYPE(SET_HASH_MAPPING_SIZE), MAP_MAX, 0, 0))
		return;
	/* Entry 3 names queue 1, then queue 0xffffffff, of a one-queue vif. */
	table[3] = 1;
	crafted(r, TYPE(SET_HASH_MAPPING), r->data_ref[3], 8, 0);
	table[3] = 0xffffffffU;
	crafted(r, TYPE(SET_HASH_MAPPING), r->data_ref[3], 8, 0);
}

static void ctrl_prod_ahead(struct rogue *r)
{
	unsigned int moved = 0;
	char b[32];

	/* One request, and req_prod 1000 slots beyond it (XSA-39's class). */
	ctrl_put(r, TYPE(GET_HASH_MAPPING_SIZE), 0, 0, 0);
	r->ctrl.req_prod_pvt += 1000;
	RING_PUSH_REQUESTS(&r->ctrl);
	xenevtchn_notify(r->xce, r->ctrl_port);
	/*
	 * A backend that serves every index answers slots it already
	 * answered (a response read back as a request repeats our id): so
	 * wait the whole time for an id nobody uses, counting responses.
	 */
	ctrl_wait(r, 0xfffe, r->wait_ms, NULL, &moved);
	say("rogue: control rsp_prod moved by %u after req_prod 1001", moved);
	if (!moved)
		ctrl_note(r, "silent");
	else {
		snprintf(b, sizeof(b), "responses-%u", moved);
		ctrl_note(r, b);
	}
}

/*
 * Static grants (netif.h "Static Grants", messages 8-10).  The table goes
 * in a page of its own, granted writable as netif.h asks (DEL writes each
 * entry's status back); SG_PAGES pages of the rogue's own are the grants.
 */
#define SG_PAGES	256U	/* static_grants' default: the whole capacity */
#define SG_RX		64U	/* of which posted as RX buffers */
#define SG_ARP_ID	0x0123	/* TX id of the ARP request */

/* sg_call: a static-grant request with @n table entries; its status. */
static long sg_call(struct rogue *r, uint16_t type, uint32_t queue,
		    uint32_t tref, uint32_t n, uint32_t *data)
{
	*data = 0xdeadbeef;
	return ctrl_call(r, type, queue, tref, n, data);
}

/*
 * sg_table: the table page as @n entries (as many as fit the page) naming
 * @refs, of which there are @nref: the rest name grant 0.
 */
static struct xen_netif_gref *sg_table(struct rogue *r, const uint32_t *refs,
				       unsigned int nref, unsigned int n,
				       uint16_t flags)
{
	struct xen_netif_gref *t;
	unsigned int i;

	if (!r->sg_page) {
		r->sg_page = xengntshr_share_pages(r->gs, r->backend_id, 1, &r->sg_ref, 1);
		if (!r->sg_page)
			die("xengntshr_share_pages (static-grant table)");
	}
	t = (struct xen_netif_gref *)r->sg_page;

	memset(t, 0, PAGE);
	for (i = 0; i < n && i < PAGE / sizeof(*t); i++) {
		t[i].ref = i < nref ? refs[i] : 0;
		t[i].flags = flags;
		t[i].status = 0x7777;
	}
	return t;
}

/* sg_add: ADD of @n entries naming @refs (@nref); the status joins the verdict. */
static long sg_add(struct rogue *r, uint32_t queue, const uint32_t *refs,
		   unsigned int nref, unsigned int n, uint16_t flags)
{
	char b[24];
	uint32_t data;
	long st;

	sg_table(r, refs, nref, n, flags);
	st = sg_call(r, TYPE(ADD_GREF_MAPPING), queue, r->sg_ref, n, &data);
	say("rogue: add-gref-mapping queue %u of %u entries (flags %#x): %s", queue,
	    n, flags, ctrl_status_name(st, b, sizeof(b)));
	ctrl_note(r, ctrl_status_name(st, b, sizeof(b)));
	return st;
}

/*
 * sg_del: DEL of @n entries naming @refs; notes removed-N where every
 * entry's status is as expected (the first @known SUCCESS, the rest
 * INVALID_PARAMETER), else del-statuses-wrong or the request's status.
 */
static void sg_del(struct rogue *r, const uint32_t *refs, unsigned int n,
		   unsigned int known)
{
	struct xen_netif_gref *t = sg_table(r, refs, n, n, 0);
	unsigned int i, bad = 0;
	char b[24];
	uint32_t data;
	long st;

	st = sg_call(r, TYPE(DEL_GREF_MAPPING), 0, r->sg_ref, n, &data);
	rmb();	/* the statuses the backend copied back, after its response */
	for (i = 0; i < n; i++)
		if (t[i].status != (i < known ? XEN_NETIF_CTRL_STATUS_SUCCESS :
					       XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER))
			bad++;
	say("rogue: del-gref-mapping of %u entries: %s, data %u, %u entry status(es) unexpected",
	    n, ctrl_status_name(st, b, sizeof(b)), data, bad);
	if (st != XEN_NETIF_CTRL_STATUS_SUCCESS) {
		ctrl_note(r, ctrl_status_name(st, b, sizeof(b)));
		return;
	}
	if (bad) {
		ctrl_note(r, "del-statuses-wrong");
		return;
	}
	snprintf(b, sizeof(b), "removed-%u", data);
	ctrl_note(r, b);
}

/* sg_get: GET_GREF_MAPPING_SIZE of @queue; notes size-N or the status. */
static void sg_get(struct rogue *r, uint32_t queue)
{
	char b[24];
	uint32_t data;
	long st = sg_call(r, TYPE(GET_GREF_MAPPING_SIZE), queue, 0, 0, &data);

	say("rogue: get-gref-mapping-size queue %u: %s, data %u", queue,
	    ctrl_status_name(st, b, sizeof(b)), data);
	if (st == XEN_NETIF_CTRL_STATUS_SUCCESS) {
		snprintf(b, sizeof(b), "size-%u", data);
		ctrl_note(r, b);
	} else {
		ctrl_note(r, ctrl_status_name(st, b, sizeof(b)));
	}
}

/*
 * sg_rx_arp: post SG_RX of the static pages as RX buffers, send dom0
 * (10.0.0.1) an ARP request and look for its reply in them: the backend
 * filled a statically mapped page (ours: by memcpy).  Notes rx-arp or
 * rx-none.
 */
/* Post @n rx requests, ids 0..n-1, with grants @refs; no kick. */
static void queue_rx(struct rogue *r, const uint32_t *refs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		netif_rx_request_t *req = RING_GET_REQUEST(&r->rx, r->rx.req_prod_pvt);

		req->id = (uint16_t)i;
		req->gref = refs[i];
		r->rx.req_prod_pvt++;
	}
	RING_PUSH_REQUESTS(&r->rx);
	r->rx.sring->rsp_event = r->rx.rsp_cons + 1;
	mb();
}

static void sg_rx_arp(struct rogue *r, const uint32_t *refs, const uint8_t *pages)
{
	static const uint8_t arp_head[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 };
	static const uint8_t spa[4] = { 10, 0, 0, 250 }, tpa[4] = { 10, 0, 0, 1 };
	uint8_t *f = r->data + PAGE;
	uint64_t end = now_ms() + r->wait_ms;
	unsigned int seen = 0;
	bool found = false;

	queue_rx(r, refs, SG_RX);

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, r->mac, 6);
	memcpy(f + 12, arp_head, sizeof(arp_head));
	memcpy(f + 22, r->mac, 6);
	memcpy(f + 28, spa, 4);
	memcpy(f + 38, tpa, 4);
	put(r, r->data_ref[1], 0, 0, SG_ARP_ID, 60);
	publish(r);
	collect(r, 1, r->wait_ms);

	while (!found && now_ms() < end) {
		RING_IDX prod = r->rx.sring->rsp_prod;

		rmb();	/* responses after their producer */
		while (r->rx.rsp_cons != prod) {
			netif_rx_response_t *rsp = RING_GET_RESPONSE(&r->rx, r->rx.rsp_cons);
			const uint8_t *p;

			r->rx.rsp_cons++;
			seen++;
			if (rsp->id >= SG_RX || rsp->status < 42 || rsp->offset > PAGE - 42)
				continue;
			p = pages + rsp->id * PAGE + rsp->offset;
			/* An ARP reply (op 2) from 10.0.0.1 to our MAC. */
			if (!memcmp(p, r->mac, 6) && p[12] == 0x08 && p[13] == 0x06 &&
			    p[21] == 2 && !memcmp(p + 28, tpa, 4))
				found = true;
		}
		r->rx.sring->rsp_event = r->rx.rsp_cons + 1;
		mb();
		evtchn_drain(r->xce);
		if (!found)
			sleep_ms(10);
	}
	say("rogue: %u RX response(s) into static grants, ARP reply %s", seen,
	    found ? "found" : "not found");
	ctrl_note(r, found ? "rx-arp" : "rx-none");
}

/*
 * sgrant-good: GET, ADD of 192 then 64 grants (the whole capacity), one
 * more refused, an ARP reply received into static pages, DEL of all 256
 * plus one never added.
 */
static void ctrl_sgrant_good(struct rogue *r)
{
	uint32_t refs[SG_PAGES + 1];
	uint8_t *pages = xengntshr_share_pages(r->gs, r->backend_id, SG_PAGES, refs, 1);

	if (!pages) {
		ctrl_note(r, "share-failed");
		return;
	}
	sg_get(r, 0);
	sg_add(r, 0, refs, 192, 192, 0);
	sg_add(r, 0, refs + 192, SG_PAGES - 192, SG_PAGES - 192, 0);
	sg_add(r, 0, &r->data_ref[1], 1, 1, 0);
	sg_rx_arp(r, refs, pages);
	refs[SG_PAGES] = BAD_GREF;
	sg_del(r, refs, SG_PAGES + 1, SG_PAGES);
	/* The pages stay shared: the RX requests still name them. */
}

/*
 * sgrant-hostile: every malformed ADD is refused whole, a DEL of nothing
 * known removes nothing, and the vif still takes a good ADD.
 */
static void ctrl_sgrant_hostile(struct rogue *r)
{
	uint32_t refs[4], bad[2] = { 0, BAD_GREF }, data;
	char b[24];
	long st;

	if (!xengntshr_share_pages(r->gs, r->backend_id, 4, refs, 1)) {
		ctrl_note(r, "share-failed");
		return;
	}
	sg_add(r, 1, refs, 1, 1, 0);			/* queue 1 of one */
	sg_table(r, refs, 1, 1, 0);			/* table from a bad grant */
	st = sg_call(r, TYPE(ADD_GREF_MAPPING), 0, BAD_GREF, 1, &data);
	say("rogue: add-gref-mapping from a bad table grant: %s",
	    ctrl_status_name(st, b, sizeof(b)));
	ctrl_note(r, ctrl_status_name(st, b, sizeof(b)));
	sg_add(r, 0, refs, 4, 257, 0);			/* over the capacity */
	sg_add(r, 0, refs, 4, PAGE / 8 + 1, 0);		/* over the page */
	sg_add(r, 0, refs, 4, 0xffffffffU, 0);
	refs[3] = refs[1];				/* a duplicate */
	sg_add(r, 0, refs, 4, 4, 0);
	bad[0] = refs[0];				/* a bad grant after a good one */
	sg_add(r, 0, bad, 2, 2, 0);
	sg_add(r, 0, refs, 1, 1, 0x8000);		/* unknown flags */
	sg_del(r, &refs[2], 1, 0);			/* never added */
	sg_add(r, 0, refs, 1, 1, XEN_NETIF_CTRLF_GREF_readonly);	/* good, read-only */
	sg_add(r, 0, refs, 1, 1, 0);			/* the same again */
	sg_get(r, 0xffffffffU);
}

#undef TYPE

struct rogue_case {
	const char *name;
	unsigned int (*run)(struct rogue *r);
	unsigned int chain;	/* for chain-N: N */
	const char *about;
	bool ctrl_case;		/* a control-ring case: ctrl, or its rows */
	void (*ctrl)(struct rogue *r);
	bool queue_case;	/* ask for @queues queues: refused or connected? */
	long queues;
};

#define TX(n, f, a)	{ .name = n, .run = f, .about = a }
#define CHAIN(n, k, a)	{ .name = n, .chain = k, .about = a }
#define QUEUES(n, q, a)	{ .name = n, .queue_case = true, .queues = q, .about = a }
#define CTRL(n, f, a)	{ .name = n, .ctrl_case = true, .ctrl = f, .about = a }
#define SCRIPT(n, a)	CTRL(n, NULL, a)
static const struct rogue_case cases[] = {
	TX("good", case_good, "one valid 60-byte packet"),
	TX("prod-ahead", case_prod_ahead, "req_prod 1000 ahead of the requests"),
	TX("slot-cross-page", case_slot_cross_page, "first slot offset 4000 size 200"),
	TX("frag-cross-page", case_frag_cross_page, "fragment offset 4000 size 200"),
	CHAIN("chain-18", 18, "18 slots of 64 bytes (XEN_NETIF_NR_SLOTS_MIN)"),
	CHAIN("chain-19", 19, "19 slots"),
	CHAIN("chain-20", 20, "20 slots"),
	CHAIN("chain-21", 21, "21 slots"),
	CHAIN("chain-22", 22, "22 slots"),
	CHAIN("chain-100", 100, "100 slots"),
	TX("first-small", case_first_small, "packet size 100 < fragments 80+80"),
	TX("first-runt", case_first_runt, "a 10-byte packet"),
	TX("zero-frag", case_zero_frag, "zero-length fragments in a valid packet"),
	TX("tiny-header", case_tiny_header, "the Ethernet header split over 3-byte slots"),
	TX("bad-extra", case_bad_extra, "extra-info type 0x7f"),
	TX("gso-zero", case_gso_zero, "GSO extra with size 0"),
	TX("bad-gref", case_bad_gref, "a grant reference that does not exist"),
	TX("bad-gref-frag", case_bad_gref_frag, "a fragment from a nonexistent grant"),
	TX("evtchn-storm", case_evtchn_storm, "20000 events, nothing published"),
	TX("rx-never-consumed", case_rx_never_consumed, "connect, never post RX buffers"),
	QUEUES("queues-1000", 1000, "ask for 1000 queues (multi-queue-num-queues)"),
	QUEUES("queues-0", 0, "ask for 0 queues"),
	QUEUES("queues-over-max", QUEUES_OVER_MAX, "ask for multi-queue-max-queues + 1 queues"),
	SCRIPT("ctrl-good", "algorithm, flags, key, mapping size, then a valid table"),
	SCRIPT("ctrl-alg-unknown", "set-hash-algorithm 7, then 0xffffffff"),
	SCRIPT("ctrl-flags-unknown", "set-hash-flags 0x10, then 0xffffffff"),
	SCRIPT("ctrl-key-too-long", "set-hash-key of 41 octets, then 0xffffffff"),
	SCRIPT("ctrl-key-bad-gref", "set-hash-key from a grant that does not exist"),
	SCRIPT("ctrl-mapsize-zero", "set-hash-mapping-size 0, then set one entry"),
	SCRIPT("ctrl-mapsize-huge", "set-hash-mapping-size 129, then 0xffffffff"),
	SCRIPT("ctrl-map-past-end", "set-hash-mapping 8 at 124 of 128, then 2 at 0xffffffff"),
	SCRIPT("ctrl-map-bad-gref", "set-hash-mapping from a grant that does not exist"),
	CTRL("ctrl-map-queue-range", ctrl_map_queue_range, "set-hash-mapping naming queue 1, then 0xffffffff"),
	SCRIPT("ctrl-map-over-page", "set-hash-mapping of 1025 entries"),
	SCRIPT("ctrl-type-unknown", "control types 0, 8 (static grants) and 0xffff"),
	CTRL("ctrl-prod-ahead", ctrl_prod_ahead, "control req_prod 1000 ahead of the requests"),
	CTRL("sgrant-good", ctrl_sgrant_good, "static grants: get, add the capacity, one more, RX into them, delete"),
	CTRL("sgrant-hostile", ctrl_sgrant_hostile, "static grants: malformed adds, delete of unknown grants"),
};

/* post_rx: fill the RX ring with RX_PAGES buffers; returns the count. */
static unsigned int post_rx(struct rogue *r, uint32_t *refs)
{
	queue_rx(r, refs, RX_PAGES);
	kick(r);
	return RX_PAGES;
}

/*
 * rx_serve: for @ms, take RX responses and give each buffer straight
 * back, as a frontend keeping up would; returns the responses taken,
 * *ok those that carried data (status > 0).
 */
static unsigned int rx_serve(struct rogue *r, const uint32_t *refs,
			     unsigned int ms, unsigned int *ok)
{
	uint64_t end = now_ms() + ms;
	unsigned int got = 0;

	*ok = 0;
	while (now_ms() < end) {
		RING_IDX prod = r->rx.sring->rsp_prod;
		bool reposted = false;

		rmb();	/* responses after their producer */
		while (r->rx.rsp_cons != prod) {
			netif_rx_response_t *rsp = RING_GET_RESPONSE(&r->rx, r->rx.rsp_cons);
			netif_rx_request_t *req;
			uint16_t id = rsp->id;

			if (rsp->status > 0)
				(*ok)++;
			r->rx.rsp_cons++;
			got++;
			if (id >= RX_PAGES)
				continue;	/* not ours: never repost it */
			req = RING_GET_REQUEST(&r->rx, r->rx.req_prod_pvt);
			req->id = id;
			req->gref = refs[id];
			r->rx.req_prod_pvt++;
			reposted = true;
		}
		if (reposted) {
			RING_PUSH_REQUESTS(&r->rx);
			kick(r);
		}
		r->rx.sring->rsp_event = r->rx.rsp_cons + 1;
		mb();
		evtchn_drain(r->xce);
		sleep_ms(20);
	}
	return got;
}

/*
 * linger: the child left behind.  Answers the backend's Closing like a
 * frontend, serves the post-rx request, and gives up after @secs.
 */
static void linger(struct rogue *r, unsigned int secs)
{
	uint64_t end = now_ms() + secs * 1000ULL;
	char ctl[96], path[320];
	uint32_t refs[RX_PAGES];
	struct pollfd pfd;
	bool posted = false;
	unsigned int n;
	char **ev;
	long st;

	snprintf(ctl, sizeof(ctl), "data/rogue/%u", r->devid);
	r->xs = xs_open(0);
	if (!r->xs)
		_exit(1);
	/* Woken by the toolstack's writes; a slow poll covers a lost watch. */
	snprintf(path, sizeof(path), "%s/online", r->be);
	xs_watch(r->xs, path, "online");
	snprintf(path, sizeof(path), "%s/post-rx", ctl);
	xs_watch(r->xs, path, "post-rx");
	pfd.fd = xs_fileno(r->xs);
	pfd.events = POLLIN;
	while (now_ms() < end) {
		/* "xl network-detach" sets online to 0 (and state Closing). */
		st = xread_long(r->xs, r->be, "state", -1);
		if (st < 0 || xread_long(r->xs, r->be, "online", 1) == 0)
			break;
		if (!posted && xread_long(r->xs, ctl, "post-rx", 0) == 1) {
			unsigned int got, ok;
			void *pages = xengntshr_share_pages(r->gs, r->backend_id,
							    RX_PAGES, refs, 1);

			posted = true;
			if (!pages) {
				xwrite(r->xs, XBT_NULL, ctl, "rx-result", "share-failed");
				continue;
			}
			post_rx(r, refs);
			got = rx_serve(r, refs, 15000, &ok);
			xwrite(r->xs, XBT_NULL, ctl, "rx-result", "responses %u data %u", got, ok);
		}
		if (poll(&pfd, 1, 5000) > 0) {
			ev = xs_read_watch(r->xs, &n);
			free(ev);
		}
	}
	/* Closing, then Closed once the backend let go of the rings. */
	if (xread_long(r->xs, r->fe, "state", -1) > 0)
		xwrite(r->xs, XBT_NULL, r->fe, "state", "%d", XB_CLOSING);
	wait_key(r->xs, r->be, "state", XB_CLOSING, XB_CLOSED, 10000);
	if (xread_long(r->xs, r->fe, "state", -1) > 0)
		xwrite(r->xs, XBT_NULL, r->fe, "state", "%d", XB_CLOSED);
	wait_key(r->xs, r->be, "state", XB_CLOSED, XB_CLOSED, 10000);
	_exit(0);
}

static void leave_child(struct rogue *r, unsigned int secs)
{
	xs_close(r->xs);
	r->xs = NULL;
	if (fork_detached() == 0)
		linger(r, secs);
}

/* flood: frames to @dst out of @ifname for @secs seconds (backend domain). */
static int flood(const char *ifname, const char *dst, unsigned int secs)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned int m[6], i;
	unsigned long sent = 0, refused = 0;
	uint8_t frame[1000];
	uint64_t end;
	int s;

	if (sscanf(dst, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
		die("bad MAC %s", dst);
	memset(frame, 0x5a, sizeof(frame));
	for (i = 0; i < 6; i++)
		frame[i] = (uint8_t)m[i];
	memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
	frame[12] = ETHERTYPE_LAB >> 8;
	frame[13] = ETHERTYPE_LAB & 0xff;
	s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (s < 0)
		die("socket(AF_PACKET)");
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		die("no interface %s", ifname);
	sll.sll_protocol = htons(ETHERTYPE_LAB);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, frame, 6);
	end = now_ms() + secs * 1000ULL;
	while (now_ms() < end) {
		for (i = 0; i < 64; i++) {
			if (sendto(s, frame, sizeof(frame), MSG_DONTWAIT,
				   (struct sockaddr *)&sll, sizeof(sll)) < 0)
				refused++;
			else
				sent++;
		}
		sleep_ms(1);
	}
	close(s);
	say("flood: %lu frames of %zu bytes sent to %s via %s in %u s, %lu refused",
	    sent, sizeof(frame), dst, ifname, secs, refused);
	return 0;
}

static void usage(void)
{
	printf("usage: rogue-netfront [-d DEVID] [-w WAIT_MS] [-l LINGER_S] CASE\n"
	       "       rogue-netfront flood IFACE DST_MAC SECONDS\n"
	       "cases:\n");
	LIST_CASES(cases, 20);
	exit(2);
}

int main(int argc, char **argv)
{
	struct rogue r = { .wait_ms = 2000 };
	const struct rogue_case *c = NULL;
	unsigned int slots, linger_s = 1200;
	long devid = -1;
	const char *fu;
	int opt;

	signal(SIGPIPE, SIG_IGN);
	if (argc == 5 && !strcmp(argv[1], "flood"))
		return flood(argv[2], argv[3], (unsigned int)atoi(argv[4]));
	while ((opt = getopt(argc, argv, "d:w:l:")) != -1) {
		switch (opt) {
		case 'd': devid = atol(optarg); break;
		case 'w': r.wait_ms = (unsigned int)atoi(optarg); break;
		case 'l': linger_s = (unsigned int)atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	c = FIND_CASE(cases, argv[optind]);
	if (!c)
		usage();

	if (c->queue_case) {
		/* A queue count out of the backend's range: refuse, not connect. */
		long st = connect_backend(&r, devid, c->queues, false);

		say("VERDICT case=%s first=%s followup=none", c->name,
		    st == XB_CONNECTED ? "connected" : "refused");
		leave_child(&r, linger_s);
		return 0;
	}
	connect_backend(&r, devid, -1, c->ctrl_case);
	fill_data(&r);
	say("rogue: case %s: %s", c->name, c->about);
	if (c->ctrl_case) {
		char b[24];
		size_t n;

		memset(r.data + 2 * PAGE, 0, 2 * PAGE);
		if (c->ctrl)
			c->ctrl(&r);
		else
			ctrl_run_script(&r, c->name);
		/* "STATUS+STATUS.../FOLLOWUP" */
		n = strlen(r.ctrl_verdict);
		snprintf(r.ctrl_verdict + n, sizeof(r.ctrl_verdict) - n, "/%s",
			 ctrl_followup(&r, b, sizeof(b)));
		fu = followup(&r);
		say("rogue: backend state now %ld", xread_long(r.xs, r.be, "state", -1));
		say("VERDICT case=%s first=%s followup=%s", c->name, r.ctrl_verdict, fu);
		leave_child(&r, linger_s);
		return 0;
	}
	slots = c->chain ? case_chain(&r, c->chain) : c->run(&r);
	if (slots) {
		collect(&r, slots, r.wait_ms);
		say("rogue: %u slots sent, %u responses: %u okay, %u error, %u null",
		    slots, r.nr_rsp, r.nr_okay, r.nr_err, r.nr_null);
	}
	/*
	 * After prod-ahead the follow-up takes the real next index again.
	 * After a storm the backend may hold our channel back for up to a
	 * second (lateeoi on spurious events): give the follow-up longer.
	 */
	if (!strcmp(c->name, "evtchn-storm"))
		r.wait_ms *= 3;
	fu = followup(&r);
	say("rogue: backend state now %ld",
	    xread_long(r.xs, r.be, "state", -1));
	say("VERDICT case=%s first=%s followup=%s", c->name,
	    slots ? first_verdict(&r, slots) : "none", fu);
	leave_child(&r, linger_s);
	return 0;
}
