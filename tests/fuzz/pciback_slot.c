// SPDX-License-Identifier: GPL-2.0-only
/*
 * pciback_slot.c - differential fuzz target for the pciback slot parser.
 *
 * Every input is parsed as a single BDF and as a hide= list, each with and
 * without XEN_PCIBK_SLOT_EXACT, and checked against a reference written
 * differently on purpose: it splits the text at the last '.', at ':' and
 * at ')' and checks each piece with strspn() and strtoul(), where slot.c
 * scans left to right.  They must agree on accept/reject and on every
 * value.  On top of that:
 *
 *  - error positions: the bytes before the reported offset can still be
 *    completed into valid input, and for a syntax error the byte at the
 *    offset cannot (the reference decides, over a set of completions);
 *  - -ERANGE points at a hex digit; -ENOSPC at the first '(' that did not
 *    fit; counting and storing passes give the same verdict;
 *  - format -> parse gives the same slot, the text equals an snprintf()
 *    rendering, and a short buffer is -ENOSPC;
 *  - the matcher agrees with a one-line reference on every devfn.
 *
 * Any disagreement prints the input and abort()s.  Built with libFuzzer
 * (clang -fsanitize=fuzzer) or with replay.c (gcc) for the corpus.
 */
#include "../../drivers/xen/pciback/pure/slot.c"

#include <stdio.h>
#include <stdlib.h>

#define REF_ANY		(-1L)

struct ref_slot {
	long domain, bus, dev, func;
};

static const u8 *fz_data;
static size_t fz_size;

static void fz_die(const char *what)
{
	size_t i;

	fprintf(stderr, "pciback_slot: %s\ninput (%zu bytes): \"", what,
		fz_size);
	for (i = 0; i < fz_size; i++) {
		u8 c = fz_data[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
	abort();
}

static char *fz_alloc(size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	return p;
}

/* --- reference implementation: split, then check each piece --- */

static bool ref_number(const char *s, size_t n, size_t digits,
		       unsigned long max, bool wild, long *val)
{
	char tmp[8];
	unsigned long v;

	if (wild && n == 1 && s[0] == '*') {
		*val = REF_ANY;
		return true;
	}
	if (n == 0 || n > digits)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (strspn(tmp, "0123456789abcdefABCDEF") != n)
		return false;
	v = strtoul(tmp, NULL, 16);
	if (v > max)
		return false;
	*val = (long)v;
	return true;
}

/* s[0..n) is exactly "[dddd:]bb:dd.f", nothing around it. */
static bool ref_bdf(const char *s, size_t n, bool exact, struct ref_slot *r)
{
	size_t colon[2], ncolons = 0, dot = n, i, bus_at;

	for (i = 0; i < n; i++)
		if (s[i] == '.')
			dot = i;
	if (dot == n)
		return false;
	for (i = 0; i < dot; i++) {
		if (s[i] != ':')
			continue;
		if (ncolons == 2)
			return false;
		colon[ncolons++] = i;
	}
	if (ncolons == 0)
		return false;

	r->domain = 0;
	bus_at = 0;
	if (ncolons == 2) {
		if (!ref_number(s, colon[0], 4, 0xffff, false, &r->domain))
			return false;
		bus_at = colon[0] + 1;
		colon[0] = colon[1];
	}
	if (!ref_number(s + bus_at, colon[0] - bus_at, 2, 0xff, false,
			&r->bus))
		return false;
	if (!ref_number(s + colon[0] + 1, dot - colon[0] - 1, 2, 0x1f, !exact,
			&r->dev))
		return false;
	if (!ref_number(s + dot + 1, n - dot - 1, 1, 7, !exact, &r->func))
		return false;
	return r->dev != REF_ANY || r->func == REF_ANY;
}

static bool ref_single(const char *s, size_t n, bool exact,
		       struct ref_slot *r)
{
	struct ref_slot unused;

	if (n && s[n - 1] == '\n')
		n--;
	return ref_bdf(s, n, exact, r ? r : &unused);
}

static bool ref_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Entries go to r[] (up to cap) and the offsets of their '(' to open[];
 * *count is the total.  r and open may be NULL.
 */
static bool ref_list(const char *s, size_t n, bool exact, struct ref_slot *r,
		     size_t *open, size_t cap, size_t *count)
{
	struct ref_slot slot;
	const char *close;
	size_t i = 0, a, b, k = 0;

	if (n && s[n - 1] == '\n')
		n--;
	for (;;) {
		while (i < n && ref_blank(s[i]))
			i++;
		if (i == n)
			break;
		if (s[i] != '(')
			return false;
		close = memchr(s + i, ')', n - i);
		if (!close)
			return false;
		a = i + 1;
		b = close - s;
		while (a < b && ref_blank(s[a]))
			a++;
		while (b > a && ref_blank(s[b - 1]))
			b--;
		if (!ref_bdf(s + a, b - a, exact, &slot))
			return false;
		if (r && k < cap) {
			r[k] = slot;
			open[k] = i;
		}
		k++;
		i = close - s + 1;
	}
	if (count)
		*count = k;
	return true;
}

static bool ref_match(const struct xen_pcibk_slot *s, unsigned int domain,
		      unsigned int bus, unsigned int devfn)
{
	return s->domain == domain && s->bus == bus && devfn < 256 &&
	       (s->dev < 0 || (unsigned int)s->dev == devfn / 8) &&
	       (s->func < 0 || (unsigned int)s->func == devfn % 8);
}

static void ref_format(const struct xen_pcibk_slot *s, char *buf, size_t size)
{
	char dev[8] = "*", fn[8] = "*";

	if (s->dev >= 0)
		snprintf(dev, sizeof(dev), "%02x", s->dev);
	if (s->func >= 0)
		snprintf(fn, sizeof(fn), "%x", s->func);
	snprintf(buf, size, "%04x:%02x:%s.%s", s->domain, s->bus, dev, fn);
}

/*
 * Can in[0..len) be completed into valid input?  Any viable prefix of a
 * bdf is completed by one of these tails (e.g. "ab:cd" by ":0.0", "ab:*" by
 * ".*"); inside a list, each possibly followed by ')'.
 */
static bool ref_viable(const char *in, size_t len, bool list, bool exact)
{
	static const char * const tails[] = {
		"", "0", "*", ".0", ".*", "0.0", ":0.0", "0:0.0", ":0:0.0",
	};
	size_t i, t, n;
	bool ok = false;
	char *buf;

	for (i = 0; !ok && i < ARRAY_SIZE(tails); i++) {
		for (t = 0; !ok && t < (list ? 2U : 1U); t++) {
			n = len + strlen(tails[i]) + t;
			buf = fz_alloc(n);
			memcpy(buf, in, len);
			memcpy(buf + len, tails[i], strlen(tails[i]));
			if (t)
				buf[n - 1] = ')';
			ok = list ? ref_list(buf, n, exact, NULL, NULL, 0, NULL) :
				    ref_single(buf, n, exact, NULL);
			free(buf);
		}
	}
	return ok;
}

/* --- checks --- */

/* Field by field: the struct has a padding byte that memcmp() would see. */
static bool fz_equal(const struct xen_pcibk_slot *a,
		     const struct xen_pcibk_slot *b)
{
	return a->domain == b->domain && a->bus == b->bus &&
	       a->dev == b->dev && a->func == b->func;
}

static bool fz_same(const struct xen_pcibk_slot *s, const struct ref_slot *r)
{
	return s->domain == r->domain && s->bus == r->bus &&
	       s->dev == r->dev && s->func == r->func;
}

static void fz_check_error(const char *in, size_t size, int ret,
			   const struct xen_pcibk_slot_error *e, bool list,
			   bool exact)
{
	if (ret != -EINVAL && ret != -ERANGE && !(list && ret == -ENOSPC))
		fz_die("unexpected errno");
	if (!e->reason || e->pos > size)
		fz_die("error without reason or past the end");
	if (ret == -ERANGE &&
	    (e->pos == size || xendd_hex_value(in[e->pos]) < 0))
		fz_die("-ERANGE not at a hex digit");
	if (ret == -ENOSPC)
		return;
	if (!ref_viable(in, e->pos, list, exact))
		fz_die("error reported after the first bad byte");
	/*
	 * A syntax error is at the first byte that cannot continue valid
	 * input.  Range errors are reported at the number, which may be
	 * earlier; so is a wildcard bus in "00:*:...", reported at the '*'
	 * although "00:*" could still become "00:*.*".
	 */
	if (ret == -EINVAL && e->pos < size &&
	    strcmp(e->reason, "wildcard only allowed for device and function") &&
	    ref_viable(in, e->pos + 1, list, exact))
		fz_die("syntax error reported before the first bad byte");
}

static void fz_check_format(const struct xen_pcibk_slot *s)
{
	char want[32], *buf = fz_alloc(XEN_PCIBK_SLOT_STR_SIZE);
	unsigned int flags = 0;
	struct xen_pcibk_slot back;
	int n;

	ref_format(s, want, sizeof(want));
	n = xen_pcibk_slot_format(s, buf, XEN_PCIBK_SLOT_STR_SIZE);
	if (n < 0 || (size_t)n != strlen(want) || strcmp(buf, want))
		fz_die("format differs from snprintf");
	if (s->dev >= 0 && s->func >= 0)
		flags = XEN_PCIBK_SLOT_EXACT;
	if (xen_pcibk_slot_parse(buf, n, flags, &back, NULL) ||
	    !fz_equal(&back, s))
		fz_die("format -> parse round trip differs");
	free(buf);

	buf = fz_alloc(n);
	if (xen_pcibk_slot_format(s, buf, n) != -ENOSPC || buf[0])
		fz_die("format into short buffer not -ENOSPC");
	free(buf);
}

static void fz_check_match(const struct xen_pcibk_slot *s)
{
	unsigned int devfn;

	for (devfn = 0; devfn < 0x101; devfn++) {
		if (xen_pcibk_slot_match(s, s->domain, s->bus, devfn) !=
		    ref_match(s, s->domain, s->bus, devfn))
			fz_die("matcher differs from reference");
		if (xen_pcibk_slot_match(s, s->domain ^ 1, s->bus, devfn) ||
		    xen_pcibk_slot_match(s, s->domain, s->bus ^ 0x80, devfn))
			fz_die("matcher matches another bus or domain");
	}
}

static void fz_check_single(const char *in, size_t size, unsigned int flags)
{
	static const struct xen_pcibk_slot poison = { 0x5a5a, 0x5a, 0x5a, 0x5a };
	bool exact = flags & XEN_PCIBK_SLOT_EXACT;
	struct xen_pcibk_slot_error e = { .pos = SIZE_MAX };
	struct xen_pcibk_slot s = poison;
	struct ref_slot r;
	bool ok;
	int ret;

	ok = ref_single(in, size, exact, &r);
	ret = xen_pcibk_slot_parse(in, size, flags, &s, &e);
	if (ret && ok)
		fz_die("single: parser rejects what the reference accepts");
	if (!ret && !ok)
		fz_die("single: parser accepts what the reference rejects");
	if (ret) {
		if (!fz_equal(&s, &poison))
			fz_die("single: slot written on error");
		fz_check_error(in, size, ret, &e, false, exact);
		return;
	}
	if (!fz_same(&s, &r))
		fz_die("single: values differ from reference");
	fz_check_format(&s);
	fz_check_match(&s);
}

/* Formatting every entry as "(dddd:bb:dd.f)" must give the same list. */
static void fz_check_list_round_trip(const struct xen_pcibk_slot *l, size_t n)
{
	size_t i, len = 0, got;
	struct xen_pcibk_slot *back = calloc(n + 1, sizeof(*back));
	char *buf = fz_alloc(n * (XEN_PCIBK_SLOT_STR_SIZE + 2));

	if (!back)
		abort();
	for (i = 0; i < n; i++) {
		buf[len++] = '(';
		len += xen_pcibk_slot_format(&l[i], buf + len,
					     XEN_PCIBK_SLOT_STR_SIZE);
		buf[len++] = ')';
	}
	if (xen_pcibk_slot_list_parse(buf, len, 0, back, n, &got, NULL) ||
	    got != n)
		fz_die("list: format -> parse round trip fails");
	for (i = 0; i < n; i++)
		if (!fz_equal(&back[i], &l[i]))
			fz_die("list: format -> parse round trip differs");
	free(buf);
	free(back);
}

static void fz_check_list(const char *in, size_t size, unsigned int flags)
{
	bool exact = flags & XEN_PCIBK_SLOT_EXACT;
	size_t cap = size / 2 + 2, nref = 0, ncount, nstore, max, i, pos;
	struct xen_pcibk_slot_error ec = { 0 }, es = { 0 };
	struct xen_pcibk_slot *l = calloc(cap, sizeof(*l)), s;
	struct ref_slot *r = calloc(cap, sizeof(*r));
	size_t *open = calloc(cap, sizeof(*open));
	int rc, rs, ret;
	bool ok;

	if (!l || !r || !open)
		abort();
	ok = ref_list(in, size, exact, r, open, cap, &nref);

	/* Counting pass and storing pass give the same verdict. */
	rc = xen_pcibk_slot_list_parse(in, size, flags, NULL, 0, &ncount, &ec);
	rs = xen_pcibk_slot_list_parse(in, size, flags, l, cap, &nstore, &es);
	if (rc != rs || ncount != nstore ||
	    (rc && (ec.pos != es.pos || strcmp(ec.reason, es.reason))))
		fz_die("list: counting and storing passes differ");
	if (rc && ok)
		fz_die("list: parser rejects what the reference accepts");
	if (!rc && !ok)
		fz_die("list: parser accepts what the reference rejects");
	if (rc) {
		fz_check_error(in, size, rc, &ec, true, exact);
	} else {
		if (ncount != nref)
			fz_die("list: entry count differs from reference");
		for (i = 0; i < nref; i++)
			if (!fz_same(&l[i], &r[i]))
				fz_die("list: values differ from reference");
		fz_check_list_round_trip(l, nref);
	}

	/* The iterator yields the same entries and the same verdict. */
	pos = 0;
	for (i = 0;; i++) {
		ret = xen_pcibk_slot_list_next(in, size, &pos, flags, &s, &es);
		if (ret <= 0)
			break;
		if (i >= nstore || !fz_equal(&s, &l[i]))
			fz_die("list: iterator differs from list_parse");
	}
	if (ret != rc || i != nstore || (ret == 0 && pos != size))
		fz_die("list: iterator verdict differs from list_parse");

	/* A short array: -ENOSPC at the first '(' that does not fit. */
	for (max = 0; max < 3; max++) {
		rs = xen_pcibk_slot_list_parse(in, size, flags, l, max, &nstore,
					       &es);
		if (!ok) {
			if (!rs)
				fz_die("list: short array accepts bad list");
			fz_check_error(in, size, rs, &es, true, exact);
		} else if (nref <= max) {
			if (rs || nstore != nref)
				fz_die("list: fitting list rejected");
		} else if (rs != -ENOSPC || nstore != max ||
			   es.pos != open[max]) {
			fz_die("list: overflow not -ENOSPC at its '('");
		}
	}
	free(l);
	free(r);
	free(open);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const char *in = (const char *)data;

	fz_data = data;
	fz_size = size;
	fz_check_single(in, size, 0);
	fz_check_single(in, size, XEN_PCIBK_SLOT_EXACT);
	fz_check_list(in, size, 0);
	fz_check_list(in, size, XEN_PCIBK_SLOT_EXACT);
	return 0;
}
