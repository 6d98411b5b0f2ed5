// SPDX-License-Identifier: GPL-2.0-only
/*
 * netback_tx.c - fuzz target for xen-netback's guest-TX chain parser.
 *
 * The input is a run of 12-byte TX ring slots (a frontend's view of the
 * ring), preceded by one byte choosing fatal_skb_slots.  The parser walks
 * chain after chain the way the NAPI poll does; invariants a hostile
 * frontend must not break are checked and any breach abort()s:
 *  - a chain never claims more slots than it was given;
 *  - an accepted chain's slots each stay inside their page, add up to
 *    the packet's length, and number no more than max_slots after the
 *    first (no chain consumed has more than fatal_slots after the first);
 *  - a fatal or incomplete verdict never consumes anything.
 */
#include "../../drivers/net/xen-netback/pure/tx.c"

#include <stdio.h>
#include <stdlib.h>

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netback_tx: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xenvif_tx_limits lim = { .max_slots = 18, .fatal_slots = 20 };
	struct xenvif_tx_slot *slots;
	unsigned int n, off = 0;

	if (size < 1)
		return 0;
	lim.fatal_slots = 18 + data[0] % 15;
	data++;
	size--;
	n = size / sizeof(*slots);
	if (n > 256)
		n = 256;
	slots = malloc(n ? n * sizeof(*slots) : 1);
	if (!slots)
		abort();
	memcpy(slots, data, n * sizeof(*slots));

	while (off < n) {
		struct xenvif_tx_pkt pkt;
		enum xenvif_tx_verdict v;
		unsigned int i, sum = 0;

		v = xenvif_tx_parse(&slots[off], n - off, &lim, &pkt);
		if (v == XENVIF_TX_FATAL || v == XENVIF_TX_INCOMPLETE) {
			fz_check(pkt.consumed == 0, "fatal chain consumed slots");
			break;
		}
		fz_check(pkt.consumed >= 1 && pkt.consumed <= n - off,
			 "chain claims slots it was not given");
		fz_check(pkt.consumed == pkt.nr_slots + pkt.nr_extras,
			 "slot accounting");
		fz_check(pkt.nr_slots - 1 <= lim.fatal_slots, "above fatal limit");
		if (v == XENVIF_TX_OK) {
			fz_check(pkt.nr_slots - 1 <= lim.max_slots, "above max slots");
			fz_check(pkt.len >= XENVIF_ETH_HLEN, "runt accepted");
			for (i = 0; i < pkt.nr_slots; i++) {
				const struct xenvif_tx_slot *s =
					&slots[off + xenvif_tx_data_index(&pkt, i)];
				unsigned int len = xenvif_tx_slot_len(&slots[off], &pkt, i);

				fz_check(s->offset + len <= XENVIF_PAGE_SIZE,
					 "slot beyond its page");
				sum += len;
			}
			fz_check(sum == pkt.len, "slot lengths do not add up");
		}
		off += pkt.consumed;
	}
	free(slots);
	return 0;
}
