/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xendd-pure.h - the one seam between "pure" protocol logic and its host.
 *
 * Files under drivers/.../pure/ implement parsers, validators and
 * arithmetic that need no kernel object.  They are compiled three ways:
 * into the kernel module, into host unit tests (gcc with ASan/UBSan) and
 * into libFuzzer targets.  They include this header and nothing else from
 * the kernel; the kernel build maps it to kernel headers, the host build to
 * libc and a few equivalent definitions (tests/host/xendd-pure-host.h).
 * "make pure-includes" enforces the rule.
 *
 * Pure code takes inputs and caller-owned buffers and returns a value or a
 * negative errno.  It never allocates, locks, logs or sleeps.
 */
#ifndef XENDD_PURE_H
#define XENDD_PURE_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/compiler.h>

#else /* host build: unit tests and fuzzers */

/* libc and the few kernel definitions pure code uses, for the host. */
#include "../../tests/host/xendd-pure-host.h"

#endif /* __KERNEL__ */

/**
 * xendd_hex_value() - value of one hexadecimal digit
 * @c: the character
 *
 * Shared by every pure parser (no ctype.h: it differs between the kernel
 * and libc halves of the seam).
 *
 * Return: 0-15 for [0-9a-fA-F], -1 for anything else.
 */
static inline int xendd_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif /* XENDD_PURE_H */
