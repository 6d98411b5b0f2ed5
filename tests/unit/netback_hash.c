// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for xen-netback's control-ring hash operations and Toeplitz
 * function (drivers/net/xen-netback/pure/hash.c).  Rogue-frontend tests
 * are named after XSA-270 (unchecked control-ring parameters).
 */
#include "../../drivers/net/xen-netback/pure/hash.c"
#include "xtest.h"

/* The Microsoft RSS verification key. */
static const u8 rss_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

XTEST(toeplitz_ipv4_matches_rss_vector)
{
	/* 66.9.149.187 -> 161.142.100.80 */
	const u8 in[] = { 66, 9, 149, 187, 161, 142, 100, 80 };

	XCHECK_EQ(xenvif_toeplitz(rss_key, 40, in, sizeof(in)), 0x323e8fc2);
}

XTEST(toeplitz_ipv4_tcp_matches_rss_vector)
{
	/* 66.9.149.187:2794 -> 161.142.100.80:1766 */
	const u8 in[] = { 66, 9, 149, 187, 161, 142, 100, 80,
			  0x0a, 0xea, 0x06, 0xe6 };

	XCHECK_EQ(xenvif_toeplitz(rss_key, 40, in, sizeof(in)), 0x51ccc178);
}

XTEST(toeplitz_second_ipv4_vector)
{
	/* 199.92.111.2:14230 -> 65.69.140.83:4739 */
	const u8 in[] = { 199, 92, 111, 2, 65, 69, 140, 83,
			  0x37, 0x96, 0x12, 0x83 };

	XCHECK_EQ(xenvif_toeplitz(rss_key, 40, in, 8), 0xd718262a);
	XCHECK_EQ(xenvif_toeplitz(rss_key, 40, in, sizeof(in)), 0xc626b0ea);
}

XTEST(toeplitz_empty_key_hashes_to_zero)
{
	const u8 in[] = { 1, 2, 3, 4 };

	XCHECK_EQ(xenvif_toeplitz(rss_key, 0, in, sizeof(in)), 0);
}

XTEST(toeplitz_input_longer_than_key_reads_no_further)
{
	u8 in[36];
	u8 *key = malloc(4);

	memset(in, 0xff, sizeof(in));
	memcpy(key, rss_key, 4);
	/* ASan: a 4-octet key must not be read past its end. */
	(void)xenvif_toeplitz(key, 4, in, sizeof(in));
	free(key);
}

XTEST(algorithm_none_and_toeplitz_accepted)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	XCHECK_EQ(xenvif_hash_set_algorithm(&h, XENVIF_HASH_ALG_TOEPLITZ),
		  XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_hash_set_algorithm(&h, 2), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(h.alg, XENVIF_HASH_ALG_TOEPLITZ);
}

XTEST(flags_need_an_algorithm)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	XCHECK_EQ(xenvif_hash_set_flags(&h, XENVIF_HASH_IPV4),
		  XENVIF_CTRL_INVALID_PARAMETER);
	xenvif_hash_set_algorithm(&h, XENVIF_HASH_ALG_TOEPLITZ);
	XCHECK_EQ(xenvif_hash_set_flags(&h, XENVIF_HASH_ALL), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_hash_set_flags(&h, 0x10), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(h.flags, XENVIF_HASH_ALL);
	xenvif_hash_set_algorithm(&h, XENVIF_HASH_ALG_NONE);
	XCHECK_EQ(h.flags, 0);
}

XTEST(xsa270_key_longer_than_40_is_refused_before_copy)
{
	XCHECK_EQ(xenvif_hash_check_key(40), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_hash_check_key(41), XENVIF_CTRL_BUFFER_OVERFLOW);
	XCHECK_EQ(xenvif_hash_check_key(0xffffffffU), XENVIF_CTRL_BUFFER_OVERFLOW);
}

XTEST(short_key_is_zero_padded)
{
	struct xenvif_hash h;
	const u8 k[2] = { 0xaa, 0xbb };

	xenvif_hash_init(&h);
	memset(h.key, 0x55, sizeof(h.key));
	xenvif_hash_set_key(&h, k, 2);
	XCHECK_EQ(h.key[0], 0xaa);
	XCHECK_EQ(h.key[1], 0xbb);
	XCHECK_EQ(h.key[2], 0);
	XCHECK_EQ(h.key[39], 0);
}

XTEST(xsa270_mapping_size_above_128_is_invalid)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	XCHECK_EQ(xenvif_hash_set_mapping_size(&h, 128), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_hash_set_mapping_size(&h, 129),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(h.size, 128);
}

XTEST(xsa270_mapping_past_table_end_is_invalid)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	xenvif_hash_set_mapping_size(&h, 64);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 64, 0), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 1, 64),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 2, 63),
		  XENVIF_CTRL_INVALID_PARAMETER);
}

XTEST(xsa270_mapping_offset_plus_length_does_not_wrap)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	xenvif_hash_set_mapping_size(&h, 64);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 2, 0xffffffffU),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 0xffffffffU, 1),
		  XENVIF_CTRL_BUFFER_OVERFLOW);
}

XTEST(xsa270_mapping_longer_than_a_page_overflows)
{
	struct xenvif_hash h;

	xenvif_hash_init(&h);
	xenvif_hash_set_mapping_size(&h, 128);
	XCHECK_EQ(xenvif_hash_check_mapping(&h, 1025, 0),
		  XENVIF_CTRL_BUFFER_OVERFLOW);
}

XTEST(xsa270_mapping_to_missing_queue_is_invalid)
{
	struct xenvif_hash h;
	const u32 e[3] = { 0, 1, 2 };

	xenvif_hash_init(&h);
	xenvif_hash_set_mapping_size(&h, 4);
	XCHECK_EQ(xenvif_hash_set_mapping(&h, e, 3, 0, 2),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(h.mapping[1], 0);
	XCHECK_EQ(xenvif_hash_set_mapping(&h, e, 3, 1, 3), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(h.mapping[3], 2);
}

XTEST(queue_from_table_or_modulo)
{
	struct xenvif_hash h;
	const u32 e[2] = { 1, 0 };

	xenvif_hash_init(&h);
	XCHECK_EQ(xenvif_hash_queue(&h, 7, 4), 3);
	xenvif_hash_set_mapping_size(&h, 2);
	xenvif_hash_set_mapping(&h, e, 2, 0, 2);
	XCHECK_EQ(xenvif_hash_queue(&h, 4, 2), 1);
	XCHECK_EQ(xenvif_hash_queue(&h, 5, 2), 0);
	/* A table left from more queues never steers past the current ones. */
	XCHECK_EQ(xenvif_hash_queue(&h, 4, 1), 0);
	XCHECK_EQ(xenvif_hash_queue(&h, 4, 0), 0);
}

/* Hash type of a packet: the "maximal" enabled type (netif.h) */

XTEST(hash_type_tcp_uses_ports_when_tcp_type_enabled)
{
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV4 | XENVIF_HASH_IPV4_TCP,
				   false, true), XENVIF_HASH_TYPE_IPV4_TCP);
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_ALL, true, true),
		  XENVIF_HASH_TYPE_IPV6_TCP);
}

XTEST(hash_type_tcp_falls_back_to_addresses)
{
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV4, false, true),
		  XENVIF_HASH_TYPE_IPV4);
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV6, true, true),
		  XENVIF_HASH_TYPE_IPV6);
}

XTEST(hash_type_non_tcp_needs_the_address_type)
{
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV4_TCP, false, false), -ENOENT);
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV4, false, false),
		  XENVIF_HASH_TYPE_IPV4);
}

XTEST(hash_type_other_family_flags_do_not_apply)
{
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV4 | XENVIF_HASH_IPV4_TCP,
				   true, true), -ENOENT);
	XCHECK_EQ(xenvif_hash_type(XENVIF_HASH_IPV6_TCP, false, true), -ENOENT);
	XCHECK_EQ(xenvif_hash_type(0, false, true), -ENOENT);
}
