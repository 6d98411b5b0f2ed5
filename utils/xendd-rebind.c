// SPDX-License-Identifier: GPL-2.0-only
/*
 * xendd-rebind - give the clients of a restarted network driver domain
 * their vifs back.
 *
 * xl creates a client's vif backend in the driver domain once, at client
 * creation.  When the driver domain is destroyed, the toolstack deletes
 * its whole xenstore tree, backends included; a driver domain started
 * again under the same name gets a new domain id and serves nobody.
 *
 * This service runs in dom0.  It remembers the name of every domain it
 * has seen, and looks at libxl's record of every vif
 * (/libxl/<frontend>/device/vif/<devid>, the keys libxl wrote into the
 * backend directory).  A vif whose backend domain is gone, whose name a
 * live domain now bears, is moved to that domain once it says it is
 * ready (its "xl devd" runs): in one transaction the backend directory is
 * re-created from libxl's record with state Initialising and libxl's
 * permissions, the frontend directory's permissions name the new backend
 * domain instead of the old one, the frontend's "mtu" node is created
 * again as libxl creates it (owned by the backend domain, readable by the
 * frontend), and the frontend's "backend" and "backend-id" keys and
 * libxl's "backend" key point to the new directory.
 * "xl devd" in the driver domain then runs the hotplug script, netback
 * probes the device, and xen-dd's netfront (which watches its "backend"
 * key once its backend vanished) reconnects.
 *
 * Why "mtu": libxl writes it into the frontend directory owned by the
 * backend domain (the hotplug script, vif-bridge, rewrites it with the
 * bridge's MTU).  xenstored deletes every node a removed domain owns, so
 * when the driver domain dies the client's "mtu" node goes with it, and
 * the new backend, which may only read the frontend directory, cannot
 * create it: vif-bridge fails ("Writing .../mtu 1500 to xenstore failed").
 *
 * See Documentation/admin-guide/driver-domain-restart.rst.
 *
 * lab-ldlibs: -lxenstore
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xenstore.h>

#define DOMID_LIMIT	0x7ff0		/* DOMID_FIRST_RESERVED */
#define PATH_LEN	256
#define RESCAN_MS	5000
/* The frontend "mtu" libxl writes when the vif's config names none. */
#define DEFAULT_MTU	"1500"

/* Keys of libxl's record that are libxl's own, not backend keys. */
static const char *const skip_keys[] = { "backend", "state", "hotplug-status" };

static struct xs_handle *xs;
static const char *ready_key = "data/xendd-rebind/ready";
static char **only_names;
static int n_only_names;
static bool verbose;
static volatile sig_atomic_t stop;

/* Last name seen for each domain id; NULL when never seen. */
static char *names[DOMID_LIMIT];

static void logmsg(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("xendd-rebind[%ld.%03ld]: ", (long)ts.tv_sec,
	       ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Parse a decimal domain id or device number; -1 when malformed. */
static long parse_num(const char *s, long max)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

static char *read_str(xs_transaction_t t, const char *fmt, ...)
{
	char path[PATH_LEN];
	unsigned int len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return xs_read(xs, t, path, &len);
}

static bool name_wanted(const char *name)
{
	int i;

	if (!n_only_names)
		return true;
	for (i = 0; i < n_only_names; i++)
		if (!strcmp(only_names[i], name))
			return true;
	return false;
}

/* Refresh names[] from /local/domain; returns the live domains' ids. */
static void refresh_names(bool live[DOMID_LIMIT])
{
	unsigned int i, n;
	char **ids;

	memset(live, 0, DOMID_LIMIT * sizeof(bool));
	ids = xs_directory(xs, XBT_NULL, "/local/domain", &n);
	for (i = 0; ids && i < n; i++) {
		long id = parse_num(ids[i], DOMID_LIMIT - 1);
		char *name;

		if (id < 0)
			continue;
		live[id] = true;
		name = read_str(XBT_NULL, "/local/domain/%ld/name", id);
		if (!name)
			continue;
		if (!names[id] || strcmp(names[id], name)) {
			if (verbose)
				logmsg("domain %ld is %s", id, name);
			free(names[id]);
			names[id] = name;
		} else {
			free(name);
		}
	}
	free(ids);
}

/* The live domain called @name, or -1. */
static long live_domain_named(const char *name, const bool live[DOMID_LIMIT])
{
	long id;

	for (id = 0; id < DOMID_LIMIT; id++)
		if (live[id] && names[id] && !strcmp(names[id], name))
			return id;
	return -1;
}

/* Has domain @id written its ready key (empty key: always ready)? */
static bool domain_ready(long id)
{
	char *v;

	if (!*ready_key)
		return true;
	v = read_str(XBT_NULL, "/local/domain/%ld/%s", id, ready_key);
	free(v);
	return v != NULL;
}

static bool set_perms2(xs_transaction_t t, const char *path,
		       unsigned int owner, unsigned int reader)
{
	struct xs_permissions p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};

	return xs_set_permissions(xs, t, path, p, 2);
}

/* mkdir @path (owned by dom0, readable by @reader) unless it exists. */
static bool ensure_dir(xs_transaction_t t, const char *path,
		       unsigned int reader)
{
	unsigned int n;
	char **d = xs_directory(xs, t, path, &n);

	if (d) {
		free(d);
		return true;
	}
	return xs_mkdir(xs, t, path) && set_perms2(t, path, 0, reader);
}

/*
 * Replace domain @from by @to in the permissions of @path and every node
 * below it (the frontend directory: readable by its backend).
 */
static bool move_perms(xs_transaction_t t, const char *path,
		       unsigned int from, unsigned int to)
{
	struct xs_permissions *p;
	unsigned int i, n;
	char **kids;
	bool ok = true;

	p = xs_get_permissions(xs, t, path, &n);
	if (!p)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i].id == from)
			p[i].id = to;
		p[i].perms &= XS_PERM_READ | XS_PERM_WRITE;
	}
	ok = xs_set_permissions(xs, t, path, p, n);
	free(p);
	kids = xs_directory(xs, t, path, &n);
	for (i = 0; ok && kids && i < n; i++) {
		char sub[PATH_LEN];

		snprintf(sub, sizeof(sub), "%s/%s", path, kids[i]);
		ok = move_perms(t, sub, from, to);
	}
	free(kids);
	return ok;
}

static bool skipped(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(skip_keys) / sizeof(skip_keys[0]); i++)
		if (!strcmp(key, skip_keys[i]))
			return true;
	return false;
}

/* Write @dir/@key = @val; with permissions (n@owner, r@reader) if @owner >= 0. */
static bool write_key(xs_transaction_t t, const char *dir, const char *key,
		      const char *val, long owner, long reader)
{
	char path[2 * PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	if (!xs_write(xs, t, path, val, strlen(val)))
		return false;
	return owner < 0 || set_perms2(t, path, owner, reader);
}

/*
 * Give the new backend domain @nb the frontend's "mtu" node, as libxl
 * does at vif creation: owned by @nb, readable by the frontend @fe.  Its
 * value: the node's own if it survived (a xenstored keeping orphaned
 * nodes hands them to dom0), else the MTU of libxl's record of the vif,
 * else libxl's default.
 */
static bool give_mtu(xs_transaction_t t, const char *fp, const char *lx,
		     long fe, long nb)
{
	char *v = read_str(t, "%s/mtu", fp);
	bool ok;

	if (!v)
		v = read_str(t, "%s/mtu", lx);
	ok = write_key(t, fp, "mtu", v ? v : DEFAULT_MTU, nb, fe);
	free(v);
	return ok;
}

/*
 * In transaction @t, move vif @devid of domain @fe from dead domain @old
 * to domain @nb, backend directory @be: the steps listed at the top of
 * this file.
 */
static bool rebind_in(xs_transaction_t t, long fe, long devid, long old,
		      long nb, const char be[PATH_LEN])
{
	char lx[PATH_LEN], fp[PATH_LEN], path[PATH_LEN], num[16];
	unsigned int i, n;
	char **keys;
	bool ok;

	snprintf(lx, sizeof(lx), "/libxl/%ld/device/vif/%ld", fe, devid);
	snprintf(fp, sizeof(fp), "/local/domain/%ld/device/vif/%ld", fe, devid);

	snprintf(path, sizeof(path), "/local/domain/%ld/backend", nb);
	ok = ensure_dir(t, path, nb);
	snprintf(path, sizeof(path), "/local/domain/%ld/backend/vif", nb);
	ok = ok && ensure_dir(t, path, nb);
	snprintf(path, sizeof(path), "/local/domain/%ld/backend/vif/%ld", nb, fe);
	ok = ok && ensure_dir(t, path, nb);
	ok = ok && xs_mkdir(xs, t, be) && set_perms2(t, be, nb, fe);
	if (!ok)
		return false;

	keys = xs_directory(xs, t, lx, &n);
	if (!keys)
		return false;
	for (i = 0; ok && i < n; i++) {
		char *v;

		if (skipped(keys[i]))
			continue;
		v = read_str(t, "%s/%s", lx, keys[i]);
		if (!v)
			continue;
		ok = write_key(t, be, keys[i], v, nb, fe);
		free(v);
	}
	free(keys);
	ok = ok && write_key(t, be, "state", "1", nb, fe);

	ok = ok && move_perms(t, fp, old, nb);
	ok = ok && give_mtu(t, fp, lx, fe, nb);
	snprintf(num, sizeof(num), "%ld", nb);
	ok = ok && write_key(t, fp, "backend-id", num, -1, -1);
	ok = ok && write_key(t, fp, "backend", be, -1, -1);
	ok = ok && write_key(t, lx, "backend", be, -1, -1);
	return ok;
}

static bool rebind(long fe, long devid, long old, long nb)
{
	char be[PATH_LEN];
	int tries;

	snprintf(be, sizeof(be), "/local/domain/%ld/backend/vif/%ld/%ld",
		 nb, fe, devid);
	for (tries = 0; tries < 10; tries++) {
		xs_transaction_t t = xs_transaction_start(xs);
		bool ok;

		if (t == XBT_NULL)
			return false;
		ok = rebind_in(t, fe, devid, old, nb, be);
		if (!ok) {
			int err = errno;

			xs_transaction_end(xs, t, true);
			logmsg("domain %ld vif %ld: moving to %s failed: %s",
			       fe, devid, be, strerror(err));
			return false;
		}
		if (xs_transaction_end(xs, t, false)) {
			logmsg("%s (domain %ld) vif %ld: backend domain %ld (%s) is gone, %s is back as domain %ld: backend re-created at %s",
			       names[fe] ? names[fe] : "?", fe, devid, old,
			       names[old], names[old], nb, be);
			return true;
		}
		if (errno != EAGAIN)
			return false;
	}
	return false;
}

/*
 * Look at one vif of libxl's records: move it when its backend domain is
 * gone and a domain of the same name is up and ready.
 */
static void scan_vif(long fe, long devid, const bool live[DOMID_LIMIT])
{
	char *be, *front;
	long old, nb;

	be = read_str(XBT_NULL, "/libxl/%ld/device/vif/%ld/backend", fe, devid);
	/* The frontend directory must still exist: the client is alive. */
	front = read_str(XBT_NULL, "/local/domain/%ld/device/vif/%ld/backend",
			 fe, devid);
	if (!be || !front ||
	    sscanf(be, "/local/domain/%ld/", &old) != 1 ||
	    old < 0 || old >= DOMID_LIMIT || live[old] || !names[old] ||
	    !name_wanted(names[old]))
		goto out;
	nb = live_domain_named(names[old], live);
	if (nb < 0 || nb == old)
		goto out;
	if (!domain_ready(nb)) {
		if (verbose)
			logmsg("domain %ld vif %ld: waiting for %s (domain %ld) to write %s",
			       fe, devid, names[nb], nb, ready_key);
		goto out;
	}
	rebind(fe, devid, old, nb);
out:
	free(be);
	free(front);
}

static void scan(bool live[DOMID_LIMIT])
{
	unsigned int i, j, n, m;
	char **fes, **devs;
	char path[PATH_LEN];

	refresh_names(live);
	fes = xs_directory(xs, XBT_NULL, "/libxl", &n);
	for (i = 0; fes && i < n; i++) {
		long fe = parse_num(fes[i], DOMID_LIMIT - 1);

		if (fe < 0 || !live[fe])
			continue;
		snprintf(path, sizeof(path), "/libxl/%ld/device/vif", fe);
		devs = xs_directory(xs, XBT_NULL, path, &m);
		for (j = 0; devs && j < m; j++) {
			long devid = parse_num(devs[j], 0xffff);

			if (devid >= 0)
				scan_vif(fe, devid, live);
		}
		free(devs);
	}
	free(fes);
}

/*
 * Watch the ready key of every live wanted domain, once per domain id: a
 * driver domain that comes back writes it after the domain appeared.
 */
static void watch_ready_keys(const bool live[DOMID_LIMIT])
{
	static bool watched[DOMID_LIMIT];
	char path[PATH_LEN];
	long id;

	if (!*ready_key)
		return;
	for (id = 1; id < DOMID_LIMIT; id++) {
		bool want = live[id] && names[id] && name_wanted(names[id]);

		if (want == watched[id])
			continue;
		snprintf(path, sizeof(path), "/local/domain/%ld/%s", id,
			 ready_key);
		if (want)
			watched[id] = xs_watch(xs, path, "ready");
		else
			watched[id] = !xs_unwatch(xs, path, "ready");
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: xendd-rebind [-1] [-v] [-w KEY] [DRIVER_DOMAIN_NAME...]\n"
		"  Re-create the vif backends of clients whose driver domain was\n"
		"  destroyed, in the domain of the same name once it is back.\n"
		"  -1      one pass, then exit (no service loop)\n"
		"  -v      log every domain seen and every wait\n"
		"  -w KEY  key, relative to the driver domain's xenstore directory,\n"
		"          that it writes once 'xl devd' runs (default %s;\n"
		"          '' = do not wait)\n"
		"  names   only these driver domains (default: every domain)\n",
		ready_key);
}

int main(int argc, char **argv)
{
	static bool live[DOMID_LIMIT];
	struct sigaction sa = { .sa_handler = on_signal };
	bool once = false;
	int opt;

	while ((opt = getopt(argc, argv, "1vw:h")) != -1) {
		switch (opt) {
		case '1':
			once = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'w':
			ready_key = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	only_names = argv + optind;
	n_only_names = argc - optind;

	xs = xs_open(0);
	if (!xs) {
		fprintf(stderr, "xendd-rebind: cannot connect to xenstore: %s\n",
			strerror(errno));
		return 1;
	}
	if (once) {
		scan(live);
		return 0;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (!xs_watch(xs, "@introduceDomain", "domains") ||
	    !xs_watch(xs, "@releaseDomain", "domains")) {
		fprintf(stderr, "xendd-rebind: cannot watch domains: %s\n",
			strerror(errno));
		return 1;
	}
	logmsg("watching for restarted driver domains (ready key %s)",
	       *ready_key ? ready_key : "none");
	while (!stop) {
		struct pollfd pfd = { .fd = xs_fileno(xs), .events = POLLIN };
		char **ev;

		scan(live);
		watch_ready_keys(live);
		/* A watch event, or a periodic rescan as a safety net. */
		if (poll(&pfd, 1, RESCAN_MS) < 0 && errno != EINTR)
			break;
		while ((ev = xs_check_watch(xs)))
			free(ev);
	}
	xs_close(xs);
	return 0;
}
