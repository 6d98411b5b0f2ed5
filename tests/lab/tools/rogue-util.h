/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rogue-util.h - what the lab's rogue peers (rogue-netfront.c,
 * rogue-netback.c) share: one-line output, fatal errors, millisecond
 * clocks and "dir/key" xenstore accessors.  Header-only (static inline),
 * since the lab builds each tool from its one .c file.
 */
#ifndef ROGUE_UTIL_H
#define ROGUE_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

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

#endif /* ROGUE_UTIL_H */
