// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/hash.c - the hash operations of the control ring (netif.h
 * "Control messages") and the Toeplitz function.
 *
 * Every parameter comes from the frontend and is checked here before it
 * is used as a size or an index (XSA-270).
 */
#include <xen/xendd-pure.h>
#include "hash.h"

/**
 * xenvif_hash_init() - no hashing, empty key, no mapping table.
 * @h: the configuration
 */
void xenvif_hash_init(struct xenvif_hash *h)
{
	memset(h, 0, sizeof(*h));
}

/**
 * xenvif_hash_set_algorithm() - XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM.
 * @h: the configuration
 * @alg: requested algorithm
 *
 * Return: a control status; choosing NONE also clears the flags.
 */
u32 xenvif_hash_set_algorithm(struct xenvif_hash *h, u32 alg)
{
	if (alg != XENVIF_HASH_ALG_NONE && alg != XENVIF_HASH_ALG_TOEPLITZ)
		return XENVIF_CTRL_INVALID_PARAMETER;
	h->alg = alg;
	if (alg == XENVIF_HASH_ALG_NONE)
		h->flags = 0;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_hash_set_flags() - XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS.
 * @h: the configuration
 * @flags: XENVIF_HASH_* bits
 *
 * Return: a control status: unknown bits are invalid, and so is any bit
 * while no algorithm is selected.
 */
u32 xenvif_hash_set_flags(struct xenvif_hash *h, u32 flags)
{
	if (flags & ~XENVIF_HASH_ALL)
		return XENVIF_CTRL_INVALID_PARAMETER;
	if (flags && h->alg == XENVIF_HASH_ALG_NONE)
		return XENVIF_CTRL_INVALID_PARAMETER;
	h->flags = flags;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_hash_check_key() - may a key of @len octets be copied in?
 * @len: the frontend's data[1]
 *
 * Return: XENVIF_CTRL_SUCCESS or XENVIF_CTRL_BUFFER_OVERFLOW.
 */
u32 xenvif_hash_check_key(u32 len)
{
	return len > XENVIF_HASH_KEY_MAX ? XENVIF_CTRL_BUFFER_OVERFLOW :
					   XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_hash_set_key() - XEN_NETIF_CTRL_TYPE_SET_HASH_KEY, after the copy.
 * @h: the configuration
 * @key: the copied key
 * @len: its length, already accepted by xenvif_hash_check_key()
 */
void xenvif_hash_set_key(struct xenvif_hash *h, const u8 *key, u32 len)
{
	memset(h->key, 0, sizeof(h->key));
	memcpy(h->key, key, min(len, XENVIF_HASH_KEY_MAX));
}

/**
 * xenvif_hash_set_mapping_size() - XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE.
 * @h: the configuration
 * @size: entries; 0 returns to modular mapping
 *
 * Return: a control status; on success the table is all queue 0.
 */
u32 xenvif_hash_set_mapping_size(struct xenvif_hash *h, u32 size)
{
	if (size > XENVIF_HASH_MAPPING_MAX)
		return XENVIF_CTRL_INVALID_PARAMETER;
	h->size = size;
	memset(h->mapping, 0, sizeof(h->mapping));
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_hash_check_mapping() - may a sub-table be copied in?
 * @h: the configuration
 * @len: entries in the sub-table (data[1])
 * @off: its first entry in the table (data[2])
 *
 * Checked before any copy: the sub-table must fit the page it comes in
 * and the table, with no wrap-around in @off + @len (XSA-270).
 *
 * Return: a control status.
 */
u32 xenvif_hash_check_mapping(const struct xenvif_hash *h, u32 len, u32 off)
{
	if (len > XENVIF_HASH_MAPPING_PER_PAGE)
		return XENVIF_CTRL_BUFFER_OVERFLOW;
	if (off > h->size || len > h->size - off)
		return XENVIF_CTRL_INVALID_PARAMETER;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_hash_set_mapping() - XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING.
 * @h: the configuration
 * @entries: the copied sub-table
 * @len: entries in it
 * @off: its first entry in the table
 * @num_queues: queues connected
 *
 * Return: a control status; the table changes only if every entry names
 * an existing queue.
 */
u32 xenvif_hash_set_mapping(struct xenvif_hash *h, const u32 *entries,
			    u32 len, u32 off, u32 num_queues)
{
	u32 i, status;

	status = xenvif_hash_check_mapping(h, len, off);
	if (status != XENVIF_CTRL_SUCCESS)
		return status;
	for (i = 0; i < len; i++)
		if (entries[i] >= num_queues)
			return XENVIF_CTRL_INVALID_PARAMETER;
	memcpy(&h->mapping[off], entries, len * sizeof(*entries));
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_toeplitz() - the Toeplitz hash of @data under @key.
 * @key: the key; octets past @key_len count as zero
 * @key_len: its length
 * @data: the input (addresses, then ports, in network order)
 * @len: its length
 *
 * For every set bit of the input, the 32 key bits starting at the same
 * bit position are XORed into the result.
 *
 * Return: the hash.
 */
u32 xenvif_toeplitz(const u8 *key, unsigned int key_len, const u8 *data,
		    unsigned int len)
{
	u64 window = 0;
	u32 hash = 0;
	unsigned int i, b;

	/* window holds key bits [pos, pos + 64) for the current bit pos. */
	for (i = 0; i < 8; i++)
		window = (window << 8) | (i < key_len ? key[i] : 0);

	for (i = 0; i < len; i++) {
		for (b = 0; b < 8; b++) {
			if (data[i] & (0x80U >> b))
				hash ^= (u32)(window >> 32);
			window <<= 1;
		}
		window |= i + 8 < key_len ? key[i + 8] : 0;
	}
	return hash;
}

/**
 * xenvif_hash_type() - which hash the frontend wants for a packet.
 * @flags: the XENVIF_HASH_* bits it enabled
 * @ipv6: the packet is IPv6 (else IPv4)
 * @tcp: the packet is an unfragmented TCP segment
 *
 * netif.h: the "maximal" enabled type applies, so a TCP packet is hashed
 * with its ports when IPVx_TCP is on, over the addresses alone when only
 * IPVx is on.
 *
 * Return: XENVIF_HASH_TYPE_*, or -ENOENT when no enabled type applies.
 */
int xenvif_hash_type(u32 flags, bool ipv6, bool tcp)
{
	int base = ipv6 ? XENVIF_HASH_TYPE_IPV6 : XENVIF_HASH_TYPE_IPV4;

	if (tcp && (flags & (1U << (base + 1))))
		return base + 1;
	if (flags & (1U << base))
		return base;
	return -ENOENT;
}

/**
 * xenvif_hash_queue() - the queue a hash steers to.
 * @h: the configuration
 * @hash: the packet's hash
 * @num_queues: queues connected, at least 1
 *
 * Return: the mapping table entry for @hash, or @hash modulo the queues
 * without a table; never @num_queues or above.
 */
unsigned int xenvif_hash_queue(const struct xenvif_hash *h, u32 hash,
			       unsigned int num_queues)
{
	u32 q;

	if (!num_queues)
		return 0;
	q = h->size ? h->mapping[hash % h->size] : hash % num_queues;
	return q < num_queues ? q : 0;
}
