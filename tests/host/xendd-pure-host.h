/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xendd-pure-host.h - the host half of include/xen/xendd-pure.h.
 *
 * Maps what pure code uses from the kernel onto libc, for unit tests and
 * fuzzers.  Keep it to definitions with the kernel's exact meaning.
 */
#ifndef XENDD_PURE_HOST_H
#define XENDD_PURE_HOST_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define fallthrough __attribute__((fallthrough))
#define BIT(nr) (1UL << (nr))

#endif /* XENDD_PURE_HOST_H */
