// SPDX-License-Identifier: GPL-2.0-only
/*
 * idlist.c - the tx request id free list (see idlist.h).
 */
#include <xen/xendd-pure.h>
#include "idlist.h"

/**
 * xennet_idlist_init() - make every id free.
 * @l: the list
 */
void xennet_idlist_init(struct xennet_idlist *l)
{
	unsigned int i;

	for (i = 0; i < XENNET_RING_SIZE; i++) {
		l->next[i] = i + 1 < XENNET_RING_SIZE ? i + 1 : XENNET_ID_NONE;
		l->pending[i] = 0;
	}
	l->head = 0;
	l->nr_free = XENNET_RING_SIZE;
}

/**
 * xennet_idlist_get() - take a free id and mark it in flight.
 * @l: the list
 *
 * Return: the id, or -ENOSPC when every id is in flight.
 */
int xennet_idlist_get(struct xennet_idlist *l)
{
	u16 id = l->head;

	if (id == XENNET_ID_NONE || id >= XENNET_RING_SIZE)
		return -ENOSPC;
	l->head = l->next[id];
	l->next[id] = XENNET_ID_NONE;
	l->pending[id] = 1;
	l->nr_free--;
	return id;
}

/**
 * xennet_idlist_pending() - is @id in flight?
 * @l: the list
 * @id: any value, possibly from the backend
 *
 * Return: true only for an id in range that was handed out and not put back.
 */
bool xennet_idlist_pending(const struct xennet_idlist *l, u16 id)
{
	return id < XENNET_RING_SIZE && l->pending[id];
}

/**
 * xennet_idlist_put() - return an in-flight id to the free list.
 * @l: the list
 * @id: the id to return
 *
 * Return: 0, -ERANGE for an id out of range, or -EINVAL for an id that is
 * not in flight (a double completion); the list is unchanged on error.
 */
int xennet_idlist_put(struct xennet_idlist *l, u16 id)
{
	if (id >= XENNET_RING_SIZE)
		return -ERANGE;
	if (!l->pending[id])
		return -EINVAL;
	l->pending[id] = 0;
	l->next[id] = l->head;
	l->head = id;
	l->nr_free++;
	return 0;
}
