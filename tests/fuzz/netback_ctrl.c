// SPDX-License-Identifier: GPL-2.0-only
/*
 * netback_ctrl.c - fuzz target for xen-netback's control-ring hash
 * operations (drivers/net/xen-netback/pure/hash.c).
 *
 * The input is a queue count (one byte) and then a run of 16-byte control
 * requests {type, data[0..2]} followed by the bytes the grant copies of
 * SET_HASH_KEY and SET_HASH_MAPPING would bring in.  The driver's order is
 * followed: check, copy (from the input), apply.  Invariants a hostile
 * frontend must not break abort() on breach (XSA-270): the table never
 * grows past 128 entries, every entry names a connected queue, and the
 * chosen queue is always below the queue count.
 */
#include "../../drivers/net/xen-netback/pure/hash.c"

#include <stdio.h>
#include <stdlib.h>

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netback_ctrl: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xenvif_hash h;
	unsigned int num_queues, i;
	u8 buf[XENVIF_HASH_MAPPING_MAX * 4];

	if (size < 1)
		return 0;
	num_queues = data[0] % 9;
	data++;
	size--;
	xenvif_hash_init(&h);

	while (size >= 16) {
		u32 req[4];

		memcpy(req, data, sizeof(req));
		data += 16;
		size -= 16;
		switch (req[0] % 8) {
		case 2:
			xenvif_hash_set_flags(&h, req[1]);
			break;
		case 3:
			if (xenvif_hash_check_key(req[2]) != XENVIF_CTRL_SUCCESS)
				break;
			fz_check(req[2] <= sizeof(buf), "key check let a big copy through");
			memset(buf, 0, sizeof(buf));
			memcpy(buf, data, min((size_t)req[2], size));
			xenvif_hash_set_key(&h, buf, req[2]);
			break;
		case 5:
			xenvif_hash_set_mapping_size(&h, req[1]);
			break;
		case 6:
			if (xenvif_hash_check_mapping(&h, req[2], req[3]) !=
			    XENVIF_CTRL_SUCCESS)
				break;
			fz_check(req[2] * 4 <= sizeof(buf), "mapping check let a big copy through");
			memset(buf, 0, sizeof(buf));
			memcpy(buf, data, min((size_t)req[2] * 4, size));
			xenvif_hash_set_mapping(&h, (const u32 *)buf, req[2], req[3],
						num_queues);
			break;
		case 7:
			xenvif_hash_set_algorithm(&h, req[1]);
			break;
		default:
			break;
		}
		fz_check(h.size <= XENVIF_HASH_MAPPING_MAX, "table too large");
		fz_check(h.alg <= XENVIF_HASH_ALG_TOEPLITZ, "bad algorithm kept");
		fz_check(!(h.flags & ~XENVIF_HASH_ALL), "bad flags kept");
		for (i = 0; i < 4; i++) {
			int t = xenvif_hash_type(h.flags, i & 1, i & 2);

			/* A hash extra never names a type the frontend did not enable. */
			fz_check(t == -ENOENT || (t >= 0 && (h.flags & (1U << t))),
				 "hash type not enabled");
		}
	}

	for (i = 0; i < h.size && num_queues; i++) {
		u32 hash = xenvif_toeplitz(h.key, sizeof(h.key), (const u8 *)&i,
					   sizeof(i));

		fz_check(xenvif_hash_queue(&h, hash, num_queues) < num_queues,
			 "queue out of range");
	}
	return 0;
}
