// SPDX-License-Identifier: GPL-2.0-only
/*
 * pure/sgrant.c - a queue's static-grant table: validation of the
 * frontend's ADD and DEL tables, and the reference -> slot lookup the
 * guest-RX path does once per slot.
 *
 * The table is a sorted array with a stack of free slots beside it, both
 * owned by the caller: lookup is a binary search (at most 11 steps at
 * XENVIF_SGRANT_MAX), insert and remove move at most the whole array.
 * Everything a frontend sends is validated before anything is changed, so
 * the caller can keep ADD all or nothing.
 */
#include "hash.h"
#include "sgrant.h"

/**
 * xenvif_sgrant_init() - an empty table over caller-owned arrays.
 * @t: the table
 * @entries: @cap entries
 * @free: @cap slots
 * @cap: entries the table may hold, at most XENVIF_SGRANT_MAX
 */
void xenvif_sgrant_init(struct xenvif_sgrant *t,
			struct xenvif_sgrant_entry *entries, u16 *free,
			unsigned int cap)
{
	unsigned int i;

	if (cap > XENVIF_SGRANT_MAX)
		cap = XENVIF_SGRANT_MAX;
	t->entries = entries;
	t->free = free;
	t->count = 0;
	t->cap = entries && free ? cap : 0;
	/* Slot 0 on top, so the first entries get the low slots. */
	for (i = 0; i < t->cap; i++)
		free[i] = (u16)(t->cap - 1 - i);
}

/* Index of the first entry whose ref is not below @ref. */
static unsigned int sgrant_lower_bound(const struct xenvif_sgrant *t, u32 ref)
{
	unsigned int lo = 0, hi = t->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t->entries[mid].ref < ref)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Sift-down of a max-heap of @n references rooted at @i. */
static void sgrant_sift(u32 *a, unsigned int i, unsigned int n)
{
	for (;;) {
		unsigned int c = 2 * i + 1;
		u32 tmp;

		if (c >= n)
			return;
		if (c + 1 < n && a[c + 1] > a[c])
			c++;
		if (a[i] >= a[c])
			return;
		tmp = a[i];
		a[i] = a[c];
		a[c] = tmp;
		i = c;
	}
}

/* Heapsort: O(n log n) whatever order a frontend chose. */
static void sgrant_sort(u32 *a, unsigned int n)
{
	unsigned int i;

	for (i = n / 2; i-- > 0;)
		sgrant_sift(a, i, n);
	while (n-- > 1) {
		u32 tmp = a[0];

		a[0] = a[n];
		a[n] = tmp;
		sgrant_sift(a, 0, n);
	}
}

/**
 * xenvif_sgrant_check_add() - may the @n entries of an ADD table be added?
 * @t: the queue's table
 * @tbl: the table, already copied out of the frontend's page
 * @n: its entries (ADD_GREF_MAPPING data[2])
 * @scratch: room for @n references (sorted here to find duplicates)
 *
 * An ADD must name 1 to XENVIF_SGRANT_PER_PAGE entries, fit the table's
 * free room, carry no flag but XENDD_NETIF_GREF_READONLY and name no
 * reference twice, neither within @tbl nor one the table already holds.
 *
 * Return: XENVIF_CTRL_SUCCESS if every entry may be added,
 * XENVIF_CTRL_INVALID_PARAMETER otherwise.
 */
u32 xenvif_sgrant_check_add(const struct xenvif_sgrant *t,
			    const struct xendd_netif_gref *tbl, unsigned int n,
			    u32 *scratch)
{
	unsigned int i;

	if (!n || n > XENVIF_SGRANT_PER_PAGE || n > t->cap - t->count)
		return XENVIF_CTRL_INVALID_PARAMETER;
	for (i = 0; i < n; i++) {
		if (tbl[i].flags & ~XENDD_NETIF_GREF_READONLY)
			return XENVIF_CTRL_INVALID_PARAMETER;
		if (xenvif_sgrant_lookup(t, tbl[i].ref, NULL) >= 0)
			return XENVIF_CTRL_INVALID_PARAMETER;
		scratch[i] = tbl[i].ref;
	}
	sgrant_sort(scratch, n);
	for (i = 1; i < n; i++)
		if (scratch[i] == scratch[i - 1])
			return XENVIF_CTRL_INVALID_PARAMETER;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_sgrant_check_del() - may a DEL table of @n entries be processed?
 * @t: the queue's table
 * @n: its entries (DEL_GREF_MAPPING data[2])
 *
 * Unknown references fail one by one (each entry's status); only a table
 * that does not fit its page fails as a whole.
 *
 * Return: XENVIF_CTRL_SUCCESS or XENVIF_CTRL_INVALID_PARAMETER.
 */
u32 xenvif_sgrant_check_del(const struct xenvif_sgrant *t, unsigned int n)
{
	(void)t;
	if (!n || n > XENVIF_SGRANT_PER_PAGE)
		return XENVIF_CTRL_INVALID_PARAMETER;
	return XENVIF_CTRL_SUCCESS;
}

/**
 * xenvif_sgrant_insert() - add @ref, taking a free slot.
 * @t: the table
 * @ref: the grant reference
 * @flags: XENDD_NETIF_GREF_* it was added with
 *
 * Return: the slot now holding @ref, -ENOSPC if the table is full,
 * -EEXIST if it holds @ref already.
 */
int xenvif_sgrant_insert(struct xenvif_sgrant *t, u32 ref, u16 flags)
{
	unsigned int pos;
	u16 slot;

	if (t->count >= t->cap)
		return -ENOSPC;
	pos = sgrant_lower_bound(t, ref);
	if (pos < t->count && t->entries[pos].ref == ref)
		return -EEXIST;
	slot = t->free[t->cap - t->count - 1];
	memmove(&t->entries[pos + 1], &t->entries[pos],
		(t->count - pos) * sizeof(t->entries[0]));
	t->entries[pos].ref = ref;
	t->entries[pos].slot = slot;
	t->entries[pos].flags = flags;
	t->count++;
	return slot;
}

/**
 * xenvif_sgrant_lookup() - the slot holding @ref.
 * @t: the table
 * @ref: the grant reference
 * @flags: if not NULL, gets the flags @ref was added with
 *
 * Return: the slot, or -ENOENT.
 */
int xenvif_sgrant_lookup(const struct xenvif_sgrant *t, u32 ref, u16 *flags)
{
	unsigned int pos = sgrant_lower_bound(t, ref);

	if (pos >= t->count || t->entries[pos].ref != ref)
		return -ENOENT;
	if (flags)
		*flags = t->entries[pos].flags;
	return t->entries[pos].slot;
}

/**
 * xenvif_sgrant_remove() - drop @ref and free its slot.
 * @t: the table
 * @ref: the grant reference
 *
 * Return: the slot @ref held (the caller still has to unmap it), or
 * -ENOENT.
 */
int xenvif_sgrant_remove(struct xenvif_sgrant *t, u32 ref)
{
	unsigned int pos = sgrant_lower_bound(t, ref);
	u16 slot;

	if (pos >= t->count || t->entries[pos].ref != ref)
		return -ENOENT;
	slot = t->entries[pos].slot;
	memmove(&t->entries[pos], &t->entries[pos + 1],
		(t->count - pos - 1) * sizeof(t->entries[0]));
	t->count--;
	t->free[t->cap - t->count - 1] = slot;
	return slot;
}
