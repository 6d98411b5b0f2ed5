/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/hash.h - control-ring hash configuration and Toeplitz hashing.
 */
#ifndef XENVIF_PURE_HASH_H
#define XENVIF_PURE_HASH_H

#include <xen/xendd-pure.h>

/* netif.h XEN_NETIF_CTRL_STATUS_* */
#define XENVIF_CTRL_SUCCESS		0U
#define XENVIF_CTRL_NOT_SUPPORTED	1U
#define XENVIF_CTRL_INVALID_PARAMETER	2U
#define XENVIF_CTRL_BUFFER_OVERFLOW	3U

/* netif.h XEN_NETIF_CTRL_HASH_ALGORITHM_* */
#define XENVIF_HASH_ALG_NONE		0U
#define XENVIF_HASH_ALG_TOEPLITZ	1U

/* netif.h XEN_NETIF_CTRL_HASH_TYPE_* (bits) */
#define XENVIF_HASH_IPV4		0x1U
#define XENVIF_HASH_IPV4_TCP		0x2U
#define XENVIF_HASH_IPV6		0x4U
#define XENVIF_HASH_IPV6_TCP		0x8U
#define XENVIF_HASH_ALL			0xfU

/* netif.h _XEN_NETIF_CTRL_HASH_TYPE_*: bit numbers, as in a hash extra. */
#define XENVIF_HASH_TYPE_IPV4		0
#define XENVIF_HASH_TYPE_IPV4_TCP	1
#define XENVIF_HASH_TYPE_IPV6		2
#define XENVIF_HASH_TYPE_IPV6_TCP	3

/* Limits this backend supports (netif.h leaves them to the backend). */
#define XENVIF_HASH_KEY_MAX		40U
#define XENVIF_HASH_MAPPING_MAX		128U
/* Entries of a mapping sub-table that fit the one page it comes in. */
#define XENVIF_HASH_MAPPING_PER_PAGE	(4096U / 4U)

/**
 * struct xenvif_hash - the frontend's hash configuration.
 * @alg: XENVIF_HASH_ALG_*
 * @flags: XENVIF_HASH_* bits enabled
 * @key: Toeplitz key; octets past what the frontend set are zero
 * @size: mapping entries in use; 0: queue = hash % queues
 * @mapping: hash-to-queue table
 */
struct xenvif_hash {
	u32 alg;
	u32 flags;
	u8 key[XENVIF_HASH_KEY_MAX];
	u32 size;
	u32 mapping[XENVIF_HASH_MAPPING_MAX];
};

void xenvif_hash_init(struct xenvif_hash *h);
u32 xenvif_hash_set_algorithm(struct xenvif_hash *h, u32 alg);
u32 xenvif_hash_set_flags(struct xenvif_hash *h, u32 flags);
u32 xenvif_hash_check_key(u32 len);
void xenvif_hash_set_key(struct xenvif_hash *h, const u8 *key, u32 len);
u32 xenvif_hash_set_mapping_size(struct xenvif_hash *h, u32 size);
u32 xenvif_hash_check_mapping(const struct xenvif_hash *h, u32 len, u32 off);
u32 xenvif_hash_set_mapping(struct xenvif_hash *h, const u32 *entries,
			    u32 len, u32 off, u32 num_queues);
u32 xenvif_toeplitz(const u8 *key, unsigned int key_len, const u8 *data,
		    unsigned int len);
int xenvif_hash_type(u32 flags, bool ipv6, bool tcp);
unsigned int xenvif_hash_queue(const struct xenvif_hash *h, u32 hash,
			       unsigned int num_queues);

#endif /* XENVIF_PURE_HASH_H */
