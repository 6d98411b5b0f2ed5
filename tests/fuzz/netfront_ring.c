// SPDX-License-Identifier: GPL-2.0-only
/*
 * netfront_ring.c - a hostile backend drives xen-netfront's tx response
 * handling and rx response checks.
 *
 * The input is a script.  Each 8-byte record is one event: the frontend
 * sends a packet of N slots (taking ids from the id list), or the backend
 * publishes a producer index and a tx response (id, status), or an rx
 * response (id, offset, flags, status) with an extra-info slot.  The
 * harness acts like tx.c/rx.c: only what the checks accept is acted on,
 * and a violation stops the ring.  Invariants, checked after every event:
 *
 *  - an id is completed at most once per send (no double free), and only
 *    ids that were sent are completed;
 *  - the id list's free count equals the ids not in flight;
 *  - an accepted rx data response stays inside its 4 KiB page;
 *  - an accepted producer index never claims more responses than there
 *    are outstanding requests.
 */
#include "../../drivers/net/xen-netfront/pure/idlist.c"
#include "../../drivers/net/xen-netfront/pure/ring.c"

#include <stdio.h>
#include <stdlib.h>

static void fz_check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "netfront_ring: %s\n", what);
		abort();
	}
}

struct fz_front {
	struct xennet_idlist ids;
	unsigned char sent[XENNET_RING_SIZE];	/* our own record */
	u32 req_prod, rsp_cons;
	bool broken;
};

static void fz_invariants(const struct fz_front *f)
{
	unsigned int i, in_flight = 0;

	for (i = 0; i < XENNET_RING_SIZE; i++) {
		fz_check(!!f->sent[i] == xennet_idlist_pending(&f->ids, i),
			 "id list disagrees with what was sent");
		in_flight += f->sent[i];
	}
	fz_check(f->ids.nr_free == XENNET_RING_SIZE - in_flight,
		 "free count wrong");
	fz_check(f->req_prod - f->rsp_cons <= XENNET_RING_SIZE,
		 "more requests outstanding than the ring holds");
}

static void fz_send(struct fz_front *f, unsigned int slots)
{
	while (slots--) {
		int id;

		if (f->req_prod - f->rsp_cons >= XENNET_RING_SIZE)
			return;
		id = xennet_idlist_get(&f->ids);
		if (id < 0)
			return;
		fz_check(!f->sent[id], "id handed out twice");
		f->sent[id] = 1;
		f->req_prod++;
	}
}

static void fz_tx_response(struct fz_front *f, u32 prod_delta, u16 id,
			   s16 status)
{
	u32 prod = f->rsp_cons + prod_delta;

	if (xennet_check_rsp_prod(prod, f->rsp_cons, f->req_prod)) {
		f->broken = true;
		return;
	}
	fz_check(prod - f->rsp_cons <= f->req_prod - f->rsp_cons,
		 "accepted producer beyond outstanding requests");
	if (prod == f->rsp_cons)
		return;
	if (xennet_check_tx_rsp(&f->ids, id, status)) {
		f->broken = true;
		return;
	}
	f->rsp_cons++;
	if (status == XENNET_RSP_NULL)
		return;
	fz_check(id < XENNET_RING_SIZE && f->sent[id],
		 "accepted a response for an id not sent");
	fz_check(xennet_idlist_put(&f->ids, id) == 0, "put refused");
	f->sent[id] = 0;
}

static void fz_rx_response(const unsigned char *r)
{
	struct xennet_rx_rsp rsp;
	u16 expected = r[7];
	bool pending = r[6] & 1, first = r[6] & 2;

	rsp.id = (u16)(r[0] | r[1] << 8);
	rsp.offset = (u16)(r[2] | r[3] << 8);
	rsp.flags = r[6] >> 2;
	rsp.status = (s16)(r[4] | r[5] << 8);
	if (xennet_check_rx_rsp(&rsp, expected, pending, first))
		return;
	fz_check(rsp.id == expected && pending, "accepted a foreign rx slot");
	if (rsp.status >= 0)
		fz_check((u32)rsp.offset + (u32)rsp.status <= 4096,
			 "accepted rx data outside the page");
	if (!xennet_check_rx_extra(r[0], r[1], r[2], (u16)(r[3] | r[4] << 8)))
		fz_check(r[0] > 0 && r[0] < XENNET_EXTRA_TYPE_MAX,
			 "accepted an unknown extra type");
	{
		u32 prev = expected;

		xennet_event_spurious(rsp.id, &prev, r[5]);
		fz_check(prev == rsp.id, "event did not record its producer");
	}
	xennet_violation_name(-(int)r[5]);
	xennet_check_rx_slots(r[2], r[3]);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fz_front f;

	memset(&f, 0, sizeof(f));
	xennet_idlist_init(&f.ids);
	f.req_prod = f.rsp_cons = (u32)0 - (u32)(size & 0xff);
	for (; size >= 8 && !f.broken; data += 8, size -= 8) {
		switch (data[0] & 3) {
		case 0:
			fz_send(&f, 1 + (data[1] % 19));
			break;
		case 1:
			fz_tx_response(&f, (u32)(data[1] | data[2] << 8 |
						 data[3] << 16 | (u32)data[4] << 24),
				       (u16)(data[5] | data[6] << 8),
				       (s16)((s8)data[7] % 4));
			break;
		case 2:
			fz_tx_response(&f, 1, (u16)(data[1] | data[2] << 8),
				       XENNET_RSP_OKAY);
			break;
		default:
			fz_rx_response(data);
			break;
		}
		fz_invariants(&f);
	}
	return 0;
}
