/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rogue-util.h - what the lab's rogue peers (rogue-netfront.c,
 * rogue-netback.c, rogue-pcifront.c) share: one-line output, fatal
 * errors, millisecond clocks, "dir/key" xenstore accessors, bounded waits
 * on a key, transactions, event channels and the detached child.
 * Header-only (static inline), since the lab builds each tool from its
 * one .c file.  A tool that uses ring.h includes this header first: it
 * supplies the barriers ring.h leaves to its includer.
 */
#ifndef ROGUE_UTIL_H
#define ROGUE_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>
#include <xenevtchn.h>

/* ring.h wants the barriers of the including environment (x86, TSO). */
#define mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#define PAGE		4096U
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The xenbus states (xenbus.h's XenbusState*) the rogues step through. */
enum xb_state {
	XB_INITIALISING = 1, XB_INITWAIT = 2, XB_INITIALISED = 3,
	XB_CONNECTED = 4, XB_CLOSING = 5, XB_CLOSED = 6,
};

/* say: one fact a line on stdout, flushed (the scenario reads it live). */
static inline void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* die: "rogue: error: ..." with errno's text if set, exit status 2. */
static inline void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static inline void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	printf("rogue: error: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (e)
		printf(" (%s)", strerror(e));
	putchar('\n');
	fflush(stdout);
	exit(2);
}

static inline uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* xread: the value of dir/key (malloc'ed), or NULL. */
static inline char *xread(struct xs_handle *xs, xs_transaction_t t,
			  const char *dir, const char *key)
{
	char path[320];
	unsigned int len;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	return xs_read(xs, t, path, &len);
}

/* xread_long: dir/key as a number, @dflt when absent or not a number. */
static inline long xread_long(struct xs_handle *xs, const char *dir,
			      const char *key, long dflt)
{
	char *s = xread(xs, XBT_NULL, dir, key), *end;
	long v;

	if (!s)
		return dflt;
	v = strtol(s, &end, 10);
	if (end == s)
		v = dflt;
	free(s);
	return v;
}

/* xwrite: dir/key = printf(fmt, ...). */
static inline bool xwrite(struct xs_handle *xs, xs_transaction_t t,
			  const char *dir, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline bool xwrite(struct xs_handle *xs, xs_transaction_t t,
			  const char *dir, const char *key, const char *fmt, ...)
{
	char path[320], val[160];
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return xs_write(xs, t, path, val, strlen(val));
}

/*
 * xwait: read dir/key until its value is in [lo, hi] or @ms passed; with
 * @gone, also once it is absent (-1).  Between two reads @tick(@arg), or
 * 20 ms of sleep when there is no @tick.  Returns the last value read.
 */
static inline long xwait(struct xs_handle *xs, const char *dir, const char *key,
			 long lo, long hi, unsigned int ms, bool gone,
			 void (*tick)(void *), void *arg)
{
	uint64_t end = now_ms() + ms;
	long v;

	for (;;) {
		v = xread_long(xs, dir, key, -1);
		if ((v >= lo && v <= hi) || (gone && v < 0) || now_ms() >= end)
			return v;
		if (tick)
			tick(arg);
		else
			sleep_ms(20);
	}
}

/* wait_key: until dir/key is in [lo, hi] or gone (-1); bounded. */
static inline long wait_key(struct xs_handle *xs, const char *dir,
			    const char *key, long lo, long hi, unsigned int ms)
{
	return xwait(xs, dir, key, lo, hi, ms, true, NULL, NULL);
}

/*
 * xtx_start, xtx_commit: one xenstore transaction, redone while xenstored
 * answers EAGAIN:
 *	do { t = xtx_start(xs); ...writes... } while (!xtx_commit(xs, t));
 * Any other failure is fatal.
 */
static inline xs_transaction_t xtx_start(struct xs_handle *xs)
{
	xs_transaction_t t = xs_transaction_start(xs);

	if (!t)
		die("xs_transaction_start");
	return t;
}

static inline bool xtx_commit(struct xs_handle *xs, xs_transaction_t t)
{
	if (xs_transaction_end(xs, t, false))
		return true;
	if (errno != EAGAIN)
		die("xs_transaction_end");
	return false;
}

static inline struct xs_handle *open_xs(void)
{
	struct xs_handle *xs = xs_open(0);

	if (!xs)
		die("xs_open");
	return xs;
}

static inline xenevtchn_handle *open_evtchn(void)
{
	xenevtchn_handle *xce = xenevtchn_open(NULL, 0);

	if (!xce)
		die("xenevtchn_open");
	return xce;
}

/*
 * read_backend: the backend directory that frontend directory @fe names,
 * into @be, and the backend's domain; false when @fe names none.
 */
static inline bool read_backend(struct xs_handle *xs, const char *fe,
				char *be, size_t n, unsigned int *domid)
{
	char *s = xread(xs, XBT_NULL, fe, "backend");

	if (!s)
		return false;
	snprintf(be, n, "%s", s);
	free(s);
	*domid = (unsigned int)xread_long(xs, fe, "backend-id", 0);
	return true;
}

/*
 * backend_error: why backend @be of domain @domid gave up (malloc'ed), or
 * NULL.  xenbus_dev_fatal() leaves it in error/<@be below its domain>.
 */
static inline char *backend_error(struct xs_handle *xs, unsigned int domid,
				  const char *be)
{
	const char *rel = be + strlen("/local/domain/");
	char path[320];
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u/error%s/error", domid,
		 rel + strcspn(rel, "/"));
	return xs_read(xs, XBT_NULL, path, &len);
}

/* evtchn_offer: an unbound event channel for domain @domid to bind. */
static inline evtchn_port_t evtchn_offer(xenevtchn_handle *xce,
					 unsigned int domid)
{
	xenevtchn_port_or_error_t p = xenevtchn_bind_unbound_port(xce, domid);

	if (p < 0)
		die("xenevtchn_bind_unbound_port");
	return (evtchn_port_t)p;
}

/* evtchn_drain: acknowledge whatever the peer signalled; never blocks. */
static inline void evtchn_drain(xenevtchn_handle *xce)
{
	struct pollfd pfd = { .fd = xenevtchn_fd(xce), .events = POLLIN };
	xenevtchn_port_or_error_t p;

	while (poll(&pfd, 1, 0) > 0) {
		p = xenevtchn_pending(xce);
		if (p < 0)
			break;
		xenevtchn_unmask(xce, (evtchn_port_t)p);
	}
}

/* evtchn_wait: up to @ms for a first event, then drain them all. */
static inline void evtchn_wait(xenevtchn_handle *xce, unsigned int ms)
{
	struct pollfd pfd = { .fd = xenevtchn_fd(xce), .events = POLLIN };

	if (poll(&pfd, 1, (int)ms) > 0)
		evtchn_drain(xce);
}

/* evtchn_kicks: @n notifications on @port; returns how many failed. */
static inline unsigned long evtchn_kicks(xenevtchn_handle *xce,
					 evtchn_port_t port, unsigned long n)
{
	unsigned long i, fail = 0;

	for (i = 0; i < n; i++)
		if (xenevtchn_notify(xce, port) < 0)
			fail++;
	return fail;
}

/*
 * fork_detached: fork (or die) with stdout flushed first; the child gets
 * a session of its own and /dev/null for stdin, stdout and stderr.
 * Returns what fork() returned.
 */
static inline pid_t fork_detached(void)
{
	pid_t pid;
	int fd;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid > 0)
		return pid;
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/*
 * The case tables: each tool has an array of its own struct, with the
 * string members "name" and "about".  FIND_CASE is the entry named @s (or
 * NULL); LIST_CASES prints "  NAME ABOUT" a line, NAME padded to @width.
 * Both pass the table's first name and about, and the size of an entry.
 */
#define FIND_CASE(tab, s) \
	case_find(tab, &(tab)[0].name, ARRAY_SIZE(tab), sizeof((tab)[0]), s)
#define LIST_CASES(tab, width) \
	case_list(tab, &(tab)[0].name, &(tab)[0].about, ARRAY_SIZE(tab), \
		  sizeof((tab)[0]), width)

/* case_str: the string member at the offset of @m0 in @tab[0], in @tab[i]. */
static inline const char *case_str(const void *tab, const char *const *m0,
				   size_t size, size_t i)
{
	const char *e = (const char *)tab + i * size;

	return *(const char *const *)(e + ((const char *)m0 - (const char *)tab));
}

static inline const void *case_find(const void *tab, const char *const *name,
				    size_t n, size_t size, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(case_str(tab, name, size, i), s))
			return (const char *)tab + i * size;
	return NULL;
}

static inline void case_list(const void *tab, const char *const *name,
			     const char *const *about, size_t n, size_t size,
			     int width)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("  %-*s %s\n", width, case_str(tab, name, size, i),
		       case_str(tab, about, size, i));
}

#endif /* ROGUE_UTIL_H */
