// SPDX-License-Identifier: GPL-2.0-only
/*
 * netback_sgrant.c - fuzz target for xen-netback's static-grant table
 * (drivers/net/xen-netback/pure/sgrant.c, netif.h control messages 9
 * and 10).
 *
 * The input is a capacity byte, then a run of requests: one byte (bit 0:
 * ADD or DEL; the rest: the entry count), followed by that many 8-byte
 * table entries.  The driver's order is followed: ADD is checked, then
 * every entry inserted; DEL removes entry by entry.  Invariants a hostile
 * frontend must not break abort() on breach (XSA-270): a checked ADD never
 * fails to insert, the table never grows past its capacity, stays sorted,
 * and every slot is in use or free exactly once.
 */
#include "../../drivers/net/xen-netback/pure/hash.c"
#include "../../drivers/net/xen-netback/pure/sgrant.c"

#include <stdio.h>
#include <stdlib.h>

#define FZ_CAP_MAX 64U

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netback_sgrant: %s\n", what);
		abort();
	}
}

static void fz_consistent(const struct xenvif_sgrant *t)
{
	unsigned char seen[FZ_CAP_MAX] = { 0 };
	unsigned int i;

	fz_check(t->count <= t->cap, "count within capacity");
	for (i = 0; i < t->count; i++) {
		fz_check(!i || t->entries[i - 1].ref < t->entries[i].ref, "sorted");
		fz_check(t->entries[i].slot < t->cap && !seen[t->entries[i].slot]++,
			 "entry slot unique");
	}
	for (i = 0; i < t->cap - t->count; i++)
		fz_check(t->free[i] < t->cap && !seen[t->free[i]]++, "free slot unique");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xenvif_sgrant_entry entries[FZ_CAP_MAX];
	u16 free_slots[FZ_CAP_MAX];
	struct xendd_netif_gref tbl[128];
	u32 scratch[128];
	struct xenvif_sgrant t;

	if (size < 1)
		return 0;
	xenvif_sgrant_init(&t, entries, free_slots, data[0] % (FZ_CAP_MAX + 1));
	data++;
	size--;
	while (size >= 1) {
		unsigned int op = data[0] & 1, n = data[0] >> 1, i;

		data++;
		size--;
		if (size < n * sizeof(tbl[0]))
			n = size / sizeof(tbl[0]);
		memcpy(tbl, data, n * sizeof(tbl[0]));
		data += n * sizeof(tbl[0]);
		size -= n * sizeof(tbl[0]);
		if (op == 0) {
			unsigned int before = t.count;

			if (xenvif_sgrant_check_add(&t, tbl, n, scratch) == XENVIF_CTRL_SUCCESS) {
				for (i = 0; i < n; i++)
					fz_check(xenvif_sgrant_insert(&t, tbl[i].ref,
								      tbl[i].flags) >= 0,
						 "checked ADD inserts");
				fz_check(t.count == before + n, "ADD adds n");
			} else {
				fz_check(t.count == before, "refused ADD changes nothing");
			}
		} else if (xenvif_sgrant_check_del(&t, n) == XENVIF_CTRL_SUCCESS) {
			for (i = 0; i < n; i++) {
				int slot = xenvif_sgrant_remove(&t, tbl[i].ref);

				fz_check(slot < (int)t.cap, "removed slot in range");
				fz_check(xenvif_sgrant_lookup(&t, tbl[i].ref, NULL) < 0,
					 "removed ref gone");
			}
		}
		fz_consistent(&t);
	}
	return 0;
}
