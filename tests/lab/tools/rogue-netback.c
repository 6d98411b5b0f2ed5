// SPDX-License-Identifier: GPL-2.0-only
/*
 * rogue-netback - a hostile network backend in user space, in dom0.
 *
 * It runs in dom0 with no netback loaded and plays the backend of one vif
 * of a client domain that runs a netfront:
 *
 * 1. plug: in one transaction it writes what the toolstack writes for a
 *    vif (the layout of "xl network-attach"): the backend directory
 *    /local/domain/0/backend/vif/<fe>/<devid> (owned by dom0, readable by
 *    the client: frontend, frontend-id, online, state 1, mac, handle,
 *    type) and the frontend directory /local/domain/<fe>/device/vif/<devid>
 *    (owned by the client, readable by dom0: backend, backend-id, state 1,
 *    handle, mac, trusted; and mtu, owned by dom0, readable by the client);
 * 2. as netback would, it advertises feature-rx-copy, feature-sg and
 *    nothing else (no split event channels, no multi-queue, no GSO, no
 *    XDP headroom) and goes InitWait; once the frontend is Initialised or
 *    Connected it maps tx-ring-ref and rx-ring-ref (libxengnttab), binds
 *    event-channel (libxenevtchn) and goes Connected;
 * 3. "before": it proves the rings work, injecting ARP requests for the
 *    client's address (10.0.0.2) into posted RX buffers (grant copy) until
 *    the client's ARP reply arrives on the TX ring (the client brings its
 *    interface up meanwhile);
 * 4. it plays one named case: crafted TX responses, crafted RX responses,
 *    producer indexes out of place, an event storm, TX never answered, or
 *    (the ctrl-* cases, which also offer feature-ctrl-ring) a control
 *    ring answered wrongly, late or not at all;
 * 5. "after": one more ARP request; does the client still answer?
 * 6. prints
 *      VERDICT case=NAME before=okay|silent after=okay|silent
 *    and stays, bounded, as the vif's backend: it answers TX (and ARP
 *    requests and ICMP echo requests for 10.0.0.1, so the client can ping
 *    it) unless the case left the rings unusable, until the toolstack
 *    closes the vif.
 *
 * "rogue-netback -f FE -d DEVID unplug" is the toolstack's half of a
 * detach: online 0 and backend state Closing, wait (10 s at most, as
 * libxl) for the backend to reach Closed -- the lingering rogue goes
 * Closed once the frontend is Closed -- then remove both directories in
 * one transaction, and wait for the rogue to exit.  It prints
 *      UNPLUG frontend-state=N backend-closed=yes|no waited-ms=N rogue-exited=yes|no
 *
 * Split event channels are not advertised, so the frontend writes one
 * "event-channel"; a frontend that asks for several queues is refused.
 *
 * lab-ldlibs: -lxenstore -lxengnttab -lxenevtchn
 */
#define _GNU_SOURCE
#include <errno.h>
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
#include <sys/mman.h>

#include <xenstore.h>
#include <xengnttab.h>
#include <xenevtchn.h>

#include "rogue-util.h"	/* first: ring.h's barriers */
#include <xen/io/netif.h>

#define RING		256U		/* slots of a one-page tx or rx ring */
#define FRAME_MAX	2048U		/* bytes of a TX packet we look at */
#define PKT_SLOTS	32U		/* most slots of one TX packet we parse */
#define GNTST_OKAY	0

#define IPV4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define GUEST_IP	IPV4(10, 0, 0, 2)
#define ROGUE_IP	IPV4(10, 0, 0, 1)

static const uint8_t rogue_mac[6] = { 0x02, 0x52, 0x4f, 0x47, 0x55, 0x45 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/*
 * How the control ring is served (ctrl-* cases only; the others offer
 * none).  Static grants are the only use netfront has for it: GET_GREF_
 * MAPPING_SIZE, then ADD_GREF_MAPPING with a table of grants, and
 * DEL_GREF_MAPPING when it lets go while we are Connected.
 */
enum ctrl_mode {
	CTRL_NONE,		/* no control ring offered */
	CTRL_GOOD,		/* well-formed answers, 256 entries kept */
	CTRL_SILENT,		/* requests read, never answered */
	CTRL_WRONG_ID,		/* answers carry another id */
	CTRL_PROD_AHEAD,	/* rsp_prod 1000 ahead, nothing answered */
	CTRL_TOO_SMALL,		/* GET answers 3 entries */
	CTRL_ADD_REFUSED,	/* ADD answers INVALID_PARAMETER */
};

/* What becomes of TX requests: answered at once, or kept pending. */
enum tx_mode { TX_ANSWER, TX_COLLECT };

/* One TX request slot kept pending (TX_COLLECT). */
struct tx_slot {
	uint16_t id;
	uint16_t pkt;		/* packet number among the collected */
	bool extra;
};

struct rogue {
	struct xs_handle *xs;
	xengnttab_handle *xgt;
	xenevtchn_handle *xce;
	unsigned int fe, devid;
	char be[128];		/* backend directory */
	char fp[128];		/* frontend directory */
	netif_tx_back_ring_t tx;
	netif_rx_back_ring_t rx;
	void *tx_page, *rx_page;
	evtchn_port_t port;	/* 0: not bound (Xen never hands out port 0) */
	enum tx_mode mode;
	bool hold;		/* map collected TX grants and keep them */
	bool serve;		/* after the case: keep answering as a backend */
	bool bad_frontend;	/* the frontend's producer was out of range */
	bool storm_close;	/* fire events while the client closes */
	/*
	 * A producer case set this ring's rsp_prod: later responses are
	 * written but never published, so the bad producer stays until the
	 * client has looked (publishing the next response would repair it).
	 */
	bool tx_prod_kept, rx_prod_kept;
	unsigned int storm_events;
	struct tx_slot pend[RING];
	unsigned int npend, pend_pkts;
	bool inflight[RING];	/* ids received and not answered yet */
	void *held[RING];
	unsigned int nheld;
	/* What went over the rings. */
	unsigned int tx_pkts, tx_answered, arp_replies, arp_answers, echo_answers;
	unsigned int rx_injected, rx_nobuf, copy_errors;
	/* The control ring (ctrl-* cases). */
	enum ctrl_mode ctrl;
	xen_netif_ctrl_back_ring_t cring;
	void *ctrl_page;
	evtchn_port_t cport;	/* 0: not bound (Xen never hands out port 0) */
	bool ctrl_dead;		/* a producer was set wrong: stop answering */
	unsigned int ctrl_reqs, ctrl_answers, ctrl_adds, ctrl_dels;
	uint64_t ctrl_first_ms;	/* when the first request was read */
	uint32_t added[RING];	/* the grants of the last good ADD */
	unsigned int nadded;
};

/* perms: @path owned by @owner, readable by @reader (libxl's pairs). */
static bool perms(struct xs_handle *xs, xs_transaction_t t, const char *path,
		  unsigned int owner, unsigned int reader)
{
	struct xs_permissions p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};

	return xs_set_permissions(xs, t, path, p, 2);
}

/* xkey: write @dir/@key and give it the pair of permissions. */
static bool xkey(struct xs_handle *xs, xs_transaction_t t, const char *dir,
		 const char *key, unsigned int owner, unsigned int reader,
		 const char *val)
{
	char path[320];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	return xs_write(xs, t, path, val, strlen(val)) &&
	       perms(xs, t, path, owner, reader);
}

static void set_paths(struct rogue *r)
{
	snprintf(r->be, sizeof(r->be), "/local/domain/0/backend/vif/%u/%u",
		 r->fe, r->devid);
	snprintf(r->fp, sizeof(r->fp), "/local/domain/%u/device/vif/%u",
		 r->fe, r->devid);
}

static void fmt_mac(char *s, size_t n, unsigned int fe, unsigned int devid)
{
	snprintf(s, n, "00:16:3e:%02x:%02x:%02x", 0x52, fe & 0xff, devid & 0xff);
}

/*
 * plug: the toolstack's part of adding a vif, in one transaction
 * (the keys and permissions "xl network-attach" writes).
 */
static void plug(struct rogue *r, const char *trusted, const char *name)
{
	char dir[160], mac[24], num[16], h[16];
	xs_transaction_t t;
	bool ok;
	char *s;

	s = xread(r->xs, XBT_NULL, r->be, "state");
	if (s)
		die("%s exists already: unplug it first", r->be);
	s = xread(r->xs, XBT_NULL, r->fp, "state");
	if (s)
		die("%s exists already: unplug it first", r->fp);
	fmt_mac(mac, sizeof(mac), r->fe, r->devid);
	snprintf(num, sizeof(num), "%u", r->fe);
	snprintf(h, sizeof(h), "%u", r->devid);
	do {
		t = xtx_start(r->xs);
		snprintf(dir, sizeof(dir), "/local/domain/0/backend/vif/%u", r->fe);
		ok = xs_mkdir(r->xs, t, dir);
		snprintf(dir, sizeof(dir), "/local/domain/%u/device/vif", r->fe);
		s = xs_read(r->xs, t, dir, &(unsigned int){ 0 });
		if (s)
			free(s);
		else
			ok = ok && xs_mkdir(r->xs, t, dir) && perms(r->xs, t, dir, 0, r->fe);
		ok = ok && xs_mkdir(r->xs, t, r->be) && perms(r->xs, t, r->be, 0, r->fe);
		ok = ok && xkey(r->xs, t, r->be, "frontend", 0, r->fe, r->fp) &&
		     xkey(r->xs, t, r->be, "frontend-id", 0, r->fe, num) &&
		     xkey(r->xs, t, r->be, "online", 0, r->fe, "1") &&
		     xkey(r->xs, t, r->be, "state", 0, r->fe, "1") &&
		     xkey(r->xs, t, r->be, "mac", 0, r->fe, mac) &&
		     xkey(r->xs, t, r->be, "handle", 0, r->fe, h) &&
		     xkey(r->xs, t, r->be, "type", 0, r->fe, "vif") &&
		     xkey(r->xs, t, r->be, "rogue-case", 0, r->fe, name);
		ok = ok && xs_mkdir(r->xs, t, r->fp) && perms(r->xs, t, r->fp, r->fe, 0);
		ok = ok && xkey(r->xs, t, r->fp, "backend", r->fe, 0, r->be) &&
		     xkey(r->xs, t, r->fp, "backend-id", r->fe, 0, "0") &&
		     xkey(r->xs, t, r->fp, "state", r->fe, 0, "1") &&
		     xkey(r->xs, t, r->fp, "handle", r->fe, 0, h) &&
		     xkey(r->xs, t, r->fp, "mac", r->fe, 0, mac) &&
		     xkey(r->xs, t, r->fp, "trusted", r->fe, 0, trusted) &&
		     xkey(r->xs, t, r->fp, "mtu", 0, r->fe, "1500");
		if (!ok) {
			xs_transaction_end(r->xs, t, true);
			die("writing the vif's directories");
		}
	} while (!xtx_commit(r->xs, t));
	say("rogue: plugged vif %u of domain %u: %s <-> %s, mac %s, trusted %s",
	    r->devid, r->fe, r->be, r->fp, mac, trusted);
}

static unsigned int read_uint_key(struct rogue *r, const char *key)
{
	long v = xread_long(r->xs, r->fp, key, -1);

	if (v < 0)
		die("the frontend wrote no valid %s/%s", r->fp, key);
	return (unsigned int)v;
}

/*
 * connect_ctrl: map the control ring and bind its channel, if the
 * frontend set one up (ctrl-ring-ref and event-channel-ctrl); a frontend
 * that did not (Debian's netfront, or ours with static grants off) is
 * told so in the log, and the case then has no requests to play with.
 */
static void connect_ctrl(struct rogue *r)
{
	long ref = xread_long(r->xs, r->fp, "ctrl-ring-ref", -1);
	long ch = xread_long(r->xs, r->fp, "event-channel-ctrl", -1);
	xenevtchn_port_or_error_t p;

	if (ref < 0 || ch < 0) {
		say("rogue: the frontend set up no control ring");
		return;
	}
	r->ctrl_page = xengnttab_map_grant_ref(r->xgt, r->fe, (uint32_t)ref,
					       PROT_READ | PROT_WRITE);
	if (!r->ctrl_page)
		die("mapping ctrl-ring-ref %ld", ref);
	BACK_RING_INIT(&r->cring, (xen_netif_ctrl_sring_t *)r->ctrl_page, PAGE);
	p = xenevtchn_bind_interdomain(r->xce, r->fe, (evtchn_port_t)ch);
	if (p < 0)
		die("binding event-channel-ctrl %ld of domain %u", ch, r->fe);
	r->cport = (evtchn_port_t)p;
	say("rogue: control ring: ctrl-ring-ref %ld event-channel-ctrl %ld (local port %u)",
	    ref, ch, r->cport);
}

/*
 * connect: netback's part of the handshake, up to Connected.  Dies when
 * the frontend does not come (20 s) or asks for what we did not offer.
 */
static void connect_frontend(struct rogue *r)
{
	xs_transaction_t t;
	unsigned int txref, rxref, evtchn;
	xenevtchn_port_or_error_t p;
	long st;
	bool ok;

	do {
		t = xtx_start(r->xs);
		ok = xwrite(r->xs, t, r->be, "feature-rx-copy", "1") &&
		     xwrite(r->xs, t, r->be, "feature-rx-flip", "0") &&
		     xwrite(r->xs, t, r->be, "feature-sg", "1") &&
		     (r->ctrl == CTRL_NONE ||
		      xwrite(r->xs, t, r->be, "feature-ctrl-ring", "1")) &&
		     xwrite(r->xs, t, r->be, "state", "%d", XB_INITWAIT);
		if (!ok) {
			xs_transaction_end(r->xs, t, true);
			die("writing the backend's features");
		}
	} while (!xtx_commit(r->xs, t));
	say("rogue: backend InitWait (feature-rx-copy, feature-sg%s; no split channels, one queue)",
	    r->ctrl == CTRL_NONE ? "" : ", feature-ctrl-ring");

	st = wait_key(r->xs, r->fp, "state", XB_INITIALISED, XB_CLOSED, 20000);
	if (st != XB_INITIALISED && st != XB_CONNECTED)
		die("frontend state %ld, expected Initialised or Connected (is a netfront loaded?)", st);
	if (xread_long(r->xs, r->fp, "multi-queue-num-queues", 1) != 1)
		die("the frontend asked for several queues, which we did not offer");
	if (xread_long(r->xs, r->fp, "request-rx-copy", 0) != 1)
		die("the frontend did not write request-rx-copy=1");
	txref = read_uint_key(r, "tx-ring-ref");
	rxref = read_uint_key(r, "rx-ring-ref");
	evtchn = read_uint_key(r, "event-channel");

	r->tx_page = xengnttab_map_grant_ref(r->xgt, r->fe, txref,
					     PROT_READ | PROT_WRITE);
	r->rx_page = xengnttab_map_grant_ref(r->xgt, r->fe, rxref,
					     PROT_READ | PROT_WRITE);
	if (!r->tx_page || !r->rx_page)
		die("mapping the rings (tx-ring-ref %u, rx-ring-ref %u)", txref, rxref);
	BACK_RING_INIT(&r->tx, (netif_tx_sring_t *)r->tx_page, PAGE);
	BACK_RING_INIT(&r->rx, (netif_rx_sring_t *)r->rx_page, PAGE);
	p = xenevtchn_bind_interdomain(r->xce, r->fe, evtchn);
	if (p < 0)
		die("binding event channel %u of domain %u", evtchn, r->fe);
	r->port = (evtchn_port_t)p;
	if (r->ctrl != CTRL_NONE)
		connect_ctrl(r);

	if (!xwrite(r->xs, XBT_NULL, r->be, "rogue-pid", "%d", (int)getpid()) ||
	    !xwrite(r->xs, XBT_NULL, r->be, "state", "%d", XB_CONNECTED))
		die("writing state Connected");
	say("rogue: connected: tx-ring-ref %u rx-ring-ref %u event-channel %u (local port %u), frontend state %ld",
	    txref, rxref, evtchn, r->port, st);
}

/* notify: kick the frontend on local @port, if it is bound (not 0). */
static void notify(struct rogue *r, evtchn_port_t port)
{
	if (port && xenevtchn_notify(r->xce, port) < 0)
		say("rogue: notify on local port %u failed: %s", port, strerror(errno));
}

/* RX requests the frontend posted and we have not used yet. */
static unsigned int rx_avail(struct rogue *r)
{
	RING_IDX prod = r->rx.sring->req_prod;
	unsigned int n;

	rmb();	/* requests after the producer that covers them */
	n = prod - r->rx.req_cons;
	return n > RING ? 0 : n;
}

/* rx_take: the next posted RX request; false when there is none. */
static bool rx_take(struct rogue *r, netif_rx_request_t *req)
{
	if (!rx_avail(r))
		return false;
	RING_COPY_REQUEST(&r->rx, r->rx.req_cons, req);
	r->rx.req_cons++;
	return true;
}

/* rx_rsp: the next RX response slot (same index as the request taken). */
static netif_rx_response_t *rx_rsp(struct rogue *r)
{
	return RING_GET_RESPONSE(&r->rx, r->rx.rsp_prod_pvt++);
}

static void rx_push(struct rogue *r, bool force)
{
	int kick;

	if (r->rx_prod_kept) {
		notify(r, r->port);	/* look again at the producer the case left */
		return;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&r->rx, kick);
	if (kick || force)
		notify(r, r->port);
}

/* copy_to_guest: @len bytes of @buf into granted page @gref at offset 0. */
static bool copy_to_guest(struct rogue *r, uint32_t gref, const void *buf,
			  uint16_t len)
{
	xengnttab_grant_copy_segment_t seg = {
		.source.virt = (void *)buf,
		.dest.foreign = { .ref = gref, .offset = 0, .domid = (uint16_t)r->fe },
		.len = len,
		.flags = GNTCOPY_dest_gref,
	};

	if (xengnttab_grant_copy(r->xgt, 1, &seg) || seg.status != GNTST_OKAY) {
		r->copy_errors++;
		return false;
	}
	return true;
}

/* inject: one well-formed packet into the next posted RX buffer. */
static bool inject(struct rogue *r, const uint8_t *frame, uint16_t len)
{
	netif_rx_request_t req;
	netif_rx_response_t *rsp;
	bool ok;

	if (!rx_take(r, &req)) {
		r->rx_nobuf++;
		return false;
	}
	ok = copy_to_guest(r, req.gref, frame, len);
	rsp = rx_rsp(r);
	rsp->id = req.id;
	rsp->offset = 0;
	rsp->flags = NETRXF_data_validated;
	rsp->status = ok ? (int16_t)len : NETIF_RSP_ERROR;
	rx_push(r, false);
	r->rx_injected++;
	return ok;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* arp: a 60-byte ARP frame (padded) into @f. */
static uint16_t arp(uint8_t *f, uint16_t op, const uint8_t *dst,
		    const uint8_t *sha, uint32_t spa, const uint8_t *tha,
		    uint32_t tpa)
{
	memset(f, 0, 60);
	memcpy(f, dst, 6);
	memcpy(f + 6, rogue_mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);		/* Ethernet */
	put16(f + 16, 0x0800);		/* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, op);
	memcpy(f + 22, sha, 6);
	put32(f + 28, spa);
	memcpy(f + 32, tha, 6);
	put32(f + 38, tpa);
	return 60;
}

/* arp_ask: inject "who has the client's address? tell @from". */
static bool arp_ask(struct rogue *r, uint32_t from)
{
	static const uint8_t zero[6];
	uint8_t f[60];

	return inject(r, f, arp(f, 1, bcast_mac, rogue_mac, from, zero, GUEST_IP));
}

static uint16_t csum(const uint8_t *p, unsigned int n)
{
	uint32_t s = 0;

	for (; n > 1; n -= 2, p += 2)
		s += get16(p);
	if (n)
		s += (uint32_t)p[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/*
 * respond: what a host at ROGUE_IP (and a proxy for every other address)
 * does with a frame the client sent: answer ARP requests and ICMP echo
 * requests, count the client's ARP replies.
 */
static void respond(struct rogue *r, const uint8_t *f, unsigned int len)
{
	uint8_t out[FRAME_MAX];

	if (len >= 42 && get16(f + 12) == 0x0806) {
		uint16_t op = get16(f + 20);
		uint32_t spa = get32(f + 28), tpa = get32(f + 38);

		if (op == 2) {
			r->arp_replies++;
			return;
		}
		/* Not gratuitous, not a probe: answer for everyone else. */
		if (op == 1 && spa && spa != tpa && tpa != GUEST_IP) {
			inject(r, out, arp(out, 2, f + 6, rogue_mac, tpa, f + 22, spa));
			r->arp_answers++;
		}
		return;
	}
	if (len >= 34 && get16(f + 12) == 0x0800 && (f[14] >> 4) == 4) {
		unsigned int ihl = (f[14] & 0xfu) * 4u, tot = get16(f + 16);

		if (ihl < 20 || tot < ihl + 8 || 14 + tot > len || f[23] != 1 ||
		    f[14 + ihl] != 8 || get32(f + 30) != ROGUE_IP)
			return;
		memcpy(out, f, 14 + tot);
		memcpy(out, f + 6, 6);
		memcpy(out + 6, rogue_mac, 6);
		memcpy(out + 26, f + 30, 4);
		memcpy(out + 30, f + 26, 4);
		out[22] = 64;
		put16(out + 24, 0);
		put16(out + 24, csum(out + 14, ihl));
		out[14 + ihl] = 0;	/* echo reply */
		put16(out + 14 + ihl + 2, 0);
		put16(out + 14 + ihl + 2, csum(out + 14 + ihl, tot - ihl));
		if (14 + tot < 60)
			memset(out + 14 + tot, 0, 60 - (14 + tot));
		inject(r, out, (uint16_t)(14 + tot < 60 ? 60 : 14 + tot));
		r->echo_answers++;
	}
}

/* tx_answer: one TX response; @id and @status as given. */
static void tx_answer(struct rogue *r, uint16_t id, int16_t status)
{
	netif_tx_response_t *rsp = RING_GET_RESPONSE(&r->tx, r->tx.rsp_prod_pvt++);

	rsp->id = id;
	rsp->status = status;
	if (status != NETIF_RSP_NULL) {
		if (id < RING)
			r->inflight[id] = false;
		r->tx_answered++;
	}
}

static void tx_push(struct rogue *r, bool force)
{
	int kick;

	if (r->tx_prod_kept) {
		notify(r, r->port);	/* look again at the producer the case left */
		return;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&r->tx, kick);
	if (kick || force)
		notify(r, r->port);
}

/*
 * read_packet: copy the first FRAME_MAX bytes of one TX packet (its data
 * slots @req[0..n), extras flagged in @extra) out of the client's grants.
 * The first slot's size is the packet's; its own share is what the
 * others leave.  Returns the bytes copied, 0 for a malformed packet.
 */
static unsigned int read_packet(struct rogue *r, const netif_tx_request_t *req,
				const bool *extra, unsigned int n, uint8_t *buf)
{
	xengnttab_grant_copy_segment_t seg[PKT_SLOTS];
	unsigned int i, nseg = 0, rest = 0, got = 0, first;

	for (i = 1; i < n; i++)
		if (!extra[i])
			rest += req[i].size;
	if (rest > req[0].size)
		return 0;
	first = req[0].size - rest;
	for (i = 0; i < n && got < FRAME_MAX; i++) {
		unsigned int len = i ? req[i].size : first;

		if (extra[i])
			continue;
		if (req[i].offset + len > PAGE)
			return 0;
		if (len > FRAME_MAX - got)
			len = FRAME_MAX - got;
		if (!len)
			continue;
		seg[nseg] = (xengnttab_grant_copy_segment_t){
			.source.foreign = { .ref = req[i].gref, .offset = req[i].offset,
					    .domid = (uint16_t)r->fe },
			.dest.virt = buf + got,
			.len = (uint16_t)len,
			.flags = GNTCOPY_source_gref,
		};
		nseg++;
		got += len;
	}
	if (nseg && xengnttab_grant_copy(r->xgt, nseg, seg)) {
		r->copy_errors++;
		return 0;
	}
	for (i = 0; i < nseg; i++)
		if (seg[i].status != GNTST_OKAY) {
			r->copy_errors++;
			return 0;
		}
	return got;
}

/* hold_grant: map a TX data grant read-only and keep it mapped. */
static void hold_grant(struct rogue *r, uint32_t gref)
{
	void *p;

	if (r->nheld >= RING)
		return;
	p = xengnttab_map_grant_ref(r->xgt, r->fe, gref, PROT_READ);
	if (p)
		r->held[r->nheld++] = p;
}

/* handle_packet: one whole TX packet, answered or kept per the mode. */
static void handle_packet(struct rogue *r, const netif_tx_request_t *req,
			  const bool *extra, unsigned int n)
{
	uint8_t buf[FRAME_MAX];
	unsigned int i, len;

	r->tx_pkts++;
	for (i = 0; i < n; i++)
		if (!extra[i] && req[i].id < RING)
			r->inflight[req[i].id] = true;
	len = read_packet(r, req, extra, n, buf);
	if (r->mode == TX_COLLECT) {
		for (i = 0; i < n && r->npend < RING; i++) {
			r->pend[r->npend++] = (struct tx_slot){
				.id = extra[i] ? req[0].id : req[i].id,
				.pkt = (uint16_t)r->pend_pkts, .extra = extra[i],
			};
			if (r->hold && !extra[i])
				hold_grant(r, req[i].gref);
		}
		r->pend_pkts++;
		if (len >= 42 && get16(buf + 12) == 0x0806 && get16(buf + 20) == 2)
			r->arp_replies++;
		return;
	}
	for (i = 0; i < n; i++)
		tx_answer(r, extra[i] ? req[0].id : req[i].id,
			  extra[i] ? NETIF_RSP_NULL :
			  len ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
	tx_push(r, false);
	if (len)
		respond(r, buf, len);
}

/* tx_consume: every whole TX packet the client has published. */
static void tx_consume(struct rogue *r)
{
	netif_tx_request_t req[PKT_SLOTS];
	bool extra[PKT_SLOTS];
	RING_IDX prod, i;
	unsigned int n;
	int more;

	for (;;) {
		prod = r->tx.sring->req_prod;
		rmb();	/* requests after the producer that covers them */
		if (prod - r->tx.req_cons > RING) {
			if (!r->bad_frontend)
				say("rogue: the frontend's req_prod %u is out of range (req_cons %u)",
				    prod, r->tx.req_cons);
			r->bad_frontend = true;
			return;
		}
		while (r->tx.req_cons != prod) {
			bool more_extra, more_data;

			i = r->tx.req_cons;
			RING_COPY_REQUEST(&r->tx, i, &req[0]);
			extra[0] = false;
			n = 1;
			i++;
			more_extra = req[0].flags & NETTXF_extra_info;
			more_data = req[0].flags & NETTXF_more_data;
			while (more_extra && n < PKT_SLOTS) {
				netif_extra_info_t ex;

				if (i == prod)
					goto partial;
				memcpy(&ex, RING_GET_REQUEST(&r->tx, i), sizeof(ex));
				memset(&req[n], 0, sizeof(req[n]));
				extra[n++] = true;
				i++;
				more_extra = ex.flags & XEN_NETIF_EXTRA_FLAG_MORE;
			}
			while (more_data && n < PKT_SLOTS) {
				if (i == prod)
					goto partial;
				RING_COPY_REQUEST(&r->tx, i, &req[n]);
				more_data = req[n].flags & NETTXF_more_data;
				extra[n++] = false;
				i++;
			}
			r->tx.req_cons = i;
			handle_packet(r, req, extra, n);
		}
		RING_FINAL_CHECK_FOR_REQUESTS(&r->tx, more);
		if (!more)
			return;
	}
partial:
	return;	/* the rest of the packet comes with the next push */
}

static const char *ctrl_type_name(uint16_t type)
{
	switch (type) {
	case XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE: return "GET_GREF_MAPPING_SIZE";
	case XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING: return "ADD_GREF_MAPPING";
	case XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING: return "DEL_GREF_MAPPING";
	}
	return "another type";
}

/*
 * ctrl_table: an ADD or DEL table (@req's data[1] the grant of its page,
 * data[2] its entries), checked as a backend must.  For ADD the grants are
 * remembered; for DEL each entry's status is set and the grants compared
 * with the ADD's.  Returns the status to answer with.
 */
static uint32_t ctrl_table(struct rogue *r, const struct xen_netif_ctrl_request *req)
{
	bool add = req->type == XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING;
	unsigned int i, n = req->data[2], same = 0;
	struct xen_netif_gref *g;

	if (req->data[0] != 0 || !n || n > RING)
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	g = xengnttab_map_grant_ref(r->xgt, r->fe, req->data[1], PROT_READ | PROT_WRITE);
	if (!g) {
		say("rogue: ctrl: cannot map the table (grant %u)", req->data[1]);
		return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
	}
	for (i = 0; i < n; i++) {
		if (add) {
			r->added[i] = g[i].ref;
		} else {
			same += i < r->nadded && g[i].ref == r->added[i];
			g[i].status = XEN_NETIF_CTRL_STATUS_SUCCESS;
		}
	}
	if (add) {
		r->nadded = n;
		r->ctrl_adds++;
		say("rogue: ctrl: ADD_GREF_MAPPING queue 0: %u entries", n);
	} else {
		r->ctrl_dels++;
		say("rogue: ctrl: DEL_GREF_MAPPING queue 0: %u entries, %u of them as ADDed", n, same);
	}
	xengnttab_unmap(r->xgt, g, 1);
	return XEN_NETIF_CTRL_STATUS_SUCCESS;
}

/* ctrl_consume: read the control requests and answer them per r->ctrl. */
static void ctrl_consume(struct rogue *r)
{
	struct xen_netif_ctrl_request req;
	struct xen_netif_ctrl_response *rsp;
	RING_IDX prod;
	int kick;

	if (!r->cport || r->ctrl_dead)
		return;
	prod = r->cring.sring->req_prod;
	rmb();	/* requests after the producer that covers them */
	if (prod - r->cring.req_cons > RING) {
		say("rogue: ctrl: the frontend's req_prod %u is out of range", prod);
		r->ctrl_dead = true;
		return;
	}
	while (r->cring.req_cons != prod) {
		RING_COPY_REQUEST(&r->cring, r->cring.req_cons, &req);
		r->cring.req_cons++;
		if (!r->ctrl_reqs++)
			r->ctrl_first_ms = now_ms();
		say("rogue: ctrl: request id %u %s (%u %u %u)", req.id, ctrl_type_name(req.type),
		    req.data[0], req.data[1], req.data[2]);
		if (r->ctrl == CTRL_SILENT)
			continue;
		if (r->ctrl == CTRL_PROD_AHEAD) {
			say("rogue: ctrl: rsp_prod %u + 1000, nothing answered", r->cring.rsp_prod_pvt);
			wmb();
			r->cring.sring->rsp_prod = r->cring.rsp_prod_pvt + 1000;
			notify(r, r->cport);
			r->ctrl_dead = true;
			return;
		}
		rsp = RING_GET_RESPONSE(&r->cring, r->cring.rsp_prod_pvt);
		r->cring.rsp_prod_pvt++;
		rsp->id = r->ctrl == CTRL_WRONG_ID ? (uint16_t)(req.id ^ 0x5a5a) : req.id;
		rsp->type = req.type;
		rsp->status = XEN_NETIF_CTRL_STATUS_SUCCESS;
		rsp->data = 0;
		switch (req.type) {
		case XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE:
			rsp->data = r->ctrl == CTRL_TOO_SMALL ? 3 : RING;
			break;
		case XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING:
			rsp->status = r->ctrl == CTRL_ADD_REFUSED ?
				      XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER : ctrl_table(r, &req);
			break;
		case XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING:
			rsp->status = ctrl_table(r, &req);
			rsp->data = rsp->status == XEN_NETIF_CTRL_STATUS_SUCCESS ? req.data[2] : 0;
			break;
		default:
			rsp->status = XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		}
		say("rogue: ctrl: answered id %u status %u data %u", rsp->id, rsp->status, rsp->data);
		r->ctrl_answers++;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&r->cring, kick);
	if (kick)
		notify(r, r->cport);
	RING_FINAL_CHECK_FOR_REQUESTS(&r->cring, kick);
}

/* pump: events, TX and control requests for about @ms. */
static void pump(struct rogue *r, unsigned int ms)
{
	evtchn_wait(r->xce, ms);
	tx_consume(r);
	ctrl_consume(r);
}

/*
 * arp_probe: ask for the client's address as @from (again every
 * @resend_ms) until an ARP reply arrives or @ms pass.
 */
static bool arp_probe(struct rogue *r, uint32_t from, unsigned int ms,
		      unsigned int resend_ms)
{
	unsigned int before = r->arp_replies;
	uint64_t end = now_ms() + ms, next = 0;

	while (now_ms() < end) {
		if (now_ms() >= next) {
			arp_ask(r, from);
			next = now_ms() + resend_ms;
		}
		pump(r, 10);
		if (r->arp_replies > before)
			return true;
	}
	return false;
}

/* collect: make the client send @pkts packets and keep them pending. */
static bool collect(struct rogue *r, unsigned int pkts)
{
	uint64_t end = now_ms() + 5000;
	unsigned int i;

	r->mode = TX_COLLECT;
	r->npend = 0;
	r->pend_pkts = 0;
	for (i = 0; i < pkts; i++)
		arp_ask(r, IPV4(10, 0, 0, 3 + i));
	while (r->pend_pkts < pkts && now_ms() < end)
		pump(r, 10);
	r->mode = TX_ANSWER;
	say("rogue: %u TX packet(s) kept pending (%u slots)", r->pend_pkts, r->npend);
	return r->pend_pkts >= pkts;
}

/* answer_pkt: answer collected packet @pkt well, except its first data slot's id/status. */
static void answer_pkt(struct rogue *r, unsigned int pkt, int first_id,
		       int16_t first_status)
{
	bool first = true;
	unsigned int i;

	for (i = 0; i < r->npend; i++) {
		const struct tx_slot *s = &r->pend[i];

		if (s->pkt != pkt)
			continue;
		if (s->extra) {
			tx_answer(r, s->id, NETIF_RSP_NULL);
		} else if (first) {
			tx_answer(r, first_id < 0 ? s->id : (uint16_t)first_id, first_status);
			first = false;
		} else {
			tx_answer(r, s->id, NETIF_RSP_OKAY);
		}
	}
}

static uint16_t first_id(const struct rogue *r, unsigned int pkt)
{
	unsigned int i;

	for (i = 0; i < r->npend; i++)
		if (r->pend[i].pkt == pkt && !r->pend[i].extra)
			return r->pend[i].id;
	return 0;
}

/* Cases.  Each returns false when it could not set its scene. */
static bool case_good(struct rogue *r)
{
	(void)r;
	return true;
}

static bool case_tx_id_out_of_range(struct rogue *r)
{
	if (!collect(r, 1))
		return false;
	say("rogue: answering TX id %u as id 4321 (ring size %u)", first_id(r, 0), RING);
	answer_pkt(r, 0, 4321, NETIF_RSP_OKAY);
	tx_push(r, true);
	return true;
}

static bool case_tx_id_not_pending(struct rogue *r)
{
	uint16_t id, c;

	if (!collect(r, 1))
		return false;
	id = first_id(r, 0);
	for (c = (uint16_t)((id + 128) % RING); r->inflight[c]; c = (uint16_t)((c + 1) % RING))
		;
	say("rogue: answering TX id %u as id %u, which is not in flight", id, c);
	answer_pkt(r, 0, c, NETIF_RSP_OKAY);
	tx_push(r, true);
	return true;
}

static bool case_tx_id_duplicate(struct rogue *r)
{
	uint16_t a;

	if (!collect(r, 2))
		return false;
	a = first_id(r, 0);
	say("rogue: answering TX id %u, then TX id %u as id %u again", a, first_id(r, 1), a);
	answer_pkt(r, 0, -1, NETIF_RSP_OKAY);
	answer_pkt(r, 1, a, NETIF_RSP_OKAY);
	tx_push(r, true);
	return true;
}

static bool case_tx_status_bad(struct rogue *r)
{
	if (!collect(r, 1))
		return false;
	say("rogue: answering TX id %u with status -100", first_id(r, 0));
	answer_pkt(r, 0, -1, -100);
	tx_push(r, true);
	return true;
}

static bool case_tx_prod_far_ahead(struct rogue *r)
{
	if (!collect(r, 1))
		return false;
	say("rogue: TX rsp_prod %u + 1000, nothing answered", r->tx.rsp_prod_pvt);
	wmb();
	r->tx.sring->rsp_prod = r->tx.rsp_prod_pvt + 1000;
	r->tx_prod_kept = true;
	notify(r, r->port);
	r->serve = false;
	return true;
}

/* rx_craft: one crafted response in the next posted RX buffer (unpushed). */
static bool rx_craft(struct rogue *r, uint16_t offset, int16_t status, uint16_t flags)
{
	netif_rx_request_t req;
	netif_rx_response_t *rsp;

	if (!rx_take(r, &req))
		return false;
	rsp = rx_rsp(r);
	rsp->id = req.id;
	rsp->offset = offset;
	rsp->flags = flags;
	rsp->status = status;
	return true;
}

static bool rx_one(struct rogue *r, uint16_t offset, int16_t status)
{
	say("rogue: one RX response with offset %u status %d", offset, status);
	if (!rx_craft(r, offset, status, 0))
		return false;
	rx_push(r, true);
	return true;
}

static bool case_rx_offset_beyond_page(struct rogue *r)
{
	return rx_one(r, 4000, 200);
}

static bool case_rx_size_beyond_page(struct rogue *r)
{
	return rx_one(r, 0, 5000);
}

static bool case_rx_status_negative(struct rogue *r)
{
	return rx_one(r, 0, INT16_MIN);
}

static bool case_rx_status_huge(struct rogue *r)
{
	return rx_one(r, 0, INT16_MAX);
}

/* wait_rx: until @n RX buffers are posted; bounded. */
static bool wait_rx(struct rogue *r, unsigned int n)
{
	uint64_t end = now_ms() + 5000;

	while (rx_avail(r) < n && now_ms() < end)
		pump(r, 10);
	return rx_avail(r) >= n;
}

static bool case_rx_too_many_slots(struct rogue *r)
{
	unsigned int i, slots = 25;

	if (!wait_rx(r, slots))
		return false;
	say("rogue: one RX packet of %u slots of 100 bytes", slots);
	for (i = 0; i < slots; i++)
		rx_craft(r, 0, 100, i + 1 < slots ? NETRXF_more_data : 0);
	rx_push(r, true);
	return true;
}

static bool case_rx_bad_extra(struct rogue *r)
{
	netif_rx_request_t req;
	netif_rx_response_t *rsp;
	netif_extra_info_t ex = { .type = 0x7f };
	uint8_t f[60];

	if (!wait_rx(r, 2))
		return false;
	say("rogue: one RX packet of 60 bytes followed by an extra of type 0x7f");
	if (!rx_take(r, &req))
		return false;
	copy_to_guest(r, req.gref, f, arp(f, 1, bcast_mac, rogue_mac, IPV4(10, 0, 0, 7),
					  bcast_mac, GUEST_IP));
	rsp = rx_rsp(r);
	rsp->id = req.id;
	rsp->offset = 0;
	rsp->flags = NETRXF_extra_info;
	rsp->status = 60;
	if (!rx_take(r, &req))
		return false;
	rsp = rx_rsp(r);
	memset(rsp, 0, sizeof(*rsp));
	memcpy(rsp, &ex, sizeof(ex));
	rx_push(r, true);
	return true;
}

static bool case_rsp_prod_far_ahead(struct rogue *r)
{
	say("rogue: RX rsp_prod %u + 1000", r->rx.rsp_prod_pvt);
	wmb();
	r->rx.sring->rsp_prod = r->rx.rsp_prod_pvt + 1000;
	r->rx_prod_kept = true;
	notify(r, r->port);
	r->serve = false;
	return true;
}

static bool case_rsp_prod_backwards(struct rogue *r)
{
	uint64_t end = now_ms() + 3000;

	/* The client set rsp_event past the last response: it consumed them all. */
	while (r->rx.sring->rsp_event != r->rx.rsp_prod_pvt + 1 && now_ms() < end)
		pump(r, 10);
	if (r->rx.sring->rsp_event != r->rx.rsp_prod_pvt + 1)
		return false;
	say("rogue: RX rsp_prod %u - 4 (the client consumed all %u responses)",
	    r->rx.rsp_prod_pvt, r->rx.rsp_prod_pvt);
	wmb();
	r->rx.sring->rsp_prod = r->rx.rsp_prod_pvt - 4;
	r->rx_prod_kept = true;
	notify(r, r->port);
	r->serve = false;
	return true;
}

static bool case_event_storm(struct rogue *r)
{
	uint64_t t0 = now_ms();
	unsigned long fail = evtchn_kicks(r->xce, r->port, 20000);

	say("rogue: 20000 events with nothing published in %llu ms, %lu failed",
	    (unsigned long long)(now_ms() - t0), fail);
	return true;
}

static bool case_tx_never_answered(struct rogue *r)
{
	uint64_t end = now_ms() + 20000, quiet;
	unsigned int asked = 0, last;

	/* From now on TX requests are kept, their pages mapped, never answered. */
	r->mode = TX_COLLECT;
	r->hold = true;
	r->serve = false;
	r->npend = 0;
	r->pend_pkts = 0;
	while (asked < 320 && now_ms() < end) {
		while (asked < 320 && rx_avail(r)) {
			arp_ask(r, IPV4(10, 0, 0, 10 + asked % 200));
			asked++;
		}
		pump(r, 10);
	}
	/* Until the client stops sending (its TX ring is full): bounded. */
	last = r->pend_pkts;
	quiet = now_ms() + 1500;
	end = now_ms() + 10000;
	while (now_ms() < quiet && now_ms() < end) {
		pump(r, 20);
		if (r->pend_pkts != last) {
			last = r->pend_pkts;
			quiet = now_ms() + 1500;
		}
	}
	say("rogue: %u ARP requests injected; %u TX packets (%u slots) pending, %u pages mapped",
	    asked, r->pend_pkts, r->npend, r->nheld);
	return asked > 0;
}

static bool case_close_ignored(struct rogue *r)
{
	say("rogue: well-formed; the client's own Closing will be ignored (only the toolstack's counts)");
	(void)r;
	return true;
}

static bool case_unplug_storm(struct rogue *r)
{
	say("rogue: well-formed until the unplug; then events nonstop until 3 s after it");
	r->storm_close = true;
	return true;
}

/*
 * ctrl_case: the control ring served per @mode since the connection;
 * wait (8 s at most) for the frontend's first request -- it comes once
 * its queue received static_grants_after packets -- and then @hold_ms
 * more while serving, so that the frontend has met the case.  A frontend
 * with no control ring, or that asks nothing, is not a failure of the
 * scene: the case then shows that it did not need one.
 */
static bool ctrl_case(struct rogue *r, unsigned int hold_ms)
{
	uint64_t end = now_ms() + 8000;

	if (!r->cport) {
		say("rogue: ctrl: no control ring to play the case on");
		return true;
	}
	while (!r->ctrl_reqs && now_ms() < end)
		pump(r, 10);
	if (!r->ctrl_reqs) {
		say("rogue: ctrl: the frontend sent no control request in 8 s");
		return true;
	}
	end = r->ctrl_first_ms + hold_ms;
	while (now_ms() < end)
		pump(r, 10);
	say("rogue: ctrl: %u requests, %u answered, %u ADD, %u DEL", r->ctrl_reqs,
	    r->ctrl_answers, r->ctrl_adds, r->ctrl_dels);
	return true;
}

/* The ctrl-* cases: r->ctrl was set from the case's entry before connecting. */
static bool case_ctrl(struct rogue *r)
{
	/* A silent backend: past netfront's 5 s wait for a response. */
	return ctrl_case(r, r->ctrl == CTRL_SILENT ? 7000 : 2000);
}

static bool case_ctrl_event_storm(struct rogue *r)
{
	unsigned long fail;
	uint64_t t0;

	ctrl_case(r, 2000);
	if (!r->cport)
		return true;
	t0 = now_ms();
	fail = evtchn_kicks(r->xce, r->cport, 20000);
	say("rogue: 20000 control-ring events with nothing published in %llu ms, %lu failed",
	    (unsigned long long)(now_ms() - t0), fail);
	return true;
}

/* A case: its name, what plays it, what it is, how it serves the control ring. */
struct rogue_case {
	const char *name;
	bool (*run)(struct rogue *r);
	const char *about;
	enum ctrl_mode ctrl;	/* CTRL_NONE (0): no control ring offered */
};

static const struct rogue_case cases[] = {
	{ "good", case_good, "well-formed both ways (the client can ping 10.0.0.1)", CTRL_NONE },
	{ "tx-id-out-of-range", case_tx_id_out_of_range, "a TX response with id 4321", CTRL_NONE },
	{ "tx-id-not-pending", case_tx_id_not_pending, "a TX response for an id not in flight",
	  CTRL_NONE },
	{ "tx-id-duplicate", case_tx_id_duplicate, "two TX responses with the same id", CTRL_NONE },
	{ "tx-status-bad", case_tx_status_bad, "a TX response with status -100", CTRL_NONE },
	{ "tx-prod-far-ahead", case_tx_prod_far_ahead, "TX rsp_prod 1000 ahead", CTRL_NONE },
	{ "rx-offset-beyond-page", case_rx_offset_beyond_page, "RX offset 4000 size 200", CTRL_NONE },
	{ "rx-size-beyond-page", case_rx_size_beyond_page, "RX offset 0 size 5000", CTRL_NONE },
	{ "rx-status-negative", case_rx_status_negative, "RX status -32768", CTRL_NONE },
	{ "rx-status-huge", case_rx_status_huge, "RX status 32767", CTRL_NONE },
	{ "rx-too-many-slots", case_rx_too_many_slots, "one RX packet over 25 slots", CTRL_NONE },
	{ "rx-bad-extra", case_rx_bad_extra, "an RX extra of type 0x7f", CTRL_NONE },
	{ "rsp-prod-far-ahead", case_rsp_prod_far_ahead, "RX rsp_prod 1000 ahead", CTRL_NONE },
	{ "rsp-prod-backwards", case_rsp_prod_backwards, "RX rsp_prod 4 behind what was consumed",
	  CTRL_NONE },
	{ "event-storm", case_event_storm, "20000 events, nothing published", CTRL_NONE },
	{ "tx-never-answered", case_tx_never_answered,
	  "TX never answered, its pages kept mapped, while the client is made to send", CTRL_NONE },
	{ "close-ignored", case_close_ignored,
	  "well-formed; the client's Closing is ignored (it unbinds its driver)", CTRL_NONE },
	{ "unplug-storm", case_unplug_storm,
	  "well-formed, then events nonstop while the client closes and unplugs", CTRL_NONE },
	{ "ctrl-good", case_ctrl,
	  "a control ring answered well: 256 static grants kept, ADD and DEL checked", CTRL_GOOD },
	{ "ctrl-never-answered", case_ctrl, "a control ring whose requests are never answered",
	  CTRL_SILENT },
	{ "ctrl-wrong-id", case_ctrl, "control responses with another request's id", CTRL_WRONG_ID },
	{ "ctrl-prod-far-ahead", case_ctrl, "control rsp_prod 1000 ahead", CTRL_PROD_AHEAD },
	{ "ctrl-too-small", case_ctrl, "GET_GREF_MAPPING_SIZE answers 3 entries", CTRL_TOO_SMALL },
	{ "ctrl-add-refused", case_ctrl, "ADD_GREF_MAPPING refused (INVALID_PARAMETER)",
	  CTRL_ADD_REFUSED },
	{ "ctrl-event-storm", case_ctrl_event_storm,
	  "a control ring answered well, then 20000 events on it, nothing published", CTRL_GOOD },
};

/* disconnect: let go of the rings and the event channel. */
static void disconnect(struct rogue *r)
{
	unsigned int i;

	for (i = 0; i < r->nheld; i++)
		xengnttab_unmap(r->xgt, r->held[i], 1);
	r->nheld = 0;
	if (r->tx_page)
		xengnttab_unmap(r->xgt, r->tx_page, 1);
	if (r->rx_page)
		xengnttab_unmap(r->xgt, r->rx_page, 1);
	r->tx_page = r->rx_page = NULL;
	if (r->port)
		xenevtchn_unbind(r->xce, r->port);
	r->port = 0;
	if (r->ctrl_page)
		xengnttab_unmap(r->xgt, r->ctrl_page, 1);
	r->ctrl_page = NULL;
	if (r->cport)
		xenevtchn_unbind(r->xce, r->cport);
	r->cport = 0;
}

static void remove_dirs(struct xs_handle *xs, const char *be, const char *fp)
{
	xs_transaction_t t;

	for (;;) {
		t = xs_transaction_start(xs);
		if (!t)
			return;
		xs_rm(xs, t, fp);
		xs_rm(xs, t, be);
		if (xs_transaction_end(xs, t, false) || errno != EAGAIN)
			return;
	}
}

/* close_tick: 20 ms of closing, or 100 events and 1 ms for unplug-storm. */
static void close_tick(void *arg)
{
	struct rogue *r = arg;

	if (!r->storm_close) {
		sleep_ms(20);
		return;
	}
	if (r->port)
		r->storm_events += 100 - (unsigned int)evtchn_kicks(r->xce, r->port, 100);
	sleep_ms(1);
}

/*
 * close_wait: until @dir/@key is in [lo, hi] or gone, at most @ms; with
 * the unplug-storm case, firing events at the client all the while.
 * Returns the last value read (-1: gone).
 */
static long close_wait(struct rogue *r, const char *dir, const char *key,
		       long lo, long hi, unsigned int ms)
{
	return xwait(r->xs, dir, key, lo, hi, ms, true, close_tick, r);
}

/*
 * linger: stay the vif's backend (serving or not, per the case) until the
 * toolstack writes Closing; then netback's part of closing: wait for the
 * frontend to be Closed, let go of the rings, Closed, and exit once the
 * toolstack removed the directories.  A case that holds TX pages keeps
 * them (and the rings) mapped until 3 s after that; unplug-storm keeps the
 * event channel and fires events throughout.  After @secs without a
 * toolstack, the rogue unplugs the vif itself.
 */
static void linger(struct rogue *r, unsigned int secs)
{
	uint64_t end = now_ms() + secs * 1000ULL, until;
	bool keep, self = false;
	long st, fst;

	for (;;) {
		st = xread_long(r->xs, r->be, "state", -1);
		if (st < 0) {
			say("rogue: the backend directory is gone");
			break;
		}
		if (st == XB_CLOSING || st == XB_CLOSED)
			break;
		if (now_ms() >= end) {
			say("rogue: nobody unplugged the vif in %u s: closing it", secs);
			xwrite(r->xs, XBT_NULL, r->be, "online", "0");
			xwrite(r->xs, XBT_NULL, r->be, "state", "%d", XB_CLOSING);
			self = true;
			break;
		}
		if (r->serve)
			pump(r, 100);
		else
			sleep_ms(100);
	}
	keep = r->hold || r->storm_close;
	fst = close_wait(r, r->fp, "state", XB_CLOSED, XB_CLOSED, 8000);
	say("rogue: closing; frontend state %ld", fst);
	if (!keep)
		disconnect(r);
	if (st >= 0)
		xwrite(r->xs, XBT_NULL, r->be, "state", "%d", XB_CLOSED);
	if (self)
		remove_dirs(r->xs, r->be, r->fp);
	else
		close_wait(r, r->be, "state", -2, -2, 20000);
	if (keep) {
		say("rogue: keeping %u TX pages, the rings and the event channel for 3 s more",
		    r->nheld);
		until = now_ms() + 3000;
		while (now_ms() < until)
			close_tick(r);
		disconnect(r);
	}
	if (r->storm_close)
		say("rogue: %u events fired while the client closed", r->storm_events);
	say("rogue: done");
}

/* pid_alive: the process exists and is not a zombie. */
static bool pid_alive(long pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z';
}

/* unplug: the toolstack's part of detaching the vif (see the top). */
static int unplug(struct rogue *r)
{
	uint64_t t0 = now_ms(), t1;
	long st, fst, pid;
	bool exited;

	st = xread_long(r->xs, r->be, "state", -1);
	if (st < 0) {
		say("UNPLUG none: no %s", r->be);
		return 1;
	}
	pid = xread_long(r->xs, r->be, "rogue-pid", -1);
	xwrite(r->xs, XBT_NULL, r->be, "online", "0");
	if (st != XB_CLOSED)
		xwrite(r->xs, XBT_NULL, r->be, "state", "%d", XB_CLOSING);
	st = wait_key(r->xs, r->be, "state", XB_CLOSED, XB_CLOSED, 10000);
	t1 = now_ms();
	fst = xread_long(r->xs, r->fp, "state", -1);
	remove_dirs(r->xs, r->be, r->fp);
	if (xread_long(r->xs, r->be, "state", -1) >= 0 ||
	    xread_long(r->xs, r->fp, "state", -1) >= 0)
		die("the vif's directories are still there");
	exited = true;
	if (pid > 0) {
		uint64_t end = now_ms() + 15000;

		while ((exited = !pid_alive(pid)) == false && now_ms() < end)
			sleep_ms(50);
	}
	say("UNPLUG frontend-state=%ld backend-closed=%s waited-ms=%llu rogue-exited=%s",
	    fst, st == XB_CLOSED ? "yes" : "no", (unsigned long long)(t1 - t0),
	    exited ? "yes" : "no");
	return 0;
}

static void usage(void)
{
	printf("usage: rogue-netback -f FRONTEND_DOMID [-d DEVID] [-t TRUSTED] [-l LINGER_S] CASE\n"
	       "       rogue-netback -f FRONTEND_DOMID [-d DEVID] unplug\n"
	       "cases:\n");
	LIST_CASES(cases, 22);
	exit(2);
}

int main(int argc, char **argv)
{
	struct rogue r = { .fe = 0, .serve = true };
	const struct rogue_case *c = NULL;
	const char *trusted = "0";
	unsigned int linger_s = 240;
	bool before, set, after;
	int opt;

	signal(SIGPIPE, SIG_IGN);
	while ((opt = getopt(argc, argv, "f:d:t:l:")) != -1) {
		switch (opt) {
		case 'f': r.fe = (unsigned int)atoi(optarg); break;
		case 'd': r.devid = (unsigned int)atoi(optarg); break;
		case 't': trusted = optarg; break;
		case 'l': linger_s = (unsigned int)atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1 || r.fe == 0)
		usage();
	set_paths(&r);
	r.xs = open_xs();
	if (!strcmp(argv[optind], "unplug"))
		return unplug(&r);
	c = FIND_CASE(cases, argv[optind]);
	if (!c)
		usage();

	r.xgt = xengnttab_open(NULL, 0);
	if (!r.xgt)
		die("xengnttab_open (is xen-gntdev loaded?)");
	r.xce = open_evtchn();

	r.ctrl = c->ctrl;
	plug(&r, trusted, c->name);
	connect_frontend(&r);
	/* The client brings its interface up meanwhile. */
	before = arp_probe(&r, ROGUE_IP, 30000, 1000);
	say("rogue: before: the client %s our ARP request", before ? "answered" : "did not answer");
	say("rogue: case %s: %s", c->name, c->about);
	set = before && c->run(&r);
	if (before && !set)
		say("rogue: case %s could not set its scene", c->name);
	after = set && arp_probe(&r, IPV4(10, 0, 0, 9),
				 strcmp(c->name, "event-storm") ? 3000 : 8000, 1000);
	say("rogue: TX: %u packets, %u answered; ARP: %u replies from the client, %u answers;"
	    " ICMP: %u echo replies; RX: %u injected, %u without a buffer; %u copy errors",
	    r.tx_pkts, r.tx_answered, r.arp_replies, r.arp_answers, r.echo_answers,
	    r.rx_injected, r.rx_nobuf, r.copy_errors);
	if (r.ctrl != CTRL_NONE)
		say("rogue: ctrl: %u requests, %u answered, %u ADD, %u DEL", r.ctrl_reqs,
		    r.ctrl_answers, r.ctrl_adds, r.ctrl_dels);
	say("VERDICT case=%s before=%s after=%s", c->name, before ? "okay" : "silent",
	    !set ? "none" : after ? "okay" : "silent");
	linger(&r, linger_s);
	return 0;
}
