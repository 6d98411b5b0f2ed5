// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for xen-netback's static-grant table (netif.h "Static
 * Grants", control messages 8-10; drivers/net/xen-netback/pure/sgrant.c).
 * The rogue-frontend cases guard the bug class of XSA-270: a control
 * message whose counts and contents the backend trusted.
 */
#include "../../drivers/net/xen-netback/pure/hash.c"
#include "../../drivers/net/xen-netback/pure/sgrant.c"
#include "xtest.h"

#define CAP 256U

struct fixture {
	struct xenvif_sgrant t;
	struct xenvif_sgrant_entry entries[CAP];
	u16 free[CAP];
	struct xendd_netif_gref tbl[XENVIF_SGRANT_PER_PAGE];
	u32 scratch[XENVIF_SGRANT_PER_PAGE];
};

static struct fixture *setup(unsigned int cap)
{
	struct fixture *f = calloc(1, sizeof(*f));

	xenvif_sgrant_init(&f->t, f->entries, f->free, cap);
	return f;
}

/* Fill @n table entries with refs @base, @base + @step, ... */
static void fill(struct fixture *f, unsigned int n, u32 base, u32 step)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		f->tbl[i].ref = base + i * step;
		f->tbl[i].flags = 0;
		f->tbl[i].status = 0xffff;
	}
}

/* Validate and insert @n entries, as the driver does. */
static u32 add(struct fixture *f, unsigned int n)
{
	u32 st = xenvif_sgrant_check_add(&f->t, f->tbl, n, f->scratch);
	unsigned int i;

	if (st)
		return st;
	for (i = 0; i < n; i++)
		if (xenvif_sgrant_insert(&f->t, f->tbl[i].ref, f->tbl[i].flags) < 0)
			return 99;
	return 0;
}

/* Entries stay sorted by ref and every slot is in use exactly once. */
static int consistent(const struct fixture *f)
{
	unsigned char seen[CAP] = { 0 };
	unsigned int i;

	for (i = 0; i < f->t.count; i++) {
		if (i && f->t.entries[i - 1].ref >= f->t.entries[i].ref)
			return 0;
		if (f->t.entries[i].slot >= f->t.cap || seen[f->t.entries[i].slot]++)
			return 0;
	}
	for (i = 0; i < f->t.cap - f->t.count; i++)
		if (f->t.free[i] >= f->t.cap || seen[f->t.free[i]]++)
			return 0;
	return 1;
}

XTEST(empty_table_finds_nothing)
{
	struct fixture *f = setup(CAP);

	XCHECK_EQ(xenvif_sgrant_lookup(&f->t, 0, NULL), -ENOENT);
	XCHECK_EQ(xenvif_sgrant_remove(&f->t, 7), -ENOENT);
	XCHECK(consistent(f));
	free(f);
}

XTEST(add_then_lookup_returns_distinct_slots_and_flags)
{
	struct fixture *f = setup(CAP);
	u16 flags = 0;
	int a, b;

	fill(f, 2, 100, 5);
	f->tbl[1].flags = XENDD_NETIF_GREF_READONLY;
	XCHECK_EQ(add(f, 2), XENVIF_CTRL_SUCCESS);
	a = xenvif_sgrant_lookup(&f->t, 100, &flags);
	XCHECK(a >= 0);
	XCHECK_EQ(flags, 0);
	b = xenvif_sgrant_lookup(&f->t, 105, &flags);
	XCHECK(b >= 0 && b != a);
	XCHECK_EQ(flags, XENDD_NETIF_GREF_READONLY);
	XCHECK_EQ(xenvif_sgrant_lookup(&f->t, 101, NULL), -ENOENT);
	XCHECK(consistent(f));
	free(f);
}

XTEST(full_rx_ring_of_grants_fits_the_default_capacity)
{
	struct fixture *f = setup(CAP);
	unsigned int i;

	fill(f, CAP, 4000, 1);
	XCHECK_EQ(add(f, CAP), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(f->t.count, CAP);
	for (i = 0; i < CAP; i++)
		XCHECK(xenvif_sgrant_lookup(&f->t, 4000 + i, NULL) >= 0);
	XCHECK(consistent(f));
	free(f);
}

XTEST(xsa270_add_over_capacity_is_refused_whole)
{
	struct fixture *f = setup(16);

	fill(f, 17, 1, 1);
	XCHECK_EQ(add(f, 17), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(f->t.count, 0);
	free(f);
}

XTEST(xsa270_add_after_add_filling_capacity_is_refused)
{
	struct fixture *f = setup(16);

	fill(f, 16, 1, 1);
	XCHECK_EQ(add(f, 16), XENVIF_CTRL_SUCCESS);
	fill(f, 1, 1000, 1);
	XCHECK_EQ(add(f, 1), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(f->t.count, 16);
	XCHECK(consistent(f));
	free(f);
}

XTEST(xsa270_table_larger_than_a_page_is_refused)
{
	struct fixture *f = setup(CAP);

	XCHECK_EQ(xenvif_sgrant_check_add(&f->t, f->tbl, XENVIF_SGRANT_PER_PAGE + 1,
					  f->scratch), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_sgrant_check_add(&f->t, f->tbl, 0xffffffffU, f->scratch),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_sgrant_check_del(&f->t, XENVIF_SGRANT_PER_PAGE + 1),
		  XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_sgrant_check_del(&f->t, XENVIF_SGRANT_PER_PAGE),
		  XENVIF_CTRL_SUCCESS);
	free(f);
}

XTEST(empty_tables_are_refused)
{
	struct fixture *f = setup(CAP);

	XCHECK_EQ(add(f, 0), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(xenvif_sgrant_check_del(&f->t, 0), XENVIF_CTRL_INVALID_PARAMETER);
	free(f);
}

XTEST(xsa270_duplicate_within_the_table_is_refused)
{
	struct fixture *f = setup(CAP);

	fill(f, 200, 50, 3);
	f->tbl[199].ref = f->tbl[3].ref;
	XCHECK_EQ(add(f, 200), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(f->t.count, 0);
	free(f);
}

XTEST(xsa270_duplicate_of_a_mapped_grant_is_refused)
{
	struct fixture *f = setup(CAP);

	fill(f, 4, 10, 1);
	XCHECK_EQ(add(f, 4), XENVIF_CTRL_SUCCESS);
	fill(f, 3, 20, 1);
	f->tbl[2].ref = 12;
	XCHECK_EQ(add(f, 3), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(f->t.count, 4);
	XCHECK_EQ(xenvif_sgrant_lookup(&f->t, 20, NULL), -ENOENT);
	free(f);
}

XTEST(xsa270_unknown_flags_are_refused)
{
	struct fixture *f = setup(CAP);

	fill(f, 3, 1, 1);
	f->tbl[1].flags = 0x8000;
	XCHECK_EQ(add(f, 3), XENVIF_CTRL_INVALID_PARAMETER);
	f->tbl[1].flags = XENDD_NETIF_GREF_READONLY | 2;
	XCHECK_EQ(add(f, 3), XENVIF_CTRL_INVALID_PARAMETER);
	XCHECK_EQ(f->t.count, 0);
	free(f);
}

XTEST(remove_frees_the_slot_for_the_next_insert)
{
	struct fixture *f = setup(2);
	int a, b, c;

	a = xenvif_sgrant_insert(&f->t, 5, 0);
	b = xenvif_sgrant_insert(&f->t, 6, 0);
	XCHECK_EQ(xenvif_sgrant_insert(&f->t, 7, 0), -ENOSPC);
	XCHECK_EQ(xenvif_sgrant_remove(&f->t, 5), a);
	c = xenvif_sgrant_insert(&f->t, 7, 0);
	XCHECK_EQ(c, a);
	XCHECK(c != b);
	XCHECK(consistent(f));
	free(f);
}

XTEST(remove_of_unknown_ref_changes_nothing)
{
	struct fixture *f = setup(CAP);

	fill(f, 8, 1, 2);
	XCHECK_EQ(add(f, 8), XENVIF_CTRL_SUCCESS);
	XCHECK_EQ(xenvif_sgrant_remove(&f->t, 2), -ENOENT);
	XCHECK_EQ(xenvif_sgrant_remove(&f->t, 0xffffffffU), -ENOENT);
	XCHECK_EQ(f->t.count, 8);
	XCHECK(consistent(f));
	free(f);
}

XTEST(insert_of_present_ref_is_refused)
{
	struct fixture *f = setup(CAP);

	XCHECK(xenvif_sgrant_insert(&f->t, 9, 0) >= 0);
	XCHECK_EQ(xenvif_sgrant_insert(&f->t, 9, 0), -EEXIST);
	XCHECK_EQ(f->t.count, 1);
	free(f);
}

XTEST(add_del_in_any_order_keeps_the_table_consistent)
{
	struct fixture *f = setup(CAP);
	u32 x = 12345;
	unsigned int i, present = 0;

	for (i = 0; i < 20000; i++) {
		u32 ref;

		x = x * 1103515245U + 12345U;
		ref = (x >> 8) % 600;
		if (x & 1) {
			if (xenvif_sgrant_insert(&f->t, ref, 0) >= 0)
				present++;
		} else if (xenvif_sgrant_remove(&f->t, ref) >= 0) {
			present--;
		}
		XCHECK_EQ(f->t.count, present);
	}
	XCHECK(consistent(f));
	free(f);
}

XTEST(capacity_is_clamped_to_the_maximum)
{
	struct xenvif_sgrant t;
	static struct xenvif_sgrant_entry e[XENVIF_SGRANT_MAX];
	static u16 fr[XENVIF_SGRANT_MAX];

	xenvif_sgrant_init(&t, e, fr, 100000);
	XCHECK_EQ(t.cap, XENVIF_SGRANT_MAX);
	xenvif_sgrant_init(&t, NULL, NULL, 256);
	XCHECK_EQ(t.cap, 0);
	XCHECK_EQ(xenvif_sgrant_insert(&t, 1, 0), -ENOSPC);
}


XTEST(table_entries_are_eight_bytes_as_in_netif_h)
{
	XCHECK_EQ(sizeof(struct xendd_netif_gref), 8);
	XCHECK_EQ(offsetof(struct xendd_netif_gref, flags), 4);
	XCHECK_EQ(offsetof(struct xendd_netif_gref, status), 6);
}
