// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/xsparse.c - bounded scanners for xenstore values.
 *
 * Values come from the toolstack or, for frontend keys, from the guest,
 * and are not NUL-terminated by contract: every scanner takes a length
 * and reads no further.  A value of a numeric key may end in one NUL.
 */
#include <xen/xendd-pure.h>
#include "xsparse.h"

/* Decimal digits from *pos on, at least one; stops at the first other char. */
static int xenvif_scan_dec(const char *s, size_t len, size_t *pos,
			   unsigned long max, unsigned long *val)
{
	unsigned long v = 0;
	size_t start = *pos;

	while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
		unsigned int d = (unsigned int)(s[*pos] - '0');

		if (v > (max - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
		(*pos)++;
	}
	if (*pos == start)
		return -EINVAL;
	*val = v;
	return 0;
}

/* Accept the end of the value, or a single NUL ending it. */
static bool xenvif_at_end(const char *s, size_t len, size_t pos)
{
	return pos == len || (pos + 1 == len && s[pos] == '\0');
}

/**
 * xenvif_parse_uint() - a whole value as an unsigned decimal.
 * @s: the value
 * @len: its length
 * @max: the largest value accepted
 * @val: the result
 *
 * Return: 0, -EINVAL for anything but digits (no sign, no space, no
 * base prefix) or -ERANGE above @max.
 */
int xenvif_parse_uint(const char *s, size_t len, unsigned long max,
		      unsigned long *val)
{
	size_t pos = 0;
	int err;

	err = xenvif_scan_dec(s, len, &pos, max, val);
	if (err)
		return err;
	return xenvif_at_end(s, len, pos) ? 0 : -EINVAL;
}

/**
 * xenvif_parse_rate() - the backend "rate" key, "bytes,usec".
 * @s: the value
 * @len: its length
 * @bytes: bytes per period, at least 1
 * @usec: period in microseconds, 1 to 2^32 - 1
 *
 * Return: 0 or -EINVAL (malformed, zero) or -ERANGE (too large).
 */
int xenvif_parse_rate(const char *s, size_t len, unsigned long *bytes,
		      unsigned long *usec)
{
	unsigned long b, u;
	size_t pos = 0;
	int err;

	err = xenvif_scan_dec(s, len, &pos, (unsigned long)-2, &b);
	if (err)
		return err;
	if (pos >= len || s[pos] != ',')
		return -EINVAL;
	pos++;
	err = xenvif_scan_dec(s, len, &pos, 0xffffffffUL, &u);
	if (err)
		return err;
	if (!xenvif_at_end(s, len, pos) || b == 0 || u == 0)
		return -EINVAL;
	*bytes = b;
	*usec = u;
	return 0;
}

/**
 * xenvif_parse_mac() - the "mac" key, "xx:xx:xx:xx:xx:xx".
 * @s: the value
 * @len: its length
 * @mac: the six bytes
 *
 * Exactly two hex digits per byte, colon-separated.
 *
 * Return: 0 or -EINVAL; @mac is written only on success.
 */
int xenvif_parse_mac(const char *s, size_t len, u8 mac[6])
{
	u8 out[6];
	size_t pos = 0;
	unsigned int i;

	for (i = 0; i < 6; i++) {
		int hi, lo;

		if (i && (pos >= len || s[pos++] != ':'))
			return -EINVAL;
		if (pos + 2 > len)
			return -EINVAL;
		hi = xendd_hex_value(s[pos]);
		lo = xendd_hex_value(s[pos + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (u8)(hi << 4 | lo);
		pos += 2;
	}
	if (!xenvif_at_end(s, len, pos))
		return -EINVAL;
	memcpy(mac, out, sizeof(out));
	return 0;
}

/**
 * xenvif_check_num_queues() - the frontend's multi-queue-num-queues.
 * @requested: the value it wrote (1 when the key is absent)
 * @max: the multi-queue-max-queues we advertised
 *
 * Return: @requested as an int, or -EINVAL for 0 or more than @max.
 */
int xenvif_check_num_queues(unsigned long requested, unsigned int max)
{
	if (requested == 0 || requested > max)
		return -EINVAL;
	return (int)requested;
}

/**
 * xenvif_check_xdp_headroom() - the frontend's xdp-headroom.
 * @headroom: the value it wrote
 *
 * netif.h bounds it by XEN_NETIF_MAX_XDP_HEADROOM (0x7fff); the RX path
 * puts the first slot's data after it in one page, so it must leave at
 * least half of that page for data.
 *
 * Return: 0, or -EINVAL for half a page or more.
 */
int xenvif_check_xdp_headroom(unsigned long headroom)
{
	return headroom >= 4096 / 2 ? -EINVAL : 0;
}
