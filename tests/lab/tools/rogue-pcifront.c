// SPDX-License-Identifier: GPL-2.0-only
/*
 * rogue-pcifront - a hostile PCI frontend in user space.
 *
 * It runs in a domU that was given PCI functions (pci=[...]) but has no
 * xen-pcifront loaded, and speaks pciif.h to the backend itself: one
 * shared page (struct xen_pci_sharedinfo) granted to the backend, the
 * _XEN_PCIF_active flag, an event channel, and the xenstore keys
 * pci-op-ref, event-channel and magic under device/pci/0.
 *
 *   rogue-pcifront connect
 *	handshake (keys, state Initialised, wait for the backend's
 *	Connected, then Connected), then fork a daemon that holds the page
 *	and the channel and serves case requests on a UNIX socket;
 *   rogue-pcifront handshake magic|gref|evtchn
 *	connect with one flaw and report whether the backend refused;
 *   rogue-pcifront CASE [ARG...]
 *	ask the daemon to run one case; its output comes back on stdout and
 *	ends with "VERDICT case=CASE sig=SIGNATURE ...".
 *
 * A signature is one character per op: what the backend answered
 * (pciif.h XEN_PCI_ERR_*): '.' success, 'n' dev_not_found, 'o'
 * invalid_offset, 'd' access_denied, 'i' not_implemented, 'f' op_failed,
 * '?' any other value, 't' no answer within the wait.  The scenario
 * compares it with the expectation for the backend under test.
 *
 * Two modes for dom0, where the real device is:
 *   rogue-pcifront cfgsnap BDF FILE
 *	save the function's config space (sysfs "config") to FILE;
 *   rogue-pcifront cfgcheck BDF FILE ALLOW [STOPFILE MAXSECS]
 *	compare the config space with FILE: any bit that changed outside
 *	ALLOW ("OFF:WIDTH:MASK,...", hex; OFF may be capNN+OFF or extNN+OFF,
 *	an offset in capability or extended capability NN) is a forbidden
 *	write that reached the device, and so is decoding turned off; with
 *	STOPFILE, keep sampling until it exists (at most MAXSECS);
 *   rogue-pcifront kmsg SEQFILE
 *	count the kernel log records since the sequence number in SEQFILE
 *	(none: since boot), print the first few, save the last sequence.
 *
 * lab-ldlibs: -lxenstore -lxengnttab -lxenevtchn
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <xenstore.h>
#include <xengnttab.h>
#include <xenevtchn.h>
#include <xen/io/pciif.h>

#include "rogue-util.h"

#define SOCK_PATH	"/run/rogue-pcifront.sock"
#define FE		"device/pci/0"
#define MAX_FUNCS	8
#define WAIT_MS		3000U
/* The daemon's lifetime: longer than any scenario. */
#define DAEMON_S	3600U

struct func {
	uint32_t domain, bus, devfn;	/* as the guest sees it (vdev-N) */
	char dev[16];			/* the real BDF (dev-N), for the log */
};

struct rogue {
	struct xs_handle *xs;
	xengntshr_handle *gs;
	xenevtchn_handle *xce;
	unsigned int backend_id;
	char be[256];
	struct xen_pci_sharedinfo *sh;
	uint32_t ref;
	evtchn_port_t port;
	struct func funcs[MAX_FUNCS];
	unsigned int nr_funcs;
	unsigned long ops, timeouts;
	int32_t last_err;	/* the raw err of the last answered op */
};

static struct rogue R;

/* The handshake flaw of "rogue-pcifront handshake KIND", or NULL. */
static const char *flaw;

/* ---------------------------------------------------------------- ops --- */

static bool active(struct rogue *r)
{
	return __atomic_load_n(&r->sh->flags, __ATOMIC_ACQUIRE) & XEN_PCIF_active;
}

/* wait_idle: until the backend cleared _XEN_PCIF_active, or @ms passed. */
static bool wait_idle(struct rogue *r, unsigned int ms)
{
	uint64_t end = now_ms() + ms;
	unsigned int spins = 0;

	while (active(r)) {
		if (now_ms() >= end)
			return false;
		/* The backend notifies after clearing the flag. */
		if (++spins > 64)
			evtchn_wait(r->xce, 5);
	}
	evtchn_drain(r->xce);
	return true;
}

/*
 * do_op: put @op in the shared page, set the flag, kick, wait for the
 * answer (pcifront's way); @op gets the backend's err and value.  Returns
 * the signature character.
 */
static char do_op(struct rogue *r, struct xen_pci_op *op)
{
	if (!wait_idle(r, WAIT_MS)) {
		r->timeouts++;
		return 't';
	}
	memcpy(&r->sh->op, op, sizeof(*op));
	r->sh->op.err = 0x5a5a;	/* not a pciif.h value: "never answered" */
	__atomic_fetch_or(&r->sh->flags, XEN_PCIF_active, __ATOMIC_RELEASE);
	xenevtchn_notify(r->xce, r->port);
	r->ops++;
	if (!wait_idle(r, WAIT_MS)) {
		r->timeouts++;
		return 't';
	}
	op->err = r->sh->op.err;
	r->last_err = op->err;
	op->value = r->sh->op.value;
	memcpy(op->msix_entries, r->sh->op.msix_entries, sizeof(op->msix_entries));
	switch (op->err) {
	case XEN_PCI_ERR_success: return '.';
	case XEN_PCI_ERR_dev_not_found: return 'n';
	case XEN_PCI_ERR_invalid_offset: return 'o';
	case XEN_PCI_ERR_access_denied: return 'd';
	case XEN_PCI_ERR_not_implemented: return 'i';
	case XEN_PCI_ERR_op_failed: return 'f';
	default: return '?';
	}
}

static void op_init(struct xen_pci_op *op, const struct func *f, uint32_t cmd)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->domain = f->domain;
	op->bus = f->bus;
	op->devfn = f->devfn;
}

static char cfg_read(struct rogue *r, const struct func *f, int32_t off,
		     int32_t size, uint32_t *val)
{
	struct xen_pci_op op;
	char c;

	op_init(&op, f, XEN_PCI_OP_conf_read);
	op.offset = off;
	op.size = size;
	c = do_op(r, &op);
	if (val)
		*val = op.value;
	return c;
}

static char cfg_write(struct rogue *r, const struct func *f, int32_t off,
		      int32_t size, uint32_t val)
{
	struct xen_pci_op op;

	op_init(&op, f, XEN_PCI_OP_conf_write);
	op.offset = off;
	op.size = size;
	op.value = val;
	return do_op(r, &op);
}

/* msix: enable_msix with @nvec vectors whose entries are @entries (or 0..). */
static char msix(struct rogue *r, const struct func *f, uint32_t nvec,
		 const uint16_t *entries, unsigned int n)
{
	struct xen_pci_op op;
	unsigned int i;
	char c;

	op_init(&op, f, XEN_PCI_OP_enable_msix);
	op.value = nvec;
	for (i = 0; i < SH_INFO_MAX_VEC; i++)
		op.msix_entries[i].entry = (uint16_t)(i < n ? entries[i] : i);
	c = do_op(r, &op);
	if (c == '.')
		say("  enable_msix %u: vector[0] = pirq %u", nvec,
		    op.msix_entries[0].vector);
	return c;
}

static char simple(struct rogue *r, const struct func *f, uint32_t cmd)
{
	struct xen_pci_op op;
	char c;

	op_init(&op, f, cmd);
	c = do_op(r, &op);
	if (c == '.' && cmd == XEN_PCI_OP_enable_msi)
		say("  enable_msi: pirq %u", op.value);
	return c;
}

/* ------------------------------------------------------------ handshake --- */

/* parse_bdf: "DDDD:BB:SS.F" -> domain, bus, devfn. */
static bool parse_bdf(const char *s, uint32_t *dom, uint32_t *bus,
		      uint32_t *devfn)
{
	unsigned int d, b, sl, fn;

	if (sscanf(s, "%x:%x:%x.%x", &d, &b, &sl, &fn) != 4 || sl > 31 || fn > 7)
		return false;
	*dom = d;
	*bus = b;
	*devfn = sl << 3 | fn;
	return true;
}

static void read_funcs(struct rogue *r)
{
	long n = xread_long(r->xs, r->be, "num_devs", 0), i;
	char key[32], *v, *d;

	for (i = 0; i < n && r->nr_funcs < MAX_FUNCS; i++) {
		struct func *f = &r->funcs[r->nr_funcs];

		snprintf(key, sizeof(key), "vdev-%ld", i);
		v = xread(r->xs, XBT_NULL, r->be, key);
		snprintf(key, sizeof(key), "dev-%ld", i);
		d = xread(r->xs, XBT_NULL, r->be, key);
		if (v && parse_bdf(v, &f->domain, &f->bus, &f->devfn)) {
			snprintf(f->dev, sizeof(f->dev), "%s", d ? d : "?");
			say("rogue: function %u: %s seen as %s", r->nr_funcs,
			    f->dev, v);
			r->nr_funcs++;
		}
		free(v);
		free(d);
	}
}

static void connect_backend(struct rogue *r)
{
	xs_transaction_t t;
	long st;

	r->xs = xs_open(0);
	r->gs = xengntshr_open(NULL, 0);
	r->xce = xenevtchn_open(NULL, 0);
	if (!r->xs || !r->gs || !r->xce)
		die("opening xenstore, xengntshr (xen-gntalloc) or xenevtchn");
	if (!read_backend(r->xs, FE, r->be, sizeof(r->be), &r->backend_id))
		die("no %s/backend: was this domain given pci=[...]?", FE);
	say("rogue: backend %s (domain %u), state %ld", r->be, r->backend_id,
	    xread_long(r->xs, r->be, "state", -1));

	r->sh = xengntshr_share_pages(r->gs, r->backend_id, 1, &r->ref, 1);
	if (!r->sh)
		die("xengntshr_share_pages");
	memset(r->sh, 0, PAGE);
	r->port = evtchn_offer(r->xce, r->backend_id);

	/* As pcifront: publish and go Initialised without waiting. */
	do {
		t = xtx_start(r->xs);
		bool bad_magic = flaw && !strcmp(flaw, "magic");
		bool bad_ref = flaw && !strcmp(flaw, "gref");
		bool bad_port = flaw && !strcmp(flaw, "evtchn");

		if (!xwrite(r->xs, t, FE, "pci-op-ref", "%u",
			    bad_ref ? 0x0ffffff0U : r->ref) ||
		    !xwrite(r->xs, t, FE, "event-channel", "%u",
			    bad_port ? 0xfffffU : r->port) ||
		    !xwrite(r->xs, t, FE, "magic", "%s",
			    bad_magic ? "6" : XEN_PCI_MAGIC) ||
		    !xwrite(r->xs, t, FE, "state", "%d", XB_INITIALISED))
			die("writing the frontend keys");
	} while (!xtx_commit(r->xs, t));
	/* An absent state is not an answer yet: keep waiting. */
	st = xwait(r->xs, r->be, "state", XB_CONNECTED, XB_CLOSED,
		   flaw ? 15000 : 30000, false, NULL, NULL);
	if (st != XB_CONNECTED && flaw) {
		say("rogue: backend state %ld, not Connected", st);
		return;
	}
	if (st != XB_CONNECTED)
		die("backend state %ld, not Connected", st);
	read_funcs(r);
	if (!r->nr_funcs)
		die("the backend exports no function (no vdev-N)");
	if (!xwrite(r->xs, XBT_NULL, FE, "state", "%d", XB_CONNECTED))
		die("writing state Connected");
	say("rogue: connected: pci-op-ref %u event-channel %u, %u function(s)",
	    r->ref, r->port, r->nr_funcs);
}

/* ---------------------------------------------------------------- cases --- */

/* sig: the signature being built for the VERDICT line. */
struct sig {
	char s[1024];
	size_t n;
};

static void sig_put(struct sig *g, char c)
{
	if (g->n + 1 < sizeof(g->s))
		g->s[g->n++] = c;
	g->s[g->n] = 0;
}

static void sig_str(struct sig *g, const char *str)
{
	while (*str)
		sig_put(g, *str++);
}

/*
 * tally: a long run of answers as "CHARcount..." in order of first
 * appearance, e.g. ".65536" or ".9990f10".
 */
struct tally {
	char c[16];
	unsigned long n[16];
	unsigned int k;
};

static void tally_put(struct tally *t, char c)
{
	unsigned int i;

	for (i = 0; i < t->k; i++)
		if (t->c[i] == c) {
			t->n[i]++;
			return;
		}
	if (t->k < 16) {
		t->c[t->k] = c;
		t->n[t->k++] = 1;
	}
}

static void tally_sig(const struct tally *t, struct sig *g)
{
	char buf[32];
	unsigned int i;

	for (i = 0; i < t->k; i++) {
		snprintf(buf, sizeof(buf), "%c%lu", t->c[i], t->n[i]);
		sig_str(g, buf);
	}
}

static const struct func *func_arg(struct rogue *r, int argc, char **argv, int i)
{
	unsigned long n = i < argc ? strtoul(argv[i], NULL, 0) : 0;

	if (n >= r->nr_funcs) {
		say("rogue: no function %lu (%u exported)", n, r->nr_funcs);
		return NULL;
	}
	return &r->funcs[n];
}

static unsigned long num_arg(int argc, char **argv, int i, unsigned long dflt)
{
	return i < argc ? strtoul(argv[i], NULL, 0) : dflt;
}

static int case_hello(struct rogue *r, int argc, char **argv, struct sig *g)
{
	unsigned int i;
	uint32_t v;
	char c;

	(void)argc;
	(void)argv;
	for (i = 0; i < r->nr_funcs; i++) {
		c = cfg_read(r, &r->funcs[i], 0, 4, &v);
		sig_put(g, c);
		say("rogue: function %u (%s): vendor:device %04x:%04x (%c)", i,
		    r->funcs[i].dev, v & 0xffff, v >> 16, c);
	}
	return 0;
}

/*
 * offsets: reads, then writes of all-ones, at the edges of config space
 * with good, odd and oversized widths.  Signature: per offset, the six
 * reads (widths 1 2 4 0 3 8), '/', the six writes; offsets by ','.
 */
static int case_offsets(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const int32_t offs[] = { 0, 0xfe, 0xff, 0x100, 0xfff, 0x1000, -1 };
	static const int32_t sizes[] = { 1, 2, 4, 0, 3, 8 };
	const struct func *f = func_arg(r, argc, argv, 1);
	unsigned int i, j;
	char line[64];
	size_t n;

	if (!f)
		return 1;
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		n = 0;
		if (i)
			sig_put(g, ',');
		for (j = 0; j < 6; j++) {
			line[n] = cfg_read(r, f, offs[i], sizes[j], NULL);
			sig_put(g, line[n++]);
		}
		line[n++] = '/';
		sig_put(g, '/');
		for (j = 0; j < 6; j++) {
			line[n] = cfg_write(r, f, offs[i], sizes[j], 0xffffffffU);
			sig_put(g, line[n++]);
		}
		line[n] = 0;
		say("  offset %#x widths 1 2 4 0 3 8: read/write %s",
		    (unsigned int)offs[i], line);
	}
	return 0;
}

/* addr: ops for functions that do not exist. */
static int case_addr(struct rogue *r, int argc, char **argv, struct sig *g)
{
	const struct func *f0 = func_arg(r, argc, argv, 1);
	struct func bad[7];
	struct xen_pci_op op;
	unsigned int i;
	char c;

	if (!f0)
		return 1;
	for (i = 0; i < 7; i++)
		bad[i] = *f0;
	bad[0].domain += 1;
	bad[1].bus += 1;
	bad[2].devfn = f0->devfn ^ 7;	/* another function of the slot */
	bad[3].devfn = 0xff;
	bad[4].devfn = f0->devfn | 0x100; /* beyond a devfn's 8 bits */
	bad[5].domain = 0xffffffffU;
	bad[6].bus = 0x100;
	for (i = 0; i < 7; i++) {
		c = cfg_read(r, &bad[i], 0, 4, NULL);
		sig_put(g, c);
		op_init(&op, &bad[i], XEN_PCI_OP_enable_msi);
		sig_put(g, do_op(r, &op));
		say("  %04x:%02x:%08x: conf_read %c enable_msi %c", bad[i].domain,
		    bad[i].bus, bad[i].devfn, c, g->s[g->n - 1]);
	}
	return 0;
}

/* unknown: op codes pciback does not serve from a frontend. */
static int case_unknown(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const uint32_t cmds[] = { 6, 7, 8, 9, 10, 11, 0x7f, 0xffffffffU };
	const struct func *f = func_arg(r, argc, argv, 1);
	unsigned int i;

	if (!f)
		return 1;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		sig_put(g, simple(r, f, cmds[i]));
		say("  op %#x: %c", cmds[i], g->s[g->n - 1]);
	}
	return 0;
}

/*
 * command F FROM TO [WIDTH]: every COMMAND value in [FROM, TO] written
 * as a word (WIDTH 2), as the same byte to both halves (1: FROM and TO
 * up to 0xff), or as a dword with every STATUS bit set (4).
 * command F reserved: the reserved bits 11-15, each alone and all
 * together, over 0x0000, 0x0007, 0x0547 and 0x07ff, then 0xffff.
 * Either way the original value is written back at the end.
 */
static int case_command(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const uint16_t hi[] = { 0x0800, 0x1000, 0x2000, 0x4000, 0x8000, 0xf800 };
	static const uint16_t lo[] = { 0x0000, 0x0007, 0x0547, 0x07ff };
	const struct func *f = func_arg(r, argc, argv, 1);
	bool reserved = argc > 2 && !strcmp(argv[2], "reserved");
	unsigned long from = num_arg(argc, argv, 2, 0), to = num_arg(argc, argv, 3, 0xffff);
	unsigned long width = num_arg(argc, argv, 4, 2), v, n = 0;
	uint64_t t0 = now_ms(), ms;
	struct tally t = { 0 };
	uint32_t orig = 0;
	unsigned int i, j;

	if (!f || (!reserved && (from > to || to > 0xffff || (width == 1 && to > 0xff))))
		return 1;
	cfg_read(r, f, 4, 2, &orig);
	if (reserved) {
		for (i = 0; i < sizeof(hi) / sizeof(hi[0]); i++)
			for (j = 0; j < sizeof(lo) / sizeof(lo[0]); j++, n++)
				tally_put(&t, cfg_write(r, f, 4, 2, hi[i] | lo[j]));
		tally_put(&t, cfg_write(r, f, 4, 2, 0xffff));
		n++;
		from = 0x0800;
		to = 0xffff;
	}
	for (v = from; !reserved && v <= to; v++) {
		if (width == 1) {
			tally_put(&t, cfg_write(r, f, 4, 1, v));
			tally_put(&t, cfg_write(r, f, 5, 1, v));
			n += 2;
		} else if (width == 4) {
			tally_put(&t, cfg_write(r, f, 4, 4, 0xffff0000U | v));
			n++;
		} else {
			tally_put(&t, cfg_write(r, f, 4, 2, v));
			n++;
		}
	}
	ms = now_ms() - t0;
	cfg_write(r, f, 4, 2, orig);
	say("rogue: COMMAND %s%#lx..%#lx width %lu: %lu ops in %llu ms (%llu ops/s); wrote back %#x",
	    reserved ? "reserved bits, " : "", from, to, reserved ? 2 : width, n,
	    (unsigned long long)ms,
	    (unsigned long long)(n * 1000 / (ms ? ms : 1)), orig);
	tally_sig(&t, g);
	return 0;
}

/* find_cap: a capability's offset, walking the list through the backend. */
static int find_cap(struct rogue *r, const struct func *f, unsigned int id)
{
	uint32_t pos = 0, hdr;
	int n = 48;

	if (cfg_read(r, f, 0x34, 1, &pos) != '.')
		return 0;
	while (pos >= 0x40 && n--) {
		if (cfg_read(r, f, (int32_t)pos, 2, &hdr) != '.')
			return 0;
		if ((hdr & 0xff) == id)
			return (int)pos;
		pos = hdr >> 8;
	}
	return 0;
}

static int find_ext_cap(struct rogue *r, const struct func *f, unsigned int id)
{
	uint32_t pos = 0x100, hdr;
	int n = 64;

	while (pos >= 0x100 && n--) {
		if (cfg_read(r, f, (int32_t)pos, 4, &hdr) != '.' || !hdr ||
		    hdr == 0xffffffffU)
			return 0;
		if ((hdr & 0xffff) == id)
			return (int)pos;
		pos = (hdr >> 20) & 0xffc;
	}
	return 0;
}

/* wr: a named write into the signature; a missing register is '-'. */
static void wr(struct rogue *r, const struct func *f, struct sig *g,
	       const char *name, int off, int size, uint32_t val)
{
	char c = off > 0 || !strcmp(name, "vendor") ?
		 cfg_write(r, f, off, size, val) : '-';

	sig_put(g, c);
	say("  %-14s %#05x:%d <- %#010x: %c", name, off, size, val, c);
}

/*
 * filtered F: writes a non-permissive backend must keep from the device:
 * BARs (moved and sized), the ROM BAR, read-only header fields, the
 * capability pointer, MSI and MSI-X control (enable without
 * allow_interrupt_control), the MSI message, PCIe device control (FLR),
 * PM control (PME enable), the AER masks; and two it may pass (STATUS
 * write-1-to-clear, cache line size).  dom0 compares the device's config
 * space before and after.
 */
static int case_filtered(struct rogue *r, int argc, char **argv, struct sig *g)
{
	const struct func *f = func_arg(r, argc, argv, 1);
	int msi, msix, exp, pm, aer, i;
	uint32_t v, bar[7];
	char name[16];

	if (!f)
		return 1;
	msi = find_cap(r, f, 0x05);
	msix = find_cap(r, f, 0x11);
	exp = find_cap(r, f, 0x10);
	pm = find_cap(r, f, 0x01);
	aer = find_ext_cap(r, f, 0x0001);
	say("rogue: capabilities: PM %#x MSI %#x MSI-X %#x PCIe %#x AER %#x",
	    pm, msi, msix, exp, aer);
	for (i = 0; i < 6; i++) {
		cfg_read(r, f, 0x10 + 4 * i, 4, &bar[i]);
		snprintf(name, sizeof(name), "bar%d-move", i);
		wr(r, f, g, name, 0x10 + 4 * i, 4, 0x12345670U | (bar[i] & 0xf));
		snprintf(name, sizeof(name), "bar%d-size", i);
		wr(r, f, g, name, 0x10 + 4 * i, 4, 0xffffffffU);
		cfg_read(r, f, 0x10 + 4 * i, 4, &v);
		say("  bar%d reads %#010x while sizing (was %#010x)", i, v, bar[i]);
		wr(r, f, g, "bar-restore", 0x10 + 4 * i, 4, bar[i]);
	}
	cfg_read(r, f, 0x30, 4, &bar[6]);
	wr(r, f, g, "rom-size", 0x30, 4, 0xfffff801U);
	wr(r, f, g, "rom-move", 0x30, 4, 0x00abc001U);
	wr(r, f, g, "rom-restore", 0x30, 4, bar[6]);
	wr(r, f, g, "vendor", 0x00, 4, 0);
	wr(r, f, g, "header-type", 0x0e, 1, 0x80);
	wr(r, f, g, "cap-ptr", 0x34, 1, 0x00);
	wr(r, f, g, "irq-line", 0x3c, 1, 0x0b);
	wr(r, f, g, "irq-pin", 0x3d, 1, 0x04);
	if (msi) {
		cfg_read(r, f, msi + 2, 2, &v);
		wr(r, f, g, "msi-enable", msi + 2, 2, v | 1);
		wr(r, f, g, "msi-multi", msi + 2, 2, v | 0x70);
		wr(r, f, g, "msi-addr", msi + 4, 4, 0xfee01000U);
		wr(r, f, g, "msi-data", msi + ((v & 0x80) ? 12 : 8), 2, 0x4041);
	} else {
		sig_str(g, "----");
	}
	if (msix) {
		cfg_read(r, f, msix + 2, 2, &v);
		wr(r, f, g, "msix-enable", msix + 2, 2, v | 0x8000);
		wr(r, f, g, "msix-maskall", msix + 2, 2, v | 0x4000);
		wr(r, f, g, "msix-table", msix + 4, 4, 0x1000);
	} else {
		sig_str(g, "---");
	}
	if (exp) {
		cfg_read(r, f, exp + 8, 2, &v);
		wr(r, f, g, "pcie-devctl", exp + 8, 2, v ^ 0x00e0);
		wr(r, f, g, "pcie-flr", exp + 8, 2, v | 0x8000);
	} else {
		sig_str(g, "--");
	}
	if (pm) {
		cfg_read(r, f, pm + 4, 2, &v);
		wr(r, f, g, "pm-pme-enable", pm + 4, 2, v | 0x0100);
	} else {
		sig_put(g, '-');
	}
	if (aer)
		wr(r, f, g, "aer-mask", aer + 8, 4, 0xffffffffU);
	else
		sig_put(g, '-');
	wr(r, f, g, "status-w1c", 0x06, 2, 0xffff);
	wr(r, f, g, "cache-line", 0x0c, 1, 0x08);
	return 0;
}

/*
 * msi F: MSI and MSI-X enable and disable in every order, with vector
 * counts and entries out of bounds; ends with both disabled.
 */
static int case_msi(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const uint16_t bad_idx[] = { 1000 }, dup[] = { 0, 0 }, two[] = { 0, 1 };
	const struct func *f = func_arg(r, argc, argv, 1);
	struct {
		const char *what;
		char c;
		int32_t err;
	} s[32];
	unsigned int n = 0, i;

#define STEP(w, expr) do { s[n].what = (w); s[n].c = (expr); s[n].err = r->last_err; \
				  sig_put(g, s[n].c); n++; } while (0)
	if (!f)
		return 1;
	STEP("disable_msi, nothing enabled", simple(r, f, XEN_PCI_OP_disable_msi));
	STEP("disable_msix, nothing enabled", simple(r, f, XEN_PCI_OP_disable_msix));
	STEP("enable_msi", simple(r, f, XEN_PCI_OP_enable_msi));
	STEP("enable_msi again", simple(r, f, XEN_PCI_OP_enable_msi));
	STEP("enable_msix 1 while MSI", msix(r, f, 1, NULL, 0));
	STEP("disable_msi", simple(r, f, XEN_PCI_OP_disable_msi));
	STEP("disable_msi again", simple(r, f, XEN_PCI_OP_disable_msi));
	sig_put(g, '_');
	STEP("enable_msix 0 vectors", msix(r, f, 0, NULL, 0));
	STEP("enable_msix 129 vectors", msix(r, f, 129, NULL, 0));
	STEP("enable_msix 0xffffffff vectors", msix(r, f, 0xffffffffU, NULL, 0));
	STEP("enable_msix 128 vectors (> table)", msix(r, f, 128, NULL, 0));
	STEP("enable_msix entry 1000", msix(r, f, 1, bad_idx, 1));
	STEP("enable_msix entries 0, 0", msix(r, f, 2, dup, 2));
	sig_put(g, '_');
	STEP("enable_msix 1", msix(r, f, 1, NULL, 0));
	STEP("enable_msix 1 again", msix(r, f, 1, NULL, 0));
	STEP("enable_msi while MSI-X", simple(r, f, XEN_PCI_OP_enable_msi));
	STEP("disable_msix", simple(r, f, XEN_PCI_OP_disable_msix));
	STEP("disable_msix again", simple(r, f, XEN_PCI_OP_disable_msix));
	sig_put(g, '_');
	STEP("enable_msix 2 (0, 1)", msix(r, f, 2, two, 2));
	STEP("disable_msi while MSI-X", simple(r, f, XEN_PCI_OP_disable_msi));
	STEP("enable_msix 1 after that", msix(r, f, 1, NULL, 0));
	STEP("disable_msix", simple(r, f, XEN_PCI_OP_disable_msix));
	STEP("enable_msi", simple(r, f, XEN_PCI_OP_enable_msi));
	STEP("disable_msix while MSI", simple(r, f, XEN_PCI_OP_disable_msix));
	STEP("enable_msix 1 after that", msix(r, f, 1, NULL, 0));
	STEP("disable_msi (cleanup)", simple(r, f, XEN_PCI_OP_disable_msi));
	STEP("disable_msix (cleanup)", simple(r, f, XEN_PCI_OP_disable_msix));
#undef STEP
	for (i = 0; i < n; i++)
		say("  %-34s %c (err %d)", s[i].what, s[i].c, s[i].err);
	return 0;
}

/*
 * storm F N: N rounds of six ops that are each refused, most of them
 * with a log line in a backend that logs them (MSI enable while MSI is
 * on, MSI-X entry out of the table, a BAR move, a bad width, a function
 * that does not exist, an unknown op), then MSI off again.
 */
static int case_storm(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const uint16_t bad_idx[] = { 1000 };
	const struct func *f = func_arg(r, argc, argv, 1);
	unsigned long n = num_arg(argc, argv, 2, 1000), i;
	struct tally t = { 0 };
	struct func bad;
	uint64_t t0, ms;
	char first;

	if (!f)
		return 1;
	bad = *f;
	bad.devfn ^= 7;
	first = simple(r, f, XEN_PCI_OP_enable_msi);
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		tally_put(&t, simple(r, f, XEN_PCI_OP_enable_msi));
		tally_put(&t, msix(r, f, 1, bad_idx, 1));
		tally_put(&t, cfg_write(r, f, 0x10, 4, 0x12345670U));
		tally_put(&t, cfg_read(r, f, 0x10, 3, NULL));
		tally_put(&t, cfg_read(r, &bad, 0, 4, NULL));
		tally_put(&t, simple(r, f, 0x7f));
	}
	ms = now_ms() - t0;
	say("rogue: enable_msi %c, then %lu ops in %llu ms (%llu ops/s), then disable_msi %c",
	    first, n * 6, (unsigned long long)ms,
	    (unsigned long long)(n * 6 * 1000 / (ms ? ms : 1)),
	    simple(r, f, XEN_PCI_OP_disable_msi));
	say("METRIC storm_seconds %llu", (unsigned long long)(ms + 999) / 1000);
	tally_sig(&t, g);
	return 0;
}

/* kicks N: N events with no op in the page; then one op must be served. */
static int case_kicks(struct rogue *r, int argc, char **argv, struct sig *g)
{
	unsigned long n = num_arg(argc, argv, 1, 10000), fail;
	uint64_t t0 = now_ms();
	uint32_t v;

	fail = evtchn_kicks(r->xce, r->port, n);
	say("rogue: %lu kicks without _XEN_PCIF_active in %llu ms, %lu failed",
	    n, (unsigned long long)(now_ms() - t0), fail);
	evtchn_drain(r->xce);
	sig_put(g, cfg_read(r, &r->funcs[0], 0, 4, &v));
	say("rogue: then conf_read 0: %c %#x", g->s[0], v);
	return 0;
}

/*
 * flip F N: XSA-155.  While each of N ops is in flight, a second thread
 * rewrites the shared op (command, width, offset, vector count), so a
 * backend that reads the page twice sees two different requests.
 */
struct flipper {
	struct rogue *r;
	volatile bool stop;
};

static void *flip_thread(void *arg)
{
	struct flipper *fl = arg;
	struct xen_pci_op *op = &fl->r->sh->op;
	unsigned long i = 0;

	while (!fl->stop) {
		volatile struct xen_pci_op *vop = op;

		vop->cmd = (i & 1) ? XEN_PCI_OP_enable_msix : XEN_PCI_OP_conf_read;
		vop->size = (i & 2) ? 4 : 0x7fffffff;
		vop->offset = (i & 4) ? 0 : (int32_t)0xffffff00;
		vop->value = (i & 8) ? 1 : 0xffffffffU;
		i++;
	}
	return NULL;
}

static int case_flip(struct rogue *r, int argc, char **argv, struct sig *g)
{
	const struct func *f = func_arg(r, argc, argv, 1);
	unsigned long n = num_arg(argc, argv, 2, 2000), i;
	struct flipper fl = { .r = r };
	struct tally t = { 0 };
	pthread_t th;
	uint32_t v;
	char c;

	if (!f)
		return 1;
	if (pthread_create(&th, NULL, flip_thread, &fl))
		return 1;
	for (i = 0; i < n; i++)
		tally_put(&t, cfg_read(r, f, 0, 4, NULL));
	fl.stop = true;
	pthread_join(th, NULL);
	tally_sig(&t, g);
	sig_put(g, '_');
	/* Whatever the backend served, leave no interrupt mode on. */
	sig_put(g, simple(r, f, XEN_PCI_OP_disable_msix));
	sig_put(g, simple(r, f, XEN_PCI_OP_disable_msi));
	c = cfg_read(r, f, 0, 4, &v);
	sig_put(g, c);
	say("rogue: %lu ops under rewrites; then conf_read 0: %c %#x", n, c, v);
	return 0;
}

/* leave F: MSI-X on with two vectors, and never off: the guest goes so. */
static int case_leave(struct rogue *r, int argc, char **argv, struct sig *g)
{
	static const uint16_t two[] = { 0, 1 };
	const struct func *f = func_arg(r, argc, argv, 1);

	if (!f)
		return 1;
	sig_put(g, msix(r, f, 2, two, 2));
	say("rogue: MSI-X left enabled (%c, err %d) for the destroy", g->s[0],
	    r->last_err);
	return 0;
}

struct rogue_case {
	const char *name;
	int (*run)(struct rogue *r, int argc, char **argv, struct sig *g);
	const char *about;
};

static const struct rogue_case cases[] = {
	{ "hello", case_hello, "read vendor:device of every function" },
	{ "offsets", case_offsets, "F: reads and writes at 0 .. 0xffffffff, widths 1 2 4 0 3 8" },
	{ "addr", case_addr, "F: ops for functions that do not exist" },
	{ "unknown", case_unknown, "F: op codes 6-11, 0x7f, 0xffffffff" },
	{ "command", case_command, "F FROM TO [WIDTH] | F reserved: COMMAND writes" },
	{ "filtered", case_filtered, "F: writes to BARs, ROM, RO header, MSI/MSI-X/PCIe/PM/AER" },
	{ "msi", case_msi, "F: MSI/MSI-X enable and disable in every order, bad counts" },
	{ "storm", case_storm, "F N: N x 6 refused ops" },
	{ "kicks", case_kicks, "N: N events without the active flag" },
	{ "flip", case_flip, "F N: N ops while another thread rewrites the op" },
	{ "leave", case_leave, "F: enable MSI-X (2 vectors) and leave it on" },
};

/* ------------------------------------------------- daemon and client --- */

/* run_case: one request line "CASE ARG..." with stdout on the client. */
static void run_case(struct rogue *r, char *line)
{
	char *argv[16];
	int argc = 0, rc = 1;
	unsigned long ops = r->ops, to = r->timeouts;
	struct sig g = { .n = 0 };
	const struct rogue_case *c = NULL;
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \n", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " \n", &save))
		argv[argc++] = tok;
	if (!argc)
		return;
	c = FIND_CASE(cases, argv[0]);
	if (!c) {
		say("rogue: error: no case %s", argv[0]);
		return;
	}
	say("rogue: case %s: %s", c->name, c->about);
	rc = c->run(r, argc, argv, &g);
	if (rc) {
		say("rogue: error: case %s could not run", c->name);
		return;
	}
	say("rogue: %lu ops, %lu unanswered; backend state %ld",
	    r->ops - ops, r->timeouts - to, xread_long(r->xs, r->be, "state", -1));
	say("VERDICT case=%s sig=%s", c->name, g.s);
}

static void daemon_loop(struct rogue *r, int lfd)
{
	uint64_t end = now_ms() + DAEMON_S * 1000ULL;
	char line[256];
	ssize_t n;
	int cfd, out;

	out = dup(1);
	while (now_ms() < end) {
		struct pollfd pfd = { .fd = lfd, .events = POLLIN };

		if (poll(&pfd, 1, 10000) <= 0)
			continue;
		cfd = accept(lfd, NULL, NULL);
		if (cfd < 0)
			continue;
		n = read(cfd, line, sizeof(line) - 1);
		if (n > 0) {
			line[n] = 0;
			fflush(stdout);
			dup2(cfd, 1);
			run_case(r, line);
			fflush(stdout);
			dup2(out, 1);
		}
		close(cfd);
	}
	_exit(0);
}

static int cmd_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	pid_t pid;
	int lfd;

	connect_backend(&R);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SOCK_PATH);
	unlink(SOCK_PATH);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 4))
		die("listening on %s", SOCK_PATH);
	pid = fork_detached();
	if (pid > 0) {
		say("rogue: daemon %d holds the connection; cases through %s",
		    (int)pid, SOCK_PATH);
		return 0;
	}
	daemon_loop(&R, lfd);
	return 0;
}

/* cmd_client: send the case to the daemon, copy its answer to stdout. */
static int cmd_client(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096], line[256] = "";
	bool verdict = false;
	size_t len = 0;
	ssize_t n;
	int fd, i;

	for (i = 0; i < argc; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
					i ? " " : "", argv[i]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", SOCK_PATH);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("no daemon at %s (rogue-pcifront connect first)", SOCK_PATH);
	if (write(fd, line, strlen(line)) < 0)
		die("write");
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		if (memmem(buf, (size_t)n, "VERDICT ", 8))
			verdict = true;
	}
	fflush(stdout);
	return verdict ? 0 : 1;
}

/* ------------------------------------------------------ dom0 side --- */

static size_t read_config(const char *bdf, uint8_t *buf)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("open %s", path);
	n = pread(fd, buf, 4096, 0);
	close(fd);
	if (n < 64)
		die("read %s", path);
	return (size_t)n;
}

static int cap_in(const uint8_t *c, size_t len, unsigned int id, bool ext)
{
	unsigned int pos, n = 64;

	if (!ext) {
		pos = c[0x34];
		while (pos >= 0x40 && pos + 1 < len && n--) {
			if (c[pos] == id)
				return (int)pos;
			pos = c[pos + 1];
		}
		return -1;
	}
	pos = 0x100;
	while (pos >= 0x100 && pos + 4 <= len && n--) {
		uint32_t h = c[pos] | c[pos + 1] << 8 | c[pos + 2] << 16 |
			     (uint32_t)c[pos + 3] << 24;

		if (!h || h == 0xffffffffU)
			return -1;
		if ((h & 0xffff) == id)
			return (int)pos;
		pos = (h >> 20) & 0xffc;
	}
	return -1;
}

/*
 * parse_allow: "OFF:WIDTH:MASK,..." (hex) into per-byte masks; OFF may be
 * capID+OFF or extID+OFF (a capability or extended capability of the
 * function; absent, the entry is skipped).
 */
static void parse_allow(const char *spec, const uint8_t *c, size_t len,
			uint8_t *allow)
{
	char *s = strdup(spec), *tok, *save = NULL, *p;
	unsigned long off, w, mask, i;
	int base;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		p = tok;
		base = 0;
		if (!strncmp(p, "cap", 3) || !strncmp(p, "ext", 3)) {
			bool ext = *p == 'e';

			base = cap_in(c, len, (unsigned int)strtoul(p + 3, &p, 16), ext);
			if (*p == '+')
				p++;
			if (base < 0)
				continue;
		}
		off = strtoul(p, &p, 16) + (unsigned long)base;
		w = *p == ':' ? strtoul(p + 1, &p, 16) : 1;
		mask = *p == ':' ? strtoul(p + 1, &p, 16) : 0xffffffffUL;
		for (i = 0; i < w && off + i < 4096; i++)
			allow[off + i] |= (uint8_t)(mask >> (8 * i));
	}
	free(s);
}

static int cmd_cfgsnap(const char *bdf, const char *file)
{
	uint8_t c[4096];
	size_t n = read_config(bdf, c);
	FILE *f = fopen(file, "w");

	if (!f || fwrite(c, 1, n, f) != n || fclose(f))
		die("writing %s", file);
	say("cfgsnap: %zu bytes of %s's config space; COMMAND 0x%04x", n, bdf,
	    c[4] | c[5] << 8);
	return 0;
}

static int cmd_cfgcheck(const char *bdf, const char *file, const char *spec,
			const char *stop, unsigned int maxs)
{
	uint8_t snap[4096], cur[4096], allow[4096] = { 0 }, seen[4096] = { 0 };
	uint16_t cmds[32];
	unsigned int ncmd = 0, bad = 0, moved = 0, i;
	unsigned long samples = 0;
	uint64_t end = now_ms() + maxs * 1000ULL;
	size_t n, sn;
	FILE *f = fopen(file, "r");

	if (!f)
		die("open %s", file);
	sn = fread(snap, 1, sizeof(snap), f);
	fclose(f);
	n = read_config(bdf, cur);
	if (n != sn)
		die("config size %zu, snapshot %zu", n, sn);
	parse_allow(spec, snap, n, allow);
	do {
		uint16_t cmd;
		unsigned int k;

		if (samples)
			read_config(bdf, cur);
		samples++;
		cmd = (uint16_t)(cur[4] | cur[5] << 8);
		for (k = 0; k < ncmd && cmds[k] != cmd; k++)
			;
		if (k == ncmd && ncmd < 32)
			cmds[ncmd++] = cmd;
		for (i = 0; i < n; i++) {
			uint8_t d = cur[i] ^ snap[i], forb = d & ~allow[i];

			/*
			 * Decoding that was on may never go off (XSA-120): the
			 * PCI core's disable leaves it on, so only a raw guest
			 * write could clear it.
			 */
			if (i == 4)
				forb |= (uint8_t)(snap[4] & ~cur[4] & 0x03);
			if (!d || (seen[i] & d) == d)
				continue;
			seen[i] |= d;
			if (!forb) {
				moved++;
				continue;
			}
			if (bad < 12)
				say("cfgcheck: FORBIDDEN change at %#05x: %#04x -> %#04x (bits %#04x; allowed to change %#04x)",
				    i, snap[i], cur[i], forb, allow[i]);
			bad++;
		}
	} while (stop && access(stop, F_OK) && now_ms() < end);
	printf("cfgcheck: %s: %lu sample(s); COMMAND values seen:", bdf, samples);
	for (i = 0; i < ncmd; i++)
		printf(" 0x%04x", cmds[i]);
	putchar('\n');
	say("cfgcheck: %u allowed change(s), %u forbidden", moved, bad);
	return bad ? 1 : 0;
}

/* cmd_kmsg: kernel log records since SEQFILE's sequence number. */
static int cmd_kmsg(const char *seqfile)
{
	unsigned long long last = 0, seq, max = 0, count = 0, lost = 0;
	char rec[2048], *semi;
	FILE *f = fopen(seqfile, "r");
	ssize_t n;
	int fd;

	if (f) {
		if (fscanf(f, "%llu", &last) != 1)
			last = 0;
		fclose(f);
	}
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		die("open /dev/kmsg");
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE) {
			lost++;
			continue;
		}
		if (n <= 0)
			break;
		rec[n] = 0;
		if (sscanf(rec, "%*u,%llu,", &seq) != 1)
			continue;
		if (seq > max)
			max = seq;
		if (f && seq <= last)
			continue;
		count++;
		semi = strchr(rec, ';');
		if (semi && (count <= 6)) {
			semi[strcspn(semi, "\n")] = 0;
			say("kmsg: %s", semi + 1);
		}
	}
	close(fd);
	f = fopen(seqfile, "w");
	if (f) {
		fprintf(f, "%llu\n", max);
		fclose(f);
	}
	say("kmsg: %llu new record(s)%s", count, lost ? " (some overwritten)" : "");
	return 0;
}

/*
 * cmd_handshake: connect with one flaw (magic "6", a pci-op-ref that is
 * not a grant, an event channel that does not exist): the backend must
 * refuse (not Connected, an error node) and stay well.
 */
static int cmd_handshake(const char *kind)
{
	char *err;
	long st;

	flaw = kind;
	connect_backend(&R);
	st = xread_long(R.xs, R.be, "state", -1);
	err = backend_error(R.xs, R.backend_id, R.be);
	say("rogue: backend state %ld; error node: %s", st, err ? err : "(none)");
	free(err);
	say("VERDICT case=handshake-%s sig=%s", kind,
	    st == XB_CONNECTED ? "connected" : "refused");
	return 0;
}

static void usage(void)
{
	printf("usage: rogue-pcifront connect\n"
	       "       rogue-pcifront handshake magic|gref|evtchn\n"
	       "       rogue-pcifront CASE [ARG...]\n"
	       "       rogue-pcifront cfgsnap BDF FILE\n"
	       "       rogue-pcifront cfgcheck BDF FILE ALLOW [STOPFILE MAXSECS]\n"
	       "       rogue-pcifront kmsg SEQFILE\n"
	       "cases (F: function number, 0 = the first pci=[] entry):\n");
	LIST_CASES(cases, 9);
	exit(2);
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "connect"))
		return cmd_connect();
	if (!strcmp(argv[1], "handshake") && argc == 3)
		return cmd_handshake(argv[2]);
	if (!strcmp(argv[1], "cfgsnap") && argc == 4)
		return cmd_cfgsnap(argv[2], argv[3]);
	if (!strcmp(argv[1], "cfgcheck") && (argc == 5 || argc == 7))
		return cmd_cfgcheck(argv[2], argv[3], argv[4],
				    argc == 7 ? argv[5] : NULL,
				    argc == 7 ? (unsigned int)atoi(argv[6]) : 0);
	if (!strcmp(argv[1], "kmsg") && argc == 3)
		return cmd_kmsg(argv[2]);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		usage();
	return cmd_client(argc - 1, argv + 1);
}
