/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pure/sgrant.h - the table of a queue's static grants (netif.h "Static
 * Grants", control messages 8-10): which grant references the frontend
 * asked this backend to keep mapped, and in which slot of the queue's
 * mapping arrays each one lives.
 */
#ifndef XENVIF_PURE_SGRANT_H
#define XENVIF_PURE_SGRANT_H

#include <xen/xendd-pure.h>
#include <xen/xendd-sgrant.h>

/* Upper bound of the static_grants parameter (entries per queue). */
#define XENVIF_SGRANT_MAX		1024U
/* Entries of an ADD or DEL table: it starts, and ends, in one page. */
#define XENVIF_SGRANT_PER_PAGE		(4096U / sizeof(struct xendd_netif_gref))

/**
 * struct xenvif_sgrant_entry - one mapped grant
 * @ref: the frontend's grant reference
 * @slot: index into the caller's page and handle arrays
 * @flags: XENDD_NETIF_GREF_* it was added with
 */
struct xenvif_sgrant_entry {
	u32 ref;
	u16 slot;
	u16 flags;
};

/**
 * struct xenvif_sgrant - a queue's static grants, sorted by reference
 * @entries: @count entries in ascending @ref order (caller-owned, @cap long)
 * @free: the slots not in use, a stack of @cap - @count (caller-owned)
 * @count: entries in use
 * @cap: most entries the table holds (the static_grants parameter)
 */
struct xenvif_sgrant {
	struct xenvif_sgrant_entry *entries;
	u16 *free;
	unsigned int count;
	unsigned int cap;
};

void xenvif_sgrant_init(struct xenvif_sgrant *t,
			struct xenvif_sgrant_entry *entries, u16 *free,
			unsigned int cap);
u32 xenvif_sgrant_check_add(const struct xenvif_sgrant *t,
			    const struct xendd_netif_gref *tbl, unsigned int n,
			    u32 *scratch);
u32 xenvif_sgrant_check_del(const struct xenvif_sgrant *t, unsigned int n);
int xenvif_sgrant_insert(struct xenvif_sgrant *t, u32 ref, u16 flags);
int xenvif_sgrant_lookup(const struct xenvif_sgrant *t, u32 ref, u16 *flags);
int xenvif_sgrant_remove(struct xenvif_sgrant *t, u32 ref);

#endif /* XENVIF_PURE_SGRANT_H */
