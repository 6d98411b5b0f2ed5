/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xtest.h - a minimal unit-test harness for pure/ code on the host.
 *
 * A test file includes the pure .c file(s) under test directly (the same
 * file the module compiles; no copy), then declares tests:
 *
 *	XTEST(slot_accepts_domainless_bdf)
 *	{
 *		XCHECK_EQ(parse(...), 0);
 *	}
 *
 * A test program is a single translation unit.  Each XTEST registers itself through a constructor; the main() below runs
 * them all in declaration order, prints one line per failing check and a
 * closing "<name>: N passed, N failed" line, and exits non-zero on failure.
 * tests/run-unit.sh sums the closing lines of every test program.
 */
#ifndef XTEST_H
#define XTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xtest {
	const char *name;
	void (*fn)(void);
	struct xtest *next;
};

static struct xtest *xtest_head, **xtest_tail = &xtest_head;
static int xtest_failed_checks;

#define XTEST(n)							\
	static void xtest_fn_##n(void);					\
	static struct xtest xtest_##n = { #n, xtest_fn_##n, NULL };	\
	__attribute__((constructor)) static void xtest_reg_##n(void)	\
	{								\
		*xtest_tail = &xtest_##n;				\
		xtest_tail = &xtest_##n.next;				\
	}								\
	static void xtest_fn_##n(void)

#define XFAIL_AT(fmt, ...)						\
	do {								\
		fprintf(stderr, "  %s:%d: " fmt "\n", __FILE__,	\
			__LINE__, ##__VA_ARGS__);			\
		xtest_failed_checks++;					\
	} while (0)

#define XCHECK(cond)							\
	do {								\
		if (!(cond))						\
			XFAIL_AT("check failed: %s", #cond);		\
	} while (0)

#define XCHECK_EQ(a, b)							\
	do {								\
		long long xa_ = (long long)(a), xb_ = (long long)(b);	\
		if (xa_ != xb_)						\
			XFAIL_AT("%s == %lld, expected %s == %lld",	\
				 #a, xa_, #b, xb_);			\
	} while (0)

#define XCHECK_STR(a, b)						\
	do {								\
		const char *xa_ = (a), *xb_ = (b);			\
		if (strcmp(xa_, xb_))					\
			XFAIL_AT("%s == \"%s\", expected \"%s\"",	\
				 #a, xa_, xb_);				\
	} while (0)

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	const char *only = argc > 1 ? argv[1] : NULL;
	unsigned int passed = 0, failed = 0;
	struct xtest *t;

	name = name ? name + 1 : argv[0];
	for (t = xtest_head; t; t = t->next) {
		int before = xtest_failed_checks;

		if (only && strcmp(only, t->name))
			continue;
		t->fn();
		if (xtest_failed_checks != before) {
			fprintf(stderr, "FAIL %s.%s\n", name, t->name);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%s: %u passed, %u failed\n", name, passed, failed);
	return failed ? 1 : 0;
}
#endif /* XTEST_H */
