// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenstore.c - xenstore value parsers and feature arithmetic (xenstore.h).
 */
#include <xen/xendd-pure.h>
#include "xenstore.h"

/**
 * xennet_parse_mac() - parse the vif's "mac" key.
 * @s: the value, "xx:xx:xx:xx:xx:xx" with hex digits of either case
 * @len: its length; a single trailing NUL is tolerated
 * @mac: where to store the six bytes (untouched on error)
 *
 * A multicast or all-zero address cannot be a station address and is
 * rejected like a syntax error.
 *
 * Return: 0 or -EINVAL.
 */
int xennet_parse_mac(const char *s, size_t len, u8 mac[XENNET_MAC_LEN])
{
	u8 out[XENNET_MAC_LEN];
	unsigned int i;

	if (len == 18 && s[17] == '\0')
		len = 17;
	if (len != 17)
		return -EINVAL;
	for (i = 0; i < XENNET_MAC_LEN; i++) {
		int hi = xendd_hex_value(s[3 * i]);
		int lo = xendd_hex_value(s[3 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i + 1 < XENNET_MAC_LEN && s[3 * i + 2] != ':')
			return -EINVAL;
		out[i] = (u8)(hi << 4 | lo);
	}
	if (out[0] & 1)
		return -EINVAL;
	if (!(out[0] | out[1] | out[2] | out[3] | out[4] | out[5]))
		return -EINVAL;
	memcpy(mac, out, XENNET_MAC_LEN);
	return 0;
}

/**
 * xennet_parse_uint() - parse a decimal xenstore number.
 * @s: the value: one or more decimal digits, nothing else
 * @len: its length; a single trailing NUL is tolerated
 * @max: the largest acceptable value
 * @val: where to store the value (untouched on error)
 *
 * Return: 0, -EINVAL for syntax (even when also too big), -ERANGE above
 * @max.
 */
int xennet_parse_uint(const char *s, size_t len, u32 max, u32 *val)
{
	bool too_big = false;
	u64 v = 0;
	size_t i;

	if (len && s[len - 1] == '\0')
		len--;
	if (!len)
		return -EINVAL;
	/* Syntax first: "99999x" is malformed, not out of range. */
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (too_big)
			continue;
		v = v * 10 + (u64)(s[i] - '0');
		too_big = v > max;
	}
	if (too_big)
		return -ERANGE;
	*val = (u32)v;
	return 0;
}

/**
 * xennet_tx_offloads() - transmit offloads a backend's features allow.
 * @backend_features: XENNET_BF_* bits read from the backend
 *
 * Every netback takes IPv4 TCP/UDP packets with a blank checksum; the
 * rest is advertised.  GSO needs scatter-gather (a GSO packet spans many
 * slots) and the matching checksum offload.
 *
 * Return: XENNET_TXF_* bits.
 */
u32 xennet_tx_offloads(u32 backend_features)
{
	u32 f = XENNET_TXF_IP_CSUM;

	if (backend_features & XENNET_BF_IPV6_CSUM)
		f |= XENNET_TXF_IPV6_CSUM;
	if (backend_features & XENNET_BF_SG)
		f |= XENNET_TXF_SG;
	if ((f & XENNET_TXF_SG) && (f & XENNET_TXF_IP_CSUM) &&
	    (backend_features & XENNET_BF_GSO_TCPV4))
		f |= XENNET_TXF_TSO;
	if ((f & XENNET_TXF_SG) && (f & XENNET_TXF_IPV6_CSUM) &&
	    (backend_features & XENNET_BF_GSO_TCPV6))
		f |= XENNET_TXF_TSO6;
	return f;
}

/**
 * xennet_num_queues() - how many queues to ask for.
 * @wanted: our limit (the max_queues parameter), at least 1
 * @backend_max: multi-queue-max-queues, 0 when the backend lacks the key
 *
 * Return: min(@wanted, @backend_max), and 1 for a single-queue backend.
 */
u32 xennet_num_queues(u32 wanted, u32 backend_max)
{
	if (!wanted)
		wanted = 1;
	if (backend_max <= 1)
		return 1;
	return min(wanted, backend_max);
}

/**
 * xennet_backend_trusted() - may the backend see stale guest memory?
 * @param: the trusted module parameter: 1 (Y), 0 (N) or -1 (auto)
 * @key: the device's xenstore "trusted" key: 1, 0, or -1 when absent
 * @backend_domid: the backend's domain id
 *
 * The parameter, when set, decides.  Otherwise only a backend in dom0 is
 * trusted, and only if the toolstack's per-device key does not say 0: the
 * key can lower trust but not raise it (libxl writes "1" by default, even
 * for a driver domain).  An untrusted backend gets tx data bounced into
 * zeroed pages and zeroed rx pages (XSA-403).
 *
 * Return: true when the backend is trusted.
 */
bool xennet_backend_trusted(int param, int key, u32 backend_domid)
{
	if (param >= 0)
		return param != 0;
	return backend_domid == 0 && key != 0;
}
