// SPDX-License-Identifier: GPL-2.0-only
/*
 * pciback_quirk.c - differential fuzz target for the quirk-spec parser.
 *
 * Every input is parsed by pure/quirk.c and by a reference that splits
 * the text at the first '-' and at ':' and checks each piece with
 * strspn() and strtoul().  They must agree on accept/reject and on every
 * value; an accepted spec must format back ("%04x:%02x:%02x.%x-%x:%x:%x")
 * to text the parser accepts with the same values; a rejection must name
 * an offset within the input and leave the output untouched.
 */
#include "../../drivers/xen/pciback/pure/slot.c"
#include "../../drivers/xen/pciback/pure/quirk.c"

#include <stdio.h>
#include <stdlib.h>

static void fz_die(const char *what, const u8 *data, size_t size)
{
	fprintf(stderr, "pciback_quirk: %s (%zu bytes: \"%.*s\")\n", what, size,
		(int)size, (const char *)data);
	abort();
}

static bool ref_hex(const char *s, size_t n, size_t digits, unsigned long *v)
{
	char tmp[16];

	if (n == 0 || n > digits)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (strspn(tmp, "0123456789abcdefABCDEF") != n)
		return false;
	*v = strtoul(tmp, NULL, 16);
	return true;
}

static bool ref_parse(const char *s, size_t n, struct xen_pcibk_quirk_spec *q)
{
	const char *dash, *c1, *c2;
	unsigned long reg, size, mask;
	size_t rest;

	if (n && s[n - 1] == '\n')
		n--;
	if (memchr(s, '\n', n) || memchr(s, '\0', n))
		return false;
	dash = memchr(s, '-', n);
	if (!dash)
		return false;
	if (xen_pcibk_slot_parse(s, dash - s, XEN_PCIBK_SLOT_EXACT, &q->slot,
				 NULL))
		return false;
	rest = n - (dash + 1 - s);
	c1 = memchr(dash + 1, ':', rest);
	if (!c1)
		return false;
	c2 = memchr(c1 + 1, ':', n - (c1 + 1 - s));
	if (!c2)
		return false;
	if (!ref_hex(dash + 1, c1 - dash - 1, 3, &reg) ||
	    !ref_hex(c1 + 1, c2 - c1 - 1, 1, &size) ||
	    !ref_hex(c2 + 1, n - (c2 + 1 - s), 8, &mask))
		return false;
	if (size != 1 && size != 2 && size != 4)
		return false;
	if (reg % size || (size < 4 && mask >> (8 * size)))
		return false;
	q->reg = reg;
	q->size = size;
	q->mask = mask;
	return true;
}

static bool fz_same(const struct xen_pcibk_quirk_spec *a,
		    const struct xen_pcibk_quirk_spec *b)
{
	return a->slot.domain == b->slot.domain && a->slot.bus == b->slot.bus &&
	       a->slot.dev == b->slot.dev && a->slot.func == b->slot.func &&
	       a->reg == b->reg && a->size == b->size && a->mask == b->mask;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct xen_pcibk_quirk_spec q, r, back, poison;
	struct xen_pcibk_slot_error err = { .pos = SIZE_MAX };
	char text[64];
	bool ok;
	int ret, n;

	memset(&poison, 0x5a, sizeof(poison));
	q = poison;
	ret = xen_pcibk_quirk_parse((const char *)data, size, &q, &err);
	ok = ref_parse((const char *)data, size, &r);
	if (ok != !ret)
		fz_die(ok ? "parser rejects valid spec" : "parser accepts bad spec",
		       data, size);
	if (ret) {
		if (ret != -EINVAL && ret != -ERANGE)
			fz_die("unexpected errno", data, size);
		if (!err.reason || err.pos > size)
			fz_die("error without reason or past the end", data,
			       size);
		if (memcmp(&q, &poison, sizeof(q)))
			fz_die("output written on error", data, size);
		return 0;
	}
	if (!fz_same(&q, &r))
		fz_die("values differ from reference", data, size);
	n = snprintf(text, sizeof(text), "%04x:%02x:%02x.%x-%x:%x:%x",
		     q.slot.domain, q.slot.bus, q.slot.dev, q.slot.func, q.reg,
		     q.size, q.mask);
	if (xen_pcibk_quirk_parse(text, n, &back, NULL) || !fz_same(&back, &q))
		fz_die("format -> parse round trip differs", data, size);
	return 0;
}
