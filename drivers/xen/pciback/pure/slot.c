// SPDX-License-Identifier: GPL-2.0-only
/*
 * slot.c - PCI slot (BDF) and slot-list parser for xen-pciback.
 *
 * Mainline pciback parses these with chained sscanf() calls, which accept
 * "0x" prefixes, signs, blanks inside a BDF and silently truncate huge
 * numbers, and cannot say where the input went wrong.  This is a bounded
 * left-to-right scanner instead: every byte is looked at once (plus one
 * short look-ahead to tell "dddd:bb:dd.f" from "bb:dd.f"), the first bad
 * byte is reported with its offset, and nothing is truncated.  The grammar
 * is in slot.h.
 */
#include <xen/xendd-pure.h>
#include "slot.h"

struct xen_pcibk_scan {
	const char *buf;
	size_t len;
	size_t pos;
	struct xen_pcibk_slot_error *err;
};

/* A bdf field: how many hex digits it takes and the largest value. */
struct xen_pcibk_field {
	unsigned int digits;
	unsigned int max;
	const char *too_long;
	const char *too_big;
};

static const struct xen_pcibk_field xen_pcibk_domain_field = {
	.digits = 4, .max = 0xffff,
	.too_long = "domain has more than 4 hex digits",
	.too_big = "domain above ffff",
};

static const struct xen_pcibk_field xen_pcibk_bus_field = {
	.digits = 2, .max = 0xff,
	.too_long = "bus has more than 2 hex digits",
	.too_big = "bus above ff",
};

static const struct xen_pcibk_field xen_pcibk_dev_field = {
	.digits = 2, .max = 0x1f,
	.too_long = "device has more than 2 hex digits",
	.too_big = "device above 1f",
};

static const struct xen_pcibk_field xen_pcibk_func_field = {
	.digits = 1, .max = 7,
	.too_long = "function has more than 1 hex digit",
	.too_big = "function above 7",
};

static int xen_pcibk_fail(struct xen_pcibk_scan *s, size_t pos, int ret,
			  const char *reason)
{
	s->err->pos = pos;
	s->err->reason = reason;
	return ret;
}

static bool xen_pcibk_at(const struct xen_pcibk_scan *s, size_t pos, char c)
{
	return pos < s->len && s->buf[pos] == c;
}

static size_t xen_pcibk_skip_hex(const struct xen_pcibk_scan *s, size_t pos)
{
	while (pos < s->len && xendd_hex_value(s->buf[pos]) >= 0)
		pos++;
	return pos;
}

static void xen_pcibk_skip_blanks(struct xen_pcibk_scan *s)
{
	while (xen_pcibk_at(s, s->pos, ' ') || xen_pcibk_at(s, s->pos, '\t'))
		s->pos++;
}

/*
 * The bdf has a domain iff its second field is followed by ':'.  Knowing the
 * form before scanning lets each error name the field it is about, e.g. the
 * "002" of "002:01.0" is a bus with too many digits, not a domain.
 */
static bool xen_pcibk_has_domain(const struct xen_pcibk_scan *s)
{
	size_t pos = xen_pcibk_skip_hex(s, s->pos);

	if (!xen_pcibk_at(s, pos, ':'))
		return false;
	pos++;
	if (xen_pcibk_at(s, pos, '*'))
		pos++;
	else
		pos = xen_pcibk_skip_hex(s, pos);
	return xen_pcibk_at(s, pos, ':');
}

static int xen_pcibk_expect(struct xen_pcibk_scan *s, char c,
			    const char *reason)
{
	if (!xen_pcibk_at(s, s->pos, c))
		return xen_pcibk_fail(s, s->pos, -EINVAL, reason);
	s->pos++;
	return 0;
}

/*
 * Scan one numeric field.  A value above the field's maximum is -ERANGE at
 * its first digit, else a digit beyond the field's width is -ERANGE at that
 * digit: whichever bad byte comes first ("41d" is a device above 1f, "001"
 * has too many digits).
 */
static int xen_pcibk_scan_number(struct xen_pcibk_scan *s,
				 const struct xen_pcibk_field *f,
				 unsigned int *val)
{
	size_t start = s->pos;
	unsigned int v = 0;
	int digit;

	if (xen_pcibk_at(s, s->pos, '*'))
		return xen_pcibk_fail(s, s->pos, -EINVAL,
				      "wildcard only allowed for device and function");
	while (s->pos < s->len && s->pos - start < f->digits) {
		digit = xendd_hex_value(s->buf[s->pos]);
		if (digit < 0)
			break;
		v = v * 16 + digit;
		s->pos++;
	}
	if (s->pos == start)
		return xen_pcibk_fail(s, s->pos, -EINVAL, "expected hex digit");
	if (v > f->max)
		return xen_pcibk_fail(s, start, -ERANGE, f->too_big);
	if (s->pos < s->len && xendd_hex_value(s->buf[s->pos]) >= 0)
		return xen_pcibk_fail(s, s->pos, -ERANGE, f->too_long);
	*val = v;
	return 0;
}

/* Scan a device or function field, which may be '*'. */
static int xen_pcibk_scan_wild(struct xen_pcibk_scan *s,
			       const struct xen_pcibk_field *f,
			       unsigned int flags, s8 *val)
{
	unsigned int v;
	int ret;

	if (xen_pcibk_at(s, s->pos, '*')) {
		if (flags & XEN_PCIBK_SLOT_EXACT)
			return xen_pcibk_fail(s, s->pos, -EINVAL,
					      "wildcard not allowed in an exact BDF");
		s->pos++;
		*val = XEN_PCIBK_SLOT_ANY;
		return 0;
	}
	ret = xen_pcibk_scan_number(s, f, &v);
	if (ret)
		return ret;
	*val = v;
	return 0;
}

/* Scan "[dddd:]bb:dd.f" at s->pos, leaving s->pos just after it. */
static int xen_pcibk_scan_bdf(struct xen_pcibk_scan *s, unsigned int flags,
			      struct xen_pcibk_slot *slot)
{
	unsigned int domain = 0, bus;
	int ret;

	if (xen_pcibk_has_domain(s)) {
		ret = xen_pcibk_scan_number(s, &xen_pcibk_domain_field, &domain);
		if (ret)
			return ret;
		ret = xen_pcibk_expect(s, ':', "expected ':' after domain");
		if (ret)
			return ret;
	}
	ret = xen_pcibk_scan_number(s, &xen_pcibk_bus_field, &bus);
	if (ret)
		return ret;
	ret = xen_pcibk_expect(s, ':', "expected ':' after bus");
	if (ret)
		return ret;
	ret = xen_pcibk_scan_wild(s, &xen_pcibk_dev_field, flags, &slot->dev);
	if (ret)
		return ret;
	ret = xen_pcibk_expect(s, '.', "expected '.' after device");
	if (ret)
		return ret;
	if (slot->dev == XEN_PCIBK_SLOT_ANY && !xen_pcibk_at(s, s->pos, '*'))
		return xen_pcibk_fail(s, s->pos, -EINVAL,
				      "wildcard device needs wildcard function");
	ret = xen_pcibk_scan_wild(s, &xen_pcibk_func_field, flags, &slot->func);
	if (ret)
		return ret;
	slot->domain = domain;
	slot->bus = bus;
	return 0;
}

/**
 * xen_pcibk_slot_parse() - parse one BDF as written to a sysfs attribute
 * @buf: input, need not be NUL-terminated
 * @len: number of bytes in @buf
 * @flags: 0, or %XEN_PCIBK_SLOT_EXACT to reject wildcards (bind)
 * @slot: filled in on success, untouched on error
 * @err: on error, offset of the offending byte and reason; may be NULL
 *
 * Accepts "dddd:bb:dd.f" or "bb:dd.f" and one optional trailing newline,
 * nothing else: no blanks, no second newline, no NUL.
 *
 * Return: 0, -EINVAL for a syntax error or -ERANGE for a number out of
 * range or with too many digits.
 */
int xen_pcibk_slot_parse(const char *buf, size_t len, unsigned int flags,
			 struct xen_pcibk_slot *slot,
			 struct xen_pcibk_slot_error *err)
{
	struct xen_pcibk_slot_error unused;
	struct xen_pcibk_scan s = {
		.buf = buf, .len = len, .err = err ? err : &unused,
	};
	struct xen_pcibk_slot tmp;
	int ret;

	ret = xen_pcibk_scan_bdf(&s, flags, &tmp);
	if (ret)
		return ret;
	if (xen_pcibk_at(&s, s.pos, '\n'))
		s.pos++;
	else if (s.pos < len)
		return xen_pcibk_fail(&s, s.pos, -EINVAL,
				      "expected end of input after function");
	if (s.pos < len)
		return xen_pcibk_fail(&s, s.pos, -EINVAL,
				      "data after trailing newline");
	*slot = tmp;
	return 0;
}

/**
 * xen_pcibk_slot_list_next() - parse the next "(bdf)" entry of a hide= list
 * @buf: the whole list, need not be NUL-terminated
 * @len: number of bytes in @buf
 * @pos: offset to continue from; start with 0, advanced past each entry
 * @flags: 0, or %XEN_PCIBK_SLOT_EXACT to reject wildcards
 * @slot: filled in when an entry is returned, untouched otherwise
 * @err: on error, offset (from the start of @buf) and reason; may be NULL
 *
 * Iterates over a list without storing it.  Since an error may come after
 * any number of good entries, callers that act on entries should first
 * validate the whole list, e.g. with xen_pcibk_slot_list_parse() in
 * counting mode.  @pos is left alone on error.
 *
 * Return: 1 when an entry was parsed into @slot, 0 at the end of the list
 * (@pos is then @len), -EINVAL for a syntax error or -ERANGE for a number
 * out of range or with too many digits.
 */
int xen_pcibk_slot_list_next(const char *buf, size_t len, size_t *pos,
			     unsigned int flags, struct xen_pcibk_slot *slot,
			     struct xen_pcibk_slot_error *err)
{
	struct xen_pcibk_slot_error unused;
	struct xen_pcibk_scan s = {
		.buf = buf, .len = len, .pos = *pos,
		.err = err ? err : &unused,
	};
	struct xen_pcibk_slot tmp;
	int ret;

	if (s.pos > len)
		return xen_pcibk_fail(&s, len, -EINVAL,
				      "position beyond end of input");
	xen_pcibk_skip_blanks(&s);
	if (xen_pcibk_at(&s, s.pos, '\n')) {
		if (s.pos + 1 < len)
			return xen_pcibk_fail(&s, s.pos + 1, -EINVAL,
					      "data after trailing newline");
		s.pos++;
	}
	if (s.pos == len) {
		*pos = len;
		return 0;
	}
	ret = xen_pcibk_expect(&s, '(', "expected '('");
	if (ret)
		return ret;
	xen_pcibk_skip_blanks(&s);
	ret = xen_pcibk_scan_bdf(&s, flags, &tmp);
	if (ret)
		return ret;
	xen_pcibk_skip_blanks(&s);
	ret = xen_pcibk_expect(&s, ')', "expected ')'");
	if (ret)
		return ret;
	*slot = tmp;
	*pos = s.pos;
	return 1;
}

/**
 * xen_pcibk_slot_list_parse() - parse a whole hide= list
 * @buf: the list, need not be NUL-terminated; empty means no entries
 * @len: number of bytes in @buf
 * @flags: 0, or %XEN_PCIBK_SLOT_EXACT to reject wildcards
 * @slots: array for the entries, or NULL to only validate and count them
 * @max: number of elements in @slots; ignored when @slots is NULL
 * @count: number of entries stored (or counted) when parsing stopped
 * @err: on error, offset of the offending byte and reason; may be NULL
 *
 * Errors are reported in input order.  An entry that does not fit is
 * reported as -ENOSPC at its '(' once the entry itself has parsed, so a
 * count-then-allocate caller sees the same verdict in both passes.  On
 * error, @slots[0..*@count) hold the entries parsed so far.
 *
 * Return: 0, -EINVAL for a syntax error, -ERANGE for a number out of range
 * or with too many digits, -ENOSPC when more than @max entries are given.
 */
int xen_pcibk_slot_list_parse(const char *buf, size_t len, unsigned int flags,
			      struct xen_pcibk_slot *slots, size_t max,
			      size_t *count, struct xen_pcibk_slot_error *err)
{
	struct xen_pcibk_slot_error unused;
	struct xen_pcibk_slot slot;
	size_t pos = 0, start, n = 0;
	int ret;

	if (!err)
		err = &unused;
	for (;;) {
		start = pos;
		ret = xen_pcibk_slot_list_next(buf, len, &pos, flags, &slot,
					       err);
		if (ret <= 0)
			break;
		if (slots) {
			if (n == max) {
				/* Report the '(' that did not fit, not blanks. */
				while (buf[start] != '(')
					start++;
				err->pos = start;
				err->reason = "too many entries";
				ret = -ENOSPC;
				break;
			}
			slots[n] = slot;
		}
		n++;
	}
	*count = n;
	return ret;
}

/**
 * xen_pcibk_slot_match() - does a slot cover a PCI function?
 * @slot: a parsed slot, possibly with wildcards
 * @domain: PCI segment of the function
 * @bus: bus number of the function
 * @devfn: PCI_DEVFN(device, function) of the function, 0-0xff
 *
 * Return: true if @slot names the function, directly or through a wildcard.
 */
bool xen_pcibk_slot_match(const struct xen_pcibk_slot *slot,
			  unsigned int domain, unsigned int bus,
			  unsigned int devfn)
{
	if (devfn > 0xff || slot->domain != domain || slot->bus != bus)
		return false;
	if (slot->dev != XEN_PCIBK_SLOT_ANY && slot->dev != (int)(devfn >> 3))
		return false;
	return slot->func == XEN_PCIBK_SLOT_ANY ||
	       slot->func == (int)(devfn & 7);
}

static char *xen_pcibk_put_hex(char *p, unsigned int val, int digits)
{
	static const char hex[] = "0123456789abcdef";

	while (digits--)
		*p++ = hex[(val >> (4 * digits)) & 0xf];
	return p;
}

/**
 * xen_pcibk_slot_format() - write a slot in canonical form
 * @slot: the slot; must be one the parser could have produced
 * @buf: output buffer, NUL-terminated on success
 * @size: size of @buf; %XEN_PCIBK_SLOT_STR_SIZE always suffices
 *
 * Writes "dddd:bb:dd.f" in lower case, as the driver's slots attribute
 * lists entries, with '*' for wildcards ("0000:00:*.*").  The output parses
 * back to the same slot.  Nothing is truncated: a short buffer is an error
 * and then holds an empty string if it has room for one.
 *
 * Return: the length written, excluding the NUL; -EINVAL if @slot is out
 * of range or has a wildcard device with an exact function; -ENOSPC if
 * @size is too small.
 */
int xen_pcibk_slot_format(const struct xen_pcibk_slot *slot, char *buf,
			  size_t size)
{
	char tmp[XEN_PCIBK_SLOT_STR_SIZE], *p = tmp;
	size_t n;

	if (slot->dev != XEN_PCIBK_SLOT_ANY &&
	    (slot->dev < 0 || slot->dev > 0x1f))
		return -EINVAL;
	if (slot->func != XEN_PCIBK_SLOT_ANY &&
	    (slot->func < 0 || slot->func > 7 ||
	     slot->dev == XEN_PCIBK_SLOT_ANY))
		return -EINVAL;

	p = xen_pcibk_put_hex(p, slot->domain, 4);
	*p++ = ':';
	p = xen_pcibk_put_hex(p, slot->bus, 2);
	*p++ = ':';
	if (slot->dev == XEN_PCIBK_SLOT_ANY)
		*p++ = '*';
	else
		p = xen_pcibk_put_hex(p, slot->dev, 2);
	*p++ = '.';
	if (slot->func == XEN_PCIBK_SLOT_ANY)
		*p++ = '*';
	else
		p = xen_pcibk_put_hex(p, slot->func, 1);
	n = p - tmp;

	if (size <= n) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return n;
}
